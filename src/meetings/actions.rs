//! Every write on meetings and networks, checked against the caller's
//! rights and recorded in the audit log in the same transaction; the
//! invitations, changes and cancellations are emailed with an iCalendar
//! file once the write has committed.

use chrono::{NaiveDate, NaiveTime};
use sqlx::AnyConnection;

use super::rules::{self, Answer, InvitationRule, MeetingKind, NetworkState};
use super::store::{self, Found, Meeting, Place, Rights};
use crate::app::AppState;
use crate::audit::{Change, Write};
use crate::auth::{SignedIn, secrets};
use crate::db::{Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::inbox::{Recipient, language_of};
use crate::permissions::Action;

fn change(
    action: &'static str,
    object_type: &'static str,
    id: i64,
    organisation: Option<i64>,
    summary: String,
) -> Change {
    Change {
        action,
        object_type,
        object_id: id.to_string(),
        organisation_id: organisation,
        summary,
    }
}

fn text(value: &str, max: usize, field: &'static str, message: &'static str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(AppError::invalid(field, message));
    }
    Ok(value.to_owned())
}

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

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M:%S"))
        .ok()
}

async fn exists(state: &AppState, table: &str, id: Option<i64>) -> AppResult<bool> {
    let Some(id) = id else { return Ok(false) };
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(n == 1)
}

async fn plan(state: &AppState, input: &MeetingInput) -> AppResult<Planned> {
    let kind = MeetingKind::parse(&input.kind).ok_or(AppError::invalid("kind", "meeting.error.kind"))?;
    let title = text(&input.title, 200, "title", "meeting.error.title")?;
    let (region_id, establishment_id) = match kind {
        MeetingKind::Regional if exists(state, "regions", input.region_id).await? => (input.region_id, None),
        MeetingKind::Regional => return Err(AppError::invalid("region_id", "meeting.error.region")),
        MeetingKind::Establishment if exists(state, "establishments", input.establishment_id).await? => {
            (None, input.establishment_id)
        }
        MeetingKind::Establishment => return Err(AppError::invalid("establishment_id", "meeting.error.establishment")),
        _ => (None, None),
    };
    let time = parse_time(&input.time);
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

/// Whether `organisation` is a member of `network`.
async fn member_of(conn: &mut AnyConnection, network: i64, organisation: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM network_members WHERE network_id = $1 AND organisation_id = $2 AND state = 'member'",
    )
    .bind(network)
    .bind(organisation)
    .fetch_one(conn)
    .await?;
    Ok(n == 1)
}

