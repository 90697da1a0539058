//! The practice library as the demo shows it: a dozen practices of French,
//! Polish and Belgian organisations and administrations, in French, English
//! and Polish, and what others said of them.

use super::cooperation::signed_in;
use crate::error::AppResult;
use crate::practices::actions::{self, PracticeInput};
use crate::state::AppState;

/// Organisation, language, title, context, what is done, results, themes.
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const PRACTICES: &[Spec] = &[
    (
        "ANVP",
        "fr",
        "Le binôme de découverte pour les nouveaux visiteurs",
        "Les nouveaux visiteurs abandonnaient souvent dans les six premiers mois, seuls face à des situations difficiles.",
        "Chaque nouveau visiteur fait ses trois premières visites avec un visiteur expérimenté, puis un point mensuel pendant un an.",
        "Deux fois moins d'abandons la première année dans les sections qui l'ont adopté.",
        &["recruitment", "training", "visits"],
    ),
    (
        "ANVP",
        "fr",
        "Une permanence téléphonique après les visites difficiles",
        "Un visiteur qui sort d'une visite éprouvante n'a souvent personne à qui parler le soir même.",
        "Un coordinateur d'astreinte répond chaque soir de 18 h à 21 h ; les appels sont notés sans nom de personne détenue.",
        "Quarante appels la première année ; les visiteurs disent se sentir moins seuls.",
        &["coordination"],
    ),
    (
        "AUXILIA",
        "fr",
        "Corriger les cours à distance avec un correspondant sur place",
        "Les élèves détenus recevaient leurs corrections sans pouvoir poser de questions.",
        "Un correspondant d'établissement passe chaque mois voir les élèves et fait le lien avec les enseignants bénévoles.",
        "Le taux d'abandon des cours a baissé d'un tiers à Fresnes.",
        &["education", "coordination"],
    ),
    (
        "AUXILIA",
        "en",
        "Exam preparation weeks with the prison school",
        "Learners studying by correspondence sat national exams without ever meeting a teacher.",
        "Twice a year volunteer teachers spend a week in the establishment with the prison school, running mock exams.",
        "Pass rates rose from 48 % to 71 % over three years.",
        &["education", "partnership"],
    ),
    (
        "DAP",
        "fr",
        "Un interlocuteur unique pour les associations dans chaque établissement",
        "Les associations ne savaient pas à qui s'adresser pour une salle, un agrément, un incident.",
        "Chaque direction désigne un référent associations, connu de toutes, qui réunit les associations deux fois par an.",
        "Les délais d'agrément ont baissé de trois semaines en moyenne là où le référent existe.",
        &["partnership", "coordination"],
    ),
    (
        "DAP",
        "fr",
        "Préparer la sortie avec les bénévoles dès six mois avant",
        "Les personnes libérées perdaient le lien avec leur visiteur au moment où elles en avaient le plus besoin.",
        "Le SPIP signale les sorties prévues aux associations avec l'accord de la personne, qui choisit de garder ou non le lien.",
        "Un tiers des personnes accompagnées gardent un contact régulier six mois après leur sortie.",
        &["reentry", "partnership"],
    ),
    (
        "SLAWEK",
        "pl",
        "Mentoring po wyjściu z więzienia",
        "Osoby opuszczające zakład karny nie miały wsparcia w pierwszych tygodniach na wolności.",
        "Wolontariusz spotyka się z podopiecznym na trzy miesiące przed zwolnieniem i towarzyszy mu przez pół roku po wyjściu.",
        "Mniej powrotów do przestępstwa wśród uczestników programu.",
        &["reentry", "visits"],
    ),
    (
        "SLAWEK",
        "en",
        "Family days organised by volunteers",
        "Children visiting a parent in prison met them in a crowded, noisy visiting room.",
        "Four times a year volunteers organise an afternoon with games and a meal for detained parents and their children.",
        "Families ask for more; staff report calmer units in the following weeks.",
        &["families", "partnership"],
    ),
    (
        "SW",
        "pl",
        "Wspólne szkolenie wolontariuszy i funkcjonariuszy",
        "Wolontariusze i funkcjonariusze służby więziennej nie znali nawzajem swoich zadań.",
        "Jednodniowe szkolenie dla nowych wolontariuszy prowadzone wspólnie z funkcjonariuszami danego zakładu.",
        "Mniej nieporozumień przy wejściu do zakładu i lepsza współpraca.",
        &["training", "partnership"],
    ),
    (
        "VOL-BE",
        "fr",
        "Un carnet de bord partagé entre bénévoles",
        "Plusieurs bénévoles voyaient les mêmes personnes sans savoir ce que les autres avaient fait.",
        "Un carnet tenu par l'équipe, sans données sur les personnes détenues, note les activités, les difficultés et les idées.",
        "Les réunions d'équipe sont plus courtes et les nouveaux bénévoles s'intègrent plus vite.",
        &["coordination"],
    ),
    (
        "VOL-BE",
        "en",
        "Measuring what volunteering brings: a yearly survey",
        "The organisation could not tell funders what its volunteers achieved beyond hours.",
        "Each year volunteers, staff and, with their consent, detained people answer a short anonymous survey.",
        "Three years of comparable results, used in the partnership agreement's evaluation.",
        &["evaluation"],
    ),
    (
        "DG EPI",
        "fr",
        "Accueillir les bénévoles par une visite de l'établissement",
        "Les nouveaux bénévoles découvraient l'établissement le jour de leur première activité.",
        "Une visite guidée par un agent, avant la première activité, présente les lieux, les règles et les personnes à connaître.",
        "Moins d'incidents aux portes et des bénévoles plus à l'aise.",
        &["training", "recruitment"],
    ),
];

/// Adds the practices unless there are some; the rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM practices LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let platform = signed_in(state, "admin@passerelle.demo").await?;
    let mut created = Vec::new();
    for (acronym, language, title, context, what, results, themes) in PRACTICES {
        let organisation: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_optional(&state.db.pool)
            .await?;
        let Some(organisation) = organisation else { continue };
        let input = PracticeInput {
            organisation_id: organisation,
            language: (*language).into(),
            title: (*title).into(),
            context: (*context).into(),
            what: (*what).into(),
            results: (*results).into(),
            contact: "Coordination nationale".into(),
            themes: themes.iter().map(|t| (*t).to_owned()).collect(),
            ..PracticeInput::default()
        };
        created.push((*acronym, actions::create(state, &platform, "demo", &input).await?));
    }
    // Auxilia tried ANVP's first practice; ANVP comments on Auxilia's.
    let id = |acronym: &str| created.iter().find(|(a, _)| *a == acronym).map(|(_, id)| *id);
    let organisation = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    if let (Some(anvp_practice), Some(auxilia_practice)) = (id("ANVP"), id("AUXILIA")) {
        let text = "Nous l'avons repris pour nos correspondants : trois accompagnements avant d'aller seul.";
        actions::add_note(
            state,
            &platform,
            "demo",
            anvp_practice,
            organisation("AUXILIA").await?,
            "tried",
            text,
        )
        .await?;
        let text = "Très utile aussi pour nos visiteurs qui accompagnent des élèves.";
        actions::add_note(
            state,
            &platform,
            "demo",
            auxilia_practice,
            organisation("ANVP").await?,
            "comment",
            text,
        )
        .await?;
    }
    Ok(created.len() as u64)
}
