//! The referrals' daily work: remind, then escalate, referrals nobody has
//! accepted; erase the beneficiary's data once the retention period after
//! closing has passed.

use super::actions::receivers;
use super::rules::{self, Ageing};
use super::store::{FROM, Referral, SELECT};
use crate::audit::{Change, Write};
use crate::db::{parse_timestamp, timestamp};
use crate::error::AppResult;
use crate::mail::queue::Topic;
use crate::state::AppState;

/// Stores the reminders and escalations due now in the scheduler's write.
pub async fn age(state: &AppState, write: &mut Write) -> AppResult<Option<Change>> {
    let policy = state.config.referrals;
    let waiting: Vec<Referral> = sqlx::query_as(&format!(
        "{SELECT}{FROM} WHERE r.state IN ('submitted', 'approved') AND r.escalated_at IS NULL"
    ))
    .fetch_all(&state.db.pool)
    .await?;
    let reminded: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM referrals WHERE state IN ('submitted', 'approved') AND reminded_at IS NOT NULL",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let now = write.now();
    let mut sent = 0;
    for referral in &waiting {
        let Some(since) = referral.waiting_since.as_deref().and_then(parse_timestamp) else {
            continue;
        };
        let (roles, column, subject): (&[&str], &str, &str) =
            match rules::ageing(since, now, policy.remind_after_days, policy.escalate_after_days) {
                Ageing::OnTime => continue,
                Ageing::Remind if reminded.contains(&referral.id) => continue,
                Ageing::Remind => (&["coordinator"], "reminded_at", "referral.notice.reminder"),
                Ageing::Escalate => (&["org_admin"], "escalated_at", "referral.notice.escalation"),
            };
        let mut people = receivers(write, referral, roles).await?;
        if people.is_empty() {
            people = receivers(write, referral, &["org_admin"]).await?;
        }
        sqlx::query(&format!("UPDATE referrals SET {column} = $1 WHERE id = $2"))
            .bind(timestamp(now))
            .bind(referral.id)
            .execute(write.conn())
            .await?;
        let number = format!("#{}", referral.id);
        for person in people {
            let notice = person
                .notice(
                    subject,
                    "referral.notice.body",
                    &number,
                    format!("/referrals/{}", referral.id),
                )
                .reminder(Topic::Referrals, false);
            notice.store(write.conn(), now).await?;
        }
        sent += 1;
    }
    Ok((sent > 0).then(|| Change {
        action: "referral.ageing",
        object_type: "job",
        object_id: now.date_naive().to_string(),
        organisation_id: None,
        summary: format!("{sent} unaccepted referral(s) reminded or escalated"),
    }))
}

/// Erases the beneficiary fields of referrals closed longer ago than the
/// retention period, in the scheduler's write.
pub async fn purge(state: &AppState, write: &mut Write) -> AppResult<Option<Change>> {
    let now = write.now();
    let before = rules::purge_before(now, state.config.referrals.retention_months);
    let purged = sqlx::query(
        "UPDATE referrals SET beneficiary_ref = NULL, language = NULL, needs = NULL, prison_number = NULL, \
         consent_on = NULL, consent_by = NULL, purged_at = $1 \
         WHERE closed_at IS NOT NULL AND closed_at < $2 AND purged_at IS NULL",
    )
    .bind(timestamp(now))
    .bind(timestamp(before))
    .execute(write.conn())
    .await?
    .rows_affected();
    Ok((purged > 0).then(|| Change {
        action: "referral.purge",
        object_type: "job",
        object_id: now.date_naive().to_string(),
        organisation_id: None,
        summary: format!("beneficiary data of {purged} referral(s) closed before {before} erased"),
    }))
}
