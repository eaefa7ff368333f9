//! Staff accounts and editing through the whole router with `oneshot`: who may
//! do what, cross-site refusal, sign-in limits, validation, stale and
//! concurrent edits, and the audit log. Each test has its own database file.

use app::directory::editing::{form_of, StoredService};
use app::directory::store::Directory;
use app::staff::accounts::Accounts;
use app::staff::{Role, ServiceForm};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::config::Config;
use server::{content, open_directory, site_router};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

mod common;
use common::run;

const PASSWORD: &str = "a long enough password";
const EDITOR: &str = "editor@nhs.net";
const ADMIN: &str = "admin@nhs.net";
const DISABLED: &str = "disabled@nhs.net";
const SERVICE: &str = "cardiology";

/// A form's fields, in order.
type Fields = Vec<(String, String)>;

struct Site {
    router: axum::Router,
    directory: Arc<Directory>,
    accounts: Accounts,
    path: std::path::PathBuf,
}

impl Drop for Site {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn cookie(&self) -> Option<String> {
        let set = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let pair = set.split(';').next()?;
        (!pair.ends_with('=')).then(|| pair.to_string())
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form_body(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The fields a browser posts for a service form.
fn service_fields(form: &ServiceForm) -> Vec<(String, String)> {
    let mut fields = pairs(&[
        (
            "version",
            &form.version.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("slug", &form.slug),
        ("name", &form.name),
        ("group", &form.group),
        ("description", &form.description),
        ("conditions", &form.conditions),
        ("age-group", &form.age_group),
        ("phone", &form.phone),
        ("email", &form.email),
        ("opening-hours", &form.opening_hours),
        ("referral", &form.referral),
        ("centre", &form.centre),
    ]);
    for site in &form.sites {
        fields.push(("sites".into(), site.clone()));
    }
    for (site, location) in &form.locations {
        fields.push((format!("location-{site}"), location.clone()));
    }
    fields
}

impl Site {
    async fn new(name: &str) -> Site {
        let path =
            std::env::temp_dir().join(format!("lth-staff-{name}-{}.sqlite3", std::process::id()));
        let config = Config {
            database_url: format!("sqlite://{}", path.display()),
            ..Config::from_vars(|_| None, None).unwrap()
        };
        let content = content::load_embedded().unwrap();
        let directory = Arc::new(open_directory(&config, &content).await.unwrap());
        let accounts = Accounts::new(directory.pool().clone());
        for (email, role) in [
            (EDITOR, Role::Editor),
            (ADMIN, Role::Admin),
            (DISABLED, Role::Editor),
        ] {
            accounts.add(email, PASSWORD, role).await.unwrap().unwrap();
        }
        let disabled = accounts.find(DISABLED).await.unwrap().unwrap();
        accounts.set_disabled(disabled.id, true).await.unwrap();
        let router = site_router(&config, Arc::new(content), directory.clone());
        Site {
            router,
            directory,
            accounts,
            path,
        }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(path).header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A same-site form post, as a browser sends it, from `address`.
    async fn post_from(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(String, String)],
        address: [u8; 4],
    ) -> Reply {
        let mut request = Request::post(path)
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(form_body(fields))).unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((address, 50_000))));
        self.send(request).await
    }

    async fn post(&self, path: &str, cookie: Option<&str>, fields: &[(String, String)]) -> Reply {
        self.post_from(path, cookie, fields, [10, 0, 0, 1]).await
    }

    async fn sign_in_from(&self, email: &str, password: &str, address: [u8; 4]) -> Reply {
        self.post_from(
            "/staff/sign-in",
            None,
            &pairs(&[("email", email), ("password", password)]),
            address,
        )
        .await
    }

