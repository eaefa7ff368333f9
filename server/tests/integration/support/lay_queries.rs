//! The table of lay searches (`server/tests/lay-queries.txt`): what a
//! patient or visitor might type, each with the services any one of which
//! must come in the first five results. The directory tests check every
//! one; `make bench` reports the share found.

use app::directory::SearchResults;

/// How many results a lay search's right service must be among.
pub const TOP: usize = 5;

/// One search of the table.
pub struct LayQuery {
    pub query: &'static str,
    /// Slugs of the services, any of which is a right answer.
    pub wanted: Vec<&'static str>,
}

/// Every search of the table, in its order.
pub fn lay_queries() -> Vec<LayQuery> {
    include_str!("../../lay-queries.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (query, wanted) = line.split_once('|')?;
            Some(LayQuery {
                query: query.trim(),
                wanted: wanted.split(',').map(str::trim).collect(),
            })
        })
        .collect()
}

/// The slugs of the first [`TOP`] results: those that match every word,
/// then those that match some.
pub fn top_slugs(results: &SearchResults) -> Vec<&str> {
    results
        .services
        .iter()
        .chain(&results.partial)
        .take(TOP)
        .map(|service| service.slug.as_str())
        .collect()
}

impl LayQuery {
    /// Whether `results` has a right service among the first [`TOP`].
    pub fn found_in(&self, results: &SearchResults) -> bool {
        let top = top_slugs(results);
        self.wanted.iter().any(|wanted| top.contains(wanted))
    }
}
