//! Every write on meetings, checked against the caller's
//! rights and recorded in the audit log in the same transaction, with the
//! emails of invitations, changes and cancellations (each with its
//! iCalendar file) queued in it.

mod invitations;
mod minutes;
mod planning;

pub use invitations::*;
pub use minutes::*;
pub use planning::*;

use sqlx::AnyConnection;

use super::store::{self, Meeting};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

async fn exists(state: &AppState, table: &str, id: Option<i64>) -> AppResult<bool> {
    let Some(id) = id else { return Ok(false) };
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(n == 1)
}

/// The meeting, refused unless the caller organises it.
async fn organised(state: &AppState, user: &SignedIn, id: i64) -> AppResult<Meeting> {
    let (meeting, rights) = store::get(&state.db, &user.actor, id).await?;
    if !rights.organise {
        return Err(AppError::Forbidden);
    }
    Ok(meeting)
}

async fn invitees_of(conn: &mut AnyConnection, meeting: i64) -> AppResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT person_id FROM meeting_invitations WHERE meeting_id = $1 ORDER BY id")
            .bind(meeting)
            .fetch_all(conn)
            .await?,
    )
}
