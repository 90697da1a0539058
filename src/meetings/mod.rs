//! Meetings: national, regional, establishment meetings and
//! meetings with the administration; invitations chosen or made by an
//! automatic rule (a partner's homologue correspondents under an agreement
//! in force, the correspondents present in an establishment, a network's
//! members), emailed with an iCalendar file and answered from the page or
//! the emailed link; reminders the day before; attendance, minutes and
//! decisions noted in an agreement's follow-up; the meetings of a network
//! (see [`crate::networks`]).

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
        .route("/meetings", get(pages::list).post(pages::create))
        .route("/meetings/new", get(pages::new_form))
        .route(
            "/meetings/answer/{token}",
            get(pages::answer_link).post(pages::answer_by_link),
        )
        .route("/meetings/{id}", get(pages::detail))
        .route("/meetings/{id}/edit", get(pages::edit_form).post(pages::update))
        .route("/meetings/{id}/event.ics", get(pages::event_file))
        .route("/meetings/{id}/documents", post(pages::upload_document))
        .route("/meetings/{id}/documents/{document}", get(pages::document))
        .route("/meetings/{id}/answer", post(pages::answer_invitation))
        .route("/meetings/{id}/cancel", post(pages::cancel))
        .route("/meetings/{id}/uninvite", post(pages::uninvite))
        .route("/meetings/{id}/invite", post(pages::invite))
        .route("/meetings/{id}/minutes", post(pages::write_minutes))
        .route("/meetings/{id}/decisions", post(pages::add_decision))
        .route("/calendar/{token}/meetings.ics", get(pages::feed))
}
