//! Second factors (the `totp_*` columns of `staff_users`, and
//! `staff_recovery_codes`) and invitations (`staff_invitations`).

use super::accounts::role;
use super::{failed, SqlStore};
use app::staff::accounts::CLI_INVITER;
use app::storage::{
    InvitationStore, SecondFactorStore, StoreError, StoredInvitation, StoredSecondFactor,
};
use async_trait::async_trait;

#[async_trait]
impl SecondFactorStore for SqlStore {
    async fn second_factor(&self, user_id: i64) -> Result<StoredSecondFactor, StoreError> {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT totp_secret, totp_last_step FROM staff_users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(failed)?;
        Ok(row
            .map(|(secret, last_step)| StoredSecondFactor { secret, last_step })
            .unwrap_or_default())
    }

    async fn offered_secret(&self, handle: &str) -> Result<Option<String>, StoreError> {
        let offered: Option<Option<String>> = sqlx::query_scalar(
            "SELECT offered_secret FROM staff_sessions WHERE handle = $1 AND stage = 'enrol'",
        )
        .bind(handle)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        Ok(offered.flatten())
    }

    async fn offer_secret(&self, handle: &str, secret: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE staff_sessions SET offered_secret = $1 WHERE handle = $2 AND stage = 'enrol'",
        )
        .bind(secret)
        .bind(handle)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn enrol(
        &self,
        user_id: i64,
        (handle, secret): (&str, &str),
        step: i64,
        recovery_code_hashes: &[String],
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        // Only an account with no app yet, and only with the secret this
        // session was offered: no session can replace an app set up already.
        let enrolled = sqlx::query(
            "UPDATE staff_users SET totp_secret = $1, totp_last_step = $2 \
             WHERE id = $3 AND totp_secret IS NULL AND EXISTS (SELECT 1 FROM staff_sessions \
             WHERE handle = $4 AND user_id = $3 AND offered_secret = $1)",
        )
        .bind(secret)
        .bind(step)
        .bind(user_id)
        .bind(handle)
        .execute(&mut *tx)
        .await
        .map_err(failed)?
        .rows_affected();
        if enrolled == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM staff_recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        for hash in recovery_code_hashes {
            sqlx::query("INSERT INTO staff_recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)?;
        Ok(true)
    }

    async fn use_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        // One statement: two sign-ins with the same code at once cannot
        // both use it.
        let used = sqlx::query(
            "UPDATE staff_users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await
        .map_err(failed)?
        .rows_affected();
        Ok(used > 0)
    }

    async fn use_recovery_code(&self, user_id: i64, code_hash: &str) -> Result<bool, StoreError> {
        let used =
            sqlx::query("DELETE FROM staff_recovery_codes WHERE user_id = $1 AND code_hash = $2")
                .bind(user_id)
                .bind(code_hash)
                .execute(&self.pool)
                .await
                .map_err(failed)?
                .rows_affected();
        Ok(used > 0)
    }

    async fn recovery_codes_left(&self, user_id: i64) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM staff_recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await
            .map_err(failed)
    }
}

#[async_trait]
impl InvitationStore for SqlStore {
    async fn add_invitation(
        &self,
        token_hash: &str,
        invitation: &StoredInvitation,
        invited_by: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        // A new invitation for an email replaces any unused one before it.
        sqlx::query("DELETE FROM staff_invitations WHERE email = $1 AND used_at IS NULL")
            .bind(&invitation.email)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        let added = sqlx::query(
            "INSERT INTO staff_invitations (token_hash, email, role, invited_by, expires_at) \
             SELECT $1, $2, $3, $4, $5 \
             WHERE NOT EXISTS (SELECT 1 FROM staff_users WHERE email = $2)",
        )
        .bind(token_hash)
        .bind(&invitation.email)
        .bind(invitation.role.slug())
        .bind(invited_by)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(failed)?
        .rows_affected();
        tx.commit().await.map_err(failed)?;
        Ok(added > 0)
    }

    async fn invitation(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<StoredInvitation>, StoreError> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT email, role FROM staff_invitations \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             AND (invited_by = $3 OR EXISTS (SELECT 1 FROM staff_users \
                  WHERE email = invited_by AND role = 'admin' AND NOT disabled))",
        )
        .bind(token_hash)
        .bind(now)
        .bind(CLI_INVITER)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        row.map(|(email, stored_role)| {
            Ok(StoredInvitation {
                email,
                role: role(&stored_role)?,
            })
        })
        .transpose()
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> Result<Option<(i64, StoredInvitation)>, StoreError> {
        let mut tx = self.begin_write().await?;
        let used: Option<(String, String)> = sqlx::query_as(
            "UPDATE staff_invitations SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             AND (invited_by = $3 OR EXISTS (SELECT 1 FROM staff_users \
                  WHERE email = invited_by AND role = 'admin' AND NOT disabled)) \
             RETURNING email, role",
        )
        .bind(now)
        .bind(token_hash)
        .bind(CLI_INVITER)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        let Some((email, stored_role)) = used else {
            return Ok(None);
        };
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO staff_users (email, password_hash, role) VALUES ($1, $2, $3) \
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(&email)
        .bind(password_hash)
        .bind(&stored_role)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        let Some(id) = id else {
            // Someone made the account another way meanwhile: the invitation
            // stays unused.
            return Ok(None);
        };
        tx.commit().await.map_err(failed)?;
        Ok(Some((
            id,
            StoredInvitation {
                email,
                role: role(&stored_role)?,
            },
        )))
    }
}
