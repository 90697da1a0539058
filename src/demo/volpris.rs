//! The VOLPRIS network as the demo shows it: three prison administrations
//! and three volunteer organisations in France, Poland and Belgium; Belgian
//! establishments and volunteers; two years of monthly activity and of
//! referrals, so that every default indicator has a value and a trend; and
//! the indicator set every partner accepted.

use chrono::{Datelike, Duration, NaiveDate};

use super::cooperation::signed_in;
use crate::audit::{Change, Write};
use crate::db::timestamp;
use crate::error::AppResult;
use crate::indicators::publications::actions::{self as publications, Publishing};
use crate::indicators::rules::Period;
use crate::indicators::sets::actions::{self as sets, Proposal};
use crate::indicators::sets::rules::Forum;
use crate::networks::actions as networks;
use crate::state::AppState;

const NETWORK: &str = "VOLPRIS.EU";

/// Belgian prisons: code, name, region, capacity, people detained.
const BELGIUM: &[(&str, &str, &str, i64, i64)] = &[
    ("BE-HAREN", "Prison de Haren", "Bruxelles", 1190, 1265),
    ("BE-SAINT-GILLES", "Prison de Saint-Gilles", "Bruxelles", 550, 610),
    ("BE-LANTIN", "Prison de Lantin", "Wallonie", 700, 812),
    ("BE-MARCHE", "Prison de Marche-en-Famenne", "Wallonie", 312, 330),
    ("BE-ANDENNE", "Prison d'Andenne", "Wallonie", 400, 428),
    ("BE-BRUGGE", "Gevangenis Brugge", "Flandre", 850, 905),
    ("BE-GENT", "Gevangenis Gent", "Flandre", 250, 301),
    ("BE-ANTWERPEN", "Gevangenis Antwerpen", "Flandre", 440, 690),
];

const FIRST: &[&str] = &[
    "Lucas", "Emma", "Noah", "Louise", "Arthur", "Olivia", "Jules", "Elena", "Louis",
];
const LAST: &[&str] = &["Peeters", "Janssens", "Maes", "Jacobs", "Dubois", "Lambert", "Dupont"];

/// Belgian volunteers of VOL-BE.
const VOLUNTEERS: i64 = 45;
/// Months of activity, the current one included.
const MONTHS: i64 = 24;

/// Adds the network and what it compares unless it exists; the rows created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM networks WHERE name = $1")
        .bind(NETWORK)
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let today = state.clock.now().date_naive();
    let mut write = Write::begin(state, None, "demo").await?;
    let now = timestamp(write.now());
    let mut created = belgium(&mut write, today, &now).await?;
    created += activity(&mut write, today, &now).await?;
    created += referrals(&mut write, today).await?;
    write
        .commit(Change {
            action: "demo.volpris",
            object_type: "dataset",
            object_id: "volpris".into(),
            organisation_id: None,
            summary: format!("{created} rows of the VOLPRIS network's data created"),
        })
        .await?;
    Ok(created + network(state).await? + convention(state).await? + context(state).await?)
}

/// Context figures of the three countries, through the import as an
/// administrator would load them; approximate, marked as the demo's.
async fn context(state: &AppState) -> AppResult<u64> {
    let year = state.clock.now().year() - 1;
    let file = format!(
        "country,year,source,prison_population,capacity,inhabitants\n\
         FR,{year},SPACE I (demo figures),78500,62000,68400000\n\
         PL,{year},SPACE I (demo figures),73000,81000,36700000\n\
         BE,{year},SPACE I (demo figures),12800,11300,11800000\n"
    );
    let imported = crate::imports::import(
        state,
        crate::imports::Kind::Context,
        None,
        "demo",
        "context.csv",
        file.as_bytes(),
    )
    .await?;
    Ok(imported.map_or(0, |(outcome, _)| outcome.created as u64))
}

async fn exec(write: &mut Write, sql: &str) -> AppResult<u64> {
    Ok(sqlx::query(sql).execute(write.conn()).await?.rows_affected())
}

