//! "Open now" with a fixed clock: across midnight, a session ending at
//! 24:00, both clock changes, bank holidays, a dated closure and a service
//! open 24 hours.

use super::*;
use jiff::civil::date;
use jiff::Timestamp;

/// Unix seconds of a UTC time written `2026-12-07T10:00:00Z` (0 if not).
fn at(utc: &str) -> i64 {
    utc.parse::<Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or_default()
}

fn nine_to_five() -> OpeningTimes {
    OpeningTimes::weekdays(&[Session::new(9 * 60, 17 * 60)])
}

fn every_day_nine_to_five() -> OpeningTimes {
    OpeningTimes {
        week: std::array::from_fn(|_| vec![Session::new(9 * 60, 17 * 60)]),
        exceptions: Vec::new(),
        closed_on_bank_holidays: false,
    }
}

#[test]
fn open_now_says_when_it_closes_and_closed_when_it_opens() {
    let times = nine_to_five();
    // Monday 7 December 2026, 10am (GMT).
    let open = open_now(&times, at("2026-12-07T10:00:00Z"));
    assert_eq!(open.text(), "Open now, closes at 5pm");
    let later = open_now(&times, at("2026-12-07T18:00:00Z"));
    assert_eq!(later.text(), "Closed, opens tomorrow at 9am");
    let early = open_now(&times, at("2026-12-07T07:30:00Z"));
    assert_eq!(early.text(), "Closed, opens at 9am");
    // Friday evening: the weekend is closed.
    let friday = open_now(&times, at("2026-12-11T18:00:00Z"));
    assert_eq!(friday.text(), "Closed, opens Monday at 9am");
    // 5pm is closed: a session ends at its closing time.
    let five = open_now(&times, at("2026-12-07T17:00:00Z"));
    assert_eq!(five.text(), "Closed, opens tomorrow at 9am");
}

#[test]
fn sessions_run_on_across_midnight() {
    let mut times = OpeningTimes::default();
    times.week[0] = vec![Session::new(22 * 60, END_OF_DAY)];
    times.week[1] = vec![Session::new(0, 6 * 60), Session::new(18 * 60, 20 * 60)];
    let monday_night = open_now(&times, at("2026-12-07T23:00:00Z"));
    assert_eq!(monday_night.text(), "Open now, closes tomorrow at 6am");
    let tuesday_early = open_now(&times, at("2026-12-08T05:00:00Z"));
    assert_eq!(tuesday_early.text(), "Open now, closes at 6am");
    let tuesday_day = open_now(&times, at("2026-12-08T12:00:00Z"));
    assert_eq!(tuesday_day.text(), "Closed, opens at 6pm");
}

#[test]
fn a_session_ending_at_24_00_closes_at_midnight() {
    let mut times = OpeningTimes::default();
    times.week[4] = vec![Session::new(18 * 60, END_OF_DAY)];
    let friday = open_now(&times, at("2026-12-11T23:30:00Z"));
    assert_eq!(friday.text(), "Open now, closes at midnight");
    assert_eq!(sessions_text(&times.week[4]), "6pm to midnight");
}

#[test]
fn times_are_the_clocks_of_london_through_both_changes() {
    let times = every_day_nine_to_five();
    // Sunday 29 March 2026: the clocks go forward at 1am GMT. 4:30pm UTC is
    // 5:30pm BST: closed; 8:30am UTC is 9:30am BST: open.
    let spring = open_now(&times, at("2026-03-29T16:30:00Z"));
    assert_eq!(spring.text(), "Closed, opens tomorrow at 9am");
    let morning = open_now(&times, at("2026-03-29T08:30:00Z"));
    assert_eq!(morning.text(), "Open now, closes at 5pm");
    // Saturday 24 October, still BST: 4:30pm UTC is 5:30pm, closed. Sunday
    // 25 October the clocks went back: 4:30pm UTC is 4:30pm GMT, open.
    let before = open_now(&times, at("2026-10-24T16:30:00Z"));
    assert_eq!(before.text(), "Closed, opens tomorrow at 9am");
    let after = open_now(&times, at("2026-10-25T16:30:00Z"));
    assert_eq!(after.text(), "Open now, closes at 5pm");
}

