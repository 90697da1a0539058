//! `/api/v1/meetings`: the meetings the caller sees, one with its
//! invitations (who and by which rule, answers, attendance) and decisions,
//! a new meeting, more invitations, the caller's answer. The same rules and
//! visibility as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, InviteInput, MeetingInput};
use super::store::{self, Decision, Invitee, Meeting, MeetingFilter};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{Created, ErrorBody, Items};
use crate::web::extract::{Json, Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail))
        .routes(routes!(invite))
        .routes(routes!(answer))
}

/// The meetings the caller is invited to or organises; `when=past` for those held, sort by `date`, `title` or `organiser`.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", security(("token" = [])),
    params(ListQuery, MeetingFilter), responses((status = 200, body = Items<Meeting>), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<MeetingFilter>,
) -> AppResult<axum::Json<Items<Meeting>>> {
    let user = ctx.user()?;
    Ok(axum::Json(
        store::list(&state.db, &user.actor, &query, &filter, state.clock.now())
            .await?
            .into(),
    ))
}

/// Plans a meeting (its organisation's coordinators and administrators); the automatic rules invite at once.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings", security(("token" = [])),
    request_body = MeetingInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<MeetingInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::create(&state, user, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = MeetingDetail)]
struct Detail {
    #[serde(flatten)]
    meeting: Meeting,
    invitations: Vec<Invitee>,
    decisions: Vec<Decision>,
}

/// One meeting with its invitations and decisions.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings", security(("token" = [])),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody)))]
async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    let user = ctx.user()?;
    let (meeting, _) = store::get(&state.db, &user.actor, id).await?;
    Ok(axum::Json(Detail {
        meeting,
        invitations: store::invitees(&state.db, id).await?,
        decisions: store::decisions(&state.db, id).await?,
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Invited {
    /// How many people were newly invited (those already invited are skipped).
    invited: usize,
}

/// Invites people by email, a section or the organiser's correspondents of a region (the organisers).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/invitations", tag = "meetings", security(("token" = [])),
    request_body = InviteInput,
    responses((status = 201, body = Invited), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<InviteInput>,
) -> AppResult<(StatusCode, axum::Json<Invited>)> {
    let user = ctx.user()?;
    let invited = actions::invite(&state, user, &ctx.request_id, id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Invited { invited })))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct AnswerInput {
    /// yes, no or maybe.
    answer: String,
}

/// The caller's answer to a meeting they are invited to.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/answer", tag = "meetings", security(("token" = [])),
    request_body = AnswerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<AnswerInput>,
) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    actions::answer(&state, user, &ctx.request_id, id, &input.answer).await?;
    Ok(StatusCode::NO_CONTENT)
}
