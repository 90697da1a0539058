//! The personal feed secret: one random value per person in the links a
//! calendar or feed reader fetches without signing in (training and meeting
//! calendars, agreements' news). Stored as a hash like every other secret,
//! so it is shown once, when made; making a new one ends the old links.

use crate::audit::{Change, Write};
use crate::auth::{Person, SignedIn, secrets};
use crate::db::{Db, timestamp};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Makes a new secret for the user; the old links stop working.
pub async fn renew(state: &AppState, user: &SignedIn, request_id: &str) -> AppResult<String> {
    let token = secrets::new_token("cal_");
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1")
        .bind(user.person.id)
        .execute(write.conn())
        .await?;
    sqlx::query("INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user.person.id)
        .bind(secrets::token_hash(&token))
        .bind(timestamp(write.now()))
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "calendar.renew",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: "calendar and feed links renewed".into(),
        })
        .await?;
    Ok(token)
}

/// When the person made their current secret, if they have one.
pub async fn made_at(db: &Db, person_id: i64) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// The active person whose feed secret is `token`: not found for an
/// unknown or renewed secret.
pub async fn subscriber(db: &Db, token: &str) -> AppResult<Person> {
    sqlx::query_as::<_, Person>(
        "SELECT p.id, p.email, p.name, p.language, p.platform_admin FROM calendar_feeds f \
         JOIN persons p ON p.id = f.person_id WHERE f.token_hash = $1 AND p.active = 1",
    )
    .bind(secrets::token_hash(token))
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)
}

/// The links of a new secret, shown once: (catalogue key of their title, URL).
pub fn links(public_url: &str, token: &str) -> Vec<(&'static str, String)> {
    let base = public_url.trim_end_matches('/');
    vec![
        (
            "training.calendar.mine",
            format!("{base}/calendar/{token}/training.ics"),
        ),
        (
            "training.calendar.open",
            format!("{base}/calendar/{token}/open-training.ics"),
        ),
        ("meeting.feed", format!("{base}/calendar/{token}/meetings.ics")),
        ("account.feed_agreement", format!("{base}/feeds/{token}/agreements/")),
    ]
}
