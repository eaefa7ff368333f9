//! Hostile input over every route, parameter and form, through the whole
//! router: more than 10,000 generated requests (markup and script, oversize
//! values, repeated parameters, invalid UTF-8 and percent escapes, wrong
//! content types, 20 MB bodies), then malformed HTTP over a real socket.
//! Every answer must be below 500, no handler may panic, no page may hold an
//! element, attribute or script from the request (checked by parsing each
//! page with html5ever, as a browser parses), and the site must still answer.

use scraper::{Html, Node};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::run;
use crate::support::site::*;

/// Every payload holds this word, so anything it becomes in a page is found.
const MARK: &str = "xq7z";

/// Values a hostile visitor might send, each holding [`MARK`].
fn payloads() -> Vec<String> {
    let mut values: Vec<String> = [
        "<script>alert('xq7z')</script>",
        "</title><script>alert('xq7z')</script>",
        "</title><script>xq7z()</script>",
        "</textarea><xq7z-el>",
        "\"><img src=x onerror=xq7z()>",
        "'><svg onload=xq7z()>",
        "\" autofocus onfocus=\"xq7z()",
        "' onmouseover='xq7z()",
        "<xq7z-el id=xq7z>",
        "<a href=//xq7z.example>xq7z</a>",
        "javascript:xq7z()",
        "<base href=//xq7z.example/>",
        "<meta http-equiv=refresh content=0;url=//xq7z.example>",
        "<iframe src=//xq7z.example></iframe>",
        "<!--xq7z",
        "]]><xq7z-el>",
        "{\"xq7z\": [1, 2]}",
        "xq7z\" NEAR(a b) OR *",
        "' OR 1=1; DROP TABLE services; --xq7z",
        "../../../etc/passwd?xq7z",
        "=HYPERLINK(\"//xq7z.example\")",
        "xq7z\u{202E}gpj.exe",
        "xq7z\u{0}\u{1b}[31m",
        "Cardiology xq7z",
        "xq7z 💉 ❤️ Ω",
        "xq7z\r\nSet-Cookie: a=b",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    values.push(format!("{MARK}{}", "a".repeat(5_000)));
    values.push(format!("{MARK} {}", "word ".repeat(400)));
    values
}

/// Query strings that set `name` to `value` in several hostile ways.
fn hostile_queries(name: &str, value: &str) -> Vec<String> {
    let v = encode(value);
    vec![
        format!("{name}={v}"),
        format!("{name}={v}&{name}={v}"),
        format!("{name}={v}&{name}="),
        format!("{name}[]={v}"),
        format!("{name}={v}&q=heart&group=cancer&site=stjames&age=adults&page=2"),
    ]
}

/// Query strings that are not valid UTF-8 or not valid percent-encoding.
const BROKEN_QUERIES: [&str; 8] = [
    "q=%ff%fe%fd",
    "q=%",
    "q=%zz",
    "q=%C0%AFxq7z",
    "q=%00",
    "q=a%26b%3Dc&&&==&",
    "=xq7z",
    "q",
];

/// The routes that take query parameters, with their parameter names.
const QUERY_ROUTES: [(&str, &[&str]); 12] = [
    ("/services", &["q", "group", "site", "age", "page"]),
    ("/services.csv", &["q", "group", "site", "age"]),
    ("/services.json", &["q", "group", "site", "age"]),
    ("/partnerships", &["kind"]),
    ("/api/services", &["q", "group", "site", "age", "page"]),
    ("/api/service", &["slug"]),
    ("/api/centre", &["slug"]),
    ("/api/partner", &["slug"]),
    ("/api/hospital", &["slug"]),
    ("/api/staff-service", &["slug"]),
    ("/api/staff-history", &["slug"]),
    ("/", &["xq7z"]),
];

/// Path segments that are not valid UTF-8, not valid percent-encoding, or
/// mean something to a file system.
const BROKEN_SEGMENTS: [&str; 14] = [
    "%ff%fe%fd",
    "%C0%AFxq7z",
    "%",
    "%zz",
    "%00",
    "%0Axq7z",
    "..",
    ".",
    "%2e%2e",
    "..%5C..%5Cxq7z",
    "%25",
    "xq7z%3Bjsessionid=1",
    "%E2%80%AExq7z",
    "",
];

/// Routes with a part of the path taken from the address.
const PATH_ROUTES: [&str; 13] = [
    "/pkg/{}",
    "/assets/{}",
    "/favicon.svg/{}",
    "/centres/{}",
    "/partnerships/{}",
    "/hospitals/{}",
    "/staff/invitation/{}",
    "/services/{}",
    "/services/{}/report",
    "/services/{}/report/sent",
    "/staff/services/{}/edit",
    "/{}",
    "/api/{}",
];

/// Pages with no parameters, asked with unexpected ones.
const PLAIN_ROUTES: [&str; 22] = [
    "/centres",
    "/hospitals",
    "/accessibility-statement",
    "/privacy",
    "/cookies",
    "/contact",
    "/staff/sign-in/code",
    "/staff/authenticator-app",
    "/staff/account",
    "/api/hospitals",
    "/api/about-site",
    "/sitemap.xml",
    "/robots.txt",
    "/staff",
    "/staff/sign-in",
    "/staff/users",
    "/staff/services/new",
    "/healthz",
    "/readyz",
    "/api/trust",
    "/api/centres",
    "/api/staff-home",
];

#[test]
fn every_page_the_app_renders_is_in_the_suite() {
    let covered = |pattern: &str| {
        let as_path_route = pattern.replace("{slug}", "{}");
        PATH_ROUTES.contains(&as_path_route.as_str())
            || PLAIN_ROUTES.contains(&pattern)
            || QUERY_ROUTES.iter().any(|(route, _)| *route == pattern)
    };
    for pattern in app::paths::routes::PAGES {
        assert!(
            covered(pattern),
            "the hostile-input suite never asks for {pattern}"
        );
    }
}

/// Whether every [`MARK`] in a script is inside a quoted string literal:
/// Leptos hands the page's data to the browser as JavaScript strings, and
/// the request's words may be data there, never code.
fn only_in_string_literals(script: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in script.char_indices() {
        if quote.is_none() && script[at..].starts_with(MARK) {
            return false;
        }
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(open), c) if c == open => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            _ => {}
        }
    }
    true
}

