//! End-to-end runs of the real `readyroom check` binary: the sample project's exact
//! problems (snapshots of text and JSON), a corrected copy that is ready, exit codes and
//! messages for inputs that cannot run, and the real-world corpus.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, check, corpus, replace_once, sample_dir, stdout, temp_copy};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn sample_project_text_report() {
    let out = check(&sample_dir(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("sample_text", stdout(&out));
}

#[test]
fn sample_project_json_report() {
    let out = check(&sample_dir(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["verdict"], "not_ready");
    assert_eq!(json["today"], "2026-12-01");
    insta::assert_json_snapshot!("sample_json", json);
}

/// Fix every problem the sample project was built with, by hand, as a team would.
fn correct(dir: &Path) {
    let d = dir.join("docs");
    let pb = d.join("operations/incident-response.md");
    let obs = d.join("operations/observability-status.md");
    let rtm = d.join("requirements/RTM.md");
    let log = d.join("release/change-log.md");
    replace_once(
        &pb,
        "| @jonas.weber | TBD |",
        "| @jonas.weber | +49 30 5550 4410 |",
    );
    replace_once(
        &pb,
        "within 14 days | SEV3 | |",
        "within 14 days | SEV3 | [Certificate expiry](runbooks/high-error-rate.md) |",
    );
    replace_once(&pb, "| Priya Raman |", "| Dana Kim |");
    replace_once(
        &pb,
        "| 2026-12-20 09:00 | Tom Becker |",
        "| 2026-12-21 09:00 | Tom Becker |",
    );
    replace_once(
        &pb,
        "- [ ] Review payment provider timeout defaults with the PSP account team",
        "- [ ] Review payment provider timeout defaults with the PSP account team — owner: Luis Ortega, due: 2026-12-18",
    );
    replace_once(
        &obs,
        "| Aisha Bello | 2026-11-15 |",
        "| Aisha Bello | 2026-12-15 |",
    );
    replace_once(
        &obs,
        "| — | | 2026-12-15 |",
        "| — | Jonas Weber | 2026-12-15 |",
    );
    replace_once(&obs, "| Mei Tanaka | | |", "| Mei Tanaka | 2026-12-18 | |");
    replace_once(&obs, "fp:fa0b89c8", "fp:5cbf4d29");
    replace_once(
        &obs,
        "- [ ] Release Manager — Elena Petrova",
        "- [x] Release Manager — Elena Petrova, 2026-12-01",
    );
    replace_once(&rtm, "HLD.md#caching-strategy", "HLD.md#2-architecture");
    replace_once(
        &rtm,
        "../testing/load-test-report.md",
        "../testing/test-plan.md#load-tests",
    );
    replace_once(
        &rtm,
        "| [Rollback plan](../release/rollback-plan.md) | |",
        "| [Rollback plan](../release/rollback-plan.md) | [Zone probe](../operations/observability-status.md#telemetry-coverage) |",
    );
    replace_once(&log, "(ALR-004) | |", "(ALR-004) | Mei Tanaka |");
    // The deliberate mismatch of deploy/: ALR-004 gets its alerting rule.
    common::add_certificate_rule(dir);
}

#[test]
fn corrected_sample_is_ready() {
    let dir = temp_copy(&sample_dir());
    correct(dir.path());
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Verdict: READY — 0 error(s), 0 warning(s)"),
        "{}",
        stdout(&out)
    );
    let out = check(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["verdict"], "ready");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn cannot_run_exits_2_with_a_clear_message() {
    let out = check(Path::new("/no/such/docs"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/docs: no such docs project directory"),
        "{}",
        stderr(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("readyroom.toml"),
        "[paths]\nrtm = \"docs/RTM.md\"\nplaybok = \"x.md\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("readyroom.toml:3:") && err.contains("playbok"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("readyroom.toml"),
        "[rules]\nplaceholder = \"loud\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("readyroom.toml:2:"),
        "{}",
        stderr(&out)
    );

    let out = check(&sample_dir(), &["--today", "01/12/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"));
}

#[test]
fn colour_only_on_a_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["check"])
        .arg(sample_dir())
        .env("READYROOM_NOW", NOW)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!stdout(&out).contains('\x1b'), "piped output must be plain");
}

#[test]
fn real_corpus_runs_without_error() {
    let Some(path) = corpus() else { return };
    let out = check(&path, &["--format", "json"]);
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "unreadable-file"),
        "{findings:#?}"
    );
    // Every broken link reported there must really be broken: the target is missing.
    for f in findings.iter().filter(|f| f["rule"] == "broken-link") {
        let file = path.join(f["file"].as_str().unwrap());
        assert!(file.exists(), "{f}");
    }
}

