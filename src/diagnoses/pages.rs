//! Needs diagnosis pages: the diagnoses of one's organisations and the
//! form to open one; a diagnosis to answer, with its report; the
//! comparison of closed diagnoses by country or establishment.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, AnswerInput, DiagnosisInput};
use super::rules::{MIN_RESPONDENTS, Rights, SCALE, Scores, priorities};
use super::store::{self, Answer, Diagnosis, Group, Item};
use crate::error::AppResult;
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::choices::{Choice, administered_establishments, organisations};
use crate::web::extract::{Form, Path, Posted, Query};
use crate::web::{Ctx, Typed, answer, form_status};

#[derive(Template, WebTemplate)]
#[template(path = "diagnoses/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    diagnoses: Vec<Diagnosis>,
    questionnaires: Vec<(i64, String)>,
    organisations: Vec<Choice>,
    establishments: Vec<Choice>,
    form: Typed,
    error: Option<&'static str>,
}

async fn list_page(state: &AppState, ctx: Ctx, form: Typed, error: Option<&'static str>) -> AppResult<Response> {
    let user = ctx.user()?;
    let orgs: Vec<i64> = user
        .actor
        .memberships
        .iter()
        .map(|m| m.organisation_id)
        .filter(|o| user.actor.can(Action::DiagnoseNeeds(*o)))
        .collect();
    let organisations = organisations(state, &orgs).await?;
    let establishments = administered_establishments(state, &orgs).await?;
    let page = ListPage {
        diagnoses: store::diagnoses(&state.db, &user.actor, ctx.lang).await?,
        questionnaires: store::questionnaires(&state.db, ctx.lang).await?,
        ctx,
        organisations,
        establishments,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    list_page(&state, ctx, Typed::default(), None).await
}

pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = Typed(form);
    let input = DiagnosisInput {
        questionnaire_id: form.get("questionnaire_id").parse().unwrap_or(0),
        organisation_id: form.get("organisation_id").parse().unwrap_or(0),
        establishment_id: form.get("establishment_id").parse().ok(),
    };
    let outcome = actions::open(&state, ctx.user()?, &ctx.request_id, &input)
        .await
        .map(|id| (format!("/diagnoses/{id}"), "diagnosis.opened_flash"));
    answer(&state, outcome, |message| {
        list_page(&state, ctx.clone(), form, Some(message))
    })
    .await
}

/// A question of the report: its scores, or the texts answered.
pub struct Line {
    pub item: Item,
    pub scores: Scores,
    pub texts: Vec<String>,
    pub priority: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "diagnoses/templates/diagnosis.html")]
pub struct DiagnosisPage {
    ctx: Ctx,
    d: Diagnosis,
    rights: Rights,
    items: Vec<Item>,
    /// The person's own answers, to show the form filled.
    own: Vec<Answer>,
    /// The report, for those who manage the diagnosis.
    report: Vec<Line>,
    scale: [i64; 5],
    form: Typed,
    error: Option<&'static str>,
}

impl DiagnosisPage {
    fn sections(&self) -> Vec<&Item> {
        self.items.iter().filter(|i| i.kind == "section").collect()
    }

    fn questions(&self, section: &i64) -> Vec<&Item> {
        self.items.iter().filter(|i| i.section_id == Some(*section)).collect()
    }

    fn lines(&self, section: &i64) -> Vec<&Line> {
        self.report
            .iter()
            .filter(|l| l.item.section_id == Some(*section))
            .collect()
    }

    fn section_average(&self, section: &i64) -> String {
        let scores: Vec<Scores> = self.lines(section).iter().map(|l| l.scores).collect();
        self.average(&Scores::merge(&scores))
    }

    fn priorities(&self) -> Vec<&Line> {
        self.report.iter().filter(|l| l.priority).collect()
    }

    /// An average as the reader writes numbers (3,2 or 3.2); a dash without answers.
    fn average(&self, scores: &Scores) -> String {
        scores.average_tenths().map_or("—".into(), |t| {
            let separator = if self.ctx.lang == crate::i18n::Lang::Fr {
                ','
            } else {
                '.'
            };
            format!("{}{separator}{}", t / 10, t % 10)
        })
    }

    fn checked(&self, question: &Item, score: &i64) -> bool {
        let field = format!("score_{}", question.id);
        if self.error.is_some() {
            return self.form.get(&field) == score.to_string();
        }
        self.own
            .iter()
            .any(|a| a.item_id == question.id && a.score == Some(*score))
    }

