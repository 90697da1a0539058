//! Training: a shared curriculum (programmes, versions, modules, guide and
//! materials), sessions one organisation opens to others with seats per
//! organisation, enrolment with approval and a waiting list, attendance per
//! day, completion with a verifiable certificate, qualifications, reports
//! of hours and costs, and calendar feeds.

pub mod actions;
pub mod api;
mod certificates;
pub mod jobs;
mod pages;
mod reports;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::i18n::Message;

pub use actions::MESSAGES as ERROR_MESSAGES;
pub use certificates::MESSAGES as CERTIFICATE_MESSAGES;
pub use reports::MESSAGES as REPORT_MESSAGES;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training", get(pages::sessions))
        .route(
            "/training/programmes",
            get(pages::programmes).post(pages::create_programme),
        )
        .route("/training/programmes/{id}", get(pages::programme))
        .route("/training/programmes/{id}/{what}", post(pages::programme_act))
        .route("/training/modules/{id}/materials", post(pages::upload_material))
        .route("/training/materials/{id}", get(pages::material))
        .route("/training/sessions", post(pages::create_session))
        .route("/training/sessions/new", get(pages::new_session))
        .route("/training/sessions/{id}", get(pages::session))
        .route("/training/sessions/{id}/sign-in", get(pages::sign_in_sheet))
        .route(
            "/training/sessions/{id}/edit",
            get(pages::edit_session).post(pages::update_session),
        )
        .route("/training/sessions/{id}/{what}", post(pages::session_act))
        .route("/training/enrolments/{id}/{what}", post(pages::enrolment_act))
        .route("/training/certificates", get(pages::certificates))
        .route("/training/certificates/{code}/pdf", get(certificates::pdf))
        .route("/training/certificates/{code}/revoke", post(pages::revoke))
        .route("/training/needs", get(pages::needs).post(pages::submit_need))
        .route("/training/needs/{id}/delete", post(pages::withdraw_need))
        .route(
            "/training/requirements",
            get(pages::requirements).post(pages::set_requirement),
        )
        .route("/training/reports", get(reports::page))
        .route("/training/reports/export", get(reports::export))
        .route("/verify", get(certificates::verify_form))
        .route("/verify/{code}", get(certificates::verify))
        .route("/calendar/{token}/{feed}", get(certificates::feed))
}

