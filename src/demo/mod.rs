//! The demo dataset: organisations from the reference documents, one account
//! per role, the establishments of France and Poland. Seeding is idempotent: running it again changes nothing.

mod agreements;
mod competences;
mod cooperation;
mod diagnoses;
pub mod establishments;
mod europe;
mod meetings;
mod people;
mod practices;
mod standards;
mod training;
mod volpris;

use crate::audit::{Change, Write};
use crate::auth::secrets;
use crate::db::timestamp;
use crate::error::AppResult;
use crate::state::AppState;

/// The password of every demo account (printed at start).
pub const DEMO_PASSWORD: &str = "passerelle-demo";

/// Organisations: acronym, name, kind, country.
const ORGANISATIONS: &[(&str, &str, &str, &str)] = &[
    (
        "DAP",
        "Direction de l'administration pénitentiaire",
        "prison_administration",
        "FR",
    ),
    (
        "ANVP",
        "Association nationale des visiteurs de personnes sous main de justice",
        "volunteer_organisation",
        "FR",
    ),
    (
        "AUXILIA",
        "Auxilia – enseignement à distance pour les personnes détenues",
        "volunteer_organisation",
        "FR",
    ),
    (
        "SW",
        "Służba Więzienna – administration pénitentiaire polonaise",
        "prison_administration",
        "PL",
    ),
    (
        "VOLPRIS",
        "Réseau VOLPRIS.EU – bénévolat en prison en Europe",
        "other",
        "BE",
    ),
    ("SLAWEK", "Fundacja Sławek", "volunteer_organisation", "PL"),
];

/// What the volunteer organisations offer, where detainees write to them,
/// and their coverage threshold (mission counted, detainees per volunteer).
const SERVICES: &[(&str, &str, &str, &str, Option<i64>)] = &[
    (
        "ANVP",
        "visits",
        "ANVP, 1 bis rue Robert Lindet, 75015 Paris",
        "visitor",
        Some(50),
    ),
    (
        "AUXILIA",
        "courses",
        "Auxilia, 30 rue de la Chapelle, 92100 Boulogne-Billancourt",
        "prison_correspondent",
        None,
    ),
    (
        "SLAWEK",
        "visits",
        "Fundacja Sławek, ul. Zamoyskiego 30, 03-801 Warszawa",
        "visitor",
        Some(100),
    ),
];

/// Valid authorisations of the demo accounts, so that a referral can be
/// sent, accepted and assigned in Fresnes: account, organisation, city.
const SHOWCASE: &[(&str, &str, &str)] = &[
    ("visitor@passerelle.demo", "ANVP", "Fresnes"),
    ("correspondent@passerelle.demo", "AUXILIA", "Fresnes"),
];

