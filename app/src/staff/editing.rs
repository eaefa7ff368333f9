//! Staff changes to the directory: checking an edit form, and adding,
//! editing, archiving and restoring services with a version check and an
//! audit log entry in the same transaction, so that no save overwrites
//! another unseen and every change is recorded.

use super::accounts::check_email;
use super::{
    fields, AuditAction, AuditEntry, FieldChange, ServiceForm, StaffMember, StaffServiceRow,
};
use crate::directory::store::{bind_fields, insert_service, insert_sites, Directory, StoreError};
use crate::directory::{AgeGroup, FieldProblem, ServiceGroup, ServiceLocation, ServiceRecord};
use crate::model::SiteContent;
use crate::text_rules::{forbidden_character, FORBIDDEN_CHARACTER};

const MAX_NAME_CHARS: usize = 100;
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 20..=600;
const MAX_CONDITIONS: usize = 60;
const MAX_CONDITION_CHARS: usize = 80;
const MAX_LOCATION_CHARS: usize = 120;
const MAX_PHONE_CHARS: usize = 60;
const MAX_HOURS_CHARS: usize = 300;
const MAX_REFERRAL_CHARS: usize = 1_000;
/// Starts write transactions: takes the write lock at once, waiting for
/// another writer to finish, so that a concurrent save is never refused by
/// SQLite as "busy" but runs after the first and sees its new version.
const WRITE: &str = "BEGIN IMMEDIATE";
const SLUG_CHARS: std::ops::RangeInclusive<usize> = 2..=60;

