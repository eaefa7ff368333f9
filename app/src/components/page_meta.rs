//! Per-page metadata: title, description, canonical link, Open Graph tags and
//! schema.org JSON-LD.

use crate::components::layout::{ORGANISATION_NAME, ORGANISATION_SPLIT};
use crate::SiteSettings;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The `<title>` of a page: its own title, then the organisation.
pub fn full_title(title: &str) -> String {
    format!("{title} - {ORGANISATION_NAME} {ORGANISATION_SPLIT}")
}

/// The title text as `<Title>` should get it. On the server, leptos_meta 0.8
/// writes the text between `<title>` tags as it is, so markup in a title (a
/// search query, say) would end the element: the server escapes it. In the
/// browser the same component sets `document.title`, which takes plain text.
fn title_text(title: String) -> String {
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

/// The configured public root of the site, for absolute links.
pub fn site_url() -> String {
    use_context::<SiteSettings>()
        .map(|s| s.site_url)
        .unwrap_or_default()
}

/// Head tags and structured data for one page. `path` is the page's own path,
/// joined to the configured site URL for the canonical and Open Graph links.
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(into)] path: String,
    /// Schema.org JSON-LD, already serialised for a script element.
    #[prop(optional, into)]
    json_ld: Option<String>,
    /// Keeps error pages out of search engines.
    #[prop(optional)]
    noindex: bool,
) -> impl IntoView {
    let url = format!("{}{path}", site_url());
    let full_title = full_title(&title);
    view! {
        <Title text=title_text(full_title.clone()) />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=url.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:locale" content="en_GB" />
        <Meta property="og:site_name" content=format!("{ORGANISATION_NAME} {ORGANISATION_SPLIT}") />
        <Meta property="og:title" content=full_title />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=url />
        {noindex.then(|| view! { <Meta name="robots" content="noindex" /> })}
        {json_ld.map(|json| view! { <script type="application/ld+json" inner_html=json></script> })}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn title_markup_is_escaped_on_the_server() {
        assert_eq!(
            title_text("</title><script>alert(1)</script> & more".into()),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
        );
    }
}
