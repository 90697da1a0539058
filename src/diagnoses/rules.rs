//! The rules of a needs diagnosis: the scale, how answers add up into a
//! report (averages as ratios of sums), which questions are priorities, who
//! answers and who reads, and how few respondents a comparison hides.

use crate::permissions::{Action, Actor, Role};

/// The answers of a scale question: 1 "not at all" to 5 "fully".
pub const SCALE: [i64; 5] = [1, 2, 3, 4, 5];

/// A group compared with others (a country, an establishment) shows its
/// averages only from this many respondents: fewer, and one person's
/// answers could be told apart (the platform's minimum for indicators).
pub const MIN_RESPONDENTS: i64 = 5;

/// How many questions the report names as priorities.
pub const PRIORITIES: usize = 3;

/// The answers given to one scale question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Scores {
    /// How many chose each point of the scale, 1 to 5.
    pub counts: [i64; 5],
}

impl Scores {
    pub fn add(&mut self, score: i64) {
        self.add_many(score, 1);
    }

    /// Counts `n` answers of `score`; one off the scale is not counted.
    pub fn add_many(&mut self, score: i64, n: i64) {
        if let Some(slot) = usize::try_from(score - 1).ok().and_then(|i| self.counts.get_mut(i)) {
            *slot += n;
        }
    }

    pub fn answers(&self) -> i64 {
        self.counts.iter().sum()
    }

    fn sum(&self) -> i64 {
        self.counts.iter().zip(SCALE).map(|(n, s)| n * s).sum()
    }

    /// The average, in tenths (32 for 3.2); none without answers.
    pub fn average_tenths(&self) -> Option<i64> {
        let n = self.answers();
        (n > 0).then(|| (self.sum() * 10 + n / 2) / n)
    }

    /// Several questions' answers together: the ratio of their sums, not
    /// the average of their averages.
    pub fn merge(all: &[Scores]) -> Scores {
        let mut merged = Scores::default();
        for scores in all {
            for (total, n) in merged.counts.iter_mut().zip(scores.counts) {
                *total += n;
            }
        }
        merged
    }
}

/// The questions to work on first: the lowest averages, at most [`PRIORITIES`].
pub fn priorities(questions: &[(i64, Scores)]) -> Vec<i64> {
    let mut rated: Vec<(i64, i64)> = questions
        .iter()
        .filter_map(|(id, s)| s.average_tenths().map(|a| (a, *id)))
        .collect();
    rated.sort();
    rated.into_iter().take(PRIORITIES).map(|(_, id)| id).collect()
}

/// What one person may do with a diagnosis of `organisation`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Answer it: the organisation's people, except observers.
    pub answer: bool,
    /// Read its report and close it: those who diagnose for it.
    pub manage: bool,
}

impl Rights {
    pub fn read(self) -> bool {
        self.answer || self.manage
    }
}

pub fn rights(actor: &Actor, organisation: i64) -> Rights {
    Rights {
        answer: actor
            .memberships
            .iter()
            .any(|m| m.organisation_id == organisation && m.role != Role::Observer),
        manage: actor.can(Action::DiagnoseNeeds(organisation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(answers: &[i64]) -> Scores {
        let mut s = Scores::default();
        answers.iter().for_each(|a| s.add(*a));
        s
    }

    #[test]
    fn an_average_is_a_ratio_of_sums() {
        assert_eq!(scores(&[2, 3, 5]).average_tenths(), Some(33));
        assert_eq!(scores(&[]).average_tenths(), None);
        let merged = Scores::merge(&[scores(&[1]), scores(&[5, 5, 5])]);
        assert_eq!(merged.average_tenths(), Some(40), "not (1 + 5) / 2 = 3");
        assert_eq!(scores(&[0, 6, 3]).answers(), 1, "off the scale is not counted");
    }

    #[test]
    fn the_lowest_averages_come_first() {
        let questions = [
            (1, scores(&[4, 4])),
            (2, scores(&[1, 2])),
            (3, scores(&[])),
            (4, scores(&[3])),
            (5, scores(&[5])),
        ];
        assert_eq!(priorities(&questions), vec![2, 4, 1]);
    }
}
