//! `/api/v1/activities`: the entries the caller may see, totals, and
//! recording a batch (all or nothing).

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Activity, ActivityFilter, EntryInput, Grouping, LineError, Total};
use crate::error::{AppError, AppResult, FieldError};
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::{Json, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(totals))
}

/// One's own entries and those of the volunteers one coordinates; sort by
/// `date`, `person`, `establishment` or `minutes`.
#[utoipa::path(
    get,
    path = "/api/v1/activities",
    tag = "activities",
    security(("token" = [])),
    params(ListQuery, ActivityFilter),
    responses((status = 200, body = Items<Activity>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<ActivityFilter>,
) -> AppResult<axum::Json<Items<Activity>>> {
    let user = ctx.user()?;
    let filter = filter.in_month_by_default(state.clock.now().date_naive());
    let page = store::list(&state.db, &user.actor, &query, &filter).await?;
    Ok(axum::Json(Items::from(page)))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct TotalsQuery {
    /// person, establishment, section or month.
    by: String,
}

/// Entries, hours (in minutes) and people met of one month, grouped.
#[utoipa::path(
    get,
    path = "/api/v1/activities/totals",
    tag = "activities",
    security(("token" = [])),
    params(TotalsQuery, ActivityFilter),
    responses((status = 200, body = Vec<Total>), (status = 400, body = ErrorBody))
)]
async fn totals(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(by): Query<TotalsQuery>,
    Query(filter): Query<ActivityFilter>,
) -> AppResult<axum::Json<Vec<Total>>> {
    let user = ctx.user()?;
    let by = Grouping::parse(&by.by).ok_or(AppError::BadRequest("error.invalid"))?;
    let filter = filter.in_month_by_default(state.clock.now().date_naive());
    let totals = store::totals(&state.db, &user.actor, &ListQuery::default(), &filter, by).await?;
    Ok(axum::Json(totals))
}

/// A batch of the caller's own entries.
#[derive(serde::Deserialize, utoipa::ToSchema)]
struct Batch {
    /// Needed when the caller belongs to several organisations.
    organisation_id: Option<i64>,
    entries: Vec<EntryInput>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Recorded {
    ids: Vec<i64>,
}

/// Records entries for the caller: all of them, or none when one is faulty
/// (for example a visit on a date without a valid authorisation there);
/// then every fault is named by its place, `entries[1].establishment_id`.
#[utoipa::path(
    post,
    path = "/api/v1/activities",
    tag = "activities",
    security(("token" = [])),
    request_body = Batch,
    responses((status = 201, body = Recorded), (status = 422, body = ErrorBody))
)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(batch): Json<Batch>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let user = ctx.user()?;
    let organisation = store::organisation_of(user, batch.organisation_id)?;
    match store::log(&state, user, &ctx.request_id, organisation, &batch.entries).await? {
        Ok(ids) => Ok((StatusCode::CREATED, axum::Json(Recorded { ids })).into_response()),
        Err(errors) => Err(AppError::Invalid(
            errors
                .into_iter()
                .map(|LineError { line, field, message }| FieldError {
                    field: format!("entries[{}].{field}", line - 1).into(),
                    message,
                })
                .collect(),
        )),
    }
}
