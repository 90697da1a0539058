//! Authorisation queries.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{self, Dates, Decision};
use crate::db::{Db, Filter, Param, in_marks};
use crate::error::{AppError, AppResult};
use crate::permissions::Actor;
use crate::web::list::{ListQuery, Paged};

/// An application or authorisation, with its computed status.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Authorisation {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub person_email: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub country: String,
    /// The authorisation this one renews.
    pub renews_id: Option<i64>,
    pub filed_on: String,
    /// `granted` or `refused`, once decided.
    pub decision: Option<String>,
    pub decided_on: Option<String>,
    pub refusal_reason: String,
    pub starts_on: Option<String>,
    pub expires_on: Option<String>,
    pub probation_ends_on: Option<String>,
    pub suspended_on: Option<String>,
    pub suspension_reason: String,
    pub withdrawn_on: Option<String>,
    pub withdrawal_reason: String,
    /// in_progress, valid, expiring, expired, suspended, withdrawn or refused, computed today.
    pub status: String,
    /// The names of the establishments, comma-separated.
    pub establishments: Option<String>,
}

fn parse_day(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref()
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

/// The stored columns the status depends on.
#[derive(Clone, Debug, FromRow)]
struct DateColumns {
    decision: Option<String>,
    starts_on: Option<String>,
    expires_on: Option<String>,
    suspended_on: Option<String>,
    withdrawn_on: Option<String>,
}

impl DateColumns {
    fn dates(&self) -> Dates {
        Dates {
            decision: self.decision.as_deref().and_then(Decision::parse),
            starts_on: parse_day(&self.starts_on),
            expires_on: parse_day(&self.expires_on),
            suspended_on: parse_day(&self.suspended_on),
            withdrawn_on: parse_day(&self.withdrawn_on),
        }
    }
}

impl Authorisation {
    pub fn dates(&self) -> Dates {
        DateColumns {
            decision: self.decision.clone(),
            starts_on: self.starts_on.clone(),
            expires_on: self.expires_on.clone(),
            suspended_on: self.suspended_on.clone(),
            withdrawn_on: self.withdrawn_on.clone(),
        }
        .dates()
    }

    pub fn status_label(&self) -> &'static str {
        rules::Status::parse(&self.status).map_or("authorisation.status.in_progress", |s| s.label())
    }
}

/// The SELECT of [`Authorisation`]: `$1` is today, `$2` the last expiry date
/// that counts as expiring.
fn select(db: &Db) -> String {
    format!(
        "SELECT a.id, a.person_id, p.name AS person_name, p.email AS person_email, a.organisation_id, \
         o.acronym AS organisation, a.country, a.renews_id, a.filed_on, a.decision, a.decided_on, a.refusal_reason, \
         a.starts_on, a.expires_on, a.probation_ends_on, a.suspended_on, a.suspension_reason, a.withdrawn_on, \
         a.withdrawal_reason, {status} AS status, \
         (SELECT {names} FROM authorisation_establishments ae JOIN establishments e ON e.id = ae.establishment_id \
          WHERE ae.authorisation_id = a.id) AS establishments \
         FROM authorisations a JOIN persons p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id",
        status = rules::status_sql(1, 2),
        names = db.backend.string_agg("e.name"),
    )
}

/// Filters of the authorisation list besides search and sort.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuthorisationFilter {
    /// in_progress, valid, expiring, expired, suspended, withdrawn or refused.
    pub status: Option<String>,
    /// Organisation id.
    pub organisation: Option<String>,
    /// Establishment id.
    pub establishment: Option<String>,
    /// Region id: authorisations for one of its establishments.
    pub region: Option<String>,
    /// Person id.
    pub person: Option<String>,
}

/// Today and the last expiry date that counts as expiring, bound as `$1`, `$2`.
pub struct Today {
    pub day: NaiveDate,
    pub expiring_until: NaiveDate,
}

impl Today {
    pub fn new(day: NaiveDate) -> Self {
        Self {
            day,
            expiring_until: rules::expiring_until(day, rules::DEFAULT_EXPIRING_DAYS),
        }
    }

