//! The server's log as the tests see it: the JSON lines
//! (`LOG_FORMAT=json`, at `info` as the server runs by default) of every
//! test in this binary since the first call, kept in memory.

use server::access_log::{subscriber, LogFormat};
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

#[derive(Clone, Default)]
struct Kept(Arc<Mutex<Vec<u8>>>);

impl Write for Kept {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

static KEPT: LazyLock<Kept> = LazyLock::new(|| {
    let kept = Kept::default();
    let writer = kept.clone();
    tracing::subscriber::set_global_default(subscriber(
        LogFormat::Json,
        move || writer.clone(),
        false,
    ))
    .expect("no other global log in the tests");
    kept
});

/// Starts keeping the log (call before the requests to look at).
pub fn keep() {
    LazyLock::force(&KEPT);
}

/// Everything logged since [`keep`] was first called.
pub fn everything() -> String {
    String::from_utf8_lossy(&KEPT.0.lock().unwrap()).into_owned()
}

/// Every line kept so far that holds `text`, parsed.
pub fn lines_with(text: &str) -> Vec<serde_json::Value> {
    let kept = KEPT.0.lock().unwrap();
    String::from_utf8_lossy(&kept)
        .lines()
        .filter(|line| line.contains(text))
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}
