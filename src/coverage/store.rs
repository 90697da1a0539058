//! Coverage queries: two set-based queries (the establishments, the
//! authorised volunteers counted per establishment and organisation)
//! combined in Rust, so the census of 1,600 establishments is two round
//! trips; the counts are kept between requests while nothing they depend on
//! changed ([`PresenceCache`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{self, CoverageStatus, Presence, SeenVolunteers, Threshold};
use crate::audit::{Change, Write};
use crate::authorisations::rules::valid_sql;
use crate::db::{Db, Filter, Param, timestamp};
use crate::error::AppResult;
use crate::permissions::Mission;
use crate::state::AppState;

/// An organisation taking part in the census, with its threshold.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Setting {
    pub organisation_id: i64,
    pub organisation: String,
    pub country: String,
    pub mission: Mission,
    pub threshold: Threshold,
}

pub async fn settings(db: &Db) -> AppResult<Vec<Setting>> {
    let rows: Vec<(i64, String, String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT o.id, o.acronym, o.country, c.mission, c.detainees_per_volunteer, c.minimum \
         FROM coverage_settings c JOIN organisations o ON o.id = c.organisation_id ORDER BY o.country, o.acronym",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, acronym, country, mission, per, minimum)| Setting {
            organisation_id: id,
            organisation: acronym,
            country,
            mission: Mission::parse(&mission).unwrap_or(Mission::Other),
            threshold: Threshold {
                detainees_per_volunteer: per,
                minimum,
            },
        })
        .collect())
}

/// What the census is asked for.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageFilter {
    /// Country code.
    pub country: Option<String>,
    /// Region id.
    pub region: Option<String>,
    /// Establishment kind code (MA, CD...).
    pub kind: Option<String>,
    /// Organisation id: `status` then applies to it rather than to the partnership.
    pub organisation: Option<String>,
    /// served, under_served or unserved.
    pub status: Option<String>,
    /// Text searched in the establishment's name and city.
    pub q: Option<String>,
}

impl CoverageFilter {
    fn organisation_id(&self) -> Option<i64> {
        self.organisation.as_deref().and_then(|o| o.parse().ok())
    }
}

/// One organisation's coverage of one establishment.
#[derive(Clone, Copy, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Cell {
    #[serde(flatten)]
    pub presence: Presence,
    /// The volunteers that count for this organisation.
    pub counted: i64,
    pub needed: i64,
    pub status: CoverageStatus,
}

/// One establishment of the census.
#[derive(Clone, Debug, FromRow)]
pub struct Place {
    pub establishment_id: i64,
    pub establishment: String,
    pub code: String,
    pub country: String,
    pub region_id: i64,
    pub region: String,
    pub kind: String,
    pub city: String,
    pub population: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub place: Place,
    /// Aligned with [`Census::organisations`]; `None` where the organisation does not work (another country).
    pub cells: Vec<Option<Cell>>,
    pub partnership: CoverageStatus,
}

impl Row {
    /// The status the filter and the totals look at: the organisation's in
    /// `column`, none where it does not work; else the partnership's.
    pub fn status_for(&self, column: Option<usize>) -> Option<CoverageStatus> {
        match column {
            Some(i) => self.cells[i].map(|c| c.status),
            None => Some(self.partnership),
        }
    }
}

pub struct Census {
    pub organisations: Vec<Setting>,
    pub rows: Vec<Row>,
}

