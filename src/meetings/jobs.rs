//! The day before a meeting, its invitees who have not declined are
//! reminded (once: `reminded_at`).

use chrono::NaiveDate;

use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::inbox::Recipient;
use crate::mail::queue::Topic;
use crate::state::AppState;

/// One invitee to remind of one meeting.
#[derive(sqlx::FromRow)]
struct Due {
    invitation: i64,
    meeting: i64,
    title: String,
    local_time: String,
    place: String,
    online_link: String,
    person_id: i64,
    email: String,
    language: Option<String>,
}

/// Reminds of the meetings held `today + 1` (their local day), in the scheduler's write.
pub async fn remind(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<Option<Change>> {
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    let due: Vec<Due> = sqlx::query_as(
        "SELECT i.id AS invitation, m.id AS meeting, m.title, m.local_time, m.place, m.online_link, \
         p.id AS person_id, p.email, p.language \
         FROM meetings m JOIN meeting_invitations i ON i.meeting_id = m.id JOIN persons p ON p.id = i.person_id \
         WHERE m.local_date = $1 AND m.cancelled_at IS NULL AND i.reminded_at IS NULL \
         AND (i.answer IS NULL OR i.answer <> 'no') AND p.active = 1 ORDER BY i.id",
    )
    .bind(&tomorrow)
    .fetch_all(&state.db.pool)
    .await?;
    let now = write.now();
    let sent = due.len();
    for d in due {
        sqlx::query("UPDATE meeting_invitations SET reminded_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(d.invitation)
            .execute(write.conn())
            .await?;
        let recipient = Recipient {
            person_id: d.person_id,
            email: d.email,
            language: d.language,
        };
        let place = if d.place.is_empty() { d.online_link } else { d.place };
        let arg = format!("{} — {tomorrow} {} — {place}", d.title, d.local_time);
        let meeting = d.meeting;
        let notice = recipient
            .notice_titled(
                ("meeting.notice.tomorrow", &d.title),
                "meeting.notice.body",
                &arg,
                format!("/meetings/{meeting}"),
            )
            .reminder(Topic::Meetings, true);
        notice.store(write.conn(), now).await?;
    }
    Ok((sent > 0).then(|| Change {
        action: "meeting.remind",
        object_type: "meeting",
        object_id: String::new(),
        organisation_id: None,
        summary: format!("{sent} meeting reminders"),
    }))
}
