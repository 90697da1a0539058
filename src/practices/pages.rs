//! The practice library's pages: the list with its filters, a practice
//! with what it addresses and its notes, the form to describe or change one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, PracticeInput};
use super::rules::{LANGUAGES, NoteKind, Theme, speaks_for};
use super::store::{self, Addressed, Note, Practice, PracticeFilter};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::choices::{Choice, Places, choices, organisations};
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};

/// The organisations the person speaks for, as choices.
async fn voices(state: &AppState, ctx: &Ctx) -> AppResult<Vec<Choice>> {
    let actor = &ctx.user()?.actor;
    if actor.platform_admin {
        return choices(
            state,
            "SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations ORDER BY acronym",
        )
        .await;
    }
    organisations(state, &speaks_for(actor)).await
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Practice>,
    query: ListQuery,
    links: Links,
    themes: &'static [Theme],
    countries: Vec<Choice>,
    languages: &'static [&'static str],
    may_describe: bool,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }

    fn language(&self, code: &str) -> String {
        self.ctx.language_name(code)
    }

    /// A practice's context, cut to a line or two for the list.
    fn excerpt(&self, text: &str) -> String {
        let cut: String = text.chars().take(180).collect();
        if cut.chars().count() < text.chars().count() {
            format!("{}…", cut.trim_end())
        } else {
            cut
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<PracticeFilter>,
) -> AppResult<ListPage> {
    ctx.user()?;
    let page = store::list(&state.db, &query, &filter).await?;
    let links = Links::new(
        "/practices",
        &query,
        &[
            ("theme", filter.theme.as_deref()),
            ("country", filter.country.as_deref()),
            ("language", filter.language.as_deref()),
        ],
    );
    Ok(ListPage {
        may_describe: !voices(&state, &ctx).await?.is_empty(),
        countries: Places::load(&state, ctx.lang).await?.countries,
        ctx,
        page,
        query,
        links,
        themes: Theme::ALL,
        languages: LANGUAGES,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/templates/form.html")]
pub struct FormPage {
    ctx: Ctx,
    /// The practice changed, or none for a new one.
    practice: Option<Practice>,
    organisations: Vec<Choice>,
    themes: &'static [Theme],
    languages: &'static [&'static str],
    requirements: Vec<(i64, String)>,
    indicators: Vec<(i64, String)>,
    /// What is ticked when the form is first shown.
    linked: (Vec<i64>, Vec<i64>),
    form: Typed,
    error: Option<&'static str>,
}

impl FormPage {
    /// A field's value: typed, or stored, or empty.
    fn value(&self, field: &str) -> String {
        if self.error.is_some() {
            return self.form.get(field).to_owned();
        }
        let Some(p) = &self.practice else {
            return String::new();
        };
        match field {
            "title" => p.title.clone(),
            "context" => p.context.clone(),
            "what" => p.what.clone(),
            "resources" => p.resources.clone(),
            "results" => p.results.clone(),
            "contact" => p.contact.clone(),
            "language" => p.language.clone(),
            _ => String::new(),
        }
    }

    fn language_selected(&self, code: &str) -> bool {
        let chosen = self.value("language");
        if chosen.is_empty() {
            code == self.ctx.lang.code()
        } else {
            chosen == code
        }
    }

    fn language(&self, code: &str) -> String {
        self.ctx.language_name(code)
    }

    fn theme_checked(&self, theme: &Theme) -> bool {
        match (&self.practice, self.error) {
            (_, Some(_)) => self.form.has("theme", theme.as_str()),
            (Some(p), None) => p.themes().contains(theme),
            (None, None) => false,
        }
    }

    fn linked_checked(&self, field: &str, id: &i64) -> bool {
        if self.error.is_some() {
            return self.form.has(field, &id.to_string());
        }
        let ids = if field == "requirement" {
            &self.linked.0
        } else {
            &self.linked.1
        };
        ids.contains(id)
    }

    fn action(&self) -> String {
        self.practice
            .as_ref()
            .map_or("/practices".into(), |p| format!("/practices/{}/edit", p.id))
    }
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    practice: Option<Practice>,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let organisations = voices(state, &ctx).await?;
    let allowed = match &practice {
        Some(p) => user.actor.can(Action::SharePractices(p.organisation_id)),
        None => !organisations.is_empty(),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let (requirements, indicators) = store::linkable(&state.db, ctx.lang).await?;
    let linked = match &practice {
        Some(p) => store::linked(&state.db, p.id).await?,
        None => Default::default(),
    };
    let page = FormPage {
        ctx,
        practice,
        organisations,
        themes: Theme::ALL,
        languages: LANGUAGES,
        requirements,
        indicators,
        linked,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn new(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    form_page(&state, ctx, None, Typed::default(), None).await
}

fn input(form: &Typed, organisation: i64) -> PracticeInput {
    let ids = |field: &str| form.all(field).iter().filter_map(|v| v.parse().ok()).collect();
    PracticeInput {
        organisation_id: organisation,
        language: form.get("language").into(),
        title: form.get("title").into(),
        context: form.get("context").into(),
        what: form.get("what").into(),
        resources: form.get("resources").into(),
        results: form.get("results").into(),
        contact: form.get("contact").into(),
        themes: form.all("theme").iter().map(|t| (*t).to_owned()).collect(),
        requirement_ids: ids("requirement"),
        indicator_ids: ids("indicator"),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let organisation = form.get("organisation_id").parse().unwrap_or(0);
    let outcome = actions::create(&state, user, &ctx.request_id, &input(&form, organisation))
        .await
        .map(|id| (format!("/practices/{id}"), "practice.created"));
    answer(&state, outcome, |message| {
        form_page(&state, ctx.clone(), None, form, Some(message))
    })
    .await
}

pub async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let practice = store::get(&state.db, id).await?;
    form_page(&state, ctx, Some(practice), Typed::default(), None).await
}

pub async fn update(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let practice = store::get(&state.db, id).await?;
    let outcome = actions::update(
        &state,
        ctx.user()?,
        &ctx.request_id,
        id,
        &input(&form, practice.organisation_id),
    )
    .await
    .map(|()| (format!("/practices/{id}"), "practice.saved"));
    answer(&state, outcome, |message| {
        form_page(&state, ctx.clone(), Some(practice), form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/templates/practice.html")]
pub struct PracticePage {
    ctx: Ctx,
    p: Practice,
    requirements: Vec<Addressed>,
    indicators: Vec<Addressed>,
    notes: Vec<Note>,
    kinds: &'static [NoteKind],
    /// The organisations the person writes notes for.
    voices: Vec<Choice>,
    may_edit: bool,
    form: Typed,
    error: Option<&'static str>,
}

impl PracticePage {
    fn language(&self) -> String {
        self.ctx.language_name(&self.p.language)
    }

    fn note_label(&self, note: &Note) -> &'static str {
        note.kind().label()
    }
}

async fn practice_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let p = store::get(&state.db, id).await?;
    let page = PracticePage {
        may_edit: user.actor.can(Action::SharePractices(p.organisation_id)),
        requirements: store::requirements(&state.db, id, ctx.lang).await?,
        indicators: store::indicators(&state.db, id, ctx.lang).await?,
        notes: store::notes(&state.db, id).await?,
        voices: voices(state, &ctx).await?,
        kinds: NoteKind::ALL,
        ctx,
        p,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn practice(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    practice_page(&state, ctx, id, Typed::default(), None).await
}

pub async fn add_note(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let organisation = form.get("organisation_id").parse().unwrap_or(0);
    let outcome = actions::add_note(
        &state,
        ctx.user()?,
        &ctx.request_id,
        id,
        organisation,
        form.get("kind"),
        form.get("text"),
    )
    .await
    .map(|()| (format!("/practices/{id}#notes"), "practice.noted"));
    answer(&state, outcome, |message| {
        practice_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}
