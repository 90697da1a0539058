//! The catalogue of indicators, and what each country measured in a
//! period, read from the live data in one query per source.

use chrono::NaiveDate;
use sqlx::FromRow;

use std::collections::HashMap;

use super::rules::{Better, Level, Measure, Measured};
use crate::authorisations::rules::valid_sql;
use crate::db::{Db, Filter, Param};
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

const AUTHORISATION: Row = Row {
    country: "a.country",
    organisation: "a.organisation_id",
    establishment: None,
};
const AUTHORISATION_AT: Row = Row {
    establishment: Some("e"),
    ..AUTHORISATION
};
/// Establishments as such belong to no organisation.
const ESTABLISHMENT: Row = Row {
    country: "e.country",
    organisation: "NULL",
    establishment: Some("e"),
};

/// What a comparison sets side by side: places of one level, within a
/// country, a region or a list of organisations.
#[derive(Clone, Debug, PartialEq)]
pub struct Places {
    pub level: Level,
    pub within: Within,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Within {
    All,
    /// A country's code, as the countries table has it (checked before).
    Country(String),
    Region(i64),
    Organisations(Vec<i64>),
}

/// Where a source's rows are: the columns of their country and
/// organisation, and the alias of their establishment if they have one.
struct Row {
    country: &'static str,
    organisation: &'static str,
    establishment: Option<&'static str>,
}

impl Places {
    pub fn countries() -> Self {
        Self {
            level: Level::Country,
            within: Within::All,
        }
    }

    /// The places as a text kept with their figures: `region in FR`.
    pub fn code(&self) -> String {
        let within = match &self.within {
            Within::All => "all".to_owned(),
            Within::Country(code) => code.clone(),
            Within::Region(id) => format!("region {id}"),
            Within::Organisations(ids) => {
                let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                format!("organisations {}", ids.join(","))
            }
        };
        format!("{} in {within}", self.level.as_str())
    }

    /// The places a [`Places::code`] names.
    pub fn from_code(code: &str) -> Option<Self> {
        let (level, within) = code.split_once(" in ")?;
        let within = match within.split_once(' ') {
            None if within == "all" => Within::All,
            None => Within::Country(within.to_owned()),
            Some(("region", id)) => Within::Region(id.parse().ok()?),
            Some(("organisations", ids)) => Within::Organisations(
                ids.split(',')
                    .filter(|id| !id.is_empty())
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .ok()?,
            ),
            Some(_) => return None,
        };
        Some(Self {
            level: Level::parse(level)?,
            within,
        })
    }

    /// Whether rows must be joined to establishments to be placed.
    fn by_establishment(&self) -> bool {
        matches!(self.level, Level::Region | Level::Establishment) || matches!(self.within, Within::Region(_))
    }

    /// The SQL naming a row's place; none when such rows cannot be placed
    /// at this level (training has no establishment).
    fn key(&self, row: &Row) -> Option<String> {
        Some(match self.level {
            Level::Country => row.country.to_owned(),
            Level::Region => format!("CAST({}.region_id AS TEXT)", row.establishment?),
            Level::Establishment => format!("CAST({}.id AS TEXT)", row.establishment?),
            Level::Organisation => format!("CAST({} AS TEXT)", row.organisation),
        })
    }

