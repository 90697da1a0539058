//! The rules of agreements, without database or HTTP: an agreement's
//! status on a day, its anniversaries, the reminders due on a day, and how
//! an evaluation compares with the previous one.

use chrono::{Duration, Months, NaiveDate};

text_enum! {
    /// Where an agreement stands on a given day.
    pub enum AgreementStatus ("agreement.status") {
        /// Being written, not signed yet.
        Draft = "draft",
        /// Signed, not started yet.
        Upcoming = "upcoming",
        InForce = "in_force",
        Expired = "expired",
        /// Ended early by the parties.
        Terminated = "terminated",
    }
}

/// The status of an agreement on `today`.
pub fn status(
    draft: bool,
    starts: NaiveDate,
    ends: NaiveDate,
    terminated: Option<NaiveDate>,
    today: NaiveDate,
) -> AgreementStatus {
    match () {
        _ if draft => AgreementStatus::Draft,
        _ if terminated.is_some_and(|t| t <= today) => AgreementStatus::Terminated,
        _ if ends < today => AgreementStatus::Expired,
        _ if starts > today => AgreementStatus::Upcoming,
        _ => AgreementStatus::InForce,
    }
}

/// The same rule in SQL over columns `a.draft`, `a.starts_on`, `a.ends_on`,
/// `a.terminated_on`, with `today` a placeholder (for filtering lists).
pub fn status_sql(today: &str) -> String {
    format!(
        "CASE WHEN a.draft = 1 THEN 'draft' \
         WHEN a.terminated_on IS NOT NULL AND a.terminated_on <= {today} THEN 'terminated' \
         WHEN a.ends_on < {today} THEN 'expired' WHEN a.starts_on > {today} THEN 'upcoming' ELSE 'in_force' END"
    )
}

/// Every anniversary of an agreement from `starts` to the day after
/// `ends` (a five-year agreement ending on 31 August has its fifth, final
/// anniversary on 1 September).
pub fn anniversaries(starts: NaiveDate, ends: NaiveDate) -> Vec<NaiveDate> {
    (1..=100)
        .map_while(|years| starts.checked_add_months(Months::new(12 * years)))
        .take_while(|day| *day <= ends + Duration::days(1))
        .collect()
}

/// Days before an anniversary when its evaluation opens and the parties' administrators are reminded.
pub const EVALUATION_NOTICE_DAYS: i64 = 30;
/// Days before the end when the parties are reminded to prepare the renewal.
pub const RENEWAL_NOTICE_DAYS: [i64; 2] = [90, 30];
/// A reminder older than this is not sent any more (a late start of the scheduler, an old agreement recorded now).
const STALE_AFTER_DAYS: i64 = 60;

text_enum! {
    /// The reminders of an agreement.
    pub enum NoticeKind ("agreement.notice") {
        /// The evaluation of an anniversary opens (30 days before it).
        EvaluationOpens = "evaluation_opens",
        /// The anniversary has come.
        EvaluationDue = "evaluation_due",
        /// 90 days before the end.
        RenewalSoon = "renewal_soon",
        /// 30 days before the end.
        RenewalNear = "renewal_near",
    }
}

/// The reminders due on `today` for an agreement in force: each with the
/// date it is about (an anniversary or the end). The caller sends each once.
pub fn due_notices(starts: NaiveDate, ends: NaiveDate, today: NaiveDate) -> Vec<(NoticeKind, NaiveDate)> {
    let fresh = |from: NaiveDate| from <= today && today < from + Duration::days(STALE_AFTER_DAYS);
    let mut due = Vec::new();
    for day in anniversaries(starts, ends) {
        if fresh(day - Duration::days(EVALUATION_NOTICE_DAYS)) {
            due.push((NoticeKind::EvaluationOpens, day));
        }
        if fresh(day) {
            due.push((NoticeKind::EvaluationDue, day));
        }
    }
    let [soon, near] = RENEWAL_NOTICE_DAYS;
    if fresh(ends - Duration::days(soon)) && today <= ends {
        due.push((NoticeKind::RenewalSoon, ends));
    }
    if fresh(ends - Duration::days(near)) && today <= ends {
        due.push((NoticeKind::RenewalNear, ends));
    }
    due
}

text_enum! {
    /// How far a commitment was kept over a year.
    pub enum Outcome ("agreement.outcome") {
        Done = "done",
        Partly = "partly",
        NotDone = "not_done",
        NotApplicable = "not_applicable",
    }
}

text_enum! {
    /// How a commitment's outcome moved since the previous evaluation.
    pub enum Trend ("agreement.trend") {
        Better = "better",
        Worse = "worse",
        Same = "same",
        /// No comparable outcome the year before.
        New = "new",
    }
}

