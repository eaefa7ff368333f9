//! The directory as the site uses it: storage (through [`Storage`]) plus
//! what is held in memory to answer searches quickly, kept in step with
//! storage after every change. No SQL here: see the server's `storage`.

use super::catalogue::Catalogue;
use super::opening::{open_now, OpenNow};
use super::search::{Synonyms, ValidSearch};
use super::{DirectoryListing, FieldProblem, SearchResults, ServiceRecord};
use crate::model::{Choice, ServiceLink};
use crate::staff::details::{StaffDetails, StaffOnly, StaffPass};
use crate::storage::{Storage, StoreError};
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The metric of how long reloading the directory into memory took
/// (the server's `metrics` serves it).
pub const RELOAD_SECONDS: &str = "lth_directory_reload_duration_seconds";
/// The metric of how many reloads failed.
pub const RELOAD_FAILURES: &str = "lth_directory_reload_failures_total";

/// The longest wait between two tries of a failed reload.
const RELOAD_BACKOFF_MOST: std::time::Duration = std::time::Duration::from_secs(10);

/// The services directory, open on its storage.
pub struct Directory {
    storage: Arc<dyn Storage>,
    synonyms: Synonyms,
    memory: Arc<InMemory>,
    /// The task reloading the memory when another server changes the
    /// directory (see [`Directory::follow_changes`]); ended with the directory.
    follower: Option<tokio::task::AbortHandle>,
}

impl Drop for Directory {
    fn drop(&mut self) {
        if let Some(follower) = &self.follower {
            follower.abort();
        }
    }
}

/// What the directory keeps in memory, rebuilt from storage after every
/// change: the catalogue searches are answered from.
#[derive(Default)]
struct InMemory {
    /// Replaced whole by each reload, never changed in place.
    catalogue: ArcSwap<Catalogue>,
    /// The staff-only details of listed services, by slug: replaced with
    /// the catalogue.
    staff_details: ArcSwap<HashMap<String, StaffOnly<StaffDetails>>>,
    /// Goes up by one with every reload: what was made from an older
    /// catalogue (a rendered page) is out of date.
    generation: AtomicU64,
    /// One reload at a time, each reading storage after the one before it
    /// finished, so the newest state is always the one kept.
    reloading: tokio::sync::Mutex<()>,
    /// The last reload failed (it is being tried again).
    reload_failed: AtomicBool,
    /// Other servers' changes are not being heard: the listener's
    /// connection is lost and not open again yet.
    not_listening: AtomicBool,
}

impl InMemory {
    /// Reloads from storage, timing it and counting failures.
    async fn reload(&self, storage: &dyn Storage) -> Result<(), StoreError> {
        let _one_at_a_time = self.reloading.lock().await;
        let started = std::time::Instant::now();
        let reloaded = self.read(storage).await;
        metrics::histogram!(RELOAD_SECONDS).record(started.elapsed().as_secs_f64());
        if reloaded.is_err() {
            metrics::counter!(RELOAD_FAILURES).increment(1);
        }
        self.reload_failed
            .store(reloaded.is_err(), Ordering::Release);
        reloaded
    }

    /// Reloads until it succeeds, waiting longer after each failure (from
    /// half a second to [`RELOAD_BACKOFF_MOST`]): what is held stays in use
    /// meanwhile, and pages say so by their generation only once it is new.
    async fn reload_until_done(&self, storage: &dyn Storage) {
        let mut wait = std::time::Duration::from_millis(500);
        while let Err(error) = self.reload(storage).await {
            tracing::error!(%error, retry_in_ms = wait.as_millis(), "reloading the directory into memory failed");
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(RELOAD_BACKOFF_MOST);
        }
    }

