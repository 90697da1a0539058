//! `/api/v1/standards`: frameworks' versions with their areas and
//! requirements, the assessments the caller reads, one with its answers,
//! tally, plan and reviews; starting, answering and submitting one. The
//! same rules and visibility as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, AnswerInput, AssessmentInput, FrameworkInput};
use super::rules::{self, Compliance};
use super::store::{
    self, Answer, AreaTally, Assessment, AssessmentFilter, Item, PlanStep, Review, ReviewAnswer, Version,
};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{Created, ErrorBody, Items};
use crate::web::extract::{Json, Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(versions, create_framework))
        .routes(routes!(version))
        .routes(routes!(start))
        .routes(routes!(assessments))
        .routes(routes!(assessment))
        .routes(routes!(answer))
        .routes(routes!(submit))
}

/// Every published version (and the drafts the caller keeps), in the caller's language.
#[utoipa::path(get, path = "/api/v1/standards/versions", tag = "standards", security(("token" = [])),
    responses((status = 200, body = Vec<Version>), (status = 401, body = ErrorBody)))]
async fn versions(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Vec<Version>>> {
    let user = ctx.user()?;
    Ok(axum::Json(store::versions(&state.db, &user.actor, ctx.lang).await?))
}

/// Creates a framework and its first version, a draft, kept by the platform or by an organisation the caller administers.
#[utoipa::path(post, path = "/api/v1/standards/versions", tag = "standards", security(("token" = [])),
    request_body = FrameworkInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
async fn create_framework(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<FrameworkInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let id = actions::create_framework(&state, ctx.user()?, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardVersionDetail)]
struct VersionDetail {
    #[serde(flatten)]
    version: Version,
    /// Areas (no `area_id`), each followed by its requirements.
    items: Vec<Item>,
}

/// One version with its areas and requirements.
#[utoipa::path(get, path = "/api/v1/standards/versions/{id}", tag = "standards", security(("token" = [])),
    responses((status = 200, body = VersionDetail), (status = 404, body = ErrorBody)))]
async fn version(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<VersionDetail>> {
    let user = ctx.user()?;
    Ok(axum::Json(VersionDetail {
        version: store::version(&state.db, &user.actor, id, ctx.lang).await?,
        items: store::items(&state.db, id, ctx.lang).await?,
    }))
}

/// Starts an assessment of a published version.
#[utoipa::path(post, path = "/api/v1/standards/versions/{id}/assessments", tag = "standards", security(("token" = [])),
    request_body = AssessmentInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<AssessmentInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let assessment = actions::start(&state, ctx.user()?, &ctx.request_id, id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: assessment })))
}

/// The assessments the caller reads; `state` filters, sort by `started`, `organisation` or `valid`.
#[utoipa::path(get, path = "/api/v1/standards/assessments", tag = "standards", security(("token" = [])),
    params(ListQuery, AssessmentFilter), responses((status = 200, body = Items<Assessment>), (status = 401, body = ErrorBody)))]
async fn assessments(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AssessmentFilter>,
) -> AppResult<axum::Json<Items<Assessment>>> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    Ok(axum::Json(
        store::assessments(&state.db, &user.actor, ctx.lang, &query, &filter, today)
            .await?
            .into(),
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardAssessmentDetail)]
struct AssessmentDetail {
    #[serde(flatten)]
    assessment: Assessment,
    /// `in_progress`, `valid` or `lapsed`, today.
    state: String,
    summary: Vec<AreaTally>,
    answers: Vec<Answer>,
    plan: Vec<PlanStep>,
    reviews: Vec<Review>,
    review_answers: Vec<ReviewAnswer>,
}

/// One assessment, for the assessed party and its reviewers.
#[utoipa::path(get, path = "/api/v1/standards/assessments/{id}", tag = "standards", security(("token" = [])),
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ErrorBody)))]
async fn assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<AssessmentDetail>> {
    let user = ctx.user()?;
    let (assessment, _) = store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, assessment.version_id, ctx.lang).await?;
    let answers = store::answers(&state.db, id).await?;
    let areas: Vec<&Item> = items.iter().filter(|i| i.area_id.is_none()).collect();
    let given: Vec<(i64, Option<Compliance>)> = items
        .iter()
        .filter_map(|i| {
            let answer = answers.iter().find(|a| a.requirement_id == i.id);
            i.area_id.map(|area| (area, answer.and_then(Answer::compliance)))
        })
        .collect();
    let ids: Vec<i64> = areas.iter().map(|a| a.id).collect();
    let summary = areas
        .iter()
        .zip(rules::tally(&ids, &given))
        .map(|(area, (_, tally))| AreaTally {
            area: area.title.clone(),
            tally,
        })
        .collect();
    Ok(axum::Json(AssessmentDetail {
        state: assessment.state(state.clock.now().date_naive()).as_str().into(),
        summary,
        answers,
        plan: store::plan(&state.db, id).await?,
        reviews: store::reviews(&state.db, id).await?,
        review_answers: store::review_answers(&state.db, id).await?,
        assessment,
    }))
}

/// Answers requirements of an assessment not submitted yet (an empty status takes an answer back).
#[utoipa::path(put, path = "/api/v1/standards/assessments/{id}/answers", tag = "standards", security(("token" = [])),
    request_body = Vec<AnswerInput>,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<Vec<AnswerInput>>,
) -> AppResult<StatusCode> {
    actions::save_answers(&state, ctx.user()?, &ctx.request_id, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits an assessment: every requirement answered, every gap with an action.
#[utoipa::path(post, path = "/api/v1/standards/assessments/{id}/submit", tag = "standards", security(("token" = [])),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn submit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    actions::submit(&state, ctx.user()?, &ctx.request_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
