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

use self::rules::{Level, Period};
use self::store::{Places, Within};

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

/// An indicator's figures for each place, then for all of them.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorLine)]
pub struct Line {
    pub indicator: store::Indicator,
    pub cells: Vec<rules::Cell>,
}

/// What a comparison shows: which places, over which period.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub places: Places,
    pub period: Period,
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
    /// Establishments of this region.
    pub region: Option<i64>,
}

impl SelectionQuery {
    /// The comparison asked for, or the nearest one that makes sense: a
    /// region level without a country compares countries.
    pub async fn selection(&self, state: &AppState) -> AppResult<Selection> {
        let today = state.clock.now().date_naive();
        let period = self
            .period
            .as_deref()
            .and_then(Period::parse)
            .filter(|p| p.bounds().0 <= today)
            .unwrap_or(Period::Year(today.year()));
        let country = match &self.country {
            Some(code) => store::country(&state.db, code).await?,
            None => None,
        };
        let region = match self.region {
            Some(id) => store::region(&state.db, id).await?,
            None => None,
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
        Ok(Selection {
            places: Places { level, within },
            period,
        })
    }
}

/// A comparison of places over a period.
pub struct Table {
    pub selection: Selection,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Each place's key and name, in the order of each line's cells; a
    /// last cell is all of them together.
    pub places: Vec<(String, String)>,
    pub lines: Vec<Line>,
}

/// The comparison `selection` asks for (up to today), named in `lang`.
pub async fn table(state: &AppState, lang: Lang, selection: Selection) -> AppResult<Table> {
    let today = state.clock.now().date_naive();
    let (from, to) = selection.period.bounds();
    let to = to.min(today);
    let places = store::names(&state.db, lang, &selection.places).await?;
    let keys: Vec<String> = places.iter().map(|(key, _)| key.clone()).collect();
    let measured = store::measure(&state.db, &selection.places, from, to).await?;
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
            let cells = rules::row(definition, &measured, &keys, THRESHOLD);
            Some(Line { indicator, cells })
        })
        .collect();
    Ok(Table {
        selection,
        from,
        to,
        places,
        lines,
    })
}
