//! The stored mail queue. A message is a row of `mail_queue`, written in
//! the transaction of the change that causes it: if the change is rolled
//! back, no mail; once it commits, the mail survives a crash. The sender
//! claims due rows (several instances never claim the same one), hands
//! them over, and records the outcome; a failure is tried again later,
//! with growing delays, until it is given up and shown as failed.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, FromRow};
use tokio::sync::watch;

use super::{Attachment, Email, SendError};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::state::AppState;

/// What a reminder is about; a digest groups its reminders by topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Authorisations,
    Qualifications,
    Referrals,
    Evaluations,
    Meetings,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::Authorisations,
        Topic::Qualifications,
        Topic::Referrals,
        Topic::Evaluations,
        Topic::Meetings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Authorisations => "authorisations",
            Topic::Qualifications => "qualifications",
            Topic::Referrals => "referrals",
            Topic::Evaluations => "evaluations",
            Topic::Meetings => "meetings",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// When a message may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// At once, whatever the person chose: it needs them now (an
    /// invitation, a password link, something handed to them).
    Now,
    /// A reminder, which the person may take in their daily digest. `own`
    /// when it is about what they hold themself (their authorisation, their
    /// qualification, a meeting they are invited to): those are essential.
    Reminder { topic: Topic, own: bool },
}

/// How a person wants their reminders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MailChoice {
    /// Each reminder at once.
    Immediate,
    /// One mail a day gathering them.
    #[default]
    Digest,
    /// Only reminders about themself, in the daily digest; the others stay in the inbox.
    Essential,
}

impl MailChoice {
    pub const ALL: [MailChoice; 3] = [MailChoice::Immediate, MailChoice::Digest, MailChoice::Essential];

    pub fn as_str(self) -> &'static str {
        match self {
            MailChoice::Immediate => "immediate",
            MailChoice::Digest => "digest",
            MailChoice::Essential => "essential",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Where a row of the queue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A reminder waiting for the daily digest.
    Held,
    Queued,
    /// Claimed by a sender; back to the queue if its claim lapses.
    Sending,
    Sent,
    /// Given up: refused by the relay, or too many failed tries.
    Failed,
    /// A held reminder carried by a digest.
    Digested,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Held,
        Status::Queued,
        Status::Sending,
        Status::Sent,
        Status::Failed,
        Status::Digested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Sent => "sent",
            Status::Failed => "failed",
            Status::Digested => "digested",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The status a new message starts in, or None when it is not mailed
/// (the inbox still has it).
pub fn first_status(delivery: Delivery, choice: MailChoice) -> Option<Status> {
    match (delivery, choice) {
        (Delivery::Now, _) | (Delivery::Reminder { .. }, MailChoice::Immediate) => Some(Status::Queued),
        (Delivery::Reminder { .. }, MailChoice::Digest) | (Delivery::Reminder { own: true, .. }, _) => {
            Some(Status::Held)
        }
        (Delivery::Reminder { own: false, .. }, MailChoice::Essential) => None,
    }
}

/// Tries before a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// How long to wait after the `attempts`-th failed try: 1 minute, then 4
/// times longer each time, at most 6 hours; None once it is given up.
pub fn retry_delay(attempts: i64) -> Option<chrono::Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 4_i64.saturating_pow(u32::try_from(attempts.max(1) - 1).unwrap_or(u32::MAX));
    Some(chrono::Duration::minutes(minutes.min(6 * 60)))
}

/// A message to queue.
pub struct Mail<'a> {
    pub person_id: Option<i64>,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// A path of this site, written after the body as a full address.
    pub link: &'a str,
    /// The link holds a personal secret: it is blanked once delivered.
    pub secret: bool,
    pub attachment: Option<&'a Attachment>,
    pub delivery: Delivery,
}

