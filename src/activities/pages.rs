//! Activity pages: the list with totals and exports, entering one entry or
//! a month at once, correcting an entry.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::rules::ActivityKind;
use super::store::{self, Activity, ActivityFilter, EntryInput, Grouping, LineError, Total};
use crate::error::AppResult;
use crate::state::AppState;
use crate::tabular::{Cell, Sheet};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, form_status, redirect};

#[derive(Template, WebTemplate)]
#[template(path = "activities/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Activity>,
    query: ListQuery,
    links: Links,
    kinds: &'static [ActivityKind],
    groupings: &'static [Grouping],
    by: Grouping,
    /// None when every month is listed: totals are of one month.
    totals: Option<Vec<Total>>,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

#[derive(serde::Deserialize)]
pub struct TotalsQuery {
    by: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<ActivityFilter>,
    Query(totals_query): Query<TotalsQuery>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    let by = totals_query
        .by
        .as_deref()
        .and_then(Grouping::parse)
        .unwrap_or(Grouping::Month);
    let filter = filter.in_month_by_default(state.clock.now().date_naive());
    let page = store::list(&state.db, &user.actor, &query, &filter).await?;
    let totals = match filter.every_month() {
        true => None,
        false => Some(store::totals(&state.db, &user.actor, &query, &filter, by).await?),
    };
    let links = Links::new(
        "/activities",
        &query,
        &[
            ("kind", filter.kind.as_deref()),
            ("month", filter.month.as_deref()),
            ("organisation", filter.organisation.as_deref()),
            ("establishment", filter.establishment.as_deref()),
            ("person", filter.person.as_deref()),
            ("whose", filter.whose.as_deref()),
            ("by", Some(by.as_str())),
        ],
    );
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        kinds: ActivityKind::ALL,
        groupings: Grouping::ALL,
        by,
        totals,
    })
}

const COLUMNS: &[(&str, &str)] = &[
    ("id", "activity.number"),
    ("date", "activity.date"),
    ("person", "activity.person"),
    ("organisation", "activity.organisation"),
    ("kind", "activity.kind"),
    ("establishment", "activity.establishment"),
    ("people_met", "activity.people_met"),
    ("minutes", "activity.minutes"),
    ("note", "activity.note"),
];

/// The filtered entries as a CSV (`XLSX` false) or Excel file.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<ActivityFilter>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let rows = store::all(&state.db, &user.actor, &query, &filter).await?;
    Sheet {
        name: "activities",
        columns: COLUMNS,
        rows: rows
            .into_iter()
            .map(|a| {
                let kind = ctx.t(a.kind_label());
                vec![
                    Cell::from(a.id),
                    a.done_on.into(),
                    a.person_name.into(),
                    a.organisation.into(),
                    kind.into(),
                    a.establishment.into(),
                    Cell::from(a.people_met),
                    Cell::from(a.minutes),
                    a.note.into(),
                ]
            })
            .collect(),
    }
    .download(XLSX, ctx.lang)
}

/// One row of the entry form, as typed.
#[derive(Clone, Debug, Default)]
pub struct Row {
    kind: String,
    done_on: String,
    establishment_id: String,
    people_met: String,
    duration: String,
    note: String,
    error: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "activities/templates/new.html")]
pub struct NewPage {
    ctx: Ctx,
    kinds: &'static [ActivityKind],
    organisations: Vec<Choice>,
    organisation: String,
    establishments: Vec<Choice>,
    rows: Vec<Row>,
    error: Option<&'static str>,
}

/// Establishments where the person holds an authorisation (of any status:
/// the check on the date comes when saving), for the form's list.
async fn own_establishments(state: &AppState, person: i64) -> AppResult<Vec<Choice>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT CAST(e.id AS TEXT) AS value, e.name AS label FROM authorisations a \
         JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
         JOIN establishments e ON e.id = ae.establishment_id WHERE a.person_id = $1 ORDER BY e.name",
    )
    .bind(person)
    .fetch_all(&state.db.pool)
    .await?)
}

async fn new_page(
    state: &AppState,
    ctx: Ctx,
    organisation: String,
    rows: Vec<Row>,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    if !user.actor.records_activity() {
        return Err(crate::error::AppError::Forbidden);
    }
    let organisations: Vec<Choice> = user.actor.acting_memberships().map(Choice::from).collect();
    let establishments = own_establishments(state, user.person.id).await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        NewPage {
            ctx,
            kinds: ActivityKind::ALL,
            organisations,
            organisation,
            establishments,
            rows,
            error,
        },
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct RowsQuery {
    rows: Option<usize>,
}

/// Rows offered for a month entered at once.
const MONTH_ROWS: usize = 12;

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<RowsQuery>) -> AppResult<Response> {
    let today = state.clock.now().date_naive().to_string();
    let n = q.rows.unwrap_or(1).clamp(1, MONTH_ROWS);
    let rows = (0..n)
        .map(|i| Row {
            done_on: if i == 0 { today.clone() } else { String::new() },
            kind: "visit".into(),
            ..Row::default()
        })
        .collect();
    new_page(&state, ctx, String::new(), rows, None).await
}

