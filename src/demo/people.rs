//! Demo volunteers and their authorisations, at the scale of the reference
//! documents: ANVP about 1,200 prison visitors of whom 135 local
//! correspondents, Auxilia about 1,000 volunteers of whom 80 prison
//! correspondents, and a Polish organisation; authorisations in every status.
//! Dates are set relative to today so that the statuses hold whenever the
//! demo is created. Demo volunteers cannot log in (no password).

use chrono::{Duration, NaiveDate};

use super::establishments::Dice;
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;

const FIRST: &[&str] = &[
    "Marie",
    "Jean",
    "Anne",
    "Michel",
    "Françoise",
    "Pierre",
    "Monique",
    "Philippe",
    "Catherine",
    "Alain",
    "Nicole",
    "Bernard",
    "Isabelle",
    "Jacques",
    "Christine",
    "Patrick",
    "Sylvie",
    "Daniel",
    "Martine",
    "Gérard",
    "Claire",
    "Yves",
    "Élisabeth",
    "Dominique",
    "Agnès",
    "Hervé",
    "Brigitte",
    "Thierry",
    "Odile",
    "Paul",
];
const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
];
const POLISH_FIRST: &[&str] = &[
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Marek",
    "Agnieszka",
    "Paweł",
];
const POLISH_LAST: &[&str] = &[
    "Nowak",
    "Kowalski",
    "Wiśniewska",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
];

/// One organisation's volunteers: acronym, email domain, country, how many,
/// how many coordinators (local correspondents), how many hold an authorisation.
struct Cohort {
    acronym: &'static str,
    domain: &'static str,
    country: &'static str,
    volunteers: usize,
    coordinators: usize,
    authorised: usize,
    /// The mission of the authorised ones (the others teach by correspondence).
    mission: &'static str,
}

const COHORTS: &[Cohort] = &[
    Cohort {
        acronym: "ANVP",
        domain: "anvp.demo",
        country: "FR",
        volunteers: 1190,
        coordinators: 135,
        authorised: 1190,
        mission: "visitor",
    },
    Cohort {
        acronym: "AUXILIA",
        domain: "auxilia.demo",
        country: "FR",
        volunteers: 1000,
        coordinators: 20,
        authorised: 80,
        mission: "prison_correspondent",
    },
    Cohort {
        acronym: "SLAWEK",
        domain: "slawek.demo",
        country: "PL",
        volunteers: 60,
        coordinators: 5,
        authorised: 60,
        mission: "visitor",
    },
];

/// (share in thousandths, status) of the authorisations created.
const STATUSES: &[(i64, &str)] = &[
    (690, "valid"),
    (80, "expiring"),
    (70, "expired"),
    (80, "in_progress"),
    (25, "suspended"),
    (25, "withdrawn"),
    (30, "refused"),
];

/// Creates the demo volunteers unless they exist; the number of rows created.
pub async fn seed(write: &mut Write, today: NaiveDate) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE email LIKE '%@anvp.demo' LIMIT 1")
        .fetch_optional(write.conn())
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let now = timestamp(write.now());
    let mut dice = Dice::new(1190);
    let mut created = 0u64;
    for cohort in COHORTS {
        let organisation: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = $1")
            .bind(cohort.acronym)
            .fetch_one(write.conn())
            .await?;
        let regions: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM regions WHERE country = $1 ORDER BY id")
            .bind(cohort.country)
            .fetch_all(write.conn())
            .await?;
        let mut sections = Vec::new();
        for (region, name) in &regions {
            let section: i64 =
                sqlx::query_scalar("INSERT INTO sections (organisation_id, name) VALUES ($1, $2) RETURNING id")
                    .bind(organisation)
                    .bind(format!("{} – {name}", cohort.acronym))
                    .fetch_one(write.conn())
                    .await?;
            created += sqlx::query(
                "INSERT INTO section_establishments (section_id, establishment_id) SELECT $1, id FROM establishments WHERE region_id = $2",
            )
            .bind(section)
            .bind(region)
            .execute(write.conn())
            .await?
            .rows_affected();
            let establishments: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM establishments WHERE region_id = $1 ORDER BY id")
                    .bind(region)
                    .fetch_all(write.conn())
                    .await?;
            sections.push((section, establishments));
        }
        for n in 0..cohort.volunteers {
            let (first, last) = if cohort.country == "PL" {
                (
                    POLISH_FIRST[n % POLISH_FIRST.len()],
                    POLISH_LAST[(n / POLISH_FIRST.len()) % POLISH_LAST.len()],
                )
            } else {
                (FIRST[n % FIRST.len()], LAST[(n / FIRST.len()) % LAST.len()])
            };
            let email = format!("{}.{}.{n}@{}", ascii(first), ascii(last), cohort.domain);
            let person: i64 = sqlx::query_scalar(
                "INSERT INTO persons (email, name, created_at, languages) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&email)
            .bind(format!("{first} {last}"))
            .bind(&now)
            .bind(if cohort.country == "PL" { "pl" } else { "fr" })
            .fetch_one(write.conn())
            .await?;
            let (section, establishments) = &sections[n % sections.len()];
            let coordinator = n < cohort.coordinators;
            sqlx::query(
                "INSERT INTO memberships (person_id, organisation_id, role, scope_kind, scope_section_id, started_at, mission) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(person)
            .bind(organisation)
            .bind(if coordinator { "coordinator" } else { "volunteer" })
            .bind(if coordinator { "section" } else { "organisation" })
            .bind(coordinator.then_some(*section))
            .bind(&now)
            .bind(if n < cohort.authorised { cohort.mission } else { "teacher" })
            .execute(write.conn())
            .await?;
            created += 2;
            if n < cohort.authorised && !establishments.is_empty() {
                let establishment = establishments[dice.between(0, establishments.len() as i64 - 1) as usize];
                created += authorisation(
                    write,
                    &mut dice,
                    today,
                    &now,
                    person,
                    organisation,
                    cohort.country,
                    establishment,
                )
                .await?;
            }
        }
    }
    Ok(created)
}

fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ç' => 'c',
            'ł' => 'l',
            'ś' => 's',
            'ń' => 'n',
            'ó' => 'o',
            'ż' | 'ź' => 'z',
            'ą' => 'a',
            'ę' => 'e',
            c => c,
        })
        .collect()
}

