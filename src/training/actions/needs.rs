//! Training needs that organisations report.

use super::*;

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::state::AppState;
use crate::training::store;

/// Volunteers of an organisation who need a training.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NeedInput {
    pub organisation_id: i64,
    /// A module of the curriculum, or none with a `topic`.
    pub module_id: Option<i64>,
    #[serde(default)]
    pub topic: String,
    /// How many volunteers need it.
    pub volunteers: i64,
    pub region_id: Option<i64>,
    #[serde(default)]
    pub note: String,
}

pub async fn submit_need(state: &AppState, user: &SignedIn, request_id: &str, input: &NeedInput) -> AppResult<i64> {
    require(user, input.organisation_id)?;
    let topic = match input.module_id {
        Some(id) => {
            store::module(&state.db, id)
                .await
                .map_err(|_| AppError::invalid("module_id", "training.error.topic"))?
                .0
                .title
        }
        None => required_text(&input.topic, MAX_TITLE, "topic", "training.error.topic")?,
    };
    if !(1..=10_000).contains(&input.volunteers) {
        return Err(AppError::invalid("volunteers", "training.error.volunteers"));
    }
    if input.note.chars().count() > 1000 {
        return Err(AppError::invalid("note", "training.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_needs (organisation_id, module_id, topic, volunteers, region_id, note, submitted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(input.organisation_id)
    .bind(input.module_id)
    .bind(&topic)
    .bind(input.volunteers)
    .bind(input.region_id)
    .bind(input.note.trim())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    let summary = format!("{} volunteers need {topic}", input.volunteers);
    write
        .commit(Change::new(
            "training.need.create",
            "training_need",
            id,
            Some(input.organisation_id),
            summary,
        ))
        .await?;
    Ok(id)
}

pub async fn withdraw_need(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let organisation: i64 = sqlx::query_scalar("SELECT organisation_id FROM training_needs WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    require(user, organisation)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("DELETE FROM training_needs WHERE id = $1")
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .commit(Change::new(
            "training.need.delete",
            "training_need",
            id,
            Some(organisation),
            "withdrawn".into(),
        ))
        .await
}
