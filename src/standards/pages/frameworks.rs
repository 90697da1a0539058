//! The frameworks' pages: the list of frameworks and assessments, a
//! version, edited while a draft and assessed once published.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::id_in;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::standards::actions::{self, AssessmentInput, FrameworkInput, ItemInput, Text};
use crate::standards::rules::{AssessmentState, Figure, FrameworkKind};
use crate::standards::store::{self, Assessment, AssessmentFilter, Item, Version};
use crate::state::AppState;
use crate::web::choices::{Choice, administered_establishments, choices, organisations};
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};

/// The texts typed in a form, one per interface language (`title_fr`, `guidance_en`...).
fn typed_texts(form: &Typed) -> Vec<Text> {
    Lang::ALL
        .iter()
        .map(|lang| Text {
            language: lang.code().into(),
            title: form.get(&format!("title_{}", lang.code())).into(),
            guidance: form.get(&format!("guidance_{}", lang.code())).into(),
            evidence: form.get(&format!("evidence_{}", lang.code())).into(),
        })
        .collect()
}

/// The organisations `user` keeps frameworks for (none for the platform).
fn keepers(user: &SignedIn) -> Vec<(Option<i64>, String)> {
    let platform = user
        .actor
        .can(Action::KeepStandards(None))
        .then(|| (None, String::new()));
    let mut kept: Vec<(Option<i64>, String)> = user
        .actor
        .memberships
        .iter()
        .filter(|m| user.actor.can(Action::KeepStandards(Some(m.organisation_id))))
        .map(|m| (Some(m.organisation_id), m.organisation_acronym.clone()))
        .collect();
    kept.dedup();
    platform.into_iter().chain(kept).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "standards/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    versions: Vec<Version>,
    page: Paged<Assessment>,
    query: ListQuery,
    links: Links,
    states: &'static [AssessmentState],
    kinds: &'static [FrameworkKind],
    keepers: Vec<(Option<i64>, String)>,
    today: chrono::NaiveDate,
    form: Typed,
    error: Option<&'static str>,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }

    fn kind_label(&self, v: &Version) -> &'static str {
        v.kind().label()
    }

    fn state_label(&self, a: &Assessment) -> &'static str {
        a.state(self.today).label()
    }

    fn state_class(&self, a: &Assessment) -> &'static str {
        a.state(self.today).as_str()
    }
}

