//! Standards pages: frameworks and the assessments one reads; a version,
//! edited while a draft, assessed once published; an assessment, answered,
//! submitted, reviewed and shared; its printable summary.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, AnswerInput, AssessmentInput, FrameworkInput, ItemInput, ReviewInput, StepInput, Text};
use super::figures;
use super::rules::{AssessmentState, Compliance, Figure, FrameworkKind, Rights, Tally, suggestion, tally};
use super::store::{
    self, Answer, Assessment, AssessmentFilter, EvidenceFile, Item, PlanStep, Review, ReviewAnswer, Version,
};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pdf::{self, Block};
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::parse_date;
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

fn id_in(form: &Typed, field: &str) -> Option<i64> {
    form.get(field).parse().ok()
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

/// A requirement as its assessment shows it: the answer, the figure (kept
/// at submission, computed today before), and the reviewers' views.
pub struct Line {
    pub item: Item,
    pub answer: Option<Answer>,
    /// (numerator, denominator, what it suggests).
    pub figure: Option<(i64, i64, Option<Compliance>)>,
    pub views: Vec<(String, ReviewAnswer)>,
}

impl Line {
    pub fn status(&self) -> &str {
        self.answer.as_ref().map_or("", |a| a.status.as_str())
    }

    pub fn percent(&self) -> Option<i64> {
        self.figure.and_then(|(n, d, _)| (d > 0).then(|| (n * 100 + d / 2) / d))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "standards/templates/assessment.html")]
pub struct AssessmentPage {
    ctx: Ctx,
    a: Assessment,
    rights: Rights,
    state_now: AssessmentState,
    areas: Vec<(Item, Tally)>,
    lines: Vec<Line>,
    plan: Vec<PlanStep>,
    reviews: Vec<Review>,
    shares: Vec<(i64, String)>,
    networks: Vec<(i64, String)>,
    files: Vec<EvidenceFile>,
    members: Vec<Choice>,
    organisations: Vec<Choice>,
    compliances: &'static [Compliance],
    today: String,
    form: Typed,
    error: Option<&'static str>,
}

impl AssessmentPage {
    fn lines_of(&self, area: &i64) -> Vec<&Line> {
        self.lines.iter().filter(|l| l.item.area_id == Some(*area)).collect()
    }

    fn submitted(&self) -> bool {
        self.a.submitted_at.is_some()
    }

    fn status_label(&self, line: &Line) -> &'static str {
        line.answer
            .as_ref()
            .and_then(Answer::compliance)
            .map_or("standard.unanswered", Compliance::label)
    }

    /// The value a field shows: what was typed when the form comes back
    /// with an error, what is stored otherwise.
    fn typed<'a>(&'a self, field: &str, stored: &'a str) -> &'a str {
        if self.error.is_some() {
            self.form.get(field)
        } else {
            stored
        }
    }

    fn chosen(&self, line: &Line, c: &Compliance) -> bool {
        self.typed(&format!("status_{}", line.item.id), line.status()) == c.as_str()
    }

    fn evidence(&self, line: &Line) -> String {
        let stored = line.answer.as_ref().map_or("", |a| a.evidence.as_str());
        self.typed(&format!("evidence_{}", line.item.id), stored).to_owned()
    }

    fn link(&self, line: &Line) -> String {
        let stored = line.answer.as_ref().map_or("", |a| a.link.as_str());
        self.typed(&format!("link_{}", line.item.id), stored).to_owned()
    }

    fn suggestion_label(&self, line: &Line) -> Option<&'static str> {
        line.figure.and_then(|(_, _, s)| s).map(Compliance::label)
    }

    /// The review a reviewer's person is doing now, if any is still open.
    fn open_review(&self) -> Option<&Review> {
        self.reviews
            .iter()
            .find(|r| r.completed_at.is_none() && self.rights.reviews_for.contains(&r.reviewer_id))
    }

    fn view_of<'a>(&self, line: &'a Line, review: &Review) -> Option<&'a ReviewAnswer> {
        line.views.iter().map(|(_, v)| v).find(|v| v.review_id == review.id)
    }

    fn agrees_checked(&self, line: &Line, review: &Review, value: i64) -> bool {
        let stored = self
            .view_of(line, review)
            .map(|v| v.agrees.to_string())
            .unwrap_or_default();
        self.typed(&format!("agrees_{}", line.item.id), &stored) == value.to_string()
    }

    fn view_comment(&self, line: &Line, review: &Review) -> String {
        let stored = self.view_of(line, review).map_or("", |v| v.comment.as_str());
        self.typed(&format!("comment_{}", line.item.id), stored).to_owned()
    }

    fn shared(&self, network: &i64) -> bool {
        self.shares.iter().any(|(id, _)| id == network)
    }

    fn requirement_title(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.lines.iter().find(|l| l.item.id == id))
            .map_or(String::new(), |l| l.item.title.clone())
    }

    fn state_label(&self) -> &'static str {
        self.state_now.label()
    }

    fn files_of(&self, line: &Line) -> Vec<&EvidenceFile> {
        self.files.iter().filter(|f| f.requirement_id == line.item.id).collect()
    }
}

