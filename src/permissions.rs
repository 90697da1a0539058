//! Who may do what: every permission comes from a membership.
//!
//! Pure rules over plain types, deny by default. Every route asks
//! [`Actor::require`] before it reads or writes; the route × role matrix in
//! `tests/app/matrix.rs` checks each route against each role.

use crate::db::{Param, in_marks};
use crate::error::AppError;

text_enum! {
    /// What a volunteer does for one organisation (their role says what
    /// they may do in Passerelle).
    pub enum Mission ("mission") {
        Visitor = "visitor",
        PrisonCorrespondent = "prison_correspondent",
        Teacher = "teacher",
        Other = "other",
    }
}

/// A role inside one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Volunteer,
    Coordinator,
    OrgAdmin,
    PrisonStaff,
    /// Sees aggregates only, never personal data.
    Observer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Volunteer,
        Role::Coordinator,
        Role::OrgAdmin,
        Role::PrisonStaff,
        Role::Observer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::Coordinator => "coordinator",
            Self::OrgAdmin => "org_admin",
            Self::PrisonStaff => "prison_staff",
            Self::Observer => "observer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The catalogue key of the role's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Volunteer => "role.volunteer",
            Self::Coordinator => "role.coordinator",
            Self::OrgAdmin => "role.org_admin",
            Self::PrisonStaff => "role.prison_staff",
            Self::Observer => "role.observer",
        }
    }
}

/// What part of the organisation a membership covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Organisation,
    Section(i64),
    Establishments(Vec<i64>),
}

impl Scope {
    /// Does this scope cover an establishment that belongs to `sections`?
    pub fn covers(&self, establishment: i64, sections: &[i64]) -> bool {
        match self {
            Self::Organisation => true,
            Self::Section(id) => sections.contains(id),
            Self::Establishments(ids) => ids.contains(&establishment),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Organisation => "scope.organisation",
            Self::Section(_) => "scope.section",
            Self::Establishments(_) => "scope.establishments",
        }
    }
}

/// One active membership of the person acting.
#[derive(Clone, Debug)]
pub struct Membership {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_acronym: String,
    /// Whether the organisation is a prison administration.
    pub administration: bool,
    /// The organisation's country (ISO code).
    pub country: String,
    pub role: Role,
    pub scope: Scope,
}

/// The person acting, with what their memberships allow.
#[derive(Clone, Debug)]
pub struct Actor {
    pub person_id: i64,
    pub platform_admin: bool,
    pub memberships: Vec<Membership>,
}

/// Something a person may ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// The directory of organisations (names, kinds, countries).
    ViewOrganisations,
    CreateOrganisation,
    EditOrganisation(i64),
    /// The members of an organisation, with their roles.
    ViewMembers(i64),
    /// The audit log of one organisation.
    ViewAudit(i64),
    /// The whole audit log, every organisation.
    ViewAllAudit,
    /// The mail queue of the whole platform: what was sent, what failed.
    ManageMail,
    /// The live data: people, authorisations, referrals, activity, the
    /// census and the indicators computed from them. Observers see only
    /// the aggregates organisations published.
    ReadLiveData,
    /// Count a comparison's frozen indicators again from the data: costly,
    /// and it changes the figures everyone reads, so an administrator's call.
    RecountIndicators,
    /// Invite people into an organisation, change or end their memberships.
    ManageMembers(i64),
    /// Keep an organisation's programmes and sessions, enrol and approve
    /// its volunteers, take attendance and record completions.
    ManageTraining(i64),
    /// Organise an organisation's meetings: invite, take attendance, write minutes.
    OrganiseMeetings(i64),
    /// Give this role in this organisation (admins any role, coordinators volunteers).
    AssignRole(i64, Role),
    /// The register of establishments (public information).
    ViewEstablishments,
    /// Create, change and import establishments of a country.
    ManageEstablishments(&'a str),
    /// Read the authorisations of an organisation's volunteers in a country.
    ViewAuthorisations {
        organisation: i64,
        country: &'a str,
    },
    /// Record steps, suspensions of those authorisations.
    ManageAuthorisations {
        organisation: i64,
        country: &'a str,
    },
    /// Grant or refuse an application: the prison administration of its
    /// country decides, not the organisation that filed it.
    DecideAuthorisation {
        country: &'a str,
    },
    /// Create and edit a standards framework kept by this organisation
    /// (`None`: kept by the platform).
    KeepStandards(Option<i64>),
    /// Assess an organisation (or its section, or a prison it runs) against
    /// a standard, read its assessments, review another's when invited.
    AssessStandards(i64),
    /// Describe this organisation's practices in the library, comment on
    /// others' on its behalf.
    SharePractices(i64),
    /// Open a needs diagnosis of this organisation (or of a prison its
    /// administration runs), close it, read its report.
    DiagnoseNeeds(i64),
}

