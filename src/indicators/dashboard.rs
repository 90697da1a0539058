//! A dashboard of one organisation or one country: every indicator this
//! year beside last year, with its trend over two years of quarters.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::Datelike;

use super::rules::{Cell, Interval, Level, Period};
use super::store::{self, Indicator, Places, Within};
use super::{Agreed, THRESHOLD, figures};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::extract::Query;

/// `?organisation=3` or `?country=FR`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DashboardQuery {
    organisation: Option<String>,
    country: Option<String>,
}

/// One indicator on the dashboard.
pub struct Tile {
    indicator: Indicator,
    this_year: Cell,
    last_year: Cell,
    quarters: Vec<(Period, Cell)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/templates/dashboard.html")]
pub struct DashboardPage {
    ctx: Ctx,
    name: String,
    /// The comparison the tiles' trends open: level and country.
    level: Level,
    country: String,
    years: (i32, i32),
    tiles: Vec<Tile>,
}

impl DashboardPage {
    fn shown(&self, tile: &Tile, cell: &Cell) -> String {
        super::shown(self.ctx.lang, &tile.indicator, cell)
    }

    /// This year's figure alone, large; its counts go beneath.
    fn figure(&self, tile: &Tile) -> String {
        match (tile.this_year.suppressed, tile.this_year.value) {
            (true, _) => self.ctx.t("indicator.hidden").to_owned(),
            (_, None) => "–".to_owned(),
            _ => super::figure_of(self.ctx.lang, &tile.indicator, &tile.this_year),
        }
    }

    fn counts(&self, tile: &Tile) -> String {
        match (tile.this_year.numerator, tile.this_year.denominator) {
            (Some(n), Some(d)) => format!(
                "{} / {}",
                self.ctx.lang.number(n as i64),
                self.ctx.lang.number(d as i64)
            ),
            _ => String::new(),
        }
    }

    fn trend(&self, tile: &Tile) -> &'static str {
        Agreed::trend(&tile.indicator, &tile.this_year, &tile.last_year)
    }

    /// The quarters as a small line, 160 × 40, broken where a figure is
    /// hidden or missing: the points of each piece.
    fn spark(&self, tile: &Tile) -> Vec<String> {
        let values: Vec<Option<f64>> = tile.quarters.iter().map(|(_, c)| c.value).collect();
        let top = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
        let step = 160.0 / (values.len().max(2) - 1) as f64;
        let mut pieces = vec![String::new()];
        for (i, value) in values.iter().enumerate() {
            match value {
                Some(v) => {
                    let y = if top > 0.0 { 36.0 - 32.0 * v / top } else { 36.0 };
                    if let Some(piece) = pieces.last_mut() {
                        piece.push_str(&format!("{:.1},{y:.1} ", i as f64 * step));
                    }
                }
                None => pieces.push(String::new()),
            }
        }
        pieces.retain(|p| !p.is_empty());
        pieces
    }

    fn quarters_text(&self, tile: &Tile) -> String {
        tile.quarters
            .iter()
            .map(|(p, c)| format!("{} : {}", p.code(), self.shown(tile, c)))
            .collect::<Vec<_>>()
            .join(" ; ")
    }
}

/// What a dashboard is about: an organisation's own figures, or a country's.
struct Subject {
    places: Places,
    /// The place's key in the measures: the organisation's id, the country's code.
    key: String,
    name: String,
    level: Level,
    country: String,
}

async fn subject(state: &AppState, ctx: &Ctx, query: &DashboardQuery) -> AppResult<Subject> {
    if let Some(id) = query.organisation.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        let (name, country): (String, String) = sqlx::query_as("SELECT name, country FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(Subject {
            places: Places {
                level: Level::Organisation,
                within: Within::Organisations(vec![id]),
            },
            key: id.to_string(),
            name,
            level: Level::Organisation,
            country,
        });
    }
    let code = store::country(&state.db, query.country.as_deref().unwrap_or(""))
        .await?
        .ok_or(AppError::NotFound)?;
    let name = store::names(&state.db, ctx.lang, &Places::countries())
        .await?
        .into_iter()
        .find(|(c, _)| *c == code)
        .map_or(code.clone(), |(_, name)| name);
    Ok(Subject {
        places: Places {
            level: Level::Country,
            within: Within::Country(code.clone()),
        },
        key: code.clone(),
        name,
        level: Level::Country,
        country: code,
    })
}

/// Every indicator of the catalogue for one organisation or country: this
/// year to today beside last year, and the last eight quarters.
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DashboardQuery>,
) -> AppResult<DashboardPage> {
    ctx.live()?;
    let subject = subject(&state, &ctx, &query).await?;
    let today = state.clock.now().date_naive();
    let names = vec![(subject.key.clone(), subject.name.clone())];
    let catalogue = store::catalogue(&state.db, ctx.lang).await?;
    // The subject is the only place: its own cell, small counts hidden.
    let figures_of = |period: Period| {
        let (places, names, catalogue) = (&subject.places, &names, catalogue.clone());
        let state = &state;
        let shown = (places, names.as_slice());
        async move { Ok::<_, crate::error::AppError>(figures(state, shown, catalogue, period.bounds(), THRESHOLD).await?.0) }
    };
    let this_year = figures_of(Period::Year(today.year())).await?;
    let last_year = figures_of(Period::Year(today.year() - 1)).await?;
    let mut quarters = Vec::new();
    for quarter in Interval::Quarter.periods(today) {
        quarters.push((quarter, figures_of(quarter).await?));
    }
    let first = |line: &super::Line| line.cells.first().cloned();
    let tiles = this_year
        .into_iter()
        .zip(last_year)
        .enumerate()
        .filter_map(|(i, (now, before))| {
            Some(Tile {
                this_year: first(&now)?,
                last_year: first(&before)?,
                quarters: quarters
                    .iter()
                    .filter_map(|(p, lines)| Some((*p, first(lines.get(i)?)?)))
                    .collect(),
                indicator: now.indicator,
            })
        })
        .collect();
    Ok(DashboardPage {
        ctx,
        name: subject.name,
        level: subject.level,
        country: subject.country,
        years: (today.year(), today.year() - 1),
        tiles,
    })
}
