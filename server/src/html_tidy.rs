//! Every HTML page is made valid, and no heavier than it needs to be, before
//! it is sent or kept. Two faults of Leptos 0.8's renderer are worked round
//! here, in a way that does nothing once Leptos fixes them:
//!
//! - `HydrationScripts` writes the CSP nonce as the value of `crossorigin`
//!   on its preload links (`crossorigin="NONCE"`, not a value the attribute
//!   takes): it becomes a bare `crossorigin` (anonymous, what it meant);
//! - the async renderer appends its resource scripts after `</html>`: they
//!   are moved to the end of `<body>`, where they run at the same moment.
//!
//! And a page without an island loses what only islands use: the preload
//! links of the WASM and its JS, the island loader script, and the `<!>`
//! hydration markers. On a page with islands the markers outside them go,
//! and those inside are written as the empty comment they parse to
//! (`<!---->`: the same node for hydration, and valid HTML, which `<!>` is
//! not).

use app::request::RequestFacts;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const ISLAND_OPEN: &str = "<leptos-island";
const ISLAND_CLOSE: &str = "</leptos-island>";
const MARKER: &str = "<!>";
const EMPTY_COMMENT: &str = "<!---->";

/// Layer (inside the page cache, so kept pages are tidy): tidies every
/// HTML answer.
pub async fn tidy_pages(request: Request, next: Next) -> Response {
    let nonce = RequestFacts::of(request.extensions()).nonce;
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "rendering a page failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Ok(page) = std::str::from_utf8(&body) else {
        return Response::from_parts(parts, Body::from(body));
    };
    let tidied = tidy(page, &nonce);
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(length) = HeaderValue::try_from(tidied.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Response::from_parts(parts, Body::from(Bytes::from(tidied)))
}

/// `page` (a whole document, rendered with `nonce`) tidied as the module
/// says.
pub fn tidy(page: &str, nonce: &str) -> String {
    let page = if nonce.is_empty() {
        page.to_string()
    } else {
        page.replace(&format!("crossorigin=\"{nonce}\""), "crossorigin")
    };
    let page = scripts_inside_body(&page);
    if page.contains(ISLAND_OPEN) {
        without_markers_outside_islands(&page)
    } else {
        without_island_loading(&without_markers_outside_islands(&page))
    }
}

/// Whatever follows `</html>` moved to just before `</body>`.
fn scripts_inside_body(page: &str) -> String {
    let Some(end) = page.rfind("</html>") else {
        return page.to_string();
    };
    let after = page[end + "</html>".len()..].trim();
    let Some(body_end) = page[..end].rfind("</body>") else {
        return page.to_string();
    };
    if after.is_empty() {
        return page.to_string();
    }
    format!(
        "{}{after}{}",
        &page[..body_end],
        &page[body_end..end + "</html>".len()]
    )
}

