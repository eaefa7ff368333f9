//! Content types shared by the server (which loads and validates them) and the
//! browser (which receives them from server functions). One place for all of them.

use crate::paths;
use serde::{Deserialize, Serialize};

/// One entry of a select, checkbox list or filter: the value a form sends
/// and the label people see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A link to a service's page: its name and address name (slug), for the A
/// to Z and the centre pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLink {
    pub slug: String,
    pub name: String,
}

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
    /// The site's own telephone number, where it has one.
    pub phone: Option<String>,
    /// How to get there and where to park, as far as it is known.
    #[serde(default)]
    pub travel: Travel,
}

/// A way into a hospital, with the postcode that takes a sat-nav to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entrance {
    pub name: String,
    pub postcode: String,
}

/// How to get to a hospital site. What is not known is left out, and the
/// page says so rather than guessing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Travel {
    #[serde(default)]
    pub entrances: Vec<Entrance>,
    /// Each car park, in a sentence.
    #[serde(default)]
    pub car_parks: Vec<String>,
    pub buses: Option<String>,
    pub trains: Option<String>,
    /// Whether the site has free parking bays for Blue Badge holders.
    #[serde(default)]
    pub blue_badge: bool,
    /// The telephone number for questions about parking.
    pub parking_enquiries: Option<String>,
    /// Whether AccessAble publishes access guides to its departments.
    #[serde(default)]
    pub access_guides: bool,
}

impl Travel {
    /// Whether anything is known about getting there.
    pub fn is_empty(&self) -> bool {
        self == &Travel::default()
    }
}

impl HospitalSite {
    /// The path of the site's own page.
    pub fn href(&self) -> String {
        paths::hospital(&self.slug)
    }

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

crate::vocabulary::vocabulary! {
    /// What kind of organisation a partner is: its group on the partnerships page
    /// and the shape and colour of its map marker.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum PartnerKind {
        NhsCollaboration => ("nhs-collaboration", "NHS collaboration"),
        NationalNhs => ("national-nhs", "National NHS bodies and commissioners"),
        Academic => ("academic", "Universities"),
        LocalGovernment => ("local-government", "Local government"),
        Charity => ("charity", "Charities"),
        International => ("international", "International partners"),
    }
}

impl PartnerKind {
    /// The marker's shape, named so that colour is never the only cue.
    pub fn shape(self) -> &'static str {
        match self {
            PartnerKind::NhsCollaboration | PartnerKind::NationalNhs => "circle",
            PartnerKind::Academic => "square",
            PartnerKind::LocalGovernment => "diamond",
            PartnerKind::Charity => "triangle",
            PartnerKind::International => "hexagon",
        }
    }
}

/// An organisation the trust works with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub slug: String,
    pub name: String,
    /// A short name for markers and links.
    pub short_name: String,
    pub kind: PartnerKind,
    /// Slug of the partnership this partner belongs to (a WYAAT member trust).
    pub member_of: Option<String>,
    /// Where the partner is, in words.
    pub place: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// One sentence, for lists, the map and the meta description.
    pub summary: String,
    pub description: Vec<String>,
}

impl Partner {
    /// The path of the partner's own page.
    pub fn href(&self) -> String {
        paths::partner(&self.slug)
    }

    /// (longitude, latitude), for partners shown on a map.
    pub fn location(&self) -> Option<(f64, f64)> {
        self.longitude.zip(self.latitude)
    }
}

/// How people reach the trust, for the contact page and the legal pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// The main switchboard's telephone number.
    pub switchboard: String,
    /// Where feedback on the website and its accessibility goes.
    pub website_email: String,
    pub website_phone: String,
    /// Within how many days the trust replies to website feedback.
    pub website_reply_days: u8,
    /// When the Patient Advice and Liaison Service's office is open.
    pub pals_office_hours: String,
    /// When its telephone lines are open.
    pub pals_phone_hours: String,
}

/// When the site was last checked for accessibility: what the
/// accessibility statement says about its own preparation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityRecord {
    /// When the statement was first prepared, as `YYYY-MM-DD`.
    pub prepared: String,
    /// When people last read the statement through and found it true.
    pub last_reviewed: String,
    /// When every page last passed the automated accessibility tests,
    /// as `YYYY-MM-DD` (written by the browser tests' reporter).
    pub last_tested: String,
}

