//! Interface languages: French and English.
//!
//! Every user-facing string is a key in the catalogue. Each capability keeps
//! its own messages (`MESSAGES` in its module); [`CATALOGUES`] lists them all.
//! A test checks that every key a template uses exists.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// One entry: key, French, English.
pub type Message = (&'static str, &'static str, &'static str);

/// Every capability's messages.
pub const CATALOGUES: &[&[Message]] = &[
    crate::web::MESSAGES,
    crate::error::MESSAGES,
    crate::auth::MESSAGES,
    crate::account::MESSAGES,
    crate::home::MESSAGES,
    crate::organisations::MESSAGES,
    crate::permissions::MESSAGES,
    crate::audit::MESSAGES,
    crate::tabular::MESSAGES,
    crate::imports::MESSAGES,
    crate::establishments::MESSAGES,
    crate::authorisations::MESSAGES,
    crate::inbox::MESSAGES,
    crate::mail::MESSAGES,
    crate::people::MESSAGES,
    crate::referrals::MESSAGES,
    crate::activities::MESSAGES,
    crate::coverage::MESSAGES,
    crate::training::MESSAGES,
    crate::training::ERROR_MESSAGES,
    crate::training::CERTIFICATE_MESSAGES,
    crate::training::REPORT_MESSAGES,
    crate::agreements::MESSAGES,
    crate::meetings::MESSAGES,
];

static CATALOGUE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    CATALOGUES
        .iter()
        .flat_map(|c| c.iter())
        .map(|(k, fr, en)| (*k, (*fr, *en)))
        .collect()
});

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Self::Fr),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The preferred language of an `Accept-Language` header; English when
    /// the browser asks for neither French nor English.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Self)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Self::parse(primary)
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, lang));
            }
        }
        best.map_or(Self::En, |(_, lang)| lang)
    }

    /// The translation of `key`; the key itself if it is missing (and logged).
    pub fn t(self, key: &str) -> &'static str {
        match CATALOGUE.get(key) {
            Some((fr, en)) => match self {
                Self::Fr => fr,
                Self::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                "?"
            }
        }
    }

    /// A translation with its `{}` replaced by `value`.
    pub fn t1(self, key: &str, value: impl std::fmt::Display) -> String {
        self.tn(key, &[&value])
    }

    /// A translation with its `{}`, in order, replaced by `values`.
    pub fn tn(self, key: &str, values: &[&dyn std::fmt::Display]) -> String {
        values.iter().fold(self.t(key).to_owned(), |text, value| {
            text.replacen("{}", &value.to_string(), 1)
        })
    }

    /// A calendar date as people of this language write it.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Self::Fr => date.format("%d/%m/%Y").to_string(),
            Self::En => format!("{} {} {}", date.day(), MONTHS_EN[date.month0() as usize], date.year()),
        }
    }

    /// An instant, shown in UTC with its date and minutes.
    pub fn datetime(self, at: DateTime<Utc>) -> String {
        format!("{} {:02}:{:02} UTC", self.date(at.date_naive()), at.hour(), at.minute())
    }

    /// A whole number with this language's thousands separator.
    pub fn number(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = match self {
            Self::Fr => '\u{202f}',
            Self::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// True when the catalogue has this key (flash messages are checked with it).
pub fn has(key: &str) -> bool {
    CATALOGUE.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_order() {
        assert_eq!(Lang::En.tn("import.spanning_one", &[&12, &3]), "line 12: 3 lines");
        assert_eq!(Lang::Fr.tn("import.spanning_one", &[&12, &3]), "ligne 12 : 3 lignes");
    }

    #[test]
    fn browser_preference_decides_the_language() {
        assert_eq!(Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9,fr;q=0.7,en;q=0.3"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }

    #[test]
    fn dates_and_numbers_are_localised() {
        let d = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(Lang::Fr.date(d), "01/07/2026");
        assert_eq!(Lang::En.date(d), "1 Jul 2026");
        assert_eq!(Lang::En.number(89_400), "89,400");
        assert_eq!(Lang::Fr.number(63_300), "63\u{202f}300");
        assert_eq!(Lang::En.number(-1_234_567), "-1,234,567");
        assert_eq!(Lang::En.number(12), "12");
    }

    #[test]
    fn catalogue_keys_are_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (key, fr, en) in CATALOGUES.iter().flat_map(|c| c.iter()) {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!fr.is_empty() && !en.is_empty(), "empty translation for {key}");
        }
    }

    /// The labels of the enums stored as text (`text_enum!` builds them, so
    /// the search for `.t("...")` below cannot see them).
    #[test]
    fn every_stored_enum_value_has_its_label() {
        use crate::{activities, agreements, coverage, meetings, people, referrals, training};
        let labels = referrals::rules::Kind::ALL
            .iter()
            .map(|v| v.label())
            .chain(referrals::rules::State::ALL.iter().map(|v| v.label()))
            .chain(referrals::rules::State::ALL.iter().map(|v| v.notice()))
            .chain(referrals::rules::Transition::ALL.iter().map(|v| v.label()))
            .chain(activities::rules::ActivityKind::ALL.iter().map(|v| v.label()))
            .chain(activities::store::Grouping::ALL.iter().map(|v| v.label()))
            .chain(coverage::rules::CoverageStatus::ALL.iter().map(|v| v.label()))
            .chain(people::Mission::ALL.iter().map(|v| v.label()))
            .chain(training::rules::EnrolmentState::ALL.iter().map(|v| v.label()))
            .chain(training::rules::CostSharing::ALL.iter().map(|v| v.label()))
            .chain(training::actions::EnrolmentStep::ALL.iter().map(|v| v.label()))
            .chain(agreements::rules::AgreementStatus::ALL.iter().map(|v| v.label()))
            .chain(agreements::rules::NoticeKind::ALL.iter().map(|v| v.label()))
            .chain(agreements::rules::Outcome::ALL.iter().map(|v| v.label()))
            .chain(agreements::rules::Trend::ALL.iter().map(|v| v.label()))
            .chain(meetings::rules::MeetingKind::ALL.iter().map(|v| v.label()))
            .chain(meetings::rules::Answer::ALL.iter().map(|v| v.label()))
            .chain(meetings::rules::InvitationRule::ALL.iter().map(|v| v.label()))
            .chain(meetings::rules::NetworkState::ALL.iter().map(|v| v.label()));
        let missing: Vec<&str> = labels.filter(|key| !has(key)).collect();
        assert!(missing.is_empty(), "labels missing from the catalogue: {missing:?}");
    }

    /// Every `.t("...")` / `.t1("...")` in a template or in code names a catalogue key.
    #[test]
    fn every_key_used_in_templates_exists() {
        let mut missing = Vec::new();
        visit(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
            &mut |text| {
                for marker in [".t(\"", ".t1(\""] {
                    for piece in text.split(marker).skip(1) {
                        let key = piece.split('"').next().unwrap_or("");
                        let is_key = key.starts_with(|c: char| c.is_ascii_lowercase())
                            && key.contains('.')
                            && key.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                        if is_key && !has(key) {
                            missing.push(key.to_owned());
                        }
                    }
                }
            },
        );
        assert!(missing.is_empty(), "keys missing from the catalogue: {missing:?}");
    }

    fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&str)) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, f);
            } else if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                f(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
}
