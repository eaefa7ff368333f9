//! `/`: the trust profile.

use crate::api::load_trust_profile;
use crate::components::cards::{CardLink, CardLinks, KeyFigures, SiteCard};
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::text::TwoThirds;
use crate::model::TrustPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

loaded_page! {
    /// The home page: who the trust is, its figures, groups, sites and links onward.
    pub TrustProfilePage: Vec::new(), |_| load_trust_profile() => TrustProfile
}

#[component]
fn TrustProfile(page: TrustPage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::trust(&page, site_url));
    let (trust, sites, centres) = (page.trust, page.sites, page.centres);
    let mut intro = trust.intro.into_iter();
    let lede = intro.next().unwrap_or_default();
    let groups = trust
        .groups
        .into_iter()
        .map(|group| {
            let centre_name = centres
                .iter()
                .find(|c| c.slug == group.centre)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            CardLink {
                title: group.name,
                href: paths::centre(&group.centre),
                description: format!("{} Led by {centre_name}.", group.summary),
            }
        })
        .collect::<Vec<_>>();
    let onward = trust
        .onward
        .into_iter()
        .map(|link| CardLink {
            title: link.title,
            href: link.href,
            description: link.description,
        })
        .collect::<Vec<_>>();
    let headquarters = trust.headquarters;
    let site_cards = sites
        .into_iter()
        .map(|site| {
            let is_headquarters = site.slug == headquarters;
            view! { <SiteCard site headquarters=is_headquarters /> }
        })
        .collect_view();
    view! {
        <PageMeta title="About us" description=trust.description path=paths::HOME json_ld />
        <TwoThirds>
            <h1>"About us"</h1>
            <p class="nhsuk-lede-text">{lede}</p>
            {intro.map(|p| view! { <p>{p}</p> }).collect_view()}
        </TwoThirds>
        <h2>"Key facts"</h2>
        <KeyFigures figures=trust.key_figures />
        <h2>"Our specialist services"</h2>
        <p class="lth-measure">{trust.groups_intro}</p>
        <CardLinks links=groups />
        <h2>"Our hospitals"</h2>
        <ul class="nhsuk-grid-row nhsuk-card-group">{site_cards}</ul>
        <p class="nhsuk-body-s">
            {format!("{} was formed in {}. Its NHS organisation code is {}.", trust.name, trust.formed, trust.ods_code)}
        </p>
        <h2>"Find out more"</h2>
        <CardLinks links=onward />
    }
}
