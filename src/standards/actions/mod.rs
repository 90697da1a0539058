//! Every write on standards, checked against the caller's rights and
//! recorded in the audit log in the same transaction. Audit summaries name
//! organisations and frameworks, never a person.

mod assessments;
mod frameworks;
mod reviews;

pub use assessments::*;
pub use frameworks::*;
pub use reviews::*;

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::standards::rules;
use crate::standards::store::{self, Assessment};
use crate::state::AppState;

/// The assessment and its version's requirements, if `user` may `need` on it.
pub(super) async fn assessment_for(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    need: fn(&rules::Rights) -> bool,
) -> AppResult<(Assessment, rules::Rights, Vec<store::Item>)> {
    let (assessment, rights) = store::assessment(&state.db, &user.actor, id, Lang::default()).await?;
    if !need(&rights) {
        return Err(AppError::Forbidden);
    }
    let requirements = store::items(&state.db, assessment.version_id, Lang::default())
        .await?
        .into_iter()
        .filter(|i| i.area_id.is_some())
        .collect();
    Ok((assessment, rights, requirements))
}
