//! Standards queries: frameworks and their versions with texts in the
//! reader's language (or, where a keeper has not written it, another one),
//! and assessments, seen only by the assessed party and its reviewers.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{self, AssessmentState, Compliance, Figure, FrameworkKind, Rights, Tally};
use crate::db::{Db, Filter, Param, in_marks};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::{Action, Actor};
use crate::web::list::{ListQuery, Paged};

/// `column` of `table`'s row `key` in the language bound as `$lang`, or
/// in any language it was written in.
fn text(table: &str, key: &str, column: &str, lang: usize) -> String {
    let owner = if table == "standard_version_texts" {
        "version_id"
    } else {
        "item_id"
    };
    format!(
        "COALESCE((SELECT x.{column} FROM {table} x WHERE x.{owner} = {key} AND x.language = ${lang}), \
         (SELECT MIN(x.{column}) FROM {table} x WHERE x.{owner} = {key}), '')"
    )
}

/// A version of a framework, named in one language.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardVersion)]
pub struct Version {
    pub id: i64,
    pub framework_id: i64,
    /// `programme` or `training`.
    pub kind: String,
    /// The organisation keeping it (none: the platform).
    pub keeper_id: Option<i64>,
    pub keeper: Option<String>,
    pub version: i64,
    pub validity_months: i64,
    /// None while it is a draft.
    pub published_at: Option<String>,
    pub name: String,
    pub description: String,
    /// The framework's latest version.
    pub latest: i64,
}

impl Version {
    pub fn kind(&self) -> FrameworkKind {
        FrameworkKind::parse(&self.kind).unwrap_or(FrameworkKind::Programme)
    }

    pub fn is_draft(&self) -> bool {
        self.published_at.is_none()
    }

    /// Whether `actor` keeps this framework: edits its drafts.
    pub fn kept_by(&self, actor: &Actor) -> bool {
        actor.can(Action::KeepStandards(self.keeper_id))
    }
}

fn versions_select() -> String {
    format!(
        "SELECT v.id, v.framework_id, f.kind, f.keeper_id, o.acronym AS keeper, v.version, v.validity_months, \
         v.published_at, {name} AS name, {description} AS description, \
         (SELECT MAX(l.version) FROM standard_versions l WHERE l.framework_id = v.framework_id) AS latest \
         FROM standard_versions v JOIN standard_frameworks f ON f.id = v.framework_id \
         LEFT JOIN organisations o ON o.id = f.keeper_id",
        name = text("standard_version_texts", "v.id", "name", 1),
        description = text("standard_version_texts", "v.id", "description", 1),
    )
}

/// Published versions for everyone; drafts for their keepers.
fn seen_versions(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let kept: Vec<Param> = actor
        .memberships
        .iter()
        .filter(|m| actor.can(Action::KeepStandards(Some(m.organisation_id))))
        .map(|m| Param::Int(m.organisation_id))
        .collect();
    if kept.is_empty() {
        f.and("v.published_at IS NOT NULL", []);
    } else {
        f.and(
            &format!(
                "(v.published_at IS NOT NULL OR f.keeper_id IN ({}))",
                in_marks(kept.len())
            ),
            kept,
        );
    }
}

/// Every version `actor` may see, frameworks by name, latest version first.
pub async fn versions(db: &Db, actor: &Actor, lang: Lang) -> AppResult<Vec<Version>> {
    let mut f = Filter::binding([Param::Text(lang.code().into())]);
    seen_versions(&mut f, actor);
    Ok(f.bind(sqlx::query_as(&format!(
        "{}{} ORDER BY f.id, v.version DESC",
        versions_select(),
        f.sql()
    )))
    .fetch_all(&db.pool)
    .await?)
}

