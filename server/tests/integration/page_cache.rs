//! Rendered answers kept for visitors (`server/src/page_cache.rs`): served
//! again with a nonce of their own, dropped when the directory changes, and
//! never used for staff.

use crate::support::run;
use crate::support::site::*;

/// The nonce of a page's policy, and the page with it taken out.
fn without_nonce(reply: &Reply) -> (String, String) {
    let policy = reply.header("content-security-policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    assert!(reply.body.contains(&format!("nonce=\"{nonce}\"")));
    (nonce.clone(), reply.body.replace(&nonce, "NONCE"))
}

#[test]
fn a_page_is_rendered_once_then_served_with_a_fresh_nonce() {
    run(async {
        let site = Site::new("cache-again").await;
        let first = site.get("/services?q=heart", None).await;
        let second = site.get("/services?q=heart", None).await;
        assert_eq!(first.header("x-cache"), "miss");
        assert_eq!(second.header("x-cache"), "hit");
        let (first_nonce, first_page) = without_nonce(&first);
        let (second_nonce, second_page) = without_nonce(&second);
        assert_ne!(first_nonce, second_nonce);
        assert_eq!(first_page, second_page);
        assert_eq!(second.header("content-type"), first.header("content-type"));
        // Another address is another answer; so is an export.
        assert_eq!(
            site.get("/services?q=skin", None).await.header("x-cache"),
            "miss"
        );
        let csv = site.get("/services.csv?q=heart", None).await;
        let again = site.get("/services.csv?q=heart", None).await;
        assert_eq!(again.header("x-cache"), "hit");
        assert_eq!(again.body, csv.body);
    })
}

#[test]
fn an_edit_reaches_visitors_at_once() {
    run(async {
        let site = Site::new("cache-edit").await;
        let path = format!("/services/{SERVICE}");
        assert_eq!(site.get(&path, None).await.header("x-cache"), "miss");
        assert_eq!(site.get(&path, None).await.header("x-cache"), "hit");
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = "Cardiology and heart rhythm".into();
        assert_eq!(site.save(&editor, &form).await.status.as_u16(), 303);
        let after = site.get(&path, None).await;
        assert_eq!(after.header("x-cache"), "miss");
        assert!(after.body.contains("Cardiology and heart rhythm"));
        // The search finds it by its new word (the name is shown marked).
        let search = site.get("/services?q=rhythm", None).await;
        assert!(search
            .body
            .contains(&format!("href=\"/services/{SERVICE}\"")));
    })
}

#[test]
fn staff_and_refused_requests_are_never_kept() {
    run(async {
        let site = Site::new("cache-staff").await;
        let editor = site.cookie(EDITOR).await;
        let path = format!("/services/{SERVICE}");
        for _ in 0..2 {
            let staff = site.get(&path, Some(&editor)).await;
            assert_eq!(
                staff.header("x-cache"),
                "",
                "a staff view is rendered each time"
            );
            assert!(staff.body.contains("Edit this service"));
        }
        // What a visitor is given has nothing of the staff view.
        let visitor = site.get(&path, None).await;
        assert!(!visitor.body.contains("Edit this service"));
        for _ in 0..2 {
            let refused = site.get("/services?group=nope", None).await;
            assert_eq!(refused.status.as_u16(), 400);
            assert_eq!(refused.header("x-cache"), "");
        }
        assert_eq!(site.get("/staff/sign-in", None).await.header("x-cache"), "");
    })
}

/// Moves the site's clock to `unix` seconds.
fn set_clock(site: &Site, unix: i64) {
    site.config.clock.advance(unix - site.config.clock.now());
}

