//! A service's change history, as staff see it on the service form and on
//! the public service page.

use crate::staff::AuditEntry;
use leptos::prelude::*;

/// A service's audit log: who changed what, when, before and after.
#[component]
pub fn History(
    entries: Vec<AuditEntry>,
    #[prop(default = "Change history")] heading: &'static str,
) -> impl IntoView {
    view! {
        <h2>{heading}</h2>
        {if entries.is_empty() {
            view! { <p>"No changes recorded since the directory was first loaded."</p> }.into_any()
        } else {
            view! {
                <ol class="nhsuk-list lth-history">
                    {entries.into_iter().map(|entry| view! {
                        <li class="lth-history__entry">
                            <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
                                <strong>{entry.action.label()}</strong>
                                " by " {entry.staff_email.clone()}
                                " on " {entry.at.replace('T', " at ").trim_end_matches('Z').to_string()} " UTC"
                                " (version " {entry.version} ")"
                            </p>
                            <dl class="nhsuk-summary-list lth-history__changes">
                                {entry.changes.into_iter().map(|change| view! {
                                    <div class="nhsuk-summary-list__row">
                                        <dt class="nhsuk-summary-list__key">{change.field}</dt>
                                        <dd class="nhsuk-summary-list__value">
                                            <span class="nhsuk-u-visually-hidden">"Before: "</span>
                                            <del>{change.before}</del>
                                            <br />
                                            <span class="nhsuk-u-visually-hidden">"After: "</span>
                                            <ins>{change.after}</ins>
                                        </dd>
                                    </div>
                                }).collect_view()}
                            </dl>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
