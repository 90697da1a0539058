//! Time-based work, run inside `serve`.
//!
//! Each job claims its period (an hour, a day...) by inserting into
//! `job_runs`, in the same transaction as everything the job writes (its
//! notices and their mail included): the unique key lets only one of
//! several instances run it, and a crash before the commit leaves the
//! period unclaimed, so the next start does the work, once.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::state::AppState;

/// How often the scheduler wakes up.
const TICK: Duration = Duration::from_secs(300);

/// The jobs, in the order they run: the digest comes after the reminders
/// it gathers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Housekeeping,
    AuthorisationReminders,
    ReferralAgeing,
    ReferralPurge,
    AgreementReminders,
    MeetingReminders,
    QualificationReminders,
    StandardReminders,
    CoverageSnapshot,
    MailDigest,
}

impl Job {
    pub const ALL: [Job; 10] = [
        Job::Housekeeping,
        Job::AuthorisationReminders,
        Job::ReferralAgeing,
        Job::ReferralPurge,
        Job::AgreementReminders,
        Job::MeetingReminders,
        Job::QualificationReminders,
        Job::StandardReminders,
        Job::CoverageSnapshot,
        Job::MailDigest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Job::Housekeeping => "housekeeping",
            Job::AuthorisationReminders => "authorisation-reminders",
            Job::ReferralAgeing => "referral-ageing",
            Job::ReferralPurge => "referral-purge",
            Job::AgreementReminders => "agreement-reminders",
            Job::MeetingReminders => "meeting-reminders",
            Job::QualificationReminders => "qualification-reminders",
            Job::StandardReminders => "standard-reminders",
            Job::CoverageSnapshot => "coverage-snapshot",
            Job::MailDigest => "mail-digest",
        }
    }

    /// The period a run at `now` claims.
    pub fn period(self, now: DateTime<Utc>) -> String {
        let format = match self {
            Job::Housekeeping => "%Y-%m-%dT%H",
            Job::CoverageSnapshot => "%Y-%m",
            _ => "%Y-%m-%d",
        };
        now.format(format).to_string()
    }

    /// Does the job's work for `today` in `write`; what to record, none
    /// when there was nothing to do.
    async fn work(self, state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<Option<Change>> {
        match self {
            Job::Housekeeping => housekeeping(write).await.map(|()| None),
            Job::AuthorisationReminders => crate::authorisations::reminders::send_due(state, write, today).await,
            Job::ReferralAgeing => crate::referrals::jobs::age(state, write).await,
            Job::ReferralPurge => crate::referrals::jobs::purge(state, write).await,
            Job::AgreementReminders => crate::agreements::jobs::remind(state, write, today).await,
            Job::MeetingReminders => crate::meetings::jobs::remind(state, write, today).await,
            Job::QualificationReminders => crate::training::jobs::remind_expiring(state, write, today).await,
            Job::StandardReminders => crate::standards::jobs::remind(state, write, today).await,
            Job::CoverageSnapshot => crate::coverage::store::snapshot(state, write).await,
            Job::MailDigest => crate::mail::digest::gather(write, &state.config.public_url).await,
        }
    }
}

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(TICK);
        loop {
            ticker.tick().await;
            if let Err(err) = run_due(&state).await {
                tracing::error!(%err, "scheduled job failed");
            }
            // Outside the jobs' transaction: counting can take seconds and,
            // on SQLite, a write transaction holds the one writer.
            if let Err(err) = crate::indicators::snapshots::refresh(&state).await {
                tracing::error!(%err, "refreshing the indicators failed");
            }
        }
    });
}

/// Claims `job` for `period` in the caller's transaction; false when
/// another run already has it.
async fn claim(conn: &mut AnyConnection, job: Job, period: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO job_runs (job, period, started_at) VALUES ($1, $2, $3) ON CONFLICT (job, period) DO NOTHING",
    )
    .bind(job.name())
    .bind(period)
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Runs every job whose period has come.
pub async fn run_due(state: &AppState) -> AppResult<()> {
    for job in Job::ALL {
        let mut write = Write::begin(state, None, "scheduler").await?;
        let now = write.now();
        // Not claimed: the write is dropped, so rolled back.
        if claim(write.conn(), job, &job.period(now), now).await? {
            finish(state, job, write, now.date_naive()).await?;
        }
    }
    Ok(())
}

/// Runs `job` for `today` without claiming a period, so it may run again
/// (tests, rehearsals); the summary it recorded, if it did anything.
pub async fn run_on(state: &AppState, job: Job, today: NaiveDate) -> AppResult<Option<String>> {
    let write = Write::begin(state, None, "scheduler").await?;
    finish(state, job, write, today).await
}

async fn finish(state: &AppState, job: Job, mut write: Write, today: NaiveDate) -> AppResult<Option<String>> {
    match job.work(state, &mut write, today).await? {
        Some(change) => {
            let summary = change.summary.clone();
            write.commit(change).await?;
            Ok(Some(summary))
        }
        None => {
            write.commit_bookkeeping().await?;
            Ok(None)
        }
    }
}

/// Forgets what is no longer needed: expired sessions and reset links, old
/// failed logins. None of these is audited data.
async fn housekeeping(write: &mut Write) -> AppResult<()> {
    let now = write.now();
    let now_text = timestamp(now);
    let day_ago = timestamp(now - chrono::Duration::days(1));
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(&now_text)
        .execute(write.conn())
        .await?;
    sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1")
        .bind(&day_ago)
        .execute(write.conn())
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(&day_ago)
        .execute(write.conn())
        .await?;
    Ok(())
}
