//! Meetings and networks: national, regional, establishment meetings and
//! meetings with the administration; invitations chosen or made by an
//! automatic rule (a partner's homologue correspondents under an agreement
//! in force, the correspondents present in an establishment, a network's
//! members), emailed with an iCalendar file and answered from the page or
//! the emailed link; reminders the day before; attendance, minutes and
//! decisions noted in an agreement's follow-up; networks of organisations
//! with membership requests and their own meetings.

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
        .route("/meetings", get(pages::list).post(pages::create))
        .route("/meetings/new", get(pages::new_form))
        .route(
            "/meetings/answer/{token}",
            get(pages::answer_link).post(pages::answer_by_link),
        )
        .route("/meetings/{id}", get(pages::detail))
        .route("/meetings/{id}/edit", get(pages::edit_form).post(pages::update))
        .route("/meetings/{id}/documents", post(pages::upload_document))
        .route("/meetings/{id}/documents/{document}", get(pages::document))
        .route("/meetings/{id}/{what}", post(pages::act))
        .route("/networks", get(pages::networks).post(pages::create_network))
        .route("/networks/{id}", get(pages::network))
        .route("/networks/{id}/{what}", post(pages::network_act))
}

pub const MESSAGES: &[Message] = &[
    ("nav.meetings", "Réunions", "Meetings"),
    ("meeting.list_title", "Réunions", "Meetings"),
    (
        "meeting.intro",
        "Les réunions où vous êtes invité, et celles que vous organisez : réponses, présences, comptes rendus.",
        "The meetings you are invited to, and those you organise: answers, attendance, minutes.",
    ),
    ("meeting.new", "Organiser une réunion", "Organise a meeting"),
    ("meeting.edit", "Modifier la réunion", "Change the meeting"),
    (
        "meeting.new_intro",
        "Les invitations automatiques partent à l'enregistrement : pour une réunion nationale ou régionale, les correspondants homologues des partenaires d'une convention en vigueur ; pour un établissement, les correspondants de chaque organisation présente. Chaque invité reçoit un courriel avec le fichier d'agenda.",
        "Automatic invitations go when you save: for a national or regional meeting, the homologue correspondents of the partners of an agreement in force; for an establishment, the correspondents of every organisation present. Each invitee gets an email with the calendar file.",
    ),
    ("meeting.upcoming", "À venir", "Upcoming"),
    ("meeting.past", "Passées", "Past"),
    ("meeting.empty", "Aucune réunion ne correspond.", "No meeting matches."),
    ("meeting.kind", "Type de réunion", "Kind of meeting"),
    (
        "meeting.kind_hint",
        "Régionale : choisissez la région. Établissement : choisissez l'établissement.",
        "Regional: choose the region. Establishment: choose the establishment.",
    ),
    ("meeting.kind.national", "Nationale", "National"),
    ("meeting.kind.regional", "Régionale", "Regional"),
    ("meeting.kind.establishment", "D'établissement", "Establishment"),
    (
        "meeting.kind.administration",
        "Avec l'administration",
        "With the administration",
    ),
    ("meeting.title", "Intitulé", "Title"),
    ("meeting.when", "Date", "Date"),
    ("meeting.organiser", "Organisateur", "Organiser"),
    ("meeting.network", "Réunion du réseau", "Meeting of the network"),
    ("meeting.region", "Région (DISP)", "Region"),
    ("meeting.establishment", "Établissement", "Establishment"),
    ("meeting.date", "Jour", "Day"),
    ("meeting.time", "Heure", "Time"),
    ("meeting.time_zone", "Fuseau horaire", "Time zone"),
    ("meeting.duration", "Durée (minutes)", "Duration (minutes)"),
    ("meeting.place", "Lieu", "Place"),
    ("meeting.online_link", "Lien de visioconférence", "Online link"),
    ("meeting.agenda", "Ordre du jour", "Agenda"),
    (
        "meeting.format_hint",
        "Une ligne vide sépare les paragraphes ; « # » en début de ligne fait un titre, « - » une puce, **gras** met en gras.",
        "A blank line separates paragraphs; \"# \" at the start of a line makes a heading, \"- \" a bullet, **bold** bold text.",
    ),
    ("meeting.create", "Enregistrer et inviter", "Save and invite"),
    (
        "meeting.save_changes",
        "Enregistrer et prévenir les invités",
        "Save and tell the invitees",
    ),
    ("meeting.cancel", "Annuler la réunion", "Cancel the meeting"),
    (
        "meeting.cancel_confirm",
        "Annuler cette réunion ? Chaque invité sera prévenu et elle sera retirée de son agenda.",
        "Cancel this meeting? Every invitee will be told and it will leave their calendar.",
    ),
    ("meeting.cancelled_badge", "Annulée", "Cancelled"),
    (
        "meeting.is_cancelled",
        "Cette réunion est annulée.",
        "This meeting is cancelled.",
    ),
    ("meeting.invitees", "Invités", "Invitees"),
    ("meeting.invitee", "Personne", "Person"),
    ("meeting.organisations", "Organisations", "Organisations"),
    ("meeting.why", "Invité·e par", "Invited by"),
    ("meeting.automatic_count", "{} par une règle", "{} by a rule"),
    (
        "meeting.nobody",
        "Personne n'est encore invité.",
        "Nobody is invited yet.",
    ),
    ("meeting.answer", "Réponse", "Answer"),
    ("meeting.my_answer", "Ma réponse", "My answer"),
    ("meeting.answer.yes", "Oui", "Yes"),
    ("meeting.answer.no", "Non", "No"),
    ("meeting.answer.maybe", "Peut-être", "Maybe"),
    ("meeting.answer.none", "pas encore répondu", "not answered yet"),
    (
        "meeting.answer_hint",
        "Vous pouvez changer de réponse jusqu'au début de la réunion.",
        "You can change your answer until the meeting begins.",
    ),
    (
        "meeting.rule.chosen",
        "Choix de l'organisateur",
        "The organiser's choice",
    ),
    ("meeting.rule.section", "Membre de la section", "Member of the section"),
    (
        "meeting.rule.region_correspondents",
        "Correspondant de la région",
        "Correspondent of the region",
    ),
    (
        "meeting.rule.agreement_partner",
        "Correspondant homologue (convention)",
        "Homologue correspondent (agreement)",
    ),
    (
        "meeting.rule.establishment_presence",
        "Correspondant d'une organisation présente",
        "Correspondent of an organisation present",
    ),
    ("meeting.rule.network", "Membre du réseau", "Member of the network"),
    ("meeting.present", "Présent·e", "Present"),
    (
        "meeting.invite_more",
        "Inviter d'autres personnes",
        "Invite more people",
    ),
    (
        "meeting.emails",
        "Adresses électroniques (séparées par des virgules ou des lignes)",
        "Email addresses (separated by commas or lines)",
    ),
    ("meeting.section", "Toute une section", "A whole section"),
    (
        "meeting.region_correspondents",
        "Tous nos correspondants d'une région",
        "All our correspondents of a region",
    ),
    ("meeting.invite", "Inviter", "Invite"),
    ("meeting.minutes", "Compte rendu", "Minutes"),
    (
        "meeting.save_minutes",
        "Enregistrer présences et compte rendu",
        "Save attendance and minutes",
    ),
    ("meeting.no_minutes", "Pas encore de compte rendu.", "No minutes yet."),
    ("meeting.decisions", "Décisions", "Decisions"),
    ("meeting.no_decision", "Aucune décision notée.", "No decision noted."),
    ("meeting.decision", "Décision", "Decision"),
    (
        "meeting.follow_up",
        "La noter aussi dans le suivi d'une convention (facultatif)",
        "Also note it in an agreement's follow-up (optional)",
    ),
    ("meeting.add_decision", "Noter la décision", "Note the decision"),
    (
        "meeting.noted_in",
        "notée dans le suivi de",
        "noted in the follow-up of",
    ),
    ("meeting.documents", "Documents", "Documents"),
    ("meeting.no_document", "Aucun document.", "No document."),
    (
        "meeting.document_upload",
        "Joindre un document (PDF, ODT, DOCX, ODS, XLSX, TXT ; 10 Mo au plus)",
        "Attach a document (PDF, ODT, DOCX, ODS, XLSX, TXT; 10 MB at most)",
    ),
    (
        "meeting.feed",
        "Mes réunions dans mon agenda",
        "My meetings in my calendar",
    ),
    (
        "meeting.created",
        "La réunion est enregistrée, les invitations sont parties.",
        "The meeting is saved, the invitations are sent.",
    ),
    (
        "meeting.changed",
        "La réunion est modifiée, les invités sont prévenus.",
        "The meeting is changed, the invitees are told.",
    ),
    (
        "meeting.cancelled",
        "La réunion est annulée, les invités sont prévenus.",
        "The meeting is cancelled, the invitees are told.",
    ),
    (
        "meeting.answered",
        "Votre réponse est enregistrée.",
        "Your answer is saved.",
    ),
    (
        "meeting.invited",
        "Les invitations sont parties.",
        "The invitations are sent.",
    ),
    ("meeting.saved", "C'est enregistré.", "Saved."),
    (
        "meeting.uninvited",
        "L'invitation est retirée, la personne est prévenue.",
        "The invitation is withdrawn, the person is told.",
    ),
    ("meeting.uninvite", "Retirer", "Withdraw"),
    (
        "meeting.uninvite_confirm",
        "Retirer l'invitation de cette personne ? Elle sera prévenue.",
        "Withdraw this person's invitation? They will be told.",
    ),
    (
        "meeting.notice.uninvited",
        "Invitation retirée : {}",
        "Invitation withdrawn: {}",
    ),
    (
        "meeting.error.not_invited",
        "Cette personne n'est pas invitée.",
        "This person is not invited.",
    ),
    ("meeting.notice.invited", "Invitation : {}", "Invitation: {}"),
    ("meeting.notice.changed", "Réunion modifiée : {}", "Meeting changed: {}"),
    (
        "meeting.notice.cancelled",
        "Réunion annulée : {}",
        "Meeting cancelled: {}",
    ),
    ("meeting.notice.tomorrow", "Réunion demain : {}", "Meeting tomorrow: {}"),
    (
        "meeting.notice.body",
        "{}. Ouvrez la réunion dans Passerelle :",
        "{}. Open the meeting in Passerelle:",
    ),
    (
        "meeting.notice.answer_link",
        "Répondre oui, non ou peut-être sans vous connecter :",
        "Answer yes, no or maybe without signing in:",
    ),
    (
        "meeting.error.kind",
        "Choisissez le type de réunion.",
        "Choose the kind of meeting.",
    ),
    (
        "meeting.error.title",
        "Donnez un intitulé de 200 caractères au plus.",
        "Give a title of at most 200 characters.",
    ),
    (
        "meeting.error.region",
        "Choisissez la région de la réunion.",
        "Choose the meeting's region.",
    ),
    (
        "meeting.error.establishment",
        "Choisissez l'établissement de la réunion.",
        "Choose the meeting's establishment.",
    ),
    (
        "meeting.error.when",
        "Donnez le jour, l'heure et un fuseau horaire de la liste.",
        "Give the day, the time and a time zone from the list.",
    ),
    (
        "meeting.error.duration",
        "La durée va de 5 minutes à 24 heures.",
        "The duration is from 5 minutes to 24 hours.",
    ),
    (
        "meeting.error.past",
        "Cette date est passée : une réunion se prévoit à l'avance.",
        "This date has passed: a meeting is planned ahead.",
    ),
    (
        "meeting.error.place",
        "Donnez un lieu ou un lien de visioconférence.",
        "Give a place or an online link.",
    ),
    (
        "meeting.error.link",
        "Le lien commence par https://.",
        "The link starts with https://.",
    ),
    (
        "meeting.error.long",
        "Ce texte est trop long.",
        "This text is too long.",
    ),
    (
        "meeting.error.organiser",
        "Choisissez une organisation dont vous organisez les réunions.",
        "Choose an organisation whose meetings you organise.",
    ),
    (
        "meeting.error.network",
        "Votre organisation n'est pas membre de ce réseau.",
        "Your organisation is not a member of this network.",
    ),
    (
        "meeting.error.not_now",
        "Ce n'est plus possible : la réunion a commencé ou est annulée.",
        "No longer possible: the meeting has begun or is cancelled.",
    ),
    (
        "meeting.error.not_held",
        "Les présences, le compte rendu et les décisions se notent une fois la réunion commencée.",
        "Attendance, minutes and decisions are recorded once the meeting has begun.",
    ),
    (
        "meeting.error.unknown_email",
        "Une des adresses n'est celle d'aucun membre actif ; personne n'a été invité.",
        "One of the addresses belongs to no active member; nobody was invited.",
    ),
    (
        "meeting.error.section",
        "Choisissez une section de l'organisateur.",
        "Choose a section of the organiser.",
    ),
    (
        "meeting.error.nobody",
        "Indiquez des adresses, une section ou une région.",
        "Give addresses, a section or a region.",
    ),
    (
        "meeting.error.answer",
        "Répondez oui, non ou peut-être.",
        "Answer yes, no or maybe.",
    ),
    (
        "meeting.error.decision",
        "Écrivez la décision (2 000 caractères au plus).",
        "Write the decision (2,000 characters at most).",
    ),
    (
        "meeting.error.follow_up",
        "Choisissez une catégorie d'une convention dont votre organisation est partie.",
        "Choose a category of an agreement your organisation is a party to.",
    ),
    (
        "meeting.error.document",
        "Joignez un fichier PDF, ODT, DOCX, ODS, XLSX ou TXT de 10 Mo au plus.",
        "Attach a PDF, ODT, DOCX, ODS, XLSX or TXT file of 10 MB at most.",
    ),
    (
        "network.list_title",
        "Réseaux d'organisations",
        "Networks of organisations",
    ),
    (
        "network.intro",
        "Des organisations qui se concertent (un groupe national de concertation, un réseau européen) : leurs membres et leurs réunions.",
        "Organisations that consult together (a national consultation group, a European network): their members and meetings.",
    ),
    ("network.empty", "Aucun réseau ne correspond.", "No network matches."),
    ("network.name", "Nom", "Name"),
    ("network.description", "Présentation", "Description"),
    (
        "network.coordinator",
        "Organisation coordinatrice",
        "Coordinating organisation",
    ),
    ("network.members", "Membres", "Members"),
    ("network.organisation", "Organisation", "Organisation"),
    ("network.state", "Statut", "Status"),
    ("network.since", "Depuis le", "Since"),
    ("network.state.requested", "Demande en attente", "Request pending"),
    ("network.state.member", "Membre", "Member"),
    ("network.state.refused", "Refusée", "Refused"),
    ("network.new", "Créer un réseau", "Create a network"),
    ("network.create", "Créer le réseau", "Create the network"),
    ("network.meetings", "Ses réunions", "Its meetings"),
    (
        "network.join",
        "Demander à rejoindre le réseau",
        "Ask to join the network",
    ),
    ("network.request", "Envoyer la demande", "Send the request"),
    ("network.accept", "Accepter", "Accept"),
    ("network.refuse", "Refuser", "Refuse"),
    (
        "network.refuse_confirm",
        "Refuser cette demande d'adhésion ?",
        "Refuse this membership request?",
    ),
    ("network.created", "Le réseau est créé.", "The network is created."),
    (
        "network.requested",
        "La demande est envoyée aux administrateurs du réseau.",
        "The request is sent to the network's administrators.",
    ),
    ("network.decided", "La demande est traitée.", "The request is answered."),
    (
        "network.notice.request",
        "Demande d'adhésion au réseau {}",
        "Request to join the network {}",
    ),
    (
        "network.notice.body",
        "Une organisation demande à rejoindre le réseau {}. Acceptez ou refusez dans Passerelle :",
        "An organisation asks to join the network {}. Accept or refuse in Passerelle:",
    ),
    (
        "network.error.coordinator",
        "Choisissez une organisation que vous administrez.",
        "Choose an organisation you administer.",
    ),
    (
        "network.error.name",
        "Donnez un nom de 200 caractères au plus.",
        "Give a name of at most 200 characters.",
    ),
    (
        "network.error.taken",
        "Un réseau porte déjà ce nom.",
        "A network already has this name.",
    ),
    (
        "network.error.not_admin",
        "Seul un administrateur de l'organisation peut demander l'adhésion.",
        "Only an administrator of the organisation can ask to join.",
    ),
    (
        "network.error.already",
        "Cette organisation est déjà membre, ou sa demande est en attente.",
        "This organisation is already a member, or its request is pending.",
    ),
    (
        "network.error.no_request",
        "Aucune demande en attente de cette organisation.",
        "No pending request from this organisation.",
    ),
];
