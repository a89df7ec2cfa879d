//! Hostile markdown: input built to crash or stall a parser. Each case is checked through
//! the library (the finding, the same result every time) and through the real binary
//! (`check`, `report`, `oncall`, `handover`: exit code, a generous time bound, the
//! finding reported). The real timings are in `benches/hostile.rs`.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{findings, sample_dir, temp_copy};
use readyroom::parse::{MAX_NESTING, MarkdownError, parse_document};

/// `depth` nested block quotes around one word: `> > > … x`.
fn quotes(depth: usize) -> String {
    format!("{}x\n", "> ".repeat(depth))
}

/// `depth` images nested in each other: `![a![a…](u)](u)`.
fn nested_images(depth: usize) -> String {
    format!("{}{}\n", "![a".repeat(depth), "](u)".repeat(depth))
}

/// Run `f` on a thread with a small stack (256 KiB, an eighth of a rayon worker's), so a
/// walk that recurses per level of nesting overflows here long before it would in use.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the thread finished")
}

#[test]
fn thousands_of_nested_quotes_are_refused_not_overflowing() {
    let err = on_small_stack(|| parse_document("docs/deep.md", quotes(5_000), None))
        .expect_err("too deep to parse");
    assert_eq!(
        err,
        MarkdownError::TooDeep {
            limit: MAX_NESTING,
            line: 1
        }
    );
    assert!(
        err.to_string()
            .starts_with(&format!("nesting deeper than {MAX_NESTING} levels")),
        "{err}"
    );
}

#[test]
fn nesting_up_to_the_limit_parses_on_a_small_stack() {
    // The deepest document let through: block quotes, and images in images.
    let doc = on_small_stack(|| parse_document("docs/q.md", quotes(MAX_NESTING - 2), None))
        .expect("within the limit");
    assert_eq!(doc.path, "docs/q.md");
    let doc = on_small_stack(|| parse_document("docs/i.md", nested_images(MAX_NESTING - 4), None))
        .expect("within the limit");
    assert_eq!(doc.links.len(), MAX_NESTING - 4);
}

#[test]
fn the_parser_survives_the_deepest_file_the_size_limit_allows() {
    // comrak itself must neither recurse per level while parsing nor while dropping its
    // tree: nesting as deep as the default size limit allows, on a small stack.
    let size = usize::try_from(readyroom::config::DEFAULT_MAX_FILE_SIZE).expect("fits");
    for text in [
        "> ".repeat(size / 2),
        "![a".repeat(size / 8) + &"](u)".repeat(size / 8),
        "- ".repeat(size / 2),
        "*a ".repeat(size / 6) + &"a* ".repeat(size / 6),
    ] {
        let head: String = text.chars().take(6).collect();
        let err = on_small_stack(move || parse_document("docs/x.md", text, None).err());
        assert!(
            matches!(err, None | Some(MarkdownError::TooDeep { .. })),
            "{head}…: {err:?}"
        );
    }
}

#[test]
fn a_deep_file_is_an_unreadable_file_finding_and_the_rest_still_loads() {
    let ws = common::workspace(&[
        ("docs/deep.md", &quotes(5_000)),
        ("docs/fine.md", "# Fine\n\n[broken](missing.md)\n"),
    ]);
    let fs = findings(&ws);
    let unreadable: Vec<_> = fs.iter().filter(|f| f.rule == "unreadable-file").collect();
    assert_eq!(unreadable.len(), 1, "{unreadable:#?}");
    assert_eq!(unreadable[0].file, "docs/deep.md");
    assert!(
        unreadable[0]
            .message
            .contains(&format!("nesting deeper than {MAX_NESTING} levels")),
        "{}",
        unreadable[0].message
    );
    assert!(
        fs.iter()
            .any(|f| f.rule == "broken-link" && f.file == "docs/fine.md"),
        "the other file is still checked"
    );
}

/// A temp copy of the sample project with `file` (project-relative) set to `text`.
fn project_with(file: &str, text: &str) -> tempfile::TempDir {
    let dir = temp_copy(&sample_dir());
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
    dir
}

/// Run the real binary with `args` on `dir`, the clock pinned by `READYROOM_NOW`; fail
/// past `limit`.
fn run(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .arg(dir)
        .env("READYROOM_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom");
    let took = start.elapsed();
    assert!(
        took < limit,
        "readyroom {args:?} took {took:?} (sanity limit {limit:?})"
    );
    out
}

