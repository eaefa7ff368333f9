//! The directory's database: every query the site makes about services, and
//! nothing else touches the database. SQLite (through sqlx) with an FTS5 index;
//! another database would be a second implementation of this module.

use super::catalogue::{Catalogue, Place, SHORT_SEARCHES_KEPT, SHORT_WORD, UNLISTED};
use super::search::{did_you_mean, SearchPlan, Synonyms, ValidSearch, Vocabulary};
use super::{AgeGroup, SearchResults, ServiceGroup, ServiceLocation, ServiceRecord, PAGE_SIZE};
use crate::model::ServiceLink;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};
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
    #[error("reloading the directory into memory: {0}")]
    Reload(String),
}

/// The services directory, open on its database.
pub struct Directory {
    pool: SqlitePool,
    synonyms: Synonyms,
    memory: Arc<InMemory>,
}

/// What the directory keeps in memory, rebuilt from the database after every
/// change: the words typing mistakes are corrected towards, and the
/// catalogue the filters, order and results use.
#[derive(Default)]
struct InMemory {
    vocabulary: RwLock<Arc<Vocabulary>>,
    catalogue: RwLock<Arc<Catalogue>>,
    /// One reload at a time, each reading the database after the one before
    /// it finished, so the newest state is always the one kept.
    reloading: tokio::sync::Mutex<()>,
}

