//! The comparison table of countries.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;

use super::context::ContextFigures;
use super::rules::{Cell, Interval, Level, Measure, Period};
use super::store::{self, Within};
use super::{Line, SelectionQuery, THRESHOLD, Table, Trend};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::tabular::{Cell as Out, Sheet};
use crate::web::Ctx;
use crate::web::extract::Query;

#[derive(Template, WebTemplate)]
#[template(path = "indicators/templates/table.html")]
pub struct TablePage {
    ctx: Ctx,
    table: Table,
    /// The periods offered, newest first: each year, its quarters and months.
    periods: Vec<Vec<Period>>,
    countries: Vec<(String, String)>,
    /// Each region's id and name, and its country's code.
    regions: Vec<(i64, String, String)>,
    threshold: i64,
    /// Comparing countries: each one's context figures, with its volunteers
    /// authorised in Passerelle when that count may be shown.
    context: Vec<(String, ContextFigures, Option<f64>)>,
    /// The person may import context figures.
    imports_context: bool,
}

impl TablePage {
    /// A figure as people of the page's language write it.
    fn figure(&self, line: &Line, cell: &Cell) -> String {
        super::figure_of(self.ctx.lang, &line.indicator, cell)
    }

    fn period(&self) -> String {
        let lang = self.ctx.lang;
        lang.tn(
            "indicator.period",
            &[&lang.date(self.table.from), &lang.date(self.table.counted.through)],
        )
    }

    /// When the figures were counted, frozen or not, and whether the data
    /// under frozen ones changed since.
    fn counted(&self) -> String {
        let (lang, counted) = (self.ctx.lang, &self.table.counted);
        let key = if counted.frozen {
            "indicator.frozen"
        } else {
            "indicator.counted"
        };
        lang.t1(key, self.ctx.instant(counted.computed_at))
    }

    /// Whether the person may count the figures again (see [`recount`]).
    fn recounts(&self) -> bool {
        self.ctx
            .user
            .as_ref()
            .is_some_and(|u| u.actor.can(Action::RecountIndicators))
    }

    fn changed(&self) -> Option<String> {
        let at = self.table.counted.changed_at?;
        Some(self.ctx.lang.t1("indicator.changed", self.ctx.instant(at)))
    }

    fn period_name(&self, period: &Period) -> String {
        super::period_name(self.ctx.lang, *period)
    }

    fn count(&self, n: f64) -> String {
        self.ctx.lang.number(n as i64)
    }

    /// A count as a number for the catalogue to write (and pluralise).
    fn whole(&self, n: &f64) -> i64 {
        *n as i64
    }

    fn decimal(&self, value: Option<f64>, places: usize) -> String {
        value.map_or_else(|| "–".to_owned(), |v| self.ctx.lang.decimal(v, places))
    }

    fn number(&self, value: &Option<i64>) -> String {
        value.map_or_else(|| "–".to_owned(), |v| self.ctx.lang.number(v))
    }

    /// Volunteers authorised in Passerelle per 100 people in the country's
    /// prisons by the context figures.
    fn per_hundred(&self, figures: &ContextFigures, volunteers: &Option<f64>) -> Option<f64> {
        match (volunteers, figures.prison_population) {
            (Some(v), Some(p)) if p > 0 => Some(v * 100.0 / p as f64),
            _ => None,
        }
    }

    fn level_is(&self, level: &Level) -> bool {
        self.table.selection.places.level == *level
    }

    fn country_is(&self, code: &str) -> bool {
        match &self.table.selection.places.within {
            Within::Country(c) => c == code,
            _ => false,
        }
    }

    fn region_is(&self, id: &i64) -> bool {
        self.table.selection.places.within == Within::Region(*id)
    }

    /// The query string of this comparison, for its exports.
    fn query(&self) -> String {
        selection_query(&self.table.selection)
    }
}

/// The query string of a selection, for links that keep it.
fn selection_query(selection: &super::Selection) -> String {
    let mut query = format!(
        "period={}&level={}",
        selection.period.code(),
        selection.places.level.as_str()
    );
    match &selection.places.within {
        Within::Country(code) => query.push_str(&format!("&country={code}")),
        Within::Region(id) => query.push_str(&format!("&region={id}")),
        Within::All | Within::Organisations(_) => {}
    }
    if let Some(set) = &selection.set {
        query.push_str(&format!("&set={}", set.id));
    }
    query
}

