//! The site's storage: every SQL statement the site runs, behind the traits
//! `app::storage` declares, on SQLite (one server, the default) or
//! PostgreSQL (any number of servers). One set of statements serves both,
//! through sqlx's `Any` driver; what differs is in [`Dialect`]. One module
//! per group of tables: `services` (services and their sites), `editing`
//! (the versioned writes and the audit log), `accounts` (staff accounts and
//! sign-in attempts), `sessions`, `second_factor` (authenticator apps,
//! recovery codes, invitations), `account_events` (the accounts' audit)
//! and `changes` (telling other servers).
//! Migrations are in `server/migrations/<dialect>`.

mod account_events;
mod accounts;
mod changes;
mod editing;
mod reports;
mod second_factor;
mod services;
mod sessions;
mod sso;

use app::directory::live::Directory;
use app::directory::search::Synonyms;
use app::directory::ServiceRecord;
use app::storage::StoreError;
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Connection, Executor, Transaction};
use std::str::FromStr;
use std::sync::Arc;

/// The database used when `DATABASE_URL` is not set: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://lth-directory.sqlite3";

/// Which database a URL names, and what its SQL does differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect of `sqlite:` and `postgres:` (or `postgresql:`) URLs.
    pub fn of(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Dialect::Postgres)
        } else {
            Err(StoreError::Database(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ))
        }
    }

    /// How a write transaction starts. SQLite's takes the write lock at
    /// once, waiting for another writer to finish, so a concurrent save is
    /// never refused as "busy" but runs after the first and sees its new
    /// version. PostgreSQL locks the rows a statement changes.
    fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }
}

/// How long a query waits for a connection before it fails: while the
/// database is down, a staff request is refused in seconds, not left to the
/// request timeout (public pages do not wait: they read memory).
pub(super) const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The site's storage in one SQLite or PostgreSQL database.
pub struct SqlStore {
    pool: AnyPool,
    dialect: Dialect,
    /// Where the database is: change listeners open their own connection.
    url: String,
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

/// A flag column read back: both databases give `CASE WHEN flag THEN 1
/// ELSE 0 END` as an integer (SQLite keeps flags as 0 and 1).
fn flag(column: &str) -> String {
    format!("(CASE WHEN {column} THEN 1 ELSE 0 END)")
}

impl SqlStore {
    /// Opens (creating an SQLite file if needed) the database at `url` and
    /// brings its schema up to date. On PostgreSQL the migrations run under
    /// an advisory lock, so servers starting together migrate once.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let storage = SqlStore::connect(url).await?;
        let migrated = match storage.dialect {
            Dialect::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&storage.pool)
                    .await
            }
            Dialect::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&storage.pool)
                    .await
            }
        };
        migrated.map_err(|error| StoreError::Database(format!("migration: {error}")))?;
        Ok(storage)
    }

    /// Opens the database at `url` as it is (an SQLite file is created if
    /// missing): for maintenance, with no migration.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of(url)?;
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = match dialect {
            Dialect::Sqlite => {
                if !in_memory {
                    create_sqlite_file(url).await?;
                }
                AnyPoolOptions::new()
                    // Each connection to an in-memory database is a database of its own.
                    .max_connections(if in_memory { 1 } else { 8 })
                    // A local file needs no round trip to check a connection is alive.
                    .test_before_acquire(false)
                    .after_connect(|connection, _| Box::pin(sqlite_settings(connection)))
            }
            Dialect::Postgres => AnyPoolOptions::new().max_connections(16),
        };
        let pool = options
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect(url)
            .await
            .map_err(failed)?;
        Ok(SqlStore {
            pool,
            dialect,
            url: url.to_string(),
        })
    }

    /// Which database this is.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        self.pool
            .begin_with(self.dialect.begin_write())
            .await
            .map_err(failed)
    }

    /// The database's own tools copy and check PostgreSQL (`pg_dump`,
    /// `amcheck`); these two are SQLite's.
    fn sqlite_only(&self, what: &str) -> Result<(), StoreError> {
        match self.dialect {
            Dialect::Sqlite => Ok(()),
            Dialect::Postgres => Err(StoreError::Database(format!(
                "{what} is for SQLite: on PostgreSQL use pg_dump and pg_restore (README, Backups)"
            ))),
        }
    }

    /// Writes a consistent copy of the whole SQLite database to a new file
    /// at `target` (`VACUUM INTO` reads it in one transaction, while the
    /// site goes on reading and writing).
    pub async fn backup_to(&self, target: &std::path::Path) -> Result<(), StoreError> {
        self.sqlite_only("backup")?;
        sqlx::query("VACUUM INTO $1")
            .bind(target.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }

    /// SQLite's own check of the whole file: `ok` when nothing is damaged.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        self.sqlite_only("integrity check")?;
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .map_err(failed)
    }
}

/// Creates the SQLite file if missing and switches it to WAL, on one
/// connection before the pool opens more: a second connection opening while
/// the first held a write lock could not switch it ("database is locked",
/// seen once in CI). WAL is kept in the file, so later switches do nothing.
async fn create_sqlite_file(url: &str) -> Result<(), StoreError> {
    SqliteConnectOptions::from_str(url)
        .map_err(failed)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .connect()
        .await
        .map_err(failed)?
        .close()
        .await
        .map_err(failed)
}

/// Each SQLite connection's settings: foreign keys checked, a wait for the
/// write lock, and the whole directory kept in memory (16 MB of page cache,
/// reads through a memory map).
async fn sqlite_settings(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    connection
        .execute(
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
             PRAGMA cache_size = -16000; PRAGMA mmap_size = 268435456;",
        )
        .await?;
    Ok(())
}

/// The directory on the database at `url`: opened, migrated, given the seed
/// services it does not have yet, and kept in step with changes other
/// servers make.
pub async fn directory_at(
    url: &str,
    seed: &[ServiceRecord],
    synonyms: Synonyms,
) -> Result<Directory, StoreError> {
    let storage = SqlStore::open(url).await?;
    Directory::open(Arc::new(storage), seed, synonyms).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_database() {
        assert_eq!(Dialect::of("sqlite::memory:").unwrap(), Dialect::Sqlite);
        assert_eq!(
            Dialect::of("postgresql://db/lth").unwrap(),
            Dialect::Postgres
        );
        assert!(Dialect::of("mysql://db/lth").is_err());
    }
}
