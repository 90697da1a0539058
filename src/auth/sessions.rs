//! Browser sessions, stored server-side so they can be listed and revoked.

use chrono::{DateTime, Duration, Utc};
use sqlx::FromRow;

use super::{Person, SignedIn, load_actor, secrets};
use crate::db::{Db, timestamp};
use sqlx::AnyConnection;

/// A session ends after this long without use.
pub const IDLE_LIFETIME: Duration = Duration::days(14);
/// `last_seen_at` is refreshed at most this often, to spare a write per request.
const TOUCH_EVERY: Duration = Duration::minutes(10);

/// A session as listed on the account page.
#[derive(Clone, Debug, FromRow)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: String,
}

/// Opens a session; the returned token goes in the cookie.
pub async fn open(
    conn: &mut AnyConnection,
    person_id: i64,
    user_agent: &str,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let token = secrets::new_token("");
    let agent: String = user_agent.chars().take(200).collect();
    sqlx::query(
        "INSERT INTO sessions (token_hash, person_id, created_at, last_seen_at, expires_at, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(secrets::token_hash(&token))
    .bind(person_id)
    .bind(timestamp(now))
    .bind(timestamp(now + IDLE_LIFETIME))
    .bind(agent)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The signed-in person of a session cookie, if the session is still valid.
pub async fn find(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Option<SignedIn>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        session_id: i64,
        last_seen_at: String,
        #[sqlx(flatten)]
        person: Person,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.id AS session_id, s.last_seen_at, p.id, p.email, p.name, p.language, p.platform_admin \
         FROM sessions s JOIN persons p ON p.id = s.person_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.active = 1",
    )
    .bind(secrets::token_hash(token))
    .bind(timestamp(now))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if crate::db::parse_timestamp(&row.last_seen_at).is_none_or(|seen| now - seen > TOUCH_EVERY) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
            .bind(timestamp(now))
            .bind(timestamp(now + IDLE_LIFETIME))
            .bind(row.session_id)
            .execute(&db.pool)
            .await?;
    }
    let actor = load_actor(db, &row.person).await?;
    Ok(Some(SignedIn {
        person: row.person,
        actor,
        session_id: Some(row.session_id),
    }))
}

/// Ends one session of a person.
pub async fn close(conn: &mut AnyConnection, person_id: i64, session_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND person_id = $2")
        .bind(session_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session of a person ("log out everywhere", password change).
pub async fn close_all(conn: &mut AnyConnection, person_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session and revokes every API token of a person: after a
/// deactivation, or a reset that says the password may be known to someone.
pub async fn shut_out(conn: &mut AnyConnection, person_id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    close_all(conn, person_id).await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL")
        .bind(timestamp(now))
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The open sessions of a person, most recent first.
pub async fn list(db: &Db, person_id: i64, now: DateTime<Utc>) -> Result<Vec<SessionInfo>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, created_at, last_seen_at, user_agent FROM sessions \
         WHERE person_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC",
    )
    .bind(person_id)
    .bind(timestamp(now))
    .fetch_all(&db.pool)
    .await
}
