//! Referral queries. Beneficiary fields are read only through
//! [`beneficiary`], which logs the read.

use sqlx::FromRow;

use super::rules::{Kind, Party, State};
use crate::db::{Db, Filter, Param, in_marks, timestamp};
use crate::error::{AppError, AppResult};
use crate::permissions::{Actor, Role};
use crate::web::list::{ListQuery, Paged};

/// A referral without its beneficiary: what lists, aggregates and the API
/// show to every party.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Referral {
    pub id: i64,
    /// to_courses, to_visitor or meet_learner.
    pub kind: String,
    /// draft, submitted, awaiting_approval, approved, refused, accepted, assigned, in_contact, closed or declined.
    pub state: String,
    pub establishment_id: i64,
    pub establishment: String,
    pub country: String,
    pub sender_id: i64,
    pub sender_name: String,
    pub sender_organisation_id: i64,
    pub sender_organisation: String,
    pub receiving_organisation_id: i64,
    pub receiving_organisation: String,
    pub assigned_id: Option<i64>,
    pub assigned_name: Option<String>,
    pub outcome: String,
    pub reason: String,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub waiting_since: Option<String>,
    pub accepted_at: Option<String>,
    pub closed_at: Option<String>,
    /// When the beneficiary's data was erased after the retention period.
    pub purged_at: Option<String>,
}

impl Referral {
    pub fn kind(&self) -> Kind {
        Kind::parse(&self.kind).unwrap_or(Kind::ToCourses)
    }

    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Draft)
    }
}

/// The beneficiary, as recorded with the minimum needed.
#[derive(Clone, Debug, Default, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Beneficiary {
    /// A pseudonymous reference chosen by the sender (never a name).
    pub reference: Option<String>,
    pub language: Option<String>,
    pub needs: Option<String>,
    /// Shown only to the sender, the approver and, once accepted, the receiving side.
    pub prison_number: Option<String>,
    pub consent_on: Option<String>,
    pub consent_by: Option<String>,
}

pub(super) const SELECT: &str = "SELECT r.id, r.kind, r.state, r.establishment_id, e.name AS establishment, e.country, \
     r.sender_id, s.name AS sender_name, r.sender_organisation_id, so.acronym AS sender_organisation, \
     r.receiving_organisation_id, ro.acronym AS receiving_organisation, r.assigned_id, a.name AS assigned_name, \
     r.outcome, r.reason, r.created_at, r.submitted_at, r.waiting_since, r.accepted_at, r.closed_at, r.purged_at";
pub(super) const FROM: &str = " FROM referrals r JOIN establishments e ON e.id = r.establishment_id \
     JOIN persons s ON s.id = r.sender_id JOIN organisations so ON so.id = r.sender_organisation_id \
     JOIN organisations ro ON ro.id = r.receiving_organisation_id LEFT JOIN persons a ON a.id = r.assigned_id";

/// Only the referrals `actor` is a party to. Platform administrators are
/// not parties: detainee data is shown to the people handling it, no one else.
fn visible(f: &mut Filter, actor: &Actor) {
    let after_draft = "r.state <> 'draft'";
    let when = Parties {
        sender: Some("1 = 1"),
        assignee: after_draft,
        receiver: after_draft,
        approver: "r.kind = 'meet_learner' AND r.state <> 'draft'",
    };
    as_party(f, actor, &when);
}

/// Referrals whose next step is `actor`'s: to accept, decline or assign
/// for the receiving organisation's coordinators, to approve for the
/// probation service, to contact or close for the one assigned.
fn waiting_for(f: &mut Filter, actor: &Actor) {
    let when = Parties {
        sender: None,
        assignee: "r.state IN ('assigned', 'in_contact')",
        receiver: "r.state IN ('submitted', 'approved', 'accepted')",
        approver: "r.state = 'awaiting_approval'",
    };
    as_party(f, actor, &when);
}

/// The condition a referral meets for each of its parties (see [`as_party`]);
/// the sender counts only with one.
struct Parties {
    sender: Option<&'static str>,
    assignee: &'static str,
    receiver: &'static str,
    approver: &'static str,
}

/// Only referrals where `actor` is a party (sender, assignee, coordinator
/// of the receiving organisation, probation service of the establishment's
/// country) and the referral meets that party's condition in `when`.
fn as_party(f: &mut Filter, actor: &Actor, when: &Parties) {
    let mut clauses = vec![format!("(r.assigned_id = ? AND {})", when.assignee)];
    let mut params = vec![Param::Int(actor.person_id)];
    if let Some(sender) = when.sender {
        clauses.push(format!("(r.sender_id = ? AND {sender})"));
        params.push(Param::Int(actor.person_id));
    }
    if let Some((receiving, receiving_params)) =
        actor.coordinated_sql("r.receiving_organisation_id", "r.establishment_id")
    {
        clauses.push(format!("({} AND ({receiving}))", when.receiver));
        params.extend(receiving_params);
    }
    let countries = approving_countries(actor);
    if !countries.is_empty() {
        clauses.push(format!(
            "({} AND e.country IN ({}))",
            when.approver,
            in_marks(countries.len())
        ));
        params.extend(countries.into_iter().map(Param::Text));
    }
    f.and(&format!("({})", clauses.join(" OR ")), params);
}

