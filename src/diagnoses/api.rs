//! `/api/v1/diagnoses`: the diagnoses of the caller's organisations, and
//! the comparison of closed ones by country or establishment (averages of
//! enough respondents only). The same rules as the pages.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::pages::{CompareQuery, comparison};
use super::store::{self, Diagnosis, Group, Item};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::ErrorBody;
use crate::web::extract::Query;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(questionnaires))
        .routes(routes!(compare))
}

/// The diagnoses of the organisations the caller belongs to.
#[utoipa::path(get, path = "/api/v1/diagnoses", tag = "diagnoses", security(("token" = [])),
    responses((status = 200, body = Vec<Diagnosis>), (status = 401, body = ErrorBody)))]
async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Vec<Diagnosis>>> {
    let user = ctx.user()?;
    Ok(axum::Json(store::diagnoses(&state.db, &user.actor, ctx.lang).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = DiagnosisComparison)]
struct Comparison {
    questionnaire_id: i64,
    /// The sections' titles, in the order of each group's scores.
    sections: Vec<String>,
    /// A group's scores are empty when fewer than 5 people answered.
    groups: Vec<Group>,
}

/// Closed diagnoses compared by country, or `by=establishment`.
#[utoipa::path(get, path = "/api/v1/diagnoses/compare", tag = "diagnoses", security(("token" = [])),
    params(CompareQuery), responses((status = 200, body = Comparison), (status = 401, body = ErrorBody)))]
async fn compare(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<CompareQuery>,
) -> AppResult<axum::Json<Comparison>> {
    ctx.user()?;
    let (_, questionnaire_id, sections, groups) = comparison(&state, &ctx, &query).await?;
    Ok(axum::Json(Comparison {
        questionnaire_id,
        sections: sections.into_iter().map(|s| s.text).collect(),
        groups,
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Questionnaire {
    id: i64,
    title: String,
    /// Sections (no `section_id`), each followed by its questions.
    items: Vec<Item>,
}

/// The questionnaires, with their sections and questions, in the caller's language.
#[utoipa::path(get, path = "/api/v1/diagnoses/questionnaires", tag = "diagnoses", security(("token" = [])),
    responses((status = 200, body = Vec<Questionnaire>), (status = 401, body = ErrorBody)))]
async fn questionnaires(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Vec<Questionnaire>>> {
    ctx.user()?;
    let mut all = Vec::new();
    for (id, title) in store::questionnaires(&state.db, ctx.lang).await? {
        all.push(Questionnaire {
            id,
            title,
            items: store::items(&state.db, id, ctx.lang).await?,
        });
    }
    Ok(axum::Json(all))
}