pub async fn create(state: &AppState, user: &SignedIn, request_id: &str, input: &MeetingInput) -> AppResult<i64> {
    let organisation = input.organisation_id;
    if !user.actor.can(Action::OrganiseMeetings(organisation)) {
        return Err(AppError::invalid("organisation_id", "meeting.error.organiser"));
    }
    let p = plan(state, input).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    if let Some(network) = input.network_id
        && !member_of(write.conn(), network, organisation).await?
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
    let change = change("meeting.create", "meeting", id, Some(organisation), summary);
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
async fn add(
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

/// What an emailed invitation says of the meeting: title, local day and time, place.
fn described(m: &Meeting) -> String {
    format!(
        "{} — {} {} ({}) — {}",
        m.title,
        m.local_date,
        m.local_time,
        m.time_zone,
        m.location()
    )
}

/// The meetings as calendar events (a personal feed).
pub fn events(state: &AppState, meetings: &[Meeting]) -> Vec<crate::ical::Event> {
    meetings.iter().map(|m| event(state, m)).collect()
}

fn event(state: &AppState, m: &Meeting) -> crate::ical::Event {
    let base = state.config.public_url.trim_end_matches('/');
    crate::ical::Event {
        uid: format!("meeting-{}@{}", m.id, base.split("://").nth(1).unwrap_or("passerelle")),
        start: m.start(),
        end: m.end(),
        summary: m.title.clone(),
        location: m.location(),
        description: m.agenda.clone(),
        url: format!("{base}/meetings/{}", m.id),
        cancelled: m.cancelled_at.is_some(),
    }
}

/// The inbox notices of `people` about `m` (new invitees with their
/// answer link, or every invitee of a change), each with the `.ics`.
async fn notices(
    state: &AppState,
    write: &mut Write,
    user: &SignedIn,
    m: &Meeting,
    people: &[(i64, Option<String>)],
    subject: &str,
) -> AppResult<()> {
    let now = write.now();
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let event = event(state, m);
    for (person, token) in people {
        let recipient: Recipient = sqlx::query_as("SELECT id AS person_id, email, language FROM persons WHERE id = $1")
            .bind(person)
            .fetch_one(write.conn())
            .await?;
        let lang = language_of(recipient.language.as_deref());
        // The subject names the meeting; the body says when and where.
        let mut notice = recipient.notice_titled(
            (subject, &m.title),
            "meeting.notice.body",
            &described(m),
            format!("/meetings/{}", m.id),
        );
        if let Some(token) = token {
            notice.email_extra = format!(
                "\n\n{}\n{base}/meetings/answer/{token}",
                lang.t("meeting.notice.answer_link")
            );
        }
        let parties = crate::ical::Parties {
            organiser: &user.person.email,
            attendee: &recipient.email,
            sequence: m.sequence,
        };
        notice.attachment = Some(crate::mail::Attachment {
            name: "invitation.ics".into(),
            content_type: format!(
                "text/calendar; method={}; charset=utf-8",
                if m.cancelled_at.is_some() { "CANCEL" } else { "REQUEST" }
            ),
            content: crate::ical::invitation(&event, &parties, now).into_bytes(),
        });
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}

async fn invitation_notices(
    state: &AppState,
    write: &mut Write,
    user: &SignedIn,
    m: &Meeting,
    invited: &[(i64, String)],
) -> AppResult<()> {
    let people: Vec<(i64, Option<String>)> = invited.iter().map(|(p, t)| (*p, Some(t.clone()))).collect();
    notices(state, write, user, m, &people, "meeting.notice.invited").await
}

/// The meeting, refused unless the caller organises it.
async fn organised(state: &AppState, user: &SignedIn, id: i64) -> AppResult<Meeting> {
    let (meeting, rights) = store::get(&state.db, &user.actor, id).await?;
    if !rights.organise {
        return Err(AppError::Forbidden);
    }
    Ok(meeting)
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
    let change = change("meeting.update", "meeting", id, Some(meeting.organisation_id), summary);
    write.commit(change).await
}

async fn invitees_of(conn: &mut AnyConnection, meeting: i64) -> AppResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT person_id FROM meeting_invitations WHERE meeting_id = $1 ORDER BY id")
            .bind(meeting)
            .fetch_all(conn)
            .await?,
    )
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
    let change = change(
        "meeting.cancel",
        "meeting",
        id,
        Some(meeting.organisation_id),
        meeting.title.clone(),
    );
    write.commit(change).await
}

/// Whom an organiser adds: people by email, a section, the organiser's
/// correspondents of a region.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct InviteInput {
    /// Email addresses, separated by commas, spaces or lines.
    #[serde(default)]
    pub emails: String,
    pub section_id: Option<i64>,
    pub region_id: Option<i64>,
}

pub async fn invite(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &InviteInput,
) -> AppResult<usize> {
    let meeting = organised(state, user, id).await?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("emails", "meeting.error.not_now"));
    }
    let today = state.clock.now().date_naive();
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let mut invited = Vec::new();
    let emails: Vec<String> = input
        .emails
        .split([',', ';', ' ', '\n', '\r', '\t'])
        .map(crate::auth::normalise_email)
        .filter(|e| !e.is_empty())
        .collect();
    if !emails.is_empty() {
        let mut chosen = Vec::new();
        for email in &emails {
            let person: Option<i64> = sqlx::query_scalar(
                "SELECT p.id FROM persons p WHERE p.email = $1 AND p.active = 1 \
                 AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.ended_at IS NULL)",
            )
            .bind(email)
            .fetch_optional(write.conn())
            .await?;
            let person = person.ok_or(AppError::invalid("emails", "meeting.error.unknown_email"))?;
            chosen.push(Found {
                person_id: person,
                reason: String::new(),
                agreement_id: None,
            });
        }
        invited.extend(add(&mut write, id, &chosen, InvitationRule::Chosen, user.person.id).await?);
    }
    if let Some(section) = input.section_id {
        let of_organiser: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sections WHERE id = $1 AND organisation_id = $2")
                .bind(section)
                .bind(meeting.organisation_id)
                .fetch_one(write.conn())
                .await?;
        if of_organiser != 1 {
            return Err(AppError::invalid("section_id", "meeting.error.section"));
        }
        let found = store::section_members(write.conn(), section, today).await?;
        invited.extend(add(&mut write, id, &found, InvitationRule::Section, user.person.id).await?);
    }
    if let Some(region) = input.region_id {
        let mut found = store::correspondents(
            write.conn(),
            today,
            Some(meeting.organisation_id),
            Place::Region(region),
        )
        .await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM regions WHERE id = $1")
            .bind(region)
            .fetch_optional(write.conn())
            .await?;
        let name = name.ok_or(AppError::invalid("region_id", "meeting.error.region"))?;
        for f in &mut found {
            f.reason = name.clone();
        }
        invited.extend(
            add(
                &mut write,
                id,
                &found,
                InvitationRule::RegionCorrespondents,
                user.person.id,
            )
            .await?,
        );
    }
    if emails.is_empty() && input.section_id.is_none() && input.region_id.is_none() {
        return Err(AppError::invalid("emails", "meeting.error.nobody"));
    }
    invitation_notices(state, &mut write, user, &meeting, &invited).await?;
    let count = invited.len();
    let change = change(
        "meeting.invite",
        "meeting",
        id,
        Some(meeting.organisation_id),
        format!("{count} invited"),
    );
    write.commit(change).await?;
    Ok(count)
}

