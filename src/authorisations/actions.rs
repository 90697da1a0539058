//! Everything that changes an application or an authorisation. Each function
//! checks the transition, writes, and records the change in the audit log,
//! in one transaction; pages and API call these.

use chrono::NaiveDate;

use super::rules::{self, Decision, Transition};
use super::store::{self, Authorisation, Today};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;

/// A new application, as typed.
#[derive(Clone, Debug, Default)]
pub struct Application {
    pub person_email: String,
    pub organisation: i64,
    pub filed_on: Option<NaiveDate>,
    pub establishments: Vec<i64>,
}

/// What a decision says.
#[derive(Clone, Debug)]
pub struct DecisionInput {
    pub decision: Decision,
    pub decided_on: NaiveDate,
    pub starts_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub probation_months: Option<u32>,
    pub refusal_reason: String,
}

/// Files a new application (or a renewal when `renews` is given).
pub async fn file(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    input: &Application,
    renews: Option<i64>,
) -> AppResult<i64> {
    // Who may file for the organisation answers before what is missing
    // from the form; the establishments' country is checked again below.
    let home: Option<String> = sqlx::query_scalar("SELECT country FROM organisations WHERE id = $1")
        .bind(input.organisation)
        .fetch_optional(&state.db.pool)
        .await?;
    user.actor.require(Action::ManageAuthorisations {
        organisation: input.organisation,
        country: home.as_deref().unwrap_or(""),
    })?;
    let person = crate::auth::find_person_by_email(&state.db, &input.person_email)
        .await?
        .ok_or_else(|| AppError::invalid("person_email", "authorisation.unknown_person"))?
        .0;
    let member: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM memberships WHERE person_id = $1 AND organisation_id = $2 AND ended_at IS NULL",
    )
    .bind(person.id)
    .bind(input.organisation)
    .fetch_optional(&state.db.pool)
    .await?;
    if member.is_none() {
        return Err(AppError::invalid("person_email", "authorisation.not_a_member"));
    }
    if input.establishments.is_empty() {
        return Err(AppError::invalid("establishments", "authorisation.no_establishment"));
    }
    let marks: Vec<String> = (0..input.establishments.len()).map(|i| format!("${}", i + 1)).collect();
    let sql = format!(
        "SELECT DISTINCT country FROM establishments WHERE id IN ({})",
        marks.join(", ")
    );
    let mut query = sqlx::query_scalar::<_, String>(&sql);
    for id in &input.establishments {
        query = query.bind(*id);
    }
    let countries = query.fetch_all(&state.db.pool).await?;
    let [country] = countries.as_slice() else {
        return Err(AppError::invalid("establishments", "authorisation.one_country"));
    };
    user.actor.require(Action::ManageAuthorisations {
        organisation: input.organisation,
        country,
    })?;
    let today = state.clock.now().date_naive();
    let filed_on = input.filed_on.unwrap_or(today);
    let dates = rules::DecisionDates {
        filed_on,
        decided_on: None,
        starts_on: None,
        expires_on: None,
    };
    rules::check_dates(&dates, today).map_err(|(f, m)| AppError::invalid(f, m))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO authorisations (person_id, organisation_id, country, renews_id, filed_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(person.id)
    .bind(input.organisation)
    .bind(country)
    .bind(renews)
    .bind(filed_on.to_string())
    .bind(timestamp(now))
    .fetch_one(write.conn())
    .await?;
    for establishment in &input.establishments {
        sqlx::query("INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(establishment)
            .execute(write.conn())
            .await?;
    }
    let action = if renews.is_some() {
        "authorisation.renew"
    } else {
        "authorisation.file"
    };
    let summary = format!(
        "{} for {} establishment(s), filed {filed_on}",
        person.email,
        input.establishments.len()
    );
    write
        .commit(Change::new(
            action,
            "authorisation",
            id,
            Some(input.organisation),
            summary,
        ))
        .await?;
    Ok(id)
}

/// Loads an authorisation the user may manage, and checks the transition.
/// The authorisation `id` if `user` may make `transition` on it now.
pub async fn managed(state: &AppState, user: &SignedIn, id: i64, transition: Transition) -> AppResult<Authorisation> {
    let today = Today::new(state.clock.now().date_naive());
    let a = store::get(&state.db, &user.actor, &today, id).await?;
    user.actor.require(match transition {
        Transition::Decide => Action::DecideAuthorisation { country: &a.country },
        _ => Action::ManageAuthorisations {
            organisation: a.organisation_id,
            country: &a.country,
        },
    })?;
    let renewed = store::renewed_by(&state.db, id).await?.is_some();
    rules::check_transition(&a.dates(), transition, renewed).map_err(|m| AppError::invalid("transition", m))?;
    Ok(a)
}

pub async fn record_step(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    step_kind: i64,
    done_on: NaiveDate,
    note: &str,
) -> AppResult<()> {
    let a = managed(state, user, id, Transition::RecordStep).await?;
    if Some(done_on) < NaiveDate::parse_from_str(&a.filed_on, "%Y-%m-%d").ok() {
        return Err(AppError::invalid("done_on", "authorisation.before_filing"));
    }
    let step: Option<String> =
        sqlx::query_scalar("SELECT code FROM authorisation_step_kinds WHERE id = $1 AND country = $2")
            .bind(step_kind)
            .bind(&a.country)
            .fetch_optional(&state.db.pool)
            .await?;
    let step = step.ok_or_else(|| AppError::invalid("step", "authorisation.unknown_step"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let inserted = sqlx::query(
        "INSERT INTO authorisation_steps (authorisation_id, step_kind_id, done_on, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (authorisation_id, step_kind_id) DO NOTHING",
    )
    .bind(id)
    .bind(step_kind)
    .bind(done_on.to_string())
    .bind(note.trim())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(AppError::invalid("step", "authorisation.step_done"));
    }
    write
        .commit(Change::new(
            "authorisation.step",
            "authorisation",
            id,
            Some(a.organisation_id),
            format!("{step} on {done_on}"),
        ))
        .await
}

pub async fn decide(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &DecisionInput,
) -> AppResult<()> {
    let a = managed(state, user, id, Transition::Decide).await?;
    let dates = rules::DecisionDates {
        filed_on: a.filed_on.parse().unwrap_or(rules::earliest_day()),
        decided_on: Some(input.decided_on),
        starts_on: input.starts_on,
        expires_on: input.expires_on,
    };
    rules::check_dates(&dates, state.clock.now().date_naive()).map_err(|(f, m)| AppError::invalid(f, m))?;
    let months: i64 = sqlx::query_scalar("SELECT authorisation_months FROM countries WHERE code = $1")
        .bind(&a.country)
        .fetch_one(&state.db.pool)
        .await?;
    let (starts, expires, probation) = match input.decision {
        Decision::Refused if input.refusal_reason.trim().is_empty() => {
            return Err(AppError::invalid("refusal_reason", "authorisation.reason_required"));
        }
        Decision::Refused => (None, None, None),
        Decision::Granted => {
            let starts = input.starts_on.unwrap_or(input.decided_on);
            let expires = input.expires_on.unwrap_or(rules::default_expiry(starts, months as u32));
            if expires <= starts {
                return Err(AppError::invalid("expires_on", "authorisation.expiry_before_start"));
            }
            let probation = input
                .probation_months
                .and_then(|m| starts.checked_add_months(chrono::Months::new(m)));
            (Some(starts), Some(expires), probation)
        }
    };
    let decision = match input.decision {
        Decision::Granted => "granted",
        Decision::Refused => "refused",
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE authorisations SET decision = $1, decided_on = $2, starts_on = $3, expires_on = $4, \
         probation_ends_on = $5, refusal_reason = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(decision)
    .bind(input.decided_on.to_string())
    .bind(starts.map(|d| d.to_string()))
    .bind(expires.map(|d| d.to_string()))
    .bind(probation.map(|d| d.to_string()))
    .bind(input.refusal_reason.trim())
    .bind(timestamp(write.now()))
    .bind(id)
    .execute(write.conn())
    .await?;
    let summary = match expires {
        Some(end) => format!("granted on {}, valid until {end}", input.decided_on),
        None => format!("refused on {}", input.decided_on),
    };
    write
        .commit(Change::new(
            "authorisation.decide",
            "authorisation",
            id,
            Some(a.organisation_id),
            summary,
        ))
        .await
}

/// Suspends, lifts a suspension, or withdraws.
pub async fn event(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    transition: Transition,
    on: NaiveDate,
    reason: &str,
) -> AppResult<()> {
    let a = managed(state, user, id, transition).await?;
    let reason = reason.trim();
    if reason.is_empty() && transition != Transition::Lift {
        return Err(AppError::invalid("reason", "authorisation.reason_required"));
    }
    let (kind, update) = match transition {
        Transition::Suspend => (
            "suspended",
            "UPDATE authorisations SET suspended_on = $1, suspension_reason = $2, updated_at = $3 WHERE id = $4",
        ),
        Transition::Lift => (
            "lifted",
            // The day is kept in the event; the suspension itself ends.
            "UPDATE authorisations SET suspended_on = NULL, suspension_reason = '', updated_at = $3 \
             WHERE id = $4 AND suspended_on <= $1 AND $2 = ''",
        ),
        _ => (
            "withdrawn",
            "UPDATE authorisations SET withdrawn_on = $1, withdrawal_reason = $2, updated_at = $3 WHERE id = $4",
        ),
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let stored_reason = if transition == Transition::Lift { "" } else { reason };
    let changed = sqlx::query(update)
        .bind(on.to_string())
        .bind(stored_reason)
        .bind(&now)
        .bind(id)
        .execute(write.conn())
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(AppError::invalid("on", "authorisation.lift_before_suspension"));
    }
    sqlx::query(
        "INSERT INTO authorisation_events (authorisation_id, kind, happened_on, reason, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(kind)
    .bind(on.to_string())
    .bind(reason)
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    let summary = if reason.is_empty() {
        format!("{kind} on {on}")
    } else {
        format!("{kind} on {on}: {reason}")
    };
    write
        .commit(Change::new(
            "authorisation.event",
            "authorisation",
            id,
            Some(a.organisation_id),
            summary,
        ))
        .await
}

/// Starts the renewal of a granted authorisation: a new application for the
/// same person, organisation and establishments, linked to this one.
pub async fn renew(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<i64> {
    let a = managed(state, user, id, Transition::Renew).await?;
    let establishments: Vec<i64> =
        sqlx::query_scalar("SELECT establishment_id FROM authorisation_establishments WHERE authorisation_id = $1")
            .bind(id)
            .fetch_all(&state.db.pool)
            .await?;
    let input = Application {
        person_email: a.person_email.clone(),
        organisation: a.organisation_id,
        filed_on: None,
        establishments,
    };
    file(state, user, request_id, &input, Some(id)).await
}
