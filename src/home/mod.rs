//! The home page: who I am here, in which organisations, with which roles,
//! and my own work in all of them at once (a volunteer of two organisations
//! sees both in one place): my authorisations, this month's activity.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::authorisations::store::{self as authorisations, Authorisation, AuthorisationFilter, Today};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::list::ListQuery;

#[derive(Template, WebTemplate)]
#[template(path = "home/templates/home.html")]
struct HomePage {
    ctx: Ctx,
    authorisations: Vec<Authorisation>,
    /// This month's entries per organisation: acronym, entries, minutes.
    month: Vec<(String, i64, i64)>,
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
    Ok(HomePage {
        ctx,
        authorisations,
        month,
    })
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}
