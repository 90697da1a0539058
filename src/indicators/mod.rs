//! Indicators compared across countries: a catalogue agreed as data, each
//! figure computed from the live data as a ratio of sums with its numerator
//! and denominator, and small counts suppressed wherever figures are shown
//! outside an organisation, so that no one can be singled out.

pub mod api;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::get;
use chrono::{Datelike, NaiveDate};

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
}

/// An indicator's figures for each country, then for all of them.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorLine)]
pub struct Line {
    pub indicator: store::Indicator,
    pub cells: Vec<rules::Cell>,
}

/// The comparison of countries for a year.
pub struct Table {
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Code and name.
    pub countries: Vec<(String, String)>,
    pub lines: Vec<Line>,
}

/// The comparison for `year` (today's year if none, up to today), named in `lang`.
pub async fn table(state: &AppState, lang: Lang, year: Option<i32>) -> AppResult<Table> {
    let today = state.clock.now().date_naive();
    let year = year
        .filter(|y| (2000..=today.year()).contains(y))
        .unwrap_or(today.year());
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today).min(today);
    let countries = store::countries(&state.db, lang).await?;
    let codes: Vec<String> = countries.iter().map(|(code, _)| code.clone()).collect();
    let measured = store::measure(&state.db, from, to).await?;
    let lines = store::catalogue(&state.db, lang)
        .await?
        .into_iter()
        .filter_map(|indicator| {
            let definition = rules::Definition {
                numerator: rules::Measure::parse(&indicator.numerator)?,
                denominator: match &indicator.denominator {
                    Some(d) => Some(rules::Measure::parse(d)?),
                    None => None,
                },
                scale: indicator.scale,
            };
            let cells = rules::row(definition, &measured, &codes, THRESHOLD);
            Some(Line { indicator, cells })
        })
        .collect();
    Ok(Table {
        year,
        from,
        to,
        countries,
        lines,
    })
}
