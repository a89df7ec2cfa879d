//! End-to-end runs of `readyroom notify-text`: the built-in template on the sample
//! project (snapshot), a custom `[notify] template`, and an unknown placeholder, which
//! is an error naming it and its line in readyroom.toml.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, sample_dir, stdout, temp_copy};

fn notify_text(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("notify-text")
        .arg(path)
        .env("READYROOM_NOW", NOW)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The sample project's readyroom.toml followed by `notify`.
fn with_notify(dir: &Path, notify: &str) {
    let path = dir.join("readyroom.toml");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str(notify);
    std::fs::write(path, text).expect("write");
}

#[test]
fn default_template_on_the_sample_project() {
    let out = notify_text(&sample_dir());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("sample_default", stdout(&out));
}

#[test]
fn a_custom_template_fills_its_placeholders() {
    let dir = temp_copy(&sample_dir());
    with_notify(
        dir.path(),
        "\n[notify]\ntemplate = \"\"\"\nHi {release_manager}, {project} is {verdict} on {date}: \
         {gap_count} gaps, {action_count} actions, {{braces}} kept.\n{gaps}\"\"\"\n",
    );
    let out = notify_text(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Hi Elena Petrova, Checkout API is not ready on 2026-12-01: 5 gaps, 6 actions, \
         {braces} kept.\n\
         - TEL-004 Synthetic checkout probe from three regions — owner Jonas Weber, due 2026-12-11\n\
         - TEL-005 Retry budget consumption — owner Tom Becker, due 2026-12-18\n\
         - TEL-006 Replication lag of the orders database — owner Aisha Bello, due 2026-11-15 (overdue)\n\
         - TEL-007 TLS certificate expiry — no owner, due 2026-12-15\n\
         - TEL-008 Fraud screening decision latency — owner Mei Tanaka, no due date\n"
    );
}

#[test]
fn an_unknown_placeholder_names_itself_and_its_line() {
    let dir = temp_copy(&sample_dir());
    let config = std::fs::read_to_string(dir.path().join("readyroom.toml")).expect("read");
    // The template starts on the line after `[notify]`; `{owner}` is on its third line.
    let first = config.lines().count() + 3;
    with_notify(
        dir.path(),
        "\n[notify]\ntemplate = \"\"\"\nStatus of {project}: {verdict}\nAsk {owner} for details.\n\"\"\"\n",
    );
    let out = notify_text(dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("readyroom.toml:{}: ", first + 2)),
        "{err}"
    );
    assert!(err.contains("unknown placeholder `{owner}`"), "{err}");
    assert!(err.contains("{release_manager}"), "{err}");
}
