//! Rules for fields that several capabilities share, one function per kind
//! of field, so that the form, the API and the import agree.

use chrono::NaiveTime;

use crate::error::{AppError, AppResult};

/// A required text of at most `max` characters, trimmed; otherwise the
/// error `message` on `field`.
pub fn required_text(value: &str, max: usize, field: &'static str, message: &'static str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(AppError::invalid(field, message));
    }
    Ok(value.to_owned())
}

/// A link a person gives (empty, or a web address), trimmed; otherwise
/// the error `message` on `field`.
pub fn optional_link(value: &str, field: &'static str, message: &'static str) -> AppResult<String> {
    let link = value.trim();
    let web = link.starts_with("https://") || link.starts_with("http://");
    if !(link.is_empty() || web && link.chars().count() <= 500 && !link.contains(char::is_whitespace)) {
        return Err(AppError::invalid(field, message));
    }
    Ok(link.to_owned())
}

/// A time of day as a form sends it: `HH:MM`, or `HH:MM:SS`.
pub fn time_of_day(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text.trim(), "%H:%M:%S"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_required_text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  Réunion  ", 7, "title", "m").unwrap(), "Réunion");
        assert!(required_text("   ", 7, "title", "m").is_err());
        assert!(required_text("Réunions", 7, "title", "m").is_err());
    }

    #[test]
    fn a_link_is_empty_or_a_web_address() {
        assert_eq!(optional_link(" ", "link", "m").unwrap(), "");
        assert_eq!(
            optional_link(" https://volpris.eu/a ", "link", "m").unwrap(),
            "https://volpris.eu/a"
        );
        assert!(optional_link("javascript:alert(1)", "link", "m").is_err());
        assert!(optional_link("https://a b", "link", "m").is_err());
    }

    #[test]
    fn times_of_day_come_with_or_without_seconds() {
        let half_past_two = NaiveTime::from_hms_opt(14, 30, 0);
        assert_eq!(time_of_day("14:30"), half_past_two);
        assert_eq!(time_of_day(" 14:30:00 "), half_past_two);
        assert_eq!(time_of_day("2 pm"), None);
    }
}
