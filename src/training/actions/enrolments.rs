//! Enrolments: taken, approved, refused or cancelled, attendance, completion
//! and the certificate it gives.

use super::*;
use chrono::NaiveDate;

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::permissions::Action;
use crate::state::AppState;
use crate::training::rules::{self, EnrolmentState};
use crate::training::store::{self, Enrolment, Session};

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
    let change = Change::new(
        "training.enrolment.create",
        "training_enrolment",
        id,
        Some(input.organisation_id),
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
    let change = Change::new(
        "training.enrolment.step",
        "training_enrolment",
        enrolment_id,
        Some(enrolment.organisation_id),
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
        .record(Change::new(
            "training.enrolment.promote",
            "training_enrolment",
            id,
            Some(organisation),
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
        .commit(Change::new(
            "training.attendance.mark",
            "training_enrolment",
            enrolment_id,
            Some(session.organisation_id),
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
    let change = Change::new(
        "training.completion.create",
        "training_enrolment",
        enrolment_id,
        Some(session.organisation_id),
        summary,
    );
    write.commit(change).await?;
    Ok(codes)
}

/// Withdraws a certificate (and the qualification it granted), with the reason.
pub async fn revoke(state: &AppState, user: &SignedIn, request_id: &str, code: &str, reason: &str) -> AppResult<()> {
    let certificate = store::certificate(&state.db, code).await?.ok_or(AppError::NotFound)?;
    require(user, certificate.organiser_id)?;
    let reason = required_text(reason, 500, "reason", "training.error.reason")?;
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
