//! The figures of each comparison as last computed, kept in the database
//! so that every instance reads them instead of recounting a year of
//! European activity on each view (migration 0017).
//!
//! A figure is computed the first time someone asks for it: one request
//! per instance computes, the others asking meanwhile wait for it. A
//! period still open is refreshed by the scheduler when the data under it
//! changed or a day went by. A period that was over when it was computed is
//! frozen: the scheduler checks it again when the data changed, and flags
//! it when the figures would differ, until someone recomputes it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::{AnyConnection, FromRow};

use super::rules::{Measure, Measured};
use super::store::{self, Places};
use crate::audit::{Change, Write};
use crate::db::{Db, parse_timestamp, timestamp};
use crate::error::AppResult;
use crate::state::AppState;

/// When the figures shown were counted, and whether they are frozen.
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    /// The last day counted: the period's last, or the day it was counted on.
    pub through: NaiveDate,
    pub computed_at: DateTime<Utc>,
    /// Counted after the period was over: kept as it was.
    pub frozen: bool,
    /// When a check found that the data under frozen figures changed.
    pub changed_at: Option<DateTime<Utc>>,
}

impl Counted {
    /// What several measures counted at different times have in common:
    /// the oldest count, frozen only if all are.
    fn and(self, other: Counted) -> Counted {
        Counted {
            through: self.through.min(other.through),
            computed_at: self.computed_at.min(other.computed_at),
            frozen: self.frozen && other.frozen,
            changed_at: self.changed_at.max(other.changed_at),
        }
    }
}

/// A period that was over on the day its figures were counted.
fn frozen(to: NaiveDate, computed_at: DateTime<Utc>) -> bool {
    computed_at.date_naive() > to
}

/// One measure's figures per place, as kept: counts, and the durations
/// medians are taken from, as how many took each number of days.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Figures {
    counts: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    days: BTreeMap<String, Vec<(i64, usize)>>,
}

impl Figures {
    fn of(measured: &Measured, measure: Measure) -> Self {
        let counts = measured
            .counts
            .iter()
            .filter(|((_, m), _)| *m == measure)
            .map(|((place, _), n)| (place.clone(), *n))
            .collect();
        let days = measured
            .values
            .iter()
            .filter(|((_, m), _)| *m == measure)
            .map(|((place, _), values)| {
                let mut days: BTreeMap<i64, usize> = BTreeMap::new();
                for v in values {
                    *days.entry(*v).or_default() += 1;
                }
                (place.clone(), days.into_iter().collect())
            })
            .collect();
        Self { counts, days }
    }

    fn put(self, measured: &mut Measured, measure: Measure) {
        for (place, n) in self.counts {
            measured.counts.insert((place, measure), n);
        }
        for (place, days) in self.days {
            let values = days.into_iter().flat_map(|(d, n)| std::iter::repeat_n(d, n)).collect();
            measured.values.insert((place, measure), values);
        }
    }
}

/// The places and period a comparison's figures are kept under.
struct Key {
    places: String,
    from: String,
    to: String,
}

impl Key {
    fn new(places: &Places, (from, to): (NaiveDate, NaiveDate)) -> Self {
        Self {
            places: places.code(),
            from: from.to_string(),
            to: to.to_string(),
        }
    }

    fn name(&self) -> String {
        format!("{} {} {}", self.places, self.from, self.to)
    }
}

#[derive(FromRow)]
struct Kept {
    measure: String,
    figures: String,
    through: String,
    computed_at: String,
    changed_at: Option<String>,
    viewed_on: String,
}

impl Kept {
    fn counted(&self, to: NaiveDate) -> Option<Counted> {
        let computed_at = parse_timestamp(&self.computed_at)?;
        Some(Counted {
            through: self.through.parse().ok()?,
            computed_at,
            frozen: frozen(to, computed_at),
            changed_at: self.changed_at.as_deref().and_then(parse_timestamp),
        })
    }
}

