//! Training in use (for `passerelle demo`): the European coordinator
//! programme kept by ANVP and Auxilia's correspondent programme; past
//! sessions with attendance, certificates and qualifications (some about
//! to expire); upcoming sessions opened to the partner, with approvals to
//! give and a waiting list; a required qualification and training needs.
//! Made through the same actions as the pages wherever the rules allow
//! (enrolments in past sessions are written directly, the deadline being over).

use chrono::{Duration, NaiveDate};

use super::cooperation::signed_in;
use crate::auth::SignedIn;
use crate::db::timestamp;
use crate::error::AppResult;
use crate::state::AppState;
use crate::training::actions::{
    self, EnrolInput, EnrolmentStep, ModuleInput, NeedInput, PartnerInput, ProgrammeInput, SessionInput,
};
use crate::training::rules;

const GUIDE: &str = "Ce programme s'adresse aux bénévoles qui coordonnent une équipe intervenant en détention : \
correspondant·es locaux, responsables de section, délégué·es régionaux. Il reprend les standards minimaux \
communs de formation des bénévoles en prison définis au niveau européen.

Chaque module alterne apports, études de cas et mises en situation. Les formateur·rices veillent à ce que \
chacun·e reparte avec des outils utilisables dès le lendemain : trames d'entretien, fiches de liaison avec \
le SPIP, tableaux de suivi d'équipe.

La validation d'un module suppose la présence à toutes ses journées ; le module de coordination comporte \
en outre une courte évaluation écrite. Les attestations portent un code vérifiable en ligne.";

/// (title, outcomes, hours, assessment, qualification, validity in months)
type ModuleSpec = (&'static str, &'static str, i64, bool, &'static str, Option<i64>);

const COORDINATOR_MODULES: &[ModuleSpec] = &[
    (
        "Le cadre pénitentiaire et le rôle du bénévole",
        "Situer les acteurs : direction, SPIP, surveillants, associations\nConnaître les règles d'accès et de confidentialité",
        6,
        false,
        "Bénévole formé·e au cadre pénitentiaire",
        Some(36),
    ),
    (
        "Écoute active et posture",
        "Écouter sans juger\nPoser des limites\nSe protéger émotionnellement",
        12,
        false,
        "",
        None,
    ),
    (
        "Coordonner une équipe de bénévoles",
        "Accueillir et accompagner les nouveaux bénévoles\nAnimer une réunion d'équipe\nSuivre l'activité",
        6,
        true,
        "Coordinateur·rice de bénévoles",
        Some(36),
    ),
    (
        "Travailler avec le SPIP et les partenaires",
        "Orienter vers les partenaires\nRendre compte au SPIP",
        3,
        false,
        "",
        None,
    ),
];

async fn programme(
    state: &AppState,
    by: &SignedIn,
    organisation: i64,
    title: &str,
    guide: &str,
    modules: &[ModuleSpec],
) -> AppResult<Vec<i64>> {
    let input = ProgrammeInput {
        organisation_id: organisation,
        title: title.into(),
        summary: "Programme européen de formation des coordinateur·rices de bénévoles en prison".into(),
        guide: guide.into(),
    };
    let id = actions::create_programme(state, by, "demo", &input).await?;
    let mut ids = Vec::new();
    for (title, outcomes, hours, assessment, qualification, validity) in modules {
        let module = ModuleInput {
            title: (*title).into(),
            outcomes: (*outcomes).into(),
            hours: *hours,
            language: "fr".into(),
            prerequisites: String::new(),
            min_attendance: 100,
            assessment: *assessment,
            qualification: (*qualification).into(),
            validity_months: *validity,
        };
        ids.push(actions::add_module(state, by, "demo", id, &module).await?);
    }
    Ok(ids)
}

/// A session of `modules` on `first`..`last`, with its partner's seats.
#[allow(clippy::too_many_arguments)]
async fn session(
    state: &AppState,
    by: &SignedIn,
    (organiser, partner): (i64, i64),
    title: &str,
    modules: Vec<i64>,
    (first, last): (NaiveDate, NaiveDate),
    place: &str,
    (capacity, partner_seats): (i64, i64),
    (cost_cents, sharing, partner_percent): (i64, &str, Option<i64>),
) -> AppResult<i64> {
    let input = SessionInput {
        organisation_id: organiser,
        title: title.into(),
        module_ids: modules,
        first_day: Some(first),
        last_day: Some(last),
        starts: "09:30".into(),
        ends: "17:00".into(),
        time_zone: "Europe/Paris".into(),
        place: if place.starts_with("https://") {
            String::new()
        } else {
            place.into()
        },
        online_link: if place.starts_with("https://") {
            place.into()
        } else {
            String::new()
        },
        language: "fr".into(),
        capacity,
        registration_deadline: Some(first - Duration::days(7)),
        cost_cents,
        cost_sharing: sharing.into(),
    };
    let id = actions::create_session(state, by, "demo", &input).await?;
    let partner = PartnerInput {
        organisation_id: partner,
        seats: partner_seats,
        share_percent: partner_percent,
    };
    actions::open_to(state, by, "demo", id, &partner).await?;
    Ok(id)
}

/// Enrols people in a past session (its deadline is over, so not through
/// the action), approved, holding a seat.
async fn enrol_past(state: &AppState, session: i64, people: &[(i64, i64)], at: &str) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for (person, organisation) in people {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_enrolments (session_id, person_id, organisation_id, state, queued_at, approved_at, \
             created_at, updated_at) VALUES ($1, $2, $3, 'enrolled', $4, $4, $4, $4) RETURNING id",
        )
        .bind(session)
        .bind(person)
        .bind(organisation)
        .bind(at)
        .fetch_one(&state.db.pool)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Marks attendance, records completions and dates them on the session's last day.
async fn complete_past(
    state: &AppState,
    by: &SignedIn,
    enrolments: &[i64],
    first: NaiveDate,
    last: NaiveDate,
    absent: usize,
) -> AppResult<()> {
    for (i, enrolment) in enrolments.iter().enumerate() {
        for day in rules::days(first, last) {
            let present = !(i == absent && day == last);
            actions::mark(state, by, "demo", *enrolment, day, present).await?;
        }
        if i != absent {
            actions::complete(state, by, "demo", *enrolment, true).await?;
        }
    }
    let completions: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT c.id, m.validity_months FROM training_completions c JOIN training_modules m ON m.id = c.module_id \
         WHERE c.enrolment_id IN (SELECT id FROM training_enrolments WHERE session_id = \
         (SELECT session_id FROM training_enrolments WHERE id = $1))",
    )
    .bind(enrolments.first().copied().unwrap_or_default())
    .fetch_all(&state.db.pool)
    .await?;
    for (completion, validity) in completions {
        sqlx::query("UPDATE training_completions SET completed_on = $1 WHERE id = $2")
            .bind(last.to_string())
            .bind(completion)
            .execute(&state.db.pool)
            .await?;
        sqlx::query("UPDATE qualifications SET granted_on = $1, expires_on = $2 WHERE completion_id = $3")
            .bind(last.to_string())
            .bind(rules::expires_on(last, validity).map(|d| d.to_string()))
            .bind(completion)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(())
}

async fn people(state: &AppState, domain: &str, n: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT p.id FROM persons p JOIN memberships m ON m.person_id = p.id \
         WHERE p.email LIKE $1 AND m.role = 'volunteer' ORDER BY p.id LIMIT $2",
    )
    .bind(format!("%@{domain}"))
    .bind(n)
    .fetch_all(&state.db.pool)
    .await?)
}