/// A demo account: email, name, what it shows, platform admin, memberships.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    platform_admin: bool,
    /// Organisation, role, mission.
    memberships: &'static [(&'static str, &'static str, &'static str)],
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@passerelle.demo",
        name: "Camille Martin",
        role: "platform admin",
        platform_admin: true,
        memberships: &[],
    },
    DemoAccount {
        email: "national.anvp@passerelle.demo",
        name: "Hélène Bernard",
        role: "organisation admin (ANVP)",
        platform_admin: false,
        memberships: &[("ANVP", "org_admin", "other")],
    },
    DemoAccount {
        email: "national.auxilia@passerelle.demo",
        name: "Marc Lefèvre",
        role: "organisation admin (Auxilia)",
        platform_admin: false,
        memberships: &[("AUXILIA", "org_admin", "other")],
    },
    DemoAccount {
        email: "coordinator@passerelle.demo",
        name: "Sophie Durand",
        role: "coordinator (ANVP)",
        platform_admin: false,
        memberships: &[("ANVP", "coordinator", "visitor")],
    },
    DemoAccount {
        email: "visitor@passerelle.demo",
        name: "Jean Petit",
        role: "volunteer (ANVP and Auxilia)",
        platform_admin: false,
        memberships: &[("ANVP", "volunteer", "visitor"), ("AUXILIA", "volunteer", "teacher")],
    },
    DemoAccount {
        email: "coordinator.auxilia@passerelle.demo",
        name: "Claire Fontaine",
        role: "coordinator (Auxilia)",
        platform_admin: false,
        memberships: &[("AUXILIA", "coordinator", "prison_correspondent")],
    },
    DemoAccount {
        email: "correspondent@passerelle.demo",
        name: "Luc Moreau",
        role: "prison correspondent (Auxilia)",
        platform_admin: false,
        memberships: &[("AUXILIA", "volunteer", "prison_correspondent")],
    },
    DemoAccount {
        email: "staff@passerelle.demo",
        name: "Nadia Roux",
        role: "prison staff (DAP)",
        platform_admin: false,
        memberships: &[("DAP", "prison_staff", "other")],
    },
    DemoAccount {
        email: "direction@passerelle.demo",
        name: "Paul Garnier",
        role: "organisation admin (DAP, the administration)",
        platform_admin: false,
        memberships: &[("DAP", "org_admin", "other")],
    },
    DemoAccount {
        email: "observer@passerelle.demo",
        name: "Anna Kowalska",
        role: "observer (VOLPRIS)",
        platform_admin: false,
        memberships: &[("VOLPRIS", "observer", "other")],
    },
];

/// Adds the demo volunteers and their authorisations (for `passerelle demo`;
/// tests start from [`seed`] alone); the number of rows created.
pub async fn seed_people(state: &AppState) -> AppResult<u64> {
    let mut write = Write::begin(state, None, "demo").await?;
    let created = people::seed(&mut write, state.clock.now().date_naive()).await?;
    if created > 0 {
        write.commit(people::change(created)).await?;
    }
    Ok(created)
}

/// Grants the [`SHOWCASE`] authorisations (for `passerelle demo` and the
/// tests of referrals, activities and coverage); the number of rows created.
pub async fn seed_showcase(state: &AppState) -> AppResult<u64> {
    let mut write = Write::begin(state, None, "demo").await?;
    let now = timestamp(write.now());
    let created = showcase(&mut write, state.clock.now().date_naive(), &now).await?;
    if created > 0 {
        write
            .commit(Change {
                action: "demo.showcase",
                object_type: "dataset",
                object_id: "showcase".into(),
                organisation_id: None,
                summary: format!("{created} showcase authorisation rows created"),
            })
            .await?;
    }
    Ok(created)
}

/// Everything `passerelle demo` shows, and with `europe` the benchmark
/// dataset, created where missing; statistics refreshed after a load. The
/// number of rows created.
pub async fn seed_all(state: &AppState, europe: bool) -> AppResult<u64> {
    let mut created = seed(state).await?
        + seed_people(state).await?
        + seed_showcase(state).await?
        + seed_cooperation(state).await?
        + seed_training(state).await?
        + seed_agreements(state).await?
        + seed_meetings(state).await?
        + seed_volpris(state).await?
        + seed_standards(state).await?
        + seed_practices(state).await?
        + seed_competences(state).await?
        + seed_diagnoses(state).await?;
    if europe {
        created += seed_europe(state).await? + seed_europe_activities(state).await?;
    }
    if created > 0 {
        state.db.analyze().await?;
    }
    Ok(created)
}

/// Adds the showcase volunteers' activity entries and referrals (for
/// `passerelle demo`); the number of rows created.
pub async fn seed_cooperation(state: &AppState) -> AppResult<u64> {
    cooperation::seed(state).await
}

/// Adds the ANVP–Auxilia conventions (2014–2019 with its evaluations, and
/// the renewed one in force); the number created.
pub async fn seed_agreements(state: &AppState) -> AppResult<u64> {
    agreements::seed(state).await
}

/// Adds the network and the meetings, upcoming and held; how many meetings were created.
pub async fn seed_meetings(state: &AppState) -> AppResult<u64> {
    meetings::seed(state).await
}

