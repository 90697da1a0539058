//! An assessment's pages: answered, submitted, reviewed and shared, with
//! its documents and its printable summary.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::id_in;
use crate::error::AppResult;
use crate::pdf::{self, Block};
use crate::standards::actions::{self, AnswerInput, ReviewInput, StepInput};
use crate::standards::figures;
use crate::standards::rules::{AssessmentState, Compliance, Rights, Tally, suggestion, tally};
use crate::standards::store::{self, Answer, Assessment, EvidenceFile, Item, PlanStep, Review, ReviewAnswer};
use crate::state::AppState;
use crate::tabular::parse_date;
use crate::web::choices::{Choice, choices};
use crate::web::extract::{Path, Posted, Query};
use crate::web::{Ctx, Typed, answer, form_status};

/// A requirement as its assessment shows it: the answer, the figure (kept
/// at submission, computed today before), and the reviewers' views.
pub struct Line {
    pub item: Item,
    pub answer: Option<Answer>,
    /// (numerator, denominator, what it suggests).
    pub figure: Option<(i64, i64, Option<Compliance>)>,
    pub views: Vec<(String, ReviewAnswer)>,
}

impl Line {
    pub fn status(&self) -> &str {
        self.answer.as_ref().map_or("", |a| a.status.as_str())
    }

    pub fn percent(&self) -> Option<i64> {
        self.figure.and_then(|(n, d, _)| (d > 0).then(|| (n * 100 + d / 2) / d))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "standards/templates/assessment.html")]
pub struct AssessmentPage {
    ctx: Ctx,
    a: Assessment,
    rights: Rights,
    state_now: AssessmentState,
    areas: Vec<(Item, Tally)>,
    lines: Vec<Line>,
    plan: Vec<PlanStep>,
    reviews: Vec<Review>,
    shares: Vec<(i64, String)>,
    networks: Vec<(i64, String)>,
    files: Vec<EvidenceFile>,
    members: Vec<Choice>,
    organisations: Vec<Choice>,
    compliances: &'static [Compliance],
    today: String,
    form: Typed,
    error: Option<&'static str>,
}

impl AssessmentPage {
    fn lines_of(&self, area: &i64) -> Vec<&Line> {
        self.lines.iter().filter(|l| l.item.area_id == Some(*area)).collect()
    }

    fn submitted(&self) -> bool {
        self.a.submitted_at.is_some()
    }

    fn status_label(&self, line: &Line) -> &'static str {
        line.answer
            .as_ref()
            .and_then(Answer::compliance)
            .map_or("standard.unanswered", Compliance::label)
    }

    /// The value a field shows: what was typed when the form comes back
    /// with an error, what is stored otherwise.
    fn typed<'a>(&'a self, field: &str, stored: &'a str) -> &'a str {
        if self.error.is_some() {
            self.form.get(field)
        } else {
            stored
        }
    }

    fn chosen(&self, line: &Line, c: &Compliance) -> bool {
        self.typed(&format!("status_{}", line.item.id), line.status()) == c.as_str()
    }

    fn evidence(&self, line: &Line) -> String {
        let stored = line.answer.as_ref().map_or("", |a| a.evidence.as_str());
        self.typed(&format!("evidence_{}", line.item.id), stored).to_owned()
    }

    fn link(&self, line: &Line) -> String {
        let stored = line.answer.as_ref().map_or("", |a| a.link.as_str());
        self.typed(&format!("link_{}", line.item.id), stored).to_owned()
    }

    fn suggestion_label(&self, line: &Line) -> Option<&'static str> {
        line.figure.and_then(|(_, _, s)| s).map(Compliance::label)
    }

    /// The review a reviewer's person is doing now, if any is still open.
    fn open_review(&self) -> Option<&Review> {
        self.reviews
            .iter()
            .find(|r| r.completed_at.is_none() && self.rights.reviews_for.contains(&r.reviewer_id))
    }

    fn view_of<'a>(&self, line: &'a Line, review: &Review) -> Option<&'a ReviewAnswer> {
        line.views.iter().map(|(_, v)| v).find(|v| v.review_id == review.id)
    }

    fn agrees_checked(&self, line: &Line, review: &Review, value: i64) -> bool {
        let stored = self
            .view_of(line, review)
            .map(|v| v.agrees.to_string())
            .unwrap_or_default();
        self.typed(&format!("agrees_{}", line.item.id), &stored) == value.to_string()
    }

    fn view_comment(&self, line: &Line, review: &Review) -> String {
        let stored = self.view_of(line, review).map_or("", |v| v.comment.as_str());
        self.typed(&format!("comment_{}", line.item.id), stored).to_owned()
    }

    fn shared(&self, network: &i64) -> bool {
        self.shares.iter().any(|(id, _)| id == network)
    }

    fn requirement_title(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.lines.iter().find(|l| l.item.id == id))
            .map_or(String::new(), |l| l.item.title.clone())
    }

    fn state_label(&self) -> &'static str {
        self.state_now.label()
    }

    fn files_of(&self, line: &Line) -> Vec<&EvidenceFile> {
        self.files.iter().filter(|f| f.requirement_id == line.item.id).collect()
    }
}

