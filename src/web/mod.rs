//! Shared web plumbing: the request context, cookies, lists, static files.

pub mod api;
pub mod choices;
pub mod context;
pub mod documents;
pub mod extract;
mod headers;
pub mod list;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::state::AppState;

pub use headers::security_headers;

/// Largest request body accepted (CSV imports are the big ones): the
/// context refuses a larger declared length, the extractors a larger body.
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

/// Cookie names.
pub const SESSION_COOKIE: &str = "passerelle_session";
pub const CSRF_COOKIE: &str = "passerelle_csrf";
pub const LANG_COOKIE: &str = "passerelle_lang";
pub const FLASH_COOKIE: &str = "passerelle_flash";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";

/// A one-time message shown on the next page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub key: &'static str,
    pub error: bool,
}

/// What every page needs to know about the request: language, person, CSRF token.
#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    pub user: Option<Arc<SignedIn>>,
    pub flash: Option<Flash>,
    /// Path and query of the request, for "return here" links.
    pub path: String,
    pub request_id: String,
    /// Where times are shown: the country of the person's first membership.
    pub zone: chrono_tz::Tz,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::internal("request context missing"))
    }
}

impl Ctx {
    /// The signed-in person, or a 401 (a redirect to the login page for browsers).
    pub fn user(&self) -> AppResult<&SignedIn> {
        self.user.as_deref().ok_or(AppError::Unauthorized)
    }

    /// The person, if they may read the live data; an observer, who sees
    /// only published aggregates, finds nothing there.
    pub fn live(&self) -> AppResult<&SignedIn> {
        let user = self.user()?;
        if user.actor.can(Action::ReadLiveData) {
            Ok(user)
        } else {
            Err(AppError::NotFound)
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    pub fn t1(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.lang.t1(key, value)
    }

    /// A stored instant, localised; empty if it is not one.
    pub fn datetime(&self, stored: &str) -> String {
        crate::db::parse_timestamp(stored)
            .map(|at| self.instant(at))
            .unwrap_or_default()
    }

    /// An instant in the reader's language and time zone.
    pub fn instant(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.lang.datetime(at, self.zone)
    }

    /// A stored calendar date (`YYYY-MM-DD`), localised; unchanged if it is not one.
    pub fn day(&self, stored: &str) -> String {
        chrono::NaiveDate::parse_from_str(stored, "%Y-%m-%d").map_or_else(|_| stored.to_owned(), |d| self.lang.date(d))
    }

    /// A calendar date, localised.
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        self.lang.date(*day)
    }

    /// A language's name from its code (`fr`), in the reader's language;
    /// the code itself for a language the catalogue does not name.
    pub fn language_name(&self, code: &str) -> String {
        let key = format!("language.{}", code.trim().to_lowercase());
        if crate::i18n::has(&key) {
            self.t(&key).to_owned()
        } else {
            code.to_owned()
        }
    }

    /// A number with one decimal, as the reader writes it (`2,5` in French).
    pub fn one_decimal(&self, value: &f64) -> String {
        self.lang.decimal(*value, 1)
    }

    pub fn number(&self, n: &i64) -> String {
        self.lang.number(*n)
    }

    /// A duration in minutes as hours and minutes (`1 h 30`).
    pub fn hours(&self, minutes: &i64) -> String {
        match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{} h", self.lang.number(h)),
            (h, m) => format!("{} h {m:02}", self.lang.number(h)),
        }
    }

    /// Whether to show the audit log in the navigation.
    pub fn sees_audit(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.actor.can(Action::ViewAllAudit) || !u.actor.audited_organisations().is_empty())
    }

    /// Where "Indicators" leads: the live comparison, or for observers the
    /// figures organisations published.
    pub fn indicators_link(&self) -> &'static str {
        match &self.user {
            Some(u) if !u.actor.can(Action::ReadLiveData) => "/indicators/published",
            _ => "/indicators",
        }
    }

    /// Whether to show the routes of the live data (see [`live_data`]): the
    /// same rule that guards them.
    pub fn sees_live_data(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.actor.can(Action::ReadLiveData))
    }

    /// Whether to offer recording an activity: the rule of its form.
    pub fn records_activity(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.actor.records_activity())
    }

    /// Whether to show the mail queue in the navigation.
    pub fn sees_mail(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.actor.can(Action::ManageMail))
    }

    /// Whether to show the people list in the navigation.
    pub fn sees_people(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.actor.platform_admin || !u.actor.member_organisations().is_empty())
    }

    /// Marks the current navigation entry for assistive technology.
    pub fn current(&self, prefix: &str) -> &'static str {
        let path = self.path.split('?').next().unwrap_or("");
        let here = if prefix == "/" {
            path == "/"
        } else {
            path.starts_with(prefix)
        };
        if here { "page" } else { "false" }
    }
}

/// Our cookies carry the `__Host-` prefix over HTTPS: browsers then take
/// them only Secure, for this host alone and the whole site.
const HOST_PREFIX: &str = "__Host-";