/// Why a page shows markup that came from the request, if it does.
fn injected(html: &str) -> Option<String> {
    let document = Html::parse_document(html);
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        if name.contains(MARK) {
            return Some(format!("element <{name}>"));
        }
        if ["base", "iframe", "frame", "object", "embed"].contains(&name) {
            return Some(format!("element <{name}>"));
        }
        if name == "meta" && element.attr("http-equiv").is_some() {
            return Some("meta http-equiv".into());
        }
        for (attribute, value) in element.attrs() {
            let lower = value.trim().to_lowercase();
            if attribute.starts_with("on") || attribute.contains(MARK) {
                return Some(format!("attribute {attribute} on <{name}>"));
            }
            let address = [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
            ]
            .contains(&attribute);
            if address && (lower.starts_with("javascript:") || lower.starts_with("//")) {
                return Some(format!("{attribute}=\"{value}\" on <{name}>"));
            }
        }
        if name == "script" {
            let data = element.attr("type").is_some_and(|t| t.contains("json"));
            let text: String = node
                .children()
                .filter_map(|child| child.value().as_text().map(|t| t.to_string()))
                .collect();
            if !data && element.attr("nonce").is_none() {
                return Some("a script without the page's nonce".into());
            }
            if !data && !only_in_string_literals(&text) {
                return Some("script with the request's text as code".into());
            }
            if data && serde_json::from_str::<serde_json::Value>(&text).is_err() {
                return Some("structured data that is not JSON".into());
            }
        }
    }
    let head_title = scraper::Selector::parse("head > title").ok()?;
    let titles = document.select(&head_title).count();
    (titles != 1).then(|| format!("{titles} title elements in the head"))
}

/// Counts and checks answers.
#[derive(Default)]
struct Tally {
    sent: usize,
    by_class: [usize; 6],
}

impl Tally {
    fn check(&mut self, what: &str, reply: &Reply) {
        self.sent += 1;
        let class = usize::from(reply.status.as_u16() / 100);
        self.by_class[class.min(5)] += 1;
        assert!(
            reply.status.as_u16() < 500,
            "{what}: {} {}",
            reply.status,
            reply.body.chars().take(300).collect::<String>()
        );
        let html = reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if html {
            let found = injected(&reply.body);
            assert!(
                found.is_none(),
                "{what}: markup from the request in the page: {found:?}"
            );
        }
    }
}

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics on the runtime's threads (render tasks, the blocking
/// pool). A panic in a handler driven from a test's own thread fails that
/// test by itself.
fn count_panics() {
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("tokio"))
        {
            PANICS.fetch_add(1, Ordering::SeqCst);
        }
        before(info);
    }));
}

