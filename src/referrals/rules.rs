//! The rules of a referral, as plain functions: which transitions exist,
//! who may make them, and when an unaccepted referral ages.

use chrono::{DateTime, Months, Utc};

text_enum! {
    /// Who refers whom to whom.
    pub enum Kind ("referral.kind") {
        /// A visitor refers a detainee to the course organisation.
        ToCourses = "to_courses",
        /// A prison correspondent refers a learner to the visitor organisation.
        ToVisitor = "to_visitor",
        /// The course organisation asks a visitor to meet a learner where it has
        /// no correspondent; the probation service must approve first.
        MeetLearner = "meet_learner",
    }
}

impl Kind {
    pub fn needs_approval(self) -> bool {
        self == Self::MeetLearner
    }

    /// What the receiving organisation must offer: visits or courses.
    pub fn receiving_service(self) -> &'static str {
        match self {
            Self::ToCourses => "courses",
            Self::ToVisitor | Self::MeetLearner => "visits",
        }
    }
}

text_enum! {
    pub enum State ("referral.state") {
        Draft = "draft",
        Submitted = "submitted",
        AwaitingApproval = "awaiting_approval",
        Approved = "approved",
        Refused = "refused",
        Accepted = "accepted",
        Assigned = "assigned",
        InContact = "in_contact",
        Closed = "closed",
        Declined = "declined",
    }
}

impl State {
    /// Nothing more happens to a referral in this state.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Refused | Self::Closed | Self::Declined)
    }

    /// The subject of the notice sent when a referral reaches this state.
    pub fn notice(self) -> &'static str {
        match self {
            Self::Draft | Self::Submitted => "referral.notice.submitted",
            Self::AwaitingApproval => "referral.notice.awaiting_approval",
            Self::Approved => "referral.notice.approved",
            Self::Refused => "referral.notice.refused",
            Self::Accepted => "referral.notice.accepted",
            Self::Assigned => "referral.notice.assigned",
            Self::InContact => "referral.notice.in_contact",
            Self::Closed => "referral.notice.closed",
            Self::Declined => "referral.notice.declined",
        }
    }

    /// The receiving organisation is expected to accept it (ageing counts).
    pub fn awaits_acceptance(self) -> bool {
        matches!(self, Self::Submitted | Self::Approved)
    }
}

/// The people a referral concerns, as far as acting on it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Sender,
    /// Probation service staff of the establishment's country.
    Approver,
    /// Coordinators and administrators of the receiving organisation.
    Receiver,
    Assignee,
}

text_enum! {
    pub enum Transition ("referral.action") {
        Submit = "submit",
        Approve = "approve",
        Refuse = "refuse",
        Accept = "accept",
        Assign = "assign",
        Contact = "contact",
        Close = "close",
        Decline = "decline",
    }
}

impl Transition {
    /// Who may make this transition.
    pub fn parties(self) -> &'static [Party] {
        match self {
            Self::Submit => &[Party::Sender],
            Self::Approve | Self::Refuse => &[Party::Approver],
            Self::Accept | Self::Assign | Self::Decline => &[Party::Receiver],
            Self::Contact | Self::Close => &[Party::Assignee, Party::Receiver],
        }
    }

    /// The state a referral of `kind` moves to from `from`, if it may.
    pub fn apply(self, kind: Kind, from: State) -> Option<State> {
        use State::*;
        match (self, from) {
            (Self::Submit, Draft) if kind.needs_approval() => Some(AwaitingApproval),
            (Self::Submit, Draft) => Some(Submitted),
            (Self::Approve, AwaitingApproval) => Some(Approved),
            (Self::Refuse, AwaitingApproval) => Some(Refused),
            (Self::Accept, Submitted | Approved) => Some(Accepted),
            (Self::Assign, Accepted | Assigned) => Some(Assigned),
            (Self::Contact, Assigned) => Some(InContact),
            (Self::Close, InContact) => Some(Closed),
            (Self::Decline, Submitted | Approved | Accepted | Assigned) => Some(Declined),
            _ => None,
        }
    }

    /// Refusing and declining say why; closing says how it ended.
    pub fn needs_text(self) -> bool {
        matches!(self, Self::Refuse | Self::Decline | Self::Close)
    }
}

