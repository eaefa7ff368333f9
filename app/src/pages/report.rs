//! `/services/{slug}/report`: "Report a problem with this entry", a plain
//! form anyone can send, and `/services/{slug}/report/sent`, its thanks.
//! A refused report comes back as [`ReportProblem`] with what was typed.

use crate::components::error_page::slug_in_address;
use crate::components::forms::{ErrorSummary, TextArea, TextInput};
use crate::components::layout::PageLayout;
use crate::components::page_meta::PageMeta;
use crate::components::text::{CaptionedHeading, TwoThirds};
use crate::directory::api::load_service;
use crate::error::PageError;
use crate::paths;
use crate::reports::{fields, ReportPage};
use leptos::prelude::*;

/// The trail of both pages.
fn trail() -> Vec<crate::components::layout::Crumb> {
    vec![
        ("Home", paths::HOME),
        ("Services directory", paths::SERVICES),
    ]
}

/// A page about the service in the address: `render` once its name is
/// known, or the error's page.
fn about_service(render: fn(ReportPage) -> AnyView) -> impl IntoView {
    let service = Resource::new(slug_in_address(), |slug| async move {
        load_service(slug)
            .await
            .map_err(PageError::from)
            .map(|page| ReportPage {
                slug: page.service.slug,
                service_name: page.service.name,
                ..ReportPage::default()
            })
    });
    view! {
        <PageLayout trail=trail()>
            {crate::components::error_page::loaded_content(service, render)}
        </PageLayout>
    }
}

/// `/services/{slug}/report`.
#[component]
pub fn ReportProblemPage() -> impl IntoView {
    about_service(|page| view! { <ReportProblem page /> }.into_any())
}

/// `/services/{slug}/report/sent`.
#[component]
pub fn ReportSentPage() -> impl IntoView {
    about_service(|page| view! { <ReportSent page /> }.into_any())
}

/// The page of a refused report, made on the server.
pub fn refused_report_page(page: ReportPage) -> AnyView {
    view! { <PageLayout trail=trail()><ReportProblem page /></PageLayout> }.into_any()
}

/// The report form: what is wrong, and how to reach whoever sends it if
/// they want to say.
#[component]
fn ReportProblem(page: ReportPage) -> impl IntoView {
    let ReportPage {
        slug,
        service_name,
        form,
        problems,
    } = page;
    let title = if problems.is_empty() {
        "Report a problem with this entry"
    } else {
        "Error: Report a problem with this entry"
    };
    let description = format!("Tell us what is wrong with the entry for {service_name}.");
    view! {
        <PageMeta title description path=paths::report_problem(&slug) noindex=true />
        <TwoThirds>
            {(!problems.is_empty()).then(|| view! { <ErrorSummary problems=problems.clone() /> })}
            <CaptionedHeading kind="Service: " caption=service_name.clone() title="Report a problem with this entry" />
            <p>
                "Tell us if something in the entry for " {service_name.clone()}
                " is wrong, such as a phone number that does not work or opening times that have changed. The staff who keep the entry up to date will check it."
            </p>
            <p>
                "This form is only for mistakes in the directory. Do not include anything about your health or care. To speak to the service, use the phone number on its page."
            </p>
            <form method="post" action=paths::report_problem(&slug) novalidate>
                <TextArea id=fields::WHAT_IS_WRONG label="What is wrong?" value=form.what_is_wrong
                    problems=problems.clone()
                    hint="For example, which number or time is wrong and what it should be, if you know." />
                <TextInput id=fields::CONTACT label="Your email address or phone number (optional)" value=form.contact
                    problems
                    hint="Only if you are happy for us to contact you about this report. We use it for nothing else." />
                <button class="nhsuk-button" type="submit">"Send report"</button>
            </form>
            <p class="nhsuk-body-s">
                <a href=paths::service(&slug)>"Back to " {service_name}</a>
            </p>
        </TwoThirds>
    }
}

/// Thanks for a report.
#[component]
fn ReportSent(page: ReportPage) -> impl IntoView {
    let ReportPage {
        slug, service_name, ..
    } = page;
    view! {
        <PageMeta title="Report sent" description="Thank you for telling us about a problem with an entry in the services directory."
            path=paths::report_sent(&slug) noindex=true />
        <TwoThirds>
            <div class="nhsuk-panel">
                <h1 class="nhsuk-panel__heading">"Report sent"</h1>
                <div class="nhsuk-panel__body">
                    "Thank you. The staff who keep the entry for " {service_name.clone()} " up to date will check it."
                </div>
            </div>
            <p>"If you gave your contact details, they may get in touch about it. Reports are not shown on the website."</p>
            <p><a href=paths::service(&slug)>"Back to " {service_name}</a></p>
        </TwoThirds>
    }
}
