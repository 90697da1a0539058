//! The middleware every request goes through: who is asking (session cookie
//! for pages, bearer token for `/api`), in which language, with which CSRF
//! token; it refuses unsafe requests without a valid token and renders
//! errors as the request asks (JSON, htmx fragment or page).

use std::sync::Arc;

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::{CSRF_COOKIE, CSRF_FIELD, Ctx, FLASH_COOKIE, Flash, LANG_COOKIE, SESSION_COOKIE, cookie};
use crate::auth::keys::ServerKey;
use crate::auth::{SignedIn, load_actor, person_for_api_token, secrets, sessions};
use crate::db::timestamp;
use crate::error::{AppError, ErrorInfo};
use crate::i18n::Lang;
use crate::state::AppState;

/// Largest form body read for the CSRF check.
const FORM_LIMIT: usize = 1024 * 1024;

/// Our cookies in a request, by their names without the `__Host-` prefix
/// they carry over HTTPS (and without which they are then ignored).
pub(super) fn cookies(state: &AppState, headers: &HeaderMap) -> Vec<cookie::Cookie<'static>> {
    let secure = state.config.secure_cookies();
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_owned()).filter_map(Result::ok))
        .filter_map(|c| {
            let name = match c.name().strip_prefix(super::HOST_PREFIX) {
                Some(name) if secure => name.to_owned(),
                None if !secure => c.name().to_owned(),
                _ => return None,
            };
            Some(cookie::Cookie::new(name, c.value().to_owned()))
        })
        .collect()
}

fn cookie_value<'a>(jar: &'a [cookie::Cookie<'static>], name: &str) -> Option<&'a str> {
    jar.iter().find(|c| c.name() == name).map(|c| c.value())
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

async fn who(
    state: &AppState,
    headers: &HeaderMap,
    jar: &[cookie::Cookie<'static>],
    api: bool,
) -> Result<Option<SignedIn>, AppError> {
    let now = state.clock.now();
    if api {
        let Some(token) = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Ok(None);
        };
        let Some(person) = person_for_api_token(&state.db, token.trim(), &timestamp(now)).await? else {
            return Ok(None);
        };
        let actor = load_actor(&state.db, &person).await?;
        return Ok(Some(SignedIn {
            person,
            actor,
            session_id: None,
        }));
    }
    match cookie_value(jar, SESSION_COOKIE) {
        Some(token) => Ok(sessions::find(&state.db, token, now).await?),
        None => Ok(None),
    }
}

fn flash_from(jar: &[cookie::Cookie<'static>]) -> Option<Flash> {
    let value = cookie_value(jar, FLASH_COOKIE)?;
    let (kind, key) = value.split_once(':')?;
    // Only catalogue keys are shown, so a forged cookie cannot inject text.
    let key = crate::i18n::known(key)?;
    Some(Flash {
        key,
        error: kind == "e",
    })
}

/// Reads the CSRF token a form or htmx request sent, keeping the body intact.
async fn sent_csrf(req: Request) -> Result<(Option<String>, Request), AppError> {
    if let Some(token) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return Ok((Some(token.to_owned()), req));
    }
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        // File uploads carry the token in the form's action URL.
        let token = req.uri().query().and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v))
        });
        return Ok((token, req));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest("error.invalid"))?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|fields| fields.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

/// The CSRF token of a browser: signed with the server key over its session,
/// or before login over a random anchor kept in a cookie. A value copied
/// into both the cookie and the form is worth nothing, and logging in
/// changes the token.
fn csrf_token(key: &ServerKey, user: Option<&SignedIn>, anchor: &str) -> String {
    match user.and_then(|u| u.session_id) {
        Some(session) => key.sign("csrf", &format!("session:{session}")),
        None => key.sign("csrf", &format!("anonymous:{anchor}")),
    }
}

/// Whether an unsafe request says it comes from another site: browsers
/// send `Sec-Fetch-Site`, and `Origin` with every form post.
fn cross_site(state: &AppState, headers: &HeaderMap) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
    };
    if matches!(header("sec-fetch-site"), Some("cross-site" | "same-site")) {
        return true;
    }
    let Some(origin) = header("origin") else {
        return false;
    };
    let public = state.config.public_url.trim_end_matches('/');
    let public_origin = public.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    let host = header("host").unwrap_or("");
    let same_host = origin
        .split_once("://")
        .is_some_and(|(_, authority)| !host.is_empty() && authority == host);
    !(origin == public_origin || same_host)
}

/// Finds who is asking and checks the CSRF token of unsafe browser requests.
async fn admit(
    state: &AppState,
    req: Request,
    jar: &[cookie::Cookie<'static>],
    api: bool,
    (anchor, new_anchor): (&str, bool),
    ctx: &mut Ctx,
) -> Result<Request, AppError> {
    let headers = req.headers().clone();
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > crate::web::BODY_LIMIT) {
        return Err(AppError::TooLarge("error.too_large"));
    }
    let user = who(state, &headers, jar, api).await?;
    if let Some(lang) = user
        .as_ref()
        .and_then(|u| u.person.language.as_deref())
        .and_then(Lang::parse)
        && cookie_value(jar, LANG_COOKIE).is_none()
    {
        ctx.lang = lang;
    }
    if let Some(membership) = user.as_ref().and_then(|u| u.actor.memberships.first()) {
        ctx.zone = crate::calendar::of_country(&membership.country);
    }
    let anonymous = user.as_ref().is_none_or(|u| u.session_id.is_none());
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !api {
        // Without the database there is no key: pages that only read (and
        // `/readyz`, which says so) still answer; no form can be accepted.
        ctx.csrf = match state.server_key().await {
            Ok(key) => csrf_token(key, user.as_ref(), anchor),
            Err(_) if safe => String::new(),
            Err(err) => return Err(err.into()),
        };
    }
    ctx.user = user.map(Arc::new);
    if api {
        // Every `/api/v1` route needs a token; checking a query or a body
        // before knowing who sends it would answer strangers about it.
        return match ctx.user {
            None if req.uri().path().starts_with("/api/v1/") => Err(AppError::Unauthorized),
            _ => Ok(req),
        };
    }
    if safe {
        return Ok(req);
    }
    if cross_site(state, &headers) {
        return Err(AppError::Forbidden);
    }
    let (sent, req) = sent_csrf(req).await?;
    if (new_anchor && anonymous) || !sent.is_some_and(|s| secrets::same_secret(&s, &ctx.csrf)) {
        return Err(AppError::Forbidden);
    }
    Ok(req)
}

