//! The rules of minimum standards: how a requirement is answered, how long
//! an assessment holds, what its summary counts per area, what a computed
//! figure suggests, when people are reminded, and who sees what.

use chrono::{Months, NaiveDate};

use crate::permissions::{Action, Actor};

text_enum! {
    /// The kind of a framework: a programme's quality, or volunteers' training.
    pub enum FrameworkKind ("standard.kind") {
        Programme = "programme",
        Training = "training",
    }
}

text_enum! {
    /// How far a requirement is met.
    pub enum Compliance ("standard.compliance") {
        Met = "met",
        Conditions = "conditions",
        NotMet = "not_met",
        NotApplicable = "not_applicable",
    }
}

text_enum! {
    /// A figure Passerelle computes from the assessed party's own data, as
    /// evidence of a requirement: a share of its volunteers.
    pub enum Figure ("standard.figure") {
        /// Of the volunteers active in the last 12 months, those whose
        /// authorisation is valid today.
        ActiveAuthorised = "active_authorised",
        /// Of the volunteers authorised today, those holding the
        /// requirement's qualification.
        AuthorisedQualified = "authorised_qualified",
        /// Of the volunteers active in the last 12 months, those authorised
        /// today and holding the requirement's qualification.
        ActiveAuthorisedQualified = "active_authorised_qualified",
    }
}

impl Figure {
    /// Whether the figure counts holders of a qualification.
    pub fn needs_qualification(self) -> bool {
        self != Self::ActiveAuthorised
    }
}

text_enum! {
    /// Where an assessment stands on a given day.
    pub enum AssessmentState ("standard.state") {
        /// Being answered: not submitted yet.
        InProgress = "in_progress",
        /// Submitted and within its validity.
        Valid = "valid",
        /// Past its validity: to be assessed again.
        Lapsed = "lapsed",
    }
}

impl AssessmentState {
    pub fn of(valid_until: Option<NaiveDate>, today: NaiveDate) -> Self {
        match valid_until {
            None => Self::InProgress,
            Some(until) if today <= until => Self::Valid,
            Some(_) => Self::Lapsed,
        }
    }
}

/// The last day an assessment submitted on `submitted` is valid.
pub fn valid_until(submitted: NaiveDate, months: u32) -> NaiveDate {
    submitted
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// How long before the end of its validity an assessment's administrators
/// are told to assess again.
pub const LAPSE_NOTICE_DAYS: i64 = 60;
/// How long before its due date an action's owner is reminded.
pub const ACTION_NOTICE_DAYS: i64 = 7;

/// Whether to tell the assessed party its assessment lapses soon.
pub fn lapse_notice_due(valid_until: NaiveDate, today: NaiveDate) -> bool {
    today <= valid_until && (valid_until - today).num_days() <= LAPSE_NOTICE_DAYS
}

/// Whether to remind an action's owner (once, when its due date nears or has passed).
pub fn action_notice_due(due_on: NaiveDate, today: NaiveDate) -> bool {
    (due_on - today).num_days() <= ACTION_NOTICE_DAYS
}

/// What a computed figure suggests: met when the share reaches the target
/// (in percent); nothing when there is no one to count.
pub fn suggestion(numerator: i64, denominator: i64, target: i64) -> Option<Compliance> {
    (denominator > 0).then(|| {
        if numerator * 100 >= target * denominator {
            Compliance::Met
        } else {
            Compliance::NotMet
        }
    })
}

/// How many requirements of an area stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Tally {
    pub met: i64,
    pub conditions: i64,
    pub not_met: i64,
    pub not_applicable: i64,
    pub unanswered: i64,
}

impl Tally {
    pub fn add(&mut self, answer: Option<Compliance>) {
        match answer {
            Some(Compliance::Met) => self.met += 1,
            Some(Compliance::Conditions) => self.conditions += 1,
            Some(Compliance::NotMet) => self.not_met += 1,
            Some(Compliance::NotApplicable) => self.not_applicable += 1,
            None => self.unanswered += 1,
        }
    }

    /// Requirements that apply: all but those not applicable.
    pub fn applicable(&self) -> i64 {
        self.met + self.conditions + self.not_met + self.unanswered
    }
}

/// The tally of each area, in the order areas come, from the answers of
/// its requirements (`(area, answer)`).
pub fn tally(areas: &[i64], answers: &[(i64, Option<Compliance>)]) -> Vec<(i64, Tally)> {
    areas
        .iter()
        .map(|area| {
            let mut t = Tally::default();
            answers.iter().filter(|(a, _)| a == area).for_each(|(_, c)| t.add(*c));
            (*area, t)
        })
        .collect()
}

/// Why an assessment cannot be submitted yet: a requirement unanswered,
/// or not met (or met with conditions) without an action to close the gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Incomplete {
    Unanswered(i64),
    NoAction(i64),
}

/// Checks an assessment before submission: every requirement answered,
/// every gap given an action (`with_actions`: the requirements that have one).
pub fn ready(answers: &[(i64, Option<Compliance>)], with_actions: &[i64]) -> Result<(), Incomplete> {
    for (requirement, answer) in answers {
        match answer {
            None => return Err(Incomplete::Unanswered(*requirement)),
            Some(Compliance::NotMet | Compliance::Conditions) if !with_actions.contains(requirement) => {
                return Err(Incomplete::NoAction(*requirement));
            }
            _ => {}
        }
    }
    Ok(())
}

/// What one person may do with one assessment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Read it whole, answers and evidence.
    pub read: bool,
    /// Answer it and keep its action plan: the assessed party's people.
    pub answer: bool,
    /// Submit it, invite reviewers, share it: its administrators.
    pub manage: bool,
    /// The reviewing organisations this person answers for.
    pub reviews_for: Vec<i64>,
}

