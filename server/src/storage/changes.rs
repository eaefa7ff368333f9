//! Telling every server of a change to the directory. On PostgreSQL each
//! change sends a notification with its transaction (delivered only if it
//! commits) and every server listens, reloading what it holds in memory. On
//! SQLite one server does all the writing, so there is nothing to tell.

use super::{failed, Dialect, SqlStore};
use app::storage::{ChangeFeed, StoreError};
use async_trait::async_trait;
use sqlx::postgres::PgListener;
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
    let mut listener = PgListener::connect(&store.url).await.map_err(failed)?;
    listener.listen(CHANNEL).await.map_err(failed)?;
    Ok(Some(Box::new(Notifications(listener))))
}

struct Notifications(PgListener);

#[async_trait]
impl ChangeFeed for Notifications {
    async fn next_change(&mut self) -> Result<(), StoreError> {
        // `None` means the connection was lost (the next call reconnects and
        // listens again): changes made meanwhile were missed, so it counts
        // as a change.
        self.0.try_recv().await.map(|_| ()).map_err(failed)
    }
}
