//! The minimum standards as the demo shows them: VOLPRIS's programme
//! standard and training standard, in French and English; ANVP's
//! assessment, reviewed by Auxilia who disagrees on one requirement, and
//! Fundacja Sławek's in Poland, both shared with the network where it exists.

use super::cooperation::signed_in;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::standards::actions::{
    self, AnswerInput, AssessmentInput, FrameworkInput, ItemInput, ReviewInput, StepInput, Text,
};
use crate::state::AppState;

/// The qualification the first module of the coordinators' programme grants.
pub const TRAINED: &str = "Bénévole formé·e au cadre pénitentiaire";

fn text(language: &str, title: &str, guidance: &str, evidence: &str) -> Text {
    Text {
        language: language.into(),
        title: title.into(),
        guidance: guidance.into(),
        evidence: evidence.into(),
    }
}

/// A requirement: French and English titles and guidance, and its figure if any.
type Requirement = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, i64)>,
);

/// The programme standard: areas (French, English) and their requirements.
const PROGRAMME: &[((&str, &str), &[Requirement])] = &[
    (
        ("Recrutement et agrément", "Recruitment and authorisation"),
        &[
            (
                "Chaque bénévole actif a un agrément valide",
                "Every active volunteer holds a valid authorisation",
                "Aucun bénévole n'intervient en détention sans l'agrément de l'administration.",
                "No volunteer works in prison without the administration's authorisation.",
                Some(("active_authorised", 95)),
            ),
            (
                "Un entretien précède toute candidature",
                "An interview comes before every application",
                "Le coordinateur rencontre chaque candidat avant de transmettre sa demande.",
                "The coordinator meets every candidate before filing their application.",
                None,
            ),
        ],
    ),
    (
        ("Formation et accompagnement", "Training and support"),
        &[
            (
                "Les bénévoles actifs sont formés au cadre pénitentiaire",
                "Active volunteers are trained in the prison setting",
                "La formation initiale est suivie avant la première visite ou dans l'année.",
                "Initial training is taken before the first visit or within the year.",
                Some(("active_authorised_qualified", 80)),
            ),
            (
                "Chaque bénévole a un référent joignable",
                "Every volunteer has a contact person they can reach",
                "Un coordinateur répond aux bénévoles après une visite difficile.",
                "A coordinator answers volunteers after a difficult visit.",
                None,
            ),
        ],
    ),
    (
        (
            "Partenariat avec l'administration",
            "Partnership with the administration",
        ),
        &[(
            "Une convention fixe les engagements réciproques",
            "An agreement sets out mutual commitments",
            "Une convention signée et évaluée chaque année avec l'administration.",
            "An agreement signed and evaluated every year with the administration.",
            None,
        )],
    ),
];

/// Creates a framework as the platform, its areas and requirements, and publishes it; its version.
async fn framework(
    state: &AppState,
    platform: &SignedIn,
    kind: &str,
    (fr, en): (&str, &str),
    areas: &[((&str, &str), &[Requirement])],
    qualification: &str,
) -> AppResult<i64> {
    let keeper: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = 'VOLPRIS'")
        .fetch_optional(&state.db.pool)
        .await?
        .unwrap_or_default();
    let input = FrameworkInput {
        kind: kind.into(),
        keeper_id: (keeper > 0).then_some(keeper),
        validity_months: 24,
        texts: vec![text("fr", fr, "", ""), text("en", en, "", "")],
    };
    let version = actions::create_framework(state, platform, "demo", &input).await?;
    for ((area_fr, area_en), requirements) in areas {
        let area = ItemInput {
            texts: vec![text("fr", area_fr, "", ""), text("en", area_en, "", "")],
            ..ItemInput::default()
        };
        let area = actions::add_item(state, platform, "demo", version, &area).await?;
        for (title_fr, title_en, guidance_fr, guidance_en, figure) in *requirements {
            let requirement = ItemInput {
                area_id: Some(area),
                texts: vec![
                    text("fr", title_fr, guidance_fr, ""),
                    text("en", title_en, guidance_en, ""),
                ],
                figure: figure.map(|(f, _)| f.to_owned()),
                qualification: if figure.is_some_and(|(f, _)| f != "active_authorised") {
                    qualification.into()
                } else {
                    String::new()
                },
                module_id: None,
                target: figure.map(|(_, target)| target),
            };
            actions::add_item(state, platform, "demo", version, &requirement).await?;
        }
    }
    actions::publish(state, platform, "demo", version).await?;
    Ok(version)
}

