//! `/centres`: the list of centres of excellence.

use crate::api::load_centres;
use crate::components::cards::{CardLink, CardLinks};
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::text::Paragraphs;
use crate::model::CentresPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

/// The centres of excellence, each linking to its own page.
#[component]
pub fn CentresListPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_centres());
    loaded_page(vec![("Home", paths::HOME)], page, |page| {
        view! { <CentresList page /> }.into_any()
    })
}

#[component]
fn CentresList(page: CentresPage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::centres(&page, site_url));
    let description = page.intro.first().cloned().unwrap_or_default();
    let links = page.centres.iter().map(CardLink::from).collect::<Vec<_>>();
    view! {
        <PageMeta title="Centres of excellence" description path=paths::CENTRES json_ld />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"Centres of excellence"</h1>
                <Paragraphs texts=page.intro />
            </div>
        </div>
        <CardLinks links heading_level=2 />
    }
}
