//! Staff accounts and editing through the whole router with `oneshot`: who may
//! do what, cross-site refusal, sign-in limits, validation, stale and
//! concurrent edits, and the audit log. Each test has its own database: an
//! SQLite file, or on PostgreSQL when `TEST_POSTGRES_URL` is set.

use crate::support::run;
use crate::support::site::*;
use app::staff::limiter::SignInLimiter;

#[test]
fn anonymous_visitors_are_sent_to_sign_in() {
    run(async {
        let site = Site::new("anonymous").await;
        for path in [
            "/staff",
            "/staff/services/new",
            "/staff/services/cardiology/edit",
            "/staff/users",
            "/staff/account",
            "/staff/sign-in/code",
            "/staff/authenticator-app",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(reply.location(), "/staff/sign-in", "{path}");
        }
        let reply = site.get("/staff/sign-in", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("autocomplete=\"current-password\""));
        // The page data behind the staff pages is refused too.
        for path in [
            "/api/staff-home",
            "/api/staff-users?event=&who=",
            "/api/staff-service?slug=cardiology",
            "/api/staff-account",
            "/api/staff-code",
            "/api/staff-authenticator",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
            assert!(!reply.body.contains("cardiology"), "{path}");
        }
    });
}

#[test]
fn every_mutation_and_staff_page_checks_the_role() {
    run(async {
        let site = Site::new("matrix").await;
        let editor = site.cookie(EDITOR).await;
        let admin = site.cookie(ADMIN).await;
        let form = site.edit_form().await;
        let version = form.version.unwrap().to_string();
        let editor_id = site.accounts.find(EDITOR).await.unwrap().unwrap().id;
        let new_service = ServiceForm {
            version: None,
            slug: "matrix-test-clinic".into(),
            name: "Matrix test clinic".into(),
            ..form.clone()
        };
        // (path, fields, role needed)
        let mutations: Vec<(String, Fields, Role)> = vec![
            (
                "/staff/services/new".into(),
                service_fields(&new_service),
                Role::Editor,
            ),
            (
                "/staff/services/cardiology/edit".into(),
                service_fields(&form),
                Role::Editor,
            ),
            (
                "/staff/services/cardiology/archive".into(),
                pairs(&[("version", &version)]),
                Role::Editor,
            ),
            (
                "/staff/users/invite".into(),
                pairs(&[("email", "invited@nhs.net"), ("role", "editor")]),
                Role::Admin,
            ),
            (
                format!("/staff/users/{editor_id}/disable"),
                Vec::new(),
                Role::Admin,
            ),
            (
                format!("/staff/users/{editor_id}/role"),
                pairs(&[("role", "admin")]),
                Role::Admin,
            ),
        ];
        for (path, fields, needed) in &mutations {
            let reply = site.post(path, None, fields).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "anonymous {path}");
            assert_eq!(reply.location(), "/staff/sign-in", "anonymous {path}");
            if *needed == Role::Admin {
                let reply = site.post(path, Some(&editor), fields).await;
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "editor {path}");
                assert!(reply.body.contains("You do not have permission"), "{path}");
            }
        }
        // Nothing changed so far.
        let accounts = site.accounts.list().await.unwrap();
        assert_eq!(accounts.len(), 3);
        assert_eq!(site.database.count("staff_invitations").await, 0);
        assert!(site
            .directory
            .stored_service("matrix-test-clinic")
            .await
            .unwrap()
            .is_none());
        // Allowed roles succeed (the edit uses the version before the archive).
        let reply = site
            .post(&mutations[0].0, Some(&editor), &mutations[0].1)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location(), "/services/matrix-test-clinic");
        let reply = site
            .post(&mutations[1].0, Some(&editor), &mutations[1].1)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let newer = site.edit_form().await.version.unwrap().to_string();
        let reply = site
            .post(
                &mutations[2].0,
                Some(&admin),
                &pairs(&[("version", &newer)]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let reply = site
            .post(&mutations[3].0, Some(&admin), &mutations[3].1)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("http://localhost/staff/invitation/"));
        assert_eq!(site.database.count("staff_invitations").await, 1);
        let reply = site
            .post(&mutations[4].0, Some(&admin), &mutations[4].1)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let reply = site
            .post(&mutations[5].0, Some(&admin), &mutations[5].1)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(
            site.accounts.find(EDITOR).await.unwrap().unwrap().role,
            Role::Admin
        );
        site.add_enrolled("new@nhs.net", Role::Editor).await;
        // (The first editor was disabled above: its session ended.)
        assert_eq!(
            site.get("/staff", Some(&editor)).await.status,
            StatusCode::SEE_OTHER
        );
        let editor = site.cookie("new@nhs.net").await;
        // The data behind the admins' page is refused to editors too.
        let reply = site
            .get("/api/staff-users?event=&who=", Some(&editor))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(!reply.body.contains(ADMIN));
        // Staff pages: editors see theirs, not the admins'.
        for (path, editor_status) in [
            ("/staff", StatusCode::OK),
            ("/staff/services/new", StatusCode::OK),
            ("/staff/services/cardiology/edit", StatusCode::OK),
            ("/staff/users", StatusCode::FORBIDDEN),
        ] {
            let editor = site.cookie("new@nhs.net").await;
            assert_eq!(
                site.get(path, Some(&editor)).await.status,
                editor_status,
                "{path}"
            );
            assert_eq!(
                site.get(path, Some(&admin)).await.status,
                StatusCode::OK,
                "{path}"
            );
        }
    });
}

#[test]
fn cross_site_posts_are_refused_before_anything_changes() {
    run(async {
        let site = Site::new("csrf").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = "Cardiology from elsewhere".into();
        for (origin, fetch_site) in [
            ("https://evil.example", "cross-site"),
            ("https://evil.example", "same-site"),
            ("null", "cross-site"),
        ] {
            let request = Request::post("/staff/services/cardiology/edit")
                .header("host", "localhost")
                .header("origin", origin)
                .header("sec-fetch-site", fetch_site)
                .header(header::COOKIE, &editor)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form_body(&service_fields(&form))))
                .unwrap();
            let reply = site.send(request).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin}");
        }
        // A cross-site sign-in is refused too.
        let request = Request::post("/staff/sign-in")
            .header("host", "localhost")
            .header("origin", "https://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&pairs(&[
                ("email", EDITOR),
                ("password", PASSWORD),
            ]))))
            .unwrap();
        assert_eq!(site.send(request).await.status, StatusCode::FORBIDDEN);
        let stored = site.stored().await;
        assert_eq!(stored.record.name, "Cardiology");
        assert_eq!(stored.version, 1);
    });
}

