//! Context figures per country and year from outside Passerelle (SPACE I,
//! national statistics): the prison population, capacity and inhabitants,
//! with their source, imported from CSV and shown beside the comparison.

use std::collections::{HashMap, HashSet};

use sqlx::FromRow;

use crate::audit::Write;
use crate::db::{Db, timestamp};
use crate::error::AppResult;
use crate::permissions::{Action, Actor};
use crate::tabular::{Outcome, Record, RowError, parse_count, validate_all};

pub const REQUIRED: &[&str] = &["country", "year", "source"];
/// Every column a context file may have.
pub const IMPORT_COLUMNS: &[&str] = &[
    "country",
    "year",
    "source",
    "prison_population",
    "capacity",
    "inhabitants",
    "source_url",
];

/// A country's figures for a year, from one source.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ContextFigures {
    pub country: String,
    pub year: i64,
    pub source: String,
    pub prison_population: Option<i64>,
    pub capacity: Option<i64>,
    pub inhabitants: Option<i64>,
    pub source_url: String,
}

impl ContextFigures {
    /// People in prison per 100,000 inhabitants, the ratio of the counts.
    pub fn rate(&self) -> Option<f64> {
        match (self.prison_population, self.inhabitants) {
            (Some(p), Some(i)) if i > 0 => Some(p as f64 * 100_000.0 / i as f64),
            _ => None,
        }
    }

    /// People in prison per 100 places.
    pub fn occupancy(&self) -> Option<f64> {
        match (self.prison_population, self.capacity) {
            (Some(p), Some(c)) if c > 0 => Some(p as f64 * 100.0 / c as f64),
            _ => None,
        }
    }
}

/// Those who keep a country's establishments may import its context figures.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(Action::ManageEstablishments(&m.country)))
}

fn validate(
    record: &Record,
    countries: &HashSet<String>,
    actor: Option<&Actor>,
) -> Result<ContextFigures, Vec<RowError>> {
    let mut errors = Vec::new();
    let country = record.get("country").to_uppercase();
    if !countries.contains(&country) {
        errors.push(RowError::new(record, "country", "establishment.unknown_country"));
    } else if actor.is_some_and(|a| !a.can(Action::ManageEstablishments(&country))) {
        errors.push(RowError::new(record, "country", "context.not_yours"));
    }
    let year = parse_count(record.get("year")).filter(|y| (1990..=2100).contains(y));
    if year.is_none() {
        errors.push(RowError::new(record, "year", "context.year.invalid"));
    }
    let source = record.get("source");
    if source.is_empty() || source.chars().count() > 200 {
        errors.push(RowError::new(record, "source", "context.source.invalid"));
    }
    let source_url = record.get("source_url");
    if source_url.chars().count() > 500
        || !(source_url.is_empty() || source_url.starts_with("https://") || source_url.starts_with("http://"))
    {
        errors.push(RowError::new(record, "source_url", "context.url"));
    }
    let mut count = |column: &str| match record.get(column) {
        "" => None,
        text => {
            let n = parse_count(text);
            if n.is_none() {
                errors.push(RowError::new(record, column, "import.not_a_number"));
            }
            n
        }
    };
    let (prison_population, capacity, inhabitants) =
        (count("prison_population"), count("capacity"), count("inhabitants"));
    match year {
        Some(year) if errors.is_empty() => Ok(ContextFigures {
            country,
            year,
            source: source.to_owned(),
            prison_population,
            capacity,
            inhabitants,
            source_url: source_url.to_owned(),
        }),
        _ => Err(errors),
    }
}

/// Every line checked, or every error; one line per country, year and source.
pub async fn check(
    db: &Db,
    actor: Option<&Actor>,
    records: &[Record],
) -> AppResult<Result<Vec<ContextFigures>, Vec<RowError>>> {
    let countries: HashSet<String> = sqlx::query_scalar("SELECT code FROM countries")
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .collect();
    Ok(validate_all(
        records,
        |r| validate(r, &countries, actor),
        |f| (f.country.clone(), f.year, f.source.clone()),
        "source",
    ))
}

async fn existing(db: &Db) -> AppResult<HashMap<(String, i64, String), ContextFigures>> {
    let rows: Vec<ContextFigures> = sqlx::query_as(
        "SELECT country, year, source, prison_population, capacity, inhabitants, source_url FROM context_figures",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|f| ((f.country.clone(), f.year, f.source.clone()), f))
        .collect())
}

/// What importing `rows` would change.
pub async fn plan(db: &Db, rows: &[ContextFigures]) -> AppResult<Outcome> {
    let now = existing(db).await?;
    let mut outcome = Outcome::default();
    for row in rows {
        match now.get(&(row.country.clone(), row.year, row.source.clone())) {
            None => outcome.created += 1,
            Some(same) if same == row => outcome.unchanged += 1,
            Some(_) => outcome.updated += 1,
        }
    }
    Ok(outcome)
}

/// Writes the rows that are new or changed.
pub async fn apply(write: &mut Write, db: &Db, rows: &[ContextFigures]) -> AppResult<Outcome> {
    let outcome = plan(db, rows).await?;
    let now = existing(db).await?;
    let stamp = timestamp(write.now());
    for row in rows {
        if now.get(&(row.country.clone(), row.year, row.source.clone())) == Some(row) {
            continue;
        }
        sqlx::query("DELETE FROM context_figures WHERE country = $1 AND year = $2 AND source = $3")
            .bind(&row.country)
            .bind(row.year)
            .bind(&row.source)
            .execute(write.conn())
            .await?;
        sqlx::query(
            "INSERT INTO context_figures (country, year, source, prison_population, capacity, inhabitants, source_url, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&row.country)
        .bind(row.year)
        .bind(&row.source)
        .bind(row.prison_population)
        .bind(row.capacity)
        .bind(row.inhabitants)
        .bind(&row.source_url)
        .bind(&stamp)
        .execute(write.conn())
        .await?;
    }
    Ok(outcome)
}

/// Each country's latest figures up to `year`, by country code.
pub async fn latest(db: &Db, year: i64) -> AppResult<HashMap<String, ContextFigures>> {
    let rows: Vec<ContextFigures> = sqlx::query_as(
        "SELECT country, year, source, prison_population, capacity, inhabitants, source_url FROM context_figures \
         WHERE year <= $1 ORDER BY year, source",
    )
    .bind(year)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|f| (f.country.clone(), f)).collect())
}
