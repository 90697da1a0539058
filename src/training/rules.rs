//! The rules of training, without database or HTTP: where an enrolment
//! goes (a seat or the waiting list), how a session's cost is shared, when
//! a module is completed, the days of a session and their instants in
//! universal time, certificate codes and qualification expiry.

use chrono::{Months, NaiveDate, NaiveTime};

text_enum! {
    /// Where an enrolment stands.
    pub enum EnrolmentState ("training.enrolment") {
        /// Holds one of its organisation's seats.
        Enrolled = "enrolled",
        /// Waits for a seat of its organisation, in order of `queued_at`.
        Waiting = "waiting",
        Cancelled = "cancelled",
        /// Refused by the person's coordinator.
        Refused = "refused",
    }
}

text_enum! {
    /// How a session's cost is shared between the organisations taking part.
    pub enum CostSharing ("training.sharing") {
        /// In proportion to the seats each organisation's people hold.
        PerSeat = "per_seat",
        /// In equal parts between the organiser and each organisation with someone enrolled.
        Equal = "equal",
        /// In the percentages set on the session.
        Custom = "custom",
    }
}

/// The longest session, in days (attendance is taken per day).
pub const MAX_DAYS: i64 = 31;

/// Where a new enrolment goes, given its organisation's seats and how many hold one.
pub fn placement(seats: i64, taken: i64) -> EnrolmentState {
    if taken < seats {
        EnrolmentState::Enrolled
    } else {
        EnrolmentState::Waiting
    }
}

/// The organiser's own seats: the capacity less the partners' seats, or
/// `None` when the partners were given more than the capacity.
pub fn organiser_seats(capacity: i64, partner_seats: &[i64]) -> Option<i64> {
    let given: i64 = partner_seats.iter().sum();
    (capacity > 0 && partner_seats.iter().all(|s| *s >= 0) && given <= capacity).then(|| capacity - given)
}

/// One organisation's part in a session, for sharing its cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub organisation_id: i64,
    /// Seats its people hold.
    pub taken: i64,
    /// Its percentage, for a custom split.
    pub percent: Option<i64>,
}

/// What each organisation owes, in cents, in the order of `parties` (the
/// organiser first). The cents lost to rounding go to the organiser, so
/// the parts always add up to the cost.
pub fn split_cost(cost: i64, sharing: CostSharing, parties: &[Share]) -> Vec<i64> {
    let weights: Vec<i64> = match sharing {
        CostSharing::PerSeat => parties.iter().map(|p| p.taken).collect(),
        CostSharing::Equal => parties
            .iter()
            .enumerate()
            .map(|(i, p)| i64::from(i == 0 || p.taken > 0))
            .collect(),
        CostSharing::Custom => parties.iter().map(|p| p.percent.unwrap_or(0)).collect(),
    };
    let total: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = if total == 0 {
        // Nobody took a seat (or no percentage was set): the organiser pays.
        parties
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { cost } else { 0 })
            .collect()
    } else {
        weights.iter().map(|w| cost * w / total).collect()
    };
    let rounding = cost - parts.iter().sum::<i64>();
    if let Some(first) = parts.first_mut() {
        *first += rounding;
    }
    parts
}

/// Whether custom percentages are complete: each set, 0 to 100, 100 in all.
pub fn percentages_complete(percents: &[Option<i64>]) -> bool {
    percents.iter().all(|p| matches!(p, Some(0..=100))) && percents.iter().flatten().sum::<i64>() == 100
}

/// Why a module is not completed yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortfall {
    Attendance,
    Assessment,
}

/// A module's rule: attended at least `min_attendance` percent of the
/// `days`, and passed the assessment when there is one.
pub fn completion(
    present: i64,
    days: i64,
    min_attendance: i64,
    assessment: bool,
    passed: bool,
) -> Result<(), Shortfall> {
    if days <= 0 || present * 100 < min_attendance * days {
        return Err(Shortfall::Attendance);
    }
    if assessment && !passed {
        return Err(Shortfall::Assessment);
    }
    Ok(())
}

