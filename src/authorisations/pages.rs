//! Authorisation pages: the list with its exports, a new application, one
//! authorisation with its steps, decision, suspensions and renewal.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use super::actions::{self, Application, DecisionInput};
use super::rules::{Decision, Status, Transition};
use super::store::{self, Authorisation, AuthorisationFilter, Event, Step, Today};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::{Cell, Sheet, parse_date};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, form_status, redirect};

fn today(state: &AppState) -> Today {
    Today::new(state.clock.now().date_naive())
}

#[derive(Template, WebTemplate)]
#[template(path = "authorisations/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Authorisation>,
    query: ListQuery,
    links: Links,
    statuses: [Status; 7],
    organisations: Vec<Choice>,
    regions: Vec<Choice>,
    /// The chosen region's establishments.
    establishments: Vec<Choice>,
    can_file: bool,
    /// The person may read the waiting times (see [`super::waiting::may_read`]).
    reads_waiting_times: bool,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

/// The organisations whose applications this person may file.
fn fileable(ctx: &Ctx) -> AppResult<Vec<Choice>> {
    let user = ctx.user()?;
    Ok(user
        .actor
        .memberships
        .iter()
        .filter(|m| {
            !m.administration
                && user.actor.can(Action::ManageAuthorisations {
                    organisation: m.organisation_id,
                    country: &m.country,
                })
        })
        .map(Choice::from)
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AuthorisationFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    let page = store::list(&state.db, &user.actor, &today(&state), &query, &filter).await?;
    let organisations: Vec<Choice> = user.actor.memberships.iter().map(Choice::from).collect();
    // The regions of the person's countries, and once one is chosen its establishments.
    let mut countries: Vec<String> = user.actor.memberships.iter().map(|m| m.country.clone()).collect();
    countries.sort_unstable();
    countries.dedup();
    let regions = if countries.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT CAST(id AS TEXT) AS value, name AS label FROM regions WHERE country IN {} ORDER BY country, name",
            crate::db::bulk_marks(state.db.backend, 1, countries.len())
        );
        let mut query = sqlx::query_as::<_, Choice>(&sql);
        for country in &countries {
            query = query.bind(country.clone());
        }
        query.fetch_all(&state.db.pool).await?
    };
    let establishments = match filter.region.as_deref().and_then(|r| r.parse::<i64>().ok()) {
        Some(region) => {
            crate::web::choices::choices(
                &state,
                &format!(
                    "SELECT CAST(id AS TEXT) AS value, name AS label FROM establishments WHERE region_id = {region} ORDER BY name"
                ),
            )
            .await?
        }
        None => Vec::new(),
    };
    let can_file = !fileable(&ctx)?.is_empty();
    let reads_waiting_times = super::waiting::may_read(&ctx.user()?.actor);
    let links = Links::new(
        "/authorisations",
        &query,
        &[
            ("status", filter.status.as_deref()),
            ("organisation", filter.organisation.as_deref()),
            ("region", filter.region.as_deref()),
            ("establishment", filter.establishment.as_deref()),
            ("person", filter.person.as_deref()),
        ],
    );
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        statuses: Status::ALL,
        organisations,
        regions,
        establishments,
        can_file,
        reads_waiting_times,
    })
}

const COLUMNS: &[(&str, &str)] = &[
    ("id", "authorisation.number"),
    ("person", "authorisation.person"),
    ("email", "login.email"),
    ("organisation", "authorisation.organisation"),
    ("establishments", "authorisation.establishments"),
    ("status", "authorisation.status"),
    ("filed_on", "authorisation.filed_on"),
    ("decided_on", "authorisation.decided_on"),
    ("starts_on", "authorisation.starts_on"),
    ("expires_on", "authorisation.expires_on"),
];

