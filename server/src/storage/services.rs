//! Services and where they are (`service_sites`). Searching is done in
//! memory over what these give (see `app::directory::live`).

use super::{changes, corrupt, failed, SqlStore};
use app::directory::opening::OpeningTimes;
use app::directory::{AgeGroup, ServiceGroup, ServiceLocation, ServiceRecord};
use app::storage::{ChangeFeed, Connections, DirectoryStore, ServiceId, StoreError};
use async_trait::async_trait;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use std::collections::HashMap;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct ServiceRow {
    id: i64,
    slug: String,
    name: String,
    group_slug: String,
    description: String,
    conditions: String,
    age_group: String,
    phone: String,
    email: Option<String>,
    opening_hours: String,
    referral: String,
    centre_slug: Option<String>,
    last_reviewed: String,
    review_months: i64,
    opening_times: String,
}

/// The columns a [`ServiceRow`] is read from (`services` as `s`).
pub(super) const SERVICE_COLUMNS: &str =
    "s.id, s.slug, s.name, s.group_slug, s.description, s.conditions, \
     s.age_group, s.phone, s.email, s.opening_hours, s.referral, s.centre_slug, s.last_reviewed, \
     s.review_months, s.opening_times";

impl ServiceRow {
    fn into_record(self, sites: Vec<ServiceLocation>) -> Result<ServiceRecord, StoreError> {
        let what = format!("service {}", self.slug);
        let group = ServiceGroup::from_slug(&self.group_slug)
            .ok_or_else(|| corrupt(&what, format!("unknown group '{}'", self.group_slug)))?;
        let age_group = AgeGroup::from_slug(&self.age_group)
            .ok_or_else(|| corrupt(&what, format!("unknown age group '{}'", self.age_group)))?;
        let review_months = u8::try_from(self.review_months)
            .map_err(|_| corrupt(&what, format!("review interval {}", self.review_months)))?;
        let opening = if self.opening_times.is_empty() {
            OpeningTimes::from_text(&self.opening_hours)
        } else {
            serde_json::from_str(&self.opening_times)
                .map_err(|e| corrupt(&what, format!("opening times: {e}")))?
        };
        Ok(ServiceRecord {
            opening,
            review_months,
            group,
            age_group,
            conditions: self.conditions.lines().map(str::to_string).collect(),
            slug: self.slug,
            name: self.name,
            description: self.description,
            phone: self.phone,
            email: self.email,
            opening_hours: self.opening_hours,
            referral: self.referral,
            centre: self.centre_slug,
            last_reviewed: self.last_reviewed,
            sites,
        })
    }
}

/// Where one service (or every service) is, in the order each lists its sites.
async fn locations(
    pool: &AnyPool,
    service: Option<ServiceId>,
) -> Result<HashMap<ServiceId, Vec<ServiceLocation>>, StoreError> {
    const COLUMNS: &str = "SELECT service_id, site_slug, location FROM service_sites";
    // Two statements, so that one service's are found by the key.
    let rows: Vec<(i64, String, String)> = match service {
        Some(id) => {
            sqlx::query_as(&format!(
                "{COLUMNS} WHERE service_id = $1 ORDER BY position"
            ))
            .bind(id)
            .fetch_all(pool)
            .await
        }
        None => {
            sqlx::query_as(&format!("{COLUMNS} ORDER BY service_id, position"))
                .fetch_all(pool)
                .await
        }
    }
    .map_err(failed)?;
    let mut by_service: HashMap<ServiceId, Vec<ServiceLocation>> = HashMap::new();
    for (id, site, location) in rows {
        by_service
            .entry(id)
            .or_default()
            .push(ServiceLocation { site, location });
    }
    Ok(by_service)
}

/// The service with `slug` (listed or archived) and its sites.
pub(super) async fn service_by_slug(
    pool: &AnyPool,
    slug: &str,
) -> Result<Option<ServiceRecord>, StoreError> {
    let row: Option<ServiceRow> = sqlx::query_as(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services s WHERE s.slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await
    .map_err(failed)?;
    let Some(row) = row else { return Ok(None) };
    let sites = locations(pool, Some(row.id))
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    row.into_record(sites).map(Some)
}

/// Inserts a service unless its slug is taken; returns its new id.
pub(super) async fn insert_service(
    tx: &mut Transaction<'_, Any>,
    record: &ServiceRecord,
) -> Result<Option<ServiceId>, sqlx::Error> {
    let id: Option<i64> = bind_fields(
        sqlx::query_scalar(
            "INSERT INTO services (name, group_slug, description, conditions, age_group, phone, \
             email, opening_hours, referral, centre_slug, last_reviewed, review_months, \
             opening_times, slug) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (slug) DO NOTHING RETURNING id",
        ),
        record,
    )
    .bind(&record.slug)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        replace_sites(tx, id, &record.sites).await?;
    }
    Ok(id)
}

/// Binds a record's editable fields, in the order of the services table's
/// columns from `name` to `opening_times`.
pub(super) fn bind_fields<'q, O>(
    query: sqlx::query::QueryScalar<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    record: &'q ServiceRecord,
) -> sqlx::query::QueryScalar<'q, Any, O, sqlx::any::AnyArguments<'q>> {
    query
        .bind(&record.name)
        .bind(record.group.slug())
        .bind(&record.description)
        .bind(record.conditions.join("\n"))
        .bind(record.age_group.slug())
        .bind(&record.phone)
        .bind(&record.email)
        .bind(&record.opening_hours)
        .bind(&record.referral)
        .bind(&record.centre)
        .bind(&record.last_reviewed)
        .bind(i64::from(record.review_months))
        .bind(serde_json::to_string(&record.opening).unwrap_or_default())
}

/// Stores where a service is, in the order given, in place of what was there.
pub(super) async fn replace_sites(
    connection: &mut AnyConnection,
    id: ServiceId,
    sites: &[ServiceLocation],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM service_sites WHERE service_id = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    for (position, site) in sites.iter().enumerate() {
        sqlx::query(
            "INSERT INTO service_sites (service_id, position, site_slug, location) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(i64::try_from(position).unwrap_or_default())
        .bind(&site.site)
        .bind(&site.location)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl DirectoryStore for SqlStore {
    async fn listed_services(&self) -> Result<Vec<ServiceRecord>, StoreError> {
        let rows: Vec<ServiceRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s WHERE NOT s.archived \
             ORDER BY lower(s.name), s.id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        let mut locations = locations(&self.pool, None).await?;
        rows.into_iter()
            .map(|row| {
                let sites = locations.remove(&row.id).unwrap_or_default();
                row.into_record(sites)
            })
            .collect()
    }

    async fn add_missing(&self, records: &[ServiceRecord]) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        // Servers starting together seed one after another: each adds what
        // the one before it did not.
        changes::hold_seeding_lock(&mut tx, self.dialect)
            .await
            .map_err(failed)?;
        let mut added = 0;
        for record in records {
            if insert_service(&mut tx, record)
                .await
                .map_err(failed)?
                .is_some()
            {
                added += 1;
            }
        }
        if added > 0 {
            changes::announce(&mut tx, self.dialect)
                .await
                .map_err(failed)?;
        }
        tx.commit().await.map_err(failed)?;
        Ok(added)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(failed)?;
        Ok(())
    }

    fn connections(&self) -> Connections {
        Connections {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
        }
    }

    async fn watch_changes(&self) -> Result<Option<Box<dyn ChangeFeed>>, StoreError> {
        changes::watch(self).await
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
