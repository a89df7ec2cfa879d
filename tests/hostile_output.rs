//! Nothing from the docs tree reaches a terminal raw through the command line: a copy of
//! the sample project gets file and folder names with an OSC title sequence, a bidi
//! override, zero-width characters and a line break, a project name and a core-document
//! path with ESC, OSC and a C1 CSI, and `readyroom.toml` keys with OSC 52 (clipboard) and
//! C1 controls. Every command of the real binary then runs on it, and neither standard
//! output nor standard error holds an ESC byte, a C1 control, a bidi override or isolate
//! or a zero-width character; a finding about a file with a line break in its name stays
//! on one line, and JSON still reads back to the exact names.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, sample_dir, temp_copy};

/// A file name that retitles a tmux window when printed raw.
const TITLE: &str = "docs/\x1b]0;PWNED\x07.md";
/// A file name that reads `invoicemd.png`-style backwards when printed raw.
const BIDI: &str = "docs/a\u{202e}gnp.md";
/// A file name that splits a finding line when printed raw.
const NEWLINE: &str = "docs/new\nline.md";
/// A folder with zero-width characters.
const ZERO_WIDTH: &str = "docs/zero\u{200b}width\u{200d}/doc.md";
/// Where the observability report lives in the hostile copy (ESC, OSC and C1 in its name).
const OBS: &str = "docs/operations/\x1b]2;obs\x07 \u{9b}31mobservability.md";

/// A document with a broken link, so that each hostile file has a finding.
const BROKEN: &str = "# Hostile\n\nSee [the plan](no-such-plan.md).\n";

fn readyroom(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .current_dir(dir)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .output()
        .expect("run readyroom")
}

