//! `/api/v1/organisations`.

use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, OrganisationFilter};
use super::{Organisation, OrganisationInput};
use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::{Json, Path, Query};
use crate::web::list::ListQuery;
use axum::extract::State;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update))
}

/// Organisations, filtered and paginated.
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "organisations",
    security(("token" = [])),
    params(ListQuery, OrganisationFilter),
    responses((status = 200, body = Items<Organisation>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<OrganisationFilter>,
) -> AppResult<axum::Json<Items<Organisation>>> {
    ctx.user()?.actor.require(Action::ViewOrganisations)?;
    let page = store::list(&state.db, &query, &filter).await?;
    Ok(axum::Json(Items::from(page)))
}

/// Creates an organisation (platform administrators).
#[utoipa::path(
    post,
    path = "/api/v1/organisations",
    tag = "organisations",
    security(("token" = [])),
    request_body = OrganisationInput,
    responses(
        (status = 201, body = Organisation),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Invalid fields, or the acronym is taken")
    )
)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<OrganisationInput>,
) -> AppResult<(StatusCode, axum::Json<Organisation>)> {
    let user = ctx.user()?;
    let id = super::save(&state, user, &ctx.request_id, None, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(store::get(&state.db, id).await?)))
}

/// One organisation.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Organisation), (status = 404, body = ErrorBody))
)]
async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Organisation>> {
    ctx.user()?.actor.require(Action::ViewOrganisations)?;
    Ok(axum::Json(store::get(&state.db, id).await?))
}

/// The fields to change; those left out keep their value.
#[derive(Deserialize, ToSchema)]
struct OrganisationPatch {
    name: Option<String>,
    acronym: Option<String>,
    kind: Option<String>,
    country: Option<String>,
}

/// Changes an organisation (its administrators).
#[utoipa::path(
    patch,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    security(("token" = [])),
    params(("id" = i64, Path)),
    request_body = OrganisationPatch,
    responses(
        (status = 200, body = Organisation),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(patch): Json<OrganisationPatch>,
) -> AppResult<axum::Json<Organisation>> {
    let user = ctx.user()?;
    user.actor.require(Action::EditOrganisation(id))?;
    let current = store::get(&state.db, id).await?;
    let input = OrganisationInput {
        name: patch.name.unwrap_or(current.name),
        acronym: patch.acronym.unwrap_or(current.acronym),
        kind: patch.kind.unwrap_or(current.kind),
        country: patch.country.unwrap_or(current.country),
    };
    super::save(&state, user, &ctx.request_id, Some(id), &input).await?;
    Ok(axum::Json(store::get(&state.db, id).await?))
}
