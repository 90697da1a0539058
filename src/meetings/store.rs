//! Meeting queries. A meeting is seen by its invitees, by
//! those who organise for its organisation, and, for a network's meeting,
//! by the coordinators of the network's members; platform administrators
//! see everything.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, FromRow};

use super::rules::{Answer, MeetingKind};
use crate::authorisations::rules::valid_sql;
use crate::db::{Db, Filter, Param, in_marks};
use crate::error::{AppError, AppResult};
use crate::permissions::{Action, Actor};
use crate::web::list::{ListQuery, Paged};

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: i64,
    /// national, regional, establishment or administration.
    pub kind: String,
    pub title: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub network_id: Option<i64>,
    pub network: Option<String>,
    pub region_id: Option<i64>,
    pub region: Option<String>,
    pub establishment_id: Option<i64>,
    pub establishment: Option<String>,
    /// The start in universal time (RFC 3339).
    pub starts_at: String,
    /// The start as typed, in `time_zone`.
    pub local_date: String,
    pub local_time: String,
    pub time_zone: String,
    pub duration_minutes: i64,
    pub place: String,
    pub online_link: String,
    pub agenda: String,
    pub minutes: String,
    pub minutes_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub sequence: i64,
    pub invited: i64,
    /// Invitees who answered yes.
    pub coming: i64,
    /// The caller's own answer, when invited (`none` invited but not answered yet).
    pub my_answer: Option<String>,
}

impl Meeting {
    pub fn kind(&self) -> MeetingKind {
        MeetingKind::parse(&self.kind).unwrap_or(MeetingKind::National)
    }

    pub fn start(&self) -> DateTime<Utc> {
        crate::db::parse_timestamp(&self.starts_at).unwrap_or_default()
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.start() + chrono::Duration::minutes(self.duration_minutes)
    }

    /// Where it takes place, for a calendar: the place, the link, or both.
    pub fn location(&self) -> String {
        [self.place.as_str(), self.online_link.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — ")
    }

    /// Not cancelled and not begun: it can be changed, answered, invited to.
    pub fn ahead(&self, now: DateTime<Utc>) -> bool {
        self.cancelled_at.is_none() && !super::rules::held(self.start(), now)
    }

    /// Begun and not cancelled: attendance, minutes and decisions are recorded.
    pub fn held(&self, now: DateTime<Utc>) -> bool {
        self.cancelled_at.is_none() && super::rules::held(self.start(), now)
    }

    pub fn answer(&self) -> Option<Answer> {
        self.my_answer.as_deref().and_then(Answer::parse)
    }

    pub fn invited_me(&self) -> bool {
        self.my_answer.is_some()
    }
}

/// One invited person, with why and their answer.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Invitee {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    /// Their organisations' acronyms.
    pub organisations: String,
    /// chosen, section, region_correspondents, agreement_partner, establishment_presence or network.
    pub rule: String,
    /// What the rule named: the agreement, the section, the region, the organisation present.
    pub reason: String,
    pub agreement_id: Option<i64>,
    /// yes, no or maybe; none before an answer.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// Recorded after the meeting: 1 present, 0 absent.
    pub attended: Option<i64>,
}

impl Invitee {
    pub fn answer_label(&self) -> &'static str {
        self.answer
            .as_deref()
            .and_then(Answer::parse)
            .map_or("meeting.answer.none", Answer::label)
    }

    pub fn rule_label(&self) -> &'static str {
        super::rules::InvitationRule::parse(&self.rule).map_or("meeting.rule.chosen", |r| r.label())
    }

    pub fn was_there(&self) -> bool {
        self.attended == Some(1)
    }
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Document {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub uploaded_at: String,
}

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Decision {
    pub id: i64,
    pub text: String,
    /// The agreement whose follow-up notes it, if any.
    pub agreement_id: Option<i64>,
    pub agreement: Option<String>,
    pub created_at: String,
}

/// Which meetings a list shows.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingFilter {
    /// `upcoming` (the default) or `past`.
    pub when: Option<String>,
    /// national, regional, establishment or administration.
    pub kind: Option<String>,
    /// Only the meetings of one network.
    pub network: Option<i64>,
    /// `none`: only those the caller is invited to and has not answered.
    pub answer: Option<String>,
    /// `missing`: only those held, not cancelled, whose minutes the caller's
    /// organisations have not written yet (implies past meetings).
    pub minutes: Option<String>,
}

