//! The figures published in a network, publishing them, and one
//! publication beside its figures computed again.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;

use super::actions::{self, Publishing};
use super::store::{self, Figure, Publication};
use crate::error::{AppError, AppResult};
use crate::indicators::rules::{Cell, Period};
use crate::indicators::sets::rules::{Forum, answerable};
use crate::indicators::sets::store::{self as sets, Party};
use crate::indicators::snapshots::Counted;
use crate::indicators::store::{Indicator, catalogue};
use crate::state::AppState;
use crate::web::extract::{Form, Path, Query};
use crate::web::{Ctx, Typed, answer, form_status};

/// `?network=1&period=2025`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PublishedQuery {
    network: Option<String>,
    period: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/publications/templates/published.html")]
pub struct PublishedPage {
    ctx: Ctx,
    networks: Vec<(i64, String)>,
    network: Option<(i64, String)>,
    periods: Vec<String>,
    period: String,
    publications: Vec<Publication>,
    /// The catalogue, to name the published indicators.
    catalogue: Vec<Indicator>,
    /// The member organisations the person may publish for.
    publishers: Vec<Party>,
    /// Closed periods that may be published: last year, its quarters, recent months.
    closed: Vec<Period>,
    form: Typed,
    error: Option<&'static str>,
}

impl PublishedPage {
    /// The indicators published this period, in the catalogue's order.
    fn rows(&self) -> Vec<&Indicator> {
        self.catalogue
            .iter()
            .filter(|i| {
                self.publications
                    .iter()
                    .any(|p| p.figures().iter().any(|f| f.code == i.code && f.version == i.version))
            })
            .collect()
    }

    fn shown(&self, indicator: &Indicator, publication: &Publication) -> String {
        let figure = publication.figures().into_iter().find(|f| f.code == indicator.code);
        shown(&self.ctx, indicator, figure.as_ref())
    }

    fn period_name(&self, code: &str) -> String {
        Period::parse(code).map_or(code.to_owned(), |p| crate::indicators::period_name(self.ctx.lang, p))
    }
}

/// A published figure with what it is made of, or why there is none.
fn shown(ctx: &Ctx, indicator: &Indicator, figure: Option<&Figure>) -> String {
    crate::indicators::shown(ctx.lang, indicator, &cell(figure))
}

