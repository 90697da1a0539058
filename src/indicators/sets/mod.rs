//! Indicator sets agreed within a network or a partnership agreement: the
//! version every party accepted is frozen, and figures say which it is.

pub mod actions;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

pub use self::pages::seen;
use self::rules::{Forum, answerable};
use self::store::IndicatorSet;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicator-sets", post(pages::create))
        .route("/indicator-sets/new", get(pages::new))
        .route("/indicator-sets/{id}", get(pages::set))
        .route("/indicator-sets/{id}/accept", post(pages::accept))
        .route("/indicator-sets/{id}/decline", post(pages::decline))
}

/// A forum's sets, for its page.
pub struct SetsCard {
    pub forum: Forum,
    pub sets: Vec<IndicatorSet>,
    /// The person administers a party: they may propose a new version.
    pub may_propose: bool,
}

impl SetsCard {
    pub fn state_label(&self, set: &IndicatorSet) -> &'static str {
        set.state().label()
    }
}

/// The card of `forum`'s sets as `user` sees it.
pub async fn card(state: &AppState, user: &SignedIn, forum: Forum) -> AppResult<SetsCard> {
    let mut conn = state.db.pool.acquire().await?;
    let parties = store::parties(&mut conn, forum, None).await?;
    Ok(SetsCard {
        forum,
        sets: store::sets_of(&state.db, forum).await?,
        may_propose: !answerable(user, &parties).is_empty(),
    })
}
