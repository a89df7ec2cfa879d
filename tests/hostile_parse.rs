//! Hostile markdown: input built to crash or stall a parser. Each case is checked through
//! the library (the finding, the same result every time) and through the real binary
//! (`check`, `report`, `oncall`, `handover`: exit code, a generous time bound, the
//! finding reported). The real timings are in `benches/hostile.rs`.

mod common;

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
