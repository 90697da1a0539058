//! Test data a test states for itself: `app.organisation("LIEN")
//! .coordinator("ana@lien.test").volunteer("ben@lien.test", "visitor")
//! .build()`, made with the demo's own functions and signing in with the
//! demo password.

use passerelle::audit::{Change, Write};

use crate::helpers::TestApp;

/// An organisation being described, with its members.
pub struct OrganisationBuilder<'a> {
    app: &'a TestApp,
    acronym: String,
    members: Vec<(String, &'static str, String)>,
}

/// What was made.
pub struct Organisation {
    pub id: i64,
}

impl TestApp {
    /// A volunteer organisation of France named `acronym`, with no member yet.
    pub fn organisation(&self, acronym: &str) -> OrganisationBuilder<'_> {
        OrganisationBuilder {
            app: self,
            acronym: acronym.to_owned(),
            members: Vec::new(),
        }
    }
}

impl OrganisationBuilder<'_> {
    /// A member with `role` (`coordinator`, `volunteer`, `staff`...) and `mission`.
    pub fn member(mut self, email: &str, role: &'static str, mission: &str) -> Self {
        self.members.push((email.to_owned(), role, mission.to_owned()));
        self
    }

    pub fn coordinator(self, email: &str) -> Self {
        self.member(email, "coordinator", "other")
    }

    pub fn volunteer(self, email: &str, mission: &str) -> Self {
        self.member(email, "volunteer", mission)
    }

    pub async fn build(self) -> Organisation {
        let state = &self.app.state;
        let mut write = Write::begin(state, None, "test").await.unwrap();
        let name = format!("{} (test)", self.acronym);
        let id = passerelle::demo::organisation(&mut write, &self.acronym, &name, "volunteer_organisation", "FR")
            .await
            .unwrap()
            .expect("a new acronym");
        let hash = passerelle::auth::secrets::hash_password(crate::helpers::PASSWORD.into())
            .await
            .unwrap();
        for (email, role, mission) in &self.members {
            let person = (email.as_str(), email.as_str(), false);
            passerelle::demo::person(&mut write, person, &[(&self.acronym, role, mission)], &hash)
                .await
                .unwrap();
        }
        let change = Change::new(
            "test.seed",
            "organisation",
            id,
            Some(id),
            format!("{} for a test", self.acronym),
        );
        write.commit(change).await.unwrap();
        Organisation { id }
    }
}

/// An establishment being described, with volunteers authorised in it.
pub struct EstablishmentBuilder<'a> {
    app: &'a TestApp,
    country: String,
    detainees: i64,
    volunteers: i64,
}

impl TestApp {
    /// An open establishment of `country` holding `detainees`, in a region
    /// and of a kind made for the test.
    pub fn establishment(&self, country: &str, detainees: i64) -> EstablishmentBuilder<'_> {
        EstablishmentBuilder {
            app: self,
            country: country.to_owned(),
            detainees,
            volunteers: 0,
        }
    }
}

impl EstablishmentBuilder<'_> {
    /// `n` new volunteers of ANVP, each with an authorisation valid today there.
    pub fn volunteers(mut self, n: i64) -> Self {
        self.volunteers = n;
        self
    }

    /// The establishment's id.
    pub async fn build(self) -> i64 {
        let pool = &self.app.state.db.pool;
        let now = self.app.state.clock.now();
        let today = now.date_naive();
        let stamp = passerelle::db::timestamp(now);
        let country = self.country.as_str();
        let code = format!("{country}-TEST");
        for sql in [
            "INSERT INTO regions (country, code, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING",
            "INSERT INTO establishment_kinds (country, code, name_fr, name_en) VALUES ($1, $2, $2, $2) ON CONFLICT DO NOTHING",
        ] {
            sqlx::query(sql).bind(country).bind(&code).execute(pool).await.unwrap();
        }
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM establishments")
            .fetch_one(pool)
            .await
            .unwrap();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO establishments (code, name, country, kind_id, region_id, city, capacity, population, population_on, created_at, updated_at) \
             SELECT $1, $1, $2, k.id, r.id, 'Test', $3, $3, $4, $5, $5 FROM establishment_kinds k, regions r \
             WHERE k.country = $2 AND k.code = $6 AND r.country = $2 AND r.code = $6 RETURNING id",
        )
        .bind(format!("{code}-{n}"))
        .bind(country)
        .bind(self.detainees)
        .bind(today.to_string())
        .bind(&stamp)
        .bind(&code)
        .fetch_one(pool)
        .await
        .unwrap();
        let anvp = self.app.organisation_id("ANVP").await;
        for i in 0..self.volunteers {
            let person: i64 =
                sqlx::query_scalar("INSERT INTO persons (email, name, created_at) VALUES ($1, $1, $2) RETURNING id")
                    .bind(format!("volunteer{i}.{id}@test.example"))
                    .bind(&stamp)
                    .fetch_one(pool)
                    .await
                    .unwrap();
            let authorisation: i64 = sqlx::query_scalar(
                "INSERT INTO authorisations (person_id, organisation_id, country, filed_on, decision, decided_on, starts_on, expires_on, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'granted', $5, $5, $6, $7, $7) RETURNING id",
            )
            .bind(person)
            .bind(anvp)
            .bind(country)
            .bind((today - chrono::Duration::days(40)).to_string())
            .bind((today - chrono::Duration::days(10)).to_string())
            .bind((today + chrono::Duration::days(300)).to_string())
            .bind(&stamp)
            .fetch_one(pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO authorisation_establishments (authorisation_id, establishment_id) VALUES ($1, $2)",
            )
            .bind(authorisation)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
        }
        id
    }
}
