//! What keeps the site safe on the open internet, through the whole router:
//! security and cache headers, body limits, timeouts and load shedding,
//! malformed `/api` calls, the cross-site check, sign-in limits behind a
//! trusted proxy, CSV cells that cannot be formulas, and the backup command.

use app::storage::EditStore;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use crate::support::run;
use crate::support::site::*;

/// The nonce a page's hydration script carries.
fn script_nonce(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("script[nonce]").unwrap();
    let script = document
        .select(&selector)
        .next()
        .expect("a script with a nonce");
    script.value().attr("nonce").unwrap().to_string()
}

#[test]
fn pages_carry_a_content_security_policy_with_a_fresh_nonce() {
    run(async {
        let site = Site::new("csp").await;
        let mut nonces = Vec::new();
        for path in ["/", "/services?q=heart", "/no-such-page", "/staff/sign-in"] {
            let reply = site.get(path, None).await;
            let policy = reply.header("content-security-policy");
            let nonce = script_nonce(&reply.body);
            assert!(nonce.len() >= 16, "{path}: {nonce}");
            // The policy (its directives are checked in `http_policy`) with this page's nonce.
            assert_eq!(
                policy,
                server::http_policy::page_policy(&nonce, None),
                "{path}"
            );
            assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
            nonces.push(nonce);
        }
        // A refused form is a page too.
        let reply = site
            .sign_in_from(EDITOR, "wrong password!", [10, 9, 9, 9])
            .await;
        nonces.push(script_nonce(&reply.body));
        assert!(reply
            .header("content-security-policy")
            .contains(nonces.last().unwrap()));
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 5, "every response has its own nonce");
        // Anything not a page may load nothing at all.
        for path in [
            "/services.json",
            "/services.csv",
            "/api/service?slug=cardiology",
            "/healthz",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(
                reply.header("content-security-policy"),
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
                "{path}"
            );
        }
    })
}

#[test]
fn isolation_and_permission_headers_on_every_response() {
    run(async {
        let site = Site::new("isolation").await;
        for path in [
            "/",
            "/services.csv",
            "/api/trust",
            "/favicon.svg",
            "/nowhere",
        ] {
            let reply = site.get(path, None).await;
            for (name, value) in [
                ("cross-origin-opener-policy", "same-origin"),
                ("cross-origin-resource-policy", "same-origin"),
                ("x-content-type-options", "nosniff"),
                ("x-frame-options", "DENY"),
                ("referrer-policy", "strict-origin-when-cross-origin"),
            ] {
                assert_eq!(reply.header(name), value, "{path} {name}");
            }
            assert!(reply.header("permissions-policy").contains("camera=()"));
            // This site's URL is http: no HSTS (routes.rs checks the https one).
            assert_eq!(reply.header("strict-transport-security"), "", "{path}");
        }
    })
}

