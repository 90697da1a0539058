//! The needs diagnosis as the demo shows it: ANVP's, answered by three of
//! its people and still open, so that its report has priorities.

use super::cooperation::signed_in;
use crate::diagnoses::actions::{self, AnswerInput, DiagnosisInput};
use crate::error::AppResult;
use crate::state::AppState;

/// Each respondent's scores, question by question, and what they find most urgent.
const RESPONDENTS: &[(&str, [i64; 8], &str)] = &[
    (
        "national.anvp@passerelle.demo",
        [2, 3, 4, 4, 3, 2, 4, 3],
        "Des agréments plus rapides pour les nouveaux visiteurs.",
    ),
    (
        "coordinator@passerelle.demo",
        [1, 3, 3, 4, 2, 2, 3, 4],
        "Un interlocuteur au SPIP pour chaque équipe.",
    ),
    (
        "visitor@passerelle.demo",
        [2, 2, 4, 3, 2, 3, 4, 3],
        "Être prévenu quand une visite est annulée.",
    ),
];

/// Opens and answers it unless ANVP has a diagnosis; the rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let anvp: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = 'ANVP'")
        .fetch_one(&state.db.pool)
        .await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM diagnoses WHERE organisation_id = $1 LIMIT 1")
        .bind(anvp)
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let questionnaire: i64 = sqlx::query_scalar("SELECT id FROM questionnaires WHERE code = 'volpris_needs'")
        .fetch_one(&state.db.pool)
        .await?;
    let (scale, text): (Vec<i64>, Vec<i64>) = {
        let items: Vec<(i64, String)> = sqlx::query_as(
            "SELECT i.id, i.kind FROM questionnaire_items i LEFT JOIN questionnaire_items s ON s.id = i.section_id \
             WHERE i.questionnaire_id = $1 AND i.kind <> 'section' ORDER BY s.position, i.position",
        )
        .bind(questionnaire)
        .fetch_all(&state.db.pool)
        .await?;
        let scale = items.iter().filter(|(_, k)| k == "scale").map(|(id, _)| *id).collect();
        let text = items.iter().filter(|(_, k)| k == "text").map(|(id, _)| *id).collect();
        (scale, text)
    };
    let admin = signed_in(state, "national.anvp@passerelle.demo").await?;
    let input = DiagnosisInput {
        questionnaire_id: questionnaire,
        organisation_id: anvp,
        establishment_id: None,
    };
    let id = actions::open(state, &admin, "demo", &input).await?;
    for (email, scores, urgent) in RESPONDENTS {
        let person = signed_in(state, email).await?;
        let mut answers: Vec<AnswerInput> = scale
            .iter()
            .zip(scores)
            .map(|(item, score)| AnswerInput {
                item_id: *item,
                score: Some(*score),
                text: String::new(),
            })
            .collect();
        answers.extend(text.iter().map(|item| AnswerInput {
            item_id: *item,
            score: None,
            text: (*urgent).into(),
        }));
        actions::answer(state, &person, "demo", id, &answers).await?;
    }
    Ok(1)
}
