//! Partnership agreements between organisations: parties and signatories,
//! commitments by category, thematic follow-up, an evaluation at every
//! anniversary (opened and reminded by the scheduler, reported beside the
//! year before), reminders before the end, and a board of news. Only the
//! members of the parties see an agreement.

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
        .route("/agreements", get(pages::list).post(pages::create))
        .route("/agreements/new", get(pages::new_form))
        .route("/agreements/{id}", get(pages::detail))
        .route(
            "/agreements/{id}/document",
            get(pages::document).post(pages::upload_document),
        )
        .route("/agreements/{id}/{what}", post(pages::act))
        .route(
            "/agreements/{id}/evaluations/{evaluation}",
            get(pages::evaluation).post(pages::save_evaluation),
        )
        .route(
            "/agreements/{id}/evaluations/{evaluation}/report.pdf",
            get(pages::report_pdf),
        )
        .route("/feeds/{token}/agreements/{id}", get(pages::board_feed))
}

pub const MESSAGES: &[Message] = &[
    ("nav.agreements", "Conventions", "Agreements"),
    (
        "agreement.list_title",
        "Conventions de partenariat",
        "Partnership agreements",
    ),
    (
        "agreement.intro",
        "Les conventions dont votre organisation est partie : engagements, suivi, évaluations annuelles et nouvelles communes.",
        "The agreements your organisation is a party to: commitments, follow-up, yearly evaluations and common news.",
    ),
    ("agreement.new", "Enregistrer une convention", "Record an agreement"),
    (
        "agreement.new_intro",
        "Cochez les organisations parties (la vôtre comprise) ; les catégories d'engagements habituelles sont créées, vous pourrez les renommer.",
        "Tick the parties (yours included); the usual categories of commitments are created, you can rename them.",
    ),
    (
        "agreement.empty",
        "Aucune convention ne correspond.",
        "No agreement matches.",
    ),
    ("agreement.title", "Intitulé", "Title"),
    ("agreement.summary", "Objet", "Purpose"),
    ("agreement.parties", "Parties", "Parties"),
    (
        "agreement.parties_hint",
        "Au moins deux organisations, dont une que vous administrez.",
        "At least two organisations, one of which you administer.",
    ),
    ("agreement.signatory", "Signataire", "Signatory"),
    ("agreement.signed_on", "Date de signature", "Signed on"),
    ("agreement.starts_on", "Début", "Start"),
    ("agreement.ends_on", "Fin", "End"),
    ("agreement.period", "Période", "Period"),
    ("agreement.replaces", "Remplace", "Replaces"),
    (
        "agreement.draft_box",
        "Brouillon (pas encore signée)",
        "Draft (not signed yet)",
    ),
    ("agreement.status", "Statut", "Status"),
    ("agreement.status.draft", "Brouillon", "Draft"),
    ("agreement.status.upcoming", "Signée, à venir", "Signed, to come"),
    ("agreement.status.in_force", "En vigueur", "In force"),
    ("agreement.status.expired", "Expirée", "Expired"),
    ("agreement.status.terminated", "Résiliée", "Terminated"),
    ("agreement.terminated_on", "Résiliée le", "Terminated on"),
    ("agreement.document", "Convention signée", "Signed document"),
    ("agreement.no_document", "pas encore déposée", "not uploaded yet"),
    (
        "agreement.document_upload",
        "Déposer la convention signée (PDF)",
        "Upload the signed document (PDF)",
    ),
    ("agreement.upload", "Déposer", "Upload"),
    ("agreement.sign", "Enregistrer la signature", "Record the signature"),
    ("agreement.terminate", "Résilier", "Terminate"),
    (
        "agreement.terminate_confirm",
        "Résilier cette convention ? Elle ne sera plus en vigueur à cette date.",
        "Terminate this agreement? It will no longer be in force from that date.",
    ),
    ("agreement.evaluations", "Évaluations annuelles", "Yearly evaluations"),
    (
        "agreement.no_evaluation",
        "L'évaluation s'ouvre 30 jours avant chaque date anniversaire.",
        "The evaluation opens 30 days before each anniversary.",
    ),
    ("agreement.anniversary_of", "anniversaire du {}", "anniversary of {}"),
    ("agreement.open", "ouverte", "open"),
    ("agreement.closed", "close", "closed"),
    ("agreement.commitments", "Engagements", "Commitments"),
    (
        "agreement.no_commitment",
        "Aucun engagement dans cette catégorie.",
        "No commitment in this category.",
    ),
    ("agreement.indicators", "Indicateurs", "Indicators"),
    ("agreement.follow_up", "Suivi", "Follow-up"),
    ("agreement.evidence", "pièce", "evidence"),
    ("agreement.commitment_new", "Ajouter un engagement", "Add a commitment"),
    ("agreement.commitment_add", "Ajouter l'engagement", "Add the commitment"),
    ("agreement.category", "Catégorie", "Category"),
    ("agreement.category_new", "Nouvelle catégorie", "New category"),
    ("agreement.category_add", "Ajouter la catégorie", "Add the category"),
    ("agreement.commitment", "Engagement", "Commitment"),
    (
        "agreement.responsible",
        "Parties responsables (aucune cochée : toutes)",
        "Parties responsible (none ticked: all)",
    ),
    ("agreement.follow_up_new", "Noter un suivi", "Add a follow-up note"),
    ("agreement.follow_up_add", "Enregistrer la note", "Save the note"),
    ("agreement.about", "À propos de", "About"),
    ("agreement.noted_on", "Date", "Date"),
    ("agreement.note", "Note", "Note"),
    (
        "agreement.link",
        "Lien vers une pièce (facultatif)",
        "Link to evidence (optional)",
    ),
    ("agreement.board", "Nouvelles communes", "Common news"),
    (
        "agreement.feed",
        "Fil Atom de ces nouvelles (pour un lecteur de flux)",
        "Atom feed of this news (for a feed reader)",
    ),
    ("agreement.no_post", "Pas encore de nouvelle.", "No news yet."),
    ("agreement.post_title", "Titre", "Title"),
    ("agreement.post_body", "Texte", "Text"),
    ("agreement.post", "Publier", "Publish"),
    ("agreement.report_title", "Évaluation — {}", "Evaluation — {}"),
    ("agreement.this_year", "Cette année", "This year"),
    ("agreement.last_year", "Année précédente", "Previous year"),
    ("agreement.change", "Évolution", "Change"),
    ("agreement.comment", "Commentaire", "Comment"),
    ("agreement.close", "Clore l'évaluation", "Close the evaluation"),
    (
        "agreement.close_confirm",
        "Clore l'évaluation ? Elle ne pourra plus être modifiée.",
        "Close the evaluation? It can no longer be changed.",
    ),
    ("agreement.unanswered", "non renseigné", "not answered"),
    ("agreement.outcome.done", "Réalisé", "Done"),
    ("agreement.outcome.partly", "Partiellement", "Partly"),
    ("agreement.outcome.not_done", "Non réalisé", "Not done"),
    ("agreement.outcome.not_applicable", "Sans objet", "Not applicable"),
    ("agreement.trend.better", "en progrès", "better"),
    ("agreement.trend.worse", "en recul", "worse"),
    ("agreement.trend.same", "stable", "same"),
    ("agreement.trend.new", "—", "—"),
    (
        "agreement.created",
        "La convention est enregistrée.",
        "The agreement is recorded.",
    ),
    ("agreement.saved", "C'est enregistré.", "Saved."),
    (
        "agreement.signed",
        "La signature est enregistrée.",
        "The signature is recorded.",
    ),
    (
        "agreement.terminated",
        "La convention est résiliée.",
        "The agreement is terminated.",
    ),
    ("agreement.posted", "La nouvelle est publiée.", "The news is published."),
    (
        "agreement.evaluation_closed",
        "L'évaluation est close.",
        "The evaluation is closed.",
    ),
    (
        "agreement.notice.body",
        "Ouvrez la convention dans Passerelle : {}.",
        "Open the agreement in Passerelle: {}.",
    ),
    (
        "agreement.notice.evaluation_opens",
        "Évaluation annuelle ouverte : {}",
        "Yearly evaluation open: {}",
    ),
    (
        "agreement.notice.evaluation_due",
        "Date anniversaire, évaluation à faire : {}",
        "Anniversary, evaluation to do: {}",
    ),
    (
        "agreement.notice.renewal_soon",
        "Convention à renouveler dans 90 jours : {}",
        "Agreement to renew within 90 days: {}",
    ),
    (
        "agreement.notice.renewal_near",
        "Convention à renouveler dans 30 jours : {}",
        "Agreement to renew within 30 days: {}",
    ),
    (
        "agreement.error.parties",
        "Choisissez au moins deux organisations parties.",
        "Choose at least two parties.",
    ),
    (
        "agreement.error.not_party",
        "Vous devez administrer une des organisations parties.",
        "You must administer one of the parties.",
    ),
    (
        "agreement.error.title",
        "Donnez un intitulé de 200 caractères au plus.",
        "Give a title of at most 200 characters.",
    ),
    (
        "agreement.error.dates",
        "Vérifiez les dates : la fin après le début (20 ans au plus), la signature avant la fin.",
        "Check the dates: the end after the start (20 years at most), the signature before the end.",
    ),
    (
        "agreement.error.signed_on",
        "Donnez la date de signature, ou cochez « brouillon ».",
        "Give the signature date, or tick \"draft\".",
    ),
    (
        "agreement.error.replaces",
        "Choisissez une convention que vous voyez.",
        "Choose an agreement you can see.",
    ),
    (
        "agreement.error.date",
        "Donnez une date (pas dans le futur pour une note).",
        "Give a date (not in the future for a note).",
    ),
    (
        "agreement.error.not_now",
        "Ce n'est pas possible dans l'état actuel de la convention.",
        "This is not possible in the agreement's current state.",
    ),
    (
        "agreement.error.category",
        "Choisissez une catégorie de cette convention, et donnez-lui un nom.",
        "Choose a category of this agreement, and give it a name.",
    ),
    (
        "agreement.error.commitment",
        "Écrivez l'engagement (2 000 caractères au plus).",
        "Write the commitment (2,000 characters at most).",
    ),
    (
        "agreement.error.long",
        "Ce texte est trop long.",
        "This text is too long.",
    ),
    (
        "agreement.error.responsible",
        "Les responsables sont des parties de la convention.",
        "Those responsible are parties to the agreement.",
    ),
    ("agreement.error.note", "Écrivez le texte.", "Write the text."),
    (
        "agreement.error.link",
        "Le lien commence par https://.",
        "The link starts with https://.",
    ),
    (
        "agreement.error.closed",
        "Cette évaluation est close.",
        "This evaluation is closed.",
    ),
    (
        "agreement.error.outcome",
        "Choisissez une appréciation de la liste pour un engagement de cette évaluation.",
        "Choose an outcome from the list for a commitment of this evaluation.",
    ),
    (
        "agreement.error.unanswered",
        "Chaque engagement doit avoir une appréciation avant de clore.",
        "Every commitment needs an outcome before closing.",
    ),
    (
        "agreement.error.document",
        "Déposez un fichier PDF de 10 Mo au plus.",
        "Upload a PDF file of 10 MB at most.",
    ),
];
