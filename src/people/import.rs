//! Importing people with their memberships: one line per membership, columns
//! email, name, organisation (acronym), role, section, phone, mission
//! (visitor, prison_correspondent, teacher or other; empty keeps it). The email
//! identifies the person: a person already known gets the membership added;
//! re-importing changes nothing. People created this way have no password
//! yet: "forgot your password" gives them one.

use std::collections::{HashMap, HashSet};

use crate::app::AppState;
use crate::audit::Write;
use crate::auth::normalise_email;
use crate::db::{Backend, Db, bulk_marks, timestamp};
use crate::error::AppResult;
use crate::people::Mission;
use crate::permissions::{Action, Actor, Role};
use crate::tabular::{Outcome, Record, RowError, validate_all};

pub const REQUIRED: &[&str] = &["email", "organisation", "role"];
/// Every column a people file may have.
pub const IMPORT_COLUMNS: &[&str] = &["email", "organisation", "role", "name", "phone", "section", "mission"];

/// A line that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMember {
    pub email: String,
    pub name: String,
    pub phone: String,
    pub organisation_id: i64,
    pub role: Role,
    pub section_id: Option<i64>,
    /// None keeps the membership's mission (`other` for a new one).
    pub mission: Option<Mission>,
}

/// Whoever may give the volunteer role somewhere may import people there.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(Action::AssignRole(m.organisation_id, Role::Volunteer)))
}

/// What the checks need, loaded once for the whole file.
struct Reference {
    organisations: HashMap<String, i64>,
    sections: HashMap<(i64, String), i64>,
    known: HashSet<String>,
    /// (email, organisation) of every current membership.
    members: HashSet<(String, i64)>,
}

async fn reference(db: &Db) -> AppResult<Reference> {
    let organisations: Vec<(String, i64)> = sqlx::query_as("SELECT acronym, id FROM organisations")
        .fetch_all(&db.pool)
        .await?;
    let sections: Vec<(i64, String, i64)> = sqlx::query_as("SELECT organisation_id, name, id FROM sections")
        .fetch_all(&db.pool)
        .await?;
    let members: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.email, m.organisation_id FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.ended_at IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let known: Vec<String> = sqlx::query_scalar("SELECT email FROM persons")
        .fetch_all(&db.pool)
        .await?;
    Ok(Reference {
        organisations: organisations
            .into_iter()
            .map(|(a, id)| (a.to_uppercase(), id))
            .collect(),
        sections: sections
            .into_iter()
            .map(|(o, n, id)| ((o, n.to_lowercase()), id))
            .collect(),
        known: known.into_iter().collect(),
        members: members.into_iter().collect(),
    })
}

fn validate(record: &Record, reference: &Reference, actor: Option<&Actor>) -> Result<ValidMember, Vec<RowError>> {
    let mut errors = Vec::new();
    let email = normalise_email(record.get("email"));
    if let Err(message) = super::fields::email(&email) {
        errors.push(RowError::new(record, "email", message));
    }
    if let Err(message) = super::fields::name(record.get("name"), !reference.known.contains(&email)) {
        errors.push(RowError::new(record, "name", message));
    }
    if let Err(message) = super::fields::detail(record.get("phone")) {
        errors.push(RowError::new(record, "phone", message));
    }
    let organisation = reference
        .organisations
        .get(&record.get("organisation").to_uppercase())
        .copied();
    if organisation.is_none() {
        errors.push(RowError::new(record, "organisation", "people.unknown_organisation"));
    }
    // Someone who has an account joins another organisation only by
    // accepting an invitation; the operator (command line, platform
    // administrators) may still load people of several organisations.
    if let (Some(org), Some(actor)) = (organisation, actor)
        && !actor.platform_admin
        && reference.known.contains(&email)
        && !reference.members.contains(&(email.clone(), org))
    {
        errors.push(RowError::new(record, "email", "people.has_account"));
    }
    let role = Role::parse(&record.get("role").to_lowercase());
    if role.is_none() {
        errors.push(RowError::new(record, "role", "people.unknown_role"));
    }
    if let (Some(org), Some(role), Some(actor)) = (organisation, role, actor)
        && !actor.can(Action::AssignRole(org, role))
    {
        errors.push(RowError::new(record, "role", "people.role_not_yours"));
    }
    let mission = match record.get("mission") {
        "" => None,
        text => {
            let mission = Mission::parse(&text.to_lowercase());
            if mission.is_none() {
                errors.push(RowError::new(record, "mission", "people.unknown_mission"));
            }
            mission
        }
    };
    let section = match (organisation, record.get("section")) {
        (_, "") => None,
        (Some(org), name) => {
            let found = reference.sections.get(&(org, name.to_lowercase())).copied();
            if found.is_none() {
                errors.push(RowError::new(record, "section", "people.unknown_section"));
            }
            found
        }
        (None, _) => None,
    };
    match (organisation, role) {
        (Some(organisation_id), Some(role)) if errors.is_empty() => Ok(ValidMember {
            email,
            name: record.get("name").to_owned(),
            phone: record.get("phone").to_owned(),
            organisation_id,
            role,
            section_id: section,
            mission,
        }),
        _ => Err(errors),
    }
}

