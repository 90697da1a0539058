//! Establishment pages: the list with its exports, one establishment.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::store::{self, Count, Establishment, EstablishmentFilter};
use crate::audit::{Change, Write};
use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::{Cell, Sheet, parse_count, parse_date};
use crate::web::choices::Places;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, redirect};

#[derive(Template, WebTemplate)]
#[template(path = "establishments/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Establishment>,
    query: ListQuery,
    links: Links,
    places: Places,
    can_import: bool,
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
    Query(mut filter): Query<EstablishmentFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    user.actor.require(Action::ViewEstablishments)?;
    // A person first sees their own country's prisons ("all" is one choice away).
    if filter.country.is_none() {
        filter.country = user.actor.memberships.first().map(|m| m.country.clone());
    }
    let can_import = super::import::may_import(&user.actor);
    let page = store::list(&state.db, &query, &filter).await?;
    let places = Places::load(&state, ctx.lang).await?;
    let links = Links::new(
        "/establishments",
        &query,
        &[
            ("country", filter.country.as_deref()),
            ("region", filter.region.as_deref()),
            ("kind", filter.kind.as_deref()),
            ("state", filter.state.as_deref()),
        ],
    );
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        places,
        can_import,
    })
}

fn sheet(rows: Vec<Establishment>) -> Sheet {
    Sheet {
        name: "establishments",
        columns: super::COLUMNS,
        rows: rows
            .into_iter()
            .map(|e| {
                vec![
                    Cell::from(e.code),
                    e.name.into(),
                    e.country.into(),
                    e.kind.into(),
                    e.region.into(),
                    e.city.into(),
                    e.address.into(),
                    e.capacity.into(),
                    e.population.into(),
                    e.population_on.into(),
                    Cell::from(if e.open == 1 { "yes" } else { "no" }),
                ]
            })
            .collect(),
    }
}

async fn export_rows(state: &AppState, ctx: &Ctx, query: &ListQuery, filter: &EstablishmentFilter) -> AppResult<Sheet> {
    ctx.user()?.actor.require(Action::ViewEstablishments)?;
    Ok(sheet(store::all(&state.db, query, filter).await?))
}

/// The filtered list as a CSV (`XLSX` false) or Excel file.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<EstablishmentFilter>,
) -> AppResult<Response> {
    export_rows(&state, &ctx, &query, &filter)
        .await?
        .download(XLSX, ctx.lang)
}

#[derive(Template, WebTemplate)]
#[template(path = "establishments/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    establishment: Establishment,
    history: Vec<Count>,
    /// The volunteers authorised here today, of every organisation (empty
    /// for observers, who see aggregates only).
    volunteers: Vec<crate::coverage::store::Volunteer>,
    can_manage: bool,
    error: Option<&'static str>,
}

async fn show(state: &AppState, ctx: Ctx, id: i64, error: Option<&'static str>) -> AppResult<DetailPage> {
    let user = ctx.user()?;
    user.actor.require(Action::ViewEstablishments)?;
    let establishment = store::get(&state.db, id).await?;
    let can_manage = user.actor.can(Action::ManageEstablishments(&establishment.country));
    let history = store::history(&state.db, id).await?;
    let seen = (false, &crate::coverage::rules::seen_volunteers(&user.actor));
    let volunteers = crate::coverage::store::volunteers(&state.db, id, seen, state.clock.now().date_naive()).await?;
    Ok(DetailPage {
        ctx,
        establishment,
        history,
        volunteers,
        can_manage,
        error,
    })
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<DetailPage> {
    show(&state, ctx, id, None).await
}

#[derive(serde::Deserialize)]
pub struct CountForm {
    detainees: String,
    counted_on: String,
}

pub async fn record_population(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<CountForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let establishment = store::get(&state.db, id).await?;
    user.actor
        .require(Action::ManageEstablishments(&establishment.country))?;
    let (Some(detainees), Some(day)) = (parse_count(&form.detainees), parse_date(form.counted_on.trim())) else {
        let page = show(&state, ctx.clone(), id, Some("import.not_a_number")).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    if !store::record_count(&mut write, id, day, detainees).await? {
        let page = show(&state, ctx.clone(), id, Some("establishment.count_exists")).await?;
        return Ok((axum::http::StatusCode::CONFLICT, page).into_response());
    }
    write
        .commit(Change {
            action: "establishment.population",
            object_type: "establishment",
            object_id: id.to_string(),
            organisation_id: None,
            summary: format!("{}: {detainees} detainees on {day}", establishment.code),
        })
        .await?;
    Ok(redirect(
        &state,
        &format!("/establishments/{id}"),
        Some(Flash {
            key: "establishment.count_saved",
            error: false,
        }),
    ))
}
