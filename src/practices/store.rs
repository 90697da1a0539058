//! Practice queries: the library, searched across its fields and filtered
//! by theme, country and language; one practice with what it addresses and
//! the notes on it. Everyone signed in reads the library.

use sqlx::FromRow;

use super::rules::{NoteKind, Theme};
use crate::db::{Db, Filter, Param};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::web::list::{ListQuery, Paged};

/// A practice as the library lists it and its page shows it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Practice {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    /// The organisation's country.
    pub country: String,
    /// The language it is written in.
    pub language: String,
    pub title: String,
    pub context: String,
    pub what: String,
    pub resources: String,
    pub results: String,
    pub contact: String,
    /// Its themes, comma-separated codes.
    pub themes: String,
    /// How many organisations said they tried it.
    pub tried: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl Practice {
    pub fn themes(&self) -> Vec<Theme> {
        self.themes.split(',').filter_map(|t| Theme::parse(t.trim())).collect()
    }
}

fn select(db: &Db) -> String {
    format!(
        "SELECT p.id, p.organisation_id, o.acronym AS organisation, p.country, p.language, p.title, p.context, p.what, \
         p.resources, p.results, p.contact, \
         COALESCE((SELECT {themes} FROM practice_themes t WHERE t.practice_id = p.id), '') AS themes, \
         (SELECT COUNT(DISTINCT n.organisation_id) FROM practice_notes n WHERE n.practice_id = p.id AND n.kind = 'tried') AS tried, \
         p.created_at, p.updated_at FROM practices p JOIN organisations o ON o.id = p.organisation_id",
        themes = db.backend.string_agg("t.theme"),
    )
}

/// Which practices the library shows.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PracticeFilter {
    pub theme: Option<String>,
    /// An ISO country code.
    pub country: Option<String>,
    /// The language it is written in.
    pub language: Option<String>,
}

/// A page of the library, the latest changed first unless sorted otherwise.
pub async fn list(db: &Db, list: &ListQuery, filter: &PracticeFilter) -> AppResult<Paged<Practice>> {
    let mut f = Filter::default();
    if let Some(theme) = filter.theme.as_deref().and_then(Theme::parse) {
        f.and(
            "p.id IN (SELECT practice_id FROM practice_themes WHERE theme = ?)",
            [Param::Text(theme.as_str().into())],
        );
    }
    if let Some(country) = filter.country.as_deref().filter(|c| !c.is_empty()) {
        f.and("p.country = ?", [Param::Text(country.to_uppercase())]);
    }
    if let Some(language) = filter.language.as_deref().filter(|l| !l.is_empty()) {
        f.and("p.language = ?", [Param::Text(language.to_lowercase())]);
    }
    if let Some(q) = list.search() {
        f.search(&["p.title", "p.context", "p.what", "p.results", "o.acronym"], q);
    }
    let mut list = list.clone();
    if list.sort.is_none() {
        list.dir.get_or_insert_with(|| "desc".into());
    }
    let order = list.order_by(
        &[
            ("updated", "p.updated_at"),
            ("title", "p.title"),
            ("country", "p.country"),
        ],
        "p.id",
    );
    let count = "SELECT COUNT(*) FROM practices p JOIN organisations o ON o.id = p.organisation_id";
    Ok(f.page(db, &select(db), count, &order, &list).await?)
}

pub async fn get(db: &Db, id: i64) -> AppResult<Practice> {
    sqlx::query_as(&format!("{} WHERE p.id = $1", select(db)))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// A requirement or an indicator a practice addresses: its id and name.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Addressed {
    pub id: i64,
    pub name: String,
    /// Where to read it: the standard's version, for a requirement.
    pub version_id: Option<i64>,
}

/// The requirements a practice addresses, named in `lang` (or another language).
pub async fn requirements(db: &Db, practice: i64, lang: Lang) -> AppResult<Vec<Addressed>> {
    Ok(sqlx::query_as(
        "SELECT i.id, COALESCE((SELECT t.title FROM standard_item_texts t WHERE t.item_id = i.id AND t.language = $1), \
         (SELECT MIN(t.title) FROM standard_item_texts t WHERE t.item_id = i.id), '') AS name, i.version_id \
         FROM practice_requirements r JOIN standard_items i ON i.id = r.requirement_id WHERE r.practice_id = $2 ORDER BY i.position",
    )
    .bind(lang.code())
    .bind(practice)
    .fetch_all(&db.pool)
    .await?)
}

/// The indicators a practice addresses, named in `lang`.
pub async fn indicators(db: &Db, practice: i64, lang: Lang) -> AppResult<Vec<Addressed>> {
    Ok(sqlx::query_as(
        "SELECT i.id, t.name, CAST(NULL AS BIGINT) AS version_id FROM practice_indicators pi JOIN indicators i ON i.id = pi.indicator_id \
         JOIN indicator_texts t ON t.indicator_id = i.id AND t.language = $1 WHERE pi.practice_id = $2 ORDER BY i.position",
    )
    .bind(lang.code())
    .bind(practice)
    .fetch_all(&db.pool)
    .await?)
}

/// What may be linked to a practice: every requirement of a published
/// standard and every indicator, as (id, name).
pub async fn linkable(db: &Db, lang: Lang) -> AppResult<(Vec<(i64, String)>, Vec<(i64, String)>)> {
    let requirements = sqlx::query_as(
        "SELECT i.id, COALESCE((SELECT t.title FROM standard_item_texts t WHERE t.item_id = i.id AND t.language = $1), \
         (SELECT MIN(t.title) FROM standard_item_texts t WHERE t.item_id = i.id), '') FROM standard_items i \
         JOIN standard_versions v ON v.id = i.version_id WHERE v.published_at IS NOT NULL AND i.area_id IS NOT NULL \
         ORDER BY v.framework_id, v.version, i.position",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?;
    let indicators = sqlx::query_as(
        "SELECT i.id, t.name FROM indicators i JOIN indicator_texts t ON t.indicator_id = i.id AND t.language = $1 ORDER BY i.position",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?;
    Ok((requirements, indicators))
}

/// The ids a practice is linked to: (requirements, indicators).
pub async fn linked(db: &Db, practice: i64) -> AppResult<(Vec<i64>, Vec<i64>)> {
    let requirements = sqlx::query_scalar("SELECT requirement_id FROM practice_requirements WHERE practice_id = $1")
        .bind(practice)
        .fetch_all(&db.pool)
        .await?;
    let indicators = sqlx::query_scalar("SELECT indicator_id FROM practice_indicators WHERE practice_id = $1")
        .bind(practice)
        .fetch_all(&db.pool)
        .await?;
    Ok((requirements, indicators))
}

/// A note, signed by its organisation (not by a person's name).
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = PracticeNote)]
pub struct Note {
    pub id: i64,
    pub organisation: String,
    /// `comment` or `tried`.
    pub kind: String,
    pub text: String,
    pub created_at: String,
}

impl Note {
    pub fn kind(&self) -> NoteKind {
        NoteKind::parse(&self.kind).unwrap_or(NoteKind::Comment)
    }
}

pub async fn notes(db: &Db, practice: i64) -> AppResult<Vec<Note>> {
    Ok(sqlx::query_as(
        "SELECT n.id, o.acronym AS organisation, n.kind, n.text, n.created_at FROM practice_notes n \
         JOIN organisations o ON o.id = n.organisation_id WHERE n.practice_id = $1 ORDER BY n.created_at, n.id",
    )
    .bind(practice)
    .fetch_all(&db.pool)
    .await?)
}
