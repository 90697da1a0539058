//! People and membership queries.

use chrono::NaiveDate;
use sqlx::FromRow;

use crate::db::{Backend, Db, Filter, Param};
use crate::error::{AppError, AppResult};
use crate::permissions::Actor;
use crate::web::list::{ListQuery, Paged};

/// One membership of one person, as listed.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct MemberRow {
    pub membership_id: i64,
    pub person_id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub active: i64,
    pub organisation_id: i64,
    pub organisation: String,
    /// volunteer, coordinator, org_admin, prison_staff or observer.
    pub role: String,
    /// visitor, prison_correspondent, teacher or other.
    pub mission: String,
    /// organisation, section or establishments.
    pub scope_kind: String,
    pub section: Option<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
}

impl MemberRow {
    pub fn mission_label(&self) -> &'static str {
        crate::permissions::Mission::parse(&self.mission).map_or("mission.other", crate::permissions::Mission::label)
    }

    pub fn role_label(&self) -> &'static str {
        crate::permissions::Role::parse(&self.role).map_or("role.volunteer", |r| r.label())
    }
}

/// An invitation to join an organisation not answered yet.
#[derive(Clone, Debug, FromRow)]
pub struct Offer {
    pub id: i64,
    pub email: String,
    pub organisation: String,
    pub role: String,
    pub invited_by: Option<String>,
    pub invited_at: String,
}

impl Offer {
    pub fn role_label(&self) -> &'static str {
        crate::permissions::Role::parse(&self.role).map_or("role.volunteer", |r| r.label())
    }
}

