//! The site's storage on SQLite: every SQL statement the site runs, behind
//! the traits `app::storage` declares. One module per group of tables:
//! `services` (services, their sites and the search index), `editing` (the
//! versioned writes and the audit log) and `accounts` (staff accounts and
//! sessions). Migrations are in `server/migrations`.

mod accounts;
mod editing;
mod services;

use app::directory::live::Directory;
use app::directory::search::Synonyms;
use app::directory::ServiceRecord;
use app::storage::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The database used when `DATABASE_URL` is not set: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://lth-directory.sqlite3";

/// The site's storage in one SQLite database.
pub struct Sqlite {
    pool: SqlitePool,
}

/// A database failure, in the words storage reports it with.
fn failed(error: sqlx::Error) -> StoreError {
    StoreError::Database(error.to_string())
}

/// Something stored that the site's types cannot hold.
fn corrupt(what: &str, message: String) -> StoreError {
    StoreError::Corrupt {
        what: what.to_string(),
        message,
    }
}

impl Sqlite {
    /// Opens (creating if needed) the database at `url` and brings its
    /// schema up to date.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let storage = Sqlite::connect(url).await?;
        sqlx::migrate!("./migrations")
            .run(&storage.pool)
            .await
            .map_err(|error| StoreError::Database(format!("migration: {error}")))?;
        Ok(storage)
    }

    /// Opens the database at `url` as it is (created if missing): for
    /// maintenance, with no migration.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(failed)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5))
            // Keep the whole directory in memory: 16 MB of page cache, and
            // reads through a memory map.
            .pragma("cache_size", "-16000")
            .pragma("mmap_size", "268435456");
        // Each connection to an in-memory database is a database of its own.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory {
            // A new file is created and switched to WAL on one connection
            // before the pool opens more: a second connection opening while
            // the first held a write lock could not switch it ("database is
            // locked", seen once in CI). WAL is kept in the file, so later
            // switches do nothing.
            options
                .connect()
                .await
                .map_err(failed)?
                .close()
                .await
                .map_err(failed)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(1)
            // A local file needs no round trip to check a connection is alive.
            .test_before_acquire(false)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(failed)?;
        Ok(Sqlite { pool })
    }

    /// Writes a consistent copy of the whole database to a new file at
    /// `target` (`VACUUM INTO` reads it in one transaction, while the site
    /// goes on reading and writing).
    pub async fn backup_to(&self, target: &std::path::Path) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO ?")
            .bind(target.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }

    /// SQLite's own check of the whole file: `ok` when nothing is damaged.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .map_err(failed)
    }
}

/// The directory on the SQLite database at `url`: opened, migrated and
/// given the seed services it does not have yet.
pub async fn directory_at(
    url: &str,
    seed: &[ServiceRecord],
    synonyms: Synonyms,
) -> Result<Directory, StoreError> {
    let storage = Sqlite::open(url).await?;
    Directory::open(Arc::new(storage), seed, synonyms).await
}
