//! The shared search table (`server/tests/search-table.txt`, then the lay
//! searches): what the server and the browser's search module must answer
//! alike.

use super::lay_queries::lay_queries;

/// The shared search table: every search the server and the browser's
/// search module must answer alike, as query strings (`server/tests/
/// search-table.txt`, then each lay search as `q=`). The browser tests read
/// the same files.
pub fn search_table() -> Vec<String> {
    let listed = include_str!("../../search-table.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| if line == "-" { "" } else { line }.to_string());
    let lay = lay_queries().into_iter().map(|lay| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("q", lay.query)
            .finish()
    });
    listed.chain(lay).collect()
}