/// The Belgian administration, organisation, prisons and volunteers.
async fn belgium(write: &mut Write, today: NaiveDate, now: &str) -> AppResult<u64> {
    let mut created = 0;
    for (acronym, name, kind) in [
        (
            "DG EPI",
            "Direction générale des Établissements pénitentiaires",
            "prison_administration",
        ),
        ("VOL-BE", "Bénévoles en prison de Belgique", "volunteer_organisation"),
    ] {
        created += u64::from(super::organisation(write, acronym, name, kind, "BE").await?.is_some());
    }
    exec(
        write,
        "UPDATE organisations SET service = 'visits' WHERE acronym = 'VOL-BE'",
    )
    .await?;
    created += exec(write, "INSERT INTO establishment_kinds (country, code, name_fr, name_en) VALUES ('BE', 'PRISON', 'Prison', 'Prison') ON CONFLICT DO NOTHING").await?;
    for region in ["Bruxelles", "Wallonie", "Flandre"] {
        let code = region.to_uppercase();
        created += exec(
            write,
            &format!(
                "INSERT INTO regions (country, code, name) VALUES ('BE', '{code}', '{region}') ON CONFLICT DO NOTHING"
            ),
        )
        .await?;
    }
    for (code, name, region, capacity, population) in BELGIUM {
        created += sqlx::query(
            "INSERT INTO establishments (code, name, country, kind_id, region_id, city, capacity, population, population_on, created_at, updated_at) \
             SELECT $1, $2, 'BE', k.id, r.id, $3, $4, $5, $6, $7, $7 FROM establishment_kinds k, regions r \
             WHERE k.country = 'BE' AND k.code = 'PRISON' AND r.country = 'BE' AND r.name = $3 ON CONFLICT (code) DO NOTHING",
        )
        .bind(*code)
        .bind(*name)
        .bind(*region)
        .bind(*capacity)
        .bind(*population)
        .bind(today.to_string())
        .bind(now)
        .execute(write.conn())
        .await?
        .rows_affected();
    }
    let prisons: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM establishments WHERE country = 'BE' AND code LIKE 'BE-%' ORDER BY id")
            .fetch_all(write.conn())
            .await?;
    let organisation: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE acronym = 'VOL-BE'")
        .fetch_one(write.conn())
        .await?;
    for n in 0..VOLUNTEERS {
        let (first, last) = (FIRST[n as usize % FIRST.len()], LAST[n as usize % LAST.len()]);
        let person: i64 = sqlx::query_scalar(
            "INSERT INTO persons (email, name, created_at, languages) VALUES ($1, $2, $3, 'fr') RETURNING id",
        )
        .bind(format!(
            "{}.{}.{n}@volbe.demo",
            first.to_lowercase(),
            last.to_lowercase()
        ))
        .bind(format!("{first} {last}"))
        .bind(now)
        .fetch_one(write.conn())
        .await?;
        let role = if n < 4 { "coordinator" } else { "volunteer" };
        sqlx::query(
            "INSERT INTO memberships (person_id, organisation_id, role, started_at, mission) VALUES ($1, $2, $3, $4, 'visitor')",
        )
        .bind(person)
        .bind(organisation)
        .bind(role)
        .bind(now)
        .execute(write.conn())
        .await?;
        // Applications spread over two years, each decided within 20 to 90 days.
        let filed = today - Duration::days(40 + n * 15);
        let decided = filed + Duration::days(20 + (n * 7) % 70);
        let authorisation: i64 = sqlx::query_scalar(
            "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, decision, decided_on, starts_on, expires_on, created_at, updated_at) \
             VALUES ($1, $2, 'BE', $3, 'granted', $4, $4, $5, $6, $6) RETURNING id",
        )
        .bind(person)
        .bind(organisation)
        .bind(filed.to_string())
        .bind(decided.to_string())
        .bind((decided + Duration::days(730 + 365)).to_string())
        .bind(now)
        .fetch_one(write.conn())
        .await?;
        sqlx::query("INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2)")
            .bind(authorisation)
            .bind(prisons[n as usize % prisons.len()])
            .execute(write.conn())
            .await?;
        created += 4;
    }
    Ok(created)
}

