//! Checking an establishments file against the reference data.

use super::store;
use super::{ValidEstablishment, validate};
use crate::app::AppState;
use crate::error::AppResult;
use crate::permissions::{Action, Actor};
use crate::tabular::{Record, RowError};

/// Every valid row, or every error; `actor` None for the command line.
pub async fn check(
    state: &AppState,
    actor: Option<&Actor>,
    records: &[Record],
) -> AppResult<Result<Vec<ValidEstablishment>, Vec<RowError>>> {
    let reference = store::reference(&state.db).await?;
    let mut valid = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in records {
        match validate(record, &reference) {
            Ok(row) if actor.is_some_and(|a| !a.can(Action::ManageEstablishments(&row.country))) => {
                errors.push(RowError::new(record, "country", "establishment.not_your_country"));
            }
            Ok(row) => {
                if !seen.insert(row.code.clone()) {
                    errors.push(RowError::new(record, "code", "import.duplicate"));
                }
                valid.push(row);
            }
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    Ok(if errors.is_empty() { Ok(valid) } else { Err(errors) })
}

/// Whoever manages the establishments of at least one country may import.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(Action::ManageEstablishments(&m.country)))
}
