//! `/api/v1/people`: memberships of the organisations whose members the caller may see.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, MemberRow, PeopleFilter};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::{Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(read))
}

/// One row per membership; sort by `name`, `email`, `role` or `since`.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    security(("token" = [])),
    params(ListQuery, PeopleFilter),
    responses((status = 200, body = Items<MemberRow>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<PeopleFilter>,
) -> AppResult<axum::Json<Items<MemberRow>>> {
    let user = ctx.user()?;
    let page = store::list(&state.db, &user.actor, &query, &filter, state.clock.now().date_naive()).await?;
    Ok(axum::Json(Items::from(page)))
}

/// The memberships of one person that the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<MemberRow>), (status = 404, body = ErrorBody))
)]
async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Vec<MemberRow>>> {
    let user = ctx.user()?;
    Ok(axum::Json(store::person(&state.db, &user.actor, id).await?))
}
