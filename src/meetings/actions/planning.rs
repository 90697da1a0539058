//! Meetings planned, changed and cancelled, and who is invited automatically.

use super::invitations::{invitation_notices, notices};
use super::*;
use chrono::{NaiveDate, NaiveTime};
use sqlx::AnyConnection;

use crate::audit::{Change, Write};
use crate::auth::{SignedIn, secrets};
use crate::db::{Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::fields::{required_text, time_of_day};
use crate::meetings::rules::{self, InvitationRule, MeetingKind};
use crate::meetings::store::{self, Found, Meeting, Place};
use crate::permissions::Action;
use crate::state::AppState;

/// A meeting as its organiser plans it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct MeetingInput {
    /// national, regional, establishment or administration.
    pub kind: String,
    pub title: String,
    /// The organising organisation (kept when a meeting is changed).
    pub organisation_id: i64,
    /// A network the organisation belongs to, for the network's own meeting.
    pub network_id: Option<i64>,
    /// Required for a regional meeting.
    pub region_id: Option<i64>,
    /// Required for an establishment meeting.
    pub establishment_id: Option<i64>,
    #[schema(value_type = String, format = Date)]
    pub date: Option<NaiveDate>,
    /// Local time, `HH:MM`.
    pub time: String,
    /// Europe/Paris, Europe/Warsaw...
    pub time_zone: String,
    pub duration_minutes: Option<i64>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_link: String,
    #[serde(default)]
    pub agenda: String,
}

/// An input checked: what is stored.
struct Planned {
    kind: MeetingKind,
    title: String,
    region_id: Option<i64>,
    establishment_id: Option<i64>,
    starts_at: String,
    time: NaiveTime,
    date: NaiveDate,
    place: String,
    online_link: String,
    agenda: String,
}

impl Planned {
    /// The stored columns, in the order both the insert and the update bind them.
    fn values(&self, input: &MeetingInput) -> Vec<Param> {
        vec![
            Param::Text(self.kind.as_str().to_owned()),
            Param::Text(self.title.clone()),
            self.region_id.into(),
            self.establishment_id.into(),
            Param::Text(self.starts_at.clone()),
            Param::Text(self.date.to_string()),
            Param::Text(self.time.format("%H:%M").to_string()),
            Param::Text(input.time_zone.trim().to_owned()),
            Param::Int(input.duration_minutes.unwrap_or(60)),
            Param::Text(self.place.clone()),
            Param::Text(self.online_link.clone()),
            Param::Text(self.agenda.clone()),
        ]
    }
}

async fn plan(state: &AppState, input: &MeetingInput) -> AppResult<Planned> {
    let kind = MeetingKind::parse(&input.kind).ok_or(AppError::invalid("kind", "meeting.error.kind"))?;
    let title = required_text(&input.title, 200, "title", "meeting.error.title")?;
    let (region_id, establishment_id) = match kind {
        MeetingKind::Regional if exists(state, "regions", input.region_id).await? => (input.region_id, None),
        MeetingKind::Regional => return Err(AppError::invalid("region_id", "meeting.error.region")),
        MeetingKind::Establishment if exists(state, "establishments", input.establishment_id).await? => {
            (None, input.establishment_id)
        }
        MeetingKind::Establishment => return Err(AppError::invalid("establishment_id", "meeting.error.establishment")),
        _ => (None, None),
    };
    let time = time_of_day(&input.time);
    let (start, _) = rules::schedule(
        input.date,
        time,
        &input.time_zone,
        input.duration_minutes,
        state.clock.now(),
    )
    .map_err(|e| AppError::invalid("date", e.key()))?;
    let (place, online_link) = (input.place.trim(), input.online_link.trim());
    if place.is_empty() && online_link.is_empty() || place.chars().count() > 300 {
        return Err(AppError::invalid("place", "meeting.error.place"));
    }
    if !(online_link.is_empty() || online_link.starts_with("https://")) {
        return Err(AppError::invalid("online_link", "meeting.error.link"));
    }
    if input.agenda.chars().count() > 10_000 {
        return Err(AppError::invalid("agenda", "meeting.error.long"));
    }
    Ok(Planned {
        kind,
        title,
        region_id,
        establishment_id,
        starts_at: timestamp(start),
        time: time.unwrap_or_default(),
        date: input.date.unwrap_or_default(),
        place: place.to_owned(),
        online_link: online_link.to_owned(),
        agenda: input.agenda.trim().to_owned(),
    })
}

