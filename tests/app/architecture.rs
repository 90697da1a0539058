//! The shape of the code, checked on every run. Shared plumbing (the
//! database, the web layer, languages, audit, mail...) names no capability,
//! so that what every capability builds on never depends on one of them. A
//! capability may share its rules and its store, never its pages or its
//! actions, which are its own ways in, each with its checks.

use std::path::Path;

/// The modules every capability builds on.
const PLUMBING: &[&str] = &[
    "audit",
    "auth",
    "calendar",
    "clock",
    "config",
    "db",
    "error",
    "fields",
    "i18n",
    "inbox",
    "mail",
    "ops",
    "pdf",
    "permissions",
    "state",
    "tabular",
    "web",
];

/// The modules that put the capabilities together: they name them all.
const ROOTS: &[&str] = &["api", "app", "bench", "cli", "demo", "lib", "main", "scheduler"];

/// Every arrow from one capability to another, and why it points that way.
/// Anything else is a capability reaching into one it should not know.
const EDGES: &[(&str, &str, &str)] = &[
    (
        "account",
        "people",
        "a person edits their own profile with the rules that check it everywhere",
    ),
    (
        "activities",
        "authorisations",
        "an activity is logged where its volunteer is authorised",
    ),
    ("coverage", "authorisations", "the census counts valid authorisations"),
    (
        "coverage",
        "training",
        "a volunteer lacking a required qualification is flagged",
    ),
    (
        "establishments",
        "coverage",
        "an establishment's page shows who is present there",
    ),
    ("home", "activities", "the home page sums the month's activity"),
    (
        "home",
        "referrals",
        "the home page counts the referrals waiting for the person",
    ),
    (
        "home",
        "agreements",
        "the home page counts the agreements whose evaluation the person fills in",
    ),
    (
        "home",
        "training",
        "the home page counts the sessions with enrolments to approve",
    ),
    (
        "home",
        "standards",
        "the home page counts the assessments waiting for the person",
    ),
    (
        "home",
        "meetings",
        "the home page counts the meetings waiting for an answer",
    ),
    (
        "networks",
        "indicators",
        "a network's page lists the indicator sets agreed in it",
    ),
    (
        "networks",
        "standards",
        "a network's page shows the standards results its members shared",
    ),
    (
        "agreements",
        "indicators",
        "an agreement's evaluation shows its agreed indicators beside the year before",
    ),
    (
        "home",
        "authorisations",
        "the home page lists authorisations about to expire",
    ),
    (
        "indicators",
        "authorisations",
        "an authorised volunteer is one whose authorisation is valid",
    ),
    (
        "standards",
        "authorisations",
        "a standard's figure counts volunteers whose authorisation is valid",
    ),
    ("imports", "authorisations", "the import page reads authorisation files"),
    ("imports", "establishments", "the import page reads establishment files"),
    (
        "imports",
        "indicators",
        "the import page reads context figures (SPACE I)",
    ),
    ("imports", "people", "the import page reads people files"),
    (
        "meetings",
        "agreements",
        "a decision may follow up an agreement's evaluation",
    ),
    (
        "meetings",
        "networks",
        "a network's meeting invites the coordinators of its members",
    ),
    (
        "meetings",
        "authorisations",
        "an invitation rule reaches those authorised in an establishment",
    ),
    ("people", "training", "a person's page shows their qualifications"),
    (
        "referrals",
        "authorisations",
        "a referral is assigned to a volunteer authorised where the person is",
    ),
];

/// Who may still use another capability's pages or actions, and why.
const ALLOWED: &[(&str, &str)] = &[(
    "demo",
    "the demo data is made through the actions, as people would make it",
)];

fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The module a file under `src/` belongs to: `training` for
/// `src/training/actions/sessions.rs`, `db` for `src/db.rs`.
fn owner(path: &str, src: &str) -> String {
    let relative = path.trim_start_matches(src).trim_start_matches('/');
    let first = relative.split('/').next().unwrap_or("");
    first.trim_end_matches(".rs").to_owned()
}

/// Every `crate::` path a source text names, as its first two segments
/// (`("training", "store")`), grouped imports (`crate::{a::b, c}`) included.
fn references(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                found.extend(group.split(',').map(|path| split(path.trim())));
            }
            None => found.push(split(rest)),
        }
    }
    found
}

fn split(path: &str) -> (String, String) {
    let word = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut parts = path.splitn(2, "::");
    let module = word(parts.next().unwrap_or(""));
    let part = parts.next().map(word).unwrap_or_default();
    (module, part)
}

fn files() -> (Vec<(String, String)>, &'static str) {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files = Vec::new();
    sources(Path::new(src), &mut files);
    (files, src)
}

/// The capabilities each capability names (plumbing and roots left out).
fn capability_edges() -> std::collections::BTreeSet<(String, String)> {
    let (files, src) = files();
    let outside = |m: &str| PLUMBING.contains(&m) || ROOTS.contains(&m);
    let mut edges = std::collections::BTreeSet::new();
    for (path, text) in &files {
        let from = owner(path, src);
        if outside(&from) {
            continue;
        }
        for (to, _) in references(text) {
            if to != from && !outside(&to) {
                edges.insert((from.clone(), to));
            }
        }
    }
    edges
}

#[test]
fn capabilities_name_each_other_only_along_the_listed_edges() {
    let found = capability_edges();
    let listed: std::collections::BTreeSet<(String, String)> =
        EDGES.iter().map(|(a, b, _)| (a.to_string(), b.to_string())).collect();
    let unlisted: Vec<_> = found.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&found).collect();
    assert!(
        unlisted.is_empty(),
        "new arrows between capabilities, list them with a reason or remove them: {unlisted:?}"
    );
    assert!(gone.is_empty(), "listed arrows no longer used, remove them: {gone:?}");
    // Listed arrows form no circle: each capability can be understood from
    // those it names, without coming back to itself.
    let names = |from: &str| -> Vec<&str> {
        EDGES
            .iter()
            .filter(|(a, _, _)| *a == from)
            .map(|(_, b, _)| *b)
            .collect()
    };
    for (start, _, _) in EDGES {
        let mut stack = names(start);
        let mut seen = std::collections::HashSet::new();
        while let Some(next) = stack.pop() {
            assert_ne!(
                next, *start,
                "{start} comes back to itself through the capabilities it names"
            );
            if seen.insert(next) {
                stack.extend(names(next));
            }
        }
    }
}

#[test]
fn plumbing_names_no_capability() {
    let (files, src) = files();
    let mut upward = Vec::new();
    for (path, text) in &files {
        let from = owner(path, src);
        if !PLUMBING.contains(&from.as_str()) {
            continue;
        }
        for (to, _) in references(text) {
            if !PLUMBING.contains(&to.as_str()) {
                upward.push(format!("{path}: crate::{to}"));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "plumbing must not depend on a capability:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_capability_uses_another_capabilitys_pages_or_actions() {
    let (files, src) = files();
    let mut crossings = Vec::new();
    for (path, text) in &files {
        let from = owner(path, src);
        if ALLOWED.iter().any(|(allowed, _)| *allowed == from) {
            continue;
        }
        for (to, part) in references(text) {
            if to != from && (part == "pages" || part == "actions") {
                crossings.push(format!("{path}: crate::{to}::{part}"));
            }
        }
    }
    assert!(
        crossings.is_empty(),
        "use the other capability's rules or store instead:\n{}",
        crossings.join("\n")
    );
}