/// Two years of monthly activity of the network's volunteers, a little
/// more each year: a visit (a corrected lesson for Auxilia's
/// correspondents) most months, while their authorisation is valid.
async fn activity(write: &mut Write, today: NaiveDate, now: &str) -> AppResult<u64> {
    exec(
        write,
        "CREATE TEMPORARY TABLE demo_days (k BIGINT PRIMARY KEY, m BIGINT NOT NULL, d TEXT NOT NULL)",
    )
    .await?;
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let mut days = Vec::new();
    for m in 0..MONTHS {
        let month = first - chrono::Months::new(m as u32);
        for day in 0..28 {
            let d = (month + Duration::days(day)).min(today);
            days.push(format!("({}, {m}, '{d}')", m * 28 + day));
        }
    }
    exec(
        write,
        &format!("INSERT INTO demo_days (k, m, d) VALUES {}", days.join(", ")),
    )
    .await?;
    // Two passes: the second only in the last year, for a rising trend.
    let created = exec(
        write,
        &format!(
            "WITH RECURSIVE pass(p) AS (SELECT 0 UNION ALL SELECT p + 1 FROM pass WHERE p < 1) \
             INSERT INTO activities (person_id, organisation_id, establishment_id, kind, done_on, people_met, minutes, note, recorded_by, created_at, updated_at) \
             SELECT a.person_id, a.organisation_id, ae.establishment_id, \
             CASE WHEN o.acronym = 'AUXILIA' THEN 'lesson_corrected' ELSE 'visit' END, demo_days.d, \
             1 + a.person_id % 3, 60 + ((a.person_id + demo_days.m) % 5) * 15, '', a.person_id, '{now}', '{now}' \
             FROM authorisations a JOIN organisations o ON o.id = a.organisation_id \
             JOIN authorisation_establishments ae ON ae.authorisation_id = a.id \
             CROSS JOIN pass JOIN demo_days ON demo_days.k = demo_days.m * 28 + (a.person_id * 7 + demo_days.m + pass.p * 11) % 28 \
             WHERE o.acronym IN ('ANVP', 'AUXILIA', 'SLAWEK', 'VOL-BE') AND a.decision = 'granted' \
             AND a.starts_on <= demo_days.d AND a.expires_on >= demo_days.d AND a.withdrawn_on IS NULL \
             AND (a.person_id + demo_days.m) % 3 <> 0 AND (pass.p = 0 OR (demo_days.m < 12 AND (a.person_id + demo_days.m) % 4 = 0))"
        ),
    )
    .await?;
    exec(write, "DROP TABLE demo_days").await?;
    Ok(created)
}

/// Two years of referrals from ANVP's visitors to Auxilia in French prisons,
/// accepted within days and closed months later; those closed before the
/// retention period hold no beneficiary data any more.
async fn referrals(write: &mut Write, today: NaiveDate) -> AppResult<u64> {
    let sender: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE email = 'visitor@passerelle.demo'")
        .fetch_one(write.conn())
        .await?;
    let coordinator: i64 =
        sqlx::query_scalar("SELECT id FROM persons WHERE email = 'coordinator.auxilia@passerelle.demo'")
            .fetch_one(write.conn())
            .await?;
    let (anvp, auxilia): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM organisations WHERE acronym = 'ANVP'), (SELECT id FROM organisations WHERE acronym = 'AUXILIA')",
    )
    .fetch_one(write.conn())
    .await?;
    let prisons: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM establishments WHERE country = 'FR' ORDER BY id LIMIT 40")
            .fetch_all(write.conn())
            .await?;
    let at = |day: NaiveDate| format!("{day}T10:00:00Z");
    let mut created = 0;
    for n in 0..48i64 {
        let submitted = today - Duration::days(20 + n * 15);
        let accepted = submitted + Duration::days(2 + (n * 5) % 19);
        let closed = accepted + Duration::days(60 + (n * 13) % 90);
        let (state, closed) = if closed < today {
            ("closed", Some(closed))
        } else {
            ("accepted", None)
        };
        let purged = closed.filter(|c| *c < today - Duration::days(365));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO referrals (kind, state, establishment_id, sender_id, sender_organisation_id, receiving_organisation_id, \
             beneficiary_ref, language, needs, consent_on, consent_by, outcome, created_at, submitted_at, waiting_since, accepted_at, \
             closed_at, purged_at, updated_at) \
             VALUES ('to_courses', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(state)
        .bind(prisons[n as usize % prisons.len()])
        .bind(sender)
        .bind(anvp)
        .bind(auxilia)
        .bind(purged.is_none().then(|| format!("VP-{:04}", 100 + n)))
        .bind(purged.is_none().then_some("fr"))
        .bind(purged.is_none().then_some("Cours de français écrit"))
        .bind(purged.is_none().then(|| submitted.to_string()))
        .bind(purged.is_none().then_some("Demo"))
        .bind(if closed.is_some() { "Inscrit à un cours" } else { "" })
        .bind(at(submitted))
        .bind(at(accepted))
        .bind(closed.map(at))
        .bind(purged.map(at))
        .bind(at(closed.unwrap_or(accepted)))
        .fetch_one(write.conn())
        .await?;
        let events = [
            ("submitted", Some(submitted), sender),
            ("accepted", Some(accepted), coordinator),
            ("closed", closed, coordinator),
        ];
        for (event, day, person) in events {
            let Some(day) = day else { continue };
            sqlx::query(
                "INSERT INTO referral_events (referral_id, state, person_id, at, note) VALUES ($1, $2, $3, $4, '')",
            )
            .bind(id)
            .bind(event)
            .bind(person)
            .bind(at(day))
            .execute(write.conn())
            .await?;
        }
        created += 1;
    }
    Ok(created)
}