/// The figures kept for `key` among `wanted`, when they were counted, and
/// the measures not kept yet; notes that they were read `today`.
async fn load(
    db: &Db,
    key: &Key,
    wanted: &[Measure],
    today: &str,
) -> AppResult<(Measured, Option<Counted>, Vec<Measure>)> {
    let rows: Vec<Kept> = sqlx::query_as(
        "SELECT measure, figures, through, computed_at, changed_at, viewed_on FROM indicator_snapshots \
         WHERE places = $1 AND period_from = $2 AND period_to = $3",
    )
    .bind(&key.places)
    .bind(&key.from)
    .bind(&key.to)
    .fetch_all(&db.pool)
    .await?;
    // Once a day at most, so that reading stays a read.
    if rows.iter().any(|row| row.viewed_on.as_str() < today) {
        let mut tx = db.begin().await?;
        sqlx::query(
            "UPDATE indicator_snapshots SET viewed_on = $1 WHERE places = $2 AND period_from = $3 AND period_to = $4",
        )
        .bind(today)
        .bind(&key.places)
        .bind(&key.from)
        .bind(&key.to)
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
    }
    let to: NaiveDate = key.to.parse().unwrap_or_default();
    let mut measured = Measured::default();
    let mut counted: Option<Counted> = None;
    let mut missing = Vec::new();
    for &measure in wanted {
        let kept = rows.iter().find(|row| row.measure == measure.as_str());
        let parsed = kept.and_then(|row| Some((serde_json::from_str::<Figures>(&row.figures).ok()?, row.counted(to)?)));
        match parsed {
            Some((figures, at)) => {
                figures.put(&mut measured, measure);
                counted = Some(match counted {
                    Some(c) => c.and(at),
                    None => at,
                });
            }
            None if !missing.contains(&measure) => missing.push(measure),
            None => {}
        }
    }
    Ok((measured, counted, missing))
}

/// The measures `wanted` of `places` from `from` to `to` (up to today), as
/// kept, computing those not kept yet.
pub async fn measured(
    state: &AppState,
    places: &Places,
    (from, to): (NaiveDate, NaiveDate),
    wanted: &[Measure],
) -> AppResult<(Measured, Counted)> {
    let key = Key::new(places, (from, to));
    let today = state.clock.now().date_naive().to_string();
    let (mut measured, counted, missing) = load(&state.db, &key, wanted, &today).await?;
    if let (Some(counted), true) = (&counted, missing.is_empty()) {
        return Ok((measured, counted.clone()));
    }
    let flight = state.kept::<Flights>().join(&key.name());
    let _only = flight.lock().await;
    // Another request may have computed them while this one waited.
    let (kept, counted, missing) = load(&state.db, &key, wanted, &today).await?;
    measured = kept;
    if missing.is_empty()
        && let Some(counted) = counted
    {
        return Ok((measured, counted));
    }
    let (fresh, at) = count(state, places, (from, to), &missing).await?;
    let mut tx = state.db.begin().await?;
    keep(&mut tx, &key, &fresh, &missing, &at).await?;
    tx.commit().await?;
    for &measure in &missing {
        Figures::of(&fresh, measure).put(&mut measured, measure);
    }
    let counted = match counted {
        Some(c) => c.and(at.counted.clone()),
        None => at.counted.clone(),
    };
    Ok((measured, counted))
}

