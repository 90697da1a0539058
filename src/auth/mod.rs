//! Who is asking: login, sessions, personal API tokens, password reset.

pub mod keys;
mod login;
pub mod offers;
mod ratelimit;
mod reset;
pub mod secrets;
pub mod sessions;

use axum::Router;
use axum::routing::get;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::db::Db;
use crate::permissions::{Actor, Membership, Role, Scope};
use crate::state::AppState;

/// The person behind a session or a token.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub language: Option<String>,
    pub platform_admin: bool,
}

impl FromRow<'_, AnyRow> for Person {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            language: row.try_get("language")?,
            platform_admin: row.try_get::<i64, _>("platform_admin")? == 1,
        })
    }
}

/// A signed-in person and what they may do.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub person: Person,
    pub actor: Actor,
    /// The browser session, absent for API tokens.
    pub session_id: Option<i64>,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/password/forgot", get(reset::forgot_form).post(reset::forgot_submit))
        .route(
            "/password/reset/{token}",
            get(reset::reset_form).post(reset::reset_submit),
        )
}

#[derive(FromRow)]
struct MembershipRow {
    id: i64,
    organisation_id: i64,
    acronym: String,
    kind: String,
    country: String,
    role: String,
    scope_kind: String,
    scope_section_id: Option<i64>,
}

/// The active memberships of a person, as the permission rules see them.
pub async fn load_actor(db: &Db, person: &Person) -> Result<Actor, sqlx::Error> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT m.id, m.organisation_id, o.acronym, o.kind, o.country, m.role, m.scope_kind, m.scope_section_id \
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.person_id = $1 AND m.ended_at IS NULL ORDER BY o.acronym, m.id",
    )
    .bind(person.id)
    .fetch_all(&db.pool)
    .await?;
    let memberships = rows
        .into_iter()
        .filter_map(|r| {
            let scope = match (r.scope_kind.as_str(), r.scope_section_id) {
                ("section", Some(id)) => Scope::Section(id),
                // Establishment lists arrive with the directory; until then an
                // establishment-scoped membership covers none.
                ("establishments", _) => Scope::Establishments(Vec::new()),
                _ => Scope::Organisation,
            };
            Some(Membership {
                id: r.id,
                organisation_id: r.organisation_id,
                organisation_acronym: r.acronym,
                administration: r.kind == "prison_administration",
                country: r.country,
                role: Role::parse(&r.role)?,
                scope,
            })
        })
        .collect();
    Ok(Actor {
        person_id: person.id,
        platform_admin: person.platform_admin,
        memberships,
    })
}

/// The person who owns an active API token, if any; records its use.
pub async fn person_for_api_token(db: &Db, token: &str, now: &str) -> Result<Option<Person>, sqlx::Error> {
    let hash = secrets::token_hash(token);
    let person: Option<Person> = sqlx::query_as(
        "SELECT p.id, p.email, p.name, p.language, p.platform_admin FROM api_tokens t \
         JOIN persons p ON p.id = t.person_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.active = 1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    if person.is_some() {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(person)
}

/// Finds an active person by email (emails are stored lower-case).
pub async fn find_person_by_email(db: &Db, email: &str) -> Result<Option<(Person, Option<String>)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        person: Person,
        password_hash: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, email, name, language, platform_admin, password_hash FROM persons \
         WHERE email = $1 AND active = 1",
    )
    .bind(normalise_email(email))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| (r.person, r.password_hash)))
}

/// An active person by id.
pub async fn find_person_by_id(db: &Db, id: i64) -> Result<Option<Person>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, name, language, platform_admin FROM persons WHERE id = $1 AND active = 1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Emails compare without case or surrounding spaces.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
