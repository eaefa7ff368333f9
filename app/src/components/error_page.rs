//! What a visitor sees when a page cannot be shown, served with the right status.

use crate::components::layout::PageLayout;
use crate::components::page_meta::PageMeta;
use crate::components::text::TwoThirds;
use crate::error::{set_response_status, PageError};
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

/// An error a page shows in place of its content, setting the status.
pub trait ErrorContent {
    fn content(self) -> AnyView;
}

impl ErrorContent for PageError {
    fn content(self) -> AnyView {
        view! { <PageErrorView error=self /> }.into_any()
    }
}

/// What a server function sends a page: its data or its error.
pub trait Loaded:
    Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static
{
}

impl<T> Loaded for T where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static
{
}

/// Declares a routed page whose content loads from a server function:
/// `Name` shows `Content` (a component taking `page`) once `load` (given
/// the address's slug, if any) answers, inside the [`PageLayout`] with
/// `trail`, or the error's page.
macro_rules! loaded_page {
    ($(#[$doc:meta])* pub $name:ident: $trail:expr, $load:expr => $content:ident) => {
        $(#[$doc])*
        #[component]
        pub fn $name() -> impl IntoView {
            let page = Resource::new($crate::components::error_page::slug_in_address(), $load);
            let content = $crate::components::error_page::loaded_content(page, |page| {
                view! { <$content page /> }.into_any()
            });
            view! { <$crate::components::layout::PageLayout trail=$trail>{content}</$crate::components::layout::PageLayout> }
        }
    };
}

pub(crate) use loaded_page;

/// The `slug` in the page's address (`/centres/{slug}`...), as a resource's source.
pub fn slug_in_address() -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("slug").unwrap_or_default()
}

/// A page's content from its server-loaded resource: rendered with `render` once
/// it arrives, or the error's content.
pub fn loaded_content<T, E, R>(resource: Resource<Result<T, E>>, render: R) -> impl IntoView
where
    T: Loaded,
    E: Loaded + ErrorContent,
    R: Fn(T) -> AnyView + Copy + Send + Sync + 'static,
{
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(page) => render(page),
                    Err(error) => error.content(),
                }
            })}
        </Suspense>
    }
}

/// The error content for a [`PageError`], inside a page's [`PageLayout`].
#[component]
pub fn PageErrorView(error: PageError) -> impl IntoView {
    match error {
        PageError::NotFound => view! { <NotFoundContent /> }.into_any(),
        PageError::BadRequest | PageError::Unavailable => {
            view! { <ServiceProblemContent /> }.into_any()
        }
    }
}

/// The page for an address no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageLayout>
            <NotFoundContent />
        </PageLayout>
    }
}

/// "Page not found", with status 404 and ways onward.
#[component]
fn NotFoundContent() -> impl IntoView {
    set_response_status(&PageError::NotFound);
    view! {
        <ErrorMessage title="Page not found" description="We could not find the page you asked for.">
            <p>"If you typed the web address, check it is spelt correctly."</p>
            <p>"If you followed a link or pasted the address, the page may have moved or been removed."</p>
            <p>"You can:"</p>
            <ul>
                <li><a href=paths::HOME>"read about the trust"</a></li>
                <li><a href=paths::CENTRES>"see our centres of excellence"</a></li>
                <li><a href=paths::SERVICES>"find a service in the services directory"</a></li>
            </ul>
        </ErrorMessage>
    }
}

/// "Sorry, there is a problem with the service", with status 503.
#[component]
fn ServiceProblemContent() -> impl IntoView {
    set_response_status(&PageError::Unavailable);
    view! {
        <ErrorMessage
            title="Sorry, there is a problem with the service"
            description="This page could not be shown. Try again later."
        >
            <p>"Try again later."</p>
            <p>"If you need to contact a hospital urgently, call the hospital switchboard. In an emergency, call 999."</p>
        </ErrorMessage>
    }
}

/// An error page's text: its heading (also the title) and what to do, kept
/// out of search engines.
#[component]
fn ErrorMessage(
    title: &'static str,
    description: &'static str,
    children: Children,
) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    view! {
        <PageMeta title description path noindex=true />
        <TwoThirds>
            <h1>{title}</h1>
            {children()}
        </TwoThirds>
    }
}
