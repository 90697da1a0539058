//! Networks of organisations and their members.

use super::rules::NetworkState;
use super::store;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::inbox::Recipient;
use crate::permissions::Action;
use crate::state::AppState;

/// A network, created by an administrator of its coordinating organisation, which is its first member.
pub async fn create_network(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    name: &str,
    description: &str,
    coordinator: i64,
) -> AppResult<i64> {
    if !user.actor.can(Action::EditOrganisation(coordinator)) {
        return Err(AppError::invalid("coordinator_id", "network.error.coordinator"));
    }
    let name = required_text(name, 200, "name", "network.error.name")?;
    if description.chars().count() > 5000 {
        return Err(AppError::invalid("description", "meeting.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let inserted = sqlx::query_scalar(
        "INSERT INTO networks (name, description, coordinator_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&name)
    .bind(description.trim())
    .bind(coordinator)
    .bind(user.person.id)
    .bind(&now)
    .fetch_one(write.conn())
    .await;
    let id: i64 = match inserted {
        Err(err)
            if crate::db::is_unique_violation(&err, "networks_name_key")
                || crate::db::is_unique_violation(&err, "networks.name") =>
        {
            return Err(AppError::invalid("name", "network.error.taken"));
        }
        other => other?,
    };
    sqlx::query(
        "INSERT INTO network_members (network_id, organisation_id, state, requested_by, requested_at, decided_by, decided_at) \
         VALUES ($1, $2, 'member', $3, $4, $3, $4)",
    )
    .bind(id)
    .bind(coordinator)
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new("network.create", "network", id, Some(coordinator), name))
        .await?;
    Ok(id)
}

/// An organisation's administrator asks to join; the coordinating organisation's administrators are told.
pub async fn request_membership(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    network: i64,
    organisation: i64,
) -> AppResult<()> {
    let (n, members) = store::network(&state.db, network).await?;
    if !user.actor.can(Action::EditOrganisation(organisation)) {
        return Err(AppError::invalid("organisation_id", "network.error.not_admin"));
    }
    let current = members.iter().find(|m| m.organisation_id == organisation);
    if current.is_some_and(|m| m.state != NetworkState::Refused.as_str()) {
        return Err(AppError::invalid("organisation_id", "network.error.already"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    sqlx::query("DELETE FROM network_members WHERE network_id = $1 AND organisation_id = $2")
        .bind(network)
        .bind(organisation)
        .execute(write.conn())
        .await?;
    sqlx::query(
        "INSERT INTO network_members (network_id, organisation_id, state, requested_by, requested_at) VALUES ($1, $2, 'requested', $3, $4)",
    )
    .bind(network)
    .bind(organisation)
    .bind(user.person.id)
    .bind(timestamp(now))
    .execute(write.conn())
    .await?;
    let admins = Recipient::administrators(write.conn(), &[n.coordinator_id]).await?;
    for admin in admins {
        let notice = admin.notice(
            "network.notice.request",
            "network.notice.body",
            &n.name,
            format!("/networks/{network}"),
        );
        notice.store(write.conn(), now).await?;
    }
    let change = Change::new(
        "network.request",
        "network",
        network,
        Some(organisation),
        n.name.clone(),
    );
    write.commit(change).await
}

/// The coordinating organisation's administrators accept or refuse a request.
pub async fn decide_membership(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    network: i64,
    organisation: i64,
    accept: bool,
) -> AppResult<()> {
    let (n, members) = store::network(&state.db, network).await?;
    if !user.actor.can(Action::EditOrganisation(n.coordinator_id)) {
        return Err(AppError::Forbidden);
    }
    if !members
        .iter()
        .any(|m| m.organisation_id == organisation && m.state == NetworkState::Requested.as_str())
    {
        return Err(AppError::invalid("organisation_id", "network.error.no_request"));
    }
    let state_now = if accept {
        NetworkState::Member
    } else {
        NetworkState::Refused
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE network_members SET state = $1, decided_by = $2, decided_at = $3 WHERE network_id = $4 AND organisation_id = $5",
    )
    .bind(state_now.as_str())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .bind(network)
    .bind(organisation)
    .execute(write.conn())
    .await?;
    write
        .commit(Change::new(
            "network.decide",
            "network",
            network,
            Some(organisation),
            format!("{}: {}", n.name, state_now.as_str()),
        ))
        .await
}

/// The coordinating organisation's administrator sets how small a count of
/// people the network hides in what is published to it (from then on:
/// what was published keeps the threshold it was hidden with).
pub async fn set_threshold(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    network: i64,
    typed: &str,
) -> AppResult<()> {
    let (n, _) = store::network(&state.db, network).await?;
    if !user.actor.can(Action::EditOrganisation(n.coordinator_id)) {
        return Err(AppError::Forbidden);
    }
    let threshold = crate::indicators::rules::threshold(typed).map_err(|key| AppError::invalid("threshold", key))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE networks SET suppression_threshold = $1 WHERE id = $2")
        .bind(threshold)
        .bind(network)
        .execute(write.conn())
        .await?;
    let summary = format!("{}: counts under {threshold} hidden", n.name);
    write
        .commit(Change::new(
            "network.threshold",
            "network",
            network,
            Some(n.coordinator_id),
            summary,
        ))
        .await
}
