//! iCalendar (RFC 5545) files: what calendar programs subscribe to or import.
//!
//! Only what Passerelle needs: events with universal-time start and end.
//! Lines end with CRLF, text is escaped and long lines folded at 75 octets.

use chrono::{DateTime, Utc};

/// One event of a calendar.
pub struct Event {
    /// Globally unique, stable across versions of the feed (`training-session-12@host`).
    pub uid: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    /// Shown as cancelled by calendar programs.
    pub cancelled: bool,
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// Folds a content line into pieces of at most 75 octets, never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A whole calendar named `name`, stamped `now`.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    head(&mut line, None);
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        event(&mut line, e, now, &[]);
    }
    line("END:VCALENDAR".into());
    out
}

/// Who is asked to a meeting, and by whom, in an emailed invitation.
pub struct Parties<'a> {
    pub organiser: &'a str,
    pub attendee: &'a str,
    /// Bumped at every change, so calendar programs replace the older copy.
    pub sequence: i64,
}

/// An emailed invitation (`REQUEST`) or its cancellation (`CANCEL`), as
/// calendar programs expect it (RFC 5546): one event with its organiser and
/// the attendee asked to answer.
pub fn invitation(e: &Event, parties: &Parties<'_>, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    head(&mut line, Some(if e.cancelled { "CANCEL" } else { "REQUEST" }));
    let extra = [
        format!("SEQUENCE:{}", parties.sequence),
        format!("ORGANIZER:mailto:{}", parties.organiser),
        format!(
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
            parties.attendee
        ),
    ];
    event(&mut line, e, now, &extra);
    line("END:VCALENDAR".into());
    out
}

fn head(line: &mut impl FnMut(String), method: Option<&str>) {
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Passerelle//Passerelle//FR".into());
    line("CALSCALE:GREGORIAN".into());
    if let Some(method) = method {
        line(format!("METHOD:{method}"));
    }
}

fn event(line: &mut impl FnMut(String), e: &Event, now: DateTime<Utc>, extra: &[String]) {
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}", escape(&e.uid)));
    line(format!("DTSTAMP:{}", instant(now)));
    line(format!("DTSTART:{}", instant(e.start)));
    line(format!("DTEND:{}", instant(e.end)));
    line(format!("SUMMARY:{}", escape(&e.summary)));
    if !e.location.is_empty() {
        line(format!("LOCATION:{}", escape(&e.location)));
    }
    if !e.description.is_empty() {
        line(format!("DESCRIPTION:{}", escape(&e.description)));
    }
    if !e.url.is_empty() {
        line(format!("URL:{}", e.url));
    }
    for text in extra {
        line(text.clone());
    }
    line(format!(
        "STATUS:{}",
        if e.cancelled { "CANCELLED" } else { "CONFIRMED" }
    ));
    line("END:VEVENT".into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded() {
        let at = "2026-12-01T08:00:00Z".parse().unwrap();
        let event = Event {
            uid: "s-1@passerelle".into(),
            start: at,
            end: at,
            summary: "Écoute, posture; rôle\\".into(),
            location: "Salle 2\nBâtiment A".into(),
            description: "é".repeat(60),
            url: String::new(),
            cancelled: false,
        };
        let text = calendar("Formations", &[event], at);
        assert!(text.contains("SUMMARY:Écoute\\, posture\\; rôle\\\\\r\n"));
        assert!(text.contains("LOCATION:Salle 2\\nBâtiment A\r\n"));
        assert!(text.contains("DTSTART:20261201T080000Z\r\n"));
        assert!(text.lines().all(|l| l.len() <= 76), "every line within 75 octets");
        assert!(text.contains("\r\n é"), "continuation lines start with a space");
        assert!(!text.contains("URL:"));
        assert!(!text.contains("METHOD:"), "a feed is not an invitation");
    }

    #[test]
    fn an_invitation_names_its_method_organiser_and_attendee() {
        let at = "2026-12-01T08:00:00Z".parse().unwrap();
        let mut event = Event {
            uid: "meeting-3@passerelle".into(),
            start: at,
            end: at,
            summary: "Réunion régionale".into(),
            location: String::new(),
            description: String::new(),
            url: String::new(),
            cancelled: false,
        };
        let parties = Parties {
            organiser: "no-reply@passerelle.invalid",
            attendee: "luc@example.org",
            sequence: 2,
        };
        let text = invitation(&event, &parties, at);
        assert!(text.contains("METHOD:REQUEST\r\n"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded
                .contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:luc@example.org\r\n")
        );
        assert!(unfolded.contains("ORGANIZER:mailto:no-reply@passerelle.invalid\r\n"));
        event.cancelled = true;
        let text = invitation(&event, &parties, at);
        assert!(text.contains("METHOD:CANCEL\r\n") && text.contains("STATUS:CANCELLED\r\n"));
    }
}
