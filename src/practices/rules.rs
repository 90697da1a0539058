//! The rules of the practice library: its themes, the languages a practice
//! is written in, the kinds of notes, and who speaks for which organisation.

use crate::permissions::{Action, Actor};

text_enum! {
    /// What a practice is about; translated, so a theme finds practices
    /// written in every language.
    pub enum Theme ("practice.theme") {
        Recruitment = "recruitment",
        Training = "training",
        Visits = "visits",
        Education = "education",
        Families = "families",
        Reentry = "reentry",
        Health = "health",
        Coordination = "coordination",
        Partnership = "partnership",
        Evaluation = "evaluation",
    }
}

text_enum! {
    /// A note on a practice: a comment, or "we tried this" and how it went.
    pub enum NoteKind ("practice.note") {
        Comment = "comment",
        Tried = "tried",
    }
}

/// The languages of VOLPRIS's partners a practice may be written in.
pub const LANGUAGES: &[&str] = &["fr", "en", "de", "nl", "pt", "ro", "pl"];

/// The organisations `actor` describes practices and writes notes for.
pub fn speaks_for(actor: &Actor) -> Vec<i64> {
    let mut orgs: Vec<i64> = actor
        .memberships
        .iter()
        .map(|m| m.organisation_id)
        .filter(|o| actor.can(Action::SharePractices(*o)))
        .collect();
    orgs.sort_unstable();
    orgs.dedup();
    orgs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permissions::Role;

    fn actor(memberships: &[(i64, Role)]) -> Actor {
        crate::permissions::test_actor(1, memberships)
    }

    #[test]
    fn coordinators_and_administrators_speak_for_their_organisation_volunteers_and_observers_do_not() {
        let person = actor(&[
            (1, Role::Coordinator),
            (2, Role::Volunteer),
            (3, Role::Observer),
            (4, Role::OrgAdmin),
        ]);
        assert_eq!(speaks_for(&person), vec![1, 4]);
    }
}
