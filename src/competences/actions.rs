//! Starting a self-assessment, rating oneself, a manager's view, and the
//! modules that build a competence; each checked and audited.

use super::rules::{self, LEVELS};
use super::store;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;

/// Starts a self-assessment as a coordinator of `organisation`; its id.
pub async fn start(state: &AppState, user: &SignedIn, request_id: &str, organisation: i64) -> AppResult<i64> {
    if !rules::coordinating(&user.actor).any(|o| o == organisation) {
        return Err(AppError::invalid("organisation_id", "competence.error.organisation"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO competence_assessments (person_id, organisation_id, started_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(user.person.id)
    .bind(organisation)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    write
        .commit(Change::new(
            "competence.assessment.start",
            "competence_assessment",
            id,
            Some(organisation),
            "self-assessment started".into(),
        ))
        .await?;
    Ok(id)
}

/// A rating given to one competence; no level takes it back.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct RatingInput {
    pub competence_id: i64,
    /// 1 to 4.
    pub level: Option<i64>,
    #[serde(default)]
    pub comment: String,
}

/// Saves the person's own ratings, or (`manager`) their manager's view.
pub async fn rate(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    given: &[RatingInput],
    manager: bool,
) -> AppResult<usize> {
    let (assessment, rights) = store::assessment(&state.db, &user.actor, id).await?;
    if !(if manager { rights.manage } else { rights.rate }) {
        return Err(AppError::Forbidden);
    }
    let competences: Vec<i64> = sqlx::query_scalar("SELECT id FROM competences WHERE kind = 'competence'")
        .fetch_all(&state.db.pool)
        .await?;
    for rating in given {
        if !competences.contains(&rating.competence_id) {
            return Err(AppError::invalid("competence_id", "competence.error.competence"));
        }
        if rating.level.is_some_and(|l| !LEVELS.contains(&l)) {
            return Err(AppError::invalid("level", "competence.error.level"));
        }
        if rating.comment.trim().chars().count() > 1000 {
            return Err(AppError::invalid("comment", "competence.error.long"));
        }
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for rating in given {
        sqlx::query(
            "INSERT INTO competence_ratings (assessment_id, competence_id, comment) VALUES ($1, $2, '') ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(rating.competence_id)
        .execute(write.conn())
        .await?;
        let query = if manager {
            sqlx::query(
                "UPDATE competence_ratings SET manager_level = $1 WHERE assessment_id = $2 AND competence_id = $3",
            )
            .bind(rating.level)
        } else {
            sqlx::query("UPDATE competence_ratings SET level = $1, comment = $2 WHERE assessment_id = $3 AND competence_id = $4")
                .bind(rating.level)
                .bind(rating.comment.trim())
        };
        query.bind(id).bind(rating.competence_id).execute(write.conn()).await?;
    }
    let query = if manager {
        sqlx::query("UPDATE competence_assessments SET manager_id = $1, manager_at = $2 WHERE id = $3")
            .bind(user.person.id)
    } else {
        sqlx::query("UPDATE competence_assessments SET updated_at = $1 WHERE id = $2")
    };
    query.bind(&now).bind(id).execute(write.conn()).await?;
    let rated = given.iter().filter(|r| r.level.is_some()).count();
    let action = if manager {
        "competence.assessment.manager"
    } else {
        "competence.assessment.rate"
    };
    write
        .commit(Change::new(
            action,
            "competence_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{rated} competences rated"),
        ))
        .await?;
    Ok(rated)
}

/// Links a module to the competence it builds, or unlinks it: those who
/// keep the module's programme.
pub async fn link_module(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    competence: i64,
    module: i64,
    linked: bool,
) -> AppResult<()> {
    let owner: Option<i64> = sqlx::query_scalar(
        "SELECT p.organisation_id FROM training_modules m JOIN training_versions v ON v.id = m.version_id \
         JOIN training_programmes p ON p.id = v.programme_id WHERE m.id = $1",
    )
    .bind(module)
    .fetch_optional(&state.db.pool)
    .await?;
    let owner = owner.ok_or(AppError::invalid("module_id", "competence.error.module"))?;
    if !user.actor.can(Action::ManageTraining(owner)) {
        return Err(AppError::invalid("module_id", "competence.error.module"));
    }
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM competences WHERE id = $1 AND kind = 'competence'")
        .bind(competence)
        .fetch_optional(&state.db.pool)
        .await?;
    known.ok_or(AppError::invalid("competence_id", "competence.error.competence"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let sql = if linked {
        "INSERT INTO competence_modules (competence_id, module_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM competence_modules WHERE competence_id = $1 AND module_id = $2"
    };
    sqlx::query(sql)
        .bind(competence)
        .bind(module)
        .execute(write.conn())
        .await?;
    write
        .commit(Change::new(
            if linked {
                "competence.module.link"
            } else {
                "competence.module.unlink"
            },
            "competence",
            competence,
            Some(owner),
            format!("module {module}"),
        ))
        .await
}
