//! The ANVP–Auxilia partnership (for `passerelle demo`): the 2014–2019
//! convention (../shared/reference/convention-anvp-auxilia-2014.txt) with
//! its commitments summarised, follow-up notes and its five yearly
//! evaluations, and the renewed convention now in force. Made through the
//! same actions as the pages.

use chrono::{Datelike, NaiveDate};

use super::cooperation::signed_in;
use crate::agreements::actions::{self, AgreementInput, CommitmentInput, FollowUpInput, ItemInput, PartyInput};
use crate::agreements::rules;
use crate::audit::{Change, Write};
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::state::AppState;

/// (category position, commitment, responsible: "ANVP", "AUXILIA" or both when empty)
const COMMITMENTS: &[(usize, &str, &str)] = &[
    (
        0,
        "Le visiteur informe les personnes détenues des cours d'Auxilia (rencontre d'un correspondant ou courrier à la direction nationale).",
        "ANVP",
    ),
    (
        0,
        "Le correspondant Auxilia informe les personnes détenues de la possibilité de demander un visiteur.",
        "AUXILIA",
    ),
    (
        0,
        "Rechercher la présence des deux associations dans chaque établissement ; recenser d'abord les établissements non ou insuffisamment pourvus.",
        "",
    ),
    (
        0,
        "Là où Auxilia n'a pas de correspondant, un visiteur peut rencontrer un apprenant, avec l'aval du SPIP.",
        "ANVP",
    ),
    (
        1,
        "Établir au plan national une relation suivie avec l'administration et des positions communes dans ses réunions.",
        "",
    ),
    (
        1,
        "Rechercher au plan local des facilités de coopération avec les SPIP et les directions d'établissement.",
        "",
    ),
    (
        2,
        "Auxilia étudie, avec l'aide de l'ANVP, son adhésion au Groupe national de concertation prison.",
        "AUXILIA",
    ),
    (
        3,
        "Inciter les visiteurs et correspondants à adhérer aux deux associations.",
        "",
    ),
    (
        3,
        "Publier dans nos médias numériques les informations d'intérêt commun.",
        "",
    ),
    (
        3,
        "Participer ensemble aux réunions régulières organisées par les établissements.",
        "",
    ),
    (
        3,
        "Inviter systématiquement les correspondants homologues aux réunions nationales et régionales.",
        "",
    ),
    (
        4,
        "S'informer des formations engagées et les ouvrir aux bénévoles de l'autre association.",
        "",
    ),
    (
        4,
        "Réfléchir ensemble aux besoins de formation, à la pédagogie et aux financements.",
        "",
    ),
    (
        5,
        "Suivi thématique par catégorie d'engagement et évaluation à chaque date anniversaire.",
        "",
    ),
];

const NOTES: &[(usize, &str, &str)] = &[
    (
        0,
        "2015-03-12",
        "Recensement : 38 établissements sans correspondant Auxilia, 12 sans visiteur.",
    ),
    (
        3,
        "2015-06-20",
        "Article commun dans les lettres des deux associations.",
    ),
    (2, "2016-01-15", "Candidature d'Auxilia au GNCP déposée."),
    (
        4,
        "2016-10-04",
        "La formation « Écoute » de l'ANVP est ouverte à 6 correspondants Auxilia.",
    ),
    (
        0,
        "2018-05-30",
        "Nouveau recensement : 21 établissements sans correspondant Auxilia.",
    ),
];

/// The outcome of commitment `j` at evaluation `year` (from 0): mostly progressing.
fn outcome(year: usize, j: usize) -> rules::Outcome {
    use rules::Outcome::*;
    match (year + j) % 7 {
        0 => NotDone,
        1 | 2 => Partly,
        6 if j == 6 => NotApplicable,
        _ => Done,
    }
}

