//! Membership offers: an invitation is an offer to join an organisation,
//! taken up when its link is first used or when the person accepts it.

use crate::error::AppResult;

/// Turns invitations of `person` into memberships, in the caller's
/// transaction: the one given, or every one not answered yet. The
/// organisations joined.
pub async fn join(
    conn: &mut sqlx::AnyConnection,
    person: i64,
    offer: Option<i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<i64>> {
    let offers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, organisation_id FROM membership_offers \
         WHERE person_id = $1 AND answer IS NULL AND ($2 = 0 OR id = $2)",
    )
    .bind(person)
    .bind(offer.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let mut joined = Vec::new();
    for (id, organisation) in offers {
        // Answered once: of two clicks at the same time, one wins.
        let claimed = sqlx::query(
            "UPDATE membership_offers SET answer = 'accepted', answered_at = $2 WHERE id = $1 AND answer IS NULL",
        )
        .bind(id)
        .bind(crate::db::timestamp(now))
        .execute(&mut *conn)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        sqlx::query(
            "INSERT INTO memberships (person_id, organisation_id, role, scope_kind, scope_section_id, started_at, mission) \
             SELECT o.person_id, o.organisation_id, o.role, o.scope_kind, o.scope_section_id, $2, o.mission \
             FROM membership_offers o WHERE o.id = $1 AND NOT EXISTS (SELECT 1 FROM memberships m \
             WHERE m.person_id = o.person_id AND m.organisation_id = o.organisation_id AND m.ended_at IS NULL)",
        )
        .bind(id)
        .bind(crate::db::timestamp(now))
        .execute(&mut *conn)
        .await?;
        joined.push(organisation);
    }
    Ok(joined)
}