impl MeetingFilter {
    pub fn past(&self) -> bool {
        self.when.as_deref() == Some("past") || self.minutes_missing()
    }

    pub fn minutes_missing(&self) -> bool {
        self.minutes.as_deref() == Some("missing")
    }
}

/// The organisations whose meetings `actor` organises.
pub fn organising(actor: &Actor) -> Vec<i64> {
    let mut ids: Vec<i64> = actor
        .memberships
        .iter()
        .map(|m| m.organisation_id)
        .filter(|o| actor.can(Action::OrganiseMeetings(*o)))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The meetings' columns; `$1` is the caller (their own answer).
const SELECT: &str = "SELECT m.id, m.kind, m.title, m.organisation_id, o.acronym AS organisation, m.network_id, n.name AS network, \
     m.region_id, r.name AS region, m.establishment_id, e.name AS establishment, m.starts_at, m.local_date, \
     m.local_time, m.time_zone, m.duration_minutes, m.place, m.online_link, m.agenda, m.minutes, m.minutes_at, \
     m.cancelled_at, m.sequence, \
     (SELECT COUNT(*) FROM meeting_invitations i WHERE i.meeting_id = m.id) AS invited, \
     (SELECT COUNT(*) FROM meeting_invitations i WHERE i.meeting_id = m.id AND i.answer = 'yes') AS coming, \
     CASE WHEN mine.id IS NULL THEN NULL ELSE COALESCE(mine.answer, 'none') END AS my_answer \
     FROM meetings m JOIN organisations o ON o.id = m.organisation_id \
     LEFT JOIN networks n ON n.id = m.network_id LEFT JOIN regions r ON r.id = m.region_id \
     LEFT JOIN establishments e ON e.id = m.establishment_id \
     LEFT JOIN meeting_invitations mine ON mine.meeting_id = m.id AND mine.person_id = $1";

/// Only what `actor` may see (see the module's comment).
fn visible(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let orgs: Vec<Param> = organising(actor).into_iter().map(Param::Int).collect();
    if orgs.is_empty() {
        f.and("mine.id IS NOT NULL", []);
        return;
    }
    let marks = in_marks(orgs.len());
    let both = orgs.iter().chain(orgs.iter()).cloned().collect::<Vec<_>>();
    f.and(
        &format!(
            "mine.id IS NOT NULL OR m.organisation_id IN ({marks}) OR m.network_id IN \
             (SELECT nm.network_id FROM network_members nm WHERE nm.state = 'member' AND nm.organisation_id IN ({marks}))"
        ),
        both,
    );
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    criteria: &MeetingFilter,
    now: DateTime<Utc>,
) -> AppResult<Paged<Meeting>> {
    let mut f = Filter::binding([Param::Int(actor.person_id)]);
    visible(&mut f, actor);
    // A meeting stays "upcoming" for the day it is held.
    let since = crate::db::timestamp(now - chrono::Duration::hours(12));
    if criteria.past() {
        f.and("m.starts_at < ?", [Param::Text(since)]);
    } else {
        f.and("m.starts_at >= ?", [Param::Text(since)]);
    }
    if let Some(kind) = criteria.kind.as_deref().and_then(MeetingKind::parse) {
        f.and("m.kind = ?", [Param::Text(kind.as_str().to_owned())]);
    }
    if let Some(network) = criteria.network {
        f.and("m.network_id = ?", [Param::Int(network)]);
    }
    if criteria.answer.as_deref() == Some("none") {
        f.and(
            "mine.id IS NOT NULL AND mine.answer IS NULL AND m.cancelled_at IS NULL",
            [],
        );
    }
    if criteria.minutes_missing() {
        let organised: Vec<Param> = organising(actor).into_iter().map(Param::Int).collect();
        if organised.is_empty() {
            f.and("1 = 0", []);
        } else {
            f.and(
                &format!(
                    "m.minutes_at IS NULL AND m.cancelled_at IS NULL AND m.organisation_id IN ({})",
                    crate::db::in_marks(organised.len())
                ),
                organised,
            );
        }
    }
    if let Some(q) = query.search() {
        f.search(&["m.title", "m.place", "o.acronym"], q);
    }
    let mut query = query.clone();
    if query.sort.is_none() && criteria.past() {
        query.dir.get_or_insert_with(|| "desc".into());
    }
    let order = query.order_by(
        &[
            ("date", "m.starts_at"),
            ("title", "m.title"),
            ("organiser", "o.acronym"),
        ],
        "m.id",
    );
    let count = "SELECT COUNT(*) FROM meetings m JOIN organisations o ON o.id = m.organisation_id \
                 LEFT JOIN meeting_invitations mine ON mine.meeting_id = m.id AND mine.person_id = $1";
    Ok(f.page(db, SELECT, count, &order, &query).await?)
}

/// What the caller may do with a meeting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Change it, invite, take attendance, write the minutes.
    pub organise: bool,
    /// Invited: answers, reads the minutes.
    pub invited: bool,
}

