//! Every write on an agreement, checked against the caller's rights on it
//! and recorded in the audit log in the same transaction.

use chrono::NaiveDate;

use super::rules::{self, Outcome};
use super::store::{self, Rights};
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::{AppError, AppResult};
use crate::fields::{optional_link, required_text};
use crate::i18n::Lang;
use crate::permissions::Action;
use crate::state::AppState;

/// The agreement and the caller's rights, refused unless `need` holds.
async fn with_rights(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    need: fn(&Rights) -> bool,
) -> AppResult<(store::Agreement, Vec<store::Party>)> {
    let today = state.clock.now().date_naive();
    let (agreement, parties, rights) = store::get(&state.db, &user.actor, id, today).await?;
    if !need(&rights) {
        return Err(AppError::Forbidden);
    }
    Ok((agreement, parties))
}

/// An agreement as an administrator of a party records it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AgreementInput {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// The parties (two or more organisations), each with its signatory.
    pub parties: Vec<PartyInput>,
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<NaiveDate>,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Option<NaiveDate>,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Option<NaiveDate>,
    /// The agreement this one replaces.
    pub replaces_id: Option<i64>,
    /// Still being written (not signed).
    #[serde(default)]
    pub draft: bool,
}

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct PartyInput {
    pub organisation_id: i64,
    #[serde(default)]
    pub signatory: String,
}