/// The invitations waiting for a person's answer, or for the people
/// invited to `organisations` (the 200 latest).
pub async fn offers(db: &Db, waiting: OffersOf<'_>) -> AppResult<Vec<Offer>> {
    let mut f = Filter::default();
    f.and("mo.answer IS NULL", []);
    match waiting {
        OffersOf::Person(id) => f.and("mo.person_id = ?", [Param::Int(id)]),
        OffersOf::Organisations(ids) => f.and_in("mo.organisation_id", ids.iter().copied().map(Param::Int).collect()),
    };
    let sql = format!(
        "SELECT mo.id, p.email, o.acronym AS organisation, mo.role, i.name AS invited_by, mo.invited_at \
         FROM membership_offers mo JOIN persons p ON p.id = mo.person_id \
         JOIN organisations o ON o.id = mo.organisation_id LEFT JOIN persons i ON i.id = mo.invited_by{} \
         ORDER BY mo.invited_at DESC LIMIT 200",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// Whose invitations to list.
#[derive(Clone, Copy, Debug)]
pub enum OffersOf<'a> {
    Person(i64),
    Organisations(&'a [i64]),
}

const SELECT: &str = "SELECT m.id AS membership_id, p.id AS person_id, p.name, p.email, p.phone, p.active, \
     m.organisation_id, o.acronym AS organisation, m.role, m.mission, m.scope_kind, s.name AS section, m.started_at, m.ended_at \
     FROM memberships m JOIN persons p ON p.id = m.person_id JOIN organisations o ON o.id = m.organisation_id \
     LEFT JOIN sections s ON s.id = m.scope_section_id";
const FROM: &str = "FROM memberships m JOIN persons p ON p.id = m.person_id";

/// Filters of the people list besides search and sort.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    /// Organisation id.
    pub organisation: Option<String>,
    /// A role.
    pub role: Option<String>,
    /// `current` (default), `ended` or `all`.
    pub memberships: Option<String>,
    /// `1`: only members lacking a qualification their organisation requires for their mission.
    pub lacking: Option<String>,
}

/// Only memberships of organisations whose members `actor` may see.
/// `required`: for the `lacking` filter, every (organisation, mission) with a required qualification.
fn filter(
    actor: &Actor,
    backend: Backend,
    query: &ListQuery,
    criteria: &PeopleFilter,
    (today, required): (NaiveDate, Option<&[(i64, String)]>),
) -> Filter {
    let mut f = Filter::default();
    if !actor.platform_admin {
        let orgs = actor.member_organisations();
        f.and_in("m.organisation_id", orgs.into_iter().map(Param::Int).collect());
    }
    if let Some(q) = query.search() {
        search_persons(&mut f, backend, q);
    }
    if let Some(org) = criteria.organisation.as_deref().and_then(|o| o.parse::<i64>().ok()) {
        f.and("m.organisation_id = ?", [Param::Int(org)]);
    }
    if let Some(role) = criteria.role.as_deref().and_then(crate::permissions::Role::parse) {
        f.and("m.role = ?", [Param::Text(role.as_str().to_owned())]);
    }
    if let Some(required) = required {
        // The memberships with a requirement, named: the planner then knows
        // how few they are (from the condition alone it walked every name).
        let pairs: Vec<String> = required
            .iter()
            .map(|_| "(m.organisation_id = ? AND m.mission = ?)".to_owned())
            .collect();
        let params = required
            .iter()
            .flat_map(|(o, m)| [Param::Int(*o), Param::Text(m.clone())]);
        if pairs.is_empty() {
            f.and("1 = 0", []);
        } else {
            f.and(&pairs.join(" OR "), params);
        }
        let lacking = crate::training::store::lacking_sql("m.person_id", "m.organisation_id", "m.mission", "?");
        f.and(&lacking, [Param::Text(today.to_string())]);
    }
    match criteria.memberships.as_deref() {
        Some("ended") => f.and("m.ended_at IS NOT NULL", []),
        Some("all") => &mut f,
        _ => f.and("m.ended_at IS NULL", []),
    };
    f
}

const SORTS: &[(&str, &str)] = &[
    ("name", "p.name"),
    ("email", "p.email"),
    ("role", "m.role"),
    ("since", "m.started_at"),
];

pub async fn list(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    criteria: &PeopleFilter,
    today: NaiveDate,
) -> AppResult<Paged<MemberRow>> {
    let required = required_if_asked(db, criteria).await?;
    let f = filter(actor, db.backend, query, criteria, (today, required.as_deref()));
    let count = format!("SELECT COUNT(*) {FROM}");
    Ok(f.page(db, SELECT, &count, &query.order_by(SORTS, "m.id"), query)
        .await?)
}

pub async fn all(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    criteria: &PeopleFilter,
    today: NaiveDate,
) -> AppResult<Vec<MemberRow>> {
    let required = required_if_asked(db, criteria).await?;
    let f = filter(actor, db.backend, query, criteria, (today, required.as_deref()));
    let sql = format!("{SELECT}{}{}", f.sql(), query.order_by(SORTS, "m.id"));
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// Names and emails containing `q`, through each database's index of
/// fragments (migration 0009): SQLite's full-text table needs three
/// letters at least, shorter words are looked for row by row.
fn search_persons(f: &mut Filter, backend: Backend, q: &str) {
    let q = q.trim().to_lowercase();
    if backend == Backend::Sqlite && q.chars().count() >= 3 {
        let phrase = format!("\"{}\"", q.replace('"', "\"\""));
        f.and(
            "p.id IN (SELECT rowid FROM persons_search WHERE persons_search MATCH ?)",
            [Param::Text(phrase)],
        );
    } else {
        f.search(&["p.name", "p.email"], &q);
    }
}

/// The (organisation, mission) pairs with a required qualification, when the list asks for those lacking one.
async fn required_if_asked(db: &Db, criteria: &PeopleFilter) -> AppResult<Option<Vec<(i64, String)>>> {
    if criteria.lacking.as_deref() != Some("1") {
        return Ok(None);
    }
    let pairs = sqlx::query_as("SELECT DISTINCT organisation_id, mission FROM qualification_requirements")
        .fetch_all(&db.pool)
        .await?;
    Ok(Some(pairs))
}

/// The memberships of one person that `actor` may see; 404 when none.
pub async fn person(db: &Db, actor: &Actor, person: i64) -> AppResult<Vec<MemberRow>> {
    let mut f = filter(
        actor,
        db.backend,
        &ListQuery::default(),
        &PeopleFilter {
            memberships: Some("all".into()),
            ..Default::default()
        },
        (NaiveDate::MIN, None),
    );
    f.and("p.id = ?", [Param::Int(person)]);
    let sql = format!("{SELECT}{} ORDER BY m.ended_at DESC, o.acronym", f.sql());
    let rows: Vec<MemberRow> = f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    if rows.is_empty() && actor.person_id != person {
        return Err(AppError::NotFound);
    }
    Ok(rows)
}

/// A section of an organisation, for the scope of a membership.
#[derive(Clone, Debug, FromRow)]
pub struct Section {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
}

pub async fn sections(db: &Db, organisations: &[i64]) -> AppResult<Vec<Section>> {
    if organisations.is_empty() {
        return Ok(vec![]);
    }
    let marks: Vec<String> = (1..=organisations.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, organisation_id, name FROM sections WHERE organisation_id IN ({}) ORDER BY name",
        marks.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in organisations {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(&db.pool).await?)
}