/// Checks a service form against the site's sites and centres. `slug` is the
/// service's own when editing (the form's slug is ignored then); `today` is
/// the new "last reviewed" date. Every problem is reported at once, each
/// naming its field.
pub fn check_service_form(
    form: &ServiceForm,
    content: &SiteContent,
    slug: Option<&str>,
    today: &str,
) -> Result<ServiceRecord, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut fail = |field: &str, message: String| {
        problems.push(FieldProblem {
            field: field.to_string(),
            message,
        })
    };
    let slug = match slug {
        Some(slug) => slug.to_string(),
        None => {
            let slug = form.slug.trim().to_string();
            let well_formed = SLUG_CHARS.contains(&slug.len())
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !slug.starts_with('-')
                && !slug.ends_with('-')
                && !slug.contains("--");
            if slug.is_empty() {
                fail(fields::SLUG, "Enter a web address name".into());
            } else if !well_formed {
                fail(
                    fields::SLUG,
                    "Web address name must be 2 to 60 lower-case letters, numbers and single \
                     hyphens, like heart-failure-clinic"
                        .into(),
                );
            }
            slug
        }
    };
    let name = form.name.trim().to_string();
    if name.is_empty() {
        fail(fields::NAME, "Enter the service name".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        fail(
            fields::NAME,
            format!("Service name must be {MAX_NAME_CHARS} characters or fewer"),
        );
    } else if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        fail(
            fields::NAME,
            "Service name must start with a capital letter A to Z".into(),
        );
    }
    let group = ServiceGroup::from_slug(&form.group);
    if group.is_none() {
        fail(fields::GROUP, "Select a specialist group".into());
    }
    let description = form.description.trim().to_string();
    if !DESCRIPTION_CHARS.contains(&description.chars().count()) {
        fail(
            fields::DESCRIPTION,
            format!(
                "Description must be {} to {} characters long",
                DESCRIPTION_CHARS.start(),
                DESCRIPTION_CHARS.end()
            ),
        );
    }
    let conditions: Vec<String> = form
        .conditions
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    if conditions.is_empty() {
        fail(
            fields::CONDITIONS,
            "Enter at least one condition or everyday word, one per line".into(),
        );
    } else if conditions.len() > MAX_CONDITIONS {
        fail(
            fields::CONDITIONS,
            format!("Enter {MAX_CONDITIONS} conditions or fewer"),
        );
    } else if let Some(long) = conditions
        .iter()
        .find(|c| c.chars().count() > MAX_CONDITION_CHARS)
    {
        fail(
            fields::CONDITIONS,
            format!(
                "Each condition must be {MAX_CONDITION_CHARS} characters or fewer: \"{}...\" is longer",
                long.chars().take(30).collect::<String>()
            ),
        );
    } else if conditions.iter().any(|c| c.contains(';')) {
        fail(
            fields::CONDITIONS,
            "Conditions must not contain a semicolon: put each on its own line".into(),
        );
    }
    let age_group = AgeGroup::from_slug(&form.age_group);
    if age_group.is_none() {
        fail(fields::AGE_GROUP, "Select who the service is for".into());
    }
    let mut sites = Vec::new();
    for site in &content.sites {
        if !form.sites.contains(&site.slug) {
            continue;
        }
        let location = form.location(&site.slug).trim().to_string();
        let field = format!("{}{}", fields::LOCATION_PREFIX, site.slug);
        if location.is_empty() {
            fail(
                &field,
                format!("Enter where at {} the service is", site.name),
            );
        } else if location.chars().count() > MAX_LOCATION_CHARS {
            fail(
                &field,
                format!(
                    "Where at {} must be {MAX_LOCATION_CHARS} characters or fewer",
                    site.name
                ),
            );
        }
        sites.push(ServiceLocation {
            site: site.slug.clone(),
            location,
        });
    }
    let unknown_site = form
        .sites
        .iter()
        .any(|s| !content.sites.iter().any(|site| &site.slug == s));
    if sites.is_empty() || unknown_site {
        fail(
            fields::SITES,
            "Select at least one hospital where the service is".into(),
        );
    }
    let phone = form.phone.trim().to_string();
    if phone.is_empty() {
        fail(fields::PHONE, "Enter a phone number".into());
    } else if phone.chars().count() > MAX_PHONE_CHARS
        || phone.chars().filter(char::is_ascii_digit).count() < 6
    {
        fail(
            fields::PHONE,
            "Enter a phone number, like 0113 243 3144 (switchboard)".into(),
        );
    }
    let email = form.email.trim().to_lowercase();
    let email = if email.is_empty() {
        None
    } else {
        match check_email(fields::EMAIL, &email) {
            Ok(email) => Some(email),
            Err(problem) => {
                fail(&problem.field, problem.message);
                None
            }
        }
    };
    let opening_hours = form.opening_hours.trim().to_string();
    if opening_hours.is_empty() || opening_hours.chars().count() > MAX_HOURS_CHARS {
        fail(
            fields::OPENING_HOURS,
            format!("Enter opening hours, {MAX_HOURS_CHARS} characters or fewer"),
        );
    }
    let referral = form.referral.trim().to_string();
    if referral.is_empty() || referral.chars().count() > MAX_REFERRAL_CHARS {
        fail(
            fields::REFERRAL,
            format!("Enter how professionals refer, {MAX_REFERRAL_CHARS} characters or fewer"),
        );
    }
    let centre = match form.centre.trim() {
        "" => None,
        centre if content.centres.iter().any(|c| c.slug == centre) => Some(centre.to_string()),
        _ => {
            fail(
                fields::CENTRE,
                "Select a centre from the list, or none".into(),
            );
            None
        }
    };
    let typed = [
        (fields::SLUG, form.slug.as_str(), false, "Web address name"),
        (fields::NAME, &form.name, false, "Service name"),
        (fields::DESCRIPTION, &form.description, true, "Description"),
        (fields::CONDITIONS, &form.conditions, true, "Conditions"),
        (fields::PHONE, &form.phone, false, "Phone number"),
        (fields::EMAIL, &form.email, false, "Email address"),
        (
            fields::OPENING_HOURS,
            &form.opening_hours,
            true,
            "Opening hours",
        ),
        (fields::REFERRAL, &form.referral, true, "How to refer"),
    ];
    let locations = form.locations.iter().map(|(site, location)| {
        (
            location.as_str(),
            format!("{}{site}", fields::LOCATION_PREFIX),
        )
    });
    for (field, value, multiline, label) in typed {
        if forbidden_character(value, multiline).is_some() {
            fail(field, format!("{label} {FORBIDDEN_CHARACTER}"));
        }
    }
    for (value, field) in locations {
        if forbidden_character(value, false).is_some() {
            fail(
                &field,
                format!("Where at the hospital {FORBIDDEN_CHARACTER}"),
            );
        }
    }
    match (group, age_group) {
        (Some(group), Some(age_group)) if problems.is_empty() => Ok(ServiceRecord {
            slug,
            name,
            group,
            description,
            conditions,
            age_group,
            phone,
            email,
            opening_hours,
            referral,
            centre,
            last_reviewed: today.to_string(),
            sites,
        }),
        _ => Err(problems),
    }
}

/// A record as the edit form shows it.
pub fn form_of(record: &ServiceRecord, version: i64) -> ServiceForm {
    ServiceForm {
        version: Some(version),
        slug: record.slug.clone(),
        name: record.name.clone(),
        group: record.group.slug().to_string(),
        description: record.description.clone(),
        conditions: record.conditions.join("\n"),
        age_group: record.age_group.slug().to_string(),
        sites: record.sites.iter().map(|s| s.site.clone()).collect(),
        locations: record
            .sites
            .iter()
            .map(|s| (s.site.clone(), s.location.clone()))
            .collect(),
        phone: record.phone.clone(),
        email: record.email.clone().unwrap_or_default(),
        opening_hours: record.opening_hours.clone(),
        referral: record.referral.clone(),
        centre: record.centre.clone().unwrap_or_default(),
    }
}

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
