//! Indicators as plain rules: the measures they are made of, how a figure
//! is computed and aggregated (a ratio of sums, never an average of rates),
//! and which counts may be shown outside an organisation.

use chrono::{Datelike, Months, NaiveDate};

text_enum! {
    /// What Passerelle counts, for a place and a period.
    pub enum Measure ("indicator.measure") {
        /// People with a valid authorisation on the last day of the period.
        AuthorisedVolunteers = "authorised_volunteers",
        /// Of those, people with at least one activity in the period.
        ActiveVolunteers = "active_volunteers",
        Visits = "visits",
        VolunteerHours = "volunteer_hours",
        /// Course enrolments, lessons corrected and exams.
        CourseEvents = "course_events",
        ReferralsSent = "referrals_sent",
        ReferralsAccepted = "referrals_accepted",
        ReferralsClosed = "referrals_closed",
        /// Days from a referral's submission to its acceptance (a median).
        DaysToAcceptance = "days_to_acceptance",
        /// Days from an application to its decision (a median).
        AuthorisationWaitingDays = "authorisation_waiting_days",
        /// Hours of the training modules completed in the period.
        TrainingHours = "training_hours",
        /// Coordinators holding at least one certificate.
        CertifiedCoordinators = "certified_coordinators",
        /// Open establishments with at least one authorised volunteer.
        EstablishmentsServed = "establishments_served",
        EstablishmentsUnserved = "establishments_unserved",
        Establishments = "establishments",
        DetainedPopulation = "detained_population",
        OperationalCapacity = "operational_capacity",
    }
}

impl Measure {
    /// Whether the measure counts establishments, places or detainees as
    /// the administrations publish them, rather than people or what they
    /// did: such counts are shown however small.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            Self::Establishments
                | Self::EstablishmentsServed
                | Self::EstablishmentsUnserved
                | Self::DetainedPopulation
                | Self::OperationalCapacity
        )
    }

    /// Whether the measure is a median of durations rather than a count:
    /// medians are computed from the underlying values, not summed.
    pub fn is_median(self) -> bool {
        matches!(self, Self::DaysToAcceptance | Self::AuthorisationWaitingDays)
    }
}

/// A network's suppression threshold as typed: a whole number of people,
/// never under the platform's [`THRESHOLD`](super::THRESHOLD) nor over 100.
pub fn threshold(text: &str) -> Result<i64, &'static str> {
    text.trim()
        .parse()
        .ok()
        .filter(|n| (super::THRESHOLD..=100).contains(n))
        .ok_or("network.error.threshold")
}

/// The period a figure covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year(i32),
    /// A year and its quarter, 1 to 4.
    Quarter(i32, u32),
    /// A year and its month, 1 to 12.
    Month(i32, u32),
}

impl Period {
    /// `2026`, `2026-Q3` or `2026-09`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        let year = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let within = |text: &str, last: u32| text.parse().ok().filter(|n| (1..=last).contains(n));
        match part {
            None => Some(Self::Year(year)),
            Some(part) => match part.strip_prefix('Q') {
                Some(quarter) => within(quarter, 4).map(|q| Self::Quarter(year, q)),
                None if part.len() == 2 => within(part, 12).map(|m| Self::Month(year, m)),
                None => None,
            },
        }
    }

    pub fn code(self) -> String {
        match self {
            Self::Year(y) => y.to_string(),
            Self::Quarter(y, q) => format!("{y}-Q{q}"),
            Self::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Self::Year(y) | Self::Quarter(y, _) | Self::Month(y, _) => y,
        }
    }

    /// The first month and how many months it spans.
    fn span(self) -> (u32, u32) {
        match self {
            Self::Year(_) => (1, 12),
            Self::Quarter(_, q) => (3 * q - 2, 3),
            Self::Month(_, m) => (m, 1),
        }
    }

    pub fn months(self) -> u32 {
        self.span().1
    }

    /// Its first and last day.
    pub fn bounds(self) -> (NaiveDate, NaiveDate) {
        let (first, months) = self.span();
        let start = NaiveDate::from_ymd_opt(self.year(), first, 1).unwrap_or_default();
        let end = start
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start);
        (start, end)
    }

    /// The month, quarter or year just before.
    pub fn previous(self) -> Self {
        match self {
            Self::Year(y) => Self::Year(y - 1),
            Self::Quarter(y, 1) => Self::Quarter(y - 1, 4),
            Self::Quarter(y, q) => Self::Quarter(y, q - 1),
            Self::Month(y, 1) => Self::Month(y - 1, 12),
            Self::Month(y, m) => Self::Month(y, m - 1),
        }
    }

    /// The same period a year earlier, to show a trend beside it.
    pub fn year_before(self) -> Self {
        match self {
            Self::Year(y) => Self::Year(y - 1),
            Self::Quarter(y, q) => Self::Quarter(y - 1, q),
            Self::Month(y, m) => Self::Month(y - 1, m),
        }
    }
}

