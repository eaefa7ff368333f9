//! A service's staff-only details as signed-in staff see them, on its page
//! and under it in search results: numbers to dial (`tel:`), bleeps, routes,
//! and where the department is.

// Views of different shapes are told apart with `Either`, not erased with
// `into_any`: an erased view keeps its browser rendering code in the WASM of
// the browser's search module, which renders results to HTML only.

use crate::staff::details::{StaffDetails, StaffNumber};
use leptos::either::Either;
use leptos::prelude::*;

/// A row of the summary list, left out when it has nothing to show.
fn row(key: &'static str, value: Option<impl IntoView>) -> Option<impl IntoView> {
    value.map(|value| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{key}</dt>
                <dd class="nhsuk-summary-list__value">{value}</dd>
            </div>
        }
    })
}

fn numbers(numbers: Vec<StaffNumber>, dialled: bool) -> Option<impl IntoView> {
    (!numbers.is_empty()).then(|| {
        let items = numbers
            .into_iter()
            .map(|number| {
                let shown = if dialled {
                    Either::Left(view! { <a href=number.tel()>{number.number.clone()}</a> })
                } else {
                    Either::Right(number.number.clone())
                };
                view! { <li>{number.label.clone()} ": " {shown}</li> }
            })
            .collect_view();
        view! { <ul class="nhsuk-list nhsuk-u-margin-bottom-0">{items}</ul> }
    })
}

fn text(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// The details in an NHS summary list, headed "For staff" (`h2`) on a
/// service's page or "Staff only" (`h4`) under a search result.
#[component]
pub fn StaffOnlyDetails(details: StaffDetails, in_results: bool) -> impl IntoView {
    let StaffDetails {
        phones,
        bleeps,
        out_of_hours,
        internal_referral,
        referral_form,
        whereabouts,
    } = details;
    let referral = match (internal_referral.is_empty(), referral_form.is_empty()) {
        (true, true) => None,
        _ => Some(view! {
            {(!internal_referral.is_empty()).then(|| view! { <p class="nhsuk-u-margin-bottom-1">{internal_referral}</p> })}
            {(!referral_form.is_empty()).then(|| view! { <p class="nhsuk-u-margin-bottom-0"><a href=referral_form>"Internal referral form"</a></p> })}
        }),
    };
    let heading = if in_results {
        Either::Left(
            view! { <h4 class="nhsuk-heading-xs nhsuk-u-margin-bottom-2">"Staff only"</h4> },
        )
    } else {
        Either::Right(view! { <h2 class="nhsuk-heading-m">"For staff"</h2> })
    };
    view! {
        <section class="lth-staff-only" data-staff-only="">
            {heading}
            <dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">
                {row("Where in the hospital", text(whereabouts))}
                {row("Extensions and direct lines", numbers(phones, true))}
                {row("Bleeps", numbers(bleeps, false))}
                {row("On call and out of hours", text(out_of_hours))}
                {row("Referring from within the trust", referral)}
            </dl>
        </section>
    }
}
