//! Activity queries and writes. Every entry in an establishment is checked
//! against the directory's rule (`authorisations::store::Held::may_act`).

use chrono::NaiveDate;
use sqlx::FromRow;

use super::rules::{self, ActivityKind, Entry};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::authorisations::store::Held;
use crate::db::{Db, Filter, Param, timestamp};
use crate::error::{AppError, AppResult, FieldError};
use crate::permissions::Actor;
use crate::state::AppState;
use crate::web::list::{ListQuery, Paged};

#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub establishment_id: Option<i64>,
    pub establishment: Option<String>,
    /// visit, course_enrolment, lesson_corrected, exam or other_hours.
    pub kind: String,
    pub done_on: String,
    pub people_met: i64,
    pub minutes: i64,
    pub note: String,
}

impl Activity {
    pub fn kind_label(&self) -> &'static str {
        ActivityKind::parse(&self.kind).map_or("activity.kind.other_hours", ActivityKind::label)
    }
}

/// Names are looked up per row shown rather than joined, so that a page of
/// a month's entries walks the date index instead of sorting the month.
const SELECT: &str = "SELECT a.id, a.person_id, (SELECT x.name FROM persons x WHERE x.id = a.person_id) AS person_name, \
     a.organisation_id, (SELECT x.acronym FROM organisations x WHERE x.id = a.organisation_id) AS organisation, \
     a.establishment_id, (SELECT x.name FROM establishments x WHERE x.id = a.establishment_id) AS establishment, \
     a.kind, a.done_on, a.people_met, a.minutes, a.note";
const FROM: &str = " FROM activities a JOIN persons p ON p.id = a.person_id \
     JOIN organisations o ON o.id = a.organisation_id LEFT JOIN establishments e ON e.id = a.establishment_id";

/// What listing, counting and totalling read: the entries alone, unless a
/// search or a sort needs the names.
fn from(query: &ListQuery) -> &'static str {
    let by_name = matches!(query.sort.as_deref(), Some("person" | "establishment"));
    if by_name || query.search().is_some() {
        FROM
    } else {
        " FROM activities a"
    }
}

/// One's own entries, and those of the volunteers one coordinates.
fn visible(f: &mut Filter, actor: &Actor) {
    if actor.platform_admin {
        return;
    }
    let mut clause = "a.person_id = ?".to_owned();
    let mut params = vec![Param::Int(actor.person_id)];
    if let Some((coordinated, more)) = actor.coordinated_sql("a.organisation_id", "a.establishment_id") {
        clause = format!("{clause} OR {coordinated}");
        params.extend(more);
    }
    f.and(&clause, params);
}

/// Filters of the activity list and totals.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityFilter {
    pub kind: Option<String>,
    /// A month, `YYYY-MM` (the current month when absent), or `all`: a
    /// period keeps lists and totals fast over millions of entries.
    pub month: Option<String>,
    pub organisation: Option<String>,
    pub establishment: Option<String>,
    pub person: Option<String>,
    /// `mine` for one's own entries only.
    pub whose: Option<String>,
}

impl ActivityFilter {
    /// The filter with the current month when no month is asked.
    pub fn in_month_by_default(mut self, today: NaiveDate) -> Self {
        if self.month.as_deref().is_none_or(str::is_empty) {
            self.month = Some(today.format("%Y-%m").to_string());
        }
        self
    }

    /// Every month is asked: fine for a page of entries, too much to total.
    pub fn every_month(&self) -> bool {
        self.month.as_deref() == Some("all")
    }
}

fn filter(actor: &Actor, query: &ListQuery, criteria: &ActivityFilter) -> Filter {
    let mut f = Filter::default();
    visible(&mut f, actor);
    if let Some(q) = query.search() {
        f.search(&["p.name", "e.name"], q);
    }
    if let Some(month) = criteria.month.as_deref().filter(|m| is_month(m)) {
        f.and(
            "a.done_on >= ? AND a.done_on <= ?",
            month_bounds(month).map(Param::Text),
        );
    }
    same_criteria(&mut f, criteria);
    let id = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<i64>().ok());
    if let Some(person) = id(&criteria.person) {
        f.and("a.person_id = ?", [Param::Int(person)]);
    }
    if criteria.whose.as_deref() == Some("mine") {
        f.and("a.person_id = ?", [Param::Int(actor.person_id)]);
    }
    f
}

