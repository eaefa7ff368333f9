//! Staff accounts (`staff_users`) and sign-in attempts
//! (`sign_in_attempts`), shared by every server.

use super::{corrupt, failed, flag, Dialect, SqlStore};
use app::staff::{AccountRow, Role, StaffMember};
use app::storage::{
    AccountChange, AccountStore, Credentials, SignInAttempts, StoreError, LONGEST_ATTEMPT_WINDOW,
};
use async_trait::async_trait;

/// A stored role read back.
pub(super) fn role(stored: &str) -> Result<Role, StoreError> {
    Role::from_slug(stored)
        .ok_or_else(|| corrupt("staff account", format!("unknown role '{stored}'")))
}

/// An account's columns as `account` and `accounts` read them.
type AccountFields = (i64, String, String, i64, String);

fn account_row(
    (id, email, stored_role, disabled, created_at): AccountFields,
) -> Result<AccountRow, StoreError> {
    Ok(AccountRow {
        id,
        email,
        role: role(&stored_role)?,
        disabled: disabled != 0,
        created_at,
    })
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn add_account(
        &self,
        email: &str,
        password_hash: &str,
        role: Role,
    ) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO staff_users (email, password_hash, role) VALUES ($1, $2, $3) \
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(email)
        .bind(password_hash)
        .bind(role.slug())
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)
    }

    async fn set_disabled(&self, id: i64, disabled: bool) -> Result<AccountChange, StoreError> {
        let mut tx = self.begin_write().await?;
        if disabled && self.is_last_admin(&mut tx, id).await? {
            return Ok(AccountChange::LastAdmin);
        }
        let changed = sqlx::query("UPDATE staff_users SET disabled = $1 WHERE id = $2")
            .bind(disabled)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(failed)?
            .rows_affected();
        if disabled {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)?;
        Ok(if changed > 0 {
            AccountChange::Done
        } else {
            AccountChange::NoSuchAccount
        })
    }

    async fn set_role(&self, id: i64, new_role: Role) -> Result<AccountChange, StoreError> {
        let mut tx = self.begin_write().await?;
        if new_role != Role::Admin && self.is_last_admin(&mut tx, id).await? {
            return Ok(AccountChange::LastAdmin);
        }
        let changed = sqlx::query("UPDATE staff_users SET role = $1 WHERE id = $2")
            .bind(new_role.slug())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(failed)?
            .rows_affected();
        tx.commit().await.map_err(failed)?;
        Ok(if changed > 0 {
            AccountChange::Done
        } else {
            AccountChange::NoSuchAccount
        })
    }

    async fn set_password(&self, id: i64, password_hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff_users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn account(&self, email: &str) -> Result<Option<AccountRow>, StoreError> {
        let row: Option<AccountFields> = sqlx::query_as(&format!(
            "SELECT id, email, role, {}, created_at FROM staff_users WHERE email = $1",
            flag("disabled")
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        row.map(account_row).transpose()
    }

    async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let rows: Vec<AccountFields> = sqlx::query_as(&format!(
            "SELECT id, email, role, {}, created_at FROM staff_users ORDER BY email",
            flag("disabled")
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        rows.into_iter().map(account_row).collect()
    }

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let row: Option<(i64, String, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT id, email, password_hash, role, {} FROM staff_users WHERE email = $1",
            flag("disabled")
        ))
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
                disabled: disabled != 0,
            })
        })
        .transpose()
    }
}

impl SqlStore {
    /// Whether account `id` is the only enabled admin, read in `tx` with
    /// the enabled admins locked (SQLite's write transaction locks the
    /// whole database), so that two admins removing each other at once
    /// cannot both pass this check.
    async fn is_last_admin(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: i64,
    ) -> Result<bool, StoreError> {
        let lock = match self.dialect {
            Dialect::Postgres => " FOR UPDATE",
            Dialect::Sqlite => "",
        };
        let admins: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM staff_users WHERE role = 'admin' AND NOT disabled{lock}"
        ))
        .fetch_all(&mut **tx)
        .await
        .map_err(failed)?;
        Ok(admins == [id])
    }
}

#[async_trait]
impl SignInAttempts for SqlStore {
    async fn count_attempt(&self, subject: &str, now: i64, window: i64) -> Result<i64, StoreError> {
        let window_began_by = now.saturating_sub(window);
        sqlx::query("DELETE FROM sign_in_attempts WHERE since <= $1")
            .bind(now.saturating_sub(window.max(LONGEST_ATTEMPT_WINDOW)))
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        // One statement, so attempts on two servers at once are both counted.
        sqlx::query_scalar(
            "INSERT INTO sign_in_attempts (subject, attempts, since) VALUES ($1, 1, $2) \
             ON CONFLICT (subject) DO UPDATE SET \
             attempts = CASE WHEN sign_in_attempts.since <= $3 THEN 1 \
                        ELSE sign_in_attempts.attempts + 1 END, \
             since = CASE WHEN sign_in_attempts.since <= $3 THEN $2 \
                     ELSE sign_in_attempts.since END \
             RETURNING attempts",
        )
        .bind(subject)
        .bind(now)
        .bind(window_began_by)
        .fetch_one(&self.pool)
        .await
        .map_err(failed)
    }

    async fn take_back(&self, subject: &str, attempts: Option<i64>) -> Result<(), StoreError> {
        let query = match attempts {
            None => sqlx::query("DELETE FROM sign_in_attempts WHERE subject = $1").bind(subject),
            Some(attempts) => sqlx::query(
                "UPDATE sign_in_attempts SET attempts = \
                 CASE WHEN attempts > $2 THEN attempts - $2 ELSE 0 END WHERE subject = $1",
            )
            .bind(subject)
            .bind(attempts),
        };
        query.execute(&self.pool).await.map_err(failed)?;
        Ok(())
    }
}
