//! Diagnosis queries: questionnaires in the reader's language, the
//! diagnoses of one's organisations, the answers a report adds up, and the
//! comparison of closed diagnoses by country or establishment.

use sqlx::FromRow;

use super::rules::{self, Rights, Scores};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::Actor;

/// A questionnaire's id and title in `lang`.
pub async fn questionnaires(db: &Db, lang: Lang) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT q.id, t.title FROM questionnaires q JOIN questionnaire_texts t ON t.questionnaire_id = q.id AND t.language = $1 ORDER BY q.id",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// A section or a question.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = QuestionnaireItem)]
pub struct Item {
    pub id: i64,
    pub section_id: Option<i64>,
    /// `section`, `scale` or `text`.
    pub kind: String,
    pub position: i64,
    pub text: String,
}

/// A questionnaire's sections, each followed by its questions.
pub async fn items(db: &Db, questionnaire: i64, lang: Lang) -> AppResult<Vec<Item>> {
    let rows: Vec<Item> = sqlx::query_as(
        "SELECT i.id, i.section_id, i.kind, i.position, t.text FROM questionnaire_items i \
         JOIN questionnaire_item_texts t ON t.item_id = i.id AND t.language = $1 WHERE i.questionnaire_id = $2 \
         ORDER BY i.position, i.id",
    )
    .bind(lang.code())
    .bind(questionnaire)
    .fetch_all(&db.pool)
    .await?;
    let (sections, questions): (Vec<Item>, Vec<Item>) = rows.into_iter().partition(|i| i.section_id.is_none());
    Ok(sections
        .into_iter()
        .flat_map(|s| {
            let own: Vec<Item> = questions
                .iter()
                .filter(|q| q.section_id == Some(s.id))
                .cloned()
                .collect();
            std::iter::once(s).chain(own)
        })
        .collect())
}

/// A diagnosis as lists and its page show it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Diagnosis {
    pub id: i64,
    pub questionnaire_id: i64,
    pub questionnaire: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub establishment: Option<String>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub respondents: i64,
}

const DIAGNOSIS: &str = "SELECT d.id, d.questionnaire_id, t.title AS questionnaire, d.organisation_id, o.acronym AS organisation, \
     e.name AS establishment, d.opened_at, d.closed_at, \
     (SELECT COUNT(*) FROM diagnosis_responses r WHERE r.diagnosis_id = d.id) AS respondents \
     FROM diagnoses d JOIN questionnaire_texts t ON t.questionnaire_id = d.questionnaire_id AND t.language = $1 \
     JOIN organisations o ON o.id = d.organisation_id LEFT JOIN establishments e ON e.id = d.establishment_id";

/// The diagnoses of the organisations `actor` belongs to (not as an observer), the latest first.
pub async fn diagnoses(db: &Db, actor: &Actor, lang: Lang) -> AppResult<Vec<Diagnosis>> {
    let orgs: Vec<String> = actor
        .memberships
        .iter()
        .filter(|m| rules::rights(actor, m.organisation_id).read())
        .map(|m| m.organisation_id.to_string())
        .collect();
    let which = match (actor.platform_admin, orgs.is_empty()) {
        (true, _) => String::new(),
        (false, true) => return Ok(Vec::new()),
        (false, false) => format!(" WHERE d.organisation_id IN ({})", orgs.join(", ")),
    };
    Ok(sqlx::query_as(&format!(
        "{DIAGNOSIS}{which} ORDER BY d.opened_at DESC, d.id DESC LIMIT 200"
    ))
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// One diagnosis and the caller's rights; not found unless they answer or manage it.
pub async fn diagnosis(db: &Db, actor: &Actor, id: i64, lang: Lang) -> AppResult<(Diagnosis, Rights)> {
    let found: Diagnosis = sqlx::query_as(&format!("{DIAGNOSIS} WHERE d.id = $2"))
        .bind(lang.code())
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let rights = rules::rights(actor, found.organisation_id);
    if !rights.read() && !actor.platform_admin {
        return Err(AppError::NotFound);
    }
    Ok((found, rights))
}

/// An answer: who gave it (only to group answers by person, never shown), to what.
#[derive(Clone, Debug, FromRow)]
pub struct Answer {
    pub person_id: i64,
    pub item_id: i64,
    pub score: Option<i64>,
    pub text: String,
}

pub async fn answers(db: &Db, diagnosis: i64) -> AppResult<Vec<Answer>> {
    Ok(sqlx::query_as(
        "SELECT person_id, item_id, score, text FROM diagnosis_answers WHERE diagnosis_id = $1 ORDER BY item_id, person_id",
    )
    .bind(diagnosis)
    .fetch_all(&db.pool)
    .await?)
}

/// Each scale question's scores in a diagnosis.
pub fn scores(items: &[Item], answers: &[Answer]) -> Vec<(i64, Scores)> {
    items
        .iter()
        .filter(|i| i.kind == "scale")
        .map(|q| {
            let mut s = Scores::default();
            answers
                .iter()
                .filter(|a| a.item_id == q.id)
                .filter_map(|a| a.score)
                .for_each(|score| s.add(score));
            (q.id, s)
        })
        .collect()
}

/// One group of the comparison: its name, respondents, and each section's
/// scores (none when too few answered to show them).
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DiagnosisGroup)]
pub struct Group {
    pub name: String,
    pub respondents: i64,
    /// Per section, in order; empty when the group is hidden.
    pub sections: Vec<Scores>,
}

/// Closed diagnoses of `questionnaire` by country, or (`by_establishment`)
/// by prison diagnosed, as scores per section.
pub async fn compare(db: &Db, questionnaire: i64, sections: &[Item], by_establishment: bool) -> AppResult<Vec<Group>> {
    let group = if by_establishment { "e.name" } else { "o.country" };
    let filter = if by_establishment {
        " AND d.establishment_id IS NOT NULL"
    } else {
        ""
    };
    let respondents: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT {group}, COUNT(*) FROM diagnosis_responses r JOIN diagnoses d ON d.id = r.diagnosis_id \
         JOIN organisations o ON o.id = d.organisation_id LEFT JOIN establishments e ON e.id = d.establishment_id \
         WHERE d.questionnaire_id = $1 AND d.closed_at IS NOT NULL{filter} GROUP BY {group} ORDER BY {group}"
    ))
    .bind(questionnaire)
    .fetch_all(&db.pool)
    .await?;
    let counts: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT {group}, i.section_id, a.score, COUNT(*) FROM diagnosis_answers a JOIN questionnaire_items i ON i.id = a.item_id \
         JOIN diagnoses d ON d.id = a.diagnosis_id JOIN organisations o ON o.id = d.organisation_id \
         LEFT JOIN establishments e ON e.id = d.establishment_id \
         WHERE d.questionnaire_id = $1 AND d.closed_at IS NOT NULL AND a.score IS NOT NULL{filter} \
         GROUP BY {group}, i.section_id, a.score"
    ))
    .bind(questionnaire)
    .fetch_all(&db.pool)
    .await?;
    Ok(respondents
        .into_iter()
        .map(|(name, respondents)| {
            let shown = respondents >= rules::MIN_RESPONDENTS;
            let sections = if shown {
                sections
                    .iter()
                    .map(|s| {
                        let mut scores = Scores::default();
                        for (g, section, score, n) in &counts {
                            if *g == name && *section == s.id {
                                scores.add_many(*score, *n);
                            }
                        }
                        scores
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Group {
                name,
                respondents,
                sections,
            }
        })
        .collect())
}