/// Queues `mail` in the caller's transaction, as its recipient chose; the
/// row's id, none when the recipient takes no mail of this kind.
pub async fn enqueue(conn: &mut AnyConnection, now: DateTime<Utc>, mail: Mail<'_>) -> AppResult<Option<i64>> {
    let choice = match (mail.delivery, mail.person_id) {
        (Delivery::Reminder { .. }, Some(person)) => {
            sqlx::query_scalar::<_, String>("SELECT mail_choice FROM persons WHERE id = $1")
                .bind(person)
                .fetch_optional(&mut *conn)
                .await?
                .and_then(|c| MailChoice::parse(&c))
                .unwrap_or_default()
        }
        _ => MailChoice::Immediate,
    };
    let Some(status) = first_status(mail.delivery, choice) else {
        return Ok(None);
    };
    let topic = match mail.delivery {
        Delivery::Reminder { topic, .. } => Some(topic.as_str()),
        Delivery::Now => None,
    };
    let id = sqlx::query_scalar(
        "INSERT INTO mail_queue (person_id, to_address, subject, body, link, secret, attachment_name, \
         attachment_type, attachment, topic, status, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(mail.person_id)
    .bind(mail.to)
    .bind(mail.subject)
    .bind(mail.body)
    .bind(mail.link)
    .bind(i64::from(mail.secret))
    .bind(mail.attachment.map(|a| a.name.clone()))
    .bind(mail.attachment.map(|a| a.content_type.clone()))
    .bind(mail.attachment.map(|a| a.content.clone()))
    .bind(topic)
    .bind(status.as_str())
    .bind(timestamp(now))
    .fetch_one(conn)
    .await?;
    Ok(Some(id))
}

/// A claimed row, to hand over.
#[derive(FromRow)]
struct Claimed {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
    link: String,
    attachment_name: Option<String>,
    attachment_type: Option<String>,
    attachment: Option<Vec<u8>>,
    attempts: i64,
}

/// Rows claimed at a time, and how long a claim holds: longer than handing
/// over a whole batch takes, even at the relay's timeout (10 × 10 s), and
/// short enough that mail claimed by a sender that died goes soon.
const BATCH: i64 = 10;
const CLAIM: chrono::Duration = chrono::Duration::minutes(2);

/// How often an idle sender looks for due mail.
const POLL: Duration = Duration::from_secs(1);

/// Sends due mail until `stop` turns true; started by `serve`.
pub fn spawn(state: AppState, mut stop: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !*stop.borrow() {
            if let Err(err) = deliver_due(&state, &stop).await {
                tracing::error!(%err, "mail sender");
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    })
}

/// Hands over every due message, batch by batch; how many went. Between
/// two messages it checks `stop`, and gives its remaining claims back.
pub async fn deliver_due(state: &AppState, stop: &watch::Receiver<bool>) -> AppResult<usize> {
    let mut delivered = 0;
    loop {
        let batch = claim(state).await?;
        if batch.is_empty() {
            return Ok(delivered);
        }
        for row in &batch {
            if *stop.borrow() {
                release(state, row.id).await?;
                continue;
            }
            let outcome = state.mailer.send(&email_of(state, row), row.id, host(state)).await;
            delivered += usize::from(outcome.is_ok());
            record(state, row, outcome).await?;
        }
    }
}

/// Claims a batch of due rows: queued ones, and sending ones whose claim
/// lapsed (their sender died). PostgreSQL skips rows another instance is
/// claiming; SQLite has one writer at a time.
async fn claim(state: &AppState) -> AppResult<Vec<Claimed>> {
    let now = state.clock.now();
    let due: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM mail_queue WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1 LIMIT 1",
    )
    .bind(timestamp(now))
    .fetch_optional(&state.db.pool)
    .await?;
    if due.is_none() {
        return Ok(vec![]);
    }
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query_as(&format!(
        "UPDATE mail_queue SET status = 'sending', attempts = attempts + 1, next_attempt_at = $1 \
         WHERE id IN (SELECT id FROM mail_queue WHERE status IN ('queued', 'sending') AND next_attempt_at <= $2 \
         ORDER BY next_attempt_at, id LIMIT $3{}) \
         RETURNING id, to_address, subject, body, link, attachment_name, attachment_type, attachment, attempts",
        state.db.backend.skip_locked()
    ))
    .bind(timestamp(now + CLAIM))
    .bind(timestamp(now))
    .bind(BATCH)
    .fetch_all(&mut *tx.tx)
    .await?;
    tx.commit().await?;
    Ok(claimed)
}

