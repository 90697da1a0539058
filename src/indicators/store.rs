//! The catalogue of indicators, and what each country measured in a
//! period, read from the live data in one query per source.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{Better, Measure, Measured};
use crate::authorisations::rules::valid_sql;
use crate::db::Db;
use crate::error::AppResult;
use crate::i18n::Lang;

/// An indicator of the catalogue, with its words in one language.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Indicator {
    pub code: String,
    pub version: i64,
    /// A measure (see the API's description of measures).
    pub numerator: String,
    pub denominator: Option<String>,
    /// The ratio is multiplied by this: 100 for "per 100", 1000 for "per 1,000".
    pub scale: i64,
    /// per, percent, days or count.
    pub unit: String,
    /// higher or lower: which way is better.
    pub better: String,
    pub name: String,
    pub description: String,
}

impl Indicator {
    pub fn better_label(&self) -> &'static str {
        Better::parse(&self.better).map_or("indicator.better.higher", Better::label)
    }
}

/// Every indicator, in its order, named in `lang`.
pub async fn catalogue(db: &Db, lang: Lang) -> AppResult<Vec<Indicator>> {
    Ok(sqlx::query_as(
        "SELECT i.code, i.version, i.numerator, i.denominator, i.scale, i.unit, i.better, t.name, t.description \
         FROM indicators i JOIN indicator_texts t ON t.indicator_id = i.id AND t.language = $1 ORDER BY i.position",
    )
    .bind(lang.code())
    .fetch_all(&db.pool)
    .await?)
}