/// Each requirement with its answer, its figure and the reviewers' views.
async fn lines(
    state: &AppState,
    a: &Assessment,
    items: &[Item],
    reviews: &[Review],
) -> AppResult<(Vec<(Item, Tally)>, Vec<Line>)> {
    let answers = store::answers(&state.db, a.id).await?;
    let views = store::review_answers(&state.db, a.id).await?;
    let today = state.clock.now().date_naive();
    let mut lines = Vec::new();
    for item in items.iter().filter(|i| i.area_id.is_some()) {
        let answer = answers.iter().find(|x| x.requirement_id == item.id).cloned();
        let figure = match (item.figure(), &answer) {
            (
                Some(_),
                Some(Answer {
                    numerator: Some(n),
                    denominator: Some(d),
                    ..
                }),
            ) if a.submitted_at.is_some() => Some((*n, *d)),
            (Some(figure), _) if a.submitted_at.is_none() => {
                Some(figures::compute(&state.db, figure, actions::counted(a), &item.qualification, today).await?)
            }
            _ => None,
        };
        let views = views
            .iter()
            .filter(|v| v.requirement_id == item.id)
            .map(|v| {
                let reviewer = reviews.iter().find(|r| r.id == v.review_id);
                (reviewer.map_or(String::new(), |r| r.reviewer.clone()), v.clone())
            })
            .collect();
        lines.push(Line {
            figure: figure.map(|(n, d)| (n, d, suggestion(n, d, item.target))),
            item: item.clone(),
            answer,
            views,
        });
    }
    let areas: Vec<Item> = items.iter().filter(|i| i.area_id.is_none()).cloned().collect();
    let ids: Vec<i64> = areas.iter().map(|a| a.id).collect();
    let given: Vec<(i64, Option<Compliance>)> = lines
        .iter()
        .map(|l| {
            (
                l.item.area_id.unwrap_or_default(),
                l.answer.as_ref().and_then(Answer::compliance),
            )
        })
        .collect();
    let tallies = tally(&ids, &given);
    Ok((
        areas.into_iter().zip(tallies).map(|(a, (_, t))| (a, t)).collect(),
        lines,
    ))
}