fn email_of(state: &AppState, row: &Claimed) -> Email {
    let body = if row.link.is_empty() {
        row.body.clone()
    } else {
        format!(
            "{}\n\n{}{}",
            row.body,
            state.config.public_url.trim_end_matches('/'),
            row.link
        )
    };
    let attachment = match (&row.attachment_name, &row.attachment_type, &row.attachment) {
        (Some(name), Some(content_type), Some(content)) => Some(Attachment {
            name: name.clone(),
            content_type: content_type.clone(),
            content: content.clone(),
        }),
        _ => None,
    };
    Email {
        to: row.to_address.clone(),
        subject: row.subject.clone(),
        body,
        attachment,
    }
}

/// The site's host name, which ends each `Message-ID`.
fn host(state: &AppState) -> &str {
    state
        .config
        .public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("passerelle.invalid")
}

/// Writes the outcome of one try.
async fn record(state: &AppState, row: &Claimed, outcome: Result<(), SendError>) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    match outcome {
        Ok(()) => {
            // A personal link is not kept once it has gone.
            sqlx::query(
                "UPDATE mail_queue SET status = 'sent', sent_at = $1, last_error = '', \
                 link = CASE WHEN secret = 1 THEN '' ELSE link END WHERE id = $2",
            )
            .bind(timestamp(now))
            .bind(row.id)
            .execute(&mut *tx.tx)
            .await?;
        }
        Err(err) => {
            let retry = if err.permanent { None } else { retry_delay(row.attempts) };
            tracing::warn!(id = row.id, attempts = row.attempts, error = %err.message, given_up = retry.is_none(), "mail not sent");
            let (status, next) = match retry {
                Some(delay) => (Status::Queued, now + delay),
                None => (Status::Failed, now),
            };
            sqlx::query("UPDATE mail_queue SET status = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4")
                .bind(status.as_str())
                .bind(timestamp(next))
                .bind(err.message.chars().take(500).collect::<String>())
                .bind(row.id)
                .execute(&mut *tx.tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Gives a claimed row back, untried, for the next sender.
async fn release(state: &AppState, id: i64) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE mail_queue SET status = 'queued', attempts = attempts - 1, next_attempt_at = $1 WHERE id = $2")
        .bind(timestamp(state.clock.now()))
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Rows by status, for `/metrics` and the administrators' page.
pub async fn counts(state: &AppState) -> AppResult<Vec<(Status, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM mail_queue GROUP BY status")
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Status::ALL
        .into_iter()
        .map(|status| {
            let n = rows.iter().find(|(s, _)| s == status.as_str()).map_or(0, |(_, n)| *n);
            (status, n)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OTHERS: Delivery = Delivery::Reminder {
        topic: Topic::Authorisations,
        own: false,
    };
    const OWN: Delivery = Delivery::Reminder {
        topic: Topic::Qualifications,
        own: true,
    };

    #[test]
    fn what_needs_the_person_now_goes_at_once_whatever_they_chose() {
        for choice in MailChoice::ALL {
            assert_eq!(first_status(Delivery::Now, choice), Some(Status::Queued));
        }
    }

    #[test]
    fn reminders_follow_the_persons_choice() {
        assert_eq!(first_status(OTHERS, MailChoice::Immediate), Some(Status::Queued));
        assert_eq!(first_status(OTHERS, MailChoice::Digest), Some(Status::Held));
        assert_eq!(first_status(OTHERS, MailChoice::Essential), None);
        assert_eq!(first_status(OWN, MailChoice::Essential), Some(Status::Held));
        assert_eq!(first_status(OWN, MailChoice::Digest), Some(Status::Held));
    }

    #[test]
    fn retries_wait_longer_each_time_then_give_up() {
        let delays: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n).unwrap().num_minutes())
            .collect();
        assert_eq!(delays, [1, 4, 16, 64, 256, 360, 360]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }

    #[test]
    fn names_read_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.as_str()), Some(t));
        }
        for c in MailChoice::ALL {
            assert_eq!(MailChoice::parse(c.as_str()), Some(c));
        }
    }
}
