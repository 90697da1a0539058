//! The benchmark dataset (`passerelle demo --scale europe`): about 1,600
//! establishments in the six VOLPRIS countries, 100,000 volunteers with
//! their memberships and authorisations, and 5,000,000 activity entries.
//! Generated with set-based SQL (a handful of statements per country) so
//! that the database does the work rather than a million round trips.

use crate::audit::Write;
use crate::db::timestamp;
use crate::error::AppResult;

/// country, regions to create, establishments to reach, volunteers, organisation acronym and name.
const COUNTRIES: &[(&str, usize, i64, i64, &str, &str)] = &[
    ("FR", 0, 400, 40_000, "ANVP", ""),
    ("DE", 16, 400, 20_000, "EV-DE", "Ehrenamt im Justizvollzug"),
    ("PL", 0, 300, 15_000, "SLAWEK", ""),
    ("PT", 5, 180, 8_000, "VOL-PT", "Voluntariado Prisional"),
    ("RO", 8, 170, 9_000, "VOL-RO", "Voluntari în penitenciare"),
    ("BE", 3, 150, 8_000, "VOL-BE", "Bénévoles en prison de Belgique"),
];

/// Days from today of (filed, decided, expires).
type Case = (i64, Option<i64>, Option<i64>);

/// Seven cases, so that authorisations fall in every status.
const CASES: [Case; 7] = [
    (-500, Some(-400), Some(330)),
    (-600, Some(-500), Some(230)),
    (-800, Some(-700), Some(30)),
    (-900, Some(-800), Some(-70)),
    (-100, None, None),
    (-400, Some(-300), Some(430)),
    (-300, Some(-200), Some(530)),
];

async fn exec(write: &mut Write, sql: &str) -> AppResult<u64> {
    Ok(sqlx::query(sql).execute(write.conn()).await?.rows_affected())
}

/// A SQL `CASE` picking one of the cases' dates by `expr % 7`.
fn case(expr: &str, today: chrono::NaiveDate, pick: fn(&Case) -> Option<i64>) -> String {
    let arms: String = CASES
        .iter()
        .enumerate()
        .map(|(i, c)| match pick(c) {
            Some(days) => format!(" WHEN {i} THEN '{}'", today + chrono::Duration::days(days)),
            None => format!(" WHEN {i} THEN NULL"),
        })
        .collect();
    format!("CASE {expr} % 7{arms} END")
}

/// Adds the benchmark data unless it is there; the number of rows created.
pub async fn seed(write: &mut Write, today: chrono::NaiveDate) -> AppResult<u64> {
    let done: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE email LIKE '%.europe.demo' LIMIT 1")
        .fetch_optional(write.conn())
        .await?;
    if done.is_some() {
        return Ok(0);
    }
    let now = timestamp(write.now());
    let mut created = 0;
    for (country, regions, establishments, volunteers, acronym, name) in COUNTRIES {
        let lower = country.to_lowercase();
        for r in 1..=*regions {
            created += exec(write, &format!("INSERT INTO regions (country, code, name) VALUES ('{country}', 'R{r}', 'Region {r} ({country})') ON CONFLICT DO NOTHING")).await?;
        }
        for (code, fr, en) in [
            ("PRISON", "Établissement pour peines", "Prison"),
            ("REMAND", "Maison d'arrêt", "Remand prison"),
        ] {
            created += exec(write, &format!("INSERT INTO establishment_kinds (country, code, name_fr, name_en) VALUES ('{country}', '{code}', '{}', '{en}') ON CONFLICT DO NOTHING", fr.replace('\'', "''"))).await?;
        }
        if !name.is_empty() {
            created += exec(write, &format!("INSERT INTO organisations (name, acronym, kind, service, country, created_at, updated_at) VALUES ('{name}', '{acronym}', 'volunteer_organisation', 'visits', '{country}', '{now}', '{now}') ON CONFLICT (acronym) DO NOTHING")).await?;
            created += exec(write, &format!("INSERT INTO coverage_settings (organisation_id, mission, detainees_per_volunteer, minimum, updated_at) SELECT id, 'visitor', 50, 1, '{now}' FROM organisations WHERE acronym = '{acronym}' ON CONFLICT (organisation_id) DO NOTHING")).await?;
        }
        let existing: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM establishments WHERE country = '{country}'"
        ))
        .fetch_one(write.conn())
        .await?;
        // Numbers 0..n from a recursive CTE, the same in both databases.
        let missing = (*establishments - existing).max(0);
        created += exec(
            write,
            &format!(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {missing}), \
                 r AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () AS total FROM regions WHERE country = '{country}') \
                 INSERT INTO establishments (code, name, country, kind_id, region_id, city, capacity, population, population_on, created_at, updated_at) \
                 SELECT '{country}-EU-' || CAST(n.i AS TEXT), 'Establishment ' || CAST(n.i AS TEXT) || ' ({country})', '{country}', \
                 (SELECT id FROM establishment_kinds WHERE country = '{country}' AND code IN ('PRISON', 'ZK') ORDER BY id LIMIT 1), \
                 r.id, 'City ' || CAST(n.i AS TEXT), 100 + (n.i * 37) % 700, 90 + (n.i * 53) % 800, '{today}', '{now}', '{now}' \
                 FROM n JOIN r ON r.k = n.i % r.total WHERE {missing} > 0"
            ),
        )
        .await?;
        created += exec(
            write,
            &format!(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {volunteers}) \
                 INSERT INTO persons (email, name, created_at) \
                 SELECT 'v' || CAST(i AS TEXT) || '@{lower}.europe.demo', 'Volunteer ' || CAST(i AS TEXT) || ' {country}', '{now}' FROM n"
            ),
        )
        .await?;
        created += exec(
            write,
            &format!(
                "INSERT INTO memberships (person_id, organisation_id, role, mission, started_at) \
                 SELECT p.id, o.id, 'volunteer', 'visitor', '{now}' FROM persons p JOIN organisations o ON o.acronym = '{acronym}' \
                 WHERE p.email LIKE '%@{lower}.europe.demo'"
            ),
        )
        .await?;
        let first: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM authorisations")
            .fetch_one(write.conn())
            .await?;
        let (filed, decided, expires) = (
            case("p.id", today, |c| Some(c.0)),
            case("p.id", today, |c| c.1),
            case("p.id", today, |c| c.2),
        );
        created += exec(
            write,
            &format!(
                "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, decision, decided_on, starts_on, expires_on, created_at, updated_at) \
                 SELECT p.id, o.id, '{country}', {filed}, CASE WHEN {decided} IS NULL THEN NULL ELSE 'granted' END, {decided}, {decided}, {expires}, '{now}', '{now}' \
                 FROM persons p JOIN organisations o ON o.acronym = '{acronym}' WHERE p.email LIKE '%@{lower}.europe.demo'"
            ),
        )
        .await?;
        // A numbered list of the country's establishments, keyed for the join.
        exec(
            write,
            "CREATE TEMPORARY TABLE pick (k BIGINT PRIMARY KEY, establishment_id BIGINT NOT NULL)",
        )
        .await?;
        exec(
            write,
            &format!(
                "INSERT INTO pick (k, establishment_id) \
                 SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM establishments WHERE country = '{country}'"
            ),
        )
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pick")
            .fetch_one(write.conn())
            .await?;
        created += exec(
            write,
            &format!(
                "INSERT INTO authorisation_establishments (authorisation_id, establishment_id) \
                 SELECT a.id, pick.establishment_id FROM authorisations a JOIN pick ON pick.k = a.person_id % {total} \
                 WHERE a.country = '{country}' AND a.id > {first}"
            ),
        )
        .await?;
        exec(write, "DROP TABLE pick").await?;
    }
    Ok(created)
}

