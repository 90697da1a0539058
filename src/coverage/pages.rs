//! Coverage pages: the census with its charts and exports, an
//! organisation's thresholds, the gap list of an establishment, and the
//! information sheet for detainees.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::rules::{CoverageStatus, SeenVolunteers, Threshold};
use super::store::{self, Census, CoverageFilter, Setting, Snapshot, Tally, Volunteer};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::permissions::Mission;
use crate::state::AppState;
use crate::tabular::{Cell, Sheet};
use crate::web::choices::Choice;
use crate::web::choices::Places;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, form_status, redirect};

#[derive(Template, WebTemplate)]
#[template(path = "coverage/templates/census.html")]
pub struct CensusPage {
    ctx: Ctx,
    census: Census,
    page: Paged<usize>,
    links: Links,
    total: Tally,
    regions: Vec<Tally>,
    trend: Vec<Snapshot>,
    places: Places,
    statuses: &'static [CoverageStatus],
    can_configure: bool,
    /// The organisation the filter is about, by its column.
    column: Option<usize>,
}

impl CensusPage {
    /// The organisations' columns shown: the one the filter is about, or
    /// those working in a country of the rows (no column of "—").
    fn shown(&self) -> Vec<usize> {
        match self.column {
            Some(i) => vec![i],
            None => (0..self.census.organisations.len())
                .filter(|i| {
                    let country = &self.census.organisations[*i].country;
                    self.census.rows.iter().any(|r| &r.place.country == country)
                })
                .collect(),
        }
    }

    /// The status of the last column: the filtered organisation's, else the partnership's.
    fn status_of(&self, row: &crate::coverage::store::Row) -> Option<CoverageStatus> {
        row.status_for(self.column)
    }

    /// The last column's title: the organisation the filter is about, or the partnership.
    fn status_title(&self) -> String {
        match self.column {
            Some(i) => self
                .ctx
                .t1("coverage.status_for", &self.census.organisations[i].organisation),
            None => self.ctx.t("coverage.partnership").to_owned(),
        }
    }

    /// Whether to link a gap to the volunteers of its region: the rule of
    /// that page.
    fn sees_gaps(&self) -> bool {
        self.ctx
            .user
            .as_ref()
            .is_some_and(|u| super::rules::seen_volunteers(&u.actor) != SeenVolunteers::Nobody)
    }

    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }

    /// The highest number of unserved establishments in the trend, for the bars.
    fn trend_max(&self) -> i64 {
        self.trend.iter().map(|s| s.unserved).max().unwrap_or(0).max(1)
    }
}

const SORTS: &[&str] = &["region", "establishment", "population", "status"];

/// Sorts the census rows as asked; rows stay in the query's order otherwise.
fn sort(census: &mut Census, query: &ListQuery, column: Option<usize>) {
    let rank = |s: Option<CoverageStatus>| s.and_then(|s| CoverageStatus::ALL.iter().position(|x| *x == s));
    match query.sort.as_deref().filter(|s| SORTS.contains(s)) {
        Some("establishment") => census
            .rows
            .sort_by(|a, b| a.place.establishment.cmp(&b.place.establishment)),
        Some("population") => census.rows.sort_by_key(|r| r.place.population.unwrap_or(0)),
        Some("status") => census
            .rows
            .sort_by_key(|r| std::cmp::Reverse(rank(r.status_for(column)))),
        _ => {}
    }
    if query.descending() {
        census.rows.reverse();
    }
}

pub async fn census(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<CoverageFilter>,
) -> AppResult<CensusPage> {
    ctx.user()?;
    let today = state.clock.now().date_naive();
    let mut census = store::census(&state, today, &filter).await?;
    let column = census.column(filter.organisation.as_deref().and_then(|o| o.parse().ok()));
    sort(&mut census, &query, column);
    let (total, regions) = census.tallies(column);
    let rows = census.rows.len() as i64;
    let page = Paged {
        more: false,
        items: (query.offset() as usize..(query.offset() + query.per_page()).min(rows) as usize).collect(),
        total: rows,
        page: query.page(),
        per_page: query.per_page(),
    };
    let links = Links::new(
        "/coverage",
        &ListQuery {
            q: filter.q.clone(),
            ..query.clone()
        },
        &[
            ("country", filter.country.as_deref()),
            ("region", filter.region.as_deref()),
            ("kind", filter.kind.as_deref()),
            ("organisation", filter.organisation.as_deref()),
            ("status", filter.status.as_deref()),
        ],
    );
    let can_configure = !configurable(&ctx)?.is_empty();
    Ok(CensusPage {
        trend: store::trend(&state.db).await?,
        places: Places::load(&state, ctx.lang).await?,
        ctx,
        census,
        page,
        links,

        total,
        regions,
        statuses: CoverageStatus::ALL,
        can_configure,
        column,
    })
}

