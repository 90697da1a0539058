//! Peer reviews and sharing: another organisation invited, its view of
//! each answer, and the tally shared with networks.

use super::assessment_for;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::inbox::Recipient;
use crate::standards::store;
use crate::state::AppState;

/// Invites another organisation to review a submitted assessment; its
/// administrators are told.
pub async fn invite(state: &AppState, user: &SignedIn, request_id: &str, id: i64, reviewer: i64) -> AppResult<()> {
    let (assessment, _, _) = assessment_for(state, user, id, |r| r.manage).await?;
    if assessment.submitted_at.is_none() {
        return Err(AppError::invalid("reviewer_id", "standard.error.not_submitted"));
    }
    let known: Option<String> = sqlx::query_scalar("SELECT acronym FROM organisations WHERE id = $1")
        .bind(reviewer)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some(acronym) = known.filter(|_| reviewer != assessment.organisation_id) else {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewer"));
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    let invited = sqlx::query(
        "INSERT INTO standard_reviews (assessment_id, reviewer_id, invited_by, invited_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(reviewer)
    .bind(user.person.id)
    .bind(timestamp(now))
    .execute(write.conn())
    .await?
    .rows_affected();
    if invited == 0 {
        return Err(AppError::invalid("reviewer_id", "standard.error.invited"));
    }
    let about = format!("{} — {}", assessment.organisation, assessment.framework);
    for admin in Recipient::administrators(write.conn(), &[reviewer]).await? {
        let notice = admin.notice(
            "standard.notice.invited",
            "standard.notice.invited_body",
            &about,
            format!("/standards/assessments/{id}"),
        );
        notice.store(write.conn(), now).await?;
    }
    write
        .commit(Change::new(
            "standard.review.invite",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("{acronym} invited to review"),
        ))
        .await
}

/// A reviewer's view of one requirement: agrees, or not (and why).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ReviewInput {
    pub requirement_id: i64,
    /// None: not reviewed yet.
    pub agrees: Option<bool>,
    #[serde(default)]
    pub comment: String,
}

/// Saves a reviewer's views; with `complete`, closes the review (every
/// requirement seen) and tells the assessed party.
pub async fn review(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    reviewer: i64,
    given: &[ReviewInput],
    complete: bool,
) -> AppResult<()> {
    let (assessment, rights, requirements) = assessment_for(state, user, id, |r| !r.reviews_for.is_empty()).await?;
    if !rights.reviews_for.contains(&reviewer) {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewer"));
    }
    let (review, completed): (i64, Option<String>) =
        sqlx::query_as("SELECT id, completed_at FROM standard_reviews WHERE assessment_id = $1 AND reviewer_id = $2")
            .bind(id)
            .bind(reviewer)
            .fetch_one(&state.db.pool)
            .await?;
    if completed.is_some() {
        return Err(AppError::invalid("reviewer_id", "standard.error.reviewed"));
    }
    for view in given {
        if !requirements.iter().any(|r| r.id == view.requirement_id) {
            return Err(AppError::invalid("requirement_id", "standard.error.requirement"));
        }
        if view.comment.trim().chars().count() > 2000 {
            return Err(AppError::invalid("comment", "standard.error.long"));
        }
        if view.agrees == Some(false) && view.comment.trim().is_empty() {
            return Err(AppError::invalid("comment", "standard.error.why"));
        }
    }
    let seen = |r: &store::Item| given.iter().any(|v| v.requirement_id == r.id && v.agrees.is_some());
    if complete && !requirements.iter().all(seen) {
        return Err(AppError::invalid("complete", "standard.error.review_incomplete"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    for view in given {
        sqlx::query("DELETE FROM standard_review_answers WHERE review_id = $1 AND requirement_id = $2")
            .bind(review)
            .bind(view.requirement_id)
            .execute(write.conn())
            .await?;
        let Some(agrees) = view.agrees else { continue };
        sqlx::query(
            "INSERT INTO standard_review_answers (review_id, requirement_id, agrees, comment, answered_by, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(review)
        .bind(view.requirement_id)
        .bind(i64::from(agrees))
        .bind(view.comment.trim())
        .bind(user.person.id)
        .bind(timestamp(now))
        .execute(write.conn())
        .await?;
    }
    let disagreements = given.iter().filter(|v| v.agrees == Some(false)).count();
    if complete {
        sqlx::query("UPDATE standard_reviews SET completed_at = $1, completed_by = $2 WHERE id = $3")
            .bind(timestamp(now))
            .bind(user.person.id)
            .bind(review)
            .execute(write.conn())
            .await?;
        let about = format!("{} — {}", assessment.framework, disagreements);
        for admin in Recipient::administrators(write.conn(), &[assessment.organisation_id]).await? {
            let notice = admin.notice(
                "standard.notice.reviewed",
                "standard.notice.reviewed_body",
                &about,
                format!("/standards/assessments/{id}"),
            );
            notice.store(write.conn(), now).await?;
        }
    }
    let action = if complete {
        "standard.review.complete"
    } else {
        "standard.review.save"
    };
    write
        .commit(Change::new(
            action,
            "standard_assessment",
            id,
            Some(reviewer),
            format!("{disagreements} disagreements"),
        ))
        .await
}

/// Shares a submitted assessment's tally with the networks chosen among
/// those the assessed organisation belongs to (and stops sharing with the others).
pub async fn share(state: &AppState, user: &SignedIn, request_id: &str, id: i64, networks: &[i64]) -> AppResult<()> {
    let (assessment, _, _) = assessment_for(state, user, id, |r| r.manage).await?;
    if assessment.submitted_at.is_none() {
        return Err(AppError::invalid("network", "standard.error.not_submitted"));
    }
    let member_of = member_networks(state, assessment.organisation_id).await?;
    if networks.iter().any(|n| !member_of.iter().any(|(m, _)| m == n)) {
        return Err(AppError::invalid("network", "standard.error.network"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query("DELETE FROM standard_shares WHERE assessment_id = $1")
        .bind(id)
        .execute(write.conn())
        .await?;
    for network in networks {
        sqlx::query(
            "INSERT INTO standard_shares (assessment_id, network_id, shared_by, shared_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(network)
        .bind(user.person.id)
        .bind(&now)
        .execute(write.conn())
        .await?;
    }
    write
        .commit(Change::new(
            "standard.assessment.share",
            "standard_assessment",
            id,
            Some(assessment.organisation_id),
            format!("shared with {} networks", networks.len()),
        ))
        .await
}

/// The networks an organisation is a member of (or coordinates): (id, name).
pub async fn member_networks(state: &AppState, organisation: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.name FROM networks n WHERE n.coordinator_id = $1 \
         OR n.id IN (SELECT network_id FROM network_members WHERE organisation_id = $1 AND state = 'member') ORDER BY n.name",
    )
    .bind(organisation)
    .fetch_all(&state.db.pool)
    .await?)
}
