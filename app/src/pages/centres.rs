//! `/centres`: the list of centres of excellence.

use crate::api::load_centres;
use crate::components::cards::{CardLink, CardLinks};
use crate::components::error_page::loaded_page;
use crate::components::layout::PageLayout;
use crate::components::page_meta::{site_url, PageMeta};
use crate::model::CentresPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

/// The centres of excellence, each linking to its own page.
#[component]
pub fn CentresListPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_centres());
    view! {
        <PageLayout trail=vec![("Home", paths::HOME)]>
            {loaded_page(page, |page| view! { <CentresList page /> }.into_any())}
        </PageLayout>
    }
}

#[component]
fn CentresList(page: CentresPage) -> impl IntoView {
    let site_url = site_url();
    let json_ld = structured_data::script_text(&structured_data::centres(&page, &site_url));
    let description = page.intro.first().cloned().unwrap_or_default();
    let links = page.centres.iter().map(CardLink::from).collect::<Vec<_>>();
    view! {
        <PageMeta title="Centres of excellence" description path=paths::CENTRES json_ld />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"Centres of excellence"</h1>
                {page.intro.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
        </div>
        <CardLinks links heading_level=2 />
    }
}