/// Who may do what with an assessment of `assessed` reviewed by `reviewers`:
/// the assessed party's administrators, coordinators and staff; the
/// reviewers' likewise, for their review. Nobody else reads it (networks
/// see only the shared tally).
pub fn rights(actor: &Actor, assessed: i64, reviewers: &[i64]) -> Rights {
    let answer = actor.can(Action::AssessStandards(assessed));
    let reviews_for: Vec<i64> = reviewers
        .iter()
        .copied()
        .filter(|r| *r != assessed && actor.can(Action::AssessStandards(*r)))
        .collect();
    Rights {
        read: answer || !reviews_for.is_empty(),
        answer,
        manage: actor.can(Action::EditOrganisation(assessed)),
        reviews_for,
    }
}

/// Who sees the results a network's members shared: the people of its
/// member organisations (observers included: it is a tally, not data about anyone).
pub fn sees_shared(actor: &Actor, members: &[i64]) -> bool {
    actor.platform_admin || actor.memberships.iter().any(|m| members.contains(&m.organisation_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permissions::Role;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn an_assessment_holds_for_its_validity_then_lapses() {
        let until = valid_until(day("2026-03-15"), 24);
        assert_eq!(until, day("2028-03-14"));
        assert_eq!(
            AssessmentState::of(Some(until), day("2028-03-14")),
            AssessmentState::Valid
        );
        assert_eq!(
            AssessmentState::of(Some(until), day("2028-03-15")),
            AssessmentState::Lapsed
        );
        assert_eq!(
            AssessmentState::of(None, day("2030-01-01")),
            AssessmentState::InProgress
        );
        assert_eq!(
            valid_until(day("2026-01-31"), 1),
            day("2026-02-27"),
            "a month from the 31st"
        );
    }

    #[test]
    fn the_lapse_is_announced_sixty_days_ahead_and_an_action_a_week_ahead() {
        let until = day("2028-03-14");
        assert!(!lapse_notice_due(until, day("2028-01-13")));
        assert!(lapse_notice_due(until, day("2028-01-14")));
        assert!(
            !lapse_notice_due(until, day("2028-03-15")),
            "lapsed: nothing to announce"
        );
        assert!(!action_notice_due(day("2027-05-10"), day("2027-05-02")));
        assert!(action_notice_due(day("2027-05-10"), day("2027-05-03")));
        assert!(action_notice_due(day("2027-05-10"), day("2027-06-01")), "overdue");
    }

    #[test]
    fn a_figure_suggests_met_when_it_reaches_its_target() {
        assert_eq!(suggestion(9, 10, 90), Some(Compliance::Met));
        assert_eq!(suggestion(89, 100, 90), Some(Compliance::NotMet));
        assert_eq!(suggestion(0, 0, 90), None, "nobody to count suggests nothing");
    }

    #[test]
    fn each_area_counts_its_own_requirements() {
        use Compliance::*;
        let answers = [
            (1, Some(Met)),
            (1, Some(Conditions)),
            (2, Some(NotMet)),
            (2, Some(NotApplicable)),
            (2, None),
        ];
        let tallies = tally(&[2, 1, 3], &answers);
        assert_eq!(tallies[0].1.not_met, 1);
        assert_eq!(tallies[0].1.applicable(), 2, "not applicable is left out");
        assert_eq!((tallies[1].1.met, tallies[1].1.conditions), (1, 1));
        assert_eq!(
            tallies[2].1,
            Tally::default(),
            "an area without requirements counts nothing"
        );
    }

    #[test]
    fn a_gap_needs_an_action_before_submission() {
        use Compliance::*;
        assert_eq!(ready(&[(1, Some(Met)), (2, None)], &[]), Err(Incomplete::Unanswered(2)));
        assert_eq!(ready(&[(1, Some(Conditions))], &[]), Err(Incomplete::NoAction(1)));
        assert_eq!(ready(&[(1, Some(NotMet)), (2, Some(NotApplicable))], &[1]), Ok(()));
    }

    fn actor(memberships: &[(i64, Role)]) -> Actor {
        crate::permissions::test_actor(1, memberships)
    }

    #[test]
    fn the_assessed_party_and_its_reviewers_read_an_assessment_and_nobody_else() {
        let coordinator = rights(&actor(&[(1, Role::Coordinator)]), 1, &[2]);
        assert!(coordinator.read && coordinator.answer && !coordinator.manage);
        let admin = rights(&actor(&[(1, Role::OrgAdmin)]), 1, &[]);
        assert!(admin.manage);
        let reviewer = rights(&actor(&[(2, Role::OrgAdmin)]), 1, &[2]);
        assert!(reviewer.read && !reviewer.answer && reviewer.reviews_for == vec![2]);
        let volunteer = rights(&actor(&[(1, Role::Volunteer)]), 1, &[2]);
        assert!(!volunteer.read, "a volunteer of the assessed party");
        let outsider = rights(&actor(&[(3, Role::OrgAdmin)]), 1, &[2]);
        assert!(!outsider.read);
        let observer = rights(&actor(&[(2, Role::Observer)]), 1, &[2]);
        assert!(!observer.read, "an observer of the reviewing organisation");
        assert!(
            sees_shared(&actor(&[(2, Role::Observer)]), &[1, 2]),
            "a tally is for every member"
        );
        assert!(!sees_shared(&actor(&[(3, Role::OrgAdmin)]), &[1, 2]));
    }
}
