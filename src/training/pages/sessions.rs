//! Sessions: the list, the form, one session with its seats and enrolments,
//! and its printable sign-in sheet.

use super::*;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::{parse_count, parse_date};
use crate::training::actions::{self, EnrolInput, EnrolmentStep, PartnerInput, SessionInput};
use crate::training::rules::{self, CostSharing, EnrolmentState};
use crate::training::store::{self, Completion, Enrolment, Module, Seats, Session, SessionFilter};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/sessions.html")]
pub struct SessionsPage {
    ctx: Ctx,
    page: Paged<Session>,
    query: ListQuery,
    links: Links,
    mine: Vec<store::MyEnrolment>,
    can_organise: bool,
    can_require: bool,
}

impl SessionsPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

pub async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<SessionFilter>,
) -> AppResult<SessionsPage> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    let page = store::sessions(&state.db, &user.actor, &query, &filter, today).await?;
    let links = Links::new(
        "/training",
        &query,
        &[("when", filter.when.as_deref()), ("approve", filter.approve.as_deref())],
    );
    let mine = store::enrolments_of(&state.db, user.person.id).await?;
    let can_organise = !managed(&state, &ctx).await?.is_empty();
    let can_require = !organisations_for(&state, &ctx, Action::EditOrganisation)
        .await?
        .is_empty();
    Ok(SessionsPage {
        ctx,
        page,
        query,
        links,
        mine,
        can_organise,
        can_require,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/session_form.html")]
pub struct SessionFormPage {
    ctx: Ctx,
    /// The session being changed; none for a new one.
    editing: Option<i64>,
    organisations: Vec<Choice>,
    modules: Vec<Module>,
    zones: &'static [&'static str],
    sharings: &'static [CostSharing],
    form: Typed,
    error: Option<&'static str>,
}

async fn session_form_page(
    state: &AppState,
    ctx: Ctx,
    editing: Option<i64>,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let organisations = managed(state, &ctx).await?;
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let modules = match editing {
        Some(id) => store::session_modules(&state.db, id).await?,
        None => store::current_modules(&state.db).await?,
    };
    let status = form_status(error.is_some());
    let page = SessionFormPage {
        ctx,
        editing,
        organisations,
        modules,
        zones: crate::calendar::ZONES,
        sharings: CostSharing::ALL,
        form,
        error,
    };
    Ok((status, page).into_response())
}

fn typed(fields: &[(&str, &str)]) -> Typed {
    Typed(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

pub async fn new_session(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let form = typed(&[
        ("starts", "09:30"),
        ("ends", "17:00"),
        ("time_zone", "Europe/Paris"),
        ("language", ctx.lang.code()),
        ("capacity", "12"),
        ("cost_sharing", "per_seat"),
    ]);
    session_form_page(&state, ctx, None, form, None).await
}

/// A session as its form was filled in.
fn session_input(form: &Typed) -> SessionInput {
    SessionInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        title: form.get("title").to_owned(),
        module_ids: form.all("module_ids").iter().filter_map(|m| m.parse().ok()).collect(),
        first_day: parse_date(form.get("first_day")),
        last_day: parse_date(form.get("last_day")),
        starts: form.get("starts").to_owned(),
        ends: form.get("ends").to_owned(),
        time_zone: form.get("time_zone").to_owned(),
        place: form.get("place").to_owned(),
        online_link: form.get("online_link").to_owned(),
        language: form.get("language").to_owned(),
        capacity: parse_count(form.get("capacity")).unwrap_or(0),
        registration_deadline: parse_date(form.get("registration_deadline")),
        cost_cents: rules::parse_euros(form.get("cost")).unwrap_or(-1),
        cost_sharing: form.get("cost_sharing").to_owned(),
    }
}

pub async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let outcome = actions::create_session(&state, user, &ctx.request_id, &session_input(&form))
        .await
        .map(|id| (format!("/training/sessions/{id}"), "training.session_created"));
    answer(&state, outcome, |message| {
        session_form_page(&state, ctx.clone(), None, form, Some(message))
    })
    .await
}

/// The form of a session, filled with what it is now.
pub async fn edit_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let s = store::session(&state.db, &user.actor, id).await?;
    user.actor.require(Action::ManageTraining(s.organisation_id))?;
    let capacity = s.capacity.to_string();
    let cost = format!("{}.{:02}", s.cost_cents / 100, s.cost_cents % 100);
    let form = typed(&[
        ("organisation_id", &s.organisation_id.to_string()),
        ("title", &s.title),
        ("first_day", &s.first_day),
        ("last_day", &s.last_day),
        ("starts", &s.starts),
        ("ends", &s.ends),
        ("time_zone", &s.time_zone),
        ("place", &s.place),
        ("online_link", &s.online_link),
        ("language", &s.language),
        ("capacity", &capacity),
        ("registration_deadline", &s.registration_deadline),
        ("cost", &cost),
        ("cost_sharing", &s.cost_sharing),
    ]);
    session_form_page(&state, ctx, Some(id), form, None).await
}