/// Withdraws one person's invitation to a meeting not held yet; their
/// calendar is told the meeting is off for them.
pub async fn uninvite(state: &AppState, user: &SignedIn, request_id: &str, id: i64, person: i64) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("person", "meeting.error.not_now"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let removed = sqlx::query("DELETE FROM meeting_invitations WHERE meeting_id = $1 AND person_id = $2")
        .bind(id)
        .bind(person)
        .execute(write.conn())
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::invalid("person", "meeting.error.not_invited"));
    }
    sqlx::query("UPDATE meetings SET sequence = sequence + 1, updated_at = $1 WHERE id = $2")
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    // For this person alone the meeting is cancelled: the same event, sent as a cancellation.
    let mut gone = store::load(write.conn(), user.person.id, id).await?;
    gone.cancelled_at = Some(timestamp(write.now()));
    notices(
        state,
        &mut write,
        user,
        &gone,
        &[(person, None)],
        "meeting.notice.uninvited",
    )
    .await?;
    let change = change(
        "meeting.uninvite",
        "meeting",
        id,
        Some(meeting.organisation_id),
        format!("person {person} no longer invited"),
    );
    write.commit(change).await
}

/// The answer of the signed-in invitee.
pub async fn answer(state: &AppState, user: &SignedIn, request_id: &str, id: i64, answer: &str) -> AppResult<()> {
    let (meeting, Rights { invited, .. }) = store::get(&state.db, &user.actor, id).await?;
    if !invited {
        return Err(AppError::Forbidden);
    }
    record_answer(
        state,
        Some(user.person.id),
        request_id,
        &meeting,
        user.person.id,
        answer,
    )
    .await
}

/// The answer given from the emailed link, whose secret stands for the invitee.
pub async fn answer_by_link(state: &AppState, request_id: &str, token: &str, answer: &str) -> AppResult<()> {
    let (meeting, person) = by_link(state, token).await?;
    record_answer(state, Some(person), request_id, &meeting, person, answer).await
}

