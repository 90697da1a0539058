//! A library of practices: organisations and administrations describe what
//! they do (context, what is done, resources, results, contact), tagged by
//! theme and linked to the standards' requirements and the indicators they
//! address; others comment or say they tried it. Mutual learning across
//! countries is VOLPRIS's first aim: everyone signed in reads the library.

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
        .route("/practices", get(pages::list).post(pages::create))
        .route("/practices/new", get(pages::new))
        .route("/practices/{id}", get(pages::practice))
        .route("/practices/{id}/edit", get(pages::edit).post(pages::update))
        .route("/practices/{id}/notes", post(pages::add_note))
}