#[test]
fn cache_headers_by_kind_of_response() {
    run(async {
        let root = std::env::temp_dir().join(format!("lth-cache-site-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("favicon.svg"),
            "<svg xmlns='http://www.w3.org/2000/svg'/>",
        )
        .unwrap();
        let site = Site::configured("cache", |config| config.site_root = root.clone()).await;
        let editor = site.cookie(EDITOR).await;
        for path in [
            "/",
            "/services?q=heart",
            "/services/cardiology",
            "/services.csv",
            "/api/trust",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(
                reply.header("cache-control"),
                "public, max-age=60",
                "{path}"
            );
            assert!(reply.header("vary").contains("Cookie"), "{path}");
            // The same address for a member of staff: theirs alone.
            let reply = site.get(path, Some(&editor)).await;
            assert_eq!(reply.header("cache-control"), "private, no-store", "{path}");
            assert!(reply.header("vary").contains("Cookie"), "{path}");
        }
        for path in [
            "/staff",
            "/staff/sign-in",
            "/api/staff-home",
            "/readyz",
            "/nowhere",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(reply.header("cache-control"), "private, no-store", "{path}");
        }
        let reply = site.get("/favicon.svg", None).await;
        assert_eq!(reply.header("cache-control"), "public, max-age=86400");
        let signed_in = site.sign_in_from(EDITOR, PASSWORD, [10, 7, 7, 7]).await;
        assert_eq!(signed_in.header("cache-control"), "private, no-store");
        std::fs::remove_dir_all(&root).unwrap();
    })
}

#[test]
fn bodies_over_their_route_limit_are_413() {
    run(async {
        let site = Site::new("body-limits").await;
        let editor = site.cookie(EDITOR).await;
        let sign_in = format!("email=a%40nhs.net&password={}", "a".repeat(5 * 1024));
        let reply = site
            .post_raw(
                "/staff/sign-in",
                None,
                "application/x-www-form-urlencoded",
                sign_in.into(),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 413);
        let form = format!("name={}", "a".repeat(100 * 1024));
        let reply = site
            .post_raw(
                "/staff/services/new",
                Some(&editor),
                "application/x-www-form-urlencoded",
                form.into(),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 413);
        // A form of ordinary size still gets its messages.
        let reply = site
            .post_raw(
                "/staff/services/new",
                Some(&editor),
                "application/x-www-form-urlencoded",
                b"name=x".to_vec(),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 400);
        let reply = site
            .post_raw(
                "/staff/services/new",
                Some(&editor),
                "application/json",
                b"{}".to_vec(),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 415);
    })
}

#[test]
fn over_the_concurrency_limit_requests_are_shed_and_slow_bodies_time_out() {
    run(async {
        let site = Site::configured("shed", |config| config.max_concurrent_requests = 1).await;
        let cookie = site.cookie(EDITOR).await;
        // A form whose body never arrives holds the one slot.
        let body = Body::from_stream(futures_util::stream::pending::<
            Result<axum::body::Bytes, std::io::Error>,
        >());
        let request = Request::post("/staff/services/new")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .unwrap();
        let started = Instant::now();
        let slow = site.send(request);
        let busy = async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            site.get("/", None).await
        };
        let (slow, busy) = tokio::join!(slow, busy);
        assert_eq!(busy.status.as_u16(), 503);
        assert_eq!(busy.header("retry-after"), "1");
        assert_eq!(slow.status.as_u16(), 408, "{}", slow.body);
        let waited = started.elapsed();
        assert!(waited >= server::limits::BODY_TIMEOUT, "{waited:?}");
        assert!(waited < server::limits::BODY_TIMEOUT + Duration::from_secs(3));
        // The slot is free again.
        assert_eq!(site.get("/", None).await.status.as_u16(), 200);
    })
}

#[test]
fn clients_that_never_finish_their_headers_are_cut_off() {
    use std::io::{Read, Write};
    let (address, site) = run(async {
        let site = Site::new("slow-headers").await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(server::serve::serve(
            listener,
            site.router.clone(),
            std::future::pending(),
        ));
        (address, site)
    });
    let mut slow = std::net::TcpStream::connect(address).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ")
        .unwrap();
    slow.set_read_timeout(Some(
        server::limits::HEADER_TIMEOUT + Duration::from_secs(5),
    ))
    .unwrap();
    // Meanwhile a normal request is answered at once.
    let started = Instant::now();
    let mut normal = std::net::TcpStream::connect(address).unwrap();
    normal
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    normal.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(1));
    // The slow one is closed once its time is up.
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= server::limits::HEADER_TIMEOUT - Duration::from_secs(1),
        "{waited:?}"
    );
    assert!(
        waited < server::limits::HEADER_TIMEOUT + Duration::from_secs(4),
        "{waited:?}"
    );
    run(async move { drop(site) });
}

