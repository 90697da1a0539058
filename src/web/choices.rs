//! The options of a select list (a filter, a form's field), read from
//! the database or from the person's memberships.

use crate::error::AppResult;
use crate::state::AppState;

/// A choice in a filter list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The organisation of a membership, as a choice.
impl From<&crate::permissions::Membership> for Choice {
    fn from(m: &crate::permissions::Membership) -> Self {
        Self {
            value: m.organisation_id.to_string(),
            label: m.organisation_acronym.clone(),
        }
    }
}

pub async fn choices(state: &AppState, sql: &str) -> AppResult<Vec<Choice>> {
    Ok(sqlx::query_as(sql).fetch_all(&state.db.pool).await?)
}
