//! The qualifications organisations require for each mission, who lacks
//! them, and the training needs organisations report.

use sqlx::FromRow;

use crate::db::{Db, Filter, Param};
use crate::error::AppResult;

/// The SQL condition "this member lacks a qualification their organisation
/// requires for their mission", valid on the day bound at `today` (a
/// placeholder: `?` in a [`Filter`], `$n` elsewhere). The columns name the
/// membership's person, organisation and mission in the caller's query.
pub fn lacking_sql(person: &str, organisation: &str, mission: &str, today: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM qualification_requirements r WHERE r.organisation_id = {organisation} \
         AND r.mission = {mission} AND NOT EXISTS (SELECT 1 FROM qualifications q \
         JOIN training_completions c ON c.id = q.completion_id WHERE q.person_id = {person} \
         AND q.name = r.qualification AND c.revoked_at IS NULL AND (q.expires_on IS NULL OR q.expires_on >= {today})))"
    )
}

/// A qualification an organisation requires of its members with a mission,
/// and how many of them lack it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Requirement {
    pub organisation_id: i64,
    pub organisation: String,
    pub mission: String,
    pub qualification: String,
    pub lacking: i64,
}

impl Requirement {
    pub fn mission_label(&self) -> &'static str {
        crate::permissions::Mission::parse(&self.mission).map_or("mission.other", crate::permissions::Mission::label)
    }
}

/// The requirements of `organisations`, with the number of active members lacking each.
pub async fn requirements(db: &Db, organisations: &[i64], today: chrono::NaiveDate) -> AppResult<Vec<Requirement>> {
    let mut f = Filter::binding([Param::Text(today.to_string())]);
    f.and_in(
        "r.organisation_id",
        organisations.iter().copied().map(Param::Int).collect(),
    );
    let sql = format!(
        "SELECT r.organisation_id, o.acronym AS organisation, r.mission, r.qualification, \
         (SELECT COUNT(*) FROM memberships m JOIN persons p ON p.id = m.person_id \
          WHERE m.organisation_id = r.organisation_id AND m.mission = r.mission AND m.ended_at IS NULL AND p.active = 1 \
          AND NOT EXISTS (SELECT 1 FROM qualifications q JOIN training_completions c ON c.id = q.completion_id \
          WHERE q.person_id = m.person_id AND q.name = r.qualification AND c.revoked_at IS NULL \
          AND (q.expires_on IS NULL OR q.expires_on >= $1))) AS lacking \
         FROM qualification_requirements r JOIN organisations o ON o.id = r.organisation_id{} \
         ORDER BY o.acronym, r.mission, r.qualification",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// The qualifications modules grant, for choosing a requirement.
pub async fn qualification_names(db: &Db) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT qualification FROM training_modules WHERE qualification <> '' ORDER BY qualification",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The required qualifications a person lacks today: (organisation, qualification).
pub async fn missing_of(db: &Db, person_id: i64, today: chrono::NaiveDate) -> AppResult<Vec<(String, String)>> {
    let sql = format!(
        "SELECT DISTINCT o.acronym, r.qualification FROM memberships m \
         JOIN qualification_requirements r ON r.organisation_id = m.organisation_id AND r.mission = m.mission \
         JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.person_id = $1 AND m.ended_at IS NULL AND {} ORDER BY o.acronym, r.qualification",
        lacking_sql("m.person_id", "m.organisation_id", "m.mission", "$2")
    );
    Ok(sqlx::query_as(&sql)
        .bind(person_id)
        .bind(today.to_string())
        .fetch_all(&db.pool)
        .await?)
}

/// A training need a coordinator submitted.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Need {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub topic: String,
    pub volunteers: i64,
    pub region: Option<String>,
    pub note: String,
    pub created_at: String,
}

/// The needs of `organisations` (all when `None`), latest first.
pub async fn needs(db: &Db, organisations: Option<&[i64]>) -> AppResult<Vec<Need>> {
    let mut f = Filter::default();
    if let Some(ids) = organisations {
        f.and_in("n.organisation_id", ids.iter().copied().map(Param::Int).collect());
    }
    let sql = format!(
        "SELECT n.id, n.organisation_id, o.acronym AS organisation, n.topic, n.volunteers, r.name AS region, n.note, \
         n.created_at FROM training_needs n JOIN organisations o ON o.id = n.organisation_id \
         LEFT JOIN regions r ON r.id = n.region_id{} ORDER BY n.created_at DESC LIMIT 200",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// The needs of every organisation added up by topic and region, to plan
/// joint sessions (counts only).
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct NeedTotal {
    pub topic: String,
    pub region: Option<String>,
    pub organisations: i64,
    pub volunteers: i64,
}

pub async fn need_totals(db: &Db) -> AppResult<Vec<NeedTotal>> {
    Ok(sqlx::query_as(
        "SELECT n.topic, r.name AS region, COUNT(DISTINCT n.organisation_id) AS organisations, \
         CAST(SUM(n.volunteers) AS BIGINT) AS volunteers FROM training_needs n LEFT JOIN regions r ON r.id = n.region_id \
         GROUP BY n.topic, r.name ORDER BY volunteers DESC, n.topic LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?)
}