/// Counts a comparison's figures again, frozen or not, and shows it.
pub async fn recount(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
) -> AppResult<Response> {
    let user = ctx.live()?;
    if !user.actor.can(Action::RecountIndicators) {
        return Err(AppError::Forbidden);
    }
    let selection = query.selection(&state, user).await?;
    let period = selection.period.bounds();
    super::snapshots::recount(&state, user, &ctx.request_id, &selection.places, period).await?;
    let to = format!("/indicators?{}", selection_query(&selection));
    Ok(crate::web::done(&state, &to, "indicator.recounted"))
}

pub async fn table(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
) -> AppResult<TablePage> {
    let selection = query.selection(&state, ctx.live()?).await?;
    let table = super::table(&state, ctx.lang, selection).await?;
    let today = state.clock.now().date_naive();
    let periods = (today.year() - 2..=today.year())
        .rev()
        .map(|y| {
            let parts = (1..=4)
                .map(|q| Period::Quarter(y, q))
                .chain((1..=12).map(|m| Period::Month(y, m)));
            std::iter::once(Period::Year(y))
                .chain(parts)
                .filter(|p| p.bounds().0 <= today)
                .collect()
        })
        .collect();
    let context = match table.selection.places.level {
        Level::Country => context_of(&state, &table).await?,
        _ => Vec::new(),
    };
    let imports_context = super::context::may_import(&ctx.live()?.actor);
    Ok(TablePage {
        context,
        imports_context,
        countries: store::names(&state.db, ctx.lang, &store::Places::countries()).await?,
        regions: store::regions(&state.db).await?,
        ctx,
        table,
        periods,
        threshold: THRESHOLD,
    })
}

/// `?indicator=visits_per_active_volunteer&interval=quarter`, beside the
/// comparison's own choices.
#[derive(Debug, serde::Deserialize)]
pub struct TrendQuery {
    indicator: String,
    /// month, quarter (the default) or year.
    interval: Option<String>,
}

/// Lines of a chart: up to this many places, then only all of them together.
const CHARTED: usize = 8;
/// Colours of the places' lines, each distinct on white for most eyes.
const COLOURS: [&str; CHARTED] = [
    "#1d4f91", "#b35c00", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#5c6bc0",
];

/// A line of the chart: its name, colour, and the points it joins (gaps
/// where a figure is hidden or missing).
pub struct Series {
    name: String,
    colour: &'static str,
    width: u8,
    segments: Vec<String>,
    dots: Vec<(f64, f64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/templates/trend.html")]
pub struct TrendPage {
    ctx: Ctx,
    trend: Trend,
    query: String,
}

/// The chart's size and margins, in SVG units.
const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 70.0;
const BOTTOM: f64 = 40.0;

impl TrendPage {
    fn period_name(&self, period: &Period) -> String {
        super::period_name(self.ctx.lang, *period)
    }

    fn shown(&self, cell: &Cell) -> String {
        super::shown(self.ctx.lang, &self.trend.indicator, cell)
    }

    /// The highest value shown, rounded up to a step of 1, 2 or 5 times a
    /// power of ten, and that step: the axis's scale.
    fn scale(&self) -> (f64, f64) {
        let top = self
            .trend
            .rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().filter_map(|c| c.value))
            .fold(0.0_f64, f64::max);
        let rough = if top > 0.0 { top / 4.0 } else { 1.0 };
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= rough)
            .unwrap_or(rough);
        ((top / step).ceil().max(1.0) * step, step)
    }

    fn x(&self, index: usize) -> f64 {
        let n = self.trend.rows.len().max(2) - 1;
        LEFT + (WIDTH - LEFT - 20.0) * index as f64 / n as f64
    }

    fn y(&self, value: f64) -> f64 {
        let (top, _) = self.scale();
        (HEIGHT - BOTTOM) - (HEIGHT - BOTTOM - 10.0) * value / top
    }

    /// The value axis: each tick's height and label.
    fn ticks(&self) -> Vec<(f64, String)> {
        let (top, step) = self.scale();
        let count = (top / step).round() as usize;
        (0..=count)
            .map(|i| {
                let value = step * i as f64;
                let places = if step < 1.0 { 2 } else { 0 };
                (self.y(value), self.ctx.lang.decimal(value, places))
            })
            .collect()
    }

    /// The period axis: each period's place and code (2026-03, 2026-Q1),
    /// short enough for twelve side by side; the table names them in full.
    fn labels(&self) -> Vec<(f64, String)> {
        self.trend
            .rows
            .iter()
            .enumerate()
            .map(|(i, (period, _))| (self.x(i), period.code()))
            .collect()
    }

