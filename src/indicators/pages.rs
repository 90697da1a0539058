//! The comparison table of countries.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;

use super::rules::Cell;
use super::{Line, THRESHOLD, Table};
use crate::error::AppResult;
use crate::state::AppState;
use crate::tabular::{Cell as Out, Sheet};
use crate::web::Ctx;
use crate::web::extract::Query;

/// `?year=2026`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct YearQuery {
    /// The year compared; this year if none.
    pub year: Option<i32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/templates/table.html")]
pub struct TablePage {
    ctx: Ctx,
    table: Table,
    years: Vec<i32>,
    threshold: i64,
}

impl TablePage {
    /// A figure as people of the page's language write it.
    fn figure(&self, line: &Line, cell: &Cell) -> String {
        cell.value.map_or_else(String::new, |v| {
            // Whole days and counts read better without a decimal, a rate
            // under 1 with two.
            let whole = line.indicator.unit == "count" || (line.indicator.unit == "days" && v.fract() == 0.0);
            let places = match () {
                _ if whole => 0,
                _ if v.abs() < 1.0 => 2,
                _ => 1,
            };
            let shown = self.ctx.lang.decimal(v, places);
            if line.indicator.unit == "percent" {
                format!("{shown} %")
            } else {
                shown
            }
        })
    }

    fn period(&self) -> String {
        let lang = self.ctx.lang;
        lang.tn(
            "indicator.period",
            &[&lang.date(self.table.from), &lang.date(self.table.to)],
        )
    }

    fn count(&self, n: f64) -> String {
        self.ctx.lang.number(n as i64)
    }
}

pub async fn table(State(state): State<AppState>, ctx: Ctx, Query(query): Query<YearQuery>) -> AppResult<TablePage> {
    ctx.user()?;
    let table = super::table(&state, ctx.lang, query.year).await?;
    let this_year = state.clock.now().date_naive().year();
    Ok(TablePage {
        ctx,
        table,
        years: (this_year - 4..=this_year).rev().collect(),
        threshold: THRESHOLD,
    })
}

const COLUMNS: &[(&str, &str)] = &[
    ("indicator", "indicator.indicator"),
    ("version", "indicator.column.version"),
    ("country", "indicator.column.country"),
    ("year", "indicator.year"),
    ("numerator", "indicator.column.numerator"),
    ("denominator", "indicator.column.denominator"),
    ("value", "indicator.column.value"),
    ("suppressed", "indicator.column.suppressed"),
];

/// The comparison as one line per indicator and country (`ALL` for all of
/// them), with the counts behind each figure, suppressed as on the page.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    ctx.user()?;
    let table = super::table(&state, ctx.lang, query.year).await?;
    let places: Vec<&str> = table
        .countries
        .iter()
        .map(|(code, _)| code.as_str())
        .chain(["ALL"])
        .collect();
    let number = |n: Option<f64>| n.map_or(Out::Empty, |n| Out::Text(n.to_string()));
    let rows = table
        .lines
        .iter()
        .flat_map(|line| {
            places.iter().zip(&line.cells).map(|(place, cell)| {
                vec![
                    Out::from(line.indicator.code.clone()),
                    Out::from(line.indicator.version),
                    Out::from(*place),
                    Out::from(i64::from(table.year)),
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
