//! The demo dataset: organisations from the reference documents, one account
//! per role, the establishments of France and Poland. Seeding is idempotent: running it again changes nothing.

pub mod establishments;
mod europe;
mod people;

use crate::app::AppState;
use crate::audit::{Change, Write};
use crate::auth::secrets;
use crate::db::timestamp;
use crate::error::AppResult;

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

/// A demo account: email, name, what it shows, platform admin, memberships.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    platform_admin: bool,
    memberships: &'static [(&'static str, &'static str)],
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
        memberships: &[("ANVP", "org_admin")],
    },
    DemoAccount {
        email: "national.auxilia@passerelle.demo",
        name: "Marc Lefèvre",
        role: "organisation admin (Auxilia)",
        platform_admin: false,
        memberships: &[("AUXILIA", "org_admin")],
    },
    DemoAccount {
        email: "coordinator@passerelle.demo",
        name: "Sophie Durand",
        role: "coordinator (ANVP)",
        platform_admin: false,
        memberships: &[("ANVP", "coordinator")],
    },
    DemoAccount {
        email: "visitor@passerelle.demo",
        name: "Jean Petit",
        role: "volunteer (ANVP and Auxilia)",
        platform_admin: false,
        memberships: &[("ANVP", "volunteer"), ("AUXILIA", "volunteer")],
    },
    DemoAccount {
        email: "staff@passerelle.demo",
        name: "Nadia Roux",
        role: "prison staff (DAP)",
        platform_admin: false,
        memberships: &[("DAP", "prison_staff")],
    },
    DemoAccount {
        email: "observer@passerelle.demo",
        name: "Anna Kowalska",
        role: "observer (VOLPRIS)",
        platform_admin: false,
        memberships: &[("VOLPRIS", "observer")],
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

/// Creates what is missing of the demo dataset; the number of rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let mut write = Write::begin(state, None, "demo").await?;
    let now = timestamp(write.now());
    let mut created = 0;
    for (acronym, name, kind, country) in ORGANISATIONS {
        created += sqlx::query(
            "INSERT INTO organisations (name, acronym, kind, country, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (acronym) DO NOTHING",
        )
        .bind(*name)
        .bind(*acronym)
        .bind(*kind)
        .bind(*country)
        .bind(&now)
        .execute(write.conn())
        .await?
        .rows_affected();
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
        let person: i64 = sqlx::query_scalar(
            "INSERT INTO persons (email, name, password_hash, platform_admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(account.email)
        .bind(account.name)
        .bind(hash.clone())
        .bind(i64::from(account.platform_admin))
        .bind(&now)
        .fetch_one(write.conn())
        .await?;
        created += 1;
        for (acronym, role) in account.memberships {
            created += sqlx::query(
                "INSERT INTO memberships (person_id, organisation_id, role, started_at) \
                 SELECT $1, id, $2, $3 FROM organisations WHERE acronym = $4",
            )
            .bind(person)
            .bind(*role)
            .bind(&now)
            .bind(*acronym)
            .execute(write.conn())
            .await?
            .rows_affected();
        }
    }
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