/// Everything the site says, loaded once when the server starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteContent {
    pub trust: TrustProfile,
    pub contacts: Contacts,
    pub accessibility: AccessibilityRecord,
    pub sites: Vec<HospitalSite>,
    pub centres: Vec<Centre>,
    /// Introduction to the partnerships page.
    pub partners_intro: Vec<String>,
    pub partners: Vec<Partner>,
}

/// The partnerships page: every partner, the trust's sites for the region map,
/// and each map's outlines as SVG path data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnershipsPage {
    pub trust_name: String,
    pub intro: Vec<String>,
    pub partners: Vec<Partner>,
    pub sites: Vec<HospitalSite>,
    pub outlines: Vec<(crate::map::MapView, String)>,
}

/// A partner's page, with the partnership it belongs to and its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerPage {
    pub trust_name: String,
    pub partner: Partner,
    pub member_of: Option<Partner>,
    pub members: Vec<Partner>,
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
        paths::centre(&self.slug)
    }
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
    /// The centre's services in the directory, by name.
    pub services: Vec<ServiceLink>,
}

/// What the list of hospitals shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospitalsPage {
    pub trust_name: String,
    pub sites: Vec<HospitalSite>,
}

/// What a hospital's page shows: the site, every site for the map, the
/// centres that work from it and its services in the directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospitalPage {
    pub trust_name: String,
    pub site: HospitalSite,
    pub all_sites: Vec<HospitalSite>,
    pub headquarters: bool,
    pub centres: Vec<CentreLink>,
    /// The listed services with a location here, by name.
    pub services: Vec<ServiceLink>,
    pub switchboard: String,
}

/// What the contact page, the accessibility statement and the privacy
/// notice show: the trust's contacts and where its post goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AboutSitePage {
    pub trust_name: String,
    pub contacts: Contacts,
    /// The headquarters' name and postal address, on one line.
    pub postal_address: String,
    pub accessibility: AccessibilityRecord,
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

    /// The hospitals list's content.
    pub fn hospitals_page(&self) -> HospitalsPage {
        HospitalsPage {
            trust_name: self.trust.name.clone(),
            sites: self.sites.clone(),
        }
    }

    /// A hospital's page without its services, or `None` for an unknown slug.
    pub fn hospital_page(&self, slug: &str) -> Option<HospitalPage> {
        let site = self.sites.iter().find(|s| s.slug == slug)?;
        Some(HospitalPage {
            trust_name: self.trust.name.clone(),
            site: site.clone(),
            all_sites: self.sites.clone(),
            headquarters: self.trust.headquarters == slug,
            centres: self
                .centres
                .iter()
                .filter(|c| c.sites.iter().any(|s| s == slug))
                .map(Self::centre_link)
                .collect(),
            services: Vec::new(),
            switchboard: self.contacts.switchboard.clone(),
        })
    }

    /// The contacts and the accessibility record, for the pages about the site.
    pub fn about_site_page(&self) -> AboutSitePage {
        let headquarters = self
            .sites
            .iter()
            .find(|s| s.slug == self.trust.headquarters);
        AboutSitePage {
            trust_name: self.trust.name.clone(),
            contacts: self.contacts.clone(),
            postal_address: headquarters
                .map(|site| format!("{}, {}", site.name, site.address_line()))
                .unwrap_or_default(),
            accessibility: self.accessibility.clone(),
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

    /// The partnerships page, with each map's outlines drawn for its projection.
    pub fn partnerships_page(&self) -> PartnershipsPage {
        PartnershipsPage {
            trust_name: self.trust.name.clone(),
            intro: self.partners_intro.clone(),
            partners: self.partners.clone(),
            sites: self.sites.clone(),
            outlines: crate::map::outlines::view_paths().to_vec(),
        }
    }

    /// A partner's page, or `None` for an unknown slug.
    pub fn partner_page(&self, slug: &str) -> Option<PartnerPage> {
        let partner = self.partners.iter().find(|p| p.slug == slug)?;
        Some(PartnerPage {
            trust_name: self.trust.name.clone(),
            partner: partner.clone(),
            member_of: partner
                .member_of
                .as_ref()
                .and_then(|parent| self.partners.iter().find(|p| &p.slug == parent))
                .cloned(),
            members: self
                .partners
                .iter()
                .filter(|p| p.member_of.as_deref() == Some(slug))
                .cloned()
                .collect(),
        })
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
            services: Vec::new(),
        })
    }
}
