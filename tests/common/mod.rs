//! Helpers shared by the integration tests: in-memory workspaces, pinned clocks, temp
//! copies of the sample project.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use readyroom::config::ProjectConfig;
use readyroom::model::Workspace;
use readyroom::parse::workspace_from_sources;
use readyroom::rules::{Context, Finding, run};

/// The instant the sample project's story is told at.
pub const NOW: &str = "2026-12-01T10:00:00+01:00";

/// A workspace from `(path, text)` pairs with the default config.
pub fn workspace(files: &[(&str, &str)]) -> Workspace {
    let sources = files
        .iter()
        .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
        .collect();
    workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default())
}

/// Run all rules over a workspace with today pinned to 2026-12-01.
pub fn findings(ws: &Workspace) -> Vec<Finding> {
    let ctx = Context {
        ws,
        today: jiff::civil::date(2026, 12, 1),
        now: NOW.parse().expect("instant"),
    };
    run(&ctx, &ProjectConfig::default())
}

/// Findings of one rule, as `(file, line, item)` triples.
pub fn of_rule(fs: &[Finding], rule: &str) -> Vec<(String, usize, Option<String>)> {
    fs.iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.file.clone(), f.line, f.item.clone()))
        .collect()
}

/// The bundled sample project.
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project")
}

/// Copy a directory tree (files only) into a new temp dir and return it.
pub fn temp_copy(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_into(src, dir.path());
    dir
}

fn copy_into(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for entry in std::fs::read_dir(src).expect("read_dir") {
        let entry = entry.expect("entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_into(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// Replace exactly one occurrence of `from` in the file (panics if not exactly one).
pub fn replace_once(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// The path of the real-world corpus, or `None` (with a note) when it is not configured.
pub fn corpus() -> Option<PathBuf> {
    match std::env::var_os("READYROOM_CORPUS") {
        Some(p) if Path::new(&p).is_dir() => Some(PathBuf::from(p)),
        _ => {
            eprintln!("note: READYROOM_CORPUS is not set; skipping the real-world corpus part");
            None
        }
    }
}

/// True when the external `tool` runs (`tool --version`). When it does not, the test
/// using it fails under `CI=true` (a CI machine must have it) and is skipped elsewhere
/// with a printed note.
pub fn have_tool(tool: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg(if tool == "tmux" { "-V" } else { "--version" })
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is not on PATH, and CI=true: install {tool} on the CI machine"
        );
        eprintln!("note: {tool} is not on PATH; skipping a test that needs it");
    }
    ok
}
