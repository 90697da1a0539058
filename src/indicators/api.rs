//! `/api/v1/indicators`: the comparison of countries, with each figure's
//! numerator, denominator and suppression.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Line, SelectionQuery};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::ErrorBody;
use crate::web::extract::Query;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(comparison))
}

/// A comparison of places over a period.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorComparison)]
struct Comparison {
    /// `2026`, `2026-Q3` or `2026-09`.
    period: String,
    /// First and last day counted.
    from: String,
    to: String,
    /// When the figures were counted (RFC 3339): they are kept between
    /// requests and refreshed by the scheduler while the period is open.
    counted_at: String,
    /// Counted after the period was over, and kept as they were since.
    frozen: bool,
    /// For frozen figures: when a check found that the data under them
    /// changed since (RFC 3339); none while they are still right.
    data_changed_at: Option<String>,
    /// country, region, establishment or organisation.
    level: String,
    /// The places (country codes, or region, establishment or organisation
    /// ids), in the order of each line's cells; a last cell is all of them
    /// together, counting once what two of them share.
    places: Vec<Place>,
    lines: Vec<Line>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorPlace)]
struct Place {
    key: String,
    name: String,
}

/// Every indicator for each place and all together; counts under 5 are
/// suppressed, and others with them where subtraction would reveal them.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", security(("token" = [])),
    params(SelectionQuery), responses((status = 200, body = Comparison), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn comparison(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
) -> AppResult<axum::Json<Comparison>> {
    let selection = query.selection(&state, ctx.live()?).await?;
    let table = super::table(&state, ctx.lang, selection).await?;
    Ok(axum::Json(Comparison {
        period: table.selection.period.code(),
        from: table.from.to_string(),
        to: table.counted.through.to_string(),
        counted_at: crate::db::timestamp(table.counted.computed_at),
        frozen: table.counted.frozen,
        data_changed_at: table.counted.changed_at.map(crate::db::timestamp),
        level: table.selection.places.level.as_str().to_owned(),
        places: table
            .places
            .into_iter()
            .map(|(key, name)| Place { key, name })
            .collect(),
        lines: table.lines,
    }))
}
