//! Every write on a referral: creation (as a draft or submitted at once)
//! and the transitions, each checked against the rules, recorded in the
//! history and the audit log, and notified to whoever acts next.

use chrono::NaiveDate;

use super::rules::{Kind, Party, State, Transition};
use super::store::{self, Referral};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::inbox::Recipient;
use crate::state::AppState;

/// A referral as the sender fills it in.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NewReferral {
    /// to_courses, to_visitor or meet_learner.
    pub kind: String,
    pub establishment_id: i64,
    /// The sender's organisation.
    pub sender_organisation_id: i64,
    pub receiving_organisation_id: i64,
    /// A pseudonymous reference (initials and a number, never a name).
    pub reference: String,
    #[serde(default)]
    pub language: String,
    /// What the person needs, in a few words.
    pub needs: String,
    #[serde(default)]
    pub prison_number: String,
    /// The person agreed to be referred.
    pub consent: bool,
    /// When the consent was collected (YYYY-MM-DD).
    #[schema(value_type = Option<String>, format = Date)]
    pub consent_on: Option<NaiveDate>,
    /// Who collected it.
    #[serde(default)]
    pub consent_by: String,
    /// Submit at once instead of keeping a draft.
    #[serde(default)]
    pub submit: bool,
}

const MAX_REFERENCE: usize = 40;
const MAX_NEEDS: usize = 500;

fn check(input: &NewReferral, today: NaiveDate) -> AppResult<Kind> {
    let kind = Kind::parse(&input.kind).ok_or(AppError::invalid("kind", "referral.error.kind"))?;
    let reference = input.reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_REFERENCE {
        return Err(AppError::invalid("reference", "referral.error.reference"));
    }
    let needs = input.needs.trim();
    if needs.is_empty() || needs.chars().count() > MAX_NEEDS {
        return Err(AppError::invalid("needs", "referral.error.needs"));
    }
    if input.prison_number.trim().chars().count() > 20 {
        return Err(AppError::invalid("prison_number", "referral.error.prison_number"));
    }
    match input.consent_on {
        Some(day) if input.consent && day <= today && !input.consent_by.trim().is_empty() => Ok(kind),
        _ => Err(AppError::invalid("consent", "referral.error.consent")),
    }
}

