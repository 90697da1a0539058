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
use crate::indicators::rules::Period;
use crate::indicators::sets::rules::{Forum, answerable};
use crate::indicators::sets::store::{self as sets, Party};
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
    let Some(figure) = figure else { return "–".to_owned() };
    let cell = crate::indicators::rules::Cell {
        numerator: figure.numerator,
        denominator: figure.denominator,
        value: figure.value,
        suppressed: figure.suppressed,
    };
    crate::indicators::shown(ctx.lang, indicator, &cell)
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
    p: Publication,
    /// Each indicator, as published and as computed today.
    lines: Vec<(Indicator, Option<Figure>, Figure)>,
}

impl PublicationPage {
    fn shown(&self, indicator: &Indicator, figure: &Option<Figure>) -> String {
        shown(&self.ctx, indicator, figure.as_ref())
    }

    fn now(&self, indicator: &Indicator, figure: &Figure) -> String {
        shown(&self.ctx, indicator, Some(figure))
    }

    fn changed(&self) -> bool {
        self.lines.iter().any(|(_, was, now)| was.as_ref() != Some(now))
    }

    fn period_name(&self) -> String {
        Period::parse(&self.p.period).map_or(self.p.period.clone(), |p| {
            crate::indicators::period_name(self.ctx.lang, p)
        })
    }
}

/// One publication, beside its figures computed again from today's data:
/// a figure that changed since is flagged.
pub async fn publication(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<PublicationPage> {
    let user = ctx.user()?;
    let p = store::publication(&state.db, id).await?;
    let readable = store::networks(&state.db, &user.actor).await?;
    if !readable.iter().any(|(n, _)| *n == p.network_id) {
        return Err(AppError::NotFound);
    }
    let period = Period::parse(&p.period).ok_or(AppError::NotFound)?;
    let now = actions::compute(&state, p.organisation_id, p.set_id, period).await?;
    let published = p.figures();
    let items = sets::items(&state.db, p.set_id, ctx.lang).await?;
    let lines = items
        .into_iter()
        .filter_map(|indicator| {
            let today = now.iter().find(|f| f.code == indicator.code)?.clone();
            let was = published.iter().find(|f| f.code == indicator.code).cloned();
            Some((indicator, was, today))
        })
        .collect();
    Ok(PublicationPage { ctx, p, lines })
}
