//! What an operations team sees and relies on: request ids and the access
//! log (`server/src/access_log.rs`), metrics on their own address
//! (`server/src/metrics.rs`), and the database over TLS. (The site while
//! its database is down is `scripts/cluster.sh outage`, on real servers.)

use crate::support::site::*;
use crate::support::{database, log, run};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use sqlx::Connection;
use std::net::{IpAddr, SocketAddr};

/// A GET of `path` that came through `peer`, with `X-Request-Id: id` if given.
fn from(peer: IpAddr, path: &str, id: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header("host", "localhost");
    if let Some(id) = id {
        request = request.header("x-request-id", id);
    }
    let mut request = request.body(Body::empty()).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40_000))));
    request
}

/// The log line that ended the request `id`: "answered", with its fields.
fn answered(id: &str) -> serde_json::Value {
    let lines = log::lines_with(id);
    let ends: Vec<_> = lines
        .into_iter()
        .filter(|line| {
            line["fields"]["message"] == "answered"
                && line["target"] == server::access_log::ACCESS_TARGET
                && line["span"]["id"] == id
        })
        .collect();
    assert_eq!(ends.len(), 1, "one 'answered' line for {id}");
    ends[0]["span"].clone()
}

#[test]
fn every_answer_has_a_request_id_and_one_log_line_with_it() {
    log::keep();
    run(async {
        let proxy: IpAddr = "10.0.0.9".parse().unwrap();
        let site =
            Site::configured("request-ids", |config| config.trusted_proxies = vec![proxy]).await;
        // The balancer's id is taken, returned and logged with the route
        // pattern, the status and the latency.
        let reply = site
            .send(from(proxy, "/services/cardiology", Some("lb-7f3a-0001")))
            .await;
        assert_eq!(reply.header("x-request-id"), "lb-7f3a-0001");
        let line = answered("lb-7f3a-0001");
        assert_eq!(line["method"], "GET");
        assert_eq!(line["route"], "/services/{slug}");
        assert_eq!(line["status"], 200);
        assert!(line["latency_ms"].as_f64().unwrap() > 0.0);
        // The same page from the cache keeps its route.
        let again = site
            .send(from(proxy, "/services/cardiology", Some("lb-7f3a-0002")))
            .await;
        assert_eq!(again.header("x-cache"), "hit");
        assert_eq!(answered("lb-7f3a-0002")["route"], "/services/{slug}");
        // Anyone else's id, and a proxy's id that is not plain, are
        // replaced by one of ours; so is no id at all.
        let stranger: IpAddr = "203.0.113.7".parse().unwrap();
        let mut ours = Vec::new();
        for request in [
            from(stranger, "/services", Some("chosen-by-a-visitor")),
            from(proxy, "/services", Some("<b> \"not plain\"")),
            from(proxy, "/no-such-page", None),
        ] {
            let reply = site.send(request).await;
            let id = reply.header("x-request-id").to_string();
            assert!(!id.is_empty() && id != "chosen-by-a-visitor", "{id}");
            assert!(!ours.contains(&id), "each request an id of its own");
            answered(&id);
            ours.push(id);
        }
        assert_eq!(answered(&ours[2])["route"], "unmatched");
        assert_eq!(answered(&ours[2])["status"], 404);
        assert!(log::lines_with("chosen-by-a-visitor").is_empty());
        // A line logged while a request is served carries its id and route.
        let mut report = Request::post("/services/cardiology/report")
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("x-request-id", "lb-7f3a-0003")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("what-is-wrong=The+phone+number+is+old&contact="))
            .unwrap();
        report
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((proxy, 40_000))));
        assert_eq!(site.send(report).await.status.as_u16(), 303);
        let reported: Vec<_> = log::lines_with("lb-7f3a-0003")
            .into_iter()
            .filter(|line| line["fields"]["message"] == "problem reported")
            .collect();
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0]["span"]["route"], "/services/{slug}/report");
        assert_eq!(reported[0]["span"]["method"], "POST");
    })
}

/// What `GET /metrics` on `address` answers: status line and body.
async fn scrape(address: SocketAddr) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nhost: metrics\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

