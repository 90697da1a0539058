//! Agreement pages: the list, a new agreement, one agreement with its
//! commitments, follow-up, evaluations and board, an evaluation (a form
//! while open, a report comparing with the year before once closed) and
//! its PDF.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};

use super::actions::{self, AgreementInput, CommitmentInput, FollowUpInput, ItemInput, PartyInput};
use super::rules::{AgreementStatus, Outcome, Trend};
use super::store::{
    self, Agreement, AgreementFilter, Category, Commitment, Evaluation, FollowUp, Item, Party, Post, Rights,
};
use crate::error::{AppError, AppResult};
use crate::indicators::Agreed;
use crate::indicators::rules::Cell as IndicatorCell;
use crate::indicators::sets::rules::Forum;
use crate::indicators::sets::{SetsCard, card};
use crate::indicators::store::Indicator;
use crate::pdf::{self, Block};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Typed, answer, form_status};

#[derive(Template, WebTemplate)]
#[template(path = "agreements/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<Agreement>,
    query: ListQuery,
    links: Links,
    statuses: &'static [AgreementStatus],
    can_record: bool,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AgreementFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    let page = store::list(&state.db, &user.actor, &query, &filter, today).await?;
    let links = Links::new(
        "/agreements",
        &query,
        &[
            ("status", filter.status.as_deref()),
            ("evaluation", filter.evaluation.as_deref()),
        ],
    );
    let can_record = actions::may_record(user);
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        statuses: AgreementStatus::ALL,
        can_record,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "agreements/templates/new.html")]
pub struct NewPage {
    ctx: Ctx,
    organisations: Vec<Choice>,
    replaceable: Vec<Agreement>,
    form: Typed,
    error: Option<&'static str>,
}