/// Each requirement with its answer, its figure and the reviewers' views.
async fn lines(
    state: &AppState,
    a: &Assessment,
    items: &[Item],
    reviews: &[Review],
) -> AppResult<(Vec<(Item, Tally)>, Vec<Line>)> {
    let answers = store::answers(&state.db, a.id).await?;
    let views = store::review_answers(&state.db, a.id).await?;
    let today = state.clock.now().date_naive();
    let mut lines = Vec::new();
    for item in items.iter().filter(|i| i.area_id.is_some()) {
        let answer = answers.iter().find(|x| x.requirement_id == item.id).cloned();
        let figure = match (item.figure(), &answer) {
            (
                Some(_),
                Some(Answer {
                    numerator: Some(n),
                    denominator: Some(d),
                    ..
                }),
            ) if a.submitted_at.is_some() => Some((*n, *d)),
            (Some(figure), _) if a.submitted_at.is_none() => {
                Some(figures::compute(&state.db, figure, actions::counted(a), &item.qualification, today).await?)
            }
            _ => None,
        };
        let views = views
            .iter()
            .filter(|v| v.requirement_id == item.id)
            .map(|v| {
                let reviewer = reviews.iter().find(|r| r.id == v.review_id);
                (reviewer.map_or(String::new(), |r| r.reviewer.clone()), v.clone())
            })
            .collect();
        lines.push(Line {
            figure: figure.map(|(n, d)| (n, d, suggestion(n, d, item.target))),
            item: item.clone(),
            answer,
            views,
        });
    }
    let areas: Vec<Item> = items.iter().filter(|i| i.area_id.is_none()).cloned().collect();
    let ids: Vec<i64> = areas.iter().map(|a| a.id).collect();
    let given: Vec<(i64, Option<Compliance>)> = lines
        .iter()
        .map(|l| {
            (
                l.item.area_id.unwrap_or_default(),
                l.answer.as_ref().and_then(Answer::compliance),
            )
        })
        .collect();
    let tallies = tally(&ids, &given);
    Ok((
        areas.into_iter().zip(tallies).map(|(a, (_, t))| (a, t)).collect(),
        lines,
    ))
}

async fn assessment_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, rights) = store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, a.version_id, ctx.lang).await?;
    let reviews = store::reviews(&state.db, id).await?;
    let (areas, lines) = lines(state, &a, &items, &reviews).await?;
    let today = state.clock.now().date_naive();
    let org = a.organisation_id;
    let members = if rights.answer {
        choices(
            state,
            &format!(
                "SELECT DISTINCT CAST(p.id AS TEXT) AS value, p.name AS label FROM memberships m JOIN persons p ON p.id = m.person_id \
                 WHERE m.organisation_id = {org} AND m.ended_at IS NULL AND m.role <> 'observer' AND p.active = 1 ORDER BY p.name"
            ),
        )
        .await?
    } else {
        Vec::new()
    };
    // Those not invited yet.
    let organisations = if rights.manage {
        choices(
            state,
            &format!(
                "SELECT CAST(id AS TEXT) AS value, acronym || ' — ' || name AS label FROM organisations WHERE id <> {org} \
                 AND id NOT IN (SELECT reviewer_id FROM standard_reviews WHERE assessment_id = {id}) ORDER BY acronym"
            ),
        )
        .await?
    } else {
        Vec::new()
    };
    let page = AssessmentPage {
        state_now: a.state(today),
        plan: store::plan(&state.db, id).await?,
        shares: store::shares(&state.db, id).await?,
        files: store::files(&state.db, id).await?,
        networks: if rights.manage {
            actions::member_networks(state, org).await?
        } else {
            Vec::new()
        },
        ctx,
        a,
        rights,
        areas,
        lines,
        reviews,
        members,
        organisations,
        compliances: Compliance::ALL,
        today: today.to_string(),
        form,
        error,
    };
    Ok((form_status(error.is_some()), page).into_response())
}

