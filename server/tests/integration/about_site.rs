//! The pages a trust must publish (accessibility statement, privacy,
//! cookies, contact), the hospital pages and the footer that links them,
//! read with a browser's HTML parser.

use crate::support::run;
use crate::support::site::{content, pairs, Site, StatusCode, EDITOR};
use scraper::{Html, Selector};
use std::collections::BTreeSet;

fn select<'a>(document: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    document.select(&selector).collect()
}

fn texts(document: &Html, css: &str) -> Vec<String> {
    select(document, css)
        .into_iter()
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn hrefs(document: &Html, css: &str) -> BTreeSet<String> {
    select(document, css)
        .into_iter()
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

async fn page(site: &Site, path: &str) -> Html {
    let reply = site.get(path, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}");
    Html::parse_document(&reply.body)
}

#[test]
fn each_page_about_the_site_answers_with_its_headings() {
    run(async {
        let site = Site::new("about_site_headings").await;
        let contacts = &content::load_embedded().unwrap().contacts;
        let pages: [(&str, &str, &[&str]); 4] = [
            (
                "/privacy",
                "Privacy notice for this website",
                &[
                    "In short",
                    "Who we are",
                    "Our lawful basis",
                    "Your rights",
                    "Complaints",
                ],
            ),
            (
                "/cookies",
                "Cookies on this website",
                &["Cookies for staff"],
            ),
            (
                "/contact",
                "Contact us",
                &[
                    "Main switchboard",
                    "Patient Advice and Liaison Service (PALS)",
                    "Accessibility and website feedback",
                    "Report a problem with this website",
                ],
            ),
            (
                "/hospitals",
                "Our hospitals",
                &["Leeds General Infirmary", "St James's University Hospital"],
            ),
        ];
        for (path, h1, h2s) in pages {
            let document = page(&site, path).await;
            assert_eq!(texts(&document, "main h1"), [h1], "{path}");
            let found = texts(&document, "main h2");
            for h2 in h2s {
                assert!(
                    found.iter().any(|f| f == h2),
                    "{path} lacks '{h2}': {found:?}"
                );
            }
            let title = texts(&document, "head title");
            assert!(
                title[0].ends_with("Leeds Teaching Hospitals NHS Trust"),
                "{path}"
            );
            assert_eq!(
                select(&document, r#"meta[name="description"]"#).len(),
                1,
                "{path}"
            );
        }
        // The contact page's numbers come from the content.
        let contact = site.get("/contact", None).await.body;
        for fact in [
            &contacts.switchboard,
            &contacts.website_email,
            &contacts.website_phone,
            &contacts.pals_office_hours,
        ] {
            assert!(contact.contains(fact.as_str()), "{fact}");
        }
        // The cookies page names every cookie the server sets.
        let cookies = site.get("/cookies", None).await.body;
        for name in [
            app::staff::cookies::session(false),
            app::staff::cookies::sign_in_browser(false),
        ] {
            assert!(cookies.contains(name), "{name}");
        }
    })
}

#[test]
fn the_accessibility_statement_follows_the_model_with_the_last_test_date() {
    run(async {
        let site = Site::new("accessibility_statement").await;
        let document = page(&site, "/accessibility-statement").await;
        assert_eq!(
            texts(&document, "main h1"),
            ["Accessibility statement for the Leeds Teaching Hospitals NHS Trust website"]
        );
        // Every section of the government's model statement, in its order.
        assert_eq!(
            texts(&document, "main h2"),
            [
                "How accessible this website is",
                "Feedback and contact information",
                "Reporting accessibility problems with this website",
                "Enforcement procedure",
                "Technical information about this website's accessibility",
                "Non-accessible content",
                "What we're doing to improve accessibility",
                "Preparation of this accessibility statement",
            ]
        );
        assert_eq!(texts(&document, "main h3"), ["Compliance status"]);
        let text = texts(&document, "main").join(" ");
        for part in [
            "This accessibility statement applies to http://localhost",
            "Equality and Human Rights Commission (EHRC)",
            "Equality Advisory and Support Service (EASS)",
            "Web Content Accessibility Guidelines version 2.2 AA standard",
            "axe-core",
            "HTML_CodeSniffer",
            "keyboard",
            "400% zoom",
            "JavaScript off",
        ] {
            assert!(text.contains(part), "the statement lacks '{part}'");
        }
        let record = content::load_embedded().unwrap().accessibility;
        let (prepared, reviewed, tested) = (
            app::directory::long_date(&record.prepared),
            app::directory::long_date(&record.last_reviewed),
            app::directory::long_date(&record.last_tested),
        );
        assert!(
            text.contains(&format!(
                "This statement was prepared on {prepared}. It was last reviewed on {reviewed}."
            )),
            "when it was prepared and reviewed"
        );
        assert!(
            text.contains(&format!(
                "This website was last tested on {tested}. \
                 The test was carried out by Leeds Teaching Hospitals NHS Trust"
            )),
            "the date of the last test run, and who tested: {tested}"
        );
    })
}

#[test]
fn every_page_footer_links_to_the_four_pages() {
    run(async {
        let site = Site::new("footer_links").await;
        let sitemap = site.get("/sitemap.xml", None).await.body;
        let xml = roxmltree::Document::parse(&sitemap).unwrap();
        let mut paths: Vec<String> = xml
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .map(|loc| loc.trim_start_matches("http://localhost").to_string())
            .collect();
        for path in [
            "/accessibility-statement",
            "/privacy",
            "/cookies",
            "/contact",
            "/hospitals",
            "/hospitals/seacroft",
        ] {
            assert!(paths.iter().any(|p| p == path), "the sitemap lacks {path}");
        }
        paths.extend(
            [
                "/services?q=heart",
                "/services?q=%22",
                "/services/cardiology/report",
                "/staff/sign-in",
                "/no-such-page",
                "/hospitals/no-such-hospital",
            ]
            .map(String::from),
        );
        let editor = site.cookie(EDITOR).await;
        for (path, cookie) in paths.iter().map(|p| (p.as_str(), None)).chain([
            ("/staff", Some(editor.as_str())),
            ("/staff/account", Some(editor.as_str())),
        ]) {
            let reply = site.get(path, cookie).await;
            let expected = match path {
                "/services?q=%22" => StatusCode::BAD_REQUEST,
                "/no-such-page" | "/hospitals/no-such-hospital" => StatusCode::NOT_FOUND,
                _ => StatusCode::OK,
            };
            assert_eq!(reply.status, expected, "{path}");
            let document = Html::parse_document(&reply.body);
            let links = hrefs(&document, "footer a");
            for page in app::components::layout::FOOTER_LINKS.map(|(_, href)| href) {
                assert!(links.contains(page), "the footer of {path} lacks {page}");
            }
        }
    })
}

#[test]
fn service_pages_link_their_sites_and_hospital_pages_list_the_directory() {
    run(async {
        let site = Site::new("hospital_services").await;
        let content = content::load_embedded().unwrap();
        let everything = app::directory::api::check(&Default::default(), &content).unwrap();
        let services = site.directory.records(&everything);
        assert!(services.len() > 100);
        // Every service page links each of its sites to the site's page.
        for service in &services {
            let document = page(&site, &format!("/services/{}", service.slug)).await;
            let links = hrefs(&document, "main a");
            for location in &service.sites {
                let href = format!("/hospitals/{}", location.site);
                assert!(links.contains(&href), "{} lacks {href}", service.slug);
            }
        }
        // Every hospital page lists exactly the directory's services there.
        let listed_at = |site_slug: &str| -> BTreeSet<String> {
            services
                .iter()
                .filter(|s| s.sites.iter().any(|l| l.site == site_slug))
                .map(|s| format!("/services/{}", s.slug))
                .collect()
        };
        for hospital in &content.sites {
            let path = format!("/hospitals/{}", hospital.slug);
            let document = page(&site, &path).await;
            assert_eq!(
                texts(&document, "main h1"),
                std::slice::from_ref(&hospital.name)
            );
            let shown = hrefs(&document, r#"ul[aria-labelledby="hospital-services"] a"#);
            assert_eq!(shown, listed_at(&hospital.slug), "{path}");
            // The map has a title and a description that stands alone.
            let description = texts(&document, "svg desc");
            assert!(description[0].contains(&hospital.name), "{path}");
            for other in content.sites.iter().filter(|o| o.slug != hospital.slug) {
                assert!(
                    description[0].contains(&other.name),
                    "{path}: {}",
                    other.name
                );
            }
            // Schema.org: a Hospital with its address and place.
            let json = texts(&document, r#"script[type="application/ld+json"]"#);
            let data: serde_json::Value = serde_json::from_str(&json[0]).unwrap();
            assert_eq!(data["@type"], "Hospital");
            assert_eq!(data["name"], hospital.name.as_str());
            assert_eq!(data["geo"]["latitude"], hospital.latitude);
            assert!(data["address"]["streetAddress"].is_string());
        }
        // The list is the directory's, not a copy: an archived service leaves it.
        let before = hrefs(
            &page(&site, "/hospitals/leeds-general-infirmary").await,
            r#"ul[aria-labelledby="hospital-services"] a"#,
        );
        assert!(before.contains("/services/cardiology"));
        let editor = site.cookie(EDITOR).await;
        let version = site.stored().await.version.to_string();
        let reply = site
            .post(
                "/staff/services/cardiology/archive",
                Some(&editor),
                &pairs(&[("version", &version)]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let after = hrefs(
            &page(&site, "/hospitals/leeds-general-infirmary").await,
            r#"ul[aria-labelledby="hospital-services"] a"#,
        );
        assert!(!after.contains("/services/cardiology"));
        assert_eq!(after.len() + 1, before.len());
    })
}

#[test]
fn hospital_pages_give_the_travel_facts_and_chapel_allertons_address() {
    run(async {
        let site = Site::new("hospital_travel").await;
        let text = texts(
            &page(&site, "/hospitals/leeds-general-infirmary").await,
            "main",
        )
        .join(" ");
        for fact in [
            "LS2 9DA",
            "LS2 9NS",
            "LS1 1JF",
            "Clarendon Way",
            "5 Electric",
            "0113 39 25057",
            "Blue Badge",
        ] {
            assert!(text.contains(fact), "LGI lacks {fact}");
        }
        let text = texts(&page(&site, "/hospitals/st-jamess").await, "main").join(" ");
        for fact in [
            "Alma Street",
            "16A",
            "50A",
            "2.2 miles",
            "Trust headquarters",
        ] {
            assert!(text.contains(fact), "St James's lacks {fact}");
        }
        let text = texts(&page(&site, "/hospitals/chapel-allerton").await, "main").join(" ");
        assert!(text.contains("Harehills Lane"));
        assert!(text.contains("0113 262 3404"));
        // Where nothing is known, the page says so instead of guessing.
        let text = texts(&page(&site, "/hospitals/seacroft").await, "main").join(" ");
        assert!(text.contains("We do not list travel and parking details"));
        let reply = site.get("/hospitals/no-such-hospital", None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    })
}
