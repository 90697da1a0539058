//! Checking an establishments file against the reference data.

use super::store;
use super::{ValidEstablishment, validate};
use crate::error::AppResult;
use crate::permissions::{Action, Actor};
use crate::state::AppState;
use crate::tabular::{Record, RowError, validate_all};

/// Every valid row, or every error; `actor` None for the command line.
pub async fn check(
    state: &AppState,
    actor: Option<&Actor>,
    records: &[Record],
) -> AppResult<Result<Vec<ValidEstablishment>, Vec<RowError>>> {
    let reference = store::reference(&state.db).await?;
    let allowed = |record: &Record| {
        let row = validate(record, &reference)?;
        match actor {
            Some(a) if !a.can(Action::ManageEstablishments(&row.country)) => {
                Err(vec![RowError::new(record, "country", "establishment.not_your_country")])
            }
            _ => Ok(row),
        }
    };
    Ok(validate_all(records, allowed, |row| row.code.clone(), "code"))
}

/// Whoever manages the establishments of at least one country may import.
pub fn may_import(actor: &Actor) -> bool {
    actor.platform_admin
        || actor
            .memberships
            .iter()
            .any(|m| actor.can(Action::ManageEstablishments(&m.country)))
}
