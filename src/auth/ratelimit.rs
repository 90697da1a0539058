//! Throttling of failed logins, kept in the database so that it holds
//! across several server instances.
//!
//! An account is locked after [`MAX_PER_EMAIL`] failures, but a browser that
//! has logged in to it before (a signed device cookie, as OWASP advises)
//! counts only its own failures: someone guessing from elsewhere cannot lock
//! its owner out.

use chrono::{DateTime, Duration, Utc};

use crate::db::{Db, timestamp};

/// Failures counted over this window...
pub const WINDOW: Duration = Duration::minutes(15);
/// ...before the same email is refused,
pub const MAX_PER_EMAIL: i64 = 5;
/// ...or the same client address.
pub const MAX_PER_CLIENT: i64 = 30;

/// Who tries to log in: the account's email, the client address, and the
/// device cookie's id when it is one of this account's.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub client: &'a str,
    pub device: Option<&'a str>,
}

/// True when this account (from this device, or from unknown ones) or this
/// client has failed too often recently.
pub async fn is_throttled(db: &Db, attempt: &Attempt<'_>, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let since = timestamp(now - WINDOW);
    let (by_email, by_client): (i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE email = $1 AND COALESCE(device, '') = $4 AND at > $3), \
           (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at > $3)",
    )
    .bind(attempt.email)
    .bind(attempt.client)
    .bind(since)
    .bind(attempt.device.unwrap_or(""))
    .fetch_one(&db.pool)
    .await?;
    Ok(by_email >= MAX_PER_EMAIL || by_client >= MAX_PER_CLIENT)
}

/// Records a failure; a successful login clears those of its device (or of
/// unknown devices), never the others': the owner logging in from their own
/// browser does not give someone guessing elsewhere a new allowance.
pub async fn record_failure(db: &Db, attempt: &Attempt<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, client, at, device) VALUES ($1, $2, $3, $4)")
        .bind(attempt.email)
        .bind(attempt.client)
        .bind(timestamp(now))
        .bind(attempt.device)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn clear(db: &Db, attempt: &Attempt<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1 AND COALESCE(device, '') = $2")
        .bind(attempt.email)
        .bind(attempt.device.unwrap_or(""))
        .execute(&db.pool)
        .await?;
    Ok(())
}
