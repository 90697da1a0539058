//! Importing authorisations: one line per application, columns email,
//! organisation (acronym), establishments (codes separated by `|`),
//! filed_on, decision (granted, refused or empty), decided_on, starts_on,
//! expires_on, refusal_reason. A person, an organisation and a filing date
//! identify an application: importing again changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::rules::{self, Decision};
use crate::audit::Write;
use crate::auth::normalise_email;
use crate::db::{Db, timestamp};
use crate::error::AppResult;
use crate::permissions::{Action, Actor};
use crate::state::AppState;
use crate::tabular::{Outcome, Record, RowError, parse_date, validate_all};

pub const REQUIRED: &[&str] = &["email", "organisation", "establishments", "filed_on"];
/// Every column an authorisations file may have.
pub const IMPORT_COLUMNS: &[&str] = &[
    "email",
    "organisation",
    "establishments",
    "filed_on",
    "decision",
    "decided_on",
    "starts_on",
    "expires_on",
    "refusal_reason",
];

/// A line that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication {
    pub person_id: i64,
    pub organisation_id: i64,
    pub country: String,
    pub establishments: Vec<i64>,
    pub filed_on: NaiveDate,
    pub decision: Option<&'static str>,
    pub decided_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub refusal_reason: String,
}

/// Whoever follows the authorisations of an organisation may import them.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor.memberships.iter().any(|m| {
            actor.can(Action::ManageAuthorisations {
                organisation: m.organisation_id,
                country: &m.country,
            })
        })
}

struct Reference {
    /// email → person id
    people: HashMap<String, i64>,
    /// acronym → organisation id
    organisations: HashMap<String, i64>,
    /// current (person, organisation) memberships
    members: HashSet<(i64, i64)>,
    /// code → (id, country)
    establishments: HashMap<String, (i64, String)>,
    /// country → default duration in months
    months: HashMap<String, i64>,
}

async fn reference(db: &Db) -> AppResult<Reference> {
    let people: Vec<(String, i64)> = sqlx::query_as("SELECT email, id FROM persons WHERE active = 1")
        .fetch_all(&db.pool)
        .await?;
    let organisations: Vec<(String, i64)> = sqlx::query_as("SELECT acronym, id FROM organisations")
        .fetch_all(&db.pool)
        .await?;
    let members: Vec<(i64, i64)> =
        sqlx::query_as("SELECT person_id, organisation_id FROM memberships WHERE ended_at IS NULL")
            .fetch_all(&db.pool)
            .await?;
    let establishments: Vec<(String, i64, String)> = sqlx::query_as("SELECT code, id, country FROM establishments")
        .fetch_all(&db.pool)
        .await?;
    let months: Vec<(String, i64)> = sqlx::query_as("SELECT code, authorisation_months FROM countries")
        .fetch_all(&db.pool)
        .await?;
    Ok(Reference {
        people: people.into_iter().collect(),
        organisations: organisations
            .into_iter()
            .map(|(a, id)| (a.to_uppercase(), id))
            .collect(),
        members: members.into_iter().collect(),
        establishments: establishments
            .into_iter()
            .map(|(c, id, country)| (c, (id, country)))
            .collect(),
        months: months.into_iter().collect(),
    })
}

fn optional_date(record: &Record, column: &str, errors: &mut Vec<RowError>) -> Option<NaiveDate> {
    match record.get(column) {
        "" => None,
        text => {
            let day = parse_date(text);
            if day.is_none() {
                errors.push(RowError::new(record, column, "import.not_a_date"));
            }
            day
        }
    }
}

