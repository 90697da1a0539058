//! `/api/v1/establishments`.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Establishment, EstablishmentFilter};
use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::{Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(read))
}

/// Establishments, filtered and paginated; sort by `name`, `code`, `city`,
/// `region`, `capacity` or `population`.
#[utoipa::path(
    get,
    path = "/api/v1/establishments",
    tag = "establishments",
    security(("token" = [])),
    params(ListQuery, EstablishmentFilter),
    responses((status = 200, body = Items<Establishment>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<EstablishmentFilter>,
) -> AppResult<axum::Json<Items<Establishment>>> {
    ctx.user()?.actor.require(Action::ViewEstablishments)?;
    let page = store::list(&state.db, &query, &filter).await?;
    Ok(axum::Json(Items::from(page)))
}

/// One establishment.
#[utoipa::path(
    get,
    path = "/api/v1/establishments/{id}",
    tag = "establishments",
    security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Establishment), (status = 404, body = ErrorBody))
)]
async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Establishment>> {
    ctx.user()?.actor.require(Action::ViewEstablishments)?;
    Ok(axum::Json(store::get(&state.db, id).await?))
}
