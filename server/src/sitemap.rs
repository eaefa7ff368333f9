//! What search engines read: `/robots.txt` (staff pages and server
//! functions are not for them; where the sitemap is) and `/sitemap.xml`,
//! every public page in the sitemaps.org 0.9 protocol, each service with
//! the date its entry was last reviewed as `lastmod`.

use crate::state::AppState;
use app::directory::api::check;
use app::directory::SearchRequest;
use app::paths;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `GET /robots.txt`.
pub async fn robots_txt(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: {}/\nDisallow: /api/\n\nSitemap: {}{}\n",
        paths::STAFF,
        state.settings.site_url,
        paths::SITEMAP
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `text` with the characters XML gives meaning to escaped.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `GET /sitemap.xml`: the home, centre, partnership, hospital, services
/// and about-the-site pages, and every listed service's page. A hospital's
/// page lists its services, so it changes with the newest review there.
pub async fn sitemap_xml(State(state): State<AppState>) -> Response {
    let content = &state.content;
    let services = match check(&SearchRequest::default(), content) {
        Ok(everything) => state.directory.records(&everything),
        Err(error) => {
            tracing::error!(%error, "the sitemap's services could not be listed");
            Vec::new()
        }
    };
    let newest_review = services.iter().map(|s| s.last_reviewed.clone()).max();
    let mut pages: Vec<(String, Option<String>)> = vec![
        (paths::HOME.to_string(), None),
        (paths::CENTRES.to_string(), None),
    ];
    pages.extend(
        content
            .centres
            .iter()
            .map(|c| (paths::centre(&c.slug), None)),
    );
    pages.push((paths::PARTNERSHIPS.to_string(), None));
    pages.extend(
        content
            .partners
            .iter()
            .map(|p| (paths::partner(&p.slug), None)),
    );
    pages.push((paths::HOSPITALS.to_string(), None));
    pages.extend(content.sites.iter().map(|site| {
        let newest_there = services
            .iter()
            .filter(|s| s.sites.iter().any(|l| l.site == site.slug))
            .map(|s| s.last_reviewed.clone())
            .max();
        (paths::hospital(&site.slug), newest_there)
    }));
    pages.extend(
        [
            paths::ACCESSIBILITY_STATEMENT,
            paths::PRIVACY,
            paths::COOKIES,
            paths::CONTACT,
        ]
        .map(|path| (path.to_string(), None)),
    );
    pages.push((paths::SERVICES.to_string(), newest_review));
    pages.extend(
        services
            .iter()
            .map(|s| (paths::service(&s.slug), Some(s.last_reviewed.clone()))),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        let location = xml_text(&format!("{}{path}", state.settings.site_url));
        xml.push_str(&format!("  <url><loc>{location}</loc>"));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", xml_text(&date)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
