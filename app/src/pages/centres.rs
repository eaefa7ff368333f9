//! `/centres`: the list of centres of excellence.

use crate::api::load_centres;
use crate::components::cards::{CardLink, CardLinks};
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::text::PageIntro;
use crate::model::CentresPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

loaded_page! {
    /// The centres of excellence, each linking to its own page.
    pub CentresListPage: vec![("Home", paths::HOME)], |_| load_centres() => CentresList
}

#[component]
fn CentresList(page: CentresPage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::centres(&page, site_url));
    let description = page.intro.first().cloned().unwrap_or_default();
    let links = page.centres.iter().map(CardLink::from).collect::<Vec<_>>();
    view! {
        <PageMeta title="Centres of excellence" description path=paths::CENTRES json_ld />
        <PageIntro title="Centres of excellence" texts=page.intro />
        <CardLinks links heading_level=2 />
    }
}
