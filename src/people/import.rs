//! Importing people with their memberships: one line per membership, columns
//! email, name, organisation (acronym), role, section, phone, mission
//! (visitor, prison_correspondent, teacher or other; empty keeps it). The email
//! identifies the person: a person already known gets the membership added;
//! re-importing changes nothing. People created this way have no password
//! yet: "forgot your password" gives them one.

use std::collections::{HashMap, HashSet};

use crate::audit::Write;
use crate::auth::normalise_email;
use crate::db::{Backend, Db, bulk_marks, timestamp};
use crate::error::{AppError, AppResult};
use crate::permissions::Mission;
use crate::permissions::{Action, Actor, Role};
use crate::state::AppState;
use crate::tabular::{CsvFile, Outcome, Record, RowError, Shape};
use sqlx::AnyConnection;

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
}

async fn reference(db: &Db) -> AppResult<Reference> {
    let organisations: Vec<(String, i64)> = sqlx::query_as("SELECT acronym, id FROM organisations")
        .fetch_all(&db.pool)
        .await?;
    let sections: Vec<(i64, String, i64)> = sqlx::query_as("SELECT organisation_id, name, id FROM sections")
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
    })
}

/// The accounts among a chunk's addresses, as they were before the import
/// (read outside its transaction): who is known, and where they are a
/// member.
struct Accounts {
    known: HashSet<String>,
    /// (email, organisation) of every current membership.
    members: HashSet<(String, i64)>,
}

async fn accounts(db: &Db, records: &[Record]) -> AppResult<Accounts> {
    let mut emails: Vec<String> = records.iter().map(|r| normalise_email(r.get("email"))).collect();
    emails.sort_unstable();
    emails.dedup();
    let mut known = HashSet::new();
    let mut members = HashSet::new();
    for chunk in emails.chunks(BATCH) {
        let sql = format!(
            "SELECT p.email, m.organisation_id FROM persons p \
             LEFT JOIN memberships m ON m.person_id = p.id AND m.ended_at IS NULL WHERE p.email IN {}",
            bulk_marks(db.backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, Option<i64>)>(&sql);
        for email in chunk {
            query = query.bind(email);
        }
        for (email, organisation) in query.fetch_all(&db.pool).await? {
            if let Some(organisation) = organisation {
                members.insert((email.clone(), organisation));
            }
            known.insert(email);
        }
    }
    Ok(Accounts { known, members })
}

fn validate(
    record: &Record,
    reference: &Reference,
    accounts: &Accounts,
    actor: Option<&Actor>,
) -> Result<ValidMember, Vec<RowError>> {
    let mut errors = Vec::new();
    let email = normalise_email(record.get("email"));
    if let Err(message) = super::fields::email(&email) {
        errors.push(RowError::new(record, "email", message));
    }
    if let Err(message) = super::fields::name(record.get("name"), !accounts.known.contains(&email)) {
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
        && accounts.known.contains(&email)
        && !accounts.members.contains(&(email.clone(), org))
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

/// Records read, checked and imported at a time: whatever the file's
/// size, memory holds one chunk of it.
const CHUNK: usize = 2_000;

/// A people file that passed every check; planning and importing read it
/// again, chunk by chunk.
pub struct PeopleFile<'a> {
    file: CsvFile<'a>,
    actor: Option<&'a Actor>,
}

/// The next chunk of records; an error means the file is not the one checked.
fn next_chunk(records: &mut impl Iterator<Item = Result<Record, RowError>>) -> Vec<Result<Record, RowError>> {
    records.by_ref().take(CHUNK).collect()
}

/// Two lines for the same membership: remembered as a 128-bit digest of
/// (email, organisation), not the address itself, so that a million lines
/// fit in a few megabytes (two different pairs share a digest about once
/// in 10^26 files of a million lines).
fn membership_digest(row: &ValidMember) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        (salt, &row.email, row.organisation_id).hash(&mut hasher);
        u128::from(hasher.finish())
    };
    (half(0) << 64) | half(1)
}

/// Checks every line of `file`, chunk by chunk, counting its shape: the
/// file, or every error.
pub async fn check<'a>(
    state: &AppState,
    actor: Option<&'a Actor>,
    file: CsvFile<'a>,
    shape: &mut Shape,
) -> AppResult<Result<PeopleFile<'a>, Vec<RowError>>> {
    let reference = reference(&state.db).await?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut records = file.records();
    loop {
        let chunk = next_chunk(&mut records);
        if chunk.is_empty() {
            break;
        }
        let mut read = Vec::with_capacity(chunk.len());
        for row in chunk {
            match row {
                Ok(record) => read.push(record),
                Err(error) => errors.push(error),
            }
        }
        read.iter().for_each(|r| shape.add(r));
        let accounts = accounts(&state.db, &read).await?;
        for record in &read {
            match validate(record, &reference, &accounts, actor) {
                Ok(row) if !seen.insert(membership_digest(&row)) => {
                    errors.push(RowError::new(record, "email", "import.duplicate"));
                }
                Ok(_) => {}
                Err(row_errors) => errors.extend(row_errors),
            }
        }
    }
    if shape.records == 0 && errors.is_empty() {
        errors.push(RowError::at(1, "", "import.empty"));
    }
    drop(records);
    Ok(if errors.is_empty() {
        Ok(PeopleFile { file, actor })
    } else {
        Err(errors)
    })
}

