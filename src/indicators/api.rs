//! `/api/v1/indicators`: the comparison of countries, with each figure's
//! numerator, denominator and suppression.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Line;
use super::pages::YearQuery;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::ErrorBody;
use crate::web::extract::Query;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(comparison))
}

/// A year's comparison of countries.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorComparison)]
struct Comparison {
    year: i32,
    /// First and last day counted.
    from: String,
    to: String,
    /// The country codes, in the order of each line's cells; a last cell
    /// is all of them together.
    countries: Vec<String>,
    lines: Vec<Line>,
}

/// Every indicator for each country and all together; counts under 5 are
/// suppressed, and others with them where subtraction would reveal them.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", security(("token" = [])),
    params(YearQuery), responses((status = 200, body = Comparison), (status = 401, body = ErrorBody)))]
async fn comparison(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<YearQuery>,
) -> AppResult<axum::Json<Comparison>> {
    ctx.user()?;
    let table = super::table(&state, ctx.lang, query.year).await?;
    Ok(axum::Json(Comparison {
        year: table.year,
        from: table.from.to_string(),
        to: table.to.to_string(),
        countries: table.countries.into_iter().map(|(code, _)| code).collect(),
        lines: table.lines,
    }))
}