/// The network, coordinated by VOLPRIS, its six partners, and the default
/// indicators they agreed.
async fn network(state: &AppState) -> AppResult<u64> {
    let platform = signed_in(state, "admin@passerelle.demo").await?;
    let id_of = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    let volpris = id_of("VOLPRIS").await?;
    let description = "Huit partenaires de cinq pays, administrations pénitentiaires et organisations de bénévoles, \
                       comparent leurs pratiques avec des indicateurs communs.";
    let network = networks::create_network(state, &platform, "demo", NETWORK, description, volpris).await?;
    let mut partners = Vec::new();
    for acronym in ["DAP", "ANVP", "SW", "SLAWEK", "DG EPI", "VOL-BE"] {
        let partner = id_of(acronym).await?;
        networks::request_membership(state, &platform, "demo", network, partner).await?;
        networks::decide_membership(state, &platform, "demo", network, partner, true).await?;
        partners.push(partner);
    }
    let indicators: Vec<i64> = sqlx::query_scalar("SELECT id FROM indicators ORDER BY position")
        .fetch_all(&state.db.pool)
        .await?;
    let proposal = Proposal {
        forum: Forum::Network(network),
        organisation: volpris,
        name: "Indicateurs communs VOLPRIS",
        indicators,
    };
    let set = sets::propose(state, &platform, "demo", proposal).await?;
    for partner in &partners {
        sets::answer(state, &platform, "demo", set, *partner, true, "").await?;
    }
    let last_year = Period::Year(state.clock.now().year() - 1).code();
    for partner in partners {
        let what = Publishing {
            network,
            organisation: partner,
            period: &last_year,
            commentary: "Chiffres de l'année écoulée, selon les indicateurs communs VOLPRIS.",
        };
        publications::publish(state, &platform, "demo", what).await?;
    }
    Ok(1)
}

/// The indicators ANVP and Auxilia agreed for their convention in force,
/// which its yearly evaluations show; none without the convention.
async fn convention(state: &AppState) -> AppResult<u64> {
    let agreement: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(a.id) FROM agreements a WHERE a.draft = 0 AND EXISTS (SELECT 1 FROM agreement_parties p \
         JOIN organisations o ON o.id = p.organisation_id WHERE p.agreement_id = a.id AND o.acronym = 'AUXILIA')",
    )
    .fetch_one(&state.db.pool)
    .await?;
    let Some(agreement) = agreement else { return Ok(0) };
    let anvp_admin = signed_in(state, "national.anvp@passerelle.demo").await?;
    let auxilia_admin = signed_in(state, "national.auxilia@passerelle.demo").await?;
    let organisation = |acronym: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = $1")
            .bind(acronym)
            .fetch_one(&state.db.pool)
            .await
    };
    let indicators: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM indicators WHERE code IN ('visits_per_active_volunteer', 'active_volunteers', 'referral_acceptance', \
         'days_to_acceptance', 'training_hours_per_volunteer', 'course_events_per_100_detainees')",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let proposal = Proposal {
        forum: Forum::Agreement(agreement),
        organisation: organisation("ANVP").await?,
        name: "Suivi de la convention ANVP – Auxilia",
        indicators,
    };
    let set = sets::propose(state, &anvp_admin, "demo", proposal).await?;
    let comment = "D'accord : ces indicateurs suivent nos engagements communs.";
    sets::answer(
        state,
        &auxilia_admin,
        "demo",
        set,
        organisation("AUXILIA").await?,
        true,
        comment,
    )
    .await?;
    Ok(1)
}
