//! Every address the site answers, in one place: the fixed ones as
//! constants (pages, the bundle, assets, checks, the start of staff server
//! functions), the ones with a slug or id as functions, and the patterns the
//! server's router matches them with (in [`routes`]). Code outside tests
//! spells out a path only where it must be a literal: the Leptos
//! `<Route path=path!(..)>`s in `lib.rs` (a server test checks they are the
//! page patterns listed here) and each server function's
//! `#[server(prefix = "/api")]`.

pub const HOME: &str = "/";
pub const CENTRES: &str = "/centres";
pub const PARTNERSHIPS: &str = "/partnerships";
/// The trust's hospitals, each with how to get there.
pub const HOSPITALS: &str = "/hospitals";
/// The pages every public sector site publishes, linked from every footer.
pub const ACCESSIBILITY_STATEMENT: &str = "/accessibility-statement";
pub const PRIVACY: &str = "/privacy";
pub const COOKIES: &str = "/cookies";
pub const CONTACT: &str = "/contact";
/// The services directory's search page.
pub const SERVICES: &str = "/services";
/// The directory's open data: what a search finds, as CSV and JSON.
pub const SERVICES_CSV: &str = "/services.csv";
pub const SERVICES_JSON: &str = "/services.json";
/// The compact copy of the directory the browser's search module searches.
pub const SEARCH_DATA: &str = "/services/directory.txt";
/// Every public page, for search engines (sitemaps.org 0.9).
pub const SITEMAP: &str = "/sitemap.xml";
/// What crawlers may read, and where the sitemap is.
pub const ROBOTS: &str = "/robots.txt";
/// The service worker that keeps the directory on a device, when asked.
pub const SERVICE_WORKER: &str = "/sw.js";
/// Where to report a security problem (RFC 9116).
pub const SECURITY_TXT: &str = "/.well-known/security.txt";
/// The staff home page: the services to edit.
pub const STAFF: &str = "/staff";
pub const SIGN_IN: &str = "/staff/sign-in";
/// Where staff sign out (POST).
pub const SIGN_OUT: &str = "/staff/sign-out";
/// Where staff end every session of theirs (POST).
pub const SIGN_OUT_EVERYWHERE: &str = "/staff/sign-out-everywhere";
/// Where editors add a service.
pub const NEW_SERVICE: &str = "/staff/services/new";
/// Where admins manage accounts.
pub const USERS: &str = "/staff/users";
/// Where admins invite a member of staff (POST).
pub const INVITE: &str = "/staff/users/invite";
/// Where staff give a code again before an admin action (POST).
pub const CONFIRM: &str = "/staff/confirm";
/// Signing in with an NHS account (single sign-on): where it starts (POST),
/// and where the provider sends the browser back.
pub const NHS_SIGN_IN: &str = "/staff/sign-in/nhs";
pub const NHS_SIGN_IN_RETURN: &str = "/staff/sign-in/nhs/callback";
/// The second step of signing in: a code from the authenticator app.
pub const SIGN_IN_CODE: &str = "/staff/sign-in/code";
/// Where staff set up their authenticator app.
pub const AUTHENTICATOR: &str = "/staff/authenticator-app";
/// A member of staff's own account: password and sessions.
pub const ACCOUNT: &str = "/staff/account";
/// Where staff change their password (POST).
pub const CHANGE_PASSWORD: &str = "/staff/account/password";
/// The build's WASM, JS and CSS: the folder, and the start of each file's path.
pub const BUNDLE_DIR: &str = "/pkg";
pub const BUNDLE: &str = "/pkg/";
/// Images and other public files, the same for everyone.
pub const ASSETS: &str = "/assets/";
pub const FAVICON: &str = "/favicon.svg";
/// The start of every staff server function's path (`/api/staff-home`...).
pub const STAFF_API: &str = "/api/staff-";
/// The start of every server function's path (`#[server(prefix = "/api")]`).
pub const SERVER_FUNCTIONS: &str = "/api/";
/// The directory search's query parameters, in the order its addresses
/// list them (`SearchRequest::href`).
pub const SEARCH_PARAMETERS: [&str; 5] = ["q", "group", "site", "age", "page"];
/// The partnerships page's filter: one `kind` for each kind of partner shown.
pub const PARTNER_KIND: &str = "kind";