fn validate(
    record: &Record,
    reference: &Reference,
    actor: Option<&Actor>,
    today: NaiveDate,
) -> Result<ValidApplication, Vec<RowError>> {
    let mut errors = Vec::new();
    let person = reference.people.get(&normalise_email(record.get("email"))).copied();
    if person.is_none() {
        errors.push(RowError::new(record, "email", "authorisation.unknown_person"));
    }
    let organisation = reference
        .organisations
        .get(&record.get("organisation").to_uppercase())
        .copied();
    if organisation.is_none() {
        errors.push(RowError::new(record, "organisation", "people.unknown_organisation"));
    }
    if let (Some(p), Some(o)) = (person, organisation)
        && !reference.members.contains(&(p, o))
    {
        errors.push(RowError::new(record, "email", "authorisation.not_a_member"));
    }
    let mut establishments = Vec::new();
    let mut countries = HashSet::new();
    for code in record
        .get("establishments")
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match reference.establishments.get(&code.to_uppercase()) {
            Some((id, country)) => {
                establishments.push(*id);
                countries.insert(country.clone());
            }
            None => errors.push(RowError::new(
                record,
                "establishments",
                "authorisation.unknown_establishment",
            )),
        }
    }
    if establishments.is_empty() && !errors.iter().any(|e| e.column == "establishments") {
        errors.push(RowError::new(
            record,
            "establishments",
            "authorisation.no_establishment",
        ));
    }
    if countries.len() > 1 {
        errors.push(RowError::new(record, "establishments", "authorisation.one_country"));
    }
    let country = countries.into_iter().next().unwrap_or_default();
    if let (Some(o), Some(actor)) = (organisation, actor)
        && !country.is_empty()
        && !actor.can(Action::ManageAuthorisations {
            organisation: o,
            country: &country,
        })
    {
        errors.push(RowError::new(record, "organisation", "people.role_not_yours"));
    }
    let filed_on = parse_date(record.get("filed_on"));
    if filed_on.is_none() {
        errors.push(RowError::new(record, "filed_on", "import.not_a_date"));
    }
    let decided_on = optional_date(record, "decided_on", &mut errors);
    let starts_on = optional_date(record, "starts_on", &mut errors);
    let expires_on = optional_date(record, "expires_on", &mut errors);
    let decision = match record.get("decision").to_lowercase().as_str() {
        "" => None,
        text => match Decision::parse(text) {
            Some(Decision::Granted) => Some("granted"),
            Some(Decision::Refused) => Some("refused"),
            None => {
                errors.push(RowError::new(record, "decision", "authorisation.choose_decision"));
                None
            }
        },
    };
    if decision.is_some() && decided_on.is_none() && record.get("decided_on").is_empty() {
        errors.push(RowError::new(record, "decided_on", "import.required"));
    }
    if decision == Some("refused") && record.get("refusal_reason").is_empty() {
        errors.push(RowError::new(record, "refusal_reason", "authorisation.reason_required"));
    }
    let (starts_on, expires_on) = match (decision, decided_on) {
        (Some("granted"), Some(decided)) => {
            let start = starts_on.unwrap_or(decided);
            let months = reference.months.get(&country).copied().unwrap_or(24);
            let end = expires_on.unwrap_or(rules::default_expiry(start, months as u32));
            (Some(start), Some(end))
        }
        _ => (None, None),
    };
    if let Some(filed_on) = filed_on {
        let dates = rules::DecisionDates {
            filed_on,
            decided_on,
            starts_on,
            expires_on,
        };
        if let Err((column, message)) = rules::check_dates(&dates, today) {
            errors.push(RowError::new(record, column, message));
        }
    }
    match (person, organisation, filed_on) {
        (Some(person_id), Some(organisation_id), Some(filed_on)) if errors.is_empty() => Ok(ValidApplication {
            person_id,
            organisation_id,
            country,
            establishments,
            filed_on,
            decision,
            decided_on,
            starts_on,
            expires_on,
            refusal_reason: record.get("refusal_reason").to_owned(),
        }),
        _ => Err(errors),
    }
}

pub async fn check(
    state: &AppState,
    actor: Option<&Actor>,
    records: &[Record],
) -> AppResult<Result<Vec<ValidApplication>, Vec<RowError>>> {
    let reference = reference(&state.db).await?;
    let today = state.clock.now().date_naive();
    Ok(validate_all(
        records,
        |record| validate(record, &reference, actor, today),
        |row| (row.person_id, row.organisation_id, row.filed_on),
        "filed_on",
    ))
}