#[test]
fn malformed_api_calls_are_400_not_500() {
    run(async {
        let site = Site::new("api-400").await;
        for path in [
            "/api/service?slug=a&slug=b",
            "/api/service",
            "/api/centre?slug=a&slug=b",
            "/api/partner?slug[]=x",
            "/api/services?q=a&q=b",
            "/api/services?page=1&page=2",
            "/api/staff-history?slug=a&slug=b",
        ] {
            let reply = site.get(path, None).await;
            assert_eq!(reply.status.as_u16(), 400, "{path}: {}", reply.body);
            assert!(reply.body.contains("BadRequest"), "{path}: {}", reply.body);
        }
        let reply = site.get("/api/service?slug=cardiology", None).await;
        assert_eq!(reply.status.as_u16(), 200);
    })
}

#[test]
fn state_changes_must_show_they_come_from_this_site() {
    run(async {
        let site = Site::new("origin").await;
        let editor = site.cookie(EDITOR).await;
        let form = site.edit_form().await;
        let body = form_body(&service_fields(&form));
        for headers in [
            vec![],
            vec![("origin", "http://localhost:9999")],
            vec![("origin", "https://localhost")],
            vec![("sec-fetch-site", "none")],
        ] {
            let mut request = Request::post("/staff/services/cardiology/edit")
                .header("host", "localhost")
                .header("cookie", &editor)
                .header("content-type", "application/x-www-form-urlencoded");
            for (name, value) in &headers {
                request = request.header(*name, *value);
            }
            let reply = site.send(request.body(body.clone().into()).unwrap()).await;
            assert_eq!(reply.status.as_u16(), 403, "{headers:?}");
        }
        assert_eq!(site.stored().await.version, 1);
    })
}

#[test]
fn sign_in_limits_use_the_client_a_trusted_proxy_names() {
    run(async {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let site = Site::configured("proxy", |config| config.trusted_proxies = vec![proxy]).await;
        let attempt = |forwarded: &'static str, email: String| {
            let mut request = Request::post("/staff/sign-in")
                .header("host", "localhost")
                .header("origin", "http://localhost")
                .header("x-forwarded-for", forwarded)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(
                    form_body(&pairs(&[
                        ("email", &email),
                        ("password", "wrong password!"),
                    ]))
                    .into(),
                )
                .unwrap();
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from((proxy, 40_000))));
            site.send(request)
        };
        // 10 attempts from one client behind the proxy use up its allowance...
        for i in 0..10 {
            let reply = attempt("203.0.113.5", format!("person{i}@nhs.net")).await;
            assert_eq!(reply.status.as_u16(), 400);
        }
        assert_eq!(
            attempt("203.0.113.5", "x@nhs.net".into())
                .await
                .status
                .as_u16(),
            429
        );
        // ...but not another client's behind the same proxy.
        assert_eq!(
            attempt("203.0.113.6", "x@nhs.net".into())
                .await
                .status
                .as_u16(),
            400
        );
        // A false address a visitor wrote first does not help.
        let forged = attempt("198.51.100.1, 203.0.113.5", "y@nhs.net".into()).await;
        assert_eq!(forged.status.as_u16(), 429);
    })
}

#[test]
fn oversized_sign_ins_are_refused_before_any_hash_or_count() {
    run(async {
        let site = Site::new("sign-in-caps").await;
        let long_email = format!("{}@nhs.net", "a".repeat(300));
        let long_password = "p".repeat(200);
        for _ in 0..30 {
            let reply = site
                .sign_in_from(&long_email, PASSWORD, [10, 3, 3, 3])
                .await;
            assert_eq!(reply.status.as_u16(), 400);
            let reply = site
                .sign_in_from(EDITOR, &long_password, [10, 3, 3, 3])
                .await;
            assert_eq!(reply.status.as_u16(), 400);
        }
        // None of those counted: the editor still signs in from that address.
        let reply = site.sign_in_from(EDITOR, PASSWORD, [10, 3, 3, 3]).await;
        assert_eq!(reply.status.as_u16(), 303);
    })
}

