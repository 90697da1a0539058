//! Proposing an indicator set and answering it.

use super::rules::{Forum, SetState, all_accepted, answerable, sees};
use super::store::{self, Party};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::required_text;
use crate::inbox::Recipient;
use crate::state::AppState;

/// What a party proposes: a name and the indicators, by id.
pub struct Proposal<'a> {
    pub forum: Forum,
    pub organisation: i64,
    pub name: &'a str,
    pub indicators: Vec<i64>,
}

/// A party's administrator proposes the next version of the forum's set; their
/// organisation accepts it by proposing it, and the others are told.
pub async fn propose(state: &AppState, user: &SignedIn, request_id: &str, proposal: Proposal<'_>) -> AppResult<i64> {
    let forum_name = store::forum_name(&state.db, proposal.forum).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let parties = store::parties(write.conn(), proposal.forum, None).await?;
    if !sees(&user.actor, proposal.forum, &ids(&parties)) {
        return Err(AppError::NotFound);
    }
    if !answerable(user, &parties)
        .iter()
        .any(|p| p.organisation_id == proposal.organisation)
    {
        return Err(AppError::invalid("organisation_id", "indicator_set.error.party"));
    }
    let name = required_text(proposal.name, 200, "name", "indicator_set.error.name")?;
    let known: Vec<i64> = sqlx::query_scalar("SELECT id FROM indicators")
        .fetch_all(write.conn())
        .await?;
    let mut chosen: Vec<i64> = proposal.indicators.into_iter().filter(|i| known.contains(i)).collect();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(AppError::invalid("indicator", "indicator_set.error.empty"));
    }
    let now = write.now();
    let (column, forum_id) = match proposal.forum {
        Forum::Network(id) => ("network_id", id),
        Forum::Agreement(id) => ("agreement_id", id),
    };
    let inserted = sqlx::query_scalar(&format!(
        "INSERT INTO indicator_sets (name, {column}, version, proposed_by_organisation, proposed_by, proposed_at) \
         SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5 FROM indicator_sets WHERE {column} = $2 RETURNING id"
    ))
    .bind(&name)
    .bind(forum_id)
    .bind(proposal.organisation)
    .bind(user.person.id)
    .bind(timestamp(now))
    .fetch_one(write.conn())
    .await;
    let id: i64 = match inserted {
        // Two proposals at once took the same version number.
        Err(err) if crate::db::is_unique_violation(&err, "indicator_sets") => {
            return Err(AppError::invalid("name", "indicator_set.error.concurrent"));
        }
        other => other?,
    };
    for indicator in &chosen {
        sqlx::query("INSERT INTO indicator_set_items (set_id, indicator_id) VALUES ($1, $2)")
            .bind(id)
            .bind(indicator)
            .execute(write.conn())
            .await?;
    }
    record_answer(&mut write, id, proposal.organisation, true, "", user.person.id).await?;
    let others: Vec<i64> = ids(&parties)
        .into_iter()
        .filter(|p| *p != proposal.organisation)
        .collect();
    if others.is_empty() {
        agree(&mut write, id).await?;
    }
    tell(&mut write, &others, "indicator_set.notice.proposed", &forum_name, id).await?;
    write
        .commit(Change::new(
            "indicator_set.propose",
            "indicator_set",
            id,
            Some(proposal.organisation),
            format!("{name} ({forum_name})"),
        ))
        .await?;
    Ok(id)
}

/// A party's administrator accepts the proposed version, or declines it
/// saying why. The last acceptance freezes it, and every party is told.
pub async fn answer(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    set: i64,
    organisation: i64,
    accept: bool,
    comment: &str,
) -> AppResult<()> {
    let found = store::set(&state.db, set).await?;
    let forum_name = store::forum_name(&state.db, found.forum()).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let parties = store::parties(write.conn(), found.forum(), Some(set)).await?;
    if !sees(&user.actor, found.forum(), &ids(&parties)) {
        return Err(AppError::NotFound);
    }
    if found.state() != SetState::Proposed {
        return Err(AppError::invalid("organisation_id", "indicator_set.error.closed"));
    }
    if !answerable(user, &parties)
        .iter()
        .any(|p| p.organisation_id == organisation)
    {
        return Err(AppError::invalid("organisation_id", "indicator_set.error.party"));
    }
    let comment = comment.trim();
    if comment.chars().count() > 2000 {
        return Err(AppError::invalid("comment", "meeting.error.long"));
    }
    if !accept && comment.is_empty() {
        return Err(AppError::invalid("comment", "indicator_set.error.why"));
    }
    sqlx::query("DELETE FROM indicator_set_answers WHERE set_id = $1 AND organisation_id = $2")
        .bind(set)
        .bind(organisation)
        .execute(write.conn())
        .await?;
    record_answer(&mut write, set, organisation, accept, comment, user.person.id).await?;
    let accepted: Vec<i64> = parties
        .iter()
        .filter(|p| p.organisation_id != organisation && p.accepted == Some(1))
        .map(|p| p.organisation_id)
        .chain(accept.then_some(organisation))
        .collect();
    if all_accepted(&ids(&parties), &accepted) {
        agree(&mut write, set).await?;
        tell(
            &mut write,
            &ids(&parties),
            "indicator_set.notice.agreed",
            &forum_name,
            set,
        )
        .await?;
    } else if !accept {
        let proposer: Vec<i64> =
            sqlx::query_scalar("SELECT proposed_by_organisation FROM indicator_sets WHERE id = $1")
                .bind(set)
                .fetch_all(write.conn())
                .await?;
        tell(&mut write, &proposer, "indicator_set.notice.declined", &forum_name, set).await?;
    }
    let action = if accept {
        "indicator_set.accept"
    } else {
        "indicator_set.decline"
    };
    write
        .commit(Change::new(
            action,
            "indicator_set",
            set,
            Some(organisation),
            format!("{} v{} ({forum_name})", found.name, found.version),
        ))
        .await
}

fn ids(parties: &[Party]) -> Vec<i64> {
    parties.iter().map(|p| p.organisation_id).collect()
}

async fn record_answer(
    write: &mut Write,
    set: i64,
    organisation: i64,
    accept: bool,
    comment: &str,
    person: i64,
) -> AppResult<()> {
    let now = timestamp(write.now());
    sqlx::query(
        "INSERT INTO indicator_set_answers (set_id, organisation_id, accepted, comment, answered_by, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(set)
    .bind(organisation)
    .bind(i64::from(accept))
    .bind(comment)
    .bind(person)
    .bind(now)
    .execute(write.conn())
    .await?;
    Ok(())
}

/// Freezes the set: agreed today.
async fn agree(write: &mut Write, set: i64) -> AppResult<()> {
    let now = timestamp(write.now());
    sqlx::query("UPDATE indicator_sets SET agreed_at = $1 WHERE id = $2 AND agreed_at IS NULL")
        .bind(now)
        .bind(set)
        .execute(write.conn())
        .await?;
    Ok(())
}

/// Tells the administrators of `organisations` about the set.
async fn tell(write: &mut Write, organisations: &[i64], subject: &str, forum: &str, set: i64) -> AppResult<()> {
    let admins = Recipient::administrators(write.conn(), organisations).await?;
    let now = write.now();
    for admin in admins {
        let notice = admin.notice(
            subject,
            "indicator_set.notice.body",
            forum,
            format!("/indicator-sets/{set}"),
        );
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}