    fn text(&self, question: &Item) -> String {
        if self.error.is_some() {
            return self.form.get(&format!("text_{}", question.id)).to_owned();
        }
        self.own
            .iter()
            .find(|a| a.item_id == question.id)
            .map_or(String::new(), |a| a.text.clone())
    }

    fn scale_label(&self, score: &i64) -> &'static str {
        self.ctx.t(&format!("diagnosis.scale_{score}"))
    }

    fn answered(&self) -> bool {
        !self.own.is_empty()
    }
}

async fn diagnosis_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (d, rights) = store::diagnosis(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, d.questionnaire_id, ctx.lang).await?;
    let answers = store::answers(&state.db, id).await?;
    let own = answers
        .iter()
        .filter(|a| a.person_id == user.person.id)
        .cloned()
        .collect();
    let report = if rights.manage || user.actor.platform_admin {
        let scores = store::scores(&items, &answers);
        let first = priorities(&scores);
        items
            .iter()
            .filter(|i| i.kind != "section")
            .map(|q| Line {
                scores: scores
                    .iter()
                    .find(|(i, _)| *i == q.id)
                    .map(|(_, s)| *s)
                    .unwrap_or_default(),
                texts: answers
                    .iter()
                    .filter(|a| a.item_id == q.id && !a.text.is_empty())
                    .map(|a| a.text.clone())
                    .collect(),
                priority: first.contains(&q.id),
                item: q.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = DiagnosisPage {
        ctx,
        d,
        rights,
        items,
        own,
        report,
        scale: SCALE,
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn diagnosis(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    diagnosis_page(&state, ctx, id, Typed::default(), None).await
}

pub async fn answer_diagnosis(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let given: Vec<AnswerInput> = form
        .all("question")
        .iter()
        .filter_map(|q| q.parse::<i64>().ok())
        .map(|q| AnswerInput {
            item_id: q,
            score: form.get(&format!("score_{q}")).parse().ok(),
            text: form.get(&format!("text_{q}")).into(),
        })
        .collect();
    let outcome = actions::answer(&state, ctx.user()?, &ctx.request_id, id, &given)
        .await
        .map(|()| (format!("/diagnoses/{id}"), "diagnosis.answered"));
    answer(&state, outcome, |message| {
        diagnosis_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

pub async fn close(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::close(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|()| (format!("/diagnoses/{id}"), "diagnosis.closed"));
    answer(&state, outcome, |message| {
        diagnosis_page(&state, ctx.clone(), id, form, Some(message))
    })
    .await
}

/// `?questionnaire=1&by=establishment`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct CompareQuery {
    pub questionnaire: Option<i64>,
    /// `country` (the default) or `establishment`.
    pub by: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "diagnoses/templates/compare.html")]
pub struct ComparePage {
    ctx: Ctx,
    questionnaires: Vec<(i64, String)>,
    chosen: i64,
    by_establishment: bool,
    sections: Vec<Item>,
    groups: Vec<Group>,
    minimum: i64,
}

impl ComparePage {
    fn average(&self, scores: &Scores) -> String {
        scores.average_tenths().map_or("—".into(), |t| {
            let separator = if self.ctx.lang == crate::i18n::Lang::Fr {
                ','
            } else {
                '.'
            };
            format!("{}{separator}{}", t / 10, t % 10)
        })
    }
}

/// The sections of the questionnaire compared and its groups.
pub async fn comparison(
    state: &AppState,
    ctx: &Ctx,
    query: &CompareQuery,
) -> AppResult<(Vec<(i64, String)>, i64, Vec<Item>, Vec<Group>)> {
    let questionnaires = store::questionnaires(&state.db, ctx.lang).await?;
    let chosen = query
        .questionnaire
        .filter(|q| questionnaires.iter().any(|(id, _)| id == q))
        .or(questionnaires.first().map(|(id, _)| *id))
        .unwrap_or_default();
    let sections: Vec<Item> = store::items(&state.db, chosen, ctx.lang)
        .await?
        .into_iter()
        .filter(|i| i.kind == "section")
        .collect();
    let by_establishment = query.by.as_deref() == Some("establishment");
    let groups = store::compare(&state.db, chosen, &sections, by_establishment).await?;
    Ok((questionnaires, chosen, sections, groups))
}

pub async fn compare(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<CompareQuery>,
) -> AppResult<ComparePage> {
    ctx.user()?;
    let (questionnaires, chosen, sections, groups) = comparison(&state, &ctx, &query).await?;
    Ok(ComparePage {
        by_establishment: query.by.as_deref() == Some("establishment"),
        ctx,
        questionnaires,
        chosen,
        sections,
        groups,
        minimum: MIN_RESPONDENTS,
    })
}
