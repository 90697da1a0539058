//! Every training write: checked against the rules and the caller's role,
//! recorded in the audit log in the same transaction, and notified to
//! whoever acts next (partner coordinators, approving coordinators, learners).

use chrono::{NaiveDate, NaiveTime};

use super::rules::{self, CostSharing, EnrolmentState};
use super::store::{self, Enrolment, Session};
use crate::app::AppState;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::{Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::inbox::Recipient;
use crate::permissions::Action;

fn require(user: &SignedIn, organisation: i64) -> AppResult<()> {
    user.actor.require(Action::ManageTraining(organisation))
}

fn text(value: &str, max: usize, field: &'static str, message: &'static str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(AppError::invalid(field, message));
    }
    Ok(value.to_owned())
}

fn change(action: &'static str, object_type: &'static str, id: i64, organisation: i64, summary: String) -> Change {
    Change {
        action,
        object_type,
        object_id: id.to_string(),
        organisation_id: Some(organisation),
        summary,
    }
}

/// The active coordinators and administrators of an organisation.
async fn coordinators(write: &mut Write, organisation: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.organisation_id = $1 AND m.role IN ('coordinator', 'org_admin') AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(organisation)
    .fetch_all(write.conn())
    .await?)
}

async fn recipient(write: &mut Write, person: i64) -> AppResult<Vec<Recipient>> {
    Ok(
        sqlx::query_as("SELECT id AS person_id, email, language FROM persons WHERE id = $1 AND active = 1")
            .bind(person)
            .fetch_all(write.conn())
            .await?,
    )
}

/// The active people enrolled in or waiting for a session.
async fn learners(write: &mut Write, session: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT p.id AS person_id, p.email, p.language FROM training_enrolments e JOIN persons p ON p.id = e.person_id \
         WHERE e.session_id = $1 AND e.state IN ('enrolled', 'waiting') AND p.active = 1",
    )
    .bind(session)
    .fetch_all(write.conn())
    .await?)
}

