//! Enrolments' actions, and one's certificates.

use super::sessions::to_session;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::training::actions::{self, EnrolmentStep};
use crate::training::store::{self, Completion, Qualification};
use crate::web::extract::{Form, Path, Posted};
use crate::web::{Ctx, done};

/// The session of enrolment `id`, where its forms lead back to.
async fn session_of(state: &AppState, id: i64) -> AppResult<i64> {
    Ok(store::enrolment(&state.db, id).await?.session_id)
}

/// Marks the person present or absent on one day.
pub async fn mark_attendance(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let user = ctx.user()?;
    let session = session_of(&state, *id).await?;
    let outcome = match parse_date(form.get("day")) {
        Some(day) => actions::mark(&state, user, &ctx.request_id, *id, day, form.get("present") == "1")
            .await
            .map(|()| "training.attendance_saved"),
        None => Err(AppError::invalid("day", "training.error.day")),
    };
    to_session(&state, Posted { id: session, ..posted }, "#attendance", outcome).await
}

/// Records the modules the person completed, each with a certificate.
pub async fn complete_enrolment(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let user = ctx.user()?;
    let session = session_of(&state, *id).await?;
    let outcome = actions::complete(&state, user, &ctx.request_id, *id, form.get("assessment_passed") == "1")
        .await
        .map(|_| "training.completed");
    to_session(&state, Posted { id: session, ..posted }, "", outcome).await
}

/// Approves, refuses or cancels the enrolment.
async fn take_step(state: AppState, posted: Posted, step: EnrolmentStep) -> AppResult<Response> {
    let Posted { ctx, id, .. } = &posted;
    let user = ctx.user()?;
    let session = session_of(&state, *id).await?;
    let outcome = actions::step(&state, user, &ctx.request_id, *id, step)
        .await
        .map(|()| "training.enrolment_updated");
    to_session(&state, Posted { id: session, ..posted }, "", outcome).await
}

/// The person's coordinator agrees to the enrolment.
pub async fn approve_enrolment(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    take_step(state, posted, EnrolmentStep::Approve).await
}

/// The person's coordinator does not agree: the seat is freed.
pub async fn refuse_enrolment(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    take_step(state, posted, EnrolmentStep::Refuse).await
}

/// The person or a coordinator withdraws: the seat is freed.
pub async fn cancel_enrolment(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    take_step(state, posted, EnrolmentStep::Cancel).await
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/certificates.html")]
pub struct CertificatesPage {
    ctx: Ctx,
    certificates: Vec<Completion>,
    qualifications: Vec<Qualification>,
    today: String,
}

pub async fn certificates(State(state): State<AppState>, ctx: Ctx) -> AppResult<CertificatesPage> {
    let user = ctx.user()?;
    let certificates = store::certificates_of(&state.db, user.person.id).await?;
    let qualifications = store::qualifications_of(&state.db, user.person.id).await?;
    let today = state.clock.now().date_naive().to_string();
    Ok(CertificatesPage {
        ctx,
        certificates,
        qualifications,
        today,
    })
}

#[derive(serde::Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<RevokeForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    actions::revoke(&state, user, &ctx.request_id, &code, &form.reason).await?;
    Ok(done(&state, &format!("/verify/{code}"), "training.revoked"))
}
