//! The rules of an authorisation (agrément), as plain functions.
//!
//! The status is never stored: it follows from the decision and the dates.
//! [`status_sql`] is the same rule written in SQL, for list filters; a test
//! checks the two agree.

use chrono::{Months, NaiveDate};

/// Days before expiry at which an authorisation counts as "expiring".
pub const DEFAULT_EXPIRING_DAYS: i64 = 60;
/// Days before expiry at which the volunteer and coordinators are reminded.
pub const REMINDER_DAYS: [i64; 3] = [90, 30, 7];

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InProgress,
    Valid,
    Expiring,
    Expired,
    Suspended,
    Withdrawn,
    Refused,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::InProgress,
        Status::Valid,
        Status::Expiring,
        Status::Expired,
        Status::Suspended,
        Status::Withdrawn,
        Status::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Valid => "valid",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
            Self::Suspended => "suspended",
            Self::Withdrawn => "withdrawn",
            Self::Refused => "refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InProgress => "authorisation.status.in_progress",
            Self::Valid => "authorisation.status.valid",
            Self::Expiring => "authorisation.status.expiring",
            Self::Expired => "authorisation.status.expired",
            Self::Suspended => "authorisation.status.suspended",
            Self::Withdrawn => "authorisation.status.withdrawn",
            Self::Refused => "authorisation.status.refused",
        }
    }

    /// Whether someone holding an authorisation in this status may act.
    pub fn allows_activity(self) -> bool {
        matches!(self, Self::Valid | Self::Expiring)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Granted,
    Refused,
}

impl Decision {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "granted" => Some(Self::Granted),
            "refused" => Some(Self::Refused),
            _ => None,
        }
    }
}

/// What the status depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    pub decision: Option<Decision>,
    pub starts_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub suspended_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl Dates {
    /// The status on `day`, with "expiring" starting `expiring_days` before expiry.
    pub fn status(&self, day: NaiveDate, expiring_days: i64) -> Status {
        if self.withdrawn_on.is_some_and(|d| d <= day) {
            return Status::Withdrawn;
        }
        match self.decision {
            None => Status::InProgress,
            Some(Decision::Refused) => Status::Refused,
            Some(Decision::Granted) => {
                if self.suspended_on.is_some_and(|d| d <= day) {
                    return Status::Suspended;
                }
                match (self.starts_on, self.expires_on) {
                    (Some(start), _) if day < start => Status::InProgress,
                    (_, Some(end)) if day > end => Status::Expired,
                    (_, Some(end)) if (end - day).num_days() <= expiring_days => Status::Expiring,
                    _ => Status::Valid,
                }
            }
        }
    }
}

/// The earliest day an application, decision or authorisation may bear:
/// nothing in Passerelle is older, and `0001-01-01` is a typing accident.
pub fn earliest_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The longest an authorisation may run (the usual is 2 years).
const LONGEST_MONTHS: u32 = 10 * 12;