/// Records a referral, submitted at once when asked; its id.
pub async fn create(state: &AppState, user: &SignedIn, request_id: &str, input: &NewReferral) -> AppResult<i64> {
    let today = state.clock.now().date_naive();
    let kind = check(input, today)?;
    let sender_member = user
        .actor
        .acting_memberships()
        .any(|m| m.organisation_id == input.sender_organisation_id);
    if !sender_member {
        return Err(AppError::invalid("sender_organisation_id", "referral.error.not_member"));
    }
    let receiver: Option<(String, String, String)> =
        sqlx::query_as("SELECT kind, service, country FROM organisations WHERE id = $1")
            .bind(input.receiving_organisation_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let receiver_country = match receiver {
        Some((org_kind, service, country))
            if org_kind == "volunteer_organisation"
                && service == kind.receiving_service()
                && input.receiving_organisation_id != input.sender_organisation_id =>
        {
            country
        }
        _ => {
            return Err(AppError::invalid(
                "receiving_organisation_id",
                "referral.error.receiver",
            ));
        }
    };
    let establishment: Option<String> =
        sqlx::query_scalar("SELECT country FROM establishments WHERE id = $1 AND open = 1")
            .bind(input.establishment_id)
            .fetch_optional(&state.db.pool)
            .await?;
    if establishment.as_deref() != Some(receiver_country.as_str()) {
        return Err(AppError::invalid("establishment_id", "referral.error.establishment"));
    }

    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO referrals (kind, state, establishment_id, sender_id, sender_organisation_id, \
         receiving_organisation_id, beneficiary_ref, language, needs, prison_number, consent_on, consent_by, \
         created_at, updated_at) VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(input.establishment_id)
    .bind(user.person.id)
    .bind(input.sender_organisation_id)
    .bind(input.receiving_organisation_id)
    .bind(input.reference.trim())
    .bind(optional(&input.language))
    .bind(input.needs.trim())
    .bind(optional(&input.prison_number))
    .bind(input.consent_on.map(|d| d.to_string()))
    .bind(input.consent_by.trim())
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    event(&mut write, id, State::Draft, user.person.id, "").await?;
    let created = Change {
        action: "referral.create",
        object_type: "referral",
        object_id: id.to_string(),
        organisation_id: Some(input.sender_organisation_id),
        summary: format!("{} referral #{id} drafted", kind.as_str()),
    };
    if input.submit {
        write.record(created).await?;
        let referral = load(&mut write, id).await?;
        apply(&mut write, &referral, Transition::Submit, "", None, user.person.id).await?;
        let action = Transition::Submit.label();
        finish(write, id, input.sender_organisation_id, action).await?;
    } else {
        write.commit(created).await?;
    }
    Ok(id)
}

/// What comes with a transition: the reason or outcome, the assignee.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = ReferralStep)]
pub struct Step {
    /// The reason of a refusal or a decline, the outcome of a closing, a note otherwise.
    #[serde(default)]
    pub text: String,
    /// The volunteer to assign (for `assign`).
    pub assignee_id: Option<i64>,
}

/// Makes `transition` on referral `id` as `user`; the new state.
pub async fn act(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    transition: Transition,
    step: &Step,
) -> AppResult<State> {
    let (referral, parties) = store::get(&state.db, &user.actor, id).await?;
    if !transition.parties().iter().any(|p| parties.contains(p)) {
        return Err(AppError::Forbidden);
    }
    let next = transition
        .apply(referral.kind(), referral.state())
        .ok_or(AppError::invalid("state", "referral.error.not_now"))?;
    if transition.needs_text() && step.text.trim().is_empty() {
        return Err(AppError::invalid("text", "referral.error.text"));
    }
    if transition == Transition::Assign {
        let assignee = step
            .assignee_id
            .ok_or(AppError::invalid("assignee_id", "referral.error.assignee"))?;
        let today = state.clock.now().date_naive();
        let eligible = store::candidates(&state.db, &referral, today).await?;
        if !eligible.iter().any(|c| c.person_id == assignee) {
            return Err(AppError::invalid("assignee_id", "referral.error.not_authorised"));
        }
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    apply(
        &mut write,
        &referral,
        transition,
        &step.text,
        step.assignee_id,
        user.person.id,
    )
    .await?;
    let organisation = if parties.contains(&Party::Sender) {
        referral.sender_organisation_id
    } else {
        referral.receiving_organisation_id
    };
    finish(write, id, organisation, transition.label()).await?;
    Ok(next)
}

async fn load(write: &mut Write, id: i64) -> AppResult<Referral> {
    Ok(
        sqlx::query_as(&format!("{}{} WHERE r.id = $1", store::SELECT, store::FROM))
            .bind(id)
            .fetch_one(write.conn())
            .await?,
    )
}

async fn event(write: &mut Write, id: i64, state: State, person: i64, note: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO referral_events (referral_id, state, person_id, at, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(state.as_str())
        .bind(person)
        .bind(timestamp(write.now()))
        .bind(note.trim())
        .execute(write.conn())
        .await?;
    Ok(())
}

/// Moves the referral, guarded by its current state so that two people
/// acting at once cannot both succeed; the parties are notified.
async fn apply(
    write: &mut Write,
    referral: &Referral,
    transition: Transition,
    text: &str,
    assignee: Option<i64>,
    person: i64,
) -> AppResult<()> {
    let from = referral.state();
    let next = transition
        .apply(referral.kind(), from)
        .ok_or(AppError::invalid("state", "referral.error.not_now"))?;
    let now = timestamp(write.now());
    let starts_waiting = matches!(next, State::Submitted | State::Approved);
    let text = text.trim();
    let updated = sqlx::query(
        "UPDATE referrals SET state = $1, updated_at = $2, \
         submitted_at = CASE WHEN $3 = 'submit' THEN $2 ELSE submitted_at END, \
         waiting_since = CASE WHEN $4 = 1 THEN $2 ELSE waiting_since END, \
         accepted_at = CASE WHEN $3 = 'accept' THEN $2 ELSE accepted_at END, \
         closed_at = CASE WHEN $5 = 1 THEN $2 ELSE closed_at END, \
         approver_id = CASE WHEN $3 IN ('approve', 'refuse') THEN $6 ELSE approver_id END, \
         assigned_id = CASE WHEN $3 = 'assign' THEN $7 ELSE assigned_id END, \
         outcome = CASE WHEN $3 = 'close' THEN $8 ELSE outcome END, \
         reason = CASE WHEN $3 IN ('refuse', 'decline') THEN $8 ELSE reason END \
         WHERE id = $9 AND state = $10",
    )
    .bind(next.as_str())
    .bind(&now)
    .bind(transition.as_str())
    .bind(i64::from(starts_waiting))
    .bind(i64::from(next.is_final()))
    .bind(person)
    .bind(assignee)
    .bind(text)
    .bind(referral.id)
    .bind(from.as_str())
    .execute(write.conn())
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::Conflict("referral.error.moved"));
    }
    event(write, referral.id, next, person, text).await?;
    let mut recipients = match next {
        State::AwaitingApproval => approvers(write, &referral.country).await?,
        State::Submitted | State::Approved => receivers(write, referral, &["coordinator", "org_admin"]).await?,
        _ => Vec::new(),
    };
    if next != State::Submitted && next != State::AwaitingApproval {
        recipients.extend(people(write, &[referral.sender_id]).await?);
    }
    if let (State::Assigned, Some(assignee)) = (next, assignee) {
        recipients.extend(people(write, &[assignee]).await?);
    }
    recipients.retain(|r| r.person_id != person);
    recipients.sort_by_key(|r| r.person_id);
    recipients.dedup_by_key(|r| r.person_id);
    let number = format!("#{}", referral.id);
    let link = format!("/referrals/{}", referral.id);
    for r in recipients {
        let notice = r.notice(next.notice(), "referral.notice.body", &number, link.clone());
        let now = write.now();
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}

async fn finish(write: Write, id: i64, organisation: i64, action: &'static str) -> AppResult<()> {
    let change = Change {
        action,
        object_type: "referral",
        object_id: id.to_string(),
        organisation_id: Some(organisation),
        summary: format!("referral #{id}: {action}"),
    };
    write.commit(change).await
}

async fn people(write: &mut Write, ids: &[i64]) -> AppResult<Vec<Recipient>> {
    let mut found = Vec::new();
    for id in ids {
        found.extend(
            sqlx::query_as::<_, Recipient>(
                "SELECT id AS person_id, email, language FROM persons WHERE id = $1 AND active = 1",
            )
            .bind(id)
            .fetch_optional(write.conn())
            .await?,
        );
    }
    Ok(found)
}

/// The probation service staff of the country's prison administration.
async fn approvers(write: &mut Write, country: &str) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m \
         JOIN persons p ON p.id = m.person_id JOIN organisations o ON o.id = m.organisation_id \
         WHERE o.kind = 'prison_administration' AND o.country = $1 AND m.role = 'prison_staff' \
         AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(country)
    .fetch_all(write.conn())
    .await?)
}

