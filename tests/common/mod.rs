//! Helpers shared by the integration tests: in-memory workspaces, pinned clocks, temp
//! copies of the sample project, and the rule for tests that need an outside tool.
#![allow(dead_code)]
// Notes about skipped parts go to the test output.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    let ctx = Context::new(
        ws,
        jiff::civil::date(2026, 12, 1),
        NOW.parse().expect("instant"),
    );
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

/// Give the sample's ALR-004 (certificate expiry) the alerting rule its `deploy/` leaves
/// out on purpose, with the runbook the corrections link, in a copy at `dir`.
pub fn add_certificate_rule(dir: &Path) {
    replace_once(
        &dir.join("deploy/prometheus/checkout-alerts.yml"),
        "      - alert: DBConnectionSaturation\n",
        "      - alert: CertificateExpiry\n        expr: probe_ssl_earliest_cert_expiry - time() < 14 * 86400\n        \
         annotations:\n          runbook_url: https://runbooks.example.com/checkout/runbooks/high-error-rate\n      \
         - alert: DBConnectionSaturation\n",
    );
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

/// True under CI (`CI=true`), where a test that cannot run fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// A test cannot run here because of `why`: under CI that fails the test; elsewhere it
/// prints a note, and the caller returns (skips).
pub fn cannot_run(why: &str) {
    assert!(
        !in_ci(),
        "{why}; CI=true, so this test fails instead of skipping: install it (see .ci/run)"
    );
    eprintln!("note: {why}; skipping (under CI=true this fails)");
}

/// True when `tool` runs here (`tmux -V`, `TOOL --version`). When it does not, under
/// CI the test fails; elsewhere a note is printed and `false` returned, so the test
/// returns early.
pub fn require_tool(tool: &str) -> bool {
    let probe = if tool == "tmux" { "-V" } else { "--version" };
    let runs = Command::new(tool)
        .arg(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        cannot_run(&format!(
            "`{tool}` is not installed (`{tool} {probe}` did not run)"
        ));
    }
    runs
}

/// True when the tests run as root (`id -u` is 0). When they do not, under CI the test
/// fails; elsewhere a note is printed and `false` returned.
pub fn require_root(why: &str) -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        cannot_run(&format!("not running as root, which {why}"));
    }
    root
}

/// The file changed only inside `start..end` of the old text: the edit property every
/// byte-splice test asserts.
pub fn only_inside(
    old: &str,
    new: &str,
    start: usize,
    end: usize,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let tail = old.len() - end;
    proptest::prop_assert_eq!(
        &new[..start],
        &old[..start],
        "bytes before the cell changed"
    );
    proptest::prop_assert!(new.len() >= start + tail, "the new text is too short");
    proptest::prop_assert_eq!(
        &new[new.len() - tail..],
        &old[end..],
        "bytes after the cell changed"
    );
    Ok(())
}

/// A rendered screen as text: one line per row, trailing spaces trimmed, wide glyphs
/// once.
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut lines = Vec::with_capacity(usize::from(area.height));
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..area.width {
            let sym = buf[(x, y)].symbol();
            if skip == 0 {
                line.push_str(sym);
            }
            skip = skip
                .max(unicode_width::UnicodeWidthStr::width(sym))
                .saturating_sub(1);
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// A fixed readiness history of six commits, oldest first: errors fall from 5 to 0
/// while open gaps go 4, 4, 3, 3, 1, 1.
pub fn history_points() -> Vec<readyroom::history::Point> {
    let rows = [
        ("2026-10-01", 5, 4),
        ("2026-10-15", 4, 4),
        ("2026-10-29", 4, 3),
        ("2026-11-12", 2, 3),
        ("2026-11-20", 1, 1),
        ("2026-11-30", 0, 1),
    ];
    rows.iter()
        .enumerate()
        .map(|(n, (date, errors, gaps))| readyroom::history::Point {
            commit: format!("{n:040x}"),
            date: (*date).to_string(),
            verdict: if *errors == 0 { "ready" } else { "not_ready" }.to_string(),
            errors: *errors,
            warnings: 2,
            open_gaps: *gaps,
            overdue: 0,
            waived: 0,
            criteria: std::collections::BTreeMap::new(),
        })
        .collect()
}

/// Run the real binary in `dir` with `args`, the clock pinned to [`NOW`] and colour off.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .current_dir(dir)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom")
}

/// `readyroom check PATH ARGS` with the clock pinned to [`NOW`] and colour off.
pub fn check(path: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("check")
        .arg(path)
        .args(args)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom")
}

/// A command's standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
