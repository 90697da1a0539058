//! Competence queries: the framework in the reader's language with the
//! modules linked to each competence; self-assessments and their ratings.

use sqlx::FromRow;

use super::rules::{self, Rating, Rights};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::Actor;

/// A category, a competence, or one of its knowledge, skills and attitudes.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Competence {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
    /// `category`, `competence`, `knowledge`, `skill` or `attitude`.
    pub kind: String,
    pub position: i64,
    /// The level expected of a coordinator (competences only).
    pub expected: Option<i64>,
    pub text: String,
    pub level_1: String,
    pub level_2: String,
    pub level_3: String,
    pub level_4: String,
}

impl Competence {
    /// What the competence looks like at `level`.
    pub fn descriptor(&self, level: &i64) -> &str {
        match level {
            1 => &self.level_1,
            2 => &self.level_2,
            3 => &self.level_3,
            _ => &self.level_4,
        }
    }
}

/// The whole framework in `lang`, in order (parents before their children).
pub async fn framework(db: &Db, lang: Lang) -> AppResult<Vec<Competence>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.code, c.parent_id, c.kind, c.position, c.expected, t.text, t.level_1, t.level_2, t.level_3, t.level_4 \
         FROM competences c JOIN competence_texts t ON t.competence_id = c.id AND t.language = $1 \
         ORDER BY c.kind <> 'category', c.position, c.id",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// A module linked to a competence.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetenceModule)]
pub struct Module {
    pub competence_id: i64,
    pub module_id: i64,
    pub title: String,
    pub programme_id: i64,
    pub programme: String,
}

pub async fn modules(db: &Db) -> AppResult<Vec<Module>> {
    Ok(sqlx::query_as(
        "SELECT cm.competence_id, m.id AS module_id, m.title, p.id AS programme_id, p.title AS programme \
         FROM competence_modules cm JOIN training_modules m ON m.id = cm.module_id \
         JOIN training_versions v ON v.id = m.version_id JOIN training_programmes p ON p.id = v.programme_id \
         ORDER BY p.title, m.position",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// A self-assessment as lists show it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetenceAssessment)]
pub struct Assessment {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub started_at: String,
    pub updated_at: String,
    /// When a manager added their view.
    pub manager_at: Option<String>,
    /// Competences rated by the person.
    pub rated: i64,
}

const ASSESSMENT: &str = "SELECT a.id, a.person_id, p.name AS person, a.organisation_id, o.acronym AS organisation, \
     a.started_at, a.updated_at, a.manager_at, \
     (SELECT COUNT(*) FROM competence_ratings r WHERE r.assessment_id = a.id AND r.level IS NOT NULL) AS rated \
     FROM competence_assessments a JOIN persons p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id";

/// The person's own self-assessments and, for an organisation's
/// administrators, those of its coordinators; the latest first.
pub async fn assessments(db: &Db, actor: &Actor) -> AppResult<Vec<Assessment>> {
    let managed: Vec<String> = actor
        .memberships
        .iter()
        .filter(|m| m.role == crate::permissions::Role::OrgAdmin)
        .map(|m| m.organisation_id.to_string())
        .collect();
    let others = match (actor.platform_admin, managed.is_empty()) {
        (true, _) => " OR 1 = 1".to_owned(),
        (false, true) => String::new(),
        (false, false) => format!(" OR a.organisation_id IN ({})", managed.join(", ")),
    };
    Ok(sqlx::query_as(&format!(
        "{ASSESSMENT} WHERE (a.person_id = $1{others}) ORDER BY a.started_at DESC, a.id DESC LIMIT 200"
    ))
    .bind(actor.person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// One self-assessment and the caller's rights; not found unless they read it.
pub async fn assessment(db: &Db, actor: &Actor, id: i64) -> AppResult<(Assessment, Rights)> {
    let found: Assessment = sqlx::query_as(&format!("{ASSESSMENT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let rights = rules::rights(actor, found.person_id, found.organisation_id);
    if !rights.read {
        return Err(AppError::NotFound);
    }
    Ok((found, rights))
}

/// One competence's ratings in a self-assessment.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = CompetenceRating)]
pub struct Stored {
    pub competence_id: i64,
    pub level: Option<i64>,
    pub manager_level: Option<i64>,
    pub comment: String,
}

pub async fn ratings(db: &Db, assessment: i64) -> AppResult<Vec<Stored>> {
    Ok(sqlx::query_as(
        "SELECT competence_id, level, manager_level, comment FROM competence_ratings WHERE assessment_id = $1",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// The rating of `competence` from what is stored.
pub fn rating(stored: &[Stored], competence: &Competence) -> Rating {
    let found = stored.iter().find(|s| s.competence_id == competence.id);
    Rating {
        own: found.and_then(|s| s.level),
        manager: found.and_then(|s| s.manager_level),
        expected: competence.expected.unwrap_or(1),
    }
}
