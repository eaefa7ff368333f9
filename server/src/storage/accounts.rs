//! Staff accounts (`staff_users`) and their sessions (`staff_sessions`).

use super::{corrupt, failed, Sqlite};
use app::staff::{AccountRow, Role, StaffMember};
use app::storage::{AccountStore, Credentials, StoreError};
use async_trait::async_trait;

/// A stored role read back.
fn role(stored: &str) -> Result<Role, StoreError> {
    Role::from_slug(stored)
        .ok_or_else(|| corrupt("staff account", format!("unknown role '{stored}'")))
}

/// An account's columns as `account` and `accounts` read them.
type AccountFields = (i64, String, String, bool, String);

fn account_row(
    (id, email, stored_role, disabled, created_at): AccountFields,
) -> Result<AccountRow, StoreError> {
    Ok(AccountRow {
        id,
        email,
        role: role(&stored_role)?,
        disabled,
        created_at,
    })
}

#[async_trait]
impl AccountStore for Sqlite {
    async fn add_account(
        &self,
        email: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO staff_users (email, password_hash, role) VALUES (?, ?, ?) \
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(email)
        .bind(password_hash)
        .bind(role.slug())
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)
    }

    async fn set_disabled(&self, id: i64, disabled: bool) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(failed)?;
        let changed = sqlx::query("UPDATE staff_users SET disabled = ? WHERE id = ?")
            .bind(disabled)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(failed)?
            .rows_affected();
        if disabled {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)?;
        Ok(changed > 0)
    }

    async fn account(&self, email: &str) -> Result<Option<AccountRow>, StoreError> {
        let row: Option<AccountFields> = sqlx::query_as(
            "SELECT id, email, role, disabled, created_at FROM staff_users WHERE email = ?",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        row.map(account_row).transpose()
    }

    async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let rows: Vec<AccountFields> = sqlx::query_as(
            "SELECT id, email, role, disabled, created_at FROM staff_users ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        rows.into_iter().map(account_row).collect()
    }

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let row: Option<(i64, String, String, String, bool)> = sqlx::query_as(
            "SELECT id, email, password_hash, role, disabled FROM staff_users WHERE email = ?",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        row.map(|(id, email, password_hash, stored_role, disabled)| {
            Ok(Credentials {
                member: StaffMember {
                    id,
                    email,
                    role: role(&stored_role)?,
                },
                password_hash,
                disabled,
            })
        })
        .transpose()
    }

    async fn start_session(
        &self,
        token_hash: &str,
        user_id: i64,
        seconds: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= unixepoch()")
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, expires_at) \
             VALUES (?, ?, unixepoch() + ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(seconds)
        .execute(&self.pool)
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn session_member(&self, token_hash: &str) -> Result<Option<StaffMember>, StoreError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT u.id, u.email, u.role FROM staff_sessions s \
             JOIN staff_users u ON u.id = s.user_id \
             WHERE s.token_hash = ? AND s.expires_at > unixepoch() AND u.disabled = 0",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        row.map(|(id, email, stored_role)| {
            Ok(StaffMember {
                id,
                email,
                role: role(&stored_role)?,
            })
        })
        .transpose()
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }
}
