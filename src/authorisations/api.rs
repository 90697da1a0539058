//! `/api/v1/authorisations`.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Authorisation, AuthorisationFilter, Step, Today};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::{Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(read))
}

/// The authorisations the caller may see (their own, their organisations'
/// volunteers', their administration's country), with the status computed
/// today; sort by `expires`, `filed`, `person` or `organisation`.
#[utoipa::path(
    get,
    path = "/api/v1/authorisations",
    tag = "authorisations",
    security(("token" = [])),
    params(ListQuery, AuthorisationFilter),
    responses((status = 200, body = Items<Authorisation>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AuthorisationFilter>,
) -> AppResult<axum::Json<Items<Authorisation>>> {
    let user = ctx.user()?;
    let today = Today::new(state.clock.now().date_naive());
    let page = store::list(&state.db, &user.actor, &today, &query, &filter).await?;
    Ok(axum::Json(Items::from(page)))
}

/// One authorisation with the steps of its application.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = AuthorisationDetail)]
struct Detail {
    #[serde(flatten)]
    authorisation: Authorisation,
    steps: Vec<Step>,
}

#[utoipa::path(
    get,
    path = "/api/v1/authorisations/{id}",
    tag = "authorisations",
    security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody, description = "Unknown, or not visible to the caller"))
)]
async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    let user = ctx.user()?;
    let today = Today::new(state.clock.now().date_naive());
    let authorisation = store::get(&state.db, &user.actor, &today, id).await?;
    let steps = store::steps(&state.db, &authorisation).await?;
    Ok(axum::Json(Detail { authorisation, steps }))
}
