//! Invitations and answers; each invitation, change or cancellation is
//! emailed with its iCalendar event.

use super::planning::add;
use super::*;

use crate::audit::{Change, Write};
use crate::auth::{SignedIn, secrets};
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::inbox::Recipient;
use crate::meetings::rules::{Answer, InvitationRule};
use crate::meetings::store::{self, Found, Meeting, Place, Rights};
use crate::state::AppState;

/// What an emailed invitation says of the meeting: title, local day and time, place.
fn described(m: &Meeting) -> String {
    format!(
        "{} — {} {} ({}) — {}",
        m.title,
        m.local_date,
        m.local_time,
        m.time_zone,
        m.location()
    )
}

/// The inbox notices of `people` about `m` (new invitees with their
/// answer link, or every invitee of a change), each with the `.ics`.
pub(super) async fn notices(
    state: &AppState,
    write: &mut Write,
    user: &SignedIn,
    m: &Meeting,
    people: &[(i64, Option<String>)],
    subject: &str,
) -> AppResult<()> {
    let now = write.now();
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let event = store::event(state, m);
    for (person, token) in people {
        let recipient: Recipient = sqlx::query_as("SELECT id AS person_id, email, language FROM persons WHERE id = $1")
            .bind(person)
            .fetch_one(write.conn())
            .await?;
        let lang = Lang::stored(recipient.language.as_deref());
        // The subject names the meeting; the body says when and where.
        let mut notice = recipient.notice_titled(
            (subject, &m.title),
            "meeting.notice.body",
            &described(m),
            format!("/meetings/{}", m.id),
        );
        if let Some(token) = token {
            notice.email_extra = format!(
                "\n\n{}\n{base}/meetings/answer/{token}",
                lang.t("meeting.notice.answer_link")
            );
        }
        let parties = crate::calendar::ical::Parties {
            organiser: &user.person.email,
            attendee: &recipient.email,
            sequence: m.sequence,
        };
        notice.attachment = Some(crate::mail::Attachment {
            name: "invitation.ics".into(),
            content_type: format!(
                "text/calendar; method={}; charset=utf-8",
                if m.cancelled_at.is_some() { "CANCEL" } else { "REQUEST" }
            ),
            content: crate::calendar::ical::invitation(&event, &parties, now).into_bytes(),
        });
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}

pub(super) async fn invitation_notices(
    state: &AppState,
    write: &mut Write,
    user: &SignedIn,
    m: &Meeting,
    invited: &[(i64, String)],
) -> AppResult<()> {
    let people: Vec<(i64, Option<String>)> = invited.iter().map(|(p, t)| (*p, Some(t.clone()))).collect();
    notices(state, write, user, m, &people, "meeting.notice.invited").await
}

/// Whom an organiser adds: people by email, a section, the organiser's
/// correspondents of a region.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct InviteInput {
    /// Email addresses, separated by commas, spaces or lines.
    #[serde(default)]
    pub emails: String,
    pub section_id: Option<i64>,
    pub region_id: Option<i64>,
}

pub async fn invite(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &InviteInput,
) -> AppResult<usize> {
    let meeting = organised(state, user, id).await?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("emails", "meeting.error.not_now"));
    }
    let today = state.clock.now().date_naive();
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let mut invited = Vec::new();
    let emails: Vec<String> = input
        .emails
        .split([',', ';', ' ', '\n', '\r', '\t'])
        .map(crate::auth::normalise_email)
        .filter(|e| !e.is_empty())
        .collect();
    if !emails.is_empty() {
        let mut chosen = Vec::new();
        for email in &emails {
            let person: Option<i64> = sqlx::query_scalar(
                "SELECT p.id FROM persons p WHERE p.email = $1 AND p.active = 1 \
                 AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.ended_at IS NULL)",
            )
            .bind(email)
            .fetch_optional(write.conn())
            .await?;
            let person = person.ok_or(AppError::invalid("emails", "meeting.error.unknown_email"))?;
            chosen.push(Found {
                person_id: person,
                reason: String::new(),
                agreement_id: None,
            });
        }
        invited.extend(add(&mut write, id, &chosen, InvitationRule::Chosen, user.person.id).await?);
    }
    if let Some(section) = input.section_id {
        let of_organiser: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sections WHERE id = $1 AND organisation_id = $2")
                .bind(section)
                .bind(meeting.organisation_id)
                .fetch_one(write.conn())
                .await?;
        if of_organiser != 1 {
            return Err(AppError::invalid("section_id", "meeting.error.section"));
        }
        let found = store::section_members(write.conn(), section, today).await?;
        invited.extend(add(&mut write, id, &found, InvitationRule::Section, user.person.id).await?);
    }
    if let Some(region) = input.region_id {
        let mut found = store::correspondents(
            write.conn(),
            today,
            Some(meeting.organisation_id),
            Place::Region(region),
        )
        .await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM regions WHERE id = $1")
            .bind(region)
            .fetch_optional(write.conn())
            .await?;
        let name = name.ok_or(AppError::invalid("region_id", "meeting.error.region"))?;
        for f in &mut found {
            f.reason = name.clone();
        }
        invited.extend(
            add(
                &mut write,
                id,
                &found,
                InvitationRule::RegionCorrespondents,
                user.person.id,
            )
            .await?,
        );
    }
    if emails.is_empty() && input.section_id.is_none() && input.region_id.is_none() {
        return Err(AppError::invalid("emails", "meeting.error.nobody"));
    }
    invitation_notices(state, &mut write, user, &meeting, &invited).await?;
    let count = invited.len();
    let change = Change::new(
        "meeting.invite",
        "meeting",
        id,
        Some(meeting.organisation_id),
        format!("{count} invited"),
    );
    write.commit(change).await?;
    Ok(count)
}

