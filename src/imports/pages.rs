//! The import pages: upload, preview, confirm.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Kind, check, import, plan};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::tabular::Shape;
use crate::tabular::{Outcome, RowError};
use crate::web::extract::Path;
use crate::web::{Ctx, Flash, redirect};

/// Most errors listed on the page; the rest are summarised...
const SHOWN_ERRORS: usize = 200;
/// ...and in the CSV of errors offered with it, at most so many (a file
/// refused for more has a problem of its own, named by its first lines).
const CSV_ERRORS: usize = 5_000;

#[derive(Template, WebTemplate)]
#[template(path = "imports/templates/import.html")]
pub struct ImportPage {
    ctx: Ctx,
    kind: &'static str,
    title: &'static str,
    intro: &'static str,
    errors: Vec<RowError>,
    /// How many errors in all, when more than those shown.
    all_errors: Option<usize>,
    /// Every error as a CSV file to download (a `data:` link), when there are more than shown.
    errors_csv: Option<String>,
    outcome: Option<Outcome>,
    shape: Shape,
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
            all_errors: None,
            errors_csv: None,
            outcome: None,
            shape: Shape::default(),
            pending: None,
            file_name: String::new(),
        }
    }

    fn with_errors(mut self, errors: Vec<RowError>) -> Response {
        if errors.len() > SHOWN_ERRORS {
            self.all_errors = Some(errors.len());
            self.errors_csv = errors_csv(&errors, self.ctx.lang).ok();
        }
        self.errors = errors.into_iter().take(SHOWN_ERRORS).collect();
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }

    /// A record spanning several lines, in words.
    fn spanning(&self, (line, lines): &(u64, u64)) -> String {
        self.ctx.lang.tn("import.spanning_one", &[line, lines])
    }

    /// How many errors in all, and how many are shown.
    fn more_errors(&self, all: &usize) -> String {
        self.ctx.lang.tn("import.more_errors", &[all, &self.errors.len()])
    }
}

/// Every error of a refused file as CSV (line, column, problem), in a
/// `data:` address: the page itself is the download, nothing is kept.
fn errors_csv(errors: &[RowError], lang: crate::i18n::Lang) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([lang.t("import.line"), lang.t("import.column"), lang.t("import.problem")])?;
    for e in errors.iter().take(CSV_ERRORS) {
        writer.write_record([e.line.to_string(), e.column.clone(), e.explain(lang)])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    let encoded: String = form_urlencoded_bytes(&bytes);
    Ok(format!("data:text/csv;charset=utf-8,{encoded}"))
}

fn form_urlencoded_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (*b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
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
    let (name, bytes) = crate::web::extract::uploaded_file(multipart, "file", crate::web::extract::MAX_IMPORT).await?;
    let mut page = ImportPage::new(ctx.clone(), kind);
    if bytes.is_empty() {
        return Ok(page.with_errors(vec![RowError::at(0, "", "import.no_file")]));
    }
    let name = if name.is_empty() { "import.csv".to_owned() } else { name };
    page.file_name = name.clone();
    let (rows, shape) = match check(&state, kind, Some(&user.actor), &bytes).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(page.with_errors(errors)),
    };
    page.outcome = Some(plan(&state, &rows).await?);
    page.shape = shape;
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