async fn new_page(state: &AppState, ctx: Ctx, form: Typed, error: Option<&'static str>) -> AppResult<Response> {
    let user = ctx.user()?;
    if !actions::may_record(user) {
        return Err(AppError::Forbidden);
    }
    let organisations = crate::web::choices::choices(
        state,
        "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label FROM organisations ORDER BY acronym",
    )
    .await?;
    let all = ListQuery {
        per_page: Some(200),
        ..ListQuery::default()
    };
    let replaceable = store::list(
        &state.db,
        &user.actor,
        &all,
        &AgreementFilter::default(),
        state.clock.now().date_naive(),
    )
    .await?
    .items;
    let status = form_status(error.is_some());
    let page = NewPage {
        ctx,
        organisations,
        replaceable,
        form,
        error,
    };
    Ok((status, page).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    new_page(&state, ctx, Typed::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let parties = form
        .all("party")
        .iter()
        .filter_map(|id| id.parse::<i64>().ok())
        .map(|id| PartyInput {
            organisation_id: id,
            signatory: form.get(&format!("signatory_{id}")).to_owned(),
        })
        .collect();
    let input = AgreementInput {
        title: form.get("title").to_owned(),
        summary: form.get("summary").to_owned(),
        parties,
        signed_on: parse_date(form.get("signed_on")),
        starts_on: parse_date(form.get("starts_on")),
        ends_on: parse_date(form.get("ends_on")),
        replaces_id: form.get("replaces_id").parse().ok(),
        draft: form.get("draft") == "1",
    };
    let outcome = actions::create(&state, user, &ctx.request_id, &input)
        .await
        .map(|id| (format!("/agreements/{id}"), "agreement.created"));
    answer(&state, outcome, |message| {
        new_page(&state, ctx.clone(), form, Some(message))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "agreements/templates/detail.html")]
pub struct DetailPage {
    ctx: Ctx,
    a: Agreement,
    sets_card: SetsCard,
    parties: Vec<Party>,
    rights: Rights,
    categories: Vec<Category>,
    commitments: Vec<Commitment>,
    follow_ups: Vec<FollowUp>,
    evaluations: Vec<Evaluation>,
    posts: Vec<Post>,
    today: String,
    form: Typed,
    error: Option<&'static str>,
}

impl DetailPage {
    fn commitments_of(&self, category: &i64) -> Vec<&Commitment> {
        self.commitments.iter().filter(|c| c.category_id == *category).collect()
    }

    /// The notes on a category or on one of its commitments.
    fn notes_of(&self, category: &i64) -> Vec<&FollowUp> {
        let own: Vec<i64> = self.commitments_of(category).iter().map(|c| c.id).collect();
        self.follow_ups
            .iter()
            .filter(|f| f.category_id == Some(*category) || f.commitment_id.is_some_and(|c| own.contains(&c)))
            .collect()
    }
}

async fn detail_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    let (a, parties, rights) = store::get(&state.db, &user.actor, id, today).await?;
    let page = DetailPage {
        sets_card: card(state, user, Forum::Agreement(id)).await?,
        categories: store::categories(&state.db, id).await?,
        commitments: store::commitments(&state.db, id).await?,
        follow_ups: store::follow_ups(&state.db, id).await?,
        evaluations: store::evaluations(&state.db, id).await?,
        posts: store::posts(&state.db, id, 20).await?,
        ctx,
        a,
        parties,
        rights,
        today: today.to_string(),
        form,
        error,
    };
    Ok((form_status(page.error.is_some()), page).into_response())
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    detail_page(&state, ctx, id, Typed::default(), None).await
}

/// Answers a form of the agreement's page: back to the agreement with the
/// message, or the page again with what was typed and the error.
async fn to_agreement(state: &AppState, posted: Posted, outcome: AppResult<&'static str>) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = outcome.map(|key| (format!("/agreements/{id}"), key));
    answer(state, outcome, |message| {
        detail_page(state, ctx.clone(), id, form, Some(message))
    })
    .await
}

/// Signs a draft agreement, or ends one early (`ending`), on the date given.
async fn change_state(state: AppState, posted: Posted, ending: bool) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let on = parse_date(form.get("on"));
    let outcome = actions::set_state(&state, ctx.user()?, &ctx.request_id, *id, on, ending)
        .await
        .map(|()| {
            if ending {
                "agreement.terminated"
            } else {
                "agreement.signed"
            }
        });
    to_agreement(&state, posted, outcome).await
}

/// Signs a draft agreement on the date given.
pub async fn sign(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    change_state(state, posted, false).await
}

/// Ends an agreement early, on the date given.
pub async fn terminate(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    change_state(state, posted, true).await
}

/// Adds a category of commitments, or renames one.
pub async fn save_category(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let category_id = form.get("category_id").parse().ok();
    let outcome = actions::save_category(&state, ctx.user()?, &ctx.request_id, *id, category_id, form.get("name"))
        .await
        .map(|()| "agreement.saved");
    to_agreement(&state, posted, outcome).await
}

fn commitment_input(form: &Typed) -> CommitmentInput {
    CommitmentInput {
        category_id: form.get("category_id").parse().unwrap_or(0),
        text: form.get("text").to_owned(),
        responsible: form.all("responsible").iter().filter_map(|o| o.parse().ok()).collect(),
        indicators: form.get("indicators").to_owned(),
    }
}

/// Adds a commitment to a category.
pub async fn add_commitment(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let input = commitment_input(form);
    let outcome = actions::add_commitment(&state, ctx.user()?, &ctx.request_id, *id, &input)
        .await
        .map(|_| "agreement.saved");
    to_agreement(&state, posted, outcome).await
}

/// The note typed, about a category (`about=category:N`) or a commitment (`about=commitment:N`).
fn follow_up_input(form: &Typed) -> FollowUpInput {
    let (category_id, commitment_id) = match form.get("about").split_once(':') {
        Some(("category", n)) => (n.parse().ok(), None),
        Some(("commitment", n)) => (None, n.parse().ok()),
        _ => (None, None),
    };
    FollowUpInput {
        category_id,
        commitment_id,
        noted_on: parse_date(form.get("noted_on")),
        text: form.get("text").to_owned(),
        link: form.get("link").to_owned(),
    }
}

/// Adds a follow-up note on a category or a commitment.
pub async fn add_follow_up(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let input = follow_up_input(form);
    let outcome = actions::add_follow_up(&state, ctx.user()?, &ctx.request_id, *id, &input)
        .await
        .map(|()| "agreement.saved");
    to_agreement(&state, posted, outcome).await
}

/// Posts news on the agreement's board.
pub async fn post_news(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = &posted;
    let outcome = actions::add_post(
        &state,
        ctx.user()?,
        &ctx.request_id,
        *id,
        form.get("title"),
        form.get("body"),
    )
    .await
    .map(|()| "agreement.posted");
    to_agreement(&state, posted, outcome).await
}

pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (name, bytes) =
        crate::web::extract::uploaded_file(multipart, "document", crate::web::extract::MAX_DOCUMENT).await?;
    let outcome = actions::upload_document(&state, user, &ctx.request_id, id, &name, &bytes)
        .await
        .map(|()| (format!("/agreements/{id}"), "agreement.saved"));
    answer(&state, outcome, |message| {
        detail_page(&state, ctx.clone(), id, Typed::default(), Some(message))
    })
    .await
}