#[test]
fn ten_thousand_hostile_requests_get_no_5xx_no_panic_and_no_markup() {
    count_panics();
    run(async {
        // A site root with the build's folder in it, so that paths under
        // `/pkg/` reach the file system as they do in production.
        let root = std::env::temp_dir().join(format!("lth-abuse-site-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg").join("lth.js"), "").unwrap();
        let site = Site::configured("abuse", |config| config.site_root = root.clone()).await;
        assert_eq!(site.get("/pkg/lth.js", None).await.status, StatusCode::OK);
        let editor = site.cookie(EDITOR).await;
        let admin = site.cookie(ADMIN).await;
        let mut tally = Tally::default();
        let payloads = payloads();
        // Every query parameter of every route, for anyone and for staff.
        for (route, names) in QUERY_ROUTES {
            for name in names.iter() {
                for value in &payloads {
                    for query in hostile_queries(name, value) {
                        let path = format!("{route}?{query}");
                        for cookie in [None, Some(editor.as_str())] {
                            tally.check(&path, &site.get(&path, cookie).await);
                        }
                    }
                }
            }
            for query in BROKEN_QUERIES {
                let path = format!("{route}?{query}");
                tally.check(&path, &site.get(&path, None).await);
            }
        }
        // Every part of a path taken from the address: hostile words, and
        // segments that are not valid UTF-8 or percent-encoding.
        for route in PATH_ROUTES {
            for value in &payloads {
                for segment in [
                    encode_segment(value),
                    format!("{}%2F..%2F{MARK}", encode_segment(value)),
                ] {
                    let path = route.replace("{}", &segment);
                    for cookie in [None, Some(editor.as_str())] {
                        tally.check(&path, &site.get(&path, cookie).await);
                    }
                }
            }
            for segment in BROKEN_SEGMENTS {
                let path = route.replace("{}", segment);
                for cookie in [None, Some(editor.as_str())] {
                    tally.check(&path, &site.get(&path, cookie).await);
                }
                let path = format!("{path}/");
                tally.check(&path, &site.get(&path, None).await);
            }
        }
        for route in PLAIN_ROUTES {
            for value in &payloads {
                let path = format!("{route}?slug={}&{MARK}={}", encode(value), encode(value));
                for cookie in [None, Some(editor.as_str()), Some(admin.as_str())] {
                    tally.check(&path, &site.get(&path, cookie).await);
                }
            }
        }
        // Hostile cookies.
        for value in &payloads {
            let cookie = format!("lth_staff_session={}", encode(value));
            tally.check("cookie", &site.get("/services", Some(&cookie)).await);
        }
        // Every field of every form, one at a time, from staff who may post it.
        let form = site.edit_form().await;
        let mut new_form = form.clone();
        new_form.slug = "new-service-xq7z".into();
        new_form.version = None;
        let forms = [
            (
                "/staff/services/new",
                Some(editor.as_str()),
                service_fields(&new_form),
            ),
            (
                "/staff/services/cardiology/edit",
                Some(editor.as_str()),
                service_fields(&form),
            ),
            (
                "/staff/services/cardiology/archive",
                Some(editor.as_str()),
                pairs(&[("version", "0")]),
            ),
            (
                "/staff/users",
                Some(admin.as_str()),
                pairs(&[
                    ("email", "new@nhs.net"),
                    ("role", "editor"),
                    ("password", PASSWORD),
                ]),
            ),
            (
                "/staff/users/999/disable",
                Some(admin.as_str()),
                pairs(&[("x", "y")]),
            ),
            ("/staff/sign-out", None, pairs(&[("x", "y")])),
            // Anyone's report (limited per address after a few), and
            // staff's (not limited, so each is stored and shown below).
            (
                "/services/cardiology/report",
                None,
                pairs(&[("what-is-wrong", "Wrong number"), ("contact", "")]),
            ),
            (
                "/services/cardiology/report",
                Some(editor.as_str()),
                pairs(&[("what-is-wrong", "Wrong number"), ("contact", "")]),
            ),
            (
                "/staff/reports/1/close",
                Some(admin.as_str()),
                pairs(&[("closing-note-1", "Checked")]),
            ),
        ];
        for (path, cookie, fields) in &forms {
            for i in 0..fields.len() {
                for value in &payloads {
                    let mut hostile = fields.clone();
                    hostile[i].1 = value.clone();
                    let reply = site.post(path, *cookie, &hostile).await;
                    tally.check(path, &reply);
                    // A repeated field, and a field no form has.
                    hostile.push((hostile[i].0.clone(), value.clone()));
                    hostile.push((format!("{MARK}[]"), value.clone()));
                    tally.check(path, &site.post(path, *cookie, &hostile).await);
                }
            }
        }
        // Sign-in, from many addresses (one address is limited after 20).
        for (i, value) in payloads.iter().enumerate() {
            for (email, password) in [(value.as_str(), PASSWORD), (EDITOR, value.as_str())] {
                let address = [10, 1, u8::try_from(i).unwrap(), 1];
                let reply = site.sign_in_from(email, password, address).await;
                tally.check("sign-in", &reply);
            }
        }
        // Wrong content types, raw bodies, other methods, 20 MB bodies.
        let big = vec![b'a'; 20 * 1024 * 1024];
        for (path, cookie, _) in &forms {
            for (content_type, body) in [
                ("application/json", b"{\"name\": \"<xq7z-el>\"}".to_vec()),
                (
                    "multipart/form-data; boundary=x",
                    b"--x\r\n\r\nxq7z\r\n--x--".to_vec(),
                ),
                ("text/plain", b"name=<xq7z-el>".to_vec()),
                (
                    "application/x-www-form-urlencoded",
                    b"name=%ff%fe&&=%zz".to_vec(),
                ),
                ("application/x-www-form-urlencoded", big.clone()),
            ] {
                let reply = site.post_raw(path, *cookie, content_type, body).await;
                tally.check(path, &reply);
            }
        }
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "XQ7Z"] {
            for path in [
                "/",
                "/services",
                "/staff/sign-in",
                "/api/service?slug=cardiology",
            ] {
                let reply = site.method(method, path, Some(&editor)).await;
                tally.check(path, &reply);
            }
        }
        // Every stored report, hostile ones included, as admins see them.
        tally.check("/staff", &site.get("/staff", Some(&admin)).await);
        assert!(tally.sent >= 10_000, "only {} requests", tally.sent);
        // Still serving, with nothing lost.
        assert_eq!(site.get("/healthz", None).await.status.as_u16(), 200);
        assert_eq!(
            site.get("/services?q=heart", None).await.status.as_u16(),
            200
        );
        assert!(site.directory.count() >= 100);
        eprintln!(
            "hostile requests: {} sent; 2xx {}, 3xx {}, 4xx {}, 5xx {}",
            tally.sent, tally.by_class[2], tally.by_class[3], tally.by_class[4], tally.by_class[5]
        );
    });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "panics while serving");
}

