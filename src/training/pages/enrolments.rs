//! Enrolments' actions, and one's certificates.

use super::sessions::session_page;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::training::actions::{self, EnrolmentStep};
use crate::training::store::{self, Completion, Qualification};
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Typed, answer, done};

/// An enrolment's actions: approve, refuse, cancel, attendance, complete.
pub async fn enrolment_act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, what)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let rid = &ctx.request_id;
    let enrolment = store::enrolment(&state.db, id).await?;
    let outcome = match what.as_str() {
        "attendance" => match parse_date(form.get("day")) {
            Some(day) => actions::mark(&state, user, rid, id, day, form.get("present") == "1")
                .await
                .map(|()| "training.attendance_saved"),
            None => Err(AppError::invalid("day", "training.error.day")),
        },
        "complete" => actions::complete(&state, user, rid, id, form.get("assessment_passed") == "1")
            .await
            .map(|_| "training.completed"),
        step => {
            let step = EnrolmentStep::parse(step).ok_or(AppError::NotFound)?;
            actions::step(&state, user, rid, id, step)
                .await
                .map(|()| "training.enrolment_updated")
        }
    };
    let anchor = if what == "attendance" { "#attendance" } else { "" };
    let outcome = outcome.map(|key| (format!("/training/sessions/{}{anchor}", enrolment.session_id), key));
    answer(&state, outcome, |message| {
        session_page(&state, ctx.clone(), enrolment.session_id, form, Some(message))
    })
    .await
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
