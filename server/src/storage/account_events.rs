//! The audit of staff accounts (`staff_events`).

use super::{corrupt, failed, SqlStore};
use app::staff::{AccountEvent, EventFilter, EventKind};
use app::storage::{AccountEventStore, StoreError};
use async_trait::async_trait;

/// An event's columns as they are read.
type EventRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// `LIKE`'s wildcards in `text`, escaped with `\`.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[async_trait]
impl AccountEventStore for SqlStore {
    /// Every event is counted for the metrics as it is recorded.
    async fn record_event(&self, event: &AccountEvent) -> Result<(), StoreError> {
        metrics::counter!(crate::metrics::ACCOUNT_EVENTS, "event" => event.kind.slug())
            .increment(1);
        sqlx::query(
            "INSERT INTO staff_events (at, event, account, actor, address, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event.at)
        .bind(event.kind.slug())
        .bind(event.account.as_deref())
        .bind(event.actor.as_deref())
        .bind(event.address.as_deref())
        .bind(&event.detail)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn events(
        &self,
        filter: &EventFilter,
        limit: i64,
    ) -> Result<Vec<AccountEvent>, StoreError> {
        let email = format!("%{}%", like_escaped(&filter.email.to_lowercase()));
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT at, event, account, actor, address, detail FROM staff_events \
             WHERE ($1 = '' OR event = $1) \
             AND (account LIKE $2 ESCAPE '\\' OR actor LIKE $2 ESCAPE '\\' \
                  OR ($2 = '%%' AND account IS NULL)) \
             ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(filter.kind.map_or("", |kind| kind.slug()))
        .bind(&email)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        rows.into_iter()
            .map(|(at, kind, account, actor, address, detail)| {
                Ok(AccountEvent {
                    at,
                    kind: EventKind::from_slug(&kind).ok_or_else(|| {
                        corrupt("account event", format!("unknown event '{kind}'"))
                    })?,
                    account,
                    actor,
                    address,
                    detail,
                })
            })
            .collect()
    }
}
