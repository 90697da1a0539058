//! Training needs that organisations report.

use super::*;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::parse_count;
use crate::training::actions;
use crate::training::store::{self, Module};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Typed, answer, done, form_status};

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

/// The page, its form filled from the query where a link proposes a need
/// (a competence's gap proposes the module that closes it).
pub async fn needs(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::web::extract::Query(proposed): crate::web::extract::Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    needs_page(&state, ctx, Typed(proposed), None).await
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