pub async fn assessment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    assessment_page(&state, ctx, id, Typed::default(), None).await
}

/// Answers a form posted about an assessment: back to its page.
async fn on_assessment(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Typed,
    outcome: AppResult<&'static str>,
) -> AppResult<Response> {
    let outcome = outcome.map(|key| (format!("/standards/assessments/{id}"), key));
    answer(state, outcome, |message| {
        assessment_page(state, ctx, id, form, Some(message))
    })
    .await
}

/// The requirement ids a posted form is about (`requirement` fields).
fn requirements_in(form: &Typed) -> Vec<i64> {
    form.all("requirement").iter().filter_map(|r| r.parse().ok()).collect()
}

pub async fn save_answers(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let given: Vec<AnswerInput> = requirements_in(&form)
        .into_iter()
        .map(|r| AnswerInput {
            requirement_id: r,
            status: form.get(&format!("status_{r}")).into(),
            evidence: form.get(&format!("evidence_{r}")).into(),
            link: form.get(&format!("link_{r}")).into(),
        })
        .collect();
    let outcome = actions::save_answers(&state, ctx.user()?, &ctx.request_id, id, &given)
        .await
        .map(|_| "standard.saved");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn add_step(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let input = StepInput {
        requirement_id: id_in(&form, "requirement_id"),
        text: form.get("text").into(),
        owner_id: id_in(&form, "owner_id").unwrap_or(0),
        due_on: parse_date(form.get("due_on")),
    };
    let outcome = actions::add_step(&state, ctx.user()?, &ctx.request_id, id, &input)
        .await
        .map(|_| "standard.step_added");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn complete_step(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, .. } = posted;
    let assessment = actions::complete_step(&state, ctx.user()?, &ctx.request_id, id).await?;
    Ok(crate::web::done(
        &state,
        &format!("/standards/assessments/{assessment}#plan"),
        "standard.step_done",
    ))
}

pub async fn submit(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let outcome = actions::submit(&state, ctx.user()?, &ctx.request_id, id)
        .await
        .map(|_| "standard.submitted");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn invite(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let reviewer = id_in(&form, "reviewer_id").unwrap_or(0);
    let outcome = actions::invite(&state, ctx.user()?, &ctx.request_id, id, reviewer)
        .await
        .map(|()| "standard.invited");
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn review(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let given: Vec<ReviewInput> = requirements_in(&form)
        .into_iter()
        .map(|r| ReviewInput {
            requirement_id: r,
            agrees: match form.get(&format!("agrees_{r}")) {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            comment: form.get(&format!("comment_{r}")).into(),
        })
        .collect();
    let reviewer = id_in(&form, "reviewer_id").unwrap_or(0);
    let complete = form.get("complete") == "1";
    let outcome = actions::review(&state, ctx.user()?, &ctx.request_id, id, reviewer, &given, complete)
        .await
        .map(|()| {
            if complete {
                "standard.reviewed"
            } else {
                "standard.saved"
            }
        });
    on_assessment(&state, ctx, id, form, outcome).await
}

pub async fn share(State(state): State<AppState>, posted: Posted) -> AppResult<Response> {
    let Posted { ctx, id, form } = posted;
    let networks: Vec<i64> = form.all("network").iter().filter_map(|n| n.parse().ok()).collect();
    let outcome = actions::share(&state, ctx.user()?, &ctx.request_id, id, &networks)
        .await
        .map(|()| "standard.shared");
    on_assessment(&state, ctx, id, form, outcome).await
}

/// `?requirement=1`: the requirement a file is evidence of.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RequirementQuery {
    requirement: Option<i64>,
}

/// Attaches a file as evidence; the requirement is in the query, the file
/// in the multipart body.
pub async fn attach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<RequirementQuery>,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let (name, bytes) =
        crate::web::extract::uploaded_file(multipart, "file", crate::web::extract::MAX_DOCUMENT).await?;
    let requirement = query.requirement.unwrap_or(0);
    let outcome = actions::attach(&state, user, &ctx.request_id, id, requirement, (&name, &bytes))
        .await
        .map(|()| "standard.attached");
    on_assessment(&state, ctx.clone(), id, Typed::default(), outcome).await
}

/// A file given as evidence, for those who read the assessment.
pub async fn evidence_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, file)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let (name, kind, content) = store::file(&state.db, id, file).await?;
    Ok(crate::tabular::download(content, &kind, &name))
}

