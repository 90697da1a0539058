//! The activity log: visits, correspondence-course events and other hours,
//! logged by volunteers (a month at once if they like), refused on a date
//! without a valid authorisation, reviewed and corrected by coordinators,
//! totalled per volunteer, establishment, section and month.

pub mod api;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/activities", get(pages::list).post(pages::create))
        .route("/activities/new", get(pages::new_form))
        .route("/activities/export.csv", get(pages::export::<CSV>))
        .route("/activities/export.xlsx", get(pages::export::<XLSX>))
        .route("/activities/{id}", get(pages::edit).post(pages::update))
        .route("/activities/{id}/delete", post(pages::delete))
}
