//! `/partnerships/{slug}`: one partner.

use crate::api::load_partner;
use crate::components::error_page::loaded_page;
use crate::components::page_meta::PageMeta;
use crate::components::text::{CaptionedHeading, Paragraphs, TwoThirds};
use crate::model::PartnerPage;
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

loaded_page! {
    /// A partner's page; an unknown slug gives "page not found" with status 404.
    pub PartnerDetailPage: vec![("Home", paths::HOME), ("Partnerships", paths::PARTNERSHIPS)], load_partner => PartnerDetail
}

#[component]
fn PartnerDetail(page: PartnerPage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::partner(&page, site_url));
    let (partner, member_of, members) = (page.partner, page.member_of, page.members);
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
        <TwoThirds>
            <CaptionedHeading kind="Partner type: " caption={partner.kind.label()} title={partner.name.clone()} />
            <p class="nhsuk-lede-text">{partner.summary.clone()}</p>
            <Paragraphs texts=partner.description />
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
        </TwoThirds>
    }
}
