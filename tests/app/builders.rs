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