/// `page` without the `<!>` markers outside islands and scripts, and with
/// those inside islands written as empty comments.
fn without_markers_outside_islands(page: &str) -> String {
    let mut kept = String::with_capacity(page.len());
    let mut rest = page;
    loop {
        // The next place a marker may not be touched from: an island or a
        // script, whichever comes first.
        let island = rest.find(ISLAND_OPEN).map(|at| (at, ISLAND_CLOSE));
        let script = rest.find("<script").map(|at| (at, "</script>"));
        let next = match (island, script) {
            (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((at, close)) = next else {
            kept.push_str(&rest.replace(MARKER, ""));
            return kept;
        };
        kept.push_str(&rest[..at].replace(MARKER, ""));
        let end = rest[at..]
            .find(close)
            .map_or(rest.len(), |found| at + found + close.len());
        if close == ISLAND_CLOSE {
            kept.push_str(&rest[at..end].replace(MARKER, EMPTY_COMMENT));
        } else {
            kept.push_str(&rest[at..end]);
        }
        rest = &rest[end..];
    }
}

/// `page` (which has no island) without the WASM and JS preload links and
/// the island loader script in its head: the script that passes the name of
/// the bundle the JS preload link loads, as a quoted string.
fn without_island_loading(page: &str) -> String {
    let Some(head_end) = page.find("</head>") else {
        return page.to_string();
    };
    let Some(bundle) = bundle_name(&page[..head_end]) else {
        return page.to_string();
    };
    let (head, body) = page.split_at(head_end);
    let mut kept = String::with_capacity(page.len());
    let mut rest = head;
    while let Some(at) = rest.find('<') {
        kept.push_str(&rest[..at]);
        let tail = &rest[at..];
        let element_end = if tail.starts_with("<script") {
            tail.find("</script>").map(|end| end + "</script>".len())
        } else {
            tail.find('>').map(|end| end + 1)
        };
        let Some(element_end) = element_end else {
            kept.push_str(tail);
            rest = "";
            break;
        };
        let element = &tail[..element_end];
        if !is_island_loading(element, bundle) {
            kept.push_str(element);
        }
        rest = &tail[element_end..];
    }
    kept.push_str(rest);
    kept.push_str(body);
    kept
}

/// The name of the bundle's JS (`lth.HASH`), from its preload link in `head`.
fn bundle_name(head: &str) -> Option<&str> {
    let link = &head[head.find("rel=\"modulepreload\"")?..];
    let href = &link[link.find("href=\"")? + "href=\"".len()..];
    let href = &href[..href.find('"')?];
    let file = href.rsplit('/').next()?;
    file.strip_suffix(".js").filter(|name| !name.is_empty())
}

/// Whether a head element only serves islands: a preload of the bundle's
/// WASM or JS, or the script that loads `bundle` to hydrate islands.
fn is_island_loading(element: &str, bundle: &str) -> bool {
    let preload = element.starts_with("<link")
        && (element.contains("rel=\"modulepreload\"")
            || (element.contains("rel=\"preload\"") && element.contains(".wasm")));
    let loader = element.starts_with("<script") && element.contains(&format!("\"{bundle}\""));
    preload || loader
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = concat!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<link id=\"leptos\" rel=\"stylesheet\" href=\"/pkg/lth.css\">",
        "<link rel=\"modulepreload\" href=\"/pkg/lth.js\" crossorigin=\"N0NCE\">",
        "<link rel=\"preload\" href=\"/pkg/lth.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"N0NCE\">",
        "<script type=\"module\" nonce=\"N0NCE\">((root, pkg, name) => import(`${root}/${pkg}/${name}.js`))(\"\", \"pkg\", \"lth\")</script>",
        "<script type=\"module\" nonce=\"N0NCE\">/* navigation */ document.querySelectorAll('leptos-island'); let live = 'data-lth-live';</script>",
        "<title>T</title></head>"
    );
    const AFTER: &str =
        "<script nonce=\"N0NCE\">__RESOLVED_RESOURCES=[];</script><script nonce=\"N0NCE\">__INCOMPLETE_CHUNKS=[];</script>";

    fn page(body: &str) -> String {
        format!("{HEAD}<body>{body}</body></html>{AFTER}")
    }

    #[test]
    fn a_page_without_islands_loads_no_wasm_and_has_no_markers() {
        let tidied = tidy(
            &page("<main><h1>A<!>B</h1><!><p>x &lt;!&gt; y</p></main>"),
            "N0NCE",
        );
        assert!(!tidied.contains("modulepreload") && !tidied.contains(".wasm"));
        assert!(!tidied.contains("\"lth\")"), "the loader is gone");
        assert!(tidied.contains("/* navigation */"), "other scripts stay");
        assert!(tidied.contains("rel=\"stylesheet\""));
        assert!(!tidied.contains("<!>"));
        assert!(tidied.contains("x &lt;!&gt; y"));
        assert!(
            tidied.ends_with(&format!("{AFTER}</body></html>")),
            "{tidied}"
        );
        assert!(!tidied.contains("crossorigin=\""));
    }

    #[test]
    fn a_page_with_an_island_keeps_its_loading_and_the_island_its_markers() {
        let island = "<leptos-island data-component=\"C\"><b>1<!>2</b></leptos-island>";
        let tidied = tidy(&page(&format!("<h1>A<!>B</h1>{island}<p><!></p>")), "N0NCE");
        assert!(tidied.contains("<link rel=\"modulepreload\" href=\"/pkg/lth.js\" crossorigin>"));
        assert!(tidied.contains("type=\"application/wasm\" crossorigin>"));
        assert!(tidied.contains("\"lth\")"), "the loader stays");
        assert!(
            tidied.contains("<leptos-island data-component=\"C\"><b>1<!---->2</b></leptos-island>"),
            "markers inside the island stay, as empty comments"
        );
        assert!(!tidied.contains("<!>"));
        assert!(tidied.contains("<h1>AB</h1>") && tidied.contains("<p></p>"));
        assert_eq!(tidied.matches("</html>").count(), 1);
        assert!(tidied.ends_with("</body></html>"));
    }

    #[test]
    fn a_tidy_page_is_left_as_it_is() {
        let clean =
            "<!DOCTYPE html><html><head><title>T</title></head><body><p>x</p></body></html>";
        assert_eq!(tidy(clean, "N0NCE"), clean);
        assert_eq!(
            tidy(&tidy(&page("<p>a<!>b</p>"), "N0NCE"), "N0NCE"),
            tidy(&page("<p>a<!>b</p>"), "N0NCE")
        );
    }
}