/// The value of the sample `name{labels}` (exactly as written) in a
/// scrape, 0 if it is not there yet.
fn sample(body: &str, series: &str) -> f64 {
    body.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

#[test]
fn metrics_are_served_on_their_own_address_and_move_with_requests() {
    run(async {
        let handle = server::metrics::install().unwrap();
        let site = Site::new("metrics").await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = server::metrics::router(handle.clone(), site.directory.clone());
        tokio::spawn(server::metrics::serve(listener, router, handle));

        let (status, before) = scrape(address).await;
        assert!(status.contains(" 200 "), "{status}");
        let page = r#"lth_http_requests_total{route="/services/{slug}",status="200"}"#;
        let missing = r#"lth_http_requests_total{route="unmatched",status="404"}"#;
        let hits = r#"lth_page_cache_lookups_total{result="hit"}"#;
        let failed = r#"lth_account_events_total{event="sign-in-failed"}"#;
        let reloads = "lth_directory_reload_duration_seconds_count";
        let generation = "lth_directory_generation";

        site.get("/services/dermatology", None).await;
        assert_eq!(
            site.get("/services/dermatology", None)
                .await
                .header("x-cache"),
            "hit"
        );
        site.get("/no-such-page", None).await;
        site.sign_in_from(EDITOR, "not the password", [10, 0, 0, 5])
            .await;
        let editor = site.cookie(EDITOR).await;
        let mut form = site.edit_form().await;
        form.name = "Cardiology and heart rhythm".into();
        assert_eq!(site.save(&editor, &form).await.status.as_u16(), 303);

        let (_, after) = scrape(address).await;
        assert_eq!(sample(&after, page) - sample(&before, page), 2.0, "{after}");
        assert_eq!(sample(&after, missing) - sample(&before, missing), 1.0);
        assert!(sample(&after, hits) > sample(&before, hits));
        assert!(sample(&after, failed) > sample(&before, failed));
        assert!(sample(&after, reloads) > sample(&before, reloads));
        assert!(sample(&after, generation) > sample(&before, generation));
        for present in [
            r#"lth_http_request_duration_seconds_bucket{route="/services/{slug}",le="0.001"}"#,
            "lth_http_requests_in_flight",
            "lth_page_cache_bytes",
            "lth_page_cache_entries",
            r#"lth_database_connections{state="idle"}"#,
            r#"lth_account_events_total{event="signed-in"}"#,
            "# HELP lth_http_requests_total",
        ] {
            assert!(after.contains(present), "{present} in {after}");
        }
        // Nothing of it on the site's own address.
        assert_eq!(site.get("/metrics", None).await.status.as_u16(), 404);
    })
}

/// A database URL with `parameters` added.
fn with_parameters(url: &str, parameters: &str) -> String {
    format!("{url}?{parameters}")
}

#[test]
#[ignore = "needs PostgreSQL: make unit runs it through scripts/with-postgres.sh"]
fn the_database_is_reached_over_tls_and_a_certificate_from_another_ca_is_refused() {
    database::needs_postgres();
    let ca = std::env::var("TEST_POSTGRES_CA").expect("with-postgres.sh makes a CA");
    let other_ca = std::env::var("TEST_POSTGRES_OTHER_CA").expect("and another");
    run(async {
        // A database of its own: only this test's connections are on it.
        let database = TestDatabase::new("tls").await;
        let postgres = database.url().to_string();
        let content = content::load_embedded().unwrap();
        let seed = server::seed::load_embedded(&content).unwrap();
        let open = |url: String| {
            let seed = seed.clone();
            async move { server::storage::directory_at(&url, &seed.services, seed.synonyms).await }
        };
        for parameters in [
            format!("sslmode=verify-full&sslrootcert={ca}"),
            "sslmode=require".to_string(),
        ] {
            let url = with_parameters(&postgres, &parameters);
            let directory = open(url.clone())
                .await
                .unwrap_or_else(|error| panic!("{parameters}: {error}"));
            assert_eq!(directory.count(), seed.services.len());
            // Every connection to the database, the directory's pool and its
            // listener among them, is encrypted: ask PostgreSQL.
            let mut connection = sqlx::PgConnection::connect(&url).await.unwrap();
            let (connections, encrypted): (i64, i64) = sqlx::query_as(
                "SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_activity a \
                 JOIN pg_stat_ssl s USING (pid) WHERE a.datname = current_database()",
            )
            .fetch_one(&mut connection)
            .await
            .unwrap();
            assert!(
                connections >= 3,
                "{parameters}: pool, listener and this one"
            );
            assert_eq!(
                encrypted, connections,
                "{parameters}: every connection encrypted"
            );
            drop(directory);
        }
        let refused = open(with_parameters(
            &postgres,
            &format!("sslmode=verify-full&sslrootcert={other_ca}"),
        ))
        .await;
        let error = refused
            .err()
            .expect("a certificate no trusted CA signed is refused");
        assert!(!error.to_string().is_empty());
    })
}

/// Runs one of PostgreSQL's own programs (`TEST_POSTGRES_BIN`), as the
/// README's backup commands do; panics unless it succeeds.
fn postgres_tool(program: &str, arguments: &[&str]) {
    let folder = std::env::var("TEST_POSTGRES_BIN").expect("with-postgres.sh says where");
    let done = std::process::Command::new(format!("{folder}/{program}"))
        .args(arguments)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

#[test]
#[ignore = "needs PostgreSQL: make unit runs it through scripts/with-postgres.sh"]
fn a_postgres_backup_restores_every_saved_edit() {
    database::needs_postgres();
    run(async {
        let site = Site::new("backup").await;
        let editor = site.cookie(EDITOR).await;
        for i in 1..=5 {
            let mut form = site.edit_form().await;
            form.name = format!("Cardiology, edit {i}");
            assert_eq!(site.save(&editor, &form).await.status.as_u16(), 303);
        }
        let before = site.directory.storage().staff_list().await.unwrap();
        let history = site.directory.storage().history(SERVICE).await.unwrap();
        // The README's commands: a dump of the live database, restored into
        // a new, empty one.
        let dump = std::env::temp_dir().join(format!("lth-backup-{}.dump", std::process::id()));
        let dump_path = dump.to_str().unwrap();
        postgres_tool(
            "pg_dump",
            &[
                "--format=custom",
                "--no-owner",
                "--file",
                dump_path,
                site.database.url(),
            ],
        );
        let restored = TestDatabase::new("backup_restored").await;
        postgres_tool(
            "pg_restore",
            &["--no-owner", "--dbname", restored.url(), dump_path],
        );
        std::fs::remove_file(&dump).unwrap();

        let content = content::load_embedded().unwrap();
        let seed = server::seed::load_embedded(&content).unwrap();
        let again = server::storage::directory_at(restored.url(), &seed.services, seed.synonyms)
            .await
            .unwrap();
        let stored = again
            .storage()
            .stored_service(SERVICE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.record.name, "Cardiology, edit 5");
        assert_eq!(again.storage().staff_list().await.unwrap(), before);
        assert_eq!(again.storage().history(SERVICE).await.unwrap(), history);
        assert!(history.len() >= 5, "every edit's audit entry");
        let accounts = server::accounts_of(&again);
        assert!(accounts.find(EDITOR).await.unwrap().is_some());
    })
}