impl Outcome {
    fn score(self) -> Option<i32> {
        match self {
            Self::Done => Some(2),
            Self::Partly => Some(1),
            Self::NotDone => Some(0),
            Self::NotApplicable => None,
        }
    }
}

/// How `now` compares with `before` (either may be unanswered).
pub fn trend(before: Option<Outcome>, now: Option<Outcome>) -> Trend {
    match (before.and_then(Outcome::score), now.and_then(Outcome::score)) {
        (Some(b), Some(n)) if n > b => Trend::Better,
        (Some(b), Some(n)) if n < b => Trend::Worse,
        (Some(_), Some(_)) => Trend::Same,
        _ => Trend::New,
    }
}

/// The categories every new agreement starts with (they can be renamed).
pub const DEFAULT_CATEGORIES: &[(&str, &str)] = &[
    ("À l'égard des personnes accompagnées", "Towards the people supported"),
    ("À l'égard de l'administration", "Towards the administration"),
    ("À l'égard des autres organisations", "Towards other organisations"),
    ("Communication", "Communication"),
    ("Formation", "Training"),
    ("Suivi", "Follow-up"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_status_follows_the_dates() {
        let (starts, ends) = (day("2014-09-01"), day("2019-08-31"));
        assert_eq!(
            status(true, starts, ends, None, day("2016-01-01")),
            AgreementStatus::Draft
        );
        assert_eq!(
            status(false, starts, ends, None, day("2014-08-31")),
            AgreementStatus::Upcoming
        );
        assert_eq!(
            status(false, starts, ends, None, day("2014-09-01")),
            AgreementStatus::InForce
        );
        assert_eq!(
            status(false, starts, ends, None, day("2019-08-31")),
            AgreementStatus::InForce
        );
        assert_eq!(
            status(false, starts, ends, None, day("2019-09-01")),
            AgreementStatus::Expired
        );
        let terminated = Some(day("2017-03-01"));
        assert_eq!(
            status(false, starts, ends, terminated, day("2017-02-28")),
            AgreementStatus::InForce
        );
        assert_eq!(
            status(false, starts, ends, terminated, day("2017-03-01")),
            AgreementStatus::Terminated
        );
    }

    #[test]
    fn five_years_have_five_anniversaries() {
        let years = anniversaries(day("2014-09-01"), day("2019-08-31"));
        assert_eq!(years.len(), 5);
        assert_eq!(years[0], day("2015-09-01"));
        assert_eq!(years[4], day("2019-09-01"));
        assert_eq!(anniversaries(day("2014-09-01"), day("2019-08-30")).len(), 4);
        assert_eq!(
            anniversaries(day("2016-02-29"), day("2017-03-01")),
            vec![day("2017-02-28")]
        );
    }

    #[test]
    fn reminders_come_30_days_before_and_on_the_anniversary_then_before_the_end() {
        let (starts, ends) = (day("2024-09-01"), day("2029-08-31"));
        assert!(due_notices(starts, ends, day("2025-08-01")).is_empty());
        assert_eq!(
            due_notices(starts, ends, day("2025-08-02")),
            vec![(NoticeKind::EvaluationOpens, day("2025-09-01"))]
        );
        assert_eq!(
            due_notices(starts, ends, day("2025-09-01")),
            vec![
                (NoticeKind::EvaluationOpens, day("2025-09-01")),
                (NoticeKind::EvaluationDue, day("2025-09-01"))
            ]
        );
        assert!(
            due_notices(starts, ends, day("2025-12-01")).is_empty(),
            "stale reminders are not sent"
        );
        assert_eq!(
            due_notices(starts, ends, day("2029-06-02")),
            vec![(NoticeKind::RenewalSoon, ends)]
        );
        assert!(due_notices(starts, ends, day("2029-08-01")).contains(&(NoticeKind::RenewalNear, ends)));
        assert_eq!(
            due_notices(starts, ends, day("2029-09-01")),
            vec![
                (NoticeKind::EvaluationOpens, day("2029-09-01")),
                (NoticeKind::EvaluationDue, day("2029-09-01"))
            ],
            "the final evaluation (each reminder is sent once), no renewal reminder after the end"
        );
    }

    #[test]
    fn evaluations_compare_with_the_year_before() {
        use Outcome::*;
        assert_eq!(trend(Some(Partly), Some(Done)), Trend::Better);
        assert_eq!(trend(Some(Done), Some(NotDone)), Trend::Worse);
        assert_eq!(trend(Some(Partly), Some(Partly)), Trend::Same);
        assert_eq!(trend(None, Some(Done)), Trend::New);
        assert_eq!(trend(Some(NotApplicable), Some(Done)), Trend::New);
    }
}