/// Adds the VOLPRIS network in France, Poland and Belgium, two years of its
/// activity and referrals, and its agreed indicators; the rows created.
pub async fn seed_volpris(state: &AppState) -> AppResult<u64> {
    volpris::seed(state).await
}

/// Adds the programme and training standards and assessments against
/// them, one reviewed by a peer; the number of frameworks created.
pub async fn seed_standards(state: &AppState) -> AppResult<u64> {
    standards::seed(state).await
}

/// Adds a dozen practices in three languages and notes on them; how many were created.
pub async fn seed_practices(state: &AppState) -> AppResult<u64> {
    practices::seed(state).await
}

/// Links the coordinators' modules to the competences they build and adds
/// a coordinator's self-assessment with gaps; the rows created.
pub async fn seed_competences(state: &AppState) -> AppResult<u64> {
    competences::seed(state).await
}

/// Adds ANVP's needs diagnosis, answered by three people; the rows created.
pub async fn seed_diagnoses(state: &AppState) -> AppResult<u64> {
    diagnoses::seed(state).await
}

/// Adds the training showcase (programmes, sessions past and upcoming,
/// certificates, qualifications, needs); the number of sessions created.
pub async fn seed_training(state: &AppState) -> AppResult<u64> {
    training::seed(state).await
}

/// Adds the benchmark dataset at European scale (about 1,600 establishments,
/// 100,000 volunteers); the number of rows created.
pub async fn seed_europe(state: &AppState) -> AppResult<u64> {
    let mut write = Write::begin(state, None, "demo").await?;
    let created = europe::seed(&mut write, state.clock.now().date_naive()).await?;
    if created > 0 {
        write
            .commit(Change {
                action: "demo.europe",
                object_type: "dataset",
                object_id: "europe".into(),
                organisation_id: None,
                summary: format!("{created} benchmark rows created"),
            })
            .await?;
    }
    Ok(created)
}

/// Adds the benchmark dataset's 5,000,000 activity entries, a country per
/// transaction; the number of rows created.
pub async fn seed_europe_activities(state: &AppState) -> AppResult<u64> {
    let mut created = 0;
    for country in europe::countries() {
        let mut write = Write::begin(state, None, "demo").await?;
        let rows = europe::activities(&mut write, country, state.clock.now().date_naive()).await?;
        if rows > 0 {
            write
                .commit(Change {
                    action: "demo.europe",
                    object_type: "dataset",
                    object_id: format!("activities-{country}"),
                    organisation_id: None,
                    summary: format!("{rows} benchmark activity entries created"),
                })
                .await?;
        }
        created += rows;
    }
    Ok(created)
}

/// Creates what is missing of the demo dataset; the number of rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let mut write = Write::begin(state, None, "demo").await?;
    let now = timestamp(write.now());
    let mut created = 0;
    for (acronym, name, kind, country) in ORGANISATIONS {
        created += u64::from(organisation(&mut write, acronym, name, kind, country).await?.is_some());
    }
    let mut hash: Option<String> = None;
    for account in ACCOUNTS {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE email = $1")
            .bind(account.email)
            .fetch_optional(write.conn())
            .await?;
        if exists.is_some() {
            continue;
        }
        if hash.is_none() {
            hash = Some(secrets::hash_password(DEMO_PASSWORD.into()).await?);
        }
        let hash = hash.as_deref().unwrap_or_default();
        let who = (account.email, account.name, account.platform_admin);
        person(&mut write, who, account.memberships, hash).await?;
        created += 1 + account.memberships.len() as u64;
    }
    created += services(&mut write, &now).await?;
    let reference = crate::establishments::store::reference(&state.db).await?;
    let establishments = establishments::generate(&reference);
    let outcome = crate::establishments::store::apply(&mut write, &state.db, &establishments).await?;
    created += (outcome.created + outcome.updated) as u64;
    if created > 0 {
        write
            .commit(Change {
                action: "demo.seed",
                object_type: "dataset",
                object_id: "demo".into(),
                organisation_id: None,
                summary: format!("{created} demo rows created"),
            })
            .await?;
    }
    Ok(created)
}

