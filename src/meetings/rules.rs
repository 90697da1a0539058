//! The rules of meetings, without a database: kinds and what each needs,
//! the schedule as typed turned into an instant, the automatic invitation
//! rules, answers, and minutes written as plain text shown as safe HTML.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::calendar::to_utc;

text_enum! {
    /// What a meeting gathers.
    pub enum MeetingKind ("meeting.kind") {
        /// An organisation's (or a network's) national meeting.
        National = "national",
        /// The meeting of one region (a DISP in France).
        Regional = "regional",
        /// The regular meeting of one establishment.
        Establishment = "establishment",
        /// A meeting with the prison administration.
        Administration = "administration",
    }
}

text_enum! {
    /// An invitee's answer.
    pub enum Answer ("meeting.answer") {
        Yes = "yes",
        No = "no",
        Maybe = "maybe",
    }
}

text_enum! {
    /// Why a person is invited: chosen by the organiser, as one of a
    /// group, or by an automatic rule.
    pub enum InvitationRule ("meeting.rule") {
        Chosen = "chosen",
        /// The members of a section of the organiser.
        Section = "section",
        /// The organiser's correspondents in a region.
        RegionCorrespondents = "region_correspondents",
        /// A partner's homologue correspondents, under an agreement in force.
        AgreementPartner = "agreement_partner",
        /// The correspondents of every organisation present in the establishment.
        EstablishmentPresence = "establishment_presence",
        /// The coordinators of the network's member organisations.
        Network = "network",
    }
}

impl MeetingKind {
    /// The automatic rule a meeting of this kind applies, if any.
    pub fn automatic_rule(self, network: bool) -> Option<InvitationRule> {
        match self {
            _ if network => Some(InvitationRule::Network),
            Self::National | Self::Regional => Some(InvitationRule::AgreementPartner),
            Self::Establishment => Some(InvitationRule::EstablishmentPresence),
            Self::Administration => None,
        }
    }
}

/// Why a schedule was refused: the catalogue key of the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    When,
    Duration,
    Past,
}

impl ScheduleError {
    pub fn key(self) -> &'static str {
        match self {
            Self::When => "meeting.error.when",
            Self::Duration => "meeting.error.duration",
            Self::Past => "meeting.error.past",
        }
    }
}

/// Longest meeting: a day.
pub const MAX_MINUTES: i64 = 24 * 60;

