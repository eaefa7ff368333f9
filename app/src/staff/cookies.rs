//! The site's cookies, for the server that sets them and the cookies page
//! that lists them: both read these names and lifetimes. Each has a
//! `__Host-` name on an https site (kept only if `Secure`, for this host
//! and every path, so no other site or subdomain can set it) and a plain
//! one on http (development and tests), where a `__Host-` cookie would not
//! be kept. There are no others.

/// The longest a staff session (and its cookie) lasts, in hours.
pub const SESSION_HOURS: u64 = 12;
/// How long a sign-in with an NHS account may take (and its cookie lasts),
/// in minutes.
pub const SIGN_IN_BROWSER_MINUTES: i64 = 10;

/// The cookie that keeps a member of staff signed in (`secure`: the name
/// on an https site).
pub fn session(secure: bool) -> &'static str {
    if secure {
        "__Host-lth_staff_session"
    } else {
        "lth_staff_session"
    }
}

/// The cookie naming the browser that started a sign-in with an NHS account.
pub fn sign_in_browser(secure: bool) -> &'static str {
    if secure {
        "__Host-lth_sso"
    } else {
        "lth_sso"
    }
}