async fn list_page(
    state: &AppState,
    ctx: Ctx,
    query: ListQuery,
    filter: AssessmentFilter,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    let versions = store::versions(&state.db, &user.actor, ctx.lang).await?;
    let page = store::assessments(&state.db, &user.actor, ctx.lang, &query, &filter, today).await?;
    let links = Links::new(
        "/standards",
        &query,
        &[("state", filter.state.as_deref()), ("review", filter.review.as_deref())],
    );
    let page = ListPage {
        keepers: keepers(user),
        ctx,
        versions,
        page,
        query,
        links,
        states: AssessmentState::ALL,
        kinds: FrameworkKind::ALL,
        today,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AssessmentFilter>,
) -> AppResult<Response> {
    list_page(&state, ctx, query, filter, Typed::default(), None).await
}

pub async fn create_framework(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let input = FrameworkInput {
        kind: form.get("kind").into(),
        keeper_id: id_in(&form, "keeper_id"),
        validity_months: form.get("validity_months").parse().unwrap_or(0),
        texts: typed_texts(&form),
    };
    let outcome = actions::create_framework(&state, user, &ctx.request_id, &input)
        .await
        .map(|id| (format!("/standards/versions/{id}"), "standard.created"));
    answer(&state, outcome, |message| {
        list_page(
            &state,
            ctx.clone(),
            ListQuery::default(),
            AssessmentFilter::default(),
            form,
            Some(message),
        )
    })
    .await
}

/// Whom a person may start an assessment of: organisations, their
/// sections, the prisons their administration runs.
pub struct Assessable {
    pub organisations: Vec<Choice>,
    pub sections: Vec<Choice>,
    pub establishments: Vec<Choice>,
}

async fn assessable(state: &AppState, user: &SignedIn) -> AppResult<Assessable> {
    let orgs: Vec<i64> = user
        .actor
        .memberships
        .iter()
        .map(|m| m.organisation_id)
        .filter(|o| user.actor.can(Action::AssessStandards(*o)))
        .collect();
    let sections = if orgs.is_empty() {
        Vec::new()
    } else {
        let list = orgs.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        choices(
            state,
            &format!(
                "SELECT CAST(s.id AS TEXT) AS value, o.acronym || ' — ' || s.name AS label FROM sections s \
                 JOIN organisations o ON o.id = s.organisation_id WHERE s.organisation_id IN ({list}) ORDER BY o.acronym, s.name"
            ),
        )
        .await?
    };
    Ok(Assessable {
        organisations: organisations(state, &orgs).await?,
        sections,
        establishments: administered_establishments(state, &orgs).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "standards/templates/version.html")]
pub struct VersionPage {
    ctx: Ctx,
    v: Version,
    items: Vec<Item>,
    /// Editing a draft: every language's texts of the version and its items.
    keeps: bool,
    /// The person may start the next version from this one.
    drafts_next: bool,
    version_texts: Vec<(String, String, String)>,
    item_texts: Vec<(i64, String, String, String, String)>,
    modules: Vec<Choice>,
    figures: &'static [Figure],
    assessable: Assessable,
    form: Typed,
    error: Option<&'static str>,
}

impl VersionPage {
    fn areas(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.area_id.is_none()).collect()
    }

    fn requirements_of(&self, area: &i64) -> Vec<&Item> {
        self.items.iter().filter(|i| i.area_id == Some(*area)).collect()
    }

    fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// A text of the version in `lang` for its editor: 0 name, 1 description.
    fn version_text(&self, lang: &Lang, which: usize) -> &str {
        self.version_texts
            .iter()
            .find(|(l, _, _)| l == lang.code())
            .map_or("", |(_, name, description)| if which == 0 { name } else { description })
    }

    /// A text of an item in `lang` for its editor: 0 title, 1 guidance, 2 evidence.
    fn item_text(&self, item: &i64, lang: &Lang, which: usize) -> &str {
        self.item_texts
            .iter()
            .find(|(i, l, ..)| i == item && l == lang.code())
            .map_or("", |(_, _, title, guidance, evidence)| match which {
                0 => title,
                1 => guidance,
                _ => evidence,
            })
    }

    fn module_value(&self, item: &Item) -> String {
        item.module_id.map(|m| m.to_string()).unwrap_or_default()
    }

    /// Whether the form that came back with an error is the one `key` names.
    fn reopened(&self, key: &str) -> bool {
        self.error.is_some() && self.form.get("form_key") == key
    }

    /// A field of the form `key`: what was typed if it came back with an
    /// error, what is stored otherwise.
    fn kept(&self, key: &str, field: &str, stored: &str) -> String {
        if self.reopened(key) {
            self.form.get(field).to_owned()
        } else {
            stored.to_owned()
        }
    }

    /// An item's text field in `lang` (0 title, 1 guidance, 2 evidence), as [`Self::kept`] gives it.
    fn text_field<T: std::borrow::Borrow<i64>>(
        &self,
        key: &str,
        item: &Option<T>,
        lang: &Lang,
        which: usize,
    ) -> String {
        let stored = item.as_ref().map_or("", |i| self.item_text(i.borrow(), lang, which));
        let name = ["title", "guidance", "evidence"][which.min(2)];
        self.kept(key, &format!("{name}_{}", lang.code()), stored)
    }

    fn figure_label(&self, item: &Item) -> Option<&'static str> {
        item.figure().map(Figure::label)
    }

    fn kind_label(&self) -> &'static str {
        self.v.kind().label()
    }

    fn lang_name(&self, lang: &Lang) -> &'static str {
        self.ctx.t(&format!("standard.language_{}", lang.code()))
    }
}

