//! Staff changes to the directory: adding, editing, archiving and restoring
//! services with a version check and an audit log entry in the same
//! transaction, so that no save overwrites another unseen and every change
//! is recorded. (The form is checked in `service_form`.)

use super::{AuditAction, AuditEntry, FieldChange, StaffMember, StaffServiceRow};
use crate::directory::store::{bind_fields, insert_service, insert_sites, Directory, StoreError};
use crate::directory::ServiceRecord;

/// Starts write transactions: takes the write lock at once, waiting for
/// another writer to finish, so that a concurrent save is never refused by
/// SQLite as "busy" but runs after the first and sees its new version.
const WRITE: &str = "BEGIN IMMEDIATE";

/// Each field of a record as the audit log shows it, with its label.
fn audit_fields(record: &ServiceRecord) -> Vec<(&'static str, String)> {
    vec![
        ("Name", record.name.clone()),
        ("Specialist group", record.group.label().to_string()),
        ("Description", record.description.clone()),
        (
            "Conditions and everyday words",
            record.conditions.join("; "),
        ),
        ("Who it is for", record.age_group.label().to_string()),
        (
            "Where",
            record
                .sites
                .iter()
                .map(|s| format!("{}: {}", s.site, s.location))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("Phone", record.phone.clone()),
        ("Email", record.email.clone().unwrap_or_default()),
        ("Opening hours", record.opening_hours.clone()),
        ("Referral information", record.referral.clone()),
        ("Centre", record.centre.clone().unwrap_or_default()),
        ("Last reviewed", record.last_reviewed.clone()),
    ]
}

/// The fields that differ between two versions of a record.
pub fn changes(before: Option<&ServiceRecord>, after: &ServiceRecord) -> Vec<FieldChange> {
    let after_fields = audit_fields(after);
    let before_fields = before.map(audit_fields);
    after_fields
        .into_iter()
        .enumerate()
        .filter_map(|(i, (field, after))| {
            let before = before_fields
                .as_ref()
                .map(|b| b[i].1.clone())
                .unwrap_or_default();
            (before != after).then(|| FieldChange {
                field: field.to_string(),
                before,
                after,
            })
        })
        .collect()
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no service has this slug")]
    NotFound,
    /// Someone saved first: their changes since the editor's version.
    #[error("the service changed since version {0}")]
    Stale(i64, Vec<AuditEntry>),
    #[error("the slug is taken")]
    SlugTaken,
}

impl From<sqlx::Error> for EditError {
    fn from(error: sqlx::Error) -> Self {
        EditError::Store(StoreError::Database(error))
    }
}

/// A stored service as staff see it, archived or not.
pub struct StoredService {
    pub record: ServiceRecord,
    pub version: i64,
    pub archived: bool,
}

impl Directory {
    /// A service, archived or not, with its version.
    pub async fn stored_service(&self, slug: &str) -> Result<Option<StoredService>, StoreError> {
        let Some((id, version, archived)) = sqlx::query_as::<_, (i64, i64, bool)>(
            "SELECT id, version, archived FROM services WHERE slug = ?",
        )
        .bind(slug)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        Ok(self.record_by_id(id).await?.map(|record| StoredService {
            record,
            version,
            archived,
        }))
    }

    /// Every service, archived or not, by name, for the staff list.
    pub async fn staff_list(&self) -> Result<Vec<StaffServiceRow>, StoreError> {
        let rows: Vec<(String, String, bool, String)> = sqlx::query_as(
            "SELECT slug, name, archived, last_reviewed FROM services ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(self.pool())
        .await?;
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

    /// A service's audit log, newest first; only changes after `since` if given.
    pub async fn history(
        &self,
        slug: &str,
        since: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT a.version, a.at, a.staff_email, a.action, a.changes FROM service_audit a \
             JOIN services s ON s.id = a.service_id \
             WHERE s.slug = ? AND a.version > ? ORDER BY a.version DESC, a.id DESC",
        )
        .bind(slug)
        .bind(since.unwrap_or(0))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(version, at, staff_email, action, changes)| {
                let corrupt = |message: String| StoreError::Corrupt {
                    slug: slug.to_string(),
                    message,
                };
                Ok(AuditEntry {
                    version,
                    at,
                    staff_email,
                    action: AuditAction::from_slug(&action)
                        .ok_or_else(|| corrupt(format!("unknown audit action '{action}'")))?,
                    changes: serde_json::from_str(&changes)
                        .map_err(|e| corrupt(format!("audit changes: {e}")))?,
                })
            })
            .collect()
    }

    /// Adds a service (checked) as version 1, with its audit entry.
    pub async fn create_service(
        &self,
        record: &ServiceRecord,
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let mut tx = self.pool().begin_with(WRITE).await?;
        let Some(id) = insert_service(&mut tx, record).await? else {
            return Err(EditError::SlugTaken);
        };
        audit(
            &mut tx,
            id,
            1,
            staff,
            AuditAction::Created,
            &changes(None, record),
        )
        .await?;
        tx.commit().await?;
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Saves an edit made from `version`, unless someone saved since.
    pub async fn update_service(
        &self,
        version: i64,
        record: &ServiceRecord,
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let before = self
            .stored_service(&record.slug)
            .await?
            .ok_or(EditError::NotFound)?;
        if before.version != version {
            return Err(self.refused(&record.slug, version).await);
        }
        let mut tx = self.pool().begin_with(WRITE).await?;
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
        .await?;
        let Some(id) = saved else {
            drop(tx);
            return Err(self.refused(&record.slug, version).await);
        };
        sqlx::query("DELETE FROM service_sites WHERE service_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_sites(&mut tx, id, &record.sites).await?;
        // `before` was read at `version`, and the update matched it, so it is
        // the version replaced (versions only go up).
        let changed = changes(Some(&before.record), record);
        audit(
            &mut tx,
            id,
            version + 1,
            staff,
            AuditAction::Edited,
            &changed,
        )
        .await?;
        tx.commit().await?;
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Archives (takes off the public directory) or restores a service, from `version`.
    pub async fn set_archived(
        &self,
        slug: &str,
        version: i64,
        archived: bool,
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let mut tx = self.pool().begin_with(WRITE).await?;
        let saved: Option<i64> = sqlx::query_scalar(
            "UPDATE services SET archived = ?, version = version + 1 \
             WHERE slug = ? AND version = ? RETURNING id",
        )
        .bind(archived)
        .bind(slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = saved else {
            drop(tx);
            return Err(self.refused(slug, version).await);
        };
        let (action, before, after) = if archived {
            (AuditAction::Archived, "Yes", "No")
        } else {
            (AuditAction::Restored, "No", "Yes")
        };
        let change = FieldChange {
            field: "Listed in the directory".into(),
            before: before.into(),
            after: after.into(),
        };
        audit(&mut tx, id, version + 1, staff, action, &[change]).await?;
        tx.commit().await?;
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Why a versioned change matched nothing: no such service, or changes since.
    async fn refused(&self, slug: &str, version: i64) -> EditError {
        match self.history(slug, Some(version)).await {
            Ok(changes) if !changes.is_empty() => EditError::Stale(version, changes),
            Ok(_) => match self.stored_service(slug).await {
                // A version the service never had: stale all the same.
                Ok(Some(_)) => EditError::Stale(version, Vec::new()),
                Ok(None) => EditError::NotFound,
                Err(e) => e.into(),
            },
            Err(e) => e.into(),
        }
    }
}

async fn audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    service_id: i64,
    version: i64,
    staff: &StaffMember,
    action: AuditAction,
    changes: &[FieldChange],
) -> Result<(), EditError> {
    let changes = serde_json::to_string(changes).map_err(|e| {
        EditError::Store(StoreError::Corrupt {
            slug: String::new(),
            message: format!("audit changes: {e}"),
        })
    })?;
    sqlx::query(
        "INSERT INTO service_audit (service_id, version, staff_email, action, changes) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(service_id)
    .bind(version)
    .bind(&staff.email)
    .bind(action.slug())
    .bind(changes)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