    /// The two values, to bind first ([`Filter::binding`]).
    fn params(&self) -> [Param; 2] {
        [
            Param::Text(self.day.to_string()),
            Param::Text(self.expiring_until.to_string()),
        ]
    }
}

/// Only what `actor` may see: their own, their organisations' volunteers',
/// and, for a prison administration, its country's.
pub(super) fn visible(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let mut clauses = vec!["a.person_id = ?".to_owned()];
    let mut params = vec![Param::Int(actor.person_id)];
    let orgs = actor.followed_organisations();
    if !orgs.is_empty() {
        clauses.push(format!("a.organisation_id IN ({})", in_marks(orgs.len())));
        params.extend(orgs.into_iter().map(Param::Int));
    }
    let countries = actor.administered_countries();
    if !countries.is_empty() {
        clauses.push(format!("a.country IN ({})", in_marks(countries.len())));
        params.extend(countries.into_iter().map(Param::Text));
    }
    f.and(&clauses.join(" OR "), params);
}

fn filter(actor: &Actor, today: &Today, query: &ListQuery, filter: &AuthorisationFilter) -> Filter {
    let mut f = Filter::binding(today.params());
    visible(&mut f, actor);
    if let Some(q) = query.search() {
        f.search(&["p.name", "p.email"], q);
    }
    match filter.status.as_deref().and_then(rules::Status::parse) {
        Some(rules::Status::Expiring) => {
            f.and(&rules::expiring_sql(1, 2), []);
        }
        Some(status) => {
            f.and(
                &format!("{} = ?", rules::status_sql(1, 2)),
                [Param::Text(status.as_str().to_owned())],
            );
            // The same condition on the expiry date alone, which the index
            // on it can answer, so that the status is computed for few rows.
            if status == rules::Status::Expired {
                f.and("a.expires_on < $1", []);
            }
        }
        None => {}
    }
    let id = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<i64>().ok());
    if let Some(org) = id(&filter.organisation) {
        f.and("a.organisation_id = ?", [Param::Int(org)]);
    }
    if let Some(person) = id(&filter.person) {
        f.and("a.person_id = ?", [Param::Int(person)]);
    }
    if let Some(region) = id(&filter.region) {
        f.and(
            "EXISTS (SELECT 1 FROM authorisation_establishments x JOIN establishments e ON e.id = x.establishment_id \
             WHERE x.authorisation_id = a.id AND e.region_id = ?)",
            [Param::Int(region)],
        );
    }
    if let Some(establishment) = id(&filter.establishment) {
        f.and(
            "EXISTS (SELECT 1 FROM authorisation_establishments x WHERE x.authorisation_id = a.id AND x.establishment_id = ?)",
            [Param::Int(establishment)],
        );
    }
    f
}

const SORTS: &[(&str, &str)] = &[
    ("expires", "a.expires_on"),
    ("filed", "a.filed_on"),
    ("person", "p.name"),
    ("organisation", "o.acronym"),
];

pub async fn list(
    db: &Db,
    actor: &Actor,
    today: &Today,
    query: &ListQuery,
    criteria: &AuthorisationFilter,
) -> AppResult<Paged<Authorisation>> {
    let f = filter(actor, today, query, criteria);
    // Every authorisation has its person and organisation: the count joins
    // them only when the search looks at the person.
    let count = if query.search().is_some() {
        "SELECT COUNT(*) FROM authorisations a JOIN persons p ON p.id = a.person_id"
    } else {
        "SELECT COUNT(*) FROM authorisations a"
    };
    Ok(f.page(db, &select(db), count, &query.order_by(SORTS, "a.id"), query)
        .await?)
}