/// The signed document, as a download.
pub async fn document(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    store::get(&state.db, &user.actor, id, state.clock.now().date_naive()).await?;
    let row: Option<(Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT document_name, document FROM agreements WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?;
    match row {
        Some((Some(name), Some(content))) => Ok(crate::tabular::download(content, "application/pdf", &name)),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "agreements/templates/evaluation.html")]
pub struct EvaluationPage {
    ctx: Ctx,
    a: Agreement,
    e: Evaluation,
    items: Vec<Item>,
    rights: Rights,
    outcomes: &'static [Outcome],
    /// The indicators agreed in the agreement, for its year and the one before.
    agreed: Option<Agreed>,
    error: Option<&'static str>,
}

impl EvaluationPage {
    fn shown(&self, indicator: &Indicator, cell: &IndicatorCell) -> String {
        crate::indicators::shown(self.ctx.lang, indicator, cell)
    }

    fn trend(&self, indicator: &Indicator, now: &IndicatorCell, before: &IndicatorCell) -> &'static str {
        Agreed::trend(indicator, now, before)
    }

    fn days(&self, (from, to): &(chrono::NaiveDate, chrono::NaiveDate)) -> String {
        self.ctx.lang.tn(
            "indicator.period",
            &[&self.ctx.lang.date(*from), &self.ctx.lang.date(*to)],
        )
    }

    fn outcome_label(&self, outcome: &Option<String>) -> &'static str {
        outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map_or("agreement.unanswered", Outcome::label)
    }

    fn trend_label(&self, item: &Item) -> &'static str {
        item.trend().label()
    }

    fn trend_class(&self, item: &Item) -> &'static str {
        match item.trend() {
            Trend::Better => "better",
            Trend::Worse => "worse",
            _ => "same",
        }
    }

    /// The category's name when it changes from the previous item.
    fn heading(&self, index: &usize) -> Option<&str> {
        let item = &self.items[*index];
        let first = *index == 0 || self.items[*index - 1].category != item.category;
        first.then_some(item.category.as_str())
    }
}

async fn evaluation_page(
    state: &AppState,
    ctx: Ctx,
    (id, eid): (i64, i64),
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, parties, rights) = store::get(&state.db, &user.actor, id, state.clock.now().date_naive()).await?;
    let (e, items) = store::evaluation(&state.db, id, eid).await?;
    let organisations = parties.iter().map(|p| p.organisation_id).collect();
    let last_day = e.anniversary.parse().map_err(|_| AppError::NotFound)?;
    let agreed = crate::indicators::agreed(state, ctx.lang, Forum::Agreement(id), organisations, last_day).await?;
    let page = EvaluationPage {
        agreed,
        ctx,
        a,
        e,
        items,
        rights,
        outcomes: Outcome::ALL,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn evaluation(State(state): State<AppState>, ctx: Ctx, Path(ids): Path<(i64, i64)>) -> AppResult<Response> {
    evaluation_page(&state, ctx, ids, None).await
}

/// Saves the outcomes typed (`outcome_{commitment}`, `comment_{commitment}`), and closes when asked.
pub async fn save_evaluation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, eid)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let form = Typed(form);
    let items: Vec<ItemInput> = form
        .all("commitment")
        .iter()
        .filter_map(|c| c.parse::<i64>().ok())
        .map(|c| ItemInput {
            commitment_id: c,
            outcome: Some(form.get(&format!("outcome_{c}")).to_owned()),
            comment: form.get(&format!("comment_{c}")).to_owned(),
        })
        .collect();
    let close = form.get("close") == "1";
    let key = if close {
        "agreement.evaluation_closed"
    } else {
        "agreement.saved"
    };
    let outcome = actions::evaluate(&state, user, &ctx.request_id, (id, eid), &items, close)
        .await
        .map(|()| (format!("/agreements/{id}/evaluations/{eid}"), key));
    answer(&state, outcome, |message| {
        evaluation_page(&state, ctx.clone(), (id, eid), Some(message))
    })
    .await
}

