//! Search latency of the services directory: p50 and p99 over a mix of
//! searches (prefixes, whole words, lay words, typing mistakes, filters), on
//! a database of 100 services and one of 10,000; with them, what storage
//! costs: reading one service (an uncached service page) and reloading the
//! whole directory into memory (what every server does after a change).
//!
//! Run with `make bench`: on an SQLite file, then on PostgreSQL when
//! `TEST_POSTGRES_URL` is set (`make bench` starts a throwaway one). Each
//! search sample is one search as the search page makes it: checking the
//! request, then counting and fetching the first page of results. The 10,000
//! services are the seed's 130 repeated with numbered names. Last, the share
//! of the lay searches (`server/tests/lay-queries.txt`) with a right service
//! in their first five results.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure, like a test"
)]

#[expect(dead_code, reason = "shared with the tests, which use all of it")]
#[path = "../tests/integration/support/database.rs"]
mod database;
use database::TestDatabase;
#[path = "../tests/integration/support/lay_queries.rs"]
mod lay_queries;

use app::directory::search::validate;
use app::directory::{SearchRequest, ServiceRecord};
use server::{content, seed};
use std::time::{Duration, Instant};

const SEARCHES: [(&str, Option<&str>, Option<&str>); 16] = [
    ("c", None, None),
    ("ca", None, None),
    ("card", None, None),
    ("cardiology", None, None),
    ("heart", None, None),
    ("kidney", None, None),
    ("skin", Some("children"), None),
    ("cardiolgy", None, None),
    ("opthalmology", None, None),
    ("children heart", None, None),
    ("bones", None, Some("chapel-allerton")),
    ("blood tests", None, None),
    ("pain", Some("adults"), Some("st-jamess")),
    ("x", None, None),
    ("dermmatollogyy", None, None),
    ("", Some("children"), Some("leeds-general-infirmary")),
];
const ROUNDS: usize = 100;

