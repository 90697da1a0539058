//! axum's extractors, with rejections that go through [`AppError`] so that a
//! malformed id, query or body gets the same localised page or JSON error as
//! anything else. Every text a client sends is screened first: no NUL
//! character (PostgreSQL refuses them in text) and no value longer than
//! [`MAX_TEXT`], each refused with the field named.

use std::borrow::Cow;

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldError};

/// The longest text accepted in any field (minutes of a meeting are the
/// longest texts people write); fields with a tighter rule check it too.
pub const MAX_TEXT: usize = 100_000;

/// Why a text sent in `field` is refused, if it is.
fn screen(field: &str, value: &str) -> Result<(), AppError> {
    let message = if value.contains('\0') {
        "error.nul_character"
    } else if value.chars().count() > MAX_TEXT {
        "error.too_long"
    } else {
        return Ok(());
    };
    Err(AppError::Invalid(vec![FieldError {
        field: Cow::Owned(field.to_owned()),
        message,
    }]))
}

/// Screens every name and value of a URL-encoded query or form.
fn screen_pairs(encoded: &[u8]) -> Result<(), AppError> {
    for (name, value) in form_urlencoded_pairs(encoded) {
        screen(&name, &name)?;
        screen(&name, &value)?;
    }
    Ok(())
}

fn form_urlencoded_pairs(encoded: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(encoded).unwrap_or_default()
}

/// Screens every string of a JSON document, naming it by its path (`items[2].note`).
fn screen_json(value: &serde_json::Value, path: &str) -> Result<(), AppError> {
    match value {
        serde_json::Value::String(text) => screen(if path.is_empty() { "body" } else { path }, text),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| screen_json(item, &format!("{path}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().try_for_each(|(name, item)| {
            let path = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            screen(&path, name)?;
            screen_json(item, &path)
        }),
        _ => Ok(()),
    }
}

/// A path parameter; one that does not parse, or holds a NUL character,
/// is a 404 (no such object).
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.path().to_ascii_lowercase().contains("%00") {
            return Err(AppError::NotFound);
        }
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

/// A query string; one that does not parse is a 400.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        screen_pairs(parts.uri.query().unwrap_or("").as_bytes())?;
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

/// A form posted to one object's page (`/things/{id}/what`), as every such
/// handler needs it: the request's context, the object's id, and what was
/// typed, kept to show the page again with an error.
pub struct Posted {
    pub ctx: crate::web::Ctx,
    pub id: i64,
    pub form: crate::web::Typed,
}

impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let ctx = crate::web::Ctx::from_request_parts(&mut parts, state).await?;
        let Path(id) = Path::<i64>::from_request_parts(&mut parts, state).await?;
        let Form(form) = Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            ctx,
            id,
            form: crate::web::Typed(form),
        })
    }
}

/// A URL-encoded form body.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::web::BODY_LIMIT)
            .await
            .map_err(|_| AppError::BadRequest("error.invalid"))?;
        screen_pairs(&bytes)?;
        screen_pairs(parts.uri.query().unwrap_or("").as_bytes())?;
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        let axum::Form(value) = axum::Form::<T>::from_request(req, state).await?;
        Ok(Self(value))
    }
}

/// A JSON body. A value of the wrong type names its field, with a 422.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        if !is_json {
            return Err(AppError::BadRequest("error.bad_json"));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("error.bad_json"))?;
        let document: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|_| AppError::BadRequest("error.bad_json"))?;
        screen_json(&document, "")?;
        serde_path_to_error::deserialize(document).map(Self).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.inner().to_string();
            let missing = inner
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .map(|name| {
                    if path == "." {
                        name.to_owned()
                    } else {
                        format!("{path}.{name}")
                    }
                });
            let (field, message) = match missing {
                Some(field) => (field, "error.missing_value"),
                None if path == "." => ("body".to_owned(), "error.wrong_value"),
                None => (path, "error.wrong_value"),
            };
            AppError::Invalid(vec![FieldError {
                field: Cow::Owned(field),
                message,
            }])
        })
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::NotFound
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        AppError::BadRequest("error.invalid")
    }
}

impl From<FormRejection> for AppError {
    fn from(_: FormRejection) -> Self {
        AppError::BadRequest("error.invalid")
    }
}

/// An uploaded file's name without its folders, fit for a download header.
pub fn file_name(name: &str, otherwise: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(otherwise)
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(120)
        .collect()
}

/// Largest files each form takes, written beside its field.
pub const MAX_IMPORT: usize = crate::web::BODY_LIMIT;
pub const MAX_DOCUMENT: usize = 10 * 1024 * 1024;

/// The file sent in field `name` of a multipart form, of `limit` bytes at
/// most: its name and bytes (empty when it is missing, for the caller's own
/// message). A larger one is a 413 that says so.
pub async fn uploaded_file(
    mut multipart: axum::extract::Multipart,
    name: &str,
    limit: usize,
) -> Result<(String, Vec<u8>), AppError> {
    let refused = |err: axum::extract::multipart::MultipartError| {
        if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge("error.file_too_large")
        } else {
            AppError::BadRequest("error.invalid")
        }
    };
    let mut file = (String::new(), Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(refused)? {
        if field.name() != Some(name) {
            continue;
        }
        let file_name = field.file_name().unwrap_or("").to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(refused)? {
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::TooLarge("error.file_too_large"));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = (file_name, bytes);
    }
    Ok(file)
}
