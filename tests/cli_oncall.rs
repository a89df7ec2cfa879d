//! End-to-end runs of `readyroom oncall`'s calendar export: the final schedule written
//! to a file, a personal feed, one role, reminders, the stamp from the pinned clock and
//! the refusals of flags that cannot be honoured.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, sample_dir, temp_copy};

fn oncall(root: &Path, args: &[&str], now: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readyroom"));
    cmd.arg("oncall")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env_remove("READYROOM_NOW");
    if let Some(now) = now {
        cmd.env("READYROOM_NOW", now);
    }
    cmd.output().expect("run readyroom")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn ics_flags_shape_the_export_and_the_clock_stamps_it() {
    let tmp = temp_copy(&sample_dir());
    let root = tmp.path();
    let file = |name: &str| root.join(name).display().to_string();
    let out = oncall(root, &["--ics", &file("all.ics")], Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "Wrote 26 on-call events to {}\n",
            root.join("all.ics").display()
        )
    );
    let all = std::fs::read_to_string(root.join("all.ics")).expect("export");
    let stamp: jiff::Timestamp = NOW.parse().expect("NOW");
    let stamp = stamp.strftime("DTSTAMP:%Y%m%dT%H%M%SZ\r\n").to_string();
    assert_eq!(all.matches(&stamp).count(), 26, "{all}");

    let out = oncall(
        root,
        &["--ics", &file("day.ics"), "--today", "2026-11-02"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let day = std::fs::read_to_string(root.join("day.ics")).expect("export");
    assert_eq!(day.matches("DTSTAMP:20261102T000000Z\r\n").count(), 26);

    let args = [
        "--ics",
        &file("mei.ics"),
        "--person",
        "mei  TANAKA",
        "--role",
        "primary",
        "--remind",
        "15m",
    ];
    let out = oncall(root, &args, Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mei = std::fs::read_to_string(root.join("mei.ics")).expect("export");
    let events = mei.matches("BEGIN:VEVENT").count();
    // Three primary weeks, the one of 23 Nov cut in two by Jonas Weber's override.
    assert_eq!(events, 4, "{mei}");
    assert_eq!(
        mei.matches("SUMMARY:On call (primary): Mei Tanaka\r\n")
            .count(),
        4
    );
    assert_eq!(mei.matches("BEGIN:VALARM").count(), 4);
    assert!(mei.contains("TRIGGER;RELATED=START:-PT900S\r\n"), "{mei}");
    assert!(
        mei.contains("X-WR-CALNAME:Checkout API on-call: Mei Tanaka\r\n"),
        "{mei}"
    );
}

#[test]
fn ics_flags_that_cannot_be_honoured_are_refused_with_what_to_do() {
    let tmp = temp_copy(&sample_dir());
    let root = tmp.path().to_path_buf();
    let x = root.join("x.ics").display().to_string();
    let out = oncall(&root, &["--ics", &x, "--remind", "soon"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--remind \"soon\" is not a duration such as 15m"));
    let out = oncall(&root, &["--ics", &x, "--person", "Nobody Here"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--person \"Nobody Here\" is never on call"),
        "{err}"
    );
    assert!(
        err.contains("Aisha Bello, Jonas Weber, Mei Tanaka, Tom Becker"),
        "{err}"
    );
    assert!(!root.join("x.ics").exists());
    let out = oncall(&root, &["--person", "Mei Tanaka"], Some(NOW));
    assert_eq!(out.status.code(), Some(2), "--person needs --ics");
    assert!(text(&out.stderr).contains("--ics"), "{}", text(&out.stderr));
}