/// The meeting and the invitee an answer link stands for.
pub async fn by_link(state: &AppState, token: &str) -> AppResult<(Meeting, i64)> {
    let found: Option<(i64, i64)> =
        sqlx::query_as("SELECT meeting_id, person_id FROM meeting_invitations WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .fetch_optional(&state.db.pool)
            .await?;
    let (meeting, person) = found.ok_or(AppError::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok((store::load(&mut conn, person, meeting).await?, person))
}

async fn record_answer(
    state: &AppState,
    by: Option<i64>,
    request_id: &str,
    meeting: &Meeting,
    person: i64,
    answer: &str,
) -> AppResult<()> {
    let answer = Answer::parse(answer).ok_or(AppError::invalid("answer", "meeting.error.answer"))?;
    if !meeting.ahead(state.clock.now()) {
        return Err(AppError::invalid("answer", "meeting.error.not_now"));
    }
    let mut write = Write::begin(state, by, request_id).await?;
    sqlx::query(
        "UPDATE meeting_invitations SET answer = $1, answered_at = $2 WHERE meeting_id = $3 AND person_id = $4",
    )
    .bind(answer.as_str())
    .bind(timestamp(write.now()))
    .bind(meeting.id)
    .bind(person)
    .execute(write.conn())
    .await?;
    write
        .commit(change(
            "meeting.answer",
            "meeting",
            meeting.id,
            Some(meeting.organisation_id),
            format!("person {person}: {}", answer.as_str()),
        ))
        .await
}

/// After the meeting: who came (`present`, persons) and the minutes.
pub async fn record(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    present: &[i64],
    minutes: &str,
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.held(state.clock.now()) {
        return Err(AppError::invalid("minutes", "meeting.error.not_held"));
    }
    if minutes.chars().count() > 50_000 {
        return Err(AppError::invalid("minutes", "meeting.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for person in invitees_of(write.conn(), id).await? {
        sqlx::query("UPDATE meeting_invitations SET attended = $1 WHERE meeting_id = $2 AND person_id = $3")
            .bind(i64::from(present.contains(&person)))
            .bind(id)
            .bind(person)
            .execute(write.conn())
            .await?;
    }
    sqlx::query("UPDATE meetings SET minutes = $1, minutes_at = $2, updated_at = $2 WHERE id = $3")
        .bind(minutes.trim())
        .bind(&now)
        .bind(id)
        .execute(write.conn())
        .await?;
    let summary = format!(
        "{} present, minutes of {} characters",
        present.len(),
        minutes.trim().chars().count()
    );
    write
        .commit(change(
            "meeting.minutes",
            "meeting",
            id,
            Some(meeting.organisation_id),
            summary,
        ))
        .await
}

/// A decision of a held meeting, noted in the follow-up of an agreement's
/// category (`category`) when the caller is a member of one of its parties.
pub async fn decide(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    decision: &str,
    category: Option<i64>,
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    if !meeting.held(state.clock.now()) {
        return Err(AppError::invalid("text", "meeting.error.not_held"));
    }
    let decision = text(decision, 2000, "text", "meeting.error.decision")?;
    let agreement = match category {
        Some(category) => {
            let agreement: Option<i64> =
                sqlx::query_scalar("SELECT agreement_id FROM agreement_categories WHERE id = $1")
                    .bind(category)
                    .fetch_optional(&state.db.pool)
                    .await?;
            let agreement = agreement.ok_or(AppError::invalid("category", "meeting.error.follow_up"))?;
            let (_, _, rights) =
                crate::agreements::store::get(&state.db, &user.actor, agreement, state.clock.now().date_naive())
                    .await
                    .map_err(|_| AppError::invalid("category", "meeting.error.follow_up"))?;
            if !rights.member {
                return Err(AppError::invalid("category", "meeting.error.follow_up"));
            }
            Some(agreement)
        }
        None => None,
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let follow_up: Option<i64> = match agreement {
        Some(agreement) => Some(
            sqlx::query_scalar(
                "INSERT INTO agreement_follow_ups (agreement_id, category_id, noted_on, text, link, author_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(agreement)
            .bind(category)
            .bind(&meeting.local_date)
            .bind(format!("{} — {decision}", meeting.title))
            .bind(format!("{}/meetings/{id}", state.config.public_url.trim_end_matches('/')))
            .bind(user.person.id)
            .bind(&now)
            .fetch_one(write.conn())
            .await?,
        ),
        None => None,
    };
    sqlx::query(
        "INSERT INTO meeting_decisions (meeting_id, text, follow_up_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&decision)
    .bind(follow_up)
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    let summary = match agreement {
        Some(a) => format!("decision noted in agreement {a}"),
        None => "decision".to_owned(),
    };
    write
        .commit(change(
            "meeting.decision",
            "meeting",
            id,
            Some(meeting.organisation_id),
            summary,
        ))
        .await
}

/// The documents a meeting accepts.
const DOCUMENT_KINDS: &[&str] = &["pdf", "odt", "docx", "ods", "xlsx", "txt"];

pub async fn upload_document(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    name: &str,
    content: &[u8],
) -> AppResult<()> {
    let meeting = organised(state, user, id).await?;
    let name = crate::web::extract::file_name(name, "");
    let kind = crate::web::documents::kind_of(&name, content, DOCUMENT_KINDS).map(|k| k.mime);
    let (Some(kind), false) = (kind, content.len() > crate::web::extract::MAX_DOCUMENT) else {
        return Err(AppError::invalid("document", "meeting.error.document"));
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO meeting_documents (meeting_id, name, content_type, content, size, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&name)
    .bind(kind)
    .bind(content)
    .bind(content.len() as i64)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    write
        .commit(change(
            "meeting.document",
            "meeting",
            id,
            Some(meeting.organisation_id),
            name,
        ))
        .await
}

/// A network, created by an administrator of its coordinating organisation, which is its first member.
pub async fn create_network(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    name: &str,
    description: &str,
    coordinator: i64,
) -> AppResult<i64> {
    if !user.actor.can(Action::EditOrganisation(coordinator)) {
        return Err(AppError::invalid("coordinator_id", "network.error.coordinator"));
    }
    let name = text(name, 200, "name", "network.error.name")?;
    if description.chars().count() > 5000 {
        return Err(AppError::invalid("description", "meeting.error.long"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let inserted = sqlx::query_scalar(
        "INSERT INTO networks (name, description, coordinator_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&name)
    .bind(description.trim())
    .bind(coordinator)
    .bind(user.person.id)
    .bind(&now)
    .fetch_one(write.conn())
    .await;
    let id: i64 = match inserted {
        Err(err)
            if crate::db::is_unique_violation(&err, "networks_name_key")
                || crate::db::is_unique_violation(&err, "networks.name") =>
        {
            return Err(AppError::invalid("name", "network.error.taken"));
        }
        other => other?,
    };
    sqlx::query(
        "INSERT INTO network_members (network_id, organisation_id, state, requested_by, requested_at, decided_by, decided_at) \
         VALUES ($1, $2, 'member', $3, $4, $3, $4)",
    )
    .bind(id)
    .bind(coordinator)
    .bind(user.person.id)
    .bind(&now)
    .execute(write.conn())
    .await?;
    write
        .commit(change("network.create", "network", id, Some(coordinator), name))
        .await?;
    Ok(id)
}

/// An organisation's administrator asks to join; the coordinating organisation's administrators are told.
pub async fn request_membership(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    network: i64,
    organisation: i64,
) -> AppResult<()> {
    let (n, members) = store::network(&state.db, network).await?;
    if !user.actor.can(Action::EditOrganisation(organisation)) {
        return Err(AppError::invalid("organisation_id", "network.error.not_admin"));
    }
    let current = members.iter().find(|m| m.organisation_id == organisation);
    if current.is_some_and(|m| m.state != NetworkState::Refused.as_str()) {
        return Err(AppError::invalid("organisation_id", "network.error.already"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = write.now();
    sqlx::query("DELETE FROM network_members WHERE network_id = $1 AND organisation_id = $2")
        .bind(network)
        .bind(organisation)
        .execute(write.conn())
        .await?;
    sqlx::query(
        "INSERT INTO network_members (network_id, organisation_id, state, requested_by, requested_at) VALUES ($1, $2, 'requested', $3, $4)",
    )
    .bind(network)
    .bind(organisation)
    .bind(user.person.id)
    .bind(timestamp(now))
    .execute(write.conn())
    .await?;
    let admins: Vec<Recipient> = sqlx::query_as(
        "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.organisation_id = $1 AND m.role = 'org_admin' AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(n.coordinator_id)
    .fetch_all(write.conn())
    .await?;
    for admin in admins {
        let notice = admin.notice(
            "network.notice.request",
            "network.notice.body",
            &n.name,
            format!("/networks/{network}"),
        );
        notice.store(write.conn(), now).await?;
    }
    let change = change(
        "network.request",
        "network",
        network,
        Some(organisation),
        n.name.clone(),
    );
    write.commit(change).await
}

/// The coordinating organisation's administrators accept or refuse a request.
pub async fn decide_membership(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    network: i64,
    organisation: i64,
    accept: bool,
) -> AppResult<()> {
    let (n, members) = store::network(&state.db, network).await?;
    if !user.actor.can(Action::EditOrganisation(n.coordinator_id)) {
        return Err(AppError::Forbidden);
    }
    if !members
        .iter()
        .any(|m| m.organisation_id == organisation && m.state == NetworkState::Requested.as_str())
    {
        return Err(AppError::invalid("organisation_id", "network.error.no_request"));
    }
    let state_now = if accept {
        NetworkState::Member
    } else {
        NetworkState::Refused
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE network_members SET state = $1, decided_by = $2, decided_at = $3 WHERE network_id = $4 AND organisation_id = $5",
    )
    .bind(state_now.as_str())
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .bind(network)
    .bind(organisation)
    .execute(write.conn())
    .await?;
    write
        .commit(change(
            "network.decide",
            "network",
            network,
            Some(organisation),
            format!("{}: {}", n.name, state_now.as_str()),
        ))
        .await
}