/// The dates of an application and its decision, as a form, the API or a
/// file gives them: one rule for all three.
#[derive(Clone, Copy, Debug)]
pub struct DecisionDates {
    pub filed_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

/// What is implausible in these dates on `today`, if anything: the field
/// and the message key. Filed and decided not in the future nor before
/// 1990, decided on or after filing; the authorisation ends after it
/// starts, within ten years.
pub fn check_dates(dates: &DecisionDates, today: NaiveDate) -> Result<(), (&'static str, &'static str)> {
    let plausible = |day: NaiveDate| day >= earliest_day() && day <= today;
    if !plausible(dates.filed_on) {
        return Err(("filed_on", "authorisation.implausible_day"));
    }
    if let Some(decided) = dates.decided_on {
        if !plausible(decided) {
            return Err(("decided_on", "authorisation.implausible_day"));
        }
        if decided < dates.filed_on {
            return Err(("decided_on", "authorisation.decided_before_filing"));
        }
    }
    if let Some(starts) = dates.starts_on
        && (starts < dates.filed_on || starts > today + chrono::Duration::days(366))
    {
        return Err(("starts_on", "authorisation.implausible_day"));
    }
    if let (Some(starts), Some(expires)) = (dates.starts_on.or(dates.decided_on), dates.expires_on) {
        if expires <= starts {
            return Err(("expires_on", "authorisation.expiry_before_start"));
        }
        if starts
            .checked_add_months(Months::new(LONGEST_MONTHS))
            .is_some_and(|longest| expires > longest)
        {
            return Err(("expires_on", "authorisation.too_long"));
        }
    }
    Ok(())
}

/// The default end of an authorisation starting on `start`.
pub fn default_expiry(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

/// The reminder due on `day` for an authorisation ending on `expires_on`,
/// given those already sent: the nearest threshold reached and not sent.
pub fn reminder_due(expires_on: NaiveDate, day: NaiveDate, sent: &[i64]) -> Option<i64> {
    let left = (expires_on - day).num_days();
    if left < 0 {
        return None;
    }
    REMINDER_DAYS
        .into_iter()
        .filter(|threshold| left <= *threshold)
        .min()
        .filter(|threshold| !sent.contains(threshold))
}

/// The status rule in SQL over the columns of `authorisations` aliased `a`;
/// `today` and `expiring_until` number the placeholders of today's date and
/// of the last expiry date that counts as expiring (see [`expiring_until`]).
pub fn status_sql(today: usize, expiring_until: usize) -> String {
    format!(
        "CASE WHEN a.withdrawn_on IS NOT NULL AND a.withdrawn_on <= ${today} THEN 'withdrawn' \
         WHEN a.decision IS NULL THEN 'in_progress' \
         WHEN a.decision = 'refused' THEN 'refused' \
         WHEN a.suspended_on IS NOT NULL AND a.suspended_on <= ${today} THEN 'suspended' \
         WHEN a.starts_on > ${today} THEN 'in_progress' \
         WHEN a.expires_on < ${today} THEN 'expired' \
         WHEN a.expires_on <= ${expiring_until} THEN 'expiring' \
         ELSE 'valid' END"
    )
}

/// The SQL condition of [`Status::allows_activity`] on `$today`, written
/// with [`status_sql`] so that the two can never disagree.
pub fn valid_sql(today: usize) -> String {
    format!("{} IN ('valid', 'expiring')", status_sql(today, today))
}

/// [`status_sql`] = 'expiring', written as plain conditions. PostgreSQL
/// guesses a CASE compared with a value to keep 0.5 % of the rows (71 of
/// 14,386 expiring in the bench), and then sorted them all instead of
/// reading the expiry index in order until a page is full (60 to 130 ms).
pub fn expiring_sql(today: usize, expiring_until: usize) -> String {
    format!(
        "a.decision = 'granted' AND (a.withdrawn_on IS NULL OR a.withdrawn_on > ${today}) \
         AND (a.suspended_on IS NULL OR a.suspended_on > ${today}) AND (a.starts_on IS NULL OR a.starts_on <= ${today}) \
         AND a.expires_on >= ${today} AND a.expires_on <= ${expiring_until}"
    )
}

/// The last expiry date that counts as "expiring" on `day`.
pub fn expiring_until(day: NaiveDate, expiring_days: i64) -> NaiveDate {
    day + chrono::Duration::days(expiring_days)
}

/// Something done to an application or an authorisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    RecordStep,
    Decide,
    Suspend,
    Lift,
    Withdraw,
    Renew,
}

/// Whether `transition` may happen to an authorisation with these dates;
/// the message key of why not.
pub fn check_transition(dates: &Dates, transition: Transition, renewed: bool) -> Result<(), &'static str> {
    let withdrawn = dates.withdrawn_on.is_some();
    let granted = dates.decision == Some(Decision::Granted);
    match transition {
        Transition::RecordStep | Transition::Decide if dates.decision.is_some() => Err("authorisation.already_decided"),
        Transition::RecordStep | Transition::Decide => Ok(()),
        _ if withdrawn => Err("authorisation.already_withdrawn"),
        _ if !granted => Err("authorisation.not_granted"),
        Transition::Suspend if dates.suspended_on.is_some() => Err("authorisation.already_suspended"),
        Transition::Lift if dates.suspended_on.is_none() => Err("authorisation.not_suspended"),
        Transition::Renew if renewed => Err("authorisation.already_renewed"),
        Transition::Suspend | Transition::Lift | Transition::Withdraw | Transition::Renew => Ok(()),
    }
}

/// May someone holding these authorisations act on `day`?
pub fn may_act_on(authorisations: &[Dates], day: NaiveDate) -> bool {
    authorisations
        .iter()
        .any(|a| a.status(day, DEFAULT_EXPIRING_DAYS).allows_activity())
}