/// The countries whose probation services `actor` works for.
fn approving_countries(actor: &Actor) -> Vec<String> {
    let mut countries: Vec<String> = actor
        .memberships
        .iter()
        .filter(|m| m.administration && m.role == Role::PrisonStaff)
        .map(|m| m.country.clone())
        .collect();
    countries.dedup();
    countries
}

/// What `actor` is to `referral`; empty when they may not see it.
pub async fn parties(db: &Db, actor: &Actor, referral: &Referral) -> AppResult<Vec<Party>> {
    let mut parties = Vec::new();
    if referral.sender_id == actor.person_id {
        parties.push(Party::Sender);
    }
    if referral.state() == State::Draft {
        return Ok(parties);
    }
    if referral.assigned_id == Some(actor.person_id) {
        parties.push(Party::Assignee);
    }
    if referral.kind().needs_approval() && approving_countries(actor).contains(&referral.country) {
        parties.push(Party::Approver);
    }
    let sections: Vec<i64> =
        sqlx::query_scalar("SELECT section_id FROM section_establishments WHERE establishment_id = $1")
            .bind(referral.establishment_id)
            .fetch_all(&db.pool)
            .await?;
    if actor.coordinates(referral.receiving_organisation_id, referral.establishment_id, &sections) {
        parties.push(Party::Receiver);
    }
    Ok(parties)
}

/// Filters of the referral list besides search and sort.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralFilter {
    /// A state, or `open` for every state that is not final.
    pub state: Option<String>,
    /// to_courses, to_visitor or meet_learner.
    pub kind: Option<String>,
    /// `me`: only those whose next step is the caller's (see [`waiting_for`]).
    pub waiting: Option<String>,
}

const SORTS: &[(&str, &str)] = &[
    ("updated", "r.updated_at"),
    ("created", "r.created_at"),
    ("establishment", "e.name"),
    ("state", "r.state"),
];

pub async fn list(db: &Db, actor: &Actor, query: &ListQuery, criteria: &ReferralFilter) -> AppResult<Paged<Referral>> {
    let mut f = Filter::default();
    visible(&mut f, actor);
    if let Some(q) = query.search() {
        match q.trim_start_matches('#').parse::<i64>() {
            Ok(id) => f.and("r.id = ?", [Param::Int(id)]),
            Err(_) => f.search(&["e.name", "so.acronym", "ro.acronym"], q),
        };
    }
    match criteria.state.as_deref() {
        Some("open") => f.and("r.state NOT IN ('refused', 'closed', 'declined')", []),
        Some(state) if State::parse(state).is_some() => f.and("r.state = ?", [Param::Text(state.to_owned())]),
        _ => &mut f,
    };
    if let Some(kind) = criteria.kind.as_deref().and_then(Kind::parse) {
        f.and("r.kind = ?", [Param::Text(kind.as_str().to_owned())]);
    }
    if criteria.waiting.as_deref() == Some("me") {
        waiting_for(&mut f, actor);
    }
    // The most recently changed first unless asked otherwise: what needs
    // doing is recent, the closed years behind.
    let mut query = query.clone();
    if query.sort.is_none() {
        query.dir.get_or_insert_with(|| "desc".into());
    }
    let order = query.order_by(SORTS, "r.id");
    let query = &query;
    let select = format!("{SELECT}{FROM}");
    let count = format!("SELECT COUNT(*){FROM}");
    Ok(f.page(db, &select, &count, &order, query).await?)
}

