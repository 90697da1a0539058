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
    ("training.calendar", "Mon agenda", "My calendar"),
    (
        "training.calendar_intro",
        "Abonnez votre agenda (téléphone, Outlook, Thunderbird...) à ces liens : vos sessions, et celles ouvertes à votre organisation. Ne les partagez pas.",
        "Subscribe your calendar (phone, Outlook, Thunderbird...) to these links: your sessions, and those open to your organisation. Do not share them.",
    ),
    (
        "training.calendar.mine",
        "Mes formations (Passerelle)",
        "My training (Passerelle)",
    ),
    (
        "training.calendar.open",
        "Formations ouvertes (Passerelle)",
        "Open training (Passerelle)",
    ),
    (
        "training.calendar_make",
        "Créer mes liens d'agenda",
        "Make my calendar links",
    ),
    (
        "training.calendar_renew",
        "Renouveler les liens (les anciens cessent de fonctionner)",
        "Renew the links (the old ones stop working)",
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
        "training.qualification",
        "Qualification délivrée",
        "Qualification granted",
    ),
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
    ("training.cost", "Coût total (€)", "Total cost (€)"),
    ("training.cost_sharing", "Partage du coût", "Cost sharing"),
    (
        "training.sharing.per_seat",
        "Au prorata des places occupées",
        "In proportion to the seats taken",
    ),
    (
        "training.sharing.equal",
        "À parts égales entre organisations présentes",
        "Equally between the organisations present",
    ),
    ("training.sharing.custom", "Selon des pourcentages", "By percentages"),
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
        "training.error.attendance_taken",
        "Des présences sont déjà notées : les dates ne peuvent plus changer.",
        "Attendance has been taken: the dates can no longer change.",
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
    ("training.certificate", "Attestation", "Certificate"),
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
    ("training.qualifications", "Mes qualifications", "My qualifications"),
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
    (
        "training.verify.title",
        "Vérifier une attestation",
        "Verify a certificate",
    ),
    (
        "training.verify.intro",
        "Saisissez le code imprimé sur l'attestation.",
        "Type the code printed on the certificate.",
    ),
    ("training.verify.code", "Code", "Code"),
    ("training.verify.check", "Vérifier", "Verify"),
    (
        "training.verify.valid",
        "Cette attestation est authentique.",
        "This certificate is genuine.",
    ),
    (
        "training.verify.revoked",
        "Cette attestation a été retirée : elle n'est plus valable.",
        "This certificate has been revoked: it is no longer valid.",
    ),
    (
        "training.verify.unknown",
        "Aucune attestation ne porte ce code. Vérifiez la saisie (les lettres O et I n'y figurent jamais).",
        "No certificate has this code. Check what you typed (the letters O and I never appear).",
    ),
    ("training.verify.name", "Nom", "Name"),
    ("training.verify.date", "Date", "Date"),
    ("training.revoke", "Retirer l'attestation", "Revoke the certificate"),
    ("training.revoke_reason", "Motif du retrait", "Reason for revoking"),
    (
        "training.revoked",
        "L'attestation est retirée.",
        "The certificate is revoked.",
    ),
    (
        "training.certificate.title",
        "Attestation de formation",
        "Training certificate",
    ),
    (
        "training.certificate.certifies",
        "Nous attestons que",
        "This certifies that",
    ),
    (
        "training.certificate.completed",
        "a suivi et validé le module « {} »",
        "has attended and completed the module \"{}\"",
    ),
    ("training.certificate.hours", "Durée : {} heures.", "Length: {} hours."),
    ("training.certificate.session", "Session : {}", "Session: {}"),
    (
        "training.certificate.organiser",
        "Organisée par : {}",
        "Organised by: {}",
    ),
    ("training.certificate.date", "Validée le {}", "Completed on {}"),
    (
        "training.certificate.code",
        "Code de vérification : {}",
        "Verification code: {}",
    ),
    (
        "training.certificate.check",
        "Vérifiable sur {}",
        "Can be verified at {}",
    ),
    (
        "training.report.title",
        "Heures de formation et coûts",
        "Training hours and costs",
    ),
    ("training.report.year", "Année", "Year"),
    (
        "training.report.costs",
        "Coût par session et par organisation",
        "Cost per session and organisation",
    ),
    (
        "training.report.totals",
        "Total dû par organisation",
        "Total owed per organisation",
    ),
    (
        "training.report.hours",
        "Heures de formation par bénévole",
        "Training hours per volunteer",
    ),
    (
        "training.report.hours_totals",
        "Total des heures par organisation",
        "Total hours per organisation",
    ),
    ("training.report.owed", "Montant dû", "Amount owed"),
    ("training.report.total_cost", "Coût total", "Total cost"),
    (
        "training.report.empty",
        "Rien pour cette année.",
        "Nothing for this year.",
    ),
    ("training.report.days", "Jours présents", "Days present"),
    ("training.report.hours_col", "Heures", "Hours"),
    ("training.report.minutes", "Minutes", "Minutes"),
    ("training.report.cents", "Montant (centimes)", "Amount (cents)"),
    ("training.report.export_costs", "Coûts", "Costs"),
    ("training.report.export_hours", "Heures", "Hours"),
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
        "training.requirements",
        "Qualifications requises",
        "Required qualifications",
    ),
    (
        "training.requirements_intro",
        "Exigez une qualification des membres qui ont une mission (par exemple vos correspondant·es d'établissement) ; les listes de personnes et la couverture montrent qui ne l'a pas, ou plus.",
        "Require a qualification of members with a mission (for example your prison correspondents); the people lists and coverage show who lacks it, or no longer has it.",
    ),
    (
        "training.requirements_empty",
        "Aucune qualification n'est exigée.",
        "No qualification is required.",
    ),
    ("training.lacking", "Membres sans elle", "Members without it"),
    (
        "training.requirement_new",
        "Exiger une qualification",
        "Require a qualification",
    ),
    ("training.requirement_add", "Exiger", "Require"),
    ("training.requirement_remove", "Ne plus exiger", "No longer require"),
    (
        "training.requirement_saved",
        "Les qualifications requises sont à jour.",
        "Required qualifications are updated.",
    ),
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
