//! "Forgot your password": an emailed link, valid one hour, used once.

use crate::web::extract::{Form, Path};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use std::net::SocketAddr;

use super::{find_person_by_email, secrets, sessions};
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::mail::queue::{Delivery, Mail, enqueue};
use crate::state::AppState;
use crate::web::{Ctx, Flash, redirect};

const LINK_LIFETIME: Duration = Duration::hours(1);
/// Links sent to one address, and asked for by one client, per hour: enough
/// for someone who lost a mail, too few to flood a mailbox.
const MAX_PER_ADDRESS: i64 = 3;
const MAX_PER_CLIENT: i64 = 10;

#[derive(Template, WebTemplate)]
#[template(path = "auth/templates/forgot.html")]
struct ForgotPage {
    ctx: Ctx,
    email: String,
}

pub async fn forgot_form(ctx: Ctx) -> impl IntoResponse {
    ForgotPage {
        ctx,
        email: String::new(),
    }
}

#[derive(serde::Deserialize)]
pub struct ForgotForm {
    email: String,
}

/// Whether this person or this client has asked for enough links this hour.
async fn too_many_requests(state: &AppState, person_id: i64, client: &str) -> AppResult<bool> {
    let since = timestamp(state.clock.now() - Duration::hours(1));
    let (by_person, by_client): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM password_resets WHERE person_id = $1 AND created_at > $3), \
                (SELECT COUNT(*) FROM password_resets WHERE client = $2 AND created_at > $3)",
    )
    .bind(person_id)
    .bind(client)
    .bind(since)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(by_person >= MAX_PER_ADDRESS || by_client >= MAX_PER_CLIENT)
}

/// Always answers the same, so the page does not tell which emails exist,
/// nor which were asked for too often.
pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<ForgotForm>,
) -> AppResult<Response> {
    let client = super::login::client(&state, &headers, peer.map(|Extension(ConnectInfo(addr))| addr));
    let found = find_person_by_email(&state.db, &form.email).await?;
    if let Some((person, _)) = found
        && !too_many_requests(&state, person.id, &client).await?
    {
        let token = secrets::new_token("");
        let mut write = Write::begin(&state, None, &ctx.request_id).await?;
        let now = write.now();
        sqlx::query(
            "INSERT INTO password_resets (person_id, token_hash, created_at, expires_at, client) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person.id)
        .bind(secrets::token_hash(&token))
        .bind(timestamp(now))
        .bind(timestamp(now + LINK_LIFETIME))
        .bind(&client)
        .execute(write.conn())
        .await?;
        let lang = person.language.as_deref().and_then(Lang::parse).unwrap_or(ctx.lang);
        let mail = Mail {
            person_id: Some(person.id),
            to: &person.email,
            subject: lang.t("reset.mail_subject"),
            body: lang.t("reset.mail_body"),
            link: &format!("/password/reset/{token}"),
            secret: true,
            attachment: None,
            delivery: Delivery::Now,
        };
        enqueue(write.conn(), now, mail).await?;
        write
            .commit(Change {
                action: "password.reset_requested",
                object_type: "person",
                object_id: person.id.to_string(),
                organisation_id: None,
                summary: "reset link sent".into(),
            })
            .await?;
    }
    Ok(redirect(
        &state,
        "/login",
        Some(Flash {
            key: "forgot.sent",
            error: false,
        }),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/templates/reset.html")]
struct ResetPage {
    ctx: Ctx,
    token: String,
    valid: bool,
    error: Option<&'static str>,
}

/// The person of a valid link, and the invitation it accepts when the
/// password is chosen (0 for a plain reset link).
async fn reset_person(state: &AppState, token: &str) -> AppResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT person_id, joins FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(secrets::token_hash(token))
    .bind(timestamp(state.clock.now()))
    .fetch_optional(&state.db.pool)
    .await?)
}

pub async fn reset_form(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let valid = reset_person(&state, &token).await?.is_some();
    let status = if valid { StatusCode::OK } else { StatusCode::NOT_FOUND };
    Ok((
        status,
        ResetPage {
            ctx,
            token,
            valid,
            error: None,
        },
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct ResetForm {
    password: String,
    confirmation: String,
}

/// The page of a link that is unknown, expired or used.
fn no_longer_valid(ctx: Ctx, token: String) -> Response {
    let page = ResetPage {
        ctx,
        token,
        valid: false,
        error: None,
    };
    (StatusCode::NOT_FOUND, page).into_response()
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> AppResult<Response> {
    let Some((person_id, joins)) = reset_person(&state, &token).await? else {
        return Ok(no_longer_valid(ctx, token));
    };
    if let Err(error) = secrets::check_new_password(&form.password, &form.confirmation) {
        let page = ResetPage {
            ctx,
            token,
            valid: true,
            error: Some(error),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = secrets::hash_password(form.password).await?;
    let mut write = Write::begin(&state, Some(person_id), &ctx.request_id).await?;
    let now = write.now();
    // Only the first of concurrent uses of one link marks it used.
    let used = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(timestamp(now))
    .bind(secrets::token_hash(&token))
    .execute(write.conn())
    .await?;
    if used.rows_affected() != 1 {
        return Ok(no_longer_valid(ctx, token));
    }
    sqlx::query("UPDATE persons SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(person_id)
        .execute(write.conn())
        .await?;
    // A reset says the old password may be known to someone else: every
    // session ends and every API token is revoked.
    sessions::shut_out(write.conn(), person_id, now).await?;
    // Every other link of the person ends with this one.
    sqlx::query("UPDATE password_resets SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL")
        .bind(timestamp(now))
        .bind(person_id)
        .execute(write.conn())
        .await?;
    let joined = if joins > 0 {
        super::offers::join(write.conn(), person_id, Some(joins), now).await?
    } else {
        let (email, language): (String, Option<String>) =
            sqlx::query_as("SELECT email, language FROM persons WHERE id = $1")
                .bind(person_id)
                .fetch_one(write.conn())
                .await?;
        let lang = language.as_deref().and_then(Lang::parse).unwrap_or(ctx.lang);
        let mail = Mail {
            person_id: Some(person_id),
            to: &email,
            subject: lang.t("reset.done_mail_subject"),
            body: lang.t("reset.done_mail_body"),
            link: "",
            secret: false,
            attachment: None,
            delivery: Delivery::Now,
        };
        enqueue(write.conn(), now, mail).await?;
        Vec::new()
    };
    write
        .commit(Change {
            action: if joined.is_empty() {
                "password.reset"
            } else {
                "membership.create"
            },
            object_type: "person",
            object_id: person_id.to_string(),
            organisation_id: joined.first().copied(),
            summary: if joins > 0 {
                "invitation accepted by choosing a password".into()
            } else {
                "password reset through emailed link: sessions closed, tokens revoked".into()
            },
        })
        .await?;
    Ok(redirect(
        &state,
        "/login",
        Some(Flash {
            key: "reset.done",
            error: false,
        }),
    ))
}