/// The first and last `done_on` of a month `YYYY-MM` (dates are text, so
/// day 31 bounds every month).
fn month_bounds(month: &str) -> [String; 2] {
    [format!("{month}-01"), format!("{month}-31")]
}

/// One person's entries this month, per organisation: acronym, entries, minutes.
pub async fn month_of(db: &Db, person_id: i64, today: NaiveDate) -> AppResult<Vec<(String, i64, i64)>> {
    let [first, last] = month_bounds(&today.format("%Y-%m").to_string());
    Ok(sqlx::query_as(
        "SELECT o.acronym, t.entries, t.minutes FROM (SELECT organisation_id, COUNT(*) AS entries, \
         CAST(SUM(minutes) AS BIGINT) AS minutes FROM activities WHERE person_id = $1 AND done_on >= $2 AND done_on <= $3 \
         GROUP BY organisation_id) t JOIN organisations o ON o.id = t.organisation_id ORDER BY o.acronym",
    )
    .bind(person_id)
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?)
}

fn is_month(text: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").is_ok() && text.len() == 7
}

const SORTS: &[(&str, &str)] = &[
    ("date", "a.done_on"),
    ("person", "p.name"),
    ("establishment", "e.name"),
    ("minutes", "a.minutes"),
];

pub async fn list(db: &Db, actor: &Actor, query: &ListQuery, criteria: &ActivityFilter) -> AppResult<Paged<Activity>> {
    let f = filter(actor, query, criteria);
    let mut query = query.clone();
    if query.sort.is_none() {
        query.dir = Some(query.dir.unwrap_or_else(|| "desc".into()));
    }
    let order = query.order_by(SORTS, "a.id");
    let select = format!("{SELECT}{}", from(&query));
    // A month's entries are counted from the kept sums when they can be
    // (counting 60,000 entries of an organisation cost more than the page).
    if let Some((parts, counting)) = kept_totals(actor, &query, criteria, Grouping::Month) {
        let counted: Option<i64> = counting
            .bind_scalar(sqlx::query_scalar(&format!(
                "SELECT CAST(SUM(u.entries) AS BIGINT) FROM ({parts}) u"
            )))
            .fetch_one(&db.pool)
            .await?;
        let items = f.rows(db, &select, &order, &query).await?;
        return Ok(Paged::counted(items, counted.unwrap_or(0), &query));
    }
    Ok(
        f.page(db, &select, &format!("SELECT COUNT(*){}", from(&query)), &order, &query)
            .await?,
    )
}

/// Every entry the filter keeps, for an export.
pub async fn all(db: &Db, actor: &Actor, query: &ListQuery, criteria: &ActivityFilter) -> AppResult<Vec<Activity>> {
    let f = filter(actor, query, criteria);
    let sql = format!("{SELECT}{}{}{}", from(query), f.sql(), query.order_by(SORTS, "a.id"));
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Activity> {
    let mut f = Filter::default();
    visible(&mut f, actor);
    f.and("a.id = ?", [Param::Int(id)]);
    f.bind(sqlx::query_as(&format!("{SELECT}{FROM}{}", f.sql())))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

text_enum! {
    /// What totals are grouped by.
    pub enum Grouping ("activity.by") {
        Person = "person",
        Establishment = "establishment",
        Section = "section",
        Month = "month",
    }
}

impl Grouping {
    /// The key grouped by and the join it needs, then the label of a key
    /// `t.k` and the join that names it: entries are summed by id first and
    /// named after, so that the names are looked up once per line, not once
    /// per entry.
    fn sql(self) -> [&'static str; 4] {
        match self {
            Self::Person => ["a.person_id", "", "p.name", " JOIN persons p ON p.id = t.k"],
            Self::Establishment => [
                "COALESCE(a.establishment_id, 0)",
                "",
                "COALESCE(e.name, '—')",
                " LEFT JOIN establishments e ON e.id = t.k",
            ],
            Self::Section => [
                "se.section_id",
                " LEFT JOIN section_establishments se ON se.establishment_id = a.establishment_id \
                 AND se.section_id IN (SELECT id FROM sections WHERE organisation_id = a.organisation_id)",
                "COALESCE(s.name, '—')",
                " LEFT JOIN sections s ON s.id = t.k",
            ],
            Self::Month => ["SUBSTR(a.done_on, 1, 7)", "", "t.k", ""],
        }
    }

    /// The key in `activity_totals` (where establishments are 0 for none).
    fn kept_key(self) -> &'static str {
        match self {
            Self::Month => "a.month",
            _ => self.sql()[0],
        }
    }
}

/// One line of the totals.
#[derive(Clone, Debug, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Total {
    pub label: String,
    pub entries: i64,
    pub minutes: i64,
    pub people_met: i64,
}

