//! "Report a problem with this entry": what a visitor or a member of staff
//! says is wrong with a service's entry. One rule set checks it; it is kept
//! for the service's owners and the admins, who close it with a note. A
//! report and its closing are both in the service's audit log, and neither
//! is ever shown on a public page.

use crate::directory::FieldProblem;
use crate::text_rules::{forbidden_character, FORBIDDEN_CHARACTER};
use serde::{Deserialize, Serialize};

/// The `name` (and `id`) of each field of the report and closing forms.
pub mod fields {
    pub const WHAT_IS_WRONG: &str = "what-is-wrong";
    pub const CONTACT: &str = "contact";
    pub const CLOSING_NOTE: &str = "closing-note";

    /// The closing note's field of report `id`: one per report on a page.
    pub fn closing_note(id: i64) -> String {
        format!("{CLOSING_NOTE}-{id}")
    }
}

/// Longest "what is wrong", in characters.
pub const WHAT_IS_WRONG_MAX: usize = 1_000;
/// Longest contact, in characters.
pub const CONTACT_MAX: usize = 200;
/// Longest closing note, in characters.
pub const NOTE_MAX: usize = 1_000;
/// Reports one address may send in an hour (signed-in staff are not
/// counted: many share a hospital's address, and each is known).
pub const REPORTS_PER_HOUR: i64 = 5;

/// The report form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub what_is_wrong: String,
    pub contact: String,
}

/// A report that passed the rule set: trimmed, within the lengths, with
/// no control characters or text direction marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReport {
    pub what_is_wrong: String,
    pub contact: String,
}

/// `text` trimmed, or what is wrong with it: more than `max` characters,
/// or a character no stored text may hold.
fn checked_text(
    field: &str,
    label: &str,
    text: &str,
    max: usize,
    multiline: bool,
) -> Result<String, FieldProblem> {
    let problem = |message: String| FieldProblem {
        field: field.to_string(),
        message,
    };
    let text = text.trim();
    if text.chars().count() > max {
        return Err(problem(format!(
            "{label} must be {max} characters or fewer"
        )));
    }
    if forbidden_character(text, multiline).is_some() {
        return Err(problem(format!("{label} {FORBIDDEN_CHARACTER}")));
    }
    Ok(text.to_string())
}

/// Checks a report: "what is wrong" is needed, contact is optional.
pub fn check_report(form: &ReportForm) -> Result<CheckedReport, Vec<FieldProblem>> {
    let what_is_wrong = checked_text(
        fields::WHAT_IS_WRONG,
        "What is wrong",
        &form.what_is_wrong,
        WHAT_IS_WRONG_MAX,
        true,
    )
    .and_then(|text| {
        if text.is_empty() {
            Err(FieldProblem {
                field: fields::WHAT_IS_WRONG.to_string(),
                message: "Enter what is wrong with this entry".to_string(),
            })
        } else {
            Ok(text)
        }
    });
    let contact = checked_text(
        fields::CONTACT,
        "Contact details",
        &form.contact,
        CONTACT_MAX,
        false,
    );
    match (what_is_wrong, contact) {
        (Ok(what_is_wrong), Ok(contact)) => Ok(CheckedReport {
            what_is_wrong,
            contact,
        }),
        (what_is_wrong, contact) => Err([what_is_wrong.err(), contact.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// Checks the note a report is closed with: what was done (needed).
pub fn check_closing_note(id: i64, note: &str) -> Result<String, FieldProblem> {
    let field = fields::closing_note(id);
    let note = checked_text(&field, "What you did", note, NOTE_MAX, true)?;
    if note.is_empty() {
        return Err(FieldProblem {
            field,
            message: "Enter what you did about this report".to_string(),
        });
    }
    Ok(note)
}

/// The report form's page: for which service, what was typed and what to
/// correct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub slug: String,
    pub service_name: String,
    pub form: ReportForm,
    pub problems: Vec<FieldProblem>,
}

/// An open report, as a service's owners and the admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemReport {
    pub id: i64,
    pub slug: String,
    pub service_name: String,
    pub what_is_wrong: String,
    pub contact: String,
    /// The member of staff who sent it; `None` for a visitor.
    pub reported_by: Option<String>,
    /// Unix seconds.
    pub reported_at: i64,
}

/// What the audit log names a visitor who reported a problem as.
pub const VISITOR: &str = "A visitor";

/// What closing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closing {
    /// Closed; the service's slug.
    Closed(String),
    /// No open report has this id.
    NotOpen,
    /// The report is about a service the member of staff does not own (and
    /// they are not an admin).
    NotTheirs,
}

#[cfg(feature = "ssr")]
mod queue;

#[cfg(test)]
mod tests {
    use super::*;

    fn form(what_is_wrong: &str, contact: &str) -> ReportForm {
        ReportForm {
            what_is_wrong: what_is_wrong.into(),
            contact: contact.into(),
        }
    }

    #[test]
    fn a_report_needs_what_is_wrong_and_keeps_it_as_typed() {
        let checked = check_report(&form("  The phone number\nis wrong <b>  ", "")).unwrap();
        assert_eq!(checked.what_is_wrong, "The phone number\nis wrong <b>");
        assert_eq!(checked.contact, "");
        let problems = check_report(&form(" \n ", "")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, fields::WHAT_IS_WRONG);
    }

    #[test]
    fn long_text_and_hidden_characters_are_refused_in_every_field() {
        let long = "x".repeat(WHAT_IS_WRONG_MAX + 1);
        for (what, contact, field) in [
            (long.as_str(), "", fields::WHAT_IS_WRONG),
            ("wrong\u{202E}number", "", fields::WHAT_IS_WRONG),
            ("wrong\u{0}", "", fields::WHAT_IS_WRONG),
            ("wrong", "a\nb", fields::CONTACT),
            ("wrong", "\u{2066}me", fields::CONTACT),
        ] {
            let problems = check_report(&form(what, contact)).unwrap_err();
            assert_eq!(problems[0].field, field, "{what:?} {contact:?}");
        }
        let contact = "y".repeat(CONTACT_MAX + 1);
        assert!(check_report(&form("wrong", &contact)).is_err());
        assert!(check_report(&form("", &contact)).unwrap_err().len() == 2);
    }

    #[test]
    fn a_report_is_closed_with_a_note() {
        assert_eq!(
            check_closing_note(7, " Fixed the number ").unwrap(),
            "Fixed the number"
        );
        assert_eq!(
            check_closing_note(7, "  ").unwrap_err().field,
            "closing-note-7"
        );
        assert!(check_closing_note(7, &"n".repeat(NOTE_MAX + 1)).is_err());
        assert!(check_closing_note(7, "done\u{200F}").is_err());
    }
}
