//! `/api/v1/networks`: the networks of organisations.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Network};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::Query;
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(networks))
}

/// Every network of organisations, with its coordinator and number of members.
#[utoipa::path(get, path = "/api/v1/networks", tag = "networks", security(("token" = [])),
    params(ListQuery), responses((status = 200, body = Items<Network>), (status = 401, body = ErrorBody)))]
async fn networks(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<axum::Json<Items<Network>>> {
    ctx.user()?;
    Ok(axum::Json(store::networks(&state.db, &query).await?.into()))
}
