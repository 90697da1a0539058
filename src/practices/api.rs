//! `/api/v1/practices`: the library searched and filtered as on its page,
//! one practice with its notes, a practice described. The same rules.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, PracticeInput};
use super::store::{self, Addressed, Note, Practice, PracticeFilter};
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
}

/// The library; `q` searches every field, `theme`, `country` and `language` filter; sort by `updated`, `title` or `country`.
#[utoipa::path(get, path = "/api/v1/practices", tag = "practices", security(("token" = [])),
    params(ListQuery, PracticeFilter), responses((status = 200, body = Items<Practice>), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<PracticeFilter>,
) -> AppResult<axum::Json<Items<Practice>>> {
    ctx.user()?;
    Ok(axum::Json(store::list(&state.db, &query, &filter).await?.into()))
}

/// Describes a practice of an organisation the caller speaks for.
#[utoipa::path(post, path = "/api/v1/practices", tag = "practices", security(("token" = [])),
    request_body = PracticeInput,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<PracticeInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let id = actions::create(&state, ctx.user()?, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = PracticeDetail)]
struct Detail {
    #[serde(flatten)]
    practice: Practice,
    requirements: Vec<Addressed>,
    indicators: Vec<Addressed>,
    notes: Vec<Note>,
}

/// One practice, what it addresses, and the notes on it.
#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "practices", security(("token" = [])),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody)))]
async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    ctx.user()?;
    Ok(axum::Json(Detail {
        practice: store::get(&state.db, id).await?,
        requirements: store::requirements(&state.db, id, ctx.lang).await?,
        indicators: store::indicators(&state.db, id, ctx.lang).await?,
        notes: store::notes(&state.db, id).await?,
    }))
}