#[test]
fn csv_cells_that_would_be_formulas_are_text() {
    run(async {
        let site = Site::new("csv-formulas").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.phone = "+44 113 243 3144".into();
        form.opening_hours = "=HYPERLINK(\"http://evil.example\")".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status.as_u16(), 303, "{}", reply.body);
        let csv = site.get("/services.csv?q=cardiology", None).await.body;
        assert!(csv.contains("'+44 113 243 3144"), "{csv}");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
            "{csv}"
        );
    })
}

#[test]
fn control_and_bidi_characters_are_refused_by_the_form() {
    run(async {
        let site = Site::new("bidi").await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = "Cardiology\u{202E}ygoloidraC".into();
        form.referral = "Refer\u{0}here".into();
        let reply = site.save(&editor, &form).await;
        assert_eq!(reply.status.as_u16(), 400);
        assert!(reply
            .body
            .contains("Service name must not contain control characters"));
        assert!(reply
            .body
            .contains("How to refer must not contain control characters"));
        assert_eq!(site.stored().await.version, 1);
    })
}

#[test]
fn readiness_follows_the_database() {
    run(async {
        let site = Site::new("ready").await;
        let reply = site.get("/readyz", None).await;
        assert_eq!((reply.status.as_u16(), reply.body.as_str()), (200, "ready"));
        site.directory.storage().close().await;
        let reply = site.get("/readyz", None).await;
        assert_eq!(reply.status.as_u16(), 503);
        assert_eq!(site.get("/healthz", None).await.status.as_u16(), 200);
    })
}

#[test]
fn a_backup_taken_during_edits_is_whole_and_holds_every_acknowledged_edit() {
    run(async {
        let site = Site::new("backup").await;
        let editor = site.cookie(EDITOR).await;
        let target =
            std::env::temp_dir().join(format!("lth-backup-{}.sqlite3", std::process::id()));
        let _ = std::fs::remove_file(&target);
        let edit = |n: usize| {
            let editor = editor.clone();
            let site = &site;
            async move {
                let mut form = site.edit_form().await;
                form.opening_hours = format!("Edit number {n}");
                let reply = site.save(&editor, &form).await;
                assert_eq!(reply.status.as_u16(), 303, "{}", reply.body);
            }
        };
        for n in 0..5 {
            edit(n).await;
        }
        let acknowledged = site.stored().await.version;
        // The command runs while more edits are saved.
        let database_url = site.database.url().to_string();
        let backup = {
            let (target, database_url) = (target.clone(), database_url.clone());
            tokio::task::spawn_blocking(move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_server"))
                    .args(["backup", "--to"])
                    .arg(&target)
                    .env("DATABASE_URL", &database_url)
                    .output()
            })
        };
        let more_edits = async {
            for n in 5..15 {
                edit(n).await;
            }
        };
        let (output, ()) = tokio::join!(backup, more_edits);
        let output = output.unwrap().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Refuses to overwrite.
        let again = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["backup", "--to"])
            .arg(&target)
            .env("DATABASE_URL", &database_url)
            .output()
            .unwrap();
        assert!(!again.status.success());
        // Restore: the copy opens as the site's database.
        let restored = sqlx_check(&target).await;
        assert_eq!(restored.0, "ok");
        assert!(
            restored.1 >= acknowledged,
            "{} < {acknowledged}",
            restored.1
        );
        assert!(restored.2 > 100, "services in the copy: {}", restored.2);
        let _ = std::fs::remove_file(&target);
    })
}

/// `PRAGMA integrity_check`, cardiology's version and the number of services
/// in a database file, opened as the site opens it.
async fn sqlx_check(path: &std::path::Path) -> (String, i64, usize) {
    let url = format!("sqlite://{}", path.display());
    let storage = server::storage::SqlStore::connect(&url).await.unwrap();
    let check = storage.integrity_check().await.unwrap();
    let version = storage
        .stored_service("cardiology")
        .await
        .unwrap()
        .unwrap()
        .version;
    let services = storage.staff_list().await.unwrap().len();
    (check, version, services)
}
