//! Figures an organisation publishes to its networks: a period's
//! indicators of the network's agreed set, small counts suppressed, frozen
//! as computed. Observers see these, never the live data.

pub mod actions;
mod pages;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators/published", get(pages::published))
        .route("/indicators/publications", post(pages::publish))
        .route("/indicators/publications/{id}", get(pages::publication))
        .route("/indicators/publications/{id}/report.pdf", get(pages::report_pdf))
}
