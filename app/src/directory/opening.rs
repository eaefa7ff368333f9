//! Opening times as data: weekly sessions (several a day), dated exceptions
//! and a rule for bank holidays in England and Wales; and whether a service
//! is open at a moment, in Europe/London ("Open now, closes at 5pm",
//! "Closed, opens Monday at 9am"). Times are minutes from midnight, local
//! (civil) time: a session 9am to 5pm is 9am to 5pm on the day's clock,
//! whether the clocks have gone forward or not.

use serde::{Deserialize, Serialize};

/// Minutes from midnight: 0 to 1440 (24:00, the end of a day).
pub type Minute = u16;

/// The end of a day: a session that closes at 24:00.
pub const END_OF_DAY: Minute = 24 * 60;

/// The days of the week, Monday first, as the week table names them.
pub const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// One opening on one day: from `opens` until `closes` (after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub opens: Minute,
    pub closes: Minute,
}

impl Session {
    pub const fn new(opens: Minute, closes: Minute) -> Self {
        Session { opens, closes }
    }
}

/// A date with times other than its weekday's: none for closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedTimes {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub sessions: Vec<Session>,
}

/// When a service is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningTimes {
    /// Monday first: each day's sessions, in order, not overlapping.
    pub week: [Vec<Session>; 7],
    /// Dates whose times are not their weekday's (closures, other times).
    pub exceptions: Vec<DatedTimes>,
    /// Whether it closes on bank holidays (England and Wales) that have no
    /// dated times of their own.
    pub closed_on_bank_holidays: bool,
}

impl OpeningTimes {
    /// Open the same `sessions` Monday to Friday, closed at weekends and on
    /// bank holidays.
    pub fn weekdays(sessions: &[Session]) -> Self {
        let mut week: [Vec<Session>; 7] = Default::default();
        for day in week.iter_mut().take(5) {
            *day = sessions.to_vec();
        }
        OpeningTimes {
            week,
            exceptions: Vec::new(),
            closed_on_bank_holidays: true,
        }
    }

    /// Open all day, every day, bank holidays too.
    pub fn always() -> Self {
        OpeningTimes {
            week: std::array::from_fn(|_| vec![Session::new(0, END_OF_DAY)]),
            exceptions: Vec::new(),
            closed_on_bank_holidays: false,
        }
    }

    /// Whether no day has a session.
    pub fn is_empty(&self) -> bool {
        self.week.iter().all(Vec::is_empty)
    }

    /// The times an opening-hours line states, as the directory writes
    /// them: anything open "24 hours" is open all day every day (wards, an
    /// emergency department), else "Monday to Friday, 9am to 5pm" and the
    /// like (closed on bank holidays); nothing when the line states no
    /// times ("agreed with each patient").
    pub fn from_text(text: &str) -> Self {
        let lower = text.to_lowercase();
        if lower.contains("24 hours") {
            return OpeningTimes::always();
        }
        let day = |name: &str| DAY_NAMES.iter().position(|d| d.eq_ignore_ascii_case(name));
        let words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|w| !w.is_empty())
            .collect();
        // "<day> to <day> <time> to <time>"
        for window in words.windows(6) {
            let [first, "to", last, opens, "to", closes] = window else {
                continue;
            };
            let (Some(first), Some(last)) = (day(first), day(last)) else {
                continue;
            };
            let (Some(opens), Some(closes)) = (parse_time(opens), parse_time(closes)) else {
                continue;
            };
            if first > last || opens >= closes {
                continue;
            }
            let mut week: [Vec<Session>; 7] = Default::default();
            for sessions in &mut week[first..=last] {
                *sessions = vec![Session::new(opens, closes)];
            }
            return OpeningTimes {
                week,
                exceptions: Vec::new(),
                closed_on_bank_holidays: true,
            };
        }
        OpeningTimes::default()
    }
}