impl Actor {
    fn has_role(&self, organisation: i64, roles: &[Role]) -> bool {
        self.memberships
            .iter()
            .any(|m| m.organisation_id == organisation && roles.contains(&m.role))
    }

    /// Deny by default: only what is listed here is allowed.
    pub fn can(&self, action: Action<'_>) -> bool {
        if self.platform_admin {
            return true;
        }
        match action {
            Action::ViewOrganisations => true,
            Action::CreateOrganisation | Action::ViewAllAudit | Action::ManageMail => false,
            Action::ReadLiveData => self.memberships.iter().any(|m| m.role != Role::Observer),
            Action::RecountIndicators => self.memberships.iter().any(|m| m.role == Role::OrgAdmin),
            Action::EditOrganisation(org) | Action::ViewAudit(org) => self.has_role(org, &[Role::OrgAdmin]),
            Action::ViewMembers(org) => self.has_role(org, &[Role::OrgAdmin, Role::Coordinator]),
            Action::ManageMembers(org) | Action::ManageTraining(org) => {
                self.has_role(org, &[Role::OrgAdmin, Role::Coordinator])
            }
            // Prison staff only belong to administrations: there they organise.
            Action::OrganiseMeetings(org) => {
                self.has_role(org, &[Role::OrgAdmin, Role::Coordinator, Role::PrisonStaff])
            }
            Action::AssignRole(org, role) => {
                self.has_role(org, &[Role::OrgAdmin])
                    || (role == Role::Volunteer && self.has_role(org, &[Role::Coordinator]))
            }
            Action::ViewEstablishments => true,
            Action::ManageEstablishments(country) => self.administers(country, &[Role::OrgAdmin]),
            Action::ViewAuthorisations { organisation, country }
            | Action::ManageAuthorisations { organisation, country } => {
                self.has_role(organisation, &[Role::OrgAdmin, Role::Coordinator])
                    || self.administers(country, &[Role::OrgAdmin, Role::PrisonStaff])
            }
            Action::DecideAuthorisation { country } => self.administers(country, &[Role::OrgAdmin, Role::PrisonStaff]),
            Action::KeepStandards(keeper) => keeper.is_some_and(|org| self.has_role(org, &[Role::OrgAdmin])),
            Action::AssessStandards(org) | Action::SharePractices(org) | Action::DiagnoseNeeds(org) => {
                self.has_role(org, &[Role::OrgAdmin, Role::Coordinator, Role::PrisonStaff])
            }
        }
    }

    /// Holds one of `roles` in a prison administration of `country`.
    fn administers(&self, country: &str, roles: &[Role]) -> bool {
        self.memberships
            .iter()
            .any(|m| m.administration && m.country == country && roles.contains(&m.role))
    }