/// Withdraws one person's invitation to a meeting not held yet; their
/// calendar is told the meeting is off for them.
pub async fn uninvite(state: &AppState, user: &SignedIn, request_id: &str, id: i64, person: i64) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("person", "meeting.error.not_now"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let removed = sqlx::query("DELETE FROM meeting_invitations WHERE meeting_id = $1 AND person_id = $2")
        .bind(id)
        .bind(person)
        .execute(write.conn())
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::invalid("person", "meeting.error.not_invited"));
    }
    sqlx::query("UPDATE meetings SET sequence = sequence + 1, updated_at = $1 WHERE id = $2")
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    // For this person alone the meeting is cancelled: the same event, sent as a cancellation.
    let mut gone = store::load(write.conn(), user.person.id, id).await?;
    gone.cancelled_at = Some(timestamp(write.now()));
    notices(
        state,
        &mut write,
        user,
        &gone,
        &[(person, None)],
        "meeting.notice.uninvited",
    )
    .await?;
    let change = Change::new(
        "meeting.uninvite",
        "meeting",
        id,
        Some(meeting.organisation_id),
        format!("person {person} no longer invited"),
    );
    write.commit(change).await
}

/// The answer of the signed-in invitee.
pub async fn answer(state: &AppState, user: &SignedIn, request_id: &str, id: i64, answer: &str) -> AppResult<()> {
    let (meeting, Rights { invited, .. }) = store::get(&state.db, &user.actor, id).await?;
    if !invited {
        return Err(AppError::Forbidden);
    }
    record_answer(
        state,
        Some(user.person.id),
        request_id,
        &meeting,
        user.person.id,
        answer,
    )
    .await
}

/// The answer given from the emailed link, whose secret stands for the invitee.
pub async fn answer_by_link(state: &AppState, request_id: &str, token: &str, answer: &str) -> AppResult<()> {
    let (meeting, person) = by_link(state, token).await?;
    record_answer(state, Some(person), request_id, &meeting, person, answer).await
}

/// The meeting and the invitee an answer link stands for.
pub async fn by_link(state: &AppState, token: &str) -> AppResult<(Meeting, i64)> {
    let found: Option<(i64, i64)> =
        sqlx::query_as("SELECT meeting_id, person_id FROM meeting_invitations WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .fetch_optional(&state.db.pool)
            .await?;
    let (meeting, person) = found.ok_or(AppError::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok((store::load(&mut conn, person, meeting).await?, person))
}

async fn record_answer(
    state: &AppState,
    by: Option<i64>,
    request_id: &str,
    meeting: &Meeting,
    person: i64,
    answer: &str,
) -> AppResult<()> {
    let answer = Answer::parse(answer).ok_or(AppError::invalid("answer", "meeting.error.answer"))?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("answer", "meeting.error.not_now"));
    }
    let mut write = Write::begin(state, by, request_id).await?;
    sqlx::query(
        "UPDATE meeting_invitations SET answer = $1, answered_at = $2 WHERE meeting_id = $3 AND person_id = $4",
    )
    .bind(answer.as_str())
    .bind(timestamp(write.now()))
    .bind(meeting.id)
    .bind(person)
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new(
            "meeting.answer",
            "meeting",
            meeting.id,
            Some(meeting.organisation_id),
            format!("person {person}: {}", answer.as_str()),
        ))
        .await
}