pub async fn totals(
    db: &Db,
    actor: &Actor,
    query: &ListQuery,
    criteria: &ActivityFilter,
    by: Grouping,
) -> AppResult<Vec<Total>> {
    if criteria.every_month() {
        return Err(AppError::BadRequest("activity.totals_need_month"));
    }
    let [.., label, label_join] = by.sql();
    let (parts, f) = match kept_totals(actor, query, criteria, by) {
        Some(kept) => kept,
        None => {
            let f = filter(actor, query, criteria);
            (raw_sums(by, from(query), &f), f)
        }
    };
    let sql = format!(
        "SELECT {label} AS label, t.entries, t.minutes, t.people_met FROM (\
         SELECT u.k, CAST(SUM(u.entries) AS BIGINT) AS entries, CAST(SUM(u.minutes) AS BIGINT) AS minutes, \
         CAST(SUM(u.people_met) AS BIGINT) AS people_met FROM ({parts}) u GROUP BY u.k) t{label_join} \
         ORDER BY {label} LIMIT 1000",
    );
    Ok(f.bind(sqlx::query_as(&sql)).fetch_all(&db.pool).await?)
}

/// The entries of `f` summed by `by`'s key, read from `activities`.
fn raw_sums(by: Grouping, from: &str, f: &Filter) -> String {
    let [key, key_join, ..] = by.sql();
    format!(
        "SELECT {key} AS k, COUNT(*) AS entries, SUM(a.minutes) AS minutes, SUM(a.people_met) AS people_met\
         {from}{key_join}{} GROUP BY {key}",
        f.sql()
    )
}

/// The totals read from `activity_totals` (kept by triggers, see migration
/// 0007) when the question allows: a month, grouped by establishment,
/// section or month, not narrowed to people. What `actor` coordinates comes
/// from the kept sums; their own entries outside it from `activities`. The
/// SQL of the parts and the filter that binds them all.
fn kept_totals(actor: &Actor, query: &ListQuery, criteria: &ActivityFilter, by: Grouping) -> Option<(String, Filter)> {
    let month = criteria.month.as_deref().filter(|m| is_month(m))?;
    let narrowed = criteria.person.as_deref().is_some_and(|p| !p.is_empty())
        || criteria.whose.as_deref() == Some("mine")
        || query.search().is_some();
    if by == Grouping::Person || narrowed {
        return None;
    }
    let scope = actor.coordinated_sql("a.organisation_id", "a.establishment_id");
    if scope.is_none() && !actor.platform_admin {
        return None;
    }
    let mut kept = Filter::default();
    if let (Some((coordinated, params)), false) = (&scope, actor.platform_admin) {
        kept.and(coordinated, params.clone());
    }
    kept.and("a.month = ? AND a.entries > 0", [Param::Text(month.to_owned())]);
    same_criteria(&mut kept, criteria);
    let key = by.kept_key();
    let [_, key_join, ..] = by.sql();
    let sums = format!(
        "SELECT {key} AS k, SUM(a.entries) AS entries, SUM(a.minutes) AS minutes, SUM(a.people_met) AS people_met \
         FROM activity_totals a{key_join}{} GROUP BY {key}",
        kept.sql()
    );
    let Some((coordinated, params)) = scope.filter(|_| !actor.platform_admin) else {
        return Some((sums, kept));
    };
    let mut own = kept.continued();
    // COALESCE: an entry without establishment makes a section's condition NULL, not false.
    own.and(
        &format!("a.person_id = ? AND NOT COALESCE(({coordinated}), FALSE)"),
        std::iter::once(Param::Int(actor.person_id)).chain(params),
    );
    own.and(
        "a.done_on >= ? AND a.done_on <= ?",
        month_bounds(month).map(Param::Text),
    );
    same_criteria(&mut own, criteria);
    let sql = format!("{sums} UNION ALL {}", raw_sums(by, " FROM activities a", &own));
    Some((sql, own))
}

