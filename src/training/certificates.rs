//! Certificates (a PDF in the learner's language, a public verification
//! page that shows the minimum) and the calendar feeds of sessions.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::rules;
use super::store::{self, Certificate};
use crate::auth::SignedIn;
use crate::calendar::{self, ical::Event};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pdf::{self, Block};
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, redirect};

/// What a certificate verification finds.
pub enum Verdict {
    Valid(Certificate),
    Revoked(Certificate),
    Unknown,
    /// No code typed yet.
    Blank,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/templates/verify.html")]
pub struct VerifyPage {
    ctx: Ctx,
    code: String,
    verdict: Verdict,
    can_revoke: bool,
}

/// What anyone may learn of a certificate code, as JSON for programs that
/// ask for it (`Accept: application/json`).
#[derive(serde::Serialize)]
struct Verification<'a> {
    code: &'a str,
    status: &'static str,
    name: &'a str,
    module: &'a str,
    organiser: &'a str,
    completed_on: &'a str,
}

fn verification_json(code: &str, verdict: &Verdict) -> Response {
    let (status, c) = match verdict {
        Verdict::Valid(c) => ("valid", c),
        Verdict::Revoked(c) => ("revoked", c),
        Verdict::Unknown | Verdict::Blank => {
            let body = serde_json::json!({"error": {"code": "not_found", "message": "unknown certificate code"}});
            return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
        }
    };
    axum::Json(Verification {
        code,
        status,
        name: &c.person_name,
        module: &c.module,
        organiser: &c.organiser,
        completed_on: &c.completed_on,
    })
    .into_response()
}