    /// Signs in; the session cookie (`name=token`).
    async fn cookie(&self, email: &str) -> String {
        let reply = self.sign_in_from(email, PASSWORD, [10, 0, 0, 9]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        reply.cookie().expect("session cookie")
    }

    /// The test service as stored now.
    async fn stored(&self) -> StoredService {
        self.directory
            .stored_service(SERVICE)
            .await
            .unwrap()
            .unwrap()
    }

    async fn edit_form(&self) -> ServiceForm {
        let stored = self.stored().await;
        form_of(&stored.record, stored.version)
    }
}

#[test]
fn anonymous_visitors_are_sent_to_sign_in() {
    run(async {
        let site = Site::new("anonymous").await;
        for path in [
            "/staff",
            "/staff/services/new",
            "/staff/services/cardiology/edit",
            "/staff/users",
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
            "/api/staff-users",
            "/api/staff-service?slug=cardiology",
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
                "/staff/users".into(),
                pairs(&[
                    ("email", "new@nhs.net"),
                    ("role", "editor"),
                    ("password", PASSWORD),
                ]),
                Role::Admin,
            ),
            (
                format!("/staff/users/{editor_id}/disable"),
                Vec::new(),
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
        assert_eq!(site.accounts.list().await.unwrap().len(), 3);
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
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let reply = site
            .post(&mutations[4].0, Some(&admin), &mutations[4].1)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(site.accounts.list().await.unwrap().len(), 4);
        // (The first editor was disabled above: its session ended.)
        assert_eq!(
            site.get("/staff", Some(&editor)).await.status,
            StatusCode::SEE_OTHER
        );
        let editor = site.cookie("new@nhs.net").await;
        // The data behind the admins' page is refused to editors too.
        let reply = site.get("/api/staff-users", Some(&editor)).await;
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
        // Success: a fresh HttpOnly, SameSite cookie each time.
        let first = site.sign_in_from(EDITOR, PASSWORD, [10, 0, 0, 6]).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER);
        assert_eq!(first.location(), "/staff");
        let set_cookie = first
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
        let first = first.cookie().unwrap();
        // Signing in again with the old cookie replaces its session.
        let again = site
            .post_from(
                "/staff/sign-in",
                Some(&first),
                &pairs(&[("email", EDITOR), ("password", PASSWORD)]),
                [10, 0, 0, 6],
            )
            .await;
        let second = again.cookie().unwrap();
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
        assert_eq!(
            site.get("/staff", Some(&second)).await.status,
            StatusCode::SEE_OTHER
        );
    });
}

#[test]
fn sign_in_attempts_are_limited_per_account_and_per_address() {
    run(async {
        let site = Site::new("limits").await;
        // Five failures for one account, from different addresses...
        for i in 0..5 {
            let reply = site
                .sign_in_from(EDITOR, "wrong password!", [10, 1, 0, i])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        }
        // ...and even the right password is refused for a while.
        let reply = site.sign_in_from(EDITOR, PASSWORD, [10, 1, 1, 1]).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("Too many sign-in attempts"));
        assert!(reply.cookie().is_none());
        // Twenty failures from one address, for many accounts...
        for i in 0..20 {
            let email = format!("guess{i}@nhs.net");
            let reply = site
                .sign_in_from(&email, "wrong password!", [10, 2, 0, 1])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "attempt {i}");
        }
        // ...and that address is refused for any account.
        let reply = site.sign_in_from(ADMIN, PASSWORD, [10, 2, 0, 1]).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        // Others are not affected.
        let reply = site.sign_in_from(ADMIN, PASSWORD, [10, 2, 0, 2]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
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
        let reply = site
            .post(
                "/staff/services/cardiology/edit",
                Some(&editor),
                &service_fields(&form),
            )
            .await;
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
        assert!(site
            .directory
            .history(SERVICE, None)
            .await
            .unwrap()
            .is_empty());
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
        let reply = site
            .post(
                "/staff/services/cardiology/edit",
                Some(&first),
                &service_fields(&theirs),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let mut mine = opened.clone();
        mine.name = "Cardiology (heart)".into();
        let reply = site
            .post(
                "/staff/services/cardiology/edit",
                Some(&second),
                &service_fields(&mine),
            )
            .await;
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
        let history = site.directory.history(SERVICE, None).await.unwrap();
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
        let reply = site
            .post(
                "/staff/services/cardiology/edit",
                Some(&editor),
                &service_fields(&form),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.location(), "/services/cardiology");
        let history = site.directory.history(SERVICE, None).await.unwrap();
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
            .history(SERVICE, None)
            .await
            .unwrap()
            .iter()
            .map(|e| e.action.slug())
            .collect();
        assert_eq!(actions, ["restored", "archived", "edited"]);
    });
}

#[test]
fn admins_add_and_disable_accounts() {
    run(async {
        let site = Site::new("accounts").await;
        let admin = site.cookie(ADMIN).await;
        let reply = site
            .post(
                "/staff/users",
                Some(&admin),
                &pairs(&[("email", "bad"), ("role", "boss"), ("password", "short")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply
            .body
            .contains("Enter an email address in the correct format"));
        assert!(reply.body.contains("Select a role"));
        assert!(reply
            .body
            .contains("Password must be 12 to 128 characters long"));
        let reply = site
            .post(
                "/staff/users",
                Some(&admin),
                &pairs(&[
                    ("email", "New.Editor@NHS.net"),
                    ("role", "editor"),
                    ("password", PASSWORD),
                ]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
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
    });
}
