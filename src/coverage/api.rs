//! `/api/v1/coverage`: the census, one item per establishment and organisation.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::rules::CoverageStatus;
use super::store::{self, Cell, CoverageFilter};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{ErrorBody, Items};
use crate::web::extract::Query;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// One organisation's coverage of one establishment.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = CoverageItem)]
struct Item {
    establishment_id: i64,
    establishment: String,
    code: String,
    country: String,
    region: String,
    kind: String,
    population: Option<i64>,
    organisation_id: i64,
    organisation: String,
    #[serde(flatten)]
    cell: Cell,
    /// The partnership as a whole: served when every organisation is present.
    partnership: CoverageStatus,
}

/// The census today: volunteers with a valid authorisation per
/// establishment and organisation, by mission, against the organisation's
/// threshold. Counts only, never names.
#[utoipa::path(
    get,
    path = "/api/v1/coverage",
    tag = "coverage",
    security(("token" = [])),
    params(CoverageFilter),
    responses((status = 200, body = Items<Item>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(filter): Query<CoverageFilter>,
) -> AppResult<axum::Json<Items<Item>>> {
    ctx.user()?;
    let census = store::census(&state, state.clock.now().date_naive(), &filter).await?;
    let items: Vec<Item> = census
        .lines()
        .map(|(row, setting, cell)| {
            let p = &row.place;
            Item {
                establishment_id: p.establishment_id,
                establishment: p.establishment.clone(),
                code: p.code.clone(),
                country: p.country.clone(),
                region: p.region.clone(),
                kind: p.kind.clone(),
                population: p.population,
                organisation_id: setting.organisation_id,
                organisation: setting.organisation.clone(),
                cell: *cell,
                partnership: row.partnership,
            }
        })
        .collect();
    let total = items.len() as i64;
    Ok(axum::Json(Items {
        items,
        total,
        more: false,
    }))
}