/// Adds an organisation unless one has its acronym; its id when added.
pub async fn organisation(
    write: &mut Write,
    acronym: &str,
    name: &str,
    kind: &str,
    country: &str,
) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO organisations (name, acronym, kind, country, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (acronym) DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(acronym)
    .bind(kind)
    .bind(country)
    .bind(timestamp(write.now()))
    .fetch_optional(write.conn())
    .await?)
}

/// Adds a person who signs in with `password_hash`, with their memberships
/// (organisation by acronym, role, mission); their id.
pub async fn person(
    write: &mut Write,
    (email, name, platform_admin): (&str, &str, bool),
    memberships: &[(&str, &str, &str)],
    password_hash: &str,
) -> AppResult<i64> {
    let now = timestamp(write.now());
    let person: i64 = sqlx::query_scalar(
        "INSERT INTO persons (email, name, password_hash, platform_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(i64::from(platform_admin))
    .bind(&now)
    .fetch_one(write.conn())
    .await?;
    for (acronym, role, mission) in memberships {
        sqlx::query(
            "INSERT INTO memberships (person_id, organisation_id, role, started_at, mission) \
             SELECT $1, id, $2, $3, $5 FROM organisations WHERE acronym = $4",
        )
        .bind(person)
        .bind(*role)
        .bind(&now)
        .bind(*acronym)
        .bind(*mission)
        .execute(write.conn())
        .await?;
    }
    Ok(person)
}

/// Services, addresses and coverage thresholds of the volunteer organisations.
async fn services(write: &mut Write, now: &str) -> AppResult<u64> {
    let mut created = 0;
    for (acronym, service, address, mission, per) in SERVICES {
        sqlx::query("UPDATE organisations SET service = $1, address = $2 WHERE acronym = $3 AND service = 'other'")
            .bind(*service)
            .bind(*address)
            .bind(*acronym)
            .execute(write.conn())
            .await?;
        created += sqlx::query(
            "INSERT INTO coverage_settings (organisation_id, mission, detainees_per_volunteer, minimum, updated_at) \
             SELECT id, $1, $2, 1, $3 FROM organisations WHERE acronym = $4 ON CONFLICT (organisation_id) DO NOTHING",
        )
        .bind(*mission)
        .bind(*per)
        .bind(now)
        .bind(*acronym)
        .execute(write.conn())
        .await?
        .rows_affected();
    }
    Ok(created)
}

/// The [`SHOWCASE`] authorisations, granted 200 days ago for two years.
async fn showcase(write: &mut Write, today: chrono::NaiveDate, now: &str) -> AppResult<u64> {
    let mut created = 0;
    for (email, acronym, city) in SHOWCASE {
        let found: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT p.id, o.id, (SELECT MIN(id) FROM establishments WHERE city = $3) FROM persons p, organisations o \
             WHERE p.email = $1 AND o.acronym = $2 AND NOT EXISTS (SELECT 1 FROM authorisations a \
             JOIN authorisation_establishments ae ON ae.authorisation_id = a.id JOIN establishments e ON e.id = ae.establishment_id \
             WHERE a.person_id = p.id AND a.organisation_id = o.id AND e.city = $3)",
        )
        .bind(*email)
        .bind(*acronym)
        .bind(*city)
        .fetch_optional(write.conn())
        .await?;
        let Some((person, organisation, establishment)) = found else {
            continue;
        };
        let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, decision, decided_on, \
             starts_on, expires_on, created_at, updated_at) \
             VALUES ($1, $2, 'FR', $3, 'granted', $4, $4, $5, $6, $6) RETURNING id",
        )
        .bind(person)
        .bind(organisation)
        .bind(day(-400))
        .bind(day(-200))
        .bind(day(530))
        .bind(now)
        .fetch_one(write.conn())
        .await?;
        sqlx::query("INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2)")
            .bind(id)
            .bind(establishment)
            .execute(write.conn())
            .await?;
        created += 2;
    }
    Ok(created)
}
