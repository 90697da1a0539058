//! Every training write: checked against the rules and the caller's role,
//! recorded in the audit log in the same transaction, and notified to
//! whoever acts next (partner coordinators, approving coordinators, learners).

mod curriculum;
mod enrolments;
mod needs;
mod sessions;

pub use curriculum::*;
pub use enrolments::*;
pub use needs::*;
pub use sessions::*;

use crate::audit::Write;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::inbox::Recipient;
use crate::permissions::Action;

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 20_000;

fn require(user: &SignedIn, organisation: i64) -> AppResult<()> {
    user.actor.require(Action::ManageTraining(organisation))
}

/// The active coordinators and administrators of an organisation.
async fn coordinators(write: &mut Write, organisation: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT p.id AS person_id, p.email, p.language FROM memberships m JOIN persons p ON p.id = m.person_id \
         WHERE m.organisation_id = $1 AND m.role IN ('coordinator', 'org_admin') AND m.ended_at IS NULL AND p.active = 1",
    )
    .bind(organisation)
    .fetch_all(write.conn())
    .await?)
}

async fn recipient(write: &mut Write, person: i64) -> AppResult<Vec<Recipient>> {
    Ok(
        sqlx::query_as("SELECT id AS person_id, email, language FROM persons WHERE id = $1 AND active = 1")
            .bind(person)
            .fetch_all(write.conn())
            .await?,
    )
}

/// The active people enrolled in or waiting for a session.
async fn learners(write: &mut Write, session: i64) -> AppResult<Vec<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT p.id AS person_id, p.email, p.language FROM training_enrolments e JOIN persons p ON p.id = e.person_id \
         WHERE e.session_id = $1 AND e.state IN ('enrolled', 'waiting') AND p.active = 1",
    )
    .bind(session)
    .fetch_all(write.conn())
    .await?)
}

/// Stores a notice for each of `people` in the write's transaction.
async fn notify(write: &mut Write, people: Vec<Recipient>, subject: &str, arg: &str, link: String) -> AppResult<()> {
    for person in people {
        let notice = person.notice(subject, "training.notice.body", arg, link.clone());
        let now = write.now();
        notice.store(write.conn(), now).await?;
    }
    Ok(())
}

/// Why a training write is refused.
pub const MESSAGES: &[crate::i18n::Message] = &[
    (
        "training.error.attendance_taken",
        "Des présences sont déjà notées : les dates ne peuvent plus changer.",
        "Attendance has been taken: the dates can no longer change.",
    ),
    (
        "training.error.title",
        "Donnez un intitulé de 200 caractères au plus.",
        "Give a title of at most 200 characters.",
    ),
    (
        "training.error.long",
        "Ce texte est trop long.",
        "This text is too long.",
    ),
    (
        "training.error.hours",
        "La durée est un nombre d'heures de 1 à 500.",
        "The length is a number of hours from 1 to 500.",
    ),
    ("training.error.language", "Indiquez la langue.", "Give the language."),
    (
        "training.error.min_attendance",
        "La présence minimale est un pourcentage de 0 à 100.",
        "The least attendance is a percentage from 0 to 100.",
    ),
    (
        "training.error.validity",
        "La validité est un nombre de mois de 1 à 240, pour une qualification nommée.",
        "The validity is a number of months from 1 to 240, for a named qualification.",
    ),
    (
        "training.error.file_type",
        "Ce type de fichier n'est pas accepté.",
        "This type of file is not accepted.",
    ),
    (
        "training.error.file_size",
        "Le fichier est vide ou dépasse 10 Mo.",
        "The file is empty or larger than 10 MB.",
    ),
    (
        "training.error.modules",
        "Choisissez au moins un module d'un programme en vigueur.",
        "Choose at least one module of a current programme.",
    ),
    (
        "training.error.schedule",
        "Vérifiez les dates (31 jours au plus) et les heures (la fin après le début).",
        "Check the dates (31 days at most) and the hours (the end after the start).",
    ),
    (
        "training.error.time_zone",
        "Choisissez un fuseau horaire de la liste.",
        "Choose a time zone from the list.",
    ),
    (
        "training.error.place",
        "Indiquez un lieu ou un lien de visioconférence.",
        "Give a place or an online meeting link.",
    ),
    (
        "training.error.link",
        "Le lien de visioconférence commence par https://.",
        "The online meeting link starts with https://.",
    ),
    (
        "training.error.capacity",
        "Le nombre de places va de 1 à 1 000.",
        "The number of seats is from 1 to 1,000.",
    ),
    (
        "training.error.deadline_date",
        "La date limite d'inscription est au plus tard le premier jour.",
        "The registration deadline is the first day at the latest.",
    ),
    (
        "training.error.cost",
        "Le coût est un montant en euros (par exemple 1 200,50).",
        "The cost is an amount in euros (for example 1,200.50).",
    ),
    (
        "training.error.sharing",
        "Choisissez comment partager le coût.",
        "Choose how to share the cost.",
    ),
    (
        "training.error.cancelled",
        "Cette session est annulée.",
        "This session is cancelled.",
    ),
    (
        "training.error.partner",
        "Choisissez une autre organisation que l'organisatrice.",
        "Choose an organisation other than the organiser.",
    ),
    (
        "training.error.seats",
        "Pas assez de places : le total donné aux partenaires dépasse la capacité, ou des places déjà occupées seraient retirées.",
        "Not enough seats: the partners' total exceeds the capacity, or seats already taken would be removed.",
    ),
    (
        "training.error.percent",
        "Les pourcentages des organisations doivent faire 100 en tout.",
        "The organisations' percentages must add up to 100.",
    ),
    (
        "training.error.deadline",
        "La date limite d'inscription est passée.",
        "The registration deadline has passed.",
    ),
    (
        "training.error.not_member",
        "Cette personne n'est pas membre active de l'organisation choisie.",
        "This person is not an active member of the chosen organisation.",
    ),
    (
        "training.error.no_seats",
        "Cette organisation n'a pas de places dans cette session.",
        "This organisation has no seats in this session.",
    ),
    (
        "training.error.already",
        "Cette personne est déjà inscrite ou en liste d'attente.",
        "This person is already enrolled or on the waiting list.",
    ),
    (
        "training.error.not_now",
        "Cette action n'est pas possible maintenant.",
        "This action is not possible now.",
    ),
    (
        "training.error.day",
        "Ce jour ne fait pas partie de la session.",
        "This day is not part of the session.",
    ),
    (
        "training.error.attendance",
        "La présence minimale n'est pas atteinte.",
        "The least attendance is not reached.",
    ),
    (
        "training.error.assessment",
        "L'évaluation doit être réussie.",
        "The assessment must be passed.",
    ),
    (
        "training.error.already_completed",
        "Tous les modules de la session sont déjà validés.",
        "Every module of the session is already completed.",
    ),
    ("training.error.reason", "Indiquez le motif.", "Give the reason."),
    ("training.error.mission", "Choisissez une mission.", "Choose a mission."),
    (
        "training.error.qualification",
        "Choisissez une qualification délivrée par un module.",
        "Choose a qualification a module grants.",
    ),
    (
        "training.error.topic",
        "Choisissez un module ou indiquez le sujet.",
        "Choose a module or give the topic.",
    ),
    (
        "training.error.volunteers",
        "Le nombre de bénévoles va de 1 à 10 000.",
        "The number of volunteers is from 1 to 10,000.",
    ),
];