pub async fn check(
    state: &AppState,
    actor: Option<&Actor>,
    records: &[Record],
) -> AppResult<Result<Vec<ValidMember>, Vec<RowError>>> {
    let reference = reference(&state.db).await?;
    Ok(validate_all(
        records,
        |record| validate(record, &reference, actor),
        |row| (row.email.clone(), row.organisation_id),
        "email",
    ))
}

/// The file's people already in Passerelle and their current memberships,
/// to compare with the file (looked up by email, not every person read).
struct Existing {
    people: HashMap<String, (i64, String, String)>,
    memberships: HashMap<(i64, i64), Member>,
}

/// A current membership: id, role, section, mission.
type Member = (i64, String, Option<i64>, String);

async fn existing(db: &Db, rows: &[ValidMember]) -> AppResult<Existing> {
    let mut emails: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    emails.sort_unstable();
    emails.dedup();
    let mut people = HashMap::new();
    for chunk in emails.chunks(BATCH) {
        let sql = format!(
            "SELECT email, id, name, phone FROM persons WHERE email IN {}",
            bulk_marks(db.backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, i64, String, String)>(&sql);
        for email in chunk {
            query = query.bind(*email);
        }
        for (email, id, name, phone) in query.fetch_all(&db.pool).await? {
            people.insert(email, (id, name, phone));
        }
    }
    let ids: Vec<i64> = people.values().map(|(id, _, _)| *id).collect();
    let mut memberships = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        let sql = format!(
            "SELECT person_id, organisation_id, id, role, scope_section_id, mission FROM memberships \
             WHERE ended_at IS NULL AND person_id IN {}",
            bulk_marks(db.backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String, Option<i64>, String)>(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for (person, organisation, id, role, section, mission) in query.fetch_all(&db.pool).await? {
            memberships.insert((person, organisation), (id, role, section, mission));
        }
    }
    Ok(Existing { people, memberships })
}

/// What a row would do to what exists.
enum Change {
    Create,
    Update,
    Same,
}

fn compare(existing: &Existing, row: &ValidMember) -> Change {
    let Some((person, name, phone)) = existing.people.get(&row.email) else {
        return Change::Create;
    };
    let person_differs = (!row.name.is_empty() && &row.name != name) || (!row.phone.is_empty() && &row.phone != phone);
    match existing.memberships.get(&(*person, row.organisation_id)) {
        None => Change::Create,
        Some((_, role, section, mission))
            if person_differs
                || role != row.role.as_str()
                || *section != row.section_id
                || row.mission.is_some_and(|m| m.as_str() != mission) =>
        {
            Change::Update
        }
        Some(_) => Change::Same,
    }
}

pub async fn plan(db: &Db, rows: &[ValidMember]) -> AppResult<Outcome> {
    let existing = existing(db, rows).await?;
    let mut outcome = Outcome::default();
    for row in rows {
        match compare(&existing, row) {
            Change::Create => outcome.created += 1,
            Change::Update => outcome.updated += 1,
            Change::Same => outcome.unchanged += 1,
        }
    }
    Ok(outcome)
}

/// Rows per multi-row `INSERT`: few round trips, far below either
/// database's limit of bound values.
const BATCH: usize = 500;

pub async fn apply(write: &mut Write, db: &Db, rows: &[ValidMember]) -> AppResult<Outcome> {
    let mut existing = existing(db, rows).await?;
    let now = timestamp(write.now());
    let mut outcome = Outcome::default();
    let mut changed = Vec::new();
    for row in rows {
        match compare(&existing, row) {
            Change::Create => outcome.created += 1,
            Change::Update => outcome.updated += 1,
            Change::Same => {
                outcome.unchanged += 1;
                continue;
            }
        }
        changed.push(row);
    }
    create_people(write, db.backend, &mut existing, &changed, &now).await?;
    let mut new_memberships = Vec::new();
    for row in changed {
        let (person, name, phone) = &existing.people[&row.email];
        if (!row.name.is_empty() && &row.name != name) || (!row.phone.is_empty() && &row.phone != phone) {
            sqlx::query(
                "UPDATE persons SET name = CASE WHEN $1 = '' THEN name ELSE $1 END, \
                 phone = CASE WHEN $2 = '' THEN phone ELSE $2 END WHERE id = $3",
            )
            .bind(&row.name)
            .bind(&row.phone)
            .bind(person)
            .execute(write.conn())
            .await?;
        }
        match existing.memberships.get(&(*person, row.organisation_id)) {
            Some((membership, _, _, _)) => {
                sqlx::query(
                    "UPDATE memberships SET role = $1, scope_kind = $2, scope_section_id = $3, \
                     mission = COALESCE($4, mission) WHERE id = $5",
                )
                .bind(row.role.as_str())
                .bind(super::scope_kind(row.section_id))
                .bind(row.section_id)
                .bind(row.mission.map(Mission::as_str))
                .bind(membership)
                .execute(write.conn())
                .await?;
            }
            None => new_memberships.push((*person, row)),
        }
    }
    for chunk in new_memberships.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO memberships (person_id, organisation_id, role, scope_kind, scope_section_id, started_at, mission) VALUES {}",
            bulk_marks(db.backend, chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for (person, row) in chunk {
            query = query
                .bind(*person)
                .bind(row.organisation_id)
                .bind(row.role.as_str())
                .bind(super::scope_kind(row.section_id))
                .bind(row.section_id)
                .bind(&now)
                .bind(row.mission.unwrap_or(Mission::Other).as_str());
        }
        query.execute(write.conn()).await?;
    }
    Ok(outcome)
}

/// Creates the people new to Passerelle, a batch at a time, and adds them to `existing`.
async fn create_people(
    write: &mut Write,
    backend: Backend,
    existing: &mut Existing,
    rows: &[&ValidMember],
    now: &str,
) -> AppResult<()> {
    let mut new: Vec<&ValidMember> = Vec::new();
    let mut seen = HashSet::new();
    for row in rows {
        if !existing.people.contains_key(&row.email) && seen.insert(row.email.as_str()) {
            new.push(row);
        }
    }
    for chunk in new.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO persons (email, name, phone, created_at) VALUES {} RETURNING id, email",
            bulk_marks(backend, chunk.len(), 4)
        );
        let mut query = sqlx::query_as(&sql);
        for row in chunk {
            query = query.bind(&row.email).bind(&row.name).bind(&row.phone).bind(now);
        }
        let created: Vec<(i64, String)> = query.fetch_all(write.conn()).await?;
        let by_email: HashMap<&str, &ValidMember> = chunk.iter().map(|r| (r.email.as_str(), *r)).collect();
        for (id, email) in created {
            let (name, phone) = by_email
                .get(email.as_str())
                .map(|r| (r.name.clone(), r.phone.clone()))
                .unwrap_or_default();
            existing.people.insert(email, (id, name, phone));
        }
    }
    Ok(())
}
