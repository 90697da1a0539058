//! Organisations: prison administrations, volunteer organisations and
//! others, each with its members and their roles.

pub mod api;
mod pages;
mod store;

use axum::Router;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult, FieldError};
use crate::permissions::Action;
use crate::state::AppState;

pub use store::{Member, Organisation};

/// What kind of body an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    PrisonAdministration,
    VolunteerOrganisation,
    Other,
}

impl OrganisationKind {
    pub const ALL: [Self; 3] = [Self::PrisonAdministration, Self::VolunteerOrganisation, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PrisonAdministration => "prison_administration",
            Self::VolunteerOrganisation => "volunteer_organisation",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PrisonAdministration => "organisation.kind.prison_administration",
            Self::VolunteerOrganisation => "organisation.kind.volunteer_organisation",
            Self::Other => "organisation.kind.other",
        }
    }
}

/// An organisation as typed in a form or sent to the API, not yet checked.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct OrganisationInput {
    pub name: String,
    pub acronym: String,
    /// `prison_administration`, `volunteer_organisation` or `other`.
    pub kind: String,
    /// ISO 3166-1 alpha-2 country code, e.g. `FR`.
    pub country: String,
}

/// An organisation that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOrganisation {
    pub name: String,
    pub acronym: String,
    pub kind: OrganisationKind,
    pub country: String,
}

impl OrganisationInput {
    /// Checks every field and reports all that are wrong at once.
    pub fn validate(&self) -> Result<ValidOrganisation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        let acronym = self.acronym.trim();
        let country = self.country.trim().to_uppercase();
        if name.is_empty() {
            errors.push(FieldError {
                field: "name".into(),
                message: "form.required",
            });
        } else if name.chars().count() > 200 {
            errors.push(FieldError {
                field: "name".into(),
                message: "organisation.name_too_long",
            });
        }
        if acronym.is_empty() {
            errors.push(FieldError {
                field: "acronym".into(),
                message: "form.required",
            });
        } else if acronym.chars().count() > 20 {
            errors.push(FieldError {
                field: "acronym".into(),
                message: "organisation.acronym_too_long",
            });
        }
        let kind = OrganisationKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError {
                field: "kind".into(),
                message: "organisation.kind_invalid",
            });
        }
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(FieldError {
                field: "country".into(),
                message: "organisation.country_invalid",
            });
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(ValidOrganisation {
                name: name.to_owned(),
                acronym: acronym.to_owned(),
                kind,
                country,
            }),
            _ => Err(errors),
        }
    }
}

/// Creates (`id` is None) or updates an organisation: permission, validation,
/// write and audit entry in one transaction. Pages and API both call this.
pub async fn save(
    state: &AppState,
    user: &SignedIn,
    request_id: &str,
    id: Option<i64>,
    input: &OrganisationInput,
) -> AppResult<i64> {
    user.actor.require(match id {
        None => Action::CreateOrganisation,
        Some(id) => Action::EditOrganisation(id),
    })?;
    let before = match id {
        Some(id) => Some(store::get(&state.db, id).await?),
        None => None,
    };
    let valid = input.validate().map_err(AppError::Invalid)?;
    let mut write = Write::begin(state, Some(user.person.id), request_id).await?;
    let (id, action, summary) = match (id, before) {
        (Some(id), Some(before)) => {
            store::update(&mut write, id, &valid).await?;
            (id, "organisation.update", store::describe_change(&before, &valid))
        }
        _ => {
            let id = store::insert(&mut write, &valid).await?;
            (id, "organisation.create", format!("{} ({})", valid.name, valid.acronym))
        }
    };
    write
        .commit(Change {
            action,
            object_type: "organisation",
            object_id: id.to_string(),
            organisation_id: Some(id),
            summary,
        })
        .await?;
    Ok(id)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisations", get(pages::list).post(pages::create))
        .route("/organisations/new", get(pages::new_form))
        .route("/organisations/{id}", get(pages::detail).post(pages::update))
        .route("/organisations/{id}/edit", get(pages::edit_form))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, acronym: &str, kind: &str, country: &str) -> OrganisationInput {
        OrganisationInput {
            name: name.into(),
            acronym: acronym.into(),
            kind: kind.into(),
            country: country.into(),
        }
    }

    #[test]
    fn a_good_organisation_is_trimmed_and_normalised() {
        let valid = input(" Auxilia ", "AUX", "volunteer_organisation", "fr")
            .validate()
            .unwrap();
        assert_eq!(valid.name, "Auxilia");
        assert_eq!(valid.country, "FR");
        assert_eq!(valid.kind, OrganisationKind::VolunteerOrganisation);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = input("", "", "bank", "France").validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["name", "acronym", "kind", "country"]);
    }
}
