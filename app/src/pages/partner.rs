//! `/partnerships/{slug}`: one partner.

use crate::api::load_partner;
use crate::components::error_page::loaded_page;
use crate::components::layout::PageLayout;
use crate::components::page_meta::{site_url, PageMeta};
use crate::model::PartnerPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A partner's page; an unknown slug gives "page not found" with status 404.
#[component]
pub fn PartnerDetailPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_partner,
    );
    view! {
        <PageLayout trail=vec![("Home", paths::HOME), ("Partnerships", paths::PARTNERSHIPS)]>
            {loaded_page(page, |page| view! { <PartnerDetail page /> }.into_any())}
        </PageLayout>
    }
}

#[component]
fn PartnerDetail(page: PartnerPage) -> impl IntoView {
    let site_url = site_url();
    let json_ld = structured_data::script_text(&structured_data::partner(&page, &site_url));
    let PartnerPage {
        partner,
        member_of,
        members,
        ..
    } = page;
    let members = (!members.is_empty()).then(|| {
        let links = members
            .into_iter()
            .map(|m| {
                let href = m.href();
                view! { <li><a href=href>{m.name}</a></li> }
            })
            .collect_view();
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Members"</dt>
                <dd class="nhsuk-summary-list__value">
                    <ul class="nhsuk-list">{links}</ul>
                </dd>
            </div>
        }
    });
    let member_of = member_of.map(|parent| {
        let href = parent.href();
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Part of"</dt>
                <dd class="nhsuk-summary-list__value">
                    <a href=href>{parent.name}</a>
                </dd>
            </div>
        }
    });
    view! {
        <PageMeta title=partner.name.clone() description=partner.summary.clone() path=partner.href() json_ld />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>
                    <span class="nhsuk-caption-l">
                        <span class="nhsuk-u-visually-hidden">"Partner type: "</span>
                        {partner.kind.label()}
                    </span>
                    {partner.name.clone()}
                </h1>
                <p class="nhsuk-lede-text">{partner.summary.clone()}</p>
                {partner.description.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                <dl class="nhsuk-summary-list">
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Where"</dt>
                        <dd class="nhsuk-summary-list__value">{partner.place}</dd>
                    </div>
                    {member_of}
                    {members}
                </dl>
                <p>
                    <a href=paths::PARTNERSHIPS>"See all our partners on the map"</a>
                </p>
            </div>
        </div>
    }
}
