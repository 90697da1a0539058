//! Reminders before an authorisation expires, at 90, 30 and 7 days, to the
//! volunteer; the coordinators and administrators of their organisation get
//! one notice a day listing the organisation's reminded volunteers.
//! Each reminder is recorded in `authorisation_reminders`, whose key makes it
//! go out once even when several server instances run the job.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules;
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::inbox::{Arg, Notice, Words};
use crate::mail::queue::Topic;
use crate::state::AppState;

#[derive(FromRow)]
struct Candidate {
    id: i64,
    organisation_id: i64,
    person_id: i64,
    person_name: String,
    expires_on: String,
}

#[derive(FromRow)]
struct Recipient {
    organisation_id: i64,
    person_id: i64,
    email: String,
    language: Option<String>,
}

/// Stores the reminders due on `today` in the scheduler's write; what to
/// record, none when nothing was due.
pub async fn send_due(state: &AppState, write: &mut Write, today: NaiveDate) -> AppResult<Option<Change>> {
    let horizon = today + chrono::Duration::days(rules::REMINDER_DAYS[0]);
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT a.id, a.organisation_id, a.person_id, p.name AS person_name, a.expires_on FROM authorisations a \
         JOIN persons p ON p.id = a.person_id \
         WHERE a.decision = 'granted' AND a.withdrawn_on IS NULL AND a.suspended_on IS NULL \
         AND a.expires_on >= $1 AND a.expires_on <= $2",
    )
    .bind(today.to_string())
    .bind(horizon.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    if candidates.is_empty() {
        return Ok(None);
    }
    let sent: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.authorisation_id, r.days_before FROM authorisation_reminders r \
         JOIN authorisations a ON a.id = r.authorisation_id WHERE a.expires_on >= $1 AND a.expires_on <= $2",
    )
    .bind(today.to_string())
    .bind(horizon.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent_by: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, days) in sent {
        sent_by.entry(id).or_default().push(days);
    }
    let recipients: Vec<Recipient> = sqlx::query_as(
        "SELECT m.organisation_id, p.id AS person_id, p.email, p.language FROM memberships m \
         JOIN persons p ON p.id = m.person_id \
         WHERE m.ended_at IS NULL AND p.active = 1 AND m.role IN ('coordinator', 'org_admin')",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let volunteers: HashMap<i64, (String, Option<String>)> =
        sqlx::query_as::<_, (i64, String, Option<String>)>("SELECT id, email, language FROM persons")
            .fetch_all(&state.db.pool)
            .await?
            .into_iter()
            .map(|(id, email, language)| (id, (email, language)))
            .collect();

    let now = write.now();
    // What each organisation's coordinators and administrators are told:
    // one notice a day listing its reminded volunteers, not one each.
    let mut by_organisation: HashMap<i64, Vec<String>> = HashMap::new();
    for c in &candidates {
        let Ok(expires) = NaiveDate::parse_from_str(&c.expires_on, "%Y-%m-%d") else {
            continue;
        };
        let Some(days) = rules::reminder_due(expires, today, sent_by.get(&c.id).map_or(&[], Vec::as_slice)) else {
            continue;
        };
        let claimed = sqlx::query(
            "INSERT INTO authorisation_reminders (authorisation_id, days_before, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (authorisation_id, days_before) DO NOTHING",
        )
        .bind(c.id)
        .bind(days)
        .bind(timestamp(now))
        .execute(write.conn())
        .await?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        by_organisation
            .entry(c.organisation_id)
            .or_default()
            .push(format!("{} — {}", c.person_name, c.expires_on));
        if let Some((email, language)) = volunteers.get(&c.person_id) {
            let words = Words::new(
                ("reminder.subject", vec![Arg::Text(c.person_name.clone())]),
                ("reminder.body", vec![Arg::Day(expires), Arg::Count(days)]),
            );
            let link = format!("/authorisations/{}", c.id);
            let notice = Notice::written(c.person_id, email, language.as_deref(), words, link)
                .reminder(Topic::Authorisations, true);
            notice.store(write.conn(), now).await?;
        }
    }
    let reminded: usize = by_organisation.values().map(Vec::len).sum();
    let mut told = std::collections::HashSet::new();
    for r in &recipients {
        let Some(lines) = by_organisation.get(&r.organisation_id) else {
            continue;
        };
        // Someone both coordinator and administrator is told once.
        if !told.insert((r.organisation_id, r.person_id)) {
            continue;
        }
        let mut words = Words::new(
            ("reminder.scope_subject", vec![Arg::Count(lines.len() as i64)]),
            ("reminder.scope_body", Vec::new()),
        );
        words.more = lines.join("\n");
        let link = format!("/authorisations?status=expiring&organisation={}", r.organisation_id);
        let notice = Notice::written(r.person_id, &r.email, r.language.as_deref(), words, link)
            .reminder(Topic::Authorisations, false);
        notice.store(write.conn(), now).await?;
    }
    Ok((reminded > 0).then(|| Change {
        action: "authorisation.reminders",
        object_type: "job",
        object_id: today.to_string(),
        organisation_id: None,
        summary: format!("{reminded} expiry reminder(s) sent"),
    }))
}