text_enum! {
    /// The periods a trend follows.
    pub enum Interval ("indicator.interval") {
        Month = "month",
        Quarter = "quarter",
        Year = "year",
    }
}

impl Interval {
    /// The periods a trend shows, up to the one holding `day`, the oldest
    /// first: a year of months, two years of quarters, five years.
    pub fn periods(self, day: NaiveDate) -> Vec<Period> {
        let (last, span) = match self {
            Self::Month => (Period::Month(day.year(), day.month()), 12),
            Self::Quarter => (Period::Quarter(day.year(), (day.month() - 1) / 3 + 1), 8),
            Self::Year => (Period::Year(day.year()), 5),
        };
        let mut periods: Vec<Period> = std::iter::successors(Some(last), |p| Some(p.previous()))
            .take(span)
            .collect();
        periods.reverse();
        periods
    }
}

text_enum! {
    /// What the places of a comparison are.
    pub enum Level ("indicator.level") {
        Country = "country",
        Region = "region",
        Establishment = "establishment",
        Organisation = "organisation",
    }
}

text_enum! {
    /// Which way an indicator is better.
    pub enum Better ("indicator.better") {
        Higher = "higher",
        Lower = "lower",
    }
}

/// A figure with what it is made of: `numerator * scale / denominator`, or
/// the numerator alone for an indicator without a denominator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub scale: f64,
}

impl Figure {
    /// The value; none when the denominator is zero.
    pub fn value(&self) -> Option<f64> {
        match self.denominator {
            None => Some(self.numerator * self.scale),
            Some(d) if d > 0.0 => Some(self.numerator * self.scale / d),
            Some(_) => None,
        }
    }
}

/// The median of `values`; the mean of the two middle ones for an even count.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Which parts of a published total to hide, and whether the total may
/// still be shown. A count of people from 1 to `threshold - 1` is hidden;
/// then, while fewer than two parts are hidden or they add up to less than
/// twice the threshold, the smallest other part is hidden too: otherwise
/// the total minus the parts shown would give a small count away, or pin
/// it down (two hidden parts adding up to 2 are both 1). When no part is
/// left to hide, the total is not shown either. Zeros stay: they say
/// nothing about anyone.
pub fn suppress(parts: &[i64], threshold: i64) -> (Vec<bool>, bool) {
    let mut hidden: Vec<bool> = parts.iter().map(|&n| n > 0 && n < threshold).collect();
    if !hidden.contains(&true) {
        return (hidden, true);
    }
    loop {
        let hidden_parts = parts.iter().zip(&hidden).filter(|(_, h)| **h);
        let (count, sum) = hidden_parts.fold((0, 0), |(c, s), (n, _)| (c + 1, s + n));
        if count >= 2 && sum >= 2 * threshold {
            return (hidden, true);
        }
        let next = (0..parts.len())
            .filter(|&i| !hidden[i] && parts[i] > 0)
            .min_by_key(|&i| parts[i]);
        match next {
            Some(i) => hidden[i] = true,
            None => return (hidden, false),
        }
    }
}

