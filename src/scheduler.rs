//! Time-based work, run inside `serve`.
//!
//! Each job claims its period (an hour, a day...) by inserting into
//! `job_runs`; the unique key lets only one of several instances run it.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::app::AppState;
use crate::db::{Db, is_unique_violation, timestamp};
use crate::error::AppError;

/// How often the scheduler wakes up.
const TICK: Duration = Duration::from_secs(300);

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(TICK);
        loop {
            ticker.tick().await;
            if let Err(err) = run_due(&state).await {
                tracing::error!(%err, "scheduled job failed");
            }
        }
    });
}

/// Claims `job` for `period`; false when another run already has it.
pub async fn claim(db: &Db, job: &str, period: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query("INSERT INTO job_runs (job, period, started_at) VALUES ($1, $2, $3)")
        .bind(job)
        .bind(period)
        .bind(timestamp(now))
        .execute(&db.pool)
        .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(err)
            if is_unique_violation(&err, "job_runs_job_period_key") || is_unique_violation(&err, "job_runs.job") =>
        {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}

/// Runs every job whose period has come.
pub async fn run_due(state: &AppState) -> Result<(), AppError> {
    let (db, now) = (&state.db, state.clock.now());
    let hour = now.format("%Y-%m-%dT%H").to_string();
    if claim(db, "housekeeping", &hour, now).await? {
        housekeeping(db, now).await?;
    }
    let today = now.date_naive();
    if claim(db, "authorisation-reminders", &today.to_string(), now).await? {
        crate::authorisations::reminders::send_due(state, today).await?;
    }
    if claim(db, "referral-ageing", &today.to_string(), now).await? {
        crate::referrals::jobs::age(state).await?;
    }
    if claim(db, "referral-purge", &today.to_string(), now).await? {
        crate::referrals::jobs::purge(state).await?;
    }
    if claim(db, "agreement-reminders", &today.to_string(), now).await? {
        crate::agreements::jobs::remind(state, today).await?;
    }
    if claim(db, "meeting-reminders", &today.to_string(), now).await? {
        crate::meetings::jobs::remind(state, today).await?;
    }
    if claim(db, "qualification-reminders", &today.to_string(), now).await? {
        crate::training::jobs::remind_expiring(state, today).await?;
    }
    let month = now.format("%Y-%m").to_string();
    if claim(db, "coverage-snapshot", &month, now).await? {
        crate::coverage::store::snapshot(state).await?;
    }
    Ok(())
}

/// Forgets what is no longer needed: expired sessions and reset links, old
/// failed logins. None of these is audited data.
async fn housekeeping(db: &Db, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let now_text = timestamp(now);
    let day_ago = timestamp(now - chrono::Duration::days(1));
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(&now_text)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1")
        .bind(&day_ago)
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(&day_ago)
        .execute(&db.pool)
        .await?;
    Ok(())
}