async fn sheet(state: &AppState, ctx: &Ctx, query: &ListQuery, filter: &AuthorisationFilter) -> AppResult<Sheet> {
    let user = ctx.user()?;
    let rows = store::all(&state.db, &user.actor, &today(state), query, filter).await?;
    Ok(Sheet {
        name: "authorisations",
        columns: COLUMNS,
        rows: rows
            .into_iter()
            .map(|a| {
                let status = ctx.t(a.status_label());
                vec![
                    Cell::from(a.id),
                    a.person_name.into(),
                    a.person_email.into(),
                    a.organisation.into(),
                    a.establishments.into(),
                    status.into(),
                    a.filed_on.into(),
                    a.decided_on.into(),
                    a.starts_on.into(),
                    a.expires_on.into(),
                ]
            })
            .collect(),
    })
}

/// The filtered list as a CSV (`XLSX` false) or Excel file.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AuthorisationFilter>,
) -> AppResult<Response> {
    sheet(&state, &ctx, &query, &filter).await?.download(XLSX, ctx.lang)
}

#[derive(Template, WebTemplate)]
#[template(path = "authorisations/templates/new.html")]
pub struct NewPage {
    ctx: Ctx,
    organisations: Vec<Choice>,
    establishments: Vec<Choice>,
    form: Vec<(String, String)>,
    error: Option<&'static str>,
}

impl NewPage {
    fn value(&self, field: &str) -> &str {
        self.form
            .iter()
            .find(|(k, _)| k == field)
            .map_or("", |(_, v)| v.as_str())
    }

    fn chosen(&self, field: &str, value: &str) -> bool {
        self.form.iter().any(|(k, v)| k == field && v == value)
    }
}

async fn new_page(
    state: &AppState,
    ctx: Ctx,
    form: Vec<(String, String)>,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let organisations = fileable(&ctx)?;
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let establishments: Vec<Choice> = sqlx::query_as(
        "SELECT CAST(e.id AS TEXT) AS value, r.name || ' — ' || e.name AS label FROM establishments e \
         JOIN regions r ON r.id = e.region_id WHERE e.open = 1 ORDER BY e.country, r.name, e.name",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        NewPage {
            ctx,
            organisations,
            establishments,
            form,
            error,
        },
    )
        .into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let today = state.clock.now().date_naive().to_string();
    new_page(&state, ctx, vec![("filed_on".into(), today)], None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let get = |field: &str| form.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v.as_str());
    let input = Application {
        person_email: get("person_email").to_owned(),
        organisation: get("organisation").parse().unwrap_or(0),
        filed_on: parse_date(get("filed_on")),
        establishments: form
            .iter()
            .filter(|(k, _)| k == "establishments")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    };
    match actions::file(&state, user, &ctx.request_id, &input, None).await {
        Ok(id) => Ok(redirect(
            &state,
            &format!("/authorisations/{id}"),
            Some(Flash {
                key: "authorisation.filed",
                error: false,
            }),
        )),
        Err(err) => {
            let message = err.into_form_message()?;
            new_page(&state, ctx.clone(), form, Some(message)).await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "authorisations/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    a: Authorisation,
    steps: Vec<Step>,
    events: Vec<Event>,
    renewed_by: Option<i64>,
    can_manage: bool,
    /// The person decides applications of this country (the administration).
    can_decide: bool,
    today: String,
    error: Option<&'static str>,
}

impl DetailPage {
    fn undecided(&self) -> bool {
        self.a.decision.is_none()
    }

    fn granted(&self) -> bool {
        self.a.decision.as_deref() == Some("granted") && self.a.withdrawn_on.is_none()
    }

    fn suspended(&self) -> bool {
        self.a.suspended_on.is_some()
    }
}

async fn detail_page(state: &AppState, ctx: Ctx, id: i64, error: Option<&'static str>) -> AppResult<Response> {
    let user = ctx.user()?;
    let a = store::get(&state.db, &user.actor, &today(state), id).await?;
    let can_manage = user.actor.can(Action::ManageAuthorisations {
        organisation: a.organisation_id,
        country: &a.country,
    });
    let can_decide = user.actor.can(Action::DecideAuthorisation { country: &a.country });
    let steps = store::steps(&state.db, &a).await?;
    let events = store::events(&state.db, id).await?;
    let renewed_by = store::renewed_by(&state.db, id).await?;
    let status = form_status(error.is_some());
    let today = state.clock.now().date_naive().to_string();
    Ok((
        status,
        DetailPage {
            ctx,
            a,
            steps,
            events,
            renewed_by,
            can_manage,
            can_decide,
            today,
            error,
        },
    )
        .into_response())
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    detail_page(&state, ctx, id, None).await
}

/// Runs an action; on a validation error shows the page again with its message.
async fn act(state: &AppState, ctx: Ctx, id: i64, done: &'static str, result: AppResult<()>) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(redirect(
            state,
            &format!("/authorisations/{id}"),
            Some(Flash {
                key: done,
                error: false,
            }),
        )),
        Err(err) => {
            let message = err.into_form_message()?;
            detail_page(state, ctx, id, Some(message)).await
        }
    }
}

