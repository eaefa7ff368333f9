//! Staff changes to services and their audit log (`service_audit`). Every
//! change is one transaction: the version check, the write and its audit
//! entry stand or fall together.

use super::services::{bind_fields, insert_service, replace_sites, service_by_slug};
use super::{changes, corrupt, failed, flag, Dialect, SqlStore};
use app::directory::{ServiceRecord, REVIEW_MONTHS};
use app::staff::details::{numbers_text, parse_numbers, StaffDetails, StaffOnly};
use app::staff::{AuditAction, AuditEntry, FieldChange, StaffServiceRow};
use app::storage::{AuditNote, EditStore, OwnersSet, ServiceId, StoreError, StoredService};
use async_trait::async_trait;
use sqlx::{Any, AnyConnection, Transaction};

/// Writes the audit entry of the change that made `version`.
async fn audit(
    connection: &mut AnyConnection,
    service_id: ServiceId,
    version: i64,
    note: &AuditNote<'_>,
) -> Result<(), StoreError> {
    let entry = AuditRow {
        who: &note.staff.email,
        action: note.action,
        changes: &note.changes,
    };
    write_audit(connection, service_id, version, &entry).await
}

/// One entry of a service's audit log: who, what and the fields it changed.
pub(super) struct AuditRow<'a> {
    pub who: &'a str,
    pub action: AuditAction,
    pub changes: &'a [FieldChange],
}

/// Writes `entry` to the audit log of service `service_id`, at `version`.
pub(super) async fn write_audit(
    connection: &mut AnyConnection,
    service_id: ServiceId,
    version: i64,
    entry: &AuditRow<'_>,
) -> Result<(), StoreError> {
    let changes =
        serde_json::to_string(entry.changes).map_err(|e| corrupt("audit entry", e.to_string()))?;
    sqlx::query(
        "INSERT INTO service_audit (service_id, version, staff_email, action, changes) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(service_id)
    .bind(version)
    .bind(entry.who)
    .bind(entry.action.slug())
    .bind(changes)
    .execute(connection)
    .await
    .map_err(failed)?;
    Ok(())
}

/// Ends a change that made `version` of service `saved`, or did nothing
/// (`None`: the service was no longer at the version the change was made
/// from). Writes the audit entry, tells the other servers and commits.
async fn finish_change(
    mut tx: Transaction<'_, Any>,
    dialect: Dialect,
    saved: Option<ServiceId>,
    version: i64,
    note: &AuditNote<'_>,
) -> Result<bool, StoreError> {
    let Some(id) = saved else {
        return Ok(false);
    };
    audit(&mut tx, id, version, note).await?;
    changes::announce(&mut tx, dialect).await.map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(true)
}

/// The columns of `service_staff_details` after its key, in order.
type DetailsRow = (String, String, String, String, String, String);

fn details_of(
    slug: &str,
    (phones, bleeps, out_of_hours, internal_referral, referral_form, whereabouts): DetailsRow,
) -> Result<StaffOnly<StaffDetails>, StoreError> {
    let numbers = |text: &str| {
        parse_numbers(text)
            .map_err(|_| corrupt(&format!("staff details of {slug}"), "a number".into()))
    };
    Ok(StaffOnly::new(StaffDetails {
        phones: numbers(&phones)?,
        bleeps: numbers(&bleeps)?,
        out_of_hours,
        internal_referral,
        referral_form,
        whereabouts,
    }))
}

/// Stores a service's staff-only details in place of what was there.
async fn replace_details(
    connection: &mut AnyConnection,
    id: ServiceId,
    details: &StaffDetails,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM service_staff_details WHERE service_id = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    if details.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO service_staff_details (service_id, phones, bleeps, out_of_hours, \
         internal_referral, referral_form, whereabouts) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(numbers_text(&details.phones))
    .bind(numbers_text(&details.bleeps))
    .bind(&details.out_of_hours)
    .bind(&details.internal_referral)
    .bind(&details.referral_form)
    .bind(&details.whereabouts)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// The owners' emails of one service (`slug`), or of every service, by slug.
async fn owners_by_slug(
    pool: &sqlx::AnyPool,
    slug: Option<&str>,
) -> Result<std::collections::HashMap<String, Vec<String>>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.slug, u.email FROM service_owners o \
         JOIN services s ON s.id = o.service_id JOIN staff_users u ON u.id = o.user_id \
         WHERE $1 IS NULL OR s.slug = $1 ORDER BY u.email",
    )
    .bind(slug)
    .fetch_all(pool)
    .await
    .map_err(failed)?;
    let mut owners: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (slug, email) in rows {
        owners.entry(slug).or_default().push(email);
    }
    Ok(owners)
}

const DETAILS_COLUMNS: &str =
    "d.phones, d.bleeps, d.out_of_hours, d.internal_referral, d.referral_form, d.whereabouts";

