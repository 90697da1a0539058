//! Frameworks: created, their drafts edited, published, and the next
//! version started from a copy.

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::standards::rules::{Figure, FrameworkKind};
use crate::standards::store::{self, Version};
use crate::state::AppState;

/// A text of a version or an item in one language.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Text {
    /// An interface language: `fr`, `en`.
    pub language: String,
    /// The name of a version, the title of an area or a requirement.
    pub title: String,
    /// A version's description, a requirement's guidance.
    #[serde(default)]
    pub guidance: String,
    /// The evidence a requirement expects.
    #[serde(default)]
    pub evidence: String,
}

/// The texts given, checked: a title in at least one language, each of a
/// known language; texts left empty are dropped.
fn texts(given: &[Text]) -> AppResult<Vec<(Lang, String, String, String)>> {
    let mut kept = Vec::new();
    for text in given {
        let Some(lang) = Lang::parse(&text.language) else {
            return Err(AppError::invalid("language", "standard.error.language"));
        };
        let (title, guidance, evidence) = (text.title.trim(), text.guidance.trim(), text.evidence.trim());
        if title.is_empty() && guidance.is_empty() && evidence.is_empty() {
            continue;
        }
        let title = required_text(title, 300, "title", "standard.error.title")?;
        if guidance.chars().count() > 5000 || evidence.chars().count() > 2000 {
            return Err(AppError::invalid("guidance", "standard.error.long"));
        }
        kept.push((lang, title, guidance.to_owned(), evidence.to_owned()));
    }
    if kept.is_empty() {
        return Err(AppError::invalid("title", "standard.error.title"));
    }
    Ok(kept)
}

fn validity(months: i64) -> AppResult<i64> {
    if (1..=120).contains(&months) {
        Ok(months)
    } else {
        Err(AppError::invalid("validity_months", "standard.error.validity"))
    }
}

/// A new framework: its kind, keeper, validity and name.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct FrameworkInput {
    /// `programme` or `training`.
    pub kind: String,
    /// The organisation keeping it; none: the platform's administrators.
    pub keeper_id: Option<i64>,
    pub validity_months: i64,
    pub texts: Vec<Text>,
}

/// Creates a framework and its first version, a draft; the version's id.
pub async fn create_framework(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &FrameworkInput,
) -> AppResult<i64> {
    let kind = FrameworkKind::parse(&input.kind).ok_or(AppError::invalid("kind", "standard.error.kind"))?;
    if !user.actor.can(Action::KeepStandards(input.keeper_id)) {
        return Err(AppError::invalid("keeper_id", "standard.error.keeper"));
    }
    let months = validity(input.validity_months)?;
    let texts = texts(&input.texts)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let framework: i64 = sqlx::query_scalar(
        "INSERT INTO standard_frameworks (kind, keeper_id, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(input.keeper_id)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO standard_versions (framework_id, version, validity_months, created_at) VALUES ($1, 1, $2, $3) RETURNING id",
    )
    .bind(framework)
    .bind(months)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    write_texts(&mut write, Owner::Version(version), &texts).await?;
    write
        .commit(Change::new(
            "standard.framework.create",
            "standard_version",
            version,
            input.keeper_id,
            format!("{} v1", texts[0].1),
        ))
        .await?;
    Ok(version)
}

/// Whose texts: a version's (its name and description) or an item's
/// (its title, guidance and evidence expected).
#[derive(Clone, Copy)]
enum Owner {
    Version(i64),
    Item(i64),
}

/// Replaces the texts of `owner` in every language given.
async fn write_texts(write: &mut Write, owner: Owner, texts: &[(Lang, String, String, String)]) -> AppResult<()> {
    let (table, column, id, columns) = match owner {
        Owner::Version(id) => ("standard_version_texts", "version_id", id, "name, description"),
        Owner::Item(id) => ("standard_item_texts", "item_id", id, "title, guidance, evidence"),
    };
    sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
        .bind(id)
        .execute(write.conn())
        .await?;
    let item = matches!(owner, Owner::Item(_));
    let marks = if item { "$3, $4, $5" } else { "$3, $4" };
    let sql = format!("INSERT INTO {table} ({column}, language, {columns}) VALUES ($1, $2, {marks})");
    for (lang, title, guidance, evidence) in texts {
        let query = sqlx::query(&sql).bind(id).bind(lang.code()).bind(title).bind(guidance);
        let query = if item { query.bind(evidence) } else { query };
        query.execute(write.conn()).await?;
    }
    Ok(())
}

/// The draft `id`, if `user` keeps its framework.
async fn kept_draft(state: &AppState, user: &SignedIn, id: i64) -> AppResult<Version> {
    let version = store::version(&state.db, &user.actor, id, Lang::default()).await?;
    if !version.kept_by(&user.actor) {
        return Err(AppError::Forbidden);
    }
    if !version.is_draft() {
        return Err(AppError::invalid("version", "standard.error.published"));
    }
    Ok(version)
}

