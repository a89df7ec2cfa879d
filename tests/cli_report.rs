//! End-to-end runs of `readyroom report` on the sample project: snapshots of the
//! markdown and the JSON (from a copy outside any git repository, so the commit is
//! none), sign-off states, `--out`, the commit of a real git repository, and the inputs
//! it cannot run on.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, replace_once, sample_dir, stdout, temp_copy};

/// Run `readyroom report PATH ARGS` with the clock pinned. Git does not look above
/// `PATH`'s parent, so a temp folder reads as outside any repository wherever the temp
/// folder lives.
fn report(path: &Path, args: &[&str]) -> Output {
    let ceiling = path.parent().unwrap_or(path);
    // In a git repository the report reads the history, whose cache stays in here.
    let cache = tempfile::tempdir().expect("cache dir");
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("report")
        .arg(path)
        .args(args)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .env("READYROOM_CACHE_DIR", cache.path())
        .output()
        .expect("run readyroom")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("json")
}

#[test]
fn sample_project_markdown_report() {
    let dir = temp_copy(&sample_dir());
    let out = report(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("- **Commit:** none (the docs are not in a git repository)"));
    assert!(!text.contains('<'), "no raw HTML");
    assert_renders_as_gfm(&text);
    insta::assert_snapshot!("sample_markdown", text);
}

/// Check that `markdown` is plain GFM a forge renders as meant: no raw HTML, every
/// table's rows as wide as its header, and as many tables as delimiter rows.
fn assert_renders_as_gfm(markdown: &str) {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut tables = 0;
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::HtmlInline(html) => panic!("raw HTML {html:?}"),
            NodeValue::HtmlBlock(html) => panic!("raw HTML block {:?}", html.literal),
            NodeValue::Table(_) => tables += 1,
            _ => {}
        }
    }
    assert_eq!(tables, markdown.matches("\n|---").count());
    let pipes = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let mut width = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            assert_eq!(*width.get_or_insert(n), n, "{line}");
        } else {
            width = None;
        }
    }
}

#[test]
fn sample_project_json_report() {
    let dir = temp_copy(&sample_dir());
    let out = report(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["git"], serde_json::Value::Null);
    assert_eq!(value["verdict"]["verdict"], "not_ready");
    // The raw text, so the snapshot also pins the order of the fields.
    insta::assert_snapshot!("sample_json", stdout(&out));
}

#[test]
fn stale_and_valid_signoffs_are_told_apart() {
    let out = report(&sample_dir(), &["--format", "json"]);
    let value = json(&out);
    let state = |item: &str| {
        value["signoffs"]
            .as_array()
            .expect("signoffs")
            .iter()
            .find(|s| s["item"] == item)
            .map(|s| s["state"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(state("TEL-003").as_deref(), Some("stale"));
    for item in ["TEL-001", "TEL-002", "NFR-001", "FR-002"] {
        assert_eq!(state(item).as_deref(), Some("valid"), "{item}");
    }
    assert_eq!(value["signoffs"].as_array().map(Vec::len), Some(5));

    let text = stdout(&report(&sample_dir(), &[]));
    let start = text.find("## Sign-offs").expect("sign-offs section");
    let end = text.find("## Open risks").expect("next section");
    let section = &text[start..end];
    let line = |item: &str| {
        section
            .lines()
            .find(|l| l.starts_with(&format!("| `{item}` | ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("TEL-003").contains("**STALE**"), "{}", line("TEL-003"));
    assert!(line("TEL-003").contains("`fa0b89c8` | `5cbf4d29`"));
    for item in ["TEL-001", "TEL-002", "NFR-001", "FR-002"] {
        assert!(line(item).contains("| valid |"), "{item}: {}", line(item));
    }
}

#[test]
fn out_writes_the_report_to_a_file() {
    let dir = temp_copy(&sample_dir());
    let target = tempfile::tempdir().expect("tempdir");
    let file = target.path().join("readiness.md");
    let out = report(dir.path(), &["--out", file.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Wrote the readiness report to "));
    let written = std::fs::read_to_string(&file).expect("read");
    assert_eq!(written, stdout(&report(dir.path(), &[])));

    let json_file = target.path().join("readiness.json");
    let out = report(
        dir.path(),
        &[
            "--format",
            "json",
            "--out",
            json_file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).expect("read")).expect("json");
    assert_eq!(value["project"], "Checkout API");

    let nowhere = target.path().join("no/such/dir/report.md");
    let out = report(dir.path(), &["--out", nowhere.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana Kim")
        .env("GIT_AUTHOR_EMAIL", "dana.kim@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-30T12:00:00+01:00")
        .env("GIT_COMMITTER_NAME", "Dana Kim")
        .env("GIT_COMMITTER_EMAIL", "dana.kim@example.com")
        .env("GIT_COMMITTER_DATE", "2026-11-30T12:00:00+01:00")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn the_commit_of_a_git_repository_is_named_and_changes_make_it_dirty() {
    let dir = temp_copy(&sample_dir());
    let setup = [
        &["init", "--quiet"][..],
        &["add", "."],
        &[
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "-m",
            "Readiness docs",
        ],
    ];
    if !common::require_tool("git") {
        return;
    }
    for args in setup {
        git(dir.path(), args).unwrap_or_else(|| panic!("git {args:?} failed"));
    }
    let head = git(dir.path(), &["rev-parse", "HEAD"]).expect("HEAD");
    assert_eq!(head.len(), 40);

    let out = report(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["git"]["commit"], head.as_str());
    assert_eq!(value["git"]["dirty"], false);
    let text = stdout(&report(dir.path(), &[]));
    assert!(
        text.contains(&format!("- **Commit:** `{head}`\n")),
        "{}",
        &text[..400.min(text.len())]
    );

    replace_once(
        &dir.path().join("docs/release/change-log.md"),
        "| Tom Becker | 2026-12-10 | in progress |",
        "| Tom Becker | 2026-12-10 | done |",
    );
    let value = json(&report(dir.path(), &["--format", "json"]));
    assert_eq!(value["git"]["commit"], head.as_str());
    assert_eq!(value["git"]["dirty"], true);
    let text = stdout(&report(dir.path(), &[]));
    assert!(text.contains("with uncommitted changes in the docs (dirty)"));
}

#[test]
fn report_cannot_run_without_a_project() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = report(&tmp.path().join("missing"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such docs project directory"));
    let out = report(tmp.path(), &["--today", "01/12/2026"]);
    assert_eq!(out.status.code(), Some(2));
}
