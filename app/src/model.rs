//! Content types shared by the server (which loads and validates them) and the
//! browser (which receives them from server functions). One place for all of them.

use serde::{Deserialize, Serialize};

/// A headline figure: a short emphasised value and what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// One of the trust's hospital sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalSite {
    pub slug: String,
    pub name: String,
    /// Street address lines, without the postcode.
    pub address: Vec<String>,
    pub postcode: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// NHS Organisation Data Service site code, where known.
    pub ods_code: Option<String>,
    pub summary: String,
}

impl HospitalSite {
    /// The full postal address on one line.
    pub fn address_line(&self) -> String {
        let mut parts = self.address.clone();
        parts.extend(self.postcode.clone());
        parts.join(", ")
    }
}

/// One of the five specialist service groups, each led by a centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialistGroup {
    pub name: String,
    pub summary: String,
    /// Slug of the centre that leads this group.
    pub centre: String,
}

/// A link onward from the trust profile to another section of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnwardLink {
    pub title: String,
    pub href: String,
    pub description: String,
}

/// Who the trust is: the content of the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustProfile {
    pub name: String,
    /// NHS Organisation Data Service code of the trust.
    pub ods_code: String,
    pub formed: String,
    /// Slug of the hospital site where the trust's headquarters are.
    pub headquarters: String,
    /// One sentence used as the page's meta description.
    pub description: String,
    pub intro: Vec<String>,
    pub key_figures: Vec<KeyFigure>,
    pub groups_intro: String,
    pub groups: Vec<SpecialistGroup>,
    /// Introduction to the list of centres of excellence.
    pub centres_intro: Vec<String>,
    pub onward: Vec<OnwardLink>,
}

/// A centre of excellence with its own page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    pub slug: String,
    pub name: String,
    /// Name of the specialist group this centre leads.
    pub group: String,
    /// One sentence, used on cards and as the meta description.
    pub summary: String,
    pub intro: Vec<String>,
    pub highlights: Vec<KeyFigure>,
    pub offers: Vec<String>,
    /// Where the centre is, in a sentence.
    pub location: String,
    /// Slugs of the hospital sites the centre works from.
    pub sites: Vec<String>,
    /// Slugs of related centres.
    pub related: Vec<String>,
}

/// Everything the site says, loaded once when the server starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteContent {
    pub trust: TrustProfile,
    pub sites: Vec<HospitalSite>,
    pub centres: Vec<Centre>,
}

/// Enough about a centre to link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CentreLink {
    pub slug: String,
    pub name: String,
    pub summary: String,
}

impl CentreLink {
    /// The path of the centre's own page.
    pub fn href(&self) -> String {
        centre_href(&self.slug)
    }
}

/// The path of a centre's page, from its slug.
pub fn centre_href(slug: &str) -> String {
    format!("/centres/{slug}")
}

/// What the home page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrustPage {
    pub trust: TrustProfile,
    pub sites: Vec<HospitalSite>,
    pub centres: Vec<CentreLink>,
}

/// What the list of centres shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CentresPage {
    pub trust_name: String,
    pub intro: Vec<String>,
    pub centres: Vec<CentreLink>,
}

/// What a centre's page shows, with its sites and related centres resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CentrePage {
    pub trust_name: String,
    pub centre: Centre,
    pub sites: Vec<HospitalSite>,
    pub related: Vec<CentreLink>,
}

#[cfg(feature = "ssr")]
impl SiteContent {
    fn centre_link(centre: &Centre) -> CentreLink {
        CentreLink {
            slug: centre.slug.clone(),
            name: centre.name.clone(),
            summary: centre.summary.clone(),
        }
    }

    fn centre_links(&self) -> Vec<CentreLink> {
        self.centres.iter().map(Self::centre_link).collect()
    }

    /// The home page's content.
    pub fn trust_page(&self) -> TrustPage {
        TrustPage {
            trust: self.trust.clone(),
            sites: self.sites.clone(),
            centres: self.centre_links(),
        }
    }

    /// The centres list's content.
    pub fn centres_page(&self) -> CentresPage {
        CentresPage {
            trust_name: self.trust.name.clone(),
            intro: self.trust.centres_intro.clone(),
            centres: self.centre_links(),
        }
    }

    /// A centre's page, or `None` for an unknown slug.
    pub fn centre_page(&self, slug: &str) -> Option<CentrePage> {
        let centre = self.centres.iter().find(|c| c.slug == slug)?;
        let sites = centre
            .sites
            .iter()
            .filter_map(|s| self.sites.iter().find(|site| &site.slug == s))
            .cloned()
            .collect();
        let related = centre
            .related
            .iter()
            .filter_map(|r| self.centres.iter().find(|c| &c.slug == r))
            .map(Self::centre_link)
            .collect();
        Some(CentrePage {
            trust_name: self.trust.name.clone(),
            centre: centre.clone(),
            sites,
            related,
        })
    }
}
