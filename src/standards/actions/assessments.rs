//! Assessments: started, answered with evidence and documents, given an
//! action plan, and submitted with the figures kept as they stood.

use chrono::NaiveDate;

use super::assessment_for;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::{optional_link, required_text};
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::standards::figures::{self, Counted};
use crate::standards::rules::{self, Compliance, Incomplete};
use crate::standards::store::{self, Assessment};
use crate::state::AppState;

/// Who is assessed: an organisation, one of its sections, or a prison its
/// administration runs.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AssessmentInput {
    pub organisation_id: i64,
    pub section_id: Option<i64>,
    pub establishment_id: Option<i64>,
}

/// Starts an assessment of a published version; its id.
pub async fn start(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    version: i64,
    input: &AssessmentInput,
) -> AppResult<i64> {
    let found = store::version(&state.db, &user.actor, version, Lang::default()).await?;
    if found.is_draft() {
        return Err(AppError::invalid("version", "standard.error.draft"));
    }
    let org = input.organisation_id;
    if !user.actor.can(Action::AssessStandards(org)) {
        return Err(AppError::invalid("organisation_id", "standard.error.organisation"));
    }
    if let Some(section) = input.section_id {
        let own: Option<i64> = sqlx::query_scalar("SELECT id FROM sections WHERE id = $1 AND organisation_id = $2")
            .bind(section)
            .bind(org)
            .fetch_optional(&state.db.pool)
            .await?;
        own.ok_or(AppError::invalid("section_id", "standard.error.section"))?;
    }
    if let Some(establishment) = input.establishment_id
        && (input.section_id.is_some() || !crate::web::choices::administers(state, org, establishment).await?)
    {
        return Err(AppError::invalid("establishment_id", "standard.error.establishment"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO standard_assessments (version_id, organisation_id, section_id, establishment_id, started_by, started_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(version)
    .bind(org)
    .bind(input.section_id)
    .bind(input.establishment_id)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    write
        .commit(Change::new(
            "standard.assessment.start",
            "standard_assessment",
            id,
            Some(org),
            format!("{} v{}", found.name, found.version),
        ))
        .await?;
    Ok(id)
}

/// The answer to one requirement; an empty status takes the answer back.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    pub requirement_id: i64,
    /// `met`, `conditions`, `not_met`, `not_applicable`, or empty.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub link: String,
}

/// Saves the answers given, while the assessment is not submitted.
pub async fn save_answers(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    given: &[AnswerInput],
) -> AppResult<usize> {
    let (assessment, _, requirements) = assessment_for(state, user, id, |r| r.answer).await?;
    if assessment.submitted_at.is_some() {
        return Err(AppError::invalid("status", "standard.error.submitted"));
    }
    let mut checked = Vec::new();
    for answer in given {
        if !requirements.iter().any(|r| r.id == answer.requirement_id) {
            return Err(AppError::invalid("requirement_id", "standard.error.requirement"));
        }
        let status = match answer.status.trim() {
            "" => None,
            text => Some(Compliance::parse(text).ok_or(AppError::invalid("status", "standard.error.status"))?),
        };
        let evidence = answer.evidence.trim();
        if evidence.chars().count() > 4000 {
            return Err(AppError::invalid("evidence", "standard.error.long"));
        }
        let link = optional_link(&answer.link, "link", "standard.error.link")?;
        checked.push((answer.requirement_id, status, evidence.to_owned(), link));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for (requirement, status, evidence, link) in &checked {
        sqlx::query("DELETE FROM standard_answers WHERE assessment_id = $1 AND requirement_id = $2")
            .bind(id)
            .bind(requirement)
            .execute(write.conn())
            .await?;
        let Some(status) = status else { continue };
        sqlx::query(
            "INSERT INTO standard_answers (assessment_id, requirement_id, status, evidence, link, answered_by, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(requirement)
        .bind(status.as_str())
        .bind(evidence)
        .bind(link)
        .bind(user.person.id)
        .bind(&now)
        .execute(write.conn())
        .await?;
    }
    let answered = checked.iter().filter(|c| c.1.is_some()).count();
    write
        .commit(Change::new(
            "standard.assessment.answer",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{answered} answers"),
        ))
        .await?;
    Ok(answered)
}

/// The kinds of files given as evidence.
const EVIDENCE_KINDS: &[&str] = &["pdf", "odt", "docx", "ods", "xlsx", "txt"];

/// Attaches a file as evidence of a requirement, while the assessment is not submitted.
pub async fn attach(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    requirement: i64,
    (name, content): (&str, &[u8]),
) -> AppResult<()> {
    let (assessment, _, requirements) = assessment_for(state, user, id, |r| r.answer).await?;
    if assessment.submitted_at.is_some() {
        return Err(AppError::invalid("file", "standard.error.submitted"));
    }
    if !requirements.iter().any(|r| r.id == requirement) {
        return Err(AppError::invalid("requirement_id", "standard.error.requirement"));
    }
    let (name, kind) = crate::web::documents::accepted(name, content, EVIDENCE_KINDS, "")
        .ok_or(AppError::invalid("file", "standard.error.file"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO standard_evidence_files (assessment_id, requirement_id, name, content_type, content, size, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(requirement)
    .bind(&name)
    .bind(kind)
    .bind(content)
    .bind(content.len() as i64)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new(
            "standard.evidence.attach",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{name} for requirement {requirement}"),
        ))
        .await
}

/// A step of the action plan.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct StepInput {
    /// The requirement it closes the gap of, if one.
    pub requirement_id: Option<i64>,
    pub text: String,
    /// A member of the assessed organisation.
    pub owner_id: i64,
    #[schema(value_type = String, format = Date)]
    pub due_on: Option<NaiveDate>,
}

/// Adds a step to the action plan (before or after submission); its id.
pub async fn add_step(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &StepInput,
) -> AppResult<i64> {
    let (assessment, _, requirements) = assessment_for(state, user, id, |r| r.answer).await?;
    if input
        .requirement_id
        .is_some_and(|r| !requirements.iter().any(|i| i.id == r))
    {
        return Err(AppError::invalid("requirement_id", "standard.error.requirement"));
    }
    let text = required_text(&input.text, 1000, "text", "standard.error.step")?;
    let today = state.clock.now().date_naive();
    let due = input
        .due_on
        .filter(|d| *d >= today && (*d - today).num_days() <= 366 * 5)
        .ok_or(AppError::invalid("due_on", "standard.error.due"))?;
    let owner: Option<i64> = sqlx::query_scalar(
        "SELECT m.person_id FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.person_id = $1 AND m.organisation_id = $2 AND m.ended_at IS NULL AND m.role <> 'observer' AND p.active = 1 LIMIT 1",
    )
    .bind(input.owner_id)
    .bind(assessment.organisation_id)
    .fetch_optional(&state.db.pool)
    .await?;
    owner.ok_or(AppError::invalid("owner_id", "standard.error.owner"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let step: i64 = sqlx::query_scalar(
        "INSERT INTO standard_actions (assessment_id, requirement_id, text, owner_id, due_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id)
    .bind(input.requirement_id)
    .bind(&text)
    .bind(input.owner_id)
    .bind(due.to_string())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    write
        .commit(Change::new(
            "standard.action.add",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("action {step} due {due}"),
        ))
        .await?;
    Ok(step)
}

/// Marks a step of the plan done today; the assessment's id.
pub async fn complete_step(state: &AppState, user: &SignedIn, request_id: &str, step: i64) -> AppResult<i64> {
    let (id, done): (i64, Option<String>) =
        sqlx::query_as("SELECT assessment_id, done_on FROM standard_actions WHERE id = $1")
            .bind(step)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    let (assessment, _, _) = assessment_for(state, user, id, |r| r.answer).await?;
    if done.is_some() {
        return Err(AppError::invalid("step", "standard.error.done"));
    }
    let today = state.clock.now().date_naive();
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE standard_actions SET done_on = $1 WHERE id = $2")
        .bind(today.to_string())
        .bind(step)
        .execute(write.conn())
        .await?;
    write
        .commit(Change::new(
            "standard.action.done",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("action {step} done"),
        ))
        .await?;
    Ok(id)
}

/// Whose volunteers the assessment's figures count.
pub fn counted(assessment: &Assessment) -> Counted {
    match (assessment.section_id, assessment.establishment_id) {
        (Some(section), _) => Counted::Section(assessment.organisation_id, section),
        (None, Some(establishment)) => Counted::Establishment(establishment),
        (None, None) => Counted::Organisation(assessment.organisation_id),
    }
}

/// Submits the assessment: every requirement answered, every gap with an
/// action; the computed figures are kept as they stand today, and it is
/// valid for the version's validity.
pub async fn submit(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<NaiveDate> {
    let (assessment, _, requirements) = assessment_for(state, user, id, |r| r.manage).await?;
    if assessment.submitted_at.is_some() {
        return Err(AppError::invalid("submit", "standard.error.submitted"));
    }
    let answers = store::answers(&state.db, id).await?;
    let given: Vec<(i64, Option<Compliance>)> = requirements
        .iter()
        .map(|r| {
            let answer = answers.iter().find(|a| a.requirement_id == r.id);
            (r.id, answer.and_then(store::Answer::compliance))
        })
        .collect();
    let with_actions: Vec<i64> = store::plan(&state.db, id)
        .await?
        .iter()
        .filter_map(|s| s.requirement_id)
        .collect();
    rules::ready(&given, &with_actions).map_err(|missing| match missing {
        Incomplete::Unanswered(_) => AppError::invalid("submit", "standard.error.unanswered"),
        Incomplete::NoAction(_) => AppError::invalid("submit", "standard.error.no_action"),
    })?;
    let today = state.clock.now().date_naive();
    let mut figures = Vec::new();
    for requirement in &requirements {
        if let Some(figure) = requirement.figure() {
            let counted = counted(&assessment);
            let value = figures::compute(&state.db, figure, counted, &requirement.qualification, today).await?;
            figures.push((requirement.id, value));
        }
    }
    let months: i64 = sqlx::query_scalar("SELECT validity_months FROM standard_versions WHERE id = $1")
        .bind(assessment.version_id)
        .fetch_one(&state.db.pool)
        .await?;
    let until = rules::valid_until(today, u32::try_from(months).unwrap_or(1));
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let submitted = sqlx::query(
        "UPDATE standard_assessments SET submitted_at = $1, submitted_by = $2, valid_until = $3 WHERE id = $4 AND submitted_at IS NULL",
    )
    .bind(timestamp(write.now()))
    .bind(user.person.id)
    .bind(until.to_string())
    .bind(id)
    .execute(write.conn())
    .await?
    .rows_affected();
    if submitted == 0 {
        return Err(AppError::invalid("submit", "standard.error.submitted"));
    }
    for (requirement, (numerator, denominator)) in figures {
        sqlx::query(
            "UPDATE standard_answers SET numerator = $1, denominator = $2 WHERE assessment_id = $3 AND requirement_id = $4",
        )
        .bind(numerator)
        .bind(denominator)
        .bind(id)
        .bind(requirement)
        .execute(write.conn())
        .await?;
    }
    write
        .commit(Change::new(
            "standard.assessment.submit",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{} v{}, valid until {until}", assessment.framework, assessment.version),
        ))
        .await?;
    Ok(until)
}
