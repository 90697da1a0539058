//! Every training write: checked against the rules and the caller's role,
//! recorded in the audit log in the same transaction, and notified to
//! whoever acts next (partner coordinators, approving coordinators, learners).

mod curriculum;
mod enrolments;
mod needs;
mod sessions;

pub use curriculum::*;
pub use enrolments::*;
pub use needs::*;
pub use sessions::*;

use crate::audit::Write;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::inbox::Recipient;
use crate::permissions::Action;

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;

fn require(user: &SignedIn, organisation: i64) -> AppResult<()> {
    user.actor.require(Action::ManageTraining(organisation))
}

/// The active coordinators and administrators of an organisation.
async fn coordinators(write: &mut Write, organisation: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.organisation_id = $1 AND m.role IN ('coordinator', 'org_admin') AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(organisation)
    .fetch_all(write.conn())
    .await?)
}

async fn recipient(write: &mut Write, person: i64) -> AppResult<Vec<Recipient>> {
    Ok(
        sqlx::query_as("SELECT id AS person_id, email, language FROM persons WHERE id = $1 AND active = 1")
            .bind(person)
            .fetch_all(write.conn())
            .await?,
    )
}

/// The active people enrolled in or waiting for a session.
async fn learners(write: &mut Write, session: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT p.id AS person_id, p.email, p.language FROM training_enrolments e JOIN persons p ON p.id = e.person_id \
         WHERE e.session_id = $1 AND e.state IN ('enrolled', 'waiting') AND p.active = 1",
    )
    .bind(session)
    .fetch_all(write.conn())
    .await?)
}

/// Stores a notice for each of `people` in the write's transaction.
async fn notify(write: &mut Write, people: Vec<Recipient>, subject: &str, arg: &str, link: String) -> AppResult<()> {
    for person in people {
        let notice = person.notice(subject, "training.notice.body", arg, link.clone());
        let now = write.now();
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}