/// Sends raw bytes to a real server and returns the status line, if any.
fn raw_exchange(address: SocketAddr, request: &[u8]) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    // The server may answer and close before all is sent: that is fine.
    let _ = stream.write_all(request);
    // Read up to the end of the status line (the connection may stay open).
    let mut answer = Vec::new();
    let mut chunk = [0; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&answer);
    text.lines()
        .next()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
}

#[test]
fn malformed_http_is_refused_without_5xx() {
    count_panics();
    let (address, site) = run(async {
        let site = Site::new("malformed-http").await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = site.router.clone();
        tokio::spawn(server::serve::serve(
            listener,
            router,
            std::future::pending(),
        ));
        (address, site)
    });
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let twenty_mb = vec![b'a'; 20 * 1024 * 1024];
    let mut big_post = b"POST /staff/sign-in HTTP/1.1\r\nHost: a\r\nOrigin: http://localhost\r\n\
        Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 20971520\r\n\r\n"
        .to_vec();
    big_post.extend_from_slice(&twenty_mb);
    let requests: Vec<Vec<u8>> = vec![
        b"GARBAGE\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: a\r\n\r\n".to_vec(),
        b"GET /\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        b"GET /services?q=\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \x00\x01\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".to_vec(),
        b"POST /staff/sign-in HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"POST /staff/sign-in HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde".to_vec(),
        b"POST /staff/sign-in HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n".to_vec(),
        b"POST /staff/sign-in HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nshort".to_vec(),
        huge_header.into_bytes(),
        big_post,
    ];
    for request in &requests {
        let shown = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        if let Some(status_line) = raw_exchange(address, request) {
            let code: u16 = status_line
                .split_whitespace()
                .nth(1)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            assert!((100..500).contains(&code), "{shown:?}: {status_line}");
        }
    }
    // Still serving.
    let ok = raw_exchange(
        address,
        b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(ok.as_deref(), Some("HTTP/1.1 200 OK"));
    run(async move { drop(site) });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "panics while serving");
}