    /// The lines: each place while there are few, then all together.
    fn series(&self) -> Vec<Series> {
        let places = self.trend.places.len();
        let mut lines: Vec<(usize, String, &'static str, u8)> = Vec::new();
        if places <= CHARTED {
            for (i, (_, name)) in self.trend.places.iter().enumerate() {
                lines.push((i, name.clone(), COLOURS[i], 2));
            }
        }
        lines.push((places, self.ctx.t("indicator.all").to_owned(), "#1c2430", 4));
        lines
            .into_iter()
            .map(|(column, name, colour, width)| {
                let mut segments = vec![String::new()];
                let mut dots = Vec::new();
                for (i, (_, cells)) in self.trend.rows.iter().enumerate() {
                    match cells.get(column).and_then(|c| c.value) {
                        Some(v) => {
                            let point = (self.x(i), self.y(v));
                            dots.push(point);
                            if let Some(last) = segments.last_mut() {
                                last.push_str(&format!("{:.1},{:.1} ", point.0, point.1));
                            }
                        }
                        None => segments.push(String::new()),
                    }
                }
                segments.retain(|s| s.split(' ').filter(|p| !p.is_empty()).count() > 1);
                Series {
                    name,
                    colour,
                    width,
                    segments,
                    dots,
                }
            })
            .collect()
    }
}

/// One indicator over a year of months, two years of quarters or five
/// years, for the places of the comparison: a chart and its data table.
pub async fn trend(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
    Query(asked): Query<TrendQuery>,
) -> AppResult<TrendPage> {
    let selection = query.selection(&state, ctx.live()?).await?;
    let interval = asked
        .interval
        .as_deref()
        .and_then(Interval::parse)
        .unwrap_or(Interval::Quarter);
    let trend = super::trend(&state, ctx.lang, selection, &asked.indicator, interval).await?;
    let query = format!(
        "{}&indicator={}",
        selection_query(&trend.selection),
        trend.indicator.code
    );
    Ok(TrendPage { ctx, trend, query })
}

/// Each country's latest context figures up to the period's year, with
/// its authorised volunteers from the comparison (none where hidden).
async fn context_of(state: &AppState, table: &Table) -> AppResult<Vec<(String, ContextFigures, Option<f64>)>> {
    let mut latest = super::context::latest(&state.db, i64::from(table.selection.period.year())).await?;
    let authorised = table
        .lines
        .iter()
        .find(|l| l.indicator.numerator == Measure::AuthorisedVolunteers.as_str());
    Ok(table
        .places
        .iter()
        .enumerate()
        .filter_map(|(i, (code, name))| {
            let figures = latest.remove(code)?;
            let volunteers = authorised.and_then(|l| l.cells.get(i)).and_then(|c| c.numerator);
            Some((name.clone(), figures, volunteers))
        })
        .collect())
}

const COLUMNS: &[(&str, &str)] = &[
    ("indicator", "indicator.indicator"),
    ("version", "indicator.column.version"),
    ("place", "indicator.column.place"),
    ("period", "indicator.column.period"),
    ("numerator", "indicator.column.numerator"),
    ("denominator", "indicator.column.denominator"),
    ("value", "indicator.column.value"),
    ("suppressed", "indicator.column.suppressed"),
];

/// The comparison as one line per indicator and place (a country's code, a
/// region's, establishment's or organisation's name, `ALL` for all of
/// them), with the counts behind each figure, suppressed as on the page.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
) -> AppResult<Response> {
    let selection = query.selection(&state, ctx.live()?).await?;
    let table = super::table(&state, ctx.lang, selection).await?;
    let by_code = table.selection.places.level == Level::Country;
    let places: Vec<&str> = table
        .places
        .iter()
        .map(|(code, name)| if by_code { code.as_str() } else { name.as_str() })
        .chain(["ALL"])
        .collect();
    let period = table.selection.period.code();
    let number = |n: Option<f64>| n.map_or(Out::Empty, Out::Number);
    let rows = table
        .lines
        .iter()
        .flat_map(|line| {
            places.iter().zip(&line.cells).map(|(place, cell)| {
                vec![
                    Out::from(line.indicator.code.clone()),
                    Out::from(line.indicator.version),
                    Out::from(*place),
                    Out::from(period.as_str()),
                    number(cell.numerator),
                    number(cell.denominator),
                    number(cell.value),
                    Out::from(if cell.suppressed { "hidden" } else { "" }),
                ]
            })
        })
        .collect();
    Sheet {
        name: "indicators",
        columns: COLUMNS,
        rows,
    }
    .download(XLSX, ctx.lang)
}