async fn convention(
    state: &AppState,
    admin: &SignedIn,
    (anvp, auxilia): (i64, i64),
    (title, starts, ends): (&str, NaiveDate, NaiveDate),
    replaces: Option<i64>,
) -> AppResult<(i64, Vec<i64>)> {
    let input = AgreementInput {
        title: title.into(),
        summary: "Promouvoir ensemble le droit aux visites et le droit à la formation des personnes placées sous main de justice.".into(),
        parties: vec![
            PartyInput {
                organisation_id: anvp,
                signatory: "Benoît Ballenghien".into(),
            },
            PartyInput {
                organisation_id: auxilia,
                signatory: "François Glaziou".into(),
            },
        ],
        signed_on: Some(starts),
        starts_on: Some(starts),
        ends_on: Some(ends),
        replaces_id: replaces,
        draft: false,
    };
    let id = actions::create(state, admin, "demo", &input).await?;
    let categories = crate::agreements::store::categories(&state.db, id).await?;
    let mut commitments = Vec::new();
    for (category, text, responsible) in COMMITMENTS {
        let responsible = match *responsible {
            "ANVP" => vec![anvp],
            "AUXILIA" => vec![auxilia],
            _ => Vec::new(),
        };
        let input = CommitmentInput {
            category_id: categories[*category].id,
            text: (*text).into(),
            responsible,
            indicators: String::new(),
        };
        commitments.push(actions::add_commitment(state, admin, "demo", id, &input).await?);
    }
    Ok((id, commitments))
}

/// Opens and closes the evaluations of the anniversaries before `today`.
async fn evaluate_past(
    state: &AppState,
    admin: &SignedIn,
    id: i64,
    commitments: &[i64],
    (starts, ends): (NaiveDate, NaiveDate),
) -> AppResult<()> {
    let today = state.clock.now().date_naive();
    for (year, day) in rules::anniversaries(starts, ends)
        .into_iter()
        .filter(|d| *d <= today)
        .enumerate()
    {
        let mut write = Write::begin(state, None, "demo").await?;
        let evaluation = actions::open_evaluation(&mut write, id, day).await?;
        write
            .commit(Change {
                action: "agreement.evaluation.open",
                object_type: "agreement",
                object_id: id.to_string(),
                organisation_id: None,
                summary: format!("evaluation of {day}"),
            })
            .await?;
        let Some(evaluation) = evaluation else { continue };
        let items: Vec<ItemInput> = commitments
            .iter()
            .enumerate()
            .map(|(j, c)| ItemInput {
                commitment_id: *c,
                outcome: Some(outcome(year, j).as_str().into()),
                comment: String::new(),
            })
            .collect();
        actions::evaluate(state, admin, "demo", (id, evaluation), &items, true).await?;
    }
    Ok(())
}

/// Adds the conventions unless one exists; how many were created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM agreements LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let admin = signed_in(state, "national.anvp@passerelle.demo").await?;
    let volunteer = signed_in(state, "visitor@passerelle.demo").await?;
    let org = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    let parties = (org("ANVP").await?, org("AUXILIA").await?);
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let first = (date(2014, 9, 1), date(2019, 8, 31));
    let (old, commitments) = convention(
        state,
        &admin,
        parties,
        ("Convention de partenariat ANVP – Auxilia 2014-2019", first.0, first.1),
        None,
    )
    .await?;
    evaluate_past(state, &admin, old, &commitments, first).await?;
    let categories = crate::agreements::store::categories(&state.db, old).await?;
    for (category, on, text) in NOTES {
        let input = FollowUpInput {
            category_id: Some(categories[*category].id),
            commitment_id: None,
            noted_on: on.parse().ok(),
            text: (*text).into(),
            link: String::new(),
        };
        actions::add_follow_up(state, &volunteer, "demo", old, &input).await?;
    }
    let today = state.clock.now().date_naive();
    let renewed_from = date(today.year() - 2, 9, 1);
    let renewed = (renewed_from, date(renewed_from.year() + 5, 8, 31));
    let title = format!(
        "Convention de partenariat ANVP – Auxilia {}-{}",
        renewed.0.year(),
        renewed.1.year()
    );
    let (new, commitments) = convention(state, &admin, parties, (&title, renewed.0, renewed.1), Some(old)).await?;
    evaluate_past(state, &admin, new, &commitments, renewed).await?;
    actions::add_post(
        state,
        &volunteer,
        "demo",
        new,
        "Journée commune des correspondants",
        "Les correspondants ANVP et Auxilia d'Île-de-France se retrouvent au printemps à Fresnes : inscriptions auprès des coordinateurs.",
    )
    .await?;
    Ok(2)
}
