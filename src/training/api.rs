//! `/api/v1/training`: programmes and modules, sessions with their seats,
//! enrolments and their steps, attendance, completions and certificates.
//! The same rules and visibility as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::actions::{self, EnrolInput, EnrolmentStep, ModuleInput, PartnerInput, ProgrammeInput, SessionInput};
use super::pages::SessionView;
use super::store::{
    self, Certificate, Completion, Enrolment, Module, MyEnrolment, NeedTotal, Programme, Qualification, Seats, Session,
    SessionFilter,
};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::api::{Created, ErrorBody, Items};
use crate::web::extract::{Json, Path, Query};
use crate::web::list::ListQuery;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(programmes, create_programme))
        .routes(routes!(programme))
        .routes(routes!(add_module))
        .routes(routes!(sessions, create_session))
        .routes(routes!(session))
        .routes(routes!(open_to))
        .routes(routes!(enrol))
        .routes(routes!(step))
        .routes(routes!(attendance))
        .routes(routes!(complete))
        .routes(routes!(mine))
        .routes(routes!(needs))
        .routes(routes!(certificates))
        .routes(routes!(certificate))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
struct CertificatesQuery {
    /// The certificates this organisation issued or its members received
    /// (its training managers only); without it, the caller's own.
    organisation: Option<i64>,
}

/// Certificates: the caller's own, or an organisation's.
#[utoipa::path(get, path = "/api/v1/training/certificates", tag = "training", security(("token" = [])),
    params(CertificatesQuery),
    responses((status = 200, body = Vec<Certificate>), (status = 403, body = ErrorBody)))]
async fn certificates(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CertificatesQuery>,
) -> AppResult<axum::Json<Vec<Certificate>>> {
    let user = ctx.user()?;
    let whose = match q.organisation {
        Some(organisation) => {
            user.actor
                .require(crate::permissions::Action::ManageTraining(organisation))?;
            store::CertificatesOf::Organisation(organisation)
        }
        None => store::CertificatesOf::Person(user.person.id),
    };
    Ok(axum::Json(store::certificates(&state.db, whose).await?))
}

/// One certificate, for its holder and the training managers of its
/// organiser and of the holder's organisation.
#[utoipa::path(get, path = "/api/v1/training/certificates/{code}", tag = "training", security(("token" = [])),
    params(("code" = String, Path)),
    responses((status = 200, body = Certificate), (status = 404, body = ErrorBody)))]
async fn certificate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> AppResult<axum::Json<Certificate>> {
    Ok(axum::Json(super::certificates::seen(&state, ctx.user()?, &code).await?))
}

/// The shared curriculum; search with `q`, sort by `title` or `organisation`.
#[utoipa::path(get, path = "/api/v1/training/programmes", tag = "training", security(("token" = [])),
    params(ListQuery), responses((status = 200, body = Items<Programme>), (status = 401, body = ErrorBody)))]
async fn programmes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<axum::Json<Items<Programme>>> {
    ctx.user()?;
    Ok(axum::Json(store::programmes(&state.db, &query).await?.into()))
}

/// Creates a programme (version 1) for an organisation the caller coordinates.
#[utoipa::path(post, path = "/api/v1/training/programmes", tag = "training", security(("token" = [])),
    request_body = ProgrammeInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<ProgrammeInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::create_programme(&state, user, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct ProgrammeDetail {
    #[serde(flatten)]
    programme: Programme,
    modules: Vec<Module>,
}

/// A programme's current version with its modules.
#[utoipa::path(get, path = "/api/v1/training/programmes/{id}", tag = "training", security(("token" = [])),
    responses((status = 200, body = ProgrammeDetail), (status = 404, body = ErrorBody)))]
async fn programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<axum::Json<ProgrammeDetail>> {
    ctx.user()?;
    let programme = store::programme(&state.db, id).await?;
    let modules = store::modules(&state.db, programme.version_id).await?;
    Ok(axum::Json(ProgrammeDetail { programme, modules }))
}

/// Adds a module to the programme's current version.
#[utoipa::path(post, path = "/api/v1/training/programmes/{id}/modules", tag = "training", security(("token" = [])),
    request_body = ModuleInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<ModuleInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::add_module(&state, user, &ctx.request_id, id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

/// The sessions of the caller's organisations and those opened to them;
/// `when` is `upcoming` (default), `past` or `all`.
#[utoipa::path(get, path = "/api/v1/training/sessions", tag = "training", security(("token" = [])),
    params(ListQuery, SessionFilter), responses((status = 200, body = Items<Session>), (status = 401, body = ErrorBody)))]
async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<SessionFilter>,
) -> AppResult<axum::Json<Items<Session>>> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    Ok(axum::Json(
        store::sessions(&state.db, &user.actor, &query, &filter, today)
            .await?
            .into(),
    ))
}