/// The query parameters the public page or export at `path` reads, in a
/// fixed order. The page cache keeps an answer under its path and these
/// alone, and drops any other parameter before the page renders; server
/// functions ([`SERVER_FUNCTIONS`]) keep their query as it was sent.
pub fn query_parameters(path: &str) -> &'static [&'static str] {
    match path {
        SERVICES | SERVICES_CSV | SERVICES_JSON => &SEARCH_PARAMETERS,
        PARTNERSHIPS => &[PARTNER_KIND],
        _ => &[],
    }
}

/// Whether the process is up, and whether it can take visitors.
pub const HEALTH: &str = "/healthz";
pub const READY: &str = "/readyz";

/// Whether `path` is a staff page or staff action: never cached, and every
/// one but [`SIGN_IN`] needs sign-in.
pub fn is_staff(path: &str) -> bool {
    path == STAFF || path.starts_with("/staff/")
}

pub fn centre(slug: &str) -> String {
    format!("{CENTRES}/{slug}")
}

pub fn partner(slug: &str) -> String {
    format!("{PARTNERSHIPS}/{slug}")
}

pub fn hospital(slug: &str) -> String {
    format!("{HOSPITALS}/{slug}")
}

pub fn service(slug: &str) -> String {
    format!("{SERVICES}/{slug}")
}

/// A service's "Report a problem with this entry" form (GET) and where it
/// is sent (POST).
pub fn report_problem(slug: &str) -> String {
    format!("{SERVICES}/{slug}/report")
}

/// The page that thanks a visitor for a report about a service.
pub fn report_sent(slug: &str) -> String {
    format!("{SERVICES}/{slug}/report/sent")
}

/// Where an owner or admin closes a report (POST).
pub fn close_report(id: i64) -> String {
    format!("/staff/reports/{id}/close")
}

/// A service's edit form (GET) and where it is saved (POST).
pub fn edit_service(slug: &str) -> String {
    format!("/staff/services/{slug}/edit")
}

pub fn archive_service(slug: &str) -> String {
    format!("/staff/services/{slug}/archive")
}

pub fn restore_service(slug: &str) -> String {
    format!("/staff/services/{slug}/restore")
}

/// Where an editor sets a service's owners (POST).
pub fn service_owners(slug: &str) -> String {
    format!("/staff/services/{slug}/owners")
}

/// Where an editor or an owner says a service's entry is still correct (POST).
pub fn verify_service(slug: &str) -> String {
    format!("/staff/services/{slug}/verify")
}

pub fn disable_account(id: i64) -> String {
    format!("/staff/users/{id}/disable")
}

pub fn enable_account(id: i64) -> String {
    format!("/staff/users/{id}/enable")
}

pub fn change_role(id: i64) -> String {
    format!("/staff/users/{id}/role")
}

/// Where a member of staff ends one of their sessions (POST).
pub fn end_session(handle: &str) -> String {
    format!("/staff/account/sessions/{handle}/end")
}

/// An invitation's link (its page, and where its form posts), without the
/// site's origin.
pub fn invitation(token: &str) -> String {
    format!("/staff/invitation/{token}")
}