/// The evaluation report as a PDF, beside the previous year's outcomes.
pub async fn report_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, eid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, parties, _) = store::get(&state.db, &user.actor, id, state.clock.now().date_naive()).await?;
    let (e, items) = store::evaluation(&state.db, id, eid).await?;
    let t = |key: &str| ctx.t(key).to_owned();
    let outcome = |o: Option<Outcome>| o.map_or(t("agreement.unanswered"), |o| t(o.label()));
    let names: Vec<&str> = parties.iter().map(|p| p.acronym.as_str()).collect();
    let mut blocks = vec![
        Block::Title(ctx.t1("agreement.report_title", &a.title)),
        Block::Note(format!(
            "{} · {}",
            names.join(" – "),
            ctx.t1("agreement.anniversary_of", ctx.day(&e.anniversary))
        )),
    ];
    let last_day = e.anniversary.parse().map_err(|_| AppError::NotFound)?;
    let organisations = parties.iter().map(|p| p.organisation_id).collect();
    if let Some(agreed) =
        crate::indicators::agreed(&state, ctx.lang, Forum::Agreement(id), organisations, last_day).await?
    {
        let period = |(from, to): (chrono::NaiveDate, chrono::NaiveDate)| {
            ctx.lang
                .tn("indicator.period", &[&ctx.lang.date(from), &ctx.lang.date(to)])
        };
        let (now, before) = (period(agreed.periods[0]), period(agreed.periods[1]));
        blocks.push(Block::Heading(t("indicator_set.agreed_title")));
        blocks.push(Block::Note(format!("{} v{}", agreed.set.name, agreed.set.version)));
        blocks.extend(crate::indicators::compared_blocks(
            ctx.lang,
            &agreed.lines,
            (&now, &before),
        ));
    }
    let mut category = "";
    for item in &items {
        if item.category != category {
            category = &item.category;
            blocks.push(Block::Heading(item.category.clone()));
        }
        blocks.push(Block::Bullet(item.text.clone()));
        blocks.push(Block::Paragraph(format!(
            "{} : {} ({} : {}) — {}",
            t("agreement.this_year"),
            outcome(item.outcome()),
            t("agreement.last_year"),
            outcome(item.previous()),
            t(item.trend().label())
        )));
        if !item.comment.is_empty() {
            blocks.push(Block::Note(item.comment.clone()));
        }
    }
    let bytes = pdf::render(&ctx.t1("agreement.report_title", &a.title), &blocks);
    Ok(crate::tabular::download(
        bytes,
        "application/pdf",
        &format!("evaluation-{}-{}.pdf", a.id, e.anniversary),
    ))
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The board's news as an Atom feed. The personal feed secret (see
/// [`crate::calendar::feeds`]) stands for the person, as feed readers
/// cannot log in; only the members of the parties get it.
pub async fn board_feed(State(state): State<AppState>, Path((token, id)): Path<(String, i64)>) -> AppResult<Response> {
    let person = crate::calendar::feeds::subscriber(&state.db, &token).await?;
    let actor = crate::auth::load_actor(&state.db, &person).await?;
    let (agreement, _, rights) = store::get(&state.db, &actor, id, state.clock.now().date_naive()).await?;
    if !rights.member {
        return Err(AppError::NotFound);
    }
    let posts = store::posts(&state.db, id, 50).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let link = format!("{base}/agreements/{id}");
    let updated = posts
        .first()
        .map_or_else(|| crate::db::timestamp(state.clock.now()), |p| p.created_at.clone());
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>{}</title>\n<id>{link}</id>\n<link href=\"{link}\"/>\n<updated>{updated}</updated>\n",
        xml(&agreement.title)
    );
    for post in &posts {
        feed.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{link}#post-{}</id>\n<link href=\"{link}#board\"/>\n<updated>{}</updated>\n\
             <author><name>{}</name></author>\n<content type=\"text\">{}</content>\n</entry>\n",
            xml(&post.title),
            post.id,
            post.created_at,
            xml(post.author.as_deref().unwrap_or("Passerelle")),
            xml(&post.body)
        ));
    }
    feed.push_str("</feed>\n");
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed,
    )
        .into_response())
}
