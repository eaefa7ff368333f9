//! NHS.UK card groups: headline figures and links to other pages.

use crate::model::{CentreLink, HospitalSite, KeyFigure};
use leptos::prelude::*;

/// Headline figures as a group of feature-style cards, in a list.
#[component]
pub fn KeyFigures(figures: Vec<KeyFigure>) -> impl IntoView {
    let items = figures
        .into_iter()
        .map(|figure| {
            view! {
                <CardItem column="one-third" card="nhsuk-card lth-figure">
                    <p class="lth-figure__value">{figure.value}</p>
                    <p class="nhsuk-card__description">{figure.label}</p>
                </CardItem>
            }
        })
        .collect_view();
    view! { <ul class="nhsuk-grid-row nhsuk-card-group">{items}</ul> }
}

/// One card of a card group: a list item `column` wide (`one-third`,
/// `one-half`) holding a card with the classes `card`.
#[component]
fn CardItem(column: &'static str, card: &'static str, children: Children) -> impl IntoView {
    view! {
        <li class=format!("nhsuk-grid-column-{column} nhsuk-card-group__item")>
            <div class=card>
                <div class="nhsuk-card__content">{children()}</div>
            </div>
        </li>
    }
}

/// One destination for [`CardLinks`].
#[derive(Debug, Clone, PartialEq)]
pub struct CardLink {
    pub title: String,
    pub href: String,
    pub description: String,
}

impl From<&CentreLink> for CardLink {
    fn from(centre: &CentreLink) -> Self {
        CardLink {
            title: centre.name.clone(),
            href: centre.href(),
            description: centre.summary.clone(),
        }
    }
}

impl From<&HospitalSite> for CardLink {
    fn from(site: &HospitalSite) -> Self {
        CardLink {
            title: site.name.clone(),
            href: site.href(),
            description: format!("{} {}", site.summary, site.address_line()),
        }
    }
}

/// Clickable cards, two to a row, each a heading link with a description.
/// `heading_level` is 2 where the cards sit straight under the page's `h1`.
#[component]
pub fn CardLinks(links: Vec<CardLink>, #[prop(default = 3)] heading_level: u8) -> impl IntoView {
    let items = links
        .into_iter()
        .map(|link| {
            let anchor = view! {
                <a class="nhsuk-card__link" href=link.href>
                    {link.title}
                </a>
            };
            let heading = if heading_level == 2 {
                view! { <h2 class="nhsuk-card__heading nhsuk-heading-m">{anchor}</h2> }.into_any()
            } else {
                view! { <h3 class="nhsuk-card__heading nhsuk-heading-m">{anchor}</h3> }.into_any()
            };
            view! {
                <CardItem column="one-half" card="nhsuk-card nhsuk-card--clickable">
                    {heading}
                    <p class="nhsuk-card__description">{link.description}</p>
                </CardItem>
            }
        })
        .collect_view();
    view! { <ul class="nhsuk-grid-row nhsuk-card-group">{items}</ul> }
}

/// A hospital site as a card with its address.
#[component]
pub fn SiteCard(site: HospitalSite, #[prop(optional)] headquarters: bool) -> impl IntoView {
    view! {
        <li class="nhsuk-grid-column-one-half nhsuk-card-group__item">
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <h3 class="nhsuk-card__heading nhsuk-heading-s">
                        <a href=site.href()>{site.name.clone()}</a>
                    </h3>
                    {headquarters.then(|| view! { <p><strong class="nhsuk-tag nhsuk-tag--blue">"Trust headquarters"</strong></p> })}
                    <p class="nhsuk-card__description">{site.summary.clone()}</p>
                    <p class="nhsuk-body-s lth-address">
                        <span class="nhsuk-u-visually-hidden">"Address: "</span>
                        {site.address_line()}
                    </p>
                </div>
            </div>
        </li>
    }
}
