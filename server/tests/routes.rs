//! The server's routes and status codes, through the whole router with `oneshot`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use server::config::Config;
use server::{content, site_router};
use std::sync::Arc;
use tower::ServiceExt;

const CENTRE_SLUGS: [&str; 5] = [
    "childrens-hospital",
    "cancer-centre",
    "major-trauma-centre",
    "cardiac-services",
    "transplantation",
];

fn test_config() -> Config {
    Config::from_vars(
        |name| (name == "SITE_URL").then(|| "https://www.example.nhs.uk".to_string()),
        None,
    )
    .unwrap()
}

async fn get(path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let router = site_router(&test_config(), Arc::new(content::load_embedded().unwrap()));
    let response = router
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (status, _, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn home_page_is_the_trust_profile() {
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
}

#[tokio::test]
async fn centres_list_links_every_centre() {
    let (status, _, html) = get("/centres").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<title>Centres of excellence - Leeds Teaching Hospitals NHS Trust</title>")
    );
    for slug in CENTRE_SLUGS {
        assert!(
            html.contains(&format!(r#"href="/centres/{slug}""#)),
            "{slug}"
        );
    }
}

#[tokio::test]
async fn every_centre_has_its_page() {
    let content = content::load_embedded().unwrap();
    for slug in CENTRE_SLUGS {
        let (status, _, html) = get(&format!("/centres/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        let centre = content.centres.iter().find(|c| c.slug == slug).unwrap();
        assert!(
            html.contains(&format!("<title>{} - ", centre.name)),
            "{slug}"
        );
        let canonical =
            format!(r#"<link href="https://www.example.nhs.uk/centres/{slug}" rel="canonical">"#);
        assert!(html.contains(&canonical), "{slug}");
        assert!(html.contains(r#""parentOrganization""#), "{slug}");
    }
}

#[tokio::test]
async fn unknown_centre_is_not_found() {
    let (status, _, html) = get("/centres/no-such-centre").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
    assert!(html.contains(r#"content="noindex""#));
}

#[tokio::test]
async fn unknown_path_is_not_found() {
    for path in [
        "/no-such-page",
        "/centres/cancer-centre/extra",
        "/pkg/missing.wasm",
    ] {
        let (status, _, html) = get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn server_functions_answer_and_refuse_unknown_centres() {
    let (status, _, body) = get("/api/centre?slug=cancer-centre").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Bexley Wing"));
    let (status, _, body) = get("/api/centre?slug=nope").await;
    assert!(
        status.is_server_error() || status.is_client_error(),
        "{status}"
    );
    assert!(body.contains("NotFound"), "{body}");
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let (_, headers, _) = get("/").await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers.contains_key("referrer-policy"));
}
