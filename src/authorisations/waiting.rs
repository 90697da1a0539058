//! Waiting times of applications, per step and in total, as median and 90th
//! percentile by organisation and by region: the figure a national
//! administrator takes to the administration.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::percentile;
use super::store::visible;
use crate::db::{Filter, Param};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Ctx;

/// One decided application: who, where, and the days of its milestones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub organisation: String,
    pub region: String,
    pub filed_on: NaiveDate,
    pub decided_on: NaiveDate,
    /// (step position, day done), in any order.
    pub steps: Vec<(i64, NaiveDate)>,
}

/// Median and 90th percentile of a set of durations in days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spread {
    pub count: usize,
    pub median: i64,
    pub p90: i64,
}

fn spread(days: &[i64]) -> Option<Spread> {
    Some(Spread {
        count: days.len(),
        median: percentile(days, 50.0)?,
        p90: percentile(days, 90.0)?,
    })
}

/// Total waiting time (filing to decision) by the group `key` picks.
pub fn totals(applications: &[Application], key: fn(&Application) -> &str) -> Vec<(String, Spread)> {
    let mut groups: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for a in applications {
        groups
            .entry(key(a))
            .or_default()
            .push((a.decided_on - a.filed_on).num_days());
    }
    groups
        .into_iter()
        .filter_map(|(k, days)| Some((k.to_owned(), spread(&days)?)))
        .collect()
}

/// Days each step took since the step before it (or since filing), by position.
pub fn per_step(applications: &[Application]) -> Vec<(i64, Spread)> {
    let mut by_step: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for a in applications {
        let mut steps = a.steps.clone();
        steps.sort();
        let mut previous = a.filed_on;
        for (position, day) in steps {
            by_step
                .entry(position)
                .or_default()
                .push((day - previous).num_days().max(0));
            previous = previous.max(day);
        }
    }
    by_step
        .into_iter()
        .filter_map(|(k, days)| Some((k, spread(&days)?)))
        .collect()
}

#[derive(FromRow)]
struct Row {
    id: i64,
    organisation: String,
    region: Option<String>,
    filed_on: String,
    decided_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "authorisations/templates/waiting.html")]
pub struct WaitingPage {
    ctx: Ctx,
    by_organisation: Vec<(String, Spread)>,
    by_region: Vec<(String, Spread)>,
    steps: Vec<(String, Spread)>,
}

