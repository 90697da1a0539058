//! The curriculum: programmes and their versions, modules, materials, and
//! the qualifications an organisation requires.

use super::*;

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::permissions::Action;
use crate::state::AppState;
use crate::training::store;

/// A programme as its organisation writes it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ProgrammeInput {
    pub organisation_id: i64,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// The training guide, paragraphs separated by blank lines.
    #[serde(default)]
    pub guide: String,
}

pub async fn create_programme(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &ProgrammeInput,
) -> AppResult<i64> {
    require(user, input.organisation_id)?;
    let title = required_text(&input.title, MAX_TITLE, "title", "training.error.title")?;
    if input.summary.chars().count() > 1000 || input.guide.chars().count() > MAX_TEXT {
        return Err(AppError::invalid("guide", "training.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_programmes (organisation_id, title, summary, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(input.organisation_id)
    .bind(&title)
    .bind(input.summary.trim())
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    sqlx::query("INSERT INTO training_versions (programme_id, number, guide, created_at) VALUES ($1, 1, $2, $3)")
        .bind(id)
        .bind(input.guide.trim())
        .bind(&now)
        .execute(write.conn())
        .await?;
    let summary = format!("programme {title}");
    write
        .commit(Change::new(
            "training.programme.create",
            "training_programme",
            id,
            Some(input.organisation_id),
            summary,
        ))
        .await?;
    Ok(id)
}

/// Changes the training guide of the programme's current version.
pub async fn update_guide(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    programme_id: i64,
    guide: &str,
) -> AppResult<()> {
    let programme = store::programme(&state.db, programme_id).await?;
    require(user, programme.organisation_id)?;
    if guide.chars().count() > MAX_TEXT {
        return Err(AppError::invalid("guide", "training.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE training_versions SET guide = $1 WHERE id = $2")
        .bind(guide.trim())
        .bind(programme.version_id)
        .execute(write.conn())
        .await?;
    let summary = format!("guide of version {}", programme.version);
    write
        .commit(Change::new(
            "training.guide.update",
            "training_programme",
            programme_id,
            Some(programme.organisation_id),
            summary,
        ))
        .await
}

/// Starts the programme's next version with a copy of the current one's guide and modules.
pub async fn new_version(state: &AppState, user: &SignedIn, request_id: &str, programme_id: i64) -> AppResult<i64> {
    let programme = store::programme(&state.db, programme_id).await?;
    require(user, programme.organisation_id)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let number = programme.version + 1;
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO training_versions (programme_id, number, guide, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(programme_id)
    .bind(number)
    .bind(&programme.guide)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    sqlx::query(
        "INSERT INTO training_modules (version_id, position, title, outcomes, hours, language, prerequisites, \
         min_attendance, assessment, qualification, validity_months) \
         SELECT $1, position, title, outcomes, hours, language, prerequisites, min_attendance, assessment, \
         qualification, validity_months FROM training_modules WHERE version_id = $2",
    )
    .bind(version)
    .bind(programme.version_id)
    .execute(write.conn())
    .await?;
    sqlx::query("UPDATE training_programmes SET updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(programme_id)
        .execute(write.conn())
        .await?;
    let summary = format!("version {number}");
    write
        .commit(Change::new(
            "training.version.create",
            "training_programme",
            programme_id,
            Some(programme.organisation_id),
            summary,
        ))
        .await?;
    Ok(number)
}

/// A module as its programme's organisation writes it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ModuleInput {
    pub title: String,
    #[serde(default)]
    pub outcomes: String,
    pub hours: i64,
    pub language: String,
    #[serde(default)]
    pub prerequisites: String,
    /// Least share of the days attended, in percent (100 unless said).
    #[serde(default = "all_days")]
    pub min_attendance: i64,
    /// An assessment must be passed.
    #[serde(default)]
    pub assessment: bool,
    /// The qualification granted on completion (empty: none).
    #[serde(default)]
    pub qualification: String,
    /// How long the qualification is valid, in months (none: no expiry).
    pub validity_months: Option<i64>,
}

fn all_days() -> i64 {
    100
}

pub async fn add_module(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    programme_id: i64,
    input: &ModuleInput,
) -> AppResult<i64> {
    let programme = store::programme(&state.db, programme_id).await?;
    require(user, programme.organisation_id)?;
    let title = required_text(&input.title, MAX_TITLE, "title", "training.error.title")?;
    if !(1..=500).contains(&input.hours) {
        return Err(AppError::invalid("hours", "training.error.hours"));
    }
    let language = required_text(&input.language, 20, "language", "training.error.language")?;
    if !(0..=100).contains(&input.min_attendance) {
        return Err(AppError::invalid("min_attendance", "training.error.min_attendance"));
    }
    if input.validity_months.is_some_and(|m| !(1..=240).contains(&m))
        || (input.validity_months.is_some() && input.qualification.trim().is_empty())
    {
        return Err(AppError::invalid("validity_months", "training.error.validity"));
    }
    if input.outcomes.chars().count() > 5000
        || input.prerequisites.chars().count() > 2000
        || input.qualification.chars().count() > 120
    {
        return Err(AppError::invalid("outcomes", "training.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_modules (version_id, position, title, outcomes, hours, language, prerequisites, \
         min_attendance, assessment, qualification, validity_months) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM training_modules WHERE version_id = $1), \
         $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(programme.version_id)
    .bind(&title)
    .bind(input.outcomes.trim())
    .bind(input.hours)
    .bind(&language)
    .bind(input.prerequisites.trim())
    .bind(input.min_attendance)
    .bind(i64::from(input.assessment))
    .bind(input.qualification.trim())
    .bind(input.validity_months)
    .fetch_one(write.conn())
    .await?;
    let summary = format!("module {title} in version {}", programme.version);
    write
        .commit(Change::new(
            "training.module.create",
            "training_module",
            id,
            Some(programme.organisation_id),
            summary,
        ))
        .await?;
    Ok(id)
}

/// What a material may be: documents and images people open, never
/// anything a browser would run.
pub const MATERIAL_KINDS: &[&str] = &["pdf", "odt", "docx", "pptx", "odp", "txt", "png", "jpg"];

pub async fn upload_material(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    module_id: i64,
    filename: &str,
    content: &[u8],
) -> AppResult<i64> {
    let (_, organisation) = store::module(&state.db, module_id).await?;
    require(user, organisation)?;
    let name = crate::web::extract::file_name(filename, "");
    let kind = crate::web::documents::kind_of(&name, content, MATERIAL_KINDS)
        .ok_or(AppError::invalid("file", "training.error.file_type"))?
        .mime;
    if content.len() > crate::web::extract::MAX_DOCUMENT {
        return Err(AppError::invalid("file", "training.error.file_size"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_materials (module_id, filename, content_type, size, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(module_id)
    .bind(&name)
    .bind(kind)
    .bind(content.len() as i64)
    .bind(content)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    let summary = format!("material {name} ({} bytes) for module #{module_id}", content.len());
    write
        .commit(Change::new(
            "training.material.upload",
            "training_material",
            id,
            Some(organisation),
            summary,
        ))
        .await?;
    Ok(id)
}

/// A qualification an organisation requires of its members with a mission.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct RequirementInput {
    pub organisation_id: i64,
    /// visitor, prison_correspondent, teacher or other.
    pub mission: String,
    pub qualification: String,
}

/// Adds (`required`) or removes a requirement.
pub async fn set_requirement(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &RequirementInput,
    required: bool,
) -> AppResult<()> {
    user.actor.require(Action::EditOrganisation(input.organisation_id))?;
    let mission = crate::permissions::Mission::parse(&input.mission)
        .ok_or(AppError::invalid("mission", "training.error.mission"))?;
    let known = store::qualification_names(&state.db).await?;
    if required && !known.contains(&input.qualification) {
        return Err(AppError::invalid("qualification", "training.error.qualification"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "DELETE FROM qualification_requirements WHERE organisation_id = $1 AND mission = $2 AND qualification = $3",
    )
    .bind(input.organisation_id)
    .bind(mission.as_str())
    .bind(&input.qualification)
    .execute(write.conn())
    .await?;
    if required {
        sqlx::query(
            "INSERT INTO qualification_requirements (organisation_id, mission, qualification) VALUES ($1, $2, $3)",
        )
        .bind(input.organisation_id)
        .bind(mission.as_str())
        .bind(&input.qualification)
        .execute(write.conn())
        .await?;
    }
    let verb = if required { "required" } else { "no longer required" };
    write
        .commit(Change {
            action: "training.requirement.set",
            object_type: "organisation",
            object_id: input.organisation_id.to_string(),
            organisation_id: Some(input.organisation_id),
            summary: format!("{} {verb} of {}", input.qualification, mission.as_str()),
        })
        .await
}