/// Stores a notice for each of `people` in the write's transaction.
async fn notify(write: &mut Write, people: Vec<Recipient>, subject: &str, arg: &str, link: String) -> AppResult<()> {
    for person in people {
        let notice = person.notice(subject, "training.notice.body", arg, link.clone());
        let now = write.now();
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}

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

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;

pub async fn create_programme(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &ProgrammeInput,
) -> AppResult<i64> {
    require(user, input.organisation_id)?;
    let title = text(&input.title, MAX_TITLE, "title", "training.error.title")?;
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
        .commit(change(
            "training.programme.create",
            "training_programme",
            id,
            input.organisation_id,
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
        .commit(change(
            "training.guide.update",
            "training_programme",
            programme_id,
            programme.organisation_id,
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
        .commit(change(
            "training.version.create",
            "training_programme",
            programme_id,
            programme.organisation_id,
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
    let title = text(&input.title, MAX_TITLE, "title", "training.error.title")?;
    if !(1..=500).contains(&input.hours) {
        return Err(AppError::invalid("hours", "training.error.hours"));
    }
    let language = text(&input.language, 20, "language", "training.error.language")?;
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
        .commit(change(
            "training.module.create",
            "training_module",
            id,
            programme.organisation_id,
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
        .commit(change(
            "training.material.upload",
            "training_material",
            id,
            organisation,
            summary,
        ))
        .await?;
    Ok(id)
}

/// A session as its organiser plans it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SessionInput {
    /// The organiser.
    pub organisation_id: i64,
    pub title: String,
    /// Modules of current programme versions.
    pub module_ids: Vec<i64>,
    #[schema(value_type = String, format = Date)]
    pub first_day: Option<NaiveDate>,
    #[schema(value_type = String, format = Date)]
    pub last_day: Option<NaiveDate>,
    /// Daily start and end, HH:MM local time.
    pub starts: String,
    pub ends: String,
    /// A European time zone such as Europe/Paris.
    pub time_zone: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_link: String,
    pub language: String,
    pub capacity: i64,
    #[schema(value_type = String, format = Date)]
    pub registration_deadline: Option<NaiveDate>,
    /// The total cost, in cents.
    #[serde(default)]
    pub cost_cents: i64,
    /// per_seat, equal or custom.
    pub cost_sharing: String,
}

pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn check_session(input: &SessionInput) -> AppResult<(String, CostSharing)> {
    let title = text(&input.title, MAX_TITLE, "title", "training.error.title")?;
    if input.module_ids.is_empty() {
        return Err(AppError::invalid("module_ids", "training.error.modules"));
    }
    let schedule = match (
        input.first_day,
        input.last_day,
        parse_time(&input.starts),
        parse_time(&input.ends),
    ) {
        (Some(first), Some(last), Some(starts), Some(ends)) => rules::schedule_ok(first, last, starts, ends),
        _ => false,
    };
    if !schedule {
        return Err(AppError::invalid("first_day", "training.error.schedule"));
    }
    if !rules::ZONES.iter().any(|(zone, _)| *zone == input.time_zone) {
        return Err(AppError::invalid("time_zone", "training.error.time_zone"));
    }
    let link = input.online_link.trim();
    if input.place.trim().is_empty() && link.is_empty() {
        return Err(AppError::invalid("place", "training.error.place"));
    }
    if !link.is_empty() && !link.starts_with("https://") {
        return Err(AppError::invalid("online_link", "training.error.link"));
    }
    text(&input.language, 20, "language", "training.error.language")?;
    if !(1..=1000).contains(&input.capacity) {
        return Err(AppError::invalid("capacity", "training.error.capacity"));
    }
    match (input.registration_deadline, input.first_day) {
        (Some(deadline), Some(first)) if deadline <= first => {}
        _ => {
            return Err(AppError::invalid(
                "registration_deadline",
                "training.error.deadline_date",
            ));
        }
    }
    if input.cost_cents < 0 {
        return Err(AppError::invalid("cost", "training.error.cost"));
    }
    let sharing =
        CostSharing::parse(&input.cost_sharing).ok_or(AppError::invalid("cost_sharing", "training.error.sharing"))?;
    Ok((title, sharing))
}

/// A session's stored columns, in the order both the insert and the update bind them.
fn session_values(input: &SessionInput, title: &str, sharing: CostSharing) -> Vec<Param> {
    let date = |d: Option<NaiveDate>| Param::Text(d.map(|d| d.to_string()).unwrap_or_default());
    let text = |t: &str| Param::Text(t.trim().to_owned());
    vec![
        text(title),
        date(input.first_day),
        date(input.last_day),
        text(&input.starts),
        text(&input.ends),
        Param::Text(input.time_zone.clone()),
        text(&input.place),
        text(&input.online_link),
        text(&input.language),
        Param::Int(input.capacity),
        date(input.registration_deadline),
        Param::Int(input.cost_cents),
        Param::Text(sharing.as_str().to_owned()),
    ]
}

pub async fn create_session(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &SessionInput,
) -> AppResult<i64> {
    require(user, input.organisation_id)?;
    let (title, sharing) = check_session(input)?;
    let current: Vec<i64> = store::current_modules(&state.db).await?.iter().map(|m| m.id).collect();
    if input.module_ids.iter().any(|m| !current.contains(m)) {
        return Err(AppError::invalid("module_ids", "training.error.modules"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let mut values = session_values(input, &title, sharing);
    values.extend([
        Param::Int(input.organisation_id),
        Param::Int(user.person.id),
        Param::Text(now),
    ]);
    let id: i64 = Filter::binding(values)
        .bind_scalar(sqlx::query_scalar(
            "INSERT INTO training_sessions (title, first_day, last_day, starts, ends, time_zone, place, online_link, \
             language, capacity, registration_deadline, cost_cents, cost_sharing, organisation_id, created_by, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        ))
        .fetch_one(write.conn())
        .await?;
    let mut modules = input.module_ids.clone();
    modules.sort_unstable();
    modules.dedup();
    for module in modules {
        sqlx::query("INSERT INTO training_session_modules (session_id, module_id) VALUES ($1, $2)")
            .bind(id)
            .bind(module)
            .execute(write.conn())
            .await?;
    }
    let custom = (sharing == CostSharing::Custom).then_some(100_i64);
    sqlx::query(
        "INSERT INTO training_seats (session_id, organisation_id, seats, share_percent) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(input.organisation_id)
    .bind(input.capacity)
    .bind(custom)
    .execute(write.conn())
    .await?;
    let summary = format!("session {title} ({} seats)", input.capacity);
    write
        .commit(change(
            "training.session.create",
            "training_session",
            id,
            input.organisation_id,
            summary,
        ))
        .await?;
    Ok(id)
}

/// Changes a session: title, schedule, place, language, capacity,
/// deadline and cost (its modules stay, certificates name them). The dates
/// stay once attendance is taken; the capacity keeps the seats given to
/// partners and those taken. Those enrolled or waiting are told.
pub async fn update_session(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &SessionInput,
) -> AppResult<()> {
    let session = store::session(&state.db, &user.actor, id).await?;
    require(user, session.organisation_id)?;
    if session.cancelled_at.is_some() {
        return Err(AppError::invalid("session", "training.error.cancelled"));
    }
    let modules: Vec<i64> = store::session_modules(&state.db, id)
        .await?
        .iter()
        .map(|m| m.id)
        .collect();
    let input = SessionInput {
        organisation_id: session.organisation_id,
        module_ids: modules,
        ..input.clone()
    };
    let (title, sharing) = check_session(&input)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let moved = date(input.first_day) != session.first_day || date(input.last_day) != session.last_day;
    let marked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM training_attendance a JOIN training_enrolments e ON e.id = a.enrolment_id WHERE e.session_id = $1",
    )
    .bind(id)
    .fetch_one(&state.db.pool)
    .await?;
    if moved && marked > 0 {
        return Err(AppError::invalid("first_day", "training.error.attendance_taken"));
    }
    let seats = store::seats(&state.db, &session).await?;
    let partners: Vec<i64> = seats.iter().skip(1).map(|s| s.seats).collect();
    let own = rules::organiser_seats(input.capacity, &partners)
        .filter(|own| seats.first().is_none_or(|o| *own >= o.taken))
        .ok_or(AppError::invalid("capacity", "training.error.seats"))?;
    let custom = sharing == CostSharing::Custom;
    let partner_percents: Vec<Option<i64>> = seats.iter().skip(1).map(|s| s.share_percent).collect();
    let organiser_percent = custom.then(|| 100 - partner_percents.iter().flatten().sum::<i64>());
    if custom {
        let mut all = partner_percents.clone();
        all.push(organiser_percent);
        if !rules::percentages_complete(&all) {
            return Err(AppError::invalid("cost_sharing", "training.error.percent"));
        }
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let mut values = session_values(&input, &title, sharing);
    values.extend([Param::Text(now), Param::Int(id)]);
    Filter::binding(values)
        .bind_scalar(sqlx::query_scalar::<_, i64>(
            "UPDATE training_sessions SET title = $1, first_day = $2, last_day = $3, starts = $4, ends = $5, \
             time_zone = $6, place = $7, online_link = $8, language = $9, capacity = $10, registration_deadline = $11, \
             cost_cents = $12, cost_sharing = $13, updated_at = $14 WHERE id = $15 RETURNING id",
        ))
        .fetch_one(write.conn())
        .await?;
    if !custom {
        sqlx::query("UPDATE training_seats SET share_percent = NULL WHERE session_id = $1")
            .bind(id)
            .execute(write.conn())
            .await?;
    }
    sqlx::query(
        "UPDATE training_seats SET seats = $1, share_percent = $2 WHERE session_id = $3 AND organisation_id = $4",
    )
    .bind(own)
    .bind(organiser_percent)
    .bind(id)
    .bind(session.organisation_id)
    .execute(write.conn())
    .await?;
    let people = learners(&mut write, id).await?;
    notify(
        &mut write,
        people,
        "training.notice.changed",
        &title,
        format!("/training/sessions/{id}"),
    )
    .await?;
    let summary = format!(
        "session {title}: {} to {}, {} seats",
        date(input.first_day),
        date(input.last_day),
        input.capacity
    );
    let change = change(
        "training.session.update",
        "training_session",
        id,
        session.organisation_id,
        summary,
    );
    write.commit(change).await
}

/// Seats given to a partner organisation (0 takes them back).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct PartnerInput {
    pub organisation_id: i64,
    pub seats: i64,
    /// Its share of the cost in percent, for a custom split.
    pub share_percent: Option<i64>,
}

/// Opens `session` to a partner with some of the organiser's seats, or
/// changes its seats; the partner's coordinators are told.
pub async fn open_to(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    session_id: i64,
    input: &PartnerInput,
) -> AppResult<()> {
    let session = store::session(&state.db, &user.actor, session_id).await?;
    require(user, session.organisation_id)?;
    if session.cancelled_at.is_some() {
        return Err(AppError::invalid("organisation_id", "training.error.cancelled"));
    }
    let partner: Option<String> =
        sqlx::query_scalar("SELECT acronym FROM organisations WHERE id = $1 AND kind <> 'prison_administration'")
            .bind(input.organisation_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some(partner) = partner.filter(|_| input.organisation_id != session.organisation_id) else {
        return Err(AppError::invalid("organisation_id", "training.error.partner"));
    };
    let seats = store::seats(&state.db, &session).await?;
    let others: Vec<i64> = seats
        .iter()
        .skip(1)
        .filter(|s| s.organisation_id != input.organisation_id)
        .map(|s| s.seats)
        .chain([input.seats])
        .collect();
    let taken = seats
        .iter()
        .find(|s| s.organisation_id == input.organisation_id)
        .map_or(0, |s| s.taken);
    let own = rules::organiser_seats(session.capacity, &others)
        .filter(|own| input.seats >= taken && *own >= seats[0].taken)
        .ok_or(AppError::invalid("seats", "training.error.seats"))?;
    if CostSharing::parse(&session.cost_sharing) == Some(CostSharing::Custom) {
        let mut percents: Vec<Option<i64>> = seats
            .iter()
            .skip(1)
            .filter(|s| s.organisation_id != input.organisation_id)
            .map(|s| s.share_percent)
            .chain([input.share_percent])
            .collect();
        let organiser = percents.iter().flatten().sum::<i64>();
        percents.push(Some(100 - organiser));
        if !rules::percentages_complete(&percents) {
            return Err(AppError::invalid("share_percent", "training.error.percent"));
        }
    }
    let first_time = !seats.iter().any(|s| s.organisation_id == input.organisation_id);
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    if first_time {
        sqlx::query(
            "INSERT INTO training_seats (session_id, organisation_id, seats, share_percent) VALUES ($1, $2, $3, $4)",
        )
        .bind(session_id)
        .bind(input.organisation_id)
        .bind(input.seats)
        .bind(input.share_percent)
        .execute(write.conn())
        .await?;
    } else {
        sqlx::query(
            "UPDATE training_seats SET seats = $1, share_percent = $2 WHERE session_id = $3 AND organisation_id = $4",
        )
        .bind(input.seats)
        .bind(input.share_percent)
        .bind(session_id)
        .bind(input.organisation_id)
        .execute(write.conn())
        .await?;
    }
    let organiser_percent = (CostSharing::parse(&session.cost_sharing) == Some(CostSharing::Custom)).then(|| {
        100 - seats
            .iter()
            .skip(1)
            .filter(|s| s.organisation_id != input.organisation_id)
            .filter_map(|s| s.share_percent)
            .sum::<i64>()
            - input.share_percent.unwrap_or(0)
    });
    sqlx::query(
        "UPDATE training_seats SET seats = $1, share_percent = $2 WHERE session_id = $3 AND organisation_id = $4",
    )
    .bind(own)
    .bind(organiser_percent)
    .bind(session_id)
    .bind(session.organisation_id)
    .execute(write.conn())
    .await?;
    if first_time {
        let people = coordinators(&mut write, input.organisation_id).await?;
        let arg = format!("{} ({})", session.title, session.organisation);
        notify(
            &mut write,
            people,
            "training.notice.opened",
            &arg,
            format!("/training/sessions/{session_id}"),
        )
        .await?;
    }
    let summary = format!("{partner}: {} seats", input.seats);
    let change = change(
        "training.session.open",
        "training_session",
        session_id,
        session.organisation_id,
        summary,
    );
    write.commit(change).await
}

pub async fn cancel_session(state: &AppState, user: &SignedIn, request_id: &str, session_id: i64) -> AppResult<()> {
    let session = store::session(&state.db, &user.actor, session_id).await?;
    require(user, session.organisation_id)?;
    if session.cancelled_at.is_some() {
        return Err(AppError::invalid("session", "training.error.cancelled"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query("UPDATE training_sessions SET cancelled_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(session_id)
        .execute(write.conn())
        .await?;
    let people = learners(&mut write, session_id).await?;
    notify(
        &mut write,
        people,
        "training.notice.cancelled",
        &session.title,
        format!("/training/sessions/{session_id}"),
    )
    .await?;
    let change = change(
        "training.session.cancel",
        "training_session",
        session_id,
        session.organisation_id,
        session.title.clone(),
    );
    write.commit(change).await
}

/// Who to enrol: oneself (no email) or, for a coordinator, one of their volunteers.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EnrolInput {
    /// The organisation whose seats the person takes.
    pub organisation_id: i64,
    /// The volunteer's email, when a coordinator enrols them.
    #[serde(default)]
    pub email: String,
}

/// Enrols a person on their organisation's seats, or on its waiting list when they are all taken.
pub async fn enrol(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    session_id: i64,
    input: &EnrolInput,
) -> AppResult<(i64, EnrolmentState)> {
    let session = store::session(&state.db, &user.actor, session_id).await?;
    if session.cancelled_at.is_some() {
        return Err(AppError::invalid("session", "training.error.cancelled"));
    }
    let today = state.clock.now().date_naive().to_string();
    if today > session.registration_deadline {
        return Err(AppError::invalid("session", "training.error.deadline"));
    }
    let by_coordinator = !input.email.trim().is_empty();
    let person: Option<(i64, String)> = if by_coordinator {
        require(user, input.organisation_id)?;
        sqlx::query_as(
            "SELECT p.id, p.name FROM persons p JOIN memberships m ON m.person_id = p.id \
             WHERE LOWER(p.email) = $1 AND p.active = 1 AND m.organisation_id = $2 AND m.ended_at IS NULL \
             AND m.role IN ('volunteer', 'coordinator', 'org_admin')",
        )
        .bind(input.email.trim().to_lowercase())
        .bind(input.organisation_id)
        .fetch_optional(&state.db.pool)
        .await?
    } else {
        user.actor
            .acting_memberships()
            .any(|m| m.organisation_id == input.organisation_id)
            .then(|| (user.person.id, user.person.name.clone()))
    };
    let (person_id, person_name) = person.ok_or(AppError::invalid("email", "training.error.not_member"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    // Touching the organisation's seats row first makes concurrent
    // enrolments on those seats wait for each other (a row lock on
    // PostgreSQL; SQLite has a single writer), so no seat is given twice.
    let seats: Option<i64> = sqlx::query_scalar(
        "UPDATE training_seats SET seats = seats WHERE session_id = $1 AND organisation_id = $2 RETURNING seats",
    )
    .bind(session_id)
    .bind(input.organisation_id)
    .fetch_optional(write.conn())
    .await?;
    let seats = seats.ok_or(AppError::invalid("organisation_id", "training.error.no_seats"))?;
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, state FROM training_enrolments WHERE session_id = $1 AND person_id = $2")
            .bind(session_id)
            .bind(person_id)
            .fetch_optional(write.conn())
            .await?;
    if existing
        .as_ref()
        .is_some_and(|(_, s)| s == "enrolled" || s == "waiting")
    {
        return Err(AppError::invalid("email", "training.error.already"));
    }
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM training_enrolments WHERE session_id = $1 AND organisation_id = $2 AND state = 'enrolled'",
    )
    .bind(session_id)
    .bind(input.organisation_id)
    .fetch_one(write.conn())
    .await?;
    let placed = rules::placement(seats, taken);
    let approved = by_coordinator.then(|| now.clone());
    let approver = by_coordinator.then_some(user.person.id);
    let id: i64 = match existing {
        Some((id, _)) => {
            sqlx::query(
                "UPDATE training_enrolments SET organisation_id = $1, state = $2, queued_at = $3, requested_by = $4, \
                 approved_at = $5, approved_by = $6, updated_at = $3 WHERE id = $7",
            )
            .bind(input.organisation_id)
            .bind(placed.as_str())
            .bind(&now)
            .bind(user.person.id)
            .bind(&approved)
            .bind(approver)
            .bind(id)
            .execute(write.conn())
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO training_enrolments (session_id, person_id, organisation_id, state, queued_at, requested_by, \
                 approved_at, approved_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $5, $5) RETURNING id",
            )
            .bind(session_id)
            .bind(person_id)
            .bind(input.organisation_id)
            .bind(placed.as_str())
            .bind(&now)
            .bind(user.person.id)
            .bind(&approved)
            .bind(approver)
            .fetch_one(write.conn())
            .await?
        }
    };
    let link = format!("/training/sessions/{session_id}");
    if by_coordinator {
        let person = recipient(&mut write, person_id).await?;
        let subject = if placed == EnrolmentState::Enrolled {
            "training.notice.enrolled"
        } else {
            "training.notice.waiting"
        };
        notify(&mut write, person, subject, &session.title, link).await?;
    } else {
        let people = coordinators(&mut write, input.organisation_id).await?;
        let arg = format!("{person_name}, {}", session.title);
        notify(&mut write, people, "training.notice.to_approve", &arg, link).await?;
    }
    let summary = format!("{person_name}: {}", placed.as_str());
    let change = change(
        "training.enrolment.create",
        "training_enrolment",
        id,
        input.organisation_id,
        summary,
    );
    write.commit(change).await?;
    Ok((id, placed))
}

text_enum! {
    /// What can be done to an enrolment.
    pub enum EnrolmentStep ("training.step") {
        /// The person's coordinator agrees.
        Approve = "approve",
        /// The person's coordinator does not agree: the seat is freed.
        Refuse = "refuse",
        /// The person or a coordinator withdraws: the seat is freed.
        Cancel = "cancel",
    }
}

/// Approves, refuses or cancels an enrolment; a freed seat goes to the
/// first person of the same organisation on the waiting list.
pub async fn step(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    enrolment_id: i64,
    step: EnrolmentStep,
) -> AppResult<()> {
    let enrolment = store::enrolment(&state.db, enrolment_id).await?;
    let session = store::session(&state.db, &user.actor, enrolment.session_id).await?;
    if !may_step(user, &session, &enrolment, step) {
        let own = user.actor.can(Action::ManageTraining(enrolment.organisation_id));
        let party = own
            || enrolment.person_id == user.person.id
            || user.actor.can(Action::ManageTraining(session.organisation_id));
        return Err(if party {
            AppError::invalid("state", "training.error.not_now")
        } else {
            AppError::Forbidden
        });
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let link = format!("/training/sessions/{}", session.id);
    if step == EnrolmentStep::Approve {
        sqlx::query("UPDATE training_enrolments SET approved_at = $1, approved_by = $2, updated_at = $1 WHERE id = $3")
            .bind(&now)
            .bind(user.person.id)
            .bind(enrolment_id)
            .execute(write.conn())
            .await?;
        let person = recipient(&mut write, enrolment.person_id).await?;
        notify(&mut write, person, "training.notice.approved", &session.title, link).await?;
    } else {
        let state_to = if step == EnrolmentStep::Refuse {
            "refused"
        } else {
            "cancelled"
        };
        sqlx::query("UPDATE training_enrolments SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(state_to)
            .bind(&now)
            .bind(enrolment_id)
            .execute(write.conn())
            .await?;
        if step == EnrolmentStep::Refuse {
            let person = recipient(&mut write, enrolment.person_id).await?;
            notify(
                &mut write,
                person,
                "training.notice.refused",
                &session.title,
                link.clone(),
            )
            .await?;
        }
        if enrolment.state() == EnrolmentState::Enrolled {
            promote(&mut write, &session, enrolment.organisation_id, &now, link).await?;
        }
    }
    let summary = format!("{}: {}", enrolment.person_name, step.as_str());
    let change = change(
        "training.enrolment.step",
        "training_enrolment",
        enrolment_id,
        enrolment.organisation_id,
        summary,
    );
    write.commit(change).await
}

/// Gives a freed seat of `organisation` to the first on its waiting list.
async fn promote(write: &mut Write, session: &Session, organisation: i64, now: &str, link: String) -> AppResult<()> {
    let next: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, person_id FROM training_enrolments WHERE session_id = $1 AND organisation_id = $2 AND state = 'waiting' \
         ORDER BY queued_at, id LIMIT 1",
    )
    .bind(session.id)
    .bind(organisation)
    .fetch_optional(write.conn())
    .await?;
    let Some((id, person)) = next else {
        return Ok(());
    };
    sqlx::query("UPDATE training_enrolments SET state = 'enrolled', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .record(change(
            "training.enrolment.promote",
            "training_enrolment",
            id,
            organisation,
            "from the waiting list".into(),
        ))
        .await?;
    let person = recipient(write, person).await?;
    notify(write, person, "training.notice.promoted", &session.title, link).await
}

/// Marks one person present or absent on one day of the session.
pub async fn mark(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    enrolment_id: i64,
    day: NaiveDate,
    present: bool,
) -> AppResult<()> {
    let enrolment = store::enrolment(&state.db, enrolment_id).await?;
    let session = store::session(&state.db, &user.actor, enrolment.session_id).await?;
    require(user, session.organisation_id)?;
    if enrolment.state() != EnrolmentState::Enrolled {
        return Err(AppError::invalid("enrolment", "training.error.not_now"));
    }
    let in_session = matches!((session.first_day.parse::<NaiveDate>(), session.last_day.parse::<NaiveDate>()),
        (Ok(first), Ok(last)) if first <= day && day <= last);
    if !in_session {
        return Err(AppError::invalid("day", "training.error.day"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query("DELETE FROM training_attendance WHERE enrolment_id = $1 AND day = $2")
        .bind(enrolment_id)
        .bind(day.to_string())
        .execute(write.conn())
        .await?;
    sqlx::query(
        "INSERT INTO training_attendance (enrolment_id, day, present, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(enrolment_id)
    .bind(day.to_string())
    .bind(i64::from(present))
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    let summary = format!(
        "{} {} on {day}",
        enrolment.person_name,
        if present { "present" } else { "absent" }
    );
    write
        .commit(change(
            "training.attendance.mark",
            "training_enrolment",
            enrolment_id,
            session.organisation_id,
            summary,
        ))
        .await
}

/// Records the modules of the session that `enrolment_id` has completed,
/// each with its certificate and the qualification it grants; the codes.
pub async fn complete(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    enrolment_id: i64,
    assessment_passed: bool,
) -> AppResult<Vec<String>> {
    let enrolment = store::enrolment(&state.db, enrolment_id).await?;
    let session = store::session(&state.db, &user.actor, enrolment.session_id).await?;
    require(user, session.organisation_id)?;
    if enrolment.state() != EnrolmentState::Enrolled {
        return Err(AppError::invalid("enrolment", "training.error.not_now"));
    }
    let (Ok(first), Ok(last)) = (
        session.first_day.parse::<NaiveDate>(),
        session.last_day.parse::<NaiveDate>(),
    ) else {
        return Err(AppError::internal("session dates"));
    };
    let days = rules::days(first, last).len() as i64;
    let modules = store::session_modules(&state.db, session.id).await?;
    let done: Vec<i64> = sqlx::query_scalar("SELECT module_id FROM training_completions WHERE enrolment_id = $1")
        .bind(enrolment_id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut shortfall = None;
    let mut completed = Vec::new();
    for module in modules.iter().filter(|m| !done.contains(&m.id)) {
        match rules::completion(
            enrolment.present,
            days,
            module.min_attendance,
            module.assessment == 1,
            assessment_passed,
        ) {
            Ok(()) => completed.push(module),
            Err(why) => shortfall = Some(why),
        }
    }
    if completed.is_empty() {
        let message = match shortfall {
            Some(rules::Shortfall::Assessment) => "training.error.assessment",
            Some(rules::Shortfall::Attendance) => "training.error.attendance",
            None => "training.error.already_completed",
        };
        return Err(AppError::invalid("enrolment", message));
    }
    let codes: Vec<String> = {
        let mut rng = rand::rng();
        completed.iter().map(|_| rules::certificate_code(&mut rng)).collect()
    };
    let today = state.clock.now().date_naive();
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for (module, code) in completed.iter().zip(&codes) {
        let completion: i64 = sqlx::query_scalar(
            "INSERT INTO training_completions (enrolment_id, module_id, person_id, completed_on, assessment_passed, \
             recorded_by, recorded_at, certificate_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(enrolment_id)
        .bind(module.id)
        .bind(enrolment.person_id)
        .bind(today.to_string())
        .bind(i64::from(assessment_passed))
        .bind(user.person.id)
        .bind(&now)
        .bind(code)
        .fetch_one(write.conn())
        .await?;
        if !module.qualification.is_empty() {
            sqlx::query(
                "INSERT INTO qualifications (person_id, name, granted_on, expires_on, completion_id) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(enrolment.person_id)
            .bind(&module.qualification)
            .bind(today.to_string())
            .bind(rules::expires_on(today, module.validity_months).map(|d| d.to_string()))
            .bind(completion)
            .execute(write.conn())
            .await?;
        }
    }
    let person = recipient(&mut write, enrolment.person_id).await?;
    notify(
        &mut write,
        person,
        "training.notice.completed",
        &session.title,
        "/training/certificates".into(),
    )
    .await?;
    let titles: Vec<&str> = completed.iter().map(|m| m.title.as_str()).collect();
    let summary = format!("{} completed {}", enrolment.person_name, titles.join(", "));
    let change = change(
        "training.completion.create",
        "training_enrolment",
        enrolment_id,
        session.organisation_id,
        summary,
    );
    write.commit(change).await?;
    Ok(codes)
}

/// Withdraws a certificate (and the qualification it granted), with the reason.
pub async fn revoke(state: &AppState, user: &SignedIn, request_id: &str, code: &str, reason: &str) -> AppResult<()> {
    let certificate = store::certificate(&state.db, code).await?.ok_or(AppError::NotFound)?;
    require(user, certificate.organiser_id)?;
    let reason = text(reason, 500, "reason", "training.error.reason")?;
    if certificate.revoked_at.is_some() {
        return Err(AppError::invalid("reason", "training.error.not_now"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE training_completions SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE certificate_code = $4",
    )
    .bind(timestamp(write.now()))
    .bind(user.person.id)
    .bind(&reason)
    .bind(&certificate.code)
    .execute(write.conn())
    .await?;
    let summary = format!(
        "certificate {} of {}: {reason}",
        certificate.code, certificate.person_name
    );
    write
        .commit(Change {
            action: "training.certificate.revoke",
            object_type: "training_certificate",
            object_id: certificate.code.clone(),
            organisation_id: Some(certificate.organiser_id),
            summary,
        })
        .await
}

/// The share of a session's cost each organisation owes, the organiser first.
pub fn cost_shares(session: &Session, seats: &[store::Seats]) -> Vec<(String, i64)> {
    let parties: Vec<rules::Share> = seats
        .iter()
        .map(|s| rules::Share {
            organisation_id: s.organisation_id,
            taken: s.taken,
            percent: s.share_percent,
        })
        .collect();
    let sharing = CostSharing::parse(&session.cost_sharing).unwrap_or(CostSharing::PerSeat);
    let parts = rules::split_cost(session.cost_cents, sharing, &parties);
    seats.iter().map(|s| s.organisation.clone()).zip(parts).collect()
}

/// Whether `user` may take `step` on `enrolment` now: the person's own
/// coordinators approve or refuse it (once); they, the person and the organiser's
/// coordinators may cancel; only while it holds a seat or waits.
pub fn may_step(user: &SignedIn, session: &Session, enrolment: &Enrolment, step: EnrolmentStep) -> bool {
    let active = matches!(enrolment.state(), EnrolmentState::Enrolled | EnrolmentState::Waiting);
    let own = user.actor.can(Action::ManageTraining(enrolment.organisation_id));
    active
        && match step {
            EnrolmentStep::Approve | EnrolmentStep::Refuse => own && enrolment.approved_at.is_none(),
            EnrolmentStep::Cancel => {
                own || enrolment.person_id == user.person.id
                    || user.actor.can(Action::ManageTraining(session.organisation_id))
            }
        }
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
    let mission =
        crate::people::Mission::parse(&input.mission).ok_or(AppError::invalid("mission", "training.error.mission"))?;
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

/// Volunteers of an organisation who need a training.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NeedInput {
    pub organisation_id: i64,
    /// A module of the curriculum, or none with a `topic`.
    pub module_id: Option<i64>,
    #[serde(default)]
    pub topic: String,
    /// How many volunteers need it.
    pub volunteers: i64,
    pub region_id: Option<i64>,
    #[serde(default)]
    pub note: String,
}

pub async fn submit_need(state: &AppState, user: &SignedIn, request_id: &str, input: &NeedInput) -> AppResult<i64> {
    require(user, input.organisation_id)?;
    let topic = match input.module_id {
        Some(id) => {
            store::module(&state.db, id)
                .await
                .map_err(|_| AppError::invalid("module_id", "training.error.topic"))?
                .0
                .title
        }
        None => text(&input.topic, MAX_TITLE, "topic", "training.error.topic")?,
    };
    if !(1..=10_000).contains(&input.volunteers) {
        return Err(AppError::invalid("volunteers", "training.error.volunteers"));
    }
    if input.note.chars().count() > 1000 {
        return Err(AppError::invalid("note", "training.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_needs (organisation_id, module_id, topic, volunteers, region_id, note, submitted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(input.organisation_id)
    .bind(input.module_id)
    .bind(&topic)
    .bind(input.volunteers)
    .bind(input.region_id)
    .bind(input.note.trim())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .fetch_one(write.conn())
    .await?;
    let summary = format!("{} volunteers need {topic}", input.volunteers);
    write
        .commit(change(
            "training.need.create",
            "training_need",
            id,
            input.organisation_id,
            summary,
        ))
        .await?;
    Ok(id)
}

pub async fn withdraw_need(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let organisation: i64 = sqlx::query_scalar("SELECT organisation_id FROM training_needs WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    require(user, organisation)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("DELETE FROM training_needs WHERE id = $1")
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .commit(change(
            "training.need.delete",
            "training_need",
            id,
            organisation,
            "withdrawn".into(),
        ))
        .await
}
