//! The shape of the code, checked on every run. Shared plumbing (the
//! database, the web layer, languages, audit, mail...) names no capability,
//! so that what every capability builds on never depends on one of them. A
//! capability may share its rules and its store, never its pages or its
//! actions, which are its own ways in, each with its checks.

use std::path::Path;

/// The modules every capability builds on. The rest are capabilities, and
/// the modules that put them together (`app`, `cli`, `scheduler`, `demo`,
/// `bench`).
const PLUMBING: &[&str] = &[
    "audit",
    "auth",
    "clock",
    "config",
    "db",
    "error",
    "fields",
    "i18n",
    "ical",
    "inbox",
    "mail",
    "ops",
    "pdf",
    "permissions",
    "state",
    "tabular",
    "web",
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