/// The places of the census (open establishments), filtered.
async fn places(db: &Db, criteria: &CoverageFilter) -> AppResult<Vec<Place>> {
    let mut f = Filter::default();
    f.and("e.open = 1", []);
    if let Some(country) = criteria.country.as_deref().filter(|c| !c.is_empty()) {
        f.and("e.country = ?", [Param::Text(country.to_owned())]);
    }
    if let Some(region) = criteria.region.as_deref().and_then(|r| r.parse::<i64>().ok()) {
        f.and("e.region_id = ?", [Param::Int(region)]);
    }
    if let Some(kind) = criteria.kind.as_deref().filter(|k| !k.is_empty()) {
        f.and("k.code = ?", [Param::Text(kind.to_owned())]);
    }
    if let Some(q) = criteria.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        f.search(&["e.name", "e.city"], q);
    }
    let sql = format!(
        "SELECT e.id AS establishment_id, e.name AS establishment, e.code, e.country, e.region_id, r.name AS region, \
         k.code AS kind, e.city, e.population FROM establishments e JOIN regions r ON r.id = e.region_id \
         JOIN establishment_kinds k ON k.id = e.kind_id{} ORDER BY e.country, r.name, e.name",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

type Presences = HashMap<(i64, i64), Presence>;

/// The presence counts last computed, per day and country, with the
/// `data_versions` number they were computed at. Triggers bump the number
/// whenever an authorisation, its establishments or a membership changes,
/// whichever instance made the change, so the counts are redone only then
/// (or on a new day), not on every view of the census.
#[derive(Default)]
pub struct PresenceCache(Mutex<Kept>);

/// Per day and country: the version counted at, and the counts.
type Kept = HashMap<(NaiveDate, Option<String>), (i64, Arc<Presences>)>;

impl PresenceCache {
    async fn get(&self, db: &Db, today: NaiveDate, country: Option<&str>) -> AppResult<Arc<Presences>> {
        let version: i64 = sqlx::query_scalar("SELECT version FROM data_versions WHERE name = 'presence'")
            .fetch_one(&db.pool)
            .await?;
        let key = (today, country.map(str::to_owned));
        if let Some((at, counts)) = self.lock().get(&key)
            && *at == version
        {
            return Ok(counts.clone());
        }
        // Counted after the version was read: a change made meanwhile makes
        // the next view count again rather than keep stale counts.
        let counts = Arc::new(presence(db, today, country).await?);
        let mut cache = self.lock();
        cache.retain(|(day, _), _| *day == today);
        cache.insert(key, (version, counts.clone()));
        Ok(counts)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Volunteers with a valid authorisation on `today`, per establishment,
/// organisation and mission; each person counted once. Only `country`'s
/// when the census is asked for one.
async fn presence(db: &Db, today: NaiveDate, country: Option<&str>) -> AppResult<Presences> {
    let mut f = Filter::binding([Param::Text(today.to_string())]);
    f.and(&valid_sql(1), []);
    if let Some(country) = country {
        f.and("a.country = ?", [Param::Text(country.to_owned())]);
    }
    let sql = format!(
        "SELECT establishment_id, organisation_id, mission, COUNT(*) FROM ( \
         SELECT DISTINCT ae.establishment_id, a.organisation_id, a.person_id, m.mission FROM authorisations a \
         JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN memberships m ON m.person_id = a.person_id AND m.organisation_id = a.organisation_id AND m.ended_at IS NULL\
         {}) x GROUP BY establishment_id, organisation_id, mission",
        f.sql()
    );
    let rows: Vec<(i64, i64, String, i64)> = f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    let mut map: HashMap<(i64, i64), Presence> = HashMap::new();
    for (establishment, organisation, mission, n) in rows {
        let p = map.entry((establishment, organisation)).or_default();
        match Mission::parse(&mission) {
            Some(Mission::Visitor) => p.visitors += n,
            Some(Mission::PrisonCorrespondent) => p.correspondents += n,
            _ => p.others += n,
        }
    }
    Ok(map)
}

/// The census on `today`, filtered (status included).
pub async fn census(state: &AppState, today: NaiveDate, criteria: &CoverageFilter) -> AppResult<Census> {
    let db = &state.db;
    let country = criteria.country.as_deref().filter(|c| !c.is_empty());
    let mut organisations = settings(db).await?;
    if let Some(country) = country {
        organisations.retain(|s| s.country == country);
    }
    let places = places(db, criteria).await?;
    let presence = state.kept::<PresenceCache>().get(db, today, country).await?;
    let column = criteria
        .organisation_id()
        .and_then(|id| organisations.iter().position(|s| s.organisation_id == id));
    let wanted = criteria.status.as_deref().and_then(CoverageStatus::parse);
    let rows = places
        .into_iter()
        .map(|place| {
            let cells: Vec<Option<Cell>> = organisations
                .iter()
                .map(|s| {
                    (s.country == place.country).then(|| {
                        let presence = presence
                            .get(&(place.establishment_id, s.organisation_id))
                            .copied()
                            .unwrap_or_default();
                        let counted = presence.counted(s.mission);
                        let needed = s.threshold.needed(place.population);
                        Cell {
                            presence,
                            counted,
                            needed,
                            status: rules::status(counted, needed),
                        }
                    })
                })
                .collect();
            let present: Vec<i64> = cells.iter().flatten().map(|c| c.counted).collect();
            Row {
                place,
                partnership: rules::partnership(&present),
                cells,
            }
        })
        .filter(|row| row.status_for(column).is_some_and(|s| wanted.is_none_or(|w| s == w)))
        .collect();
    Ok(Census { organisations, rows })
}

/// Establishments per status, per region, for the chart and the totals.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub label: String,
    pub served: i64,
    pub under_served: i64,
    pub unserved: i64,
}

impl Tally {
    fn add(&mut self, status: CoverageStatus) {
        match status {
            CoverageStatus::Served => self.served += 1,
            CoverageStatus::UnderServed => self.under_served += 1,
            CoverageStatus::Unserved => self.unserved += 1,
        }
    }

    pub fn total(&self) -> i64 {
        self.served + self.under_served + self.unserved
    }

    /// Percentages for the bar chart (served, under-served, unserved).
    pub fn shares(&self) -> (i64, i64, i64) {
        let total = self.total().max(1);
        let served = self.served * 100 / total;
        let under = self.under_served * 100 / total;
        (served, under, 100 - served - under)
    }
}

impl Census {
    /// The column of `organisation` (`None`: the partnership).
    pub fn column(&self, organisation: Option<i64>) -> Option<usize> {
        organisation.and_then(|id| self.organisations.iter().position(|s| s.organisation_id == id))
    }

    /// Each organisation's coverage of each establishment where it works.
    pub fn lines(&self) -> impl Iterator<Item = (&Row, &Setting, &Cell)> {
        self.rows.iter().flat_map(move |row| {
            self.organisations
                .iter()
                .zip(&row.cells)
                .filter_map(move |(setting, cell)| cell.as_ref().map(|cell| (row, setting, cell)))
        })
    }

    /// The whole census and each region, in order of appearance.
    pub fn tallies(&self, column: Option<usize>) -> (Tally, Vec<Tally>) {
        let mut all = Tally::default();
        let mut regions: Vec<Tally> = Vec::new();
        for row in &self.rows {
            let Some(status) = row.status_for(column) else {
                continue;
            };
            all.add(status);
            match regions.iter_mut().find(|t| t.label == row.place.region) {
                Some(t) => t.add(status),
                None => {
                    let mut t = Tally {
                        label: row.place.region.clone(),
                        ..Tally::default()
                    };
                    t.add(status);
                    regions.push(t);
                }
            }
        }
        (all, regions)
    }
}

/// Unserved establishments per month, per organisation, from the snapshots.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Snapshot {
    pub month: String,
    pub organisation: String,
    pub establishments: i64,
    pub served: i64,
    pub under_served: i64,
    pub unserved: i64,
}

pub async fn trend(db: &Db) -> AppResult<Vec<Snapshot>> {
    Ok(sqlx::query_as(
        "SELECT s.month, o.acronym AS organisation, s.establishments, s.served, s.under_served, s.unserved \
         FROM coverage_snapshots s JOIN organisations o ON o.id = s.organisation_id ORDER BY s.month, o.acronym",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Keeps this month's census per organisation (once: the key refuses a
/// second), in the scheduler's write.
pub async fn snapshot(state: &AppState, write: &mut Write) -> AppResult<Option<Change>> {
    let now = write.now();
    let census = census(state, now.date_naive(), &CoverageFilter::default()).await?;
    let month = now.format("%Y-%m").to_string();
    for (i, setting) in census.organisations.iter().enumerate() {
        let (tally, _) = census.tallies(Some(i));
        sqlx::query(
            "INSERT INTO coverage_snapshots (month, organisation_id, establishments, served, under_served, unserved, taken_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (month, organisation_id) DO NOTHING",
        )
        .bind(&month)
        .bind(setting.organisation_id)
        .bind(tally.total())
        .bind(tally.served)
        .bind(tally.under_served)
        .bind(tally.unserved)
        .bind(timestamp(now))
        .execute(write.conn())
        .await?;
    }
    let n = census.organisations.len();
    Ok(Some(Change {
        action: "coverage.snapshot",
        object_type: "job",
        object_id: month.clone(),
        organisation_id: None,
        summary: format!("coverage census of {month} kept for {n} organisation(s)"),
    }))
}

/// A volunteer with a valid authorisation, as shown to partners.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Volunteer {
    pub person_id: i64,
    pub name: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub mission: String,
    /// Where they are authorised, comma-separated.
    pub establishments: Option<String>,
    /// Only when the person agreed to share it.
    pub email: Option<String>,
    pub phone: Option<String>,
    /// 1 when they lack a qualification their organisation requires for their mission.
    pub lacking: i64,
}

impl Volunteer {
    pub fn mission_label(&self) -> &'static str {
        Mission::parse(&self.mission).map_or("mission.other", Mission::label)
    }
}

/// Volunteers authorised today in `establishment` itself (`whole_region`
/// false) or anywhere in its region; contact details only of those who
/// agreed to share them.
pub async fn volunteers(
    db: &Db,
    establishment: i64,
    (whole_region, seen): (bool, &SeenVolunteers),
    today: NaiveDate,
) -> AppResult<Vec<Volunteer>> {
    let place = if whole_region {
        "e.region_id = (SELECT region_id FROM establishments WHERE id = $2)"
    } else {
        "e.id = $2"
    };
    let seen = match seen {
        SeenVolunteers::All => "1 = 1".to_owned(),
        SeenVolunteers::Nobody => return Ok(Vec::new()),
        // Ids of the person's own memberships, written into the SQL.
        SeenVolunteers::Partners(ids) => {
            let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            format!(
                "(a.organisation_id IN ({ids}) OR a.organisation_id IN (SELECT other.organisation_id \
                 FROM agreement_parties mine JOIN agreement_parties other ON other.agreement_id = mine.agreement_id \
                 JOIN agreements ag ON ag.id = mine.agreement_id WHERE mine.organisation_id IN ({ids}) \
                 AND ag.draft = 0 AND ag.terminated_on IS NULL AND ag.starts_on <= $1 AND ag.ends_on >= $1))"
            )
        }
    };
    Ok(sqlx::query_as(&format!(
        "SELECT p.id AS person_id, p.name, o.id AS organisation_id, o.acronym AS organisation, m.mission, \
         {names} AS establishments, \
         CASE WHEN p.share_contact = 1 THEN p.email END AS email, \
         CASE WHEN p.share_contact = 1 AND p.phone <> '' THEN p.phone END AS phone, \
         CASE WHEN {lacking} THEN 1 ELSE 0 END AS lacking \
         FROM authorisations a JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN establishments e ON e.id = ae.establishment_id JOIN persons p ON p.id = a.person_id \
         JOIN organisations o ON o.id = a.organisation_id \
         JOIN memberships m ON m.person_id = p.id AND m.organisation_id = o.id AND m.ended_at IS NULL \
         WHERE {place} AND {seen} AND p.active = 1 AND {valid} \
         GROUP BY p.id, p.name, o.id, o.acronym, m.mission, p.share_contact, p.email, p.phone \
         ORDER BY o.acronym, m.mission, p.name LIMIT 500",
        names = db.backend.string_agg_distinct("e.name"),
        valid = valid_sql(1),
        lacking = crate::training::store::lacking_sql("p.id", "o.id", "m.mission", "$1"),
    ))
    .bind(today.to_string())
    .bind(establishment)
    .fetch_all(&db.pool)
    .await?)
}

/// Saves an organisation's threshold.
pub async fn save_setting(
    state: &AppState,
    person: i64,
    request_id: &str,
    organisation: i64,
    mission: Mission,
    threshold: Threshold,
) -> AppResult<()> {
    let mut write = Write::begin(state, Some(person), request_id).await?;
    let now = timestamp(write.now());
    sqlx::query(
        "INSERT INTO coverage_settings (organisation_id, mission, detainees_per_volunteer, minimum, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id) DO UPDATE SET mission = excluded.mission, \
         detainees_per_volunteer = excluded.detainees_per_volunteer, minimum = excluded.minimum, updated_at = excluded.updated_at",
    )
    .bind(organisation)
    .bind(mission.as_str())
    .bind(threshold.detainees_per_volunteer)
    .bind(threshold.minimum)
    .bind(now)
    .execute(write.conn())
    .await?;
    write
        .commit(Change {
            action: "coverage.settings",
            object_type: "organisation",
            object_id: organisation.to_string(),
            organisation_id: Some(organisation),
            summary: format!(
                "coverage counts {} volunteers, at least {}, one per {:?} detainees",
                mission.as_str(),
                threshold.minimum,
                threshold.detainees_per_volunteer
            ),
        })
        .await
}
