//! End-to-end runs of the editing commands (`signoff`, `revoke`, `set`, `add-row`) on
//! temp copies of `sample-project`: `check` sees a fresh sign-off as signed, an edit of
//! another cell of the item makes it stale, re-signing clears it; the files change by
//! exactly the item's line and one appended audit line; exit codes 0 / 1 / 2.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, sample_dir, temp_copy};

const OBS: &str = "docs/operations/observability-status.md";
const PLAY: &str = "docs/operations/incident-response.md";
const LOG: &str = "docs/release/change-log.md";

fn readyroom(args: &[&str], root: &Path) -> Output {
    let home = root.join(".home");
    fs::create_dir_all(&home).expect("home");
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("HOME", &home)
        .env("READYROOM_CONFIG_DIR", &home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("USER", "ci-tester")
        .output()
        .expect("run readyroom")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `(rule, item)` of every finding of `check --format json`.
fn findings(root: &Path) -> Vec<(String, String)> {
    let o = readyroom(
        &["check", root.to_str().expect("utf-8"), "--format", "json"],
        root,
    );
    let report: serde_json::Value = serde_json::from_str(&out(&o)).expect("json");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["item"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(findings: &[(String, String)], rule: &str, item: &str) -> bool {
    findings.iter().any(|(r, i)| r == rule && i == item)
}

/// Every markdown file under `root` by relative path.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for e in fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read_to_string(&p).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Lines removed and added between two texts of the same file, as in a line diff of an
/// edit that replaces lines in place or appends them.
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        b[prefix..b.len() - suffix]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        a[prefix..a.len() - suffix]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
    )
}

#[test]
fn sign_off_then_edit_makes_it_stale_and_re_signing_clears_it() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    let before = snapshot(root);
    assert!(!has(&findings(root), "signoff-stale", "TEL-004"));

    let o = readyroom(&["signoff", r, "TEL-004", "--as", "Dana Kim"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let stdout = out(&o);
    assert!(
        stdout.contains(&format!(
            "{OBS}:24: Sign-off: (empty) → `Dana Kim 2026-12-01 fp:"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{LOG}:26: + 2026-12-01 — Signed off TEL-004 (fp:")),
        "{stdout}"
    );
    let fs1 = findings(root);
    assert!(!has(&fs1, "signoff-stale", "TEL-004"), "{fs1:?}");
    assert!(!has(&fs1, "signoff-invalid", "TEL-004"), "{fs1:?}");

    // Exactly the item's line and one appended audit line changed.
    let after = snapshot(root);
    for (path, text) in &after {
        let old = &before[path];
        match path.as_str() {
            OBS => {
                let (removed, added) = changed_lines(old, text);
                assert_eq!(removed.len(), 1);
                assert!(removed[0].starts_with("| TEL-004 |"));
                // The row links to the RTM, so the sign-off carries its evidence too.
                let n = added[0].len();
                assert_eq!(
                    added,
                    [format!(
                        "{} Dana Kim 2026-12-01 fp:{} ev:{} |",
                        removed[0].strip_suffix(" |").unwrap(),
                        &added[0][n - 22..n - 14],
                        &added[0][n - 10..n - 2]
                    )]
                );
            }
            LOG => {
                assert!(text.starts_with(old.as_str()), "appended only");
                let tail = &text[old.len()..];
                assert!(
                    tail.starts_with("- 2026-12-01 — Signed off TEL-004 (fp:"),
                    "{tail}"
                );
                assert!(tail.ends_with(") — Dana Kim\n") && tail.lines().count() == 1);
            }
            _ => assert_eq!(text, old, "{path} changed"),
        }
    }

    // Editing another cell of the signed item makes the sign-off stale.
    let o = readyroom(&["set", r, "TEL-004", "owner", "Mei Tanaka"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("Owner: `Jonas Weber` → `Mei Tanaka`"),
        "{}",
        out(&o)
    );
    assert!(has(&findings(root), "signoff-stale", "TEL-004"));

    // Signing again clears it and logs a second line.
    let o = readyroom(&["signoff", r, "TEL-004", "--as", "Dana Kim"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(!has(&findings(root), "signoff-stale", "TEL-004"));
    let log = fs::read_to_string(root.join(LOG)).unwrap();
    assert_eq!(log.matches("Signed off TEL-004").count(), 2);

    // Signing once more with nothing changed is a no-op that succeeds.
    let o = readyroom(&["signoff", r, "TEL-004", "--as", "Dana Kim"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("nothing to do"), "{}", out(&o));
    assert_eq!(fs::read_to_string(root.join(LOG)).unwrap(), log);
}

#[test]
fn revoke_and_default_signer() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    // No --as, no git name: the login name signs.
    let o = readyroom(&["revoke", r, "TEL-001"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let log = fs::read_to_string(root.join(LOG)).unwrap();
    assert!(
        log.ends_with("- 2026-12-01 — Revoked sign-off of TEL-001 — ci-tester\n"),
        "{log}"
    );
    let obs = fs::read_to_string(root.join(OBS)).unwrap();
    assert!(obs.contains("| Mei Tanaka | | |\n"), "{obs}");
    let o = readyroom(&["revoke", r, "TEL-001"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("TEL-001 has no sign-off to revoke"),
        "{}",
        err(&o)
    );
}

#[test]
fn signing_a_row_of_a_table_without_the_column_needs_add_column() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    let o = readyroom(&["signoff", r, "ALR-004", "--as", "Dana Kim"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no Sign-off column") && err(&o).contains("--add-column"));
    let before = fs::read_to_string(root.join(PLAY)).unwrap();
    let o = readyroom(
        &[
            "signoff",
            r,
            "ALR-004",
            "--as",
            "Dana Kim",
            "--add-column",
            "--today",
            "2026-12-02",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let after = fs::read_to_string(root.join(PLAY)).unwrap();
    let (removed, added) = changed_lines(&before, &after);
    assert_eq!(
        removed.len(),
        6,
        "header, delimiter and four rows of one table"
    );
    assert_eq!(
        added[0],
        "| ID | Alert | Threshold | Severity | Runbook | Sign-off |"
    );
    assert!(
        added[5].starts_with("| ALR-004 | Certificate expiry |")
            && added[5].contains("| Dana Kim 2026-12-02 fp:")
    );
    assert!(!has(&findings(root), "signoff-stale", "ALR-004"));
}

#[test]
fn set_and_add_row_write_cells() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    let o = readyroom(&["set", r, "TEL-007", "Owner", "Aisha | Bello"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let obs = fs::read_to_string(root.join(OBS)).unwrap();
    assert!(
        obs.contains("| missing | — | Aisha \\| Bello | 2026-12-15 | |"),
        "{obs}"
    );
    let o = readyroom(
        &[
            "add-row",
            r,
            "--doc",
            LOG,
            "--table",
            "0",
            "Date=2026-12-01",
            "Entry=Readiness review booked",
            "Owner=Luis Ortega",
            "Deadline=2026-12-08",
            "Status=open",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains(&format!("{LOG}:18: + | 2026-12-01 |")),
        "{}",
        out(&o)
    );
    let log = fs::read_to_string(root.join(LOG)).unwrap();
    assert!(log.contains(
        "in progress |\n| 2026-12-01 | Readiness review booked | Luis Ortega | 2026-12-08 | open |\n\n## Audit trail"
    ));
}

#[test]
fn refused_edits_exit_1_and_bad_paths_exit_2() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    let before = snapshot(root);
    let o = readyroom(&["signoff", r, "TEL-404", "--as", "Dana Kim"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no item with ID `TEL-404`"), "{}", err(&o));
    let o = readyroom(&["set", r, "TEL-004", "Colour", "red"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("its fields are: ID, Signal"),
        "{}",
        err(&o)
    );
    let o = readyroom(&["set", r, "TEL-004", "Owner", "two\nlines"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("line break"), "{}", err(&o));
    let o = readyroom(&["set", r, "TEL-004", "Sign-off", "me"], root);
    assert_eq!(o.status.code(), Some(1));
    let o = readyroom(
        &[
            "add-row",
            r,
            "--doc",
            LOG,
            "--table",
            "9",
            "Date=2026-12-01",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("table 9 does not exist"), "{}", err(&o));
    assert_eq!(snapshot(root), before, "nothing written");
    let missing = root.join("no-such-dir");
    let o = readyroom(
        &["signoff", missing.to_str().unwrap(), "TEL-004", "--as", "X"],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("no such docs project directory"),
        "{}",
        err(&o)
    );
    let o = readyroom(
        &["set", missing.to_str().unwrap(), "TEL-004", "Owner", "X"],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    let o = readyroom(&["signoff", r, "TEL-004", "--today", "01/12/2026"], root);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("YYYY-MM-DD"), "{}", err(&o));
}

#[test]
fn path_defaults_to_the_current_directory() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let o = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["set", "TEL-008", "Due", "2027-01-31"])
        .current_dir(root)
        .env("READYROOM_NOW", NOW)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        fs::read_to_string(root.join(OBS))
            .unwrap()
            .contains("| Mei Tanaka | 2027-01-31 | |")
    );
}

#[test]
fn the_signer_comes_from_config_toml_before_git_and_login() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let home = root.join(".home");
    fs::create_dir_all(&home).expect("home");
    fs::write(home.join("config.toml"), "signer = \"Priya Raman\"\n").expect("config");
    let o = readyroom(&["signoff", root.to_str().expect("utf-8"), "TEL-005"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let log = fs::read_to_string(root.join(LOG)).unwrap();
    assert!(log.ends_with(") — Priya Raman\n"), "{log}");
    assert!(
        fs::read_to_string(root.join(OBS))
            .unwrap()
            .contains("| 2026-12-18 | Priya Raman 2026-12-01 fp:")
    );
}

#[test]
fn a_typo_elsewhere_in_config_toml_does_not_change_who_signs() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let home = root.join(".home");
    fs::create_dir_all(&home).expect("home");
    let config = home.join("config.toml");
    fs::write(
        &config,
        "signer = \"Priya Raman\"\ncolour = \"blue\"\n\n[keys]\nrechek = \"ctrl-r\"\n",
    )
    .expect("config");
    let o = readyroom(&["signoff", root.to_str().expect("utf-8"), "TEL-005"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let log = fs::read_to_string(root.join(LOG)).unwrap();
    assert!(log.ends_with(") — Priya Raman\n"), "{log}");
    let warned = err(&o);
    let file = config.display().to_string();
    assert!(
        warned.contains(&format!("warning: {file}:2: unknown field `colour`")),
        "{warned}"
    );
    assert!(
        warned.contains(&format!(
            "warning: {file}:5: unknown action \"rechek\" in [keys]; did you mean \"recheck\"?"
        )),
        "{warned}"
    );
}

#[test]
fn a_signer_that_cannot_be_read_as_configured_is_refused() {
    let cases = [
        (
            "signer = 42\n",
            1,
            "invalid type: integer `42`, expected a string",
        ),
        ("signer = \"\"\n", 1, "signer is empty"),
        (
            "theme = \"dark\"\nsinger = \"Priya Raman\"\n",
            2,
            "unknown field `singer`; did you mean `signer`?",
        ),
        (
            "[keys]\nquit = \"q\"\nsigner = \"Priya Raman\"\n",
            3,
            "signer is inside [keys]",
        ),
        ("signer = \"Priya Raman\n", 1, "invalid"),
    ];
    for (text, line, message) in cases {
        let dir = temp_copy(&sample_dir());
        let root = dir.path();
        let home = root.join(".home");
        fs::create_dir_all(&home).expect("home");
        let config = home.join("config.toml");
        fs::write(&config, text).expect("config");
        let before = snapshot(root);
        for command in ["signoff", "revoke"] {
            let o = readyroom(&[command, root.to_str().expect("utf-8"), "TEL-001"], root);
            assert_eq!(o.status.code(), Some(2), "{text:?}: {}", err(&o));
            let e = err(&o);
            assert!(
                e.contains(&format!("{}:{line}: ", config.display())) && e.contains(message),
                "{text:?}: {e}"
            );
            assert!(e.contains("--as NAME"), "{e}");
        }
        let o = readyroom(
            &[
                "handover",
                root.to_str().expect("utf-8"),
                "--ack",
                "--from",
                "Mei Tanaka",
            ],
            root,
        );
        assert_eq!(o.status.code(), Some(2), "{text:?}: {}", err(&o));
        assert_eq!(snapshot(root), before, "{text:?}: nothing is written");
        // `--as` says who signs: the config is not needed for that.
        let o = readyroom(
            &[
                "signoff",
                root.to_str().expect("utf-8"),
                "TEL-005",
                "--as",
                "Priya Raman",
            ],
            root,
        );
        assert_eq!(o.status.code(), Some(0), "{text:?}: {}", err(&o));
    }
}

#[test]
fn set_with_expect_refuses_unless_the_field_still_holds_the_old_value() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let r = root.to_str().unwrap();
    let before = snapshot(root);
    // TEL-005's owner is Tom Becker; a teammate expected someone else.
    let o = readyroom(
        &[
            "set",
            r,
            "TEL-005",
            "Owner",
            "Dana Kim",
            "--expect",
            "Mei Tanaka",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains(
            "TEL-005: Owner is \"Tom Becker\" now, not \"Mei Tanaka\" as expected; someone \
             changed it since"
        ),
        "{}",
        err(&o)
    );
    assert_eq!(snapshot(root), before, "nothing is written");
    let o = readyroom(
        &[
            "set",
            r,
            "TEL-005",
            "Owner",
            "Dana Kim",
            "--expect",
            "Tom Becker",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let obs = fs::read_to_string(root.join(OBS)).unwrap();
    assert!(obs.contains("| Dana Kim | 2026-12-18 |"), "{obs}");
    // An empty --expect means the field must be empty.
    let o = readyroom(
        &["set", r, "TEL-008", "Due", "2027-01-15", "--expect", ""],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}
