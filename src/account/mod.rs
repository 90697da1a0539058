//! My account: profile, language, password, sessions, API tokens.

pub mod tokens;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::audit::{Change, Write};
use crate::auth::secrets;
use crate::auth::sessions::{self, SessionInfo};
use crate::error::{AppError, AppResult};
use crate::mail::queue::MailChoice;
use crate::state::AppState;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Flash, SESSION_COOKIE, cookie, form_status, redirect};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(page))
        .route("/account/profile", post(save_profile))
        .route("/account/password", post(change_password))
        .route("/account/sessions/{id}/revoke", post(revoke_session))
        .route("/account/sessions/revoke-all", post(revoke_all_sessions))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/feeds", post(renew_feeds))
        .route("/account/mail", post(save_mail_choice))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/templates/account.html")]
struct AccountPage {
    ctx: Ctx,
    name: String,
    profile: Profile,
    sessions: Vec<SessionInfo>,
    tokens: Vec<tokens::TokenInfo>,
    /// A token just created, shown this once.
    new_token: Option<String>,
    /// When the person made their feed links, if they did.
    feeds_made_at: Option<String>,
    /// Feed links just made, shown this once.
    new_feeds: Vec<(&'static str, String)>,
    /// Invitations to join organisations, waiting for the person's answer.
    offers: Vec<crate::people::store::Offer>,
    /// How the person takes reminders by email.
    mail_choice: MailChoice,
    error: Option<&'static str>,
}

impl AccountPage {
    fn choices(&self) -> [MailChoice; 3] {
        MailChoice::ALL
    }

    fn choice_label(&self, choice: &MailChoice) -> &'static str {
        self.ctx.t(&format!("mail.choice.{}", choice.as_str()))
    }
    fn is_current(&self, session: &i64) -> bool {
        self.ctx.user.as_ref().and_then(|u| u.session_id) == Some(*session)
    }
}

/// A secret made by this request, shown this once on the account page.
enum NewSecret {
    None,
    Token(String),
    Feeds(String),
}

/// The account page; `typed` is a refused profile form, shown as it was typed.
async fn render(
    state: &AppState,
    ctx: Ctx,
    new: NewSecret,
    error: Option<&'static str>,
    typed: Option<(String, Profile)>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let person_id = user.person.id;
    let sessions = sessions::list(&state.db, person_id, state.clock.now()).await?;
    let (name, profile) = match typed {
        Some(typed) => typed,
        None => (
            user.person.name.clone(),
            sqlx::query_as("SELECT phone, languages, availability, share_contact FROM persons WHERE id = $1")
                .bind(person_id)
                .fetch_one(&state.db.pool)
                .await?,
        ),
    };
    let tokens = tokens::list(&state.db, person_id).await?;
    let feeds_made_at = crate::calendar::feeds::made_at(&state.db, person_id).await?;
    let offers = crate::people::store::offers(&state.db, crate::people::store::OffersOf::Person(person_id)).await?;
    let mail_choice: String = sqlx::query_scalar("SELECT mail_choice FROM persons WHERE id = $1")
        .bind(person_id)
        .fetch_one(&state.db.pool)
        .await?;
    let (new_token, new_feeds) = match new {
        NewSecret::None => (None, vec![]),
        NewSecret::Token(token) => (Some(token), vec![]),
        NewSecret::Feeds(token) => (None, crate::calendar::feeds::links(&state.config.public_url, &token)),
    };
    let status = form_status(error.is_some());
    Ok((
        status,
        AccountPage {
            ctx,
            name,
            profile,
            sessions,
            tokens,
            new_token,
            feeds_made_at,
            new_feeds,
            offers,
            mail_choice: MailChoice::parse(&mail_choice).unwrap_or_default(),
            error,
        },
    )
        .into_response())
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&state, ctx, NewSecret::None, None, None).await
}

#[derive(serde::Deserialize)]
struct ProfileForm {
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    availability: String,
    /// A checkbox: present when ticked.
    share_contact: Option<String>,
}

/// What the account page shows of the person, beyond the session.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
struct Profile {
    phone: String,
    languages: String,
    availability: String,
    /// 1 when the person agreed that partner organisations see their email and phone.
    share_contact: i64,
}

