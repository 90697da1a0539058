//! Sessions: planned, changed, opened to partners, cancelled, and their cost.

use super::*;
use chrono::NaiveDate;

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::{Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::fields::{required_text, time_of_day};
use crate::state::AppState;
use crate::training::rules::{self, CostSharing};
use crate::training::store::{self, Session};

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

fn check_session(input: &SessionInput) -> AppResult<(String, CostSharing)> {
    let title = required_text(&input.title, MAX_TITLE, "title", "training.error.title")?;
    if input.module_ids.is_empty() {
        return Err(AppError::invalid("module_ids", "training.error.modules"));
    }
    let schedule = match (
        input.first_day,
        input.last_day,
        time_of_day(&input.starts),
        time_of_day(&input.ends),
    ) {
        (Some(first), Some(last), Some(starts), Some(ends)) => rules::schedule_ok(first, last, starts, ends),
        _ => false,
    };
    if !schedule {
        return Err(AppError::invalid("first_day", "training.error.schedule"));
    }
    if !crate::calendar::offered(&input.time_zone) {
        return Err(AppError::invalid("time_zone", "training.error.time_zone"));
    }
    let link = input.online_link.trim();
    if input.place.trim().is_empty() && link.is_empty() {
        return Err(AppError::invalid("place", "training.error.place"));
    }
    if !link.is_empty() && !link.starts_with("https://") {
        return Err(AppError::invalid("online_link", "training.error.link"));
    }
    required_text(&input.language, 20, "language", "training.error.language")?;
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
        .commit(Change::new(
            "training.session.create",
            "training_session",
            id,
            Some(input.organisation_id),
            summary,
        ))
        .await?;
    Ok(id)
}

/// A session the user organises and may still change: not found, refused
/// (not theirs to manage) or invalid on `field` (cancelled).
async fn organised(state: &AppState, user: &SignedIn, id: i64, field: &'static str) -> AppResult<Session> {
    let session = store::session(&state.db, &user.actor, id).await?;
    require(user, session.organisation_id)?;
    if session.cancelled_at.is_some() {
        return Err(AppError::invalid(field, "training.error.cancelled"));
    }
    Ok(session)
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
    let session = organised(state, user, id, "session").await?;
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
    let change = Change::new(
        "training.session.update",
        "training_session",
        id,
        Some(session.organisation_id),
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
    let session = organised(state, user, session_id, "organisation_id").await?;
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
    let change = Change::new(
        "training.session.open",
        "training_session",
        session_id,
        Some(session.organisation_id),
        summary,
    );
    write.commit(change).await
}

pub async fn cancel_session(state: &AppState, user: &SignedIn, request_id: &str, session_id: i64) -> AppResult<()> {
    let session = organised(state, user, session_id, "session").await?;
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
    let change = Change::new(
        "training.session.cancel",
        "training_session",
        session_id,
        Some(session.organisation_id),
        session.title.clone(),
    );
    write.commit(change).await
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
