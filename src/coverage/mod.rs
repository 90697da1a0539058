//! The coverage census: for every establishment and organisation, the
//! volunteers with a valid authorisation there, against the organisation's
//! threshold; served, under-served or unserved, for each organisation and
//! for the partnership; the monthly trend; the gap list; the information
//! sheet for detainees.

pub mod api;
pub mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::i18n::Message;
use crate::tabular::{CSV, XLSX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/coverage", get(pages::census))
        .route("/coverage/export.csv", get(pages::export::<CSV>))
        .route("/coverage/export.xlsx", get(pages::export::<XLSX>))
        .route(
            "/coverage/settings",
            get(pages::settings_form).post(pages::save_settings),
        )
        .route("/coverage/gaps/{id}", get(pages::gaps))
        .route("/establishments/{id}/sheet", get(pages::sheet))
        .route("/establishments/{id}/sheet.pdf", get(pages::sheet_pdf))
}

pub const MESSAGES: &[Message] = &[
    ("nav.coverage", "Couverture", "Coverage"),
    ("coverage.title", "Recensement de la couverture", "Coverage census"),
    (
        "coverage.intro",
        "Pour chaque établissement ouvert : les bénévoles ayant un agrément valide aujourd'hui, comparés au seuil de chaque organisation.",
        "For each open establishment: the volunteers with a valid authorisation today, against each organisation's threshold.",
    ),
    ("coverage.status", "Couverture", "Coverage"),
    ("coverage.status.served", "Couvert", "Served"),
    ("coverage.status.under_served", "Insuffisamment couvert", "Under-served"),
    ("coverage.status.unserved", "Non couvert", "Unserved"),
    (
        "coverage.partnership",
        "Partenariat (tous présents)",
        "Partnership (all present)",
    ),
    ("coverage.establishment", "Établissement", "Establishment"),
    ("coverage.organisation", "Organisation", "Organisation"),
    ("coverage.status_of", "Couverture de", "Coverage of"),
    ("coverage.visitors", "Visiteurs", "Visitors"),
    ("coverage.correspondents", "Correspondants", "Correspondents"),
    ("coverage.others", "Autres", "Others"),
    ("coverage.needed", "Nécessaires", "Needed"),
    ("coverage.totals", "Totaux", "Totals"),
    ("coverage.by_region", "Par région", "By region"),
    (
        "coverage.trend",
        "Établissements non couverts, mois par mois",
        "Unserved establishments, month by month",
    ),
    (
        "coverage.no_trend",
        "Le premier relevé mensuel sera pris par la tâche planifiée.",
        "The first monthly snapshot will be taken by the scheduled job.",
    ),
    (
        "coverage.empty",
        "Aucun établissement ne correspond.",
        "No establishment matches.",
    ),
    (
        "coverage.no_settings",
        "Aucune organisation n'a encore fixé de seuil.",
        "No organisation has set a threshold yet.",
    ),
    ("coverage.gaps", "Bénévoles de la région", "Volunteers in the region"),
    (
        "coverage.gaps_intro",
        "Les bénévoles agréés dans les établissements de la région {}, toutes organisations : pour recruter, ou demander à un partenaire d'intervenir.",
        "Volunteers authorised in the establishments of region {}, all organisations: to recruit, or to ask a partner to step in.",
    ),
    (
        "coverage.no_volunteer",
        "Aucun bénévole agréé dans la région.",
        "No authorised volunteer in the region.",
    ),
    ("coverage.contact", "Contact", "Contact"),
    (
        "coverage.no_contact",
        "n'a pas choisi de partager ses coordonnées",
        "has not chosen to share contact details",
    ),
    ("coverage.settings", "Seuils de couverture", "Coverage thresholds"),
    (
        "coverage.settings_intro",
        "Chaque organisation choisit quels bénévoles comptent et combien il en faut par établissement.",
        "Each organisation chooses which volunteers count and how many an establishment needs.",
    ),
    ("coverage.counted_mission", "Bénévoles comptés", "Volunteers counted"),
    (
        "coverage.per_detainees",
        "Un bénévole pour N personnes détenues (facultatif)",
        "One volunteer per N detainees (optional)",
    ),
    (
        "coverage.minimum",
        "Au moins, par établissement",
        "At least, per establishment",
    ),
    ("coverage.save", "Enregistrer le seuil", "Save the threshold"),
    ("coverage.saved", "Le seuil est enregistré.", "The threshold is saved."),
    (
        "coverage.error.threshold",
        "Le seuil doit être un nombre entier d'au moins 1 (et N, s'il est donné, au moins 1).",
        "The threshold must be a whole number of at least 1 (and N, if given, at least 1).",
    ),
    (
        "coverage.sheet",
        "Fiche d'information pour les personnes détenues",
        "Information sheet for detainees",
    ),
    ("coverage.print", "Imprimer", "Print"),
    (
        "coverage.sheet_title",
        "Bénévoles à {} : comment les contacter",
        "Volunteers at {}: how to reach them",
    ),
    (
        "coverage.sheet.visits",
        "Pour recevoir la visite d'un visiteur ou d'une visiteuse de prison",
        "To be visited by a prison visitor",
    ),
    (
        "coverage.sheet.courses",
        "Pour suivre des cours par correspondance, gratuits",
        "To take free correspondence courses",
    ),
    (
        "coverage.sheet.present",
        "Demandez au SPIP ou écrivez à l'un des bénévoles présents ici :",
        "Ask the probation service or write to one of the volunteers present here:",
    ),
    (
        "coverage.sheet.absent",
        "Aucun bénévole n'est présent ici pour l'instant : écrivez directement à l'association.",
        "No volunteer is present here yet: write to the organisation directly.",
    ),
    ("coverage.sheet.write", "Adresse", "Address"),
    (
        "coverage.present_here",
        "Bénévoles présents ici",
        "Volunteers present here",
    ),
];