pub async fn create(state: &AppState, user: &SignedIn, request_id: &str, input: &MeetingInput) -> AppResult<i64> {
    let organisation = input.organisation_id;
    if !user.actor.can(Action::OrganiseMeetings(organisation)) {
        return Err(AppError::invalid("organisation_id", "meeting.error.organiser"));
    }
    let p = plan(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    if let Some(network) = input.network_id
        && !crate::networks::store::member_of(write.conn(), network, organisation).await?
    {
        return Err(AppError::invalid("network_id", "meeting.error.network"));
    }
    let now = timestamp(write.now());
    let mut values = p.values(input);
    values.extend([
        Param::Int(organisation),
        input.network_id.into(),
        Param::Int(user.person.id),
        Param::Text(now),
    ]);
    let id: i64 = Filter::binding(values)
        .bind_scalar(sqlx::query_scalar(
            "INSERT INTO meetings (kind, title, region_id, establishment_id, starts_at, local_date, local_time, time_zone, \
             duration_minutes, place, online_link, agenda, organisation_id, network_id, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        ))
        .fetch_one(write.conn())
        .await?;
    let meeting = store::load(write.conn(), user.person.id, id).await?;
    let invited = invite_automatically(state, &mut write, user, &meeting).await?;
    invitation_notices(state, &mut write, user, &meeting, &invited).await?;
    let summary = format!("{} on {}, {} invited", p.title, p.starts_at, invited.len());
    let change = Change::new("meeting.create", "meeting", id, Some(organisation), summary);
    write.commit(change).await?;
    Ok(id)
}

/// Who the meeting's automatic rule invites (see [`MeetingKind::automatic_rule`]).
async fn automatic(
    state: &AppState,
    conn: &mut AnyConnection,
    m: &Meeting,
    rule: InvitationRule,
) -> AppResult<Vec<Found>> {
    let today = state.clock.now().date_naive();
    let day: NaiveDate = m.local_date.parse().unwrap_or(today);
    Ok(match rule {
        InvitationRule::Network => {
            let members: Vec<i64> = sqlx::query_scalar(
                "SELECT organisation_id FROM network_members WHERE network_id = $1 AND state = 'member'",
            )
            .bind(m.network_id)
            .fetch_all(&mut *conn)
            .await?;
            store::officers(conn, &members).await?
        }
        InvitationRule::EstablishmentPresence => match m.establishment_id {
            Some(e) => store::correspondents(conn, today, None, Place::Establishment(e)).await?,
            None => Vec::new(),
        },
        _ => {
            let mut found = Vec::new();
            for (agreement, title, partner) in store::partners(conn, m.organisation_id, day).await? {
                let homologues = match m.region_id {
                    Some(region) => store::correspondents(conn, today, Some(partner), Place::Region(region)).await?,
                    None => store::officers(conn, &[partner]).await?,
                };
                found.extend(homologues.into_iter().map(|h| Found {
                    person_id: h.person_id,
                    reason: title.clone(),
                    agreement_id: Some(agreement),
                }));
            }
            found
        }
    })
}

async fn invite_automatically(
    state: &AppState,
    write: &mut Write,
    user: &SignedIn,
    m: &Meeting,
) -> AppResult<Vec<(i64, String)>> {
    let Some(rule) = m.kind().automatic_rule(m.network_id.is_some()) else {
        return Ok(Vec::new());
    };
    let found = automatic(state, write.conn(), m, rule).await?;
    add(write, m.id, &found, rule, user.person.id).await
}

/// Invites the people `found` who are not invited yet; each new
/// invitee's person and the secret of their answer link.
pub(super) async fn add(
    write: &mut Write,
    meeting: i64,
    found: &[Found],
    rule: InvitationRule,
    by: i64,
) -> AppResult<Vec<(i64, String)>> {
    let now = timestamp(write.now());
    let mut invited = Vec::new();
    for f in found {
        let token = secrets::new_token("mt_");
        let added = sqlx::query(
            "INSERT INTO meeting_invitations (meeting_id, person_id, rule, reason, agreement_id, token_hash, invited_by, invited_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(meeting)
        .bind(f.person_id)
        .bind(rule.as_str())
        .bind(&f.reason)
        .bind(f.agreement_id)
        .bind(secrets::token_hash(&token))
        .bind(by)
        .bind(&now)
        .execute(write.conn())
        .await?
        .rows_affected();
        if added == 1 {
            invited.push((f.person_id, token));
        }
    }
    Ok(invited)
}

/// Changes a meeting not held yet: every invitee gets the new version; the
/// automatic rule invites whoever it now names.
pub async fn update(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &MeetingInput,
) -> AppResult<()> {
    let before = organised(state, user, id).await?;
    if !before.ahead(state.clock.now()) {
        return Err(AppError::invalid("title", "meeting.error.not_now"));
    }
    let p = plan(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let mut values = p.values(input);
    values.extend([Param::Text(timestamp(write.now())), Param::Int(id)]);
    Filter::binding(values)
        .bind_scalar(sqlx::query_scalar::<_, i64>(
            "UPDATE meetings SET kind = $1, title = $2, region_id = $3, establishment_id = $4, starts_at = $5, \
             local_date = $6, local_time = $7, time_zone = $8, duration_minutes = $9, place = $10, online_link = $11, \
             agenda = $12, sequence = sequence + 1, updated_at = $13 WHERE id = $14 RETURNING id",
        ))
        .fetch_one(write.conn())
        .await?;
    let meeting = store::load(write.conn(), user.person.id, id).await?;
    let already: Vec<(i64, Option<String>)> = invitees_of(write.conn(), id)
        .await?
        .into_iter()
        .map(|p| (p, None))
        .collect();
    let invited = invite_automatically(state, &mut write, user, &meeting).await?;
    notices(state, &mut write, user, &meeting, &already, "meeting.notice.changed").await?;
    invitation_notices(state, &mut write, user, &meeting, &invited).await?;
    let summary = format!("{} moved to {}", p.title, p.starts_at);
    let change = Change::new("meeting.update", "meeting", id, Some(meeting.organisation_id), summary);
    write.commit(change).await
}

/// Cancels a meeting not held yet; every invitee's calendar is told.
pub async fn cancel(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let before = organised(state, user, id).await?;
    if !before.ahead(state.clock.now()) {
        return Err(AppError::invalid("cancel", "meeting.error.not_now"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("UPDATE meetings SET cancelled_at = $1, sequence = sequence + 1, updated_at = $1 WHERE id = $2")
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    let meeting = store::load(write.conn(), user.person.id, id).await?;
    let everyone: Vec<(i64, Option<String>)> = invitees_of(write.conn(), id)
        .await?
        .into_iter()
        .map(|p| (p, None))
        .collect();
    notices(state, &mut write, user, &meeting, &everyone, "meeting.notice.cancelled").await?;
    let change = Change::new(
        "meeting.cancel",
        "meeting",
        id,
        Some(meeting.organisation_id),
        meeting.title.clone(),
    );
    write.commit(change).await
}