async fn assessment_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, rights) = store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, a.version_id, ctx.lang).await?;
    let reviews = store::reviews(&state.db, id).await?;
    let (areas, lines) = lines(state, &a, &items, &reviews).await?;
    let today = state.clock.now().date_naive();
    let org = a.organisation_id;
    let members = if rights.answer {
        choices(
            state,
            &format!(
                "SELECT DISTINCT CAST(p.id AS TEXT) AS value, p.name AS label FROM memberships m JOIN persons p ON p.id = m.person_id \
                 WHERE m.organisation_id = {org} AND m.ended_at IS NULL AND m.role <> 'observer' AND p.active = 1 ORDER BY p.name"
            ),
        )
        .await?
    } else {
        Vec::new()
    };
    // Those not invited yet.
    let organisations = if rights.manage {
        choices(
            state,
            &format!(
                "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label FROM organisations WHERE id <> {org} \
                 AND id NOT IN (SELECT reviewer_id FROM standard_reviews WHERE assessment_id = {id}) ORDER BY acronym"
            ),
        )
        .await?
    } else {
        Vec::new()
    };
    let page = AssessmentPage {
        state_now: a.state(today),
        plan: store::plan(&state.db, id).await?,
        shares: store::shares(&state.db, id).await?,
        files: store::files(&state.db, id).await?,
        networks: if rights.manage {
            actions::member_networks(state, org).await?
        } else {
            Vec::new()
        },
        ctx,
        a,
        rights,
        areas,
        lines,
        reviews,
        members,
        organisations,
        compliances: Compliance::ALL,
        today: today.to_string(),
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn assessment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    assessment_page(&state, ctx, id, Typed::default(), None).await
}

