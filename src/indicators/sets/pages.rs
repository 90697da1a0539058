//! Proposing a set, one set with its parties' answers, and the card that
//! lists a forum's sets on the network's or the agreement's page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, Proposal};
use super::rules::{Forum, SetState, answerable, sees};
use super::store::{self, IndicatorSet, Party};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::indicators::store::Indicator;
use crate::state::AppState;
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::{Ctx, Typed, answer, form_status};

/// The forum's parties, if `user` may see its sets; not found otherwise.
async fn parties_seen(state: &AppState, user: &SignedIn, forum: Forum, set: Option<i64>) -> AppResult<Vec<Party>> {
    let mut conn = state.db.pool.acquire().await?;
    let parties = store::parties(&mut conn, forum, set).await?;
    let ids: Vec<i64> = parties.iter().map(|p| p.organisation_id).collect();
    if sees(&user.actor, forum, &ids) {
        Ok(parties)
    } else {
        Err(AppError::NotFound)
    }
}

/// The set `id`, if `user` may see it; not found otherwise.
pub async fn seen(state: &AppState, user: &SignedIn, id: i64) -> AppResult<IndicatorSet> {
    let set = store::set(&state.db, id).await?;
    parties_seen(state, user, set.forum(), None).await?;
    Ok(set)
}

/// `?network=1` or `?agreement=1`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ForumQuery {
    network: Option<i64>,
    agreement: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/sets/templates/new.html")]
pub struct NewPage {
    ctx: Ctx,
    forum: Forum,
    forum_name: String,
    /// Id, code and name of each indicator of the catalogue.
    choices: Vec<(i64, String, String)>,
    /// The parties the person may propose for.
    proposers: Vec<Party>,
    /// Ticked on a fresh form: the latest version's, or all of them.
    ticked: Vec<i64>,
    form: Typed,
    error: Option<&'static str>,
}

impl NewPage {
    fn checked(&self, id: &i64) -> bool {
        if self.error.is_some() {
            self.form.has("indicator", &id.to_string())
        } else {
            self.ticked.contains(id)
        }
    }

    fn forum_field(&self) -> (&'static str, i64) {
        match self.forum {
            Forum::Network(id) => ("network_id", id),
            Forum::Agreement(id) => ("agreement_id", id),
        }
    }
}

async fn new_page(
    state: &AppState,
    ctx: Ctx,
    forum: Forum,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let forum_name = store::forum_name(&state.db, forum).await?;
    let parties = parties_seen(state, user, forum, None).await?;
    let proposers: Vec<Party> = answerable(user, &parties).into_iter().cloned().collect();
    if proposers.is_empty() {
        return Err(AppError::Forbidden);
    }
    let choices = store::choices(&state.db, ctx.lang).await?;
    let ticked = match store::sets_of(&state.db, forum).await?.first() {
        Some(latest) => store::item_ids(&state.db, latest.id).await?,
        None => choices.iter().map(|(id, _, _)| *id).collect(),
    };
    let page = NewPage {
        ctx,
        forum,
        forum_name,
        choices,
        proposers,
        ticked,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn new(State(state): State<AppState>, ctx: Ctx, Query(query): Query<ForumQuery>) -> AppResult<Response> {
    ctx.user()?;
    let forum = Forum::named(query.network, query.agreement).ok_or(AppError::NotFound)?;
    new_page(&state, ctx, forum, Typed::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let id_of = |field: &str| form.get(field).parse().ok();
    let forum = Forum::named(id_of("network_id"), id_of("agreement_id")).ok_or(AppError::NotFound)?;
    let proposal = Proposal {
        forum,
        organisation: id_of("organisation_id").unwrap_or(0),
        name: form.get("name"),
        indicators: form.all("indicator").iter().filter_map(|i| i.parse().ok()).collect(),
    };
    let outcome = actions::propose(&state, user, &ctx.request_id, proposal)
        .await
        .map(|id| (format!("/indicator-sets/{id}"), "indicator_set.proposed"));
    answer(&state, outcome, |message| {
        new_page(&state, ctx.clone(), forum, form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/sets/templates/set.html")]
pub struct SetPage {
    ctx: Ctx,
    s: IndicatorSet,
    forum_name: String,
    items: Vec<Indicator>,
    parties: Vec<Party>,
    /// The parties the person may answer for, while the set is open.
    answering: Vec<Party>,
    form: Typed,
    error: Option<&'static str>,
}

impl SetPage {
    fn state_label(&self) -> &'static str {
        self.s.state().label()
    }

    fn answer_label(&self, party: &Party) -> &'static str {
        match party.accepted {
            Some(1) => "indicator_set.accepted",
            Some(_) => "indicator_set.declined",
            None => "indicator_set.waiting",
        }
    }

    fn better_label(&self, indicator: &Indicator) -> &'static str {
        indicator.better_label()
    }

    /// How the indicator is computed, in the page's language: numerator,
    /// scale and denominator.
    fn formula(&self, indicator: &Indicator) -> String {
        let name = |measure: &str| {
            crate::indicators::rules::Measure::parse(measure)
                .map_or(measure.to_owned(), |m| self.ctx.t(m.label()).to_owned())
        };
        let mut formula = name(&indicator.numerator);
        if indicator.scale > 1 {
            formula.push_str(&format!(" × {}", self.ctx.lang.number(indicator.scale)));
        }
        if let Some(denominator) = &indicator.denominator {
            formula.push_str(&format!(" / {}", name(denominator)));
        }
        formula
    }
}

async fn set_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let s = store::set(&state.db, id).await?;
    let parties = parties_seen(state, user, s.forum(), Some(id)).await?;
    let answering = if s.state() == SetState::Proposed {
        answerable(user, &parties).into_iter().cloned().collect()
    } else {
        Vec::new()
    };
    let page = SetPage {
        forum_name: store::forum_name(&state.db, s.forum()).await?,
        items: store::items(&state.db, id, ctx.lang).await?,
        ctx,
        s,
        parties,
        answering,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn set(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    set_page(&state, ctx, id, Typed::default(), None).await
}

async fn answer_set(state: AppState, posted: Posted, accept: bool) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let organisation = form.get("organisation_id").parse().unwrap_or(0);
    let outcome = actions::answer(
        &state,
        ctx.user()?,
        &ctx.request_id,
        id,
        organisation,
        accept,
        form.get("comment"),
    )
    .await
    .map(|()| (format!("/indicator-sets/{id}"), "indicator_set.answered"));
    answer(&state, outcome, |message| {
        set_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

/// A party accepts the proposed version.
pub async fn accept(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    answer_set(state, posted, true).await
}

/// A party declines it, saying why.
pub async fn decline(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    answer_set(state, posted, false).await
}
