//! `/api/v1/competences`: the framework in the caller's language, the
//! self-assessments they read, one with its ratings. The same rules.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Assessment, Competence, Module, Stored};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::ErrorBody;
use crate::web::extract::Path;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(framework))
        .routes(routes!(assessments))
        .routes(routes!(assessment))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetenceFramework)]
struct Framework {
    /// Categories, competences and their knowledge, skills and attitudes; `parent_id` makes the tree.
    items: Vec<Competence>,
    modules: Vec<Module>,
}

/// The competence framework of volunteer coordinators.
#[utoipa::path(get, path = "/api/v1/competences", tag = "competences", security(("token" = [])),
    responses((status = 200, body = Framework), (status = 401, body = ErrorBody)))]
async fn framework(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Framework>> {
    ctx.user()?;
    Ok(axum::Json(Framework {
        items: store::framework(&state.db, ctx.lang).await?,
        modules: store::modules(&state.db).await?,
    }))
}

/// The caller's self-assessments and, for administrators, their coordinators'.
#[utoipa::path(get, path = "/api/v1/competences/assessments", tag = "competences", security(("token" = [])),
    responses((status = 200, body = Vec<Assessment>), (status = 401, body = ErrorBody)))]
async fn assessments(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Vec<Assessment>>> {
    let user = ctx.user()?;
    Ok(axum::Json(store::assessments(&state.db, &user.actor).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetenceAssessmentDetail)]
struct Detail {
    #[serde(flatten)]
    assessment: Assessment,
    ratings: Vec<Stored>,
}

/// One self-assessment, for the person and their organisation's administrators.
#[utoipa::path(get, path = "/api/v1/competences/assessments/{id}", tag = "competences", security(("token" = [])),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody)))]
async fn assessment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    let user = ctx.user()?;
    let (assessment, _) = store::assessment(&state.db, &user.actor, id).await?;
    Ok(axum::Json(Detail {
        ratings: store::ratings(&state.db, id).await?,
        assessment,
    }))
}
