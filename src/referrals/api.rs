//! `/api/v1/referrals`: the list, one referral with its beneficiary (the
//! read is logged), a new referral, and each transition as an action.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, NewReferral, Step};
use super::rules::Transition;
use super::store::{self, Beneficiary, Event, Referral, ReferralFilter};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{Created, ErrorBody, Items};
use crate::web::extract::{Json, Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read))
        .routes(routes!(act))
}

/// The referrals the caller is a party to (sender, receiving coordinator,
/// assignee, approving staff), without beneficiary data; sort by `updated`,
/// `created`, `establishment` or `state`.
#[utoipa::path(
    get,
    path = "/api/v1/referrals",
    tag = "referrals",
    security(("token" = [])),
    params(ListQuery, ReferralFilter),
    responses((status = 200, body = Items<Referral>), (status = 401, body = ErrorBody))
)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<ReferralFilter>,
) -> AppResult<axum::Json<Items<Referral>>> {
    let user = ctx.user()?;
    let page = store::list(&state.db, &user.actor, &query, &filter).await?;
    Ok(axum::Json(Items::from(page)))
}

/// Records a referral as a draft, or submits it at once with `"submit": true`.
#[utoipa::path(
    post,
    path = "/api/v1/referrals",
    tag = "referrals",
    security(("token" = [])),
    request_body = NewReferral,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody))
)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<NewReferral>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::create(&state, user, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

/// One referral with its beneficiary and history.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ReferralDetail)]
struct Detail {
    #[serde(flatten)]
    referral: Referral,
    beneficiary: Beneficiary,
    history: Vec<Event>,
}

/// One referral the caller is a party to; reading it is logged.
#[utoipa::path(
    get,
    path = "/api/v1/referrals/{id}",
    tag = "referrals",
    security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Detail), (status = 404, body = ErrorBody, description = "Unknown, or the caller is not a party"))
)]
async fn read(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<Detail>> {
    let user = ctx.user()?;
    let (referral, _, beneficiary) =
        store::open(&state.db, &user.actor, id, &ctx.request_id, state.clock.now()).await?;
    let history = store::events(&state.db, id).await?;
    Ok(axum::Json(Detail {
        referral,
        beneficiary,
        history,
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Moved {
    id: i64,
    state: super::rules::State,
}

/// A transition: `submit` (sender), `approve` / `refuse` (probation staff),
/// `accept` / `assign` / `decline` (receiving coordinators), `contact` /
/// `close` (assignee or receiving coordinators). The body is optional:
/// `{"text": "reason or outcome", "assignee_id": 12}`.
#[utoipa::path(
    post,
    path = "/api/v1/referrals/{id}/{action}",
    tag = "referrals",
    security(("token" = [])),
    params(("id" = i64, Path), ("action" = inline(Transition), Path)),
    request_body(content = Option<Step>, description = "Reason, outcome or assignee, when the action needs one"),
    responses(
        (status = 200, body = Moved),
        (status = 403, body = ErrorBody, description = "Not this party's action"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Someone acted first"),
        (status = 422, body = ErrorBody, description = "Not possible in this state, or a missing reason")
    )
)]
async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(i64, String)>,
    body: Bytes,
) -> AppResult<axum::Json<Moved>> {
    let user = ctx.user()?;
    let transition = Transition::parse(&action).ok_or(AppError::NotFound)?;
    let step: Step = if body.iter().all(u8::is_ascii_whitespace) {
        Step::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| AppError::BadRequest("error.bad_json"))?
    };
    let state = actions::act(&state, user, &ctx.request_id, id, transition, &step).await?;
    Ok(axum::Json(Moved { id, state }))
}
