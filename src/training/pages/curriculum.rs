//! The curriculum: programmes with their guide, modules and materials, and
//! the qualifications each organisation requires.

use super::*;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::parse_count;
use crate::training::actions::{self, ModuleInput, ProgrammeInput};
use crate::training::store::{self, Material, Module, Programme};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, Typed, answer, done, form_status, redirect};

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

/// Back to the programme with the outcome's message, or its page again
/// with the form and the error.
async fn to_programme(state: &AppState, posted: Posted, outcome: AppResult<&'static str>) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = outcome.map(|key| (format!("/training/programmes/{id}"), key));
    answer(state, outcome, |message| {
        programme_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// Saves the programme's guide.
pub async fn save_guide(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::update_guide(&state, ctx.user()?, &ctx.request_id, *id, form.get("guide"))
        .await
        .map(|()| "training.guide_saved");
    to_programme(&state, posted, outcome).await
}

/// A module as its form was filled in.
fn module_input(form: &Typed) -> ModuleInput {
    ModuleInput {
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
    }
}

/// Adds a module to the programme.
pub async fn add_module(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::add_module(&state, ctx.user()?, &ctx.request_id, *id, &module_input(form))
        .await
        .map(|_| "training.module_added");
    to_programme(&state, posted, outcome).await
}

/// Starts the programme's next version.
pub async fn new_version(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, .. } = &posted;
    let outcome = actions::new_version(&state, ctx.user()?, &ctx.request_id, *id)
        .await
        .map(|_| "training.version_created");
    to_programme(&state, posted, outcome).await
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
#[template(path = "training/templates/requirements.html")]
pub struct RequirementsPage {
    ctx: Ctx,
    requirements: Vec<store::Requirement>,
    organisations: Vec<Choice>,
    missions: &'static [crate::permissions::Mission],
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
        missions: crate::permissions::Mission::ALL,
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
