//! Staff changes to the directory: adding, editing, archiving and restoring
//! services with a version check and an audit log entry stored together, so
//! that no save overwrites another unseen and every change is recorded. (The form is checked in `service_form`.)

use super::details::StaffPass;
use super::details::{numbers_text, StaffDetails};
use super::service_form::CheckedService;
use super::{AuditAction, AuditEntry, FieldChange, StaffMember, StaffServiceRow};
use crate::directory::live::Directory;
use crate::directory::ServiceRecord;
use crate::storage::{AuditNote, OwnersSet, StoreError, StoredService};

/// Each field of a record and its staff-only details as the audit log
/// (seen by staff only) shows it, with its label.
fn audit_fields(record: &ServiceRecord, details: &StaffDetails) -> Vec<(&'static str, String)> {
    let [opening_week, opening_dated, bank_holidays] = record.opening.audit_lines();
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
        ("Opening times", opening_week),
        ("Other times on dates", opening_dated),
        ("On bank holidays", bank_holidays),
        ("Referral information", record.referral.clone()),
        ("Centre", record.centre.clone().unwrap_or_default()),
        ("Last reviewed", record.last_reviewed.clone()),
        ("Review every", format!("{} months", record.review_months)),
        (
            "Extensions and direct lines (staff only)",
            numbers_text(&details.phones).replace('\n', "; "),
        ),
        (
            "Bleeps (staff only)",
            numbers_text(&details.bleeps).replace('\n', "; "),
        ),
        (
            "On call and out of hours (staff only)",
            details.out_of_hours.clone(),
        ),
        (
            "How to refer from within the trust (staff only)",
            details.internal_referral.clone(),
        ),
        ("Referral form (staff only)", details.referral_form.clone()),
        (
            "Where in the hospital (staff only)",
            details.whereabouts.clone(),
        ),
    ]
}

/// The fields that differ between two versions of a service.
pub fn changes(
    before: Option<(&ServiceRecord, &StaffDetails)>,
    after: &CheckedService,
) -> Vec<FieldChange> {
    let after_fields = audit_fields(&after.record, &after.details);
    let before_fields = before.map(|(record, details)| audit_fields(record, details));
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
    /// Someone saved first.
    #[error("the service changed since version {}", .0.since)]
    Stale(Box<Stale>),
    #[error("the slug is taken")]
    SlugTaken,
    /// An owner named has no staff account.
    #[error("no staff account has the email {0}")]
    NoSuchAccount(String),
}

/// A change refused because the service is no longer at the version the
/// editor started from: the service as it is now, with its history.
#[derive(Debug)]
pub struct Stale {
    /// The version the editor started from.
    pub since: i64,
    pub current: StoredService,
    /// Every change to the service, newest first.
    pub history: Vec<AuditEntry>,
}

impl Stale {
    /// The changes saved since the editor's version.
    pub fn changes(&self) -> Vec<AuditEntry> {
        self.history
            .iter()
            .filter(|entry| entry.version > self.since)
            .cloned()
            .collect()
    }
}

impl Directory {
    /// A service, archived or not, with its version.
    pub async fn stored_service(&self, slug: &str) -> Result<Option<StoredService>, StoreError> {
        self.storage().stored_service(slug).await
    }

    /// Every service, archived or not, by name, for the staff list.
    pub async fn staff_list(&self) -> Result<Vec<StaffServiceRow>, StoreError> {
        self.storage().staff_list().await
    }

    /// A service's audit log, newest first.
    pub async fn history(&self, slug: &str) -> Result<Vec<AuditEntry>, StoreError> {
        self.storage().history(slug).await
    }

