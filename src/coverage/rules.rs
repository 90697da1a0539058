//! The coverage rule, as plain functions: how many volunteers an
//! establishment needs for one organisation, and whether it has them.

use crate::permissions::Mission;
use crate::permissions::{Actor, Role};

/// Whose authorised volunteers a person sees by name at an establishment
/// or in a region.
#[derive(Clone, Debug, PartialEq)]
pub enum SeenVolunteers {
    /// Every organisation's: the platform, and the administrations that
    /// authorise them.
    All,
    /// Those of these organisations, which the person coordinates or
    /// administers, and of their partners in an agreement in force: to
    /// fill a gap together.
    Partners(Vec<i64>),
    /// Nobody's: plain volunteers and observers.
    Nobody,
}

/// The one rule of who sees which volunteers (see [`SeenVolunteers`]).
pub fn seen_volunteers(actor: &Actor) -> SeenVolunteers {
    let acting = |m: &&crate::permissions::Membership| m.role != Role::Observer;
    if actor.platform_admin || actor.memberships.iter().filter(acting).any(|m| m.administration) {
        return SeenVolunteers::All;
    }
    let coordinated: Vec<i64> = actor
        .memberships
        .iter()
        .filter(|m| matches!(m.role, Role::OrgAdmin | Role::Coordinator))
        .map(|m| m.organisation_id)
        .collect();
    if coordinated.is_empty() {
        SeenVolunteers::Nobody
    } else {
        SeenVolunteers::Partners(coordinated)
    }
}

text_enum! {
    pub enum CoverageStatus ("coverage.status") {
        Served = "served",
        UnderServed = "under_served",
        Unserved = "unserved",
    }
}

/// An organisation's threshold: at least `minimum` volunteers, and one per
/// `detainees_per_volunteer` detainees when set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Threshold {
    pub detainees_per_volunteer: Option<i64>,
    pub minimum: i64,
}

impl Threshold {
    pub fn needed(&self, population: Option<i64>) -> i64 {
        let by_population = match (self.detainees_per_volunteer, population) {
            (Some(per), Some(population)) if per > 0 => (population + per - 1) / per,
            _ => 0,
        };
        self.minimum.max(by_population).max(1)
    }
}

pub fn status(present: i64, needed: i64) -> CoverageStatus {
    if present <= 0 {
        CoverageStatus::Unserved
    } else if present < needed {
        CoverageStatus::UnderServed
    } else {
        CoverageStatus::Served
    }
}

/// The partnership as a whole: served when every organisation is present
/// ("both present"), under-served when some are, unserved when none is.
pub fn partnership(present: &[i64]) -> CoverageStatus {
    let there = present.iter().filter(|n| **n > 0).count();
    if present.is_empty() || there == 0 {
        CoverageStatus::Unserved
    } else if there == present.len() {
        CoverageStatus::Served
    } else {
        CoverageStatus::UnderServed
    }
}

/// Volunteers with a valid authorisation in one establishment for one
/// organisation, by mission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Presence {
    pub visitors: i64,
    pub correspondents: i64,
    pub others: i64,
}

impl Presence {
    /// The volunteers that count for an organisation counting `mission`.
    pub fn counted(&self, mission: Mission) -> i64 {
        match mission {
            Mission::Visitor => self.visitors,
            Mission::PrisonCorrespondent => self.correspondents,
            Mission::Teacher | Mission::Other => self.visitors + self.correspondents + self.others,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_visitor_per_fifty_detainees() {
        let t = Threshold {
            detainees_per_volunteer: Some(50),
            minimum: 1,
        };
        assert_eq!(t.needed(Some(120)), 3);
        assert_eq!(t.needed(Some(10)), 1);
        assert_eq!(t.needed(None), 1, "no count: the minimum");
        assert_eq!(status(0, 3), CoverageStatus::Unserved);
        assert_eq!(status(2, 3), CoverageStatus::UnderServed);
        assert_eq!(status(3, 3), CoverageStatus::Served);
    }

    #[test]
    fn a_correspondent_per_establishment() {
        let t = Threshold {
            detainees_per_volunteer: None,
            minimum: 1,
        };
        assert_eq!(t.needed(Some(900)), 1);
    }

    #[test]
    fn the_partnership_is_served_when_both_are_present() {
        assert_eq!(partnership(&[3, 1]), CoverageStatus::Served);
        assert_eq!(partnership(&[3, 0]), CoverageStatus::UnderServed);
        assert_eq!(partnership(&[0, 0]), CoverageStatus::Unserved);
    }

    #[test]
    fn each_organisation_counts_its_own_mission() {
        let p = Presence {
            visitors: 4,
            correspondents: 1,
            others: 2,
        };
        assert_eq!(p.counted(Mission::Visitor), 4);
        assert_eq!(p.counted(Mission::PrisonCorrespondent), 1);
        assert_eq!(p.counted(Mission::Other), 7);
    }
}
