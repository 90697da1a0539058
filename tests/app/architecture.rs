//! The shape of the code, checked on every run: a capability may share its
//! rules and its store, never its pages or its actions, which are its own
//! ways in, each with its checks.

use std::path::Path;

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

#[test]
fn no_capability_uses_another_capabilitys_pages_or_actions() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files = Vec::new();
    sources(Path::new(src), &mut files);
    let mut crossings = Vec::new();
    for (path, text) in &files {
        let from = owner(path, src);
        if ALLOWED.iter().any(|(allowed, _)| *allowed == from) {
            continue;
        }
        for (at, _) in text.match_indices("crate::") {
            let mut parts = text[at + "crate::".len()..].split("::");
            let (Some(to), Some(part)) = (parts.next(), parts.next()) else {
                continue;
            };
            let part: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
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
