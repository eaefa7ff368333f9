//! Staff sessions (`staff_sessions`), shared by every server.

use super::accounts::role;
use super::{corrupt, failed, SqlStore};
use app::staff::{SessionListing, StaffMember};
use app::storage::{LiveSession, NewSession, Proof, SessionStage, SessionStore, StoreError};
use async_trait::async_trait;

fn stage(stored: &str) -> Result<SessionStage, StoreError> {
    SessionStage::from_slug(stored)
        .ok_or_else(|| corrupt("staff session", format!("unknown stage '{stored}'")))
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn start_session(&self, session: NewSession<'_>) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1")
            .bind(session.now)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, handle, user_id, stage, device, \
             expires_at, last_seen, started_at, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
        )
        .bind(session.token_hash)
        .bind(session.handle)
        .bind(session.user_id)
        .bind(session.stage.slug())
        .bind(session.device)
        .bind(session.now.saturating_add(session.lasts))
        .bind(session.now)
        .bind(match session.proof {
            Proof::Ours => session.now,
            Proof::Provider => 0,
        })
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn live_session(
        &self,
        token_hash: &str,
        now: i64,
        idle: i64,
    ) -> Result<Option<LiveSession>, StoreError> {
        type Row = (i64, String, String, String, String, i64, i64);
        let row: Option<Row> = sqlx::query_as(
            "SELECT u.id, u.email, u.role, s.stage, s.handle, s.confirmed_at, s.last_seen \
             FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen > $3 \
             AND NOT u.disabled",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now.saturating_sub(idle))
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        let Some((id, email, stored_role, stored_stage, handle, confirmed_at, last_seen)) = row
        else {
            return Ok(None);
        };
        // A write per request would queue every page behind SQLite's one
        // writer: once a minute is close enough for a 30-minute limit.
        if now.saturating_sub(last_seen) >= 60 {
            sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await
                .map_err(failed)?;
        }
        Ok(Some(LiveSession {
            member: StaffMember {
                id,
                email,
                role: role(&stored_role)?,
            },
            stage: stage(&stored_stage)?,
            handle,
            confirmed_at,
        }))
    }

    async fn confirm_session(
        &self,
        token_hash: &str,
        stage: SessionStage,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE staff_sessions SET stage = $1, confirmed_at = $2, last_seen = $2 \
             WHERE token_hash = $3",
        )
        .bind(stage.slug())
        .bind(now)
        .bind(token_hash)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn sessions_of(
        &self,
        user_id: i64,
        now: i64,
        idle: i64,
    ) -> Result<Vec<SessionListing>, StoreError> {
        let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT handle, device, stage, started_at, last_seen FROM staff_sessions \
             WHERE user_id = $1 AND expires_at > $2 AND last_seen > $3 \
             ORDER BY started_at DESC, handle",
        )
        .bind(user_id)
        .bind(now)
        .bind(now.saturating_sub(idle))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows
            .into_iter()
            .map(
                |(handle, device, stage, started_at, last_seen)| SessionListing {
                    handle,
                    device,
                    signed_in: stage == SessionStage::Full.slug(),
                    started_at,
                    last_seen,
                },
            )
            .collect())
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn end_session_by_handle(&self, user_id: i64, handle: &str) -> Result<bool, StoreError> {
        let ended = sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND handle = $2")
            .bind(user_id)
            .bind(handle)
            .execute(&self.pool)
            .await
            .map_err(failed)?
            .rows_affected();
        Ok(ended > 0)
    }

    async fn end_sessions_of(&self, user_id: i64, keep: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }
}
