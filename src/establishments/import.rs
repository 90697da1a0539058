//! Importing establishments from a CSV file: upload, preview, confirm. The
//! whole file is checked first; nothing is written unless every row is good.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::store::{self, Outcome};
use super::{REQUIRED, ValidEstablishment, validate};
use crate::app::AppState;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::permissions::{Action, Actor};
use crate::tabular::{RowError, read_csv};
use crate::web::extract::Path;
use crate::web::{Ctx, Flash, redirect};

/// Most errors listed on the page; the rest are summarised.
const SHOWN_ERRORS: usize = 200;

/// Checks a whole file: every valid row, or every error.
/// `actor` is None for the command line, which the server's operator runs.
pub async fn check(
    state: &AppState,
    actor: Option<&Actor>,
    bytes: &[u8],
) -> AppResult<Result<Vec<ValidEstablishment>, Vec<RowError>>> {
    let records = match read_csv(bytes, REQUIRED) {
        Ok(records) => records,
        Err(errors) => return Ok(Err(errors)),
    };
    let reference = store::reference(&state.db).await?;
    let mut valid = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for record in &records {
        match validate(record, &reference) {
            Ok(row) if actor.is_some_and(|a| !a.can(Action::ManageEstablishments(&row.country))) => {
                errors.push(RowError {
                    line: record.line,
                    column: "country".into(),
                    message: "establishment.not_your_country",
                });
            }
            Ok(row) => {
                if seen.insert(row.code.clone(), record.line).is_some() {
                    errors.push(RowError {
                        line: record.line,
                        column: "code".into(),
                        message: "import.duplicate",
                    });
                }
                valid.push(row);
            }
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    Ok(if errors.is_empty() { Ok(valid) } else { Err(errors) })
}

/// Imports a whole file in one transaction (the CLI and the confirm step).
pub async fn import(
    state: &AppState,
    actor: Option<&Actor>,
    request_id: &str,
    name: &str,
    bytes: &[u8],
) -> AppResult<Result<Outcome, Vec<RowError>>> {
    let rows = match check(state, actor, bytes).await? {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut write = Write::begin(state, actor.map(|a| a.person_id), request_id).await?;
    let outcome = store::apply(&mut write, &state.db, &rows).await?;
    if outcome.created + outcome.updated > 0 {
        write
            .commit(Change {
                action: "establishment.import",
                object_type: "import",
                object_id: name.to_owned(),
                organisation_id: None,
                summary: format!(
                    "{} created, {} updated, {} unchanged",
                    outcome.created, outcome.updated, outcome.unchanged
                ),
            })
            .await?;
    }
    Ok(Ok(outcome))
}

#[derive(Template, WebTemplate)]
#[template(path = "establishments/templates/import.html")]
pub struct ImportPage {
    ctx: Ctx,
    errors: Vec<RowError>,
    more_errors: bool,
    outcome: Option<Outcome>,
    pending: Option<i64>,
    file_name: String,
}

/// Whoever manages the establishments of at least one country may import.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(Action::ManageEstablishments(&m.country)))
}

fn importer(ctx: &Ctx) -> AppResult<&SignedIn> {
    let user = ctx.user()?;
    if may_import(&user.actor) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn form(ctx: Ctx) -> AppResult<ImportPage> {
    importer(&ctx)?;
    Ok(ImportPage {
        ctx,
        errors: vec![],
        more_errors: false,
        outcome: None,
        pending: None,
        file_name: String::new(),
    })
}

/// Reads the uploaded file, checks it, and keeps it until it is confirmed.
pub async fn preview(State(state): State<AppState>, ctx: Ctx, mut multipart: Multipart) -> AppResult<Response> {
    let user = importer(&ctx)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("error.invalid"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("import.csv").to_owned();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest("error.invalid"))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let page = |errors: Vec<RowError>, outcome, pending, file_name: String| ImportPage {
        ctx: ctx.clone(),
        more_errors: errors.len() > SHOWN_ERRORS,
        errors: errors.into_iter().take(SHOWN_ERRORS).collect(),
        outcome,
        pending,
        file_name,
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let none = vec![RowError {
            line: 0,
            column: String::new(),
            message: "import.no_file",
        }];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(none, None, None, String::new())).into_response());
    };
    let rows = match check(&state, Some(&user.actor), &bytes).await? {
        Ok(rows) => rows,
        Err(errors) => return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(errors, None, None, name)).into_response()),
    };
    let outcome = store::plan(&state.db, &rows).await?;
    let content = String::from_utf8_lossy(&bytes).into_owned();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO pending_imports (person_id, kind, file_name, content, created_at) VALUES ($1, 'establishments', $2, $3, $4) RETURNING id",
    )
    .bind(user.person.id)
    .bind(&name)
    .bind(content)
    .bind(timestamp(state.clock.now()))
    .fetch_one(&state.db.pool)
    .await?;
    Ok(page(vec![], Some(outcome), Some(id), name).into_response())
}

/// Applies a checked file; it is checked again, as the register may have changed.
pub async fn confirm(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = importer(&ctx)?;
    let pending: Option<(String, String)> = sqlx::query_as(
        "SELECT file_name, content FROM pending_imports WHERE id = $1 AND person_id = $2 AND kind = 'establishments'",
    )
    .bind(id)
    .bind(user.person.id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((name, content)) = pending else {
        return Ok(redirect(
            &state,
            "/establishments/import",
            Some(Flash {
                key: "import.expired",
                error: true,
            }),
        ));
    };
    match import(&state, Some(&user.actor), &ctx.request_id, &name, content.as_bytes()).await? {
        Ok(_) => {
            sqlx::query("DELETE FROM pending_imports WHERE id = $1")
                .bind(id)
                .execute(&state.db.pool)
                .await?;
            Ok(redirect(
                &state,
                "/establishments",
                Some(Flash {
                    key: "import.done",
                    error: false,
                }),
            ))
        }
        Err(errors) => {
            let page = ImportPage {
                ctx,
                more_errors: errors.len() > SHOWN_ERRORS,
                errors: errors.into_iter().take(SHOWN_ERRORS).collect(),
                outcome: None,
                pending: None,
                file_name: name,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
