//! Inviting people and changing memberships: each checks the permission,
//! validates, writes and records the change in one transaction.

use chrono::Duration;

use crate::audit::{Change, Write};
use crate::auth::{SignedIn, normalise_email, secrets};
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::inbox::{Arg, Notice, Words};
use crate::permissions::Mission;
use crate::permissions::{Action, Role};
use crate::state::AppState;

/// How long an invitation link stays valid.
const INVITATION_LIFETIME: Duration = Duration::days(7);

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Invitation {
    pub email: String,
    /// Needed when the person is new to Passerelle.
    #[serde(default)]
    pub name: String,
    pub organisation: i64,
    /// volunteer, coordinator, org_admin, prison_staff or observer.
    pub role: String,
    /// A section of the organisation, to scope the membership to it.
    #[serde(default)]
    pub section: Option<i64>,
    /// What the volunteer does there: visitor, prison_correspondent, teacher or other (the default).
    #[serde(default)]
    pub mission: Option<String>,
}

/// A mission given in a form or API call; none means `other`.
fn mission(text: Option<&str>) -> AppResult<Mission> {
    match text.filter(|t| !t.is_empty()) {
        None => Ok(Mission::Other),
        Some(text) => Mission::parse(text).ok_or_else(|| AppError::invalid("mission", "people.unknown_mission")),
    }
}

async fn check_section(state: &AppState, organisation: i64, section: Option<i64>) -> AppResult<()> {
    let Some(section) = section else { return Ok(()) };
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM sections WHERE id = $1 AND organisation_id = $2")
        .bind(section)
        .bind(organisation)
        .fetch_optional(&state.db.pool)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| AppError::invalid("section", "people.unknown_section"))
}

/// Invites someone to an organisation. The membership exists only once they
/// accept: from their account page when they have an account, by choosing
/// their password through the emailed link when they are new. The inviter
/// gets the same answer either way: an invitation does not tell who has an
/// account.
pub async fn invite(state: &AppState, user: &SignedIn, request_id: &str, input: &Invitation) -> AppResult<()> {
    let email = normalise_email(&input.email);
    let role = Role::parse(&input.role).ok_or_else(|| AppError::invalid("role", "people.unknown_role"))?;
    user.actor.require(Action::AssignRole(input.organisation, role))?;
    let mission = mission(input.mission.as_deref())?;
    super::fields::email(&email).map_err(|m| AppError::invalid("email", m))?;
    check_section(state, input.organisation, input.section).await?;
    let existing: Option<(i64, Option<String>)> = sqlx::query_as("SELECT id, language FROM persons WHERE email = $1")
        .bind(&email)
        .fetch_optional(&state.db.pool)
        .await?;
    super::fields::name(&input.name, existing.is_none()).map_err(|m| AppError::invalid("name", m))?;
    let organisation: String = sqlx::query_scalar("SELECT acronym FROM organisations WHERE id = $1")
        .bind(input.organisation)
        .fetch_one(&state.db.pool)
        .await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    let (person, token, language) = match existing {
        Some((id, language)) => (id, None, language),
        None => {
            let id: i64 =
                sqlx::query_scalar("INSERT INTO persons (email, name, created_at) VALUES ($1, $2, $3) RETURNING id")
                    .bind(&email)
                    .bind(input.name.trim())
                    .bind(timestamp(now))
                    .fetch_one(write.conn())
                    .await?;
            (id, Some(secrets::new_token("")), None)
        }
    };
    let current: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM memberships WHERE person_id = $1 AND organisation_id = $2 AND ended_at IS NULL",
    )
    .bind(person)
    .bind(input.organisation)
    .fetch_optional(write.conn())
    .await?;
    if current.is_some() {
        return Err(AppError::invalid("email", "people.already_member"));
    }
    // A new invitation to the same organisation replaces one not answered yet.
    sqlx::query("DELETE FROM membership_offers WHERE person_id = $1 AND organisation_id = $2 AND answer IS NULL")
        .bind(person)
        .bind(input.organisation)
        .execute(write.conn())
        .await?;
    let offer: i64 = sqlx::query_scalar(
        "INSERT INTO membership_offers (person_id, organisation_id, role, scope_kind, scope_section_id, mission, \
         invited_by, invited_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(person)
    .bind(input.organisation)
    .bind(role.as_str())
    .bind(super::scope_kind(input.section))
    .bind(input.section)
    .bind(mission.as_str())
    .bind(user.person.id)
    .bind(timestamp(now))
    .fetch_one(write.conn())
    .await?;
    if let Some(token) = &token {
        // Choosing a password through this link accepts this invitation.
        sqlx::query(
            "INSERT INTO password_resets (person_id, token_hash, created_at, expires_at, joins) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person)
        .bind(secrets::token_hash(token))
        .bind(timestamp(now))
        .bind(timestamp(now + INVITATION_LIFETIME))
        .bind(offer)
        .execute(write.conn())
        .await?;
    }
    // The link's secret goes only in the email, never in the stored notice.
    let (key, link, secret) = match &token {
        Some(token) => ("people.invitation_body", "/password/reset/".to_owned(), token.clone()),
        None => ("people.offer_body", "/account#invitations".to_owned(), String::new()),
    };
    let words = Words::new(
        ("people.invitation_subject", vec![Arg::Text(organisation.clone())]),
        (key, vec![Arg::Text(organisation.clone())]),
    );
    let notice = Notice {
        email_extra: secret,
        ..Notice::written(person, &email, language.as_deref(), words, link)
    };
    notice.store(write.conn(), now).await?;
    write
        .commit(Change {
            action: "membership.invite",
            object_type: "membership_offer",
            object_id: offer.to_string(),
            organisation_id: Some(input.organisation),
            summary: format!(
                "invitation to {organisation} as {} ({})",
                role.as_str(),
                mission.as_str()
            ),
        })
        .await?;
    Ok(())
}

/// The user accepts or declines an invitation made to them.
pub async fn answer_offer(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    offer: i64,
    accept: bool,
) -> AppResult<()> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT organisation_id FROM membership_offers WHERE id = $1 AND person_id = $2 AND answer IS NULL",
    )
    .bind(offer)
    .bind(user.person.id)
    .fetch_optional(&state.db.pool)
    .await?;
    let organisation = found.ok_or(AppError::NotFound)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    let answered = if accept {
        !crate::auth::offers::join(write.conn(), user.person.id, Some(offer), now)
            .await?
            .is_empty()
    } else {
        let declined = sqlx::query(
            "UPDATE membership_offers SET answer = 'declined', answered_at = $2 WHERE id = $1 AND answer IS NULL",
        )
        .bind(offer)
        .bind(timestamp(now))
        .execute(write.conn())
        .await?;
        declined.rows_affected() == 1
    };
    if !answered {
        return Err(AppError::NotFound);
    }
    let action = if accept {
        "membership.create"
    } else {
        "membership.decline"
    };
    write
        .commit(Change {
            action,
            object_type: "membership_offer",
            object_id: offer.to_string(),
            organisation_id: Some(organisation),
            summary: format!("invitation #{offer} {}", if accept { "accepted" } else { "declined" }),
        })
        .await
}