/// Plans a session of one or more modules (its seats all the organiser's at first).
#[utoipa::path(post, path = "/api/v1/training/sessions", tag = "training", security(("token" = [])),
    request_body = SessionInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(input): Json<SessionInput>,
) -> AppResult<(StatusCode, axum::Json<Created>)> {
    let user = ctx.user()?;
    let id = actions::create_session(&state, user, &ctx.request_id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct SessionDetail {
    #[serde(flatten)]
    session: Session,
    modules: Vec<Module>,
    seats: Vec<Seats>,
    /// Only those the caller may see: all for the organiser's coordinators,
    /// their organisation's for a partner's, their own for a volunteer.
    enrolments: Vec<Enrolment>,
    /// Per organisation, what it owes (cents).
    cost_shares: Vec<CostShare>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct CostShare {
    organisation: String,
    cents: i64,
}

#[utoipa::path(get, path = "/api/v1/training/sessions/{id}", tag = "training", security(("token" = [])),
    responses((status = 200, body = SessionDetail), (status = 404, body = ErrorBody)))]
async fn session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<axum::Json<SessionDetail>> {
    let user = ctx.user()?;
    let v = SessionView::load(&state, &user.actor, id).await?;
    let cost_shares = actions::cost_shares(&v.session, &v.seats)
        .into_iter()
        .map(|(organisation, cents)| CostShare { organisation, cents })
        .collect();
    Ok(axum::Json(SessionDetail {
        session: v.session,
        modules: v.modules,
        seats: v.seats,
        enrolments: v.enrolments,
        cost_shares,
    }))
}

/// Gives seats to a partner organisation (or changes them); its coordinators are told.
#[utoipa::path(post, path = "/api/v1/training/sessions/{id}/partners", tag = "training", security(("token" = [])),
    request_body = PartnerInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn open_to(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<PartnerInput>,
) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    actions::open_to(&state, user, &ctx.request_id, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Placed {
    id: i64,
    /// enrolled or waiting.
    state: super::rules::EnrolmentState,
}

/// Enrols the caller (no `email`) or, for a coordinator, one of their volunteers.
#[utoipa::path(post, path = "/api/v1/training/sessions/{id}/enrolments", tag = "training", security(("token" = [])),
    request_body = EnrolInput,
    responses((status = 201, body = Placed), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn enrol(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<EnrolInput>,
) -> AppResult<(StatusCode, axum::Json<Placed>)> {
    let user = ctx.user()?;
    let (id, state) = actions::enrol(&state, user, &ctx.request_id, id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Placed { id, state })))
}

/// `approve` or `refuse` (the person's coordinator), `cancel` (the person or a coordinator).
#[utoipa::path(post, path = "/api/v1/training/enrolments/{id}/{step}", tag = "training", security(("token" = [])),
    params(("step" = inline(EnrolmentStep), Path, description = "approve, refuse or cancel")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn step(State(state): State<AppState>, ctx: Ctx, Path((id, step)): Path<(i64, String)>) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    let step = EnrolmentStep::parse(&step).ok_or(AppError::NotFound)?;
    actions::step(&state, user, &ctx.request_id, id, step).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct Mark {
    #[schema(value_type = String, format = Date)]
    day: NaiveDate,
    present: bool,
}

/// Marks a person present or absent on one day (the organiser's coordinators).
#[utoipa::path(put, path = "/api/v1/training/enrolments/{id}/attendance", tag = "training", security(("token" = [])),
    request_body = Mark,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(mark): Json<Mark>,
) -> AppResult<StatusCode> {
    let user = ctx.user()?;
    actions::mark(&state, user, &ctx.request_id, id, mark.day, mark.present).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
struct CompletionInput {
    #[serde(default)]
    assessment_passed: bool,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Certificates {
    /// The verification codes of the certificates issued.
    codes: Vec<String>,
}

/// Records the modules the person completed, each with a certificate.
#[utoipa::path(post, path = "/api/v1/training/enrolments/{id}/completion", tag = "training", security(("token" = [])),
    request_body = CompletionInput,
    responses((status = 201, body = Certificates), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn complete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(input): Json<CompletionInput>,
) -> AppResult<(StatusCode, axum::Json<Certificates>)> {
    let user = ctx.user()?;
    let codes = actions::complete(&state, user, &ctx.request_id, id, input.assessment_passed).await?;
    Ok((StatusCode::CREATED, axum::Json(Certificates { codes })))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Mine {
    enrolments: Vec<MyEnrolment>,
    certificates: Vec<Completion>,
    qualifications: Vec<Qualification>,
}

/// The caller's enrolments, certificates and qualifications.
#[utoipa::path(get, path = "/api/v1/training/me", tag = "training", security(("token" = [])),
    responses((status = 200, body = Mine), (status = 401, body = ErrorBody)))]
async fn mine(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Mine>> {
    let user = ctx.user()?;
    Ok(axum::Json(Mine {
        enrolments: store::enrolments_of(&state.db, user.person.id).await?,
        certificates: store::certificates_of(&state.db, user.person.id).await?,
        qualifications: store::qualifications_of(&state.db, user.person.id).await?,
    }))
}

/// Every organisation's training needs added up by topic and region
/// (counts only), for coordinators planning joint sessions.
#[utoipa::path(get, path = "/api/v1/training/needs", tag = "training", security(("token" = [])),
    responses((status = 200, body = Vec<NeedTotal>), (status = 403, body = ErrorBody)))]
async fn needs(State(state): State<AppState>, ctx: Ctx) -> AppResult<axum::Json<Vec<NeedTotal>>> {
    let actor = &ctx.user()?.actor;
    let coordinates = actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(crate::permissions::Action::ManageTraining(m.organisation_id)));
    if !coordinates {
        return Err(AppError::Forbidden);
    }
    Ok(axum::Json(store::need_totals(&state.db).await?))
}