/// A coordinator or administrator, with the scope of their membership.
#[derive(sqlx::FromRow)]
struct Member {
    person_id: i64,
    email: String,
    language: Option<String>,
    role: String,
    scope_kind: String,
    scope_section_id: Option<i64>,
}

/// The receiving organisation's members with one of `roles` whose scope
/// covers the referral's establishment (administrators cover everything).
pub async fn receivers(write: &mut Write, referral: &Referral, roles: &[&str]) -> AppResult<Vec<Recipient>> {
    let members: Vec<Member> = sqlx::query_as(
        "SELECT p.id AS person_id, p.email, p.language, m.role, m.scope_kind, m.scope_section_id FROM memberships m \
         JOIN persons p ON p.id = m.person_id \
         WHERE m.organisation_id = $1 AND m.role IN ('coordinator', 'org_admin') AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(referral.receiving_organisation_id)
    .fetch_all(write.conn())
    .await?;
    let sections: Vec<i64> =
        sqlx::query_scalar("SELECT section_id FROM section_establishments WHERE establishment_id = $1")
            .bind(referral.establishment_id)
            .fetch_all(write.conn())
            .await?;
    Ok(members
        .into_iter()
        .filter(|m| {
            roles.contains(&m.role.as_str())
                && (m.role == "org_admin"
                    || m.scope_kind == "organisation"
                    || m.scope_section_id.is_some_and(|s| sections.contains(&s)))
        })
        .map(|m| Recipient {
            person_id: m.person_id,
            email: m.email,
            language: m.language,
        })
        .collect())
}