/// One meeting, if `actor` may see it, with their rights on it.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<(Meeting, Rights)> {
    let mut f = Filter::binding([Param::Int(actor.person_id)]);
    f.and("m.id = ?", [Param::Int(id)]);
    visible(&mut f, actor);
    let meeting: Meeting = f
        .bind(sqlx::query_as(&format!("{SELECT}{}", f.sql())))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let rights = Rights {
        organise: actor.can(Action::OrganiseMeetings(meeting.organisation_id)),
        invited: meeting.invited_me(),
    };
    Ok((meeting, rights))
}

/// One meeting read inside a write, `person`'s answer with it (the caller has checked the rights).
pub async fn load(conn: &mut AnyConnection, person: i64, id: i64) -> AppResult<Meeting> {
    sqlx::query_as(&format!("{SELECT} WHERE m.id = $2"))
        .bind(person)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn invitees(db: &Db, meeting: i64) -> AppResult<Vec<Invitee>> {
    Ok(sqlx::query_as(&format!(
        "SELECT i.id, i.person_id, p.name, COALESCE((SELECT {} FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
           WHERE m.person_id = i.person_id AND m.ended_at IS NULL), '') AS organisations, \
         i.rule, i.reason, i.agreement_id, i.answer, i.answered_at, i.attended \
         FROM meeting_invitations i JOIN persons p ON p.id = i.person_id WHERE i.meeting_id = $1 ORDER BY p.name, i.id",
        db.backend.string_agg_distinct("o.acronym")
    ))
    .bind(meeting)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn documents(db: &Db, meeting: i64) -> AppResult<Vec<Document>> {
    Ok(sqlx::query_as(
        "SELECT id, name, size, uploaded_at FROM meeting_documents WHERE meeting_id = $1 ORDER BY uploaded_at, id",
    )
    .bind(meeting)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn decisions(db: &Db, meeting: i64) -> AppResult<Vec<Decision>> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.text, f.agreement_id, a.title AS agreement, d.created_at FROM meeting_decisions d \
         LEFT JOIN agreement_follow_ups f ON f.id = d.follow_up_id LEFT JOIN agreements a ON a.id = f.agreement_id \
         WHERE d.meeting_id = $1 ORDER BY d.id",
    )
    .bind(meeting)
    .fetch_all(&db.pool)
    .await?)
}

/// A person an automatic rule or a group invites, and what the rule named.
#[derive(Clone, Debug, FromRow)]
pub struct Found {
    pub person_id: i64,
    pub reason: String,
    pub agreement_id: Option<i64>,
}

/// Where correspondents are looked for.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    Region(i64),
    Establishment(i64),
}

/// The prison correspondents with an authorisation valid on `today` in
/// `place`, of `organisation` or of every organisation present there;
/// the reason is their organisation's acronym.
pub async fn correspondents(
    conn: &mut AnyConnection,
    today: NaiveDate,
    organisation: Option<i64>,
    place: Place,
) -> AppResult<Vec<Found>> {
    let mut f = Filter::binding([Param::Text(today.to_string())]);
    f.and(&valid_sql(1), []);
    f.and("mb.mission = 'prison_correspondent' AND p.active = 1", []);
    match place {
        Place::Region(region) => f.and(
            "ae.establishment_id IN (SELECT id FROM establishments WHERE region_id = ?)",
            [Param::Int(region)],
        ),
        Place::Establishment(establishment) => f.and("ae.establishment_id = ?", [Param::Int(establishment)]),
    };
    if let Some(organisation) = organisation {
        f.and("a.organisation_id = ?", [Param::Int(organisation)]);
    }
    let sql = format!(
        "SELECT DISTINCT a.person_id, o.acronym AS reason, CAST(NULL AS BIGINT) AS agreement_id FROM authorisations a \
         JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN memberships mb ON mb.person_id = a.person_id AND mb.organisation_id = a.organisation_id AND mb.ended_at IS NULL \
         JOIN persons p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id{}",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(conn).await?)
}

