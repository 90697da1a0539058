//! Partnership agreements between organisations: parties and signatories,
//! commitments by category, thematic follow-up, an evaluation at every
//! anniversary (opened and reminded by the scheduler, reported beside the
//! year before), reminders before the end, and a board of news. Only the
//! members of the parties see an agreement.

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
        .route("/agreements", get(pages::list).post(pages::create))
        .route("/agreements/new", get(pages::new_form))
        .route("/agreements/{id}", get(pages::detail))
        .route(
            "/agreements/{id}/document",
            get(pages::document).post(pages::upload_document),
        )
        .route("/agreements/{id}/sign", post(pages::sign))
        .route("/agreements/{id}/terminate", post(pages::terminate))
        .route("/agreements/{id}/categories", post(pages::save_category))
        .route("/agreements/{id}/commitments", post(pages::add_commitment))
        .route("/agreements/{id}/follow-ups", post(pages::add_follow_up))
        .route("/agreements/{id}/posts", post(pages::post_news))
        .route(
            "/agreements/{id}/evaluations/{evaluation}",
            get(pages::evaluation).post(pages::save_evaluation),
        )
        .route(
            "/agreements/{id}/evaluations/{evaluation}/report.pdf",
            get(pages::report_pdf),
        )
        .route("/feeds/{token}/agreements/{id}", get(pages::board_feed))
}
