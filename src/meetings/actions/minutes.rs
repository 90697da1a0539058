//! After the meeting: attendance, minutes, decisions and documents.

use super::*;

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::state::AppState;

/// After the meeting: who came (`present`, persons) and the minutes.
pub async fn record(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    present: &[i64],
    minutes: &str,
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.held(state.clock.now()) {
        return Err(AppError::invalid("minutes", "meeting.error.not_held"));
    }
    if minutes.chars().count() > 50_000 {
        return Err(AppError::invalid("minutes", "meeting.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for person in invitees_of(write.conn(), id).await? {
        sqlx::query("UPDATE meeting_invitations SET attended = $1 WHERE meeting_id = $2 AND person_id = $3")
            .bind(i64::from(present.contains(&person)))
            .bind(id)
            .bind(person)
            .execute(write.conn())
            .await?;
    }
    sqlx::query("UPDATE meetings SET minutes = $1, minutes_at = $2, updated_at = $2 WHERE id = $3")
        .bind(minutes.trim())
        .bind(&now)
        .bind(id)
        .execute(write.conn())
        .await?;
    let summary = format!(
        "{} present, minutes of {} characters",
        present.len(),
        minutes.trim().chars().count()
    );
    write
        .commit(Change::new(
            "meeting.minutes",
            "meeting",
            id,
            Some(meeting.organisation_id),
            summary,
        ))
        .await
}

/// A decision of a held meeting, noted in the follow-up of an agreement's
/// category (`category`) when the caller is a member of one of its parties.
pub async fn decide(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    decision: &str,
    category: Option<i64>,
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.held(state.clock.now()) {
        return Err(AppError::invalid("text", "meeting.error.not_held"));
    }
    let decision = required_text(decision, 2000, "text", "meeting.error.decision")?;
    let agreement = match category {
        Some(category) => {
            let agreement: Option<i64> =
                sqlx::query_scalar("SELECT agreement_id FROM agreement_categories WHERE id = $1")
                    .bind(category)
                    .fetch_optional(&state.db.pool)
                    .await?;
            let agreement = agreement.ok_or(AppError::invalid("category", "meeting.error.follow_up"))?;
            let (_, _, rights) =
                crate::agreements::store::get(&state.db, &user.actor, agreement, state.clock.now().date_naive())
                    .await
                    .map_err(|_| AppError::invalid("category", "meeting.error.follow_up"))?;
            if !rights.member {
                return Err(AppError::invalid("category", "meeting.error.follow_up"));
            }
            Some(agreement)
        }
        None => None,
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let follow_up: Option<i64> = match agreement {
        Some(agreement) => Some(
            sqlx::query_scalar(
                "INSERT INTO agreement_follow_ups (agreement_id, category_id, noted_on, text, link, author_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(agreement)
            .bind(category)
            .bind(&meeting.local_date)
            .bind(format!("{} — {decision}", meeting.title))
            .bind(format!("{}/meetings/{id}", state.config.public_url.trim_end_matches('/')))
            .bind(user.person.id)
            .bind(&now)
            .fetch_one(write.conn())
            .await?,
        ),
        None => None,
    };
    sqlx::query(
        "INSERT INTO meeting_decisions (meeting_id, text, follow_up_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&decision)
    .bind(follow_up)
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    let summary = match agreement {
        Some(a) => format!("decision noted in agreement {a}"),
        None => "decision".to_owned(),
    };
    write
        .commit(Change::new(
            "meeting.decision",
            "meeting",
            id,
            Some(meeting.organisation_id),
            summary,
        ))
        .await
}

/// The documents a meeting accepts.
const DOCUMENT_KINDS: &[&str] = &["pdf", "odt", "docx", "ods", "xlsx", "txt"];

pub async fn upload_document(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    name: &str,
    content: &[u8],
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    let (name, kind) = crate::web::documents::accepted(name, content, DOCUMENT_KINDS, "")
        .ok_or(AppError::invalid("document", "meeting.error.document"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO meeting_documents (meeting_id, name, content_type, content, size, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&name)
    .bind(kind)
    .bind(content)
    .bind(content.len() as i64)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new(
            "meeting.document",
            "meeting",
            id,
            Some(meeting.organisation_id),
            name,
        ))
        .await
}
