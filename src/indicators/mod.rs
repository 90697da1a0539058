//! Indicators compared across countries: a catalogue agreed as data, each
//! figure computed from the live data as a ratio of sums with its numerator
//! and denominator, and small counts suppressed wherever figures are shown
//! outside an organisation, so that no one can be singled out.

pub mod api;
pub mod context;
mod dashboard;
mod pages;
pub mod publications;
pub mod rules;
pub mod sets;
pub mod snapshots;
pub mod store;

use axum::Router;
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};

use self::rules::{Level, Period};
use self::store::{Places, Within};

use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::tabular::{CSV, XLSX};

/// Counts under this are shown as "< 5" outside their organisation.
pub const THRESHOLD: i64 = 5;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators", get(pages::table))
        .route("/indicators/export.csv", get(pages::export::<CSV>))
        .route("/indicators/export.xlsx", get(pages::export::<XLSX>))
        .route("/indicators/trend", get(pages::trend))
        .route("/indicators/recount", post(pages::recount))
        .route("/indicators/dashboard", get(dashboard::dashboard))
        .merge(sets::router())
        .merge(publications::router())
}

/// A period as people of `lang` name it: 2026, T3 2026, septembre 2026.
pub fn period_name(lang: Lang, period: Period) -> String {
    match period {
        Period::Year(y) => y.to_string(),
        Period::Quarter(y, q) => lang.tn("indicator.quarter", &[&q, &y]),
        Period::Month(y, m) => format!("{} {y}", lang.t(&format!("indicator.month.{m}"))),
    }
}

/// An indicator's figures for each place, then for all of them.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorLine)]
pub struct Line {
    pub indicator: store::Indicator,
    pub cells: Vec<rules::Cell>,
}

/// What a comparison shows: which places, over which period, and which
/// indicators (the catalogue's, or an agreed set's).
#[derive(Clone, Debug)]
pub struct Selection {
    pub places: Places,
    pub period: Period,
    pub set: Option<sets::store::IndicatorSet>,
}

/// `?period=2026-Q3&level=region&country=FR`: what to compare.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct SelectionQuery {
    /// `2026`, `2026-Q3` or `2026-09`; this year if none.
    pub period: Option<String>,
    /// country (the default), region, establishment or organisation.
    pub level: Option<String>,
    /// Regions or organisations of this country.
    pub country: Option<String>,
    /// Establishments of this region (its id; empty for none, as a form sends it).
    pub region: Option<String>,
    /// Only the indicators of this agreed set, at its versions.
    pub set: Option<i64>,
}

impl SelectionQuery {
    /// The comparison asked for, or the nearest one that makes sense: a
    /// region level without a country compares countries.
    pub async fn selection(&self, state: &AppState, user: &SignedIn) -> AppResult<Selection> {
        let today = state.clock.now().date_naive();
        let period = self
            .period
            .as_deref()
            .and_then(Period::parse)
            .filter(|p| p.bounds().0 <= today)
            .unwrap_or(Period::Year(today.year()));
        let country = match self.country.as_deref().filter(|c| !c.is_empty()) {
            Some(code) => store::country(&state.db, code).await?,
            None => None,
        };
        let region = match self.region.as_deref().map(str::parse) {
            Some(Ok(id)) => store::region(&state.db, id).await?,
            _ => None,
        };
        let level = self.level.as_deref().and_then(Level::parse).unwrap_or(Level::Country);
        let within = match (level, country, region) {
            (Level::Establishment, _, Some((id, _))) => Within::Region(id),
            (Level::Region, _, Some((_, code))) => Within::Country(code),
            (Level::Region | Level::Organisation, Some(code), _) => Within::Country(code),
            _ => Within::All,
        };
        let level = match (&within, level) {
            (Within::All, _) => Level::Country,
            (Within::Country(_), Level::Establishment) => Level::Region,
            (_, level) => level,
        };
        let set = match self.set {
            Some(id) => Some(sets::seen(state, user, id).await?),
            None => None,
        };
        Ok(Selection {
            places: Places { level, within },
            period,
            set,
        })
    }
}

/// A comparison of places over a period.
pub struct Table {
    pub selection: Selection,
    pub from: NaiveDate,
    /// When the figures were counted, up to which day.
    pub counted: snapshots::Counted,
    /// Each place's key and name, in the order of each line's cells; a
    /// last cell is all of them together.
    pub places: Vec<(String, String)>,
    pub lines: Vec<Line>,
}

/// The comparison `selection` asks for (up to today), named in `lang`.
pub async fn table(state: &AppState, lang: Lang, selection: Selection) -> AppResult<Table> {
    let (from, to) = selection.period.bounds();
    let places = store::names(&state.db, lang, &selection.places).await?;
    let indicators = match &selection.set {
        Some(set) => sets::store::items(&state.db, set.id, lang).await?,
        None => store::catalogue(&state.db, lang).await?,
    };
    let shown = (&selection.places, places.as_slice());
    let (lines, counted) = figures(state, shown, indicators, (from, to), THRESHOLD).await?;
    Ok(Table {
        selection,
        from,
        counted,
        places,
        lines,
    })
}

