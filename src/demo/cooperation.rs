//! What the partnership looks like in use (for `passerelle demo`): visits
//! and course events logged by the showcase volunteers, a referral from an
//! ANVP visitor accepted by Auxilia and assigned to its correspondent, and
//! one still waiting. Made through the same actions as the pages, so the
//! audit log, the inboxes and the rules are those of real use.

use chrono::Duration;

use crate::activities::store::{self as activities, EntryInput};
use crate::auth::{SignedIn, find_person_by_email, load_actor};
use crate::error::{AppError, AppResult};
use crate::referrals::actions::{self as referrals, NewReferral, Step};
use crate::referrals::rules::Transition;
use crate::state::AppState;

pub(super) async fn signed_in(state: &AppState, email: &str) -> AppResult<SignedIn> {
    let (person, _) = find_person_by_email(&state.db, email)
        .await?
        .ok_or_else(|| AppError::Internal(format!("demo account {email} missing")))?;
    let actor = load_actor(&state.db, &person).await?;
    Ok(SignedIn {
        person,
        actor,
        session_id: None,
    })
}

pub(super) async fn id(state: &AppState, sql: &str, value: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar(sql).bind(value).fetch_one(&state.db.pool).await?)
}

/// Adds the entries and referrals unless the visitor already has some; the number of rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let visitor = signed_in(state, "visitor@passerelle.demo").await?;
    let done: Option<i64> = sqlx::query_scalar("SELECT id FROM referrals WHERE sender_id = $1 LIMIT 1")
        .bind(visitor.person.id)
        .fetch_optional(&state.db.pool)
        .await?;
    if done.is_some() {
        return Ok(0);
    }
    let correspondent = signed_in(state, "correspondent@passerelle.demo").await?;
    let coordinator = signed_in(state, "coordinator.auxilia@passerelle.demo").await?;
    let fresnes = id(state, "SELECT MIN(id) FROM establishments WHERE city = $1", "Fresnes").await?;
    let anvp = id(state, "SELECT id FROM organisations WHERE acronym = $1", "ANVP").await?;
    let auxilia = id(state, "SELECT id FROM organisations WHERE acronym = $1", "AUXILIA").await?;
    let today = state.clock.now().date_naive();
    let entry = |kind: &str, days_ago: i64, people_met: i64, minutes: i64| EntryInput {
        kind: kind.into(),
        done_on: (today - Duration::days(days_ago)).to_string(),
        establishment_id: Some(fresnes),
        people_met,
        duration: minutes.to_string(),
        note: String::new(),
    };
    let visits: Vec<EntryInput> = (0..6).map(|w| entry("visit", 3 + w * 14, 2, 90)).collect();
    let courses = vec![
        entry("course_enrolment", 40, 1, 30),
        entry("lesson_corrected", 20, 0, 45),
        entry("lesson_corrected", 6, 0, 45),
    ];
    let mut created = 0;
    for (who, organisation, entries) in [(&visitor, anvp, visits), (&correspondent, auxilia, courses)] {
        let ids = activities::log(state, who, "demo", organisation, &entries)
            .await?
            .map_err(|errors| AppError::Internal(format!("demo activities refused: {errors:?}")))?;
        created += ids.len() as u64;
    }
    let referral = |reference: &str, needs: &str| NewReferral {
        kind: "to_courses".into(),
        establishment_id: fresnes,
        sender_organisation_id: anvp,
        receiving_organisation_id: auxilia,
        reference: reference.into(),
        language: "fr".into(),
        needs: needs.into(),
        prison_number: String::new(),
        consent: true,
        consent_on: Some(today - Duration::days(2)),
        consent_by: visitor.person.name.clone(),
        submit: true,
    };
    let assigned = referrals::create(
        state,
        &visitor,
        "demo",
        &referral("JD-0412", "Remise à niveau en français écrit"),
    )
    .await?;
    referrals::act(
        state,
        &coordinator,
        "demo",
        assigned,
        Transition::Accept,
        &Step::default(),
    )
    .await?;
    let step = Step {
        text: String::new(),
        assignee_id: Some(correspondent.person.id),
    };
    referrals::act(state, &coordinator, "demo", assigned, Transition::Assign, &step).await?;
    referrals::create(
        state,
        &visitor,
        "demo",
        &referral("MK-1187", "Préparer le code de la route"),
    )
    .await?;
    Ok(created + 2)
}