/// The place of a table that is all of its places together. It is
/// measured, not summed: a volunteer authorised in two regions is one
/// volunteer of the country.
pub const ALL: &str = "*";

/// What the places of a table measured in a period, by place (a country
/// code, a region's or an establishment's or an organisation's id, or
/// [`ALL`]): the counts, and the values medians are taken from.
#[derive(Debug, Default)]
pub struct Measured {
    pub counts: std::collections::HashMap<(String, Measure), i64>,
    pub values: std::collections::HashMap<(String, Measure), Vec<i64>>,
}

impl Measured {
    pub fn count(&self, place: &str, measure: Measure) -> i64 {
        self.counts.get(&(place.to_owned(), measure)).copied().unwrap_or(0)
    }

    fn values(&self, place: &str, measure: Measure) -> Vec<i64> {
        self.values
            .get(&(place.to_owned(), measure))
            .cloned()
            .unwrap_or_default()
    }
}

/// How an indicator is made: what it divides by what, and the scale.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    pub numerator: Measure,
    pub denominator: Option<Measure>,
    pub scale: i64,
}

/// One place's figure of an indicator, as shown outside organisations.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = IndicatorCell)]
pub struct Cell {
    /// None when suppressed (see `suppressed`).
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    /// A count of people behind the figure is under the threshold, or was
    /// hidden so that such a count cannot be found by subtraction. Both are
    /// shown alike, or the difference would say which is the small one.
    pub suppressed: bool,
}

/// An indicator's figures for each of `places`, then for all of them
/// together (a ratio of sums; a median of all the values), measured as
/// [`ALL`], with the counts
/// of people below `threshold` suppressed across the places.
pub fn row(definition: Definition, measured: &Measured, places: &[String], threshold: i64) -> Vec<Cell> {
    if definition.numerator.is_median() {
        return median_row(definition.numerator, measured, places, threshold);
    }
    let counts = |measure: Measure| -> Vec<i64> { places.iter().map(|p| measured.count(p, measure)).collect() };
    let controlled = |measure: Measure, counts: &[i64]| {
        let threshold = if measure.is_public() { 0 } else { threshold };
        suppress(counts, threshold)
    };
    let numerators = counts(definition.numerator);
    let (hidden_numerators, numerator_total_shown) = controlled(definition.numerator, &numerators);
    let denominators = definition.denominator.map(|d| {
        let counts = counts(d);
        let (hidden, total_shown) = controlled(d, &counts);
        (counts, hidden, total_shown)
    });
    let cell = |numerator: i64, hidden_numerator: bool, denominator: Option<(i64, bool)>| {
        let figure = Figure {
            numerator: numerator as f64,
            denominator: denominator.map(|(d, _)| d as f64),
            scale: definition.scale as f64,
        };
        let hidden_denominator = denominator.is_some_and(|(_, hidden)| hidden);
        let suppressed = hidden_numerator || hidden_denominator;
        Cell {
            numerator: (!hidden_numerator).then_some(figure.numerator),
            denominator: figure.denominator.filter(|_| !hidden_denominator),
            value: if suppressed { None } else { figure.value() },
            suppressed,
        }
    };
    let mut cells: Vec<Cell> = (0..places.len())
        .map(|i| {
            let denominator = denominators.as_ref().map(|(d, hidden, _)| (d[i], hidden[i]));
            cell(numerators[i], hidden_numerators[i], denominator)
        })
        .collect();
    let total_denominator = denominators
        .as_ref()
        .zip(definition.denominator)
        .map(|((_, _, shown), d)| (measured.count(ALL, d), !shown));
    cells.push(cell(
        measured.count(ALL, definition.numerator),
        !numerator_total_shown,
        total_denominator,
    ));
    cells
}

