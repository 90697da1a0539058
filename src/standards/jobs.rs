//! The daily work on standards: a week before an action of a plan is due
//! (or once overdue), its owner is reminded; 60 days before an assessment
//! lapses, the assessed party's administrators are told to assess again.
//! Each reminder goes once.

use chrono::NaiveDate;

use super::rules;
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::inbox::Recipient;
use crate::mail::queue::Topic;
use crate::state::AppState;

/// Stores the reminders due `today` in the scheduler's write.
pub async fn remind(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<Option<Change>> {
    let sent = remind_actions(state, write, today).await? + remind_lapses(state, write, today).await?;
    Ok((sent > 0).then(|| Change {
        action: "standard.remind",
        object_type: "standard_assessment",
        object_id: String::new(),
        organisation_id: None,
        summary: format!("{sent} standards reminders"),
    }))
}

/// A step of a plan to remind its owner of.
#[derive(sqlx::FromRow)]
struct DueStep {
    id: i64,
    assessment_id: i64,
    text: String,
    due_on: String,
    #[sqlx(flatten)]
    owner: Recipient,
}

async fn remind_actions(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<usize> {
    let until = today + chrono::Duration::days(rules::ACTION_NOTICE_DAYS);
    let due: Vec<DueStep> = sqlx::query_as(
        "SELECT a.id, a.assessment_id, a.text, a.due_on, p.id AS person_id, p.email, p.language FROM standard_actions a \
         JOIN persons p ON p.id = a.owner_id \
         WHERE a.done_on IS NULL AND a.reminded_at IS NULL AND a.due_on <= $1 AND p.active = 1",
    )
    .bind(until.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let now = write.now();
    let mut sent = 0;
    for step in due {
        let Some(day) = step.due_on.parse().ok().filter(|d| rules::action_notice_due(*d, today)) else {
            continue;
        };
        let (id, assessment, text) = (step.id, step.assessment_id, step.text);
        let due_on = Lang::stored(step.owner.language.as_deref()).date(day);
        let owner = step.owner;
        let notice = owner
            .notice_titled(
                ("standard.notice.action_due", &due_on),
                "standard.notice.action_body",
                &text,
                format!("/standards/assessments/{assessment}"),
            )
            .reminder(Topic::Evaluations, true);
        notice.store(write.conn(), now).await?;
        sqlx::query("UPDATE standard_actions SET reminded_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(write.conn())
            .await?;
        sent += 1;
    }
    Ok(sent)
}

async fn remind_lapses(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<usize> {
    let until = today + chrono::Duration::days(rules::LAPSE_NOTICE_DAYS);
    let due: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, organisation_id, valid_until FROM standard_assessments \
         WHERE lapse_reminded_at IS NULL AND valid_until >= $1 AND valid_until <= $2",
    )
    .bind(today.to_string())
    .bind(until.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let now = write.now();
    let mut sent = 0;
    for (id, organisation, valid_until) in due {
        let Some(day) = valid_until.parse().ok().filter(|d| rules::lapse_notice_due(*d, today)) else {
            continue;
        };
        for admin in Recipient::administrators(write.conn(), &[organisation]).await? {
            let notice = admin
                .notice(
                    "standard.notice.lapses",
                    "standard.notice.lapses_body",
                    &Lang::stored(admin.language.as_deref()).date(day),
                    format!("/standards/assessments/{id}"),
                )
                .reminder(Topic::Evaluations, false);
            notice.store(write.conn(), now).await?;
        }
        sqlx::query("UPDATE standard_assessments SET lapse_reminded_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(write.conn())
            .await?;
        sent += 1;
    }
    Ok(sent)
}
