//! Minimum standards: frameworks of areas and requirements, versioned and
//! written in every interface language; self-assessment against them with
//! evidence (Passerelle's own figures among it) and an action plan; peer
//! review by another organisation; a validity that lapses; a summary that
//! networks see only as a tally by area.

pub mod actions;
pub mod api;
pub mod figures;
pub mod jobs;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/standards", get(pages::list))
        .route("/standards/frameworks", post(pages::create_framework))
        .route(
            "/standards/versions/{id}",
            get(pages::version).post(pages::save_version),
        )
        .route("/standards/versions/{id}/items", post(pages::add_item))
        .route("/standards/versions/{id}/publish", post(pages::publish))
        .route("/standards/versions/{id}/next", post(pages::next_version))
        .route("/standards/versions/{id}/assessments", post(pages::start))
        .route("/standards/items/{id}", post(pages::save_item))
        .route("/standards/items/{id}/remove", post(pages::remove_item))
        .route("/standards/assessments/{id}", get(pages::assessment))
        .route("/standards/assessments/{id}/answers", post(pages::save_answers))
        .route("/standards/assessments/{id}/actions", post(pages::add_step))
        .route("/standards/assessments/{id}/submit", post(pages::submit))
        .route("/standards/assessments/{id}/reviewers", post(pages::invite))
        .route("/standards/assessments/{id}/review", post(pages::review))
        .route("/standards/assessments/{id}/shares", post(pages::share))
        .route("/standards/assessments/{id}/summary.pdf", get(pages::summary_pdf))
        .route("/standards/assessments/{id}/files", post(pages::attach))
        .route("/standards/assessments/{id}/files/{file}", get(pages::evidence_file))
        .route("/standards/actions/{id}/done", post(pages::complete_step))
}