/// Each indicator's figures for each of `names` and all of them together,
/// from the first day of `period` to its last (or today), as last counted;
/// counts of people under `threshold` hidden.
async fn figures(
    state: &AppState,
    (places, names): (&Places, &[(String, String)]),
    indicators: Vec<store::Indicator>,
    period: (NaiveDate, NaiveDate),
    threshold: i64,
) -> AppResult<(Vec<Line>, snapshots::Counted)> {
    let defined: Vec<(store::Indicator, rules::Definition)> = indicators
        .into_iter()
        .filter_map(|indicator| {
            let definition = definition(&indicator)?;
            Some((indicator, definition))
        })
        .collect();
    let wanted: Vec<rules::Measure> = defined
        .iter()
        .flat_map(|(_, d)| std::iter::once(d.numerator).chain(d.denominator))
        .collect();
    let keys: Vec<String> = names.iter().map(|(key, _)| key.clone()).collect();
    let (measured, counted) = snapshots::measured(state, places, period, &wanted).await?;
    let lines = defined
        .into_iter()
        .map(|(indicator, definition)| {
            let cells = rules::row(definition, &measured, &keys, threshold);
            Line { indicator, cells }
        })
        .collect();
    Ok((lines, counted))
}

/// How an indicator of the catalogue is computed; none for a measure this
/// version does not know.
fn definition(indicator: &store::Indicator) -> Option<rules::Definition> {
    Some(rules::Definition {
        numerator: rules::Measure::parse(&indicator.numerator)?,
        denominator: match &indicator.denominator {
            Some(d) => Some(rules::Measure::parse(d)?),
            None => None,
        },
        scale: indicator.scale,
    })
}

/// One indicator followed over periods, for each place and all together.
pub struct Trend {
    pub selection: Selection,
    pub indicator: store::Indicator,
    pub interval: rules::Interval,
    /// Each place's key and name, in the order of each period's cells; a
    /// last cell is all of them together.
    pub places: Vec<(String, String)>,
    pub rows: Vec<(Period, Vec<rules::Cell>)>,
}

/// Indicator `code` (of the selection's set, or the catalogue) over the
/// periods `interval` shows, up to today.
pub async fn trend(
    state: &AppState,
    lang: Lang,
    selection: Selection,
    code: &str,
    interval: rules::Interval,
) -> AppResult<Trend> {
    let today = state.clock.now().date_naive();
    let indicators = match &selection.set {
        Some(set) => sets::store::items(&state.db, set.id, lang).await?,
        None => store::catalogue(&state.db, lang).await?,
    };
    let indicator = indicators
        .into_iter()
        .find(|i| i.code == code)
        .ok_or(crate::error::AppError::NotFound)?;
    let places = store::names(&state.db, lang, &selection.places).await?;
    let mut rows = Vec::new();
    for period in interval.periods(today) {
        let one = vec![indicator.clone()];
        let shown = (&selection.places, places.as_slice());
        let (lines, _) = figures(state, shown, one, period.bounds(), THRESHOLD).await?;
        if let Some(line) = lines.into_iter().next() {
            rows.push((period, line.cells));
        }
    }
    Ok(Trend {
        selection,
        indicator,
        interval,
        places,
        rows,
    })
}

/// A figure in `lang`: whole numbers without a decimal, a rate under 1
/// with two, others with one.
pub fn figure_of(lang: Lang, indicator: &store::Indicator, cell: &rules::Cell) -> String {
    cell.value.map_or_else(String::new, |v| {
        let unit = indicator.unit.as_str();
        let places = match () {
            _ if unit == "count" || v.fract() == 0.0 => 0,
            _ if v.abs() < 1.0 => 2,
            _ => 1,
        };
        let shown = lang.decimal(v, places);
        if unit == "percent" { format!("{shown} %") } else { shown }
    })
}

/// A figure with the counts it is made of, "1,2 (20 / 16)", or why there
/// is none: hidden, or missing.
pub fn shown(lang: Lang, indicator: &store::Indicator, cell: &rules::Cell) -> String {
    match (cell.suppressed, cell.value, cell.numerator, cell.denominator) {
        (true, ..) => lang.t("indicator.hidden").to_owned(),
        (_, None, ..) => "–".to_owned(),
        (_, Some(_), Some(n), Some(d)) => format!(
            "{} ({} / {})",
            figure_of(lang, indicator, cell),
            lang.number(n as i64),
            lang.number(d as i64)
        ),
        _ => figure_of(lang, indicator, cell),
    }
}

