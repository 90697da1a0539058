//! The competence framework's pages: the framework with the modules that
//! build each competence, one's self-assessments; a self-assessment rated
//! by the person, viewed by their manager, with the modules its gaps propose.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, RatingInput};
use super::rules::{LEVELS, Rights, coordinating, level_label};
use super::store::{self, Assessment, Competence, Module, Stored};
use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::choices::{Choice, choices, organisations};
use crate::web::extract::{Form, Path, Posted};
use crate::web::{Ctx, Typed, answer, form_status};

/// What the framework and an assessment page both show: the tree and the modules.
struct Framework {
    items: Vec<Competence>,
    modules: Vec<Module>,
}

impl Framework {
    async fn load(state: &AppState, ctx: &Ctx) -> AppResult<Self> {
        Ok(Self {
            items: store::framework(&state.db, ctx.lang).await?,
            modules: store::modules(&state.db).await?,
        })
    }

    fn children(&self, parent: i64, kinds: &[&str]) -> Vec<&Competence> {
        self.items
            .iter()
            .filter(|c| c.parent_id == Some(parent) && kinds.contains(&c.kind.as_str()))
            .collect()
    }

    fn categories(&self) -> Vec<&Competence> {
        self.items.iter().filter(|c| c.kind == "category").collect()
    }

    fn modules_of(&self, competence: i64) -> Vec<&Module> {
        self.modules.iter().filter(|m| m.competence_id == competence).collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "competences/templates/framework.html")]
pub struct FrameworkPage {
    ctx: Ctx,
    framework: Framework,
    assessments: Vec<Assessment>,
    /// The organisations the person coordinates for, to start a self-assessment.
    coordinating: Vec<Choice>,
    /// Modules of the programmes the person keeps, to link to a competence.
    linkable: Vec<Choice>,
    levels: [i64; 4],
    form: Typed,
    error: Option<&'static str>,
}

impl FrameworkPage {
    fn categories(&self) -> Vec<&Competence> {
        self.framework.categories()
    }

    fn competences(&self, category: &i64) -> Vec<&Competence> {
        self.framework.children(*category, &["competence"])
    }

    fn elements(&self, competence: &i64) -> Vec<&Competence> {
        self.framework
            .children(*competence, &["knowledge", "skill", "attitude"])
    }

    fn modules_of(&self, competence: &i64) -> Vec<&Module> {
        self.framework.modules_of(*competence)
    }

    fn level_name(&self, level: &i64) -> &'static str {
        self.ctx.t(&level_label(*level))
    }

    fn kind_name(&self, c: &Competence) -> &'static str {
        self.ctx.t(&format!("competence.kind_{}", c.kind))
    }

    fn all_competences(&self) -> Vec<&Competence> {
        self.framework.items.iter().filter(|c| c.kind == "competence").collect()
    }
}

