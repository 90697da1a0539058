//! Publications and the networks a person reads them in.

use sqlx::FromRow;

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::permissions::Actor;

/// One indicator's figure as published, frozen.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = PublishedFigure)]
pub struct Figure {
    pub code: String,
    pub version: i64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub suppressed: bool,
}

/// A publication: who published which period to which network.
#[derive(Clone, Debug, FromRow)]
pub struct Publication {
    pub id: i64,
    pub organisation_id: i64,
    pub acronym: String,
    pub network_id: i64,
    pub network: String,
    pub period: String,
    pub set_id: i64,
    pub set_name: String,
    pub set_version: i64,
    /// The figures as JSON (see [`Publication::figures`]).
    pub figures: String,
    pub commentary: String,
    pub published_at: String,
    /// Counts of people under this were hidden.
    pub threshold: i64,
}

impl Publication {
    pub fn figures(&self) -> Vec<Figure> {
        serde_json::from_str(&self.figures).unwrap_or_default()
    }
}

const PUBLICATION: &str = "SELECT p.id, p.organisation_id, o.acronym, p.network_id, n.name AS network, p.period, p.set_id, \
     s.name AS set_name, s.version AS set_version, p.figures, p.commentary, p.published_at, p.threshold \
     FROM indicator_publications p \
     JOIN organisations o ON o.id = p.organisation_id JOIN networks n ON n.id = p.network_id \
     JOIN indicator_sets s ON s.id = p.set_id";

/// The networks `actor` reads publications in: those their organisations
/// are members of (every one for platform administrators); id and name.
pub async fn networks(db: &Db, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    let mine: Vec<String> = actor
        .memberships
        .iter()
        .map(|m| m.organisation_id.to_string())
        .collect();
    let filter = match (actor.platform_admin, mine.is_empty()) {
        (true, _) => String::new(),
        (false, true) => return Ok(Vec::new()),
        (false, false) => format!(
            " WHERE n.id IN (SELECT network_id FROM network_members WHERE state = 'member' AND organisation_id IN ({}))",
            mine.join(", ")
        ),
    };
    Ok(
        sqlx::query_as(&format!("SELECT n.id, n.name FROM networks n{filter} ORDER BY n.name"))
            .fetch_all(&db.pool)
            .await?,
    )
}

/// A network's publications of `period`, by publisher.
pub async fn of_network(db: &Db, network: i64, period: &str) -> AppResult<Vec<Publication>> {
    Ok(sqlx::query_as(&format!(
        "{PUBLICATION} WHERE p.network_id = $1 AND p.period = $2 ORDER BY o.acronym"
    ))
    .bind(network)
    .bind(period)
    .fetch_all(&db.pool)
    .await?)
}

/// The periods a network has publications of, the latest first.
pub async fn periods(db: &Db, network: i64) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT period FROM indicator_publications WHERE network_id = $1 ORDER BY period DESC",
    )
    .bind(network)
    .fetch_all(&db.pool)
    .await?)
}

/// What the same organisation published to the same network for `period`.
pub async fn of_organisation(db: &Db, publication: &Publication, period: &str) -> AppResult<Option<Publication>> {
    Ok(sqlx::query_as(&format!(
        "{PUBLICATION} WHERE p.network_id = $1 AND p.organisation_id = $2 AND p.period = $3"
    ))
    .bind(publication.network_id)
    .bind(publication.organisation_id)
    .bind(period)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn publication(db: &Db, id: i64) -> AppResult<Publication> {
    sqlx::query_as(&format!("{PUBLICATION} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// How small a count of people `network` hides in what is published to it.
pub async fn threshold(db: &Db, network: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT suppression_threshold FROM networks WHERE id = $1")
        .bind(network)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}
