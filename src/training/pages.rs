//! Training pages: sessions, programmes with their guide and modules, a
//! session with its seats, enrolments, attendance and completions, the
//! printable sign-in sheet, one's certificates and the public verification.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use super::actions::{self, EnrolInput, EnrolmentStep, ModuleInput, PartnerInput, ProgrammeInput, SessionInput};
use super::rules::{self, CostSharing, EnrolmentState};
use super::store::{
    self, Completion, Enrolment, Material, Module, Programme, Qualification, Seats, Session, SessionFilter,
};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::tabular::{parse_count, parse_date};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, Typed, answer, done, form_status, redirect};

/// The organisations for which `ctx`'s person may do `action`, as
/// choices (every organisation for a platform administrator).
async fn organisations_for(state: &AppState, ctx: &Ctx, action: fn(i64) -> Action<'static>) -> AppResult<Vec<Choice>> {
    let actor = &ctx.user()?.actor;
    if actor.platform_admin {
        return crate::web::choices::choices(
            state,
            "SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations ORDER BY acronym",
        )
        .await;
    }
    let mut choices: Vec<Choice> = actor
        .memberships
        .iter()
        .filter(|m| actor.can(action(m.organisation_id)))
        .map(Choice::from)
        .collect();
    choices.dedup_by(|a, b| a.value == b.value);
    Ok(choices)
}

/// The organisations whose training `ctx`'s person manages.
async fn managed(state: &AppState, ctx: &Ctx) -> AppResult<Vec<Choice>> {
    organisations_for(state, ctx, Action::ManageTraining).await
}

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
    let links = Links::new("/training", &query, &[("when", filter.when.as_deref())]);
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
#[template(path = "training/templates/programmes.html")]
pub struct ProgrammesPage {
    ctx: Ctx,
    page: Paged<Programme>,
    query: ListQuery,
    links: Links,
    organisations: Vec<Choice>,
    form: Typed,
    error: Option<&'static str>,
}

impl ProgrammesPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

