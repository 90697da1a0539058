//! Training reports of a year, for the coordinators of the organisations
//! concerned: what each organisation owes per session and in all, and the
//! training hours of each volunteer (days present × the day's length).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;

use super::actions::cost_shares;
use super::store::{Seats, Session};
use crate::db::{Filter, Param, in_marks};
use crate::error::{AppError, AppResult};
use crate::fields::time_of_day;
use crate::permissions::{Action, Actor};
use crate::state::AppState;
use crate::tabular::{Cell, Sheet};
use crate::web::Ctx;
use crate::web::extract::Query;

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ReportQuery {
    year: Option<i32>,
    /// `costs` or `hours`, for the export.
    table: Option<String>,
    /// `csv` or `xlsx`, for the export.
    format: Option<String>,
}

/// One organisation's share of one session.
pub struct CostLine {
    pub session_id: i64,
    pub session: String,
    pub first_day: String,
    pub organiser: String,
    pub total: i64,
    pub organisation: String,
    pub owed: i64,
}

pub struct HoursLine {
    pub person: String,
    pub organisation: String,
    pub days: i64,
    pub minutes: i64,
}

/// The organisations whose reports `actor` reads; `None`: all (platform admin).
fn reported(actor: &Actor) -> Option<Vec<i64>> {
    if actor.platform_admin {
        return None;
    }
    let mut ids: Vec<i64> = actor
        .memberships
        .iter()
        .filter(|m| actor.can(Action::ManageTraining(m.organisation_id)))
        .map(|m| m.organisation_id)
        .collect();
    ids.dedup();
    Some(ids)
}

fn year_bounds(year: i32) -> [Param; 2] {
    [
        Param::Text(format!("{year}-01-01")),
        Param::Text(format!("{year}-12-31")),
    ]
}

/// Sessions of the year (not cancelled) organised by or open to the
/// reported organisations, each organisation's share: one query for the
/// sessions, one for their seats.
async fn costs(state: &AppState, orgs: &Option<Vec<i64>>, year: i32) -> AppResult<Vec<CostLine>> {
    let mut f = Filter::default();
    f.and(
        "s.first_day >= ? AND s.first_day <= ? AND s.cancelled_at IS NULL",
        year_bounds(year),
    );
    if let Some(orgs) = orgs {
        let ids: Vec<Param> = orgs.iter().copied().map(Param::Int).collect();
        f.and(
            &format!(
                "s.id IN (SELECT session_id FROM training_seats WHERE organisation_id IN ({}))",
                in_marks(ids.len().max(1))
            ),
            if ids.is_empty() { vec![Param::Int(0)] } else { ids },
        );
    }
    let sql = format!(
        "SELECT s.id, s.organisation_id, o.acronym AS organisation, s.title, s.first_day, s.last_day, s.starts, s.ends, \
         s.time_zone, s.place, s.online_link, s.language, s.capacity, s.registration_deadline, s.cost_cents, \
         s.cost_sharing, s.cancelled_at, 0 AS enrolled FROM training_sessions s \
         JOIN organisations o ON o.id = s.organisation_id{} ORDER BY s.first_day, s.id",
        f.sql()
    );
    let sessions: Vec<Session> = f.bind(sqlx::query_as(&sql)).fetch_all(&state.db.pool).await?;
    let seats = super::store::seats_of(&state.db, &sessions).await?;
    let mut lines = Vec::new();
    for s in &sessions {
        let mine: Vec<Seats> = seats
            .iter()
            .filter(|(id, _)| *id == s.id)
            .map(|(_, x)| x.clone())
            .collect();
        for (organisation, owed) in cost_shares(s, &mine) {
            lines.push(CostLine {
                session_id: s.id,
                session: s.title.clone(),
                first_day: s.first_day.clone(),
                organiser: s.organisation.clone(),
                total: s.cost_cents,
                organisation,
                owed,
            });
        }
    }
    Ok(lines)
}

