//! Training pages: sessions, programmes with their guide and modules, a
//! session with its seats, enrolments, attendance and completions, the
//! printable sign-in sheet, one's certificates and the public verification.

mod curriculum;
mod enrolments;
mod needs;
mod sessions;

pub use curriculum::*;
pub use enrolments::*;
pub use needs::*;
pub use sessions::*;

use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::choices::Choice;
/// The organisations for which `ctx`'s person may do `action`, as
/// choices (every organisation for a platform administrator).
async fn organisations_for(state: &AppState, ctx: &Ctx, action: fn(i64) -> Action<'static>) -> AppResult<Vec<Choice>> {
    let actor = &ctx.user()?.actor;
    if actor.platform_admin {
        return crate::web::choices::choices(
            state,
            "SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations ORDER BY acronym",
        )
        .await;
    }
    let mut choices: Vec<Choice> = actor
        .memberships
        .iter()
        .filter(|m| actor.can(action(m.organisation_id)))
        .map(Choice::from)
        .collect();
    choices.dedup_by(|a, b| a.value == b.value);
    Ok(choices)
}

/// The organisations whose training `ctx`'s person manages.
async fn managed(state: &AppState, ctx: &Ctx) -> AppResult<Vec<Choice>> {
    organisations_for(state, ctx, Action::ManageTraining).await
}
