//! Authorisations (agréments): the application as dated steps, the decision,
//! suspension, withdrawal and renewal, and the rule every activity asks:
//! may this person act in this establishment on this date?

pub mod actions;
pub mod api;
pub mod import;
mod pages;
pub mod reminders;
pub mod rules;
pub mod store;
pub mod waiting;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/authorisations", get(pages::list).post(pages::create))
        .route("/authorisations/new", get(pages::new_form))
        .route("/authorisations/waiting-times", get(waiting::page))
        .route("/authorisations/export.csv", get(pages::export::<CSV>))
        .route("/authorisations/export.xlsx", get(pages::export::<XLSX>))
        .route("/authorisations/{id}", get(pages::detail))
        .route("/authorisations/{id}/steps", post(pages::record_step))
        .route("/authorisations/{id}/decision", post(pages::decide))
        .route("/authorisations/{id}/suspend", post(pages::suspend))
        .route("/authorisations/{id}/lift", post(pages::lift))
        .route("/authorisations/{id}/withdraw", post(pages::withdraw))
        .route("/authorisations/{id}/renew", post(pages::renew))
}
