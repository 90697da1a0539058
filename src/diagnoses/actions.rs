//! Opening a diagnosis, answering it, closing it; checked and audited.
//! Audit entries count answers, never say who answered what.

use super::rules::SCALE;
use super::store;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::state::AppState;

/// What is diagnosed: an organisation, or a prison its administration runs.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct DiagnosisInput {
    pub questionnaire_id: i64,
    pub organisation_id: i64,
    pub establishment_id: Option<i64>,
}

/// Opens a diagnosis; its id.
pub async fn open(state: &AppState, user: &SignedIn, request_id: &str, input: &DiagnosisInput) -> AppResult<i64> {
    if !user.actor.can(Action::DiagnoseNeeds(input.organisation_id)) {
        return Err(AppError::invalid("organisation_id", "diagnosis.error.organisation"));
    }
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM questionnaires WHERE id = $1")
        .bind(input.questionnaire_id)
        .fetch_optional(&state.db.pool)
        .await?;
    known.ok_or(AppError::invalid("questionnaire_id", "diagnosis.error.questionnaire"))?;
    if let Some(establishment) = input.establishment_id
        && !crate::web::choices::administers(state, input.organisation_id, establishment).await?
    {
        return Err(AppError::invalid("establishment_id", "diagnosis.error.establishment"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO diagnoses (questionnaire_id, organisation_id, establishment_id, opened_by, opened_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(input.questionnaire_id)
    .bind(input.organisation_id)
    .bind(input.establishment_id)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    write
        .commit(Change::new(
            "diagnosis.open",
            "diagnosis",
            id,
            Some(input.organisation_id),
            "needs diagnosis opened".into(),
        ))
        .await?;
    Ok(id)
}

/// One answer: a score for a scale question, a text for the others.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    pub item_id: i64,
    pub score: Option<i64>,
    #[serde(default)]
    pub text: String,
}

/// The person's answers, replacing those they gave before, while the diagnosis is open.
pub async fn answer(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    given: &[AnswerInput],
) -> AppResult<()> {
    let (diagnosis, rights) = store::diagnosis(&state.db, &user.actor, id, Lang::default()).await?;
    if !rights.answer {
        return Err(AppError::Forbidden);
    }
    if diagnosis.closed_at.is_some() {
        return Err(AppError::invalid("score", "diagnosis.error.closed"));
    }
    let items = store::items(&state.db, diagnosis.questionnaire_id, Lang::default()).await?;
    for answer in given {
        let Some(item) = items.iter().find(|i| i.id == answer.item_id && i.kind != "section") else {
            return Err(AppError::invalid("item_id", "diagnosis.error.question"));
        };
        if let Some(score) = answer.score
            && (item.kind != "scale" || !SCALE.contains(&score))
        {
            return Err(AppError::invalid("score", "diagnosis.error.score"));
        }
        if answer.text.trim().chars().count() > 2000 {
            return Err(AppError::invalid("text", "diagnosis.error.long"));
        }
    }
    let scored = given.iter().filter(|a| a.score.is_some()).count();
    if scored == 0 {
        return Err(AppError::invalid("score", "diagnosis.error.empty"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for table in ["diagnosis_answers", "diagnosis_responses"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE diagnosis_id = $1 AND person_id = $2"
        ))
        .bind(id)
        .bind(user.person.id)
        .execute(write.conn())
        .await?;
    }
    sqlx::query("INSERT INTO diagnosis_responses (diagnosis_id, person_id, answered_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(user.person.id)
        .bind(&now)
        .execute(write.conn())
        .await?;
    for answer in given.iter().filter(|a| a.score.is_some() || !a.text.trim().is_empty()) {
        sqlx::query(
            "INSERT INTO diagnosis_answers (diagnosis_id, person_id, item_id, score, text) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(user.person.id)
        .bind(answer.item_id)
        .bind(answer.score)
        .bind(answer.text.trim())
        .execute(write.conn())
        .await?;
    }
    write
        .commit(Change::new(
            "diagnosis.answer",
            "diagnosis",
            id,
            Some(diagnosis.organisation_id),
            format!("{scored} questions answered"),
        ))
        .await
}

/// Closes a diagnosis: no more answers; it joins the comparison.
pub async fn close(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let (diagnosis, rights) = store::diagnosis(&state.db, &user.actor, id, Lang::default()).await?;
    if !rights.manage {
        return Err(AppError::Forbidden);
    }
    if diagnosis.closed_at.is_some() {
        return Err(AppError::invalid("close", "diagnosis.error.closed"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE diagnoses SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .commit(Change::new(
            "diagnosis.close",
            "diagnosis",
            id,
            Some(diagnosis.organisation_id),
            format!("closed with {} respondents", diagnosis.respondents),
        ))
        .await
}
