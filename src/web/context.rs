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
use crate::app::AppState;
use crate::auth::{SignedIn, load_actor, person_for_api_token, secrets, sessions};
use crate::db::timestamp;
use crate::error::{AppError, ErrorInfo};
use crate::i18n::Lang;

/// Largest form body read for the CSRF check.
const FORM_LIMIT: usize = 1024 * 1024;

fn cookies(headers: &HeaderMap) -> Vec<cookie::Cookie<'static>> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_owned()).filter_map(Result::ok))
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
    let key = crate::i18n::CATALOGUES
        .iter()
        .flat_map(|c| c.iter())
        .map(|(k, _, _)| *k)
        .find(|k| *k == key)?;
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

/// Finds who is asking and checks the CSRF token of unsafe browser requests.
#[expect(
    clippy::too_many_arguments,
    reason = "the pieces of one request, read once by `context`"
)]
async fn admit(
    state: &AppState,
    req: Request,
    headers: &HeaderMap,
    jar: &[cookie::Cookie<'static>],
    api: bool,
    unsafe_method: bool,
    new_csrf: bool,
    ctx: &mut Ctx,
) -> Result<Request, AppError> {
    let user = who(state, headers, jar, api).await?;
    if let Some(lang) = user
        .as_ref()
        .and_then(|u| u.person.language.as_deref())
        .and_then(Lang::parse)
        && cookie_value(jar, LANG_COOKIE).is_none()
    {
        ctx.lang = lang;
    }
    ctx.user = user.map(Arc::new);
    if !unsafe_method || api {
        return Ok(req);
    }
    let (sent, req) = sent_csrf(req).await?;
    if new_csrf || !sent.is_some_and(|s| secrets::same_secret(&s, &ctx.csrf)) {
        return Err(AppError::Forbidden);
    }
    Ok(req)
}

pub async fn context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let path = req.uri().path().to_owned();
    let path_and_query = req.uri().path_and_query().map_or(path.clone(), |p| p.to_string());
    let api = path.starts_with("/api/");
    let jar = cookies(&headers);
    let request_id = request_id(&headers);

    let browser_lang =
        Lang::from_accept_language(headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let (csrf, new_csrf) = match cookie_value(&jar, CSRF_COOKIE) {
        Some(token) if token.len() == 64 => (token.to_owned(), false),
        _ => (secrets::new_token(""), true),
    };
    let flash = if api { None } else { flash_from(&jar) };

    let mut ctx = Ctx {
        lang: cookie_value(&jar, LANG_COOKIE)
            .and_then(Lang::parse)
            .unwrap_or(browser_lang),
        csrf: csrf.clone(),
        user: None,
        flash: flash.clone(),
        path: path_and_query,
        request_id: request_id.clone(),
    };

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut response = match admit(&state, req, &headers, &jar, api, unsafe_method, new_csrf, &mut ctx).await {
        Ok(mut req) => {
            req.extensions_mut().insert(ctx.clone());
            next.run(req).await
        }
        Err(AppError::Forbidden) => csrf_refused(),
        Err(err) => err.into_response(),
    };

    let sets_flash = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    if flash.is_some() && !sets_flash {
        response.headers_mut().append(
            SET_COOKIE,
            cookie(&state, FLASH_COOKIE, "", Some(chrono::Duration::zero())),
        );
    }
    if new_csrf && !api {
        response
            .headers_mut()
            .append(SET_COOKIE, cookie(&state, CSRF_COOKIE, &csrf, None));
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