    /// The organisations whose members this person may list.
    pub fn member_organisations(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .memberships
            .iter()
            .filter(|m| self.can(Action::ViewMembers(m.organisation_id)))
            .map(|m| m.organisation_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The organisations whose volunteers' authorisations this person follows.
    pub fn followed_organisations(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .memberships
            .iter()
            .filter(|m| matches!(m.role, Role::OrgAdmin | Role::Coordinator) && !m.administration)
            .map(|m| m.organisation_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The countries whose authorisations this person sees as prison administration.
    pub fn administered_countries(&self) -> Vec<String> {
        let mut countries: Vec<String> = self
            .memberships
            .iter()
            .filter(|m| m.administration && matches!(m.role, Role::OrgAdmin | Role::PrisonStaff))
            .map(|m| m.country.clone())
            .collect();
        countries.sort_unstable();
        countries.dedup();
        countries
    }

    pub fn require(&self, action: Action<'_>) -> Result<(), AppError> {
        if self.can(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The memberships through which `self` acts as a volunteer: in a
    /// volunteer organisation (not an administration), not as an observer.
    /// Referrals and activities are made through these.
    pub fn acting_memberships(&self) -> impl Iterator<Item = &Membership> {
        self.memberships
            .iter()
            .filter(|m| !m.administration && m.role != Role::Observer)
    }

    /// Whether `self` records activity: through an acting membership.
    pub fn records_activity(&self) -> bool {
        self.acting_memberships().next().is_some()
    }

    /// Whether the actor coordinates `establishment` for `organisation`
    /// (`sections`: those the establishment belongs to). The same rule as
    /// [`Actor::coordinated_sql`], for one row already loaded; a test holds
    /// the two together over the demo.
    pub fn coordinates(&self, organisation: i64, establishment: i64, sections: &[i64]) -> bool {
        self.memberships.iter().filter(|m| !m.administration).any(|m| {
            m.organisation_id == organisation
                && match (m.role, &m.scope) {
                    (Role::OrgAdmin, _) => true,
                    (Role::Coordinator, scope) => scope.covers(establishment, sections),
                    _ => false,
                }
        })
    }

    /// The SQL form of "coordinates this": a condition on an organisation
    /// column and an establishment column that holds for the rows of the
    /// organisations `self` administers or coordinates, within a
    /// coordinator's section or establishments. `None` when there are none.
    pub fn coordinated_sql(&self, organisation: &str, establishment: &str) -> Option<(String, Vec<Param>)> {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        for m in self.memberships.iter().filter(|m| !m.administration) {
            match (m.role, &m.scope) {
                (Role::OrgAdmin, _) | (Role::Coordinator, Scope::Organisation) => {
                    clauses.push(format!("{organisation} = ?"));
                    params.push(Param::Int(m.organisation_id));
                }
                (Role::Coordinator, Scope::Section(section)) => {
                    clauses.push(format!(
                        "({organisation} = ? AND {establishment} IN \
                         (SELECT establishment_id FROM section_establishments WHERE section_id = ?))"
                    ));
                    params.extend([Param::Int(m.organisation_id), Param::Int(*section)]);
                }
                (Role::Coordinator, Scope::Establishments(ids)) if !ids.is_empty() => {
                    clauses.push(format!(
                        "({organisation} = ? AND {establishment} IN ({}))",
                        in_marks(ids.len())
                    ));
                    params.push(Param::Int(m.organisation_id));
                    params.extend(ids.iter().copied().map(Param::Int));
                }
                _ => {}
            }
        }
        (!clauses.is_empty()).then(|| (clauses.join(" OR "), params))
    }

    pub fn audited_organisations(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .memberships
            .iter()
            .filter(|m| self.can(Action::ViewAudit(m.organisation_id)))
            .map(|m| m.organisation_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// A person with these memberships (organisation, role), for the tests of
/// rules: organisations from 100 up are prison administrations.
#[cfg(test)]
pub(crate) fn test_actor(person: i64, memberships: &[(i64, Role)]) -> Actor {
    Actor {
        person_id: person,
        platform_admin: false,
        memberships: memberships
            .iter()
            .enumerate()
            .map(|(i, (org, role))| Membership {
                id: i as i64,
                organisation_id: *org,
                organisation_acronym: format!("O{org}"),
                administration: *org >= 100,
                country: "FR".into(),
                role: *role,
                scope: Scope::Organisation,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(memberships: &[(i64, Role)]) -> Actor {
        test_actor(1, memberships)
    }

    #[test]
    fn an_admin_edits_only_their_own_organisation() {
        let admin = actor(&[(1, Role::OrgAdmin)]);
        assert!(admin.can(Action::EditOrganisation(1)));
        assert!(!admin.can(Action::EditOrganisation(2)));
        assert!(!admin.can(Action::CreateOrganisation));
    }

    #[test]
    fn volunteers_and_observers_never_see_members() {
        for role in [Role::Volunteer, Role::Observer, Role::PrisonStaff] {
            let a = actor(&[(1, role)]);
            assert!(!a.can(Action::ViewMembers(1)), "{role:?}");
            assert!(!a.can(Action::ViewAudit(1)), "{role:?}");
            assert!(a.can(Action::ViewOrganisations));
        }
        assert!(actor(&[(1, Role::Coordinator)]).can(Action::ViewMembers(1)));
    }

    #[test]
    fn a_role_in_one_organisation_gives_nothing_in_another() {
        let both = actor(&[(1, Role::Volunteer), (2, Role::OrgAdmin)]);
        assert!(both.can(Action::ViewAudit(2)));
        assert!(!both.can(Action::ViewAudit(1)));
        assert_eq!(both.audited_organisations(), vec![2]);
    }

    #[test]
    fn platform_admins_may_do_everything() {
        let mut a = actor(&[]);
        a.platform_admin = true;
        assert!(a.can(Action::CreateOrganisation));
        assert!(a.can(Action::ViewAllAudit));
    }

    #[test]
    fn authorisations_are_followed_by_their_organisation_and_the_administration() {
        let fr = "FR";
        let anvp = Action::ManageAuthorisations {
            organisation: 1,
            country: fr,
        };
        assert!(actor(&[(1, Role::Coordinator)]).can(anvp));
        assert!(!actor(&[(2, Role::Coordinator)]).can(anvp), "another organisation");
        assert!(!actor(&[(1, Role::Volunteer)]).can(anvp));
        assert!(
            actor(&[(100, Role::PrisonStaff)]).can(anvp),
            "the administration of France"
        );
        let pl = Action::ManageAuthorisations {
            organisation: 1,
            country: "PL",
        };
        assert!(
            !actor(&[(100, Role::PrisonStaff)]).can(pl),
            "another country's administration"
        );
        let decide = Action::DecideAuthorisation { country: fr };
        assert!(actor(&[(100, Role::PrisonStaff)]).can(decide));
        assert!(
            !actor(&[(1, Role::OrgAdmin)]).can(decide),
            "the organisation files, the administration decides"
        );
        assert!(actor(&[(100, Role::OrgAdmin)]).can(Action::ManageEstablishments("FR")));
        assert!(!actor(&[(1, Role::OrgAdmin)]).can(Action::ManageEstablishments("FR")));
    }

    #[test]
    fn coordinators_give_only_the_volunteer_role() {
        let coordinator = actor(&[(1, Role::Coordinator)]);
        assert!(coordinator.can(Action::ManageMembers(1)));
        assert!(coordinator.can(Action::AssignRole(1, Role::Volunteer)));
        assert!(!coordinator.can(Action::AssignRole(1, Role::OrgAdmin)));
        assert!(!coordinator.can(Action::AssignRole(2, Role::Volunteer)));
        assert!(actor(&[(1, Role::OrgAdmin)]).can(Action::AssignRole(1, Role::Coordinator)));
        assert!(!actor(&[(1, Role::Volunteer)]).can(Action::ManageMembers(1)));
    }

    #[test]
    fn scopes_cover_their_establishments() {
        assert!(Scope::Organisation.covers(7, &[]));
        assert!(Scope::Section(3).covers(7, &[2, 3]));
        assert!(!Scope::Section(3).covers(7, &[2]));
        assert!(Scope::Establishments(vec![7, 8]).covers(7, &[]));
        assert!(!Scope::Establishments(vec![8]).covers(7, &[3]));
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("king"), None);
    }
}