async fn framework_page(state: &AppState, ctx: Ctx, form: Typed, error: Option<&'static str>) -> AppResult<Response> {
    let user = ctx.user()?;
    let coordinating = organisations(state, &coordinating(&user.actor).collect::<Vec<_>>()).await?;
    let kept: Vec<String> = user
        .actor
        .memberships
        .iter()
        .filter(|m| user.actor.can(Action::ManageTraining(m.organisation_id)))
        .map(|m| m.organisation_id.to_string())
        .collect();
    let which = match (user.actor.platform_admin, kept.is_empty()) {
        (true, _) => Some(String::new()),
        (false, true) => None,
        (false, false) => Some(format!(" WHERE p.organisation_id IN ({})", kept.join(", "))),
    };
    let linkable = match which {
        Some(which) => {
            choices(
                state,
                &format!(
                    "SELECT CAST(m.id AS TEXT) AS value, p.title || ' v' || CAST(v.number AS TEXT) || ' — ' || m.title AS label \
                     FROM training_modules m JOIN training_versions v ON v.id = m.version_id \
                     JOIN training_programmes p ON p.id = v.programme_id{which} ORDER BY p.title, v.number DESC, m.position"
                ),
            )
            .await?
        }
        None => Vec::new(),
    };
    let page = FrameworkPage {
        framework: Framework::load(state, &ctx).await?,
        assessments: store::assessments(&state.db, &user.actor).await?,
        ctx,
        coordinating,
        linkable,
        levels: LEVELS,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn framework(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    framework_page(&state, ctx, Typed::default(), None).await
}

pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = Typed(form);
    let organisation = form.get("organisation_id").parse().unwrap_or(0);
    let outcome = actions::start(&state, ctx.user()?, &ctx.request_id, organisation)
        .await
        .map(|id| (format!("/competences/assessments/{id}"), "competence.started"));
    answer(&state, outcome, |message| {
        framework_page(&state, ctx.clone(), form, Some(message))
    })
    .await
}

pub async fn link_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = Typed(form);
    let competence = form.get("competence_id").parse().unwrap_or(0);
    let module = form.get("module_id").parse().unwrap_or(0);
    let linked = form.get("linked") != "0";
    let outcome = actions::link_module(&state, ctx.user()?, &ctx.request_id, competence, module, linked)
        .await
        .map(|()| ("/competences#framework".to_owned(), "competence.linked"));
    answer(&state, outcome, |message| {
        framework_page(&state, ctx.clone(), form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "competences/templates/assessment.html")]
pub struct AssessmentPage {
    ctx: Ctx,
    a: Assessment,
    rights: Rights,
    framework: Framework,
    stored: Vec<Stored>,
    levels: [i64; 4],
    /// The person may declare a training need for the organisation.
    declares_needs: bool,
    form: Typed,
    error: Option<&'static str>,
}

impl AssessmentPage {
    fn categories(&self) -> Vec<&Competence> {
        self.framework.categories()
    }

    fn competences(&self, category: &i64) -> Vec<&Competence> {
        self.framework.children(*category, &["competence"])
    }

    fn elements(&self, competence: &i64) -> Vec<&Competence> {
        self.framework
            .children(*competence, &["knowledge", "skill", "attitude"])
    }

    fn level_name(&self, level: &i64) -> &'static str {
        self.ctx.t(&level_label(*level))
    }

    fn kind_name(&self, c: &Competence) -> &'static str {
        self.ctx.t(&format!("competence.kind_{}", c.kind))
    }

    fn stored_of(&self, competence: &Competence) -> Option<&Stored> {
        self.stored.iter().find(|s| s.competence_id == competence.id)
    }

    /// Whether `level` is the one chosen in `field` (own or manager's).
    fn chosen(&self, competence: &Competence, field: &str, level: &i64) -> bool {
        let name = format!("{field}_{}", competence.id);
        if self.error.is_some() {
            return self.form.get(&name) == level.to_string();
        }
        let stored = self.stored_of(competence);
        let value = if field == "manager" {
            stored.and_then(|s| s.manager_level)
        } else {
            stored.and_then(|s| s.level)
        };
        value == Some(*level)
    }

    fn comment(&self, competence: &Competence) -> String {
        if self.error.is_some() {
            return self.form.get(&format!("comment_{}", competence.id)).to_owned();
        }
        self.stored_of(competence).map_or(String::new(), |s| s.comment.clone())
    }

    fn manager_level(&self, competence: &Competence) -> Option<i64> {
        self.stored_of(competence).and_then(|s| s.manager_level)
    }

    /// The competences short of their expected level: (competence, level
    /// retained, the modules that build it).
    fn gaps(&self) -> Vec<(&Competence, i64, Vec<&Module>)> {
        self.framework
            .items
            .iter()
            .filter(|c| c.kind == "competence")
            .filter_map(|c| {
                let rating = store::rating(&self.stored, c);
                rating
                    .gap()
                    .map(|_| (c, rating.retained().unwrap_or(1), self.framework.modules_of(c.id)))
            })
            .collect()
    }

    /// The link that declares a training need for a module, the form filled.
    fn need_link(&self, module: &Module, competence: &Competence) -> String {
        let topic = format!("{} ({})", competence.text, module.title);
        let query = serde_urlencoded::to_string([
            ("organisation_id", self.a.organisation_id.to_string()),
            ("module_id", module.module_id.to_string()),
            ("topic", topic),
            ("volunteers", "1".into()),
        ])
        .unwrap_or_default();
        format!("/training/needs?{query}")
    }
}

async fn assessment_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, rights) = store::assessment(&state.db, &user.actor, id).await?;
    let page = AssessmentPage {
        declares_needs: user.actor.can(Action::ManageTraining(a.organisation_id)),
        framework: Framework::load(state, &ctx).await?,
        stored: store::ratings(&state.db, id).await?,
        ctx,
        a,
        rights,
        levels: LEVELS,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn assessment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    assessment_page(&state, ctx, id, Typed::default(), None).await
}

async fn save(state: AppState, posted: Posted, manager: bool) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let field = if manager { "manager" } else { "level" };
    let given: Vec<RatingInput> = form
        .all("competence")
        .iter()
        .filter_map(|c| c.parse::<i64>().ok())
        .map(|c| RatingInput {
            competence_id: c,
            level: form.get(&format!("{field}_{c}")).parse().ok(),
            comment: form.get(&format!("comment_{c}")).into(),
        })
        .collect();
    let outcome = actions::rate(&state, ctx.user()?, &ctx.request_id, id, &given, manager)
        .await
        .map(|_| (format!("/competences/assessments/{id}#gaps"), "competence.saved"));
    answer(&state, outcome, |message| {
        assessment_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

pub async fn rate(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    save(state, posted, false).await
}

pub async fn manager_view(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    save(state, posted, true).await
}
