//! Staff changes to services and their audit log (`service_audit`). Every
//! change is one transaction: the version check, the write and its audit
//! entry stand or fall together.

use super::services::{bind_fields, insert_service, replace_sites, service_by_slug};
use super::{corrupt, failed, Sqlite};
use app::directory::ServiceRecord;
use app::staff::{AuditAction, AuditEntry, StaffServiceRow};
use app::storage::{AuditNote, EditStore, ServiceId, StoreError, StoredService};
use async_trait::async_trait;
use sqlx::{Sqlite as Db, SqliteConnection, Transaction};

/// Starts write transactions: takes the write lock at once, waiting for
/// another writer to finish, so that a concurrent save is never refused by
/// SQLite as "busy" but runs after the first and sees its new version.
const WRITE: &str = "BEGIN IMMEDIATE";

/// Writes the audit entry of the change that made `version`.
async fn audit(
    connection: &mut SqliteConnection,
    service_id: ServiceId,
    version: i64,
    note: &AuditNote<'_>,
) -> Result<(), StoreError> {
    let changes =
        serde_json::to_string(&note.changes).map_err(|e| corrupt("audit entry", e.to_string()))?;
    sqlx::query(
        "INSERT INTO service_audit (service_id, version, staff_email, action, changes) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(service_id)
    .bind(version)
    .bind(&note.staff.email)
    .bind(note.action.slug())
    .bind(changes)
    .execute(connection)
    .await
    .map_err(failed)?;
    Ok(())
}

/// Ends a change made from `version`: `saved` is the id its version-checked
/// statement returned, `None` if the service was no longer at `version`
/// (then nothing is kept). Writes the audit entry and commits.
async fn finish_versioned(
    mut tx: Transaction<'_, Db>,
    saved: Option<ServiceId>,
    version: i64,
    note: &AuditNote<'_>,
) -> Result<bool, StoreError> {
    let Some(id) = saved else {
        return Ok(false);
    };
    audit(&mut tx, id, version + 1, note).await?;
    tx.commit().await.map_err(failed)?;
    Ok(true)
}

#[async_trait]
impl EditStore for Sqlite {
    async fn stored_service(&self, slug: &str) -> Result<Option<StoredService>, StoreError> {
        let row: Option<(i64, bool)> =
            sqlx::query_as("SELECT version, archived FROM services WHERE slug = ?")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await
                .map_err(failed)?;
        let Some((version, archived)) = row else {
            return Ok(None);
        };
        Ok(service_by_slug(&self.pool, slug, false)
            .await?
            .map(|record| StoredService {
                record,
                version,
                archived,
            }))
    }

    async fn staff_list(&self) -> Result<Vec<StaffServiceRow>, StoreError> {
        let rows: Vec<(String, String, bool, String)> = sqlx::query_as(
            "SELECT slug, name, archived, last_reviewed FROM services ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, archived, last_reviewed)| StaffServiceRow {
                slug,
                name,
                archived,
                last_reviewed,
            })
            .collect())
    }

    async fn history(&self, slug: &str, since: Option<i64>) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT a.version, a.at, a.staff_email, a.action, a.changes FROM service_audit a \
             JOIN services s ON s.id = a.service_id \
             WHERE s.slug = ? AND a.version > ? ORDER BY a.version DESC, a.id DESC",
        )
        .bind(slug)
        .bind(since.unwrap_or(0))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        let what = format!("audit log of {slug}");
        rows.into_iter()
            .map(|(version, at, staff_email, action, changes)| {
                Ok(AuditEntry {
                    version,
                    at,
                    staff_email,
                    action: AuditAction::from_slug(&action)
                        .ok_or_else(|| corrupt(&what, format!("unknown action '{action}'")))?,
                    changes: serde_json::from_str(&changes)
                        .map_err(|e| corrupt(&what, e.to_string()))?,
                })
            })
            .collect()
    }

    async fn create_service(
        &self,
        record: &ServiceRecord,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(WRITE).await.map_err(failed)?;
        let Some(id) = insert_service(&mut tx, record).await.map_err(failed)? else {
            return Ok(false);
        };
        audit(&mut tx, id, 1, &note).await?;
        tx.commit().await.map_err(failed)?;
        Ok(true)
    }

    async fn update_service(
        &self,
        version: i64,
        record: &ServiceRecord,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(WRITE).await.map_err(failed)?;
        // The version check and the write are one statement: of two saves from
        // the same version, exactly one matches.
        let saved: Option<i64> = bind_fields(
            sqlx::query_scalar(
                "UPDATE services SET name = ?, group_slug = ?, description = ?, conditions = ?, \
                 age_group = ?, phone = ?, email = ?, opening_hours = ?, referral = ?, \
                 centre_slug = ?, last_reviewed = ?, version = version + 1 \
                 WHERE slug = ? AND version = ? RETURNING id",
            ),
            record,
        )
        .bind(&record.slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        if let Some(id) = saved {
            replace_sites(&mut tx, id, &record.sites)
                .await
                .map_err(failed)?;
        }
        finish_versioned(tx, saved, version, &note).await
    }

    async fn set_archived(
        &self,
        slug: &str,
        version: i64,
        archived: bool,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(WRITE).await.map_err(failed)?;
        let saved: Option<i64> = sqlx::query_scalar(
            "UPDATE services SET archived = ?, version = version + 1 \
             WHERE slug = ? AND version = ? RETURNING id",
        )
        .bind(archived)
        .bind(slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        finish_versioned(tx, saved, version, &note).await
    }
}