pub async fn create(state: &AppState, user: &SignedIn, request_id: &str, input: &AgreementInput) -> AppResult<i64> {
    let mut ids: Vec<i64> = input.parties.iter().map(|p| p.organisation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 || ids.len() != input.parties.len() {
        return Err(AppError::invalid("parties", "agreement.error.parties"));
    }
    if !store::rights(&user.actor, &ids).manage {
        return Err(AppError::invalid("parties", "agreement.error.not_party"));
    }
    let title = required_text(&input.title, 200, "title", "agreement.error.title")?;
    let (Some(starts), Some(ends)) = (input.starts_on, input.ends_on) else {
        return Err(AppError::invalid("starts_on", "agreement.error.dates"));
    };
    if ends <= starts || (ends - starts).num_days() > 366 * 20 || input.signed_on.is_some_and(|s| s > ends) {
        return Err(AppError::invalid("starts_on", "agreement.error.dates"));
    }
    if !input.draft && input.signed_on.is_none() {
        return Err(AppError::invalid("signed_on", "agreement.error.signed_on"));
    }
    let known: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM organisations WHERE id IN ({})",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
    ))
    .fetch_one(&state.db.pool)
    .await?;
    if known != ids.len() as i64 {
        return Err(AppError::invalid("parties", "agreement.error.parties"));
    }
    if let Some(replaced) = input.replaces_id {
        store::get(&state.db, &user.actor, replaced, state.clock.now().date_naive())
            .await
            .map_err(|_| AppError::invalid("replaces_id", "agreement.error.replaces"))?;
    }
    let lang = user
        .person
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (title, summary, signed_on, starts_on, ends_on, replaces_id, draft, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(&title)
    .bind(input.summary.trim())
    .bind(input.signed_on.map(|d| d.to_string()))
    .bind(starts.to_string())
    .bind(ends.to_string())
    .bind(input.replaces_id)
    .bind(i64::from(input.draft))
    .bind(user.person.id)
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    for party in &input.parties {
        sqlx::query("INSERT INTO agreement_parties (agreement_id, organisation_id, signatory) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(party.organisation_id)
            .bind(party.signatory.trim())
            .execute(write.conn())
            .await?;
    }
    for (position, (fr, en)) in rules::DEFAULT_CATEGORIES.iter().enumerate() {
        let name = if lang == Lang::En { en } else { fr };
        sqlx::query("INSERT INTO agreement_categories (agreement_id, position, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64 + 1)
            .bind(*name)
            .execute(write.conn())
            .await?;
    }
    let summary = format!("{title}, {starts} to {ends}");
    write
        .commit(Change::new(
            "agreement.create",
            "agreement",
            id,
            ids.first().copied(),
            summary,
        ))
        .await?;
    Ok(id)
}

/// Signs a draft (`on` the signature date), or ends an agreement early (`terminated`).
pub async fn set_state(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    on: Option<NaiveDate>,
    terminated: bool,
) -> AppResult<()> {
    let (agreement, parties) = with_rights(state, user, id, |r| r.manage).await?;
    let on = on.ok_or(AppError::invalid("on", "agreement.error.date"))?;
    let allowed = if terminated {
        agreement.draft == 0 && agreement.terminated_on.is_none()
    } else {
        agreement.draft == 1
    };
    if !allowed {
        return Err(AppError::invalid("on", "agreement.error.not_now"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let sql = if terminated {
        "UPDATE agreements SET terminated_on = $1, updated_at = $2 WHERE id = $3"
    } else {
        "UPDATE agreements SET draft = 0, signed_on = $1, updated_at = $2 WHERE id = $3"
    };
    sqlx::query(sql)
        .bind(on.to_string())
        .bind(timestamp(write.now()))
        .bind(id)
        .execute(write.conn())
        .await?;
    let (action, verb) = if terminated {
        ("agreement.terminate", "terminated")
    } else {
        ("agreement.sign", "signed")
    };
    let organisation = parties.first().map(|p| p.organisation_id);
    write
        .commit(Change::new(
            action,
            "agreement",
            id,
            organisation,
            format!("{} {verb} on {on}", agreement.title),
        ))
        .await
}

/// Adds a category, or renames one (`category_id`).
pub async fn save_category(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    category_id: Option<i64>,
    name: &str,
) -> AppResult<()> {
    let (_, parties) = with_rights(state, user, id, |r| r.manage).await?;
    let name = required_text(name, 120, "name", "agreement.error.category")?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let changed = match category_id {
        Some(category) => {
            sqlx::query("UPDATE agreement_categories SET name = $1 WHERE id = $2 AND agreement_id = $3")
                .bind(&name)
                .bind(category)
                .bind(id)
                .execute(write.conn())
                .await?
                .rows_affected()
        }
        None => {
            sqlx::query(
                "INSERT INTO agreement_categories (agreement_id, position, name) \
                 VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agreement_categories WHERE agreement_id = $1), $2)",
            )
            .bind(id)
            .bind(&name)
            .execute(write.conn())
            .await?
            .rows_affected()
        }
    };
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    let organisation = parties.first().map(|p| p.organisation_id);
    write
        .commit(Change::new(
            "agreement.category",
            "agreement",
            id,
            organisation,
            format!("category {name}"),
        ))
        .await
}

/// A commitment: its category, text, the parties answering for it, its indicators.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct CommitmentInput {
    pub category_id: i64,
    pub text: String,
    /// Organisations answering for it (none: every party).
    #[serde(default)]
    pub responsible: Vec<i64>,
    #[serde(default)]
    pub indicators: String,
}

pub async fn add_commitment(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &CommitmentInput,
) -> AppResult<i64> {
    let (_, parties) = with_rights(state, user, id, |r| r.manage).await?;
    let text = required_text(&input.text, 2000, "text", "agreement.error.commitment")?;
    if input.indicators.chars().count() > 1000 {
        return Err(AppError::invalid("indicators", "agreement.error.long"));
    }
    if input
        .responsible
        .iter()
        .any(|o| !parties.iter().any(|p| p.organisation_id == *o))
    {
        return Err(AppError::invalid("responsible", "agreement.error.responsible"));
    }
    let categories = store::categories(&state.db, id).await?;
    if !categories.iter().any(|c| c.id == input.category_id) {
        return Err(AppError::invalid("category_id", "agreement.error.category"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let commitment: i64 = sqlx::query_scalar(
        "INSERT INTO commitments (agreement_id, category_id, position, text, indicators) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM commitments WHERE category_id = $2), $3, $4) RETURNING id",
    )
    .bind(id)
    .bind(input.category_id)
    .bind(&text)
    .bind(input.indicators.trim())
    .fetch_one(write.conn())
    .await?;
    for organisation in &input.responsible {
        sqlx::query("INSERT INTO commitment_parties (commitment_id, organisation_id) VALUES ($1, $2)")
            .bind(commitment)
            .bind(organisation)
            .execute(write.conn())
            .await?;
    }
    // An evaluation still open gets the new commitment too.
    sqlx::query(
        "INSERT INTO evaluation_items (evaluation_id, commitment_id) \
         SELECT id, $1 FROM agreement_evaluations WHERE agreement_id = $2 AND closed_at IS NULL",
    )
    .bind(commitment)
    .bind(id)
    .execute(write.conn())
    .await?;
    let organisation = parties.first().map(|p| p.organisation_id);
    let summary: String = text.chars().take(80).collect();
    write
        .commit(Change::new(
            "agreement.commitment",
            "agreement",
            id,
            organisation,
            summary,
        ))
        .await?;
    Ok(commitment)
}

/// A dated note, on a category or a commitment, with an optional link to evidence.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct FollowUpInput {
    pub category_id: Option<i64>,
    pub commitment_id: Option<i64>,
    #[schema(value_type = String, format = Date)]
    pub noted_on: Option<NaiveDate>,
    pub text: String,
    #[serde(default)]
    pub link: String,
}

pub async fn add_follow_up(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    input: &FollowUpInput,
) -> AppResult<()> {
    let (_, parties) = with_rights(state, user, id, |r| r.member).await?;
    let text = required_text(&input.text, 5000, "text", "agreement.error.note")?;
    let link = optional_link(&input.link, "link", "agreement.error.link")?;
    let today = state.clock.now().date_naive();
    let noted_on = input
        .noted_on
        .filter(|d| *d <= today)
        .ok_or(AppError::invalid("noted_on", "agreement.error.date"))?;
    let categories = store::categories(&state.db, id).await?;
    let commitments = store::commitments(&state.db, id).await?;
    let category_ok = input.category_id.is_none_or(|c| categories.iter().any(|k| k.id == c));
    let commitment_ok = input
        .commitment_id
        .is_none_or(|c| commitments.iter().any(|k| k.id == c));
    if !category_ok || !commitment_ok {
        return Err(AppError::invalid("category_id", "agreement.error.category"));
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO agreement_follow_ups (agreement_id, category_id, commitment_id, noted_on, text, link, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(input.category_id)
    .bind(input.commitment_id)
    .bind(noted_on.to_string())
    .bind(&text)
    .bind(link)
    .bind(user.person.id)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    let organisation = parties.first().map(|p| p.organisation_id);
    write
        .commit(Change::new(
            "agreement.follow_up",
            "agreement",
            id,
            organisation,
            format!("note of {noted_on}"),
        ))
        .await
}

/// News on the agreement's board, for every member of the parties.
pub async fn add_post(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    title: &str,
    body: &str,
) -> AppResult<()> {
    let (_, parties) = with_rights(state, user, id, |r| r.member).await?;
    let title = required_text(title, 200, "title", "agreement.error.title")?;
    let body = required_text(body, 10_000, "body", "agreement.error.note")?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "INSERT INTO agreement_posts (agreement_id, author_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(user.person.id)
    .bind(&title)
    .bind(&body)
    .bind(timestamp(write.now()))
    .execute(write.conn())
    .await?;
    let organisation = parties.first().map(|p| p.organisation_id);
    write
        .commit(Change::new("agreement.post", "agreement", id, organisation, title))
        .await
}

/// One commitment's outcome in an evaluation.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    pub commitment_id: i64,
    /// done, partly, not_done or not_applicable; none: not answered yet.
    pub outcome: Option<String>,
    #[serde(default)]
    pub comment: String,
}

/// Saves outcomes of an open evaluation; `close` ends it once every commitment has one.
pub async fn evaluate(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    (id, evaluation): (i64, i64),
    items: &[ItemInput],
    close: bool,
) -> AppResult<()> {
    let (_, parties) = with_rights(state, user, id, |r| r.evaluate).await?;
    let (found, current) = store::evaluation(&state.db, id, evaluation).await?;
    if found.closed_at.is_some() {
        return Err(AppError::invalid("evaluation", "agreement.error.closed"));
    }
    let mut outcomes = Vec::new();
    for item in items {
        let outcome = match item.outcome.as_deref().filter(|o| !o.is_empty()) {
            Some(text) => Some(Outcome::parse(text).ok_or(AppError::invalid("outcome", "agreement.error.outcome"))?),
            None => None,
        };
        if !current.iter().any(|c| c.commitment_id == item.commitment_id) || item.comment.chars().count() > 2000 {
            return Err(AppError::invalid("outcome", "agreement.error.outcome"));
        }
        outcomes.push((item, outcome));
    }
    if close {
        let answered = |id: i64| {
            outcomes.iter().find(|(i, _)| i.commitment_id == id).map_or(
                current.iter().any(|c| c.commitment_id == id && c.outcome.is_some()),
                |(_, o)| o.is_some(),
            )
        };
        if !current.iter().all(|c| answered(c.commitment_id)) {
            return Err(AppError::invalid("outcome", "agreement.error.unanswered"));
        }
        if !store::rights(
            &user.actor,
            &parties.iter().map(|p| p.organisation_id).collect::<Vec<_>>(),
        )
        .manage
        {
            return Err(AppError::Forbidden);
        }
    }
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let now = timestamp(write.now());
    for (item, outcome) in &outcomes {
        sqlx::query(
            "UPDATE evaluation_items SET outcome = $1, comment = $2, updated_by = $3, updated_at = $4 \
             WHERE evaluation_id = $5 AND commitment_id = $6",
        )
        .bind(outcome.map(Outcome::as_str))
        .bind(item.comment.trim())
        .bind(user.person.id)
        .bind(&now)
        .bind(evaluation)
        .bind(item.commitment_id)
        .execute(write.conn())
        .await?;
    }
    if close {
        sqlx::query("UPDATE agreement_evaluations SET closed_at = $1, closed_by = $2 WHERE id = $3")
            .bind(&now)
            .bind(user.person.id)
            .bind(evaluation)
            .execute(write.conn())
            .await?;
    }
    let organisation = parties.first().map(|p| p.organisation_id);
    let verb = if close { "closed" } else { "saved" };
    let summary = format!("evaluation of {} {verb}", found.anniversary);
    write
        .commit(Change::new(
            "agreement.evaluate",
            "agreement",
            id,
            organisation,
            summary,
        ))
        .await
}

/// Opens the evaluation of an anniversary with one item per commitment; its id (none when it exists).
pub async fn open_evaluation(write: &mut Write, agreement: i64, anniversary: NaiveDate) -> AppResult<Option<i64>> {
    let now = timestamp(write.now());
    let opened: Option<i64> = sqlx::query_scalar(
        "INSERT INTO agreement_evaluations (agreement_id, anniversary, opened_at) VALUES ($1, $2, $3) \
         ON CONFLICT (agreement_id, anniversary) DO NOTHING RETURNING id",
    )
    .bind(agreement)
    .bind(anniversary.to_string())
    .bind(&now)
    .fetch_optional(write.conn())
    .await?;
    if let Some(id) = opened {
        sqlx::query(
            "INSERT INTO evaluation_items (evaluation_id, commitment_id) SELECT $1, id FROM commitments WHERE agreement_id = $2",
        )
        .bind(id)
        .bind(agreement)
        .execute(write.conn())
        .await?;
    }
    Ok(opened)
}

/// The signed document, a PDF of 10 MB at most.
pub async fn upload_document(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: i64,
    name: &str,
    content: &[u8],
) -> AppResult<()> {
    let (_, parties) = with_rights(state, user, id, |r| r.manage).await?;
    let (name, _) = crate::web::documents::accepted(name, content, &["pdf"], "agreement.pdf")
        .ok_or(AppError::invalid("document", "agreement.error.document"))?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    sqlx::query(
        "UPDATE agreements SET document_name = $1, document_type = 'application/pdf', document = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(&name)
    .bind(content)
    .bind(timestamp(write.now()))
    .bind(id)
    .execute(write.conn())
    .await?;
    let organisation = parties.first().map(|p| p.organisation_id);
    write
        .commit(Change::new("agreement.document", "agreement", id, organisation, name))
        .await
}

/// Whether `user` administers one of the organisations (may record an agreement).
pub fn may_record(user: &SignedIn) -> bool {
    user.actor.platform_admin
        || user
            .actor
            .memberships
            .iter()
            .any(|m| user.actor.can(Action::EditOrganisation(m.organisation_id)))
}