/// The stored state of an application, to compare with a line.
#[derive(PartialEq, Eq)]
struct Stored {
    decision: Option<String>,
    decided_on: Option<String>,
    starts_on: Option<String>,
    expires_on: Option<String>,
    refusal_reason: String,
    establishments: Vec<i64>,
}

impl ValidApplication {
    fn stored(&self) -> Stored {
        let mut establishments = self.establishments.clone();
        establishments.sort_unstable();
        establishments.dedup();
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        Stored {
            decision: self.decision.map(str::to_owned),
            decided_on: day(self.decided_on),
            starts_on: day(self.starts_on),
            expires_on: day(self.expires_on),
            refusal_reason: self.refusal_reason.clone(),
            establishments,
        }
    }
}

type Key = (i64, i64, String);

async fn existing(db: &Db) -> AppResult<HashMap<Key, (i64, Stored)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        person_id: i64,
        organisation_id: i64,
        filed_on: String,
        decision: Option<String>,
        decided_on: Option<String>,
        starts_on: Option<String>,
        expires_on: Option<String>,
        refusal_reason: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, person_id, organisation_id, filed_on, decision, decided_on, starts_on, expires_on, refusal_reason FROM authorisations",
    )
    .fetch_all(&db.pool)
    .await?;
    let links: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT authorisation_id, establishment_id FROM authorisation_establishments ORDER BY authorisation_id, establishment_id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut by_authorisation: HashMap<i64, Vec<i64>> = HashMap::new();
    for (a, e) in links {
        by_authorisation.entry(a).or_default().push(e);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let stored = Stored {
                decision: r.decision,
                decided_on: r.decided_on,
                starts_on: r.starts_on,
                expires_on: r.expires_on,
                refusal_reason: r.refusal_reason,
                establishments: by_authorisation.remove(&r.id).unwrap_or_default(),
            };
            ((r.person_id, r.organisation_id, r.filed_on), (r.id, stored))
        })
        .collect())
}

fn key(row: &ValidApplication) -> Key {
    (row.person_id, row.organisation_id, row.filed_on.to_string())
}

pub async fn plan(db: &Db, rows: &[ValidApplication]) -> AppResult<Outcome> {
    let existing = existing(db).await?;
    let mut outcome = Outcome::default();
    for row in rows {
        match existing.get(&key(row)) {
            None => outcome.created += 1,
            Some((_, stored)) if *stored != row.stored() => outcome.updated += 1,
            Some(_) => outcome.unchanged += 1,
        }
    }
    Ok(outcome)
}

pub async fn apply(write: &mut Write, db: &Db, rows: &[ValidApplication]) -> AppResult<Outcome> {
    let existing = existing(db).await?;
    let now = timestamp(write.now());
    let mut outcome = Outcome::default();
    for row in rows {
        let wanted = row.stored();
        let id = match existing.get(&key(row)) {
            Some((_, stored)) if *stored == wanted => {
                outcome.unchanged += 1;
                continue;
            }
            Some((id, _)) => {
                outcome.updated += 1;
                sqlx::query("DELETE FROM authorisation_establishments WHERE authorisation_id = $1")
                    .bind(id)
                    .execute(write.conn())
                    .await?;
                *id
            }
            None => {
                outcome.created += 1;
                sqlx::query_scalar(
                    "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                )
                .bind(row.person_id)
                .bind(row.organisation_id)
                .bind(&row.country)
                .bind(row.filed_on.to_string())
                .bind(&now)
                .fetch_one(write.conn())
                .await?
            }
        };
        sqlx::query(
            "UPDATE authorisations SET decision = $1, decided_on = $2, starts_on = $3, expires_on = $4, \
             refusal_reason = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&wanted.decision)
        .bind(&wanted.decided_on)
        .bind(&wanted.starts_on)
        .bind(&wanted.expires_on)
        .bind(&wanted.refusal_reason)
        .bind(&now)
        .bind(id)
        .execute(write.conn())
        .await?;
        for establishment in &wanted.establishments {
            sqlx::query(
                "INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(establishment)
            .execute(write.conn())
            .await?;
        }
    }
    Ok(outcome)
}