/// The organisations in an agreement in force on `day` with `organisation`:
/// the agreement, its title and the partner.
pub async fn partners(
    conn: &mut AnyConnection,
    organisation: i64,
    day: NaiveDate,
) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT ag.id, ag.title, other.organisation_id FROM agreements ag \
         JOIN agreement_parties us ON us.agreement_id = ag.id AND us.organisation_id = $1 \
         JOIN agreement_parties other ON other.agreement_id = ag.id AND other.organisation_id <> $1 \
         WHERE ag.draft = 0 AND ag.starts_on <= $2 AND ag.ends_on >= $2 \
         AND (ag.terminated_on IS NULL OR ag.terminated_on > $2) ORDER BY ag.id, other.organisation_id",
    )
    .bind(organisation)
    .bind(day.to_string())
    .fetch_all(conn)
    .await?)
}

/// The national officers of organisations: their administrators and
/// coordinators of the whole organisation (the homologues of a national
/// meeting); the reason is their organisation's acronym.
pub async fn officers(conn: &mut AnyConnection, organisations: &[i64]) -> AppResult<Vec<Found>> {
    let mut f = Filter::default();
    f.and_in(
        "mb.organisation_id",
        organisations.iter().copied().map(Param::Int).collect(),
    );
    f.and(
        "mb.ended_at IS NULL AND p.active = 1 AND (mb.role = 'org_admin' OR (mb.role = 'coordinator' AND mb.scope_kind = 'organisation'))",
        [],
    );
    let sql = format!(
        "SELECT DISTINCT mb.person_id, o.acronym AS reason, CAST(NULL AS BIGINT) AS agreement_id FROM memberships mb \
         JOIN persons p ON p.id = mb.person_id JOIN organisations o ON o.id = mb.organisation_id{}",
        f.sql()
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(conn).await?)
}

/// The members of a section: those scoped to it, and those with an
/// authorisation valid on `today` in one of its establishments.
pub async fn section_members(conn: &mut AnyConnection, section: i64, today: NaiveDate) -> AppResult<Vec<Found>> {
    let sql = format!(
        "SELECT DISTINCT mb.person_id, s.name AS reason, CAST(NULL AS BIGINT) AS agreement_id FROM memberships mb \
         JOIN sections s ON s.id = $2 AND s.organisation_id = mb.organisation_id JOIN persons p ON p.id = mb.person_id \
         WHERE mb.ended_at IS NULL AND p.active = 1 AND mb.role <> 'observer' AND (mb.scope_section_id = $2 OR EXISTS ( \
           SELECT 1 FROM authorisations a JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
           JOIN section_establishments se ON se.establishment_id = ae.establishment_id AND se.section_id = $2 \
           WHERE a.person_id = mb.person_id AND a.organisation_id = mb.organisation_id AND {}))",
        valid_sql(1)
    );
    Ok(sqlx::query_as(&sql)
        .bind(today.to_string())
        .bind(section)
        .fetch_all(conn)
        .await?)
}

/// The meetings `person` is invited to, from 90 days ago, for their calendar feed.
pub async fn invited_to(db: &Db, person: i64, now: DateTime<Utc>) -> AppResult<Vec<Meeting>> {
    let sql = format!("{SELECT} WHERE mine.id IS NOT NULL AND m.starts_at >= $2 ORDER BY m.starts_at, m.id LIMIT 500");
    Ok(sqlx::query_as(&sql)
        .bind(person)
        .bind(crate::db::timestamp(now - chrono::Duration::days(90)))
        .fetch_all(&db.pool)
        .await?)
}

/// A meeting as a calendar event.
pub fn event(state: &crate::state::AppState, m: &Meeting) -> crate::calendar::ical::Event {
    let base = state.config.public_url.trim_end_matches('/');
    crate::calendar::ical::Event {
        uid: format!("meeting-{}@{}", m.id, crate::calendar::domain(base)),
        start: m.start(),
        end: m.end(),
        summary: m.title.clone(),
        location: m.location(),
        description: m.agenda.clone(),
        url: format!("{base}/meetings/{}", m.id),
        cancelled: m.cancelled_at.is_some(),
    }
}
