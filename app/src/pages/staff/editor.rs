//! `/staff/services/new` and `/staff/services/{slug}/edit`: the service form,
//! with its change history and, after a refused save, what changed meanwhile.

use super::{SignedInAs, STAFF_TRAIL};
use crate::components::error_page::loaded_page;
use crate::components::forms::{ErrorSummary, Radios, Select, TextArea, TextInput};
use crate::components::history::History;
use crate::components::islands::ConditionalReveal;
use crate::components::page_meta::PageMeta;
use crate::components::text::TwoThirds;
use crate::directory::opening::DAY_NAMES;
use crate::directory::{AgeGroup, ServiceGroup, REVIEW_INTERVALS, REVIEW_MONTHS};
use crate::model::Choice;
use crate::paths;
use crate::staff::api::load_service_editor;
use crate::staff::{fields, AuditEntry, EditorPage};
use leptos::prelude::*;

loaded_page! {
    /// `/staff/services/new` and `/staff/services/{slug}/edit`.
    pub ServiceEditorPage: STAFF_TRAIL.to_vec(), load_service_editor => ServiceEditor
}

pub(super) fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|&item| Choice {
            value: value(item).to_string(),
            label: label(item).to_string(),
        })
        .collect()
}

/// Whether a service opens on bank holidays.
fn bank_holiday_choices() -> Vec<Choice> {
    [
        (fields::BANK_HOLIDAYS_CLOSED, "Closed"),
        (fields::BANK_HOLIDAYS_OPEN, "Open, as on other days"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value: value.to_string(),
        label: label.to_string(),
    })
    .collect()
}

/// How often an entry may be checked: every 3, 6, 12 or 24 months.
fn review_choices() -> Vec<Choice> {
    REVIEW_INTERVALS
        .iter()
        .map(|months| Choice {
            value: months.to_string(),
            label: format!("{months} months"),
        })
        .collect()
}

