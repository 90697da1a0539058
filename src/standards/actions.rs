//! Every write on standards, checked against the caller's rights and
//! recorded in the audit log in the same transaction. Audit summaries name
//! organisations and frameworks, never a person.

use chrono::NaiveDate;

use super::figures::{self, Counted};
use super::rules::{self, Compliance, Figure, FrameworkKind, Incomplete};
use super::store::{self, Assessment, Version};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::{optional_link, required_text};
use crate::i18n::Lang;
use crate::inbox::Recipient;
use crate::permissions::Action;
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
    write_version_texts(&mut write, version, &texts).await?;
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

async fn write_version_texts(
    write: &mut Write,
    version: i64,
    texts: &[(Lang, String, String, String)],
) -> AppResult<()> {
    sqlx::query("DELETE FROM standard_version_texts WHERE version_id = $1")
        .bind(version)
        .execute(write.conn())
        .await?;
    for (lang, name, description, _) in texts {
        sqlx::query(
            "INSERT INTO standard_version_texts (version_id, language, name, description) VALUES ($1, $2, $3, $4)",
        )
        .bind(version)
        .bind(lang.code())
        .bind(name)
        .bind(description)
        .execute(write.conn())
        .await?;
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
    write_version_texts(&mut write, id, &texts).await?;
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

async fn write_item_texts(write: &mut Write, item: i64, texts: &[(Lang, String, String, String)]) -> AppResult<()> {
    sqlx::query("DELETE FROM standard_item_texts WHERE item_id = $1")
        .bind(item)
        .execute(write.conn())
        .await?;
    for (lang, title, guidance, evidence) in texts {
        sqlx::query(
            "INSERT INTO standard_item_texts (item_id, language, title, guidance, evidence) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(item)
        .bind(lang.code())
        .bind(title)
        .bind(guidance)
        .bind(evidence)
        .execute(write.conn())
        .await?;
    }
    Ok(())
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
    write_item_texts(&mut write, item, &texts).await?;
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
    write_item_texts(&mut write, item, &texts).await?;
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
    let (administration, country): (i64, String) = sqlx::query_as(
        "SELECT CASE WHEN kind = 'prison_administration' THEN 1 ELSE 0 END, country FROM organisations WHERE id = $1",
    )
    .bind(org)
    .fetch_one(&state.db.pool)
    .await?;
    if let Some(section) = input.section_id {
        let own: Option<i64> = sqlx::query_scalar("SELECT id FROM sections WHERE id = $1 AND organisation_id = $2")
            .bind(section)
            .bind(org)
            .fetch_optional(&state.db.pool)
            .await?;
        own.ok_or(AppError::invalid("section_id", "standard.error.section"))?;
    }
    if let Some(establishment) = input.establishment_id {
        let run: Option<i64> = sqlx::query_scalar("SELECT id FROM establishments WHERE id = $1 AND country = $2")
            .bind(establishment)
            .bind(&country)
            .fetch_optional(&state.db.pool)
            .await?;
        if administration == 0 || run.is_none() || input.section_id.is_some() {
            return Err(AppError::invalid("establishment_id", "standard.error.establishment"));
        }
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

/// The assessment and its version's requirements, if `user` may `need` on it.
async fn assessment_for(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    need: fn(&rules::Rights) -> bool,
) -> AppResult<(Assessment, rules::Rights, Vec<store::Item>)> {
    let (assessment, rights) = store::assessment(&state.db, &user.actor, id, Lang::default()).await?;
    if !need(&rights) {
        return Err(AppError::Forbidden);
    }
    let requirements = store::items(&state.db, assessment.version_id, Lang::default())
        .await?
        .into_iter()
        .filter(|i| i.area_id.is_some())
        .collect();
    Ok((assessment, rights, requirements))
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

/// Invites another organisation to review a submitted assessment; its
/// administrators are told.
pub async fn invite(state: &AppState, user: &SignedIn, request_id: &str, id: i64, reviewer: i64) -> AppResult<()> {
    let (assessment, _, _) = assessment_for(state, user, id, |r| r.manage).await?;
    if assessment.submitted_at.is_none() {
        return Err(AppError::invalid("reviewer_id", "standard.error.not_submitted"));
    }
    let known: Option<String> = sqlx::query_scalar("SELECT acronym FROM organisations WHERE id = $1")
        .bind(reviewer)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some(acronym) = known.filter(|_| reviewer != assessment.organisation_id) else {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewer"));
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    let invited = sqlx::query(
        "INSERT INTO standard_reviews (assessment_id, reviewer_id, invited_by, invited_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(reviewer)
    .bind(user.person.id)
    .bind(timestamp(now))
    .execute(write.conn())
    .await?
    .rows_affected();
    if invited == 0 {
        return Err(AppError::invalid("reviewer_id", "standard.error.invited"));
    }
    let about = format!("{} — {}", assessment.organisation, assessment.framework);
    for admin in Recipient::administrators(write.conn(), &[reviewer]).await? {
        let notice = admin.notice(
            "standard.notice.invited",
            "standard.notice.invited_body",
            &about,
            format!("/standards/assessments/{id}"),
        );
        notice.store(write.conn(), now).await?;
    }
    write
        .commit(Change::new(
            "standard.review.invite",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{acronym} invited to review"),
        ))
        .await
}

/// A reviewer's view of one requirement: agrees, or not (and why).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ReviewInput {
    pub requirement_id: i64,
    /// None: not reviewed yet.
    pub agrees: Option<bool>,
    #[serde(default)]
    pub comment: String,
}

/// Saves a reviewer's views; with `complete`, closes the review (every
/// requirement seen) and tells the assessed party.
pub async fn review(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    reviewer: i64,
    given: &[ReviewInput],
    complete: bool,
) -> AppResult<()> {
    let (assessment, rights, requirements) = assessment_for(state, user, id, |r| !r.reviews_for.is_empty()).await?;
    if !rights.reviews_for.contains(&reviewer) {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewer"));
    }
    let (review, completed): (i64, Option<String>) =
        sqlx::query_as("SELECT id, completed_at FROM standard_reviews WHERE assessment_id = $1 AND reviewer_id = $2")
            .bind(id)
            .bind(reviewer)
            .fetch_one(&state.db.pool)
            .await?;
    if completed.is_some() {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewed"));
    }
    for view in given {
        if !requirements.iter().any(|r| r.id == view.requirement_id) {
            return Err(AppError::invalid("requirement_id", "standard.error.requirement"));
        }
        if view.comment.trim().chars().count() > 2000 {
            return Err(AppError::invalid("comment", "standard.error.long"));
        }
        if view.agrees == Some(false) && view.comment.trim().is_empty() {
            return Err(AppError::invalid("comment", "standard.error.why"));
        }
    }
    let seen = |r: &store::Item| given.iter().any(|v| v.requirement_id == r.id && v.agrees.is_some());
    if complete && !requirements.iter().all(seen) {
        return Err(AppError::invalid("complete", "standard.error.review_incomplete"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    for view in given {
        sqlx::query("DELETE FROM standard_review_answers WHERE review_id = $1 AND requirement_id = $2")
            .bind(review)
            .bind(view.requirement_id)
            .execute(write.conn())
            .await?;
        let Some(agrees) = view.agrees else { continue };
        sqlx::query(
            "INSERT INTO standard_review_answers (review_id, requirement_id, agrees, comment, answered_by, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(review)
        .bind(view.requirement_id)
        .bind(i64::from(agrees))
        .bind(view.comment.trim())
        .bind(user.person.id)
        .bind(timestamp(now))
        .execute(write.conn())
        .await?;
    }
    let disagreements = given.iter().filter(|v| v.agrees == Some(false)).count();
    if complete {
        sqlx::query("UPDATE standard_reviews SET completed_at = $1, completed_by = $2 WHERE id = $3")
            .bind(timestamp(now))
            .bind(user.person.id)
            .bind(review)
            .execute(write.conn())
            .await?;
        let about = format!("{} — {}", assessment.framework, disagreements);
        for admin in Recipient::administrators(write.conn(), &[assessment.organisation_id]).await? {
            let notice = admin.notice(
                "standard.notice.reviewed",
                "standard.notice.reviewed_body",
                &about,
                format!("/standards/assessments/{id}"),
            );
            notice.store(write.conn(), now).await?;
        }
    }
    let action = if complete {
        "standard.review.complete"
    } else {
        "standard.review.save"
    };
    write
        .commit(Change::new(
            action,
            "standard_assessment",
            id,
            Some(reviewer),
            format!("{disagreements} disagreements"),
        ))
        .await
}

/// Shares a submitted assessment's tally with the networks chosen among
/// those the assessed organisation belongs to (and stops sharing with the others).
pub async fn share(state: &AppState, user: &SignedIn, request_id: &str, id: i64, networks: &[i64]) -> AppResult<()> {
    let (assessment, _, _) = assessment_for(state, user, id, |r| r.manage).await?;
    if assessment.submitted_at.is_none() {
        return Err(AppError::invalid("network", "standard.error.not_submitted"));
    }
    let member_of = member_networks(state, assessment.organisation_id).await?;
    if networks.iter().any(|n| !member_of.iter().any(|(m, _)| m == n)) {
        return Err(AppError::invalid("network", "standard.error.network"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query("DELETE FROM standard_shares WHERE assessment_id = $1")
        .bind(id)
        .execute(write.conn())
        .await?;
    for network in networks {
        sqlx::query(
            "INSERT INTO standard_shares (assessment_id, network_id, shared_by, shared_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(network)
        .bind(user.person.id)
        .bind(&now)
        .execute(write.conn())
        .await?;
    }
    write
        .commit(Change::new(
            "standard.assessment.share",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("shared with {} networks", networks.len()),
        ))
        .await
}

/// The networks an organisation is a member of (or coordinates): (id, name).
pub async fn member_networks(state: &AppState, organisation: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.name FROM networks n WHERE n.coordinator_id = $1 \
         OR n.id IN (SELECT network_id FROM network_members WHERE organisation_id = $1 AND state = 'member') ORDER BY n.name",
    )
    .bind(organisation)
    .fetch_all(&state.db.pool)
    .await?)
}
