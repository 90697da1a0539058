//! The register of prison establishments: kind, region, capacity, and the
//! detained population with the date it was counted (history kept).

pub mod api;
pub mod import;
pub mod pages;
pub mod store;

use std::collections::{HashMap, HashSet};

use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;

use crate::state::AppState;
use crate::tabular::{CSV, XLSX};
use crate::tabular::{Record, RowError, parse_count, parse_date};

/// Codes that exist, loaded once so that a 100,000-row import checks each
/// row without a query.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub countries: HashSet<String>,
    /// (country, kind code) → kind id
    pub kinds: HashMap<(String, String), i64>,
    /// (country, region code) → region id
    pub regions: HashMap<(String, String), i64>,
}

/// An establishment that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidEstablishment {
    pub code: String,
    pub name: String,
    pub country: String,
    pub kind_id: i64,
    pub region_id: i64,
    pub city: String,
    pub address: String,
    pub capacity: i64,
    pub population: Option<(NaiveDate, i64)>,
    pub open: bool,
}

/// The columns of an establishments file, in export order.
pub const COLUMNS: &[(&str, &str)] = &[
    ("code", "establishment.code"),
    ("name", "establishment.name"),
    ("country", "establishment.country"),
    ("kind", "establishment.kind"),
    ("region", "establishment.region"),
    ("city", "establishment.city"),
    ("address", "establishment.address"),
    ("capacity", "establishment.capacity"),
    ("population", "establishment.population"),
    ("population_on", "establishment.population_on"),
    ("open", "establishment.open"),
];
/// The longest name, city and address an establishment may have.
pub const TEXT_LIMITS: [(&str, usize); 3] = [("name", 200), ("city", 100), ("address", 300)];

pub const REQUIRED: &[&str] = &["code", "name", "country", "kind", "region", "city", "capacity"];
/// Every column an establishments file may have.
pub const IMPORT_COLUMNS: &[&str] = &[
    "code",
    "name",
    "country",
    "kind",
    "region",
    "city",
    "capacity",
    "address",
    "open",
    "population",
    "population_on",
];

/// Checks one row of an establishments file against the reference data;
/// every problem of the row is reported.
pub fn validate(record: &Record, reference: &Reference) -> Result<ValidEstablishment, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut error = |column: &str, message| {
        errors.push(RowError::new(record, column, message));
    };
    for column in REQUIRED {
        if record.get(column).is_empty() {
            error(column, "import.required");
        }
    }
    let country = record.get("country").to_uppercase();
    if !country.is_empty() && !reference.countries.contains(&country) {
        error("country", "establishment.unknown_country");
    }
    let kind = reference
        .kinds
        .get(&(country.clone(), record.get("kind").to_uppercase()))
        .copied();
    if kind.is_none() && !record.get("kind").is_empty() {
        error("kind", "establishment.unknown_kind");
    }
    let region = reference
        .regions
        .get(&(country.clone(), record.get("region").to_uppercase()))
        .copied();
    if region.is_none() && !record.get("region").is_empty() {
        error("region", "establishment.unknown_region");
    }
    let capacity = parse_count(record.get("capacity"));
    if capacity.is_none() && !record.get("capacity").is_empty() {
        error("capacity", "import.not_a_number");
    }
    let population = match (record.get("population"), record.get("population_on")) {
        ("", "") => None,
        (count, day) => match (parse_count(count), parse_date(day)) {
            (Some(n), Some(d)) => Some((d, n)),
            (None, _) => {
                error("population", "import.not_a_number");
                None
            }
            (_, None) => {
                error("population_on", "import.not_a_date");
                None
            }
        },
    };
    let open = match record.get("open").to_lowercase().as_str() {
        "" | "1" | "yes" | "oui" | "true" => true,
        "0" | "no" | "non" | "false" => false,
        _ => {
            error("open", "establishment.bad_open");
            true
        }
    };
    if record.get("code").chars().count() > 40 {
        error("code", "establishment.code_too_long");
    }
    for (column, max) in TEXT_LIMITS {
        if record.get(column).chars().count() > max {
            error(column, "error.too_long");
        }
    }
    match (kind, region, capacity) {
        (Some(kind_id), Some(region_id), Some(capacity)) if errors.is_empty() => Ok(ValidEstablishment {
            code: record.get("code").to_uppercase(),
            name: record.get("name").to_owned(),
            country,
            kind_id,
            region_id,
            city: record.get("city").to_owned(),
            address: record.get("address").to_owned(),
            capacity,
            population,
            open,
        }),
        _ => Err(errors),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/establishments", get(pages::list))
        .route("/establishments/export.csv", get(pages::export::<CSV>))
        .route("/establishments/export.xlsx", get(pages::export::<XLSX>))
        .route("/establishments/{id}", get(pages::detail))
        .route("/establishments/{id}/population", post(pages::record_population))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tabular::read_csv;

    fn reference() -> Reference {
        Reference {
            countries: ["FR".to_owned()].into(),
            kinds: [(("FR".to_owned(), "MA".to_owned()), 1)].into(),
            regions: [(("FR".to_owned(), "LYON".to_owned()), 7)].into(),
        }
    }

    fn first(file: &str) -> Result<ValidEstablishment, Vec<RowError>> {
        validate(&read_csv(file.as_bytes(), REQUIRED).unwrap()[0], &reference())
    }

    const HEADER: &str = "code;name;country;kind;region;city;capacity;population;population_on;open\n";

    #[test]
    fn a_good_row_is_read_with_its_count() {
        let valid = first(&format!(
            "{HEADER}ma-lyon;Maison d'arrêt de Lyon;fr;ma;lyon;Lyon;690;1 012;01/07/2026;oui\n"
        ))
        .unwrap();
        assert_eq!(valid.code, "MA-LYON");
        assert_eq!((valid.kind_id, valid.region_id, valid.capacity), (1, 7, 690));
        assert_eq!(
            valid.population,
            Some((NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), 1012))
        );
        assert!(valid.open);
    }

    #[test]
    fn a_name_city_or_address_past_its_limit_is_refused() {
        let long = "x".repeat(201);
        let errors = first(&format!("{HEADER}MA-LYON;{long};FR;MA;LYON;Lyon;690;;;\n")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].column.as_str(), errors[0].message),
            ("name", "error.too_long")
        );
        assert!(first(&format!("{HEADER}MA-LYON;{};FR;MA;LYON;Lyon;690;;;\n", &long[1..])).is_ok());
    }

    #[test]
    fn every_problem_of_a_row_is_reported_with_its_column() {
        let errors = first(&format!("{HEADER}X;;FR;ZZ;NOWHERE;Lyon;many;12;;maybe\n")).unwrap_err();
        let columns: Vec<_> = errors.iter().map(|e| (e.line, e.column.as_str(), e.message)).collect();
        assert_eq!(
            columns,
            [
                (2, "name", "import.required"),
                (2, "kind", "establishment.unknown_kind"),
                (2, "region", "establishment.unknown_region"),
                (2, "capacity", "import.not_a_number"),
                (2, "population_on", "import.not_a_date"),
                (2, "open", "establishment.bad_open"),
            ]
        );
    }
}