/// A time written 9am, 5pm, 5:30pm, midday or midnight (as the end of a
/// day), in minutes from midnight.
fn parse_time(text: &str) -> Option<Minute> {
    match text {
        "midday" | "noon" => return Some(12 * 60),
        "midnight" => return Some(END_OF_DAY),
        _ => {}
    }
    let (number, afternoon) = match (text.strip_suffix("am"), text.strip_suffix("pm")) {
        (Some(number), _) => (number, false),
        (_, Some(number)) => (number, true),
        _ => return None,
    };
    let (hour, minute) = number.split_once(':').unwrap_or((number, "0"));
    let (hour, minute): (Minute, Minute) = (hour.parse().ok()?, minute.parse().ok()?);
    if !(1..=12).contains(&hour) || minute > 59 {
        return None;
    }
    let hour = hour % 12 + if afternoon { 12 } else { 0 };
    Some(hour * 60 + minute)
}

/// A time as the NHS writes it: 9am, 5:30pm, midnight, midday.
pub fn time_text(minute: Minute) -> String {
    let (hour, minute) = (minute / 60 % 24, minute % 60);
    match (hour, minute) {
        (0, 0) => "midnight".to_string(),
        (12, 0) => "midday".to_string(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let hour = match hour % 12 {
                0 => 12,
                h => h,
            };
            if minute == 0 {
                format!("{hour}{suffix}")
            } else {
                format!("{hour}:{minute:02}{suffix}")
            }
        }
    }
}

/// A time as schema.org's `opens` and `closes` write it, `HH:MM`; the end
/// of a day is 23:59.
pub fn clock_text(minute: Minute) -> String {
    let minute = minute.min(END_OF_DAY - 1);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// One session of a week as open data gives it: its day, and `HH:MM` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySession {
    pub day: String,
    pub opens: String,
    pub closes: String,
}

impl OpeningTimes {
    /// Every session of the week, Monday first, as open data gives them.
    pub fn weekly_sessions(&self) -> Vec<WeeklySession> {
        DAY_NAMES
            .iter()
            .zip(&self.week)
            .flat_map(|(day, sessions)| {
                sessions.iter().map(|session| WeeklySession {
                    day: (*day).to_string(),
                    opens: clock_text(session.opens),
                    closes: clock_text(session.closes),
                })
            })
            .collect()
    }
}

