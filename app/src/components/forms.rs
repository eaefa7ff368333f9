//! NHS form parts with their error states: the error summary at the top of a
//! page and fields that show their own message, keeping what was typed.

use crate::directory::FieldProblem;
use crate::model::Choice;
use leptos::prelude::*;

/// An NHS.UK class with its `--error` modifier when the field has a problem:
/// `nhsuk-select nhsuk-select--error`.
fn with_error_modifier(class: &str, has_error: bool) -> String {
    if has_error {
        format!("{class} {class}--error")
    } else {
        class.to_string()
    }
}

/// The NHS error summary, each message linking to its field.
#[component]
pub fn ErrorSummary(problems: Vec<FieldProblem>) -> impl IntoView {
    view! {
        <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
            <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
            <div class="nhsuk-error-summary__body">
                <ul class="nhsuk-list nhsuk-error-summary__list">
                    // Each link goes to its field, which takes focus.
                    {problems.into_iter().map(|p| {
                        view! {
                            <li>
                                <a href=format!("#{}", p.field)>{p.message}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// The message for `field` among `problems`, if any.
fn message_for(problems: &[FieldProblem], field: &str) -> Option<String> {
    problems
        .iter()
        .find(|p| p.field == field)
        .map(|p| p.message.clone())
}

/// A form group: label, hint, error message and the control, with the NHS
/// error state when the field has a problem.
#[component]
fn FieldGroup(
    id: String,
    label: String,
    hint: Option<&'static str>,
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    let group_class = with_error_modifier("nhsuk-form-group", error.is_some());
    view! {
        <div class=group_class>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{hint}</div> })}
            {error.map(|message| view! {
                <span class="nhsuk-error-message" id=format!("{id}-error")>
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>
                    {message}
                </span>
            })}
            {children()}
        </div>
    }
}

/// The `aria-describedby` of a control: its hint and error, if any.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, part)| format!("{id}-{part}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A one-line text input.
#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    problems: Vec<FieldProblem>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] width_class: Option<&'static str>,
) -> impl IntoView {
    let error = message_for(&problems, &id);
    let class = match width_class {
        Some(width) => format!(
            "{} {width}",
            with_error_modifier("nhsuk-input", error.is_some())
        ),
        None => with_error_modifier("nhsuk-input", error.is_some()),
    };
    let describedby = described_by(&id, hint.is_some(), error.is_some());
    view! {
        <FieldGroup id=id.clone() label hint error>
            <input
                class=class
                id=id.clone()
                name=id
                type=input_type
                value=value
                autocomplete=autocomplete
                aria-describedby=describedby
                spellcheck=(input_type == "text").then_some("true")
            />
        </FieldGroup>
    }
}

/// A multi-line text input.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    problems: Vec<FieldProblem>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let error = message_for(&problems, &id);
    let class = with_error_modifier("nhsuk-textarea", error.is_some());
    let describedby = described_by(&id, hint.is_some(), error.is_some());
    view! {
        <FieldGroup id=id.clone() label hint error>
            <textarea class=class id=id.clone() name=id rows=rows aria-describedby=describedby>
                {textarea_text(value)}
            </textarea>
        </FieldGroup>
    }
}

/// A textarea's text as rendered. Leptos writes `<textarea>` children into
/// server HTML unescaped (it is a raw-text element to it), so a value holding
/// `</textarea>` would end the element and inject markup: the server escapes
/// it here. In the browser the text becomes a DOM text node, which needs none.
fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    let value = html_escape::encode_text(&value).into_owned();
    value
}

/// A select, with an empty first choice labelled `none` if given.
#[component]
pub fn Select(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    choices: Vec<Choice>,
    #[prop(into)] selected: String,
    problems: Vec<FieldProblem>,
    #[prop(optional)] none: Option<&'static str>,
) -> impl IntoView {
    let error = message_for(&problems, &id);
    let class = with_error_modifier("nhsuk-select", error.is_some());
    let describedby = described_by(&id, false, error.is_some());
    let none_selected = selected.is_empty();
    view! {
        <FieldGroup id=id.clone() label hint=None error>
            <select class=class id=id.clone() name=id aria-describedby=describedby>
                {none.map(|label| view! { <option value="" selected=none_selected>{label}</option> })}
                {choices.into_iter().map(|choice| {
                    let is_selected = choice.value == selected;
                    view! { <option value=choice.value selected=is_selected>{choice.label}</option> }
                }).collect_view()}
            </select>
        </FieldGroup>
    }
}

/// Radios in a fieldset; the first radio carries the field's `id` so the
/// error summary can focus it.
#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    choices: Vec<Choice>,
    #[prop(into)] selected: String,
    problems: Vec<FieldProblem>,
) -> impl IntoView {
    let error = message_for(&problems, &id);
    let group_class = with_error_modifier("nhsuk-form-group", error.is_some());
    let describedby = described_by(&id, false, error.is_some());
    view! {
        <div class=group_class>
            <fieldset class="nhsuk-fieldset" aria-describedby=describedby>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {error.map(|message| view! {
                    <span class="nhsuk-error-message" id=format!("{id}-error")>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>
                        {message}
                    </span>
                })}
                <div class="nhsuk-radios">
                    {choices.into_iter().enumerate().map(|(i, choice)| {
                        let radio_id = if i == 0 { id.clone() } else { format!("{id}-{}", choice.value) };
                        let checked = choice.value == selected;
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=radio_id.clone() name=id.clone()
                                    type="radio" value=choice.value checked=checked />
                                <label class="nhsuk-label nhsuk-radios__label" for=radio_id>{choice.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn textarea_values_cannot_end_the_element() {
        let html = view! {
            <TextArea id="notes" label="Notes" value="a </textarea><script>alert(1)</script> & b" problems=Vec::new() />
        }
        .to_html();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("a &lt;/textarea&gt;&lt;script&gt;"), "{html}");
    }
}