async fn version_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let v = store::version(&state.db, &user.actor, id, ctx.lang).await?;
    let keeps = v.is_draft() && v.kept_by(&user.actor);
    let drafts_next = !v.is_draft() && v.version == v.latest && v.kept_by(&user.actor);
    let (version_texts, item_texts, modules) = if keeps {
        (
            store::version_texts(&state.db, id).await?,
            store::item_texts(&state.db, id).await?,
            choices(
                state,
                "SELECT CAST(m.id AS TEXT) AS value, p.title || ' — ' || m.title AS label FROM training_modules m \
                 JOIN training_versions v ON v.id = m.version_id JOIN training_programmes p ON p.id = v.programme_id \
                 ORDER BY p.title, v.number DESC, m.position",
            )
            .await?,
        )
    } else {
        Default::default()
    };
    let page = VersionPage {
        items: store::items(&state.db, id, ctx.lang).await?,
        assessable: assessable(state, user).await?,
        ctx,
        v,
        keeps,
        drafts_next,
        version_texts,
        item_texts,
        modules,
        figures: Figure::ALL,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn version(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    version_page(&state, ctx, id, Typed::default(), None).await
}

/// Answers a form posted about a version: back to its page.
async fn on_version(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    outcome: AppResult<(String, &'static str)>,
) -> AppResult<Response> {
    answer(state, outcome, |message| {
        version_page(state, ctx, id, form, Some(message))
    })
    .await
}

pub async fn save_version(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let months = form.get("validity_months").parse().unwrap_or(0);
    let outcome = actions::save_version(&state, ctx.user()?, &ctx.request_id, id, months, &typed_texts(&form))
        .await
        .map(|()| (format!("/standards/versions/{id}"), "standard.saved"));
    on_version(&state, ctx, id, form, outcome).await
}

fn item_input(form: &Typed) -> ItemInput {
    ItemInput {
        area_id: id_in(form, "area_id"),
        texts: typed_texts(form),
        figure: Some(form.get("figure").to_owned()),
        qualification: form.get("qualification").into(),
        module_id: id_in(form, "module_id"),
        target: id_in(form, "target"),
    }
}

pub async fn add_item(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::add_item(&state, ctx.user()?, &ctx.request_id, id, &item_input(&form))
        .await
        .map(|item| (format!("/standards/versions/{id}#item-{item}"), "standard.saved"));
    on_version(&state, ctx, id, form, outcome).await
}

/// The version an item belongs to (for the page a refused edit shows again).
async fn version_of(state: &AppState, item: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT version_id FROM standard_items WHERE id = $1")
        .bind(item)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn save_item(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let version = version_of(&state, id).await?;
    let outcome = actions::save_item(&state, ctx.user()?, &ctx.request_id, id, &item_input(&form))
        .await
        .map(|()| (format!("/standards/versions/{version}#item-{id}"), "standard.saved"));
    on_version(&state, ctx, version, form, outcome).await
}

pub async fn remove_item(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let version = version_of(&state, id).await?;
    let outcome = actions::remove_item(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|v| (format!("/standards/versions/{v}"), "standard.removed"));
    on_version(&state, ctx, version, form, outcome).await
}

pub async fn publish(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::publish(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|()| (format!("/standards/versions/{id}"), "standard.published"));
    on_version(&state, ctx, id, form, outcome).await
}

pub async fn next_version(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::next_version(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|draft| (format!("/standards/versions/{draft}"), "standard.drafted"));
    on_version(&state, ctx, id, form, outcome).await
}

pub async fn start(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let input = AssessmentInput {
        organisation_id: id_in(&form, "organisation_id").unwrap_or(0),
        section_id: id_in(&form, "section_id"),
        establishment_id: id_in(&form, "establishment_id"),
    };
    let outcome = actions::start(&state, ctx.user()?, &ctx.request_id, id, &input)
        .await
        .map(|a| (format!("/standards/assessments/{a}"), "standard.assessment_started"));
    on_version(&state, ctx, id, form, outcome).await
}
