//! Schema.org JSON-LD for the pages: the trust as a `MedicalOrganization` with
//! its `Hospital` sites, and each centre as a department of the trust.

use crate::components::page_meta::site_url;
use crate::directory::opening::{clock_text, OpeningTimes};
use crate::directory::ServicePage;
use crate::model::{
    CentreLink, CentrePage, CentresPage, HospitalPage, HospitalSite, HospitalsPage, Partner,
    PartnerKind, PartnerPage, PartnershipsPage, TrustPage,
};
use crate::paths;
use serde_json::{json, Value};

/// Serialises JSON-LD for a `<script>` element: `<` is escaped so the text can
/// never close the element early.
pub fn script_text(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// A page's JSON-LD, ready for its `<script>`: `describe` is given the
/// site's public address to build absolute links from.
pub fn for_page(describe: impl FnOnce(&str) -> Value) -> String {
    script_text(&describe(&site_url()))
}

fn hospital(site: &HospitalSite) -> Value {
    let (locality, street) = site
        .address
        .split_last()
        .map(|(last, rest)| (last.clone(), rest.join(", ")))
        .unwrap_or_default();
    json!({
        "@type": "Hospital",
        "name": site.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": street,
            "addressLocality": locality,
            "postalCode": site.postcode,
            "addressCountry": "GB"
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": site.latitude,
            "longitude": site.longitude
        }
    })
}

/// A hospital with its own page's address and its telephone number.
fn hospital_with_page(site: &HospitalSite, site_url: &str) -> Value {
    let mut value = hospital(site);
    value["url"] = json!(format!("{site_url}{}", site.href()));
    if let Some(phone) = &site.phone {
        value["telephone"] = json!(phone);
    }
    if let Some(code) = &site.ods_code {
        value["identifier"] = json!(code);
    }
    value
}

/// The trust with every hospital (hospitals list).
pub fn hospitals(page: &HospitalsPage, site_url: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": page.trust_name,
        "url": format!("{site_url}{}", paths::HOME),
        "subOrganization": page.sites.iter().map(|s| hospital_with_page(s, site_url)).collect::<Vec<_>>(),
    })
}

/// One hospital of the trust, with its services in the directory.
pub fn hospital_page(page: &HospitalPage, site_url: &str) -> Value {
    let mut value = hospital_with_page(&page.site, site_url);
    value["@context"] = json!("https://schema.org");
    value["description"] = json!(page.site.summary);
    value["parentOrganization"] = json!({
        "@type": "MedicalOrganization",
        "name": page.trust_name,
        "url": format!("{site_url}{}", paths::HOME),
    });
    value["availableService"] = page
        .services
        .iter()
        .map(|s| {
            json!({
                "@type": "MedicalTherapy",
                "name": s.name,
                "url": format!("{site_url}{}", paths::service(&s.slug)),
            })
        })
        .collect::<Vec<_>>()
        .into();
    value
}

fn department(centre: &CentreLink, site_url: &str) -> Value {
    json!({
        "@type": "MedicalOrganization",
        "name": centre.name,
        "url": format!("{site_url}{}", centre.href()),
    })
}

/// The trust with its hospitals and centres (home page).
pub fn trust(page: &TrustPage, site_url: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": page.trust.name,
        "url": format!("{site_url}{}", paths::HOME),
        "identifier": page.trust.ods_code,
        "description": page.trust.description,
        "subOrganization": page.sites.iter().map(hospital).collect::<Vec<_>>(),
        "department": page.centres.iter().map(|c| department(c, site_url)).collect::<Vec<_>>(),
    })
}

/// The trust with its centres (centres list).
pub fn centres(page: &CentresPage, site_url: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": page.trust_name,
        "url": format!("{site_url}{}", paths::HOME),
        "department": page.centres.iter().map(|c| department(c, site_url)).collect::<Vec<_>>(),
    })
}

/// One centre, part of the trust, at its hospitals.
pub fn centre(page: &CentrePage, site_url: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": page.centre.name,
        "url": format!("{site_url}{}", paths::centre(&page.centre.slug)),
        "description": page.centre.summary,
        "parentOrganization": {
            "@type": "MedicalOrganization",
            "name": page.trust_name,
            "url": format!("{site_url}{}", paths::HOME),
        },
        "location": page.sites.iter().map(hospital).collect::<Vec<_>>(),
    })
}

