//! Needs diagnosis: a questionnaire for a prison or an organisation,
//! answered by several of its people, added up into a report that names the
//! priorities, and compared across establishments and countries only as
//! averages of enough respondents.

pub mod actions;
pub mod api;
pub(crate) mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/diagnoses", get(pages::list).post(pages::open))
        .route("/diagnoses/compare", get(pages::compare))
        .route("/diagnoses/{id}", get(pages::diagnosis))
        .route("/diagnoses/{id}/answers", post(pages::answer_diagnosis))
        .route("/diagnoses/{id}/close", post(pages::close))
}