#[test]
fn bank_holidays_in_england_and_wales_close_a_service_that_closes_on_them() {
    assert_eq!(
        bank_holidays(2026),
        [
            date(2026, 1, 1),
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 4),
            date(2026, 5, 25),
            date(2026, 8, 31),
            date(2026, 12, 25),
            date(2026, 12, 28),
        ]
    );
    // 2027: Christmas on a Saturday, Boxing Day on a Sunday.
    let christmas = bank_holidays(2027);
    assert!(christmas.contains(&date(2027, 12, 27)) && christmas.contains(&date(2027, 12, 28)));
    assert!(
        bank_holidays(2023).contains(&date(2023, 5, 8)),
        "the coronation"
    );
    // Christmas Eve 2026 is a Thursday: Friday 25 and Monday 28 are bank
    // holidays, so next open is Tuesday.
    let times = nine_to_five();
    let eve = open_now(&times, at("2026-12-24T18:00:00Z"));
    assert_eq!(eve.text(), "Closed, opens Tuesday at 9am");
    // A service open on bank holidays is open as on any Friday.
    let mut open_anyway = nine_to_five();
    open_anyway.closed_on_bank_holidays = false;
    let christmas_day = open_now(&open_anyway, at("2026-12-25T10:00:00Z"));
    assert_eq!(christmas_day.text(), "Open now, closes at 5pm");
}

#[test]
fn dated_times_override_the_week_and_bank_holidays() {
    let mut times = nine_to_five();
    times.exceptions = vec![
        DatedTimes {
            date: "2026-12-08".into(),
            sessions: Vec::new(),
        },
        DatedTimes {
            date: "2026-12-28".into(),
            sessions: vec![Session::new(10 * 60, 14 * 60)],
        },
    ];
    let monday = open_now(&times, at("2026-12-07T18:00:00Z"));
    assert_eq!(monday.text(), "Closed, opens Wednesday at 9am");
    let closed_day = open_now(&times, at("2026-12-08T10:00:00Z"));
    assert_eq!(closed_day.text(), "Closed, opens tomorrow at 9am");
    let bank_holiday = open_now(&times, at("2026-12-28T11:00:00Z"));
    assert_eq!(bank_holiday.text(), "Open now, closes at 2pm");
}

#[test]
fn a_service_open_24_hours_is_always_open() {
    let always = OpeningTimes::always();
    assert_eq!(
        open_now(&always, at("2026-12-25T03:00:00Z")),
        OpenNow::Always
    );
    assert_eq!(OpenNow::Always.text(), "Open 24 hours");
    assert_eq!(sessions_text(&always.week[6]), "24 hours");
    // Open all week but closed on a dated day: it closes at midnight before it.
    let mut nearly = OpeningTimes::always();
    nearly.exceptions = vec![DatedTimes {
        date: "2026-12-09".into(),
        sessions: Vec::new(),
    }];
    let before = open_now(&nearly, at("2026-12-07T12:00:00Z"));
    assert_eq!(
        before,
        OpenNow::Open {
            day: Day::Tomorrow,
            closes: END_OF_DAY
        }
    );
}

#[test]
fn times_read_as_the_nhs_writes_them() {
    assert_eq!(time_text(9 * 60), "9am");
    assert_eq!(time_text(17 * 60 + 30), "5:30pm");
    assert_eq!(time_text(12 * 60), "midday");
    assert_eq!(time_text(0), "midnight");
    assert_eq!(time_text(END_OF_DAY), "midnight");
    assert_eq!(
        sessions_text(&[Session::new(540, 780), Session::new(840, 1020)]),
        "9am to 1pm, 2pm to 5pm"
    );
    assert_eq!(sessions_text(&[]), "Closed");
}

#[test]
fn the_directorys_opening_lines_give_their_times() {
    assert_eq!(
        OpeningTimes::from_text("Monday to Friday, 9am to 5pm"),
        nine_to_five()
    );
    for always in [
        "Open 24 hours, every day",
        "Clinics Monday to Friday, 9am to 5pm. Wards open 24 hours, every day",
        "Open 24 hours for emergencies. Outpatient appointments Monday to Friday, 9am to 5pm",
    ] {
        assert_eq!(
            OpeningTimes::from_text(always),
            OpeningTimes::always(),
            "{always}"
        );
    }
    assert!(OpeningTimes::from_text("Session times are agreed with each patient").is_empty());
    let saturday = OpeningTimes::from_text("Monday to Saturday, 8:30am to 12pm");
    assert_eq!(saturday.week[5], [Session::new(510, 720)]);
    assert!(saturday.week[6].is_empty());
    assert!(OpeningTimes::from_text("Friday to Monday, 9am to 5pm").is_empty());
    assert!(OpeningTimes::from_text("Monday to Friday, 5pm to 9am").is_empty());
}
