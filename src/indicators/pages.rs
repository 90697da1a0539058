//! The comparison table of countries.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;

use super::rules::{Cell, Level, Period};
use super::store::{self, Within};
use super::{Line, SelectionQuery, THRESHOLD, Table};
use crate::error::AppResult;
use crate::i18n::Lang;
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
}

/// A period as people of `lang` name it: 2026, T3 2026, septembre 2026.
pub fn period_name(lang: Lang, period: Period) -> String {
    match period {
        Period::Year(y) => y.to_string(),
        Period::Quarter(y, q) => lang.tn("indicator.quarter", &[&q, &y]),
        Period::Month(y, m) => format!("{} {y}", lang.t(&format!("indicator.month.{m}"))),
    }
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
            &[&lang.date(self.table.from), &lang.date(self.table.to)],
        )
    }

    fn period_name(&self, period: &Period) -> String {
        period_name(self.ctx.lang, *period)
    }

    fn count(&self, n: f64) -> String {
        self.ctx.lang.number(n as i64)
    }

    /// A count as a number for the catalogue to write (and pluralise).
    fn whole(&self, n: &f64) -> i64 {
        *n as i64
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
        let selection = &self.table.selection;
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
}

pub async fn table(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SelectionQuery>,
) -> AppResult<TablePage> {
    let selection = query.selection(&state, ctx.user()?).await?;
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
    Ok(TablePage {
        countries: store::names(&state.db, ctx.lang, &store::Places::countries()).await?,
        regions: store::regions(&state.db).await?,
        ctx,
        table,
        periods,
        threshold: THRESHOLD,
    })
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
    let selection = query.selection(&state, ctx.user()?).await?;
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