async fn save_profile(State(state): State<AppState>, ctx: Ctx, Form(form): Form<ProfileForm>) -> AppResult<Response> {
    let user = ctx.user()?;
    use crate::people::fields;
    let name = form.name.trim();
    let details = [&form.phone, &form.languages, &form.availability];
    if fields::name(name, true).is_err() || details.iter().any(|d| fields::detail(d).is_err()) {
        let typed = Profile {
            phone: form.phone.clone(),
            languages: form.languages.clone(),
            availability: form.availability.clone(),
            share_contact: i64::from(form.share_contact.is_some()),
        };
        let typed = Some((form.name.clone(), typed));
        return render(
            &state,
            ctx.clone(),
            NewSecret::None,
            Some("account.name_invalid"),
            typed,
        )
        .await;
    }
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    let share = form.share_contact.is_some();
    sqlx::query(
        "UPDATE persons SET name = $1, phone = $2, languages = $3, availability = $4, share_contact = $5 WHERE id = $6",
    )
    .bind(name)
    .bind(form.phone.trim())
    .bind(form.languages.trim())
    .bind(form.availability.trim())
    .bind(i64::from(share))
    .bind(user.person.id)
    .execute(write.conn())
    .await?;
    write
        .commit(Change {
            action: "person.update",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: format!(
                "profile: name {:?} → {name:?}; contact shared with partners: {share}",
                user.person.name
            ),
        })
        .await?;
    Ok(redirect(
        &state,
        "/account",
        Some(Flash {
            key: "account.saved",
            error: false,
        }),
    ))
}

#[derive(serde::Deserialize)]
struct MailChoiceForm {
    choice: String,
}

async fn save_mail_choice(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MailChoiceForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let choice = MailChoice::parse(&form.choice).ok_or_else(|| AppError::invalid("choice", "error.invalid"))?;
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    sqlx::query("UPDATE persons SET mail_choice = $1 WHERE id = $2")
        .bind(choice.as_str())
        .bind(user.person.id)
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "person.mail_choice",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: format!("reminder emails: {}", choice.as_str()),
        })
        .await?;
    Ok(redirect(
        &state,
        "/account#mail",
        Some(Flash {
            key: "mail.choice.saved",
            error: false,
        }),
    ))
}

#[derive(serde::Deserialize)]
struct PasswordForm {
    current: String,
    password: String,
    confirmation: String,
}

async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM persons WHERE id = $1")
        .bind(user.person.id)
        .fetch_one(&state.db.pool)
        .await?;
    if !secrets::verify_or_waste_time(form.current, stored).await {
        return render(
            &state,
            ctx.clone(),
            NewSecret::None,
            Some("account.current_wrong"),
            None,
        )
        .await;
    }
    if let Err(error) = secrets::check_new_password(&form.password, &form.confirmation) {
        return render(&state, ctx.clone(), NewSecret::None, Some(error), None).await;
    }
    let hash = secrets::hash_password(form.password).await?;
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    sqlx::query("UPDATE persons SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.person.id)
        .execute(write.conn())
        .await?;
    // Other browsers lose their session; this one stays signed in.
    sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND id <> $2")
        .bind(user.person.id)
        .bind(user.session_id.unwrap_or(0))
        .execute(write.conn())
        .await?;
    write
        .commit(Change {
            action: "password.change",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: "password changed; other sessions closed".into(),
        })
        .await?;
    Ok(redirect(
        &state,
        "/account",
        Some(Flash {
            key: "account.password_changed",
            error: false,
        }),
    ))
}

async fn revoke_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    if sessions::close(write.conn(), user.person.id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    write
        .commit(Change {
            action: "session.close",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: format!("session {id} closed from the account page"),
        })
        .await?;
    Ok(redirect(
        &state,
        "/account",
        Some(Flash {
            key: "account.session_closed",
            error: false,
        }),
    ))
}

async fn revoke_all_sessions(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    let closed = sessions::close_all(write.conn(), user.person.id).await?;
    write
        .commit(Change {
            action: "session.close_all",
            object_type: "person",
            object_id: user.person.id.to_string(),
            organisation_id: None,
            summary: format!("{closed} session(s) closed"),
        })
        .await?;
    let mut response = redirect(
        &state,
        "/login",
        Some(Flash {
            key: "account.logged_out_everywhere",
            error: false,
        }),
    );
    response.headers_mut().append(
        SET_COOKIE,
        cookie(&state, SESSION_COOKIE, "", Some(chrono::Duration::zero())),
    );
    Ok(response)
}

#[derive(serde::Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(State(state): State<AppState>, ctx: Ctx, Form(form): Form<TokenForm>) -> AppResult<Response> {
    let user = ctx.user()?;
    let write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    let token = tokens::create(write, user.person.id, &form.name).await?;
    render(&state, ctx.clone(), NewSecret::Token(token), None, None).await
}

async fn renew_feeds(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let token = crate::calendar::feeds::renew(&state, ctx.user()?, &ctx.request_id).await?;
    render(&state, ctx.clone(), NewSecret::Feeds(token), None, None).await
}

async fn revoke_token(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
    tokens::revoke(write, user.person.id, id).await?;
    Ok(redirect(
        &state,
        "/account",
        Some(Flash {
            key: "account.token_revoked",
            error: false,
        }),
    ))
}