/// The rows of the form: fields named `kind`, `done_on`... repeated in order.
fn rows_of(form: &[(String, String)]) -> Vec<Row> {
    let column = |name: &str| -> Vec<String> {
        form.iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    };
    let (kinds, dates, places, people, durations, notes) = (
        column("kind"),
        column("done_on"),
        column("establishment_id"),
        column("people_met"),
        column("duration"),
        column("note"),
    );
    let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    (0..dates.len())
        .map(|i| Row {
            kind: at(&kinds, i),
            done_on: at(&dates, i),
            establishment_id: at(&places, i),
            people_met: at(&people, i),
            duration: at(&durations, i),
            note: at(&notes, i),
            error: None,
        })
        .collect()
}

impl Row {
    fn is_blank(&self) -> bool {
        self.done_on.is_empty() && self.duration.is_empty() && self.note.is_empty()
    }

    fn input(&self) -> EntryInput {
        EntryInput {
            kind: self.kind.clone(),
            done_on: self.done_on.clone(),
            establishment_id: self.establishment_id.parse().ok(),
            people_met: self.people_met.parse().unwrap_or(0),
            duration: self.duration.clone(),
            note: self.note.clone(),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let organisation_field = form
        .iter()
        .find(|(k, _)| k == "organisation")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut rows: Vec<Row> = rows_of(&form).into_iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        return new_page(
            &state,
            ctx.clone(),
            organisation_field,
            vec![Row::default()],
            Some("activity.error.empty"),
        )
        .await;
    }
    let organisation = match store::organisation_of(user, organisation_field.parse().ok()) {
        Ok(org) => org,
        Err(err) => {
            let message = err.into_form_message()?;
            return new_page(&state, ctx.clone(), organisation_field, rows, Some(message)).await;
        }
    };
    let inputs: Vec<EntryInput> = rows.iter().map(Row::input).collect();
    match store::log(&state, user, &ctx.request_id, organisation, &inputs).await? {
        Ok(_) => Ok(redirect(
            &state,
            "/activities?whose=mine",
            Some(Flash {
                key: "activity.recorded",
                error: false,
            }),
        )),
        Err(errors) => {
            for LineError { line, message, .. } in errors {
                rows[line - 1].error = Some(message);
            }
            new_page(
                &state,
                ctx.clone(),
                organisation_field,
                rows,
                Some("activity.error.lines"),
            )
            .await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "activities/templates/edit.html")]
pub struct EditPage {
    ctx: Ctx,
    activity: Activity,
    kinds: &'static [ActivityKind],
    establishments: Vec<Choice>,
    row: Row,
    error: Option<&'static str>,
}

async fn edit_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    row: Option<Row>,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let activity = store::get(&state.db, &user.actor, id).await?;
    let establishments = own_establishments(state, activity.person_id).await?;
    let row = row.unwrap_or_else(|| Row {
        kind: activity.kind.clone(),
        done_on: activity.done_on.clone(),
        establishment_id: activity.establishment_id.map(|e| e.to_string()).unwrap_or_default(),
        people_met: activity.people_met.to_string(),
        duration: activity.minutes.to_string(),
        note: activity.note.clone(),
        error: None,
    });
    let status = form_status(error.is_some());
    Ok((
        status,
        EditPage {
            ctx,
            activity,
            kinds: ActivityKind::ALL,
            establishments,
            row,
            error,
        },
    )
        .into_response())
}

pub async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    edit_page(&state, ctx, id, None, None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let row = rows_of(&form).into_iter().next().unwrap_or_default();
    match store::correct(&state, user, &ctx.request_id, id, &row.input()).await {
        Ok(()) => Ok(redirect(
            &state,
            "/activities",
            Some(Flash {
                key: "activity.corrected",
                error: false,
            }),
        )),
        Err(err) => {
            let message = err.into_form_message()?;
            edit_page(&state, ctx.clone(), id, Some(row), Some(message)).await
        }
    }
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    store::delete(&state, user, &ctx.request_id, id).await?;
    Ok(redirect(
        &state,
        "/activities",
        Some(Flash {
            key: "activity.deleted",
            error: false,
        }),
    ))
}