/// Every day of a session, first to last.
pub fn days(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    first.iter_days().take_while(|d| *d <= last).collect()
}

/// Whether a session's dates and daily hours make sense.
pub fn schedule_ok(first: NaiveDate, last: NaiveDate, starts: NaiveTime, ends: NaiveTime) -> bool {
    first <= last && (last - first).num_days() < MAX_DAYS && starts < ends
}

/// A certificate's verification code: 12 letters and digits in three
/// groups, without the look-alikes 0/O and 1/I/L, so it can be typed from paper.
pub fn certificate_code(rng: &mut impl rand::Rng) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let chars: Vec<char> = (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The day a qualification granted on `granted_on` expires, if it does.
pub fn expires_on(granted_on: NaiveDate, validity_months: Option<i64>) -> Option<NaiveDate> {
    let months = u32::try_from(validity_months?).ok()?;
    granted_on.checked_add_months(Months::new(months))
}

/// Whether an expiry reminder is due: the qualification expires within `days_before` days and has not expired.
pub fn expiry_reminder_due(expires_on: NaiveDate, today: NaiveDate, days_before: i64) -> bool {
    let left = (expires_on - today).num_days();
    (0..=days_before).contains(&left)
}

/// Money in cents as euros (`1 234,50 €` / `€1,234.50`).
pub fn euros(cents: i64, lang: crate::i18n::Lang) -> String {
    let units = lang.number(cents / 100);
    let rest = (cents % 100).abs();
    match lang {
        crate::i18n::Lang::Fr => format!("{units},{rest:02}\u{a0}€"),
        crate::i18n::Lang::En => format!("€{units}.{rest:02}"),
    }
}

/// An amount typed by a person (`1200`, `1 200,50`, `1200.5`) in cents.
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Some(0);
    }
    let (units, cents) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if cents.len() > 2 || !units.chars().all(|c| c.is_ascii_digit()) || !cents.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let units: i64 = if units.is_empty() { 0 } else { units.parse().ok()? };
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    units.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn share(id: i64, taken: i64, percent: Option<i64>) -> Share {
        Share {
            organisation_id: id,
            taken,
            percent,
        }
    }

    #[test]
    fn the_seat_after_the_last_goes_to_the_waiting_list() {
        assert_eq!(placement(3, 0), EnrolmentState::Enrolled);
        assert_eq!(placement(3, 2), EnrolmentState::Enrolled);
        assert_eq!(placement(3, 3), EnrolmentState::Waiting);
        assert_eq!(placement(0, 0), EnrolmentState::Waiting);
    }

    #[test]
    fn the_organiser_keeps_the_seats_not_given_to_partners() {
        assert_eq!(organiser_seats(12, &[3, 4]), Some(5));
        assert_eq!(organiser_seats(7, &[3, 4]), Some(0));
        assert_eq!(organiser_seats(6, &[3, 4]), None);
        assert_eq!(organiser_seats(6, &[-1]), None);
        assert_eq!(organiser_seats(0, &[]), None);
    }

    #[test]
    fn per_seat_costs_follow_the_seats_taken_and_add_up() {
        let parties = [share(1, 1, None), share(2, 3, None), share(3, 0, None)];
        assert_eq!(
            split_cost(100_000, CostSharing::PerSeat, &parties),
            vec![25_000, 75_000, 0]
        );
        // 1000 / 3 does not divide: the organiser takes the odd cent.
        let even = [share(1, 1, None), share(2, 1, None), share(3, 1, None)];
        assert_eq!(split_cost(1000, CostSharing::PerSeat, &even), vec![334, 333, 333]);
    }

    #[test]
    fn equal_costs_leave_out_partners_nobody_came_from() {
        let parties = [share(1, 0, None), share(2, 3, None), share(3, 0, None)];
        assert_eq!(
            split_cost(90_000, CostSharing::Equal, &parties),
            vec![45_000, 45_000, 0]
        );
    }

    #[test]
    fn custom_costs_follow_the_percentages() {
        let parties = [share(1, 2, Some(70)), share(2, 3, Some(30))];
        assert_eq!(split_cost(50_000, CostSharing::Custom, &parties), vec![35_000, 15_000]);
        assert!(percentages_complete(&[Some(70), Some(30)]));
        assert!(!percentages_complete(&[Some(70), Some(20)]));
        assert!(!percentages_complete(&[Some(70), None]));
    }

    #[test]
    fn with_no_seat_taken_the_organiser_pays_everything() {
        let parties = [share(1, 0, None), share(2, 0, None)];
        assert_eq!(split_cost(500, CostSharing::PerSeat, &parties), vec![500, 0]);
    }

    #[test]
    fn a_module_needs_its_share_of_days_and_its_assessment() {
        assert_eq!(completion(2, 2, 100, false, false), Ok(()));
        assert_eq!(completion(1, 2, 100, false, false), Err(Shortfall::Attendance));
        assert_eq!(completion(2, 3, 60, false, false), Ok(()));
        assert_eq!(completion(1, 3, 60, false, false), Err(Shortfall::Attendance));
        assert_eq!(completion(3, 3, 100, true, false), Err(Shortfall::Assessment));
        assert_eq!(completion(3, 3, 100, true, true), Ok(()));
        assert_eq!(completion(0, 0, 0, false, false), Err(Shortfall::Attendance));
    }

    #[test]
    fn a_session_lasts_from_its_first_to_its_last_day() {
        assert_eq!(days(day("2026-12-01"), day("2026-12-03")).len(), 3);
        assert!(days(day("2026-12-03"), day("2026-12-01")).is_empty());
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        assert!(schedule_ok(day("2026-12-01"), day("2026-12-02"), nine, five));
        assert!(!schedule_ok(day("2026-12-01"), day("2026-12-02"), five, nine));
        assert!(!schedule_ok(day("2026-12-01"), day("2027-02-01"), nine, five));
    }

    #[test]
    fn certificate_codes_are_readable_and_different() {
        let mut rng = rand::rng();
        let a = certificate_code(&mut rng);
        let b = certificate_code(&mut rng);
        assert_eq!(a.len(), 14);
        assert_eq!(a.matches('-').count(), 2);
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(a, b);
    }

    #[test]
    fn qualifications_expire_after_their_validity() {
        assert_eq!(expires_on(day("2026-01-31"), Some(36)), Some(day("2029-01-31")));
        assert_eq!(expires_on(day("2026-01-31"), Some(1)), Some(day("2026-02-28")));
        assert_eq!(expires_on(day("2026-01-31"), None), None);
        assert!(expiry_reminder_due(day("2026-12-20"), day("2026-11-24"), 30));
        assert!(!expiry_reminder_due(day("2027-01-20"), day("2026-11-24"), 30));
        assert!(!expiry_reminder_due(day("2026-11-20"), day("2026-11-24"), 30));
    }

    #[test]
    fn amounts_are_read_and_written_in_euros() {
        assert_eq!(parse_euros("1 200,50 €"), Some(120_050));
        assert_eq!(parse_euros("1200.5"), Some(120_050));
        assert_eq!(parse_euros("900"), Some(90_000));
        assert_eq!(parse_euros(""), Some(0));
        assert_eq!(parse_euros("12,345"), None);
        assert_eq!(parse_euros("douze"), None);
        assert_eq!(parse_euros("-5"), None);
        assert_eq!(euros(120_050, crate::i18n::Lang::En), "€1,200.50");
        assert_eq!(euros(120_050, crate::i18n::Lang::Fr), "1\u{202f}200,50\u{a0}€");
    }
}
