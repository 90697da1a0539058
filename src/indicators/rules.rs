//! Indicators as plain rules: the measures they are made of, how a figure
//! is computed and aggregated (a ratio of sums, never an average of rates),
//! and which counts may be shown outside an organisation.

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

/// What the places of a table measured in a period, by place (a country
/// code): the counts, and the values medians are taken from.
#[derive(Debug, Default)]
pub struct Measured {
    pub counts: std::collections::HashMap<(String, Measure), i64>,
    pub values: std::collections::HashMap<(String, Measure), Vec<i64>>,
}

impl Measured {
    fn count(&self, place: &str, measure: Measure) -> i64 {
        self.counts.get(&(place.to_owned(), measure)).copied().unwrap_or(0)
    }

    fn values<'a>(&'a self, places: &'a [String], measure: Measure) -> impl Iterator<Item = i64> + 'a {
        places
            .iter()
            .flat_map(move |p| self.values.get(&(p.clone(), measure)).into_iter().flatten().copied())
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
/// together (a ratio of sums; a median of all the values), with the counts
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
    let total_denominator = denominators.as_ref().map(|(d, _, shown)| (d.iter().sum(), !shown));
    cells.push(cell(numerators.iter().sum(), !numerator_total_shown, total_denominator));
    cells
}

/// A median row: the number of values behind each median is a count of
/// people or referrals, suppressed like any other; a median over a hidden
/// number of values is not shown.
fn median_row(measure: Measure, measured: &Measured, places: &[String], threshold: i64) -> Vec<Cell> {
    let values: Vec<Vec<i64>> = places
        .iter()
        .map(|p| measured.values(std::slice::from_ref(p), measure).collect())
        .collect();
    let counts: Vec<i64> = values.iter().map(|v| v.len() as i64).collect();
    let (hidden, total_shown) = suppress(&counts, threshold);
    let cell = |values: &[i64], hidden: bool| Cell {
        numerator: None,
        denominator: (!hidden).then_some(values.len() as f64),
        value: if hidden { None } else { median(values) },
        suppressed: hidden,
    };
    let mut cells: Vec<Cell> = values.iter().zip(&hidden).map(|(v, h)| cell(v, *h)).collect();
    let all: Vec<i64> = values.concat();
    cells.push(cell(&all, !total_shown));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_places_together_are_the_ratio_of_their_sums_not_the_average_of_their_rates() {
        // 10 volunteers for 100 detainees, and 20 for 1,000.
        let mut measured = Measured::default();
        for (place, volunteers, detainees) in [("A", 10, 100), ("B", 20, 1000)] {
            measured
                .counts
                .insert((place.into(), Measure::AuthorisedVolunteers), volunteers);
            measured
                .counts
                .insert((place.into(), Measure::DetainedPopulation), detainees);
        }
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
        let mut measured = Measured::default();
        for (place, volunteers, detainees) in [("BE", 3, 900), ("FR", 40, 1000), ("PL", 12, 3000)] {
            measured
                .counts
                .insert((place.into(), Measure::AuthorisedVolunteers), volunteers);
            measured
                .counts
                .insert((place.into(), Measure::DetainedPopulation), detainees);
        }
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
            let days = (1..=n).collect();
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
