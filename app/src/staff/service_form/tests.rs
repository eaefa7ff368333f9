//! Unit tests of `service_form`.

use super::*;
use crate::directory::is_iso_date;

fn choices() -> FormChoices {
    let choice = |value: &str, label: &str| Choice {
        value: value.into(),
        label: label.into(),
    };
    FormChoices {
        sites: vec![
            choice("st-jamess", "St James's University Hospital"),
            choice("leeds-general-infirmary", "Leeds General Infirmary"),
        ],
        centres: vec![choice("cardiac-services", "Leeds Cardiac Services")],
    }
}

fn good_form() -> ServiceForm {
    ServiceForm {
        version: Some(1),
        slug: "heart-failure-clinic".into(),
        name: "Heart failure clinic".into(),
        group: "cardiac".into(),
        description: "Care for people whose heart is not pumping as well as it should.".into(),
        conditions: "heart failure\nbreathless".into(),
        age_group: "adults".into(),
        sites: vec!["st-jamess".into()],
        locations: vec![("st-jamess".into(), "Bexley Wing, level 1".into())],
        phone: "0113 243 3144".into(),
        email: String::new(),
        opening_hours: "Monday to Friday, 9am to 5pm".into(),
        opening_days: [
            "09:00-17:00",
            "09:00-12:30, 13:30-17:00",
            "09:00-17:00",
            "09:00-17:00",
            "09:00-17:00",
            "",
            "",
        ]
        .map(str::to_string),
        opening_dated: "2026-12-23: closed\n2026-12-24: 09:00-13:00".into(),
        bank_holidays: "closed".into(),
        referral: "Through the NHS e-Referral Service.".into(),
        centre: "cardiac-services".into(),
        review_months: "6".into(),
        staff_phones: "Nurses' station: 23456\nDirect line: 0113 206 0000".into(),
        bleeps: "On-call registrar: 2345".into(),
        out_of_hours: "Out of hours, bleep the on-call registrar.".into(),
        internal_referral: "Refer on the electronic patient record.".into(),
        referral_form: "https://intranet.example.nhs.uk/forms/heart".into(),
        whereabouts: "Ward J24, level 2".into(),
    }
}

