//! The service form's posts: add, edit, archive and restore.

use super::extract::{AtLeast, Editor, Member, PostedForm};
use super::{problem, FormRefused};
use crate::state::AppState;
use app::directory::FieldProblem;
use app::paths;
use app::staff::accounts::check_email;
use app::staff::api::server_side::editor_page;
use app::staff::details::StaffPass;
use app::staff::editing::{EditError, Stale};
use app::staff::service_form::{check_service_form, form_of, iso_date, FormChoices};
use app::staff::{fields, AuditEntry, FormPage, Role, ServiceForm, StaffError, StaffMember};
use app::storage::StoredService;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Redirect;

/// Today's date (UTC) as `YYYY-MM-DD`, for "last reviewed".
fn today() -> String {
    iso_date(time::OffsetDateTime::now_utc().date())
}

/// The service form's fields, as typed.
fn service_form(form: &PostedForm) -> ServiceForm {
    let text = |name: &str| form.field(name).to_string();
    ServiceForm {
        version: form.field(fields::VERSION).parse().ok(),
        slug: text(fields::SLUG),
        name: text(fields::NAME),
        group: text(fields::GROUP),
        description: text(fields::DESCRIPTION),
        conditions: text(fields::CONDITIONS),
        age_group: text(fields::AGE_GROUP),
        sites: form.all(fields::SITES),
        locations: form
            .0
            .iter()
            .filter_map(|(key, value)| {
                let site = key.strip_prefix(fields::LOCATION_PREFIX)?;
                Some((site.to_string(), value.clone()))
            })
            .collect(),
        phone: text(fields::PHONE),
        email: text(fields::EMAIL),
        opening_hours: text(fields::OPENING_HOURS),
        opening_days: std::array::from_fn(|day| text(&fields::opening_day(day))),
        opening_dated: text(fields::OPENING_DATED),
        bank_holidays: text(fields::BANK_HOLIDAYS),
        referral: text(fields::REFERRAL),
        centre: text(fields::CENTRE),
        review_months: text(fields::REVIEW_MONTHS),
        staff_phones: text(fields::STAFF_PHONES),
        bleeps: text(fields::BLEEPS),
        out_of_hours: text(fields::OUT_OF_HOURS),
        internal_referral: text(fields::INTERNAL_REFERRAL),
        referral_form: text(fields::REFERRAL_FORM),
        whereabouts: text(fields::WHEREABOUTS),
    }
}

/// The service form's page again, for a save refused with `status`.
struct Refusal<'a> {
    state: &'a AppState,
    staff: &'a StaffMember,
    pass: &'a StaffPass,
}

impl Refusal<'_> {
    fn page(
        &self,
        status: StatusCode,
        stored: Option<(StoredService, Vec<AuditEntry>)>,
        form: ServiceForm,
        problems: Vec<FieldProblem>,
        conflict: Option<Vec<AuditEntry>>,
    ) -> FormRefused {
        let page = editor_page(
            self.staff.clone(),
            &self.state.content,
            stored,
            form,
            problems,
            conflict,
        );
        FormRefused::Page(status, FormPage::Service(Box::new(page)))
    }

    /// What to correct in the form of a stored service, read with its
    /// history for the page.
    async fn invalid(&self, form: ServiceForm, problems: Vec<FieldProblem>) -> FormRefused {
        let directory = &self.state.directory;
        let stored = match directory.stored_service(&form.slug).await {
            Ok(Some(stored)) => stored,
            Ok(None) => return not_found(),
            Err(error) => return FormRefused::failed(error),
        };
        match directory.history(&form.slug).await {
            Ok(history) => self.page(
                StatusCode::BAD_REQUEST,
                Some((stored, history)),
                form,
                problems,
                None,
            ),
            Err(error) => FormRefused::failed(error),
        }
    }

    /// The service's form again, with what is wrong with the owners typed.
    async fn owners_refused(&self, slug: &str, message: String) -> FormRefused {
        let stored = match self.state.directory.stored_service(slug).await {
            Ok(Some(stored)) => stored,
            Ok(None) => return not_found(),
            Err(error) => return FormRefused::failed(error),
        };
        let form = form_of(
            &stored.record,
            stored.details.open(self.pass),
            stored.version,
        );
        self.invalid(form, vec![problem(fields::OWNERS, &message)])
            .await
    }

    /// The answer to a change the directory refused. When someone saved
    /// first, what the editor typed (`form`, if they typed) stays, at the
    /// newest version, so saving again is a choice made after seeing the
    /// changes.
    fn edit_refused(&self, form: Option<ServiceForm>, error: EditError) -> FormRefused {
        match error {
            EditError::Stale(stale) => {
                let changes = stale.changes();
                let Stale {
                    current, history, ..
                } = *stale;
                let mut form = form.unwrap_or_else(|| {
                    form_of(
                        &current.record,
                        current.details.open(self.pass),
                        current.version,
                    )
                });
                form.version = Some(current.version);
                self.page(
                    StatusCode::CONFLICT,
                    Some((current, history)),
                    form,
                    Vec::new(),
                    Some(changes),
                )
            }
            EditError::NotFound => not_found(),
            error => FormRefused::failed(error),
        }
    }
}

fn not_found() -> FormRefused {
    FormRefused::Page(
        StatusCode::NOT_FOUND,
        FormPage::Refused(StaffError::NotFound),
    )
}

