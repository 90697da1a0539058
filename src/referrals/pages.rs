//! Referral pages: the list with its dashboard, a new referral, one
//! referral with its beneficiary (each read logged), history and actions.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, NewReferral, Step};
use super::rules::{Kind, Party, State as ReferralState, Transition};
use super::store::{self, Beneficiary, Candidate, Dashboard, Event, Read, Referral, ReferralFilter};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, form_status, redirect};

#[derive(Template, WebTemplate)]
#[template(path = "referrals/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Referral>,
    query: ListQuery,
    links: Links,
    dashboard: Dashboard,
    coordinates: bool,
    states: &'static [ReferralState],
    kinds: &'static [Kind],
    can_refer: bool,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }

    fn state_label(&self, state: &str) -> &'static str {
        ReferralState::parse(state).map_or("referral.state.draft", ReferralState::label)
    }

    fn age_label(&self, bracket: &usize) -> &'static str {
        super::rules::AGE_BRACKETS[*bracket].1
    }
}

/// Whether `ctx`'s person acts for a volunteer organisation (and so may refer).
fn can_refer(ctx: &Ctx) -> AppResult<bool> {
    Ok(ctx.user()?.actor.acting_memberships().next().is_some())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<ReferralFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    let page = store::list(&state.db, &user.actor, &query, &filter).await?;
    let dashboard = store::dashboard(&state.db, &user.actor, state.clock.now()).await?;
    // What waits for acceptance is the receiving side's concern: a volunteer
    // sees only how their own referrals stand.
    let coordinates = !user.actor.followed_organisations().is_empty();
    let links = Links::new(
        "/referrals",
        &query,
        &[
            ("state", filter.state.as_deref()),
            ("kind", filter.kind.as_deref()),
            ("waiting", filter.waiting.as_deref()),
        ],
    );
    let can_refer = can_refer(&ctx)?;
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        dashboard,
        coordinates,
        states: ReferralState::ALL,
        kinds: Kind::ALL,
        can_refer,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals/templates/new.html")]
pub struct NewPage {
    ctx: Ctx,
    kinds: &'static [Kind],
    senders: Vec<Choice>,
    receivers: Vec<Receiver>,
    establishments: Vec<Choice>,
    form: Vec<(String, String)>,
    error: Option<&'static str>,
}

/// An organisation a referral may go to, with the service it offers.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Receiver {
    value: String,
    label: String,
    service: String,
}

impl NewPage {
    /// The kind chosen: as typed, or the first.
    fn kind(&self) -> Kind {
        Kind::parse(self.value("kind")).unwrap_or(Kind::ALL[0])
    }

    /// Whether `receiver` is selected: as typed, or on a fresh form the
    /// first that offers the chosen kind's service.
    fn receiver_selected(&self, receiver: &Receiver) -> bool {
        match self.value("receiving_organisation_id") {
            "" => {
                let service = self.kind().receiving_service();
                self.receivers.iter().find(|r| r.service == service).map(|r| &r.value) == Some(&receiver.value)
            }
            typed => typed == receiver.value,
        }
    }

    fn value(&self, field: &str) -> &str {
        self.form
            .iter()
            .find(|(k, _)| k == field)
            .map_or("", |(_, v)| v.as_str())
    }
}