    /// Reads storage into memory, replacing what was there.
    async fn read(&self, storage: &dyn Storage) -> Result<(), StoreError> {
        let catalogue = Catalogue::new(storage.listed_services().await?).map_err(|error| {
            StoreError::Corrupt {
                what: format!("service {}", error.slug),
                message: error.message.into(),
            }
        })?;
        let staff_details = storage.listed_staff_details().await?;
        self.catalogue.store(Arc::new(catalogue));
        self.staff_details
            .store(Arc::new(staff_details.into_iter().collect()));
        self.generation.fetch_add(1, Ordering::Release);
        Ok(())
    }
}

impl Directory {
    /// The directory on `storage` (already migrated), with any seed service
    /// it does not have yet added. Safe on every start: services already
    /// there, edited or not, are left alone.
    pub async fn open(
        storage: Arc<dyn Storage>,
        seed: &[ServiceRecord],
        synonyms: Synonyms,
    ) -> Result<Self, StoreError> {
        let mut directory = Directory {
            storage,
            synonyms,
            memory: Arc::default(),
            follower: None,
        };
        directory.add_missing(seed).await?;
        directory.follow_changes().await?;
        Ok(directory)
    }

    /// Keeps the memory in step with changes made on other servers sharing
    /// the storage: each change storage reports (a PostgreSQL notification,
    /// within milliseconds of its commit) reloads it, and with it the
    /// generation that rendered pages are kept by. Changes arriving during
    /// a reload are taken by one more reload.
    async fn follow_changes(&mut self) -> Result<(), StoreError> {
        let Some(mut changes) = self.storage.watch_changes().await? else {
            return Ok(());
        };
        // Changes made between the first load and listening.
        self.refresh().await?;
        let (storage, memory) = (self.storage.clone(), self.memory.clone());
        let follower = tokio::spawn(async move {
            loop {
                let change = changes.next_change().await;
                memory
                    .not_listening
                    .store(change.is_err(), Ordering::Release);
                match change {
                    Ok(()) => memory.reload_until_done(storage.as_ref()).await,
                    Err(error) => {
                        tracing::error!(%error, "not hearing of other servers' changes; trying again in 1 s");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        });
        self.follower = Some(follower.abort_handle());
        Ok(())
    }

    /// Adds the services whose slugs storage does not have; returns how
    /// many were added.
    pub async fn add_missing(&self, records: &[ServiceRecord]) -> Result<usize, StoreError> {
        let added = self.storage.add_missing(records).await?;
        self.refresh().await?;
        Ok(added)
    }

    /// Reloads what is held in memory (see [`InMemory`]). The reload runs as
    /// a task of its own, so a request dropped half way (its client hung up)
    /// cannot stop it and leave the memory behind storage.
    pub(crate) async fn refresh(&self) -> Result<(), StoreError> {
        let storage = self.storage.clone();
        let memory = self.memory.clone();
        tokio::spawn(async move { memory.reload(storage.as_ref()).await })
            .await
            .unwrap_or_else(|error| Err(StoreError::Reload(error.to_string())))
    }

    /// Reloads after a committed change. The change stands whatever happens
    /// here, so a failed reload is not reported as a failed change: it is
    /// logged, counted and tried again, with backoff, until it succeeds.
    pub(crate) async fn refresh_after_commit(&self) {
        if let Err(error) = self.refresh().await {
            tracing::error!(%error, "a change was saved but the in-memory directory is behind; trying again");
            let (storage, memory) = (self.storage.clone(), self.memory.clone());
            tokio::spawn(async move { memory.reload_until_done(storage.as_ref()).await });
        }
    }

    /// Whether what is held in memory may be behind storage: a reload
    /// failed (it is being tried again) or other servers' changes are not
    /// being heard (the database is down). Pages are still served from it.
    pub fn is_behind(&self) -> bool {
        self.memory.reload_failed.load(Ordering::Acquire)
            || self.memory.not_listening.load(Ordering::Acquire)
    }

    /// Which state of the directory is held: it changes with every change
    /// to the directory, so anything made from it can tell it is stale.
    pub fn generation(&self) -> u64 {
        self.memory.generation.load(Ordering::Acquire)
    }

    /// The storage underneath, for staff reads and writes.
    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    fn catalogue(&self) -> Arc<Catalogue> {
        self.memory.catalogue.load_full()
    }

    /// How many services are listed (not archived).
    pub fn count(&self) -> usize {
        self.catalogue().service_count()
    }

    /// Names and slugs of listed services, by name; only `centre`'s if
    /// given. From memory, as every public read is: pages and searches
    /// stay up while the database is down.
    pub fn links(&self, centre: Option<&str>) -> Vec<ServiceLink> {
        self.catalogue().links(centre)
    }

    /// The listed services with a location at the hospital site `site`, by
    /// name, from memory.
    pub fn links_at_site(&self, site: &str) -> Vec<ServiceLink> {
        let catalogue = self.catalogue();
        let mut links: Vec<ServiceLink> = catalogue
            .entries
            .iter()
            .map(|entry| &entry.record)
            .filter(|record| record.sites.iter().any(|l| l.site == site))
            .map(|record| ServiceLink {
                slug: record.slug.clone(),
                name: record.name.clone(),
            })
            .collect();
        links.sort_by_key(|link| link.name.to_lowercase());
        links
    }

    /// One listed service, or `None`, from memory.
    pub fn service(&self, slug: &str) -> Option<ServiceRecord> {
        let catalogue = self.catalogue();
        let at = *catalogue.by_slug.get(slug)?;
        Some(catalogue.entry(at).record.clone())
    }

    /// Whether a listed service is open at `now` (unix seconds), if it has
    /// opening times.
    pub fn open_now(&self, slug: &str, now: i64) -> Option<OpenNow> {
        let catalogue = self.catalogue();
        let at = *catalogue.by_slug.get(slug)?;
        let times = &catalogue.entry(at).record.opening;
        (!times.is_empty()).then(|| open_now(times, now))
    }

    /// A listed service's staff-only details, if it has any.
    pub fn staff_details(&self, slug: &str, pass: &StaffPass) -> Option<StaffDetails> {
        let details = self.memory.staff_details.load();
        details.get(slug).map(|details| details.open(pass).clone())
    }

    /// The listed services whose staff-only details hold every word of
    /// `words` (a ward, a bleep number), by name, with those details.
    pub fn staff_matches(
        &self,
        words: &[String],
        pass: &StaffPass,
    ) -> Vec<(ServiceLink, StaffDetails)> {
        let details = self.memory.staff_details.load();
        self.catalogue()
            .entries
            .iter()
            .filter_map(|entry| {
                let found = details.get(&entry.record.slug)?.open(pass);
                found.matches(words).then(|| {
                    let link = ServiceLink {
                        slug: entry.record.slug.clone(),
                        name: entry.record.name.clone(),
                    };
                    (link, found.clone())
                })
            })
            .collect()
    }

    /// One page of results for a checked search.
    pub fn search(&self, search: &ValidSearch) -> SearchResults {
        self.catalogue().search(&self.synonyms, search)
    }

    /// The compact copy of the listed services, with `sites` and the lay
    /// words, for the browser's search (see [`compact`](super::compact)).
    pub fn search_data(&self, sites: &[Choice]) -> String {
        let catalogue = self.catalogue();
        let records = catalogue.entries.iter().map(|entry| &entry.record);
        super::compact::encode(records, sites, &self.synonyms)
    }

    /// What the search page lists for a checked search (see
    /// [`Catalogue::listing`]).
    pub fn listing(&self, search: &ValidSearch) -> Result<DirectoryListing, Vec<FieldProblem>> {
        self.catalogue().listing(&self.synonyms, search)
    }

    /// Every service a search finds, best first, in full (for the exports).
    pub fn records(&self, search: &ValidSearch) -> Vec<ServiceRecord> {
        let catalogue = self.catalogue();
        let plan = catalogue.plan(&self.synonyms, search);
        catalogue
            .find(search, plan.as_ref())
            .into_iter()
            .map(|at| catalogue.entry(at).record.clone())
            .collect()
    }
}