impl InMemory {
    async fn reload(&self, pool: &SqlitePool) -> Result<(), StoreError> {
        let _one_at_a_time = self.reloading.lock().await;
        let terms: Vec<(String, i64)> = sqlx::query_as("SELECT term, doc FROM services_words")
            .fetch_all(pool)
            .await?;
        let vocabulary = Vocabulary::new(
            terms
                .into_iter()
                .map(|(term, docs)| (term, u32::try_from(docs).unwrap_or(u32::MAX)))
                .collect(),
        );
        let rows: Vec<ServiceRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s WHERE s.archived = 0 \
             ORDER BY s.name COLLATE NOCASE, s.id"
        ))
        .fetch_all(pool)
        .await?;
        let mut locations = locations(pool, None).await?;
        let services = rows
            .into_iter()
            .map(|row| {
                let id = row.id;
                let sites = locations.remove(&id).unwrap_or_default();
                row.into_record(sites).map(|record| (id, record))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let catalogue = Catalogue::new(services).map_err(|error| StoreError::Corrupt {
            slug: error.slug,
            message: error.message.into(),
        })?;
        *self
            .vocabulary
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(vocabulary);
        *self
            .catalogue
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(catalogue);
        Ok(())
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
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

/// A pool of connections to the database at `url` (created if missing).
async fn connect(url: &str) -> Result<SqlitePool, StoreError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        // Keep the whole directory in memory: 16 MB of page cache, and
        // reads through a memory map.
        .pragma("cache_size", "-16000")
        .pragma("mmap_size", "268435456");
    // Each connection to an in-memory database is a database of its own.
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if !in_memory {
        // A new file is created and switched to WAL on one connection before
        // the pool opens more: a second connection opening while the first
        // held a write lock could not switch it ("database is locked", seen
        // once in CI). WAL is kept in the file, so later switches do nothing.
        options.connect().await?.close().await?;
    }
    Ok(SqlitePoolOptions::new()
        .max_connections(if in_memory { 1 } else { 8 })
        .min_connections(1)
        // A local file needs no round trip to check a connection is alive.
        .test_before_acquire(false)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await?)
}

/// Where one service (or every service) is, in the order each lists its sites.
async fn locations(
    pool: &SqlitePool,
    service: Option<i64>,
) -> Result<HashMap<i64, Vec<ServiceLocation>>, StoreError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT service_id, site_slug, location FROM service_sites \
         WHERE ?1 IS NULL OR service_id = ?1 ORDER BY service_id, position",
    )
    .bind(service)
    .fetch_all(pool)
    .await?;
    let mut by_service: HashMap<i64, Vec<ServiceLocation>> = HashMap::new();
    for (id, site, location) in rows {
        by_service
            .entry(id)
            .or_default()
            .push(ServiceLocation { site, location });
    }
    Ok(by_service)
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
        let pool = connect(url).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let directory = Directory {
            pool,
            synonyms,
            memory: Arc::default(),
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
        if added > 0 {
            // Merges the index into one segment, as a bulk insert leaves it in many.
            sqlx::query("INSERT INTO services_fts (services_fts) VALUES ('optimize')")
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.refresh().await?;
        Ok(added)
    }

    /// Reloads what is held in memory (see [`InMemory`]). The reload runs as
    /// a task of its own, so a request dropped half way (its client hung up)
    /// cannot stop it and leave the memory behind the database.
    pub(super) async fn refresh(&self) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        let memory = self.memory.clone();
        tokio::spawn(async move { memory.reload(&pool).await })
            .await
            .unwrap_or_else(|error| Err(StoreError::Reload(error.to_string())))
    }

    /// Reloads after a committed change. The change stands whatever happens
    /// here, so a failed reload is logged, not reported as a failed change.
    pub(crate) async fn refresh_after_commit(&self) {
        if let Err(error) = self.refresh().await {
            tracing::error!(%error, "a change was saved but the in-memory directory is behind");
        }
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Opens the database at `url` for maintenance (a backup): no migration,
    /// no seeding, nothing held in memory.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Ok(Directory {
            pool: connect(url).await?,
            synonyms: Synonyms::default(),
            memory: Arc::default(),
        })
    }

    /// Writes a consistent copy of the whole database to a new file at
    /// `target` (`VACUUM INTO` reads it in one transaction, while the site
    /// goes on reading and writing).
    pub async fn backup_to(&self, target: &std::path::Path) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO ?")
            .bind(target.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// SQLite's own check of the whole file: `ok` when nothing is damaged.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The database, for the staff modules that share it.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    fn catalogue(&self) -> Arc<Catalogue> {
        self.memory
            .catalogue
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn vocabulary(&self) -> Arc<Vocabulary> {
        self.memory
            .vocabulary
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// How many services are listed (not archived).
    pub fn count(&self) -> usize {
        self.catalogue().entries.len()
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
        self.with_sites(row).await
    }

    /// One service, archived or not, by id.
    pub(crate) async fn record_by_id(&self, id: i64) -> Result<Option<ServiceRecord>, StoreError> {
        let row: Option<ServiceRow> = sqlx::query_as(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services s WHERE s.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        self.with_sites(row).await
    }

    async fn with_sites(
        &self,
        row: Option<ServiceRow>,
    ) -> Result<Option<ServiceRecord>, StoreError> {
        match row {
            Some(row) => {
                let mut sites = locations(&self.pool, Some(row.id)).await?;
                let sites = sites.remove(&row.id).unwrap_or_default();
                Ok(Some(row.into_record(sites)?))
            }
            None => Ok(None),
        }
    }

    /// The places of the listed services an FTS5 query matches, fetched in
    /// one row.
    async fn matching_places(
        &self,
        catalogue: &Catalogue,
        fts_query: &str,
    ) -> Result<Vec<Place>, StoreError> {
        let ids: Option<String> = sqlx::query_scalar(
            "SELECT group_concat(rowid) FROM services_fts WHERE services_fts MATCH ?",
        )
        .bind(fts_query)
        .fetch_one(&self.pool)
        .await?;
        Ok(ids
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| catalogue.place(id.parse().ok()?))
            .collect())
    }

    /// The places of every listed service a search finds, best first (see
    /// [`Catalogue::order`]); without words, by name.
    async fn find(
        &self,
        catalogue: &Catalogue,
        search: &ValidSearch,
        plan: Option<&SearchPlan>,
    ) -> Result<Vec<Place>, StoreError> {
        let filter = catalogue.filter(search);
        let Some(plan) = plan else {
            return Ok(
                (0..Place::try_from(catalogue.facets.len()).unwrap_or(UNLISTED))
                    .filter(|&place| catalogue.passes(place, &filter))
                    .collect(),
            );
        };
        let short = plan
            .words
            .iter()
            .all(|w| w.typed.chars().count() <= SHORT_WORD);
        if !short {
            let mut found = self.matching_places(catalogue, &plan.fts_query()).await?;
            found.retain(|&place| catalogue.passes(place, &filter));
            catalogue.order(plan, &mut found);
            return Ok(found);
        }
        let key = plan.fts_query();
        let kept = catalogue
            .short_searches
            .lock()
            .ok()
            .and_then(|kept| kept.get(&key).cloned());
        let ordered = match kept {
            Some(ordered) => ordered,
            None => {
                let mut found = self.matching_places(catalogue, &key).await?;
                catalogue.order(plan, &mut found);
                let ordered = Arc::new(found);
                if let Ok(mut kept) = catalogue.short_searches.lock() {
                    if kept.len() < SHORT_SEARCHES_KEPT {
                        kept.insert(key, ordered.clone());
                    }
                }
                ordered
            }
        };
        Ok(ordered
            .iter()
            .copied()
            .filter(|&place| catalogue.passes(place, &filter))
            .collect())
    }

    fn plan(&self, search: &ValidSearch) -> Option<SearchPlan> {
        (!search.words.is_empty())
            .then(|| SearchPlan::new(&search.words, &self.synonyms, &self.vocabulary()))
    }

    /// One page of results for a checked search. Each summary's `sites` holds
    /// site slugs, for the caller to name.
    pub async fn search(&self, search: &ValidSearch) -> Result<SearchResults, StoreError> {
        let catalogue = self.catalogue();
        let plan = self.plan(search);
        let found = self.find(&catalogue, search, plan.as_ref()).await?;
        let total = found.len();
        let offset = ((search.page - 1) * PAGE_SIZE).min(total);
        let prefixes = plan.as_ref().map(SearchPlan::prefixes).unwrap_or_default();
        let services = found[offset..(offset + PAGE_SIZE).min(total)]
            .iter()
            .map(|&place| catalogue.entry(place).summary(&prefixes))
            .collect();
        let did_you_mean = if total == 0 {
            self.did_you_mean(&catalogue, search).await?
        } else {
            None
        };
        Ok(SearchResults {
            total,
            page: search.page,
            pages: total.div_ceil(PAGE_SIZE).max(1),
            services,
            corrections: plan.map(|p| p.corrections).unwrap_or_default(),
            did_you_mean,
        })
    }

    /// For a search that found nothing: the nearest words that would find
    /// something with the same filters, if any.
    async fn did_you_mean(
        &self,
        catalogue: &Catalogue,
        search: &ValidSearch,
    ) -> Result<Option<String>, StoreError> {
        let Some(suggestion) = did_you_mean(&search.words, &self.vocabulary()) else {
            return Ok(None);
        };
        let suggested = ValidSearch {
            words: suggestion.split(' ').map(str::to_string).collect(),
            ..search.clone()
        };
        let Some(plan) = self.plan(&suggested) else {
            return Ok(None);
        };
        // Only whether anything matches: no ordering needed.
        let filter = catalogue.filter(&suggested);
        let finds = self
            .matching_places(catalogue, &plan.fts_query())
            .await?
            .into_iter()
            .any(|place| catalogue.passes(place, &filter));
        Ok(finds.then_some(suggestion))
    }

    /// Every service a search finds, best first, in full (for the exports).
    pub async fn records(&self, search: &ValidSearch) -> Result<Vec<ServiceRecord>, StoreError> {
        let catalogue = self.catalogue();
        let plan = self.plan(search);
        let places = self.find(&catalogue, search, plan.as_ref()).await?;
        Ok(places
            .into_iter()
            .map(|place| catalogue.entry(place).record.clone())
            .collect())
    }
}

/// Inserts a service unless its slug is taken; returns its new id.
pub(crate) async fn insert_service(
    tx: &mut Transaction<'_, Sqlite>,
    record: &ServiceRecord,
) -> Result<Option<i64>, StoreError> {
    let id: Option<i64> = bind_fields(
        sqlx::query_scalar(
            "INSERT INTO services (name, group_slug, description, conditions, age_group, phone, \
             email, opening_hours, referral, centre_slug, last_reviewed, slug) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id",
        ),
        record,
    )
    .bind(&record.slug)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        insert_sites(tx, id, &record.sites).await?;
    }
    Ok(id)
}

/// Binds a record's editable fields, in the order of the services table's
/// columns from `name` to `last_reviewed`.
pub(crate) fn bind_fields<'q, O>(
    query: sqlx::query::QueryScalar<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    record: &'q ServiceRecord,
) -> sqlx::query::QueryScalar<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
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
}

/// Stores where a service is, in the order given.
pub(crate) async fn insert_sites(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    sites: &[ServiceLocation],
) -> Result<(), StoreError> {
    for (position, site) in sites.iter().enumerate() {
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
    Ok(())
}