/// A membership and what a change of it needs to check.
struct Current {
    person_id: i64,
    organisation_id: i64,
    role: Role,
}

async fn current(state: &AppState, user: &SignedIn, membership: i64) -> AppResult<Current> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT person_id, organisation_id, role FROM memberships WHERE id = $1 AND ended_at IS NULL")
            .bind(membership)
            .fetch_optional(&state.db.pool)
            .await?;
    let (person_id, organisation_id, role) = row.ok_or(AppError::NotFound)?;
    if !user.actor.can(Action::ViewMembers(organisation_id)) {
        return Err(AppError::NotFound);
    }
    let role = Role::parse(&role).unwrap_or(Role::Volunteer);
    // Changing someone's membership needs the right to give their current role.
    user.actor.require(Action::AssignRole(organisation_id, role))?;
    Ok(Current {
        person_id,
        organisation_id,
        role,
    })
}

/// What a membership becomes: role, section (none for the whole organisation), mission.
pub struct MembershipChange<'a> {
    pub role: &'a str,
    pub section: Option<i64>,
    pub mission: Option<&'a str>,
}

pub async fn change(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    membership: i64,
    to: MembershipChange<'_>,
) -> AppResult<i64> {
    let m = current(state, user, membership).await?;
    let role = Role::parse(to.role).ok_or_else(|| AppError::invalid("role", "people.unknown_role"))?;
    let mission = mission(to.mission)?;
    let section = to.section;
    user.actor.require(Action::AssignRole(m.organisation_id, role))?;
    check_section(state, m.organisation_id, section).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE memberships SET role = $1, scope_kind = $2, scope_section_id = $3, mission = $4 WHERE id = $5")
        .bind(role.as_str())
        .bind(super::scope_kind(section))
        .bind(section)
        .bind(mission.as_str())
        .bind(membership)
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "membership.update",
            object_type: "person",
            object_id: m.person_id.to_string(),
            organisation_id: Some(m.organisation_id),
            summary: format!(
                "role: {} → {}; section: {section:?}; mission: {}",
                m.role.as_str(),
                role.as_str(),
                mission.as_str()
            ),
        })
        .await?;
    Ok(m.person_id)
}

/// Ends a membership; it stays in the history.
pub async fn end(state: &AppState, user: &SignedIn, request_id: &str, membership: i64) -> AppResult<i64> {
    let m = current(state, user, membership).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE memberships SET ended_at = $1 WHERE id = $2")
        .bind(timestamp(write.now()))
        .bind(membership)
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "membership.end",
            object_type: "person",
            object_id: m.person_id.to_string(),
            organisation_id: Some(m.organisation_id),
            summary: format!("{} membership ended", m.role.as_str()),
        })
        .await?;
    Ok(m.person_id)
}

/// Deactivates a person everywhere: platform admins, or the administrators
/// of every organisation the person belongs to.
pub async fn deactivate(state: &AppState, user: &SignedIn, request_id: &str, person: i64) -> AppResult<()> {
    let organisations: Vec<i64> =
        sqlx::query_scalar("SELECT organisation_id FROM memberships WHERE person_id = $1 AND ended_at IS NULL")
            .bind(person)
            .fetch_all(&state.db.pool)
            .await?;
    let allowed = user.actor.platform_admin
        || (!organisations.is_empty()
            && organisations
                .iter()
                .all(|o| user.actor.can(Action::AssignRole(*o, Role::OrgAdmin))));
    if !allowed || person == user.person.id {
        return Err(AppError::Forbidden);
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE persons SET active = 0 WHERE id = $1")
        .bind(person)
        .execute(write.conn())
        .await?;
    let now = write.now();
    crate::auth::sessions::shut_out(write.conn(), person, now).await?;
    write
        .commit(Change {
            action: "person.deactivate",
            object_type: "person",
            object_id: person.to_string(),
            organisation_id: organisations.first().copied(),
            summary: "deactivated: sessions closed, tokens revoked".into(),
        })
        .await
}