async fn programmes_page(
    state: &AppState,
    ctx: Ctx,
    query: ListQuery,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let page = store::programmes(&state.db, &query).await?;
    let links = Links::new("/training/programmes", &query, &[]);
    let organisations = managed(state, &ctx).await?;
    let status = form_status(error.is_some());
    let page = ProgrammesPage {
        ctx,
        page,
        query,
        links,
        organisations,
        form,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn programmes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    ctx.user()?;
    programmes_page(&state, ctx, query, Typed::default(), None).await
}

pub async fn create_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let input = ProgrammeInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        title: form.get("title").to_owned(),
        summary: form.get("summary").to_owned(),
        guide: form.get("guide").to_owned(),
    };
    let outcome = actions::create_programme(&state, user, &ctx.request_id, &input)
        .await
        .map(|id| (format!("/training/programmes/{id}"), "training.programme_created"));
    answer(&state, outcome, |message| {
        programmes_page(&state, ctx.clone(), ListQuery::default(), form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/programme.html")]
pub struct ProgrammePage {
    ctx: Ctx,
    p: Programme,
    modules: Vec<Module>,
    materials: Vec<Material>,
    can_edit: bool,
    form: Typed,
    error: Option<&'static str>,
}

impl ProgrammePage {
    /// The guide's paragraphs (separated by blank lines).
    fn paragraphs(&self) -> Vec<&str> {
        self.p
            .guide
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    fn materials_of(&self, module: &i64) -> Vec<&Material> {
        self.materials.iter().filter(|m| m.module_id == *module).collect()
    }

    fn kilobytes(&self, size: &i64) -> String {
        self.ctx.number(&((size + 1023) / 1024))
    }
}

async fn programme_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let p = store::programme(&state.db, id).await?;
    let modules = store::modules(&state.db, p.version_id).await?;
    let materials = store::materials(&state.db, p.version_id).await?;
    let can_edit = user.actor.can(Action::ManageTraining(p.organisation_id));
    let status = form_status(error.is_some());
    let page = ProgrammePage {
        ctx,
        p,
        modules,
        materials,
        can_edit,
        form,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn programme(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    programme_page(&state, ctx, id, Typed::default(), None).await
}

/// The programme's forms: its guide, a new module, a new version.
pub async fn programme_act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, what)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let rid = &ctx.request_id;
    let outcome = match what.as_str() {
        "guide" => actions::update_guide(&state, user, rid, id, form.get("guide"))
            .await
            .map(|()| "training.guide_saved"),
        "modules" => {
            let input = ModuleInput {
                title: form.get("title").to_owned(),
                outcomes: form.get("outcomes").to_owned(),
                hours: parse_count(form.get("hours")).unwrap_or(0),
                language: form.get("language").to_owned(),
                prerequisites: form.get("prerequisites").to_owned(),
                min_attendance: match form.get("min_attendance") {
                    "" => 100,
                    text => parse_count(text).unwrap_or(-1),
                },
                assessment: form.get("assessment") == "1",
                qualification: form.get("qualification").to_owned(),
                validity_months: match form.get("validity_months") {
                    "" => None,
                    text => Some(parse_count(text).unwrap_or(0)),
                },
            };
            actions::add_module(&state, user, rid, id, &input)
                .await
                .map(|_| "training.module_added")
        }
        "versions" => actions::new_version(&state, user, rid, id)
            .await
            .map(|_| "training.version_created"),
        _ => return Err(AppError::NotFound),
    };
    let outcome = outcome.map(|key| (format!("/training/programmes/{id}"), key));
    answer(&state, outcome, |message| {
        programme_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

pub async fn upload_material(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(module_id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (name, bytes) =
        crate::web::extract::uploaded_file(multipart, "file", crate::web::extract::MAX_DOCUMENT).await?;
    let (module, _) = store::module(&state.db, module_id).await?;
    let programme: i64 = sqlx::query_scalar("SELECT programme_id FROM training_versions WHERE id = $1")
        .bind(module.version_id)
        .fetch_one(&state.db.pool)
        .await?;
    let to = format!("/training/programmes/{programme}#module-{module_id}");
    match actions::upload_material(&state, user, &ctx.request_id, module_id, &name, &bytes).await {
        Ok(_) => Ok(done(&state, &to, "training.material_added")),
        Err(err) => {
            let message = err.into_form_message()?;
            Ok(redirect(
                &state,
                &to,
                Some(Flash {
                    key: message,
                    error: true,
                }),
            ))
        }
    }
}

/// A material, always as a download of its stored type (never shown inline).
pub async fn material(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    ctx.user()?;
    let row: Option<(String, String, Vec<u8>)> =
        sqlx::query_as("SELECT filename, content_type, content FROM training_materials WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (name, kind, content) = row.ok_or(AppError::NotFound)?;
    Ok(crate::tabular::download(content, &kind, &name))
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/session_form.html")]
pub struct SessionFormPage {
    ctx: Ctx,
    /// The session being changed; none for a new one.
    editing: Option<i64>,
    organisations: Vec<Choice>,
    modules: Vec<Module>,
    zones: &'static [(&'static str, i32)],
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
        zones: rules::ZONES,
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

async fn session_page(
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

/// The session's forms: open to a partner, enrol, cancel the session.
pub async fn session_act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, what)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let rid = &ctx.request_id;
    let outcome = match what.as_str() {
        "partners" => {
            let input = PartnerInput {
                organisation_id: form.get("organisation_id").parse().unwrap_or(0),
                seats: parse_count(form.get("seats")).unwrap_or(-1),
                share_percent: parse_count(form.get("share_percent")),
            };
            actions::open_to(&state, user, rid, id, &input)
                .await
                .map(|()| "training.partner_saved")
        }
        "enrolments" => {
            let input = EnrolInput {
                organisation_id: form.get("organisation_id").parse().unwrap_or(0),
                email: form.get("email").to_owned(),
            };
            actions::enrol(&state, user, rid, id, &input)
                .await
                .map(|(_, placed)| match placed {
                    EnrolmentState::Waiting => "training.waitlisted",
                    _ => "training.enrolled",
                })
        }
        "cancel" => actions::cancel_session(&state, user, rid, id)
            .await
            .map(|()| "training.session_cancelled"),
        _ => return Err(AppError::NotFound),
    };
    let outcome = outcome.map(|key| (format!("/training/sessions/{id}"), key));
    answer(&state, outcome, |message| {
        session_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

/// An enrolment's actions: approve, refuse, cancel, attendance, complete.
pub async fn enrolment_act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, what)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let rid = &ctx.request_id;
    let enrolment = store::enrolment(&state.db, id).await?;
    let outcome = match what.as_str() {
        "attendance" => match parse_date(form.get("day")) {
            Some(day) => actions::mark(&state, user, rid, id, day, form.get("present") == "1")
                .await
                .map(|()| "training.attendance_saved"),
            None => Err(AppError::invalid("day", "training.error.day")),
        },
        "complete" => actions::complete(&state, user, rid, id, form.get("assessment_passed") == "1")
            .await
            .map(|_| "training.completed"),
        step => {
            let step = EnrolmentStep::parse(step).ok_or(AppError::NotFound)?;
            actions::step(&state, user, rid, id, step)
                .await
                .map(|()| "training.enrolment_updated")
        }
    };
    let anchor = if what == "attendance" { "#attendance" } else { "" };
    let outcome = outcome.map(|key| (format!("/training/sessions/{}{anchor}", enrolment.session_id), key));
    answer(&state, outcome, |message| {
        session_page(&state, ctx.clone(), enrolment.session_id, form, Some(message))
    })
    .await
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

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/certificates.html")]
pub struct CertificatesPage {
    ctx: Ctx,
    certificates: Vec<Completion>,
    qualifications: Vec<Qualification>,
    today: String,
}

pub async fn certificates(State(state): State<AppState>, ctx: Ctx) -> AppResult<CertificatesPage> {
    let user = ctx.user()?;
    let certificates = store::certificates_of(&state.db, user.person.id).await?;
    let qualifications = store::qualifications_of(&state.db, user.person.id).await?;
    let today = state.clock.now().date_naive().to_string();
    Ok(CertificatesPage {
        ctx,
        certificates,
        qualifications,
        today,
    })
}

#[derive(serde::Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<RevokeForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    actions::revoke(&state, user, &ctx.request_id, &code, &form.reason).await?;
    Ok(done(&state, &format!("/verify/{code}"), "training.revoked"))
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/requirements.html")]
pub struct RequirementsPage {
    ctx: Ctx,
    requirements: Vec<store::Requirement>,
    organisations: Vec<Choice>,
    missions: &'static [crate::people::Mission],
    qualifications: Vec<String>,
    error: Option<&'static str>,
}

async fn requirements_page(state: &AppState, ctx: Ctx, error: Option<&'static str>) -> AppResult<Response> {
    let organisations = organisations_for(state, &ctx, Action::EditOrganisation).await?;
    let ids: Vec<i64> = organisations.iter().filter_map(|c| c.value.parse().ok()).collect();
    if ids.is_empty() {
        return Err(AppError::Forbidden);
    }
    let requirements = store::requirements(&state.db, &ids, state.clock.now().date_naive()).await?;
    let qualifications = store::qualification_names(&state.db).await?;
    let status = form_status(error.is_some());
    let page = RequirementsPage {
        ctx,
        requirements,
        organisations,
        missions: crate::people::Mission::ALL,
        qualifications,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn requirements(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    requirements_page(&state, ctx, None).await
}

pub async fn set_requirement(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let input = actions::RequirementInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        mission: form.get("mission").to_owned(),
        qualification: form.get("qualification").to_owned(),
    };
    let outcome = actions::set_requirement(&state, user, &ctx.request_id, &input, form.get("required") != "0")
        .await
        .map(|()| ("/training/requirements".to_owned(), "training.requirement_saved"));
    answer(&state, outcome, |message| {
        requirements_page(&state, ctx.clone(), Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/needs.html")]
pub struct NeedsPage {
    ctx: Ctx,
    needs: Vec<store::Need>,
    totals: Vec<store::NeedTotal>,
    organisations: Vec<Choice>,
    modules: Vec<Module>,
    regions: Vec<Choice>,
    form: Typed,
    error: Option<&'static str>,
}

async fn needs_page(state: &AppState, ctx: Ctx, form: Typed, error: Option<&'static str>) -> AppResult<Response> {
    let organisations = managed(state, &ctx).await?;
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<i64> = organisations.iter().filter_map(|c| c.value.parse().ok()).collect();
    let platform = ctx.user()?.actor.platform_admin;
    let needs = store::needs(&state.db, (!platform).then_some(ids.as_slice())).await?;
    let totals = store::need_totals(&state.db).await?;
    let modules = store::current_modules(&state.db).await?;
    let regions = crate::web::choices::choices(
        state,
        "SELECT CAST(id AS TEXT) AS value, country || ' — ' || name AS label FROM regions ORDER BY country, name",
    )
    .await?;
    let status = form_status(error.is_some());
    let page = NeedsPage {
        ctx,
        needs,
        totals,
        organisations,
        modules,
        regions,
        form,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn needs(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    needs_page(&state, ctx, Typed::default(), None).await
}

pub async fn submit_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let input = actions::NeedInput {
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        module_id: form.get("module_id").parse().ok(),
        topic: form.get("topic").to_owned(),
        volunteers: parse_count(form.get("volunteers")).unwrap_or(0),
        region_id: form.get("region_id").parse().ok(),
        note: form.get("note").to_owned(),
    };
    let outcome = actions::submit_need(&state, user, &ctx.request_id, &input)
        .await
        .map(|_| ("/training/needs".to_owned(), "training.need_saved"));
    answer(&state, outcome, |message| {
        needs_page(&state, ctx.clone(), form, Some(message))
    })
    .await
}

pub async fn withdraw_need(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    actions::withdraw_need(&state, user, &ctx.request_id, id).await?;
    Ok(done(&state, "/training/needs", "training.need_withdrawn"))
}