fn fields_of(problems: &[FieldProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

#[test]
fn a_complete_form_becomes_a_record_and_back() {
    let checked = check_service_form(&good_form(), &choices(), None, "2026-11-22").unwrap();
    let record = &checked.record;
    assert_eq!(record.conditions, vec!["heart failure", "breathless"]);
    assert_eq!(record.sites[0].location, "Bexley Wing, level 1");
    assert_eq!(record.centre.as_deref(), Some("cardiac-services"));
    assert_eq!(record.last_reviewed, "2026-11-22");
    assert_eq!(checked.details.bleeps[0].number, "2345");
    assert_eq!(form_of(record, &checked.details, 1), good_form());
}

#[test]
fn staff_only_fields_follow_their_own_rules() {
    let mut form = good_form();
    form.staff_phones = "Nurses' station 23456".into();
    form.bleeps = "Registrar: <script>".into();
    form.referral_form = "javascript:alert(1)".into();
    form.whereabouts = "Ward\u{202E}12".into();
    let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
    assert_eq!(
        fields_of(&problems),
        [
            fields::WHEREABOUTS,
            fields::STAFF_PHONES,
            fields::BLEEPS,
            fields::REFERRAL_FORM
        ]
    );
    form = good_form();
    form.referral_form = "http://intranet.example.nhs.uk/form".into();
    let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
    assert_eq!(fields_of(&problems), [fields::REFERRAL_FORM]);
}

#[test]
fn every_problem_is_reported_at_once_naming_its_field() {
    let mut form = good_form();
    form.slug = "Not A Slug".into();
    form.name = "lower case".into();
    form.group = "nope".into();
    form.description = "short".into();
    form.sites = vec!["nowhere".into()];
    form.phone = "12".into();
    form.centre = "nope".into();
    let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
    assert_eq!(
        fields_of(&problems),
        [
            fields::SLUG,
            fields::NAME,
            fields::GROUP,
            fields::DESCRIPTION,
            fields::SITES,
            fields::PHONE,
            fields::CENTRE
        ]
    );
}

#[test]
fn hidden_characters_are_refused_in_every_text_field() {
    let mut form = good_form();
    form.name = "Heart\u{202E}clinic".into();
    form.locations = vec![("st-jamess".into(), "Wing\u{0}".into())];
    let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
    assert_eq!(fields_of(&problems), [fields::NAME, "location-st-jamess"]);
}

#[test]
fn a_record_from_elsewhere_is_held_to_the_same_rules() {
    let good = check_service_form(&good_form(), &choices(), None, "2026-11-22")
        .unwrap()
        .record;
    assert_eq!(check_record(&good, &choices()), []);
    let mut record = good.clone();
    record.name = "heart clinic".into();
    record.last_reviewed = "2026-02-30".into();
    record.sites[0].location = "Wing: level 1".into();
    let problems = check_record(&record, &choices());
    assert_eq!(
        fields_of(&problems),
        [fields::NAME, "location-st-jamess", "last-reviewed"]
    );
    let mut record = good;
    record.phone = " 0113 243 3144".into();
    assert_eq!(
        fields_of(&check_record(&record, &choices())),
        [fields::NAME]
    );
}

#[test]
fn sites_keep_their_order_and_are_listed_once() {
    let mut form = good_form();
    form.sites = vec!["leeds-general-infirmary".into(), "st-jamess".into()];
    form.locations
        .push(("leeds-general-infirmary".into(), "Jubilee Wing".into()));
    let record = check_service_form(&form, &choices(), None, "2026-11-22")
        .unwrap()
        .record;
    assert_eq!(record.sites[0].site, "leeds-general-infirmary");
    form.sites.push("st-jamess".into());
    let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
    assert_eq!(fields_of(&problems), [fields::SITES]);
}

#[test]
fn dates_are_real_and_written_year_first() {
    assert!(is_iso_date("2026-09-14") && is_iso_date("2024-02-29"));
    for bad in ["2026-9-14", "2026-13-01", "2025-02-29", "14/09/2026", ""] {
        assert!(!is_iso_date(bad), "{bad}");
    }
    let date = Date::from_calendar_date(2027, time::Month::January, 1).unwrap();
    assert_eq!(iso_date(date), "2027-01-01");
}

#[test]
fn editing_keeps_the_services_own_slug() {
    let mut form = good_form();
    form.slug = "ignored".into();
    let record = check_service_form(&form, &choices(), Some("cardiology"), "2026-11-22").unwrap();
    assert_eq!(record.record.slug, "cardiology");
}

#[test]
fn opening_times_are_typed_per_day_with_dated_changes_and_a_bank_holiday_rule() {
    use crate::directory::opening::{Session, END_OF_DAY};
    // Times as people write them, dates in any order.
    let mut typed = good_form();
    typed.opening_days[2] = "9am to 5pm".into();
    typed.opening_days[4] = "0900-1700".into();
    typed.opening_days[6] = "closed".into();
    typed.opening_dated = "2026-12-24: 09:00-13:00\n2026-12-23 closed".into();
    let checked = check_service_form(&typed, &choices(), None, "2026-11-22").unwrap();
    let opening = &checked.record.opening;
    assert_eq!(opening.week[0], [Session::new(540, 1020)]);
    assert_eq!(
        opening.week[1],
        [Session::new(540, 750), Session::new(810, 1020)]
    );
    assert_eq!(opening.week[2], opening.week[0], "9am to 5pm");
    assert_eq!(opening.week[4], opening.week[0], "0900-1700");
    assert!(opening.week[5].is_empty() && opening.week[6].is_empty());
    assert!(opening.closed_on_bank_holidays);
    // Dated changes in date order.
    assert_eq!(opening.exceptions[0].date, "2026-12-23");
    assert!(opening.exceptions[0].sessions.is_empty());
    assert_eq!(opening.exceptions[1].sessions, [Session::new(540, 780)]);
    // Shown as the form again, the same times come back.
    let form = form_of(&checked.record, &checked.details, 1);
    assert_eq!(form.opening_days[1], "09:00-12:30, 13:30-17:00");
    assert_eq!(
        form.opening_dated,
        "2026-12-23: closed\n2026-12-24: 09:00-13:00"
    );
    let again = check_service_form(&form, &choices(), None, "2026-11-22").unwrap();
    assert_eq!(again.record.opening, checked.record.opening);
    // All day, and a session to midnight.
    let mut form = good_form();
    form.opening_days[5] = "00:00-24:00".into();
    form.opening_days[6] = "24 hours".into();
    form.opening_days[4] = "18:00-24:00".into();
    form.bank_holidays = "open".into();
    let opening = check_service_form(&form, &choices(), None, "2026-11-22")
        .unwrap()
        .record
        .opening;
    assert_eq!(opening.week[5], [Session::new(0, END_OF_DAY)]);
    assert_eq!(opening.week[6], opening.week[5]);
    assert_eq!(opening.week[4], [Session::new(1080, END_OF_DAY)]);
    assert!(!opening.closed_on_bank_holidays);
}

#[test]
fn opening_times_that_cannot_be_read_are_refused_by_field() {
    for (typed, message) in [
        ("9 to 5", "enter times like 09:00-17:00"),
        ("17:00-09:00", "close after it opens"),
        ("09:00-09:00", "close after it opens"),
        ("09:00-24:01", "enter times like"),
        ("25:00-26:00", "enter times like"),
        ("09:60-10:00", "enter times like"),
        ("13:00-17:00, 09:00-12:00", "in order"),
        ("09:00-13:00, 12:00-17:00", "in order"),
        ("<b>09:00-17:00</b>", "enter times like"),
        ("09:00-10:00, 10:00-11:00, 11:00-12:00, 12:00-13:00, 13:00-14:00, 14:00-15:00, 15:00-16:00", "6 sessions or fewer"),
    ] {
        let mut form = good_form();
        form.opening_days[2] = typed.into();
        let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
        assert_eq!(fields_of(&problems), ["opening-wednesday"], "{typed}");
        assert!(problems[0].message.starts_with("Wednesday: "), "{typed}");
        assert!(problems[0].message.contains(message), "{typed}: {}", problems[0].message);
    }
    for dated in [
        "24/12/2026: closed",
        "2026-02-30: closed",
        "2026-12-24 9 to 5",
        "2026-12-24: closed\n2026-12-24: 09:00-13:00",
    ] {
        let mut form = good_form();
        form.opening_dated = dated.into();
        let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
        assert_eq!(fields_of(&problems), ["opening-dated"], "{dated}");
    }
    for choice in ["", "sometimes"] {
        let mut form = good_form();
        form.bank_holidays = choice.into();
        let problems = check_service_form(&form, &choices(), None, "2026-11-22").unwrap_err();
        assert_eq!(fields_of(&problems), ["bank-holidays"], "{choice:?}");
    }
}
