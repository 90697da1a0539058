//! The coverage census: for every establishment and organisation, the
//! volunteers with a valid authorisation there, against the organisation's
//! threshold; served, under-served or unserved, for each organisation and
//! for the partnership; the monthly trend; the gap list; the information
//! sheet for detainees.

pub mod api;
pub mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/coverage", get(pages::census))
        .route("/coverage/export.csv", get(pages::export::<CSV>))
        .route("/coverage/export.xlsx", get(pages::export::<XLSX>))
        .route(
            "/coverage/settings",
            get(pages::settings_form).post(pages::save_settings),
        )
        .route("/coverage/gaps/{id}", get(pages::gaps))
        .route("/establishments/{id}/sheet", get(pages::sheet))
        .route("/establishments/{id}/sheet.pdf", get(pages::sheet_pdf))
}