fn services(count: usize, seed: &[ServiceRecord]) -> Vec<ServiceRecord> {
    (0..count)
        .map(|i| {
            let mut record = seed[i % seed.len()].clone();
            let copy = i / seed.len();
            if copy > 0 {
                record.slug = format!("{}-{copy}", record.slug);
                record.name = format!("{} {copy}", record.name);
            }
            record
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    // The nearest rank: p of the way from the first sample to the last.
    let last = sorted.len().saturating_sub(1);
    let index = (1..=last)
        .find(|&i| app::convert::count_f64(i) >= app::convert::count_f64(last) * p - 0.5)
        .unwrap_or(0);
    sorted[index]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

async fn measure(count: usize) {
    let content = content::load_embedded().expect("content");
    let seed = seed::load_embedded(&content).expect("seed");
    // A database of its own, as each test has: an SQLite file, or a new
    // database on the PostgreSQL at `TEST_POSTGRES_URL`.
    let database = TestDatabase::new(&format!("bench_{count}")).await;
    let url = database.url().to_string();
    let started = Instant::now();
    let directory =
        server::storage::directory_at(&url, &services(count, &seed.services), seed.synonyms)
            .await
            .expect("open");
    let seeded = started.elapsed();
    let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
    let requests: Vec<SearchRequest> = SEARCHES
        .iter()
        .map(|(q, age, site)| SearchRequest {
            q: Some(q.to_string()),
            age: age.map(str::to_string),
            site: site.map(str::to_string),
            ..Default::default()
        })
        .collect();
    let mut samples = Vec::with_capacity(ROUNDS * requests.len());
    let mut by_search = vec![Vec::with_capacity(ROUNDS); requests.len()];
    let mut found = 0;
    let mut first_times = Vec::new();
    for round in 0..=ROUNDS {
        for (i, request) in requests.iter().enumerate() {
            let start = Instant::now();
            let search = validate(request, &sites).expect("valid");
            let results = directory.search(&search);
            let elapsed = start.elapsed();
            // Round 0 is each search's first time: counted apart, as it fills
            // the short-search memory.
            if round == 0 {
                first_times.push(elapsed);
            } else {
                samples.push(elapsed);
                by_search[i].push(elapsed);
                found += results.total;
            }
        }
    }
    samples.sort();
    first_times.sort();
    println!(
        "{count:>6} services: p50 {}  p99 {}  max {}  ({} searches, {:.0} results each on average)\n        first time each: p50 {}  max {}; database created and seeded in {:.1} s",
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap()),
        samples.len(),
        app::convert::count_f64(found) / app::convert::count_f64(samples.len()),
        ms(percentile(&first_times, 0.50)),
        ms(*first_times.last().unwrap()),
        seeded.as_secs_f64(),
    );
    if std::env::var_os("BENCH_DETAIL").is_some() {
        for ((q, age, site), mut times) in SEARCHES.iter().zip(by_search) {
            times.sort();
            println!(
                "    {:<40} p50 {}",
                format!("{q:?} {age:?} {site:?}"),
                ms(percentile(&times, 0.5))
            );
        }
    }
    copy_size(&directory, &content);
    storage_costs(&directory).await;
    drop(directory);
    drop(database);
}

/// The size of the directory's copy for the browser's search module, raw
/// and brotli-compressed at quality 11 (as `make build` compresses files).
fn copy_size(directory: &app::directory::live::Directory, content: &app::model::SiteContent) {
    let sites: Vec<app::model::Choice> = content
        .sites
        .iter()
        .map(|site| app::model::Choice {
            value: site.slug.clone(),
            label: site.name.clone(),
        })
        .collect();
    let copy = directory.search_data(&sites);
    let mut compressed = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
    std::io::Write::write_all(&mut writer, copy.as_bytes()).expect("compress");
    drop(writer);
    println!(
        "        the directory's copy for the browser: {:.1} KB raw, {:.1} KB brotli",
        app::convert::count_f64(copy.len()) / 1024.0,
        app::convert::count_f64(compressed.len()) / 1024.0,
    );
}

/// p50 and p99 of reading one service from storage, and the median time to
/// reload the whole directory into memory.
async fn storage_costs(directory: &app::directory::live::Directory) {
    let slugs: Vec<String> = directory
        .storage()
        .staff_list()
        .await
        .expect("list")
        .into_iter()
        .map(|row| row.slug)
        .collect();
    let mut reads = Vec::new();
    for slug in slugs.iter().cycle().take(1_000) {
        let start = Instant::now();
        directory
            .storage()
            .stored_service(slug)
            .await
            .expect("read");
        reads.push(start.elapsed());
    }
    reads.sort();
    let mut reloads = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        directory.add_missing(&[]).await.expect("reload");
        reloads.push(start.elapsed());
    }
    reloads.sort();
    println!(
        "        one service read from storage (as a staff edit page does): p50 {}  p99 {}; whole directory reloaded: {} (median of 5)",
        ms(percentile(&reads, 0.50)),
        ms(percentile(&reads, 0.99)),
        ms(reloads[2]),
    );
}

/// The share of the lay searches (`server/tests/lay-queries.txt`) that find a
/// right service in their first five results, on the seeded directory.
async fn lay_query_report() {
    let content = content::load_embedded().expect("content");
    let seed = seed::load_embedded(&content).expect("seed");
    let database = TestDatabase::new("bench_lay").await;
    let directory = server::storage::directory_at(database.url(), &seed.services, seed.synonyms)
        .await
        .expect("open");
    let sites: Vec<&str> = content.sites.iter().map(|s| s.slug.as_str()).collect();
    let queries = lay_queries::lay_queries();
    let mut missed = Vec::new();
    for lay in &queries {
        let request = SearchRequest {
            q: Some(lay.query.to_string()),
            ..Default::default()
        };
        let results = directory.search(&validate(&request, &sites).expect("valid"));
        if !lay.found_in(&results) {
            missed.push(lay.query);
        }
    }
    let found = queries.len() - missed.len();
    println!(
        "Lay searches with a right service in the first {}: {found} of {} ({:.0}%){}",
        lay_queries::TOP,
        queries.len(),
        100.0 * app::convert::count_f64(found) / app::convert::count_f64(queries.len()),
        if missed.is_empty() {
            String::new()
        } else {
            format!("; missed: {}", missed.join(", "))
        }
    );
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let database = if database::postgres_server().is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("Services directory search latency on {database} (one search page listing each):");
    runtime.block_on(async {
        measure(100).await;
        measure(10_000).await;
        lay_query_report().await;
    });
}