/// One referral `actor` is a party to, with their parties; 404 otherwise.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<(Referral, Vec<Party>)> {
    let referral: Referral = sqlx::query_as(&format!("{SELECT}{FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let parties = parties(db, actor, &referral).await?;
    if parties.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok((referral, parties))
}

/// One referral opened by a party, with its beneficiary (the read is
/// logged in request `request_id`); 404 for anyone else.
pub async fn open(
    db: &Db,
    actor: &Actor,
    id: i64,
    request_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<(Referral, Vec<Party>, Beneficiary)> {
    let (referral, parties) = get(db, actor, id).await?;
    let beneficiary = beneficiary(db, &referral, &parties, actor.person_id, request_id, now).await?;
    Ok((referral, parties, beneficiary))
}

/// The beneficiary of a referral, for a party; the read is logged. The
/// prison number is left out for the receiving side until it has accepted.
async fn beneficiary(
    db: &Db,
    referral: &Referral,
    parties: &[Party],
    reader: i64,
    request_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Beneficiary> {
    let mut beneficiary: Beneficiary = sqlx::query_as(
        "SELECT beneficiary_ref AS reference, language, needs, prison_number, consent_on, consent_by \
         FROM referrals WHERE id = $1",
    )
    .bind(referral.id)
    .fetch_one(&db.pool)
    .await?;
    let receiver_only = parties.iter().all(|p| *p == Party::Receiver);
    let accepted = !matches!(
        referral.state(),
        State::Submitted | State::AwaitingApproval | State::Approved | State::Refused
    );
    if receiver_only && !accepted {
        beneficiary.prison_number = None;
    }
    sqlx::query("INSERT INTO beneficiary_reads (referral_id, person_id, at, request_id) VALUES ($1, $2, $3, $4)")
        .bind(referral.id)
        .bind(reader)
        .bind(timestamp(now))
        .bind(request_id)
        .execute(&db.pool)
        .await?;
    Ok(beneficiary)
}

/// A transition of the history.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Event {
    pub state: String,
    pub person: Option<String>,
    pub at: String,
    pub note: String,
}

impl Event {
    pub fn label(&self) -> &'static str {
        State::parse(&self.state).map_or("referral.state.draft", State::label)
    }
}

pub async fn events(db: &Db, id: i64) -> AppResult<Vec<Event>> {
    Ok(sqlx::query_as(
        "SELECT v.state, p.name AS person, v.at, v.note FROM referral_events v \
         LEFT JOIN persons p ON p.id = v.person_id WHERE v.referral_id = $1 ORDER BY v.at, v.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// Who read the beneficiary's data, shown to the parties.
#[derive(Clone, Debug, FromRow)]
pub struct Read {
    pub person: String,
    pub at: String,
}

pub async fn reads(db: &Db, id: i64) -> AppResult<Vec<Read>> {
    Ok(sqlx::query_as(
        "SELECT p.name AS person, b.at FROM beneficiary_reads b JOIN persons p ON p.id = b.person_id \
         WHERE b.referral_id = $1 ORDER BY b.at DESC, b.id DESC LIMIT 50",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// A member of the receiving organisation who may take the referral: valid
/// authorisation for its establishment today.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub mission: String,
}

pub async fn candidates(db: &Db, referral: &Referral, today: chrono::NaiveDate) -> AppResult<Vec<Candidate>> {
    Ok(sqlx::query_as(&format!(
        "SELECT DISTINCT p.id AS person_id, p.name, m.mission FROM authorisations a \
         JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN persons p ON p.id = a.person_id \
         JOIN memberships m ON m.person_id = p.id AND m.organisation_id = a.organisation_id AND m.ended_at IS NULL \
         WHERE a.organisation_id = $2 AND ae.establishment_id = $3 AND p.active = 1 AND {} ORDER BY p.name",
        crate::authorisations::rules::valid_sql(1)
    ))
    .bind(today.to_string())
    .bind(referral.receiving_organisation_id)
    .bind(referral.establishment_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Open referrals per age bracket and state, and the median days to
/// acceptance, for the referrals `actor` receives: counts only.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// Open referrals waiting for acceptance, by age bracket (≤7, ≤14, ≤30, more days).
    pub waiting_by_age: [i64; 4],
    /// Referrals per state.
    pub by_state: Vec<(String, i64)>,
    /// Median days from submission to acceptance, over accepted referrals.
    pub median_days_to_accept: Option<f64>,
}

pub async fn dashboard(db: &Db, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> AppResult<Dashboard> {
    let mut f = Filter::default();
    visible(&mut f, actor);
    let rows: Vec<(String, Option<String>, Option<String>)> = f
        .bind(sqlx::query_as(&format!(
            "SELECT r.state, r.waiting_since, r.accepted_at{FROM}{}",
            f.sql()
        )))
        .fetch_all(&db.pool)
        .await?;
    let mut dashboard = Dashboard::default();
    let mut delays = Vec::new();
    for (state, waiting_since, accepted_at) in &rows {
        match dashboard.by_state.iter_mut().find(|(s, _)| s == state) {
            Some((_, n)) => *n += 1,
            None => dashboard.by_state.push((state.clone(), 1)),
        }
        let since = waiting_since.as_deref().and_then(crate::db::parse_timestamp);
        let accepted = accepted_at.as_deref().and_then(crate::db::parse_timestamp);
        match (State::parse(state), since, accepted) {
            (Some(s), Some(since), _) if s.awaits_acceptance() => {
                dashboard.waiting_by_age[super::rules::age_bracket((now - since).num_days())] += 1;
            }
            (_, Some(since), Some(accepted)) => delays.push((accepted - since).num_hours()),
            _ => {}
        }
    }
    dashboard
        .by_state
        .sort_by_key(|(s, _)| State::ALL.iter().position(|x| x.as_str() == s));
    dashboard.median_days_to_accept =
        crate::authorisations::rules::percentile(&delays, 50.0).map(|hours| hours as f64 / 24.0);
    Ok(dashboard)
}
