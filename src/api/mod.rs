//! The JSON API under `/api/v1`, described by `/api/openapi.json`: every
//! capability's API mounted in one place. The shapes they share are in
//! [`crate::web::api`].
//!
//! Clients authenticate with a personal token (`Authorization: Bearer`);
//! errors are `{"error": {"code", "message"}}` (rendered by `web::context`).

use std::sync::Arc;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::permissions::Role;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::ErrorBody;
use crate::web::live_data;
use axum::middleware::from_fn;

#[derive(OpenApi)]
#[openapi(
    info(title = "Passerelle API", description = "Coordination of prison volunteering: organisations, memberships and more."),
    modifiers(&BearerToken),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// Any operation may answer an error (a bad parameter, no token, too many
/// requests, the database away): each says so, in one shape.
fn with_default_errors(mut openapi: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let error = utoipa::openapi::ResponseBuilder::new()
        .description("An error; `error.code` says which")
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    for item in openapi.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| error.clone().into());
        }
    }
    openapi
}

/// Every `/api/v1` route with its OpenAPI description.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me))
        .merge(crate::organisations::api::router())
        .merge(crate::establishments::api::router())
        .merge(crate::authorisations::api::router().route_layer(from_fn(live_data)))
        .merge(crate::people::api::router().route_layer(from_fn(live_data)))
        .merge(crate::referrals::api::router().route_layer(from_fn(live_data)))
        .merge(crate::activities::api::router().route_layer(from_fn(live_data)))
        .merge(crate::coverage::api::router().route_layer(from_fn(live_data)))
        .merge(crate::training::api::router())
        .merge(crate::agreements::api::router())
        .merge(crate::meetings::api::router())
        .merge(crate::networks::api::router())
        .merge(crate::indicators::api::router())
        .merge(crate::standards::api::router())
        .merge(crate::practices::api::router())
        .merge(crate::competences::api::router())
        .merge(crate::diagnoses::api::router())
}

/// The OpenAPI document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    with_default_errors(documented().into_openapi())
}

pub fn router() -> Router<AppState> {
    let (router, doc) = documented().split_for_parts();
    let doc = Arc::new(with_default_errors(doc));
    router.route(
        "/api/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { axum::Json(doc.as_ref().clone()).into_response() }
        }),
    )
}

#[derive(Serialize, ToSchema)]
struct Me {
    id: i64,
    email: String,
    name: String,
    language: Option<String>,
    platform_admin: bool,
    memberships: Vec<MeMembership>,
}

#[derive(Serialize, ToSchema)]
struct MeMembership {
    id: i64,
    organisation_id: i64,
    organisation_acronym: String,
    role: Role,
}

/// The person the token belongs to, with their memberships.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "people",
    security(("token" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, body = ErrorBody, description = "No valid token")
    )
)]
async fn me(ctx: Ctx) -> AppResult<axum::Json<Me>> {
    let user = ctx.user()?;
    let memberships = user
        .actor
        .memberships
        .iter()
        .map(|m| MeMembership {
            id: m.id,
            organisation_id: m.organisation_id,
            organisation_acronym: m.organisation_acronym.clone(),
            role: m.role,
        })
        .collect();
    Ok(axum::Json(Me {
        id: user.person.id,
        email: user.person.email.clone(),
        name: user.person.name.clone(),
        language: user.person.language.clone(),
        platform_admin: user.person.platform_admin,
        memberships,
    }))
}