/// The criteria both the kept sums and the entries have: kind, organisation, establishment.
fn same_criteria(f: &mut Filter, criteria: &ActivityFilter) {
    if let Some(kind) = criteria.kind.as_deref().and_then(ActivityKind::parse) {
        f.and("a.kind = ?", [Param::Text(kind.as_str().to_owned())]);
    }
    let id = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<i64>().ok());
    if let Some(org) = id(&criteria.organisation) {
        f.and("a.organisation_id = ?", [Param::Int(org)]);
    }
    if let Some(establishment) = id(&criteria.establishment) {
        f.and("a.establishment_id = ?", [Param::Int(establishment)]);
    }
}

/// An entry as typed in a form or sent to the API.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// visit, course_enrolment, lesson_corrected, exam or other_hours.
    pub kind: String,
    /// YYYY-MM-DD.
    pub done_on: String,
    pub establishment_id: Option<i64>,
    #[serde(default)]
    pub people_met: i64,
    /// Minutes, or a duration such as `1h30` in forms.
    pub duration: String,
    #[serde(default)]
    pub note: String,
}

fn entry(input: &EntryInput, today: NaiveDate) -> Result<Entry, FieldError> {
    let invalid = |field: &'static str, message| FieldError {
        field: field.into(),
        message,
    };
    let kind = ActivityKind::parse(&input.kind).ok_or(invalid("kind", "activity.error.kind"))?;
    let done_on = crate::tabular::parse_date(input.done_on.trim()).ok_or(invalid("done_on", "import.not_a_date"))?;
    let minutes = rules::parse_duration(&input.duration).ok_or(invalid("minutes", "activity.error.minutes"))?;
    let entry = Entry {
        kind,
        done_on,
        establishment_id: input.establishment_id,
        people_met: input.people_met,
        minutes,
        note: input.note.trim().to_owned(),
    };
    rules::check(&entry, today).map_err(|(field, message)| invalid(field, message))?;
    Ok(entry)
}

/// Why line `line` of a batch is refused.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LineError {
    pub line: usize,
    pub field: std::borrow::Cow<'static, str>,
    pub message: &'static str,
}

/// Checks every entry, including the authorisation of `person` in each
/// establishment on each date (read once for the batch); all the faults,
/// line by line (from 1).
pub async fn check_all(
    db: &Db,
    person: i64,
    organisation: i64,
    inputs: &[EntryInput],
    today: NaiveDate,
) -> AppResult<Result<Vec<Entry>, Vec<LineError>>> {
    let held = Held::load(db, person, organisation).await?;
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let fault = match entry(input, today) {
            Ok(e) => match e.establishment_id {
                Some(est) if !held.may_act(est, e.done_on) => Some(FieldError {
                    field: "establishment_id".into(),
                    message: "activity.error.not_authorised",
                }),
                _ => {
                    entries.push(e);
                    None
                }
            },
            Err(fault) => Some(fault),
        };
        if let Some(fault) = fault {
            errors.push(LineError {
                line: i + 1,
                field: fault.field,
                message: fault.message,
            });
        }
    }
    Ok(if errors.is_empty() { Ok(entries) } else { Err(errors) })
}