fn edited(action: &'static str, version: &Version, summary: String) -> Change {
    Change::new(
        action,
        "standard_version",
        version.id,
        version.keeper_id,
        format!("{} v{}: {summary}", version.name, version.version),
    )
}

/// Renames a draft, changes its validity.
pub async fn save_version(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    validity_months: i64,
    given: &[Text],
) -> AppResult<()> {
    let version = kept_draft(state, user, id).await?;
    let months = validity(validity_months)?;
    let texts = texts(given)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE standard_versions SET validity_months = $1 WHERE id = $2")
        .bind(months)
        .bind(id)
        .execute(write.conn())
        .await?;
    write_texts(&mut write, Owner::Version(id), &texts).await?;
    write
        .commit(edited("standard.version.edit", &version, format!("{months} months")))
        .await
}

/// What a requirement computes as evidence; nothing for an area.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    /// The area a new requirement goes in; none for a new area.
    pub area_id: Option<i64>,
    pub texts: Vec<Text>,
    /// `active_authorised`, `authorised_qualified`, `active_authorised_qualified` or none.
    pub figure: Option<String>,
    #[serde(default)]
    pub qualification: String,
    pub module_id: Option<i64>,
    /// The share (percent) of volunteers that makes it met.
    pub target: Option<i64>,
}

/// The figure, qualification, module and target of a requirement, checked.
async fn evidence_rule(state: &AppState, input: &ItemInput) -> AppResult<(Option<Figure>, String, Option<i64>, i64)> {
    let figure = match input.figure.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(text) => Some(Figure::parse(text).ok_or(AppError::invalid("figure", "standard.error.figure"))?),
        None => None,
    };
    let qualification = input.qualification.trim().to_owned();
    if figure.is_some_and(Figure::needs_qualification) && qualification.is_empty()
        || qualification.chars().count() > 200
    {
        return Err(AppError::invalid("qualification", "standard.error.qualification"));
    }
    if let Some(module) = input.module_id {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM training_modules WHERE id = $1")
            .bind(module)
            .fetch_optional(&state.db.pool)
            .await?;
        known.ok_or(AppError::invalid("module_id", "standard.error.module"))?;
    }
    let target = input.target.unwrap_or(100);
    if !(1..=100).contains(&target) {
        return Err(AppError::invalid("target", "standard.error.target"));
    }
    Ok((figure, qualification, input.module_id, target))
}

