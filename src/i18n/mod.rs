//! Interface languages: French and English.
//!
//! Every user-facing string is a message of the Fluent files under
//! `locales/{language}/`, one per capability, built into the binary. Keys
//! are written `area.name` in code and `area-name` in the files (Fluent
//! names take no dots). A test keeps every key in every language, and one
//! that every key a template or the code uses exists.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

/// The message files, `(language, file, text)`, listed by `build.rs`.
const FILES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The messages of every language, read once.
struct Catalogue {
    /// One per language, in the order of [`Lang::ALL`].
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Each message as written without values, per language: what
    /// [`Lang::t`] answers without formatting on every call.
    plain: HashMap<String, Vec<String>>,
    /// The variables of each message, in the order the English one uses
    /// them: the order in which [`Lang::tn`] takes its values.
    variables: HashMap<String, Vec<String>>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::load);

impl Catalogue {
    fn load() -> Self {
        let mut bundles: Vec<_> = Lang::ALL
            .iter()
            .map(|lang| {
                let mut bundle = FluentBundle::new_concurrent(vec![lang.code().parse().expect("a language tag")]);
                // Values go into mail subjects and CSV cells too: no
                // invisible direction marks around them.
                bundle.set_use_isolating(false);
                bundle
            })
            .collect();
        let mut variables = HashMap::new();
        for (code, file, text) in FILES {
            let lang = Lang::parse(code).unwrap_or_else(|| panic!("locales/{code}: not an interface language"));
            let resource = FluentResource::try_new((*text).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("locales/{code}/{file}.ftl: {errors:?}"));
            if lang == Lang::En {
                for entry in resource.entries() {
                    if let ast::Entry::Message(message) = entry {
                        let mut names = Vec::new();
                        if let Some(pattern) = &message.value {
                            variables_of(pattern, &mut names);
                        }
                        variables.insert(message.id.name.replace('-', "."), names);
                    }
                }
            }
            bundles[lang as usize]
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("locales/{code}/{file}.ftl: {errors:?}"));
        }
        let plain = variables
            .keys()
            .map(|key| {
                // Without values: a message with variables shows them as
                // `{$name}` here, and `t1`/`tn` format it again with them.
                let texts = Lang::ALL
                    .iter()
                    .map(|lang| format(&bundles[*lang as usize], key, None).0)
                    .collect();
                (key.clone(), texts)
            })
            .collect();
        Self {
            bundles,
            plain,
            variables,
        }
    }
}

