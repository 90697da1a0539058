//! Referrals between organisations: a detainee referred from a visitor to
//! the course organisation, from a correspondent to a visitor, or a visitor
//! asked to meet a learner once the probation service approves. Beneficiary
//! data is the minimum, shown only to the parties, each read logged, erased
//! after the retention period.

pub mod actions;
pub mod api;
pub mod jobs;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::web::Ctx;
use crate::web::extract::{Form, Path};

pub fn router() -> Router<AppState> {
    let router = Router::new()
        .route("/referrals", get(pages::list).post(pages::create))
        .route("/referrals/new", get(pages::new_form))
        .route("/referrals/{id}", get(pages::detail));
    // One route per step a referral can take (`/referrals/{id}/accept`...),
    // each applying that step by the one rule of steps.
    rules::Transition::ALL.iter().fold(router, |router, &step| {
        router.route(
            &format!("/referrals/{{id}}/{}", step.as_str()),
            post(
                move |state: State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(form): Form<pages::ActForm>| {
                    pages::act(state, ctx, id, step, form)
                },
            ),
        )
    })
}