/// The training standard: what a volunteer learns before the first visit.
const TRAINING: &[((&str, &str), &[Requirement])] = &[(
    ("Avant la première visite", "Before the first visit"),
    &[
        (
            "Les bénévoles agréés ont suivi la formation au cadre pénitentiaire",
            "Authorised volunteers have taken the training on the prison setting",
            "Règles de sécurité, confidentialité, rôle de chacun en détention.",
            "Security rules, confidentiality, who does what in prison.",
            Some(("authorised_qualified", 90)),
        ),
        (
            "Une visite accompagnée précède la première visite seule",
            "A visit with a mentor comes before the first visit alone",
            "Un bénévole expérimenté accompagne le nouveau bénévole.",
            "An experienced volunteer goes with the new volunteer.",
            None,
        ),
    ],
)];

/// Adds the standards unless there are some; the rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM standard_frameworks LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let platform = signed_in(state, "admin@passerelle.demo").await?;
    let programme = framework(
        state,
        &platform,
        "programme",
        (
            "Exigences minimales des programmes de bénévolat en détention",
            "Minimum requirements for volunteering programmes in prison settings",
        ),
        PROGRAMME,
        TRAINED,
    )
    .await?;
    let training = framework(
        state,
        &platform,
        "training",
        (
            "Formation minimale des bénévoles avant leur première visite",
            "Minimum training of volunteers before their first visit",
        ),
        TRAINING,
        TRAINED,
    )
    .await?;
    let id_of = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    let network: Option<i64> = sqlx::query_scalar("SELECT id FROM networks WHERE name = 'VOLPRIS.EU'")
        .fetch_optional(&state.db.pool)
        .await?;
    let (anvp, auxilia) = (id_of("ANVP").await?, id_of("AUXILIA").await?);
    let anvp_assessment = assess(state, &platform, programme, anvp, network).await?;
    actions::invite(state, &platform, "demo", anvp_assessment, auxilia).await?;
    let views: Vec<ReviewInput> = requirements(state, programme)
        .await?
        .into_iter()
        .enumerate()
        .map(|(n, requirement_id)| ReviewInput {
            requirement_id,
            agrees: Some(n != 1),
            comment: if n == 1 {
                "Les entretiens ne sont pas tracés : nous n'en avons vu la preuve que pour deux candidatures sur dix."
                    .into()
            } else {
                String::new()
            },
        })
        .collect();
    actions::review(state, &platform, "demo", anvp_assessment, auxilia, &views, true).await?;
    if let Ok(slawek) = id_of("SLAWEK").await {
        assess(state, &platform, programme, slawek, network).await?;
    }
    assess(state, &platform, training, auxilia, None).await?;
    Ok(2)
}

async fn requirements(state: &AppState, version: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM standard_items WHERE version_id = $1 AND area_id IS NOT NULL ORDER BY position",
    )
    .bind(version)
    .fetch_all(&state.db.pool)
    .await?)
}

/// An organisation's assessment: met everywhere but the last requirement,
/// met with conditions and planned; submitted and shared with `network`.
async fn assess(
    state: &AppState,
    platform: &SignedIn,
    version: i64,
    organisation: i64,
    network: Option<i64>,
) -> AppResult<i64> {
    let input = AssessmentInput {
        organisation_id: organisation,
        ..AssessmentInput::default()
    };
    let id = actions::start(state, platform, "demo", version, &input).await?;
    let requirements = requirements(state, version).await?;
    let last = requirements.last().copied();
    let answers: Vec<AnswerInput> = requirements
        .iter()
        .map(|r| AnswerInput {
            requirement_id: *r,
            status: if Some(*r) == last { "conditions" } else { "met" }.into(),
            evidence: "Procédure écrite, revue en comité de pilotage.".into(),
            link: String::new(),
        })
        .collect();
    actions::save_answers(state, platform, "demo", id, &answers).await?;
    let owner: i64 = sqlx::query_scalar(
        "SELECT person_id FROM memberships WHERE organisation_id = $1 AND role IN ('org_admin', 'coordinator') \
         AND ended_at IS NULL ORDER BY role, id LIMIT 1",
    )
    .bind(organisation)
    .fetch_one(&state.db.pool)
    .await?;
    let step = StepInput {
        requirement_id: last,
        text: "Faire signer la convention annuelle et fixer la date de son évaluation.".into(),
        owner_id: owner,
        due_on: Some(state.clock.now().date_naive() + chrono::Duration::days(90)),
    };
    actions::add_step(state, platform, "demo", id, &step).await?;
    actions::submit(state, platform, "demo", id).await?;
    if let Some(network) = network {
        actions::share(state, platform, "demo", id, &[network]).await?;
    }
    Ok(id)
}