    fn filter(&self, row: &Row) -> Option<String> {
        Some(match &self.within {
            Within::All => "1 = 1".to_owned(),
            // Written into the SQL: a country's code is letters only.
            Within::Country(code) if !code.chars().all(|c| c.is_ascii_alphanumeric()) => "1 = 0".to_owned(),
            Within::Country(code) => format!("{} = '{code}'", row.country),
            Within::Region(id) => format!("{}.region_id = {id}", row.establishment?),
            Within::Organisations(ids) if ids.is_empty() => "1 = 0".to_owned(),
            Within::Organisations(ids) => format!(
                "{} IN ({})",
                row.organisation,
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// `SELECT place, {select} FROM {from_where} AND filter [GROUP BY place{group}]`
    /// for each place, or for all of them together as [`ALL`]. `from_where`
    /// ends with a condition; `group` is none for plain rows.
    fn part(&self, row: &Row, select: &str, from_where: &str, group: Option<&str>, all: bool) -> Option<String> {
        let (key, filter) = (self.key(row)?, self.filter(row)?);
        let (key, group) = if all {
            (
                "'*'".to_owned(),
                group.and_then(|g| g.strip_prefix(", ")).map(str::to_owned),
            )
        } else {
            let group = group.map(|g| format!("{key}{g}"));
            (key, group)
        };
        let group_by = group.map_or_else(String::new, |g| format!(" GROUP BY {g}"));
        Some(format!(
            "SELECT DISTINCT {key}, {select} FROM {from_where} AND {filter}{group_by}"
        ))
    }

    /// One query for every place and for all of them together.
    fn sql(&self, row: &Row, select: &str, from_where: &str, group: Option<&str>) -> Option<String> {
        let each = self.part(row, select, from_where, group, false)?;
        let all = self.part(row, select, from_where, group, true)?;
        Some(format!("{each} UNION ALL {all}"))
    }
}

/// A country's code as the countries table has it, if there is one.
pub async fn country(db: &Db, code: &str) -> AppResult<Option<String>> {
    let code: Option<String> = sqlx::query_scalar("SELECT code FROM countries WHERE code = $1")
        .bind(code.to_uppercase())
        .fetch_optional(&db.pool)
        .await?;
    // Written into the SQL of the comparison: letters only.
    Ok(code.filter(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric())))
}

/// A region's id and country, if there is one.
pub async fn region(db: &Db, id: i64) -> AppResult<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT id, country FROM regions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// Every region with an open establishment: id, name and country.
pub async fn regions(db: &Db) -> AppResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.name, r.country FROM regions r \
         WHERE EXISTS (SELECT 1 FROM establishments e WHERE e.region_id = r.id AND e.open = 1) ORDER BY r.country, r.name",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The places of a comparison, code and name in `lang`, in the order shown.
pub async fn names(db: &Db, lang: Lang, places: &Places) -> AppResult<Vec<(String, String)>> {
    let name = if lang == Lang::Fr { "name_fr" } else { "name_en" };
    let (sql, bind) = match (&places.level, &places.within) {
        (Level::Region, Within::Country(code)) => (
            "SELECT CAST(r.id AS TEXT), r.name FROM regions r WHERE r.country = $1 \
             AND EXISTS (SELECT 1 FROM establishments e WHERE e.region_id = r.id AND e.open = 1) ORDER BY r.name"
                .to_owned(),
            Some(Param::Text(code.clone())),
        ),
        (Level::Establishment, Within::Region(id)) => (
            "SELECT CAST(id AS TEXT), name FROM establishments WHERE region_id = $1 AND open = 1 ORDER BY name"
                .to_owned(),
            Some(Param::Int(*id)),
        ),
        (Level::Organisation, Within::Country(code)) => (
            "SELECT CAST(o.id AS TEXT), o.acronym FROM organisations o WHERE o.country = $1 \
             AND o.kind <> 'prison_administration' ORDER BY o.acronym"
                .to_owned(),
            Some(Param::Text(code.clone())),
        ),
        (Level::Organisation, Within::Organisations(ids)) if !ids.is_empty() => (
            format!(
                "SELECT CAST(id AS TEXT), acronym FROM organisations WHERE id IN ({}) ORDER BY acronym",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
            None,
        ),
        _ => (
            format!(
                "SELECT c.code, c.{name} FROM countries c WHERE EXISTS (SELECT 1 FROM establishments e WHERE e.country = c.code) \
                 ORDER BY c.{name}"
            ),
            None,
        ),
    };
    Ok(Filter::binding(bind)
        .bind(sqlx::query_as(&sql))
        .fetch_all(&db.pool)
        .await?)
}

/// The `wanted` measures of every place from `from` to `to` (both
/// included), and of all of them together; only their queries run.
pub async fn measure(
    db: &Db,
    places: &Places,
    (from, to): (NaiveDate, NaiveDate),
    wanted: &[Measure],
) -> AppResult<Measured> {
    let wants = |measure: Measure| {
        wanted.contains(&measure)
            || (wanted.contains(&Measure::EstablishmentsUnserved)
                && matches!(measure, Measure::Establishments | Measure::EstablishmentsServed))
    };
    let (from, to) = (from.to_string(), to.to_string());
    let mut m = Measured::default();
    let mut put = |rows: Vec<(String, i64)>, measure: Measure| {
        for (place, n) in rows {
            *m.counts.entry((place, measure)).or_default() += n;
        }
    };
    let valid = valid_sql(1);
    let authorised = format!(
        "authorisations a JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN establishments e ON e.id = ae.establishment_id WHERE {valid}"
    );
    let (by_authorisation, authorisations) = if places.by_establishment() {
        (AUTHORISATION_AT, authorised.clone())
    } else {
        (AUTHORISATION, format!("authorisations a WHERE {valid}"))
    };
    let at_establishment = Row {
        country: "e.country",
        organisation: "a.organisation_id",
        establishment: Some("e"),
    };
    let mut counted = vec![
        (
            places.sql(
                &by_authorisation,
                "COUNT(DISTINCT a.person_id)",
                &authorisations,
                Some(""),
            ),
            Measure::AuthorisedVolunteers,
        ),
        (
            places.sql(
                &at_establishment,
                "COUNT(DISTINCT ae.establishment_id)",
                &format!("{authorised} AND e.open = 1"),
                Some(""),
            ),
            Measure::EstablishmentsServed,
        ),
    ];
    // An organisation's establishments are those it serves; all of them
    // together count an establishment two of them serve once.
    let organisations = places.level == Level::Organisation;
    let (served, establishments) = if organisations {
        let pairs = format!(
            "(SELECT DISTINCT a.organisation_id, ae.establishment_id FROM authorisations a \
             JOIN authorisation_establishments ae ON ae.authorisation_id = a.id WHERE {valid}) s \
             JOIN establishments e ON e.id = s.establishment_id WHERE e.open = 1"
        );
        let row = Row {
            country: "e.country",
            organisation: "s.organisation_id",
            establishment: Some("e"),
        };
        (row, pairs)
    } else {
        (ESTABLISHMENT, "establishments e WHERE e.open = 1".to_owned())
    };
    let any_served = places.filter(&AUTHORISATION).map(|filter| {
        format!(
            "establishments e WHERE e.open = 1 AND e.id IN (SELECT ae.establishment_id FROM authorisations a \
             JOIN authorisation_establishments ae ON ae.authorisation_id = a.id WHERE {valid} AND {filter})"
        )
    });
    for (select, measure) in [
        ("COUNT(DISTINCT e.id)", Measure::Establishments),
        (
            "CAST(COALESCE(SUM(COALESCE(e.population, 0)), 0) AS BIGINT)",
            Measure::DetainedPopulation,
        ),
        (
            "CAST(COALESCE(SUM(e.capacity), 0) AS BIGINT)",
            Measure::OperationalCapacity,
        ),
    ] {
        let sql = if organisations {
            let each = places.part(&served, select, &establishments, Some(""), false);
            let all = any_served
                .as_ref()
                .and_then(|from| Places::countries().part(&ESTABLISHMENT, select, from, Some(""), true));
            each.zip(all).map(|(each, all)| format!("{each} UNION ALL {all}"))
        } else {
            places.sql(&served, select, &establishments, Some(""))
        };
        counted.push((sql, measure));
    }
    for (sql, measure) in counted {
        if let Some(sql) = sql.filter(|_| wants(measure)) {
            put(sqlx::query_as(&sql).bind(&to).fetch_all(&db.pool).await?, measure);
        }
    }
    // Active among those authorised on the last day, so that the share of
    // active volunteers is a share of the authorised ones. The authorised
    // are listed once (IN), not looked up for each activity (EXISTS): four
    // times faster over a year of European activity.
    let active = format!(
        "activities ac JOIN establishments e ON e.id = ac.establishment_id WHERE ac.done_on >= $2 AND ac.done_on <= $1 \
         AND ac.person_id IN (SELECT a.person_id FROM authorisations a WHERE {valid})"
    );
    let row = Row {
        organisation: "ac.organisation_id",
        ..ESTABLISHMENT
    };
    let active_sql = places.sql(&row, "COUNT(DISTINCT ac.person_id)", &active, Some(""));
    if let Some(sql) = active_sql.filter(|_| wants(Measure::ActiveVolunteers)) {
        let rows = sqlx::query_as(&sql).bind(&to).bind(&from).fetch_all(&db.pool).await?;
        put(rows, Measure::ActiveVolunteers);
    }
    let row = Row {
        organisation: "t.organisation_id",
        ..ESTABLISHMENT
    };
    let totals =
        "activity_totals t JOIN establishments e ON e.id = t.establishment_id WHERE t.month >= $1 AND t.month <= $2";
    let select = "t.kind, CAST(SUM(t.entries) AS BIGINT), CAST(SUM(t.minutes) AS BIGINT)";
    let activity = [Measure::Visits, Measure::CourseEvents, Measure::VolunteerHours];
    let totals_sql = places.sql(&row, select, totals, Some(", t.kind"));
    if let Some(sql) = totals_sql.filter(|_| activity.into_iter().any(wants)) {
        let activity: Vec<(String, String, i64, i64)> = sqlx::query_as(&sql)
            .bind(&from[..7])
            .bind(&to[..7])
            .fetch_all(&db.pool)
            .await?;
        let mut minutes: HashMap<String, i64> = HashMap::new();
        for (place, kind, entries, spent) in activity {
            let events = match kind.as_str() {
                "visit" => Some(Measure::Visits),
                "course_enrolment" | "lesson_corrected" | "exam" => Some(Measure::CourseEvents),
                _ => None,
            };
            if let Some(events) = events {
                put(vec![(place.clone(), entries)], events);
            }
            *minutes.entry(place).or_default() += spent;
        }
        let hours = minutes.into_iter().map(|(place, spent)| (place, spent / 60)).collect();
        put(hours, Measure::VolunteerHours);
    }
    // An organisation's referrals are those sent to it.
    let referred = Row {
        organisation: "r.receiving_organisation_id",
        ..ESTABLISHMENT
    };
    for (column, measure) in [
        ("submitted_at", Measure::ReferralsSent),
        ("accepted_at", Measure::ReferralsAccepted),
        ("closed_at", Measure::ReferralsClosed),
    ] {
        let from_where = format!(
            "referrals r JOIN establishments e ON e.id = r.establishment_id \
             WHERE SUBSTR(r.{column}, 1, 10) >= $1 AND SUBSTR(r.{column}, 1, 10) <= $2"
        );
        let sql = places.sql(&referred, "COUNT(DISTINCT r.id)", &from_where, Some(""));
        if let Some(sql) = sql.filter(|_| wants(measure)) {
            put(
                sqlx::query_as(&sql).bind(&from).bind(&to).fetch_all(&db.pool).await?,
                measure,
            );
        }
    }
    let trained = Row {
        country: "o.country",
        organisation: "en.organisation_id",
        establishment: None,
    };
    let completions = "training_completions c JOIN training_modules m ON m.id = c.module_id \
         JOIN training_enrolments en ON en.id = c.enrolment_id JOIN organisations o ON o.id = en.organisation_id \
         WHERE c.revoked_at IS NULL AND c.completed_on >= $1 AND c.completed_on <= $2";
    let hours = "CAST(COALESCE(SUM(m.hours), 0) AS BIGINT)";
    let training_sql = places.sql(&trained, hours, completions, Some(""));
    if let Some(sql) = training_sql.filter(|_| wants(Measure::TrainingHours)) {
        put(
            sqlx::query_as(&sql).bind(&from).bind(&to).fetch_all(&db.pool).await?,
            Measure::TrainingHours,
        );
    }
    let coordinating = Row {
        country: "o.country",
        organisation: "ms.organisation_id",
        establishment: None,
    };
    let coordinators = "memberships ms JOIN organisations o ON o.id = ms.organisation_id \
         WHERE ms.role = 'coordinator' AND SUBSTR(ms.started_at, 1, 10) <= $1 \
         AND (ms.ended_at IS NULL OR SUBSTR(ms.ended_at, 1, 10) > $1) AND EXISTS (SELECT 1 FROM training_completions c \
         WHERE c.person_id = ms.person_id AND c.revoked_at IS NULL AND c.completed_on <= $1)";
    let coordinators_sql = places.sql(&coordinating, "COUNT(DISTINCT ms.person_id)", coordinators, Some(""));
    if let Some(sql) = coordinators_sql.filter(|_| wants(Measure::CertifiedCoordinators)) {
        put(
            sqlx::query_as(&sql).bind(&to).fetch_all(&db.pool).await?,
            Measure::CertifiedCoordinators,
        );
    }
    let unserved: Vec<((String, Measure), i64)> = m
        .counts
        .iter()
        .filter(|((_, measure), _)| *measure == Measure::Establishments)
        .map(|((place, _), n)| {
            let served = m.count(place, Measure::EstablishmentsServed);
            ((place.clone(), Measure::EstablishmentsUnserved), n - served)
        })
        .collect();
    m.counts.extend(unserved);
    let medians: Vec<Measure> = wanted.iter().copied().filter(|m| m.is_median()).collect();
    durations(db, places, &mut m, (&from, &to), &medians).await?;
    Ok(m)
}

/// The days each decision and each acceptance of the period took, from
/// which the medians are taken.
async fn durations(
    db: &Db,
    places: &Places,
    m: &mut Measured,
    (from, to): (&str, &str),
    wanted: &[Measure],
) -> AppResult<()> {
    let (decisions, authorisations) = if places.by_establishment() {
        let joined = "authorisations a JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
             JOIN establishments e ON e.id = ae.establishment_id WHERE a.decided_on >= $1 AND a.decided_on <= $2";
        (AUTHORISATION_AT, joined)
    } else {
        (
            AUTHORISATION,
            "authorisations a WHERE a.decided_on >= $1 AND a.decided_on <= $2",
        )
    };
    let referred = Row {
        organisation: "r.receiving_organisation_id",
        ..ESTABLISHMENT
    };
    let acceptances = "referrals r JOIN establishments e ON e.id = r.establishment_id WHERE r.submitted_at IS NOT NULL \
         AND SUBSTR(r.accepted_at, 1, 10) >= $1 AND SUBSTR(r.accepted_at, 1, 10) <= $2";
    let sources = [
        (
            places.sql(&decisions, "a.id, a.filed_on, a.decided_on", authorisations, None),
            Measure::AuthorisationWaitingDays,
        ),
        (
            places.sql(
                &referred,
                "r.id, SUBSTR(r.submitted_at, 1, 10), SUBSTR(r.accepted_at, 1, 10)",
                acceptances,
                None,
            ),
            Measure::DaysToAcceptance,
        ),
    ];
    for (sql, measure) in sources {
        let Some(sql) = sql.filter(|_| wanted.contains(&measure)) else {
            continue;
        };
        let rows: Vec<(String, i64, String, String)> =
            sqlx::query_as(&sql).bind(from).bind(to).fetch_all(&db.pool).await?;
        for (place, _, start, end) in rows {
            if let (Ok(start), Ok(end)) = (start.parse::<NaiveDate>(), end.parse::<NaiveDate>()) {
                m.values
                    .entry((place, measure))
                    .or_default()
                    .push((end - start).num_days());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_come_back_from_their_code() {
        for within in [
            Within::All,
            Within::Country("FR".into()),
            Within::Region(12),
            Within::Organisations(vec![3, 41]),
            Within::Organisations(vec![]),
        ] {
            let places = Places {
                level: Level::Organisation,
                within,
            };
            assert_eq!(Places::from_code(&places.code()), Some(places));
        }
        assert_eq!(Places::from_code("galaxy in all"), None);
        assert_eq!(Places::from_code("region in region x"), None);
    }
}