const PLAYBOOK: &str = "docs/operations/incident-response.md";

#[test]
fn nobody_on_call_now_makes_check_fail() {
    let tmp = temp_copy(&sample_dir());
    let path = tmp.path().join(PLAYBOOK);
    let text = std::fs::read_to_string(&path).expect("read");
    // The rotation runs out on 2026-11-30 09:00, before the pinned now.
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !(l.starts_with("| 20") && l.get(2..12).is_some_and(|d| d >= "2026-11-30")))
        .collect();
    std::fs::write(&path, kept).expect("write");
    let out = check(tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let nobody: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "oncall-nobody-now" && f["severity"] == "error")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(nobody.len(), 2, "{nobody:?}");
    assert!(
        nobody[0].contains("The SEV1, SEV2 and SEV3 escalation paths start with Primary on-call"),
        "{}",
        nobody[0]
    );
}

#[test]
fn a_missing_playbook_passes_no_criterion_that_needs_it() {
    let tmp = temp_copy(&sample_dir());
    std::fs::remove_file(tmp.path().join(PLAYBOOK)).expect("remove");
    let out = check(tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for c in json["criteria"].as_array().expect("criteria") {
        if matches!(c["id"].as_str(), Some("documents_complete" | "operational")) {
            assert_eq!(c["passed"], false, "{c}");
            assert!(
                c["findings"]
                    .as_array()
                    .expect("findings")
                    .iter()
                    .any(|f| f["rule"] == "missing-artefact" && f["file"] == PLAYBOOK),
                "{c}"
            );
        }
    }
    let text = stdout(&check(tmp.path(), &[]));
    assert!(text.contains("FAIL Operational checks"), "{text}");
    // The report judges the checks the same way.
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["report", "--format", "json"])
        .arg(tmp.path())
        .env("READYROOM_NOW", NOW)
        .output()
        .expect("run readyroom");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for check in report["checks"].as_array().expect("checks") {
        if matches!(
            check["title"].as_str(),
            Some("Escalation paths" | "On-call rotation" | "Alerts have runbooks")
        ) {
            assert_eq!(check["passed"], false, "{check}");
            assert!(check["errors"].as_u64() >= Some(1), "{check}");
        }
    }
}

#[test]
fn a_rotation_without_zone_is_an_error_and_answers_name_the_zone_assumed() {
    let tmp = temp_copy(&sample_dir());
    replace_once(&tmp.path().join(PLAYBOOK), "Time zone: Europe/Berlin\n", "");
    let out = check(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{PLAYBOOK}:78:1: error[oncall-no-zone]")),
        "{text}"
    );
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
            .args(args)
            .arg(tmp.path())
            .env("READYROOM_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .output()
            .expect("run readyroom");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let assumed = "UTC (assumed: the rotation names no time zone)";
    for args in [
        &["oncall"][..],
        &["handover", "--since", "2026-11-01"],
        &["notify-text"],
    ] {
        let text = run(args);
        assert!(text.contains(assumed), "{args:?}: {text}");
    }
}

#[test]
fn a_time_zone_written_as_a_list_item_is_read() {
    let tmp = temp_copy(&sample_dir());
    replace_once(
        &tmp.path().join(PLAYBOOK),
        "Time zone: Europe/Berlin\n\nHandoff: Monday 09:00\n",
        "- **Time zone:** Europe/Berlin\n- Handoff: Monday 09:00\n",
    );
    let same = stdout(&check(tmp.path(), &[]));
    let sample = stdout(&check(&sample_dir(), &[]));
    let counts = |t: &str| t.lines().last().map(str::to_string);
    assert_eq!(counts(&same), counts(&sample), "{same}");
    // After the autumn change (25 Oct), the 09:00 Berlin hand-off is 08:00 UTC.
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["oncall", "--at", "2026-10-26T08:30:00Z"])
        .arg(tmp.path())
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .output()
        .expect("run readyroom");
    let text = stdout(&out);
    assert!(
        text.contains("On call at 2026-10-26 09:30 Europe/Berlin"),
        "{text}"
    );
    assert!(text.contains("primary    Mei Tanaka"), "{text}");
}
