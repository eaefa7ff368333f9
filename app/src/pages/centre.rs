//! `/centres/{slug}`: one centre of excellence.

use crate::api::load_centre;
use crate::components::cards::{CardLink, CardLinks, KeyFigures, SiteCard};
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::text::{CaptionedHeading, Paragraphs, TwoThirds};
use crate::model::CentrePage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

loaded_page! {
    /// A centre's page; an unknown slug gives "page not found" with status 404.
    pub CentreDetailPage: vec![("Home", paths::HOME), ("Centres of excellence", paths::CENTRES)], load_centre => CentreDetail
}

#[component]
fn CentreDetail(page: CentrePage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::centre(&page, site_url));
    let (centre, sites, related, services) = (page.centre, page.sites, page.related, page.services);
    let related = related.iter().map(CardLink::from).collect::<Vec<_>>();
    let has_related = !related.is_empty();
    view! {
        <PageMeta title=centre.name.clone() description=centre.summary.clone() path=paths::centre(&centre.slug) json_ld />
        <TwoThirds>
            <CaptionedHeading kind="Specialist group: " caption={centre.group} title={centre.name} />
            <p class="nhsuk-lede-text">{centre.summary}</p>
            <Paragraphs texts=centre.intro />
        </TwoThirds>
        <h2>"Highlights"</h2>
        <KeyFigures figures=centre.highlights />
        <TwoThirds>
            <h2>"What we offer"</h2>
            <ul>{centre.offers.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
            <h2>"Where we are"</h2>
            <p>{centre.location}</p>
        </TwoThirds>
        <ul class="nhsuk-grid-row nhsuk-card-group">
            {sites.into_iter().map(|site| view! { <SiteCard site /> }).collect_view()}
        </ul>
        {(!services.is_empty()).then(|| view! {
            <h2 id="centre-services">"Services in the directory"</h2>
            <ul class="lth-columns" aria-labelledby="centre-services">
                {services.into_iter().map(|s| view! {
                    <li><a href=paths::service(&s.slug)>{s.name}</a></li>
                }).collect_view()}
            </ul>
        })}
        {has_related.then(|| view! {
            <h2>"Related centres"</h2>
            <CardLinks links=related />
        })}
    }
}
