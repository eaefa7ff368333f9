//! The service form's posts: add, edit, archive and restore.

use super::extract::{AtLeast, Editor, PostedForm};
use super::{problem, signed_in, unavailable, StaffState};
use app::directory::FieldProblem;
use app::paths;
use app::staff::editing::EditError;
use app::staff::service_form::{check_service_form, form_of, iso_date, FormPlaces};
use app::staff::{fields, FormReply, ServiceForm, StaffMember};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

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
        referral: text(fields::REFERRAL),
        centre: text(fields::CENTRE),
    }
}

/// `POST /staff/services/new`.
pub async fn create_service(
    State(state): State<StaffState>,
    AtLeast { staff, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Response {
    let form = service_form(&posted);
    let refuse = |problems: Vec<FieldProblem>| {
        let reply = FormReply::Service {
            form: Box::new(form.clone()),
            problems,
            conflict: None,
        };
        state.page(
            paths::NEW_SERVICE,
            signed_in(&staff),
            Some(reply),
            StatusCode::BAD_REQUEST,
        )
    };
    let record = match check_service_form(&form, &FormPlaces::of(&state.content), None, &today()) {
        Ok(record) => record,
        Err(problems) => return refuse(problems).await,
    };
    match state.directory.create_service(&record, &staff).await {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %record.slug, "service added");
            Redirect::to(&paths::service(&record.slug)).into_response()
        }
        Err(EditError::SlugTaken) => {
            refuse(vec![problem(
                fields::SLUG,
                "Another service already has this web address name: choose another",
            )])
            .await
        }
        Err(error) => unavailable(error),
    }
}

/// `POST /staff/services/{slug}/edit`.
pub async fn edit_service(
    State(state): State<StaffState>,
    Path(slug): Path<String>,
    AtLeast { staff, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Response {
    let page = paths::edit_service(&slug);
    let mut form = service_form(&posted);
    form.slug = slug.clone();
    let reply = |form: ServiceForm, problems, conflict, status| {
        let reply = FormReply::Service {
            form: Box::new(form),
            problems,
            conflict,
        };
        state.page(&page, signed_in(&staff), Some(reply), status)
    };
    let Some(version) = form.version else {
        let problems = vec![problem(
            fields::NAME,
            "The form is missing the version it was opened at: open the service again",
        )];
        return reply(form, problems, None, StatusCode::BAD_REQUEST).await;
    };
    let record = match check_service_form(
        &form,
        &FormPlaces::of(&state.content),
        Some(&slug),
        &today(),
    ) {
        Ok(record) => record,
        Err(problems) => return reply(form, problems, None, StatusCode::BAD_REQUEST).await,
    };
    match state
        .directory
        .update_service(version, &record, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, "service edited");
            Redirect::to(&paths::service(&slug)).into_response()
        }
        Err(error) => edit_refused(&state, &staff, &page, form, error).await,
    }
}

/// The answer to an edit, archive or restore the directory refused.
async fn edit_refused(
    state: &StaffState,
    staff: &StaffMember,
    page: &str,
    mut form: ServiceForm,
    error: EditError,
) -> Response {
    match error {
        EditError::Stale(_, changes) => {
            // What the editor typed stays; the form now carries the newest
            // version, so saving again is a choice made after seeing the changes.
            form.version = match state.directory.stored_service(&form.slug).await {
                Ok(Some(stored)) => Some(stored.version),
                Ok(None) => {
                    return state
                        .page(page, signed_in(staff), None, StatusCode::NOT_FOUND)
                        .await
                }
                Err(error) => return unavailable(error),
            };
            let reply = FormReply::Service {
                form: Box::new(form),
                problems: Vec::new(),
                conflict: Some(changes),
            };
            state
                .page(page, signed_in(staff), Some(reply), StatusCode::CONFLICT)
                .await
        }
        EditError::NotFound => {
            state
                .page(page, signed_in(staff), None, StatusCode::NOT_FOUND)
                .await
        }
        error => unavailable(error),
    }
}

/// `POST /staff/services/{slug}/archive` (`ARCHIVED`) and `.../restore`.
pub async fn set_archived<const ARCHIVED: bool>(
    State(state): State<StaffState>,
    Path(slug): Path<String>,
    AtLeast { staff, .. }: AtLeast<Editor>,
    posted: PostedForm,
) -> Response {
    let archived = ARCHIVED;
    let page = paths::edit_service(&slug);
    let version = posted.field(fields::VERSION).parse().unwrap_or(0);
    match state
        .directory
        .set_archived(&slug, version, archived, &staff)
        .await
    {
        Ok(()) => {
            tracing::info!(staff = %staff.email, service = %slug, archived, "service listing changed");
            Redirect::to(&page).into_response()
        }
        Err(error) => {
            let form = match state.directory.stored_service(&slug).await {
                Ok(Some(stored)) => form_of(&stored.record, stored.version),
                Ok(None) => ServiceForm::default(),
                Err(error) => return unavailable(error),
            };
            edit_refused(&state, &staff, &page, form, error).await
        }
    }
}