impl WaitingPage {
    /// The two tables of totals, with their titles.
    fn totals(&self) -> [(&'static str, &[(String, Spread)]); 2] {
        [
            ("waiting.by_organisation", &self.by_organisation),
            ("waiting.by_region", &self.by_region),
        ]
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Whether `actor` may read waiting times: those who follow an
/// organisation's applications or administer a country's, and the platform.
pub fn may_read(actor: &crate::permissions::Actor) -> bool {
    actor.platform_admin || !actor.followed_organisations().is_empty() || !actor.administered_countries().is_empty()
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> AppResult<WaitingPage> {
    let user = ctx.user()?;
    let actor = &user.actor;
    if !may_read(actor) {
        return Err(AppError::Forbidden);
    }
    let mut f = Filter::default();
    visible(&mut f, actor);
    f.and("a.decided_on IS NOT NULL", std::iter::empty::<Param>());
    let sql = format!(
        "SELECT a.id, o.acronym AS organisation, \
         (SELECT r.name FROM authorisation_establishments ae JOIN establishments e ON e.id = ae.establishment_id \
          JOIN regions r ON r.id = e.region_id WHERE ae.authorisation_id = a.id ORDER BY e.id LIMIT 1) AS region, \
         a.filed_on, a.decided_on FROM authorisations a JOIN organisations o ON o.id = a.organisation_id{}",
        f.sql()
    );
    let rows: Vec<Row> = f.bind(sqlx::query_as(&sql)).fetch_all(&state.db.pool).await?;
    let steps_sql = format!(
        "SELECT s.authorisation_id, k.position, s.done_on FROM authorisation_steps s \
         JOIN authorisation_step_kinds k ON k.id = s.step_kind_id JOIN authorisations a ON a.id = s.authorisation_id{}",
        f.sql()
    );
    let steps: Vec<(i64, i64, String)> = f.bind(sqlx::query_as(&steps_sql)).fetch_all(&state.db.pool).await?;
    let mut steps_of: BTreeMap<i64, Vec<(i64, NaiveDate)>> = BTreeMap::new();
    for (id, position, done) in steps {
        if let Some(done) = day(&done) {
            steps_of.entry(id).or_default().push((position, done));
        }
    }
    let applications: Vec<Application> = rows
        .into_iter()
        .filter_map(|r| {
            Some(Application {
                organisation: r.organisation,
                region: r.region.unwrap_or_default(),
                filed_on: day(&r.filed_on)?,
                decided_on: day(&r.decided_on)?,
                steps: steps_of.remove(&r.id).unwrap_or_default(),
            })
        })
        .collect();
    let names: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT position, name_fr, name_en FROM authorisation_step_kinds WHERE country = 'FR'")
            .fetch_all(&state.db.pool)
            .await?;
    let name = |position: i64| {
        names
            .iter()
            .find(|(p, _, _)| *p == position)
            .map(|(_, fr, en)| {
                if ctx.lang == crate::i18n::Lang::Fr {
                    fr.clone()
                } else {
                    en.clone()
                }
            })
            .unwrap_or_else(|| position.to_string())
    };
    let steps = per_step(&applications).into_iter().map(|(p, s)| (name(p), s)).collect();
    Ok(WaitingPage {
        by_organisation: totals(&applications, |a| &a.organisation),
        by_region: totals(&applications, |a| &a.region),
        steps,
        ctx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn app(org: &str, region: &str, filed: &str, decided: &str, steps: &[(i64, &str)]) -> Application {
        Application {
            organisation: org.into(),
            region: region.into(),
            filed_on: d(filed),
            decided_on: d(decided),
            steps: steps.iter().map(|(p, s)| (*p, d(s))).collect(),
        }
    }

    #[test]
    fn totals_are_medians_and_90th_percentiles_per_group() {
        let apps = [
            app("ANVP", "Lyon", "2026-01-01", "2026-04-11", &[]),
            app("ANVP", "Lyon", "2026-01-01", "2026-07-20", &[]),
            app("ANVP", "Paris", "2026-01-01", "2026-03-02", &[]),
            app("AUXILIA", "Paris", "2026-01-01", "2026-01-31", &[]),
        ];
        let by_org = totals(&apps, |a| &a.organisation);
        assert_eq!(
            by_org[0],
            (
                "ANVP".to_owned(),
                Spread {
                    count: 3,
                    median: 100,
                    p90: 200
                }
            )
        );
        assert_eq!(
            by_org[1],
            (
                "AUXILIA".to_owned(),
                Spread {
                    count: 1,
                    median: 30,
                    p90: 30
                }
            )
        );
        let by_region = totals(&apps, |a| &a.region);
        assert_eq!(
            by_region[1],
            (
                "Paris".to_owned(),
                Spread {
                    count: 2,
                    median: 30,
                    p90: 60
                }
            )
        );
    }

    #[test]
    fn each_step_counts_from_the_one_before() {
        let apps = [app(
            "ANVP",
            "Lyon",
            "2026-01-01",
            "2026-03-01",
            &[(2, "2026-01-31"), (1, "2026-01-11")],
        )];
        let steps = per_step(&apps);
        assert_eq!(
            steps[0],
            (
                1,
                Spread {
                    count: 1,
                    median: 10,
                    p90: 10
                }
            )
        );
        assert_eq!(
            steps[1],
            (
                2,
                Spread {
                    count: 1,
                    median: 20,
                    p90: 20
                }
            )
        );
    }
}
