//! Indicators as plain rules: the measures they are made of, how a figure
//! is computed and aggregated (a ratio of sums, never an average of rates),
//! and which counts may be shown outside an organisation.

text_enum! {
    /// What Passerelle counts, for a place and a period.
    pub enum Measure ("indicator.measure") {
        /// People with a valid authorisation on the last day of the period.
        AuthorisedVolunteers = "authorised_volunteers",
        /// People with at least one activity in the period.
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

    /// The figure of several places or periods together: the sum of their
    /// numerators over the sum of their denominators. Averaging their rates
    /// would weigh a small establishment like a large one.
    pub fn sum(parts: &[Figure]) -> Option<Figure> {
        let first = parts.first()?;
        Some(Figure {
            numerator: parts.iter().map(|f| f.numerator).sum(),
            denominator: first
                .denominator
                .map(|_| parts.iter().filter_map(|f| f.denominator).sum()),
            scale: first.scale,
        })
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

/// How a count is shown outside the organisation it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Count(i64),
    /// Fewer than the threshold: "< 5".
    Small,
    /// Hidden so that a small count cannot be found by subtraction.
    Hidden,
}

/// Disclosure control of the parts of a published total (the regions of a
/// country, the establishments of a region): a count from 1 to
/// `threshold - 1` is shown as small; and when exactly one part is hidden,
/// the smallest other one is hidden too, or the total minus the parts shown
/// would give it away.
pub fn suppress(parts: &[i64], threshold: i64) -> Vec<Shown> {
    let small = |n: i64| n > 0 && n < threshold;
    let mut shown: Vec<Shown> = parts
        .iter()
        .map(|&n| if small(n) { Shown::Small } else { Shown::Count(n) })
        .collect();
    let hidden = shown.iter().filter(|s| !matches!(s, Shown::Count(_))).count();
    if hidden == 1 {
        let other = shown
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                // A zero hidden would protect little: take a count first.
                Shown::Count(n) => Some((*n == 0, *n, i)),
                _ => None,
            })
            .min();
        if let Some((_, _, i)) = other {
            shown[i] = Shown::Hidden;
        }
    }
    shown
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
    /// A count of the figure was too small to show, or was hidden so that
    /// another could not be recovered by subtraction.
    pub suppressed: bool,
    /// The numerator is a small count ("< 5" rather than hidden).
    pub small: bool,
}

/// An indicator's figures for each of `places`, then for all of them
/// together (a ratio of sums; a median of all the values), with the counts
/// below `threshold` suppressed across the places.
pub fn row(definition: Definition, measured: &Measured, places: &[String], threshold: i64) -> Vec<Cell> {
    let scale = definition.scale as f64;
    if definition.numerator.is_median() {
        let mut cells: Vec<Cell> = places
            .iter()
            .map(|p| {
                median_cell(
                    measured.values(std::slice::from_ref(p), definition.numerator).collect(),
                    threshold,
                )
            })
            .collect();
        cells.push(median_cell(
            measured.values(places, definition.numerator).collect(),
            threshold,
        ));
        return cells;
    }
    let numerators: Vec<i64> = places.iter().map(|p| measured.count(p, definition.numerator)).collect();
    let denominators: Option<Vec<i64>> = definition
        .denominator
        .map(|d| places.iter().map(|p| measured.count(p, d)).collect());
    let controlled = |measure: Measure, counts: &[i64]| {
        let threshold = if measure.is_public() { 0 } else { threshold };
        suppress(counts, threshold)
    };
    let shown_numerators = controlled(definition.numerator, &numerators);
    let shown_denominators = definition
        .denominator
        .zip(denominators.as_ref())
        .map(|(d, counts)| controlled(d, counts));
    let mut cells: Vec<Cell> = (0..places.len())
        .map(|i| {
            let hidden_numerator = !matches!(shown_numerators[i], Shown::Count(_));
            let hidden_denominator = shown_denominators
                .as_ref()
                .is_some_and(|d| !matches!(d[i], Shown::Count(_)));
            let figure = Figure {
                numerator: numerators[i] as f64,
                denominator: denominators.as_ref().map(|d| d[i] as f64),
                scale,
            };
            let suppressed = hidden_numerator || hidden_denominator;
            Cell {
                numerator: (!hidden_numerator).then_some(figure.numerator),
                denominator: figure.denominator.filter(|_| !hidden_denominator),
                value: if suppressed { None } else { figure.value() },
                suppressed,
                small: shown_numerators[i] == Shown::Small,
            }
        })
        .collect();
    let total = Figure {
        numerator: numerators.iter().sum::<i64>() as f64,
        denominator: denominators.as_ref().map(|d| d.iter().sum::<i64>() as f64),
        scale,
    };
    let total_small = !definition.numerator.is_public() && total.numerator > 0.0 && total.numerator < threshold as f64;
    cells.push(Cell {
        numerator: (!total_small).then_some(total.numerator),
        denominator: total.denominator,
        value: if total_small { None } else { total.value() },
        suppressed: total_small,
        small: total_small,
    });
    cells
}

/// A median over fewer values than `threshold` says too much about the
/// few people behind it: suppressed.
fn median_cell(values: Vec<i64>, threshold: i64) -> Cell {
    let small = !values.is_empty() && (values.len() as i64) < threshold;
    Cell {
        numerator: None,
        denominator: Some(values.len() as f64).filter(|_| !small),
        value: if small { None } else { median(&values) },
        suppressed: small,
        small,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(n: f64, d: f64) -> Figure {
        Figure {
            numerator: n,
            denominator: Some(d),
            scale: 100.0,
        }
    }

    #[test]
    fn a_region_is_the_ratio_of_its_sums_not_the_average_of_its_rates() {
        // 10 volunteers for 100 detainees, and 1 for 1,000.
        let region = Figure::sum(&[rate(10.0, 100.0), rate(1.0, 1000.0)]).unwrap();
        assert_eq!(region.value(), Some(1.0));
        let average = (rate(10.0, 100.0).value().unwrap() + rate(1.0, 1000.0).value().unwrap()) / 2.0;
        assert!((average - 5.05).abs() < 1e-9, "the average would say 5.05");
        assert_eq!(rate(3.0, 0.0).value(), None, "no detainee, no rate");
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
        assert!(cells[0].small && cells[0].value.is_none(), "3 volunteers: < 5");
        assert!(
            cells[2].suppressed && !cells[2].small,
            "12 hidden too, or 55 - 40 - 12 = 3"
        );
        assert_eq!(cells[1].value, Some(4.0));
        assert_eq!(cells[3].numerator, Some(55.0));
        assert_eq!(cells[3].value, Some(55.0 * 100.0 / 4900.0), "the ratio of the sums");
    }

    #[test]
    fn medians_come_from_the_values() {
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[4, 1, 3, 10]), Some(3.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn a_small_count_alone_takes_another_with_it() {
        // Without the second hiding, 30 - 12 - 15 = 3 would give it away.
        assert_eq!(
            suppress(&[3, 12, 15], 5),
            [Shown::Small, Shown::Hidden, Shown::Count(15)]
        );
        // Two small counts protect each other; zeros say nothing about anyone.
        assert_eq!(
            suppress(&[2, 4, 0, 20], 5),
            [Shown::Small, Shown::Small, Shown::Count(0), Shown::Count(20)]
        );
        assert_eq!(suppress(&[7, 9], 5), [Shown::Count(7), Shown::Count(9)]);
    }
}
