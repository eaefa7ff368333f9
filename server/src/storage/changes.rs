//! Telling every server of a change to the directory. On PostgreSQL each
//! change sends a notification with its transaction (delivered only if it
//! commits) and every server listens, reloading what it holds in memory. On
//! SQLite one server does all the writing, so there is nothing to tell.

use super::{failed, Dialect, SqlStore, ACQUIRE_TIMEOUT};
use app::storage::{ChangeFeed, StoreError};
use async_trait::async_trait;
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::AnyConnection;

/// The channel directory changes are announced on.
const CHANNEL: &str = "lth_directory_changed";

/// The advisory lock seeding holds, so servers starting together seed one
/// at a time (any number, the same on every server).
const SEEDING_LOCK: i64 = 0x4c54_485f_5345_4544;

/// Announces a change, as part of the transaction making it.
pub(super) async fn announce(
    connection: &mut AnyConnection,
    dialect: Dialect,
) -> Result<(), sqlx::Error> {
    if dialect == Dialect::Postgres {
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(CHANNEL)
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// Waits for other servers' seeding to finish; held until the transaction
/// ends. (SQLite's write transaction already holds the only write lock.)
pub(super) async fn hold_seeding_lock(
    connection: &mut AnyConnection,
    dialect: Dialect,
) -> Result<(), sqlx::Error> {
    if dialect == Dialect::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(SEEDING_LOCK)
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// A listener for changes, on a connection of its own; `None` on SQLite.
pub(super) async fn watch(store: &SqlStore) -> Result<Option<Box<dyn ChangeFeed>>, StoreError> {
    if store.dialect != Dialect::Postgres {
        return Ok(None);
    }
    Ok(Some(Box::new(Notifications {
        listener: Some(listen(&store.url).await?),
        url: store.url.clone(),
    })))
}

/// A connection listening on [`CHANNEL`]. While the database is down it
/// fails within [`ACQUIRE_TIMEOUT`] (sqlx's own listener would keep trying
/// for 30 s), so the server knows at once that it is not hearing changes.
async fn listen(url: &str) -> Result<PgListener, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_lazy(url)
        .map_err(failed)?;
    let mut listener = PgListener::connect_with(&pool).await.map_err(failed)?;
    listener.listen(CHANNEL).await.map_err(failed)?;
    Ok(listener)
}

/// Notifications of changes, on a connection opened again when it is lost.
struct Notifications {
    url: String,
    /// `None` once the connection is lost, until it is open again.
    listener: Option<PgListener>,
}

#[async_trait]
impl ChangeFeed for Notifications {
    /// A lost connection counts as a change, since changes made meanwhile
    /// were missed; it is reported only once the connection listens again,
    /// so that no change made after the reload it leads to is missed.
    async fn next_change(&mut self) -> Result<(), StoreError> {
        if let Some(listener) = &mut self.listener {
            match listener.try_recv().await {
                Ok(Some(_)) => return Ok(()),
                Ok(None) => self.listener = None,
                Err(error) => {
                    self.listener = None;
                    return Err(failed(error));
                }
            }
        }
        self.listener = Some(listen(&self.url).await?);
        Ok(())
    }
}
