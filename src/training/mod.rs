//! Training: a shared curriculum (programmes, versions, modules, guide and
//! materials), sessions one organisation opens to others with seats per
//! organisation, enrolment with approval and a waiting list, attendance per
//! day, completion with a verifiable certificate, qualifications, reports
//! of hours and costs, and calendar feeds.

pub mod actions;
pub mod api;
mod certificates;
pub mod jobs;
mod pages;
mod reports;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training", get(pages::sessions))
        .route(
            "/training/programmes",
            get(pages::programmes).post(pages::create_programme),
        )
        .route("/training/programmes/{id}", get(pages::programme))
        .route("/training/programmes/{id}/guide", post(pages::save_guide))
        .route("/training/programmes/{id}/modules", post(pages::add_module))
        .route("/training/programmes/{id}/versions", post(pages::new_version))
        .route("/training/modules/{id}/materials", post(pages::upload_material))
        .route("/training/materials/{id}", get(pages::material))
        .route("/training/sessions", post(pages::create_session))
        .route("/training/sessions/new", get(pages::new_session))
        .route("/training/sessions/{id}", get(pages::session))
        .route("/training/sessions/{id}/sign-in", get(pages::sign_in_sheet))
        .route(
            "/training/sessions/{id}/edit",
            get(pages::edit_session).post(pages::update_session),
        )
        .route("/training/sessions/{id}/partners", post(pages::open_to_partner))
        .route("/training/sessions/{id}/enrolments", post(pages::enrol))
        .route("/training/sessions/{id}/cancel", post(pages::cancel_session))
        .route("/training/enrolments/{id}/attendance", post(pages::mark_attendance))
        .route("/training/enrolments/{id}/complete", post(pages::complete_enrolment))
        .route("/training/enrolments/{id}/approve", post(pages::approve_enrolment))
        .route("/training/enrolments/{id}/refuse", post(pages::refuse_enrolment))
        .route("/training/enrolments/{id}/cancel", post(pages::cancel_enrolment))
        .route("/training/certificates", get(pages::certificates))
        .route("/training/certificates/{code}/pdf", get(certificates::pdf))
        .route("/training/certificates/{code}/revoke", post(pages::revoke))
        .route("/training/needs", get(pages::needs).post(pages::submit_need))
        .route("/training/needs/{id}/delete", post(pages::withdraw_need))
        .route(
            "/training/requirements",
            get(pages::requirements).post(pages::set_requirement),
        )
        .route("/training/reports", get(reports::page))
        .route("/training/reports/export", get(reports::export))
        .route("/verify", get(certificates::verify_form))
        .route("/verify/{code}", get(certificates::verify))
        .route("/calendar/{token}/training.ics", get(certificates::my_sessions_feed))
        .route(
            "/calendar/{token}/open-training.ics",
            get(certificates::open_sessions_feed),
        )
}