/// The value below which `p` (0–100) percent of `values` fall (nearest rank).
pub fn percentile(values: &[i64], p: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    #[test]
    fn implausible_dates_are_refused_wherever_they_come_from() {
        use super::{DecisionDates, check_dates};
        let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let today = day("2026-12-01");
        let dates = |filed: &str, decided: Option<&str>, starts: Option<&str>, expires: Option<&str>| DecisionDates {
            filed_on: day(filed),
            decided_on: decided.map(day),
            starts_on: starts.map(day),
            expires_on: expires.map(day),
        };
        let ok = dates("2026-01-10", Some("2026-03-01"), None, Some("2028-02-29"));
        assert_eq!(check_dates(&ok, today), Ok(()));
        for (wrong, field) in [
            (dates("2026-03-01", Some("2026-01-10"), None, None), "decided_on"),
            (dates("2026-01-10", Some("2029-01-10"), None, None), "decided_on"),
            (dates("0001-01-01", None, None, None), "filed_on"),
            (dates("2027-06-01", None, None, None), "filed_on"),
            (
                dates("2026-01-10", Some("2026-03-01"), None, Some("9999-12-31")),
                "expires_on",
            ),
            (
                dates("2026-01-10", Some("2026-03-01"), None, Some("2026-02-01")),
                "expires_on",
            ),
            (
                dates("2026-01-10", Some("2026-03-01"), Some("2020-01-01"), None),
                "starts_on",
            ),
        ] {
            assert_eq!(check_dates(&wrong, today).map_err(|(f, _)| f), Err(field), "{wrong:?}");
        }
    }

    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn granted(start: &str, end: &str) -> Dates {
        Dates {
            decision: Some(Decision::Granted),
            starts_on: Some(d(start)),
            expires_on: Some(d(end)),
            ..Dates::default()
        }
    }

    #[test]
    fn a_granted_authorisation_is_valid_then_expiring_then_expired() {
        let a = granted("2026-01-01", "2027-12-31");
        assert_eq!(a.status(d("2025-12-31"), 60), Status::InProgress);
        assert_eq!(a.status(d("2026-01-01"), 60), Status::Valid);
        assert_eq!(a.status(d("2027-10-31"), 60), Status::Valid);
        assert_eq!(a.status(d("2027-11-01"), 60), Status::Expiring);
        assert_eq!(a.status(d("2027-12-31"), 60), Status::Expiring);
        assert_eq!(a.status(d("2028-01-01"), 60), Status::Expired);
        assert!(a.status(d("2027-12-31"), 60).allows_activity());
        assert!(!a.status(d("2028-01-01"), 60).allows_activity());
    }

    #[test]
    fn suspension_and_withdrawal_end_validity_at_once() {
        let mut a = granted("2026-01-01", "2027-12-31");
        a.suspended_on = Some(d("2026-06-10"));
        assert_eq!(a.status(d("2026-06-09"), 60), Status::Valid);
        assert_eq!(a.status(d("2026-06-10"), 60), Status::Suspended);
        a.withdrawn_on = Some(d("2026-07-01"));
        assert_eq!(a.status(d("2026-07-01"), 60), Status::Withdrawn);
        assert!(!Status::Suspended.allows_activity());
    }

    #[test]
    fn undecided_and_refused_applications() {
        assert_eq!(Dates::default().status(d("2026-01-01"), 60), Status::InProgress);
        let refused = Dates {
            decision: Some(Decision::Refused),
            ..Dates::default()
        };
        assert_eq!(refused.status(d("2026-01-01"), 60), Status::Refused);
    }

    #[test]
    fn the_default_duration_is_counted_in_months() {
        assert_eq!(default_expiry(d("2026-03-15"), 24), d("2028-03-14"));
        assert_eq!(default_expiry(d("2024-02-29"), 24), d("2026-02-27"));
    }

    #[test]
    fn reminders_come_at_90_30_and_7_days_once_each() {
        let end = d("2027-01-31");
        assert_eq!(reminder_due(end, d("2026-10-01"), &[]), None);
        assert_eq!(reminder_due(end, d("2026-11-02"), &[]), Some(90));
        assert_eq!(reminder_due(end, d("2026-11-02"), &[90]), None);
        assert_eq!(reminder_due(end, d("2027-01-10"), &[90]), Some(30));
        assert_eq!(reminder_due(end, d("2027-01-30"), &[90, 30]), Some(7));
        assert_eq!(
            reminder_due(end, d("2027-02-01"), &[]),
            None,
            "no reminder once expired"
        );
    }

    #[test]
    fn transitions_follow_the_life_of_an_authorisation() {
        let pending = Dates::default();
        assert_eq!(check_transition(&pending, Transition::RecordStep, false), Ok(()));
        assert_eq!(
            check_transition(&pending, Transition::Suspend, false),
            Err("authorisation.not_granted")
        );
        let mut a = granted("2026-01-01", "2027-12-31");
        assert_eq!(
            check_transition(&a, Transition::Decide, false),
            Err("authorisation.already_decided")
        );
        assert_eq!(
            check_transition(&a, Transition::Lift, false),
            Err("authorisation.not_suspended")
        );
        assert_eq!(check_transition(&a, Transition::Suspend, false), Ok(()));
        a.suspended_on = Some(d("2026-02-01"));
        assert_eq!(
            check_transition(&a, Transition::Suspend, false),
            Err("authorisation.already_suspended")
        );
        assert_eq!(check_transition(&a, Transition::Lift, false), Ok(()));
        assert_eq!(
            check_transition(&a, Transition::Renew, true),
            Err("authorisation.already_renewed")
        );
        a.withdrawn_on = Some(d("2026-03-01"));
        assert_eq!(
            check_transition(&a, Transition::Renew, false),
            Err("authorisation.already_withdrawn")
        );
    }

    #[test]
    fn one_valid_authorisation_is_enough_to_act() {
        let old = granted("2024-01-01", "2025-12-31");
        let new = granted("2026-01-01", "2027-12-31");
        assert!(may_act_on(&[old, new], d("2026-05-01")));
        assert!(!may_act_on(&[old], d("2026-05-01")));
        assert!(!may_act_on(&[], d("2026-05-01")));
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let days = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(percentile(&days, 50.0), Some(50));
        assert_eq!(percentile(&days, 90.0), Some(90));
        assert_eq!(percentile(&[7], 90.0), Some(7));
        assert_eq!(percentile(&[], 50.0), None);
    }
}