async fn new_page(
    state: &AppState,
    ctx: Ctx,
    form: Vec<(String, String)>,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let senders: Vec<Choice> = user.actor.acting_memberships().map(Choice::from).collect();
    if senders.is_empty() {
        return Err(AppError::Forbidden);
    }
    let receivers: Vec<Receiver> = sqlx::query_as(
        "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label, service FROM organisations \
         WHERE kind = 'volunteer_organisation' AND service IN ('visits', 'courses') ORDER BY acronym",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let establishments = crate::web::choices::choices(
        state,
        "SELECT CAST(e.id AS TEXT) AS value, r.name || ' — ' || e.name AS label FROM establishments e \
         JOIN regions r ON r.id = e.region_id WHERE e.open = 1 ORDER BY e.country, r.name, e.name",
    )
    .await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        NewPage {
            ctx,
            kinds: Kind::ALL,
            senders,
            receivers,
            establishments,
            form,
            error,
        },
    )
        .into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = vec![
        ("consent_on".to_owned(), state.clock.now().date_naive().to_string()),
        ("consent_by".to_owned(), user.person.name.clone()),
    ];
    new_page(&state, ctx, form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let get = |field: &str| form.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v.trim());
    let input = NewReferral {
        kind: get("kind").to_owned(),
        establishment_id: get("establishment_id").parse().unwrap_or(0),
        sender_organisation_id: get("sender_organisation_id").parse().unwrap_or(0),
        receiving_organisation_id: get("receiving_organisation_id").parse().unwrap_or(0),
        reference: get("reference").to_owned(),
        language: get("language").to_owned(),
        needs: get("needs").to_owned(),
        prison_number: get("prison_number").to_owned(),
        consent: get("consent") == "1",
        consent_on: parse_date(get("consent_on")),
        consent_by: get("consent_by").to_owned(),
        submit: get("send") == "submit",
    };
    match actions::create(&state, user, &ctx.request_id, &input).await {
        Ok(id) => Ok(redirect(
            &state,
            &format!("/referrals/{id}"),
            Some(Flash {
                key: if input.submit {
                    "referral.submitted"
                } else {
                    "referral.saved"
                },
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
#[template(path = "referrals/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    r: Referral,
    beneficiary: Beneficiary,
    events: Vec<Event>,
    reads: Vec<Read>,
    candidates: Vec<Candidate>,
    actions: Vec<Transition>,
    error: Option<&'static str>,
}

impl DetailPage {
    fn kind_label(&self) -> &'static str {
        self.r.kind().label()
    }

    fn state_label(&self) -> &'static str {
        self.r.state().label()
    }

    fn can(&self, action: &str) -> bool {
        self.actions.iter().any(|t| t.as_str() == action)
    }
}

/// What `parties` may do to `referral` now.
fn available(referral: &Referral, parties: &[Party]) -> Vec<Transition> {
    Transition::ALL
        .iter()
        .copied()
        .filter(|t| t.apply(referral.kind(), referral.state()).is_some())
        .filter(|t| t.parties().iter().any(|p| parties.contains(p)))
        .collect()
}

async fn detail_page(state: &AppState, ctx: Ctx, id: i64, error: Option<&'static str>) -> AppResult<Response> {
    let user = ctx.user()?;
    let (r, parties, beneficiary) = store::open(&state.db, &user.actor, id, &ctx.request_id, state.clock.now()).await?;
    let actions = available(&r, &parties);
    let candidates = if actions.contains(&Transition::Assign) {
        store::candidates(&state.db, &r, state.clock.now().date_naive()).await?
    } else {
        Vec::new()
    };
    let events = store::events(&state.db, id).await?;
    let reads = store::reads(&state.db, id).await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        DetailPage {
            ctx,
            r,
            beneficiary,
            events,
            reads,
            candidates,
            actions,
            error,
        },
    )
        .into_response())
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    detail_page(&state, ctx, id, None).await
}

#[derive(serde::Deserialize)]
pub struct ActForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    assignee_id: String,
}

/// A step of the referral (`transition`), from the forms of its page.
pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    id: i64,
    transition: Transition,
    form: ActForm,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let step = Step {
        text: form.text,
        assignee_id: form.assignee_id.trim().parse().ok(),
    };
    match actions::act(&state, user, &ctx.request_id, id, transition, &step).await {
        Ok(_) => Ok(redirect(
            &state,
            &format!("/referrals/{id}"),
            Some(Flash {
                key: "referral.updated",
                error: false,
            }),
        )),
        Err(err) => {
            let message = err.into_form_message()?;
            detail_page(&state, ctx.clone(), id, Some(message)).await
        }
    }
}
