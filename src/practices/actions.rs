//! Describing a practice, changing it, and notes on it: checked against
//! the caller's rights, recorded in the audit log in the same transaction.

use super::rules::{LANGUAGES, NoteKind, Theme};
use super::store;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::permissions::Action;
use crate::state::AppState;

/// A practice as its organisation describes it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct PracticeInput {
    pub organisation_id: i64,
    /// The language it is written in: `fr`, `en`, `de`, `nl`, `pt`, `ro` or `pl`.
    pub language: String,
    pub title: String,
    /// Where and why it started.
    pub context: String,
    /// What is done.
    pub what: String,
    #[serde(default)]
    pub resources: String,
    #[serde(default)]
    pub results: String,
    /// Whom to ask (a role or a service's address, rather than a person's).
    #[serde(default)]
    pub contact: String,
    /// One or more of the themes.
    pub themes: Vec<String>,
    #[serde(default)]
    pub requirement_ids: Vec<i64>,
    #[serde(default)]
    pub indicator_ids: Vec<i64>,
}

/// A long text of at most `max` characters, trimmed.
fn optional_text(value: &str, max: usize, field: &'static str) -> AppResult<String> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "practice.error.long"));
    }
    Ok(value.to_owned())
}

struct Checked {
    language: String,
    title: String,
    context: String,
    what: String,
    resources: String,
    results: String,
    contact: String,
    themes: Vec<Theme>,
    requirements: Vec<i64>,
    indicators: Vec<i64>,
}

async fn check(state: &AppState, input: &PracticeInput) -> AppResult<Checked> {
    let language = input.language.trim().to_lowercase();
    if !LANGUAGES.contains(&language.as_str()) {
        return Err(AppError::invalid("language", "practice.error.language"));
    }
    let mut themes: Vec<Theme> = Vec::new();
    for theme in &input.themes {
        let theme = Theme::parse(theme.trim()).ok_or(AppError::invalid("theme", "practice.error.theme"))?;
        if !themes.contains(&theme) {
            themes.push(theme);
        }
    }
    if themes.is_empty() {
        return Err(AppError::invalid("theme", "practice.error.theme"));
    }
    let (requirements, indicators) = store::linkable(&state.db, crate::i18n::Lang::default()).await?;
    let known = |given: &[i64], of: &[(i64, String)]| {
        let mut ids: Vec<i64> = given.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().all(|id| of.iter().any(|(k, _)| k == id)).then_some(ids)
    };
    Ok(Checked {
        title: required_text(&input.title, 200, "title", "practice.error.title")?,
        context: required_text(&input.context, 5000, "context", "practice.error.context")?,
        what: required_text(&input.what, 5000, "what", "practice.error.what")?,
        resources: optional_text(&input.resources, 5000, "resources")?,
        results: optional_text(&input.results, 5000, "results")?,
        contact: optional_text(&input.contact, 300, "contact")?,
        requirements: known(&input.requirement_ids, &requirements)
            .ok_or(AppError::invalid("requirement", "practice.error.link"))?,
        indicators: known(&input.indicator_ids, &indicators)
            .ok_or(AppError::invalid("indicator", "practice.error.link"))?,
        language,
        themes,
    })
}

async fn write_links(write: &mut Write, id: i64, practice: &Checked) -> AppResult<()> {
    for table in ["practice_themes", "practice_requirements", "practice_indicators"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE practice_id = $1"))
            .bind(id)
            .execute(write.conn())
            .await?;
    }
    for theme in &practice.themes {
        sqlx::query("INSERT INTO practice_themes (practice_id, theme) VALUES ($1, $2)")
            .bind(id)
            .bind(theme.as_str())
            .execute(write.conn())
            .await?;
    }
    for requirement in &practice.requirements {
        sqlx::query("INSERT INTO practice_requirements (practice_id, requirement_id) VALUES ($1, $2)")
            .bind(id)
            .bind(requirement)
            .execute(write.conn())
            .await?;
    }
    for indicator in &practice.indicators {
        sqlx::query("INSERT INTO practice_indicators (practice_id, indicator_id) VALUES ($1, $2)")
            .bind(id)
            .bind(indicator)
            .execute(write.conn())
            .await?;
    }
    Ok(())
}

/// Describes a practice of an organisation the caller speaks for; its id.
pub async fn create(state: &AppState, user: &SignedIn, request_id: &str, input: &PracticeInput) -> AppResult<i64> {
    if !user.actor.can(Action::SharePractices(input.organisation_id)) {
        return Err(AppError::invalid("organisation_id", "practice.error.organisation"));
    }
    let practice = check(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO practices (organisation_id, country, language, title, context, what, resources, results, contact, \
         created_by, created_at, updated_at) \
         SELECT id, country, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10 FROM organisations WHERE id = $1 RETURNING id",
    )
    .bind(input.organisation_id)
    .bind(&practice.language)
    .bind(&practice.title)
    .bind(&practice.context)
    .bind(&practice.what)
    .bind(&practice.resources)
    .bind(&practice.results)
    .bind(&practice.contact)
    .bind(user.person.id)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    write_links(&mut write, id, &practice).await?;
    write
        .commit(Change::new(
            "practice.create",
            "practice",
            id,
            Some(input.organisation_id),
            practice.title.clone(),
        ))
        .await?;
    Ok(id)
}

/// Changes a practice: its organisation's people who speak for it.
pub async fn update(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &PracticeInput,
) -> AppResult<()> {
    let found = store::get(&state.db, id).await?;
    if !user.actor.can(Action::SharePractices(found.organisation_id)) {
        return Err(AppError::Forbidden);
    }
    let practice = check(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE practices SET language = $1, title = $2, context = $3, what = $4, resources = $5, results = $6, \
         contact = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&practice.language)
    .bind(&practice.title)
    .bind(&practice.context)
    .bind(&practice.what)
    .bind(&practice.resources)
    .bind(&practice.results)
    .bind(&practice.contact)
    .bind(timestamp(write.now()))
    .bind(id)
    .execute(write.conn())
    .await?;
    write_links(&mut write, id, &practice).await?;
    write
        .commit(Change::new(
            "practice.edit",
            "practice",
            id,
            Some(found.organisation_id),
            practice.title.clone(),
        ))
        .await
}

/// A comment, or "we tried this", on behalf of an organisation the caller speaks for.
pub async fn add_note(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    practice: i64,
    organisation: i64,
    kind: &str,
    text: &str,
) -> AppResult<()> {
    let found = store::get(&state.db, practice).await?;
    if !user.actor.can(Action::SharePractices(organisation)) {
        return Err(AppError::invalid("organisation_id", "practice.error.organisation"));
    }
    let kind = NoteKind::parse(kind).ok_or(AppError::invalid("kind", "practice.error.kind"))?;
    let text = required_text(text, 3000, "text", "practice.error.note")?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO practice_notes (practice_id, organisation_id, kind, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(practice)
    .bind(organisation)
    .bind(kind.as_str())
    .bind(&text)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new(
            "practice.note",
            "practice",
            practice,
            Some(organisation),
            format!("{} on {}", kind.as_str(), found.title),
        ))
        .await
}