const COLUMNS: &[(&str, &str)] = &[
    ("code", "establishment.code"),
    ("establishment", "coverage.establishment"),
    ("country", "establishment.country"),
    ("region", "establishment.region"),
    ("kind", "establishment.kind"),
    ("population", "establishment.population"),
    ("organisation", "coverage.organisation"),
    ("visitors", "coverage.visitors"),
    ("correspondents", "coverage.correspondents"),
    ("others", "coverage.others"),
    ("needed", "coverage.needed"),
    ("status", "coverage.status"),
    ("partnership", "coverage.partnership"),
];

/// The census as a CSV (`XLSX` false) or Excel file: one line per
/// establishment and organisation.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(filter): Query<CoverageFilter>,
) -> AppResult<Response> {
    ctx.user()?;
    let census = store::census(&state, state.clock.now().date_naive(), &filter).await?;
    let rows = census
        .lines()
        .map(|(row, setting, cell)| {
            let p = &row.place;
            vec![
                Cell::from(p.code.clone()),
                p.establishment.clone().into(),
                p.country.clone().into(),
                p.region.clone().into(),
                p.kind.clone().into(),
                p.population.map_or(Cell::from(""), Cell::from),
                setting.organisation.clone().into(),
                Cell::from(cell.presence.visitors),
                Cell::from(cell.presence.correspondents),
                Cell::from(cell.presence.others),
                Cell::from(cell.needed),
                ctx.t(cell.status.label()).into(),
                ctx.t(row.partnership.label()).into(),
            ]
        })
        .collect();
    Sheet {
        name: "coverage",
        columns: COLUMNS,
        rows,
    }
    .download(XLSX, ctx.lang)
}

/// The organisations whose thresholds this person may set.
fn configurable(ctx: &Ctx) -> AppResult<Vec<Choice>> {
    let user = ctx.user()?;
    Ok(user
        .actor
        .memberships
        .iter()
        .filter(|m| !m.administration && user.actor.can(Action::EditOrganisation(m.organisation_id)))
        .map(Choice::from)
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "coverage/templates/settings.html")]
pub struct SettingsPage {
    ctx: Ctx,
    organisations: Vec<Choice>,
    settings: Vec<Setting>,
    missions: &'static [Mission],
    error: Option<&'static str>,
}

impl SettingsPage {
    fn setting(&self, organisation: &str) -> Option<&Setting> {
        self.settings
            .iter()
            .find(|s| s.organisation_id.to_string() == organisation)
    }
}

async fn settings_page(state: &AppState, ctx: Ctx, error: Option<&'static str>) -> AppResult<Response> {
    let organisations = configurable(&ctx)?;
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let settings = store::settings(&state.db).await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        SettingsPage {
            ctx,
            organisations,
            settings,
            missions: Mission::ALL,
            error,
        },
    )
        .into_response())
}

pub async fn settings_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    settings_page(&state, ctx, None).await
}

