//! `/api/v1/agreements`: the agreements of the caller's organisations,
//! one with its parties, categories, commitments and evaluations, a new
//! agreement, a commitment, and an evaluation read and filled in. The same
//! rules and visibility as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, AgreementInput, CommitmentInput, ItemInput};
use super::store::{self, Agreement, AgreementFilter, Category, Commitment, Evaluation, Item, Party};
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
        .routes(routes!(add_commitment))
        .routes(routes!(evaluation, evaluate))
}

/// The agreements the caller's organisations are parties to; `status` filters, sort by `start`, `title` or `end`.
#[utoipa::path(get, path = "/api/v1/agreements", tag = "agreements", security(("token" = [])),
    params(ListQuery, AgreementFilter), responses((status = 200, body = Items<Agreement>), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AgreementFilter>,
) -> AppResult<axum::Json<Items<Agreement>>> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    Ok(axum::Json(
        store::list(&state.db, &user.actor, &query, &filter, today)
            .await?
            .into(),
    ))
}

/// Records an agreement between two or more organisations, one of which the caller administers.
#[utoipa::path(post, path = "/api/v1/agreements", tag = "agreements", security(("token" = [])),
    request_body = AgreementInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<AgreementInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::create(&state, user, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = AgreementDetail)]
struct Detail {
    #[serde(flatten)]
    agreement: Agreement,
    party_details: Vec<Party>,
    categories: Vec<Category>,
    commitments: Vec<Commitment>,
    evaluations: Vec<Evaluation>,
}

/// One agreement, for the members of its parties.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements", security(("token" = [])),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody)))]
async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    let user = ctx.user()?;
    let (agreement, party_details, _) = store::get(&state.db, &user.actor, id, state.clock.now().date_naive()).await?;
    Ok(axum::Json(Detail {
        agreement,
        party_details,
        categories: store::categories(&state.db, id).await?,
        commitments: store::commitments(&state.db, id).await?,
        evaluations: store::evaluations(&state.db, id).await?,
    }))
}

/// Adds a commitment (the parties' administrators).
#[utoipa::path(post, path = "/api/v1/agreements/{id}/commitments", tag = "agreements", security(("token" = [])),
    request_body = CommitmentInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<CommitmentInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::add_commitment(&state, user, &ctx.request_id, id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct EvaluationDetail {
    #[serde(flatten)]
    evaluation: Evaluation,
    /// Each commitment with this year's and the previous evaluation's outcome.
    items: Vec<Item>,
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}/evaluations/{evaluation}", tag = "agreements", security(("token" = [])),
    responses((status = 200, body = EvaluationDetail), (status = 404, body = ErrorBody)))]
async fn evaluation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, eid)): Path<(i64, i64)>,
) -> AppResult<axum::Json<EvaluationDetail>> {
    let user = ctx.user()?;
    store::get(&state.db, &user.actor, id, state.clock.now().date_naive()).await?;
    let (evaluation, items) = store::evaluation(&state.db, id, eid).await?;
    Ok(axum::Json(EvaluationDetail { evaluation, items }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct Outcomes {
    items: Vec<ItemInput>,
    /// Close the evaluation (every commitment answered; the parties' administrators).
    #[serde(default)]
    close: bool,
}

/// Saves outcomes of an open evaluation (the parties' coordinators and administrators).
#[utoipa::path(put, path = "/api/v1/agreements/{id}/evaluations/{evaluation}", tag = "agreements", security(("token" = [])),
    request_body = Outcomes,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn evaluate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(ids): Path<(i64, i64)>,
    Json(input): Json<Outcomes>,
) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    actions::evaluate(&state, user, &ctx.request_id, ids, &input.items, input.close).await?;
    Ok(StatusCode::NO_CONTENT)
}
