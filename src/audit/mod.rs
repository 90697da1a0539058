//! The audit log: every write appends who, when, what and a summary, in the
//! same transaction as the write. Entries are never updated or deleted (the
//! database refuses it).

mod page;

use axum::Router;
use axum::routing::get;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use crate::db::{WriteTx, timestamp};
use crate::error::AppResult;
use crate::state::AppState;

pub use page::AuditEntry;

/// What a write changed, as the audit log records it.
#[derive(Clone, Debug)]
pub struct Change {
    /// A stable verb such as `organisation.create`.
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    /// The organisation whose administrators may read the entry.
    pub organisation_id: Option<i64>,
    /// A short human summary of what changed (no detainee data).
    pub summary: String,
}

impl Change {
    /// A change to the object `object_type` #`id`, whose organisation's
    /// administrators may read it.
    pub fn new(
        action: &'static str,
        object_type: &'static str,
        id: impl ToString,
        organisation_id: Option<i64>,
        summary: String,
    ) -> Self {
        Self {
            action,
            object_type,
            object_id: id.to_string(),
            organisation_id,
            summary,
        }
    }
}

/// A write in progress. The only way to commit it is with the [`Change`] to
/// record, so no write can skip the audit log.
pub struct Write {
    tx: WriteTx,
    person_id: Option<i64>,
    request_id: String,
    now: DateTime<Utc>,
}

impl Write {
    /// Starts a write on behalf of `person_id` (none for system jobs).
    pub async fn begin(state: &AppState, person_id: Option<i64>, request_id: &str) -> AppResult<Self> {
        Ok(Self {
            tx: state.db.begin().await?,
            person_id,
            request_id: request_id.to_owned(),
            now: state.clock.now(),
        })
    }

    /// The connection of the transaction, for queries.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx.tx
    }

    /// The instant of this write, the same for every row it touches.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Records a change without committing yet (a write that changes several things).
    pub async fn record(&mut self, change: Change) -> AppResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, person_id, organisation_id, action, object_type, object_id, summary, request_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(timestamp(self.now))
        .bind(self.person_id)
        .bind(change.organisation_id)
        .bind(change.action)
        .bind(change.object_type)
        .bind(change.object_id)
        .bind(change.summary)
        .bind(self.request_id.clone())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Commits a write that changed only bookkeeping nobody reads as data
    /// (a job's claim of its period, expired sessions): nothing to record.
    pub async fn commit_bookkeeping(self) -> AppResult<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Records the change and commits the whole write.
    pub async fn commit(mut self, change: Change) -> AppResult<()> {
        self.record(change).await?;
        self.tx.commit().await?;
        Ok(())
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(page::list))
}
