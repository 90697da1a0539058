//! The in-app inbox: messages the application sends a person (reminders,
//! things to do), each also queued as an email.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use sqlx::{AnyConnection, FromRow};

use crate::db::timestamp;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::mail::queue::{Delivery, Mail, Topic, enqueue};
use crate::state::AppState;
use crate::web::extract::Query;
use crate::web::list::{ListQuery, Paged, page_link};
use crate::web::{Ctx, redirect};

/// A value a notice's message is written with, shown the reader's way.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    Text(String),
    Day(chrono::NaiveDate),
    Count(i64),
}

impl Arg {
    fn shown(&self, lang: Lang) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Day(day) => lang.date(*day),
            Self::Count(n) => lang.number(*n),
        }
    }
}

/// What a notice says, as catalogue keys and their values: rendered in the
/// language of whoever reads it, when they read it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Words {
    pub subject: (String, Vec<Arg>),
    pub body: (String, Vec<Arg>),
    /// Lines after the body, as they are (names, dates of a list).
    #[serde(default)]
    pub more: String,
}

impl Words {
    pub fn new(subject: (&str, Vec<Arg>), body: (&str, Vec<Arg>)) -> Self {
        Self {
            subject: (subject.0.to_owned(), subject.1),
            body: (body.0.to_owned(), body.1),
            more: String::new(),
        }
    }

    fn message(lang: Lang, (key, args): &(String, Vec<Arg>)) -> String {
        let shown: Vec<String> = args.iter().map(|a| a.shown(lang)).collect();
        let values: Vec<&dyn std::fmt::Display> = shown.iter().map(|s| s as &dyn std::fmt::Display).collect();
        lang.tn(key, &values)
    }

    pub fn subject(&self, lang: Lang) -> String {
        Self::message(lang, &self.subject)
    }

    pub fn body(&self, lang: Lang) -> String {
        let body = Self::message(lang, &self.body);
        if self.more.is_empty() {
            body
        } else {
            format!("{body}\n{}", self.more)
        }
    }
}

/// A message to one person, written to the inbox and to the mail queue in
/// the caller's transaction: no mail for a write that did not happen, and
/// none lost once it has.
#[derive(Clone, Debug)]
pub struct Notice {
    pub person_id: i64,
    pub email: String,
    pub subject: String,
    pub body: String,
    /// The same in words, for the inbox to render in its reader's language.
    pub words: Words,
    pub link: String,
    /// Only in the email, after the body: a personal link (never stored).
    pub email_extra: String,
    pub attachment: Option<crate::mail::Attachment>,
    pub delivery: Delivery,
}

impl Notice {
    /// The same notice as a reminder, which may wait for the daily digest;
    /// `own` when it is about what the person holds themself.
    pub fn reminder(self, topic: Topic, own: bool) -> Self {
        Self {
            delivery: Delivery::Reminder { topic, own },
            ..self
        }
    }

    /// A notice in the language the person chose, from its words.
    pub fn written(person_id: i64, email: &str, language: Option<&str>, words: Words, link: String) -> Self {
        let lang = Lang::stored(language);
        Self {
            person_id,
            email: email.to_owned(),
            subject: words.subject(lang),
            body: words.body(lang),
            words,
            link,
            email_extra: String::new(),
            attachment: None,
            delivery: Delivery::Now,
        }
    }

    pub async fn store(&self, conn: &mut AnyConnection, now: chrono::DateTime<chrono::Utc>) -> AppResult<()> {
        sqlx::query(
            "INSERT INTO notifications (person_id, created_at, subject, body, link, words) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.person_id)
        .bind(timestamp(now))
        .bind(&self.subject)
        .bind(&self.body)
        .bind(&self.link)
        .bind(serde_json::to_string(&self.words).ok())
        .execute(&mut *conn)
        .await?;
        let link = format!("{}{}", self.link, self.email_extra);
        let mail = Mail {
            person_id: Some(self.person_id),
            to: &self.email,
            subject: &self.subject,
            body: &self.body,
            link: &link,
            secret: !self.email_extra.is_empty(),
            attachment: self.attachment.as_ref(),
            delivery: self.delivery,
        };
        enqueue(conn, now, mail).await?;
        Ok(())
    }
}

/// A person to notify, in their own language.
#[derive(Clone, Debug, FromRow)]
pub struct Recipient {
    pub person_id: i64,
    pub email: String,
    pub language: Option<String>,
}

impl Recipient {
    /// The active administrators of `organisations`, each once.
    pub async fn administrators(conn: &mut AnyConnection, organisations: &[i64]) -> AppResult<Vec<Recipient>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let list = organisations.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        Ok(sqlx::query_as(&format!(
            "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m JOIN persons p ON p.id = m.person_id \
             WHERE m.organisation_id IN ({list}) AND m.role = 'org_admin' AND m.ended_at IS NULL AND p.active = 1"
        ))
        .fetch_all(conn)
        .await?)
    }

    /// A notice whose subject and body are catalogue keys, each with one `{}` for `arg`.
    pub fn notice(&self, subject: &str, body: &str, arg: &str, link: String) -> Notice {
        self.notice_titled((subject, arg), body, arg, link)
    }

    /// The same, the subject with an argument of its own (a title, where the body says more).
    pub fn notice_titled(&self, (subject, title): (&str, &str), body: &str, arg: &str, link: String) -> Notice {
        let words = Words::new(
            (subject, vec![Arg::Text(title.to_owned())]),
            (body, vec![Arg::Text(arg.to_owned())]),
        );
        Notice::written(self.person_id, &self.email, self.language.as_deref(), words, link)
    }
}

#[derive(Clone, Debug, FromRow)]
pub struct Item {
    pub created_at: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub read_at: Option<String>,
    words: Option<String>,
}

impl Item {
    fn words(&self) -> Option<Words> {
        self.words.as_deref().and_then(|w| serde_json::from_str(w).ok())
    }

    /// The subject in the reader's language (as first written for a notice without words).
    pub fn subject_in(&self, lang: &Lang) -> String {
        self.words().map_or_else(|| self.subject.clone(), |w| w.subject(*lang))
    }

    pub fn body_in(&self, lang: &Lang) -> String {
        self.words().map_or_else(|| self.body.clone(), |w| w.body(*lang))
    }
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
        "SELECT created_at, subject, body, link, read_at, words FROM notifications WHERE person_id = $1 \
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
