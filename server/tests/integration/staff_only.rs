//! Staff-only details: editors keep them with a service (versioned and
//! audited), signed-in staff see them and search by them, and nothing of
//! them reaches anyone else. The leak test gives every staff-only field of
//! every service a unique marker, then asks for every public page, search,
//! export, server function and error page, anonymous and with a stale or a
//! forged cookie, before and after the page cache keeps it, and finds no
//! marker in any answer or in the server's log. The same requests by a
//! signed-in member of staff do show the markers, so the test can fail.

use crate::support::site::*;
use crate::support::{log, run};
use app::reports::CheckedReport;
use app::staff::details::{StaffDetails, StaffNumber};
use app::staff::service_form::CheckedService;
use std::collections::HashSet;

/// The text every marker starts with: no public content holds it.
const MARK: &str = "lkmq";

/// Unique markers for service `i`'s staff-only details: words in every text
/// field, and numbers (`7iiii17`, `7iiii27`) for the extension and bleep.
fn marked_details(i: usize) -> StaffDetails {
    StaffDetails {
        phones: vec![StaffNumber {
            label: format!("{MARK}p{i}x desk"),
            number: format!("7{i:04}17"),
        }],
        bleeps: vec![StaffNumber {
            label: format!("{MARK}b{i}x registrar"),
            number: format!("7{i:04}27"),
        }],
        out_of_hours: format!("Out of hours {MARK}o{i}x"),
        internal_referral: format!("Refer {MARK}r{i}x"),
        referral_form: format!("https://intranet.example.nhs.uk/{MARK}f{i}x"),
        whereabouts: format!("Ward {MARK}w{i}x, level 2"),
    }
}

/// The markers `text` holds: anything starting with [`MARK`], and any of
/// `numbers` as a whole run of digits.
fn markers_in(text: &str, numbers: &HashSet<String>) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = lower
        .match_indices(MARK)
        .map(|(at, _)| lower[at..].chars().take(12).collect())
        .collect();
    found.extend(
        lower
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| numbers.contains(*run))
            .map(str::to_string),
    );
    found
}

/// Gives every service its marked details, through the editing path.
async fn mark_every_service(site: &Site, staff: &StaffMember) -> (Vec<String>, HashSet<String>) {
    let pass = test_pass();
    let rows = site.directory.staff_list().await.unwrap();
    let mut numbers = HashSet::new();
    let mut slugs = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let stored = site
            .directory
            .stored_service(&row.slug)
            .await
            .unwrap()
            .unwrap();
        let details = marked_details(i);
        numbers.extend(
            details
                .phones
                .iter()
                .chain(&details.bleeps)
                .map(|n| n.number.clone()),
        );
        let checked = CheckedService {
            record: stored.record,
            details,
        };
        site.directory
            .update_service(stored.version, &checked, staff, &pass)
            .await
            .unwrap();
        // Reports of problems are staff-only too: every tenth service has one.
        if i % 10 == 0 && !row.archived {
            let report = CheckedReport {
                what_is_wrong: format!("Wrong number {MARK}q{i}x"),
                contact: format!("{MARK}c{i}x@example.com"),
            };
            site.directory
                .report_problem(&row.slug, &report, None, 0)
                .await
                .unwrap();
        }
        slugs.push(row.slug.clone());
    }
    (slugs, numbers)
}

/// Every public address: pages, searches (by the markers' words too),
/// exports, server functions and error pages.
fn public_requests(slugs: &[String]) -> Vec<String> {
    let content = content::load_embedded().unwrap();
    let mut paths: Vec<String> = [
        "/",
        "/centres",
        "/partnerships",
        "/services",
        "/services?q=ward",
        "/services?q=bleep",
        "/services?q=heart&page=1",
        "/services?q=registrar+desk",
        "/services?group=cardiac",
        "/services?page=999&q=heart",
        "/services.csv",
        "/services.json",
        "/services.csv?q=ward",
        "/services.json?q=bleep",
        app::paths::SEARCH_DATA,
        "/api/services?q=ward",
        "/api/service-sites",
        "/api/staff-home",
        "/services/no-such-service",
        "/no/such/page",
        "/staff/sign-in",
        "/robots.txt",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    paths.extend(
        content
            .centres
            .iter()
            .map(|c| format!("/centres/{}", c.slug)),
    );
    paths.extend(
        content
            .partners
            .iter()
            .map(|p| format!("/partnerships/{}", p.slug)),
    );
    for (i, slug) in slugs.iter().enumerate() {
        paths.push(format!("/services/{slug}"));
        paths.push(format!("/api/service?slug={slug}"));
        paths.push(format!("/api/staff-service-details?slug={slug}"));
        paths.push(format!("/api/staff-history?slug={slug}"));
        paths.push(format!("/staff/services/{slug}/edit"));
        if i % 10 == 0 {
            paths.push(format!("/services/{slug}/report"));
            paths.push(format!("/services/{slug}/report/sent"));
            for word in ["w", "p", "b", "o", "r"] {
                paths.push(format!("/services?q={MARK}{word}{i}x"));
                paths.push(format!("/services.csv?q={MARK}{word}{i}x"));
                paths.push(format!("/api/services?q={MARK}{word}{i}x"));
            }
            paths.push(format!("/services?q=7{i:04}27"));
            paths.push(format!("/services.json?q=7{i:04}17"));
        }
    }
    paths
}

/// What a request typed itself, which its answer may repeat: the value of
/// `q` in `path`.
fn typed(path: &str) -> Option<String> {
    let (_, query) = path.split_once('?')?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value.to_lowercase())
}