/// A median row: the number of values behind each median is a count of
/// people or referrals, suppressed like any other; a median over a hidden
/// number of values is not shown.
fn median_row(measure: Measure, measured: &Measured, places: &[String], threshold: i64) -> Vec<Cell> {
    let values: Vec<Vec<i64>> = places.iter().map(|p| measured.values(p, measure)).collect();
    let counts: Vec<i64> = values.iter().map(|v| v.len() as i64).collect();
    let (hidden, total_shown) = suppress(&counts, threshold);
    let cell = |values: &[i64], hidden: bool| Cell {
        numerator: None,
        denominator: (!hidden).then_some(values.len() as f64),
        value: if hidden { None } else { median(values) },
        suppressed: hidden,
    };
    let mut cells: Vec<Cell> = values.iter().zip(&hidden).map(|(v, h)| cell(v, *h)).collect();
    cells.push(cell(&measured.values(ALL, measure), !total_shown));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_hides_at_least_what_the_platform_hides() {
        assert_eq!(threshold(" 10 "), Ok(10));
        assert_eq!(threshold("5"), Ok(5));
        for refused in ["4", "0", "-5", "101", "ten", "", "7.5"] {
            assert_eq!(threshold(refused), Err("network.error.threshold"), "{refused}");
        }
    }

    /// Counts a place measured, added to all places together as well.
    fn measured(counts: &[(&str, Measure, i64)]) -> Measured {
        let mut m = Measured::default();
        for &(place, measure, n) in counts {
            *m.counts.entry((place.into(), measure)).or_default() += n;
            *m.counts.entry((ALL.into(), measure)).or_default() += n;
        }
        m
    }

    #[test]
    fn all_places_together_are_the_ratio_of_their_sums_not_the_average_of_their_rates() {
        // 10 volunteers for 100 detainees, and 20 for 1,000.
        let measured = measured(&[
            ("A", Measure::AuthorisedVolunteers, 10),
            ("A", Measure::DetainedPopulation, 100),
            ("B", Measure::AuthorisedVolunteers, 20),
            ("B", Measure::DetainedPopulation, 1000),
        ]);
        let places: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let definition = Definition {
            numerator: Measure::AuthorisedVolunteers,
            denominator: Some(Measure::DetainedPopulation),
            scale: 100,
        };
        let cells = row(definition, &measured, &places, 5);
        assert_eq!((cells[0].value, cells[1].value), (Some(10.0), Some(2.0)));
        assert_eq!(cells[2].value, Some(30.0 * 100.0 / 1100.0), "not (10 + 2) / 2 = 6");
        let nobody = Figure {
            numerator: 3.0,
            denominator: Some(0.0),
            scale: 100.0,
        };
        assert_eq!(nobody.value(), None, "no detainee, no rate");
    }

    #[test]
    fn a_table_hides_what_subtraction_would_reveal_and_sums_the_rest() {
        let measured = measured(&[
            ("BE", Measure::AuthorisedVolunteers, 3),
            ("BE", Measure::DetainedPopulation, 900),
            ("FR", Measure::AuthorisedVolunteers, 40),
            ("FR", Measure::DetainedPopulation, 1000),
            ("PL", Measure::AuthorisedVolunteers, 12),
            ("PL", Measure::DetainedPopulation, 3000),
        ]);
        let places: Vec<String> = ["BE", "FR", "PL"].map(String::from).to_vec();
        let definition = Definition {
            numerator: Measure::AuthorisedVolunteers,
            denominator: Some(Measure::DetainedPopulation),
            scale: 100,
        };
        let cells = row(definition, &measured, &places, 5);
        assert!(
            cells[0].suppressed && cells[0].numerator.is_none() && cells[0].value.is_none(),
            "3 volunteers"
        );
        assert!(cells[2].suppressed, "12 hidden too, or 55 - 40 - 12 = 3");
        assert_eq!(cells[1].value, Some(4.0));
        assert_eq!(cells[3].numerator, Some(55.0));
        assert_eq!(cells[3].value, Some(55.0 * 100.0 / 4900.0), "the ratio of the sums");
    }

    #[test]
    fn a_median_hides_how_many_values_it_has_like_any_count() {
        let mut measured = Measured::default();
        for (place, n) in [("BE", 3), ("FR", 40), ("PL", 12)] {
            let days: Vec<i64> = (1..=n).collect();
            measured
                .values
                .entry((ALL.into(), Measure::DaysToAcceptance))
                .or_default()
                .extend(&days);
            measured.values.insert((place.into(), Measure::DaysToAcceptance), days);
        }
        let places: Vec<String> = ["BE", "FR", "PL"].map(String::from).to_vec();
        let definition = Definition {
            numerator: Measure::DaysToAcceptance,
            denominator: None,
            scale: 1,
        };
        let cells = row(definition, &measured, &places, 5);
        assert!(cells[0].suppressed && cells[0].denominator.is_none() && cells[0].value.is_none());
        assert!(cells[2].suppressed, "or 55 - 40 - 12 values = 3");
        assert_eq!((cells[1].denominator, cells[1].value), (Some(40.0), Some(20.5)));
        assert_eq!(cells[3].denominator, Some(55.0));
    }

    #[test]
    fn all_places_together_count_a_person_once() {
        // One volunteer authorised in two regions, of 200 detainees each.
        let mut measured = measured(&[
            ("north", Measure::AuthorisedVolunteers, 1),
            ("south", Measure::AuthorisedVolunteers, 1),
            ("north", Measure::DetainedPopulation, 200),
            ("south", Measure::DetainedPopulation, 200),
        ]);
        measured.counts.insert((ALL.into(), Measure::AuthorisedVolunteers), 1);
        let definition = Definition {
            numerator: Measure::AuthorisedVolunteers,
            denominator: Some(Measure::DetainedPopulation),
            scale: 100,
        };
        let cells = row(definition, &measured, &["north".into(), "south".into()], 1);
        assert_eq!(cells[2].numerator, Some(1.0));
        assert_eq!(cells[2].value, Some(0.25));
    }

    #[test]
    fn periods_are_years_quarters_or_months() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let quarter = Period::parse("2025-Q4").unwrap();
        assert_eq!(quarter.bounds(), (day(2025, 10, 1), day(2025, 12, 31)));
        assert_eq!(quarter.year_before().code(), "2024-Q4");
        let february = Period::parse("2024-02").unwrap();
        assert_eq!(february.bounds(), (day(2024, 2, 1), day(2024, 2, 29)));
        assert_eq!(february.months(), 1);
        assert_eq!(Period::parse("2026").unwrap().bounds().1, day(2026, 12, 31));
        assert_eq!(Period::parse("2026").unwrap().months(), 12);
        for wrong in [
            "", "26", "2026-Q5", "2026-13", "2026-1", "2026-Q", "abc", "2026-00", "1999",
        ] {
            assert_eq!(Period::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn a_trend_ends_with_the_period_of_today() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 10).unwrap();
        let quarters = Interval::Quarter.periods(day);
        assert_eq!(quarters.len(), 8);
        assert_eq!(
            (quarters[0].code(), quarters[7].code()),
            ("2024-Q2".into(), "2026-Q1".into())
        );
        let months = Interval::Month.periods(day);
        assert_eq!(
            (months[0].code(), months[11].code()),
            ("2025-03".into(), "2026-02".into())
        );
        assert_eq!(Interval::Year.periods(day)[0], Period::Year(2022));
    }

    #[test]
    fn medians_come_from_the_values() {
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[4, 1, 3, 10]), Some(3.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn a_small_count_never_shows_nor_can_be_found_by_subtraction() {
        // Without a second hidden count, 30 - 12 - 15 = 3 would give it away.
        assert_eq!(suppress(&[3, 12, 15], 5), (vec![true, true, false], true));
        // 2 and 4 hidden alone add up to 6: the total minus 20 says so, and
        // 1 + 1 would be found the same way. They take 20 with them; zeros
        // say nothing about anyone and stay.
        assert_eq!(suppress(&[2, 4, 0, 20], 5), (vec![true, true, false, true], true));
        assert_eq!(suppress(&[1, 1, 30], 5), (vec![true, true, true], true));
        assert_eq!(suppress(&[7, 9], 5), (vec![false, false], true));
        // One place alone: its total would be the small count itself.
        assert_eq!(suppress(&[3], 5), (vec![true], false));
    }
}
