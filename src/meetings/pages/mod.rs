//! Meeting pages: the list, a meeting planned or changed, one meeting
//! (answers, invitees and why, documents, attendance, minutes and
//! decisions), and the answer page of an emailed link.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};

use super::actions::{self, InviteInput, MeetingInput};
use super::rules::{self, Answer, MeetingKind};
use super::store::{self, Decision, Document, Invitee, Meeting, MeetingFilter, Rights};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::web::choices::{Choice, choices};
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};
#[derive(Template, WebTemplate)]
#[template(path = "meetings/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Meeting>,
    query: ListQuery,
    links: Links,
    kinds: &'static [MeetingKind],
    past: bool,
    can_organise: bool,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<MeetingFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    let page = store::list(&state.db, &user.actor, &query, &filter, state.clock.now()).await?;
    let network = filter.network.map(|n| n.to_string());
    let links = Links::new(
        "/meetings",
        &query,
        &[
            ("when", filter.when.as_deref()),
            ("kind", filter.kind.as_deref()),
            ("network", network.as_deref()),
            ("answer", filter.answer.as_deref()),
            ("minutes", filter.minutes.as_deref()),
        ],
    );
    Ok(ListPage {
        can_organise: user.actor.platform_admin || !store::organising(&user.actor).is_empty(),
        past: filter.past(),
        ctx,
        page,
        query,
        links,
        kinds: MeetingKind::ALL,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/templates/form.html")]
pub struct FormPage {
    ctx: Ctx,
    /// The meeting changed, or none for a new one.
    id: Option<i64>,
    organisations: Vec<Choice>,
    networks: Vec<(i64, String)>,
    regions: Vec<Choice>,
    establishments: Vec<Choice>,
    kinds: &'static [MeetingKind],
    zones: &'static [&'static str],
    form: Typed,
    error: Option<&'static str>,
}

/// The regions and establishments of the countries of `organisations`.
async fn places(state: &AppState, organisations: &[i64]) -> AppResult<(Vec<Choice>, Vec<Choice>)> {
    let ids = if organisations.is_empty() {
        "0".to_owned()
    } else {
        organisations.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
    };
    let countries = format!("(SELECT country FROM organisations WHERE id IN ({ids}))");
    let regions = choices(
        state,
        &format!(
            "SELECT CAST(id AS TEXT) AS value, name AS label FROM regions WHERE country IN {countries} ORDER BY name"
        ),
    )
    .await?;
    let establishments = choices(
        state,
        &format!(
            "SELECT CAST(id AS TEXT) AS value, name || ' (' || city || ')' AS label FROM establishments \
             WHERE open = 1 AND country IN {countries} ORDER BY name"
        ),
    )
    .await?;
    Ok((regions, establishments))
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    id: Option<i64>,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    // Platform administrators organise for any organisation.
    let organising: Vec<i64> = if user.actor.platform_admin {
        sqlx::query_scalar("SELECT id FROM organisations")
            .fetch_all(&state.db.pool)
            .await?
    } else {
        store::organising(&user.actor)
    };
    if organising.is_empty() {
        return Err(AppError::Forbidden);
    }
    let list = organising.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let organisations = choices(
        state,
        &format!(
            "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label FROM organisations WHERE id IN ({list}) ORDER BY acronym"
        ),
    )
    .await?;
    let (regions, establishments) = places(state, &organising).await?;
    let page = FormPage {
        ctx,
        id,
        organisations,
        networks: crate::networks::store::networks_of(&state.db, &organising).await?,
        regions,
        establishments,
        kinds: MeetingKind::ALL,
        zones: crate::calendar::ZONES,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let defaults = Typed(vec![
        ("time_zone".into(), "Europe/Paris".into()),
        ("duration_minutes".into(), "120".into()),
        ("time".into(), "14:00".into()),
    ]);
    form_page(&state, ctx, None, defaults, None).await
}

fn input_of(form: &Typed) -> MeetingInput {
    MeetingInput {
        kind: form.get("kind").to_owned(),
        title: form.get("title").to_owned(),
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        network_id: form.get("network_id").parse().ok(),
        region_id: form.get("region_id").parse().ok(),
        establishment_id: form.get("establishment_id").parse().ok(),
        date: parse_date(form.get("date")),
        time: form.get("time").to_owned(),
        time_zone: form.get("time_zone").to_owned(),
        duration_minutes: form.get("duration_minutes").parse().ok(),
        place: form.get("place").to_owned(),
        online_link: form.get("online_link").to_owned(),
        agenda: form.get("agenda").to_owned(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let outcome = actions::create(&state, user, &ctx.request_id, &input_of(&form))
        .await
        .map(|id| (format!("/meetings/{id}"), "meeting.created"));
    answer(&state, outcome, |message| {
        form_page(&state, ctx.clone(), None, form, Some(message))
    })
    .await
}

/// The form of a meeting to change, filled with what it holds.
pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let (m, rights) = store::get(&state.db, &user.actor, id).await?;
    if !rights.organise {
        return Err(AppError::Forbidden);
    }
    let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let form = Typed(vec![
        ("kind".into(), m.kind.clone()),
        ("title".into(), m.title.clone()),
        ("organisation_id".into(), m.organisation_id.to_string()),
        ("network_id".into(), text(m.network_id)),
        ("region_id".into(), text(m.region_id)),
        ("establishment_id".into(), text(m.establishment_id)),
        ("date".into(), m.local_date.clone()),
        ("time".into(), m.local_time.clone()),
        ("time_zone".into(), m.time_zone.clone()),
        ("duration_minutes".into(), m.duration_minutes.to_string()),
        ("place".into(), m.place.clone()),
        ("online_link".into(), m.online_link.clone()),
        ("agenda".into(), m.agenda.clone()),
    ]);
    form_page(&state, ctx, Some(id), form, None).await
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    m: Meeting,
    rights: Rights,
    invitees: Vec<Invitee>,
    documents: Vec<Document>,
    decisions: Vec<Decision>,
    answers: &'static [Answer],
    held: bool,
    /// The organiser's sections and regions, for the invitation form.
    sections: Vec<Choice>,
    regions: Vec<Choice>,
    /// Agreements' categories a decision can be noted in (`agreement — category`).
    follow_ups: Vec<Choice>,
    agenda: String,
    minutes: String,
    form: Typed,
    error: Option<&'static str>,
}

impl DetailPage {
    fn count(&self, answer: &&Answer) -> usize {
        self.invitees
            .iter()
            .filter(|i| i.answer.as_deref() == Some(answer.as_str()))
            .count()
    }

    fn automatic(&self) -> usize {
        self.invitees.iter().filter(|i| i.rule != "chosen").count()
    }
}

/// The categories of the agreements in force `user` is a member of.
async fn follow_up_choices(state: &AppState, actor: &crate::permissions::Actor) -> AppResult<Vec<Choice>> {
    let query = ListQuery {
        per_page: Some(50),
        ..ListQuery::default()
    };
    let filter = crate::agreements::store::AgreementFilter {
        status: Some("in_force".into()),
        ..Default::default()
    };
    let today = state.clock.now().date_naive();
    let agreements = crate::agreements::store::list(&state.db, actor, &query, &filter, today)
        .await?
        .items;
    if agreements.is_empty() {
        return Ok(Vec::new());
    }
    let ids = agreements
        .iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    choices(
        state,
        &format!(
            "SELECT CAST(k.id AS TEXT) AS value, a.title || ' — ' || k.name AS label FROM agreement_categories k \
             JOIN agreements a ON a.id = k.agreement_id WHERE k.agreement_id IN ({ids}) ORDER BY a.title, k.position"
        ),
    )
    .await
}

async fn detail_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (m, rights) = store::get(&state.db, &user.actor, id).await?;
    let (sections, regions, follow_ups) = if rights.organise {
        let sections = choices(
            state,
            &format!(
                "SELECT CAST(id AS TEXT) AS value, name AS label FROM sections WHERE organisation_id = {} ORDER BY name",
                m.organisation_id
            ),
        )
        .await?;
        let (regions, _) = places(state, &[m.organisation_id]).await?;
        (sections, regions, follow_up_choices(state, &user.actor).await?)
    } else {
        Default::default()
    };
    let page = DetailPage {
        invitees: store::invitees(&state.db, id).await?,
        documents: store::documents(&state.db, id).await?,
        decisions: store::decisions(&state.db, id).await?,
        answers: Answer::ALL,
        held: rules::held(m.start(), state.clock.now()),
        agenda: rules::formatted(&m.agenda),
        minutes: rules::formatted(&m.minutes),
        sections,
        regions,
        follow_ups,
        ctx,
        m,
        rights,
        form,
        error,
    };
    Ok((form_status(page.error.is_some()), page).into_response())
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    detail_page(&state, ctx, id, Typed::default(), None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let outcome = actions::update(&state, user, &ctx.request_id, id, &input_of(&form))
        .await
        .map(|()| (format!("/meetings/{id}"), "meeting.changed"));
    answer(&state, outcome, |message| {
        form_page(&state, ctx.clone(), Some(id), form, Some(message))
    })
    .await
}

/// Where a form of the meeting's page goes next: back to the meeting with
/// the message `outcome` names, or the page again with what was typed and why
/// it was refused.
async fn to_meeting(state: &AppState, posted: Posted, outcome: AppResult<&'static str>) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = outcome.map(|key| (format!("/meetings/{id}"), key));
    answer(state, outcome, |message| {
        detail_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// The signed-in invitee answers the invitation.
pub async fn answer_invitation(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::answer(&state, ctx.user()?, &ctx.request_id, *id, form.get("answer"))
        .await
        .map(|()| "meeting.answered");
    to_meeting(&state, posted, outcome).await
}

/// The organiser cancels the meeting.
pub async fn cancel(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, .. } = &posted;
    let outcome = actions::cancel(&state, ctx.user()?, &ctx.request_id, *id)
        .await
        .map(|()| "meeting.cancelled");
    to_meeting(&state, posted, outcome).await
}

/// The organiser withdraws one person's invitation.
pub async fn uninvite(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let person = form.get("person").parse().unwrap_or(0);
    let outcome = actions::uninvite(&state, ctx.user()?, &ctx.request_id, *id, person)
        .await
        .map(|()| "meeting.uninvited");
    to_meeting(&state, posted, outcome).await
}

/// The organiser invites people by email, a section or a region.
pub async fn invite(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let input = InviteInput {
        emails: form.get("emails").to_owned(),
        section_id: form.get("section_id").parse().ok(),
        region_id: form.get("region_id").parse().ok(),
    };
    let outcome = actions::invite(&state, ctx.user()?, &ctx.request_id, *id, &input)
        .await
        .map(|_| "meeting.invited");
    to_meeting(&state, posted, outcome).await
}

/// The organiser notes who attended and writes the minutes.
pub async fn write_minutes(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let present: Vec<i64> = form.all("present").iter().filter_map(|p| p.parse().ok()).collect();
    let outcome = actions::record(&state, ctx.user()?, &ctx.request_id, *id, &present, form.get("minutes"))
        .await
        .map(|()| "meeting.saved");
    to_meeting(&state, posted, outcome).await
}

/// The organiser adds a decision, noted in an agreement's follow-up when a category is chosen.
pub async fn add_decision(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::decide(
        &state,
        ctx.user()?,
        &ctx.request_id,
        *id,
        form.get("text"),
        form.get("category").parse().ok(),
    )
    .await
    .map(|()| "meeting.saved");
    to_meeting(&state, posted, outcome).await
}

pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (name, bytes) =
        crate::web::extract::uploaded_file(multipart, "document", crate::web::extract::MAX_DOCUMENT).await?;
    let outcome = actions::upload_document(&state, user, &ctx.request_id, id, &name, &bytes)
        .await
        .map(|()| (format!("/meetings/{id}"), "meeting.saved"));
    answer(&state, outcome, |message| {
        detail_page(&state, ctx.clone(), id, Typed::default(), Some(message))
    })
    .await
}

/// One of the meeting's documents, for whoever sees the meeting.
pub async fn document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, doc)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    store::get(&state.db, &user.actor, id).await?;
    let row: Option<(String, String, Vec<u8>)> =
        sqlx::query_as("SELECT name, content_type, content FROM meeting_documents WHERE id = $1 AND meeting_id = $2")
            .bind(doc)
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (name, kind, content) = row.ok_or(AppError::NotFound)?;
    Ok(crate::tabular::download(content, &kind, &name))
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/templates/answer.html")]
pub struct AnswerPage {
    ctx: Ctx,
    m: Meeting,
    token: String,
    answers: &'static [Answer],
    open: bool,
    error: Option<&'static str>,
}

async fn answer_page(state: &AppState, ctx: Ctx, token: String, error: Option<&'static str>) -> AppResult<Response> {
    let (m, _) = actions::by_link(state, &token).await?;
    let open = m.ahead(state.clock.now());
    let page = AnswerPage {
        ctx,
        m,
        token,
        answers: Answer::ALL,
        open,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

/// The page of an emailed answer link: no sign-in, the link's secret stands for the invitee.
pub async fn answer_link(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    answer_page(&state, ctx, token, None).await
}

pub async fn answer_by_link(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = Typed(form);
    let outcome = actions::answer_by_link(&state, &ctx.request_id, &token, form.get("answer"))
        .await
        .map(|()| (format!("/meetings/answer/{token}"), "meeting.answered"));
    answer(&state, outcome, |message| {
        answer_page(&state, ctx.clone(), token.clone(), Some(message))
    })
    .await
}

/// `/calendar/{token}/meetings.ics`: the meetings the person is invited
/// to. The token stands for the person, as calendar programs cannot log in.
/// One meeting as a calendar file, for whoever sees the meeting.
pub async fn event_file(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let (meeting, _) = store::get(&state.db, &user.actor, id).await?;
    let event = store::event(&state, &meeting);
    let file = crate::calendar::ical::calendar(&meeting.title, &[event], state.clock.now());
    Ok(crate::tabular::download(
        file.into_bytes(),
        "text/calendar; charset=utf-8",
        &format!("meeting-{id}.ics"),
    ))
}

pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let person = crate::calendar::feeds::subscriber(&state.db, &token).await?;
    let now = state.clock.now();
    let meetings = store::invited_to(&state.db, person.id, now).await?;
    let events: Vec<_> = meetings.iter().map(|m| store::event(&state, m)).collect();
    Ok(crate::calendar::feed(&person, "meeting.feed", &events, now))
}