/// The variables a pattern uses, each once, in order.
fn variables_of(pattern: &ast::Pattern<&str>, names: &mut Vec<String>) {
    fn inline(expression: &ast::InlineExpression<&str>, names: &mut Vec<String>) {
        match expression {
            ast::InlineExpression::VariableReference { id } if !names.iter().any(|n| n == id.name) => {
                names.push(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => placeable(expression, names),
            _ => {}
        }
    }
    fn placeable(expression: &ast::Expression<&str>, names: &mut Vec<String>) {
        match expression {
            ast::Expression::Inline(expression) => inline(expression, names),
            ast::Expression::Select { selector, variants } => {
                inline(selector, names);
                for variant in variants {
                    variables_of(&variant.value, names);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            placeable(expression, names);
        }
    }
}

/// `key` in one language with its values, and whether all of them were
/// given; empty when the language lacks it.
fn format(bundle: &FluentBundle<FluentResource>, key: &str, args: Option<&FluentArgs>) -> (String, bool) {
    let id = key.replace('.', "-");
    let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
        return (String::new(), false);
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
    (text, errors.is_empty())
}

/// A value as Fluent takes it: whole numbers as numbers, so that a message
/// may choose its plural form, anything else as the text shown.
fn value(shown: String) -> FluentValue<'static> {
    match shown.parse::<i64>() {
        Ok(n) if n.to_string() == shown => FluentValue::from(n),
        _ => FluentValue::from(shown),
    }
}

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Every interface language.
    pub const ALL: [Self; 2] = [Self::Fr, Self::En];

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

    /// The language a person reads in, from their stored choice.
    pub fn stored(code: Option<&str>) -> Self {
        code.and_then(Self::parse).unwrap_or_default()
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

    /// The translation of `key`; "?" if it is missing (and logged).
    pub fn t(self, key: &str) -> &'static str {
        match CATALOGUE.plain.get(key) {
            Some(texts) => texts[self as usize].as_str(),
            None => {
                tracing::warn!(key, "missing translation");
                "?"
            }
        }
    }

    /// A translation with its one variable set to `value`.
    pub fn t1(self, key: &str, value: impl std::fmt::Display) -> String {
        self.tn(key, &[&value])
    }

    /// A translation with its variables set to `values`, in the order the
    /// English message uses them (translations may reorder them).
    pub fn tn(self, key: &str, values: &[&dyn std::fmt::Display]) -> String {
        let Some(names) = CATALOGUE.variables.get(key) else {
            return self.t(key).to_owned();
        };
        let mut args = FluentArgs::new();
        for (name, shown) in names.iter().zip(values) {
            args.set(name.clone(), value(shown.to_string()));
        }
        let (text, complete) = format(&CATALOGUE.bundles[self as usize], key, Some(&args));
        if !complete {
            tracing::warn!(key, given = values.len(), "message formatted without all its values");
        }
        text
    }

    /// A calendar date as people of this language write it.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Self::Fr => date.format("%d/%m/%Y").to_string(),
            Self::En => format!("{} {} {}", date.day(), MONTHS_EN[date.month0() as usize], date.year()),
        }
    }

    /// An instant as the clock of `zone` showed it, with its date and minutes.
    pub fn datetime(self, at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        let local = at.with_timezone(&zone);
        format!(
            "{} {:02}:{:02}",
            self.date(local.date_naive()),
            local.hour(),
            local.minute()
        )
    }

    /// A number with `places` decimals, as this language writes it.
    pub fn decimal(self, value: f64, places: usize) -> String {
        let rounded = format!("{value:.places$}");
        let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
        let whole = self.number(whole.parse().unwrap_or(0));
        let whole = if value < 0.0 && !whole.starts_with('-') {
            format!("-{whole}")
        } else {
            whole
        };
        match (fraction, self) {
            ("", _) => whole,
            (fraction, Self::Fr) => format!("{whole},{fraction}"),
            (fraction, Self::En) => format!("{whole}.{fraction}"),
        }
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
    known(key).is_some()
}

/// The catalogue's own copy of `key`, if it has it.
pub fn known(key: &str) -> Option<&'static str> {
    CATALOGUE.plain.get_key_value(key).map(|(key, _)| key.as_str())
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
        assert_eq!(Lang::Fr.decimal(1234.56, 1), "1\u{202f}234,6");
        assert_eq!(Lang::En.decimal(0.04, 1), "0.0");
        assert_eq!(Lang::En.decimal(-0.5, 1), "-0.5");
        assert_eq!(Lang::En.decimal(7.0, 0), "7");
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_variables() {
        let catalogue = Catalogue::load();
        let mut problems = Vec::new();
        for (key, texts) in &catalogue.plain {
            for (lang, text) in Lang::ALL.iter().zip(texts) {
                let mut names = Vec::new();
                let id = key.replace('.', "-");
                match catalogue.bundles[*lang as usize]
                    .get_message(&id)
                    .and_then(|m| m.value())
                {
                    Some(pattern) => variables_of(pattern, &mut names),
                    None => problems.push(format!("{key}: missing in {}", lang.code())),
                }
                names.sort();
                let mut reference = catalogue.variables[key].clone();
                reference.sort();
                if names != reference && !text.is_empty() {
                    problems.push(format!("{key}: {} uses {names:?}, English {reference:?}", lang.code()));
                }
            }
        }
        problems.sort();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_message_chooses_its_words_by_the_number_it_is_given() {
        let catalogue = Catalogue::load();
        assert_eq!(catalogue.variables["import.spanning_one"], ["line", "lines"]);
        assert_eq!(value("12".into()), FluentValue::from(12));
        assert_eq!(
            value("0012".into()),
            FluentValue::from("0012"),
            "a code keeps its zeros"
        );
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