fn pick_status(dice: &mut Dice) -> &'static str {
    let mut roll = dice.between(0, 999);
    for (share, status) in STATUSES {
        if roll < *share {
            return status;
        }
        roll -= share;
    }
    "valid"
}

#[expect(clippy::too_many_arguments, reason = "one row of generated data and where it goes")]
async fn authorisation(
    write: &mut Write,
    dice: &mut Dice,
    today: NaiveDate,
    now: &str,
    person: i64,
    organisation: i64,
    country: &str,
    establishment: i64,
) -> AppResult<u64> {
    let status = pick_status(dice);
    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    // Days from today: when granted, and when it expires.
    let (granted, expires) = match status {
        "expiring" => {
            let left = dice.between(5, 55);
            (left - 730, left)
        }
        "expired" => {
            let ago = dice.between(10, 300);
            (-ago - 730, -ago)
        }
        _ => {
            let left = dice.between(70, 700);
            (left - 730, left)
        }
    };
    let waited = dice.between(90, 330);
    let filed = if status == "in_progress" {
        -dice.between(10, 200)
    } else {
        granted - waited
    };
    let decision = match status {
        "in_progress" => None,
        "refused" => Some("refused"),
        _ => Some("granted"),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, decision, decided_on, refusal_reason, \
         starts_on, expires_on, suspended_on, suspension_reason, withdrawn_on, withdrawal_reason, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(person)
    .bind(organisation)
    .bind(country)
    .bind(day(filed))
    .bind(decision)
    .bind(decision.map(|_| day(granted)))
    .bind(if status == "refused" { "avis défavorable de l'administration" } else { "" })
    .bind((decision == Some("granted")).then(|| day(granted)))
    .bind((decision == Some("granted")).then(|| day(expires)))
    .bind((status == "suspended").then(|| day(-dice.between(1, 40))))
    .bind(if status == "suspended" { "mesure conservatoire du chef d'établissement" } else { "" })
    .bind((status == "withdrawn").then(|| day(-dice.between(1, 200))))
    .bind(if status == "withdrawn" { "retrait décidé par la direction interrégionale" } else { "" })
    .bind(now)
    .fetch_one(write.conn())
    .await?;
    sqlx::query("INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2)")
        .bind(id)
        .bind(establishment)
        .execute(write.conn())
        .await?;
    let kinds: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM authorisation_step_kinds WHERE country = $1 ORDER BY position")
            .bind(country)
            .fetch_all(write.conn())
            .await?;
    let end = if decision.is_some() { granted } else { 0 };
    let done = if decision.is_some() {
        kinds.len()
    } else {
        dice.between(1, kinds.len() as i64 - 1) as usize
    };
    for (i, kind) in kinds.iter().take(done).enumerate() {
        let on = filed + (end - filed) * (i as i64 + 1) / kinds.len() as i64;
        sqlx::query(
            "INSERT INTO authorisation_steps (authorisation_id, step_kind_id, done_on, recorded_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(kind)
        .bind(day(on))
        .bind(now)
        .execute(write.conn())
        .await?;
    }
    Ok(2 + done as u64)
}

/// Records the demo people in the audit log.
pub fn change(created: u64) -> Change {
    Change {
        action: "demo.people",
        object_type: "dataset",
        object_id: "demo".into(),
        organisation_id: None,
        summary: format!("{created} demo rows created (volunteers, memberships, authorisations)"),
    }
}