/// Whether `name` (a path after [`BUNDLE`]) can name one of the build's
/// files: one name of letters, digits, `.`, `-` and `_`, at most 255 bytes
/// (the longest file name the file system takes; a longer one is an error
/// from the disk, not a missing file), not starting with a dot.
pub fn is_bundle_file(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `path` as a log may show it: an invitation's token is left out.
pub fn for_logs(path: &str) -> &str {
    if is_invitation(path) {
        "/staff/invitation/…"
    } else {
        path
    }
}

/// Whether `path` is an invitation's link: open to anyone who has it.
pub fn is_invitation(path: &str) -> bool {
    path.strip_prefix("/staff/invitation/")
        .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// The patterns of the addresses above that carry a value, as the server's
/// router (axum) writes them.
pub mod routes {
    pub const CENTRE: &str = "/centres/{slug}";
    pub const PARTNER: &str = "/partnerships/{slug}";
    pub const HOSPITAL: &str = "/hospitals/{slug}";
    pub const SERVICE: &str = "/services/{slug}";
    pub const REPORT_PROBLEM: &str = "/services/{slug}/report";
    pub const REPORT_SENT: &str = "/services/{slug}/report/sent";
    pub const CLOSE_REPORT: &str = "/staff/reports/{id}/close";
    pub const EDIT_SERVICE: &str = "/staff/services/{slug}/edit";
    pub const ARCHIVE_SERVICE: &str = "/staff/services/{slug}/archive";
    pub const RESTORE_SERVICE: &str = "/staff/services/{slug}/restore";
    pub const VERIFY_SERVICE: &str = "/staff/services/{slug}/verify";
    pub const SERVICE_OWNERS: &str = "/staff/services/{slug}/owners";
    pub const DISABLE_ACCOUNT: &str = "/staff/users/{id}/disable";
    pub const ENABLE_ACCOUNT: &str = "/staff/users/{id}/enable";
    pub const CHANGE_ROLE: &str = "/staff/users/{id}/role";
    pub const END_SESSION: &str = "/staff/account/sessions/{slug}/end";
    /// The `slug` is the invitation's token.
    pub const INVITATION: &str = "/staff/invitation/{slug}";

    /// Every page the app renders.
    pub const PAGES: [&str; 24] = [
        super::HOME,
        super::CENTRES,
        CENTRE,
        super::PARTNERSHIPS,
        PARTNER,
        super::HOSPITALS,
        HOSPITAL,
        super::ACCESSIBILITY_STATEMENT,
        super::PRIVACY,
        super::COOKIES,
        super::CONTACT,
        super::SERVICES,
        SERVICE,
        REPORT_PROBLEM,
        REPORT_SENT,
        super::STAFF,
        super::SIGN_IN,
        super::NEW_SERVICE,
        EDIT_SERVICE,
        super::USERS,
        super::SIGN_IN_CODE,
        super::AUTHENTICATOR,
        super::ACCOUNT,
        INVITATION,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_files_are_single_short_names() {
        assert!(is_bundle_file("lth.OE_8aaBIoCEq5l_y-mHW4A.js"));
        assert!(is_bundle_file("lth.T4NQUH7seDukbb13setpgQ.wasm.br"));
        assert!(is_bundle_file(&"a".repeat(255)));
        for name in [
            "",
            ".env",
            "..",
            "a/b",
            "a%2Fb",
            "a b",
            "é.js",
            "a\\b",
            &"a".repeat(256),
        ] {
            assert!(!is_bundle_file(name), "{name}");
        }
    }

    #[test]
    fn each_address_matches_its_route() {
        let slug = |pattern: &str| pattern.replace("{slug}", "a-b");
        let id = |pattern: &str| pattern.replace("{id}", "7");
        assert_eq!(centre("a-b"), slug(routes::CENTRE));
        assert_eq!(partner("a-b"), slug(routes::PARTNER));
        assert_eq!(service("a-b"), slug(routes::SERVICE));
        assert_eq!(hospital("a-b"), slug(routes::HOSPITAL));
        assert_eq!(edit_service("a-b"), slug(routes::EDIT_SERVICE));
        assert_eq!(report_problem("a-b"), slug(routes::REPORT_PROBLEM));
        assert_eq!(report_sent("a-b"), slug(routes::REPORT_SENT));
        assert_eq!(close_report(7), id(routes::CLOSE_REPORT));
        assert_eq!(archive_service("a-b"), slug(routes::ARCHIVE_SERVICE));
        assert_eq!(restore_service("a-b"), slug(routes::RESTORE_SERVICE));
        assert_eq!(change_role(7), id(routes::CHANGE_ROLE));
        assert_eq!(end_session("a-b"), slug(routes::END_SESSION));
        assert_eq!(invitation("a-b"), slug(routes::INVITATION));
        assert!(is_invitation(&invitation("a-b")));
        assert!(!for_logs(&invitation("secret-token")).contains("secret-token"));
        assert_eq!(for_logs("/services"), "/services");
        assert!(!is_invitation("/staff/invitation/") && !is_invitation("/staff/invitation/a/b"));
        assert_eq!(disable_account(7), id(routes::DISABLE_ACCOUNT));
        assert_eq!(enable_account(7), id(routes::ENABLE_ACCOUNT));
    }

    #[test]
    fn staff_addresses_are_recognised() {
        assert!(is_staff(STAFF) && is_staff(SIGN_IN) && is_staff(&edit_service("x")));
        assert!(!is_staff("/staffing") && !is_staff(SERVICES));
    }
}
