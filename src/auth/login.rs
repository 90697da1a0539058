//! Logging in and out.

use crate::web::extract::{Form, Query};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use super::keys::ServerKey;
use super::{find_person_by_email, normalise_email, ratelimit, secrets, sessions};
use crate::audit::{Change, Write};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Ctx, Flash, SESSION_COOKIE, cookie, redirect, safe_next};

#[derive(Template, WebTemplate)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.user.is_some() {
        return axum::response::Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    LoginPage {
        ctx,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
    }
    .into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The client address used for throttling (see [`crate::config::Config::client_address`]).
pub fn client(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    // A proxy may add its own header line rather than extend the client's:
    // every line counts, in order.
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = forwarded.join(",");
    peer.map(|p| state.config.client_address(p.ip(), Some(&forwarded)).to_string())
        .unwrap_or_default()
}

/// The cookie of a browser that has logged in to an account: the person's
/// id and a random device id, signed with the server key.
const DEVICE_COOKIE: &str = "passerelle_device";
const DEVICE_LIFETIME: chrono::Duration = chrono::Duration::days(365);

/// The device id of the request's device cookie, if it is a valid one of `person_id`'s.
fn device_of(state: &AppState, key: &ServerKey, headers: &HeaderMap, person_id: i64) -> Option<String> {
    let value = crate::web::request_cookie(state, headers, DEVICE_COOKIE)?;
    let mut parts = value.splitn(3, '.');
    let (person, device, signature) = (parts.next()?, parts.next()?, parts.next()?);
    (person == person_id.to_string() && key.verify("device", &format!("{person}.{device}"), signature))
        .then(|| device.to_owned())
}

fn device_cookie(key: &ServerKey, person_id: i64) -> String {
    let signed = format!("{person_id}.{}", secrets::new_token("")[..32].to_owned());
    format!("{signed}.{}", key.sign("device", &signed))
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let email = normalise_email(&form.email);
    let client = client(&state, &headers, peer.map(|Extension(ConnectInfo(addr))| addr));
    let now = state.clock.now();
    let key = state.server_key().await?;
    let next = safe_next(form.next.as_deref());
    let page = |error, status| {
        (
            status,
            LoginPage {
                ctx: ctx.clone(),
                email: form.email.clone(),
                next: next.clone(),
                error: Some(error),
            },
        )
            .into_response()
    };
    let (person, hash) = match find_person_by_email(&state.db, &email).await? {
        Some((person, hash)) => (Some(person), hash),
        None => (None, None),
    };
    let device = person.as_ref().and_then(|p| device_of(&state, key, &headers, p.id));
    let attempt = ratelimit::Attempt {
        email: &email,
        client: &client,
        device: device.as_deref(),
    };
    if ratelimit::is_throttled(&state.db, &attempt, now).await? {
        return Ok(page("login.throttled", StatusCode::TOO_MANY_REQUESTS));
    }
    let verified = match secrets::verify_or_waste_time(form.password.clone(), hash).await {
        true => person,
        false => None,
    };
    let Some(person) = verified else {
        ratelimit::record_failure(&state.db, &attempt, now).await?;
        return Ok(page("login.failed", StatusCode::UNAUTHORIZED));
    };
    ratelimit::clear(&state.db, &attempt).await?;
    let agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut write = Write::begin(&state, Some(person.id), &ctx.request_id).await?;
    let token = sessions::open(write.conn(), person.id, agent, now).await?;
    write
        .commit(Change {
            action: "session.open",
            object_type: "person",
            object_id: person.id.to_string(),
            organisation_id: None,
            summary: "login".into(),
        })
        .await?;
    let mut response = redirect(&state, &next, None);
    response.headers_mut().append(
        SET_COOKIE,
        cookie(&state, SESSION_COOKIE, &token, Some(sessions::IDLE_LIFETIME)),
    );
    if device.is_none() {
        response.headers_mut().append(
            SET_COOKIE,
            cookie(
                &state,
                DEVICE_COOKIE,
                &device_cookie(key, person.id),
                Some(DEVICE_LIFETIME),
            ),
        );
    }
    Ok(response)
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if let Some(user) = &ctx.user
        && let Some(session_id) = user.session_id
    {
        let mut write = Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
        sessions::close(write.conn(), user.person.id, session_id).await?;
        write
            .commit(Change {
                action: "session.close",
                object_type: "person",
                object_id: user.person.id.to_string(),
                organisation_id: None,
                summary: "logout".into(),
            })
            .await?;
    }
    let mut response = redirect(
        &state,
        "/login",
        Some(Flash {
            key: "logout.done",
            error: false,
        }),
    );
    response.headers_mut().append(
        SET_COOKIE,
        cookie(&state, SESSION_COOKIE, "", Some(chrono::Duration::zero())),
    );
    Ok(response)
}
