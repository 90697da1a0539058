//! axum's extractors, with rejections that go through [`AppError`] so that a
//! malformed id, query or body gets the same localised page or JSON error as
//! anything else.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};

use crate::error::AppError;

/// A path parameter; one that does not parse is a 404 (no such object).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

/// A query string; one that does not parse is a 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

/// A URL-encoded form body.
#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(AppError))]
pub struct Form<T>(pub T);

/// A JSON body.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

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

impl From<JsonRejection> for AppError {
    fn from(_: JsonRejection) -> Self {
        AppError::BadRequest("error.bad_json")
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

/// The file sent in field `name` of a multipart form: its name and bytes
/// (empty when it is missing, for the caller's own message).
pub async fn uploaded_file(mut multipart: axum::extract::Multipart, name: &str) -> Result<(String, Vec<u8>), AppError> {
    let mut file = (String::new(), Vec::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("error.invalid"))?
    {
        if field.name() == Some(name) {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest("error.invalid"))?;
            file = (file_name, bytes.to_vec());
        }
    }
    Ok(file)
}
