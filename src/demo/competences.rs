//! The competence framework as the demo shows it: the coordinators'
//! programme's modules linked to the competences they build, and ANVP's
//! coordinator's self-assessment with two gaps, which its national
//! administrator has looked at.

use super::cooperation::signed_in;
use crate::competences::actions::{self, RatingInput};
use crate::error::AppResult;
use crate::state::AppState;

/// Module title, competence code.
const LINKS: &[(&str, &str)] = &[
    ("Le cadre pénitentiaire et le rôle du bénévole", "prison_setting"),
    ("Le cadre pénitentiaire et le rôle du bénévole", "protection"),
    ("Écoute active et posture", "support"),
    ("Coordonner une équipe de bénévoles", "recruiting"),
    ("Coordonner une équipe de bénévoles", "reporting"),
    ("Travailler avec le SPIP et les partenaires", "partnership"),
];

/// Competence code, the coordinator's level, the manager's.
const RATINGS: &[(&str, i64, Option<i64>)] = &[
    ("prison_setting", 3, None),
    ("partnership", 1, Some(1)),
    ("recruiting", 3, Some(2)),
    ("support", 3, None),
    ("reporting", 2, None),
    ("protection", 3, None),
];

async fn competence(state: &AppState, code: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT id FROM competences WHERE code = $1")
        .bind(code)
        .fetch_one(&state.db.pool)
        .await?)
}

/// Links and rates unless ANVP's coordinator has a self-assessment; the rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let coordinator = signed_in(state, "coordinator@passerelle.demo").await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM competence_assessments WHERE person_id = $1 LIMIT 1")
        .bind(coordinator.person.id)
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let platform = signed_in(state, "admin@passerelle.demo").await?;
    for (module, code) in LINKS {
        let module: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM training_modules WHERE title = $1")
            .bind(module)
            .fetch_one(&state.db.pool)
            .await?;
        if let Some(module) = module {
            actions::link_module(state, &platform, "demo", competence(state, code).await?, module, true).await?;
        }
    }
    let anvp: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = 'ANVP'")
        .fetch_one(&state.db.pool)
        .await?;
    let id = actions::start(state, &coordinator, "demo", anvp).await?;
    let mut own = Vec::new();
    let mut manager = Vec::new();
    for (code, level, seen) in RATINGS {
        let competence_id = competence(state, code).await?;
        own.push(RatingInput {
            competence_id,
            level: Some(*level),
            comment: String::new(),
        });
        manager.push(RatingInput {
            competence_id,
            level: *seen,
            comment: String::new(),
        });
    }
    actions::rate(state, &coordinator, "demo", id, &own, false).await?;
    let admin = signed_in(state, "national.anvp@passerelle.demo").await?;
    actions::rate(state, &admin, "demo", id, &manager, true).await?;
    Ok(1)
}