/// One version, if `actor` may see it.
pub async fn version(db: &Db, actor: &Actor, id: i64, lang: Lang) -> AppResult<Version> {
    let mut f = Filter::binding([Param::Text(lang.code().into())]);
    f.and("v.id = ?", [Param::Int(id)]);
    seen_versions(&mut f, actor);
    f.bind(sqlx::query_as(&format!("{}{}", versions_select(), f.sql())))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// An area (no `area_id`) or a requirement, in one language.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardItem)]
pub struct Item {
    pub id: i64,
    /// The area of a requirement; none for an area.
    pub area_id: Option<i64>,
    pub position: i64,
    /// The figure computed as evidence, if any.
    pub figure: Option<String>,
    /// The qualification the figure counts holders of.
    pub qualification: String,
    pub module_id: Option<i64>,
    pub module: Option<String>,
    /// The share (percent) the figure must reach to suggest "met".
    pub target: i64,
    pub title: String,
    pub guidance: String,
    pub evidence: String,
}

impl Item {
    pub fn figure(&self) -> Option<Figure> {
        self.figure.as_deref().and_then(Figure::parse)
    }
}

/// A version's areas and requirements, areas in order, each followed by its requirements.
pub async fn items(db: &Db, version: i64, lang: Lang) -> AppResult<Vec<Item>> {
    let rows: Vec<Item> = sqlx::query_as(&format!(
        "SELECT i.id, i.area_id, i.position, i.figure, i.qualification, i.module_id, m.title AS module, i.target, \
         {title} AS title, {guidance} AS guidance, {evidence} AS evidence \
         FROM standard_items i LEFT JOIN training_modules m ON m.id = i.module_id \
         WHERE i.version_id = $2 ORDER BY i.position, i.id",
        title = text("standard_item_texts", "i.id", "title", 1),
        guidance = text("standard_item_texts", "i.id", "guidance", 1),
        evidence = text("standard_item_texts", "i.id", "evidence", 1),
    ))
    .bind(lang.code())
    .bind(version)
    .fetch_all(&db.pool)
    .await?;
    let (areas, requirements): (Vec<Item>, Vec<Item>) = rows.into_iter().partition(|i| i.area_id.is_none());
    Ok(areas
        .into_iter()
        .flat_map(|area| {
            let own: Vec<Item> = requirements
                .iter()
                .filter(|r| r.area_id == Some(area.id))
                .cloned()
                .collect();
            std::iter::once(area).chain(own)
        })
        .collect())
}

/// The texts of a version's items in every language, for its editor:
/// (item, language, title, guidance, evidence).
pub async fn item_texts(db: &Db, version: i64) -> AppResult<Vec<(i64, String, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT t.item_id, t.language, t.title, t.guidance, t.evidence FROM standard_item_texts t \
         JOIN standard_items i ON i.id = t.item_id WHERE i.version_id = $1",
    )
    .bind(version)
    .fetch_all(&db.pool)
    .await?)
}

