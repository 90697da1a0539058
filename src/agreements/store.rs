//! Agreement queries. Only the members of a party see an agreement (and
//! platform administrators); its admins and coordinators evaluate it, its
//! administrators change it.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{self, AgreementStatus, Outcome};
use crate::db::{Db, Filter, Param};
use crate::error::{AppError, AppResult};
use crate::permissions::{Action, Actor, Role};
use crate::web::list::{ListQuery, Paged};

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Agreement {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub signed_on: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub replaces_id: Option<i64>,
    pub replaces: Option<String>,
    pub draft: i64,
    pub terminated_on: Option<String>,
    pub document_name: Option<String>,
    /// The parties' acronyms, comma-separated.
    pub parties: String,
    /// draft, upcoming, in_force, expired or terminated, today.
    pub status: String,
}

impl Agreement {
    pub fn status(&self) -> AgreementStatus {
        AgreementStatus::parse(&self.status).unwrap_or(AgreementStatus::Draft)
    }

    pub fn day(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Party {
    pub organisation_id: i64,
    pub acronym: String,
    pub name: String,
    pub signatory: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Category {
    pub id: i64,
    pub position: i64,
    pub name: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Commitment {
    pub id: i64,
    pub category_id: i64,
    pub text: String,
    pub indicators: String,
    /// The parties answering for it, comma-separated (empty: all).
    pub responsible: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub id: i64,
    pub category_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub noted_on: String,
    pub text: String,
    pub link: String,
    pub author: Option<String>,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Evaluation {
    pub id: i64,
    pub agreement_id: i64,
    pub anniversary: String,
    pub opened_at: String,
    pub closed_at: Option<String>,
    /// Commitments given an outcome, of all.
    pub answered: i64,
    /// How many commitments it evaluates (in JSON `commitments`: `items`
    /// is the list of them in an evaluation's detail).
    #[serde(rename = "commitments")]
    pub items: i64,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Post {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub author: Option<String>,
    pub created_at: String,
}

/// What `actor` may do with an agreement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Read it, add follow-up notes and news.
    pub member: bool,
    /// Fill in its evaluations.
    pub evaluate: bool,
    /// Change it, its commitments; close evaluations.
    pub manage: bool,
}

/// `actor`'s rights on an agreement between `parties`.
pub fn rights(actor: &Actor, parties: &[i64]) -> Rights {
    if actor.platform_admin {
        return Rights {
            member: true,
            evaluate: true,
            manage: true,
        };
    }
    let of_party = |roles: &[Role]| {
        actor
            .memberships
            .iter()
            .any(|m| parties.contains(&m.organisation_id) && roles.contains(&m.role))
    };
    Rights {
        member: of_party(&[Role::Volunteer, Role::Coordinator, Role::OrgAdmin, Role::PrisonStaff]),
        evaluate: of_party(&[Role::Coordinator, Role::OrgAdmin]),
        manage: parties.iter().any(|p| actor.can(Action::EditOrganisation(*p))),
    }
}

/// Only the agreements of `actor`'s organisations (not as an observer).
fn visible(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let orgs: Vec<Param> = actor
        .memberships
        .iter()
        .filter(|m| m.role != Role::Observer)
        .map(|m| Param::Int(m.organisation_id))
        .collect();
    if orgs.is_empty() {
        f.and("1 = 0", []);
        return;
    }
    f.and(
        &format!(
            "a.id IN (SELECT agreement_id FROM agreement_parties WHERE organisation_id IN ({}))",
            crate::db::in_marks(orgs.len())
        ),
        orgs,
    );
}

/// The agreements' columns, their status on the day bound as `$1`.
fn select(db: &Db) -> String {
    format!(
        "SELECT a.id, a.title, a.summary, a.signed_on, a.starts_on, a.ends_on, a.replaces_id, r.title AS replaces, \
         a.draft, a.terminated_on, a.document_name, \
         COALESCE((SELECT {parties} FROM agreement_parties ap JOIN organisations o ON o.id = ap.organisation_id \
           WHERE ap.agreement_id = a.id), '') AS parties, {status} AS status \
         FROM agreements a LEFT JOIN agreements r ON r.id = a.replaces_id",
        parties = db.backend.string_agg("o.acronym"),
        status = rules::status_sql("$1"),
    )
}

/// Which agreements a list shows.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementFilter {
    /// draft, upcoming, in_force, expired or terminated.
    pub status: Option<String>,
    /// `open`: those with an evaluation open that the caller fills in (as
    /// an administrator or coordinator of a party).
    pub evaluation: Option<String>,
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    criteria: &AgreementFilter,
    today: NaiveDate,
) -> AppResult<Paged<Agreement>> {
    let mut f = Filter::binding([Param::Text(today.to_string())]);
    visible(&mut f, actor);
    if let Some(status) = criteria.status.as_deref().and_then(AgreementStatus::parse) {
        f.and(
            &format!("{} = ?", rules::status_sql("$1")),
            [Param::Text(status.as_str().to_owned())],
        );
    }
    if criteria.evaluation.as_deref() == Some("open") {
        let evaluating: Vec<Param> = actor
            .memberships
            .iter()
            .filter(|m| matches!(m.role, Role::Coordinator | Role::OrgAdmin))
            .map(|m| Param::Int(m.organisation_id))
            .collect();
        if evaluating.is_empty() && !actor.platform_admin {
            f.and("1 = 0", []);
        } else {
            let parties = if actor.platform_admin {
                String::new()
            } else {
                format!(
                    " AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE organisation_id IN ({}))",
                    crate::db::in_marks(evaluating.len())
                )
            };
            f.and(
                &format!("a.id IN (SELECT agreement_id FROM agreement_evaluations WHERE closed_at IS NULL){parties}"),
                if actor.platform_admin { Vec::new() } else { evaluating },
            );
        }
    }
    if let Some(q) = query.search() {
        f.search(&["a.title", "a.summary"], q);
    }
    // The latest first unless asked otherwise.
    let mut query = query.clone();
    if query.sort.is_none() {
        query.dir.get_or_insert_with(|| "desc".into());
    }
    let order = query.order_by(
        &[("start", "a.starts_on"), ("title", "a.title"), ("end", "a.ends_on")],
        "a.id",
    );
    let count = "SELECT COUNT(*) FROM agreements a";
    Ok(f.page(db, &select(db), count, &order, &query).await?)
}

/// One agreement with its parties, if `actor` may see it; and their rights.
pub async fn get(db: &Db, actor: &Actor, id: i64, today: NaiveDate) -> AppResult<(Agreement, Vec<Party>, Rights)> {
    let mut f = Filter::binding([Param::Text(today.to_string())]);
    f.and("a.id = ?", [Param::Int(id)]);
    visible(&mut f, actor);
    let agreement: Agreement = f
        .bind(sqlx::query_as(&format!("{}{}", select(db), f.sql())))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let parties: Vec<Party> = sqlx::query_as(
        "SELECT ap.organisation_id, o.acronym, o.name, ap.signatory FROM agreement_parties ap \
         JOIN organisations o ON o.id = ap.organisation_id WHERE ap.agreement_id = $1 ORDER BY o.acronym",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let ids: Vec<i64> = parties.iter().map(|p| p.organisation_id).collect();
    Ok((agreement, parties, rights(actor, &ids)))
}

pub async fn categories(db: &Db, agreement: i64) -> AppResult<Vec<Category>> {
    Ok(sqlx::query_as(
        "SELECT id, position, name FROM agreement_categories WHERE agreement_id = $1 ORDER BY position, id",
    )
    .bind(agreement)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn commitments(db: &Db, agreement: i64) -> AppResult<Vec<Commitment>> {
    Ok(sqlx::query_as(&format!(
        "SELECT c.id, c.category_id, c.text, c.indicators, COALESCE((SELECT {} FROM commitment_parties cp \
         JOIN organisations o ON o.id = cp.organisation_id WHERE cp.commitment_id = c.id), '') AS responsible \
         FROM commitments c JOIN agreement_categories k ON k.id = c.category_id \
         WHERE c.agreement_id = $1 ORDER BY k.position, c.position, c.id",
        db.backend.string_agg("o.acronym")
    ))
    .bind(agreement)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn follow_ups(db: &Db, agreement: i64) -> AppResult<Vec<FollowUp>> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.category_id, f.commitment_id, f.noted_on, f.text, f.link, p.name AS author \
         FROM agreement_follow_ups f LEFT JOIN persons p ON p.id = f.author_id \
         WHERE f.agreement_id = $1 ORDER BY f.noted_on DESC, f.id DESC",
    )
    .bind(agreement)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn evaluations(db: &Db, agreement: i64) -> AppResult<Vec<Evaluation>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.agreement_id, e.anniversary, e.opened_at, e.closed_at, \
         (SELECT COUNT(*) FROM evaluation_items i WHERE i.evaluation_id = e.id AND i.outcome IS NOT NULL) AS answered, \
         (SELECT COUNT(*) FROM evaluation_items i WHERE i.evaluation_id = e.id) AS items \
         FROM agreement_evaluations e WHERE e.agreement_id = $1 ORDER BY e.anniversary DESC",
    )
    .bind(agreement)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn posts(db: &Db, agreement: i64, limit: i64) -> AppResult<Vec<Post>> {
    Ok(sqlx::query_as(
        "SELECT b.id, b.title, b.body, p.name AS author, b.created_at FROM agreement_posts b \
         LEFT JOIN persons p ON p.id = b.author_id WHERE b.agreement_id = $1 ORDER BY b.created_at DESC, b.id DESC LIMIT $2",
    )
    .bind(agreement)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// One commitment in an evaluation, with the previous evaluation's outcome.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = EvaluationItem)]
pub struct Item {
    pub commitment_id: i64,
    pub category: String,
    pub text: String,
    pub outcome: Option<String>,
    pub comment: String,
    pub previous_outcome: Option<String>,
    pub previous_comment: Option<String>,
}

impl Item {
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }

    pub fn previous(&self) -> Option<Outcome> {
        self.previous_outcome.as_deref().and_then(Outcome::parse)
    }

    pub fn trend(&self) -> rules::Trend {
        rules::trend(self.previous(), self.outcome())
    }
}

/// An evaluation of `agreement` and its items, each beside the previous anniversary's.
pub async fn evaluation(db: &Db, agreement: i64, id: i64) -> AppResult<(Evaluation, Vec<Item>)> {
    let evaluation: Evaluation = sqlx::query_as(
        "SELECT e.id, e.agreement_id, e.anniversary, e.opened_at, e.closed_at, \
         (SELECT COUNT(*) FROM evaluation_items i WHERE i.evaluation_id = e.id AND i.outcome IS NOT NULL) AS answered, \
         (SELECT COUNT(*) FROM evaluation_items i WHERE i.evaluation_id = e.id) AS items \
         FROM agreement_evaluations e WHERE e.id = $1 AND e.agreement_id = $2",
    )
    .bind(id)
    .bind(agreement)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let items = sqlx::query_as(
        "SELECT i.commitment_id, k.name AS category, c.text, i.outcome, i.comment, \
         p.outcome AS previous_outcome, p.comment AS previous_comment \
         FROM evaluation_items i JOIN commitments c ON c.id = i.commitment_id \
         JOIN agreement_categories k ON k.id = c.category_id \
         LEFT JOIN evaluation_items p ON p.commitment_id = i.commitment_id AND p.evaluation_id = \
           (SELECT e.id FROM agreement_evaluations e WHERE e.agreement_id = $2 AND e.anniversary < $3 \
            ORDER BY e.anniversary DESC LIMIT 1) \
         WHERE i.evaluation_id = $1 ORDER BY k.position, c.position, c.id",
    )
    .bind(id)
    .bind(agreement)
    .bind(&evaluation.anniversary)
    .fetch_all(&db.pool)
    .await?;
    Ok((evaluation, items))
}
