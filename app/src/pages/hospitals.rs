//! `/hospitals` and `/hospitals/{slug}`: where each of the trust's hospitals
//! is, how to get there and park, and what is there.

use crate::api::{load_hospital, load_hospitals};
use crate::components::cards::{CardLink, CardLinks};
use crate::components::error_page::loaded_page;
use crate::components::hospital_map::HospitalMap;
use crate::components::page_meta::PageMeta;
use crate::components::text::{PhoneLink, TwoThirds};
use crate::model::{HospitalPage, HospitalsPage, Travel};
use crate::paths;
use crate::structured_data;
use leptos::prelude::*;

const TITLE: &str = "Our hospitals";

loaded_page! {
    /// Every hospital of the trust, each linking to its own page.
    pub HospitalsListPage: vec![("Home", paths::HOME)], |_| load_hospitals() => HospitalsList
}

loaded_page! {
    /// A hospital's page; an unknown slug gives "page not found" with status 404.
    pub HospitalDetailPage: vec![("Home", paths::HOME), (TITLE, paths::HOSPITALS)], load_hospital => HospitalDetail
}

#[component]
fn HospitalsList(page: HospitalsPage) -> impl IntoView {
    let json_ld = structured_data::for_page(|site_url| structured_data::hospitals(&page, site_url));
    let description = format!(
        "Where the {} hospitals of {} are, how to get there and what is at each one.",
        page.sites.len(),
        page.trust_name
    );
    let links = page.sites.iter().map(CardLink::from).collect::<Vec<_>>();
    view! {
        <PageMeta title=TITLE description=description.clone() path=paths::HOSPITALS json_ld />
        <TwoThirds>
            <h1>{TITLE}</h1>
            <p class="nhsuk-lede-text">{description}</p>
            <p>"Each hospital's page has its address, a map, what we know about getting there and parking, and the services there."</p>
        </TwoThirds>
        <CardLinks links heading_level=2 />
    }
}

#[component]
fn HospitalDetail(page: HospitalPage) -> impl IntoView {
    let json_ld =
        structured_data::for_page(|site_url| structured_data::hospital_page(&page, site_url));
    let HospitalPage {
        site,
        all_sites,
        headquarters,
        centres,
        services,
        switchboard,
        ..
    } = page;
    let description = format!(
        "{} Where it is, getting there and the services there.",
        site.summary
    );
    let services_heading = format!("Services at {}", site.name);
    let search_here = format!("{}?site={}", paths::SERVICES, site.slug);
    let numbered = all_sites
        .iter()
        .zip(1..)
        .map(|(other, number): (_, u32)| {
            let current = other.slug == site.slug;
            view! {
                <li value=number>
                    {if current {
                        view! { <strong aria-current="page">{other.name.clone()}" (this hospital)"</strong> }.into_any()
                    } else {
                        view! { <a href=other.href()>{other.name.clone()}</a> }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <PageMeta title=site.name.clone() description path=site.href() json_ld />
        <TwoThirds>
            <h1>{site.name.clone()}</h1>
            <p class="nhsuk-lede-text">{site.summary.clone()}</p>
            {headquarters.then(|| view! { <p><strong class="nhsuk-tag nhsuk-tag--blue">"Trust headquarters"</strong></p> })}
            <h2>"Address"</h2>
            <p class="lth-address">
                {site.address.iter().map(|line| view! { {line.clone()}<br /> }).collect_view()}
                {site.postcode.clone()}
            </p>
            {site.phone.clone().map(|phone| view! { <p>"Telephone: " <PhoneLink number=phone /></p> })}
            <p>"Main switchboard, for every hospital: " <PhoneLink number=switchboard.clone() /></p>
            <h2>"Map"</h2>
            <HospitalMap sites=all_sites.clone() current=site.clone() />
            <p class="nhsuk-body-s">"The numbers on the map are the hospitals in this list:"</p>
            <ol class="nhsuk-body-s">{numbered}</ol>
            <GettingThere travel=site.travel.clone() switchboard />
            {(!centres.is_empty()).then(|| view! {
                <h2>"Centres of excellence here"</h2>
                <ul>
                    {centres.into_iter().map(|c| view! { <li><a href=c.href()>{c.name.clone()}</a></li> }).collect_view()}
                </ul>
            })}
        </TwoThirds>
        <h2 id="hospital-services">{services_heading}</h2>
        {if services.is_empty() {
            view! { <p>"The services directory lists no services here yet."</p> }.into_any()
        } else {
            view! {
                <p>{format!("The services directory lists {} services here.", services.len())} " "
                    <a href=search_here>"Search the services here"</a>
                </p>
                <ul class="lth-columns" aria-labelledby="hospital-services">
                    {services.into_iter().map(|s| view! {
                        <li><a href=paths::service(&s.slug)>{s.name}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// Getting there: entrances for sat-nav, buses, trains, car parks, Blue
/// Badge parking and parking enquiries, as far as they are known; access
/// guides, where AccessAble has them, are linked rather than copied.
#[component]
fn GettingThere(travel: Travel, switchboard: String) -> impl IntoView {
    let known = !travel.is_empty();
    view! {
        <h2>"Getting there"</h2>
        {(!known).then(|| view! {
            <p>"We do not list travel and parking details for this hospital on this website yet. "
                "Call the switchboard on " <PhoneLink number=switchboard /> " before you travel if you need help finding it."</p>
        })}
        {(!travel.entrances.is_empty()).then(|| view! {
            <h3>"Postcodes for sat-nav"</h3>
            <p>"Each entrance has its own postcode:"</p>
            <ul>
                {travel.entrances.iter().map(|e| view! { <li>{e.name.clone()}": " <strong>{e.postcode.clone()}</strong></li> }).collect_view()}
            </ul>
        })}
        {(travel.buses.is_some() || travel.trains.is_some()).then(|| view! {
            <h3>"By bus and train"</h3>
            {travel.buses.clone().map(|text| view! { <p>{text}</p> })}
            {travel.trains.clone().map(|text| view! { <p>{text}</p> })}
        })}
        {(!travel.car_parks.is_empty() || travel.blue_badge || travel.parking_enquiries.is_some()).then(|| view! {
            <h3>"Parking"</h3>
            {travel.car_parks.iter().map(|text| view! { <p>{text.clone()}</p> }).collect_view()}
            {travel.blue_badge.then(|| view! { <p>"There are free parking bays for Blue Badge holders."</p> })}
            {travel.parking_enquiries.clone().map(|phone| view! {
                <p>"Questions about parking: call " <PhoneLink number=phone />"."</p>
            })}
        })}
        {travel.access_guides.then(|| view! {
            <h3>"Access guides"</h3>
            <p>
                "AccessAble publishes step-by-step access guides to the departments here. Find them by the hospital's name on "
                <a href="https://www.accessable.co.uk">"the AccessAble website"</a>"."
            </p>
        })}
    }
}