async fn published_page(
    state: &AppState,
    ctx: Ctx,
    query: PublishedQuery,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let networks = store::networks(&state.db, &user.actor).await?;
    let asked: Option<i64> = query.network.as_deref().and_then(|n| n.parse().ok());
    let network = networks
        .iter()
        .find(|(id, _)| Some(*id) == asked)
        .or(networks.first())
        .cloned();
    let (periods, publishers) = match &network {
        Some((id, _)) => {
            let mut conn = state.db.pool.acquire().await?;
            let parties = sets::parties(&mut conn, Forum::Network(*id), None).await?;
            let publishers = answerable(user, &parties).into_iter().cloned().collect();
            (store::periods(&state.db, *id).await?, publishers)
        }
        None => (Vec::new(), Vec::new()),
    };
    let period = query
        .period
        .filter(|p| periods.contains(p))
        .or(periods.first().cloned())
        .unwrap_or_default();
    let publications = match &network {
        Some((id, _)) => store::of_network(&state.db, *id, &period).await?,
        None => Vec::new(),
    };
    let today = state.clock.now().date_naive();
    let last = today.year() - 1;
    let closed = std::iter::once(Period::Year(last))
        .chain((1..=4).map(|q| Period::Quarter(today.year(), q)))
        .chain((1..=4).map(|q| Period::Quarter(last, q)))
        .filter(|p| p.bounds().1 < today)
        .collect();
    let page = PublishedPage {
        catalogue: catalogue(&state.db, ctx.lang).await?,
        ctx,
        networks,
        network,
        periods,
        period,
        publications,
        publishers,
        closed,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn published(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PublishedQuery>,
) -> AppResult<Response> {
    published_page(&state, ctx, query, Typed::default(), None).await
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let network: i64 = form.get("network_id").parse().map_err(|_| AppError::NotFound)?;
    let what = Publishing {
        network,
        organisation: form.get("organisation_id").parse().unwrap_or(0),
        period: form.get("period"),
        commentary: form.get("commentary"),
    };
    let outcome = actions::publish(&state, user, &ctx.request_id, what)
        .await
        .map(|id| (format!("/indicators/publications/{id}"), "publication.published"));
    let query = PublishedQuery {
        network: Some(network.to_string()),
        period: None,
    };
    answer(&state, outcome, |message| {
        published_page(&state, ctx.clone(), query, form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/publications/templates/publication.html")]
pub struct PublicationPage {
    ctx: Ctx,
    report: Report,
}

/// A publication read as a report: each indicator as published, the same
/// period a year before (as published then, or computed), and as computed
/// today.
pub struct Report {
    p: Publication,
    period: Period,
    lines: Vec<ReportLine>,
    /// When the figures of today were counted; the data under them may
    /// have changed since.
    counted: Counted,
}

struct ReportLine {
    indicator: Indicator,
    published: Option<Figure>,
    before: Option<Figure>,
    today: Figure,
}

impl Report {
    fn changed(&self) -> bool {
        self.counted.changed_at.is_some() || self.lines.iter().any(|l| l.published.as_ref() != Some(&l.today))
    }

    /// Each indicator as published beside the year before, for a trend.
    fn compared(&self) -> Vec<(Indicator, Cell, Cell)> {
        self.lines
            .iter()
            .map(|l| (l.indicator.clone(), cell(l.published.as_ref()), cell(l.before.as_ref())))
            .collect()
    }
}

/// A figure as the rules' cell; none as a missing one.
fn cell(figure: Option<&Figure>) -> Cell {
    figure.map_or(
        Cell {
            numerator: None,
            denominator: None,
            value: None,
            suppressed: false,
        },
        |f| Cell {
            numerator: f.numerator,
            denominator: f.denominator,
            value: f.value,
            suppressed: f.suppressed,
        },
    )
}

impl PublicationPage {
    fn shown(&self, indicator: &Indicator, figure: &Option<Figure>) -> String {
        shown(&self.ctx, indicator, figure.as_ref())
    }

    fn now(&self, indicator: &Indicator, figure: &Figure) -> String {
        shown(&self.ctx, indicator, Some(figure))
    }

    fn trend(&self, line: &ReportLine) -> &'static str {
        crate::indicators::Agreed::trend(
            &line.indicator,
            &cell(line.published.as_ref()),
            &cell(line.before.as_ref()),
        )
    }

    fn period_name(&self) -> String {
        crate::indicators::period_name(self.ctx.lang, self.report.period)
    }

    fn before_name(&self) -> String {
        crate::indicators::period_name(self.ctx.lang, self.report.period.year_before())
    }
}

/// The publication `id` as a report, if `user` reads its network.
async fn report(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Report> {
    let user = ctx.user()?;
    let p = store::publication(&state.db, id).await?;
    let readable = store::networks(&state.db, &user.actor).await?;
    if !readable.iter().any(|(n, _)| *n == p.network_id) {
        return Err(AppError::NotFound);
    }
    let period = Period::parse(&p.period).ok_or(AppError::NotFound)?;
    let of = (p.organisation_id, p.set_id);
    let (now, counted) = actions::compute(state, of, (period, p.threshold), false).await?;
    let before = match store::of_organisation(&state.db, &p, &period.year_before().code()).await? {
        Some(earlier) => earlier.figures(),
        None => {
            actions::compute(state, of, (period.year_before(), p.threshold), false)
                .await?
                .0
        }
    };
    let published = p.figures();
    let find = |figures: &[Figure], code: &str| figures.iter().find(|f| f.code == code).cloned();
    let lines = sets::items(&state.db, p.set_id, ctx.lang)
        .await?
        .into_iter()
        .filter_map(|indicator| {
            Some(ReportLine {
                today: find(&now, &indicator.code)?,
                published: find(&published, &indicator.code),
                before: find(&before, &indicator.code),
                indicator,
            })
        })
        .collect();
    Ok(Report {
        p,
        period,
        lines,
        counted,
    })
}

/// One publication as a report: beside the year before, with its trend,
/// and beside its figures computed again from today's data (a figure that
/// changed since is flagged).
pub async fn publication(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<PublicationPage> {
    let report = report(&state, &ctx, id).await?;
    Ok(PublicationPage { ctx, report })
}

/// The same report as a PDF, to print or send.
pub async fn report_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    use crate::pdf::Block;
    let report = report(&state, &ctx, id).await?;
    let lang = ctx.lang;
    let p = &report.p;
    let period = crate::indicators::period_name(lang, report.period);
    let title = format!("{} · {period} · {}", p.acronym, p.network);
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Note(format!(
            "{} v{} · {} {}",
            p.set_name,
            p.set_version,
            lang.t("publication.published_on"),
            ctx.datetime(&p.published_at)
        )),
    ];
    if !p.commentary.is_empty() {
        blocks.push(Block::Paragraph(p.commentary.clone()));
    }
    let before = crate::indicators::period_name(lang, report.period.year_before());
    blocks.extend(crate::indicators::compared_blocks(
        lang,
        &report.compared(),
        (&period, &before),
    ));
    if report.changed() {
        blocks.push(Block::Note(lang.t("publication.changed").to_owned()));
    }
    let bytes = crate::pdf::render(&title, &blocks);
    Ok(crate::tabular::download(
        bytes,
        "application/pdf",
        &format!("indicators-{}-{}.pdf", p.acronym.replace(' ', "-"), p.period),
    ))
}
