//! The options of a select list (a filter, a form's field), read from
//! the database or from the person's memberships.

use crate::error::AppResult;
use crate::i18n::Lang;
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

/// The organisations `ids` by acronym, as choices; none for no id.
pub async fn organisations(state: &AppState, ids: &[i64]) -> AppResult<Vec<Choice>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    choices(
        state,
        &format!("SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations WHERE id IN ({list}) ORDER BY acronym"),
    )
    .await
}

/// The establishments of the countries whose administration is among
/// `ids`, by name: the prisons those organisations may speak about.
pub async fn administered_establishments(state: &AppState, ids: &[i64]) -> AppResult<Vec<Choice>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    choices(
        state,
        &format!(
            "SELECT CAST(e.id AS TEXT) AS value, e.name AS label FROM establishments e WHERE e.country IN \
             (SELECT country FROM organisations WHERE kind = 'prison_administration' AND id IN ({list})) ORDER BY e.name"
        ),
    )
    .await
}

/// Whether `organisation` is the prison administration of `establishment`'s
/// country: the rule [`administered_establishments`] lists by.
pub async fn administers(state: &AppState, organisation: i64, establishment: i64) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT e.id FROM establishments e JOIN organisations o ON o.country = e.country \
         WHERE e.id = $1 AND o.id = $2 AND o.kind = 'prison_administration'",
    )
    .bind(establishment)
    .bind(organisation)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(found.is_some())
}

/// The choices of the filters on places: countries, regions and kinds of
/// establishment, named in `lang`.
pub struct Places {
    pub countries: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub kinds: Vec<Choice>,
}

impl Places {
    pub async fn load(state: &AppState, lang: Lang) -> AppResult<Self> {
        let name = if lang == Lang::Fr { "name_fr" } else { "name_en" };
        Ok(Self {
            countries: choices(
                state,
                &format!("SELECT code AS value, {name} AS label FROM countries ORDER BY {name}"),
            )
            .await?,
            regions: choices(
                state,
                "SELECT CAST(id AS TEXT) AS value, name AS label FROM regions ORDER BY country, name",
            )
            .await?,
            kinds: choices(
                state,
                &format!(
                    "SELECT DISTINCT code AS value, code || ' – ' || {name} AS label FROM establishment_kinds ORDER BY value"
                ),
            )
            .await?,
        })
    }
}
