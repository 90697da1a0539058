//! The home page: what waits for me, who I am here, in which organisations,
//! with which roles, and my own work in all of them at once (a volunteer
//! of two organisations sees both in one place): my authorisations, this
//! month's activity. What waits is counted by the lists it leads to, with
//! their own rule of who sees what, so a count and its list agree.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::authorisations::store::{self as authorisations, Authorisation, AuthorisationFilter, Today};
use crate::error::AppResult;
use crate::meetings::store::MeetingFilter;
use crate::permissions::{Action, Actor};
use crate::referrals::store::ReferralFilter;
use crate::standards::store::AssessmentFilter;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::list::ListQuery;

#[derive(Template, WebTemplate)]
#[template(path = "home/templates/home.html")]
struct HomePage {
    ctx: Ctx,
    waiting: Vec<Waiting>,
    authorisations: Vec<Authorisation>,
    /// This month's entries per organisation: acronym, entries, minutes.
    month: Vec<(String, i64, i64)>,
}

/// Something waiting for the person: how many, what (a message with the
/// count), and the list where it is done.
struct Waiting {
    count: i64,
    what: &'static str,
    link: &'static str,
}

/// Whether `actor` decides applications in a country (its administration).
fn decides(actor: &Actor) -> bool {
    actor
        .memberships
        .iter()
        .any(|m| m.administration && actor.can(Action::DecideAuthorisation { country: &m.country }))
}

/// What waits for `actor`, each counted by the list it links to; only
/// what there is.
async fn waiting(state: &AppState, actor: &Actor, today: chrono::NaiveDate) -> AppResult<Vec<Waiting>> {
    let one = ListQuery {
        per_page: Some(1),
        ..Default::default()
    };
    let referrals = ReferralFilter {
        waiting: Some("me".into()),
        ..Default::default()
    };
    let meetings = MeetingFilter {
        answer: Some("none".into()),
        ..Default::default()
    };
    let status = |status: &str| AuthorisationFilter {
        status: Some(status.into()),
        ..Default::default()
    };
    let day = Today::new(today);
    let mut waiting = vec![Waiting {
        count: crate::referrals::store::list(&state.db, actor, &one, &referrals)
            .await?
            .total,
        what: "home.waiting.referrals",
        link: "/referrals?waiting=me",
    }];
    if decides(actor) {
        waiting.push(Waiting {
            count: authorisations::list(&state.db, actor, &day, &one, &status("in_progress"))
                .await?
                .total,
            what: "home.waiting.applications",
            link: "/authorisations?status=in_progress&sort=filed",
        });
    }
    waiting.push(Waiting {
        count: authorisations::list(&state.db, actor, &day, &one, &status("expiring"))
            .await?
            .total,
        what: "home.waiting.expiring",
        link: "/authorisations?status=expiring",
    });
    let now = state.clock.now();
    waiting.push(Waiting {
        count: crate::meetings::store::list(&state.db, actor, &one, &meetings, now)
            .await?
            .total,
        what: "home.waiting.meetings",
        link: "/meetings?answer=none",
    });
    let assessments = |state: &str, review: &str| AssessmentFilter {
        state: (!state.is_empty()).then(|| state.to_owned()),
        review: (!review.is_empty()).then(|| review.to_owned()),
    };
    let lang = crate::i18n::Lang::default();
    for (filter, what, link) in [
        (
            assessments("", "waiting"),
            "home.waiting.reviews",
            "/standards?review=waiting",
        ),
        (
            assessments("in_progress", ""),
            "home.waiting.assessments",
            "/standards?state=in_progress",
        ),
    ] {
        waiting.push(Waiting {
            count: crate::standards::store::assessments(&state.db, actor, lang, &one, &filter, today)
                .await?
                .total,
            what,
            link,
        });
    }
    let minutes = MeetingFilter {
        minutes: Some("missing".into()),
        ..Default::default()
    };
    waiting.push(Waiting {
        count: crate::meetings::store::list(&state.db, actor, &one, &minutes, now)
            .await?
            .total,
        what: "home.waiting.minutes",
        link: "/meetings?minutes=missing",
    });
    let evaluations = crate::agreements::store::AgreementFilter {
        evaluation: Some("open".into()),
        ..Default::default()
    };
    waiting.push(Waiting {
        count: crate::agreements::store::list(&state.db, actor, &one, &evaluations, today)
            .await?
            .total,
        what: "home.waiting.evaluations",
        link: "/agreements?evaluation=open",
    });
    let approvals = crate::training::store::SessionFilter {
        approve: Some("me".into()),
        ..Default::default()
    };
    waiting.push(Waiting {
        count: crate::training::store::sessions(&state.db, actor, &one, &approvals, today)
            .await?
            .total,
        what: "home.waiting.approvals",
        link: "/training?approve=me",
    });
    waiting.retain(|w| w.count > 0);
    Ok(waiting)
}

/// How many of one's authorisations the home page lists.
const AUTHORISATIONS_SHOWN: i64 = 10;

async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<HomePage> {
    let user = ctx.user()?;
    let today = state.clock.now().date_naive();
    let mine = AuthorisationFilter {
        person: Some(user.person.id.to_string()),
        ..Default::default()
    };
    let query = ListQuery {
        per_page: Some(AUTHORISATIONS_SHOWN),
        ..Default::default()
    };
    let authorisations = authorisations::list(&state.db, &user.actor, &Today::new(today), &query, &mine)
        .await?
        .items;
    let month = crate::activities::store::month_of(&state.db, user.person.id, today).await?;
    // Observers act on nothing here: the lists are of live data.
    let waiting = if user.actor.can(Action::ReadLiveData) {
        waiting(&state, &user.actor, today).await?
    } else {
        Vec::new()
    };
    Ok(HomePage {
        ctx,
        waiting,
        authorisations,
        month,
    })
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}
