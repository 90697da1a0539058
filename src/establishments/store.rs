//! Establishment queries.

use std::collections::HashMap;

use sqlx::FromRow;

use super::{Reference, ValidEstablishment};
use crate::audit::Write;
use crate::db::{Db, Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::tabular::Outcome;
use crate::web::list::{ListQuery, Paged};

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Establishment {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub kind_fr: String,
    pub kind_en: String,
    pub region_id: i64,
    pub region: String,
    pub region_name: String,
    pub city: String,
    pub address: String,
    pub capacity: i64,
    /// The latest count of detainees, if any.
    pub population: Option<i64>,
    /// The date of that count (YYYY-MM-DD).
    pub population_on: Option<String>,
    pub open: i64,
}

impl Establishment {
    pub fn kind_name(&self, lang: &Lang) -> &str {
        match lang {
            Lang::Fr => &self.kind_fr,
            Lang::En => &self.kind_en,
        }
    }

    /// Detainees per 100 operational places, when counted.
    pub fn occupancy(&self) -> Option<i64> {
        match (self.population, self.capacity) {
            (Some(p), c) if c > 0 => Some((p * 100 + c / 2) / c),
            _ => None,
        }
    }

    pub fn is_open(&self) -> bool {
        self.open == 1
    }
}

const SELECT: &str = "SELECT e.id, e.code, e.name, e.country, k.code AS kind, k.name_fr AS kind_fr, \
     k.name_en AS kind_en, e.region_id, r.code AS region, r.name AS region_name, e.city, e.address, \
     e.capacity, e.population, e.population_on, e.open \
     FROM establishments e JOIN establishment_kinds k ON k.id = e.kind_id JOIN regions r ON r.id = e.region_id";

/// Filters of the establishment list besides search and sort.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EstablishmentFilter {
    /// Country code, e.g. FR.
    pub country: Option<String>,
    /// Region id.
    pub region: Option<String>,
    /// Kind code, e.g. MA.
    pub kind: Option<String>,
    /// `open` or `closed`.
    pub state: Option<String>,
}

impl EstablishmentFilter {
    fn filter(&self, query: &ListQuery) -> Filter {
        let mut f = Filter::default();
        if let Some(q) = query.search() {
            f.search(&["e.name", "e.code", "e.city"], q);
        }
        if let Some(country) = self.country.as_deref().filter(|c| !c.is_empty()) {
            f.and("e.country = ?", [Param::Text(country.to_uppercase())]);
        }
        if let Some(region) = self.region.as_deref().and_then(|r| r.parse::<i64>().ok()) {
            f.and("e.region_id = ?", [Param::Int(region)]);
        }
        if let Some(kind) = self.kind.as_deref().filter(|k| !k.is_empty()) {
            f.and("k.code = ?", [Param::Text(kind.to_uppercase())]);
        }
        match self.state.as_deref() {
            Some("open") => f.and("e.open = 1", []),
            Some("closed") => f.and("e.open = 0", []),
            _ => &mut f,
        };
        f
    }
}

const SORTS: &[(&str, &str)] = &[
    ("name", "e.name"),
    ("code", "e.code"),
    ("city", "e.city"),
    ("region", "r.name"),
    ("capacity", "e.capacity"),
    ("population", "e.population"),
];

pub async fn list(db: &Db, query: &ListQuery, filter: &EstablishmentFilter) -> AppResult<Paged<Establishment>> {
    let f = filter.filter(query);
    let count = "SELECT COUNT(*) FROM establishments e JOIN establishment_kinds k ON k.id = e.kind_id";
    Ok(f.page(db, SELECT, count, &query.order_by(SORTS, "e.id"), query).await?)
}