/// A service of the directory as a `MedicalClinic` of the trust, at its
/// hospitals; each hospital lists the service as available there.
pub fn service(page: &ServicePage, site_url: &str) -> Value {
    let service = &page.service;
    let url = format!("{site_url}{}", paths::service(&service.slug));
    let locations = page
        .sites
        .iter()
        .map(|site| {
            let mut hospital = hospital(&site.site);
            hospital["availableService"] = json!({
                "@type": "MedicalTherapy",
                "name": service.name,
                "url": url,
            });
            hospital
        })
        .collect::<Vec<_>>();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": service.name,
        "description": service.description,
        "url": url,
        "telephone": service.phone,
        "parentOrganization": {
            "@type": "MedicalOrganization",
            "name": page.trust_name,
            "url": format!("{site_url}{}", paths::HOME),
        },
        "location": locations,
        "lastReviewed": service.last_reviewed,
    });
    if let Some(email) = &service.email {
        value["email"] = json!(email);
    }
    let times = &service.opening;
    if !times.is_empty() {
        value["openingHoursSpecification"] = opening_hours(times);
    }
    if !times.exceptions.is_empty() {
        value["specialOpeningHoursSpecification"] = dated_hours(times);
    }
    value
}

/// Weekly opening times as schema.org's `OpeningHoursSpecification`s, one
/// per session.
fn opening_hours(times: &OpeningTimes) -> Value {
    let sessions = times.weekly_sessions().into_iter().map(|session| {
        json!({
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": format!("https://schema.org/{}", session.day),
            "opens": session.opens,
            "closes": session.closes,
        })
    });
    Value::Array(sessions.collect())
}

/// Dated changes as schema.org's `OpeningHoursSpecification`s valid on
/// one date each; a closed date opens and closes at 00:00 (schema.org's
/// way of saying closed).
fn dated_hours(times: &OpeningTimes) -> Value {
    let sessions = times.exceptions.iter().flat_map(|dated| {
        let sessions = if dated.sessions.is_empty() {
            vec![(clock_text(0), clock_text(0))]
        } else {
            dated
                .sessions
                .iter()
                .map(|s| (clock_text(s.opens), clock_text(s.closes)))
                .collect()
        };
        sessions.into_iter().map(|(opens, closes)| {
            json!({
                "@type": "OpeningHoursSpecification",
                "validFrom": dated.date,
                "validThrough": dated.date,
                "opens": opens,
                "closes": closes,
            })
        })
    });
    Value::Array(sessions.collect())
}

/// The schema.org type that fits a kind of partner.
fn partner_type(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::NhsCollaboration => "MedicalOrganization",
        PartnerKind::NationalNhs | PartnerKind::LocalGovernment => "GovernmentOrganization",
        PartnerKind::Academic => "CollegeOrUniversity",
        PartnerKind::Charity => "NGO",
        PartnerKind::International => "Organization",
    }
}

fn organisation(partner: &Partner, site_url: &str) -> Value {
    let mut value = json!({
        "@type": partner_type(partner.kind),
        "name": partner.name,
        "url": format!("{site_url}{}", partner.href()),
        "description": partner.summary,
        "address": { "@type": "PostalAddress", "addressLocality": partner.place },
    });
    if let Some((longitude, latitude)) = partner.location() {
        value["geo"] =
            json!({ "@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude });
    }
    value
}

/// The trust and the partnerships it belongs to (partnerships page).
pub fn partnerships(page: &PartnershipsPage, site_url: &str) -> Value {
    let member_of: Vec<Value> = page
        .partners
        .iter()
        .filter(|p| p.kind == PartnerKind::NhsCollaboration && p.member_of.is_none())
        .map(|p| organisation(p, site_url))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": page.trust_name,
        "url": format!("{site_url}{}", paths::HOME),
        "memberOf": member_of,
    })
}

/// One partner, and the partnership it belongs to.
pub fn partner(page: &PartnerPage, site_url: &str) -> Value {
    let mut value = organisation(&page.partner, site_url);
    value["@context"] = json!("https://schema.org");
    if let Some(parent) = &page.member_of {
        value["memberOf"] = organisation(parent, site_url);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> HospitalSite {
        HospitalSite {
            slug: "st-jamess".into(),
            name: "St James's University Hospital".into(),
            address: vec!["Beckett Street".into(), "Leeds".into()],
            postcode: Some("LS9 7TF".into()),
            latitude: 53.8081,
            longitude: -1.5186,
            ods_code: Some("RR813".into()),
            summary: "A teaching hospital.".into(),
            phone: None,
            travel: Default::default(),
        }
    }

    #[test]
    fn hospital_address_splits_street_and_town() {
        let value = hospital(&site());
        assert_eq!(value["@type"], "Hospital");
        assert_eq!(value["address"]["streetAddress"], "Beckett Street");
        assert_eq!(value["address"]["addressLocality"], "Leeds");
        assert_eq!(value["address"]["postalCode"], "LS9 7TF");
        assert_eq!(value["geo"]["latitude"], 53.8081);
    }

    #[test]
    fn script_text_cannot_close_the_script_element() {
        let value = json!({ "name": "</script><script>alert(1)</script>" });
        let text = script_text(&value);
        assert!(!text.contains("</script>"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