/// The name and description of a version in every language.
pub async fn version_texts(db: &Db, version: i64) -> AppResult<Vec<(String, String, String)>> {
    Ok(
        sqlx::query_as("SELECT language, name, description FROM standard_version_texts WHERE version_id = $1")
            .bind(version)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// An assessment, as lists and its page show it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardAssessment)]
pub struct Assessment {
    pub id: i64,
    pub version_id: i64,
    pub framework: String,
    pub version: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub section_id: Option<i64>,
    pub establishment_id: Option<i64>,
    /// The section or the prison assessed, if not the whole organisation.
    pub subject: Option<String>,
    pub started_at: String,
    pub submitted_at: Option<String>,
    /// The last day it is valid, once submitted.
    pub valid_until: Option<String>,
}

impl Assessment {
    pub fn state(&self, today: NaiveDate) -> AssessmentState {
        AssessmentState::of(self.valid_until.as_deref().and_then(|d| d.parse().ok()), today)
    }
}

fn assessments_select() -> String {
    format!(
        "SELECT s.id, s.version_id, {name} AS framework, v.version, s.organisation_id, o.acronym AS organisation, \
         s.section_id, s.establishment_id, COALESCE(sec.name, e.name) AS subject, s.started_at, s.submitted_at, s.valid_until \
         FROM standard_assessments s JOIN standard_versions v ON v.id = s.version_id \
         JOIN organisations o ON o.id = s.organisation_id LEFT JOIN sections sec ON sec.id = s.section_id \
         LEFT JOIN establishments e ON e.id = s.establishment_id",
        name = text("standard_version_texts", "v.id", "name", 1),
    )
}

/// The organisations `actor` assesses (and reviews) for.
fn assessing(actor: &Actor) -> Vec<Param> {
    actor
        .memberships
        .iter()
        .filter(|m| actor.can(Action::AssessStandards(m.organisation_id)))
        .map(|m| Param::Int(m.organisation_id))
        .collect()
}

/// The assessments `actor` reads: of the organisations they assess for,
/// and those such an organisation was invited to review.
fn seen_assessments(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let orgs = assessing(actor);
    if orgs.is_empty() {
        f.and("1 = 0", []);
        return;
    }
    let marks = in_marks(orgs.len());
    f.and(
        &format!(
            "(s.organisation_id IN ({marks}) OR s.id IN (SELECT r.assessment_id FROM standard_reviews r WHERE r.reviewer_id IN ({marks})))"
        ),
        orgs.iter().chain(orgs.iter()).cloned(),
    );
}

/// Which assessments a list shows.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct AssessmentFilter {
    /// `in_progress`, `valid` or `lapsed`.
    pub state: Option<String>,
    /// `waiting`: those an organisation of the caller was invited to review
    /// and has not reviewed yet.
    pub review: Option<String>,
}

/// A page of the assessments `actor` reads, the latest first unless sorted otherwise.
pub async fn assessments(
    db: &Db,
    actor: &Actor,
    lang: Lang,
    list: &ListQuery,
    filter: &AssessmentFilter,
    today: NaiveDate,
) -> AppResult<Paged<Assessment>> {
    let mut f = Filter::binding([Param::Text(lang.code().into())]);
    seen_assessments(&mut f, actor);
    let today = Param::Text(today.to_string());
    match filter.state.as_deref().and_then(AssessmentState::parse) {
        Some(AssessmentState::InProgress) => f.and("s.submitted_at IS NULL", []),
        Some(AssessmentState::Valid) => f.and("s.valid_until >= ?", [today]),
        Some(AssessmentState::Lapsed) => f.and("s.valid_until < ?", [today]),
        None => &mut f,
    };
    if filter.review.as_deref() == Some("waiting") {
        let reviewers = assessing(actor);
        let which = if actor.platform_admin {
            String::new()
        } else if reviewers.is_empty() {
            " AND 1 = 0".to_owned()
        } else {
            format!(" AND r.reviewer_id IN ({})", in_marks(reviewers.len()))
        };
        f.and(
            &format!("s.id IN (SELECT r.assessment_id FROM standard_reviews r WHERE r.completed_at IS NULL{which})"),
            if actor.platform_admin { Vec::new() } else { reviewers },
        );
    }
    if let Some(q) = list.search() {
        f.search(&["o.acronym", "o.name", "sec.name", "e.name"], q);
    }
    let mut list = list.clone();
    if list.sort.is_none() {
        list.dir.get_or_insert_with(|| "desc".into());
    }
    let order = list.order_by(
        &[
            ("started", "s.started_at"),
            ("organisation", "o.acronym"),
            ("valid", "s.valid_until"),
        ],
        "s.id",
    );
    let count = "SELECT COUNT(*) FROM standard_assessments s JOIN organisations o ON o.id = s.organisation_id \
                 LEFT JOIN sections sec ON sec.id = s.section_id LEFT JOIN establishments e ON e.id = s.establishment_id";
    Ok(f.page(db, &assessments_select(), count, &order, &list).await?)
}

/// One assessment and the caller's rights on it; not found unless they read it.
pub async fn assessment(db: &Db, actor: &Actor, id: i64, lang: Lang) -> AppResult<(Assessment, Rights)> {
    let mut f = Filter::binding([Param::Text(lang.code().into())]);
    f.and("s.id = ?", [Param::Int(id)]);
    let found: Assessment = f
        .bind(sqlx::query_as(&format!("{}{}", assessments_select(), f.sql())))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let reviewers: Vec<i64> = sqlx::query_scalar("SELECT reviewer_id FROM standard_reviews WHERE assessment_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    let rights = rules::rights(actor, found.organisation_id, &reviewers);
    if !rights.read {
        return Err(AppError::NotFound);
    }
    Ok((found, rights))
}

/// The answer given to one requirement.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardAnswer)]
pub struct Answer {
    pub requirement_id: i64,
    /// `met`, `conditions`, `not_met` or `not_applicable`.
    pub status: String,
    pub evidence: String,
    pub link: String,
    /// The computed figure as submitted.
    pub numerator: Option<i64>,
    pub denominator: Option<i64>,
}

impl Answer {
    pub fn compliance(&self) -> Option<Compliance> {
        Compliance::parse(&self.status)
    }
}

pub async fn answers(db: &Db, assessment: i64) -> AppResult<Vec<Answer>> {
    Ok(sqlx::query_as(
        "SELECT requirement_id, status, evidence, link, numerator, denominator FROM standard_answers WHERE assessment_id = $1",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// One step of an action plan.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardAction)]
pub struct PlanStep {
    pub id: i64,
    pub requirement_id: Option<i64>,
    pub text: String,
    pub owner_id: i64,
    pub owner: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

pub async fn plan(db: &Db, assessment: i64) -> AppResult<Vec<PlanStep>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.requirement_id, a.text, a.owner_id, p.name AS owner, a.due_on, a.done_on \
         FROM standard_actions a JOIN persons p ON p.id = a.owner_id WHERE a.assessment_id = $1 ORDER BY a.due_on, a.id",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// An invited reviewer and where its review stands.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardReview)]
pub struct Review {
    pub id: i64,
    pub reviewer_id: i64,
    pub reviewer: String,
    pub invited_at: String,
    pub completed_at: Option<String>,
}

pub async fn reviews(db: &Db, assessment: i64) -> AppResult<Vec<Review>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.reviewer_id, o.acronym AS reviewer, r.invited_at, r.completed_at FROM standard_reviews r \
         JOIN organisations o ON o.id = r.reviewer_id WHERE r.assessment_id = $1 ORDER BY o.acronym",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// A reviewer's view of one requirement.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardReviewAnswer)]
pub struct ReviewAnswer {
    pub review_id: i64,
    pub requirement_id: i64,
    /// 1 when the reviewer agrees with the answer.
    pub agrees: i64,
    pub comment: String,
}

pub async fn review_answers(db: &Db, assessment: i64) -> AppResult<Vec<ReviewAnswer>> {
    Ok(sqlx::query_as(
        "SELECT a.review_id, a.requirement_id, a.agrees, a.comment FROM standard_review_answers a \
         JOIN standard_reviews r ON r.id = a.review_id WHERE r.assessment_id = $1",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// The networks an assessment is shared with: (id, name).
pub async fn shares(db: &Db, assessment: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.name FROM standard_shares s JOIN networks n ON n.id = s.network_id WHERE s.assessment_id = $1 ORDER BY n.name",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// An assessment a network sees: who, against what, until when, and how
/// many requirements of each area are met; never an answer or its evidence.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = SharedStandardResult)]
pub struct Shared {
    pub assessment: Assessment,
    pub areas: Vec<AreaTally>,
}

/// How many requirements of an area stand where.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AreaTally {
    pub area: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// An item of a shared assessment's version, with its answer if any.
#[derive(FromRow)]
struct SharedItem {
    assessment_id: i64,
    id: i64,
    area_id: Option<i64>,
    title: String,
    status: Option<String>,
}

/// The submitted assessments shared with `network`, each with its tally by area.
pub async fn shared_with(db: &Db, network: i64, lang: Lang) -> AppResult<Vec<Shared>> {
    let mut f = Filter::binding([Param::Text(lang.code().into())]);
    f.and(
        "s.submitted_at IS NOT NULL AND s.id IN (SELECT assessment_id FROM standard_shares WHERE network_id = ?)",
        [Param::Int(network)],
    );
    let assessments: Vec<Assessment> = f
        .bind(sqlx::query_as(&format!(
            "{}{} ORDER BY o.acronym, s.submitted_at DESC",
            assessments_select(),
            f.sql()
        )))
        .fetch_all(&db.pool)
        .await?;
    // Every item of the shared versions, with the answer if there is one: one query.
    let rows: Vec<SharedItem> = sqlx::query_as(&format!(
        "SELECT s.id AS assessment_id, i.id, i.area_id, {title} AS title, a.status FROM standard_assessments s \
         JOIN standard_items i ON i.version_id = s.version_id \
         LEFT JOIN standard_answers a ON a.assessment_id = s.id AND a.requirement_id = i.id \
         WHERE s.submitted_at IS NOT NULL AND s.id IN (SELECT assessment_id FROM standard_shares WHERE network_id = $2) \
         ORDER BY i.position, i.id",
        title = text("standard_item_texts", "i.id", "title", 1),
    ))
    .bind(lang.code())
    .bind(network)
    .fetch_all(&db.pool)
    .await?;
    Ok(assessments
        .into_iter()
        .map(|assessment| {
            let own: Vec<&SharedItem> = rows.iter().filter(|r| r.assessment_id == assessment.id).collect();
            let areas: Vec<i64> = own.iter().filter(|r| r.area_id.is_none()).map(|r| r.id).collect();
            let answers: Vec<(i64, Option<Compliance>)> = own
                .iter()
                .filter_map(|r| {
                    r.area_id
                        .map(|area| (area, r.status.as_deref().and_then(Compliance::parse)))
                })
                .collect();
            let titles = own.iter().filter(|r| r.area_id.is_none()).map(|r| r.title.clone());
            let areas = titles
                .zip(rules::tally(&areas, &answers))
                .map(|(area, (_, tally))| AreaTally { area, tally })
                .collect();
            Shared { assessment, areas }
        })
        .collect())
}

/// A file given as evidence (without its content).
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = StandardEvidenceFile)]
pub struct EvidenceFile {
    pub id: i64,
    pub requirement_id: i64,
    pub name: String,
    pub size: i64,
    pub uploaded_at: String,
}

pub async fn files(db: &Db, assessment: i64) -> AppResult<Vec<EvidenceFile>> {
    Ok(sqlx::query_as(
        "SELECT id, requirement_id, name, size, uploaded_at FROM standard_evidence_files WHERE assessment_id = $1 ORDER BY uploaded_at, id",
    )
    .bind(assessment)
    .fetch_all(&db.pool)
    .await?)
}

/// A file's name, type and content, if it belongs to the assessment.
pub async fn file(db: &Db, assessment: i64, file: i64) -> AppResult<(String, String, Vec<u8>)> {
    sqlx::query_as(
        "SELECT name, content_type, content FROM standard_evidence_files WHERE id = $1 AND assessment_id = $2",
    )
    .bind(file)
    .bind(assessment)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)
}
