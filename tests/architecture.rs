//! The layering the module docs promise, checked by reading the sources: the command
//! line and the TUI do not reach into each other, `main.rs` stays argument definitions,
//! and public functions return typed errors.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir` (or `dir` itself when it is a file), sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("the source folder reads") {
        let path = entry.expect("a folder entry reads").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `(file, line number, line)` of every line under `dir` that mentions `needle`,
/// ignoring comments.
fn mentions(dir: &str, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for file in sources(&root().join(dir)) {
        let text = fs::read_to_string(&file).expect("a source file reads");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if !code.starts_with("//") && code.contains(needle) {
                hits.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_mention_scan_finds_what_it_looks_for() {
    // The scan itself: a needle known to be in main.rs is found, one in a comment is not.
    assert!(!mentions("src/main.rs", "fn main()").is_empty());
    let main = fs::read_to_string(root().join("src/main.rs")).unwrap();
    assert!(main.contains("//! The `readyroom` command line"));
    assert!(mentions("src/main.rs", "The `readyroom` command line").is_empty());
}

#[test]
fn main_rs_is_argument_definitions_under_400_lines() {
    let text = fs::read_to_string(root().join("src/main.rs")).unwrap();
    let lines = text.lines().count();
    assert!(
        lines < 400,
        "src/main.rs has {lines} lines; move logic into src/cli"
    );
    for needle in [
        "load_project",
        "plan(",
        "save(",
        "output::print",
        "ExitCode::from(1)",
    ] {
        assert!(
            !text.contains(needle),
            "src/main.rs calls {needle}: that belongs in src/cli/commands.rs"
        );
    }
}

#[test]
fn exit_codes_are_decided_in_one_place() {
    let hits = mentions("src/main.rs", "ExitCode::from(");
    assert_eq!(hits.len(), 2, "{hits:#?}");
}

#[test]
fn the_command_line_does_not_reach_into_the_tui() {
    for needle in ["use crate::app", "crate::app::"] {
        let hits = mentions("src/cli", needle);
        assert!(hits.is_empty(), "src/cli uses the TUI's app: {hits:#?}");
    }
}

#[test]
fn the_tui_does_not_reach_into_the_command_line() {
    for dir in ["src/app", "src/ui", "src/shell.rs", "src/shell"] {
        for needle in ["use crate::cli", "crate::cli::"] {
            let hits = mentions(dir, needle);
            assert!(hits.is_empty(), "{dir} uses the command line: {hits:#?}");
        }
    }
}

/// The signatures of the public functions under `dir` that return `Result<_, String>`.
fn string_errors(dir: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for file in sources(&root().join(dir)) {
        let text = fs::read_to_string(&file).expect("a source file reads");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("pub fn ") {
            let sig_end = rest[at..].find('{').map_or(rest.len(), |e| at + e);
            let sig: String = rest[at..sig_end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if sig.contains("Result<") && sig.contains(", String>") {
                hits.push(format!("{}: {sig}", file.display()));
            }
            rest = &rest[sig_end..];
        }
    }
    hits
}

#[test]
fn the_string_error_scan_sees_a_multi_line_signature() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("x.rs"),
        "pub fn f(\n    a: u8,\n) -> Result<u8, String> {\n    Ok(a)\n}\npub fn g() -> Result<u8, E> {}\n",
    )
    .unwrap();
    let hits = string_errors(dir.path().to_str().unwrap());
    assert_eq!(hits.len(), 1, "{hits:#?}");
}

#[test]
fn public_functions_return_typed_errors() {
    let hits = string_errors("src");
    assert!(hits.is_empty(), "Result<_, String> in src: {hits:#?}");
}

#[test]
fn derived_facts_are_memoised_by_their_holder_not_in_a_global() {
    // The rotation and link resolutions live in the assessment; the pure core keeps
    // no thread-local or process-wide memo.
    for dir in [
        "src/model",
        "src/parse",
        "src/rules",
        "src/rotation",
        "src/edit",
        "src/assess",
    ] {
        let mut hits = mentions(dir, "thread_local!");
        hits.extend(mentions(dir, "static ").into_iter().filter(|hit| {
            hit.split(": ")
                .nth(1)
                .is_some_and(|code| code.starts_with("static "))
        }));
        assert!(hits.is_empty(), "a process-wide memo in {dir}: {hits:#?}");
    }
}