    /// Adds a service (checked) as version 1, with its audit entry.
    pub async fn create_service(
        &self,
        checked: &CheckedService,
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let note = AuditNote {
            staff,
            action: AuditAction::Created,
            changes: changes(None, checked),
        };
        let CheckedService { record, details } = checked;
        if !self.storage().create_service(record, details, note).await? {
            return Err(EditError::SlugTaken);
        }
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Saves an edit made from `version`, unless someone saved since.
    pub async fn update_service(
        &self,
        version: i64,
        checked: &CheckedService,
        staff: &StaffMember,
        pass: &StaffPass,
    ) -> Result<(), EditError> {
        let record = &checked.record;
        let before = self
            .stored_service(&record.slug)
            .await?
            .ok_or(EditError::NotFound)?;
        if before.version != version {
            return Err(self.refused(&record.slug, version, Some(before)).await);
        }
        // `before` was read at `version`, and the update only happens if the
        // service is still at it, so it is the version replaced.
        let note = AuditNote {
            staff,
            action: AuditAction::Edited,
            changes: changes(Some((&before.record, before.details.open(pass))), checked),
        };
        if !self
            .storage()
            .update_service(version, record, &checked.details, note)
            .await?
        {
            return Err(self.refused(&record.slug, version, None).await);
        }
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
        let (action, before, after) = if archived {
            (AuditAction::Archived, "Yes", "No")
        } else {
            (AuditAction::Restored, "No", "Yes")
        };
        let note = AuditNote {
            staff,
            action,
            changes: vec![FieldChange {
                field: "Listed in the directory".into(),
                before: before.into(),
                after: after.into(),
            }],
        };
        if !self
            .storage()
            .set_archived(slug, version, archived, note)
            .await?
        {
            return Err(self.refused(slug, version, None).await);
        }
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Makes the accounts with `emails` (checked) a service's owners, from
    /// `version`, with its audit entry.
    pub async fn set_owners(
        &self,
        slug: &str,
        version: i64,
        emails: &[String],
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let before = self
            .stored_service(slug)
            .await?
            .ok_or(EditError::NotFound)?;
        let note = AuditNote {
            staff,
            action: AuditAction::Edited,
            changes: vec![FieldChange {
                field: "Owners".into(),
                before: before.owners.join("; "),
                after: emails.join("; "),
            }],
        };
        match self
            .storage()
            .set_owners(slug, version, emails, note)
            .await?
        {
            OwnersSet::Done => {
                self.refresh_after_commit().await;
                Ok(())
            }
            OwnersSet::Stale => Err(self.refused(slug, version, Some(before)).await),
            OwnersSet::NoSuchAccount(email) => Err(EditError::NoSuchAccount(email)),
        }
    }

    /// Records that an editor checked a service from `version` and found it
    /// still correct: reviewed `today`, a new version, in the audit log.
    pub async fn mark_reviewed(
        &self,
        slug: &str,
        version: i64,
        today: &str,
        staff: &StaffMember,
    ) -> Result<(), EditError> {
        let before = self
            .stored_service(slug)
            .await?
            .ok_or(EditError::NotFound)?;
        let note = AuditNote {
            staff,
            action: AuditAction::Verified,
            changes: vec![FieldChange {
                field: "Last reviewed".into(),
                before: before.record.last_reviewed,
                after: today.into(),
            }],
        };
        if !self
            .storage()
            .mark_reviewed(slug, version, today, note)
            .await?
        {
            return Err(self.refused(slug, version, None).await);
        }
        self.refresh_after_commit().await;
        Ok(())
    }

    /// Why a versioned change from `since` matched nothing: no such service,
    /// or changes since (`current`: the service as just read, if it was).
    async fn refused(&self, slug: &str, since: i64, current: Option<StoredService>) -> EditError {
        let current = match current {
            Some(current) => current,
            None => match self.stored_service(slug).await {
                Ok(Some(current)) => current,
                Ok(None) => return EditError::NotFound,
                Err(error) => return error.into(),
            },
        };
        match self.history(slug).await {
            Ok(history) => EditError::Stale(Box::new(Stale {
                since,
                current,
                history,
            })),
            Err(error) => error.into(),
        }
    }
}