#[derive(serde::Deserialize)]
pub struct SettingsForm {
    organisation: i64,
    mission: String,
    #[serde(default)]
    detainees_per_volunteer: String,
    minimum: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    user.actor.require(Action::EditOrganisation(form.organisation))?;
    let per = form.detainees_per_volunteer.trim();
    let per = if per.is_empty() {
        Ok(None)
    } else {
        per.parse::<i64>().map(Some)
    };
    let (Some(mission), Ok(per), Ok(minimum)) =
        (Mission::parse(&form.mission), per, form.minimum.trim().parse::<i64>())
    else {
        return settings_page(&state, ctx.clone(), Some("coverage.error.threshold")).await;
    };
    if minimum < 1 || per.is_some_and(|p| p < 1) {
        return settings_page(&state, ctx.clone(), Some("coverage.error.threshold")).await;
    }
    let threshold = Threshold {
        detainees_per_volunteer: per,
        minimum,
    };
    store::save_setting(
        &state,
        user.person.id,
        &ctx.request_id,
        form.organisation,
        mission,
        threshold,
    )
    .await?;
    Ok(redirect(
        &state,
        "/coverage",
        Some(Flash {
            key: "coverage.saved",
            error: false,
        }),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "coverage/templates/gaps.html")]
pub struct GapsPage {
    ctx: Ctx,
    establishment: String,
    establishment_id: i64,
    region: String,
    volunteers: Vec<Volunteer>,
}

pub async fn gaps(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let seen = super::rules::seen_volunteers(&ctx.user()?.actor);
    if seen == SeenVolunteers::Nobody {
        return Err(AppError::Forbidden);
    }
    let (establishment, region): (String, String) = sqlx::query_as(
        "SELECT e.name, r.name FROM establishments e JOIN regions r ON r.id = e.region_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let volunteers = store::volunteers(&state.db, id, (true, &seen), state.clock.now().date_naive()).await?;
    Ok(GapsPage {
        ctx,
        establishment,
        establishment_id: id,
        region,
        volunteers,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "coverage/templates/sheet.html")]
pub struct SheetPage {
    ctx: Ctx,
    id: i64,
    establishment: String,
    city: String,
    lines: Vec<SheetLine>,
}

/// One organisation on the information sheet.
pub struct SheetLine {
    organisation: String,
    name: String,
    service: String,
    address: String,
    present: Vec<String>,
}

#[derive(serde::Deserialize)]
pub struct SheetQuery {
    lang: Option<String>,
}

/// What the information sheet says, for the page and the PDF alike.
struct SheetContent {
    establishment: String,
    city: String,
    lines: Vec<SheetLine>,
}

/// The sheet of establishment `id`: the organisations of its country that
/// offer visits or courses, the volunteers of each authorised there today.
async fn sheet_content(state: &AppState, id: i64) -> AppResult<SheetContent> {
    let (establishment, city, country): (String, String, String) =
        sqlx::query_as("SELECT name, city, country FROM establishments WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    let organisations: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, acronym, name, service, address FROM organisations \
         WHERE kind = 'volunteer_organisation' AND country = $1 AND service IN ('visits', 'courses') ORDER BY service DESC, acronym",
    )
    .bind(&country)
    .fetch_all(&state.db.pool)
    .await?;
    // The sheet tells detainees who serves here: every organisation's.
    let every = (false, &SeenVolunteers::All);
    let present = store::volunteers(&state.db, id, every, state.clock.now().date_naive()).await?;
    let lines = organisations
        .into_iter()
        .map(|(org, acronym, name, service, address)| SheetLine {
            present: present
                .iter()
                .filter(|v| v.organisation_id == org && v.mission != "teacher")
                .map(|v| v.name.clone())
                .collect(),
            organisation: acronym,
            name,
            service,
            address,
        })
        .collect();
    Ok(SheetContent {
        establishment,
        city,
        lines,
    })
}

/// The sheet's language: `?lang=` when given, else the reader's.
fn sheet_language(ctx: &mut Ctx, q: &SheetQuery) -> AppResult<()> {
    ctx.user()?;
    if let Some(lang) = q.lang.as_deref().and_then(crate::i18n::Lang::parse) {
        ctx.lang = lang;
    }
    Ok(())
}

/// The information sheet for detainees: how to ask for a visitor or for
/// courses here, in French or English (`?lang=`), to print and post.
pub async fn sheet(
    State(state): State<AppState>,
    mut ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> AppResult<Response> {
    sheet_language(&mut ctx, &q)?;
    let content = sheet_content(&state, id).await?;
    Ok(SheetPage {
        ctx,
        id,
        establishment: content.establishment,
        city: content.city,
        lines: content.lines,
    }
    .into_response())
}

/// The same sheet as a PDF file.
pub async fn sheet_pdf(
    State(state): State<AppState>,
    mut ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> AppResult<Response> {
    use crate::pdf::Block;
    sheet_language(&mut ctx, &q)?;
    let content = sheet_content(&state, id).await?;
    let title = ctx.t1("coverage.sheet_title", &content.establishment);
    let mut blocks = vec![Block::Title(title.clone()), Block::Note(content.city.clone())];
    for line in &content.lines {
        let heading = match line.service.as_str() {
            "visits" => "coverage.sheet.visits",
            _ => "coverage.sheet.courses",
        };
        blocks.push(Block::Heading(ctx.t(heading).to_owned()));
        blocks.push(Block::Paragraph(format!("{} ({})", line.name, line.organisation)));
        if line.present.is_empty() {
            blocks.push(Block::Paragraph(ctx.t("coverage.sheet.absent").to_owned()));
        } else {
            blocks.push(Block::Paragraph(ctx.t("coverage.sheet.present").to_owned()));
            blocks.extend(line.present.iter().cloned().map(Block::Bullet));
        }
        if !line.address.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "{} : {}",
                ctx.t("coverage.sheet.write"),
                line.address
            )));
        }
    }
    let file = format!("sheet-{id}-{}.pdf", ctx.lang.code());
    Ok(crate::tabular::download(
        crate::pdf::render(&title, &blocks),
        "application/pdf",
        &file,
    ))
}