/// The public page of a certificate code: name, module, organiser, date;
/// nothing else about the person. JSON when the client asks for it.
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let code = code.trim().to_uppercase();
    let found = if code.len() <= 20 {
        store::certificate(&state.db, &code).await?
    } else {
        None
    };
    let can_revoke = match (&found, ctx.user.as_deref()) {
        (Some(c), Some(user)) => c.revoked_at.is_none() && user.actor.can(Action::ManageTraining(c.organiser_id)),
        _ => false,
    };
    let verdict = match found {
        Some(c) if c.revoked_at.is_some() => Verdict::Revoked(c),
        Some(c) => Verdict::Valid(c),
        None => Verdict::Unknown,
    };
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(verification_json(&code, &verdict));
    }
    let status = match verdict {
        Verdict::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    };
    Ok((
        status,
        VerifyPage {
            ctx,
            code,
            verdict,
            can_revoke,
        },
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The verification form; with a code typed, the code's page.
pub async fn verify_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<CodeQuery>) -> Response {
    let code: String = q
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if code.is_empty() {
        let page = VerifyPage {
            ctx,
            code,
            verdict: Verdict::Blank,
            can_revoke: false,
        };
        return page.into_response();
    }
    redirect(&state, &format!("/verify/{}", code.to_uppercase()), None)
}

/// Who sees a certificate whole: its holder, and the training managers of
/// its organiser and of the holder's organisation. Anyone else sees only
/// what `/verify` shows.
pub fn may_see(user: &SignedIn, c: &Certificate) -> bool {
    c.person_id == user.person.id
        || user.actor.can(Action::ManageTraining(c.organiser_id))
        || user.actor.can(Action::ManageTraining(c.learner_organisation_id))
}

/// A certificate the user may see whole, by its code; 404 otherwise.
pub async fn seen(state: &AppState, user: &SignedIn, code: &str) -> AppResult<Certificate> {
    store::certificate(&state.db, code)
        .await?
        .filter(|c| may_see(user, c))
        .ok_or(AppError::NotFound)
}

/// A certificate as a PDF, in the learner's language, for those who [`may_see`] it.
pub async fn pdf(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> AppResult<Response> {
    let user = ctx.user()?;
    let c = seen(&state, user, &code).await?;
    if c.revoked_at.is_some() {
        return Err(AppError::invalid("code", "training.verify.revoked"));
    }
    let lang = c.person_language.as_deref().and_then(Lang::parse).unwrap_or(ctx.lang);
    let day = |text: &str| text.parse().map_or_else(|_| text.to_owned(), |d| lang.date(d));
    let url = format!("{}/verify/{}", state.config.public_url.trim_end_matches('/'), c.code);
    let mut blocks = vec![
        Block::Title(lang.t("training.certificate.title").to_owned()),
        Block::Paragraph(lang.t("training.certificate.certifies").to_owned()),
        Block::Heading(c.person_name.clone()),
        Block::Paragraph(lang.t1("training.certificate.completed", &c.module)),
        Block::Paragraph(lang.t1("training.certificate.hours", c.hours)),
    ];
    blocks.extend(
        c.outcomes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Block::Bullet(l.to_owned())),
    );
    blocks.extend([
        Block::Paragraph(lang.t1(
            "training.certificate.session",
            format!("{} — {} → {}", c.session_title, day(&c.first_day), day(&c.last_day)),
        )),
        Block::Paragraph(lang.t1("training.certificate.organiser", &c.organiser)),
        Block::Paragraph(lang.t1("training.certificate.date", day(&c.completed_on))),
        Block::Heading(lang.t1("training.certificate.code", &c.code)),
        Block::Note(lang.t1("training.certificate.check", &url)),
    ]);
    let bytes = pdf::render(lang.t("training.certificate.title"), &blocks);
    Ok(crate::tabular::download(
        bytes,
        "application/pdf",
        &format!("certificate-{}.pdf", c.code),
    ))
}

/// A session's events, one per day, for calendar programs.
fn events(state: &AppState, sessions: &[store::Session]) -> Vec<Event> {
    let host = state.config.public_url.trim_end_matches('/');
    let domain = calendar::domain(host);
    let mut events = Vec::new();
    for s in sessions {
        let (Ok(first), Ok(last), Some(starts), Some(ends)) = (
            s.first_day.parse(),
            s.last_day.parse(),
            crate::fields::time_of_day(&s.starts),
            crate::fields::time_of_day(&s.ends),
        ) else {
            continue;
        };
        for day in rules::days(first, last) {
            let (Some(start), Some(end)) = (
                calendar::to_utc(day, starts, &s.time_zone),
                calendar::to_utc(day, ends, &s.time_zone),
            ) else {
                continue;
            };
            events.push(Event {
                uid: format!("training-{}-{day}@{domain}", s.id),
                start,
                end,
                summary: format!("{} ({})", s.title, s.organisation),
                location: if s.place.is_empty() {
                    s.online_link.clone()
                } else {
                    s.place.clone()
                },
                description: s.online_link.clone(),
                url: format!("{host}/training/sessions/{}", s.id),
                cancelled: s.cancelled_at.is_some(),
            });
        }
    }
    events
}

/// `/calendar/{token}/training.ics`: the sessions the person is enrolled
/// in or waiting for. The token stands for the person, as calendar
/// programs cannot log in.
pub async fn my_sessions_feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let person = calendar::feeds::subscriber(&state.db, &token).await?;
    let sessions = store::enrolled_sessions(&state.db, person.id).await?;
    let events = events(&state, &sessions);
    Ok(calendar::feed(
        &person,
        "training.calendar.mine",
        &events,
        state.clock.now(),
    ))
}

/// `/calendar/{token}/open-training.ics`: the upcoming sessions open to the
/// person's organisations.
pub async fn open_sessions_feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let person = calendar::feeds::subscriber(&state.db, &token).await?;
    let actor = crate::auth::load_actor(&state.db, &person).await?;
    let now = state.clock.now();
    let sessions = store::open_sessions(&state.db, &actor, now.date_naive()).await?;
    let events = events(&state, &sessions);
    Ok(calendar::feed(&person, "training.calendar.open", &events, now))
}
