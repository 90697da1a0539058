//! Networks of organisations: a coordinating organisation, members who ask
//! to join and are accepted or refused. A network's meetings invite its
//! members' coordinators (that is the meetings' business).

pub mod actions;
pub mod api;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/networks", get(pages::networks).post(pages::create_network))
        .route("/networks/{id}", get(pages::network))
        .route("/networks/{id}/request", post(pages::request_to_join))
        .route("/networks/{id}/accept", post(pages::accept_member))
        .route("/networks/{id}/refuse", post(pages::refuse_member))
        .route("/networks/{id}/threshold", post(pages::set_threshold))
}