/// The value of one of our cookies in a request.
pub fn request_cookie(state: &AppState, headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    context::cookies(state, headers)
        .into_iter()
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The name one of our cookies has in the browser.
pub fn cookie_name(state: &AppState, name: &str) -> String {
    if state.config.secure_cookies() {
        format!("{HOST_PREFIX}{name}")
    } else {
        name.to_owned()
    }
}

/// A `Set-Cookie` value with the flags every cookie of ours carries.
pub fn cookie(state: &AppState, name: &str, value: &str, max_age: Option<chrono::Duration>) -> HeaderValue {
    let secure = state.config.secure_cookies();
    let mut c = cookie::Cookie::build((cookie_name(state, name), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure);
    if let Some(age) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(age.num_seconds()));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The fields of a submitted form, kept to show them again with an error.
#[derive(Clone, Debug, Default)]
pub struct Typed(pub Vec<(String, String)>);

impl Typed {
    /// The value typed in `field`, trimmed; empty when absent.
    pub fn get(&self, field: &str) -> &str {
        self.0.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v.trim())
    }

    /// Every value of a repeated field (checkboxes of one name).
    pub fn all(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// Whether `field` has `value` among its values (for `checked`, `selected`).
    pub fn has(&self, field: &str, value: &str) -> bool {
        self.all(field).contains(&value)
    }
}

/// The status of a form page: 422 when it shows an error, so that a
/// refused submission is never taken for a success (by htmx, tests, tools).
pub fn form_status(failed: bool) -> axum::http::StatusCode {
    if failed {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    }
}

/// A 303 redirect, optionally with a flash message for the next page.
pub fn redirect(state: &AppState, to: &str, flash: Option<Flash>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(to) {
        headers.insert(LOCATION, location);
    }
    if let Some(f) = flash {
        let value = format!("{}:{}", if f.error { "e" } else { "s" }, f.key);
        headers.append(
            SET_COOKIE,
            cookie(state, FLASH_COOKIE, &value, Some(chrono::Duration::minutes(5))),
        );
    }
    response
}

/// A 303 redirect to `to` with the success message `key`.
pub fn done(state: &AppState, to: &str, key: &'static str) -> Response {
    redirect(state, to, Some(Flash { key, error: false }))
}

/// Where a form goes next: on success to the page given with its flash
/// message; when the input is refused, back to the form's page (`again`)
/// showing why, with what was typed.
pub async fn answer<Fut>(
    state: &AppState,
    outcome: AppResult<(String, &'static str)>,
    again: impl FnOnce(&'static str) -> Fut,
) -> AppResult<Response>
where
    Fut: std::future::Future<Output = AppResult<Response>>,
{
    match outcome {
        Ok((to, key)) => Ok(done(state, &to, key)),
        Err(err) => again(err.into_form_message()?).await,
    }
}

/// Routes of the live data answer an observer 404 (see [`Ctx::live`]);
/// signing in is asked of nobody here, each route does it.
pub async fn live_data(ctx: Ctx, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match &ctx.user {
        Some(_) if ctx.live().is_err() => AppError::NotFound.into_response(),
        _ => next.run(request).await,
    }
}

/// Only paths of this site may be redirect targets (no open redirects):
/// browsers drop tabs and newlines and read `\\` as `/`, so `/\t/evil.example`
/// or `/\\evil.example` would leave the site as surely as `//evil.example`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{file}", get(static_file))
        .route("/language", post(set_language))
}

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, kind): (&'static [u8], &str) = match file.as_str() {
        "htmx.min.js" => (include_bytes!("../../static/htmx.min.js"), "text/javascript"),
        "app.css" => (include_bytes!("../../static/app.css"), "text/css"),
        "app.js" => (include_bytes!("../../static/app.js"), "text/javascript"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(CONTENT_TYPE, kind), (CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Switches the interface language, remembered in a cookie and on the account.
async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    extract::Form(form): extract::Form<LanguageForm>,
) -> AppResult<Response> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest("error.invalid"))?;
    if let Some(user) = &ctx.user {
        let mut write = crate::audit::Write::begin(&state, Some(user.person.id), &ctx.request_id).await?;
        sqlx::query("UPDATE persons SET language = $1 WHERE id = $2")
            .bind(lang.code())
            .bind(user.person.id)
            .execute(write.conn())
            .await?;
        write
            .commit(crate::audit::Change {
                action: "person.language",
                object_type: "person",
                object_id: user.person.id.to_string(),
                organisation_id: None,
                summary: format!("language = {}", lang.code()),
            })
            .await?;
    }
    let mut response = redirect(&state, &safe_next(form.next.as_deref()), None);
    response.headers_mut().append(
        SET_COOKIE,
        cookie(&state, LANG_COOKIE, lang.code(), Some(chrono::Duration::days(365))),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_redirect_targets() {
        let bypasses = [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            " /evil",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "evil.example",
            "",
        ];
        for next in bypasses {
            assert_eq!(safe_next(Some(next)), "/", "{next:?}");
        }
        assert_eq!(safe_next(None), "/");
        for local in [
            "/",
            "/people?q=Jean%20Petit&page=2",
            "/referrals/12",
            "/%2F%2Fevil.example",
        ] {
            assert_eq!(safe_next(Some(local)), local);
        }
    }
}
