//! Indicator sets, their parties and answers. The parties are read from
//! the forum's own tables: a network's members, an agreement's parties.

use sqlx::{AnyConnection, FromRow};

use super::rules::{Forum, SetState};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::indicators::store::Indicator;

/// One version of a set.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorSet)]
pub struct IndicatorSet {
    pub id: i64,
    pub name: String,
    pub network_id: Option<i64>,
    pub agreement_id: Option<i64>,
    pub version: i64,
    /// The proposing organisation's acronym.
    pub proposed_by: String,
    pub proposed_at: String,
    /// When the last party accepted it; from then on it is frozen.
    pub agreed_at: Option<String>,
    /// The latest version of the forum's sets.
    pub latest: i64,
    /// How many parties accepted it.
    pub accepted: i64,
}

impl IndicatorSet {
    pub fn forum(&self) -> Forum {
        match (self.network_id, self.agreement_id) {
            (Some(id), _) => Forum::Network(id),
            (_, id) => Forum::Agreement(id.unwrap_or_default()),
        }
    }

    pub fn state(&self) -> SetState {
        SetState::of(self.agreed_at.is_some(), self.version, self.latest)
    }
}

/// A party of a forum and its answer to a set, if it gave one.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorSetParty)]
pub struct Party {
    pub organisation_id: i64,
    pub acronym: String,
    pub name: String,
    /// None while it has not answered.
    pub accepted: Option<i64>,
    pub comment: Option<String>,
    pub answered_at: Option<String>,
}

const SET: &str = "SELECT s.id, s.name, s.network_id, s.agreement_id, s.version, o.acronym AS proposed_by, s.proposed_at, \
     s.agreed_at, (SELECT MAX(l.version) FROM indicator_sets l WHERE l.network_id = s.network_id OR l.agreement_id = s.agreement_id) AS latest, \
     (SELECT COUNT(*) FROM indicator_set_answers a WHERE a.set_id = s.id AND a.accepted = 1) AS accepted \
     FROM indicator_sets s JOIN organisations o ON o.id = s.proposed_by_organisation";

fn forum_column(forum: Forum) -> (&'static str, i64) {
    match forum {
        Forum::Network(id) => ("network_id", id),
        Forum::Agreement(id) => ("agreement_id", id),
    }
}

/// Every version of a forum's sets, the latest first.
pub async fn sets_of(db: &Db, forum: Forum) -> AppResult<Vec<IndicatorSet>> {
    let (column, id) = forum_column(forum);
    Ok(
        sqlx::query_as(&format!("{SET} WHERE s.{column} = $1 ORDER BY s.version DESC"))
            .bind(id)
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn set(db: &Db, id: i64) -> AppResult<IndicatorSet> {
    sqlx::query_as(&format!("{SET} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The forum's name (a network's or an agreement's title); not found if
/// there is no such forum.
pub async fn forum_name(db: &Db, forum: Forum) -> AppResult<String> {
    let sql = match forum {
        Forum::Network(_) => "SELECT name FROM networks WHERE id = $1",
        Forum::Agreement(_) => "SELECT title FROM agreements WHERE id = $1",
    };
    sqlx::query_scalar(sql)
        .bind(forum_column(forum).1)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The forum's parties now, with their answers to `set` (none: no answers).
pub async fn parties(conn: &mut AnyConnection, forum: Forum, set: Option<i64>) -> AppResult<Vec<Party>> {
    let members = match forum {
        Forum::Network(_) => "SELECT organisation_id FROM network_members WHERE network_id = $1 AND state = 'member'",
        Forum::Agreement(_) => "SELECT organisation_id FROM agreement_parties WHERE agreement_id = $1",
    };
    Ok(sqlx::query_as(&format!(
        "SELECT o.id AS organisation_id, o.acronym, o.name, a.accepted, a.comment, a.answered_at FROM organisations o \
         LEFT JOIN indicator_set_answers a ON a.organisation_id = o.id AND a.set_id = $2 \
         WHERE o.id IN ({members}) ORDER BY o.acronym"
    ))
    .bind(forum_column(forum).1)
    .bind(set.unwrap_or(0))
    .fetch_all(conn)
    .await?)
}

/// The indicators of a set, each at the version the set holds, named in `lang`.
pub async fn items(db: &Db, set: i64, lang: Lang) -> AppResult<Vec<Indicator>> {
    Ok(sqlx::query_as(
        "SELECT i.code, i.version, i.numerator, i.denominator, i.scale, i.unit, i.better, t.name, t.description \
         FROM indicator_set_items si JOIN indicators i ON i.id = si.indicator_id \
         JOIN indicator_texts t ON t.indicator_id = i.id AND t.language = $2 WHERE si.set_id = $1 ORDER BY i.position",
    )
    .bind(set)
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// The catalogue's indicators, by id and name in `lang`, to choose from.
pub async fn choices(db: &Db, lang: Lang) -> AppResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.code, t.name FROM indicators i JOIN indicator_texts t ON t.indicator_id = i.id AND t.language = $1 \
         ORDER BY i.position",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// The ids of a set's indicators.
pub async fn item_ids(db: &Db, set: i64) -> AppResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT indicator_id FROM indicator_set_items WHERE set_id = $1")
            .bind(set)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// The latest agreed set of a forum.
pub async fn agreed(db: &Db, forum: Forum) -> AppResult<Option<IndicatorSet>> {
    Ok(sets_of(db, forum).await?.into_iter().find(|s| s.agreed_at.is_some()))
}