/// Every command on a project holding a deep file: none aborts; `check` reports the
/// file as unreadable, and the other commands run to their usual exit code.
#[test]
fn every_command_survives_a_deep_file() {
    let dir = project_with("docs/deep.md", &quotes(5_000));
    let limit = Duration::from_secs(30);
    let check = run(dir.path(), &["check"], limit);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.lines().any(|l| l.contains("docs/deep.md")
            && l.contains("unreadable-file")
            && l.contains(&format!("nesting deeper than {MAX_NESTING} levels"))),
        "{text}"
    );
    for args in [&["report"][..], &["oncall"], &["handover"]] {
        let out = run(dir.path(), args, limit);
        assert_eq!(
            out.status.code(),
            Some(0),
            "readyroom {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let report = run(dir.path(), &["report"], limit);
    assert!(
        String::from_utf8_lossy(&report.stdout).contains("nesting deeper than"),
        "report lists the finding"
    );
}

#[test]
fn findings_are_capped_per_file_and_rule_with_a_count_of_the_rest() {
    let cap = readyroom::rules::MAX_FINDINGS_PER_FILE;
    let links = "[x](#nowhere) ".repeat(cap + 50);
    let ws = common::workspace(&[("docs/links.md", &links), ("docs/few.md", "[y](#gone)\n")]);
    let fs = findings(&ws);
    let broken: Vec<_> = fs
        .iter()
        .filter(|f| f.rule == "broken-link" && f.file == "docs/links.md")
        .collect();
    assert_eq!(broken.len(), cap + 1, "the first {cap}, then one summary");
    let summary = broken[cap];
    assert!(
        summary
            .message
            .starts_with("…and 50 more `broken-link` findings"),
        "{}",
        summary.message
    );
    assert!(
        broken[..cap].iter().all(|f| !f.message.starts_with('…')),
        "the summary comes last"
    );
    assert_eq!(summary.severity, readyroom::rules::Severity::Error);
    assert_eq!(
        fs.iter()
            .filter(|f| f.rule == "broken-link" && f.file == "docs/few.md")
            .count(),
        1,
        "other files keep their own count"
    );
}

/// The sample project's playbook with `extra` appended.
fn playbook_plus(extra: &str) -> tempfile::TempDir {
    let playbook = std::fs::read_to_string(sample_dir().join(PLAYBOOK)).expect("playbook");
    project_with(PLAYBOOK, &format!("{playbook}\n{extra}\n"))
}

const PLAYBOOK: &str = "docs/operations/incident-response.md";

/// Every command on a project: `check` exits 1 with each `(rule, file)` reported (at
/// most the per-file cap and its summary); `report`, `oncall` and `handover` exit 0; all
/// within a sanity limit generous enough for a debug build on a busy machine.
fn check_and_report(dir: &Path, expected: &[(&str, &str)]) {
    let limit = Duration::from_secs(60);
    let check = run(dir, &["check", "--format", "json"], limit);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    for (rule, file) in expected {
        let of_rule = findings
            .iter()
            .filter(|f| f["rule"] == *rule && f["file"] == *file)
            .count();
        assert!(
            (1..=readyroom::rules::MAX_FINDINGS_PER_FILE + 1).contains(&of_rule),
            "{of_rule} {rule} findings on {file}"
        );
    }
    for args in [&["report"][..], &["oncall"], &["handover"]] {
        let out = run(dir, args, limit);
        assert_eq!(out.status.code(), Some(0), "readyroom {args:?}: {out:?}");
    }
}

#[test]
fn a_long_line_of_placeholders_is_checked_in_linear_time() {
    let dir = playbook_plus(&"TODO ".repeat(160_000));
    check_and_report(dir.path(), &[("placeholder", PLAYBOOK)]);
}

#[test]
fn a_long_line_of_anchor_links_is_checked_in_linear_time() {
    let dir = project_with("docs/links.md", &"[x](#y) ".repeat(162_500));
    check_and_report(dir.path(), &[("broken-link", "docs/links.md")]);
}

#[test]
fn a_multi_megabyte_line_in_the_playbook_is_checked_in_linear_time() {
    // A quarter of the 7.9 MB of the benchmark, to keep a debug build's run short.
    let dir = playbook_plus(&"word TODO [x](#y) ".repeat(110_000));
    check_and_report(
        dir.path(),
        &[("placeholder", PLAYBOOK), ("broken-link", PLAYBOOK)],
    );
}

#[test]
fn nested_images_are_refused_in_linear_time() {
    let dir = project_with("docs/images.md", &nested_images(205_000 / 7));
    check_and_report(dir.path(), &[("unreadable-file", "docs/images.md")]);
}

#[test]
fn a_report_on_ninety_thousand_alert_rows_takes_linear_time() {
    let playbook = std::fs::read_to_string(sample_dir().join(PLAYBOOK)).expect("playbook");
    let at = playbook.find("| ALR-003 |").expect("ALR-003");
    let end = at + playbook[at..].find('\n').expect("row ends") + 1;
    let mut text = playbook[..end].to_string();
    for n in 4..90_004 {
        let _ = writeln!(
            text,
            "| ALR-{n:06} | Alert {n} | above {n} | SEV2 | [r](runbooks/high-error-rate.md) |"
        );
    }
    text.push_str(&playbook[end..]);
    let dir = project_with(PLAYBOOK, &text);
    let report = run(dir.path(), &["report"], Duration::from_secs(60));
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    assert!(String::from_utf8_lossy(&report.stdout).contains("ALR-090003"));
}

#[test]
fn the_same_bytes_give_the_same_findings_under_load() {
    // The parse budget counts parser steps, not time: the same file gives the same
    // result whether the machine is idle or busy (here: four parses at once).
    let text = "[x](#y) ".repeat(100_000);
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| parse_document("docs/l.md", text.clone(), None).map(|d| d.links.len()))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("join"))
            .collect()
    });
    assert!(results.iter().all(|r| r == &Ok(100_000)), "{results:?}");
}

#[test]
fn check_report_and_handover_agree_on_a_hostile_tree() {
    // Capped findings, a refused file and a long line: every command counts the same.
    let dir = project_with(
        "docs/links.md",
        &format!(
            "{}\n\n{}",
            "[x](#y) ".repeat(20_000),
            "[z](missing.md)\n".repeat(300)
        ),
    );
    std::fs::write(dir.path().join("docs/deep.md"), quotes(5_000)).expect("write");
    let limit = Duration::from_secs(60);
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run(dir.path(), args, limit);
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let check = json(&["check", "--format", "json"]);
    let report = json(&["report", "--format", "json"]);
    let handover = json(&["handover", "--format", "json"]);
    let errors = &check["counts"]["errors"];
    assert_eq!(check["verdict"], "not_ready");
    assert_eq!(&report["verdict"]["verdict"], "not_ready");
    assert_eq!(&report["verdict"]["errors"], errors);
    assert_eq!(&handover["readiness"]["ready"], false);
    assert_eq!(&handover["readiness"]["errors"], errors);
    assert_eq!(&check["counts"]["warnings"], &report["verdict"]["warnings"]);
}