/// Adds an area to a draft, or a requirement to one of its areas; the item's id.
pub async fn add_item(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &ItemInput,
) -> AppResult<i64> {
    let version = kept_draft(state, user, id).await?;
    let texts = texts(&input.texts)?;
    let (figure, qualification, module, target) = evidence_rule(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    if let Some(area) = input.area_id {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM standard_items WHERE id = $1 AND version_id = $2 AND area_id IS NULL")
                .bind(area)
                .bind(id)
                .fetch_optional(write.conn())
                .await?;
        found.ok_or(AppError::invalid("area_id", "standard.error.area"))?;
    }
    let item: i64 = sqlx::query_scalar(
        "INSERT INTO standard_items (version_id, area_id, position, figure, qualification, module_id, target) \
         SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3, $4, $5, $6 FROM standard_items WHERE version_id = $1 RETURNING id",
    )
    .bind(id)
    .bind(input.area_id)
    .bind(figure.map(Figure::as_str))
    .bind(&qualification)
    .bind(module)
    .bind(target)
    .fetch_one(write.conn())
    .await?;
    write_texts(&mut write, Owner::Item(item), &texts).await?;
    write
        .commit(edited("standard.item.add", &version, texts[0].1.clone()))
        .await?;
    Ok(item)
}

/// The draft an item belongs to, if `user` keeps it.
async fn item_draft(state: &AppState, user: &SignedIn, item: i64) -> AppResult<(Version, Option<i64>)> {
    let (version, area): (i64, Option<i64>) =
        sqlx::query_as("SELECT version_id, area_id FROM standard_items WHERE id = $1")
            .bind(item)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok((kept_draft(state, user, version).await?, area))
}

/// Changes an item's texts and, for a requirement, its evidence rule.
pub async fn save_item(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    item: i64,
    input: &ItemInput,
) -> AppResult<()> {
    let (version, area) = item_draft(state, user, item).await?;
    let texts = texts(&input.texts)?;
    let (figure, qualification, module, target) = if area.is_some() {
        evidence_rule(state, input).await?
    } else {
        (None, String::new(), None, 100)
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE standard_items SET figure = $1, qualification = $2, module_id = $3, target = $4 WHERE id = $5")
        .bind(figure.map(Figure::as_str))
        .bind(&qualification)
        .bind(module)
        .bind(target)
        .bind(item)
        .execute(write.conn())
        .await?;
    write_texts(&mut write, Owner::Item(item), &texts).await?;
    write
        .commit(edited("standard.item.edit", &version, texts[0].1.clone()))
        .await
}

/// Removes an item from a draft (an area with its requirements).
pub async fn remove_item(state: &AppState, user: &SignedIn, request_id: &str, item: i64) -> AppResult<i64> {
    let (version, _) = item_draft(state, user, item).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let doomed = "SELECT id FROM standard_items WHERE id = $1 OR area_id = $1";
    sqlx::query(&format!("DELETE FROM standard_item_texts WHERE item_id IN ({doomed})"))
        .bind(item)
        .execute(write.conn())
        .await?;
    sqlx::query("DELETE FROM standard_items WHERE area_id = $1")
        .bind(item)
        .execute(write.conn())
        .await?;
    sqlx::query("DELETE FROM standard_items WHERE id = $1")
        .bind(item)
        .execute(write.conn())
        .await?;
    write
        .commit(edited("standard.item.remove", &version, format!("item {item}")))
        .await?;
    Ok(version.id)
}

/// Publishes a draft: from then on it never changes. It needs a requirement.
pub async fn publish(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let version = kept_draft(state, user, id).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let requirements: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM standard_items WHERE version_id = $1 AND area_id IS NOT NULL")
            .bind(id)
            .fetch_one(write.conn())
            .await?;
    if requirements == 0 {
        return Err(AppError::invalid("version", "standard.error.empty"));
    }
    sqlx::query("UPDATE standard_versions SET published_at = $1 WHERE id = $2 AND published_at IS NULL")
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .commit(edited("standard.version.publish", &version, "published".into()))
        .await
}

/// An item of a version, as the next version copies it.
#[derive(sqlx::FromRow)]
struct CopiedItem {
    id: i64,
    area_id: Option<i64>,
    position: i64,
    figure: Option<String>,
    qualification: String,
    module_id: Option<i64>,
    target: i64,
}

/// Starts the next version of a framework as a draft copy of its latest
/// published one; the draft's id.
pub async fn next_version(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<i64> {
    let version = store::version(&state.db, &user.actor, id, Lang::default()).await?;
    if !version.kept_by(&user.actor) {
        return Err(AppError::Forbidden);
    }
    if version.is_draft() || version.version != version.latest {
        return Err(AppError::invalid("version", "standard.error.not_latest"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let inserted = sqlx::query_scalar(
        "INSERT INTO standard_versions (framework_id, version, validity_months, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(version.framework_id)
    .bind(version.version + 1)
    .bind(version.validity_months)
    .bind(&now)
    .fetch_one(write.conn())
    .await;
    let draft: i64 = match inserted {
        Err(err) if crate::db::is_unique_violation(&err, "standard_versions") => {
            return Err(AppError::invalid("version", "standard.error.not_latest"));
        }
        other => other?,
    };
    sqlx::query(
        "INSERT INTO standard_version_texts (version_id, language, name, description) \
         SELECT $1, language, name, description FROM standard_version_texts WHERE version_id = $2",
    )
    .bind(draft)
    .bind(id)
    .execute(write.conn())
    .await?;
    let items: Vec<CopiedItem> = sqlx::query_as(
        "SELECT id, area_id, position, figure, qualification, module_id, target FROM standard_items \
         WHERE version_id = $1 ORDER BY area_id IS NOT NULL, position",
    )
    .bind(id)
    .fetch_all(write.conn())
    .await?;
    // Areas come first, so each requirement finds its area's copy.
    let mut copies: Vec<(i64, i64)> = Vec::new();
    for item in items {
        let area = item
            .area_id
            .and_then(|a| copies.iter().find(|(o, _)| *o == a).map(|(_, n)| *n));
        let copy: i64 = sqlx::query_scalar(
            "INSERT INTO standard_items (version_id, area_id, position, figure, qualification, module_id, target) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(draft)
        .bind(area)
        .bind(item.position)
        .bind(item.figure)
        .bind(item.qualification)
        .bind(item.module_id)
        .bind(item.target)
        .fetch_one(write.conn())
        .await?;
        sqlx::query(
            "INSERT INTO standard_item_texts (item_id, language, title, guidance, evidence) \
             SELECT $1, language, title, guidance, evidence FROM standard_item_texts WHERE item_id = $2",
        )
        .bind(copy)
        .bind(item.id)
        .execute(write.conn())
        .await?;
        copies.push((item.id, copy));
    }
    write
        .commit(edited(
            "standard.version.next",
            &version,
            format!("v{} drafted", version.version + 1),
        ))
        .await?;
    Ok(draft)
}
