//! Referrals between organisations: a detainee referred from a visitor to
//! the course organisation, from a correspondent to a visitor, or a visitor
//! asked to meet a learner once the probation service approves. Beneficiary
//! data is the minimum, shown only to the parties, each read logged, erased
//! after the retention period.

pub mod actions;
pub mod api;
pub mod jobs;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/referrals", get(pages::list).post(pages::create))
        .route("/referrals/new", get(pages::new_form))
        .route("/referrals/{id}", get(pages::detail))
        .route("/referrals/{id}/{action}", post(pages::act))
}
