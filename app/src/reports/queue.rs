//! The reports queue in storage, as the directory hands it out: kept,
//! listed for whoever is to act on them, closed.

use super::{CheckedReport, Closing, ProblemReport};
use crate::directory::live::Directory;
use crate::staff::{Role, StaffMember};
use crate::storage::StoreError;

/// Whose reports a member of staff sees: every one (admins), or those
/// about services they own.
fn owner_filter(staff: &StaffMember) -> Option<&str> {
    (!staff.may_act_as(Role::Admin)).then_some(staff.email.as_str())
}

impl Directory {
    /// Keeps a report about the listed service `slug`, from a member
    /// of staff or a visitor (`None`), made `at` (unix seconds);
    /// `false` if no listed service has that slug.
    pub async fn report_problem(
        &self,
        slug: &str,
        report: &CheckedReport,
        reporter: Option<&StaffMember>,
        at: i64,
    ) -> Result<bool, StoreError> {
        let reporter = reporter.map(|staff| staff.email.as_str());
        self.storage().add_report(slug, report, reporter, at).await
    }

    /// The open reports a member of staff is to act on, oldest first.
    pub async fn open_reports(
        &self,
        staff: &StaffMember,
    ) -> Result<Vec<ProblemReport>, StoreError> {
        self.storage().open_reports(owner_filter(staff)).await
    }

    /// Closes report `id` with `note` (checked) `at` (unix seconds),
    /// if it is open and the member of staff owns its service or is an
    /// admin.
    pub async fn close_report(
        &self,
        id: i64,
        note: &str,
        staff: &StaffMember,
        at: i64,
    ) -> Result<Closing, StoreError> {
        self.storage()
            .close_report(id, owner_filter(staff), note, &staff.email, at)
            .await
    }
}
