//! What the integration tests share: one runtime, one test at a time
//! (`run`), a database of its own for each test (`database`), and a site
//! with staff accounts and the requests a browser sends to it (`site`), and
//! a real OpenID provider to sign in with (`provider`).

pub mod database;
pub mod lay_queries;
pub mod log;
pub mod provider;
pub mod search_table;
pub mod site;

use std::future::Future;
use std::sync::{LazyLock, Mutex};

/// One runtime for every test: Leptos spawns rendering tasks on a process-wide
/// executor bound to the first runtime it sees, so per-test runtimes (as
/// `#[tokio::test]` makes) would leave later tests waiting on a dead one.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("test runtime")
});

/// Held while a test runs. Renders driven by `block_on` from several test
/// threads at once were seen to deadlock now and then (about 1 run in 2); one
/// at a time they never did, and all of them take under a second.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs one test on the shared runtime, one test at a time.
pub fn run<F: Future>(test: F) -> F::Output {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    RUNTIME.block_on(test)
}
