//! Organisation queries.

use sqlx::FromRow;

use super::ValidOrganisation;
use crate::audit::Write;
use crate::db::{Db, Filter, Param, is_unique_violation, timestamp};
use crate::error::{AppError, AppResult, FieldError};
use crate::web::list::{ListQuery, Paged};

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub acronym: String,
    /// `prison_administration`, `volunteer_organisation` or `other`.
    pub kind: String,
    pub country: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Organisation {
    pub fn kind_label(&self) -> &'static str {
        super::OrganisationKind::parse(&self.kind).map_or("organisation.kind.other", |k| k.label())
    }
}

/// A member as listed on the organisation page.
#[derive(Clone, Debug, FromRow)]
pub struct Member {
    pub person_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub scope_kind: String,
    pub started_at: String,
}

impl Member {
    pub fn role_label(&self) -> &'static str {
        crate::permissions::Role::parse(&self.role).map_or("role.volunteer", |r| r.label())
    }

    pub fn scope_label(&self) -> &'static str {
        match self.scope_kind.as_str() {
            "section" => "scope.section",
            "establishments" => "scope.establishments",
            _ => "scope.organisation",
        }
    }
}

const COLUMNS: &str = "id, name, acronym, kind, country, created_at, updated_at";

/// Filters of the organisation list besides search and sort.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this country (ISO code).
    pub country: Option<String>,
}

pub async fn list(db: &Db, query: &ListQuery, filter: &OrganisationFilter) -> AppResult<Paged<Organisation>> {
    let mut f = Filter::default();
    if let Some(q) = query.search() {
        f.search(&["name", "acronym"], q);
    }
    if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        f.and("kind = ?", [Param::Text(kind.to_owned())]);
    }
    if let Some(country) = filter.country.as_deref().filter(|c| !c.is_empty()) {
        f.and("country = ?", [Param::Text(country.trim().to_uppercase())]);
    }
    let order = query.order_by(
        &[
            ("name", "name"),
            ("acronym", "acronym"),
            ("kind", "kind"),
            ("country", "country"),
        ],
        "id",
    );
    let select = format!("SELECT {COLUMNS} FROM organisations");
    Ok(f.page(db, &select, "SELECT COUNT(*) FROM organisations", &order, query)
        .await?)
}

pub async fn get(db: &Db, id: i64) -> AppResult<Organisation> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM organisations WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

fn acronym_taken(err: sqlx::Error) -> AppError {
    if is_unique_violation(&err, "organisations_acronym_key") || is_unique_violation(&err, "organisations.acronym") {
        AppError::Invalid(vec![FieldError {
            field: "acronym".into(),
            message: "organisation.acronym_taken",
        }])
    } else {
        err.into()
    }
}

/// Inserts an organisation inside a write; its new id.
pub async fn insert(write: &mut Write, org: &ValidOrganisation) -> AppResult<i64> {
    let now = timestamp(write.now());
    sqlx::query_scalar(
        "INSERT INTO organisations (name, acronym, kind, country, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(&org.name)
    .bind(&org.acronym)
    .bind(org.kind.as_str())
    .bind(&org.country)
    .bind(now)
    .fetch_one(write.conn())
    .await
    .map_err(acronym_taken)
}

pub async fn update(write: &mut Write, id: i64, org: &ValidOrganisation) -> AppResult<()> {
    let now = timestamp(write.now());
    let done = sqlx::query(
        "UPDATE organisations SET name = $1, acronym = $2, kind = $3, country = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&org.name)
    .bind(&org.acronym)
    .bind(org.kind.as_str())
    .bind(&org.country)
    .bind(now)
    .bind(id)
    .execute(write.conn())
    .await
    .map_err(acronym_taken)?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A summary of what changed between two versions, for the audit log.
pub fn describe_change(before: &Organisation, after: &ValidOrganisation) -> String {
    let mut changes = Vec::new();
    for (field, old, new) in [
        ("name", before.name.as_str(), after.name.as_str()),
        ("acronym", before.acronym.as_str(), after.acronym.as_str()),
        ("kind", before.kind.as_str(), after.kind.as_str()),
        ("country", before.country.as_str(), after.country.as_str()),
    ] {
        if old != new {
            changes.push(format!("{field}: {old:?} → {new:?}"));
        }
    }
    if changes.is_empty() {
        "no change".into()
    } else {
        changes.join("; ")
    }
}

pub async fn members(db: &Db, organisation: i64, query: &ListQuery) -> AppResult<Paged<Member>> {
    let mut f = Filter::default();
    f.and(
        "m.organisation_id = ? AND m.ended_at IS NULL",
        [Param::Int(organisation)],
    );
    if let Some(q) = query.search() {
        f.search(&["p.name", "p.email"], q);
    }
    let order = query.order_by(
        &[("name", "p.name"), ("role", "m.role"), ("since", "m.started_at")],
        "m.id",
    );
    let from = " FROM memberships m JOIN persons p ON p.id = m.person_id";
    let select = format!("SELECT p.id AS person_id, p.name, p.email, m.role, m.scope_kind, m.started_at{from}");
    Ok(f.page(db, &select, &format!("SELECT COUNT(*){from}"), &order, query)
        .await?)
}
