//! Training queries. Who sees what:
//! - programmes and their modules: everyone signed in (a shared curriculum);
//! - a session: the members of its organiser and of the organisations it
//!   is opened to;
//! - its enrolments: the organiser's coordinators all of them, a partner's
//!   coordinators their own organisation's, each person their own.

mod requirements;

pub use requirements::*;

use sqlx::FromRow;

use crate::db::{Db, Filter, Param, in_marks};
use crate::error::{AppError, AppResult};
use crate::permissions::{Action, Actor};
use crate::web::list::{ListQuery, Paged};
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Programme {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub title: String,
    pub summary: String,
    /// The number of the current version.
    pub version: i64,
    /// The id of the current version.
    pub version_id: i64,
    pub guide: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Module {
    pub id: i64,
    pub version_id: i64,
    pub position: i64,
    pub title: String,
    /// What participants can do afterwards.
    pub outcomes: String,
    pub hours: i64,
    pub language: String,
    pub prerequisites: String,
    /// Least share of the session's days attended, in percent.
    pub min_attendance: i64,
    /// 1 when an assessment must be passed.
    pub assessment: i64,
    /// The qualification granted on completion (empty: none).
    pub qualification: String,
    pub validity_months: Option<i64>,
    /// The programme's title, with the version number.
    pub programme: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Material {
    pub id: i64,
    pub module_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    /// The organiser.
    pub organisation_id: i64,
    pub organisation: String,
    pub title: String,
    /// First and last day (YYYY-MM-DD), each from `starts` to `ends` (HH:MM) in `time_zone`.
    pub first_day: String,
    pub last_day: String,
    pub starts: String,
    pub ends: String,
    pub time_zone: String,
    pub place: String,
    pub online_link: String,
    pub language: String,
    pub capacity: i64,
    pub registration_deadline: String,
    pub cost_cents: i64,
    /// per_seat, equal or custom.
    pub cost_sharing: String,
    pub cancelled_at: Option<String>,
    /// People holding a seat.
    pub enrolled: i64,
}

/// An organisation's seats in a session and how they are used.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Seats {
    pub organisation_id: i64,
    pub organisation: String,
    pub seats: i64,
    pub share_percent: Option<i64>,
    pub taken: i64,
    pub waiting: i64,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    pub id: i64,
    pub session_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub organisation_id: i64,
    pub organisation: String,
    /// enrolled, waiting, cancelled or refused.
    pub state: String,
    pub queued_at: String,
    /// When the person's coordinator approved (none yet: to approve).
    pub approved_at: Option<String>,
    /// Days marked present.
    pub present: i64,
}

impl Enrolment {
    pub fn state(&self) -> super::rules::EnrolmentState {
        super::rules::EnrolmentState::parse(&self.state).unwrap_or(super::rules::EnrolmentState::Cancelled)
    }
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Completion {
    pub id: i64,
    pub enrolment_id: i64,
    pub module_id: i64,
    pub module: String,
    pub person_id: i64,
    pub person_name: String,
    pub completed_on: String,
    pub certificate_code: String,
    pub revoked_at: Option<String>,
    pub revoke_reason: String,
    /// Who recorded the completion, and when.
    pub recorded_by: Option<String>,
    pub recorded_at: String,
}

const PROGRAMME: &str = "SELECT p.id, p.organisation_id, o.acronym AS organisation, p.title, p.summary, \
     v.number AS version, v.id AS version_id, v.guide, p.updated_at FROM training_programmes p \
     JOIN organisations o ON o.id = p.organisation_id \
     JOIN training_versions v ON v.programme_id = p.id \
     AND v.number = (SELECT MAX(number) FROM training_versions WHERE programme_id = p.id)";

pub async fn programmes(db: &Db, query: &ListQuery) -> AppResult<Paged<Programme>> {
    let mut f = Filter::default();
    if let Some(q) = query.search() {
        f.search(&["p.title", "p.summary", "o.acronym"], q);
    }
    let order = query.order_by(&[("title", "p.title"), ("organisation", "o.acronym")], "p.id");
    let count = "SELECT COUNT(*) FROM training_programmes p JOIN organisations o ON o.id = p.organisation_id";
    Ok(f.page(db, PROGRAMME, count, &order, query).await?)
}

pub async fn programme(db: &Db, id: i64) -> AppResult<Programme> {
    sqlx::query_as(&format!("{PROGRAMME} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

const MODULE: &str = "SELECT m.id, m.version_id, m.position, m.title, m.outcomes, m.hours, m.language, m.prerequisites, \
     m.min_attendance, m.assessment, m.qualification, m.validity_months, \
     p.title || ' (v' || CAST(v.number AS TEXT) || ')' AS programme \
     FROM training_modules m JOIN training_versions v ON v.id = m.version_id \
     JOIN training_programmes p ON p.id = v.programme_id";

/// The modules of a programme version, in order.
pub async fn modules(db: &Db, version_id: i64) -> AppResult<Vec<Module>> {
    Ok(
        sqlx::query_as(&format!("{MODULE} WHERE m.version_id = $1 ORDER BY m.position, m.id"))
            .bind(version_id)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Every module of every programme's current version, for choosing.
pub async fn current_modules(db: &Db) -> AppResult<Vec<Module>> {
    Ok(sqlx::query_as(&format!(
        "{MODULE} WHERE v.number = (SELECT MAX(number) FROM training_versions WHERE programme_id = p.id) \
         ORDER BY p.title, m.position"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn module(db: &Db, id: i64) -> AppResult<(Module, i64)> {
    let module: Module = sqlx::query_as(&format!("{MODULE} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation: i64 = sqlx::query_scalar(
        "SELECT p.organisation_id FROM training_versions v JOIN training_programmes p ON p.id = v.programme_id WHERE v.id = $1",
    )
    .bind(module.version_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((module, organisation))
}

pub async fn session_modules(db: &Db, session_id: i64) -> AppResult<Vec<Module>> {
    Ok(sqlx::query_as(&format!(
        "{MODULE} JOIN training_session_modules sm ON sm.module_id = m.id WHERE sm.session_id = $1 ORDER BY p.title, m.position"
    ))
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn materials(db: &Db, version_id: i64) -> AppResult<Vec<Material>> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.module_id, t.filename, t.content_type, t.size, t.uploaded_at FROM training_materials t \
         JOIN training_modules m ON m.id = t.module_id WHERE m.version_id = $1 ORDER BY t.filename",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The organisations `actor` belongs to.
fn organisations_of(actor: &Actor) -> Vec<Param> {
    let mut ids: Vec<i64> = actor.memberships.iter().map(|m| m.organisation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(Param::Int).collect()
}

/// Only the sessions of `actor`'s organisations, as organiser or partner.
fn visible(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let mine = organisations_of(actor);
    if mine.is_empty() {
        f.and("1 = 0", []);
        return;
    }
    let marks = in_marks(mine.len());
    f.and(
        &format!(
            "s.organisation_id IN ({marks}) OR s.id IN (SELECT session_id FROM training_seats WHERE organisation_id IN ({marks}))"
        ),
        mine.iter().chain(mine.iter()).cloned(),
    );
}

const SESSION: &str = "SELECT s.id, s.organisation_id, o.acronym AS organisation, s.title, s.first_day, s.last_day, \
     s.starts, s.ends, s.time_zone, s.place, s.online_link, s.language, s.capacity, s.registration_deadline, \
     s.cost_cents, s.cost_sharing, s.cancelled_at, \
     (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.state = 'enrolled') AS enrolled \
     FROM training_sessions s JOIN organisations o ON o.id = s.organisation_id";

/// Which sessions a list shows.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionFilter {
    /// `upcoming` (the default: last day today or later), `past` or `all`.
    pub when: Option<String>,
    /// Only the sessions of this organiser.
    pub organisation: Option<i64>,
    /// `me`: the sessions with enrolments the caller approves (of their
    /// organisations' people) not approved yet.
    pub approve: Option<String>,
}

pub async fn sessions(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    filter: &SessionFilter,
    today: chrono::NaiveDate,
) -> AppResult<Paged<Session>> {
    let mut f = Filter::default();
    visible(&mut f, actor);
    match filter.when.as_deref() {
        Some("all") => {}
        Some("past") => {
            f.and("s.last_day < ?", [Param::Text(today.to_string())]);
        }
        _ => {
            f.and("s.last_day >= ?", [Param::Text(today.to_string())]);
        }
    }
    if let Some(org) = filter.organisation {
        f.and("s.organisation_id = ?", [Param::Int(org)]);
    }
    if filter.approve.as_deref() == Some("me") {
        let approved: Vec<Param> = actor
            .memberships
            .iter()
            .filter(|m| actor.can(crate::permissions::Action::ManageTraining(m.organisation_id)))
            .map(|m| Param::Int(m.organisation_id))
            .collect();
        if approved.is_empty() {
            f.and("1 = 0", []);
        } else {
            f.and(
                &format!(
                    "s.id IN (SELECT e.session_id FROM training_enrolments e WHERE e.approved_at IS NULL \
                     AND e.state IN ('enrolled', 'waiting') AND e.organisation_id IN ({}))",
                    crate::db::in_marks(approved.len())
                ),
                approved,
            );
        }
    }
    if let Some(q) = query.search() {
        f.search(&["s.title", "s.place", "o.acronym"], q);
    }
    let order = query.order_by(
        &[
            ("date", "s.first_day"),
            ("title", "s.title"),
            ("organisation", "o.acronym"),
        ],
        "s.id",
    );
    let count = "SELECT COUNT(*) FROM training_sessions s JOIN organisations o ON o.id = s.organisation_id";
    Ok(f.page(db, SESSION, count, &order, query).await?)
}

/// One session, if `actor` may see it.
pub async fn session(db: &Db, actor: &Actor, id: i64) -> AppResult<Session> {
    let mut f = Filter::default();
    f.and("s.id = ?", [Param::Int(id)]);
    visible(&mut f, actor);
    let sql = format!("{SESSION}{}", f.sql());
    f.bind(sqlx::query_as(&sql))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The organiser's and partners' seats, the organiser first.
pub async fn seats(db: &Db, session: &Session) -> AppResult<Vec<Seats>> {
    Ok(seats_of(db, std::slice::from_ref(session))
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect())
}

/// The seats of several sessions in one query: (session id, seats), each
/// session's organiser first.
pub async fn seats_of(db: &Db, sessions: &[Session]) -> AppResult<Vec<(i64, Seats)>> {
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let mut f = Filter::default();
    f.and_in("t.session_id", sessions.iter().map(|s| Param::Int(s.id)).collect());
    let sql = format!(
        "SELECT t.session_id, t.organisation_id, o.acronym AS organisation, t.seats, t.share_percent, \
         (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = t.session_id \
           AND e.organisation_id = t.organisation_id AND e.state = 'enrolled') AS taken, \
         (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = t.session_id \
           AND e.organisation_id = t.organisation_id AND e.state = 'waiting') AS waiting \
         FROM training_seats t JOIN organisations o ON o.id = t.organisation_id \
         JOIN training_sessions s ON s.id = t.session_id{} \
         ORDER BY t.session_id, CASE WHEN t.organisation_id = s.organisation_id THEN 0 ELSE 1 END, o.acronym",
        f.sql()
    );
    let rows: Vec<SessionSeats> = f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|r| (r.session_id, r.seats)).collect())
}

#[derive(FromRow)]
struct SessionSeats {
    session_id: i64,
    #[sqlx(flatten)]
    seats: Seats,
}

/// Whose enrolments in `session` `actor` may see: every organisation's
/// (`None`), some organisations' and always their own.
pub fn enrolment_scope(actor: &Actor, session: &Session) -> Option<Vec<i64>> {
    if actor.can(Action::ManageTraining(session.organisation_id)) {
        return None;
    }
    Some(
        actor
            .memberships
            .iter()
            .filter(|m| actor.can(Action::ManageTraining(m.organisation_id)))
            .map(|m| m.organisation_id)
            .collect(),
    )
}

const ENROLMENT: &str = "SELECT e.id, e.session_id, e.person_id, p.name AS person_name, e.organisation_id, \
     o.acronym AS organisation, e.state, e.queued_at, e.approved_at, \
     (SELECT COUNT(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.present = 1) AS present \
     FROM training_enrolments e JOIN persons p ON p.id = e.person_id JOIN organisations o ON o.id = e.organisation_id";

/// The enrolments of `session` that `actor` may see: seats first, then the waiting list in order.
pub async fn enrolments(db: &Db, actor: &Actor, session: &Session) -> AppResult<Vec<Enrolment>> {
    let mut f = Filter::default();
    f.and("e.session_id = ?", [Param::Int(session.id)]);
    if let Some(orgs) = enrolment_scope(actor, session) {
        let mut params: Vec<Param> = orgs.iter().copied().map(Param::Int).collect();
        let marks = in_marks(params.len().max(1));
        if params.is_empty() {
            params.push(Param::Int(0));
        }
        params.push(Param::Int(actor.person_id));
        f.and(&format!("e.organisation_id IN ({marks}) OR e.person_id = ?"), params);
    }
    let sql = format!(
        "{ENROLMENT}{} ORDER BY CASE e.state WHEN 'enrolled' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, e.queued_at, e.id",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

pub async fn enrolment(db: &Db, id: i64) -> AppResult<Enrolment> {
    sqlx::query_as(&format!("{ENROLMENT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The days each visible enrolment was marked present: (enrolment, day).
pub async fn attendance(db: &Db, enrolments: &[Enrolment]) -> AppResult<Vec<(i64, String)>> {
    if enrolments.is_empty() {
        return Ok(Vec::new());
    }
    let mut f = Filter::default();
    f.and("present = 1", []);
    f.and_in("enrolment_id", enrolments.iter().map(|e| Param::Int(e.id)).collect());
    let sql = format!("SELECT enrolment_id, day FROM training_attendance{}", f.sql());
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

const COMPLETION: &str = "SELECT c.id, c.enrolment_id, c.module_id, m.title AS module, c.person_id, p.name AS person_name, \
     c.completed_on, c.certificate_code, c.revoked_at, c.revoke_reason, r.name AS recorded_by, c.recorded_at \
     FROM training_completions c JOIN training_modules m ON m.id = c.module_id JOIN persons p ON p.id = c.person_id \
     LEFT JOIN persons r ON r.id = c.recorded_by";

pub async fn completions(db: &Db, enrolments: &[Enrolment]) -> AppResult<Vec<Completion>> {
    if enrolments.is_empty() {
        return Ok(Vec::new());
    }
    let mut f = Filter::default();
    f.and_in("c.enrolment_id", enrolments.iter().map(|e| Param::Int(e.id)).collect());
    let sql = format!("{COMPLETION}{} ORDER BY p.name, m.position", f.sql());
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// A person's own certificates.
pub async fn certificates_of(db: &Db, person_id: i64) -> AppResult<Vec<Completion>> {
    Ok(sqlx::query_as(&format!(
        "{COMPLETION} WHERE c.person_id = $1 ORDER BY c.completed_on DESC"
    ))
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// What a certificate says, looked up by its code.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Certificate {
    pub code: String,
    pub person_id: i64,
    pub person_name: String,
    pub person_language: Option<String>,
    pub module: String,
    pub hours: i64,
    pub outcomes: String,
    pub organiser_id: i64,
    pub organiser: String,
    pub session_title: String,
    pub first_day: String,
    pub last_day: String,
    pub completed_on: String,
    pub learner_organisation_id: i64,
    pub revoked_at: Option<String>,
}

const CERTIFICATE: &str = "SELECT c.certificate_code AS code, c.person_id, p.name AS person_name, \
     p.language AS person_language, m.title AS module, m.hours, m.outcomes, s.organisation_id AS organiser_id, \
     o.name AS organiser, s.title AS session_title, s.first_day, s.last_day, c.completed_on, \
     e.organisation_id AS learner_organisation_id, c.revoked_at FROM training_completions c \
     JOIN persons p ON p.id = c.person_id JOIN training_modules m ON m.id = c.module_id \
     JOIN training_enrolments e ON e.id = c.enrolment_id JOIN training_sessions s ON s.id = e.session_id \
     JOIN organisations o ON o.id = s.organisation_id";

pub async fn certificate(db: &Db, code: &str) -> AppResult<Option<Certificate>> {
    Ok(sqlx::query_as(&format!("{CERTIFICATE} WHERE c.certificate_code = $1"))
        .bind(code.trim().to_uppercase())
        .fetch_optional(&db.pool)
        .await?)
}

/// The certificates of a person, or those an organisation issued or its
/// members received, newest first (the 500 latest).
pub async fn certificates(db: &Db, whose: CertificatesOf) -> AppResult<Vec<Certificate>> {
    let (condition, id) = match whose {
        CertificatesOf::Person(id) => ("c.person_id = $1", id),
        CertificatesOf::Organisation(id) => ("(s.organisation_id = $1 OR e.organisation_id = $1)", id),
    };
    Ok(sqlx::query_as(&format!(
        "{CERTIFICATE} WHERE {condition} ORDER BY c.completed_on DESC, c.id DESC LIMIT 500"
    ))
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// Whose certificates to list.
#[derive(Clone, Copy, Debug)]
pub enum CertificatesOf {
    Person(i64),
    Organisation(i64),
}

/// A person's qualifications, the latest of each name first.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Qualification {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub granted_on: String,
    pub expires_on: Option<String>,
}

pub async fn qualifications_of(db: &Db, person_id: i64) -> AppResult<Vec<Qualification>> {
    Ok(sqlx::query_as(
        "SELECT q.id, q.person_id, q.name, q.granted_on, q.expires_on FROM qualifications q \
         JOIN training_completions c ON c.id = q.completion_id \
         WHERE q.person_id = $1 AND c.revoked_at IS NULL ORDER BY q.name, q.granted_on DESC",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// One of a person's own enrolments, for their training page.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct MyEnrolment {
    pub id: i64,
    pub session_id: i64,
    pub title: String,
    pub organiser: String,
    pub first_day: String,
    pub last_day: String,
    pub state: String,
    pub approved_at: Option<String>,
    pub cancelled_at: Option<String>,
}

impl MyEnrolment {
    pub fn state(&self) -> super::rules::EnrolmentState {
        super::rules::EnrolmentState::parse(&self.state).unwrap_or(super::rules::EnrolmentState::Cancelled)
    }
}

/// A person's enrolments in sessions not over yet (and the 20 latest past ones).
pub async fn enrolments_of(db: &Db, person_id: i64) -> AppResult<Vec<MyEnrolment>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.session_id, s.title, o.acronym AS organiser, s.first_day, s.last_day, e.state, e.approved_at, \
         s.cancelled_at FROM training_enrolments e JOIN training_sessions s ON s.id = e.session_id \
         JOIN organisations o ON o.id = s.organisation_id \
         WHERE e.person_id = $1 AND e.state IN ('enrolled', 'waiting') ORDER BY s.first_day DESC LIMIT 50",
    )
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The sessions a person holds a seat in or waits for.
pub async fn enrolled_sessions(db: &Db, person_id: i64) -> AppResult<Vec<Session>> {
    Ok(sqlx::query_as(&format!(
        "{SESSION} WHERE s.id IN (SELECT session_id FROM training_enrolments WHERE person_id = $1 \
         AND state IN ('enrolled', 'waiting')) ORDER BY s.first_day LIMIT 500"
    ))
    .bind(person_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The upcoming sessions open to `actor`'s organisations (theirs included).
pub async fn open_sessions(db: &Db, actor: &Actor, today: chrono::NaiveDate) -> AppResult<Vec<Session>> {
    let mut f = Filter::default();
    f.and(
        "s.last_day >= ? AND s.cancelled_at IS NULL",
        [Param::Text(today.to_string())],
    );
    visible(&mut f, actor);
    let sql = format!("{SESSION}{} ORDER BY s.first_day LIMIT 500", f.sql());
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}