pub const MESSAGES: &[Message] = &[
    ("nav.training", "Formations", "Training"),
    ("training.title", "Formations", "Training"),
    (
        "training.intro",
        "Les sessions de votre organisation et celles que des partenaires vous ouvrent, avec leurs places.",
        "Your organisation's sessions and those partners open to you, with their seats.",
    ),
    ("training.programmes", "Programmes", "Programmes"),
    ("training.reports", "Heures et coûts", "Hours and costs"),
    ("training.my_certificates", "Mes attestations", "My certificates"),
    ("training.new_session", "Nouvelle session", "New session"),
    ("training.upcoming", "À venir", "Upcoming"),
    ("training.past", "Passées", "Past"),
    ("training.all", "Toutes", "All"),
    ("training.when", "Période", "When"),
    (
        "training.search",
        "Titre, lieu ou organisation",
        "Title, place or organisation",
    ),
    ("training.empty", "Aucune session ne correspond.", "No session matches."),
    ("training.session", "Session", "Session"),
    ("training.dates", "Dates", "Dates"),
    ("training.organiser", "Organisée par", "Organised by"),
    ("training.place", "Lieu", "Place"),
    ("training.online_link", "Lien de visioconférence", "Online meeting link"),
    ("training.language", "Langue", "Language"),
    ("training.seats", "Places", "Seats"),
    ("training.seats_taken", "{} inscrit·es", "{} enrolled"),
    ("training.cancelled_badge", "Annulée", "Cancelled"),
    ("training.mine", "Mes inscriptions", "My enrolments"),
    (
        "training.mine_empty",
        "Vous n'êtes inscrit·e à aucune session.",
        "You are not enrolled in any session.",
    ),
    (
        "training.to_approve",
        "en attente de l'accord de votre coordinateur·rice",
        "waiting for your coordinator's approval",
    ),
    ("training.programme", "Programme", "Programme"),
    (
        "training.programmes_intro",
        "Le référentiel commun : programmes, modules, objectifs et guide de formation.",
        "The shared curriculum: programmes, modules, outcomes and training guide.",
    ),
    ("training.programme_new", "Nouveau programme", "New programme"),
    ("training.programme_title", "Intitulé", "Title"),
    ("training.summary", "Présentation", "Summary"),
    ("training.guide", "Guide de formation", "Training guide"),
    (
        "training.guide_hint",
        "Séparez les paragraphes par une ligne vide.",
        "Separate paragraphs with a blank line.",
    ),
    ("training.guide_save", "Enregistrer le guide", "Save the guide"),
    ("training.guide_empty", "Pas encore de guide.", "No guide yet."),
    ("training.version", "Version {}", "Version {}"),
    (
        "training.new_version",
        "Commencer une nouvelle version",
        "Start a new version",
    ),
    (
        "training.new_version_confirm",
        "Créer une nouvelle version qui reprend le guide et les modules actuels ? Les sessions et attestations existantes gardent leur version.",
        "Create a new version with the current guide and modules? Existing sessions and certificates keep their version.",
    ),
    ("training.print", "Imprimer", "Print"),
    ("training.modules", "Modules", "Modules"),
    ("training.module", "Module", "Module"),
    ("training.module_new", "Ajouter un module", "Add a module"),
    (
        "training.outcomes",
        "Objectifs (un par ligne)",
        "Learning outcomes (one per line)",
    ),
    ("training.hours", "Durée (heures)", "Length (hours)"),
    ("training.hours_n", "{} h", "{} h"),
    ("training.prerequisites", "Prérequis", "Prerequisites"),
    (
        "training.min_attendance",
        "Présence minimale (% des jours)",
        "Least attendance (% of days)",
    ),
    ("training.assessment", "Évaluation à réussir", "Assessment to pass"),
    (
        "training.validity_months",
        "Validité (mois, vide : sans limite)",
        "Valid for (months, empty: no limit)",
    ),
    ("training.no_modules", "Aucun module pour l'instant.", "No module yet."),
    ("training.materials", "Supports", "Materials"),
    ("training.material_upload", "Ajouter un support", "Add a material"),
    (
        "training.material_hint",
        "PDF, ODT, DOCX, PPTX, ODP, TXT, PNG ou JPG, 10 Mo au plus.",
        "PDF, ODT, DOCX, PPTX, ODP, TXT, PNG or JPG, 10 MB at most.",
    ),
    ("training.kb", "{} Ko", "{} KB"),
    (
        "training.programme_created",
        "Le programme est créé.",
        "The programme is created.",
    ),
    (
        "training.guide_saved",
        "Le guide est enregistré.",
        "The guide is saved.",
    ),
    ("training.module_added", "Le module est ajouté.", "The module is added."),
    (
        "training.version_created",
        "La nouvelle version est créée.",
        "The new version is created.",
    ),
    (
        "training.material_added",
        "Le support est ajouté.",
        "The material is added.",
    ),
    (
        "training.session_new_intro",
        "Une session couvre un ou plusieurs modules ; vous pourrez ensuite l'ouvrir à des partenaires.",
        "A session covers one or more modules; you can then open it to partners.",
    ),
    ("training.organisation", "Organisation", "Organisation"),
    ("training.first_day", "Premier jour", "First day"),
    ("training.last_day", "Dernier jour", "Last day"),
    ("training.starts", "Début (chaque jour)", "Starts (each day)"),
    ("training.ends", "Fin (chaque jour)", "Ends (each day)"),
    ("training.time_zone", "Fuseau horaire", "Time zone"),
    ("training.capacity", "Nombre de places", "Number of seats"),
    (
        "training.deadline",
        "Date limite d'inscription",
        "Registration deadline",
    ),
    ("training.create_session", "Créer la session", "Create the session"),
    ("training.edit_session", "Modifier la session", "Change the session"),
    (
        "training.edit_intro",
        "Les personnes inscrites et en attente sont prévenues du changement.",
        "Those enrolled and waiting are told of the change.",
    ),
    (
        "training.modules_fixed",
        "Les modules d'une session ne changent pas : les attestations les nomment. Annulez-la et créez-en une autre au besoin.",
        "A session's modules do not change: certificates name them. Cancel it and create another if need be.",
    ),
    (
        "training.session_updated",
        "La session est modifiée ; les inscrit·es sont prévenu·es.",
        "The session is changed; those enrolled are told.",
    ),
    (
        "training.notice.changed",
        "Session modifiée : {}",
        "Session changed: {}",
    ),
    (
        "training.session_created",
        "La session est créée.",
        "The session is created.",
    ),
    ("training.partner", "Organisation partenaire", "Partner organisation"),
    ("training.partners", "Places par organisation", "Seats per organisation"),
    ("training.waiting", "En liste d'attente", "Waiting list"),
    ("training.share", "Part du coût", "Share of the cost"),
    ("training.percent", "Pourcentage", "Percentage"),
    (
        "training.open_to",
        "Ouvrir à une organisation partenaire",
        "Open to a partner organisation",
    ),
    (
        "training.open_to_hint",
        "Les places données viennent de celles de votre organisation ; les coordinateur·rices du partenaire sont prévenu·es.",
        "The seats given come from your organisation's; the partner's coordinators are told.",
    ),
    ("training.partner_save", "Enregistrer les places", "Save the seats"),
    (
        "training.partner_saved",
        "Les places sont enregistrées.",
        "The seats are saved.",
    ),
    ("training.enrol", "S'inscrire", "Enrol"),
    ("training.enrol_me", "M'inscrire au titre de", "Enrol me on behalf of"),
    ("training.enrol_someone", "Inscrire un·e bénévole", "Enrol a volunteer"),
    (
        "training.enrol_email",
        "Adresse e-mail du ou de la bénévole",
        "The volunteer's email address",
    ),
    (
        "training.enrolled",
        "L'inscription est enregistrée.",
        "The enrolment is recorded.",
    ),
    (
        "training.waitlisted",
        "Toutes les places sont prises : l'inscription est en liste d'attente.",
        "Every seat is taken: the enrolment is on the waiting list.",
    ),
    ("training.enrolments", "Inscrit·es", "Enrolments"),
    (
        "training.enrolments_empty",
        "Personne n'est inscrit pour l'instant.",
        "Nobody is enrolled yet.",
    ),
    ("training.person", "Personne", "Person"),
    ("training.state", "État", "State"),
    ("training.enrolment.enrolled", "Inscrit·e", "Enrolled"),
    (
        "training.enrolment.waiting",
        "En liste d'attente",
        "On the waiting list",
    ),
    ("training.enrolment.cancelled", "Annulée", "Cancelled"),
    ("training.enrolment.refused", "Refusée", "Refused"),
    ("training.awaiting_approval", "à approuver", "to approve"),
    ("training.approved", "approuvée", "approved"),
    ("training.step.approve", "Approuver", "Approve"),
    ("training.step.refuse", "Refuser", "Refuse"),
    ("training.step.cancel", "Annuler l'inscription", "Cancel the enrolment"),
    (
        "training.cancel_confirm",
        "Annuler cette inscription ? La place ira à la première personne en attente.",
        "Cancel this enrolment? The seat goes to the first person waiting.",
    ),
    (
        "training.enrolment_updated",
        "L'inscription est à jour.",
        "The enrolment is updated.",
    ),
    ("training.attendance", "Présences", "Attendance"),
    (
        "training.attendance_hint",
        "Touchez une case pour marquer présent·e ou absent·e.",
        "Tap a box to mark present or absent.",
    ),
    ("training.present", "Présent·e", "Present"),
    ("training.absent", "Absent·e", "Absent"),
    (
        "training.attendance_saved",
        "La présence est enregistrée.",
        "Attendance is saved.",
    ),
    ("training.sign_in", "Feuille d'émargement", "Sign-in sheet"),
    ("training.signature", "Signature", "Signature"),
    ("training.completion", "Validation", "Completion"),
    ("training.complete", "Valider la formation", "Record completion"),
    ("training.assessment_passed", "Évaluation réussie", "Assessment passed"),
    (
        "training.completed",
        "La formation est validée : l'attestation est disponible.",
        "Completion recorded: the certificate is ready.",
    ),
    ("training.recorded", "validée le {}", "recorded on {}"),
    ("training.cancel_session", "Annuler la session", "Cancel the session"),
    (
        "training.cancel_session_confirm",
        "Annuler la session ? Les inscrit·es sont prévenu·es.",
        "Cancel the session? Those enrolled are told.",
    ),
    (
        "training.session_cancelled",
        "La session est annulée.",
        "The session is cancelled.",
    ),
    (
        "training.closed",
        "Les inscriptions sont closes.",
        "Registration is closed.",
    ),
    (
        "training.no_certificates",
        "Pas encore d'attestation.",
        "No certificate yet.",
    ),
    (
        "training.no_qualifications",
        "Pas encore de qualification.",
        "No qualification yet.",
    ),
    ("training.granted_on", "Obtenue le", "Granted on"),
    ("training.expires_on", "Expire le", "Expires on"),
    ("training.no_expiry", "sans limite", "no limit"),
    ("training.expired", "expirée", "expired"),
    ("training.revoked_badge", "retirée", "revoked"),
    ("training.revoke", "Retirer l'attestation", "Revoke the certificate"),
    ("training.revoke_reason", "Motif du retrait", "Reason for revoking"),
    (
        "training.revoked",
        "L'attestation est retirée.",
        "The certificate is revoked.",
    ),
    (
        "training.notice.body",
        "Ouvrez Passerelle pour la suite : {}.",
        "Open Passerelle for what comes next: {}.",
    ),
    (
        "training.notice.opened",
        "Une session vous est ouverte : {}",
        "A session is open to you: {}",
    ),
    (
        "training.notice.to_approve",
        "Inscription à approuver : {}",
        "Enrolment to approve: {}",
    ),
    (
        "training.notice.enrolled",
        "Vous êtes inscrit·e : {}",
        "You are enrolled: {}",
    ),
    (
        "training.notice.waiting",
        "Vous êtes en liste d'attente : {}",
        "You are on the waiting list: {}",
    ),
    (
        "training.notice.approved",
        "Votre inscription est approuvée : {}",
        "Your enrolment is approved: {}",
    ),
    (
        "training.notice.refused",
        "Votre inscription n'est pas retenue : {}",
        "Your enrolment was not approved: {}",
    ),
    (
        "training.notice.promoted",
        "Une place s'est libérée, vous êtes inscrit·e : {}",
        "A seat was freed, you are enrolled: {}",
    ),
    (
        "training.notice.cancelled",
        "Session annulée : {}",
        "Session cancelled: {}",
    ),
    (
        "training.notice.completed",
        "Votre attestation est disponible : {}",
        "Your certificate is ready: {}",
    ),
    (
        "training.notice.expiring",
        "Votre qualification expire bientôt : {}",
        "Your qualification expires soon: {}",
    ),
    (
        "training.notice.expiring_of",
        "Qualification de {} : expiration proche",
        "Qualification of {}: expiry approaching",
    ),
    ("training.lacking", "Membres sans elle", "Members without it"),
    ("training.needs", "Besoins de formation", "Training needs"),
    (
        "training.needs_intro",
        "Indiquez combien de vos bénévoles ont besoin de quelle formation, et où : les besoins de toutes les organisations sont additionnés pour monter des sessions communes.",
        "Say how many of your volunteers need which training, and where: every organisation's needs are added up to plan joint sessions.",
    ),
    (
        "training.needs_totals",
        "Besoins de toutes les organisations",
        "Needs of every organisation",
    ),
    (
        "training.needs_own",
        "Besoins de votre organisation",
        "Your organisation's needs",
    ),
    ("training.needs_empty", "Aucun besoin signalé.", "No need reported."),
    ("training.need_new", "Signaler un besoin", "Report a need"),
    ("training.need_submit", "Signaler", "Report"),
    (
        "training.need_saved",
        "Le besoin est enregistré.",
        "The need is recorded.",
    ),
    ("training.need_withdraw", "Retirer", "Withdraw"),
    (
        "training.need_withdrawn",
        "Le besoin est retiré.",
        "The need is withdrawn.",
    ),
    ("training.topic", "Sujet", "Topic"),
    (
        "training.other_topic",
        "Autre sujet (à préciser)",
        "Another topic (say which)",
    ),
    ("training.region", "Région", "Region"),
    ("training.organisations", "Organisations", "Organisations"),
    ("training.volunteers", "bénévoles", "volunteers"),
    (
        "training.volunteers_count",
        "Nombre de bénévoles concerné·es",
        "Number of volunteers",
    ),
    ("training.note", "Précisions", "Details"),
    ("training.person_qualifications", "Qualifications", "Qualifications"),
    (
        "training.lacks_badge",
        "qualification requise manquante",
        "lacks a required qualification",
    ),
    (
        "training.lacking_filter",
        "Qualification requise manquante",
        "Lacking a required qualification",
    ),
];