#[component]
pub(super) fn ServiceEditor(page: EditorPage) -> impl IntoView {
    let EditorPage {
        staff,
        editing,
        form,
        problems,
        conflict,
        sites,
        centres,
    } = page;
    let heading = match &editing {
        Some(service) => format!("Edit {}", service.name),
        None => "Add a service".to_string(),
    };
    let (path, action) = match &editing {
        Some(service) => (
            paths::edit_service(&service.slug),
            paths::edit_service(&service.slug),
        ),
        None => (
            paths::NEW_SERVICE.to_string(),
            paths::NEW_SERVICE.to_string(),
        ),
    };
    let title = if problems.is_empty() && conflict.is_none() {
        heading.clone()
    } else {
        format!("Error: {heading}")
    };
    let version = form.version.map(|v| v.to_string()).unwrap_or_default();
    let opening_days = DAY_NAMES
        .iter()
        .enumerate()
        .map(|(day, name)| {
            view! {
                <TextInput id=fields::opening_day(day) label=*name value=form.opening_days[day].clone()
                    problems=problems.clone() width_class="nhsuk-input--width-20" />
            }
        })
        .collect_view();
    let review_months = if form.review_months.is_empty() {
        REVIEW_MONTHS.to_string()
    } else {
        form.review_months.clone()
    };
    let site_problem = problems
        .iter()
        .find(|p| p.field == fields::SITES)
        .map(|p| p.message.clone());
    let sites_class = if site_problem.is_some() {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    };
    // Without JavaScript every hospital's location field shows; once the
    // ConditionalReveal island runs, only those of ticked hospitals do.
    let sites_view = sites
        .into_iter()
        .enumerate()
        .map(|(i, site)| {
            let checkbox_id = if i == 0 {
                fields::SITES.to_string()
            } else {
                format!("{}-{}", fields::SITES, site.value)
            };
            let checked = form.sites.contains(&site.value);
            let location_id = format!("{}{}", fields::LOCATION_PREFIX, site.value);
            let location = form.location(&site.value).to_string();
            let conditional_id = format!("{location_id}-conditional");
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=checkbox_id.clone() name=fields::SITES
                        type="checkbox" value=site.value.clone() checked=checked
                        aria-controls=conditional_id.clone() />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=checkbox_id>{site.label.clone()}</label>
                </div>
                <div class="lth-site-location" id=conditional_id>
                    <TextInput id=location_id label=format!("Where at {}", site.label) value=location
                        problems=problems.clone() hint="Wing, building, floor or department, if the box is ticked" />
                </div>
            }
        })
        .collect_view();
    let archive_form = editing.as_ref().map(|service| {
        let (action, label, note) = if service.archived {
            (
                paths::restore_service(&service.slug),
                "Restore to the directory",
                "This service is archived: the public cannot find it.",
            )
        } else {
            (
                paths::archive_service(&service.slug),
                "Archive this service",
                "Archiving takes the service off the public directory. You can restore it.",
            )
        };
        let still_correct = (!service.archived).then(|| view! {
            <h2>"Still correct?"</h2>
            <p>"If you have checked every detail and nothing has changed, record it: the page then says it was reviewed today, and is next due for review in 6 months."</p>
            <form method="post" action=paths::verify_service(&service.slug)>
                <input type="hidden" name=fields::VERSION value=version.clone() />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Still correct"</button>
            </form>
        });
        let owners_form = view! {
            <h2>"Owners"</h2>
            <form method="post" action=paths::service_owners(&service.slug) novalidate>
                <input type="hidden" name=fields::VERSION value=version.clone() />
                <TextArea id=fields::OWNERS label="Who keeps this entry right" value=service.owners.join("\n")
                    problems=problems.clone() rows=3
                    hint="Their email addresses, one per line. Each needs a staff account. Owners see the service under Your services and can mark it still correct." />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save owners"</button>
            </form>
        };
        view! {
            {still_correct}
            {owners_form}
            <h2>"Listing"</h2>
            <p>{note}</p>
            <form method="post" action=action>
                <input type="hidden" name=fields::VERSION value=version.clone() />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">{label}</button>
            </form>
        }
    });
    let history = editing
        .as_ref()
        .map(|s| s.history.clone())
        .unwrap_or_default();
    let public_link = editing
        .as_ref()
        .filter(|s| !s.archived)
        .map(|s| view! { <p><a href=paths::service(&s.slug)>"View the public page"</a></p> });
    view! {
        <PageMeta title description="Edit a service in the directory." path noindex=true />
        <SignedInAs staff />
        <TwoThirds>
            {conflict.map(|changes| view! { <Conflict changes /> })}
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <h1>{heading}</h1>
            {public_link}
            <form method="post" action=action novalidate>
                <input type="hidden" name=fields::VERSION value=version.clone() />
                {editing.is_none().then(|| view! {
                    <TextInput id=fields::SLUG label="Web address name" value=form.slug.clone()
                        problems=problems.clone()
                        hint="Lower-case letters, numbers and hyphens, like heart-failure-clinic. It cannot be changed later." />
                })}
                <TextInput id=fields::NAME label="Service name" value=form.name.clone() problems=problems.clone() />
                <Select id=fields::GROUP label="Specialist group" selected=form.group.clone()
                    choices=choices(&ServiceGroup::ALL, ServiceGroup::slug, ServiceGroup::label)
                    problems=problems.clone() none="Select a group" />
                <TextArea id=fields::DESCRIPTION label="Description" value=form.description.clone()
                    problems=problems.clone() hint="What the service does, in plain English (20 to 600 characters)." rows=4 />
                <TextArea id=fields::CONDITIONS label="Conditions and everyday words" value=form.conditions.clone()
                    problems=problems.clone() hint="One per line. Include the words patients use, like heart attack." rows=8 />
                <Radios id=fields::AGE_GROUP legend="Who it is for" selected=form.age_group.clone()
                    choices=choices(&AgeGroup::ALL, AgeGroup::slug, AgeGroup::label) problems=problems.clone() />
                <div class=sites_class>
                    <fieldset class="nhsuk-fieldset">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Where the service is"</legend>
                        {site_problem.map(|message| view! {
                            <span class="nhsuk-error-message" id="sites-error">
                                <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                            </span>
                        })}
                        <ConditionalReveal>
                            <div class="nhsuk-checkboxes">{sites_view}</div>
                        </ConditionalReveal>
                    </fieldset>
                </div>
                <TextInput id=fields::PHONE label="Phone" value=form.phone.clone() problems=problems.clone()
                    input_type="tel" width_class="nhsuk-input--width-20" />
                <TextInput id=fields::EMAIL label="Email (optional)" value=form.email.clone() problems=problems.clone()
                    input_type="email" hint="Only an address the public may use." />
                <TextArea id=fields::OPENING_HOURS label="Opening hours" value=form.opening_hours.clone()
                    problems=problems.clone() rows=2
                    hint="A short note in words, like Monday to Friday, 9am to 5pm. The times below are what the week table and \"open now\" use." />
                <fieldset class="nhsuk-fieldset lth-opening-fields" aria-describedby="opening-times-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Opening times"</legend>
                    <div class="nhsuk-hint" id="opening-times-hint">
                        "For each day, the times it is open, like 09:00-17:00, with a comma between sessions: 09:00-12:30, 13:30-17:00. "
                        "00:00-24:00 is open all day. Leave a day empty if it is closed."
                    </div>
                    {opening_days}
                    <Radios id=fields::BANK_HOLIDAYS legend="On bank holidays" selected=form.bank_holidays.clone()
                        choices=bank_holiday_choices() problems=problems.clone() />
                    <TextArea id=fields::OPENING_DATED label="Other times on dates (optional)" value=form.opening_dated.clone()
                        problems=problems.clone() rows=3
                        hint="One date a line: the date, a colon, then its times or closed. For example, 2026-12-24: 09:00-13:00 or 2026-12-25: closed." />
                </fieldset>
                <TextArea id=fields::REFERRAL label="Referral information for professionals" value=form.referral.clone()
                    problems=problems.clone() rows=4 />
                <Select id=fields::CENTRE label="Centre (optional)" selected=form.centre.clone()
                    choices=centres problems=problems.clone() none="None" />
                <Select id=fields::REVIEW_MONTHS label="Check the entry every" selected=review_months
                    choices=review_choices() problems=problems.clone() />
                <fieldset class="nhsuk-fieldset lth-staff-only-fields">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                        <h2 class="nhsuk-fieldset__heading">"For staff only"</h2>
                    </legend>
                    <p class="nhsuk-hint">
                        "Only signed-in staff see these, on the service's page and in search results. "
                        "All are optional."
                    </p>
                    <TextInput id=fields::WHEREABOUTS label="Where in the hospital" value=form.whereabouts.clone()
                        problems=problems.clone() hint="The ward and floor, like Ward 12, level 2, Gledhow Wing." />
                    <TextArea id=fields::STAFF_PHONES label="Extensions and direct lines" value=form.staff_phones.clone()
                        problems=problems.clone() rows=3
                        hint="One per line: who or where, a colon, then the number, like Nurses' station: 23456." />
                    <TextArea id=fields::BLEEPS label="Bleeps" value=form.bleeps.clone()
                        problems=problems.clone() rows=3
                        hint="One per line: who, a colon, then the bleep number, like On-call registrar: 1234." />
                    <TextArea id=fields::OUT_OF_HOURS label="On call and out of hours" value=form.out_of_hours.clone()
                        problems=problems.clone() rows=3 />
                    <TextArea id=fields::INTERNAL_REFERRAL label="How to refer from within the trust" value=form.internal_referral.clone()
                        problems=problems.clone() rows=3 />
                    <TextInput id=fields::REFERRAL_FORM label="Internal referral form" value=form.referral_form.clone()
                        problems=problems.clone() input_type="url" hint="Its address, starting https://" />
                </fieldset>
                <p class="nhsuk-body-s">"Saving sets the page's \"last reviewed\" date to today."</p>
                <button class="nhsuk-button" type="submit">"Save and publish"</button>
            </form>
            {archive_form}
            {editing.is_some().then(|| view! { <History entries=history /> })}
        </TwoThirds>
    }
}

/// A save refused because someone saved first: what they changed.
#[component]
fn Conflict(changes: Vec<AuditEntry>) -> impl IntoView {
    view! {
        <div class="nhsuk-error-summary" aria-labelledby="conflict-title" role="alert" tabindex="-1">
            <h2 class="nhsuk-error-summary__title" id="conflict-title">
                "This service changed since you opened it"
            </h2>
            <div class="nhsuk-error-summary__body">
                <p>
                    "Your changes have not been saved, and nothing was overwritten. What you typed is
                    still in the form below. Check the other changes, then save again to replace them
                    with yours, or "
                    <a href=paths::STAFF>"leave without saving"</a>"."
                </p>
                <History entries=changes heading="What changed" />
            </div>
        </div>
    }
}