/// True for what must never reach a terminal raw (apart from line feeds and tabs).
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{80}'..='\u{9f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Assert that neither stream of `out` holds a forbidden byte or character.
fn assert_inert(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{what}: {stream} is not UTF-8 ({e})"));
        assert!(!bytes.contains(&0x1b), "{what}: ESC in {stream}:\n{text}");
        let bad: Vec<String> = text
            .chars()
            .filter(|&c| forbidden(c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(bad.is_empty(), "{what}: {bad:?} in {stream}:\n{text}");
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The sample project with hostile names, project name and core-document path.
fn hostile_tree() -> tempfile::TempDir {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    for name in [TITLE, BIDI, NEWLINE, ZERO_WIDTH] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, BROKEN).expect("write");
    }
    std::fs::rename(
        root.join("docs/operations/observability-status.md"),
        root.join(OBS),
    )
    .expect("move the observability report");
    let config = root.join("readyroom.toml");
    let text = std::fs::read_to_string(&config).expect("read config");
    let text = text
        .replace(
            "name = \"Checkout API\"",
            "name = \"Checkout \\u001b]0;PWNED\\u0007 \\u009b2J \\u202eIPA\\u200d\\nx\"",
        )
        .replace(
            "observability = \"docs/operations/observability-status.md\"",
            "observability = \"docs/operations/\\u001b]2;obs\\u0007 \\u009b31mobservability.md\"",
        );
    assert!(
        text.contains("\\u202e") && text.contains("\\u009b31m"),
        "the sample config names the project and the observability report"
    );
    std::fs::write(&config, text).expect("write config");
    dir
}

#[test]
fn every_command_prints_tree_text_inert() {
    let dir = hostile_tree();
    let root = dir.path();
    let runs: &[&[&str]] = &[
        &["check", "."],
        &["check", ".", "--format", "json"],
        &["report", "."],
        &["report", ".", "--format", "json"],
        &["notify-text", "."],
        &["oncall", "."],
        &["oncall", ".", "--format", "json"],
        &["handover", "."],
        &["handover", ".", "--format", "markdown"],
        &["handover", ".", "--format", "json"],
        &["set", ".", "TEL-004", "Owner", "Mei Tanaka"],
        &["set", ".", "TEL-004", "Owner", "Mei Tanaka"],
        &["set", ".", "TEL-004", "Owner", "\x1b]52;c;SGVsbG8=\x07"],
        &["set", ".", "TEL-004", "\x1b]0;field\x07", "x"],
        &["signoff", ".", "TEL-004", "--as", "Dana Kim"],
        &["signoff", ".", "TEL-004", "--as", "Dana Kim"],
        &["revoke", ".", "TEL-004", "--as", "Dana Kim"],
        &[
            "signoff",
            ".",
            "\x1b]0;PWNED\x07\u{202e}",
            "--as",
            "Dana Kim",
        ],
        &["add-row", ".", "ID=TEL-900", "Signal=\x1b]0;x\x07"],
        &["link", ".", "REQ-001", "--to", "docs/\x1b]0;PWNED\x07.md"],
        &["oncall", ".", "--ics", "on-call-\x1b]0;PWNED\x07.ics"],
        &["check", "./no-such-\x1b]0;PWNED\x07-\u{9b}dir"],
        &["./no-such-\x1b]0;PWNED\x07-\u{202e}dir"],
        &["walkthrough", "./no-such-\x1b]0;PWNED\x07-\u{200b}dir"],
    ];
    for args in runs {
        let out = readyroom(root, args);
        assert_inert(&format!("readyroom {args:?}"), &out);
    }
}

#[test]
fn a_finding_about_any_file_name_stays_on_one_line() {
    let dir = hostile_tree();
    let out = readyroom(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for shown in [
        "docs/␛]0;PWNED␇.md:3:",
        "docs/a⟨U+202E⟩gnp.md:3:",
        "docs/new␊line.md:3:",
        "docs/zero⟨U+200B⟩width⟨U+200D⟩/doc.md:3:",
    ] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(shown))
            .unwrap_or_else(|| panic!("no finding line for {shown}:\n{text}"));
        assert!(line.contains("warning[broken-link]") || line.contains("error[broken-link]"));
        assert!(line.contains("no-such-plan.md"), "{line}");
    }
    assert!(
        !text.lines().any(|l| l.starts_with("line.md")),
        "a file name split a line:\n{text}"
    );
    assert!(
        text.starts_with("Checkout ␛]0;PWNED␇ ⟨U+009B⟩2J ⟨U+202E⟩IPA⟨U+200D⟩␊x — "),
        "{text}"
    );
}

#[test]
fn a_line_break_in_the_project_name_adds_no_mail_header() {
    let dir = hostile_tree();
    let out = readyroom(dir.path(), &["notify-text", "."]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let subject = text
        .lines()
        .find(|l| l.starts_with("Subject:"))
        .unwrap_or_else(|| panic!("no subject:\n{text}"));
    assert!(subject.contains("⟨U+200D⟩␊x: not ready"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("x: ")), "{text}");
}

#[test]
fn the_handover_names_the_project_and_files_on_their_lines() {
    let dir = hostile_tree();
    let out = readyroom(dir.path(), &["handover", "."]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Handover: Checkout ␛]0;PWNED␇ ⟨U+009B⟩2J ⟨U+202E⟩IPA⟨U+200D⟩␊x — "),
        "{text}"
    );
}

#[test]
fn json_escapes_hazards_and_keeps_the_exact_names() {
    let dir = hostile_tree();
    for args in [
        &["check", ".", "--format", "json"][..],
        &["report", ".", "--format", "json"],
    ] {
        let out = readyroom(dir.path(), args);
        assert_inert(&format!("{args:?}"), &out);
        let text = stdout(&out);
        assert!(text.contains(r"docs/a\u202egnp.md"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let files: Vec<&str> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["file"].as_str())
            .collect();
        for name in [TITLE, BIDI, NEWLINE, ZERO_WIDTH] {
            assert!(files.contains(&name), "{args:?}: no finding on {name:?}");
        }
    }
}

#[test]
fn an_edit_names_a_hostile_file_inert() {
    let dir = hostile_tree();
    let out = readyroom(dir.path(), &["set", ".", "TEL-004", "Owner", "Mei Tanaka"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert("set", &out);
    let text = stdout(&out);
    assert!(
        text.starts_with("docs/operations/␛]2;obs␇ ⟨U+009B⟩31mobservability.md:"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
}

/// A `readyroom.toml` with `keys` in it fails every command with one inert line that
/// names the file and the line.
fn assert_config_error_is_inert(config: &str, line: usize) {
    let dir = temp_copy(&sample_dir());
    std::fs::write(dir.path().join("readyroom.toml"), config).expect("write config");
    for args in [
        &["check", "."][..],
        &["check", ".", "--format", "json"],
        &["report", "."],
        &["notify-text", "."],
        &["oncall", "."],
        &["handover", "."],
        &["set", ".", "TEL-004", "Owner", "Mei Tanaka"],
        &["init", "."],
        &["."],
    ] {
        let out = readyroom(dir.path(), args);
        let what = format!("readyroom {args:?} with {config:?}");
        assert_eq!(out.status.code(), Some(2), "{what}");
        assert_inert(&what, &out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(
            err.contains(&format!("readyroom.toml:{line}:")),
            "{what}: {err}"
        );
    }
}

#[test]
fn config_errors_quote_keys_inert() {
    // An unknown rule: OSC 52 would write the clipboard.
    assert_config_error_is_inert(
        "[project]\nname = \"x\"\n\n[rules]\n\"\\u001b]52;c;SGVsbG8=\\u0007\" = \"error\"\n",
        5,
    );
    // An unknown top-level key with C1 CSI, a bidi override and a line break.
    assert_config_error_is_inert("\n\"\\u009b2J \\u202e \\u001b[2J a\\nb\" = 1\n", 2);
    // A bad value quoted back.
    assert_config_error_is_inert(
        "[paths]\nrtm = \"/\\u001b]0;PWNED\\u0007\\u200b\\nRTM.md\"\n",
        2,
    );
}