/// The countries that have establishments: code and name in `lang`.
pub async fn countries(db: &Db, lang: Lang) -> AppResult<Vec<(String, String)>> {
    let name = if lang == Lang::Fr { "name_fr" } else { "name_en" };
    Ok(sqlx::query_as(&format!(
        "SELECT c.code, c.{name} FROM countries c WHERE EXISTS (SELECT 1 FROM establishments e WHERE e.country = c.code) \
         ORDER BY c.{name}"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// Every measure of every country from `from` to `to` (both included).
pub async fn measure(db: &Db, from: NaiveDate, to: NaiveDate) -> AppResult<Measured> {
    let (from, to) = (from.to_string(), to.to_string());
    let mut m = Measured::default();
    let mut put = |rows: Vec<(String, i64)>, measure: Measure| {
        for (country, n) in rows {
            *m.counts.entry((country, measure)).or_default() += n;
        }
    };
    let valid = valid_sql(1);
    for (sql, measure) in [
        (
            format!(
                "SELECT a.country, COUNT(DISTINCT a.person_id) FROM authorisations a WHERE {valid} GROUP BY a.country"
            ),
            Measure::AuthorisedVolunteers,
        ),
        (
            format!(
                "SELECT e.country, COUNT(DISTINCT ae.establishment_id) FROM authorisations a \
                 JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
                 JOIN establishments e ON e.id = ae.establishment_id WHERE e.open = 1 AND {valid} GROUP BY e.country"
            ),
            Measure::EstablishmentsServed,
        ),
    ] {
        put(sqlx::query_as(&sql).bind(&to).fetch_all(&db.pool).await?, measure);
    }
    let places: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT country, COUNT(*), CAST(SUM(COALESCE(population, 0)) AS BIGINT), CAST(SUM(capacity) AS BIGINT) FROM establishments \
         WHERE open = 1 GROUP BY country",
    )
    .fetch_all(&db.pool)
    .await?;
    for (country, establishments, population, capacity) in places {
        put(vec![(country.clone(), establishments)], Measure::Establishments);
        put(vec![(country.clone(), population)], Measure::DetainedPopulation);
        put(vec![(country, capacity)], Measure::OperationalCapacity);
    }
    // Active among those authorised on the last day, so that the share of
    // active volunteers is a share of the authorised ones.
    let active = format!(
        "SELECT e.country, COUNT(DISTINCT ac.person_id) FROM activities ac \
         JOIN establishments e ON e.id = ac.establishment_id WHERE ac.done_on >= $2 AND ac.done_on <= $1 \
         AND EXISTS (SELECT 1 FROM authorisations a WHERE a.person_id = ac.person_id AND {valid}) GROUP BY e.country"
    );
    put(
        sqlx::query_as(&active)
            .bind(&to)
            .bind(&from)
            .fetch_all(&db.pool)
            .await?,
        Measure::ActiveVolunteers,
    );
    let activity: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT e.country, t.kind, CAST(SUM(t.entries) AS BIGINT), CAST(SUM(t.minutes) AS BIGINT) FROM activity_totals t \
         JOIN establishments e ON e.id = t.establishment_id WHERE t.month >= $1 AND t.month <= $2 GROUP BY e.country, t.kind",
    )
    .bind(&from[..7])
    .bind(&to[..7])
    .fetch_all(&db.pool)
    .await?;
    let mut minutes: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for (country, kind, entries, spent) in activity {
        let events = match kind.as_str() {
            "visit" => Some(Measure::Visits),
            "course_enrolment" | "lesson_corrected" | "exam" => Some(Measure::CourseEvents),
            _ => None,
        };
        if let Some(events) = events {
            put(vec![(country.clone(), entries)], events);
        }
        *minutes.entry(country).or_default() += spent;
    }
    put(
        minutes
            .into_iter()
            .map(|(country, spent)| (country, spent / 60))
            .collect(),
        Measure::VolunteerHours,
    );
    for (column, measure) in [
        ("submitted_at", Measure::ReferralsSent),
        ("accepted_at", Measure::ReferralsAccepted),
        ("closed_at", Measure::ReferralsClosed),
    ] {
        let sql = format!(
            "SELECT e.country, COUNT(*) FROM referrals r JOIN establishments e ON e.id = r.establishment_id \
             WHERE SUBSTR(r.{column}, 1, 10) >= $1 AND SUBSTR(r.{column}, 1, 10) <= $2 GROUP BY e.country"
        );
        let rows = sqlx::query_as(&sql).bind(&from).bind(&to).fetch_all(&db.pool).await?;
        put(rows, measure);
    }
    put(
        sqlx::query_as(
            "SELECT o.country, CAST(SUM(m.hours) AS BIGINT) FROM training_completions c JOIN training_modules m ON m.id = c.module_id \
             JOIN training_enrolments en ON en.id = c.enrolment_id JOIN organisations o ON o.id = en.organisation_id \
             WHERE c.revoked_at IS NULL AND c.completed_on >= $1 AND c.completed_on <= $2 GROUP BY o.country",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&db.pool)
        .await?,
        Measure::TrainingHours,
    );
    put(
        sqlx::query_as(
            "SELECT o.country, COUNT(DISTINCT ms.person_id) FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id \
             WHERE ms.role = 'coordinator' AND SUBSTR(ms.started_at, 1, 10) <= $1 \
             AND (ms.ended_at IS NULL OR SUBSTR(ms.ended_at, 1, 10) > $1) AND EXISTS (SELECT 1 FROM training_completions c \
             WHERE c.person_id = ms.person_id AND c.revoked_at IS NULL AND c.completed_on <= $1) GROUP BY o.country",
        )
        .bind(&to)
        .fetch_all(&db.pool)
        .await?,
        Measure::CertifiedCoordinators,
    );
    let served: Vec<((String, Measure), i64)> = m
        .counts
        .iter()
        .filter(|((_, measure), _)| *measure == Measure::Establishments)
        .map(|((country, _), n)| ((country.clone(), Measure::EstablishmentsUnserved), *n))
        .collect();
    for ((country, measure), n) in served {
        let with = m
            .counts
            .get(&(country.clone(), Measure::EstablishmentsServed))
            .copied()
            .unwrap_or(0);
        m.counts.insert((country, measure), n - with);
    }
    durations(db, &mut m, &from, &to).await?;
    Ok(m)
}

/// The days each decision and each acceptance of the period took, from
/// which the medians are taken.
async fn durations(db: &Db, m: &mut Measured, from: &str, to: &str) -> AppResult<()> {
    let decided: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT country, filed_on, decided_on FROM authorisations WHERE decided_on >= $1 AND decided_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    let accepted: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT e.country, SUBSTR(r.submitted_at, 1, 10), SUBSTR(r.accepted_at, 1, 10) FROM referrals r \
         JOIN establishments e ON e.id = r.establishment_id \
         WHERE r.submitted_at IS NOT NULL AND SUBSTR(r.accepted_at, 1, 10) >= $1 AND SUBSTR(r.accepted_at, 1, 10) <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    for (rows, measure) in [
        (decided, Measure::AuthorisationWaitingDays),
        (accepted, Measure::DaysToAcceptance),
    ] {
        for (country, start, end) in rows {
            if let (Ok(start), Ok(end)) = (start.parse::<NaiveDate>(), end.parse::<NaiveDate>()) {
                m.values
                    .entry((country, measure))
                    .or_default()
                    .push((end - start).num_days());
            }
        }
    }
    Ok(())
}
