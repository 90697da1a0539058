//! The mail queue as platform administrators see it: how many messages
//! wait, went or failed, and why; a failed message may be tried again.
//! Bodies are not shown: they are the recipients' business.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use sqlx::FromRow;

use super::queue::{Status, counts};
use crate::audit::{Change, Write};
use crate::db::{Filter, Param, timestamp};
use crate::error::{AppError, AppResult};
use crate::permissions::Action;
use crate::state::AppState;
use crate::web::extract::{Path, Query};
use crate::web::list::{ListQuery, Paged, page_link};
use crate::web::{Ctx, Flash, redirect};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/mail", get(list))
        .route("/admin/mail/{id}/retry", post(retry))
}

#[derive(Clone, Debug, FromRow)]
pub struct Row {
    pub id: i64,
    pub created_at: String,
    pub to_address: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub last_error: String,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct MailFilter {
    status: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "mail/templates/queue.html")]
struct QueuePage {
    ctx: Ctx,
    counts: Vec<(Status, i64)>,
    page: Paged<Row>,
    query: ListQuery,
    status: Option<Status>,
}

impl QueuePage {
    fn link(&self, page: i64) -> String {
        page_link(
            "/admin/mail",
            &[
                ("q", self.query.q.as_deref().unwrap_or("")),
                ("status", self.status.map_or("", Status::as_str)),
            ],
            page,
        )
    }

    fn selected(&self, status: &Status) -> bool {
        self.status == Some(*status)
    }

    fn status_label(&self, status: &str) -> &'static str {
        self.ctx.t(&format!("mail.status.{status}"))
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<MailFilter>,
) -> AppResult<QueuePage> {
    ctx.user()?.actor.require(Action::ManageMail)?;
    let status = filter.status.as_deref().and_then(Status::parse);
    let mut f = Filter::default();
    if let Some(status) = status {
        f.and("status = ?", [Param::Text(status.as_str().into())]);
    }
    if let Some(q) = query.search() {
        f.search(&["to_address", "subject"], q);
    }
    let page = f
        .page(
            &state.db,
            "SELECT id, created_at, to_address, subject, status, attempts, sent_at, last_error FROM mail_queue",
            "SELECT COUNT(*) FROM mail_queue",
            " ORDER BY id DESC",
            &query,
        )
        .await?;
    Ok(QueuePage {
        ctx,
        counts: counts(&state).await?,
        page,
        query,
        status,
    })
}

/// Puts a failed message back in the queue, its tries counted afresh.
async fn retry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    user.actor.require(Action::ManageMail)?;
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    let changed = sqlx::query(
        "UPDATE mail_queue SET status = 'queued', attempts = 0, next_attempt_at = $1 WHERE id = $2 AND status = 'failed'",
    )
    .bind(timestamp(write.now()))
    .bind(id)
    .execute(write.conn())
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    write
        .commit(Change {
            action: "mail.retry",
            object_type: "mail",
            object_id: id.to_string(),
            organisation_id: None,
            summary: "failed message queued again".into(),
        })
        .await?;
    Ok(redirect(
        &state,
        "/admin/mail?status=failed",
        Some(Flash {
            key: "mail.retried",
            error: false,
        }),
    ))
}