pub async fn context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let path = req.uri().path().to_owned();
    let path_and_query = req.uri().path_and_query().map_or(path.clone(), |p| p.to_string());
    let api = path.starts_with("/api/");
    let jar = cookies(&state, &headers);
    let request_id = request_id(&headers);

    let browser_lang =
        Lang::from_accept_language(headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let (anchor, new_anchor) = match cookie_value(&jar, CSRF_COOKIE) {
        Some(token) if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) => (token.to_owned(), false),
        _ => (secrets::new_token(""), true),
    };
    let flash = if api { None } else { flash_from(&jar) };

    let mut ctx = Ctx {
        lang: cookie_value(&jar, LANG_COOKIE)
            .and_then(Lang::parse)
            .unwrap_or(browser_lang),
        csrf: String::new(),
        user: None,
        flash: flash.clone(),
        path: path_and_query,
        request_id: request_id.clone(),
        zone: chrono_tz::Tz::Europe__Paris,
    };

    let mut response = match admit(&state, req, &jar, api, (&anchor, new_anchor), &mut ctx).await {
        Ok(mut req) => {
            req.extensions_mut().insert(ctx.clone());
            next.run(req).await
        }
        Err(AppError::Forbidden) => csrf_refused(),
        Err(err) => err.into_response(),
    };

    let flash_cookie = super::cookie_name(&state, FLASH_COOKIE);
    let sets_flash = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(flash_cookie.as_bytes()));
    if flash.is_some() && !sets_flash {
        response.headers_mut().append(
            SET_COOKIE,
            cookie(&state, FLASH_COOKIE, "", Some(chrono::Duration::zero())),
        );
    }
    if new_anchor && !api {
        response
            .headers_mut()
            .append(SET_COOKIE, cookie(&state, CSRF_COOKIE, &anchor, None));
    }
    if let Some(info) = response.extensions_mut().remove::<ErrorInfo>() {
        return render_error(info, &ctx, api, &headers, response);
    }
    response
}

/// A refused CSRF check answers 403 with the "form expired" message.
fn csrf_refused() -> Response {
    let mut info = AppError::Forbidden.info();
    info.message = "error.csrf";
    let mut response = info.status.into_response();
    response.extensions_mut().insert(info);
    response
}

#[derive(Template)]
#[template(path = "web/templates/error.html")]
struct ErrorPage<'a> {
    ctx: &'a Ctx,
    info: &'a ErrorInfo,
}

fn render_error(info: ErrorInfo, ctx: &Ctx, api: bool, headers: &HeaderMap, mut response: Response) -> Response {
    if let Some(detail) = &info.detail {
        tracing::error!(request_id = %ctx.request_id, %detail, "request failed");
    }
    let status = info.status;
    let body = if api {
        let fields: Vec<_> = info
            .fields
            .iter()
            .map(|f| serde_json::json!({"field": f.field, "message": ctx.t(f.message)}))
            .collect();
        let mut error = serde_json::json!({"code": info.code, "message": ctx.t(info.message)});
        if !fields.is_empty() {
            error["fields"] = serde_json::Value::Array(fields);
        }
        axum::Json(serde_json::json!({ "error": error })).into_response()
    } else if status == StatusCode::UNAUTHORIZED {
        let next = form_urlencoded_path(&ctx.path);
        let mut redirect = StatusCode::SEE_OTHER.into_response();
        if let Ok(location) = format!("/login?next={next}").parse() {
            redirect.headers_mut().insert(LOCATION, location);
        }
        redirect
    } else if headers.contains_key("hx-request") {
        Html(format!(
            "<div class=\"flash error\" role=\"alert\">{}</div>",
            ctx.t(info.message)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ))
        .into_response()
    } else {
        match (ErrorPage { ctx, info: &info }).render() {
            Ok(html) => Html(html).into_response(),
            Err(_) => Html(ctx.t(info.message).to_owned()).into_response(),
        }
    };
    let (mut parts, _) = response.into_parts();
    let (new_parts, new_body) = body.into_parts();
    for (name, value) in new_parts.headers.iter() {
        parts.headers.insert(name, value.clone());
    }
    parts.status = new_parts.status;
    if new_parts.status.is_success() {
        parts.status = status;
    }
    response = Response::from_parts(parts, new_body);
    response
}

fn form_urlencoded_path(path: &str) -> String {
    serde_urlencoded::to_string([("n", path)])
        .map(|s| s.trim_start_matches("n=").to_owned())
        .unwrap_or_default()
}
