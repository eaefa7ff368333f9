//! The server's routes and status codes, through the whole router with `oneshot`.

use crate::support::run;
use crate::support::site::{content, HeaderMap, Site, StatusCode};

const CENTRE_SLUGS: [&str; 5] = [
    "childrens-hospital",
    "cancer-centre",
    "major-trauma-centre",
    "cardiac-services",
    "transplantation",
];

/// The site at `https://www.example.nhs.uk`, made once for every test here:
/// they only read.
async fn site() -> &'static Site {
    static SITE: tokio::sync::OnceCell<Site> = tokio::sync::OnceCell::const_new();
    SITE.get_or_init(|| {
        Site::configured("routes", |config| {
            config.site_url = "https://www.example.nhs.uk".into();
        })
    })
    .await
}

async fn get(path: &str) -> (StatusCode, HeaderMap, String) {
    let reply = site().await.get(path, None).await;
    (reply.status, reply.headers, reply.body)
}

#[test]
fn healthz_answers_ok() {
    run(async {
        let (status, _, body) = get("/healthz").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    })
}

#[test]
fn home_page_is_the_trust_profile() {
    run(async {
        let (status, headers, html) = get("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(
            html.contains("<title>About us - Leeds Teaching Hospitals NHS Trust</title>"),
            "{html}"
        );
        assert!(html.contains(r#"<link href="https://www.example.nhs.uk/" rel="canonical">"#));
        assert!(html.contains(r#"property="og:title""#));
        assert!(html.contains(r#"name="description""#));
        assert!(html.contains(r#""@type":"MedicalOrganization""#));
        assert!(html.contains(r#""@type":"Hospital""#));
        for fact in [
            "100+",
            "About £1 billion",
            "1.7 million",
            "2.6 million",
            "1 of 14",
            "LS9 7TF",
        ] {
            assert!(html.contains(fact), "home page lacks {fact}");
        }
        for slug in CENTRE_SLUGS {
            assert!(
                html.contains(&format!("/centres/{slug}")),
                "home page lacks a link to {slug}"
            );
        }
    })
}

#[test]
fn centres_list_links_every_centre() {
    run(async {
        let (status, _, html) = get("/centres").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html
            .contains("<title>Centres of excellence - Leeds Teaching Hospitals NHS Trust</title>"));
        for slug in CENTRE_SLUGS {
            assert!(
                html.contains(&format!(r#"href="/centres/{slug}""#)),
                "{slug}"
            );
        }
    })
}

#[test]
fn every_centre_has_its_page() {
    run(async {
        let content = content::load_embedded().unwrap();
        for slug in CENTRE_SLUGS {
            let (status, _, html) = get(&format!("/centres/{slug}")).await;
            assert_eq!(status, StatusCode::OK, "{slug}");
            let centre = content.centres.iter().find(|c| c.slug == slug).unwrap();
            assert!(
                html.contains(&format!("<title>{} - ", centre.name)),
                "{slug}"
            );
            let canonical = format!(
                r#"<link href="https://www.example.nhs.uk/centres/{slug}" rel="canonical">"#
            );
            assert!(html.contains(&canonical), "{slug}");
            assert!(html.contains(r#""parentOrganization""#), "{slug}");
        }
    })
}

#[test]
fn unknown_centre_is_not_found() {
    run(async {
        let (status, _, html) = get("/centres/no-such-centre").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Page not found"));
        assert!(html.contains(r#"content="noindex""#));
    })
}

#[test]
fn unknown_path_is_not_found() {
    run(async {
        for path in [
            "/no-such-page",
            "/centres/cancer-centre/extra",
            "/pkg/missing.wasm",
        ] {
            let (status, _, html) = get(path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(html.contains("Page not found"), "{path}");
        }
    })
}

#[test]
fn server_functions_answer_unknown_addresses_with_404_not_500() {
    run(async {
        let (status, _, body) = get("/api/centre?slug=cancer-centre").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Bexley Wing"));
        for path in [
            "/api/centre?slug=nope",
            "/api/partner?slug=nope",
            "/api/service?slug=nope",
        ] {
            let (status, _, body) = get(path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(body.contains("NotFound"), "{path}: {body}");
        }
    })
}

#[test]
fn responses_carry_security_headers() {
    run(async {
        let (_, headers, _) = get("/").await;
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(headers.contains_key("referrer-policy"));
        // This site's URL is https: browsers are told to use nothing else.
        for path in ["/", "/services.csv", "/nowhere"] {
            let (_, headers, _) = get(path).await;
            assert_eq!(
                headers["strict-transport-security"], "max-age=63072000; includeSubDomains",
                "{path}"
            );
        }
    })
}

#[test]
fn the_title_never_carries_markup_from_the_address() {
    run(async {
        let (status, _, html) =
            get("/services?q=%3C%2Ftitle%3E%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E")
                .await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(
            html.contains("&lt;/title&gt;&lt;script&gt;alert(document.domain)"),
            "{html}"
        );
        // A search that can run keeps its words in the title, escaped.
        let (status, _, html) = get("/services?q=heart%3C%2Ftitle%3E").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("heart&lt;/title&gt;"), "{html}");
    })
}

#[test]
fn partnerships_page_draws_both_maps_and_lists_every_partner() {
    run(async {
        let (status, _, html) = get("/partnerships").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(
            "<title>Partnerships and collaboration - Leeds Teaching Hospitals NHS Trust</title>"
        ));
        assert_eq!(
            html.matches(r#"class="lth-map__land""#).count(),
            2,
            "region and world maps"
        );
        assert!(html.contains("Partners in West Yorkshire and Harrogate"));
        assert!(html.contains("Partners in Europe and the Middle East"));
        assert!(html.contains(r#"d="M"#), "outlines drawn on the server");
        // The cards the map's island shows, apart from the rest of the page.
        let (page, cards) = html.split_once(r#"<template id="partner-cards">"#).unwrap();
        let (cards, rest) = cards.split_once("</template>").unwrap();
        let page = format!("{page}{rest}");
        let content = content::load_embedded().unwrap();
        for partner in &content.partners {
            let link = format!(r#" href="/partnerships/{}""#, partner.slug);
            let card = format!(r#"data-partner="/partnerships/{}""#, partner.slug);
            let on_map = partner.location().is_some();
            let expected = if on_map { 2 } else { 1 }; // marker and list, or list only
            assert_eq!(page.matches(&link).count(), expected, "{}", partner.slug);
            assert_eq!(cards.contains(&card), on_map, "{} card", partner.slug);
        }
    })
}

#[test]
fn partnerships_filter_by_kind_on_the_server() {
    run(async {
        let (status, _, html) = get("/partnerships?kind=international&kind=academic").await;
        assert_eq!(status, StatusCode::OK);
        for shown in [
            "king-hussein-cancer-center",
            "malta-ministry-for-health",
            "university-of-leeds",
        ] {
            assert!(
                html.contains(&format!(r#"href="/partnerships/{shown}""#)),
                "{shown}"
            );
        }
        for hidden in [
            "airedale",
            "leeds-city-council",
            "maggies-yorkshire",
            "nhs-england",
        ] {
            assert!(
                !html.contains(&format!(r#"href="/partnerships/{hidden}""#)),
                "{hidden}"
            );
        }
        assert!(
            html.contains(r#"value="international" checked"#),
            "the form keeps the choice"
        );
        assert!(html.contains("Showing 3 of 15 partners"));
    })
}

#[test]
fn unknown_partner_kinds_are_a_clear_400() {
    run(async {
        let long = "x".repeat(2000);
        for query in ["kind=bogus", "kind=%22%2A%22", &format!("kind={long}")] {
            let (status, _, html) = get(&format!("/partnerships?{query}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert!(html.contains("There is a problem"), "{query}");
            assert!(
                html.contains("We do not recognise the partner type"),
                "{query}"
            );
            assert!(!html.contains(&long), "the message shortens what it echoes");
        }
    })
}

#[test]
fn every_partner_has_its_page() {
    run(async {
        let content = content::load_embedded().unwrap();
        for partner in &content.partners {
            let (status, _, html) = get(&partner.href()).await;
            assert_eq!(status, StatusCode::OK, "{}", partner.slug);
            assert!(
                html.contains(&format!("<title>{} - ", partner.name)),
                "{}",
                partner.slug
            );
            assert!(html.contains(r#"application/ld+json"#), "{}", partner.slug);
        }
        let (_, _, html) = get("/partnerships/wyaat").await;
        assert!(
            html.contains(r#"href="/partnerships/airedale""#),
            "WYAAT lists its members"
        );
        let (status, _, _) = get("/partnerships/no-such-partner").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn services_directory_lists_every_service_a_to_z() {
    run(async {
        let (status, _, html) = get("/services").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<title>Services directory - "));
        assert!(html.contains(r##"href="#letter-d""##), "D has services");
        assert!(html.contains(r#"href="/services/dermatology""#));
        assert!(
            html.contains(r#"lth-a-to-z__letter--empty">X<"#),
            "X has none, so it is not a link"
        );
    })
}

#[test]
fn services_search_on_the_server_marks_matches() {
    run(async {
        let (status, _, html) = get("/services?q=heart").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("services found for &#x27;heart&#x27;")
                || html.contains("services found for 'heart'"),
            "count heading"
        );
        assert!(html.contains(r#"href="/services/cardiology""#));
        assert!(html.contains(r#"<mark class="lth-match">"#));
        assert!(
            html.contains(r#"value="heart""#),
            "the form keeps the search"
        );
        let (status, _, html) =
            get("/services?q=cardiolgy&group=cardiac&age=adults&site=leeds-general-infirmary")
                .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("We also searched for"));
        assert!(html.contains(r#"href="/services/cardiology""#));
    })
}

/// A search whose words no one service has shows the services that match
/// some of them, and says which words matched nothing.
#[test]
fn services_search_shows_partial_matches_and_unknown_words() {
    run(async {
        let (status, _, html) = get("/services?q=dermatology+zzqqzz").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("No services match every word of &#x27;dermatology zzqqzz&#x27;")
                || html.contains("No services match every word of 'dermatology zzqqzz'"),
            "heading"
        );
        assert!(
            html.contains("No service in the directory mentions"),
            "unknown words"
        );
        assert!(html.contains("Services that match some of your words"));
        assert!(html.contains(r#"href="/services/dermatology""#));
        let (_, _, html) = get("/services?q=zzqqzz+qqzzqq").await;
        assert!(html.contains("No services found"));
        assert!(!html.contains("Services that match some of your words"));
    })
}

#[test]
fn unsearchable_requests_are_a_clear_400() {
    run(async {
        let long = "a".repeat(2_000);
        for (query, message) in [
            ("q=%22", "Search must include a letter or a number"),
            ("q=*", "Search must include a letter or a number"),
            (
                format!("q={long}").as_str(),
                "Search must be 200 characters or fewer",
            ),
            ("group=NEAR(", "Choose a specialist group from the list"),
            ("site=mars", "Choose a hospital from the list"),
            ("age=old", "Choose adults or children from the list"),
            ("q=heart&page=x", "The page of results must be a number"),
            ("q=heart&page=99", "There is only 1 page of results"),
            ("q=c&page=99", "There are only"),
        ] {
            let (status, _, html) = get(&format!("/services?{query}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert!(html.contains("There is a problem"), "{query}");
            assert!(html.contains(message), "{query}");
            // The server function answers the same, with what to correct.
            let (status, _, json) = get(&format!("/api/services?{query}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "/api {query}");
            assert!(json.contains("Invalid") && json.contains(message), "{json}");
        }
        let (status, _, html) = get("/services?q=NEAR(").await;
        assert_eq!(status, StatusCode::OK, "NEAR( is searched as the word near");
        assert!(html.contains("results-heading"));
    })
}

#[test]
fn service_pages_show_every_field_with_structured_data() {
    run(async {
        let (status, _, html) = get("/services/cardiology").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<title>Cardiology - "));
        assert!(html.contains(r#""@type":"MedicalClinic""#));
        assert!(html.contains(r#""availableService""#));
        for text in [
            "Conditions and symptoms",
            "Who it is for",
            "Opening hours",
            "Phone",
            "For health professionals",
            "Page last reviewed",
            "Great George Street",
        ] {
            assert!(html.contains(text), "{text}");
        }
        assert!(html.contains(r#"href="/centres/cardiac-services""#));
        let (_, _, html) = get("/services/dermatology").await;
        // Its opening times as a week, and as schema.org sessions.
        assert!(html.contains("Closed on bank holidays"), "the week's table");
        for part in [
            r#""@type":"OpeningHoursSpecification""#,
            r#""dayOfWeek":"https://schema.org/Monday""#,
            r#""opens":"09:00""#,
            r#""closes":"17:00""#,
        ] {
            assert!(html.contains(part), "{part}");
        }
        assert!(
            !html.contains("https://schema.org/Sunday"),
            "closed on Sundays"
        );
        let (status, _, _) = get("/services/no-such-service").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn centre_pages_list_their_services() {
    run(async {
        let (_, _, html) = get("/centres/cardiac-services").await;
        assert!(html.contains("Services in the directory"));
        assert!(html.contains(r#"href="/services/cardiology""#));
    })
}

#[test]
fn exports_give_csv_and_json_filtered_like_the_search() {
    run(async {
        let (status, headers, csv) = get("/services.csv").await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let records = server::exports::from_csv(csv.as_bytes()).unwrap();
        let seed = server::seed::load_embedded(&content::load_embedded().unwrap()).unwrap();
        assert_eq!(records.len(), seed.services.len());

        let (status, headers, json) = get("/services.json?q=skin&age=children").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/json");
        let records: Vec<server::exports::ExportedService> = serde_json::from_str(&json).unwrap();
        assert!(!records.is_empty() && records.len() < seed.services.len());
        let found = records
            .iter()
            .find(|r| r.record.slug == "paediatric-dermatology")
            .expect("paediatric dermatology");
        // Its opening times as data: the weekly sessions its line gives.
        let times = app::directory::opening::OpeningTimes::from_text(&found.record.opening_hours);
        assert_eq!(found.opening_times, times.weekly_sessions());
        assert!(!found.opening_times.is_empty());
        assert!(
            csv.contains("Monday: 09:00-17:00"),
            "the CSV's opening_times column"
        );

        let (status, _, message) = get("/services.csv?q=%2A").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("letter or a number"));
    })
}

#[test]
fn the_app_renders_exactly_the_pages_paths_lists() {
    run(async {
        let settings = app::SiteSettings {
            site_url: String::new(),
            nhs_sign_in: false,
            secure_cookies: false,
            finder: None,
        };
        let listed = leptos_axum::generate_route_list(move || {
            leptos::view! { <app::App settings=settings.clone() /> }
        });
        let mut rendered: Vec<String> = listed.iter().map(|r| r.path().to_string()).collect();
        let mut expected: Vec<String> = app::paths::routes::PAGES
            .iter()
            .map(|p| p.to_string())
            .collect();
        rendered.sort();
        rendered.dedup();
        expected.sort();
        assert_eq!(rendered, expected);
    })
}

#[test]
fn the_sitemap_lists_every_public_page_and_no_staff_page() {
    run(async {
        let site = Site::new("sitemap").await;
        let reply = site.get("/sitemap.xml", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.header("content-type").starts_with("application/xml"));
        let document = roxmltree::Document::parse(&reply.body).unwrap();
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "urlset");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.sitemaps.org/schemas/sitemap/0.9")
        );
        let mut listed = Vec::new();
        for url in root.children().filter(roxmltree::Node::is_element) {
            assert_eq!(url.tag_name().name(), "url");
            let child = |name: &str| {
                url.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
            };
            let location = child("loc").unwrap();
            let path = location
                .strip_prefix("http://localhost")
                .expect("an absolute address on the site");
            assert!(path.starts_with('/'), "{location}");
            if let Some(lastmod) = child("lastmod") {
                assert!(
                    app::directory::is_iso_date(lastmod),
                    "a W3C date: {lastmod}"
                );
            }
            listed.push(path.to_string());
        }
        // Every public page, from the content and the directory; once each.
        let content = content::load_embedded().unwrap();
        let mut expected = vec![
            "/".to_string(),
            "/centres".into(),
            "/partnerships".into(),
            "/services".into(),
            "/hospitals".into(),
            "/accessibility-statement".into(),
            "/privacy".into(),
            "/cookies".into(),
            "/contact".into(),
        ];
        expected.extend(
            content
                .sites
                .iter()
                .map(|s| format!("/hospitals/{}", s.slug)),
        );
        expected.extend(
            content
                .centres
                .iter()
                .map(|c| format!("/centres/{}", c.slug)),
        );
        expected.extend(
            content
                .partners
                .iter()
                .map(|p| format!("/partnerships/{}", p.slug)),
        );
        let links = site.directory.links(None);
        assert!(links.len() > 100);
        expected.extend(links.iter().map(|l| format!("/services/{}", l.slug)));
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected);
        assert!(!reply.body.contains("/staff"));
        // Each page answers 200.
        for path in listed.iter().step_by(7) {
            assert_eq!(site.get(path, None).await.status, StatusCode::OK, "{path}");
        }
        // Crawlers are told where it is, and to leave staff pages alone.
        let robots = site.get("/robots.txt", None).await;
        assert_eq!(robots.status, StatusCode::OK);
        assert!(robots
            .body
            .contains("Sitemap: http://localhost/sitemap.xml"));
        assert!(robots.body.contains("Disallow: /staff/"));
    })
}

#[test]
fn security_txt_says_where_to_report_and_expires_within_a_year() {
    run(async {
        // Without a contact there is no file.
        let site = Site::new("security_txt_none").await;
        let reply = site.get("/.well-known/security.txt", None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let site = Site::configured("security_txt", |config| {
            config.security_txt = Some(server::config::SecurityTxt {
                contact: vec![
                    "mailto:security@example.nhs.uk".into(),
                    "https://example.nhs.uk/report".into(),
                ],
                policy: Some("https://example.nhs.uk/disclosure".into()),
            });
        })
        .await;
        let reply = site.get("/.well-known/security.txt", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.header("content-type").starts_with("text/plain"));
        // Each line a field (RFC 9116 section 4): name, colon, space, value.
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in reply.body.lines() {
            let (name, value) = line.split_once(": ").expect("a field");
            fields.push((name.to_string(), value.to_string()));
        }
        let values = |name: &str| -> Vec<String> {
            fields
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        assert_eq!(
            values("Contact"),
            [
                "mailto:security@example.nhs.uk",
                "https://example.nhs.uk/report"
            ]
        );
        assert_eq!(values("Policy"), ["https://example.nhs.uk/disclosure"]);
        assert_eq!(
            values("Canonical"),
            ["http://localhost/.well-known/security.txt"]
        );
        let expires = values("Expires");
        assert_eq!(expires.len(), 1, "exactly one Expires");
        let expires = time::OffsetDateTime::parse(
            &expires[0],
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let now = time::OffsetDateTime::from_unix_timestamp(site.accounts.now()).unwrap();
        assert!(expires > now, "in the future");
        assert!(expires < now + time::Duration::days(365), "within a year");
    })
}

/// Every page in the sitemap, a search, an error page and two staff pages
/// (one with an island), as `html_tidy` leaves them: nothing after
/// `</html>`, no nonce as a `crossorigin` value, no `<!>` marker, and the
/// WASM preloaded and its loader present exactly where an island is.
#[test]
fn every_page_is_tidy_and_loads_the_wasm_only_with_an_island() {
    run(async {
        let site = Site::new("tidy").await;
        let sitemap = site.get("/sitemap.xml", None).await.body;
        let document = roxmltree::Document::parse(&sitemap).unwrap();
        let mut paths: Vec<(String, Option<String>)> = document
            .descendants()
            .filter(|node| node.tag_name().name() == "loc")
            .filter_map(|node| {
                node.text()?
                    .strip_prefix("http://localhost")
                    .map(str::to_string)
            })
            .map(|path| (path, None))
            .collect();
        assert!(paths.len() > 100);
        let editor = site.cookie(crate::support::site::EDITOR).await;
        for path in ["/services?q=heart", "/no-such-page", "/staff/sign-in"] {
            paths.push((path.to_string(), None));
        }
        for path in ["/staff", "/staff/services/new"] {
            paths.push((path.to_string(), Some(editor.clone())));
        }
        let mut with_islands = Vec::new();
        for (path, cookie) in &paths {
            let page = site.get(path, cookie.as_deref()).await.body;
            assert!(
                page.trim_end().ends_with("</html>"),
                "{path}: something after </html>"
            );
            assert!(!page.contains("<!>"), "{path}: a <!> marker");
            assert!(
                !page.contains("crossorigin=\""),
                "{path}: crossorigin with a value"
            );
            let island = page.contains("<leptos-island");
            let loads = page.contains("rel=\"modulepreload\"");
            assert_eq!(
                island, loads,
                "{path}: islands {island}, WASM preloaded {loads}"
            );
            if island {
                with_islands.push(path.clone());
            }
        }
        with_islands.sort();
        assert_eq!(
            with_islands,
            [
                "/partnerships",
                "/services",
                "/services?q=heart",
                "/staff/services/new"
            ]
        );
    })
}

/// What a listing says and links to, as a reader gets it: its text (words
/// apart by single spaces) and its links in order, leaving out "open now"
/// (which needs the clock and the opening times, kept on the server).
fn listing_read(fragment: &str) -> (String, Vec<String>) {
    use scraper::{ElementRef, Html, Node, Selector};
    let html = Html::parse_fragment(fragment);
    let mut text = String::new();
    for node in html.root_element().descendants() {
        let Node::Text(piece) = node.value() else {
            continue;
        };
        let open_now = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|element| {
                element
                    .value()
                    .has_class("lth-result__open", scraper::CaseSensitivity::CaseSensitive)
            });
        if !open_now {
            text.push_str(piece);
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let links = Selector::parse("a[href]").unwrap();
    let hrefs = html
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    (text, hrefs)
}

/// The browser's search module's code, run natively here over the compact
/// copy the server sends, shows what the server's page shows after the
/// search form for every search of the shared table (the browser tests run
/// the same table on the module built for the browser), and refuses exactly
/// the searches the server refuses. The copy holds no staff-only field.
#[test]
fn the_browser_search_shows_what_the_server_shows() {
    use app::directory::{compact, SearchRequest};
    use app::pages::services::in_browser::BrowserDirectory;
    run(async {
        let (status, headers, data) = get(app::paths::SEARCH_DATA).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
        let directory = BrowserDirectory::new(compact::decode(&data).unwrap()).unwrap();
        let table = crate::support::search_table::search_table();
        assert!(table.len() > 150, "{} searches", table.len());
        for query in table {
            let (status, _, page) = get(&format!("/services?{query}")).await;
            let mut request = SearchRequest::default();
            for (name, value) in form_urlencoded::parse(query.as_bytes()) {
                let field = match name.as_ref() {
                    "q" => &mut request.q,
                    "group" => &mut request.group,
                    "site" => &mut request.site,
                    "age" => &mut request.age,
                    "page" => &mut request.page,
                    _ => continue,
                };
                field.get_or_insert_with(|| value.into_owned());
            }
            let shown = directory.show(request);
            if status == StatusCode::BAD_REQUEST {
                assert_eq!(shown, None, "{query}: the server refused it");
                continue;
            }
            assert_eq!(status, StatusCode::OK, "{query}");
            let shown = shown.unwrap_or_else(|| panic!("{query}: the browser refused it"));
            let after_form = page
                .split_once("</leptos-island>")
                .and_then(|(_, rest)| rest.split_once("</main>"))
                .map(|(listing, _)| listing)
                .unwrap_or_else(|| panic!("{query}: no listing"));
            assert_eq!(
                listing_read(&shown.listing),
                listing_read(after_form),
                "{query}"
            );
            let title = format!("<title>{}</title>", html_escape(&shown.title));
            assert!(page.contains(&title), "{query}: {title}");
        }
    })
}

/// `text` as the server writes a title: `&`, `<` and `>` escaped.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The service worker is checked with the server on every use (so that a
/// release's worker replaces the last), may fetch from this site only, and
/// names its copy after the release; nothing registers it unless asked (the
/// browser tests).
#[test]
fn the_service_worker_is_revalidated_and_fetches_from_this_site_only() {
    run(async {
        let (status, headers, script) = get(app::paths::SERVICE_WORKER).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
        assert_eq!(headers["cache-control"], "no-cache");
        assert!(headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'self';"));
        // The tests' build has no search module: its copy is "dev".
        assert!(script.contains("const COPY = 'lth-directory-dev';"));
        assert!(!script.contains("__RELEASE__"));
        // Only the services page offers the copy, and only with the search
        // module (the tests' build has none).
        for path in ["/", "/services"] {
            let (_, _, page) = get(path).await;
            assert!(!page.contains(r#"id="keep-copy""#), "{path}");
        }
    })
}
