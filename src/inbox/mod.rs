//! The in-app inbox: messages the application sends a person (reminders,
//! things to do), each also sent by email.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use sqlx::{AnyConnection, FromRow};

use crate::app::AppState;
use crate::db::timestamp;
use crate::error::AppResult;
use crate::i18n::{Lang, Message};
use crate::mail::Email;
use crate::web::extract::Query;
use crate::web::list::{ListQuery, Paged, page_link};
use crate::web::{Ctx, redirect};

/// A message to one person, written to the inbox in the caller's
/// transaction; the email is sent once that transaction has committed.
#[derive(Clone, Debug)]
pub struct Notice {
    pub person_id: i64,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    /// Only in the email, after the body: a personal link (never stored).
    pub email_extra: String,
    pub attachment: Option<crate::mail::Attachment>,
}

impl Notice {
    pub async fn store(&self, conn: &mut AnyConnection, now: chrono::DateTime<chrono::Utc>) -> AppResult<()> {
        sqlx::query(
            "INSERT INTO notifications (person_id, created_at, subject, body, link) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.person_id)
        .bind(timestamp(now))
        .bind(&self.subject)
        .bind(&self.body)
        .bind(&self.link)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Emails the notice; a failure is logged, the inbox still has it.
    pub async fn mail(&self, state: &AppState) {
        let link = format!("{}{}", state.config.public_url.trim_end_matches('/'), self.link);
        let email = Email {
            to: self.email.clone(),
            subject: self.subject.clone(),
            body: format!("{}\n\n{link}{}", self.body, self.email_extra),
            attachment: self.attachment.clone(),
        };
        if let Err(err) = state.mailer.send(email).await {
            tracing::error!(%err, to = %self.email, "notification email not sent");
        }
    }
}

/// Commits `write` with `change`, then emails the notices it stored: no
/// email goes out for a write that did not happen.
pub async fn commit_then_mail(
    state: &AppState,
    write: crate::audit::Write,
    change: crate::audit::Change,
    notices: &[Notice],
) -> AppResult<()> {
    write.commit(change).await?;
    for notice in notices {
        notice.mail(state).await;
    }
    Ok(())
}

/// A person to notify, in their own language.
#[derive(Clone, Debug, FromRow)]
pub struct Recipient {
    pub person_id: i64,
    pub email: String,
    pub language: Option<String>,
}

impl Recipient {
    /// A notice whose subject and body are catalogue keys, each with one `{}` for `arg`.
    pub fn notice(&self, subject: &str, body: &str, arg: &str, link: String) -> Notice {
        self.notice_titled((subject, arg), body, arg, link)
    }

    /// The same, the subject with an argument of its own (a title, where the body says more).
    pub fn notice_titled(&self, (subject, title): (&str, &str), body: &str, arg: &str, link: String) -> Notice {
        let lang = language_of(self.language.as_deref());
        Notice {
            person_id: self.person_id,
            email: self.email.clone(),
            subject: lang.t1(subject, title),
            body: lang.t1(body, arg),
            link,
            email_extra: String::new(),
            attachment: None,
        }
    }
}

/// The language a person reads in.
pub fn language_of(stored: Option<&str>) -> Lang {
    stored.and_then(Lang::parse).unwrap_or_default()
}

#[derive(Clone, Debug, FromRow)]
pub struct Item {
    pub created_at: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub read_at: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox/templates/inbox.html")]
pub struct InboxPage {
    ctx: Ctx,
    page: Paged<Item>,
}

impl InboxPage {
    fn link(&self, page: i64) -> String {
        page_link("/inbox", &[], page)
    }
}

async fn inbox(State(state): State<AppState>, ctx: Ctx, Query(query): Query<ListQuery>) -> AppResult<InboxPage> {
    let person = ctx.user()?.person.id;
    let items = sqlx::query_as(
        "SELECT created_at, subject, body, link, read_at FROM notifications WHERE person_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(person)
    .bind(query.per_page())
    .bind(query.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let total = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE person_id = $1")
        .bind(person)
        .fetch_one(&state.db.pool)
        .await?;
    let page = Paged {
        more: false,
        items,
        total,
        page: query.page(),
        per_page: query.per_page(),
    };
    Ok(InboxPage { ctx, page })
}

/// Marks every message read. Reading one's own inbox is not audited: it
/// changes nothing anyone else sees.
async fn read_all(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let person = ctx.user()?.person.id;
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
        .bind(timestamp(state.clock.now()))
        .bind(person)
        .execute(&state.db.pool)
        .await?;
    Ok(redirect(&state, "/inbox", None))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inbox", get(inbox))
        .route("/inbox/read", post(read_all))
}

pub const MESSAGES: &[Message] = &[
    ("inbox.title", "Messages", "Messages"),
    ("inbox.empty", "Aucun message.", "No message."),
    ("inbox.unread", "non lu", "unread"),
    ("inbox.read_all", "Tout marquer comme lu", "Mark all as read"),
    ("inbox.open", "Ouvrir", "Open"),
];