fn date_field(text: &str) -> AppResult<NaiveDate> {
    parse_date(text.trim()).ok_or(AppError::Invalid(vec![crate::error::FieldError {
        field: "date".into(),
        message: "import.not_a_date",
    }]))
}

#[derive(serde::Deserialize)]
pub struct StepForm {
    step: i64,
    done_on: String,
    #[serde(default)]
    note: String,
}

pub async fn record_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let result = match date_field(&form.done_on) {
        Ok(day) => actions::record_step(&state, user, &ctx.request_id, id, form.step, day, &form.note).await,
        Err(err) => Err(err),
    };
    act(&state, ctx.clone(), id, "authorisation.step_saved", result).await
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    decision: String,
    decided_on: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    expires_on: String,
    #[serde(default)]
    probation_months: String,
    #[serde(default)]
    refusal_reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let input = (|| -> AppResult<DecisionInput> {
        Ok(DecisionInput {
            decision: Decision::parse(&form.decision)
                .ok_or(AppError::invalid("decision", "authorisation.choose_decision"))?,
            decided_on: date_field(&form.decided_on)?,
            starts_on: parse_date(form.starts_on.trim()),
            expires_on: parse_date(form.expires_on.trim()),
            probation_months: form.probation_months.trim().parse().ok(),
            refusal_reason: form.refusal_reason.clone(),
        })
    })();
    let result = match input {
        Ok(input) => actions::decide(&state, user, &ctx.request_id, id, &input).await,
        // Who may decide answers before what the form lacks.
        Err(err) => actions::managed(&state, user, id, Transition::Decide)
            .await
            .and(Err(err)),
    };
    act(&state, ctx.clone(), id, "authorisation.decided", result).await
}

#[derive(serde::Deserialize)]
pub struct EventForm {
    on: String,
    #[serde(default)]
    reason: String,
}

async fn event(
    state: AppState,
    ctx: Ctx,
    id: i64,
    transition: Transition,
    form: EventForm,
    done: &'static str,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let result = match date_field(&form.on) {
        Ok(day) => actions::event(&state, user, &ctx.request_id, id, transition, day, &form.reason).await,
        // Who may act answers before what the form lacks.
        Err(err) => actions::managed(&state, user, id, transition).await.and(Err(err)),
    };
    act(&state, ctx.clone(), id, done, result).await
}

pub async fn suspend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EventForm>,
) -> AppResult<Response> {
    event(state, ctx, id, Transition::Suspend, form, "authorisation.suspended").await
}

pub async fn lift(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EventForm>,
) -> AppResult<Response> {
    event(state, ctx, id, Transition::Lift, form, "authorisation.lifted").await
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<EventForm>,
) -> AppResult<Response> {
    event(state, ctx, id, Transition::Withdraw, form, "authorisation.withdrawn").await
}

pub async fn renew(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    match actions::renew(&state, user, &ctx.request_id, id).await {
        Ok(new) => Ok(redirect(
            &state,
            &format!("/authorisations/{new}"),
            Some(Flash {
                key: "authorisation.renewal_filed",
                error: false,
            }),
        )),
        Err(err) => {
            let message = err.into_form_message()?;
            detail_page(&state, ctx.clone(), id, Some(message)).await
        }
    }
}
