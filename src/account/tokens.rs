//! Personal API tokens: shown once, stored hashed, revocable.

use sqlx::FromRow;

use crate::audit::{Change, Write};
use crate::auth::secrets;
use crate::db::{Db, timestamp};
use crate::error::{AppError, AppResult};

/// Tokens start with this, so they are recognisable in a leaked file.
pub const PREFIX: &str = "psl_";

#[derive(Clone, Debug, FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// Creates a token for a person; the clear token is returned, never stored.
pub async fn create(mut write: Write, person_id: i64, name: &str) -> AppResult<String> {
    let name = name.trim();
    let name = if name.is_empty() { "API" } else { name };
    let token = secrets::new_token(PREFIX);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(person_id)
    .bind(name)
    .bind(secrets::token_hash(&token))
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    write
        .commit(Change {
            action: "token.create",
            object_type: "api_token",
            object_id: id.to_string(),
            organisation_id: None,
            summary: format!("token {name:?} for person {person_id}"),
        })
        .await?;
    Ok(token)
}

pub async fn revoke(mut write: Write, person_id: i64, token_id: i64) -> AppResult<()> {
    let now = timestamp(write.now());
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(token_id)
            .bind(person_id)
            .execute(write.conn())
            .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    write
        .commit(Change {
            action: "token.revoke",
            object_type: "api_token",
            object_id: token_id.to_string(),
            organisation_id: None,
            summary: "revoked".into(),
        })
        .await
}

pub async fn list(db: &Db, person_id: i64) -> AppResult<Vec<TokenInfo>> {
    Ok(sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM api_tokens \
         WHERE person_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?)
}