#[async_trait]
impl EditStore for SqlStore {
    async fn stored_service(&self, slug: &str) -> Result<Option<StoredService>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT version, {} FROM services WHERE slug = $1",
            flag("archived")
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        let Some((version, archived)) = row else {
            return Ok(None);
        };
        let details: Option<DetailsRow> = sqlx::query_as(&format!(
            "SELECT {DETAILS_COLUMNS} FROM service_staff_details d \
             JOIN services s ON s.id = d.service_id WHERE s.slug = $1"
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await
        .map_err(failed)?;
        let details = match details {
            Some(row) => details_of(slug, row)?,
            None => StaffOnly::default(),
        };
        let owners = owners_by_slug(&self.pool, Some(slug))
            .await?
            .remove(slug)
            .unwrap_or_default();
        Ok(service_by_slug(&self.pool, slug)
            .await?
            .map(|record| StoredService {
                record,
                owners,
                details,
                version,
                archived: archived != 0,
            }))
    }

    async fn listed_staff_details(
        &self,
    ) -> Result<Vec<(String, StaffOnly<StaffDetails>)>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String, String)> =
            sqlx::query_as(&format!(
                "SELECT s.slug, {DETAILS_COLUMNS} FROM service_staff_details d \
                 JOIN services s ON s.id = d.service_id WHERE NOT s.archived"
            ))
            .fetch_all(&self.pool)
            .await
            .map_err(failed)?;
        rows.into_iter()
            .map(|(slug, a, b, c, d, e, f)| {
                let details = details_of(&slug, (a, b, c, d, e, f))?;
                Ok((slug, details))
            })
            .collect()
    }

    async fn staff_list(&self) -> Result<Vec<StaffServiceRow>, StoreError> {
        let rows: Vec<(String, String, i64, String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT slug, name, {}, last_reviewed, review_months, version FROM services \
             ORDER BY lower(name), id",
            flag("archived")
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        let mut owners = owners_by_slug(&self.pool, None).await?;
        Ok(rows
            .into_iter()
            .map(
                |(slug, name, archived, last_reviewed, review_months, version)| StaffServiceRow {
                    review_months: u8::try_from(review_months).unwrap_or(REVIEW_MONTHS),
                    owners: owners.remove(&slug).unwrap_or_default(),
                    slug,
                    name,
                    archived: archived != 0,
                    last_reviewed,
                    version,
                },
            )
            .collect())
    }

    async fn history(&self, slug: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT a.version, a.at, a.staff_email, a.action, a.changes FROM service_audit a \
             JOIN services s ON s.id = a.service_id \
             WHERE s.slug = $1 ORDER BY a.version DESC, a.id DESC",
        )
        .bind(slug)
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
        details: &StaffDetails,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let saved = insert_service(&mut tx, record).await.map_err(failed)?;
        if let Some(id) = saved {
            replace_details(&mut tx, id, details)
                .await
                .map_err(failed)?;
        }
        finish_change(tx, self.dialect, saved, 1, &note).await
    }

    async fn update_service(
        &self,
        version: i64,
        record: &ServiceRecord,
        details: &StaffDetails,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        // The version check and the write are one statement: of two saves from
        // the same version, exactly one matches.
        let saved: Option<i64> = bind_fields(
            sqlx::query_scalar(
                "UPDATE services SET name = $1, group_slug = $2, description = $3, \
                 conditions = $4, age_group = $5, phone = $6, email = $7, opening_hours = $8, \
                 referral = $9, centre_slug = $10, last_reviewed = $11, review_months = $12, \
                 opening_times = $13, version = version + 1 WHERE slug = $14 AND version = $15 \
                 RETURNING id",
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
            replace_details(&mut tx, id, details)
                .await
                .map_err(failed)?;
        }
        finish_change(tx, self.dialect, saved, version + 1, &note).await
    }

    async fn set_owners(
        &self,
        slug: &str,
        version: i64,
        emails: &[String],
        note: AuditNote<'_>,
    ) -> Result<OwnersSet, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::new();
        for email in emails {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM staff_users WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await
                .map_err(failed)?;
            match id {
                Some(id) => ids.push(id),
                None => return Ok(OwnersSet::NoSuchAccount(email.clone())),
            }
        }
        let saved: Option<i64> = sqlx::query_scalar(
            "UPDATE services SET version = version + 1 WHERE slug = $1 AND version = $2 \
             RETURNING id",
        )
        .bind(slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        let Some(service) = saved else {
            return Ok(OwnersSet::Stale);
        };
        sqlx::query("DELETE FROM service_owners WHERE service_id = $1")
            .bind(service)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        for id in ids {
            sqlx::query(
                "INSERT INTO service_owners (service_id, user_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(service)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        }
        finish_change(tx, self.dialect, saved, version + 1, &note).await?;
        Ok(OwnersSet::Done)
    }

    async fn mark_reviewed(
        &self,
        slug: &str,
        version: i64,
        today: &str,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let saved: Option<i64> = sqlx::query_scalar(
            "UPDATE services SET last_reviewed = $1, version = version + 1 \
             WHERE slug = $2 AND version = $3 RETURNING id",
        )
        .bind(today)
        .bind(slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        finish_change(tx, self.dialect, saved, version + 1, &note).await
    }

    async fn set_archived(
        &self,
        slug: &str,
        version: i64,
        archived: bool,
        note: AuditNote<'_>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let saved: Option<i64> = sqlx::query_scalar(
            "UPDATE services SET archived = $1, version = version + 1 \
             WHERE slug = $2 AND version = $3 RETURNING id",
        )
        .bind(archived)
        .bind(slug)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        finish_change(tx, self.dialect, saved, version + 1, &note).await
    }
}
