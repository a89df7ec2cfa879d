//! Waivers end to end: `readyroom waive` writes one table row and one audit line, and
//! `check` then lists the finding as waived, counts it in neither errors nor warnings,
//! and counts it again once the waiver has expired.

mod common;

use std::path::Path;
use std::process::Output;

use common::{sample_dir, temp_copy};

const LOG: &str = "docs/release/change-log.md";

use common::run_in as run;

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn check_json(dir: &Path, today: &str) -> serde_json::Value {
    let out = run(dir, &["check", ".", "--format", "json", "--today", today]);
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The lines of `after` that are not in `before`, in order.
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    after
        .lines()
        .filter(|l| !old.contains(l))
        .map(str::to_string)
        .collect()
}

fn waive(dir: &Path, rule: &str, item: &str, expires: &str) -> Output {
    run(
        dir,
        &[
            "waive",
            rule,
            item,
            "--reason",
            "Vendor agent ships in January",
            "--expires",
            expires,
            "--as",
            "Dana Kim",
        ],
    )
}

#[test]
fn waiving_writes_one_row_and_one_audit_line_and_the_finding_stops_counting() {
    let dir = temp_copy(&sample_dir());
    let before = check_json(dir.path(), "2026-12-01");
    let log_before = std::fs::read_to_string(dir.path().join(LOG)).expect("read");
    let out = waive(dir.path(), "gap-no-owner", "TEL-007", "2026-12-31");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log_after = std::fs::read_to_string(dir.path().join(LOG)).expect("read");
    let added = added_lines(&log_before, &log_after);
    let rows: Vec<&String> = added.iter().filter(|l| l.starts_with("| W-")).collect();
    assert_eq!(
        rows,
        [
            "| W-1 | gap-no-owner | TEL-007 | Vendor agent ships in January | Dana Kim | 2026-12-31 |"
        ]
    );
    let audit: Vec<&String> = added.iter().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(
        audit,
        ["- 2026-12-01 — Waived gap-no-owner on TEL-007 until 2026-12-31 (W-1) — Dana Kim"]
    );
    assert!(log_after.starts_with(&log_before[..log_before.len() - 1]));

    let after = check_json(dir.path(), "2026-12-01");
    assert_eq!(
        after["counts"]["errors"].as_u64().unwrap() + 1,
        before["counts"]["errors"].as_u64().unwrap()
    );
    assert_eq!(after["counts"]["waived"], 1);
    assert!(before["counts"].get("waived").is_none());
    let waived: Vec<&serde_json::Value> = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("waived").is_some())
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["rule"], "gap-no-owner");
    assert_eq!(
        waived[0]["waived"],
        serde_json::json!({"id": "W-1", "reason": "Vendor agent ships in January",
            "approved_by": "Dana Kim", "expires": "2026-12-31"})
    );
    let gaps = after["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "gaps_owned")
        .unwrap();
    assert_eq!(gaps["findings"].as_array().unwrap().len(), 3);

    let out = run(dir.path(), &["check", "."]);
    let report = text(&out.stdout);
    assert!(
        report.contains("(TEL-007) [waived] by W-1 until 2026-12-31, approved by Dana Kim"),
        "{report}"
    );
    assert!(report.contains(", 1 waived\n"), "{report}");

    // The day after its expiry the finding counts again and the waiver is an error.
    let later = check_json(dir.path(), "2027-01-01");
    assert!(later["counts"].get("waived").is_none());
    let rules: Vec<&str> = later["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"waiver-expired") && rules.contains(&"gap-no-owner"));
}

#[test]
fn a_second_waiver_goes_into_the_same_table() {
    let dir = temp_copy(&sample_dir());
    assert!(
        waive(dir.path(), "gap-no-owner", "TEL-007", "2026-12-31")
            .status
            .success()
    );
    let log_before = std::fs::read_to_string(dir.path().join(LOG)).expect("read");
    let out = waive(
        dir.path(),
        "broken-link",
        "docs/requirements/RTM.md",
        "2026-12-15",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log_after = std::fs::read_to_string(dir.path().join(LOG)).expect("read");
    let added = added_lines(&log_before, &log_after);
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].starts_with("- 2026-12-01 — Waived broken-link on docs/requirements/RTM.md"));
    assert!(added[1].starts_with("| W-2 | broken-link | docs/requirements/RTM.md |"));
    assert_eq!(log_after.matches("## Waivers").count(), 1);
    // A waiver by file covers both broken links of the RTM.
    assert_eq!(check_json(dir.path(), "2026-12-01")["counts"]["waived"], 3);
}

#[test]
fn a_waiver_that_would_not_hold_is_refused_and_nothing_is_written() {
    let dir = temp_copy(&sample_dir());
    let log = std::fs::read_to_string(dir.path().join(LOG)).expect("read");
    for (rule, item, expires, says) in [
        (
            "gap-no-owner",
            "TEL-001",
            "2026-12-31",
            "no `gap-no-owner` finding concerns TEL-001",
        ),
        (
            "gap-no-owner",
            "TEL-007",
            "2027-12-31",
            "more than the 90 days",
        ),
        ("gap-no-owner", "TEL-007", "2026-11-30", "expired already"),
        ("gap-no-owner", "TEL-007", "31/12/2026", "not a date"),
        (
            "waiver-unused",
            "W-1",
            "2026-12-31",
            "not a rule that can be waived",
        ),
    ] {
        let out = waive(dir.path(), rule, item, expires);
        assert_eq!(out.status.code(), Some(1), "{rule} {item} {expires}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join(LOG)).expect("read"),
        log
    );
}

#[test]
fn a_change_log_without_audit_trail_gains_both_sections_at_its_end() {
    let dir = temp_copy(&sample_dir());
    let path = dir.path().join(LOG);
    let log = std::fs::read_to_string(&path).expect("read");
    let cut = log.find("## Audit trail").expect("audit heading");
    std::fs::write(&path, &log[..cut]).expect("write");
    let out = waive(dir.path(), "gap-no-owner", "TEL-007", "2026-12-31");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        &after[cut..],
        "## Waivers\n\n| ID | Rule | Item | Reason | Approved by | Expires |\n\
         | --- | --- | --- | --- | --- | --- |\n\
         | W-1 | gap-no-owner | TEL-007 | Vendor agent ships in January | Dana Kim | 2026-12-31 |\n\
         \n## Audit trail\n\n\
         - 2026-12-01 — Waived gap-no-owner on TEL-007 until 2026-12-31 (W-1) — Dana Kim\n"
    );
    assert_eq!(check_json(dir.path(), "2026-12-01")["counts"]["waived"], 1);
}