/// Adds the training showcase unless a programme exists; the number of sessions created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM training_programmes LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let anvp_coordinator = signed_in(state, "coordinator@passerelle.demo").await?;
    let auxilia_coordinator = signed_in(state, "coordinator.auxilia@passerelle.demo").await?;
    let auxilia_admin = signed_in(state, "national.auxilia@passerelle.demo").await?;
    let org = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    let (anvp, auxilia) = (org("ANVP").await?, org("AUXILIA").await?);
    let person = |email: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM persons WHERE email = $1")
            .bind(email)
            .fetch_one(&state.db.pool)
            .await
    };
    let visitor = person("visitor@passerelle.demo").await?;
    let correspondent = person("correspondent@passerelle.demo").await?;
    let today = state.clock.now().date_naive();
    let now = timestamp(state.clock.now());

    let coordinator_modules = programme(
        state,
        &anvp_coordinator,
        anvp,
        "Coordinateur·rice de bénévoles en prison",
        GUIDE,
        COORDINATOR_MODULES,
    )
    .await?;
    let correspondent_modules = programme(
        state,
        &auxilia_coordinator,
        auxilia,
        "Correspondant·e d'établissement",
        "Le rôle du ou de la correspondant·e : relais entre les apprenants détenus, l'établissement et les bénévoles correcteurs.",
        &[(
            "Accompagner un apprenant détenu",
            "Présenter l'offre de cours\nSuivre la progression\nOrganiser les examens",
            6,
            false,
            "Correspondant·e formé·e",
            Some(24),
        )],
    )
    .await?;

    // Three months ago in Paris: two modules, ANVP and three Auxilia seats.
    let (first, last) = (today - Duration::days(90), today - Duration::days(89));
    let past = session(
        state,
        &anvp_coordinator,
        (anvp, auxilia),
        "Cadre et écoute — Paris",
        coordinator_modules[..2].to_vec(),
        (first, last),
        "ANVP, 1 bis rue Robert Lindet, Paris 15e",
        (12, 3),
        (90_000, "per_seat", None),
    )
    .await?;
    let mut learners: Vec<(i64, i64)> = vec![(visitor, anvp)];
    learners.extend(people(state, "anvp.demo", 4).await?.into_iter().map(|p| (p, anvp)));
    learners.push((correspondent, auxilia));
    learners.extend(
        people(state, "auxilia.demo", 2)
            .await?
            .into_iter()
            .map(|p| (p, auxilia)),
    );
    let enrolled = enrol_past(state, past, &learners, &now).await?;
    complete_past(state, &anvp_coordinator, &enrolled, first, last, 2).await?;

    // Nearly two years ago at Auxilia: qualifications that expire within a month.
    let day = today - Duration::days(700);
    let old = session(
        state,
        &auxilia_coordinator,
        (auxilia, anvp),
        "Accompagner un apprenant — Boulogne",
        correspondent_modules.clone(),
        (day, day),
        "Auxilia, Boulogne-Billancourt",
        (10, 2),
        (40_000, "equal", None),
    )
    .await?;
    let mut learners: Vec<(i64, i64)> = vec![(correspondent, auxilia)];
    learners.extend(
        people(state, "auxilia.demo", 3)
            .await?
            .into_iter()
            .map(|p| (p, auxilia)),
    );
    let enrolled = enrol_past(state, old, &learners, &now).await?;
    complete_past(state, &auxilia_coordinator, &enrolled, day, day, usize::MAX).await?;

    // In three weeks: coordination, cost shared 70/30, three Auxilia seats,
    // one approval to give and one person waiting.
    let (first, last) = (today + Duration::days(21), today + Duration::days(22));
    let next = session(
        state,
        &anvp_coordinator,
        (anvp, auxilia),
        "Coordonner une équipe — Paris",
        coordinator_modules[2..].to_vec(),
        (first, last),
        "ANVP, 1 bis rue Robert Lindet, Paris 15e",
        (10, 3),
        (120_000, "custom", Some(30)),
    )
    .await?;
    let visitor_in = signed_in(state, "visitor@passerelle.demo").await?;
    let own = EnrolInput {
        organisation_id: anvp,
        email: String::new(),
    };
    let (mine, _) = actions::enrol(state, &visitor_in, "demo", next, &own).await?;
    actions::step(state, &anvp_coordinator, "demo", mine, EnrolmentStep::Approve).await?;
    let correspondent_in = signed_in(state, "correspondent@passerelle.demo").await?;
    let theirs = EnrolInput {
        organisation_id: auxilia,
        email: String::new(),
    };
    actions::enrol(state, &correspondent_in, "demo", next, &theirs).await?;
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT p.email FROM persons p JOIN memberships m ON m.person_id = p.id \
         WHERE p.email LIKE '%@auxilia.demo' AND m.role = 'volunteer' AND m.ended_at IS NULL AND p.active = 1 \
         ORDER BY p.id DESC LIMIT 3",
    )
    .fetch_all(&state.db.pool)
    .await?;
    for email in emails {
        let input = EnrolInput {
            organisation_id: auxilia,
            email,
        };
        actions::enrol(state, &auxilia_coordinator, "demo", next, &input).await?;
    }

    // In six weeks, online: Auxilia's module opened to ANVP.
    let day = today + Duration::days(42);
    session(
        state,
        &auxilia_coordinator,
        (auxilia, anvp),
        "Accompagner un apprenant — en ligne",
        correspondent_modules,
        (day, day),
        "https://visio.auxilia.demo/formation",
        (15, 3),
        (0, "per_seat", None),
    )
    .await?;

    let requirement = actions::RequirementInput {
        organisation_id: auxilia,
        mission: "prison_correspondent".into(),
        qualification: "Correspondant·e formé·e".into(),
    };
    actions::set_requirement(state, &auxilia_admin, "demo", &requirement, true).await?;
    let paris: Option<i64> = sqlx::query_scalar("SELECT region_id FROM establishments WHERE city = 'Fresnes' LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    for (by, organisation, volunteers) in [(&anvp_coordinator, anvp, 25), (&auxilia_coordinator, auxilia, 8)] {
        let need = NeedInput {
            organisation_id: organisation,
            module_id: Some(coordinator_modules[1]),
            topic: String::new(),
            volunteers,
            region_id: paris,
            note: String::new(),
        };
        actions::submit_need(state, by, "demo", &need).await?;
    }
    Ok(4)
}
