//! The audit log page: organisation administrators read their
//! organisation's entries; platform administrators read all.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use sqlx::FromRow;

use crate::db::{Filter, Param};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::Ctx;
use crate::web::extract::Query;
use crate::web::list::{ListQuery, Paged, page_link};

#[derive(Clone, Debug, FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub person_name: Option<String>,
    pub organisation_acronym: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub summary: String,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AuditFilter {
    organisation: Option<i64>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// An organisation the reader may filter on.
#[derive(Clone, Debug, FromRow)]
struct Choice {
    id: i64,
    acronym: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit/templates/list.html")]
pub struct AuditPage {
    ctx: Ctx,
    page: Paged<AuditEntry>,
    query: ListQuery,
    filter: AuditFilter,
    choices: Vec<Choice>,
    all_allowed: bool,
}

impl AuditPage {
    fn link(&self, page: i64) -> String {
        let organisation = self.filter.organisation.map(|o| o.to_string()).unwrap_or_default();
        page_link(
            "/audit",
            &[
                ("q", self.query.q.as_deref().unwrap_or("")),
                ("organisation", &organisation),
                ("action", self.filter.action.as_deref().unwrap_or("")),
                ("from", self.filter.from.as_deref().unwrap_or("")),
                ("to", self.filter.to.as_deref().unwrap_or("")),
            ],
            page,
        )
    }

    fn selected(&self, id: &i64) -> bool {
        self.filter.organisation == Some(*id)
    }
}

/// A `YYYY-MM-DD` date, or nothing.
fn date(text: Option<&str>) -> Option<chrono::NaiveDate> {
    text.and_then(|t| chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<AuditFilter>,
) -> AppResult<AuditPage> {
    let user = ctx.user()?;
    let all_allowed = user.actor.can(Action::ViewAllAudit);
    let allowed = user.actor.audited_organisations();
    if !all_allowed && allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut f = Filter::default();
    match filter.organisation {
        Some(org) => {
            user.actor.require(Action::ViewAudit(org))?;
            f.and("a.organisation_id = ?", [Param::Int(org)]);
        }
        None if !all_allowed => {
            f.and_in("a.organisation_id", allowed.iter().map(|id| Param::Int(*id)).collect());
        }
        None => {}
    }
    if let Some(action) = filter.action.as_deref().filter(|a| !a.trim().is_empty()) {
        f.search(&["a.action"], action);
    }
    if let Some(q) = query.search() {
        f.search(&["p.name", "p.email", "a.summary"], q);
    }
    if let Some(from) = date(filter.from.as_deref()) {
        f.and("a.at >= ?", [Param::Text(from.to_string())]);
    }
    if let Some(to) = date(filter.to.as_deref()).and_then(|d| d.succ_opt()) {
        f.and("a.at < ?", [Param::Text(to.to_string())]);
    }
    let from = "FROM audit_log a LEFT JOIN persons p ON p.id = a.person_id \
                LEFT JOIN organisations o ON o.id = a.organisation_id";
    let select = format!(
        "SELECT a.id, a.at, p.name AS person_name, o.acronym AS organisation_acronym, a.action, \
         a.object_type, a.object_id, a.summary {from}"
    );
    let page = f
        .page(
            &state.db,
            &select,
            &format!("SELECT COUNT(*) {from}"),
            " ORDER BY a.at DESC, a.id DESC",
            &query,
        )
        .await?;
    let choices: Vec<Choice> = if all_allowed {
        sqlx::query_as("SELECT id, acronym FROM organisations ORDER BY acronym")
            .fetch_all(&state.db.pool)
            .await?
    } else {
        user.actor
            .memberships
            .iter()
            .filter(|m| allowed.contains(&m.organisation_id))
            .map(|m| Choice {
                id: m.organisation_id,
                acronym: m.organisation_acronym.clone(),
            })
            .collect()
    };
    Ok(AuditPage {
        ctx,
        page,
        query,
        filter,
        choices,
        all_allowed,
    })
}