/// Every authorisation the filter keeps, for an export.
pub async fn all(
    db: &Db,
    actor: &Actor,
    today: &Today,
    query: &ListQuery,
    criteria: &AuthorisationFilter,
) -> AppResult<Vec<Authorisation>> {
    let f = filter(actor, today, query, criteria);
    let sql = format!("{}{}{}", select(db), f.sql(), query.order_by(SORTS, "a.id"));
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// One authorisation that `actor` may see; 404 otherwise, whether it exists or not.
pub async fn get(db: &Db, actor: &Actor, today: &Today, id: i64) -> AppResult<Authorisation> {
    let mut f = Filter::binding(today.params());
    visible(&mut f, actor);
    f.and("a.id = ?", [Param::Int(id)]);
    let sql = format!("{}{}", select(db), f.sql());
    f.bind(sqlx::query_as(&sql))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// A step of the country's procedure, done or not yet.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = AuthorisationStep)]
pub struct Step {
    pub step_kind_id: i64,
    pub position: i64,
    pub name_fr: String,
    pub name_en: String,
    pub done_on: Option<String>,
    pub note: Option<String>,
    pub recorded_by: Option<String>,
}

impl Step {
    pub fn name(&self, lang: &crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Fr => &self.name_fr,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

pub async fn steps(db: &Db, authorisation: &Authorisation) -> AppResult<Vec<Step>> {
    Ok(sqlx::query_as(
        "SELECT k.id AS step_kind_id, k.position, k.name_fr, k.name_en, s.done_on, s.note, p.name AS recorded_by \
         FROM authorisation_step_kinds k \
         LEFT JOIN authorisation_steps s ON s.step_kind_id = k.id AND s.authorisation_id = $1 \
         LEFT JOIN persons p ON p.id = s.recorded_by \
         WHERE k.country = $2 ORDER BY k.position",
    )
    .bind(authorisation.id)
    .bind(&authorisation.country)
    .fetch_all(&db.pool)
    .await?)
}

/// A suspension, lift or withdrawal.
#[derive(Clone, Debug, FromRow)]
pub struct Event {
    pub kind: String,
    pub happened_on: String,
    pub reason: String,
    pub recorded_by: Option<String>,
}

impl Event {
    pub fn label(&self) -> &'static str {
        match self.kind.as_str() {
            "suspended" => "authorisation.event.suspended",
            "lifted" => "authorisation.event.lifted",
            _ => "authorisation.event.withdrawn",
        }
    }
}

pub async fn events(db: &Db, id: i64) -> AppResult<Vec<Event>> {
    Ok(sqlx::query_as(
        "SELECT v.kind, v.happened_on, v.reason, p.name AS recorded_by FROM authorisation_events v \
         LEFT JOIN persons p ON p.id = v.recorded_by WHERE v.authorisation_id = $1 ORDER BY v.happened_on, v.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// The application that renews this one, if any.
pub async fn renewed_by(db: &Db, id: i64) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM authorisations WHERE renews_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// The authorisations `person` holds for `organisation`, establishment by
/// establishment: what "may they act there on that day?" is decided on,
/// loaded once for a whole batch of activities.
pub struct Held(Vec<(i64, Dates)>);

impl Held {
    pub async fn load(db: &Db, person: i64, organisation: i64) -> AppResult<Self> {
        let rows: Vec<HeldRow> = sqlx::query_as(
            "SELECT ae.establishment_id, a.decision, a.starts_on, a.expires_on, a.suspended_on, a.withdrawn_on \
             FROM authorisations a JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
             WHERE a.person_id = $1 AND a.organisation_id = $2",
        )
        .bind(person)
        .bind(organisation)
        .fetch_all(&db.pool)
        .await?;
        Ok(Self(
            rows.into_iter()
                .map(|r| (r.establishment_id, r.dates.dates()))
                .collect(),
        ))
    }

    /// May they act in `establishment` on `day`? The one rule referrals,
    /// visits and trainings ask.
    pub fn may_act(&self, establishment: i64, day: NaiveDate) -> bool {
        let dates: Vec<Dates> = self
            .0
            .iter()
            .filter(|(e, _)| *e == establishment)
            .map(|(_, d)| *d)
            .collect();
        rules::may_act_on(&dates, day)
    }
}

#[derive(FromRow)]
struct HeldRow {
    establishment_id: i64,
    #[sqlx(flatten)]
    dates: DateColumns,
}

/// May `person` act for `organisation` in `establishment` on `day`?
pub async fn may_act(db: &Db, person: i64, organisation: i64, establishment: i64, day: NaiveDate) -> AppResult<bool> {
    Ok(Held::load(db, person, organisation).await?.may_act(establishment, day))
}
