//! Sign-ins with an NHS account under way (`staff_sso_starts`).

use super::{failed, SqlStore};
use app::storage::{SsoStart, SsoStore, StoreError};
use async_trait::async_trait;

#[async_trait]
impl SsoStore for SqlStore {
    async fn save_sso_start(
        &self,
        start: &SsoStart,
        stale_before: i64,
        most: i64,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM staff_sso_starts WHERE started_at < $1")
            .bind(stale_before)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        let under_way: i64 = sqlx::query_scalar("SELECT count(*) FROM staff_sso_starts")
            .fetch_one(&self.pool)
            .await
            .map_err(failed)?;
        if under_way >= most {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO staff_sso_starts (state_hash, browser_hash, pkce_verifier, nonce, \
             started_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&start.state_hash)
        .bind(&start.browser_hash)
        .bind(&start.pkce_verifier)
        .bind(&start.nonce)
        .bind(start.started_at)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(true)
    }

    async fn take_sso_start(&self, state_hash: &str) -> Result<Option<SsoStart>, StoreError> {
        // One statement: of two requests with the same state, one gets it.
        let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "DELETE FROM staff_sso_starts WHERE state_hash = $1 \
             RETURNING state_hash, browser_hash, pkce_verifier, nonce, started_at",
        )
        .bind(state_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        Ok(row.map(
            |(state_hash, browser_hash, pkce_verifier, nonce, started_at)| SsoStart {
                state_hash,
                browser_hash,
                pkce_verifier,
                nonce,
                started_at,
            },
        ))
    }
}
