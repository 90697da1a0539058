//! The one error type of the application.
//!
//! Handlers return `Result<_, AppError>`. The response carries an
//! [`ErrorInfo`] extension and no body; `web::context` then renders it as the
//! request asks: JSON under `/api`, a fragment for htmx, a full page otherwise,
//! in the user's language. Unexpected errors are logged with the request id
//! and answered with an opaque 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A form field that did not pass validation, with the message key to show.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name, or its path in a JSON body (`lines[2].minutes`).
    pub field: std::borrow::Cow<'static, str>,
    pub message: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("too many requests")]
    TooManyRequests,
    /// A body or file over its limit (the catalogue message says which limit).
    #[error("too large")]
    TooLarge(&'static str),
    /// The database cannot be reached: try again shortly.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A form or request error on one field, with its catalogue message.
    pub fn invalid(field: &'static str, message: &'static str) -> Self {
        Self::Invalid(vec![FieldError {
            field: field.into(),
            message,
        }])
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    /// For a form shown again: the message of the first invalid field, or
    /// the error itself when it is not a validation error.
    pub fn into_form_message(self) -> Result<&'static str, AppError> {
        match self {
            Self::Invalid(fields) => Ok(fields.first().map_or("error.invalid", |f| f.message)),
            other => Err(other),
        }
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(err: $t) -> Self {
                Self::internal(err)
            }
        }
    )*};
}
internal_from!(askama::Error, std::io::Error, serde_json::Error);

impl From<sqlx::Error> for AppError {
    /// A reference to nothing (an id that names no row) is the client's
    /// mistake: a 422 naming the field where PostgreSQL says which it was.
    fn from(err: sqlx::Error) -> Self {
        match err.as_database_error() {
            Some(db) if db.is_foreign_key_violation() => {
                let field = match (db.constraint(), db.table()) {
                    (Some(constraint), Some(table)) => constraint
                        .strip_prefix(table)
                        .and_then(|c| c.strip_prefix('_'))
                        .and_then(|c| c.strip_suffix("_fkey"))
                        .map_or("reference".to_owned(), str::to_owned),
                    _ => "reference".to_owned(),
                };
                Self::Invalid(vec![FieldError {
                    field: field.into(),
                    message: "error.unknown_reference",
                }])
            }
            _ if matches!(
                err,
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_)
            ) =>
            {
                Self::Unavailable(err.to_string())
            }
            _ => Self::internal(err),
        }
    }
}

/// Seconds a client is asked to wait when the database is away.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// What the renderer needs to answer an error: status, code and message key.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: &'static str,
    pub fields: Vec<FieldError>,
    /// Internal detail, logged but never sent.
    pub detail: Option<String>,
}

impl AppError {
    pub fn info(self) -> ErrorInfo {
        let (status, code, message, fields, detail) = match self {
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, vec![], None),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "error.unauthorized",
                vec![],
                None,
            ),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "error.forbidden", vec![], None),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found", "error.not_found", vec![], None),
            Self::Conflict(m) => (StatusCode::CONFLICT, "conflict", m, vec![], None),
            Self::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "error.invalid",
                fields,
                None,
            ),
            Self::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", m, vec![], None),
            Self::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "error.too_many_requests",
                vec![],
                None,
            ),
            Self::Unavailable(detail) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "error.unavailable",
                vec![],
                Some(detail),
            ),
            Self::Internal(detail) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "error.internal",
                vec![],
                Some(detail),
            ),
        };
        ErrorInfo {
            status,
            code,
            message,
            fields,
            detail,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut response = info.status.into_response();
        if info.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
        }
        response.extensions_mut().insert(info);
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