/// The assessment's summary as a PDF: per area, how many requirements are
/// met, then each requirement's answer and the reviewers' views.
pub async fn summary_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let (a, _) = store::assessment(&state.db, &user.actor, id, ctx.lang).await?;
    let items = store::items(&state.db, a.version_id, ctx.lang).await?;
    let reviews = store::reviews(&state.db, id).await?;
    let (areas, lines) = lines(&state, &a, &items, &reviews).await?;
    let today = state.clock.now().date_naive();
    let t = |key: &str| ctx.t(key).to_owned();
    let who = match &a.subject {
        Some(subject) => format!("{} — {subject}", a.organisation),
        None => a.organisation.clone(),
    };
    let mut blocks = vec![
        Block::Title(format!("{} v{}", a.framework, a.version)),
        Block::Paragraph(who),
        Block::Note(match &a.valid_until {
            Some(until) => format!(
                "{} · {}",
                t(a.state(today).label()),
                ctx.t1("standard.valid_until", ctx.day(until))
            ),
            None => t(a.state(today).label()),
        }),
        Block::Heading(t("standard.summary")),
    ];
    for (area, tally) in &areas {
        blocks.push(Block::Bullet(format!(
            "{} : {} {} · {} {} · {} {} · {} {}",
            area.title,
            tally.met,
            t("standard.compliance.met"),
            tally.conditions,
            t("standard.compliance.conditions"),
            tally.not_met,
            t("standard.compliance.not_met"),
            tally.not_applicable,
            t("standard.compliance.not_applicable"),
        )));
    }
    for (area, _) in &areas {
        blocks.push(Block::Heading(area.title.clone()));
        for line in lines.iter().filter(|l| l.item.area_id == Some(area.id)) {
            let status = line
                .answer
                .as_ref()
                .and_then(Answer::compliance)
                .map_or("standard.unanswered", Compliance::label);
            blocks.push(Block::Paragraph(format!("{} — {}", line.item.title, t(status))));
            if let (Some((n, d, _)), Some(percent)) = (line.figure, line.percent()) {
                blocks.push(Block::Note(format!(
                    "{} : {n} / {d} ({percent} %)",
                    t("standard.figure")
                )));
            }
            if let Some(answer) = line.answer.as_ref().filter(|a| !a.evidence.is_empty()) {
                blocks.push(Block::Note(answer.evidence.clone()));
            }
            for (reviewer, view) in &line.views {
                let said = if view.agrees == 1 {
                    "standard.agrees"
                } else {
                    "standard.disagrees"
                };
                blocks.push(Block::Bullet(
                    format!("{reviewer} : {} {}", t(said), view.comment)
                        .trim_end()
                        .to_owned(),
                ));
            }
        }
    }
    let bytes = pdf::render(&format!("{} v{}", a.framework, a.version), &blocks);
    Ok(crate::tabular::download(
        bytes,
        "application/pdf",
        &format!("assessment-{id}.pdf"),
    ))
}
