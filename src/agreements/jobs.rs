//! The daily work on agreements: 30 days before each anniversary the
//! evaluation opens and the parties' administrators are told; on the day
//! they are reminded; 90 and 30 days before the end, reminded to prepare
//! the renewal. Each reminder goes once (`agreement_notices`).

use chrono::NaiveDate;

use super::actions::open_evaluation;
use super::rules::{self, NoticeKind};
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::inbox::Recipient;
use crate::mail::queue::Topic;
use crate::state::AppState;

/// Stores what is due `today` in the scheduler's write (one reminder per agreement and kind).
pub async fn remind(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<Option<Change>> {
    let agreements: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, title, starts_on, ends_on FROM agreements WHERE draft = 0 AND terminated_on IS NULL AND ends_on >= $1",
    )
    .bind((today - chrono::Duration::days(60)).to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let now = write.now();
    let mut sent = 0;
    for (id, title, starts, ends) in agreements {
        let (Ok(starts), Ok(ends)) = (starts.parse(), ends.parse()) else {
            continue;
        };
        for (kind, day) in rules::due_notices(starts, ends, today) {
            let first_time = sqlx::query(
                "INSERT INTO agreement_notices (agreement_id, kind, due_on, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(kind.as_str())
            .bind(day.to_string())
            .bind(timestamp(now))
            .execute(write.conn())
            .await?
            .rows_affected()
                == 1;
            if !first_time {
                continue;
            }
            if kind == NoticeKind::EvaluationOpens {
                open_evaluation(write, id, day).await?;
            }
            let admins: Vec<Recipient> = sqlx::query_as(
                "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM agreement_parties ap \
                 JOIN memberships m ON m.organisation_id = ap.organisation_id JOIN persons p ON p.id = m.person_id \
                 WHERE ap.agreement_id = $1 AND m.role = 'org_admin' AND m.ended_at IS NULL AND p.active = 1",
            )
            .bind(id)
            .fetch_all(write.conn())
            .await?;
            let arg = format!("{title} ({day})");
            for admin in admins {
                let notice = admin
                    .notice(kind.label(), "agreement.notice.body", &arg, format!("/agreements/{id}"))
                    .reminder(Topic::Evaluations, false);
                notice.store(write.conn(), now).await?;
            }
            sent += 1;
        }
    }
    // Like the other jobs: nothing sent, nothing recorded (no empty audit entry every day).
    Ok((sent > 0).then(|| Change {
        action: "agreement.remind",
        object_type: "agreement",
        object_id: String::new(),
        organisation_id: None,
        summary: format!("{sent} agreement reminders"),
    }))
}
