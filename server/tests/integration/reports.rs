//! "Report a problem with this entry": anyone sends a report, without
//! JavaScript; it reaches the service's owners and the admins on `/staff`
//! and no public answer; closing it takes a note and is audited; hostile
//! input is refused with a message or kept as text, and one address can
//! send only so many.

use crate::support::run;
use crate::support::site::*;
use app::reports::{REPORTS_PER_HOUR, VISITOR};
use app::staff::AuditAction;
use scraper::{Html, Selector};

const OWNER: &str = "owner@nhs.net";
const OTHER: &str = "other@nhs.net";

/// A site whose test service is owned by [`OWNER`], with [`OTHER`] a
/// member of staff who owns nothing.
async fn site_with_owner(name: &str) -> Site {
    let site = Site::new(name).await;
    site.add_enrolled(OWNER, Role::Staff).await;
    site.add_enrolled(OTHER, Role::Staff).await;
    let editor = site.cookie(EDITOR).await;
    let version = site.stored().await.version.to_string();
    let reply = site
        .post(
            &format!("/staff/services/{SERVICE}/owners"),
            Some(&editor),
            &pairs(&[("version", &version), ("owners", OWNER)]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    site
}

fn report_path() -> String {
    format!("/services/{SERVICE}/report")
}

fn report(what_is_wrong: &str, contact: &str) -> Vec<(String, String)> {
    pairs(&[("what-is-wrong", what_is_wrong), ("contact", contact)])
}

/// The text of every element matching `selector` in `html`, as a browser
/// would show it.
fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    document
        .select(&selector)
        .map(|element| element.text().collect::<String>())
        .collect()
}

/// The texts reported, as `/staff` shows them to whoever has `cookie`.
async fn queue(site: &Site, cookie: &str) -> Vec<String> {
    let home = site.get("/staff", Some(cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    texts(&home.body, ".lth-report .lth-preserve-lines")
}

#[test]
fn a_visitors_report_reaches_the_owners_queue_and_no_public_answer() {
    run(async {
        let site = site_with_owner("report_queue").await;
        // Every service page links to the form, which works without script.
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        assert!(page
            .body
            .contains(&format!("href=\"/services/{SERVICE}/report\"")));
        let form = site.get(&report_path(), None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Report a problem with this entry"));
        assert!(form.body.contains("name=\"what-is-wrong\""));
        // Seen by the public before the report, so a kept copy could leak it.
        let public = [
            format!("/services/{SERVICE}"),
            report_path(),
            format!("/services/{SERVICE}/report/sent"),
            "/services?q=cardiology".to_string(),
            "/services?q=lkrp".to_string(),
            "/services.csv".to_string(),
            "/services.json".to_string(),
            format!("/api/service?slug={SERVICE}"),
        ];
        for path in &public {
            site.get(path, None).await;
        }
        let what = "The phone number lkrp42 is wrong: it rings a fax";
        let reply = site
            .post(&report_path(), None, &report(what, "lkrc42@example.com"))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location(), format!("/services/{SERVICE}/report/sent"));
        let sent = site.get(reply.location(), None).await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(sent.body.contains("Report sent"));
        // The owner and the admins see it; other staff do not.
        let owner = site.cookie(OWNER).await;
        assert_eq!(queue(&site, &owner).await, [what]);
        let home = site.get("/staff", Some(&owner)).await;
        assert!(home.body.contains("lkrc42@example.com"), "the contact");
        let admin = site.cookie(ADMIN).await;
        assert_eq!(queue(&site, &admin).await, [what]);
        let other = site.cookie(OTHER).await;
        assert!(queue(&site, &other).await.is_empty());
        assert!(!site
            .get("/staff", Some(&other))
            .await
            .body
            .contains("lkrp42"));
        // In the service's audit log, from a visitor.
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].action, AuditAction::Reported);
        assert_eq!(history[0].staff_email, VISITOR);
        // No public answer holds it, fresh or kept.
        for path in &public {
            for _ in 0..2 {
                let reply = site.get(path, None).await;
                assert!(reply.status.as_u16() < 500, "{path}");
                assert!(
                    !reply.body.contains("lkrp42") && !reply.body.contains("lkrc42"),
                    "{path} shows the report"
                );
            }
        }
    });
}

#[test]
fn closing_a_report_takes_a_note_is_audited_and_is_for_owners_and_admins() {
    run(async {
        let site = site_with_owner("report_close").await;
        let editor = site.cookie(EDITOR).await;
        // A report from a member of staff is named in the audit log.
        let reply = site
            .post(&report_path(), Some(&editor), &report("Wrong ward", ""))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].action, AuditAction::Reported);
        assert_eq!(history[0].staff_email, EDITOR);
        let version = site.stored().await.version;
        let owner_member = site.accounts.find(OWNER).await.unwrap().unwrap();
        let owner_member = StaffMember {
            id: owner_member.id,
            email: owner_member.email,
            role: owner_member.role,
        };
        let open = site.directory.open_reports(&owner_member).await.unwrap();
        assert_eq!(open.len(), 1);
        let id = open[0].id;
        let path = format!("/staff/reports/{id}/close");
        let note = |text: &str| pairs(&[(&format!("closing-note-{id}"), text)]);
        // Not for anyone else: signed out, other staff, editors who do not own it.
        let reply = site.post(&path, None, &note("Fixed")).await;
        assert_eq!(reply.location(), "/staff/sign-in");
        for cookie in [site.cookie(OTHER).await, editor.clone()] {
            let reply = site.post(&path, Some(&cookie), &note("Fixed")).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN);
        }
        // A note is needed; what was typed stays.
        let owner = site.cookie(OWNER).await;
        let reply = site.post(&path, Some(&owner), &note("  ")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("Enter what you did about this report"));
        let reply = site
            .post(&path, Some(&owner), &note("Moved to ward 12\u{202E}"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("Moved to ward 12"), "kept as typed");
        // The owner closes it: off the queue, audited, the entry untouched.
        let reply = site
            .post(&path, Some(&owner), &note("Corrected the ward <b>12</b>"))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert!(queue(&site, &owner).await.is_empty());
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].action, AuditAction::ReportClosed);
        assert_eq!(history[0].staff_email, OWNER);
        assert_eq!(history[0].changes[0].after, "Closed");
        let reported = history
            .iter()
            .find(|entry| entry.action == AuditAction::Reported)
            .unwrap();
        assert_eq!(
            reported.changes[0].after, "Received",
            "not what was reported"
        );
        assert_eq!(site.stored().await.version, version, "not an edit");
        // Closed once: again, or an id that is not a report, is not found.
        let reply = site.post(&path, Some(&owner), &note("Again")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let admin = site.cookie(ADMIN).await;
        for path in ["/staff/reports/999999/close", "/staff/reports/x/close"] {
            let reply = site.post(path, Some(&admin), &note("x")).await;
            assert!(reply.status.is_client_error(), "{path}: {}", reply.status);
        }
        // Admins close reports on any service.
        site.post(&report_path(), None, &report("Old email", ""))
            .await;
        let id = site.directory.open_reports(&owner_member).await.unwrap()[0].id;
        let reply = site
            .post(
                &format!("/staff/reports/{id}/close"),
                Some(&admin),
                &pairs(&[(&format!("closing-note-{id}"), "Checked")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    });
}

/// Characters no report may hold: every control character but line
/// breaks and tabs, and every text direction mark.
fn forbidden_characters() -> Vec<char> {
    let controls = (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .filter(|c| !matches!(c, '\n' | '\r' | '\t'));
    let bidi = [
        '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
        '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ];
    controls.chain(bidi).collect()
}

#[test]
fn hostile_reports_are_refused_with_a_message_or_kept_as_text() {
    run(async {
        let site = site_with_owner("report_hostile").await;
        let admin = site.cookie(ADMIN).await;
        // Refused, with what was typed and a message, from staff (not
        // counted against the address) so every one is tried.
        let long = "x".repeat(1_001);
        let mut refused: Vec<(String, String)> = forbidden_characters()
            .into_iter()
            .flat_map(|c| {
                [
                    (format!("wrong {c} number"), String::new()),
                    ("wrong number".to_string(), format!("me{c}@example.com")),
                ]
            })
            .collect();
        refused.push((long, String::new()));
        refused.push(("   ".into(), "me@example.com".into()));
        refused.push(("ok".into(), "c".repeat(201)));
        refused.push(("ok".into(), "line\nbreak".into()));
        for (what, contact) in &refused {
            let reply = site
                .post(&report_path(), Some(&admin), &report(what, contact))
                .await;
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{what:?} {contact:?}"
            );
            assert!(reply.body.contains("There is a problem"));
        }
        // Markup, script and quotes are kept exactly, and shown as text.
        let kept = [
            "<script>alert('lkx')</script>",
            "</textarea><img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)> & ' \" `",
            "' OR 1=1; DROP TABLE service_reports; --",
            "Line one\nline two\ttabbed",
            "=HYPERLINK(\"//evil.example\")",
            "💉 ❤️ Ω – “quotes”",
        ];
        for what in kept {
            let reply = site
                .post(
                    &report_path(),
                    Some(&admin),
                    &report(what, what.lines().next().unwrap()),
                )
                .await;
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{what:?}: {}",
                reply.body
            );
        }
        let shown = queue(&site, &admin).await;
        assert_eq!(shown, kept, "as typed, as text");
        let home = site.get("/staff", Some(&admin)).await;
        let document = Html::parse_document(&home.body);
        for tag in ["img", "svg"] {
            let selector = Selector::parse(&format!(".lth-report {tag}")).unwrap();
            assert_eq!(document.select(&selector).count(), 0, "no <{tag}> element");
        }
        assert!(!home.body.contains("<script>alert"));
        // A service that is not listed, or not there, takes no report.
        for slug in ["no-such-service", "%3Cscript%3E"] {
            let reply = site
                .post(
                    &format!("/services/{slug}/report"),
                    None,
                    &report("wrong", ""),
                )
                .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{slug}");
        }
    });
}

#[test]
fn one_address_sends_only_so_many_reports_an_hour() {
    run(async {
        let site = Site::new("report_limit").await;
        let address = [10, 9, 9, 9];
        for i in 0..REPORTS_PER_HOUR {
            let reply = site
                .post_from(
                    &report_path(),
                    None,
                    &report(&format!("wrong {i}"), ""),
                    address,
                )
                .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        }
        let reply = site
            .post_from(&report_path(), None, &report("one more lkq", ""), address)
            .await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("try again in an hour"));
        assert!(reply.body.contains("one more lkq"), "what was typed stays");
        // Sign-ins count in the same table in windows of 15 minutes: one
        // counted 16 minutes on does not end the reports' hour.
        site.config.clock.advance(16 * 60);
        site.directory
            .storage()
            .count_attempt("address:10.9.9.7", site.accounts.now(), 15 * 60)
            .await
            .unwrap();
        let reply = site
            .post_from(&report_path(), None, &report("still one more", ""), address)
            .await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        // Other addresses, and signed-in staff at this one, are not held up.
        let reply = site
            .post_from(&report_path(), None, &report("wrong", ""), [10, 9, 9, 8])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let editor = site.cookie(EDITOR).await;
        let reply = site
            .post_from(&report_path(), Some(&editor), &report("wrong", ""), address)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        // An hour on, the address may report again.
        site.config.clock.advance(60 * 60 + 1);
        let reply = site
            .post_from(&report_path(), None, &report("wrong", ""), address)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    });
}
