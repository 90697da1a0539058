//! Organisation pages: list, detail with members, create and edit forms.

use crate::web::extract::{Form, Path, Query};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::store::{self, OrganisationFilter};
use super::{Member, Organisation, OrganisationInput, OrganisationKind};
use crate::error::{AppError, AppResult, FieldError};
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::list::{Links, ListQuery, Paged, page_link};
use crate::web::{Ctx, Flash, form_status, redirect};

#[derive(Template, WebTemplate)]
#[template(path = "organisations/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Organisation>,
    query: ListQuery,
    links: Links,
    kinds: [OrganisationKind; 3],
    can_create: bool,
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
    Query(filter): Query<OrganisationFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    user.actor.require(Action::ViewOrganisations)?;
    let can_create = user.actor.can(Action::CreateOrganisation);
    let page = store::list(&state.db, &query, &filter).await?;
    let links = Links::new(
        "/organisations",
        &query,
        &[("kind", filter.kind.as_deref()), ("country", filter.country.as_deref())],
    );
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        kinds: OrganisationKind::ALL,
        can_create,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "organisations/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    org: Organisation,
    members: Option<Paged<Member>>,
    query: ListQuery,
    can_edit: bool,
}

impl DetailPage {
    fn link(&self, page: i64) -> String {
        page_link(
            &format!("/organisations/{}", self.org.id),
            &[("q", self.query.q.as_deref().unwrap_or(""))],
            page,
        )
    }
}

pub async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> AppResult<DetailPage> {
    let user = ctx.user()?;
    user.actor.require(Action::ViewOrganisations)?;
    let org = store::get(&state.db, id).await?;
    let members = match user.actor.can(Action::ViewMembers(id)) {
        true => Some(store::members(&state.db, id, &query).await?),
        false => None,
    };
    let can_edit = user.actor.can(Action::EditOrganisation(id));
    Ok(DetailPage {
        ctx,
        org,
        members,
        query,
        can_edit,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "organisations/templates/form.html")]
struct FormPage {
    ctx: Ctx,
    /// None when creating.
    id: Option<i64>,
    input: OrganisationInput,
    errors: Vec<FieldError>,
    kinds: [OrganisationKind; 3],
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message)
    }

    fn invalid(&self, field: &str) -> &'static str {
        if self.error(field).is_some() { "true" } else { "false" }
    }

    fn show(ctx: Ctx, id: Option<i64>, input: OrganisationInput, errors: Vec<FieldError>) -> Response {
        let status = form_status(!errors.is_empty());
        (
            status,
            FormPage {
                ctx,
                id,
                input,
                errors,
                kinds: OrganisationKind::ALL,
            },
        )
            .into_response()
    }
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    ctx.user()?.actor.require(Action::CreateOrganisation)?;
    let input = OrganisationInput {
        kind: "volunteer_organisation".into(),
        country: "FR".into(),
        ..Default::default()
    };
    Ok(FormPage::show(ctx, None, input, vec![]))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(input): Form<OrganisationInput>,
) -> AppResult<Response> {
    save_form(&state, ctx, None, input).await
}

/// Saves the form, or shows it again with what was typed and what is wrong.
async fn save_form(state: &AppState, ctx: Ctx, id: Option<i64>, input: OrganisationInput) -> AppResult<Response> {
    let user = ctx.user()?;
    match super::save(state, user, &ctx.request_id, id, &input).await {
        Ok(saved) => {
            let key = if id.is_some() {
                "organisation.saved"
            } else {
                "organisation.created"
            };
            Ok(redirect(
                state,
                &format!("/organisations/{saved}"),
                Some(Flash { key, error: false }),
            ))
        }
        Err(AppError::Invalid(errors)) => Ok(FormPage::show(ctx, id, input, errors)),
        Err(err) => Err(err),
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    ctx.user()?.actor.require(Action::EditOrganisation(id))?;
    let org = store::get(&state.db, id).await?;
    let input = OrganisationInput {
        name: org.name,
        acronym: org.acronym,
        kind: org.kind,
        country: org.country,
    };
    Ok(FormPage::show(ctx, Some(id), input, vec![]))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(input): Form<OrganisationInput>,
) -> AppResult<Response> {
    save_form(&state, ctx, Some(id), input).await
}
