//! Networks of organisations: the list, one network and its members.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions;
use super::rules::NetworkState;
use super::store::{self, Network, NetworkMember};
use crate::error::AppResult;
use crate::indicators::sets::rules::Forum;
use crate::indicators::sets::{SetsCard, card};
use crate::standards::rules::sees_shared;
use crate::standards::store::{Shared, shared_with};
use crate::state::AppState;
use crate::web::choices::{Choice, choices};
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};

#[derive(Template, WebTemplate)]
#[template(path = "networks/templates/networks.html")]
pub struct NetworksPage {
    ctx: Ctx,
    page: Paged<Network>,
    query: ListQuery,
    links: Links,
    /// The organisations the person administers, to coordinate a new network.
    administered: Vec<Choice>,
    form: Typed,
    error: Option<&'static str>,
}

impl NetworksPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

/// The organisations `user` administers.
async fn administered(state: &AppState, ctx: &Ctx) -> AppResult<Vec<Choice>> {
    let user = ctx.user()?;
    let ids: Vec<String> = user
        .actor
        .memberships
        .iter()
        .filter(|m| {
            user.actor
                .can(crate::permissions::Action::EditOrganisation(m.organisation_id))
        })
        .map(|m| m.organisation_id.to_string())
        .collect();
    let filter = if user.actor.platform_admin {
        String::new()
    } else if ids.is_empty() {
        return Ok(Vec::new());
    } else {
        format!(" WHERE id IN ({})", ids.join(", "))
    };
    choices(
        state,
        &format!("SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations{filter} ORDER BY acronym"),
    )
    .await
}

async fn networks_page(
    state: &AppState,
    ctx: Ctx,
    query: ListQuery,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    ctx.user()?;
    let page = store::networks(&state.db, &query).await?;
    let links = Links::new("/networks", &query, &[]);
    let page = NetworksPage {
        administered: administered(state, &ctx).await?,
        ctx,
        page,
        query,
        links,
        form,
        error,
    };
    Ok((form_status(page.error.is_some()), page).into_response())
}

pub async fn networks(State(state): State<AppState>, ctx: Ctx, Query(query): Query<ListQuery>) -> AppResult<Response> {
    networks_page(&state, ctx, query, Typed::default(), None).await
}

pub async fn create_network(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let coordinator = form.get("coordinator_id").parse().unwrap_or(0);
    let outcome = actions::create_network(
        &state,
        user,
        &ctx.request_id,
        form.get("name"),
        form.get("description"),
        coordinator,
    )
    .await
    .map(|id| (format!("/networks/{id}"), "network.created"));
    answer(&state, outcome, |message| {
        networks_page(&state, ctx.clone(), ListQuery::default(), form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "networks/templates/network.html")]
pub struct NetworkPage {
    ctx: Ctx,
    n: Network,
    members: Vec<NetworkMember>,
    /// The caller administers the coordinating organisation: decides requests.
    coordinates: bool,
    /// The caller's administered organisations not yet in (or refused), to ask for.
    may_join: Vec<Choice>,
    sets_card: SetsCard,
    /// The standards results members shared, if the person is of a member.
    shared: Option<Vec<Shared>>,
    /// What was typed, shown again with an error.
    form: Typed,
    error: Option<&'static str>,
}

impl NetworkPage {
    /// The threshold as typed, or as set.
    fn threshold(&self) -> String {
        match self.form.get("threshold") {
            "" => self.n.suppression_threshold.to_string(),
            typed => typed.to_owned(),
        }
    }

    fn state_label(&self, state: &str) -> &'static str {
        NetworkState::parse(state).map_or("network.state.requested", NetworkState::label)
    }
}

async fn network_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (n, members) = store::network(&state.db, id).await?;
    let coordinates = user
        .actor
        .can(crate::permissions::Action::EditOrganisation(n.coordinator_id));
    let may_join = administered(state, &ctx)
        .await?
        .into_iter()
        .filter(|o| {
            !members
                .iter()
                .any(|m| m.organisation_id.to_string() == o.value && m.state != NetworkState::Refused.as_str())
        })
        .collect();
    let sets_card = card(state, user, Forum::Network(id)).await?;
    let in_network: Vec<i64> = members
        .iter()
        .filter(|m| m.state == NetworkState::Member.as_str())
        .map(|m| m.organisation_id)
        .chain([n.coordinator_id])
        .collect();
    let shared = if sees_shared(&user.actor, &in_network) {
        Some(shared_with(&state.db, id, ctx.lang).await?)
    } else {
        None
    };
    let page = NetworkPage {
        sets_card,
        shared,
        ctx,
        n,
        members,
        coordinates,
        may_join,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn network(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_page(&state, ctx, id, Typed::default(), None).await
}

/// Where a form of the network's page goes next: back to the network with
/// the message `outcome` names, or the page again showing why it was refused.
async fn to_network(state: &AppState, posted: Posted, outcome: AppResult<&'static str>) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = outcome.map(|key| (format!("/networks/{id}"), key));
    answer(state, outcome, |message| {
        network_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// The organisation chosen in a membership form.
fn organisation_of(form: &Typed) -> i64 {
    form.get("organisation_id").parse().unwrap_or(0)
}

/// An administrator asks for their organisation to join the network.
pub async fn request_to_join(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let organisation = organisation_of(form);
    let outcome = actions::request_membership(&state, ctx.user()?, &ctx.request_id, *id, organisation)
        .await
        .map(|()| "network.requested");
    to_network(&state, posted, outcome).await
}

/// Accepts or refuses an organisation's request to join.
async fn decide_member(state: AppState, posted: Posted, accept: bool) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let organisation = organisation_of(form);
    let outcome = actions::decide_membership(&state, ctx.user()?, &ctx.request_id, *id, organisation, accept)
        .await
        .map(|()| "network.decided");
    to_network(&state, posted, outcome).await
}

/// The coordinator accepts an organisation's request to join.
pub async fn accept_member(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    decide_member(state, posted, true).await
}

/// The coordinator refuses an organisation's request to join.
pub async fn refuse_member(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    decide_member(state, posted, false).await
}

/// The coordinator sets how small a count the network hides.
pub async fn set_threshold(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::set_threshold(&state, ctx.user()?, &ctx.request_id, *id, form.get("threshold"))
        .await
        .map(|()| "network.threshold_set");
    to_network(&state, posted, outcome).await
}
