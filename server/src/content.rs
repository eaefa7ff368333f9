//! Loads the site's content (TOML files, built into the binary or read from
//! `CONTENT_DIR`) and checks it, so a mistake stops the server at start-up with
//! a message naming the file and the field.

use app::model::{
    AccessibilityRecord, Centre, Contacts, HospitalSite, Partner, SiteContent, TrustProfile,
};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// The trust profile and hospital sites.
pub const TRUST_FILE: &str = "trust.toml";
/// The centres of excellence.
pub const CENTRES_FILE: &str = "centres.toml";
/// The partners.
pub const PARTNERS_FILE: &str = "partners.toml";
/// When the site was last tested for accessibility.
pub const ACCESSIBILITY_FILE: &str = "accessibility.toml";

const EMBEDDED_TRUST: &str = include_str!("../content/trust.toml");
const EMBEDDED_CENTRES: &str = include_str!("../content/centres.toml");
const EMBEDDED_PARTNERS: &str = include_str!("../content/partners.toml");
const EMBEDDED_ACCESSIBILITY: &str = include_str!("../content/accessibility.toml");

/// The content files' texts, each with the name errors show for it.
#[derive(Debug, Clone, Copy)]
pub struct ContentFiles<'a> {
    pub trust: (&'a str, &'a str),
    pub centres: (&'a str, &'a str),
    pub partners: (&'a str, &'a str),
    pub accessibility: (&'a str, &'a str),
}

impl ContentFiles<'static> {
    /// The files built into the binary.
    pub fn embedded() -> Self {
        ContentFiles {
            trust: (TRUST_FILE, EMBEDDED_TRUST),
            centres: (CENTRES_FILE, EMBEDDED_CENTRES),
            partners: (PARTNERS_FILE, EMBEDDED_PARTNERS),
            accessibility: (ACCESSIBILITY_FILE, EMBEDDED_ACCESSIBILITY),
        }
    }
}

/// One thing wrong in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// Where: a field path such as `centres[2].related[0]`, or a line number.
    pub field: String,
    pub message: String,
}

/// Why the content could not be loaded: every problem found, each with its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    pub problems: Vec<Problem>,
}

impl ContentError {
    pub(crate) fn one(file: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        ContentError {
            problems: vec![Problem {
                file: file.to_string(),
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the site's content is not valid:")?;
        for p in &self.problems {
            write!(
                f,
                "\n  - content file {}, field {}: {}",
                p.file, p.field, p.message
            )?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    trust: TrustProfile,
    contacts: Contacts,
    sites: Vec<HospitalSite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CentresFile {
    centres: Vec<Centre>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    intro: Vec<String>,
    partners: Vec<Partner>,
}

/// The content built into the binary.
pub fn load_embedded() -> Result<SiteContent, ContentError> {
    parse(ContentFiles::embedded())
}

/// Reads the content file `name` in `dir`: `(path as shown in errors, text)`.
pub(crate) fn read_file(dir: &Path, name: &str) -> Result<(String, String), ContentError> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    std::fs::read_to_string(&path)
        .map(|text| (shown.clone(), text))
        .map_err(|e| ContentError::one(&shown, "(file)", format!("cannot be read: {e}")))
}

/// The content files in `dir`, for changing content without a rebuild.
pub fn load_dir(dir: &Path) -> Result<SiteContent, ContentError> {
    let (trust_name, trust_text) = read_file(dir, TRUST_FILE)?;
    let (centres_name, centres_text) = read_file(dir, CENTRES_FILE)?;
    let (partners_name, partners_text) = read_file(dir, PARTNERS_FILE)?;
    let (accessibility_name, accessibility_text) = read_file(dir, ACCESSIBILITY_FILE)?;
    parse(ContentFiles {
        trust: (&trust_name, &trust_text),
        centres: (&centres_name, &centres_text),
        partners: (&partners_name, &partners_text),
        accessibility: (&accessibility_name, &accessibility_text),
    })
}

/// Parses and checks the content files.
pub fn parse(files: ContentFiles<'_>) -> Result<SiteContent, ContentError> {
    let trust_file: TrustFile = decode(files.trust.0, files.trust.1)?;
    let centres_file: CentresFile = decode(files.centres.0, files.centres.1)?;
    let partners_file: PartnersFile = decode(files.partners.0, files.partners.1)?;
    let accessibility: AccessibilityRecord = decode(files.accessibility.0, files.accessibility.1)?;
    let content = SiteContent {
        trust: trust_file.trust,
        contacts: trust_file.contacts,
        accessibility,
        sites: trust_file.sites,
        centres: centres_file.centres,
        partners_intro: partners_file.intro,
        partners: partners_file.partners,
    };
    let problems = validate(&content, files);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(ContentError { problems })
    }
}

pub(crate) fn decode<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<T, ContentError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        ContentError::one(
            file,
            line.map_or_else(|| "(file)".into(), |l| format!("line {l}")),
            e.message().trim(),
        )
    })
}

mod checks;

pub use checks::is_postcode;
use checks::validate;
pub(crate) use checks::Checker;

#[cfg(test)]
mod tests;