/// The organisation a person logs for: theirs when they have one
/// membership, else the one asked, which must be theirs.
pub fn organisation_of(user: &SignedIn, asked: Option<i64>) -> AppResult<i64> {
    let own: Vec<i64> = user.actor.acting_memberships().map(|m| m.organisation_id).collect();
    match asked {
        Some(org) if own.contains(&org) => Ok(org),
        None if own.len() == 1 => Ok(own[0]),
        _ => Err(AppError::invalid("organisation", "activity.error.organisation")),
    }
}

/// Logs a batch of the signed-in volunteer's entries, all or nothing: the
/// new ids, or every faulty line and nothing written.
pub async fn log(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    organisation: i64,
    inputs: &[EntryInput],
) -> AppResult<Result<Vec<i64>, Vec<LineError>>> {
    if inputs.is_empty() {
        return Err(AppError::invalid("entries", "activity.error.empty"));
    }
    let today = state.clock.now().date_naive();
    let entries = match check_all(&state.db, user.person.id, organisation, inputs, today).await? {
        Ok(entries) => entries,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let mut ids = Vec::new();
    for e in &entries {
        ids.push(
            sqlx::query_scalar(
                "INSERT INTO activities (person_id, organisation_id, establishment_id, kind, done_on, people_met, \
                 minutes, note, recorded_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $1, $9, $9) RETURNING id",
            )
            .bind(user.person.id)
            .bind(organisation)
            .bind(e.establishment_id)
            .bind(e.kind.as_str())
            .bind(e.done_on.to_string())
            .bind(e.people_met)
            .bind(e.minutes)
            .bind(&e.note)
            .bind(&now)
            .fetch_one(write.conn())
            .await?,
        );
    }
    write
        .commit(Change {
            action: "activity.record",
            object_type: "activity",
            object_id: ids.first().map(ToString::to_string).unwrap_or_default(),
            organisation_id: Some(organisation),
            summary: format!("{} activity entr(y/ies) recorded", ids.len()),
        })
        .await?;
    Ok(Ok(ids))
}

/// Corrects an entry (its author or a coordinator of its scope), checked
/// again against the author's authorisations.
pub async fn correct(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &EntryInput,
) -> AppResult<()> {
    let activity = get(&state.db, &user.actor, id).await?;
    let today = state.clock.now().date_naive();
    let entries = check_all(
        &state.db,
        activity.person_id,
        activity.organisation_id,
        std::slice::from_ref(input),
        today,
    )
    .await?
    .map_err(|errors| {
        AppError::Invalid(
            errors
                .into_iter()
                .map(|e| FieldError {
                    field: e.field,
                    message: e.message,
                })
                .collect(),
        )
    })?;
    let e = &entries[0];
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE activities SET kind = $1, done_on = $2, establishment_id = $3, people_met = $4, minutes = $5, \
         note = $6, recorded_by = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(e.kind.as_str())
    .bind(e.done_on.to_string())
    .bind(e.establishment_id)
    .bind(e.people_met)
    .bind(e.minutes)
    .bind(&e.note)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .bind(id)
    .execute(write.conn())
    .await?;
    write
        .commit(Change {
            action: "activity.correct",
            object_type: "activity",
            object_id: id.to_string(),
            organisation_id: Some(activity.organisation_id),
            summary: format!("activity #{id} of {} corrected", activity.person_name),
        })
        .await
}

pub async fn delete(state: &AppState, user: &SignedIn, request_id: &str, id: i64) -> AppResult<()> {
    let activity = get(&state.db, &user.actor, id).await?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query("DELETE FROM activities WHERE id = $1")
        .bind(id)
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "activity.delete",
            object_type: "activity",
            object_id: id.to_string(),
            organisation_id: Some(activity.organisation_id),
            summary: format!(
                "activity #{id} of {} on {} deleted",
                activity.person_name, activity.done_on
            ),
        })
        .await
}
