//! The activity log: visits, correspondence-course events and other hours,
//! logged by volunteers (a month at once if they like), refused on a date
//! without a valid authorisation, reviewed and corrected by coordinators,
//! totalled per volunteer, establishment, section and month.

pub mod api;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Message;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/activities", get(pages::list).post(pages::create))
        .route("/activities/new", get(pages::new_form))
        .route("/activities/export.csv", get(pages::export::<CSV>))
        .route("/activities/export.xlsx", get(pages::export::<XLSX>))
        .route("/activities/{id}", get(pages::edit).post(pages::update))
        .route("/activities/{id}/delete", post(pages::delete))
}

pub const MESSAGES: &[Message] = &[
    ("nav.activities", "Activité", "Activity"),
    ("activity.list_title", "Journal d'activité", "Activity log"),
    ("activity.new", "Noter une activité", "Log an activity"),
    ("activity.new_month", "Saisir un mois", "Enter a month"),
    (
        "activity.new_intro",
        "Une ligne par visite ou par action. Les lignes laissées vides sont ignorées.",
        "One line per visit or task. Lines left empty are ignored.",
    ),
    ("activity.line", "Ligne {}", "Line {}"),
    ("activity.number", "N°", "No."),
    ("activity.date", "Date", "Date"),
    ("activity.person", "Bénévole", "Volunteer"),
    ("activity.organisation", "Organisation", "Organisation"),
    ("activity.kind", "Activité", "Activity"),
    ("activity.kind.visit", "Visite", "Visit"),
    (
        "activity.kind.course_enrolment",
        "Inscription d'un apprenant",
        "Learner enrolled",
    ),
    ("activity.kind.lesson_corrected", "Devoir corrigé", "Lesson corrected"),
    ("activity.kind.exam", "Examen passé", "Exam taken"),
    ("activity.kind.other_hours", "Autres heures", "Other hours"),
    ("activity.establishment", "Établissement", "Establishment"),
    ("activity.people_met", "Personnes rencontrées", "People met"),
    ("activity.duration", "Durée", "Duration"),
    ("activity.minutes", "Minutes", "Minutes"),
    ("activity.note", "Note (facultative)", "Note (optional)"),
    (
        "activity.note_hint",
        "Ne notez jamais le nom ni l'identité d'une personne détenue.",
        "Never write a detainee's name or identity.",
    ),
    ("activity.save", "Enregistrer", "Save"),
    (
        "activity.recorded",
        "Activité enregistrée. Merci !",
        "Activity saved. Thank you!",
    ),
    (
        "activity.corrected",
        "L'activité est corrigée.",
        "The activity is corrected.",
    ),
    (
        "activity.deleted",
        "L'activité est supprimée.",
        "The activity is deleted.",
    ),
    ("activity.correct", "Corriger", "Correct"),
    ("activity.delete", "Supprimer cette activité", "Delete this activity"),
    (
        "activity.delete_confirm",
        "Supprimer cette activité ? Cette action est enregistrée dans le journal.",
        "Delete this activity? This is recorded in the audit log.",
    ),
    (
        "activity.search",
        "Bénévole ou établissement",
        "Volunteer or establishment",
    ),
    ("activity.month", "Mois", "Month"),
    ("activity.show_every_month", "Voir tous les mois", "Show every month"),
    ("activity.every_month", "Tous les mois", "Every month"),
    (
        "activity.totals_need_month",
        "Choisissez un mois pour voir les totaux.",
        "Choose a month to see the totals.",
    ),
    ("activity.whose", "Saisies", "Entries"),
    ("activity.whose.all", "Toutes celles que je peux voir", "All I can see"),
    ("activity.whose.mine", "Les miennes", "Mine"),
    ("activity.totals", "Totaux", "Totals"),
    ("activity.totals_by", "Totaux par", "Totals by"),
    ("activity.by.person", "Bénévole", "Volunteer"),
    ("activity.by.establishment", "Établissement", "Establishment"),
    ("activity.by.section", "Section", "Section"),
    ("activity.by.month", "Mois", "Month"),
    ("activity.entries", "Saisies", "Entries"),
    ("activity.hours", "Heures", "Hours"),
    (
        "activity.empty",
        "Aucune activité ne correspond.",
        "No activity matches.",
    ),
    (
        "activity.error.kind",
        "Choisissez le type d'activité.",
        "Choose the kind of activity.",
    ),
    (
        "activity.error.future",
        "La date ne peut pas être dans le futur.",
        "The date cannot be in the future.",
    ),
    (
        "activity.error.too_old",
        "La date remonte à plus d'un an : demandez à votre coordinateur·rice.",
        "The date is more than a year ago: ask your coordinator.",
    ),
    (
        "activity.error.establishment",
        "Une visite se fait dans un établissement : choisissez-le.",
        "A visit happens in an establishment: choose it.",
    ),
    (
        "activity.error.minutes",
        "Indiquez une durée entre 1 minute et 12 heures (par exemple 1h30).",
        "Give a duration between 1 minute and 12 hours (for example 1h30).",
    ),
    (
        "activity.error.people",
        "Entre 0 et 50 personnes rencontrées.",
        "Between 0 and 50 people met.",
    ),
    (
        "activity.error.note",
        "La note a 500 caractères au plus.",
        "The note has at most 500 characters.",
    ),
    (
        "activity.error.not_authorised",
        "Vous n'aviez pas d'agrément valide pour cet établissement à cette date : l'activité ne peut pas être enregistrée.",
        "You had no valid authorisation for this establishment on that date: the activity cannot be saved.",
    ),
    (
        "activity.error.organisation",
        "Choisissez l'organisation pour laquelle vous agissiez.",
        "Choose the organisation you were acting for.",
    ),
    (
        "activity.error.empty",
        "Remplissez au moins une ligne.",
        "Fill in at least one line.",
    ),
    (
        "activity.error.lines",
        "Rien n'a été enregistré : corrigez les lignes signalées.",
        "Nothing was saved: correct the lines shown.",
    ),
];
