//! Reports of problems with services' entries (`service_reports`), each
//! kept or closed in one transaction with its audit entry.

use super::editing::{write_audit, AuditRow};
use super::{failed, SqlStore};
use app::reports::{CheckedReport, Closing, ProblemReport, VISITOR};
use app::staff::{AuditAction, FieldChange};
use app::storage::{ReportStore, StoreError};
use async_trait::async_trait;

/// The most open reports one list shows.
const REPORTS_LISTED: i64 = 500;

/// What the audit log calls report `id`.
fn report_name(id: i64) -> String {
    format!("Report {id}")
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn add_report(
        &self,
        slug: &str,
        report: &CheckedReport,
        reporter: Option<&str>,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let service: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, version FROM services WHERE slug = $1 AND NOT archived")
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await
                .map_err(failed)?;
        let Some((service_id, version)) = service else {
            return Ok(false);
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO service_reports (service_id, what_is_wrong, contact, reported_by, \
             reported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(service_id)
        .bind(&report.what_is_wrong)
        .bind(&report.contact)
        .bind(reporter.unwrap_or_default())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(failed)?;
        // What was reported stays with the report, for its owners and the
        // admins: the log, which every editor sees, says only that it came.
        let changes = [FieldChange {
            field: report_name(id),
            before: String::new(),
            after: "Received".into(),
        }];
        let entry = AuditRow {
            who: reporter.unwrap_or(VISITOR),
            action: AuditAction::Reported,
            changes: &changes,
        };
        write_audit(&mut tx, service_id, version, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(true)
    }

    async fn open_reports(&self, owner: Option<&str>) -> Result<Vec<ProblemReport>, StoreError> {
        let rows: Vec<(i64, String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT r.id, s.slug, s.name, r.what_is_wrong, r.contact, r.reported_by, \
             r.reported_at FROM service_reports r JOIN services s ON s.id = r.service_id \
             WHERE r.closed_at IS NULL AND ($1 IS NULL OR EXISTS (SELECT 1 FROM service_owners o \
             JOIN staff_users u ON u.id = o.user_id \
             WHERE o.service_id = r.service_id AND u.email = $1)) \
             ORDER BY r.reported_at, r.id LIMIT $2",
        )
        .bind(owner)
        .bind(REPORTS_LISTED)
        .fetch_all(&self.pool)
        .await
        .map_err(failed)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, slug, service_name, what_is_wrong, contact, reported_by, reported_at)| {
                    ProblemReport {
                        id,
                        slug,
                        service_name,
                        what_is_wrong,
                        contact,
                        reported_by: (!reported_by.is_empty()).then_some(reported_by),
                        reported_at,
                    }
                },
            )
            .collect())
    }

    async fn close_report(
        &self,
        id: i64,
        owner: Option<&str>,
        note: &str,
        staff_email: &str,
        at: i64,
    ) -> Result<Closing, StoreError> {
        let mut tx = self.begin_write().await?;
        let report: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT s.id, s.slug, s.version FROM service_reports r \
             JOIN services s ON s.id = r.service_id WHERE r.id = $1 AND r.closed_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        let Some((service_id, slug, version)) = report else {
            return Ok(Closing::NotOpen);
        };
        if let Some(owner) = owner {
            let owns: Option<i64> = sqlx::query_scalar(
                "SELECT o.user_id FROM service_owners o JOIN staff_users u ON u.id = o.user_id \
                 WHERE o.service_id = $1 AND u.email = $2",
            )
            .bind(service_id)
            .bind(owner)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
            if owns.is_none() {
                return Ok(Closing::NotTheirs);
            }
        }
        let closed: Option<i64> = sqlx::query_scalar(
            "UPDATE service_reports SET closed_at = $1, closed_by = $2, closing_note = $3 \
             WHERE id = $4 AND closed_at IS NULL RETURNING id",
        )
        .bind(at)
        .bind(staff_email)
        .bind(note)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
        if closed.is_none() {
            return Ok(Closing::NotOpen);
        }
        let changes = [FieldChange {
            field: report_name(id),
            before: "Open".into(),
            after: "Closed".into(),
        }];
        let entry = AuditRow {
            who: staff_email,
            action: AuditAction::ReportClosed,
            changes: &changes,
        };
        write_audit(&mut tx, service_id, version, &entry).await?;
        tx.commit().await.map_err(failed)?;
        Ok(Closing::Closed(slug))
    }
}
