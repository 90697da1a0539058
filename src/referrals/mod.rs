//! Referrals between organisations: a detainee referred from a visitor to
//! the course organisation, from a correspondent to a visitor, or a visitor
//! asked to meet a learner once the probation service approves. Beneficiary
//! data is the minimum, shown only to the parties, each read logged, erased
//! after the retention period.

pub mod actions;
pub mod api;
pub mod jobs;
mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Message;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/referrals", get(pages::list).post(pages::create))
        .route("/referrals/new", get(pages::new_form))
        .route("/referrals/{id}", get(pages::detail))
        .route("/referrals/{id}/{action}", post(pages::act))
}

pub const MESSAGES: &[Message] = &[
    ("nav.referrals", "Orientations", "Referrals"),
    (
        "referral.list_title",
        "Orientations entre organisations",
        "Referrals between organisations",
    ),
    (
        "referral.intro",
        "Les orientations dont vous êtes partie : envoyées, reçues par votre organisation, confiées à vous ou à approuver.",
        "The referrals you are a party to: sent, received by your organisation, assigned to you or to approve.",
    ),
    ("referral.title", "Orientation", "Referral"),
    ("referral.new", "Orienter une personne", "Refer a person"),
    (
        "referral.new_intro",
        "Indiquez le strict nécessaire : une référence pseudonyme, l'établissement, la langue et le besoin. Jamais de nom.",
        "Give only what is needed: a pseudonymous reference, the establishment, the language and the need. Never a name.",
    ),
    (
        "referral.dashboard",
        "Orientations en attente d'acceptation",
        "Referrals waiting for acceptance",
    ),
    ("referral.age.week", "depuis 7 jours ou moins", "for 7 days or less"),
    ("referral.age.two_weeks", "depuis 8 à 14 jours", "for 8 to 14 days"),
    ("referral.age.month", "depuis 15 à 30 jours", "for 15 to 30 days"),
    ("referral.age.older", "depuis plus de 30 jours", "for more than 30 days"),
    (
        "referral.median_days",
        "jours médians avant acceptation",
        "median days to acceptance",
    ),
    ("referral.search", "N° ou établissement", "No. or establishment"),
    ("referral.number", "N°", "No."),
    ("referral.state", "État", "State"),
    ("referral.open", "En cours", "Open"),
    ("referral.kind", "Type d'orientation", "Kind of referral"),
    (
        "referral.kind.to_courses",
        "Vers les cours par correspondance",
        "To correspondence courses",
    ),
    ("referral.kind.to_visitor", "Vers un visiteur", "To a visitor"),
    (
        "referral.kind.meet_learner",
        "Rencontre d'un apprenant par un visiteur (accord du SPIP)",
        "A visitor meets a learner (probation service approval)",
    ),
    ("referral.state.draft", "Brouillon", "Draft"),
    ("referral.state.submitted", "Envoyée", "Submitted"),
    (
        "referral.state.awaiting_approval",
        "En attente d'accord du SPIP",
        "Awaiting probation approval",
    ),
    (
        "referral.state.approved",
        "Approuvée par le SPIP",
        "Approved by probation",
    ),
    ("referral.state.refused", "Refusée par le SPIP", "Refused by probation"),
    ("referral.state.accepted", "Acceptée", "Accepted"),
    (
        "referral.state.assigned",
        "Confiée à un bénévole",
        "Assigned to a volunteer",
    ),
    (
        "referral.state.in_contact",
        "Premier contact établi",
        "First contact made",
    ),
    ("referral.state.closed", "Clôturée", "Closed"),
    ("referral.state.declined", "Déclinée", "Declined"),
    ("referral.action.submit", "Envoyer", "Submit"),
    ("referral.action.approve", "Approuver", "Approve"),
    ("referral.action.refuse", "Refuser", "Refuse"),
    ("referral.action.accept", "Accepter", "Accept"),
    ("referral.action.assign", "Confier", "Assign"),
    (
        "referral.action.contact",
        "Premier contact établi",
        "First contact made",
    ),
    ("referral.action.close", "Clôturer", "Close"),
    ("referral.action.decline", "Décliner", "Decline"),
    ("referral.establishment", "Établissement", "Establishment"),
    ("referral.from", "De", "From"),
    ("referral.to", "Organisation destinataire", "Receiving organisation"),
    ("referral.sender_organisation", "Au nom de", "On behalf of"),
    ("referral.assigned", "Bénévole", "Volunteer"),
    (
        "referral.assignee",
        "Bénévole agréé·e pour cet établissement",
        "Volunteer authorised for this establishment",
    ),
    (
        "referral.no_candidate",
        "Aucun membre de votre organisation n'a d'agrément valide pour cet établissement.",
        "No member of your organisation holds a valid authorisation for this establishment.",
    ),
    ("referral.created", "Créée le", "Created"),
    (
        "referral.empty",
        "Aucune orientation ne correspond.",
        "No referral matches.",
    ),
    ("referral.beneficiary", "Personne orientée", "Person referred"),
    (
        "referral.minimum_hint",
        "Ces informations ne sont visibles que des personnes qui traitent l'orientation ; chaque consultation est enregistrée.",
        "Only the people handling the referral see this; every read is recorded.",
    ),
    ("referral.reference", "Référence pseudonyme", "Pseudonymous reference"),
    (
        "referral.reference_hint",
        "Par exemple des initiales et un numéro (« JD-2026-04 »), jamais le nom.",
        "For example initials and a number (\"JD-2026-04\"), never the name.",
    ),
    ("referral.language", "Langue", "Language"),
    ("referral.needs", "Besoin (quelques mots)", "Need (a few words)"),
    (
        "referral.prison_number",
        "Numéro d'écrou (facultatif)",
        "Prison number (optional)",
    ),
    ("referral.consent", "Consentement", "Consent"),
    (
        "referral.consent_given",
        "La personne a donné son accord",
        "The person agreed",
    ),
    ("referral.consent_on", "Date de l'accord", "Date of consent"),
    ("referral.consent_by", "Recueilli par", "Collected by"),
    ("referral.send", "Envoyer l'orientation", "Send the referral"),
    ("referral.save_draft", "Garder en brouillon", "Keep as draft"),
    (
        "referral.submitted",
        "L'orientation est envoyée.",
        "The referral is sent.",
    ),
    ("referral.saved", "Le brouillon est enregistré.", "The draft is saved."),
    (
        "referral.updated",
        "L'orientation est à jour.",
        "The referral is updated.",
    ),
    ("referral.next", "Suite à donner", "Next step"),
    ("referral.reason", "Motif", "Reason"),
    ("referral.outcome", "Issue", "Outcome"),
    ("referral.history", "Historique", "History"),
    (
        "referral.reads",
        "Consultations des données de la personne",
        "Reads of the person's data",
    ),
    (
        "referral.read_logged",
        "Votre consultation de ces informations est enregistrée.",
        "Your reading of this is recorded.",
    ),
    (
        "referral.purged",
        "Les données de la personne ont été effacées le {} (durée de conservation écoulée).",
        "The person's data was erased on {} (retention period over).",
    ),
    (
        "referral.error.kind",
        "Choisissez le type d'orientation.",
        "Choose the kind of referral.",
    ),
    (
        "referral.error.reference",
        "Donnez une référence pseudonyme de 40 caractères au plus.",
        "Give a pseudonymous reference of at most 40 characters.",
    ),
    (
        "referral.error.needs",
        "Décrivez le besoin en 500 caractères au plus.",
        "Describe the need in at most 500 characters.",
    ),
    (
        "referral.error.prison_number",
        "Le numéro d'écrou a 20 caractères au plus.",
        "The prison number has at most 20 characters.",
    ),
    (
        "referral.error.consent",
        "L'accord de la personne est nécessaire : cochez-le, avec sa date (pas dans le futur) et qui l'a recueilli.",
        "The person's consent is needed: tick it, with its date (not in the future) and who collected it.",
    ),
    (
        "referral.error.not_member",
        "Vous ne pouvez orienter qu'au nom d'une organisation dont vous êtes membre.",
        "You can only refer on behalf of an organisation you belong to.",
    ),
    (
        "referral.error.receiver",
        "Cette organisation ne reçoit pas ce type d'orientation : les cours vont à une organisation d'enseignement, les visites à une organisation de visiteurs, autre que la vôtre.",
        "This organisation does not take this kind of referral: courses go to a course organisation, visits to a visitor organisation, other than yours.",
    ),
    (
        "referral.error.establishment",
        "Choisissez un établissement ouvert du pays de l'organisation destinataire.",
        "Choose an open establishment in the receiving organisation's country.",
    ),
    (
        "referral.error.not_now",
        "Cette action n'est pas possible dans l'état actuel de l'orientation.",
        "This action is not possible in the referral's current state.",
    ),
    (
        "referral.error.text",
        "Indiquez le motif ou l'issue.",
        "Give the reason or the outcome.",
    ),
    (
        "referral.error.assignee",
        "Choisissez un ou une bénévole.",
        "Choose a volunteer.",
    ),
    (
        "referral.error.not_authorised",
        "Ce ou cette bénévole n'a pas d'agrément valide pour cet établissement aujourd'hui.",
        "This volunteer has no valid authorisation for this establishment today.",
    ),
    (
        "referral.notice.submitted",
        "Orientation {} à accepter",
        "Referral {} to accept",
    ),
    (
        "referral.notice.awaiting_approval",
        "Orientation {} à approuver",
        "Referral {} to approve",
    ),
    (
        "referral.notice.approved",
        "Orientation {} approuvée par le SPIP",
        "Referral {} approved by probation",
    ),
    (
        "referral.notice.refused",
        "Orientation {} refusée par le SPIP",
        "Referral {} refused by probation",
    ),
    (
        "referral.notice.accepted",
        "Orientation {} acceptée",
        "Referral {} accepted",
    ),
    (
        "referral.notice.assigned",
        "Orientation {} confiée à un bénévole",
        "Referral {} assigned to a volunteer",
    ),
    (
        "referral.notice.in_contact",
        "Orientation {} : premier contact établi",
        "Referral {}: first contact made",
    ),
    (
        "referral.notice.closed",
        "Orientation {} clôturée",
        "Referral {} closed",
    ),
    (
        "referral.notice.declined",
        "Orientation {} déclinée",
        "Referral {} declined",
    ),
    (
        "referral.notice.reminder",
        "Rappel : l'orientation {} attend d'être acceptée",
        "Reminder: referral {} is waiting to be accepted",
    ),
    (
        "referral.notice.escalation",
        "L'orientation {} attend depuis plus de 30 jours",
        "Referral {} has been waiting for more than 30 days",
    ),
    (
        "referral.notice.body",
        "Ouvrez l'orientation {} dans Passerelle pour la suite.",
        "Open referral {} in Passerelle for what comes next.",
    ),
    (
        "referral.error.moved",
        "Quelqu'un d'autre vient d'agir sur cette orientation : rechargez la page.",
        "Someone else has just acted on this referral: reload the page.",
    ),
];