/// One computation per comparison in this instance at a time.
#[derive(Default)]
struct Flights(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl Flights {
    fn join(&self, name: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut flights = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Flights nobody waits for any more are forgotten.
        flights.retain(|_, flight| Arc::strong_count(flight) > 1);
        Arc::clone(flights.entry(name.to_owned()).or_default())
    }
}

/// When a computation counted, and at which version of the data.
struct At {
    counted: Counted,
    version: i64,
}

async fn version(db: &Db) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT version FROM data_versions WHERE name = 'indicators'")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Counts `wanted` from the live data now.
async fn count(
    state: &AppState,
    places: &Places,
    (from, to): (NaiveDate, NaiveDate),
    wanted: &[Measure],
) -> AppResult<(Measured, At)> {
    // Read before counting: a change made meanwhile makes the figures due
    // again rather than look current.
    let version = version(&state.db).await?;
    let now = state.clock.now();
    let through = to.min(now.date_naive());
    let measured = store::measure(&state.db, places, (from, through), wanted).await?;
    let counted = Counted {
        through,
        computed_at: now,
        frozen: frozen(to, now),
        changed_at: None,
    };
    Ok((measured, At { counted, version }))
}

/// Keeps the figures of `measures`, replacing those kept before.
async fn keep(
    conn: &mut AnyConnection,
    key: &Key,
    measured: &Measured,
    measures: &[Measure],
    at: &At,
) -> AppResult<()> {
    let computed_at = timestamp(at.counted.computed_at);
    for &measure in measures {
        let figures = serde_json::to_string(&Figures::of(measured, measure)).unwrap_or_default();
        sqlx::query(
            "INSERT INTO indicator_snapshots (places, period_from, period_to, measure, through, figures, version, \
             computed_at, checked_at, viewed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) \
             ON CONFLICT (places, period_from, period_to, measure) DO UPDATE SET through = excluded.through, \
             figures = excluded.figures, version = excluded.version, computed_at = excluded.computed_at, \
             checked_at = excluded.checked_at, changed_at = NULL, refreshing_until = NULL",
        )
        .bind(&key.places)
        .bind(&key.from)
        .bind(&key.to)
        .bind(measure.as_str())
        .bind(at.counted.through.to_string())
        .bind(figures)
        .bind(at.version)
        .bind(&computed_at)
        .bind(at.counted.computed_at.date_naive().to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Counts again every measure kept for `places` over the period, frozen or
/// not, and keeps the result: before figures are published, or when
/// someone asks because frozen ones are flagged.
pub async fn renew(state: &AppState, places: &Places, period: (NaiveDate, NaiveDate)) -> AppResult<()> {
    let key = Key::new(places, period);
    let measures: Vec<String> = sqlx::query_scalar(
        "SELECT measure FROM indicator_snapshots WHERE places = $1 AND period_from = $2 AND period_to = $3",
    )
    .bind(&key.places)
    .bind(&key.from)
    .bind(&key.to)
    .fetch_all(&state.db.pool)
    .await?;
    let measures: Vec<Measure> = measures.iter().filter_map(|m| Measure::parse(m)).collect();
    // Counted before the write begins: on SQLite it holds the one writer.
    let (fresh, at) = count(state, places, period, &measures).await?;
    let mut tx = state.db.begin().await?;
    keep(&mut tx, &key, &fresh, &measures, &at).await?;
    Ok(tx.commit().await?)
}

/// [`renew`] as someone asked for it, recorded in the audit log.
pub async fn recount(
    state: &AppState,
    user: &crate::auth::SignedIn,
    request_id: &str,
    places: &Places,
    period: (NaiveDate, NaiveDate),
) -> AppResult<()> {
    renew(state, places, period).await?;
    let key = Key::new(places, period);
    let summary = format!(
        "Indicators counted again: {} from {} to {}",
        key.places, key.from, key.to
    );
    let write = Write::begin(state, Some(user.person.id), request_id).await?;
    write
        .commit(Change::new(
            "indicators.recount",
            "indicator_snapshot",
            key.name(),
            None,
            summary,
        ))
        .await
}

/// A comparison whose figures are kept, with what decides whether they
/// are due for a refresh.
#[derive(FromRow)]
struct Due {
    places: String,
    period_from: String,
    period_to: String,
    measures: String,
    through: String,
    version: i64,
    computed_at: String,
    checked_at: String,
    changed: i64,
    viewed_on: String,
}

/// How many comparisons one run refreshes at most: a refresh can take
/// seconds at European scale, and what is left waits for the next run.
const REFRESHES_PER_RUN: usize = 20;
/// Open periods are refreshed while someone read them in these last days,
/// frozen ones checked while someone read them in this last month; figures
/// nobody read for a quarter are forgotten (the next reader counts them).
const READ_LATELY: [i64; 3] = [2, 31, 92];

/// Refreshes the figures of open periods whose data changed or which a new
/// day extends, and checks frozen ones whose data changed (at most once a
/// day each), among those read lately, most recently read first; how many
/// comparisons it counted again.
pub async fn refresh(state: &AppState) -> AppResult<usize> {
    let db = &state.db;
    let current = version(db).await?;
    let now = state.clock.now();
    let today = now.date_naive();
    let [open, frozen_days, forgotten] = READ_LATELY.map(|days| (today - Duration::days(days)).to_string());
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM indicator_snapshots WHERE viewed_on < $1")
        .bind(&forgotten)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    let sql = format!(
        "SELECT places, period_from, period_to, {} AS measures, MIN(through) AS through, MIN(version) AS version, \
         MIN(computed_at) AS computed_at, MIN(checked_at) AS checked_at, \
         CAST(COUNT(changed_at) AS BIGINT) AS changed, MAX(viewed_on) AS viewed_on FROM indicator_snapshots \
         WHERE (refreshing_until IS NULL OR refreshing_until < $1) AND viewed_on >= $2 \
         GROUP BY places, period_from, period_to ORDER BY MAX(viewed_on) DESC",
        db.backend.string_agg("measure")
    );
    let rows: Vec<Due> = sqlx::query_as(&sql)
        .bind(timestamp(now))
        .bind(&frozen_days)
        .fetch_all(&db.pool)
        .await?;
    let mut refreshed = 0;
    for row in rows {
        if refreshed == REFRESHES_PER_RUN {
            break;
        }
        let (Some(places), Ok(from), Ok(to), Ok(through), Some(computed_at), Some(checked_at)) = (
            Places::from_code(&row.places),
            row.period_from.parse::<NaiveDate>(),
            row.period_to.parse::<NaiveDate>(),
            row.through.parse::<NaiveDate>(),
            parse_timestamp(&row.computed_at),
            parse_timestamp(&row.checked_at),
        ) else {
            continue;
        };
        let is_frozen = frozen(to, computed_at);
        let due = if is_frozen {
            row.version < current && row.changed == 0 && checked_at < now - Duration::days(1)
        } else {
            row.viewed_on >= open && (row.version < current || through < to.min(today))
        };
        let key = Key {
            places: row.places.clone(),
            from: row.period_from.clone(),
            to: row.period_to.clone(),
        };
        if !due || !claim(db, &key, now).await? {
            continue;
        }
        let measures: Vec<Measure> = row
            .measures
            .split(',')
            .filter_map(|m| Measure::parse(m.trim()))
            .collect();
        let (fresh, at) = count(state, &places, (from, to), &measures).await?;
        let mut tx = db.begin().await?;
        if is_frozen {
            check(&mut tx, &key, &fresh, &measures, &at).await?;
        } else {
            keep(&mut tx, &key, &fresh, &measures, &at).await?;
        }
        tx.commit().await?;
        refreshed += 1;
    }
    Ok(refreshed)
}

/// Holds `key` for this instance for a while; false when another holds it.
async fn claim(db: &Db, key: &Key, now: DateTime<Utc>) -> AppResult<bool> {
    let claimed = sqlx::query(
        "UPDATE indicator_snapshots SET refreshing_until = $1 WHERE places = $2 AND period_from = $3 \
         AND period_to = $4 AND (refreshing_until IS NULL OR refreshing_until < $5)",
    )
    .bind(timestamp(now + Duration::minutes(10)))
    .bind(&key.places)
    .bind(&key.from)
    .bind(&key.to)
    .bind(timestamp(now))
    .execute(&db.pool)
    .await?;
    Ok(claimed.rows_affected() > 0)
}

/// Compares frozen figures with `fresh` ones: they stay as they were, and
/// are flagged when they differ.
async fn check(conn: &mut AnyConnection, key: &Key, fresh: &Measured, measures: &[Measure], at: &At) -> AppResult<()> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT measure, figures FROM indicator_snapshots WHERE places = $1 AND period_from = $2 AND period_to = $3",
    )
    .bind(&key.places)
    .bind(&key.from)
    .bind(&key.to)
    .fetch_all(&mut *conn)
    .await?;
    let changed = measures.iter().any(|&measure| {
        let kept = rows.iter().find(|(m, _)| m == measure.as_str());
        let kept = kept.and_then(|(_, figures)| serde_json::from_str::<Figures>(figures).ok());
        kept.as_ref() != Some(&Figures::of(fresh, measure))
    });
    let checked_at = timestamp(at.counted.computed_at);
    sqlx::query(
        "UPDATE indicator_snapshots SET version = $1, checked_at = $2, refreshing_until = NULL, \
         changed_at = CASE WHEN $3 = 1 THEN COALESCE(changed_at, $2) ELSE changed_at END \
         WHERE places = $4 AND period_from = $5 AND period_to = $6",
    )
    .bind(at.version)
    .bind(&checked_at)
    .bind(i64::from(changed))
    .bind(&key.places)
    .bind(&key.from)
    .bind(&key.to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
