//! What makes an activity entry acceptable, as plain functions.

use chrono::NaiveDate;

text_enum! {
    /// What a volunteer did.
    pub enum ActivityKind ("activity.kind") {
        Visit = "visit",
        CourseEnrolment = "course_enrolment",
        LessonCorrected = "lesson_corrected",
        Exam = "exam",
        OtherHours = "other_hours",
    }
}

impl ActivityKind {
    /// A visit happens in an establishment; the rest may be done from home.
    pub fn needs_establishment(self) -> bool {
        self == Self::Visit
    }
}

/// The longest entry: a day's work.
pub const MAX_MINUTES: i64 = 12 * 60;
pub const MAX_PEOPLE: i64 = 50;
pub const MAX_NOTE: usize = 500;
/// How far back an entry may be dated.
pub const MAX_AGE_DAYS: i64 = 400;

/// One entry as typed, before the authorisation check (which needs the database).
#[derive(Clone, Debug)]
pub struct Entry {
    pub kind: ActivityKind,
    pub done_on: NaiveDate,
    pub establishment_id: Option<i64>,
    pub people_met: i64,
    pub minutes: i64,
    pub note: String,
}

/// The field at fault and why, or nothing when the entry holds.
pub fn check(entry: &Entry, today: NaiveDate) -> Result<(), (&'static str, &'static str)> {
    if entry.done_on > today {
        return Err(("done_on", "activity.error.future"));
    }
    if (today - entry.done_on).num_days() > MAX_AGE_DAYS {
        return Err(("done_on", "activity.error.too_old"));
    }
    if entry.kind.needs_establishment() && entry.establishment_id.is_none() {
        return Err(("establishment_id", "activity.error.establishment"));
    }
    if !(1..=MAX_MINUTES).contains(&entry.minutes) {
        return Err(("minutes", "activity.error.minutes"));
    }
    if !(0..=MAX_PEOPLE).contains(&entry.people_met) {
        return Err(("people_met", "activity.error.people"));
    }
    if entry.note.chars().count() > MAX_NOTE {
        return Err(("note", "activity.error.note"));
    }
    Ok(())
}

/// Minutes from what people type: `90`, `1h30`, `1:30`, `1,5 h`.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim().to_lowercase().replace(' ', "");
    if t.contains([',', '.']) {
        let hours: f64 = t.trim_end_matches('h').replace(',', ".").parse().ok()?;
        return Some((hours * 60.0).round() as i64);
    }
    if let Some((h, m)) = t.split_once(['h', ':']) {
        let hours: i64 = h.parse().ok()?;
        let minutes: i64 = if m.is_empty() { 0 } else { m.parse().ok()? };
        return (minutes < 60).then_some(hours * 60 + minutes);
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(done_on: &str) -> Entry {
        Entry {
            kind: ActivityKind::Visit,
            done_on: NaiveDate::parse_from_str(done_on, "%Y-%m-%d").unwrap(),
            establishment_id: Some(1),
            people_met: 2,
            minutes: 90,
            note: String::new(),
        }
    }

    #[test]
    fn an_ordinary_visit_holds() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(check(&visit("2026-11-20"), today), Ok(()));
    }

    #[test]
    fn bad_entries_name_their_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(check(&visit("2026-11-25"), today).unwrap_err().0, "done_on");
        assert_eq!(
            check(&visit("2024-01-01"), today).unwrap_err().1,
            "activity.error.too_old"
        );
        let nowhere = Entry {
            establishment_id: None,
            ..visit("2026-11-20")
        };
        assert_eq!(check(&nowhere, today).unwrap_err().0, "establishment_id");
        let correction = Entry {
            kind: ActivityKind::LessonCorrected,
            ..nowhere
        };
        assert_eq!(check(&correction, today), Ok(()), "corrected at home");
        let endless = Entry {
            minutes: 13 * 60,
            ..visit("2026-11-20")
        };
        assert_eq!(check(&endless, today).unwrap_err().0, "minutes");
    }

    #[test]
    fn durations_are_read_as_people_write_them() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("1h30"), Some(90));
        assert_eq!(parse_duration("1:45"), Some(105));
        assert_eq!(parse_duration("2h"), Some(120));
        assert_eq!(parse_duration("1,5 h"), Some(90));
        assert_eq!(parse_duration("1h75"), None);
        assert_eq!(parse_duration("long"), None);
    }
}
