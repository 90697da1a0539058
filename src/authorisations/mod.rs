//! Authorisations (agréments): the application as dated steps, the decision,
//! suspension, withdrawal and renewal, and the rule every activity asks:
//! may this person act in this establishment on this date?

pub mod actions;
pub mod api;
pub mod import;
mod pages;
pub mod reminders;
pub mod rules;
pub mod store;
pub mod waiting;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Message;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/authorisations", get(pages::list).post(pages::create))
        .route("/authorisations/new", get(pages::new_form))
        .route("/authorisations/waiting-times", get(waiting::page))
        .route("/authorisations/export.csv", get(pages::export::<CSV>))
        .route("/authorisations/export.xlsx", get(pages::export::<XLSX>))
        .route("/authorisations/{id}", get(pages::detail))
        .route("/authorisations/{id}/steps", post(pages::record_step))
        .route("/authorisations/{id}/decision", post(pages::decide))
        .route("/authorisations/{id}/suspend", post(pages::suspend))
        .route("/authorisations/{id}/lift", post(pages::lift))
        .route("/authorisations/{id}/withdraw", post(pages::withdraw))
        .route("/authorisations/{id}/renew", post(pages::renew))
}

pub const MESSAGES: &[Message] = &[
    ("authorisation.list_title", "Agréments", "Authorisations"),
    ("authorisation.title", "Agrément", "Authorisation"),
    (
        "authorisation.new",
        "Nouvelle demande d'agrément",
        "New authorisation application",
    ),
    (
        "authorisation.new_intro",
        "Enregistrez la demande d'un ou d'une bénévole de votre organisation, pour les établissements où il ou elle interviendra.",
        "Record the application of a volunteer of your organisation, for the establishments where they will work.",
    ),
    ("authorisation.file", "Enregistrer la demande", "Record the application"),
    (
        "authorisation.filed",
        "La demande est enregistrée. Ajoutez les étapes au fur et à mesure.",
        "The application is recorded. Add the steps as they happen.",
    ),
    (
        "authorisation.search",
        "Bénévole (nom ou e-mail)",
        "Volunteer (name or email)",
    ),
    ("authorisation.number", "N°", "No."),
    ("authorisation.person", "Bénévole", "Volunteer"),
    (
        "authorisation.person_email",
        "E-mail du ou de la bénévole",
        "Volunteer's email",
    ),
    ("authorisation.organisation", "Organisation", "Organisation"),
    ("authorisation.establishments", "Établissements", "Establishments"),
    (
        "authorisation.establishments_hint",
        "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
        "Hold Ctrl (or Cmd) to choose several.",
    ),
    ("authorisation.status", "Statut", "Status"),
    ("authorisation.filed_on", "Demande déposée le", "Filed on"),
    ("authorisation.decided_on", "Décision du", "Decided on"),
    ("authorisation.starts_on", "Valable à partir du", "Valid from"),
    ("authorisation.expires_on", "Expire le", "Expires on"),
    (
        "authorisation.expires_hint",
        "Laissé vide : durée par défaut du pays (2 ans en France).",
        "Left empty: the country's default duration (2 years in France).",
    ),
    (
        "authorisation.probation_ends_on",
        "Fin de la période probatoire",
        "End of probation",
    ),
    (
        "authorisation.probation_months",
        "Période probatoire (mois, facultatif)",
        "Probation period (months, optional)",
    ),
    ("authorisation.refusal_reason", "Motif du refus", "Reason for refusal"),
    ("authorisation.renews", "Renouvelle l'agrément", "Renews authorisation"),
    ("authorisation.renewed_by", "Renouvelé par", "Renewed by"),
    (
        "authorisation.empty",
        "Aucun agrément ne correspond à ces critères.",
        "No authorisation matches these criteria.",
    ),
    (
        "authorisation.steps",
        "Étapes de la demande",
        "Steps of the application",
    ),
    ("authorisation.step", "Étape", "Step"),
    ("authorisation.done_on", "Date", "Date"),
    ("authorisation.note", "Note", "Note"),
    ("authorisation.recorded_by", "Enregistrée par", "Recorded by"),
    ("authorisation.record_step", "Enregistrer l'étape", "Record the step"),
    (
        "authorisation.step_saved",
        "L'étape est enregistrée.",
        "The step is recorded.",
    ),
    ("authorisation.decision", "Décision", "Decision"),
    ("authorisation.grant", "Agrément accordé", "Granted"),
    ("authorisation.refuse", "Agrément refusé", "Refused"),
    (
        "authorisation.record_decision",
        "Enregistrer la décision",
        "Record the decision",
    ),
    (
        "authorisation.decided",
        "La décision est enregistrée.",
        "The decision is recorded.",
    ),
    (
        "authorisation.choose_decision",
        "Choisissez : accordé ou refusé.",
        "Choose: granted or refused.",
    ),
    (
        "authorisation.life",
        "Suspension, retrait, renouvellement",
        "Suspension, withdrawal, renewal",
    ),
    ("authorisation.suspend", "Suspendre", "Suspend"),
    ("authorisation.suspend_on", "Suspendu à compter du", "Suspended from"),
    (
        "authorisation.suspend_confirm",
        "Suspendre cet agrément ? Le ou la bénévole ne pourra plus intervenir.",
        "Suspend this authorisation? The volunteer will no longer be able to work.",
    ),
    (
        "authorisation.suspended",
        "L'agrément est suspendu.",
        "The authorisation is suspended.",
    ),
    ("authorisation.lift", "Lever la suspension", "Lift the suspension"),
    ("authorisation.lift_on", "Suspension levée le", "Suspension lifted on"),
    (
        "authorisation.lifted",
        "La suspension est levée : l'agrément est de nouveau valable.",
        "The suspension is lifted: the authorisation is valid again.",
    ),
    (
        "authorisation.withdraw",
        "Retirer l'agrément",
        "Withdraw the authorisation",
    ),
    ("authorisation.withdraw_on", "Retiré le", "Withdrawn on"),
    (
        "authorisation.withdraw_confirm",
        "Retirer définitivement cet agrément ?",
        "Withdraw this authorisation for good?",
    ),
    (
        "authorisation.withdrawn",
        "L'agrément est retiré.",
        "The authorisation is withdrawn.",
    ),
    ("authorisation.reason", "Motif", "Reason"),
    ("authorisation.renew", "Demander le renouvellement", "Apply for renewal"),
    (
        "authorisation.renewal_filed",
        "La demande de renouvellement est enregistrée.",
        "The renewal application is recorded.",
    ),
    ("authorisation.history", "Historique", "History"),
    ("authorisation.event.suspended", "Suspension", "Suspension"),
    (
        "authorisation.event.lifted",
        "Levée de la suspension",
        "Suspension lifted",
    ),
    ("authorisation.event.withdrawn", "Retrait", "Withdrawal"),
    ("authorisation.status.in_progress", "En cours", "In progress"),
    ("authorisation.status.valid", "Valable", "Valid"),
    ("authorisation.status.expiring", "Expire bientôt", "Expiring"),
    ("authorisation.status.expired", "Expiré", "Expired"),
    ("authorisation.status.suspended", "Suspendu", "Suspended"),
    ("authorisation.status.withdrawn", "Retiré", "Withdrawn"),
    ("authorisation.status.refused", "Refusé", "Refused"),
    (
        "authorisation.already_decided",
        "La décision est déjà enregistrée.",
        "The decision is already recorded.",
    ),
    (
        "authorisation.already_withdrawn",
        "Cet agrément a été retiré.",
        "This authorisation was withdrawn.",
    ),
    (
        "authorisation.not_granted",
        "Cet agrément n'a pas été accordé.",
        "This authorisation was not granted.",
    ),
    (
        "authorisation.already_suspended",
        "Cet agrément est déjà suspendu.",
        "This authorisation is already suspended.",
    ),
    (
        "authorisation.not_suspended",
        "Cet agrément n'est pas suspendu.",
        "This authorisation is not suspended.",
    ),
    (
        "authorisation.already_renewed",
        "Un renouvellement est déjà demandé.",
        "A renewal has already been applied for.",
    ),
    (
        "authorisation.unknown_person",
        "Aucune personne n'a cette adresse e-mail.",
        "No one has this email address.",
    ),
    (
        "authorisation.not_a_member",
        "Cette personne n'est pas membre de l'organisation choisie.",
        "This person is not a member of the chosen organisation.",
    ),
    (
        "authorisation.no_establishment",
        "Choisissez au moins un établissement.",
        "Choose at least one establishment.",
    ),
    (
        "authorisation.one_country",
        "Les établissements d'une demande sont tous dans le même pays.",
        "The establishments of one application are all in the same country.",
    ),
    (
        "authorisation.before_filing",
        "Une étape ne peut précéder le dépôt de la demande.",
        "A step cannot come before the application was filed.",
    ),
    ("authorisation.unknown_step", "Étape inconnue.", "Unknown step."),
    (
        "authorisation.step_done",
        "Cette étape est déjà enregistrée.",
        "This step is already recorded.",
    ),
    (
        "authorisation.reason_required",
        "Indiquez le motif.",
        "Give the reason.",
    ),
    (
        "authorisation.implausible_day",
        "Cette date n'est pas plausible : ni dans l'avenir, ni avant 1990, ni avant le dépôt de la demande.",
        "This date is not plausible: not in the future, not before 1990, not before the application was filed.",
    ),
    (
        "authorisation.decided_before_filing",
        "La décision ne peut pas précéder le dépôt de la demande.",
        "The decision cannot come before the application was filed.",
    ),
    (
        "authorisation.too_long",
        "Un agrément dure dix ans au plus : vérifiez l'année d'expiration.",
        "An authorisation lasts ten years at most: check the expiry year.",
    ),
    (
        "authorisation.expiry_before_start",
        "L'expiration doit suivre le début de validité.",
        "The expiry must come after the start.",
    ),
    (
        "authorisation.lift_before_suspension",
        "La levée ne peut précéder la suspension.",
        "The lift cannot come before the suspension.",
    ),
    (
        "reminder.subject",
        "Agrément de {} : échéance proche",
        "Authorisation of {}: expiry approaching",
    ),
    (
        "reminder.body",
        "L'agrément expire le {} (dans {} jours au plus). Pensez à demander son renouvellement à temps.",
        "The authorisation expires on {} (in {} days at most). Remember to apply for its renewal in time.",
    ),
    (
        "reminder.scope_subject",
        "{} agrément(s) de vos bénévoles arrivent à échéance",
        "{} authorisation(s) of your volunteers expire soon",
    ),
    (
        "reminder.scope_body",
        "Ces agréments expirent bientôt ; leurs titulaires ont reçu un rappel. Vérifiez que leur renouvellement est demandé :",
        "These authorisations expire soon; their holders were reminded. Check that their renewal is applied for:",
    ),
    ("waiting.title", "Délais d'agrément", "Authorisation waiting times"),
    (
        "waiting.intro",
        "En jours, pour les demandes décidées que vous suivez : médiane (la moitié des demandes attendent moins) et 90e centile (9 demandes sur 10 attendent moins).",
        "In days, for the decided applications you follow: median (half the applications wait less) and 90th percentile (9 in 10 wait less).",
    ),
    (
        "waiting.by_organisation",
        "Du dépôt à la décision, par organisation",
        "From filing to decision, by organisation",
    ),
    (
        "waiting.by_region",
        "Du dépôt à la décision, par direction interrégionale",
        "From filing to decision, by regional directorate",
    ),
    (
        "waiting.per_step",
        "Par étape (depuis l'étape précédente)",
        "By step (since the step before)",
    ),
    ("waiting.count", "Demandes", "Applications"),
    ("waiting.median", "Médiane", "Median"),
    ("waiting.p90", "90e centile", "90th percentile"),
    ("waiting.none", "Aucune demande décidée.", "No decided application."),
    ("waiting.link", "Délais", "Waiting times"),
    (
        "authorisation.unknown_establishment",
        "Code d'établissement inconnu.",
        "Unknown establishment code.",
    ),
    (
        "authorisation.import",
        "Importer des agréments (CSV)",
        "Import authorisations (CSV)",
    ),
    (
        "authorisation.import_intro",
        "Une ligne par demande, colonnes : email, organisation (sigle), establishments (codes séparés par |), filed_on, decision (granted, refused ou vide), decided_on, starts_on, expires_on, refusal_reason. La personne, l'organisation et la date de dépôt identifient la demande : réimporter un fichier ne crée pas de doublon.",
        "One line per application, columns: email, organisation (acronym), establishments (codes separated by |), filed_on, decision (granted, refused or empty), decided_on, starts_on, expires_on, refusal_reason. The person, the organisation and the filing date identify the application: importing a file again creates no duplicate.",
    ),
];