/// Activity entries per benchmark volunteer: 100,000 × 50 = 5,000,000.
const ACTIVITIES_PER_VOLUNTEER: i64 = 50;
/// The entries spread over the last two years.
const ACTIVITY_DAYS: i64 = 730;

/// The countries of the benchmark dataset, each seeded with its activities
/// in a transaction of its own (one transaction of five million rows would
/// hold a WAL of gigabytes on SQLite).
pub fn countries() -> impl Iterator<Item = &'static str> {
    COUNTRIES.iter().map(|c| c.0)
}

/// Adds a country's activity entries unless they are there; the number of rows created.
pub async fn activities(write: &mut Write, country: &str, today: chrono::NaiveDate) -> AppResult<u64> {
    let lower = country.to_lowercase();
    let first: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE email = $1")
        .bind(format!("v0@{lower}.europe.demo"))
        .fetch_optional(write.conn())
        .await?;
    let Some(first) = first else { return Ok(0) };
    let seeded: Option<i64> = sqlx::query_scalar("SELECT id FROM activities WHERE person_id = $1 LIMIT 1")
        .bind(first)
        .fetch_optional(write.conn())
        .await?;
    if seeded.is_some() {
        return Ok(0);
    }
    exec(
        write,
        "CREATE TEMPORARY TABLE days (k BIGINT PRIMARY KEY, d TEXT NOT NULL)",
    )
    .await?;
    let days: Vec<String> = (0..ACTIVITY_DAYS)
        .map(|k| format!("({k}, '{}')", today - chrono::Duration::days(k)))
        .collect();
    exec(write, &format!("INSERT INTO days (k, d) VALUES {}", days.join(", "))).await?;
    let now = timestamp(write.now());
    let created = exec(
        write,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {ACTIVITIES_PER_VOLUNTEER}) \
             INSERT INTO activities (person_id, organisation_id, establishment_id, kind, done_on, people_met, minutes, note, recorded_by, created_at, updated_at) \
             SELECT a.person_id, a.organisation_id, ae.establishment_id, \
             CASE (a.person_id + n.i) % 5 WHEN 3 THEN 'other_hours' WHEN 4 THEN 'lesson_corrected' ELSE 'visit' END, \
             days.d, 1 + (a.person_id + n.i) % 4, 30 + ((a.person_id * 7 + n.i * 11) % 8) * 15, '', a.person_id, '{now}', '{now}' \
             FROM authorisations a JOIN persons p ON p.id = a.person_id \
             JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
             CROSS JOIN n JOIN days ON days.k = (a.person_id * 13 + n.i * 29) % {ACTIVITY_DAYS} \
             WHERE a.country = '{country}' AND p.email LIKE '%@{lower}.europe.demo'"
        ),
    )
    .await?;
    exec(write, "DROP TABLE days").await?;
    Ok(created)
}