/// Every establishment the filter keeps, for an export.
pub async fn all(db: &Db, query: &ListQuery, filter: &EstablishmentFilter) -> AppResult<Vec<Establishment>> {
    let f = filter.filter(query);
    let sql = format!("{SELECT}{}{}", f.sql(), query.order_by(SORTS, "e.id"));
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> AppResult<Establishment> {
    sqlx::query_as(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Clone, Debug, FromRow)]
pub struct Count {
    pub counted_on: String,
    pub detainees: i64,
}

pub async fn history(db: &Db, id: i64) -> AppResult<Vec<Count>> {
    Ok(sqlx::query_as(
        "SELECT counted_on, detainees FROM establishment_populations WHERE establishment_id = $1 ORDER BY counted_on DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// Records a count of detainees; the establishment shows it if it is the latest.
/// False when a count already exists on that date.
pub async fn record_count(write: &mut Write, id: i64, on: chrono::NaiveDate, detainees: i64) -> AppResult<bool> {
    let now = timestamp(write.now());
    let inserted = sqlx::query(
        "INSERT INTO establishment_populations (establishment_id, counted_on, detainees, recorded_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (establishment_id, counted_on) DO NOTHING",
    )
    .bind(id)
    .bind(on.to_string())
    .bind(detainees)
    .bind(&now)
    .execute(write.conn())
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE establishments SET population = $1, population_on = $2, updated_at = $3 \
         WHERE id = $4 AND (population_on IS NULL OR population_on <= $2)",
    )
    .bind(detainees)
    .bind(on.to_string())
    .bind(&now)
    .bind(id)
    .execute(write.conn())
    .await?;
    Ok(true)
}

pub async fn reference(db: &Db) -> AppResult<Reference> {
    let countries: Vec<String> = sqlx::query_scalar("SELECT code FROM countries")
        .fetch_all(&db.pool)
        .await?;
    let kinds: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, country, code FROM establishment_kinds")
        .fetch_all(&db.pool)
        .await?;
    let regions: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, country, code FROM regions")
        .fetch_all(&db.pool)
        .await?;
    Ok(Reference {
        countries: countries.into_iter().collect(),
        kinds: kinds.into_iter().map(|(id, c, k)| ((c, k), id)).collect(),
        regions: regions.into_iter().map(|(id, c, r)| ((c, r), id)).collect(),
    })
}

#[derive(FromRow)]
struct Existing {
    id: i64,
    code: String,
    name: String,
    country: String,
    kind_id: i64,
    region_id: i64,
    city: String,
    address: String,
    capacity: i64,
    open: i64,
}

impl Existing {
    fn same_as(&self, e: &ValidEstablishment) -> bool {
        (
            &self.name,
            &self.country,
            self.kind_id,
            self.region_id,
            &self.city,
            &self.address,
            self.capacity,
            self.open,
        ) == (
            &e.name,
            &e.country,
            e.kind_id,
            e.region_id,
            &e.city,
            &e.address,
            e.capacity,
            i64::from(e.open),
        )
    }
}

async fn existing(db: &Db) -> AppResult<HashMap<String, Existing>> {
    let rows: Vec<Existing> = sqlx::query_as(
        "SELECT id, code, name, country, kind_id, region_id, city, address, capacity, open FROM establishments",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|e| (e.code.clone(), e)).collect())
}

async fn counted(db: &Db) -> AppResult<std::collections::HashSet<(i64, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT establishment_id, counted_on FROM establishment_populations")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().collect())
}

/// What importing these rows would change, without writing.
pub async fn plan(db: &Db, rows: &[ValidEstablishment]) -> AppResult<Outcome> {
    let existing = existing(db).await?;
    let counted = counted(db).await?;
    let mut outcome = Outcome::default();
    for row in rows {
        match existing.get(&row.code) {
            None => outcome.created += 1,
            Some(e) if !e.same_as(row) || new_count(&counted, e.id, row) => outcome.updated += 1,
            Some(_) => outcome.unchanged += 1,
        }
    }
    Ok(outcome)
}

fn new_count(counted: &std::collections::HashSet<(i64, String)>, id: i64, row: &ValidEstablishment) -> bool {
    row.population
        .is_some_and(|(day, _)| !counted.contains(&(id, day.to_string())))
}

/// Writes the rows in the given write: creates the new codes, updates those
/// that changed, leaves the others alone (re-importing changes nothing).
pub async fn apply(write: &mut Write, db: &Db, rows: &[ValidEstablishment]) -> AppResult<Outcome> {
    let existing = existing(db).await?;
    let counted = counted(db).await?;
    let now = timestamp(write.now());
    let mut outcome = Outcome::default();
    for row in rows {
        let id = match existing.get(&row.code) {
            None => {
                outcome.created += 1;
                sqlx::query_scalar(
                    "INSERT INTO establishments (code, name, country, kind_id, region_id, city, address, capacity, open, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                )
                .bind(&row.code)
                .bind(&row.name)
                .bind(&row.country)
                .bind(row.kind_id)
                .bind(row.region_id)
                .bind(&row.city)
                .bind(&row.address)
                .bind(row.capacity)
                .bind(i64::from(row.open))
                .bind(&now)
                .fetch_one(write.conn())
                .await?
            }
            Some(e) if !e.same_as(row) => {
                outcome.updated += 1;
                sqlx::query(
                    "UPDATE establishments SET name = $1, country = $2, kind_id = $3, region_id = $4, city = $5, \
                     address = $6, capacity = $7, open = $8, updated_at = $9 WHERE id = $10",
                )
                .bind(&row.name)
                .bind(&row.country)
                .bind(row.kind_id)
                .bind(row.region_id)
                .bind(&row.city)
                .bind(&row.address)
                .bind(row.capacity)
                .bind(i64::from(row.open))
                .bind(&now)
                .bind(e.id)
                .execute(write.conn())
                .await?;
                e.id
            }
            Some(e) => {
                if new_count(&counted, e.id, row) {
                    outcome.updated += 1;
                } else {
                    outcome.unchanged += 1;
                }
                e.id
            }
        };
        if let Some((day, detainees)) = row.population
            && !counted.contains(&(id, day.to_string()))
        {
            record_count(write, id, day, detainees).await?;
        }
    }
    Ok(outcome)
}
