//! What the server provides every page render and server function in their
//! Leptos context, and the one way to reach each: the site's content
//! ([`content`]), the services directory ([`directory`]), staff accounts
//! ([`accounts`]) and the request's facts ([`request_facts`]: who asks
//! among them).

use crate::directory::live::Directory;
use crate::error::MissingContext;
use crate::model::SiteContent;
use crate::request::RequestFacts;
use leptos::prelude::use_context;
use std::sync::Arc;

fn provided<T: Clone + Send + Sync + 'static>(what: &str) -> Result<T, MissingContext> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!(what, "missing from the request context");
        MissingContext
    })
}

/// The site's content, as loaded at start-up.
pub fn content() -> Result<Arc<SiteContent>, MissingContext> {
    provided("site content")
}

/// The services directory.
pub fn directory() -> Result<Arc<Directory>, MissingContext> {
    provided("services directory")
}

/// Staff accounts (on the server's clock, with its session settings).
pub fn accounts() -> Result<crate::staff::accounts::Accounts, MissingContext> {
    provided("staff accounts")
}

/// Unix seconds now, on the site's one clock (the staff accounts' clock,
/// which tests move on).
pub fn now() -> Result<i64, MissingContext> {
    Ok(accounts()?.now())
}

/// The facts of the request being answered.
pub fn request_facts() -> RequestFacts {
    use_context::<http::request::Parts>()
        .map(|parts| RequestFacts::of(&parts.extensions))
        .unwrap_or_else(|| RequestFacts::of(&http::Extensions::new()))
}