/// The next chunk of the checked file's rows, read again; None at its end.
/// A line that no longer passes (the data changed since the check) stops
/// the whole import.
async fn next_rows(
    db: &Db,
    reference: &Reference,
    actor: Option<&Actor>,
    records: &mut (impl Iterator<Item = Result<Record, RowError>> + Send),
) -> AppResult<Option<Vec<ValidMember>>> {
    let chunk = next_chunk(records);
    if chunk.is_empty() {
        return Ok(None);
    }
    let read: Vec<Record> = chunk
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::Conflict("import.changed"))?;
    let accounts = accounts(db, &read).await?;
    read.iter()
        .map(|record| validate(record, reference, &accounts, actor))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
        .map_err(|_| AppError::Conflict("import.changed"))
}

/// The file's people already in Passerelle and their current memberships,
/// to compare with the file (looked up by email, not every person read).
struct Existing {
    people: HashMap<String, (i64, String, String)>,
    memberships: HashMap<(i64, i64), Member>,
}

/// A current membership: id, role, section, mission.
type Member = (i64, String, Option<i64>, String);

async fn existing(conn: &mut AnyConnection, backend: Backend, rows: &[ValidMember]) -> AppResult<Existing> {
    let mut emails: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    emails.sort_unstable();
    emails.dedup();
    let mut people = HashMap::new();
    for chunk in emails.chunks(BATCH) {
        let sql = format!(
            "SELECT email, id, name, phone FROM persons WHERE email IN {}",
            bulk_marks(backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, i64, String, String)>(&sql);
        for email in chunk {
            query = query.bind(*email);
        }
        for (email, id, name, phone) in query.fetch_all(&mut *conn).await? {
            people.insert(email, (id, name, phone));
        }
    }
    let ids: Vec<i64> = people.values().map(|(id, _, _)| *id).collect();
    let mut memberships = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        let sql = format!(
            "SELECT person_id, organisation_id, id, role, scope_section_id, mission FROM memberships \
             WHERE ended_at IS NULL AND person_id IN {}",
            bulk_marks(backend, 1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String, Option<i64>, String)>(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for (person, organisation, id, role, section, mission) in query.fetch_all(&mut *conn).await? {
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

/// What importing the file would change, counted chunk by chunk against
/// what exists.
pub async fn plan(db: &Db, people: &PeopleFile<'_>) -> AppResult<Outcome> {
    let reference = reference(db).await?;
    let mut records = people.file.records();
    let mut conn = db.pool.acquire().await?;
    let mut outcome = Outcome::default();
    while let Some(rows) = next_rows(db, &reference, people.actor, &mut records).await? {
        let existing = existing(&mut conn, db.backend, &rows).await?;
        for row in &rows {
            match compare(&existing, row) {
                Change::Create => outcome.created += 1,
                Change::Update => outcome.updated += 1,
                Change::Same => outcome.unchanged += 1,
            }
        }
    }
    Ok(outcome)
}

/// Rows per multi-row `INSERT`: few round trips, far below either
/// database's limit of bound values.
const BATCH: usize = 500;

/// Imports the file chunk by chunk in the caller's transaction: each chunk
/// is compared with what exists, earlier chunks included.
pub async fn apply(write: &mut Write, db: &Db, people: &PeopleFile<'_>) -> AppResult<Outcome> {
    let reference = reference(db).await?;
    let mut records = people.file.records();
    let mut outcome = Outcome::default();
    while let Some(rows) = next_rows(db, &reference, people.actor, &mut records).await? {
        let counted = apply_rows(write, db.backend, &rows).await?;
        outcome.created += counted.created;
        outcome.updated += counted.updated;
        outcome.unchanged += counted.unchanged;
    }
    Ok(outcome)
}

async fn apply_rows(write: &mut Write, backend: Backend, rows: &[ValidMember]) -> AppResult<Outcome> {
    let mut existing = existing(write.conn(), backend, rows).await?;
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
    create_people(write, backend, &mut existing, &changed, &now).await?;
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
            bulk_marks(backend, chunk.len(), 7)
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
