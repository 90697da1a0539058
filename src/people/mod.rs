//! People and their memberships: one identity, many organisations.

pub mod actions;
pub mod api;
pub mod import;
mod pages;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::tabular::{CSV, XLSX};

/// The fields of a person, each checked by one rule wherever it is typed:
/// the account form, an invitation, a people file. The message key of what
/// is wrong.
pub mod fields {
    /// Longest name, and longest phone, languages or availability.
    pub const NAME_MAX: usize = 200;
    pub const DETAIL_MAX: usize = 500;
    pub const EMAIL_MAX: usize = 200;

    /// A name, required where `required` (a person new to Passerelle).
    pub fn name(text: &str, required: bool) -> Result<(), &'static str> {
        let text = text.trim();
        if text.is_empty() && required {
            Err("form.required")
        } else if text.chars().count() > NAME_MAX {
            Err("people.name_too_long")
        } else {
            Ok(())
        }
    }

    /// An address already normalised (trimmed, lower case).
    pub fn email(text: &str) -> Result<(), &'static str> {
        let (local, domain) = text.split_once('@').unwrap_or(("", ""));
        if local.is_empty() || domain.is_empty() || text.len() > EMAIL_MAX || text.contains(char::is_whitespace) {
            Err("form.invalid_email")
        } else {
            Ok(())
        }
    }

    /// A phone number, languages or availability: free text, not a novel.
    pub fn detail(text: &str) -> Result<(), &'static str> {
        if text.trim().chars().count() > DETAIL_MAX {
            Err("people.detail_too_long")
        } else {
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn names_emails_and_details_have_one_rule() {
            assert_eq!(super::name("", true), Err("form.required"));
            assert_eq!(super::name("", false), Ok(()));
            assert_eq!(super::name(&"é".repeat(200), true), Ok(()));
            assert_eq!(super::name(&"é".repeat(201), true), Err("people.name_too_long"));
            assert_eq!(super::email("jean@example.org"), Ok(()));
            for bad in ["jean", "@example.org", "jean@", "je an@example.org"] {
                assert_eq!(super::email(bad), Err("form.invalid_email"), "{bad}");
            }
            assert_eq!(super::detail(&"0".repeat(501)), Err("people.detail_too_long"));
        }
    }
}

/// How far a membership reaches: a section when one is given, else the whole organisation.
pub fn scope_kind(section: Option<i64>) -> &'static str {
    if section.is_some() { "section" } else { "organisation" }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(pages::list))
        .route("/people/export.csv", get(pages::export::<CSV>))
        .route("/people/export.xlsx", get(pages::export::<XLSX>))
        .route("/people/invite", get(pages::invite_form).post(pages::invite))
        .route("/people/{id}", get(pages::person))
        .route("/people/{id}/deactivate", post(pages::deactivate))
        .route("/memberships/{id}", post(pages::change))
        .route("/memberships/{id}/end", post(pages::end))
        .route("/invitations/{id}/accept", post(pages::answer_offer::<true>))
        .route("/invitations/{id}/decline", post(pages::answer_offer::<false>))
}
