//! The time zones meetings and sessions are given in, read with the IANA
//! time-zone database (through `chrono-tz`), so that each country's rules,
//! past and future, apply.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zones offered: those of the European Union and its neighbours.
pub const ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Europe/Dublin",
    "Europe/London",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Prague",
    "Europe/Bratislava",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Malta",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Tallinn",
    "Europe/Riga",
    "Europe/Vilnius",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Asia/Nicosia",
];

/// The zone of a country (ISO code), where times are shown to its people;
/// Paris's for a country not listed.
pub fn of_country(country: &str) -> Tz {
    let zone = match country {
        "PT" => "Europe/Lisbon",
        "IE" => "Europe/Dublin",
        "GB" => "Europe/London",
        "BE" => "Europe/Brussels",
        "LU" => "Europe/Luxembourg",
        "NL" => "Europe/Amsterdam",
        "DE" => "Europe/Berlin",
        "ES" => "Europe/Madrid",
        "IT" => "Europe/Rome",
        "AT" => "Europe/Vienna",
        "CH" => "Europe/Zurich",
        "CZ" => "Europe/Prague",
        "SK" => "Europe/Bratislava",
        "PL" => "Europe/Warsaw",
        "HU" => "Europe/Budapest",
        "SI" => "Europe/Ljubljana",
        "HR" => "Europe/Zagreb",
        "DK" => "Europe/Copenhagen",
        "SE" => "Europe/Stockholm",
        "NO" => "Europe/Oslo",
        "MT" => "Europe/Malta",
        "GR" => "Europe/Athens",
        "FI" => "Europe/Helsinki",
        "EE" => "Europe/Tallinn",
        "LV" => "Europe/Riga",
        "LT" => "Europe/Vilnius",
        "RO" => "Europe/Bucharest",
        "BG" => "Europe/Sofia",
        "CY" => "Asia/Nicosia",
        _ => "Europe/Paris",
    };
    zone.parse().unwrap_or(Tz::Europe__Paris)
}

/// Whether `zone` is one of those offered.
pub fn offered(zone: &str) -> bool {
    ZONES.contains(&zone)
}

/// A local date and time in `zone` as a universal instant; `None` for a
/// zone not offered. A time in the hour skipped when clocks go forward is
/// read as the same time an hour later (what a clock set by hand shows); a
/// time lived twice when they go back, as its first occurrence.
pub fn to_utc(date: NaiveDate, time: NaiveTime, zone: &str) -> Option<DateTime<Utc>> {
    if !offered(zone) {
        return None;
    }
    let zone: Tz = zone.parse().ok()?;
    let local = NaiveDateTime::new(date, time);
    let at = zone
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(local + Duration::hours(1))).earliest())?;
    Some(at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_shows_its_own_time() {
        let winter_noon = Utc.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
        let local = |country: &str| {
            winter_noon
                .with_timezone(&of_country(country))
                .format("%H:%M")
                .to_string()
        };
        assert_eq!(local("FR"), "13:00");
        assert_eq!(local("PT"), "12:00");
        assert_eq!(local("RO"), "14:00");
        assert_eq!(local("??"), "13:00", "Paris's by default");
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn every_zone_offered_is_known_to_the_database() {
        for zone in ZONES {
            assert!(zone.parse::<Tz>().is_ok(), "{zone}");
        }
    }

    #[test]
    fn local_times_follow_each_zones_rules() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let utc = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            to_utc(day("2026-12-01"), nine, "Europe/Paris"),
            Some(utc("2026-12-01T08:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-07-01"), nine, "Europe/Paris"),
            Some(utc("2026-07-01T07:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-07-01"), nine, "Europe/Lisbon"),
            Some(utc("2026-07-01T08:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-01-15"), nine, "Europe/Athens"),
            Some(utc("2026-01-15T07:00:00Z"))
        );
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(
            to_utc(day("2026-03-29"), nine, "Europe/Warsaw"),
            Some(utc("2026-03-29T07:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-03-28"), nine, "Europe/Warsaw"),
            Some(utc("2026-03-28T08:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-10-25"), nine, "Europe/Warsaw"),
            Some(utc("2026-10-25T08:00:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-10-24"), nine, "Europe/Warsaw"),
            Some(utc("2026-10-24T07:00:00Z"))
        );
        assert_eq!(to_utc(day("2026-10-24"), nine, "Mars/Olympus"), None);
        // The hour skipped in spring is read as the hour after it; the hour
        // lived twice in autumn as its first time.
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        assert_eq!(
            to_utc(day("2026-03-29"), half_past_two, "Europe/Paris"),
            Some(utc("2026-03-29T01:30:00Z"))
        );
        assert_eq!(
            to_utc(day("2026-10-25"), half_past_two, "Europe/Paris"),
            Some(utc("2026-10-25T00:30:00Z"))
        );
    }
}