async fn hours(state: &AppState, orgs: &Option<Vec<i64>>, year: i32) -> AppResult<Vec<HoursLine>> {
    let mut f = Filter::default();
    f.and("a.present = 1 AND a.day >= ? AND a.day <= ?", year_bounds(year));
    if let Some(orgs) = orgs {
        f.and_in("e.organisation_id", orgs.iter().copied().map(Param::Int).collect());
    }
    let sql = format!(
        "SELECT p.name, o.acronym, s.starts, s.ends, COUNT(*) AS days FROM training_attendance a \
         JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_sessions s ON s.id = e.session_id \
         JOIN persons p ON p.id = e.person_id JOIN organisations o ON o.id = e.organisation_id{} \
         GROUP BY p.name, o.acronym, e.person_id, s.starts, s.ends ORDER BY p.name, o.acronym",
        f.sql()
    );
    let rows: Vec<(String, String, String, String, i64)> =
        f.bind(sqlx::query_as(&sql)).fetch_all(&state.db.pool).await?;
    let mut lines: Vec<HoursLine> = Vec::new();
    for (person, organisation, starts, ends, days) in rows {
        let length = match (time_of_day(&starts), time_of_day(&ends)) {
            (Some(a), Some(b)) => (b - a).num_minutes(),
            _ => 0,
        };
        match lines.last_mut() {
            Some(last) if last.person == person && last.organisation == organisation => {
                last.days += days;
                last.minutes += days * length;
            }
            _ => lines.push(HoursLine {
                person,
                organisation,
                days,
                minutes: days * length,
            }),
        }
    }
    Ok(lines)
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/reports.html")]
pub struct ReportPage {
    ctx: Ctx,
    year: i32,
    costs: Vec<CostLine>,
    totals: Vec<(String, i64)>,
    hours: Vec<HoursLine>,
    /// Minutes per organisation.
    hour_totals: Vec<(String, i64)>,
}

impl ReportPage {
    fn money(&self, cents: &i64) -> String {
        super::rules::euros(*cents, self.ctx.lang)
    }
}

/// Sums of `lines` per organisation, in the organisations' order.
fn totals_by<T>(lines: &[T], part: impl Fn(&T) -> (&String, i64)) -> Vec<(String, i64)> {
    let mut totals: Vec<(String, i64)> = Vec::new();
    for line in lines {
        let (organisation, amount) = part(line);
        match totals.iter_mut().find(|(o, _)| o == organisation) {
            Some((_, sum)) => *sum += amount,
            None => totals.push((organisation.clone(), amount)),
        }
    }
    totals.sort();
    totals
}

fn allowed(ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    let orgs = reported(&ctx.user()?.actor);
    if orgs.as_ref().is_some_and(Vec::is_empty) {
        return Err(AppError::Forbidden);
    }
    Ok(orgs)
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ReportQuery>) -> AppResult<ReportPage> {
    let orgs = allowed(&ctx)?;
    let year = q.year.unwrap_or_else(|| state.clock.now().year());
    let costs = costs(&state, &orgs, year).await?;
    let totals = totals_by(&costs, |l| (&l.organisation, l.owed));
    let hours = hours(&state, &orgs, year).await?;
    let hour_totals = totals_by(&hours, |l| (&l.organisation, l.minutes));
    Ok(ReportPage {
        hour_totals,
        ctx,
        year,
        costs,
        totals,
        hours,
    })
}

const COST_COLUMNS: &[(&str, &str)] = &[
    ("session", "training.session"),
    ("first_day", "training.first_day"),
    ("organiser", "training.organiser"),
    ("total_cents", "training.report.total_cost"),
    ("organisation", "training.organisation"),
    ("owed_cents", "training.report.owed"),
];
const HOURS_COLUMNS: &[(&str, &str)] = &[
    ("person", "training.person"),
    ("organisation", "training.organisation"),
    ("days", "training.report.days"),
    ("minutes", "training.report.minutes"),
];

pub async fn export(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ReportQuery>) -> AppResult<Response> {
    let orgs = allowed(&ctx)?;
    let year = q.year.unwrap_or_else(|| state.clock.now().year());
    let sheet = match q.table.as_deref() {
        Some("hours") => Sheet {
            name: "training-hours",
            columns: HOURS_COLUMNS,
            rows: hours(&state, &orgs, year)
                .await?
                .into_iter()
                .map(|l| {
                    vec![
                        Cell::from(l.person),
                        l.organisation.into(),
                        l.days.into(),
                        l.minutes.into(),
                    ]
                })
                .collect(),
        },
        _ => Sheet {
            name: "training-costs",
            columns: COST_COLUMNS,
            rows: costs(&state, &orgs, year)
                .await?
                .into_iter()
                .map(|l| {
                    vec![
                        Cell::from(format!("#{} {}", l.session_id, l.session)),
                        l.first_day.into(),
                        l.organiser.into(),
                        l.total.into(),
                        l.organisation.into(),
                        l.owed.into(),
                    ]
                })
                .collect(),
        },
    };
    sheet.download(q.format.as_deref() == Some("xlsx"), ctx.lang)
}