/// The start and end of a meeting typed as a local day, time and zone,
/// which must not be in the past (a meeting already held is recorded
/// with its minutes, not planned).
pub fn schedule(
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    zone: &str,
    minutes: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ScheduleError> {
    let (Some(date), Some(time)) = (date, time) else {
        return Err(ScheduleError::When);
    };
    let start = to_utc(date, time, zone).ok_or(ScheduleError::When)?;
    let minutes = minutes
        .filter(|m| (5..=MAX_MINUTES).contains(m))
        .ok_or(ScheduleError::Duration)?;
    if start < now {
        return Err(ScheduleError::Past);
    }
    Ok((start, start + Duration::minutes(minutes)))
}

/// Attendance and minutes are recorded once the meeting has begun.
pub fn held(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    starts_at <= now
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `**bold**` inside an escaped line.
fn inline(line: &str) -> String {
    let escaped = escape(line);
    let mut out = String::new();
    let mut pieces = escaped.split("**").peekable();
    let mut bold = false;
    while let Some(piece) = pieces.next() {
        out.push_str(piece);
        if pieces.peek().is_some() {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
        }
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

/// Minutes as typed (blank lines between paragraphs, `# ` a heading,
/// `- ` a bullet, `**bold**`) as HTML. Everything typed is escaped first,
/// so no markup of the writer's own reaches the page.
pub fn formatted(text: &str) -> String {
    let mut html = String::new();
    let mut open: Option<&str> = None;
    let close = |html: &mut String, open: &mut Option<&str>, next: Option<&'static str>| {
        if *open != next {
            if let Some(tag) = open.take() {
                html.push_str(&format!("</{tag}>"));
            }
            if let Some(tag) = next {
                html.push_str(&format!("<{tag}>"));
            }
            *open = next;
        }
    };
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            close(&mut html, &mut open, None);
        } else if let Some(title) = line.strip_prefix("# ") {
            close(&mut html, &mut open, None);
            html.push_str(&format!("<h3>{}</h3>", inline(title)));
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            close(&mut html, &mut open, Some("ul"));
            html.push_str(&format!("<li>{}</li>", inline(item)));
        } else {
            if open == Some("p") {
                html.push_str("<br>");
            }
            close(&mut html, &mut open, Some("p"));
            html.push_str(&inline(line));
        }
    }
    close(&mut html, &mut open, None);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_schedule_is_turned_into_universal_time_in_its_zone() {
        let now = at("2026-11-28T10:00:00Z");
        let day = NaiveDate::from_ymd_opt(2026, 12, 3);
        let (start, end) = schedule(day, NaiveTime::from_hms_opt(14, 0, 0), "Europe/Paris", Some(90), now).unwrap();
        assert_eq!(start, at("2026-12-03T13:00:00Z"), "Paris is an hour ahead in winter");
        assert_eq!(end, at("2026-12-03T14:30:00Z"));
        let summer = NaiveDate::from_ymd_opt(2027, 6, 3);
        let (start, _) = schedule(summer, NaiveTime::from_hms_opt(14, 0, 0), "Europe/Paris", Some(60), now).unwrap();
        assert_eq!(start, at("2027-06-03T12:00:00Z"), "two hours in summer");
    }

    #[test]
    fn a_schedule_refuses_what_cannot_be_held() {
        let now = at("2026-11-28T10:00:00Z");
        let day = NaiveDate::from_ymd_opt(2026, 12, 3);
        let two = NaiveTime::from_hms_opt(14, 0, 0);
        assert_eq!(
            schedule(None, two, "Europe/Paris", Some(60), now),
            Err(ScheduleError::When)
        );
        assert_eq!(
            schedule(day, two, "Mars/Olympus", Some(60), now),
            Err(ScheduleError::When)
        );
        assert_eq!(
            schedule(day, two, "Europe/Paris", Some(0), now),
            Err(ScheduleError::Duration)
        );
        assert_eq!(
            schedule(day, two, "Europe/Paris", Some(MAX_MINUTES + 1), now),
            Err(ScheduleError::Duration)
        );
        let yesterday = NaiveDate::from_ymd_opt(2026, 11, 27);
        assert_eq!(
            schedule(yesterday, two, "Europe/Paris", Some(60), now),
            Err(ScheduleError::Past)
        );
    }

    #[test]
    fn each_kind_invites_by_its_rule() {
        assert_eq!(
            MeetingKind::Regional.automatic_rule(false),
            Some(InvitationRule::AgreementPartner)
        );
        assert_eq!(
            MeetingKind::National.automatic_rule(false),
            Some(InvitationRule::AgreementPartner)
        );
        assert_eq!(
            MeetingKind::Establishment.automatic_rule(false),
            Some(InvitationRule::EstablishmentPresence)
        );
        assert_eq!(MeetingKind::Administration.automatic_rule(false), None);
        assert_eq!(
            MeetingKind::National.automatic_rule(true),
            Some(InvitationRule::Network)
        );
    }

    #[test]
    fn minutes_are_formatted_and_nothing_typed_becomes_markup() {
        let text = "# Décisions\n- **Visites** communes à Fresnes\n- Formation en mars\n\nProchaine réunion\nen juin <script>alert(1)</script>";
        assert_eq!(
            formatted(text),
            "<h3>Décisions</h3><ul><li><strong>Visites</strong> communes à Fresnes</li><li>Formation en mars</li></ul>\
             <p>Prochaine réunion<br>en juin &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        );
        assert_eq!(
            formatted("<img src=x onerror=\"a\">"),
            "<p>&lt;img src=x onerror=&quot;a&quot;&gt;</p>"
        );
        assert_eq!(formatted("**unclosed"), "<p><strong>unclosed</strong></p>");
    }
}