#[test]
fn pages_say_whether_a_service_is_open_now_and_are_kept_a_minute_at_most() {
    run(async {
        let site = Site::new("open-now").await;
        // Monday 7 December 2026, 10am in London.
        set_clock(&site, 1_796_637_600);
        let page = site.get("/services/dermatology", None).await;
        assert!(
            page.body.contains("Open now, closes at 5pm"),
            "{}",
            page.body
        );
        let results = site.get("/services?q=dermatology", None).await;
        assert!(results.body.contains("Open now, closes at 5pm"));
        // 30 seconds on, the kept page is still right.
        site.config.clock.advance(30);
        assert_eq!(
            site.get("/services/dermatology", None)
                .await
                .header("x-cache"),
            "hit"
        );
        // Saturday 12 December, 10am: made again, closed until Monday.
        set_clock(&site, 1_797_069_600);
        let page = site.get("/services/dermatology", None).await;
        assert_eq!(page.header("x-cache"), "miss");
        assert!(
            page.body.contains("Closed, opens Monday at 9am"),
            "{}",
            page.body
        );
        let results = site.get("/services?q=dermatology", None).await;
        assert!(results.body.contains("Closed, opens Monday at 9am"));
        // Wards open all day and night.
        let wards = site.get("/services/cardiology", None).await;
        assert!(wards.body.contains("Open 24 hours"));
    });
}

#[test]
fn a_head_is_answered_from_the_kept_page_without_a_body() {
    run(async {
        let site = Site::new("cache-head").await;
        let first = site.method("HEAD", "/services?q=heart", None).await;
        assert_eq!(
            (first.status.as_u16(), first.header("x-cache")),
            (200, "miss")
        );
        assert!(first.body.is_empty());
        let get = site.get("/services?q=heart", None).await;
        assert_eq!(
            get.header("x-cache"),
            "hit",
            "the HEAD rendered the page once"
        );
        let head = site.method("HEAD", "/services?q=heart", None).await;
        assert_eq!((head.status.as_u16(), head.header("x-cache")), (200, "hit"));
        assert!(head.body.is_empty());
        assert_eq!(head.header("content-type"), get.header("content-type"));
        assert!(head.header("content-security-policy").contains("'nonce-"));
    })
}

#[test]
fn unknown_parameters_are_dropped_and_known_ones_kept_in_one_order() {
    run(async {
        let site = Site::new("cache-key").await;
        let first = site
            .get(
                "/services?site=leeds-general-infirmary&q=heart&utm_source=x",
                None,
            )
            .await;
        assert_eq!(first.header("x-cache"), "miss");
        for same in [
            "/services?q=heart&site=leeds-general-infirmary",
            "/services?x=%3Cb%3E&site=leeds-general-infirmary&q=heart",
            "/services?q=heart&fbclid=1&site=leeds-general-infirmary&",
        ] {
            let reply = site.get(same, None).await;
            assert_eq!(reply.header("x-cache"), "hit", "{same}");
            assert_eq!(without_nonce(&reply).1, without_nonce(&first).1);
        }
        // An unknown parameter never reaches the page.
        assert!(!first.body.contains("utm_source"));
        site.get("/?utm_campaign=winter", None).await;
        assert_eq!(site.get("/", None).await.header("x-cache"), "hit");
    })
}

#[test]
fn a_cookie_that_names_no_session_is_a_visitor_and_gets_the_kept_page() {
    run(async {
        let site = Site::new("cache-forged").await;
        let name = app::staff::cookies::session(false);
        assert_eq!(
            site.get("/services?q=heart", None).await.header("x-cache"),
            "miss"
        );
        let unknown = app::staff::accounts::new_token();
        for forged in ["forged".to_string(), unknown, "0".repeat(64)] {
            let reply = site
                .get("/services?q=heart", Some(&format!("{name}={forged}")))
                .await;
            assert_eq!(reply.header("x-cache"), "hit", "{forged}");
        }
        // A real session is staff: rendered for them, not kept.
        let editor = site.cookie(EDITOR).await;
        assert_eq!(
            site.get("/services?q=heart", Some(&editor))
                .await
                .header("x-cache"),
            ""
        );
    })
}
