//! Importing CSV files: upload, preview, confirm — or the command line. The
//! whole file is checked first, every bad line is reported with its column
//! and reason, and nothing is written unless every line is good; importing
//! the same file again changes nothing (natural keys: establishment code,
//! email).

mod pages;

use axum::Router;
use axum::routing::{get, post};

use crate::audit::{Change, Write};
use crate::authorisations::import::ValidApplication;
use crate::error::AppResult;
use crate::establishments::ValidEstablishment;
use crate::indicators::context::ContextFigures;
use crate::people::import::PeopleFile;
use crate::permissions::Actor;
use crate::state::AppState;
use crate::tabular::{CsvFile, Outcome, RowError, Shape};

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Establishments,
    People,
    Authorisations,
    /// Context figures per country and year (SPACE I...).
    Context,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Establishments => "establishments",
            Self::People => "people",
            Self::Authorisations => "authorisations",
            Self::Context => "context",
        }
    }

    /// Every column this kind of file may have.
    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Establishments => crate::establishments::IMPORT_COLUMNS,
            Self::People => crate::people::import::IMPORT_COLUMNS,
            Self::Authorisations => crate::authorisations::import::IMPORT_COLUMNS,
            Self::Context => crate::indicators::context::IMPORT_COLUMNS,
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Self::Establishments => crate::establishments::REQUIRED,
            Self::People => crate::people::import::REQUIRED,
            Self::Authorisations => crate::authorisations::import::REQUIRED,
            Self::Context => crate::indicators::context::REQUIRED,
        }
    }

    pub fn may_import(self, actor: &Actor) -> bool {
        match self {
            Self::Establishments => crate::establishments::import::may_import(actor),
            Self::People => crate::people::import::may_import(actor),
            Self::Authorisations => crate::authorisations::import::may_import(actor),
            Self::Context => crate::indicators::context::may_import(actor),
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Establishments => "establishment.import",
            Self::People => "people.import",
            Self::Authorisations => "authorisation.import",
            Self::Context => "context.import",
        }
    }

    fn intro(self) -> &'static str {
        match self {
            Self::Establishments => "establishment.import_intro",
            Self::People => "people.import_intro",
            Self::Authorisations => "authorisation.import_intro",
            Self::Context => "context.import_intro",
        }
    }

    /// Where to go once the file is imported.
    fn list(self) -> &'static str {
        match self {
            Self::Establishments => "/establishments",
            Self::People => "/people",
            Self::Authorisations => "/authorisations",
            Self::Context => "/indicators",
        }
    }
}

/// The checked rows of a file. A people file, which may hold a million
/// lines, is read again chunk by chunk rather than kept in memory.
pub enum Rows<'a> {
    Establishments(Vec<ValidEstablishment>),
    People(PeopleFile<'a>),
    Authorisations(Vec<ValidApplication>),
    Context(Vec<ContextFigures>),
}

/// Every good row with the file's shape, or every error; `actor` is None
/// for the command line.
pub async fn check<'a>(
    state: &AppState,
    kind: Kind,
    actor: Option<&'a Actor>,
    bytes: &'a [u8],
) -> AppResult<Result<(Rows<'a>, Shape), Vec<RowError>>> {
    let file = match CsvFile::open(bytes, kind.required()) {
        Ok(file) => file,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut shape = Shape::new(file.columns(), kind.columns());
    let rows = match kind {
        Kind::People => crate::people::import::check(state, actor, file, &mut shape)
            .await?
            .map(Rows::People),
        Kind::Establishments => match every_record(&file, &mut shape) {
            Ok(records) => crate::establishments::import::check(state, actor, &records)
                .await?
                .map(Rows::Establishments),
            Err(errors) => Err(errors),
        },
        Kind::Authorisations => match every_record(&file, &mut shape) {
            Ok(records) => crate::authorisations::import::check(state, actor, &records)
                .await?
                .map(Rows::Authorisations),
            Err(errors) => Err(errors),
        },
        Kind::Context => match every_record(&file, &mut shape) {
            Ok(records) => crate::indicators::context::check(&state.db, actor, &records)
                .await?
                .map(Rows::Context),
            Err(errors) => Err(errors),
        },
    };
    Ok(rows.map(|rows| (rows, shape)))
}

/// Every record of a file small enough to hold (establishments, authorisations).
fn every_record(file: &CsvFile, shape: &mut Shape) -> Result<Vec<crate::tabular::Record>, Vec<RowError>> {
    let records = file.read_all()?;
    records.iter().for_each(|r| shape.add(r));
    Ok(records)
}

/// What importing the rows would change.
pub async fn plan(state: &AppState, rows: &Rows<'_>) -> AppResult<Outcome> {
    match rows {
        Rows::Establishments(rows) => crate::establishments::store::plan(&state.db, rows).await,
        Rows::People(file) => crate::people::import::plan(&state.db, file).await,
        Rows::Authorisations(rows) => crate::authorisations::import::plan(&state.db, rows).await,
        Rows::Context(rows) => crate::indicators::context::plan(&state.db, rows).await,
    }
}

/// Imports a whole file in one transaction, audited once.
pub async fn import(
    state: &AppState,
    kind: Kind,
    actor: Option<&Actor>,
    request_id: &str,
    name: &str,
    bytes: &[u8],
) -> AppResult<Result<(Outcome, Shape), Vec<RowError>>> {
    let started = std::time::Instant::now();
    let (rows, shape) = match check(state, kind, actor, bytes).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(Err(errors)),
    };
    let checked = started.elapsed();
    let mut write = Write::begin(state, actor.map(|a| a.person_id), request_id).await?;
    let outcome = match &rows {
        Rows::Establishments(rows) => crate::establishments::store::apply(&mut write, &state.db, rows).await?,
        Rows::People(file) => crate::people::import::apply(&mut write, &state.db, file).await?,
        Rows::Authorisations(rows) => crate::authorisations::import::apply(&mut write, &state.db, rows).await?,
        Rows::Context(rows) => crate::indicators::context::apply(&mut write, &state.db, rows).await?,
    };
    let applied = started.elapsed();
    if outcome.created + outcome.updated > 0 {
        write
            .commit(Change {
                action: "import",
                object_type: kind.as_str(),
                object_id: name.to_owned(),
                organisation_id: None,
                summary: format!(
                    "{} created, {} updated, {} unchanged",
                    outcome.created, outcome.updated, outcome.unchanged
                ),
            })
            .await?;
    }
    tracing::info!(
        kind = kind.as_str(),
        checked_ms = checked.as_millis() as u64,
        applied_ms = applied.as_millis() as u64,
        committed_ms = started.elapsed().as_millis() as u64,
        "import"
    );
    Ok(Ok((outcome, shape)))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/import/{kind}", get(pages::form).post(pages::preview))
        .route("/import/{kind}/{id}", post(pages::confirm))
}
