//! Publishing a period's figures to a network.

use super::store::Figure;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::indicators::rules::Period;
use crate::indicators::sets::rules::{Forum, answerable};
use crate::indicators::sets::store as sets;
use crate::indicators::snapshots::Counted;
use crate::state::AppState;

/// What an administrator publishes.
pub struct Publishing<'a> {
    pub network: i64,
    pub organisation: i64,
    pub period: &'a str,
    pub commentary: &'a str,
}

/// Publishes (or publishes again) an organisation's figures of a closed
/// period to a network it is a member of, following the network's agreed
/// set; its id.
pub async fn publish(state: &AppState, user: &SignedIn, request_id: &str, what: Publishing<'_>) -> AppResult<i64> {
    let forum = Forum::Network(what.network);
    let network = sets::forum_name(&state.db, forum).await?;
    let mut conn = state.db.pool.acquire().await?;
    let parties = sets::parties(&mut conn, forum, None).await?;
    drop(conn);
    if !answerable(user, &parties)
        .iter()
        .any(|p| p.organisation_id == what.organisation)
    {
        return Err(AppError::invalid("organisation_id", "indicator_set.error.party"));
    }
    let today = state.clock.now().date_naive();
    let period = Period::parse(what.period)
        .filter(|p| p.bounds().1 < today)
        .ok_or(AppError::invalid("period", "publication.error.period"))?;
    let commentary = what.commentary.trim();
    if commentary.chars().count() > 5000 {
        return Err(AppError::invalid("commentary", "meeting.error.long"));
    }
    let set = sets::agreed(&state.db, forum)
        .await?
        .ok_or(AppError::invalid("period", "publication.error.no_set"))?;
    // Published as the data are now, whatever was kept before, hiding
    // what the network hides.
    let threshold = super::store::threshold(&state.db, what.network).await?;
    let (figures, _) = compute(state, (what.organisation, set.id), (period, threshold), true).await?;
    let figures = serde_json::to_string(&figures).map_err(AppError::internal)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query("DELETE FROM indicator_publications WHERE network_id = $1 AND organisation_id = $2 AND period = $3")
        .bind(what.network)
        .bind(what.organisation)
        .bind(period.code())
        .execute(write.conn())
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicator_publications (organisation_id, network_id, period, set_id, figures, commentary, published_by, \
         published_at, threshold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(what.organisation)
    .bind(what.network)
    .bind(period.code())
    .bind(set.id)
    .bind(figures)
    .bind(commentary)
    .bind(user.person.id)
    .bind(now)
    .bind(threshold)
    .fetch_one(write.conn())
    .await?;
    let summary = format!("{} → {network}", period.code());
    write
        .commit(Change::new(
            "indicator.publish",
            "indicator_publication",
            id,
            Some(what.organisation),
            summary,
        ))
        .await?;
    Ok(id)
}

/// An organisation's figures of `period` by the indicators of `set`, counts
/// of people under `threshold` hidden: an administration's are its
/// country's, another organisation's its own; when they were counted.
/// `renew` counts them from the data first.
pub async fn compute(
    state: &AppState,
    (organisation, set): (i64, i64),
    (period, threshold): (Period, i64),
    renew: bool,
) -> AppResult<(Vec<Figure>, Counted)> {
    let (kind, country): (String, String) = sqlx::query_as("SELECT kind, country FROM organisations WHERE id = $1")
        .bind(organisation)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let administration = (kind == "prison_administration", country);
    let of = (organisation, set);
    let (lines, counted) =
        crate::indicators::own(state, Lang::En, administration, of, (period, threshold), renew).await?;
    let figures = lines
        .into_iter()
        .map(|(indicator, cell)| Figure {
            code: indicator.code,
            version: indicator.version,
            numerator: cell.numerator,
            denominator: cell.denominator,
            value: cell.value,
            suppressed: cell.suppressed,
        })
        .collect();
    Ok((figures, counted))
}