/// Each indicator for a PDF: its figure, the one before it, and which way
/// it went; `periods` names the two columns.
pub fn compared_blocks(
    lang: Lang,
    lines: &[(store::Indicator, rules::Cell, rules::Cell)],
    (now, before): (&str, &str),
) -> Vec<crate::pdf::Block> {
    use crate::pdf::Block;
    lines
        .iter()
        .flat_map(|(indicator, this, previous)| {
            [
                Block::Bullet(format!("{} (v{})", indicator.name, indicator.version)),
                Block::Paragraph(format!(
                    "{now} : {} — {before} : {} — {}",
                    shown(lang, indicator, this),
                    shown(lang, indicator, previous),
                    lang.t(Agreed::trend(indicator, this, previous))
                )),
            ]
        })
        .collect()
}

/// One organisation's figures over `period` by the indicators of `set`:
/// an administration's are its country's, another organisation's its own;
/// counts of people under `threshold` hidden as anywhere outside it; when
/// they were counted. `renew` counts them again from the data first (to
/// publish them).
pub async fn own(
    state: &AppState,
    lang: Lang,
    (administration, country): (bool, String),
    (organisation, set): (i64, i64),
    (period, threshold): (Period, i64),
    renew: bool,
) -> AppResult<(Vec<(store::Indicator, rules::Cell)>, snapshots::Counted)> {
    let (places, names) = if administration {
        let places = Places {
            level: Level::Country,
            within: Within::Country(country.clone()),
        };
        (places, vec![(country, String::new())])
    } else {
        let places = Places {
            level: Level::Organisation,
            within: Within::Organisations(vec![organisation]),
        };
        (places, vec![(organisation.to_string(), String::new())])
    };
    if renew {
        snapshots::renew(state, &places, period.bounds()).await?;
    }
    let indicators = sets::store::items(&state.db, set, lang).await?;
    let (lines, counted) = figures(state, (&places, &names), indicators, period.bounds(), threshold).await?;
    let cells = lines
        .into_iter()
        .filter_map(|line| Some((line.indicator, line.cells.last()?.clone())))
        .collect();
    Ok((cells, counted))
}

/// A forum's agreed indicators for its organisations together over a
/// year, beside the year before.
pub struct Agreed {
    pub set: sets::store::IndicatorSet,
    /// The first and last day of the year, then of the year before.
    pub periods: [(NaiveDate, NaiveDate); 2],
    /// Each indicator, this year's figure and the year before's.
    pub lines: Vec<(store::Indicator, rules::Cell, rules::Cell)>,
}

impl Agreed {
    /// Whether an indicator went the way it should.
    pub fn trend(indicator: &store::Indicator, now: &rules::Cell, before: &rules::Cell) -> &'static str {
        let better = rules::Better::parse(&indicator.better).unwrap_or(rules::Better::Higher);
        match (now.value, before.value) {
            (Some(now), Some(before)) if now == before => "indicator.trend.same",
            (Some(now), Some(before)) if (now > before) == (better == rules::Better::Higher) => {
                "indicator.trend.better"
            }
            (Some(_), Some(_)) => "indicator.trend.worse",
            _ => "indicator.trend.none",
        }
    }
}

/// The latest set agreed in `forum`, with the figures of `organisations`
/// together for the year ending on `last_day` (up to today), and the year
/// before; none until a set is agreed.
pub async fn agreed(
    state: &AppState,
    lang: Lang,
    forum: sets::rules::Forum,
    organisations: Vec<i64>,
    last_day: NaiveDate,
) -> AppResult<Option<Agreed>> {
    let Some(set) = sets::store::agreed(&state.db, forum).await? else {
        return Ok(None);
    };
    let today = state.clock.now().date_naive();
    let year = |end: NaiveDate| {
        let start = end
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(end)
            .succ_opt()
            .unwrap_or(end);
        (start, end)
    };
    let this = year(last_day);
    let before = year(this.0.pred_opt().unwrap_or(this.0));
    // Each organisation is a part, so that a small count of one is hidden
    // as anywhere else: its partners are outside it.
    let names: Vec<(String, String)> = organisations.iter().map(|id| (id.to_string(), String::new())).collect();
    let places = Places {
        level: Level::Organisation,
        within: Within::Organisations(organisations),
    };
    let indicators = sets::store::items(&state.db, set.id, lang).await?;
    let (now, _) = figures(state, (&places, &names), indicators.clone(), this, THRESHOLD).await?;
    let (then, _) = figures(state, (&places, &names), indicators, before, THRESHOLD).await?;
    let lines = now
        .into_iter()
        .zip(then)
        .filter_map(|(now, then)| Some((now.indicator, now.cells.last()?.clone(), then.cells.last()?.clone())))
        .collect();
    Ok(Some(Agreed {
        set,
        periods: [this, before].map(|(from, to)| (from, to.min(today))),
        lines,
    }))
}