/// Answers a form posted about an assessment: back to its page.
async fn on_assessment(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    outcome: AppResult<&'static str>,
) -> AppResult<Response> {
    let outcome = outcome.map(|key| (format!("/standards/assessments/{id}"), key));
    answer(state, outcome, |message| {
        assessment_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// The requirement ids a posted form is about (`requirement` fields).
fn requirements_in(form: &Typed) -> Vec<i64> {
    form.all("requirement").iter().filter_map(|r| r.parse().ok()).collect()
}

pub async fn save_answers(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let given: Vec<AnswerInput> = requirements_in(&form)
        .into_iter()
        .map(|r| AnswerInput {
            requirement_id: r,
            status: form.get(&format!("status_{r}")).into(),
            evidence: form.get(&format!("evidence_{r}")).into(),
            link: form.get(&format!("link_{r}")).into(),
        })
        .collect();
    let outcome = actions::save_answers(&state, ctx.user()?, &ctx.request_id, id, &given)
        .await
        .map(|_| "standard.saved");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn add_step(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let input = StepInput {
        requirement_id: id_in(&form, "requirement_id"),
        text: form.get("text").into(),
        owner_id: id_in(&form, "owner_id").unwrap_or(0),
        due_on: parse_date(form.get("due_on")),
    };
    let outcome = actions::add_step(&state, ctx.user()?, &ctx.request_id, id, &input)
        .await
        .map(|_| "standard.step_added");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn complete_step(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, .. } = posted;
    let assessment = actions::complete_step(&state, ctx.user()?, &ctx.request_id, id).await?;
    Ok(crate::web::done(
        &state,
        &format!("/standards/assessments/{assessment}#plan"),
        "standard.step_done",
    ))
}

pub async fn submit(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::submit(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|_| "standard.submitted");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn invite(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let reviewer = id_in(&form, "reviewer_id").unwrap_or(0);
    let outcome = actions::invite(&state, ctx.user()?, &ctx.request_id, id, reviewer)
        .await
        .map(|()| "standard.invited");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn review(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let given: Vec<ReviewInput> = requirements_in(&form)
        .into_iter()
        .map(|r| ReviewInput {
            requirement_id: r,
            agrees: match form.get(&format!("agrees_{r}")) {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            comment: form.get(&format!("comment_{r}")).into(),
        })
        .collect();
    let reviewer = id_in(&form, "reviewer_id").unwrap_or(0);
    let complete = form.get("complete") == "1";
    let outcome = actions::review(&state, ctx.user()?, &ctx.request_id, id, reviewer, &given, complete)
        .await
        .map(|()| {
            if complete {
                "standard.reviewed"
            } else {
                "standard.saved"
            }
        });
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn share(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let networks: Vec<i64> = form.all("network").iter().filter_map(|n| n.parse().ok()).collect();
    let outcome = actions::share(&state, ctx.user()?, &ctx.request_id, id, &networks)
        .await
        .map(|()| "standard.shared");
    on_assessment(&state, ctx, id, form, outcome).await
}

/// `?requirement=1`: the requirement a file is evidence of.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RequirementQuery {
    requirement: Option<i64>,
}

/// Attaches a file as evidence; the requirement is in the query, the file
/// in the multipart body.
pub async fn attach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<RequirementQuery>,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (name, bytes) =
        crate::web::extract::uploaded_file(multipart, "file", crate::web::extract::MAX_DOCUMENT).await?;
    let requirement = query.requirement.unwrap_or(0);
    let outcome = actions::attach(&state, user, &ctx.request_id, id, requirement, (&name, &bytes))
        .await
        .map(|()| "standard.attached");
    on_assessment(&state, ctx.clone(), id, Typed::default(), outcome).await
}

/// A file given as evidence, for those who read the assessment.
pub async fn evidence_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, file)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let (name, kind, content) = store::file(&state.db, id, file).await?;
    Ok(crate::tabular::download(content, &kind, &name))
}

/// The assessment's summary as a PDF: per area, how many requirements are
/// met, then each requirement's answer and the reviewers' views.
pub async fn summary_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, _) = store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, a.version_id, ctx.lang).await?;
    let reviews = store::reviews(&state.db, id).await?;
    let (areas, lines) = lines(&state, &a, &items, &reviews).await?;
    let today = state.clock.now().date_naive();
    let t = |key: &str| ctx.t(key).to_owned();
    let who = match &a.subject {
        Some(subject) => format!("{} — {subject}", a.organisation),
        None => a.organisation.clone(),
    };
    let mut blocks = vec![
        Block::Title(format!("{} v{}", a.framework, a.version)),
        Block::Paragraph(who),
        Block::Note(match &a.valid_until {
            Some(until) => format!(
                "{} · {}",
                t(a.state(today).label()),
                ctx.t1("standard.valid_until", ctx.day(until))
            ),
            None => t(a.state(today).label()),
        }),
        Block::Heading(t("standard.summary")),
    ];
    for (area, tally) in &areas {
        blocks.push(Block::Bullet(format!(
            "{} : {} {} · {} {} · {} {} · {} {}",
            area.title,
            tally.met,
            t("standard.compliance.met"),
            tally.conditions,
            t("standard.compliance.conditions"),
            tally.not_met,
            t("standard.compliance.not_met"),
            tally.not_applicable,
            t("standard.compliance.not_applicable"),
        )));
    }
    for (area, _) in &areas {
        blocks.push(Block::Heading(area.title.clone()));
        for line in lines.iter().filter(|l| l.item.area_id == Some(area.id)) {
            let status = line
                .answer
                .as_ref()
                .and_then(Answer::compliance)
                .map_or("standard.unanswered", Compliance::label);
            blocks.push(Block::Paragraph(format!("{} — {}", line.item.title, t(status))));
            if let (Some((n, d, _)), Some(percent)) = (line.figure, line.percent()) {
                blocks.push(Block::Note(format!(
                    "{} : {n} / {d} ({percent} %)",
                    t("standard.figure")
                )));
            }
            if let Some(answer) = line.answer.as_ref().filter(|a| !a.evidence.is_empty()) {
                blocks.push(Block::Note(answer.evidence.clone()));
            }
            for (reviewer, view) in &line.views {
                let said = if view.agrees == 1 {
                    "standard.agrees"
                } else {
                    "standard.disagrees"
                };
                blocks.push(Block::Bullet(
                    format!("{reviewer} : {} {}", t(said), view.comment)
                        .trim_end()
                        .to_owned(),
                ));
            }
        }
    }
    let bytes = pdf::render(&format!("{} v{}", a.framework, a.version), &blocks);
    Ok(crate::tabular::download(
        bytes,
        "application/pdf",
        &format!("assessment-{id}.pdf"),
    ))
}
