//! The rules of the competence framework: the four levels, what counts as
//! a gap, and who reads and rates a self-assessment.

use crate::permissions::{Actor, Role};

/// The levels of a competence, from discovering it to being a reference.
pub const LEVELS: [i64; 4] = [1, 2, 3, 4];

/// The catalogue key naming a level.
pub fn level_label(level: i64) -> String {
    format!("competence.level_{}", level.clamp(1, 4))
}

/// A competence's ratings: the person's own, their manager's, the level expected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rating {
    pub own: Option<i64>,
    pub manager: Option<i64>,
    pub expected: i64,
}

impl Rating {
    /// The level retained: the lower of the two views where both exist, so
    /// that a gap either of them sees is not hidden by the other.
    pub fn retained(self) -> Option<i64> {
        match (self.own, self.manager) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// How many levels short of the expected one; none when not rated or no gap.
    pub fn gap(self) -> Option<i64> {
        self.retained()
            .filter(|level| *level < self.expected)
            .map(|level| self.expected - level)
    }
}

/// The organisations `actor` coordinates or administers: those they
/// self-assess for.
pub fn coordinating(actor: &Actor) -> impl Iterator<Item = i64> + '_ {
    actor
        .memberships
        .iter()
        .filter(|m| matches!(m.role, Role::Coordinator | Role::OrgAdmin))
        .map(|m| m.organisation_id)
}

/// What `actor` may do with the self-assessment of `person` for `organisation`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    pub read: bool,
    /// Rate themself: the person only.
    pub rate: bool,
    /// Add the manager's view: the organisation's administrators, not the person.
    pub manage: bool,
}

pub fn rights(actor: &Actor, person: i64, organisation: i64) -> Rights {
    let own = actor.person_id == person;
    let manage = !own
        && (actor.platform_admin
            || actor
                .memberships
                .iter()
                .any(|m| m.organisation_id == organisation && m.role == Role::OrgAdmin));
    Rights {
        read: own || manage,
        rate: own,
        manage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_is_what_either_view_finds_short_of_the_expected_level() {
        let rating = |own, manager| Rating {
            own,
            manager,
            expected: 3,
        };
        assert_eq!(rating(Some(2), None).gap(), Some(1));
        assert_eq!(rating(Some(4), Some(2)).gap(), Some(1), "the manager sees a gap");
        assert_eq!(rating(Some(3), None).gap(), None);
        assert_eq!(rating(None, None).gap(), None, "not rated is not a gap");
        assert_eq!(rating(Some(1), Some(2)).retained(), Some(1));
    }

    fn actor(person: i64, memberships: &[(i64, Role)]) -> Actor {
        crate::permissions::test_actor(person, memberships)
    }

    #[test]
    fn the_person_rates_themself_and_their_organisation_administrators_add_a_view() {
        let own = rights(&actor(7, &[(1, Role::Coordinator)]), 7, 1);
        assert!(own.read && own.rate && !own.manage);
        let admin = rights(&actor(8, &[(1, Role::OrgAdmin)]), 7, 1);
        assert!(admin.read && !admin.rate && admin.manage);
        let colleague = rights(&actor(9, &[(1, Role::Coordinator)]), 7, 1);
        assert!(!colleague.read, "another coordinator does not read it");
        let elsewhere = rights(&actor(8, &[(2, Role::OrgAdmin)]), 7, 1);
        assert!(!elsewhere.read);
        assert_eq!(
            coordinating(&actor(9, &[(1, Role::Coordinator), (2, Role::Volunteer)])).collect::<Vec<_>>(),
            vec![1]
        );
    }
}
