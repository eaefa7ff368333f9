//! The directory's database: every query the site makes about services, and
//! nothing else touches the database. SQLite (through sqlx) with an FTS5 index;
//! another database would be a second implementation of this module.

use super::search::{did_you_mean, highlight, SearchPlan, Synonyms, ValidSearch, Vocabulary};
use super::{
    AgeGroup, SearchResults, ServiceGroup, ServiceLink, ServiceLocation, ServiceRecord,
    ServiceSummary, PAGE_SIZE,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Sqlite, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The database used when `DATABASE_URL` is not set: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://lth-directory.sqlite3";

/// Why the database could not answer. The text is for the server log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored service {slug}: {message}")]
    Corrupt { slug: String, message: String },
}

/// The services directory, open on its database.
pub struct Directory {
    pool: SqlitePool,
    synonyms: Synonyms,
    vocabulary: RwLock<Arc<Vocabulary>>,
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
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
}

const SERVICE_COLUMNS: &str = "s.id, s.slug, s.name, s.group_slug, s.description, s.conditions, \
     s.age_group, s.phone, s.email, s.opening_hours, s.referral, s.centre_slug, s.last_reviewed";

impl ServiceRow {
    fn corrupt(&self, message: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            slug: self.slug.clone(),
            message: message.into(),
        }
    }

    fn group(&self) -> Result<ServiceGroup, StoreError> {
        ServiceGroup::from_slug(&self.group_slug)
            .ok_or_else(|| self.corrupt(format!("unknown group '{}'", self.group_slug)))
    }

    fn age(&self) -> Result<AgeGroup, StoreError> {
        AgeGroup::from_slug(&self.age_group)
            .ok_or_else(|| self.corrupt(format!("unknown age group '{}'", self.age_group)))
    }

    fn conditions(&self) -> Vec<String> {
        self.conditions.lines().map(str::to_string).collect()
    }

    fn into_record(self, sites: Vec<ServiceLocation>) -> Result<ServiceRecord, StoreError> {
        Ok(ServiceRecord {
            group: self.group()?,
            age_group: self.age()?,
            conditions: self.conditions(),
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

/// Adds the filters of a search to a `WHERE` clause on `services s`.
fn filter_clause(search: &ValidSearch) -> (String, Vec<String>) {
    let mut sql = String::from(" AND s.archived = 0");
    let mut binds = Vec::new();
    if let Some(group) = search.group {
        sql.push_str(" AND s.group_slug = ?");
        binds.push(group.slug().to_string());
    }
    if let Some(site) = &search.site {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM service_sites ss WHERE ss.service_id = s.id AND ss.site_slug = ?)",
        );
        binds.push(site.clone());
    }
    if let Some(age) = search.age {
        sql.push_str(" AND s.age_group IN (?, 'all-ages')");
        binds.push(age.slug().to_string());
    }
    (sql, binds)
}

impl Directory {
    /// Opens (creating if needed) the database at `url`, brings its schema up
    /// to date and adds any seed service it does not have yet. Safe to run on
    /// every start: services already there, edited or not, are left alone.
    pub async fn open(
        url: &str,
        seed: &[ServiceRecord],
        synonyms: Synonyms,
    ) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        // Each connection to an in-memory database is a database of its own.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let directory = Directory {
            pool,
            synonyms,
            vocabulary: RwLock::new(Arc::new(Vocabulary::default())),
        };
        directory.add_missing(seed).await?;
        Ok(directory)
    }

    /// Adds the services whose slugs the database does not have; returns how
    /// many were added.
    pub async fn add_missing(&self, records: &[ServiceRecord]) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut added = 0;
        for record in records {
            if insert_service(&mut tx, record).await?.is_some() {
                added += 1;
            }
        }
        tx.commit().await?;
        self.refresh_vocabulary().await?;
        Ok(added)
    }

    /// Reloads the words typing mistakes are corrected towards.
    async fn refresh_vocabulary(&self) -> Result<(), StoreError> {
        let terms: Vec<(String, i64)> = sqlx::query_as("SELECT term, doc FROM services_words")
            .fetch_all(&self.pool)
            .await?;
        let vocabulary = Vocabulary::new(
            terms
                .into_iter()
                .map(|(term, docs)| (term, u32::try_from(docs).unwrap_or(u32::MAX)))
                .collect(),
        );
        *self
            .vocabulary
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(vocabulary);
        Ok(())
    }

    fn vocabulary(&self) -> Arc<Vocabulary> {
        self.vocabulary
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// How many services are listed (not archived).
    pub async fn count(&self) -> Result<usize, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM services WHERE archived = 0")
            .fetch_one(&self.pool)
            .await?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// Names and slugs of listed services, by name; only `centre`'s if given.
    pub async fn links(&self, centre: Option<&str>) -> Result<Vec<ServiceLink>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT slug, name FROM services WHERE archived = 0 \
             AND (?1 IS NULL OR centre_slug = ?1) ORDER BY name COLLATE NOCASE",
        )
        .bind(centre)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name)| ServiceLink { slug, name })
            .collect())
    }

    /// One listed service, or `None`.
    pub async fn service(&self, slug: &str) -> Result<Option<ServiceRecord>, StoreError> {
        let row: Option<ServiceRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s WHERE s.slug = ? AND s.archived = 0"
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => {
                let mut sites = self.locations(&[row.id]).await?;
                let sites = sites.remove(&row.id).unwrap_or_default();
                Ok(Some(row.into_record(sites)?))
            }
            None => Ok(None),
        }
    }

    /// Where each of the services `ids` is, in the order the service lists them.
    async fn locations(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<ServiceLocation>>, StoreError> {
        let mut by_service: HashMap<i64, Vec<ServiceLocation>> = HashMap::new();
        if ids.is_empty() {
            return Ok(by_service);
        }
        let rows: Vec<(i64, String, String)> = if ids.len() <= PAGE_SIZE {
            let marks = vec!["?"; ids.len()].join(", ");
            let sql = format!(
                "SELECT service_id, site_slug, location FROM service_sites \
                 WHERE service_id IN ({marks}) ORDER BY service_id, position"
            );
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(&self.pool).await?
        } else {
            sqlx::query_as(
                "SELECT service_id, site_slug, location FROM service_sites ORDER BY service_id, position",
            )
            .fetch_all(&self.pool)
            .await?
        };
        for (id, site, location) in rows {
            by_service
                .entry(id)
                .or_default()
                .push(ServiceLocation { site, location });
        }
        Ok(by_service)
    }

    /// The services a search finds, best first: `(rows, total)`, all of them
    /// or the page `limit` gives as `(count, offset)`.
    async fn find(
        &self,
        search: &ValidSearch,
        plan: Option<&SearchPlan>,
        limit: Option<(usize, usize)>,
    ) -> Result<(Vec<ServiceRow>, usize), StoreError> {
        let (filters, filter_binds) = filter_clause(search);
        let (from, order, mut binds) = match plan {
            Some(plan) => (
                format!(
                    "FROM services_fts JOIN services s ON s.id = services_fts.rowid \
                     WHERE services_fts MATCH ?{filters}"
                ),
                "ORDER BY s.id IN (SELECT rowid FROM services_fts WHERE services_fts MATCH ?) DESC, \
                 bm25(services_fts, 10.0, 4.0, 1.0), s.name COLLATE NOCASE"
                    .to_string(),
                vec![plan.fts_query()],
            ),
            None => (
                format!("FROM services s WHERE 1 = 1{filters}"),
                "ORDER BY s.name COLLATE NOCASE".to_string(),
                Vec::new(),
            ),
        };
        binds.extend(filter_binds);
        let count_sql = format!("SELECT count(*) {from}");
        let mut count_query = sqlx::query_scalar::<_, i64>(&count_sql);
        for bind in &binds {
            count_query = count_query.bind(bind);
        }
        let total = usize::try_from(count_query.fetch_one(&self.pool).await?).unwrap_or_default();
        if total == 0 || limit.is_some_and(|(_, offset)| offset >= total) {
            return Ok((Vec::new(), total));
        }
        let limit_sql = match limit {
            Some((count, offset)) => format!(" LIMIT {count} OFFSET {offset}"),
            None => String::new(),
        };
        let rows_sql = format!("SELECT {SERVICE_COLUMNS} {from} {order}{limit_sql}");
        let mut rows_query = sqlx::query_as::<_, ServiceRow>(&rows_sql);
        for bind in &binds {
            rows_query = rows_query.bind(bind);
        }
        if let Some(plan) = plan {
            rows_query = rows_query.bind(plan.name_query());
        }
        Ok((rows_query.fetch_all(&self.pool).await?, total))
    }

    fn plan(&self, search: &ValidSearch) -> Option<SearchPlan> {
        (!search.words.is_empty())
            .then(|| SearchPlan::new(&search.words, &self.synonyms, &self.vocabulary()))
    }

    /// One page of results for a checked search. Each summary's `sites` holds
    /// site slugs, for the caller to name.
    pub async fn search(&self, search: &ValidSearch) -> Result<SearchResults, StoreError> {
        let plan = self.plan(search);
        let offset = (search.page - 1) * PAGE_SIZE;
        let (rows, total) = self
            .find(search, plan.as_ref(), Some((PAGE_SIZE, offset)))
            .await?;
        let prefixes = plan.as_ref().map(SearchPlan::prefixes).unwrap_or_default();
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut locations = self.locations(&ids).await?;
        let services = rows
            .into_iter()
            .map(|row| {
                let matched_conditions = if prefixes.is_empty() {
                    Vec::new()
                } else {
                    row.conditions()
                        .iter()
                        .map(|c| highlight(c, &prefixes))
                        .filter(|runs| runs.iter().any(|r| r.matched))
                        .take(3)
                        .collect()
                };
                Ok(ServiceSummary {
                    group: row.group()?,
                    age_group: row.age()?,
                    name: highlight(&row.name, &prefixes),
                    description: highlight(&row.description, &prefixes),
                    matched_conditions,
                    sites: locations
                        .remove(&row.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|l| l.site)
                        .collect(),
                    slug: row.slug,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let did_you_mean = (total == 0)
            .then(|| did_you_mean(&search.words, &self.vocabulary()))
            .flatten();
        Ok(SearchResults {
            total,
            page: search.page,
            pages: total.div_ceil(PAGE_SIZE).max(1),
            services,
            corrections: plan.map(|p| p.corrections).unwrap_or_default(),
            did_you_mean,
        })
    }

    /// Every service a search finds, best first, in full (for the exports).
    pub async fn records(&self, search: &ValidSearch) -> Result<Vec<ServiceRecord>, StoreError> {
        let plan = self.plan(search);
        let (rows, _) = self.find(search, plan.as_ref(), None).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut locations = self.locations(&ids).await?;
        rows.into_iter()
            .map(|row| {
                let sites = locations.remove(&row.id).unwrap_or_default();
                row.into_record(sites)
            })
            .collect()
    }
}

/// Inserts a service unless its slug is taken; returns its new id.
async fn insert_service(
    tx: &mut Transaction<'_, Sqlite>,
    record: &ServiceRecord,
) -> Result<Option<i64>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO services (slug, name, group_slug, description, conditions, age_group, phone, \
         email, opening_hours, referral, centre_slug, last_reviewed) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(&record.slug)
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
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        for (position, site) in record.sites.iter().enumerate() {
            sqlx::query(
                "INSERT INTO service_sites (service_id, position, site_slug, location) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(i64::try_from(position).unwrap_or_default())
            .bind(&site.site)
            .bind(&site.location)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(id)
}