/// A day's sessions as the week table shows them: "9am to 5pm",
/// "9am to 1pm, 2pm to 5pm", "24 hours" or "Closed".
pub fn sessions_text(sessions: &[Session]) -> String {
    match sessions {
        [] => "Closed".to_string(),
        [only] if only.opens == 0 && only.closes == END_OF_DAY => "24 hours".to_string(),
        sessions => sessions
            .iter()
            .map(|s| format!("{} to {}", time_text(s.opens), time_text(s.closes)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The most sessions one day may have.
pub const MAX_SESSIONS: usize = 6;
/// The most dated changes a service may have.
pub const MAX_DATED: usize = 60;

/// A time as the service form writes it: `HH:MM`, the end of a day 24:00.
fn form_clock(minute: Minute) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A day's sessions as the service form writes them:
/// `09:00-12:30, 13:30-17:00`; empty when closed.
pub fn day_text(sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(|s| format!("{}-{}", form_clock(s.opens), form_clock(s.closes)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time as typed on the service form: `09:00`, `9:00`, `0900`, `24:00`
/// (the end of a day), or 9am, 5:30pm, midday.
fn parse_clock(text: &str) -> Option<Minute> {
    let text = text.trim();
    if let Some(minute) = parse_time(text) {
        return Some(minute);
    }
    let (hour, minute) = match text.split_once(':') {
        Some(parts) => parts,
        None if text.len() == 4 => text.split_at_checked(2)?,
        None => return None,
    };
    if minute.len() != 2 || hour.is_empty() || hour.len() > 2 {
        return None;
    }
    let (hour, minute): (Minute, Minute) = (hour.parse().ok()?, minute.parse().ok()?);
    let time = hour.checked_mul(60)?.checked_add(minute)?;
    (minute < 60 && time <= END_OF_DAY).then_some(time)
}

/// What is wrong with times typed on the service form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimesProblem {
    /// Not times at all.
    Unreadable,
    /// A session that does not close after it opens.
    Backwards,
    /// Sessions out of order, or overlapping.
    Overlapping,
    /// More than [`MAX_SESSIONS`].
    TooMany,
}

impl TimesProblem {
    pub fn message(self) -> String {
        match self {
            TimesProblem::Unreadable => "enter times like 09:00-17:00, with a comma between sessions, or leave it empty if closed".to_string(),
            TimesProblem::Backwards => "each session must close after it opens, by 24:00".to_string(),
            TimesProblem::Overlapping => "put sessions in order, without overlaps".to_string(),
            TimesProblem::TooMany => format!("enter {MAX_SESSIONS} sessions or fewer"),
        }
    }
}

/// A day's sessions as typed on the service form: sessions like
/// `09:00-17:00` or `9am to 5pm`, separated by commas; empty or "closed"
/// for none; "24 hours" for all day.
pub fn parse_day(text: &str) -> Result<Vec<Session>, TimesProblem> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
        "" | "closed" => return Ok(Vec::new()),
        "24 hours" | "open 24 hours" => return Ok(vec![Session::new(0, END_OF_DAY)]),
        _ => {}
    }
    let mut sessions: Vec<Session> = Vec::new();
    for item in text.split([',', ';']).map(str::trim) {
        let (opens, closes) = item
            .split_once(" to ")
            .or_else(|| item.split_once('-'))
            .or_else(|| item.split_once('–'))
            .ok_or(TimesProblem::Unreadable)?;
        let (Some(opens), Some(closes)) = (parse_clock(opens), parse_clock(closes)) else {
            return Err(TimesProblem::Unreadable);
        };
        if opens >= closes {
            return Err(TimesProblem::Backwards);
        }
        if sessions.last().is_some_and(|last| opens < last.closes) {
            return Err(TimesProblem::Overlapping);
        }
        sessions.push(Session::new(opens, closes));
        if sessions.len() > MAX_SESSIONS {
            return Err(TimesProblem::TooMany);
        }
    }
    Ok(sessions)
}

/// Dated changes as the service form writes them, one a line:
/// `2026-12-24: 09:00-13:00`, `2026-12-25: closed`.
pub fn dated_text(dated: &[DatedTimes]) -> String {
    dated
        .iter()
        .map(|d| {
            let times = match d.sessions.as_slice() {
                [] => "closed".to_string(),
                sessions => day_text(sessions),
            };
            format!("{}: {times}", d.date)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Dated changes as typed on the service form, in date order; what is
/// wrong with the first line that is not one, else.
pub fn parse_dated(text: &str) -> Result<Vec<DatedTimes>, String> {
    let mut dated: Vec<DatedTimes> = Vec::new();
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty());
    for (number, line) in lines {
        let wrong = |what: &str| format!("Other times on dates, line {number}: {what}");
        let (date, times) = line
            .split_at_checked(10)
            .filter(|(date, _)| super::is_iso_date(date))
            .ok_or_else(|| {
                wrong("start with the date as YYYY-MM-DD, like 2026-12-24: 09:00-13:00")
            })?;
        let times = times.trim_start().strip_prefix(':').unwrap_or(times);
        let sessions = parse_day(times).map_err(|problem| wrong(&problem.message()))?;
        if dated.iter().any(|d| d.date == date) {
            return Err(wrong("this date is on another line too"));
        }
        dated.push(DatedTimes {
            date: date.to_string(),
            sessions,
        });
        if dated.len() > MAX_DATED {
            return Err(format!(
                "Other times on dates: enter {MAX_DATED} dates or fewer"
            ));
        }
    }
    dated.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(dated)
}

impl OpeningTimes {
    /// The week, the dated changes and the bank holiday rule as one line
    /// each, for the audit log.
    pub fn audit_lines(&self) -> [String; 3] {
        let week = DAY_NAMES
            .iter()
            .zip(&self.week)
            .map(|(day, sessions)| format!("{day} {}", sessions_text(sessions)))
            .collect::<Vec<_>>()
            .join("; ");
        let bank_holidays = if self.closed_on_bank_holidays {
            "Closed"
        } else {
            "Open as on other days"
        };
        [
            week,
            dated_text(&self.exceptions).replace('\n', "; "),
            bank_holidays.to_string(),
        ]
    }
}

/// Whether a service is open at a moment, and until when (or when next).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenNow {
    /// Open, with no closing within the week ahead.
    Always,
    /// Open until `closes` on `day`.
    Open { day: Day, closes: Minute },
    /// Closed until `opens` on `day`; `None` for `day` when it does not
    /// open within the fortnight ahead.
    Closed { next: Option<(Day, Minute)> },
}

/// A day, as "open now" names it from today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Day {
    Today,
    Tomorrow,
    /// Within the week ahead: its name.
    Weekday(String),
    /// Further: `YYYY-MM-DD`.
    Date(String),
}

impl OpenNow {
    /// "Open now, closes at 5pm", "Closed, opens Monday at 9am"...
    pub fn text(&self) -> String {
        let at = |day: &Day, minute: Minute| {
            let time = time_text(minute);
            match day {
                Day::Today => format!("at {time}"),
                Day::Tomorrow => format!("tomorrow at {time}"),
                Day::Weekday(name) => format!("{name} at {time}"),
                Day::Date(date) => format!("on {} at {time}", super::long_date(date)),
            }
        };
        match self {
            OpenNow::Always => "Open 24 hours".to_string(),
            OpenNow::Open { day, closes } => format!("Open now, closes {}", at(day, *closes)),
            OpenNow::Closed {
                next: Some((day, opens)),
            } => {
                format!("Closed, opens {}", at(day, *opens))
            }
            OpenNow::Closed { next: None } => "Closed".to_string(),
        }
    }
}

#[cfg(feature = "ssr")]
pub use computed::{bank_holidays, london_date, open_now, sessions_on};

#[cfg(feature = "ssr")]
mod computed {
    use super::*;
    use jiff::civil::{date, Date, Weekday};
    use jiff::tz::TimeZone;
    use jiff::Timestamp;

    /// Bank holidays in England and Wales in `year`: the regular ones, with
    /// their substitute days, moved and added as proclaimed since 2020.
    pub fn bank_holidays(year: i16) -> Vec<Date> {
        let Ok(new_year) = Date::new(year, 1, 1) else {
            return Vec::new();
        };
        let monday_on_or_after = |day: Date| -> Date {
            let mut day = day;
            while matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
                day = day.tomorrow().unwrap_or(day);
            }
            day
        };
        let mut days = vec![monday_on_or_after(new_year)];
        let easter = easter_sunday(year);
        days.extend(easter.checked_sub(jiff::Span::new().days(2)).ok());
        days.extend(easter.checked_add(jiff::Span::new().days(1)).ok());
        let early_may = match year {
            2020 => date(2020, 5, 8),
            _ => date(year, 5, 1)
                .nth_weekday_of_month(1, Weekday::Monday)
                .unwrap_or(new_year),
        };
        let spring = match year {
            2022 => date(2022, 6, 2),
            _ => date(year, 5, 1)
                .nth_weekday_of_month(-1, Weekday::Monday)
                .unwrap_or(new_year),
        };
        let summer = date(year, 8, 1)
            .nth_weekday_of_month(-1, Weekday::Monday)
            .unwrap_or(new_year);
        days.extend([early_may, spring, summer]);
        // Christmas and Boxing Day; one that falls at a weekend moves to the
        // next weekday not already a holiday.
        let christmas = date(year, 12, 25);
        let (christmas_off, boxing_off) = match christmas.weekday() {
            Weekday::Friday => (christmas, date(year, 12, 28)),
            Weekday::Saturday => (date(year, 12, 27), date(year, 12, 28)),
            Weekday::Sunday => (date(year, 12, 27), date(year, 12, 26)),
            _ => (christmas, date(year, 12, 26)),
        };
        days.extend([christmas_off, boxing_off]);
        // Proclaimed for one year only.
        days.extend(match year {
            2022 => vec![date(2022, 6, 3), date(2022, 9, 19)],
            2023 => vec![date(2023, 5, 8)],
            _ => Vec::new(),
        });
        days.sort();
        days
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous algorithm).
    fn easter_sunday(year: i16) -> Date {
        let y = i32::from(year);
        let (a, b, c) = (y % 19, y / 100, y % 100);
        let (d, e) = (b / 4, b % 4);
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let (i, k) = (c / 4, c % 4);
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        let (Ok(month), Ok(day)) = (i8::try_from(month), i8::try_from(day)) else {
            return date(year, 4, 1);
        };
        Date::new(year, month, day).unwrap_or(date(year, 4, 1))
    }

    /// The sessions of `day`: its dated times, else closed on a bank
    /// holiday if the service closes then, else its weekday's.
    pub fn sessions_on(times: &OpeningTimes, day: Date) -> &[Session] {
        let iso = day.to_string();
        if let Some(dated) = times.exceptions.iter().find(|e| e.date == iso) {
            return &dated.sessions;
        }
        if times.closed_on_bank_holidays && bank_holidays(day.year()).contains(&day) {
            return &[];
        }
        let index = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0);
        &times.week[index]
    }

    /// How `day`, `ahead` days after today, is named.
    fn name_of(day: Date, ahead: i64) -> Day {
        match ahead {
            0 => Day::Today,
            1 => Day::Tomorrow,
            2..=6 => {
                let index = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0);
                Day::Weekday(DAY_NAMES[index].to_string())
            }
            _ => Day::Date(day.to_string()),
        }
    }

    /// The date in London at `now` (unix seconds), `YYYY-MM-DD`.
    pub fn london_date(now: i64) -> String {
        let london = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
        Timestamp::from_second(now)
            .map(|now| now.to_zoned_datetime(london).date().to_string())
            .unwrap_or_default()
    }

    /// Whether a service with `times` is open at `now` (unix seconds),
    /// on the clocks of Europe/London.
    pub fn open_now(times: &OpeningTimes, now: i64) -> OpenNow {
        let london = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
        let Ok(now) = Timestamp::from_second(now) else {
            return OpenNow::Closed { next: None };
        };
        let now = now.to_zoned_datetime(london);
        let today = now.date();
        let minute =
            u16::try_from(i32::from(now.hour()) * 60 + i32::from(now.minute())).unwrap_or(0);
        let day_at = |ahead: i64| {
            today
                .checked_add(jiff::Span::new().days(ahead))
                .unwrap_or(today)
        };
        let open = sessions_on(times, today)
            .iter()
            .find(|s| s.opens <= minute && minute < s.closes);
        if let Some(session) = open {
            // Follow sessions that run on past midnight.
            let mut closes = (0, session.closes);
            for ahead in 1..=7 {
                if closes.1 != END_OF_DAY {
                    break;
                }
                match sessions_on(times, day_at(ahead)).first() {
                    Some(next) if next.opens == 0 => closes = (ahead, next.closes),
                    _ => break,
                }
            }
            if closes.1 == END_OF_DAY && closes.0 == 7 {
                return OpenNow::Always;
            }
            // Closing at 24:00 is closing at midnight: named by the day it ends.
            return OpenNow::Open {
                day: name_of(day_at(closes.0), closes.0),
                closes: closes.1,
            };
        }
        for ahead in 0..14 {
            let day = day_at(ahead);
            let next = sessions_on(times, day)
                .iter()
                .find(|s| ahead > 0 || s.opens > minute);
            if let Some(session) = next {
                return OpenNow::Closed {
                    next: Some((name_of(day, ahead), session.opens)),
                };
            }
        }
        OpenNow::Closed { next: None }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
