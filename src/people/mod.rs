//! People and their memberships: one identity, many organisations.

pub mod actions;
pub mod api;
pub mod import;
mod pages;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Message;
use crate::tabular::{CSV, XLSX};

text_enum! {
    /// What a volunteer does for one organisation (their role says what
    /// they may do in Passerelle).
    pub enum Mission ("mission") {
        Visitor = "visitor",
        PrisonCorrespondent = "prison_correspondent",
        Teacher = "teacher",
        Other = "other",
    }
}

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

pub const MESSAGES: &[Message] = &[
    ("mission", "Mission", "Volunteer role"),
    (
        "people.mission_hint",
        "Ce que fait la personne sur le terrain ; le recensement de la couverture compte les visiteurs et les correspondants.",
        "What the person does on the ground; the coverage census counts visitors and correspondents.",
    ),
    (
        "people.unknown_mission",
        "Mission inconnue : visitor, prison_correspondent, teacher ou other.",
        "Unknown volunteer role: visitor, prison_correspondent, teacher or other.",
    ),
    ("mission.visitor", "Visiteur·se de prison", "Prison visitor"),
    (
        "mission.prison_correspondent",
        "Correspondant·e de prison",
        "Prison correspondent",
    ),
    (
        "mission.teacher",
        "Enseignant·e ou correcteur·rice",
        "Teacher or corrector",
    ),
    ("mission.other", "Autre", "Other"),
    ("people.title", "Personnes", "People"),
    ("people.invite", "Inviter une personne", "Invite someone"),
    (
        "people.has_account",
        "Cette adresse a déjà un compte : invitez la personne (elle accepte d'abord) plutôt que de l'importer.",
        "This address already has an account: invite the person (they accept first) rather than importing them.",
    ),
    (
        "people.name_too_long",
        "Le nom compte 200 caractères au plus.",
        "The name takes 200 characters at most.",
    ),
    (
        "people.detail_too_long",
        "Ce champ compte 500 caractères au plus.",
        "This field takes 500 characters at most.",
    ),
    (
        "people.invite_intro",
        "Si la personne a déjà un compte Passerelle (par exemple dans une autre association), elle est ajoutée à votre organisation ; sinon, elle reçoit un lien pour choisir son mot de passe.",
        "If the person already has a Passerelle account (for example in another organisation), they are added to yours; otherwise they receive a link to choose their password.",
    ),
    ("people.invite_submit", "Inviter", "Invite"),
    (
        "people.invited",
        "L'invitation est envoyée : la personne rejoindra l'organisation quand elle l'aura acceptée.",
        "The invitation is sent: the person joins the organisation once they accept it.",
    ),
    ("people.offers", "Invitations en attente", "Invitations waiting"),
    (
        "people.offers_intro",
        "Ces personnes n'ont pas encore accepté de rejoindre l'organisation.",
        "These people have not yet accepted to join the organisation.",
    ),
    ("people.invited_on", "Invitée le", "Invited on"),
    ("people.invited_by", "Par", "By"),
    (
        "people.offer_body",
        "Vous êtes invité·e à rejoindre {} sur Passerelle, avec votre compte habituel. Acceptez ou refusez depuis la page « Mon compte ».",
        "You are invited to join {} on Passerelle, with your usual account. Accept or decline from the \"My account\" page.",
    ),
    (
        "people.offer_accepted",
        "Vous êtes membre de l'organisation.",
        "You are a member of the organisation.",
    ),
    ("people.offer_declined", "Invitation refusée.", "Invitation declined."),
    ("people.offer_accept", "Accepter", "Accept"),
    ("people.offer_decline", "Refuser", "Decline"),
    (
        "people.offer_decline_confirm",
        "Refuser cette invitation ?",
        "Decline this invitation?",
    ),
    (
        "people.name",
        "Nom et prénom (si nouvelle personne)",
        "Full name (if new)",
    ),
    ("people.phone", "Téléphone", "Phone"),
    ("people.section", "Section", "Section"),
    (
        "people.whole_organisation",
        "Toute l'organisation",
        "Whole organisation",
    ),
    ("people.ended", "Fin", "Ended"),
    ("people.current", "En cours", "Current"),
    ("people.ended_memberships", "Terminées", "Ended"),
    ("people.all_memberships", "Toutes", "All"),
    ("people.memberships", "Adhésions", "Memberships"),
    (
        "people.empty",
        "Aucune personne ne correspond à ces critères.",
        "No one matches these criteria.",
    ),
    ("people.save_membership", "Modifier", "Change"),
    (
        "people.membership_saved",
        "L'adhésion est modifiée.",
        "The membership is changed.",
    ),
    ("people.end_membership", "Mettre fin", "End"),
    (
        "people.end_confirm",
        "Mettre fin à cette adhésion ? Elle restera dans l'historique.",
        "End this membership? It will stay in the history.",
    ),
    (
        "people.membership_ended",
        "L'adhésion est terminée ; elle reste dans l'historique.",
        "The membership is ended; it stays in the history.",
    ),
    ("people.deactivate", "Désactiver le compte", "Deactivate the account"),
    (
        "people.deactivate_confirm",
        "Désactiver ce compte ? La personne ne pourra plus se connecter.",
        "Deactivate this account? The person will no longer be able to log in.",
    ),
    (
        "people.deactivated",
        "Le compte est désactivé.",
        "The account is deactivated.",
    ),
    ("people.inactive", "Compte désactivé", "Account deactivated"),
    (
        "people.authorisations",
        "Voir ses agréments",
        "See their authorisations",
    ),
    (
        "people.unknown_role",
        "Choisissez un rôle dans la liste.",
        "Choose a role from the list.",
    ),
    (
        "people.unknown_section",
        "Cette section n'appartient pas à l'organisation.",
        "This section does not belong to the organisation.",
    ),
    (
        "people.already_member",
        "Cette personne est déjà membre de l'organisation.",
        "This person is already a member of the organisation.",
    ),
    (
        "people.invitation_subject",
        "Passerelle : invitation à rejoindre {}",
        "Passerelle: an invitation to join {}",
    ),
    (
        "people.offer_line",
        "{} vous invite à la rejoindre",
        "{} invites you to join it",
    ),
    (
        "people.invitation_body",
        "Vous avez été invité·e à rejoindre {} sur Passerelle. Ouvrez le lien ci-dessous dans les 7 jours pour choisir votre mot de passe.",
        "You have been invited to join {} on Passerelle. Open the link below within 7 days to choose your password.",
    ),
    ("people.import", "Importer des personnes (CSV)", "Import people (CSV)"),
    (
        "people.import_intro",
        "Une ligne par adhésion, colonnes : email, name, organisation (sigle), role (volunteer, coordinator, org_admin, prison_staff, observer), section, phone. L'adresse e-mail identifie la personne : une personne déjà connue reçoit l'adhésion, sans doublon. Les personnes créées choisissent leur mot de passe avec « Mot de passe oublié ».",
        "One line per membership, columns: email, name, organisation (acronym), role (volunteer, coordinator, org_admin, prison_staff, observer), section, phone. The email identifies the person: someone already known gets the membership, without a duplicate. People created choose their password with \"Forgot your password\".",
    ),
    (
        "people.unknown_organisation",
        "Sigle d'organisation inconnu.",
        "Unknown organisation acronym.",
    ),
    (
        "people.role_not_yours",
        "Vous ne pouvez pas donner ce rôle dans cette organisation.",
        "You cannot give this role in this organisation.",
    ),
];
