//! Organisations: prison administrations, volunteer organisations and
//! others, each with its members and their roles.

pub mod api;
mod pages;
mod store;

use axum::Router;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Message;
use crate::permissions::Action;

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

pub const MESSAGES: &[Message] = &[
    ("organisation.list_title", "Organisations", "Organisations"),
    ("organisation.new", "Nouvelle organisation", "New organisation"),
    ("organisation.edit", "Modifier l'organisation", "Edit the organisation"),
    ("organisation.name", "Nom", "Name"),
    ("organisation.acronym", "Sigle", "Acronym"),
    ("organisation.kind", "Type", "Kind"),
    (
        "organisation.country",
        "Pays (code ISO, ex. FR)",
        "Country (ISO code, e.g. FR)",
    ),
    ("organisation.country_short", "Pays", "Country"),
    ("organisation.members", "Membres", "Members"),
    (
        "organisation.members_count",
        "{} membre(s) actif(s)",
        "{} active member(s)",
    ),
    ("organisation.member_name", "Nom", "Name"),
    ("organisation.member_email", "E-mail", "Email"),
    ("organisation.member_role", "Rôle", "Role"),
    ("organisation.member_scope", "Périmètre", "Scope"),
    ("organisation.member_since", "Depuis", "Since"),
    (
        "organisation.no_members",
        "Aucun membre ne correspond.",
        "No member matches.",
    ),
    (
        "organisation.empty",
        "Aucune organisation ne correspond à ces critères.",
        "No organisation matches these criteria.",
    ),
    ("organisation.all_kinds", "Tous les types", "All kinds"),
    (
        "organisation.created",
        "L'organisation a été créée.",
        "The organisation was created.",
    ),
    (
        "organisation.saved",
        "Les modifications ont été enregistrées.",
        "The changes were saved.",
    ),
    (
        "organisation.kind.prison_administration",
        "Administration pénitentiaire",
        "Prison administration",
    ),
    (
        "organisation.kind.volunteer_organisation",
        "Association de bénévoles",
        "Volunteer organisation",
    ),
    ("organisation.kind.other", "Autre", "Other"),
    (
        "organisation.name_too_long",
        "Le nom ne peut dépasser 200 caractères.",
        "The name cannot exceed 200 characters.",
    ),
    (
        "organisation.acronym_too_long",
        "Le sigle ne peut dépasser 20 caractères.",
        "The acronym cannot exceed 20 characters.",
    ),
    (
        "organisation.acronym_taken",
        "Une autre organisation porte déjà ce sigle.",
        "Another organisation already has this acronym.",
    ),
    (
        "organisation.kind_invalid",
        "Choisissez un type dans la liste.",
        "Choose a kind from the list.",
    ),
    (
        "organisation.country_invalid",
        "Indiquez le code du pays en deux lettres (FR, DE, BE...).",
        "Give the two-letter country code (FR, DE, BE...).",
    ),
    (
        "organisation.members_hidden",
        "La liste des membres est réservée aux coordinateurs et administrateurs de l'organisation.",
        "The member list is reserved for the organisation's coordinators and administrators.",
    ),
];

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
