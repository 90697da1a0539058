//! The competence framework of volunteer coordinators: categories,
//! competences with their knowledge, skills and attitudes and what each
//! looks like at four levels; a coordinator's self-assessment, their
//! manager's view, and the curriculum modules that close the gaps (declared
//! as training needs, which are pooled across organisations).

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
        .route("/competences", get(pages::framework))
        .route("/competences/modules", post(pages::link_module))
        .route("/competences/assessments", post(pages::start))
        .route("/competences/assessments/{id}", get(pages::assessment))
        .route("/competences/assessments/{id}/ratings", post(pages::rate))
        .route("/competences/assessments/{id}/manager", post(pages::manager_view))
}
