//! The import pages: upload, preview, confirm.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Kind, check, import, plan};
use crate::app::AppState;
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::tabular::{Outcome, RowError};
use crate::web::extract::Path;
use crate::web::{Ctx, Flash, redirect};

/// Most errors listed on the page; the rest are summarised.
const SHOWN_ERRORS: usize = 200;

#[derive(Template, WebTemplate)]
#[template(path = "imports/templates/import.html")]
pub struct ImportPage {
    ctx: Ctx,
    kind: &'static str,
    title: &'static str,
    intro: &'static str,
    errors: Vec<RowError>,
    more_errors: bool,
    outcome: Option<Outcome>,
    pending: Option<i64>,
    file_name: String,
}

impl ImportPage {
    fn new(ctx: Ctx, kind: Kind) -> Self {
        Self {
            ctx,
            kind: kind.as_str(),
            title: kind.title(),
            intro: kind.intro(),
            errors: vec![],
            more_errors: false,
            outcome: None,
            pending: None,
            file_name: String::new(),
        }
    }

    fn with_errors(mut self, errors: Vec<RowError>) -> Response {
        self.more_errors = errors.len() > SHOWN_ERRORS;
        self.errors = errors.into_iter().take(SHOWN_ERRORS).collect();
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

fn importer(ctx: &Ctx, kind: Kind) -> AppResult<&SignedIn> {
    let user = ctx.user()?;
    if kind.may_import(&user.actor) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn form(ctx: Ctx, Path(kind): Path<Kind>) -> AppResult<ImportPage> {
    importer(&ctx, kind)?;
    Ok(ImportPage::new(ctx, kind))
}

/// Reads the uploaded file, checks it, and keeps it until it is confirmed.
pub async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<Kind>,
    multipart: Multipart,
) -> AppResult<Response> {
    let user = importer(&ctx, kind)?;
    let (name, bytes) = crate::web::extract::uploaded_file(multipart, "file").await?;
    let mut page = ImportPage::new(ctx.clone(), kind);
    if bytes.is_empty() {
        return Ok(page.with_errors(vec![RowError {
            line: 0,
            column: String::new(),
            message: "import.no_file",
        }]));
    }
    let name = if name.is_empty() { "import.csv".to_owned() } else { name };
    page.file_name = name.clone();
    let rows = match check(&state, kind, Some(&user.actor), &bytes).await? {
        Ok(rows) => rows,
        Err(errors) => return Ok(page.with_errors(errors)),
    };
    page.outcome = Some(plan(&state, &rows).await?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO pending_imports (person_id, kind, file_name, content, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user.person.id)
    .bind(kind.as_str())
    .bind(&name)
    .bind(String::from_utf8_lossy(&bytes).into_owned())
    .bind(timestamp(state.clock.now()))
    .fetch_one(&state.db.pool)
    .await?;
    page.pending = Some(id);
    Ok(page.into_response())
}

/// Applies a checked file; it is checked again, as the data may have changed.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(Kind, i64)>,
) -> AppResult<Response> {
    let user = importer(&ctx, kind)?;
    let pending: Option<(String, String)> =
        sqlx::query_as("SELECT file_name, content FROM pending_imports WHERE id = $1 AND person_id = $2 AND kind = $3")
            .bind(id)
            .bind(user.person.id)
            .bind(kind.as_str())
            .fetch_optional(&state.db.pool)
            .await?;
    let Some((name, content)) = pending else {
        let back = format!("/import/{}", kind.as_str());
        return Ok(redirect(
            &state,
            &back,
            Some(Flash {
                key: "import.expired",
                error: true,
            }),
        ));
    };
    match import(
        &state,
        kind,
        Some(&user.actor),
        &ctx.request_id,
        &name,
        content.as_bytes(),
    )
    .await?
    {
        Ok(_) => {
            sqlx::query("DELETE FROM pending_imports WHERE id = $1")
                .bind(id)
                .execute(&state.db.pool)
                .await?;
            Ok(redirect(
                &state,
                kind.list(),
                Some(Flash {
                    key: "import.done",
                    error: false,
                }),
            ))
        }
        Err(errors) => {
            let mut page = ImportPage::new(ctx.clone(), kind);
            page.file_name = name;
            Ok(page.with_errors(errors))
        }
    }
}