/// `POST /staff/services/new`.
pub async fn create_service(
    State(state): State<AppState>,
    AtLeast { staff, pass, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let form = service_form(&posted);
    let refusal = Refusal {
        state: &state,
        staff: &staff,
        pass: &pass,
    };
    let refuse = |form, problems| refusal.page(StatusCode::BAD_REQUEST, None, form, problems, None);
    let checked = check_service_form(&form, &FormChoices::of(&state.content), None, &today())
        .map_err(|problems| refuse(form.clone(), problems))?;
    match state.directory.create_service(&checked, &staff).await {
        Ok(()) => {
            let slug = &checked.record.slug;
            tracing::info!(staff = %staff.email, service = %slug, "service added");
            Ok(Redirect::to(&paths::service(slug)))
        }
        Err(EditError::SlugTaken) => Err(refuse(
            form,
            vec![problem(
                fields::SLUG,
                "Another service already has this web address name: choose another",
            )],
        )),
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// `POST /staff/services/{slug}/edit`.
pub async fn edit_service(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    AtLeast { staff, pass, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let refusal = Refusal {
        state: &state,
        staff: &staff,
        pass: &pass,
    };
    let mut form = service_form(&posted);
    form.slug = slug.clone();
    let Some(version) = form.version else {
        let problems = vec![problem(
            fields::NAME,
            "The form is missing the version it was opened at: open the service again",
        )];
        return Err(refusal.invalid(form, problems).await);
    };
    let checked = check_service_form(
        &form,
        &FormChoices::of(&state.content),
        Some(&slug),
        &today(),
    );
    let checked = match checked {
        Ok(checked) => checked,
        Err(problems) => return Err(refusal.invalid(form, problems).await),
    };
    match state
        .directory
        .update_service(version, &checked, &staff, &pass)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, "service edited");
            Ok(Redirect::to(&paths::service(&slug)))
        }
        Err(error) => Err(refusal.edit_refused(Some(form), error)),
    }
}

/// `POST /staff/services/{slug}/archive` (`ARCHIVED`) and `.../restore`.
pub async fn set_archived<const ARCHIVED: bool>(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    AtLeast { staff, pass, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let archived = ARCHIVED;
    let version = posted.field(fields::VERSION).parse().unwrap_or(0);
    match state
        .directory
        .set_archived(&slug, version, archived, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, archived, "service listing changed");
            Ok(Redirect::to(&paths::edit_service(&slug)))
        }
        Err(error) => {
            let refusal = Refusal {
                state: &state,
                staff: &staff,
                pass: &pass,
            };
            Err(refusal.edit_refused(None, error))
        }
    }
}

/// `POST /staff/services/{slug}/verify`: "Still correct": reviewed today.
/// For editors, and for the service's owners.
pub async fn mark_reviewed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    AtLeast { staff, pass, .. }: AtLeast<Member>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let refusal = Refusal {
        state: &state,
        staff: &staff,
        pass: &pass,
    };
    if !staff.may_act_as(Role::Editor) {
        let owners = match state.directory.stored_service(&slug).await {
            Ok(Some(stored)) => stored.owners,
            Ok(None) => return Err(not_found()),
            Err(error) => return Err(FormRefused::failed(error)),
        };
        if !owners.contains(&staff.email) {
            return Err(FormRefused::Page(
                StatusCode::FORBIDDEN,
                FormPage::Refused(StaffError::Forbidden),
            ));
        }
    }
    let version = posted.field(fields::VERSION).parse().unwrap_or(0);
    match state
        .directory
        .mark_reviewed(&slug, version, &today(), &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, "service checked: still correct");
            Ok(Redirect::to(paths::STAFF))
        }
        Err(error) if staff.may_act_as(Role::Editor) => Err(refusal.edit_refused(None, error)),
        Err(EditError::Stale(_)) => Err(FormRefused::Page(
            StatusCode::CONFLICT,
            FormPage::Refused(StaffError::Changed),
        )),
        Err(error) => Err(FormRefused::failed(error)),
    }
}

/// `POST /staff/services/{slug}/owners`: the accounts whose emails are
/// typed, one per line, own the service.
pub async fn set_owners(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    AtLeast { staff, pass, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Result<Redirect, FormRefused> {
    let refusal = Refusal {
        state: &state,
        staff: &staff,
        pass: &pass,
    };
    let version = posted.field(fields::VERSION).parse().unwrap_or(0);
    let refuse = |message: String| refusal.owners_refused(&slug, message);
    let mut emails: Vec<String> = Vec::new();
    for line in posted
        .field(fields::OWNERS)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match check_email(fields::OWNERS, line) {
            Ok(email) if !emails.contains(&email) => emails.push(email),
            Ok(_) => {}
            Err(problem) => return Err(refuse(problem.message).await),
        }
    }
    if emails.len() > MAX_OWNERS {
        return Err(refuse(format!("Enter {MAX_OWNERS} owners or fewer")).await);
    }
    match state
        .directory
        .set_owners(&slug, version, &emails, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, owners = emails.len(), "service owners set");
            Ok(Redirect::to(&paths::edit_service(&slug)))
        }
        Err(EditError::NoSuchAccount(email)) => Err(refuse(format!(
            "No staff account has the email {email}: invite them first"
        ))
        .await),
        Err(error) => Err(refusal.edit_refused(None, error)),
    }
}

/// The most owners a service has.
const MAX_OWNERS: usize = 10;
