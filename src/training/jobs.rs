//! The daily training work: remind people whose qualification expires
//! within 30 days (once per qualification), and their coordinators.

use super::rules;
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::inbox::Recipient;
use crate::mail::queue::Topic;
use crate::state::AppState;

/// Days before expiry when the reminder goes.
pub const REMIND_DAYS_BEFORE: i64 = 30;

/// Stores the expiry reminders due `today` in the scheduler's write: the
/// holder's own, and their coordinators' naming the holder.
pub async fn remind_expiring(
    state: &AppState,
    write: &mut Write,
    today: chrono::NaiveDate,
) -> AppResult<Option<Change>> {
    let until = today + chrono::Duration::days(REMIND_DAYS_BEFORE);
    let due: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT q.id, q.person_id, q.name, q.expires_on, p.name FROM qualifications q \
         JOIN training_completions c ON c.id = q.completion_id JOIN persons p ON p.id = q.person_id \
         WHERE q.expires_on >= $1 AND q.expires_on <= $2 AND q.reminded_at IS NULL AND c.revoked_at IS NULL",
    )
    .bind(today.to_string())
    .bind(until.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let due: Vec<_> = due
        .into_iter()
        .filter(|(_, _, _, on, _)| {
            on.parse()
                .is_ok_and(|on| rules::expiry_reminder_due(on, today, REMIND_DAYS_BEFORE))
        })
        .collect();
    if due.is_empty() {
        return Ok(None);
    }
    let now = write.now();
    for (id, person, name, expires_on, holder) in &due {
        // The person, and the coordinators of each organisation they are an active member of.
        let people: Vec<Recipient> = sqlx::query_as(
            "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM persons p WHERE p.active = 1 AND (p.id = $1 OR p.id IN \
             (SELECT c.person_id FROM memberships c JOIN memberships m ON m.organisation_id = c.organisation_id \
              WHERE m.person_id = $1 AND m.ended_at IS NULL AND c.ended_at IS NULL AND c.role IN ('coordinator', 'org_admin') \
              AND (c.scope_kind = 'organisation' OR c.role = 'org_admin')))",
        )
        .bind(person)
        .fetch_all(write.conn())
        .await?;
        let arg = format!("{name} ({expires_on})");
        for recipient in people {
            let own = recipient.person_id == *person;
            let subject = if own {
                ("training.notice.expiring", arg.as_str())
            } else {
                ("training.notice.expiring_of", holder.as_str())
            };
            let notice = recipient
                .notice_titled(subject, "training.notice.body", &arg, "/training/certificates".into())
                .reminder(Topic::Qualifications, own);
            notice.store(write.conn(), now).await?;
        }
        sqlx::query("UPDATE qualifications SET reminded_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(write.conn())
            .await?;
    }
    Ok(Some(Change {
        action: "training.qualification.remind",
        object_type: "qualification",
        object_id: String::new(),
        organisation_id: None,
        summary: format!("{} expiry reminders", due.len()),
    }))
}