pub async fn update_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let outcome = actions::update_session(&state, user, &ctx.request_id, id, &session_input(&form))
        .await
        .map(|()| (format!("/training/sessions/{id}"), "training.session_updated"));
    answer(&state, outcome, |message| {
        session_form_page(&state, ctx.clone(), Some(id), form, Some(message))
    })
    .await
}

/// Everything a session's page shows.
pub struct SessionView {
    pub session: Session,
    pub modules: Vec<Module>,
    pub seats: Vec<Seats>,
    pub enrolments: Vec<Enrolment>,
    pub present: Vec<(i64, String)>,
    pub completions: Vec<Completion>,
    pub days: Vec<NaiveDate>,
}

impl SessionView {
    pub async fn load(state: &AppState, actor: &crate::permissions::Actor, id: i64) -> AppResult<Self> {
        let session = store::session(&state.db, actor, id).await?;
        let modules = store::session_modules(&state.db, id).await?;
        let seats = store::seats(&state.db, &session).await?;
        let enrolments = store::enrolments(&state.db, actor, &session).await?;
        let present = store::attendance(&state.db, &enrolments).await?;
        let completions = store::completions(&state.db, &enrolments).await?;
        let days = match (session.first_day.parse(), session.last_day.parse()) {
            (Ok(first), Ok(last)) => rules::days(first, last),
            _ => Vec::new(),
        };
        Ok(Self {
            session,
            modules,
            seats,
            enrolments,
            present,
            completions,
            days,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/session.html")]
pub struct SessionPage {
    ctx: Ctx,
    v: SessionView,
    s: Session,
    organiser: bool,
    /// Organisations whose seats the person may take (theirs with seats in the session).
    own_seats: Vec<Choice>,
    /// Organisations whose volunteers the person may enrol.
    enrol_for: Vec<Choice>,
    partners: Vec<Choice>,
    shares: Vec<(String, i64)>,
    open: bool,
    form: Typed,
    error: Option<&'static str>,
}

impl SessionPage {
    fn is_present(&self, enrolment: &i64, day: &NaiveDate) -> bool {
        let day = day.to_string();
        self.v.present.iter().any(|(e, d)| e == enrolment && *d == day)
    }

    fn may(&self, enrolment: &Enrolment, step: &str) -> bool {
        let Some(user) = self.ctx.user.as_deref() else {
            return false;
        };
        EnrolmentStep::parse(step).is_some_and(|s| actions::may_step(user, &self.s, enrolment, s))
    }

    fn completions_of(&self, enrolment: &i64) -> Vec<&Completion> {
        self.v
            .completions
            .iter()
            .filter(|c| c.enrolment_id == *enrolment)
            .collect()
    }

    fn money(&self, cents: &i64) -> String {
        rules::euros(*cents, self.ctx.lang)
    }

    fn state_label(&self, enrolment: &Enrolment) -> &'static str {
        enrolment.state().label()
    }

    fn sharing_label(&self) -> &'static str {
        CostSharing::parse(&self.s.cost_sharing).map_or("training.sharing.per_seat", CostSharing::label)
    }

    fn enrolled(&self) -> Vec<&Enrolment> {
        self.v
            .enrolments
            .iter()
            .filter(|e| e.state() == EnrolmentState::Enrolled)
            .collect()
    }

    fn custom(&self) -> bool {
        self.s.cost_sharing == "custom"
    }
}

pub(super) async fn session_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let v = SessionView::load(state, &user.actor, id).await?;
    let s = v.session.clone();
    let organiser = user.actor.can(Action::ManageTraining(s.organisation_id));
    let with_seats: Vec<i64> = v.seats.iter().map(|x| x.organisation_id).collect();
    let already = v.enrolments.iter().any(|e| {
        e.person_id == user.person.id && matches!(e.state(), EnrolmentState::Enrolled | EnrolmentState::Waiting)
    });
    let own_seats: Vec<Choice> = user
        .actor
        .acting_memberships()
        .filter(|m| !already && with_seats.contains(&m.organisation_id))
        .map(Choice::from)
        .collect();
    let enrol_for: Vec<Choice> = managed(state, &ctx)
        .await?
        .into_iter()
        .filter(|c| with_seats.iter().any(|o| o.to_string() == c.value))
        .collect();
    let partners = if organiser {
        crate::web::choices::choices(
            state,
            "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label FROM organisations \
             WHERE kind <> 'prison_administration' ORDER BY acronym",
        )
        .await?
        .into_iter()
        .filter(|c| c.value != s.organisation_id.to_string())
        .collect()
    } else {
        Vec::new()
    };
    let shares = actions::cost_shares(&s, &v.seats);
    let today = state.clock.now().date_naive().to_string();
    let open = s.cancelled_at.is_none() && today <= s.registration_deadline;
    let status = form_status(error.is_some());
    let page = SessionPage {
        ctx,
        v,
        s,
        organiser,
        own_seats,
        enrol_for,
        partners,
        shares,
        open,
        form,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    session_page(&state, ctx, id, Typed::default(), None).await
}

/// Back to the session (at `anchor`) with the outcome's message, or its
/// page again with the form and the error.
pub(super) async fn to_session(
    state: &AppState,
    posted: Posted,
    anchor: &str,
    outcome: AppResult<&'static str>,
) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = outcome.map(|key| (format!("/training/sessions/{id}{anchor}"), key));
    answer(state, outcome, |message| {
        session_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// Opens the session to a partner organisation, or changes its seats.
pub async fn open_to_partner(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let user = ctx.user()?;
    let input = PartnerInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        seats: parse_count(form.get("seats")).unwrap_or(-1),
        share_percent: parse_count(form.get("share_percent")),
    };
    let outcome = actions::open_to(&state, user, &ctx.request_id, *id, &input)
        .await
        .map(|()| "training.partner_saved");
    to_session(&state, posted, "", outcome).await
}

/// Enrols oneself or a volunteer, on a seat or the waiting list.
pub async fn enrol(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let user = ctx.user()?;
    let input = EnrolInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        email: form.get("email").to_owned(),
    };
    let outcome = actions::enrol(&state, user, &ctx.request_id, *id, &input)
        .await
        .map(|(_, placed)| match placed {
            EnrolmentState::Waiting => "training.waitlisted",
            _ => "training.enrolled",
        });
    to_session(&state, posted, "", outcome).await
}

/// Cancels the session.
pub async fn cancel_session(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, .. } = &posted;
    let outcome = actions::cancel_session(&state, ctx.user()?, &ctx.request_id, *id)
        .await
        .map(|()| "training.session_cancelled");
    to_session(&state, posted, "", outcome).await
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/sign_in.html")]
pub struct SignInPage {
    ctx: Ctx,
    v: SessionView,
    s: Session,
}

impl SignInPage {
    fn enrolled(&self) -> Vec<&Enrolment> {
        self.v
            .enrolments
            .iter()
            .filter(|e| e.state() == EnrolmentState::Enrolled)
            .collect()
    }
}

/// The printable sign-in sheet: one line per person, one column per day.
pub async fn sign_in_sheet(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<SignInPage> {
    let user = ctx.user()?;
    let v = SessionView::load(&state, &user.actor, id).await?;
    user.actor.require(Action::ManageTraining(v.session.organisation_id))?;
    let s = v.session.clone();
    Ok(SignInPage { ctx, v, s })
}