#[test]
fn nothing_staff_only_reaches_a_public_answer_or_the_log() {
    run(async {
        log::keep();
        let site = Site::new("staff_only_leaks").await;
        let editor = site.accounts.find(EDITOR).await.unwrap().unwrap();
        let staff_member = StaffMember {
            id: editor.id,
            email: editor.email.clone(),
            role: editor.role,
        };
        let (slugs, numbers) = mark_every_service(&site, &staff_member).await;
        assert!(slugs.len() > 100, "every service is marked");
        let member = site.add_enrolled("member@nhs.net", Role::Staff).await;
        assert_eq!(member.role, Role::Staff);
        let staff = site.cookie("member@nhs.net").await;
        let stale = site.cookie(EDITOR).await;
        site.post("/staff/sign-out", Some(&stale), &[]).await;
        let forged = format!("lth_staff_session={}", "ab".repeat(32));
        let mut staff_saw = 0;
        let mut checked = 0;
        for path in public_requests(&slugs) {
            // Staff first: what they are shown must not be kept for others.
            let reply = site.get(&path, Some(&staff)).await;
            if !markers_in(&reply.body, &numbers).is_empty() {
                staff_saw += 1;
                let cache = reply.header("cache-control");
                assert!(
                    cache.contains("no-store"),
                    "{path}: staff answer kept: {cache}"
                );
            }
            for (who, cookie) in [
                ("anonymous", None),
                ("anonymous again, from the cache", None),
                ("stale cookie", Some(stale.as_str())),
                ("forged cookie", Some(forged.as_str())),
            ] {
                let reply = site.get(&path, cookie).await;
                assert!(
                    reply.status.as_u16() < 500,
                    "{path} ({who}): {}",
                    reply.status
                );
                let mut body = reply.body.to_lowercase();
                if let Some(typed) = typed(&path) {
                    body = body.replace(&typed, "");
                }
                let headers = format!("{:?}", reply.headers);
                let leaked = markers_in(&format!("{body}{headers}"), &numbers);
                assert!(leaked.is_empty(), "{path} ({who}) shows {leaked:?}");
                checked += 1;
            }
        }
        assert!(checked > 2_000, "{checked} answers checked");
        // Each service page, details call and search by a marker word shows
        // the markers to staff.
        assert!(
            staff_saw > 3 * slugs.len(),
            "staff saw markers in {staff_saw} answers"
        );
        // Admins see every report on the staff home page, so the markers
        // would be found if a public answer held one.
        let admin = site.cookie(ADMIN).await;
        let home = site.get("/staff", Some(&admin)).await;
        assert!(home.body.contains(&format!("{MARK}q0x")), "a report");
        assert!(home.body.contains(&format!("{MARK}c0x")), "its contact");
        let logged = log::everything();
        let leaked = markers_in(&logged, &numbers);
        assert!(leaked.is_empty(), "the log holds {leaked:?}");
    });
}

#[test]
fn editors_keep_staff_only_details_with_the_service_and_staff_see_and_search_them() {
    run(async {
        let site = Site::new("staff_only_details").await;
        let editor = site.cookie(EDITOR).await;
        let before = site.stored().await.version;
        let mut form = site.edit_form().await;
        form.whereabouts = "Ward X42, level 2".into();
        form.staff_phones = "Nurses' station: 23456\nDirect line: 0113 206 0000".into();
        form.bleeps = "On-call registrar: 2345".into();
        form.out_of_hours = "After 5pm, bleep the on-call registrar.".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        // Saved with the service: a new version, in its audit log.
        assert_eq!(site.stored().await.version, before + 1);
        let history = site.directory.history(SERVICE).await.unwrap();
        let fields: Vec<&str> = history[0]
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert!(fields.contains(&"Bleeps (staff only)"), "{fields:?}");
        assert_eq!(site.edit_form().await.bleeps, "On-call registrar: 2345");
        // A member of staff sees them, dialable, and finds the service by them.
        site.add_enrolled("member@nhs.net", Role::Staff).await;
        let staff = site.cookie("member@nhs.net").await;
        let page = site
            .get(&format!("/services/{SERVICE}"), Some(&staff))
            .await;
        assert!(page.body.contains("For staff"), "{}", page.body);
        assert!(page.body.contains("href=\"tel:23456\""));
        assert!(page.body.contains("On-call registrar"));
        assert!(
            !page.body.contains("Edit this service"),
            "staff do not edit"
        );
        for query in ["x42", "bleep+2345", "registrar"] {
            let found = site
                .get(&format!("/services?q={query}"), Some(&staff))
                .await;
            assert!(
                found.body.contains("Found in staff-only details"),
                "{query}"
            );
            assert!(
                found
                    .body
                    .contains(&format!("href=\"/services/{SERVICE}\"")),
                "{query}"
            );
        }
        let results = site.get("/services?q=cardiology", Some(&staff)).await;
        assert!(results.body.contains("Staff only") && results.body.contains("tel:23456"));
        // The public finds nothing by them.
        let public = site.get("/services?q=x42", None).await;
        assert!(public.body.contains("No services found"));
        assert!(!public.body.contains("Found in staff-only details"));
        // The form's rules hold for them too.
        form.bleeps = "On-call registrar 2345".into();
        form.version = Some(before + 1);
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("href=\"#bleeps\""), "{}", reply.body);
        // Staff may not change them.
        let reply = site.save(&staff, &form).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    });
}
