//! Throttling of failed logins, kept in the database so that it holds
//! across several server instances.

use chrono::{DateTime, Duration, Utc};

use crate::db::{Db, timestamp};

/// Failures counted over this window...
pub const WINDOW: Duration = Duration::minutes(15);
/// ...before the same email is refused,
pub const MAX_PER_EMAIL: i64 = 5;
/// ...or the same client address.
pub const MAX_PER_CLIENT: i64 = 30;

/// True when this email or client has failed too often recently.
pub async fn is_throttled(db: &Db, email: &str, client: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let since = timestamp(now - WINDOW);
    let (by_email, by_client): (i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $3), \
           (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at > $3)",
    )
    .bind(email)
    .bind(client)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    Ok(by_email >= MAX_PER_EMAIL || by_client >= MAX_PER_CLIENT)
}

/// Records a failure; a successful login clears the email's failures.
pub async fn record_failure(db: &Db, email: &str, client: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, client, at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(client)
        .bind(timestamp(now))
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn clear(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(&db.pool)
        .await?;
    Ok(())
}
