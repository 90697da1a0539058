//! Builds the interface's message files (`locales/{language}/*.ftl`) into
//! the binary: `i18n` reads the list this writes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut list = String::from("&[\n");
    let mut languages: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    languages.sort();
    for language in languages {
        println!("cargo::rerun-if-changed={}", language.display());
        let mut files: Vec<_> = std::fs::read_dir(&language)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "ftl")) {
            let code = language.file_name().unwrap().to_str().unwrap();
            writeln!(
                list,
                "    ({code:?}, {:?}, include_str!({:?})),",
                file.file_stem().unwrap(),
                file
            )
            .unwrap();
        }
    }
    list.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(out, list).unwrap();
}