#[test]
fn sign_in_says_the_same_for_unknown_email_and_wrong_password() {
    run(async {
        let site = Site::new("sign-in").await;
        let unknown = site
            .sign_in_from("nobody@nhs.net", PASSWORD, [10, 0, 0, 2])
            .await;
        let wrong = site
            .sign_in_from(EDITOR, "not the password", [10, 0, 0, 3])
            .await;
        let disabled = site.sign_in_from(DISABLED, PASSWORD, [10, 0, 0, 4]).await;
        for reply in [&unknown, &wrong, &disabled] {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
            assert!(reply
                .body
                .contains("Enter a correct email address and password"));
            assert!(reply.cookie().is_none());
        }
        // The typed email is kept; the password is not echoed.
        assert!(wrong.body.contains("value=\"editor@nhs.net\""));
        assert!(!wrong.body.contains("not the password"));
        let empty = site.sign_in_from("", "", [10, 0, 0, 5]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("Enter your email address"));
        assert!(empty.body.contains("Enter your password"));
        // A right password: a session that can only take the next step.
        let halfway = site.sign_in_from(EDITOR, PASSWORD, [10, 0, 0, 6]).await;
        assert_eq!(halfway.status, StatusCode::SEE_OTHER);
        assert_eq!(halfway.location(), "/staff/sign-in/code");
        let set_cookie = halfway.header("set-cookie");
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
        let halfway = halfway.cookie().unwrap();
        for path in ["/staff", "/staff/users", "/staff/account"] {
            let reply = site.get(path, Some(&halfway)).await;
            assert_eq!(reply.location(), "/staff/sign-in/code", "{path}");
        }
        let reply = site.get("/api/staff-home", Some(&halfway)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        let reply = site.get("/staff/sign-in/code", Some(&halfway)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("autocomplete=\"one-time-code\""));
        // The code: a new session id, signed in.
        let first = site
            .enter_code(&halfway, &site.code(EDITOR), [10, 0, 0, 6])
            .await;
        assert_eq!(first.location(), "/staff");
        let first = first.cookie().unwrap();
        assert_ne!(first, halfway);
        assert_eq!(
            site.get("/staff", Some(&halfway)).await.status,
            StatusCode::SEE_OTHER
        );
        // Signing in again with the old cookie replaces its session.
        let again = site
            .post_from(
                "/staff/sign-in",
                Some(&first),
                &pairs(&[("email", EDITOR), ("password", PASSWORD)]),
                [10, 0, 0, 6],
            )
            .await;
        let again = again.cookie().unwrap();
        let second = site
            .enter_code(&again, &site.code(EDITOR), [10, 0, 0, 6])
            .await
            .cookie()
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(
            site.get("/staff", Some(&first)).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            site.get("/staff", Some(&second)).await.status,
            StatusCode::OK
        );
        // Signing out ends the session.
        let out = site.post("/staff/sign-out", Some(&second), &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(out
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        // And asks the browser to drop what the site saved on the device (a
        // copy of the directory may hold staff-only numbers).
        assert_eq!(out.header("clear-site-data"), r#""cache", "storage""#);
        assert_eq!(
            site.get("/staff", Some(&second)).await.status,
            StatusCode::SEE_OTHER
        );
    });
}

#[test]
fn guessing_is_cut_off_from_one_address_and_locks_no_one_out() {
    run(async {
        let site = Site::new("limits").await;
        // 1,000 wrong passwords for one account from 50 other addresses...
        for i in 0..1_000u16 {
            let [high, low] = (i % 50).to_be_bytes();
            let reply = site
                .sign_in_from(EDITOR, "wrong password!", [10, 1, high, low])
                .await;
            let first_tries = i < 50 * 5;
            let expected = if first_tries {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(reply.status, expected, "attempt {i}");
            assert!(reply.cookie().is_none());
        }
        // ...and its owner signs in, password and code, from their own at once.
        let cookie = site.cookie_from(EDITOR, [10, 9, 9, 9]).await;
        assert_eq!(
            site.get("/staff", Some(&cookie)).await.status,
            StatusCode::OK
        );
        // From one address, one account is guessed 5 times at most...
        for _ in 0..5 {
            let reply = site
                .sign_in_from(ADMIN, "wrong password!", [10, 2, 0, 1])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        }
        let reply = site.sign_in_from(ADMIN, PASSWORD, [10, 2, 0, 1]).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("Too many sign-in attempts"));
        // ...and any accounts 10 times in all (the refused attempt counted).
        for i in 0..5 {
            let email = format!("guess{i}@nhs.net");
            let reply = site
                .sign_in_from(&email, "wrong password!", [10, 2, 0, 1])
                .await;
            let expected = if i < 4 {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(reply.status, expected, "guess {i}");
        }
        for i in 0..10 {
            let email = format!("guess{i}@nhs.net");
            let reply = site
                .sign_in_from(&email, "wrong password!", [10, 2, 0, 2])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "attempt {i}");
        }
        let reply = site.sign_in_from(ADMIN, PASSWORD, [10, 2, 0, 2]).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        // Others are not affected.
        let reply = site.sign_in_from(ADMIN, PASSWORD, [10, 2, 0, 3]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        // Invented emails cost a bounded amount of storage: an address counts
        // at most 10 accounts (and itself) a window. 53 addresses were used.
        let rows = site.database.count("sign_in_attempts").await;
        assert!(rows <= 53 * 11, "{rows} rows");
    });
}

#[test]
fn sign_in_windows_end_and_a_success_gives_attempts_back() {
    run(async {
        let site = Site::new("windows").await;
        let limiter = SignInLimiter::new(
            site.directory.storage().clone(),
            3,
            2,
            std::time::Duration::from_secs(60),
        );
        let start = 1_000_000;
        let attempt = |address: &'static str, email: &'static str, now: i64| {
            let limiter = &limiter;
            async move { limiter.attempt_at(address, email, now).await.unwrap() }
        };
        assert!(attempt("1.1.1.1", "a@nhs.net", start).await);
        // The same account under another spelling, from the same address.
        assert!(attempt("1.1.1.1", " A@nhs.net", start + 1).await);
        assert!(!attempt("1.1.1.1", "a@nhs.net", start + 2).await);
        // From elsewhere the account is not limited.
        assert!(attempt("2.2.2.2", "a@nhs.net", start + 3).await);
        // The window began at the first attempt and ends 60 s on.
        assert!(!attempt("1.1.1.1", "a@nhs.net", start + 59).await);
        assert!(attempt("1.1.1.1", "a@nhs.net", start + 60).await);
        // Three attempts fill an address, for any accounts.
        assert!(attempt("5.5.5.5", "b@nhs.net", start + 61).await);
        assert!(attempt("5.5.5.5", "c@nhs.net", start + 61).await);
        assert!(attempt("5.5.5.5", "d@nhs.net", start + 61).await);
        assert!(!attempt("5.5.5.5", "e@nhs.net", start + 61).await);
        // A success forgets the account from that address and gives the
        // address one back; the refused attempt counted too.
        limiter.succeeded("5.5.5.5", "b@nhs.net").await.unwrap();
        assert!(!attempt("5.5.5.5", "b@nhs.net", start + 62).await);
        limiter.succeeded("5.5.5.5", "b@nhs.net").await.unwrap();
        limiter.succeeded("5.5.5.5", "b@nhs.net").await.unwrap();
        assert!(attempt("5.5.5.5", "b@nhs.net", start + 62).await);
    });
}

#[test]
fn invalid_edits_are_refused_with_messages_and_what_was_typed() {
    run(async {
        let site = Site::new("validation").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = String::new();
        form.phone = "call us".into();
        form.description = "Kept <b>as typed</b> but far too short?"
            .chars()
            .take(12)
            .collect();
        form.sites.clear();
        form.group = "no-such-group".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        for message in [
            "There is a problem",
            "Enter the service name",
            "Enter a phone number, like 0113 243 3144",
            "Description must be 20 to 600 characters long",
            "Select at least one hospital",
            "Select a specialist group",
            "nhsuk-form-group--error",
            "<title>Error: Edit",
            "value=\"call us\"",
            "Kept &lt;b",
        ] {
            assert!(reply.body.contains(message), "{message}");
        }
        let stored = site.stored().await;
        assert_eq!(stored.version, 1);
        assert!(site.directory.history(SERVICE).await.unwrap().is_empty());
        // A new service with a taken slug.
        let taken = ServiceForm {
            version: None,
            ..site.edit_form().await
        };
        let reply = site
            .post(
                "/staff/services/new",
                Some(&editor),
                &service_fields(&taken),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply
            .body
            .contains("Another service already has this web address name"));
    });
}

#[test]
fn a_stale_edit_is_refused_and_the_newer_version_kept() {
    run(async {
        let site = Site::new("stale").await;
        let first = site.cookie(EDITOR).await;
        let second = site.cookie(ADMIN).await;
        let opened = site.edit_form().await;
        let mut theirs = opened.clone();
        theirs.phone = "0113 392 0000".into();
        let reply = site.save(&first, &theirs).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let mut mine = opened.clone();
        mine.name = "Cardiology (heart)".into();
        let reply = site.save(&second, &mine).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert!(reply
            .body
            .contains("This service changed since you opened it"));
        // What changed, by whom, and what was typed, are all on the page.
        assert!(reply.body.contains("0113 392 0000"));
        assert!(reply.body.contains(EDITOR));
        assert!(reply.body.contains("value=\"Cardiology (heart)\""));
        let stored = site.stored().await;
        assert_eq!(stored.record.phone, "0113 392 0000");
        assert_eq!(stored.record.name, "Cardiology");
        assert_eq!(stored.version, 2);
    });
}

#[test]
fn of_two_concurrent_edits_exactly_one_wins() {
    run(async {
        let site = Site::new("concurrent").await;
        let first = site.cookie(EDITOR).await;
        let second = site.cookie(ADMIN).await;
        let opened = site.edit_form().await;
        let mut one = opened.clone();
        one.opening_hours = "Monday to Friday, 8am to 6pm".into();
        let mut two = opened.clone();
        two.opening_hours = "Every day, 9am to 5pm".into();
        let (one_fields, two_fields) = (service_fields(&one), service_fields(&two));
        let (a, b) = tokio::join!(
            site.post("/staff/services/cardiology/edit", Some(&first), &one_fields),
            site.post(
                "/staff/services/cardiology/edit",
                Some(&second),
                &two_fields
            ),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
        let loser = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        assert!(loser
            .body
            .contains("This service changed since you opened it"));
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history.len(), 1);
        let stored = site.stored().await;
        let winner = if a.status == StatusCode::SEE_OTHER {
            &one
        } else {
            &two
        };
        assert_eq!(stored.record.opening_hours, winner.opening_hours);
        assert_eq!(stored.version, 2);
    });
}

#[test]
fn changes_are_audited_and_shown_to_staff_only() {
    run(async {
        let site = Site::new("audit").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = "Cardiology and heart rhythm".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), "/services/cardiology");
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history.len(), 1);
        let entry = &history[0];
        assert_eq!(entry.staff_email, EDITOR);
        assert_eq!(entry.version, 2);
        let name = entry.changes.iter().find(|c| c.field == "Name").unwrap();
        assert_eq!(
            (name.before.as_str(), name.after.as_str()),
            ("Cardiology", "Cardiology and heart rhythm")
        );
        // Saving set "last reviewed" to today (the seed's dates are all earlier).
        let stored = site.stored().await;
        let reviewed = entry
            .changes
            .iter()
            .find(|c| c.field == "Last reviewed")
            .unwrap();
        assert_eq!(reviewed.after, stored.record.last_reviewed);
        assert!(reviewed.after > reviewed.before);
        // The public page shows the change, and the log only to staff.
        let public = site.get("/services/cardiology", None).await;
        assert!(public.body.contains("Cardiology and heart rhythm"));
        assert!(!public.body.contains("Change history"));
        let staff = site.get("/services/cardiology", Some(&editor)).await;
        assert!(staff.body.contains("Change history"));
        assert!(staff.body.contains(EDITOR));
        // Archive and restore are audited too, and take the page off and on.
        let version = stored.version.to_string();
        let reply = site
            .post(
                "/staff/services/cardiology/archive",
                Some(&editor),
                &pairs(&[("version", &version)]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(
            site.get("/services/cardiology", None).await.status,
            StatusCode::NOT_FOUND
        );
        let reply = site
            .post(
                "/staff/services/cardiology/restore",
                Some(&editor),
                &pairs(&[("version", "3")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(
            site.get("/services/cardiology", None).await.status,
            StatusCode::OK
        );
        let actions: Vec<_> = site
            .directory
            .history(SERVICE)
            .await
            .unwrap()
            .iter()
            .map(|e| e.action.slug())
            .collect();
        assert_eq!(actions, ["restored", "archived", "edited"]);
    });
}

#[test]
fn admins_disable_accounts_but_not_their_own() {
    run(async {
        let site = Site::new("accounts").await;
        let admin = site.cookie(ADMIN).await;
        site.add_enrolled("new.editor@nhs.net", Role::Editor).await;
        let new = site.cookie("new.editor@nhs.net").await;
        assert_eq!(site.get("/staff", Some(&new)).await.status, StatusCode::OK);
        let id = site
            .accounts
            .find("new.editor@nhs.net")
            .await
            .unwrap()
            .unwrap()
            .id;
        let reply = site
            .post(&format!("/staff/users/{id}/disable"), Some(&admin), &[])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        // Disabling ends the account's sessions and stops sign-in.
        assert_eq!(
            site.get("/staff", Some(&new)).await.status,
            StatusCode::SEE_OTHER
        );
        let reply = site
            .sign_in_from("new.editor@nhs.net", PASSWORD, [10, 3, 0, 1])
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        // Admins cannot lock themselves out.
        let own = site.accounts.find(ADMIN).await.unwrap().unwrap().id;
        let reply = site
            .post(&format!("/staff/users/{own}/disable"), Some(&admin), &[])
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        // No such account.
        let reply = site
            .post("/staff/users/999999/disable", Some(&admin), &[])
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn a_session_ends_when_left_idle_and_at_its_limit() {
    run(async {
        let site = Site::new("session-ends").await;
        let minute = 60;
        let clock = &site.config.clock;
        let cookie = site.cookie(EDITOR).await;
        let signed_in = |cookie: &str| {
            let (site, cookie) = (&site, cookie.to_string());
            async move { site.get("/staff", Some(&cookie)).await.status == StatusCode::OK }
        };
        // Used within 30 minutes each time, it lasts...
        clock.advance(29 * minute);
        assert!(signed_in(&cookie).await);
        clock.advance(29 * minute);
        assert!(signed_in(&cookie).await);
        // ...but not 30 minutes after its last use.
        clock.advance(30 * minute);
        assert!(!signed_in(&cookie).await);
        // Used all along, it still ends 12 hours after sign-in.
        let cookie = site.cookie(EDITOR).await;
        for step in 1..36 {
            clock.advance(20 * minute);
            assert!(signed_in(&cookie).await, "step {step}");
        }
        clock.advance(20 * minute);
        assert!(!signed_in(&cookie).await);
    });
}

#[test]
fn signing_out_everywhere_ends_every_session() {
    run(async {
        let site = Site::new("everywhere").await;
        let here = site.cookie(EDITOR).await;
        let phone = site.cookie(EDITOR).await;
        let admin = site.cookie(ADMIN).await;
        assert_ne!(here, phone);
        let reply = site
            .post("/staff/sign-out-everywhere", Some(&here), &[])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), "/staff/sign-in");
        assert!(reply.header("set-cookie").contains("Max-Age=0"));
        assert_eq!(reply.header("clear-site-data"), r#""cache", "storage""#);
        for cookie in [&here, &phone] {
            let reply = site.get("/staff", Some(cookie)).await;
            assert_eq!(reply.location(), "/staff/sign-in");
        }
        // Other people's sessions go on.
        assert_eq!(
            site.get("/staff", Some(&admin)).await.status,
            StatusCode::OK
        );
        // Anonymous: sent to sign in, nothing ended.
        let reply = site.post("/staff/sign-out-everywhere", None, &[]).await;
        assert_eq!(reply.location(), "/staff/sign-in");
    });
}

#[test]
fn a_flood_of_sign_ins_holds_no_page_slot_and_is_refused_alone() {
    run(async {
        // Four request slots for everything else: sign-ins must not take them.
        let site = Site::configured("flood", |config| config.max_concurrent_requests = 4).await;
        let sign_ins =
            (0..200u8).map(|i| site.sign_in_from(EDITOR, "wrong password!", [10, 50, i, 1]));
        let pages = (0..40).map(|i| {
            let site = &site;
            async move {
                tokio::time::sleep(std::time::Duration::from_millis(10 * i)).await;
                site.get("/services/cardiology", None).await
            }
        });
        let (sign_ins, pages) = tokio::join!(
            futures_util::future::join_all(sign_ins),
            futures_util::future::join_all(pages)
        );
        for page in &pages {
            assert_eq!(page.status, StatusCode::OK, "a visitor's page failed");
        }
        let refused: Vec<_> = sign_ins
            .iter()
            .filter(|reply| reply.status == StatusCode::SERVICE_UNAVAILABLE)
            .collect();
        assert!(!refused.is_empty(), "the flood was over the sign-in budget");
        for reply in refused {
            assert_eq!(reply.header("retry-after"), "5");
            assert!(reply.body.contains("Too many people are signing in"));
        }
        assert!(sign_ins
            .iter()
            .all(|reply| [400, 429, 503].contains(&reply.status.as_u16())));
    });
}

#[test]
fn the_last_admin_cannot_be_disabled_even_by_two_admins_at_once() {
    run(async {
        use app::storage::AccountChange;
        let site = Site::new("last-admin").await;
        let second_id = site
            .accounts
            .add("second-admin@nhs.net", PASSWORD, Role::Admin)
            .await
            .unwrap()
            .unwrap();
        let first_id = site.accounts.find(ADMIN).await.unwrap().unwrap().id;
        // Two admins disabling each other at the same moment: one of them stays.
        let (a, b) = tokio::join!(
            site.accounts.set_disabled(second_id, true),
            site.accounts.set_disabled(first_id, true)
        );
        let mut outcomes = [a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|outcome| format!("{outcome:?}"));
        assert_eq!(outcomes, [AccountChange::Done, AccountChange::LastAdmin]);
        let accounts = site.accounts.list().await.unwrap();
        let active: Vec<_> = accounts
            .iter()
            .filter(|account| account.role == Role::Admin && !account.disabled)
            .collect();
        assert_eq!(active.len(), 1);
        // The last one stays, however asked; editors may all go.
        assert_eq!(
            site.accounts
                .set_disabled(active[0].id, true)
                .await
                .unwrap(),
            AccountChange::LastAdmin
        );
        let editor = site.accounts.find(EDITOR).await.unwrap().unwrap();
        assert_eq!(
            site.accounts.set_disabled(editor.id, true).await.unwrap(),
            AccountChange::Done
        );
    });
}

#[test]
fn a_wrong_code_counts_like_a_wrong_password_and_codes_work_once() {
    run(async {
        let site = Site::new("codes").await;
        let address = [10, 4, 0, 1];
        // The right password and a wrong code, three times from one
        // address: each password and each code counts, 5 for an account
        // from an address, so the third code is over the limit...
        for round in 0..3 {
            let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
            let reply = site
                .enter_code(&halfway.cookie().unwrap(), "000000", address)
                .await;
            let expected = if round < 2 {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(reply.status, expected, "round {round}");
            assert!(reply.cookie().is_none(), "no session for a wrong code");
        }
        // ...and so is the right password from there.
        let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
        assert_eq!(halfway.status, StatusCode::TOO_MANY_REQUESTS);
        // From another address: a code works once.
        let address = [10, 4, 0, 2];
        let code = site.code(EDITOR);
        let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
        let reply = site
            .enter_code(&halfway.cookie().unwrap(), &code, address)
            .await;
        assert_eq!(reply.location(), "/staff");
        let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
        let reply = site
            .enter_code(&halfway.cookie().unwrap(), &code, address)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("Enter a correct code"));
        // A recovery code works once too.
        let editor = site.accounts.find(EDITOR).await.unwrap().unwrap().id;
        let recovery = site.recovery_codes(EDITOR)[3].to_uppercase();
        let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
        let reply = site
            .enter_code(&halfway.cookie().unwrap(), &recovery, address)
            .await;
        assert_eq!(reply.location(), "/staff", "{}", reply.body);
        let halfway = site.sign_in_from(EDITOR, PASSWORD, address).await;
        let reply = site
            .enter_code(&halfway.cookie().unwrap(), &recovery, address)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(site.accounts.recovery_codes_left(editor).await.unwrap(), 9);
        // The audit has each: failures with the address, never the code.
        let admin = site.cookie(ADMIN).await;
        let reply = site
            .get("/staff/users?event=sign-in-failed&who=editor", Some(&admin))
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("Wrong code") && reply.body.contains("10.4.0.1"));
        assert!(!reply.body.contains(&recovery) && !reply.body.contains("000000"));
        assert!(!reply.body.contains("Recovery code used</td>"));
        // Someone with a password cannot spread code guesses over many
        // addresses: 10 wrong codes for an account from anywhere, then none.
        for i in 0..11u8 {
            let address = [10, 8, i, 1];
            let halfway = site.sign_in_from(ADMIN, PASSWORD, address).await;
            let reply = site
                .enter_code(&halfway.cookie().unwrap(), "000000", address)
                .await;
            let expected = if i < 10 {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(reply.status, expected, "address {i}");
        }
        let reply = site
            .get("/staff/users?event=recovery-code-used&who=", Some(&admin))
            .await;
        assert!(reply.body.contains("Recovery code used</td>"));
        assert!(!reply.body.contains("Wrong code"));
    });
}

#[test]
fn accounts_without_an_app_set_one_up_before_anything_else() {
    run(async {
        let site = Site::new("enrol").await;
        let id = site
            .accounts
            .add("older@nhs.net", PASSWORD, Role::Editor)
            .await
            .unwrap()
            .unwrap();
        let reply = site
            .sign_in_from("older@nhs.net", PASSWORD, [10, 5, 0, 1])
            .await;
        assert_eq!(reply.location(), "/staff/authenticator-app");
        let halfway = reply.cookie().unwrap();
        for path in ["/staff", "/staff/account", "/staff/sign-in/code"] {
            let reply = site.get(path, Some(&halfway)).await;
            assert_eq!(reply.location(), "/staff/authenticator-app", "{path}");
        }
        let reply = site
            .post("/staff/sign-out-everywhere", Some(&halfway), &[])
            .await;
        assert_eq!(reply.location(), "/staff/sign-in");
        let page = site.get("/staff/authenticator-app", Some(&halfway)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<svg"));
        let secret = secret_shown(&page.body);
        // The same secret on every visit, until it is confirmed...
        let again = site.get("/staff/authenticator-app", Some(&halfway)).await;
        assert_eq!(secret_shown(&again.body), secret);
        // ...and another of its own to another session (someone else who
        // has the password never sees the secret the owner sets up).
        let other = site
            .sign_in_from("older@nhs.net", PASSWORD, [10, 5, 0, 2])
            .await;
        let other = other.cookie().unwrap();
        let theirs = site.get("/staff/authenticator-app", Some(&other)).await;
        assert_ne!(secret_shown(&theirs.body), secret);
        let wrong = site
            .post(
                "/staff/authenticator-app",
                Some(&halfway),
                &pairs(&[("code", "123456")]),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        let right = site
            .post(
                "/staff/authenticator-app",
                Some(&halfway),
                &pairs(&[("code", &code_at(&secret, site.accounts.now()))]),
            )
            .await;
        assert_eq!(right.status, StatusCode::OK, "{}", right.body);
        assert!(right.body.contains("Save your recovery codes"));
        assert_eq!(right.body.matches("<li><code>").count(), 10);
        assert_eq!(site.database.count("staff_recovery_codes").await, 4 * 10);
        let signed_in = right.cookie().unwrap();
        assert_ne!(signed_in, halfway);
        assert_eq!(
            site.get("/staff", Some(&signed_in)).await.status,
            StatusCode::OK
        );
        // The other session halfway through ended: it cannot set up (and
        // replace) an app of its own now.
        let their_code = code_at(&secret_shown(&theirs.body), site.accounts.now());
        let reply = site
            .post(
                "/staff/authenticator-app",
                Some(&other),
                &pairs(&[("code", &their_code)]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(site.accounts.recovery_codes_left(id).await.unwrap(), 10);
        // Next time: password, then a code.
        let reply = site
            .sign_in_from("older@nhs.net", PASSWORD, [10, 5, 0, 1])
            .await;
        assert_eq!(reply.location(), "/staff/sign-in/code");
    });
}

/// The secret an authenticator app page shows, without its spaces.
fn secret_shown(page: &str) -> String {
    let start = page.find("id=\"secret-key\">").unwrap() + "id=\"secret-key\">".len();
    page[start..]
        .chars()
        .take_while(|c| *c != '<')
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn invitations_work_once_and_expire() {
    run(async {
        let site = Site::new("invitations").await;
        let admin = site.cookie(ADMIN).await;
        let invite = |email: &'static str| {
            let (site, admin) = (&site, &admin);
            async move {
                let reply = site
                    .post(
                        "/staff/users/invite",
                        Some(admin),
                        &pairs(&[("email", email), ("role", "editor")]),
                    )
                    .await;
                assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
                let start = reply
                    .body
                    .find("http://localhost/staff/invitation/")
                    .unwrap();
                let link: String = reply.body[start + "http://localhost".len()..]
                    .chars()
                    .take_while(|c| *c != '<')
                    .collect();
                link
            }
        };
        let link = invite("New.Starter@NHS.net").await;
        // Only its hash is stored.
        let token = link.rsplit('/').next().unwrap();
        assert_eq!(token.len(), 64);
        let stored: String = site.database.text("staff_invitations", "token_hash").await;
        assert_ne!(stored, token);
        // An account that exists cannot be invited.
        let reply = site
            .post(
                "/staff/users/invite",
                Some(&admin),
                &pairs(&[("email", EDITOR), ("role", "editor")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("already exists"));
        // Anyone with the link sees the form; a weak password is refused.
        let page = site.get(&link, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("new.starter@nhs.net"));
        for weak in ["", "short", "password1234", "new.starter2026"] {
            let reply = site
                .post(&link, None, &pairs(&[("new-password", weak)]))
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{weak}");
            assert!(reply.cookie().is_none());
        }
        let reply = site
            .post(
                &link,
                None,
                &pairs(&[("new-password", "wardround kettle pylon")]),
            )
            .await;
        assert_eq!(reply.location(), "/staff/authenticator-app");
        assert!(reply.cookie().is_some());
        // Used: refused.
        for reply in [
            site.get(&link, None).await,
            site.post(
                &link,
                None,
                &pairs(&[("new-password", "another strong passphrase")]),
            )
            .await,
        ] {
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            assert!(reply.body.contains("This invitation link does not work"));
        }
        assert!(site
            .accounts
            .authenticate("new.starter@nhs.net", "wardround kettle pylon")
            .await
            .unwrap()
            .is_some());
        // A newer invitation for an email replaces the older; an invitation
        // stops working when the admin who made it is no longer one.
        let older = invite("twice@nhs.net").await;
        let newer = invite("twice@nhs.net").await;
        assert_eq!(site.get(&older, None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(site.get(&newer, None).await.status, StatusCode::OK);
        let other_admin = site.add_enrolled("other-admin@nhs.net", Role::Admin).await;
        let theirs = site.cookie(&other_admin.email).await;
        let reply = site
            .post(
                "/staff/users/invite",
                Some(&theirs),
                &pairs(&[("email", "by-other@nhs.net"), ("role", "admin")]),
            )
            .await;
        let start = reply.body.find("/staff/invitation/").unwrap();
        let by_other: String = reply.body[start..]
            .chars()
            .take_while(|c| *c != '<')
            .collect();
        assert_eq!(site.get(&by_other, None).await.status, StatusCode::OK);
        site.accounts
            .set_disabled(other_admin.id, true)
            .await
            .unwrap();
        let reply = site
            .post(
                &by_other,
                None,
                &pairs(&[("new-password", "wardround kettle pylon")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        // Expired after 72 hours.
        let link = invite("later@nhs.net").await;
        assert_eq!(site.get(&link, None).await.status, StatusCode::OK);
        site.config.clock.advance(72 * 60 * 60);
        let reply = site
            .post(
                &link,
                None,
                &pairs(&[("new-password", "wardround kettle pylon")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(site.accounts.find("later@nhs.net").await.unwrap().is_none());
        // Nonsense links too.
        for path in ["/staff/invitation/x", "/staff/invitation/%3Cscript%3E"] {
            assert_eq!(site.get(path, None).await.status, StatusCode::NOT_FOUND);
        }
    });
}

#[test]
fn admin_actions_ask_for_a_code_again_after_15_minutes() {
    run(async {
        let site = Site::new("reauthenticate").await;
        let admin = site.cookie(ADMIN).await;
        let editor_id = site.accounts.find(EDITOR).await.unwrap().unwrap().id;
        let invite = pairs(&[("email", "someone@nhs.net"), ("role", "editor")]);
        site.config.clock.advance(14 * 60);
        let reply = site
            .post("/staff/users/invite", Some(&admin), &invite)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        site.config.clock.advance(60);
        for (path, fields) in [
            ("/staff/users/invite".to_string(), invite.clone()),
            (format!("/staff/users/{editor_id}/disable"), Vec::new()),
            (
                format!("/staff/users/{editor_id}/role"),
                pairs(&[("role", "admin")]),
            ),
        ] {
            let reply = site.post(&path, Some(&admin), &fields).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
            assert!(reply.body.contains("Confirm it is you"), "{path}");
        }
        assert!(!site.accounts.find(EDITOR).await.unwrap().unwrap().disabled);
        let page = site.get("/staff/users", Some(&admin)).await;
        assert!(page.body.contains("Confirm it is you"));
        assert!(!page.body.contains("Invite a member of staff"));
        let wrong = site
            .post(
                "/staff/confirm",
                Some(&admin),
                &pairs(&[("code", "000000")]),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        let code = site.code(ADMIN);
        let right = site
            .post("/staff/confirm", Some(&admin), &pairs(&[("code", &code)]))
            .await;
        assert_eq!(right.location(), "/staff/users");
        let reply = site
            .post(
                &format!("/staff/users/{editor_id}/disable"),
                Some(&admin),
                &[],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(site.accounts.find(EDITOR).await.unwrap().unwrap().disabled);
    });
}

#[test]
fn the_last_admin_cannot_be_demoted_even_by_two_admins_at_once() {
    run(async {
        use app::storage::AccountChange;
        let site = Site::new("last-admin-role").await;
        let second = site.add_enrolled("second-admin@nhs.net", Role::Admin).await;
        let first_id = site.accounts.find(ADMIN).await.unwrap().unwrap().id;
        let (a, b) = tokio::join!(
            site.accounts.set_role(second.id, Role::Editor),
            site.accounts.set_role(first_id, Role::Editor)
        );
        let mut outcomes = [a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|outcome| format!("{outcome:?}"));
        assert_eq!(outcomes, [AccountChange::Done, AccountChange::LastAdmin]);
        let admins: Vec<_> = site
            .accounts
            .list()
            .await
            .unwrap()
            .into_iter()
            .filter(|account| account.role == Role::Admin && !account.disabled)
            .collect();
        assert_eq!(admins.len(), 1);
        // Through the page: refused, with the reason.
        let cookie = site.cookie(&admins[0].email).await;
        let reply = site
            .post(
                &format!("/staff/users/{}/role", admins[0].id),
                Some(&cookie),
                &pairs(&[("role", "editor")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("This is the last active admin"));
        assert_eq!(
            site.accounts
                .find(&admins[0].email)
                .await
                .unwrap()
                .unwrap()
                .role,
            Role::Admin
        );
    });
}

#[test]
fn staff_change_their_password_and_end_their_own_sessions() {
    run(async {
        let site = Site::new("own-account").await;
        let phone = site.cookie(EDITOR).await;
        let here = site.cookie(EDITOR).await;
        let page = site.get("/staff/account", Some(&here)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("This device"));
        assert_eq!(page.body.matches("/staff/account/sessions/").count(), 1);
        let new = "wardround kettle pylon";
        let change = |current: &'static str, new: &'static str, code: String| {
            let (site, here) = (&site, &here);
            async move {
                site.post(
                    "/staff/account/password",
                    Some(here),
                    &pairs(&[
                        ("current-password", current),
                        ("new-password", new),
                        ("code", &code),
                    ]),
                )
                .await
            }
        };
        // A wrong current password, a weak new one, or no code: refused.
        let reply = change("not my password", new, site.code(EDITOR)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        let reply = change(PASSWORD, "password1234", site.code(EDITOR)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("too easy to guess"));
        let reply = change(PASSWORD, new, String::new()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(!reply.body.contains(PASSWORD) && !reply.body.contains(new));
        let reply = change(PASSWORD, new, site.code(EDITOR)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("Your password has been changed"));
        // This session goes on; the other device is signed out.
        assert_eq!(site.get("/staff", Some(&here)).await.status, StatusCode::OK);
        assert_eq!(
            site.get("/staff", Some(&phone)).await.status,
            StatusCode::SEE_OTHER
        );
        let reply = site.sign_in_from(EDITOR, new, [10, 6, 0, 1]).await;
        assert_eq!(reply.location(), "/staff/sign-in/code");
        // Ending one other session by its handle.
        let halfway = site.sign_in_from(EDITOR, new, [10, 6, 0, 2]).await;
        let other = site
            .enter_code(
                &halfway.cookie().unwrap(),
                &site.code(EDITOR),
                [10, 6, 0, 2],
            )
            .await
            .cookie()
            .unwrap();
        assert_eq!(
            site.get("/staff", Some(&other)).await.status,
            StatusCode::OK
        );
        let page = site.get("/staff/account", Some(&here)).await;
        let start = page.body.find("/staff/account/sessions/").unwrap();
        let path: String = page.body[start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        let reply = site.post(&path, Some(&here), &[]).await;
        assert_eq!(reply.location(), "/staff/account");
        assert_eq!(
            site.get("/staff", Some(&other)).await.status,
            StatusCode::SEE_OTHER
        );
        let reply = site.post(&path, Some(&here), &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(site.get("/staff", Some(&here)).await.status, StatusCode::OK);
        // Someone else's handle is not theirs to end.
        let admin = site.cookie(ADMIN).await;
        let reply = site.post(&path, Some(&admin), &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn an_office_of_staff_signing_in_from_one_address_is_never_limited() {
    run(async {
        let site = Site::new("office").await;
        // Each sign-in counts its password and its code, and gives both back.
        for i in 0..15 {
            let email = if i % 2 == 0 { EDITOR } else { ADMIN };
            let cookie = site.cookie_from(email, [10, 7, 0, 1]).await;
            assert_eq!(
                site.get("/staff", Some(&cookie)).await.status,
                StatusCode::OK
            );
        }
    });
}

#[test]
fn still_correct_moves_the_next_review_on_and_is_audited() {
    run(async {
        use app::directory::{long_date, review_due};
        let site = Site::new("still_correct").await;
        let editor = site.cookie(EDITOR).await;
        let before = site.stored().await;
        // The date after "Next review due: " (without Leptos's markers).
        let due = |reviewed: &str, months: u8| {
            format!(
                "Next review due: {}<",
                long_date(&review_due(reviewed, months).unwrap())
            )
        };
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        let text = page.body.replace("<!>", "");
        assert!(
            text.contains(&due(&before.record.last_reviewed, 6)),
            "{text}"
        );
        let path = format!("/staff/services/{SERVICE}/verify");
        let version = [("version", before.version.to_string())];
        let fields: Vec<(String, String)> = version
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        // Staff who do not edit may not; anyone else is sent to sign in.
        site.add_enrolled("member@nhs.net", Role::Staff).await;
        let member = site.cookie("member@nhs.net").await;
        assert_eq!(
            site.post(&path, Some(&member), &fields).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            site.post(&path, None, &fields).await.location(),
            "/staff/sign-in"
        );
        let reply = site.post(&path, Some(&editor), &fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let after = site.stored().await;
        let today = app::staff::service_form::iso_date(time::OffsetDateTime::now_utc().date());
        assert_eq!(after.record.last_reviewed, today);
        assert_eq!(after.version, before.version + 1);
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].action, app::staff::AuditAction::Verified);
        assert_eq!(history[0].staff_email, EDITOR);
        assert_eq!(history[0].changes[0].before, before.record.last_reviewed);
        assert_eq!(history[0].changes[0].after, today);
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        let text = page.body.replace("<!>", "");
        assert!(text.contains(&due(&today, 6)), "the public page, at once");
        // From a version someone has since changed: nothing overwritten.
        let stale = site.post(&path, Some(&editor), &fields).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        // Each service has its own interval, one of a few; an edit counts
        // as a review.
        let mut form = site.edit_form().await;
        assert_eq!(form.review_months, "6");
        for wrong in ["7", "0", "-6", "12x", "99999"] {
            form.review_months = wrong.into();
            let reply = site.save(&editor, &form).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{wrong}");
            assert!(reply
                .body
                .contains("Select how often the entry is reviewed"));
        }
        form.review_months = "12".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(site.stored().await.record.review_months, 12);
        let history = site.directory.history(SERVICE).await.unwrap();
        let change = history[0]
            .changes
            .iter()
            .find(|c| c.field == "Review every")
            .unwrap();
        assert_eq!(
            (change.before.as_str(), change.after.as_str()),
            ("6 months", "12 months")
        );
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        let text = page.body.replace("<!>", "");
        assert!(text.contains(&due(&today, 12)), "{text}");
    });
}

#[test]
fn owners_see_their_services_due_first_and_mark_them_still_correct() {
    run(async {
        let site = Site::new("owners").await;
        let editor = site.cookie(EDITOR).await;
        site.add_enrolled("owner@nhs.net", Role::Staff).await;
        site.add_enrolled("other@nhs.net", Role::Staff).await;
        let owners_path = format!("/staff/services/{SERVICE}/owners");
        let version = site.stored().await.version;
        let fields = |owners: &str, version: i64| {
            pairs(&[("version", &version.to_string()), ("owners", owners)])
        };
        // Only accounts can own; the refusal names the email.
        let reply = site
            .post(
                &owners_path,
                Some(&editor),
                &fields("nobody@nhs.net", version),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply
            .body
            .contains("No staff account has the email nobody@nhs.net"));
        let reply = site
            .post(
                &owners_path,
                Some(&editor),
                &fields("Owner@nhs.net\n", version),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let stored = site.stored().await;
        assert_eq!(stored.owners, ["owner@nhs.net"]);
        assert_eq!(stored.version, version + 1);
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].changes[0].field, "Owners");
        assert_eq!(history[0].changes[0].after, "owner@nhs.net");
        // A year on, everything is overdue: the owner sees theirs alone.
        site.config.clock.advance(366 * 24 * 60 * 60);
        let owner = site.cookie("owner@nhs.net").await;
        let home = site.get("/staff", Some(&owner)).await;
        assert!(home.body.contains("Your services"));
        assert!(home.body.contains("Overdue"), "{}", home.body);
        assert_eq!(home.body.matches("Still correct").count(), 1, "theirs only");
        let admin = site.cookie(ADMIN).await;
        let home = site.get("/staff", Some(&admin)).await;
        assert!(home.body.contains("Every service overdue for review"));
        assert!(home.body.contains("Services without an owner"));
        // The owner marks it still correct; another member of staff may not.
        let verify = format!("/staff/services/{SERVICE}/verify");
        let version = site.stored().await.version;
        let other = site.cookie("other@nhs.net").await;
        let reply = site.post(&verify, Some(&other), &fields("", version)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = site.post(&verify, Some(&owner), &fields("", version)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let history = site.directory.history(SERVICE).await.unwrap();
        assert_eq!(history[0].action, app::staff::AuditAction::Verified);
        assert_eq!(history[0].staff_email, "owner@nhs.net");
        // From a version since changed: refused, nothing saved.
        let reply = site.post(&verify, Some(&owner), &fields("", version)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
    });
}

#[test]
fn opening_times_typed_on_the_form_drive_the_page_open_now_and_exports() {
    run(async {
        let site = Site::new("opening_form").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        use app::directory::opening::{day_text, OpeningTimes};
        let seeded = OpeningTimes::from_text(&form.opening_hours);
        assert!(!seeded.is_empty());
        assert_eq!(
            form.opening_days[0],
            day_text(&seeded.week[0]),
            "seeded from the note"
        );
        form.opening_days = std::array::from_fn(|_| "00:00-24:00".to_string());
        form.opening_days[2] = "08:00-12:00, 13:00-20:00".into();
        form.bank_holidays = "closed".into();
        form.opening_dated = "2099-01-01: 09:00-13:00\n2000-01-01: closed".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let history = site.directory.history(SERVICE).await.unwrap();
        let fields: Vec<&str> = history[0]
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert!(fields.contains(&"Opening times"), "{fields:?}");
        assert!(fields.contains(&"Other times on dates"), "{fields:?}");
        assert!(fields.contains(&"On bank holidays"), "{fields:?}");
        // The page: the week, dated changes still to come, the note kept.
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        let text = page.body.replace("<!>", "");
        assert!(text.contains("8am to midday, 1pm to 8pm"), "{text}");
        assert!(text.contains("1 January 2099: 9am to 1pm"));
        assert!(!text.contains("1 January 2000"), "past dates are not shown");
        assert!(text.contains("Closed on bank holidays."));
        assert!(text.contains(&form.opening_hours), "the note");
        assert!(text.contains("specialOpeningHoursSpecification"));
        // Exports carry the times as data.
        let json = site.get("/services.json?q=cardiology", None).await.body;
        assert!(json.contains("\"dated_times\""), "{json}");
        assert!(json.contains("2099-01-01"));
        let csv = site.get("/services.csv?q=cardiology", None).await.body;
        assert!(csv.contains("Wednesday: 08:00-12:00, 13:00-20:00"), "{csv}");
        // Closed every day, nothing dated soon: "Closed".
        let mut form = site.edit_form().await;
        form.opening_days = Default::default();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let page = site.get(&format!("/services/{SERVICE}"), None).await;
        assert!(!page.body.contains("Open now"));
        // Times that cannot be read come back with the message by the field.
        let mut form = site.edit_form().await;
        form.opening_days[0] = "17:00-09:00".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("href=\"#opening-monday\""));
        assert!(
            reply.body.contains("value=\"17:00-09:00\""),
            "kept as typed"
        );
    });
}