/// What a referral waiting for acceptance calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ageing {
    OnTime,
    /// Remind the receiving coordinators.
    Remind,
    /// Tell the receiving organisation's administrators.
    Escalate,
}

pub fn ageing(waiting_since: DateTime<Utc>, now: DateTime<Utc>, remind_days: i64, escalate_days: i64) -> Ageing {
    let days = (now - waiting_since).num_days();
    if days >= escalate_days {
        Ageing::Escalate
    } else if days >= remind_days {
        Ageing::Remind
    } else {
        Ageing::OnTime
    }
}

/// The age brackets of the dashboard of open referrals, in days.
pub const AGE_BRACKETS: [(i64, &str); 4] = [
    (7, "referral.age.week"),
    (14, "referral.age.two_weeks"),
    (30, "referral.age.month"),
    (i64::MAX, "referral.age.older"),
];

/// The index in [`AGE_BRACKETS`] of a referral open for `days`.
pub fn age_bracket(days: i64) -> usize {
    AGE_BRACKETS
        .iter()
        .position(|(max, _)| days <= *max)
        .unwrap_or(AGE_BRACKETS.len() - 1)
}

/// Referrals closed before this instant have their beneficiary data erased.
pub fn purge_before(now: DateTime<Utc>, retention_months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(retention_months)).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn walk(kind: Kind, steps: &[Transition]) -> Option<State> {
        steps.iter().try_fold(State::Draft, |state, t| t.apply(kind, state))
    }

    #[test]
    fn a_course_referral_goes_straight_to_the_partner() {
        use Transition::*;
        assert_eq!(walk(Kind::ToCourses, &[Submit]), Some(State::Submitted));
        assert_eq!(
            walk(Kind::ToCourses, &[Submit, Accept, Assign, Contact, Close]),
            Some(State::Closed)
        );
        assert_eq!(walk(Kind::ToCourses, &[Submit, Approve]), None, "nothing to approve");
    }

    #[test]
    fn meeting_a_learner_waits_for_the_probation_service() {
        use Transition::*;
        assert_eq!(walk(Kind::MeetLearner, &[Submit]), Some(State::AwaitingApproval));
        assert_eq!(walk(Kind::MeetLearner, &[Submit, Accept]), None, "not before approval");
        assert_eq!(
            walk(Kind::MeetLearner, &[Submit, Approve, Accept]),
            Some(State::Accepted)
        );
        assert_eq!(walk(Kind::MeetLearner, &[Submit, Refuse]), Some(State::Refused));
        assert_eq!(walk(Kind::MeetLearner, &[Submit, Refuse, Approve]), None);
    }

    #[test]
    fn final_states_accept_nothing() {
        for state in State::ALL.iter().filter(|s| s.is_final()) {
            for t in Transition::ALL {
                assert_eq!(t.apply(Kind::MeetLearner, *state), None, "{t:?} from {state:?}");
            }
        }
    }

    #[test]
    fn only_the_right_party_acts() {
        assert_eq!(Transition::Approve.parties(), &[Party::Approver]);
        assert!(!Transition::Accept.parties().contains(&Party::Sender));
        assert!(Transition::Close.parties().contains(&Party::Assignee));
    }

    #[test]
    fn unaccepted_referrals_remind_then_escalate() {
        let since = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        let after = |days| since + chrono::Duration::days(days);
        assert_eq!(ageing(since, after(13), 14, 30), Ageing::OnTime);
        assert_eq!(ageing(since, after(14), 14, 30), Ageing::Remind);
        assert_eq!(ageing(since, after(30), 14, 30), Ageing::Escalate);
    }

    #[test]
    fn ages_fall_in_brackets() {
        assert_eq!(age_bracket(0), 0);
        assert_eq!(age_bracket(8), 1);
        assert_eq!(age_bracket(30), 2);
        assert_eq!(age_bracket(400), 3);
    }

    #[test]
    fn retention_counts_calendar_months() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
        assert_eq!(
            purge_before(now, 12),
            Utc.with_ymd_and_hms(2025, 11, 24, 0, 0, 0).unwrap()
        );
    }
}
