//! How an indicator set becomes agreed: proposed by a party, accepted by
//! every party, then frozen; a newer version supersedes one not agreed.

use super::store::Party;
use crate::auth::SignedIn;
use crate::permissions::{Action, Actor, Role};

/// Where a set is agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forum {
    Network(i64),
    /// A partnership agreement.
    Agreement(i64),
}

impl Forum {
    /// The forum a form or a query names: `network` or `agreement`.
    pub fn named(network: Option<i64>, agreement: Option<i64>) -> Option<Self> {
        match (network, agreement) {
            (Some(id), None) => Some(Self::Network(id)),
            (None, Some(id)) => Some(Self::Agreement(id)),
            _ => None,
        }
    }

    pub fn page(self) -> String {
        match self {
            Self::Network(id) => format!("/networks/{id}"),
            Self::Agreement(id) => format!("/agreements/{id}"),
        }
    }

    /// The query naming it, for links.
    pub fn query(self) -> String {
        match self {
            Self::Network(id) => format!("network={id}"),
            Self::Agreement(id) => format!("agreement={id}"),
        }
    }
}

text_enum! {
    /// Where a version of a set stands.
    pub enum SetState ("indicator_set.state") {
        /// Waiting for the parties' answers.
        Proposed = "proposed",
        /// Every party accepted it: frozen.
        Agreed = "agreed",
        /// A newer version was proposed before this one was agreed.
        Superseded = "superseded",
    }
}

impl SetState {
    pub fn of(agreed: bool, version: i64, latest: i64) -> Self {
        match () {
            _ if agreed => Self::Agreed,
            _ if version < latest => Self::Superseded,
            _ => Self::Proposed,
        }
    }
}

/// Whether every party has accepted (a forum without parties agrees nothing).
pub fn all_accepted(parties: &[i64], accepted: &[i64]) -> bool {
    !parties.is_empty() && parties.iter().all(|p| accepted.contains(p))
}

/// Who sees a forum's sets: a network's, anyone signed in, as networks are
/// public; an agreement's, the people of its parties (not as observers).
pub fn sees(actor: &Actor, forum: Forum, parties: &[i64]) -> bool {
    match forum {
        Forum::Network(_) => true,
        Forum::Agreement(_) => {
            actor.platform_admin
                || actor
                    .memberships
                    .iter()
                    .any(|m| m.role != Role::Observer && parties.contains(&m.organisation_id))
        }
    }
}

/// The parties `user` may answer or propose for: those they administer.
pub fn answerable<'p>(user: &SignedIn, parties: &'p [Party]) -> Vec<&'p Party> {
    parties
        .iter()
        .filter(|p| user.actor.can(Action::EditOrganisation(p.organisation_id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_agreed_when_every_party_has_accepted() {
        assert!(all_accepted(&[1, 2], &[2, 1]));
        assert!(!all_accepted(&[1, 2, 3], &[1, 2]), "one party has not answered");
        assert!(!all_accepted(&[], &[]));
    }

    #[test]
    fn a_newer_version_supersedes_one_not_agreed() {
        assert_eq!(SetState::of(false, 1, 2), SetState::Superseded);
        assert_eq!(
            SetState::of(true, 1, 2),
            SetState::Agreed,
            "an agreed version stays agreed"
        );
        assert_eq!(SetState::of(false, 2, 2), SetState::Proposed);
    }
}
