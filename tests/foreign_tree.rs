//! A docs tree written the way another team writes theirs, following only README: a
//! MkDocs site (`mkdocs.yml`, python-markdown anchors), YAML front matter, rotation
//! settings as list items and in bold, several links in one cell (`·`, `<br>`,
//! reference-style), an audit section with an intro paragraph, sign-offs and a handover
//! acknowledgement written by readyroom itself. It must be READY with no finding, and
//! name the right person on call around both daylight-saving changes of its horizon.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tree() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/foreign-team")
}

fn readyroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("READYROOM_NOW")
        .output()
        .expect("run readyroom")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// `COMMAND TREE --format json` with today pinned to 2027-03-20.
fn on_the_tree(command: &str) -> Output {
    let root = tree();
    readyroom(&[
        command,
        root.to_str().expect("utf-8 path"),
        "--format",
        "json",
        "--today",
        "2027-03-20",
    ])
}

#[test]
fn another_teams_tree_is_ready_with_no_finding() {
    let out = on_the_tree("check");
    let report = json(&out);
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["verdict"], "ready");
    assert_eq!(out.status.code(), Some(0));
    // The audit lines (three sign-offs, one acknowledgement) are not change-log entries.
    let counts = &report["counts"]["items"];
    assert_eq!(counts["change_entry"], 3, "{counts:#}");
    assert_eq!(counts["audit_entry"], 4, "{counts:#}");
}

#[test]
fn every_link_of_a_dashboard_cell_is_its_own_dashboard() {
    let out = on_the_tree("report");
    let report = json(&out);
    let items = report["telemetry"]["items"].as_array().expect("items");
    let links = |id: &str| -> Vec<(String, String)> {
        let item = items
            .iter()
            .find(|i| i["id"] == id)
            .expect("telemetry item");
        item["dashboard_links"]
            .as_array()
            .expect("dashboard_links")
            .iter()
            .map(|l| {
                (
                    l["text"].as_str().expect("text").to_string(),
                    l["target"].as_str().expect("target").to_string(),
                )
            })
            .collect()
    };
    let pair = |t: &str, u: &str| (t.to_string(), format!("https://grafana.example.net/d/{u}"));
    // `[A][ref] · [B](url)`: a reference-style link and an inline one.
    assert_eq!(
        links("TEL-01"),
        [
            pair("Ledger overview", "ledger-overview"),
            pair("Lag detail", "ledger-lag")
        ]
    );
    // `[A](url)<br>[B](url)`.
    assert_eq!(
        links("TEL-02"),
        [
            pair("API golden signals", "ledger-api"),
            pair("Error budget", "ledger-slo")
        ]
    );
}

/// Who is primary on call at an instant, from `oncall --format json`.
fn primary_at(at: &str) -> (String, String) {
    let root = tree();
    let out = readyroom(&[
        "oncall",
        root.to_str().expect("utf-8 path"),
        "--at",
        at,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v = json(&out);
    assert_eq!(v["zone"], "Europe/Dublin", "{v:#}");
    assert_eq!(v["zone_assumed"], false, "{v:#}");
    (
        v["primary"].as_str().unwrap_or("nobody").to_string(),
        v["at"].as_str().expect("at").to_string(),
    )
}

#[test]
fn the_right_person_is_on_call_around_both_daylight_saving_changes() {
    // The hand-off is Monday 09:00 in Dublin: 08:00 UTC in summer time (IST, +01:00),
    // 09:00 UTC in winter (GMT). Autumn change: 2026-10-25; spring change: 2027-03-28.
    let cases = [
        // Summer time before the autumn change: 09:30 IST, the first week has begun.
        (
            "2026-10-19T08:30:00Z",
            "Aoife Byrne",
            "2026-10-19T09:30:00+01:00",
        ),
        // The Monday after the autumn change: 08:30 GMT, still the first week.
        (
            "2026-10-26T08:30:00Z",
            "Aoife Byrne",
            "2026-10-26T08:30:00+00:00",
        ),
        // 09:00 GMT: the hand-off.
        (
            "2026-10-26T09:00:00Z",
            "Cian Walsh",
            "2026-10-26T09:00:00+00:00",
        ),
        // The Monday after the spring change: 08:59 IST, a minute before the hand-off.
        (
            "2027-03-29T07:59:00Z",
            "Niamh Kelly",
            "2027-03-29T08:59:00+01:00",
        ),
        // 09:00 IST: the hand-off, an hour earlier in UTC than in winter.
        (
            "2027-03-29T08:00:00Z",
            "Seán Murphy",
            "2027-03-29T09:00:00+01:00",
        ),
    ];
    for (at, who, local) in cases {
        let (primary, shown) = primary_at(at);
        assert_eq!(primary, who, "primary on call at {at}");
        assert_eq!(shown, local, "the instant in the rotation's zone");
    }
}
