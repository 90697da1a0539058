//! Network queries: networks are public, like the directory of
//! organisations; who belongs to one decides who its meetings invite.

use sqlx::{AnyConnection, FromRow};

use crate::db::{Db, Filter, Param};
use crate::error::{AppError, AppResult};
use crate::web::list::{ListQuery, Paged};

/// A network and where the caller's organisations stand in it.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Network {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub coordinator_id: i64,
    pub coordinator: String,
    pub members: i64,
    pub requests: i64,
    /// Counts of people under this are hidden in what the network's
    /// members publish to it.
    pub suppression_threshold: i64,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct NetworkMember {
    pub organisation_id: i64,
    pub acronym: String,
    pub name: String,
    /// requested, member or refused.
    pub state: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
}

impl NetworkMember {
    /// Since when it is a member, or has asked.
    pub fn since(&self) -> &str {
        self.decided_at.as_deref().unwrap_or(&self.requested_at)
    }
}

const NETWORK: &str = "SELECT n.id, n.name, n.description, n.coordinator_id, o.acronym AS coordinator, n.suppression_threshold, \
     (SELECT COUNT(*) FROM network_members nm WHERE nm.network_id = n.id AND nm.state = 'member') AS members, \
     (SELECT COUNT(*) FROM network_members nm WHERE nm.network_id = n.id AND nm.state = 'requested') AS requests \
     FROM networks n JOIN organisations o ON o.id = n.coordinator_id";

/// Every network: they are public, like the directory of organisations.
pub async fn networks(db: &Db, query: &ListQuery) -> AppResult<Paged<Network>> {
    let mut f = Filter::default();
    if let Some(q) = query.search() {
        f.search(&["n.name", "n.description"], q);
    }
    let order = query.order_by(&[("name", "n.name")], "n.id");
    Ok(f.page(db, NETWORK, "SELECT COUNT(*) FROM networks n", &order, query)
        .await?)
}

pub async fn network(db: &Db, id: i64) -> AppResult<(Network, Vec<NetworkMember>)> {
    let network: Network = sqlx::query_as(&format!("{NETWORK} WHERE n.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = sqlx::query_as(
        "SELECT nm.organisation_id, o.acronym, o.name, nm.state, nm.requested_at, nm.decided_at FROM network_members nm \
         JOIN organisations o ON o.id = nm.organisation_id WHERE nm.network_id = $1 ORDER BY nm.state, o.acronym",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok((network, members))
}

/// The networks where one of `organisations` is a member, for a network meeting.
pub async fn networks_of(db: &Db, organisations: &[i64]) -> AppResult<Vec<(i64, String)>> {
    let mut f = Filter::default();
    f.and_in(
        "nm.organisation_id",
        organisations.iter().copied().map(Param::Int).collect(),
    );
    f.and("nm.state = 'member'", []);
    let sql = format!(
        "SELECT DISTINCT n.id, n.name FROM networks n JOIN network_members nm ON nm.network_id = n.id{} ORDER BY n.name",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// Whether `organisation` is a member of `network`.
pub async fn member_of(conn: &mut AnyConnection, network: i64, organisation: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM network_members WHERE network_id = $1 AND organisation_id = $2 AND state = 'member'",
    )
    .bind(network)
    .bind(organisation)
    .fetch_one(conn)
    .await?;
    Ok(n == 1)
}
