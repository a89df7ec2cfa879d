//! Reviews end to end: `[review] max_age` makes an old `Last reviewed:` date
//! `review-overdue`, `readyroom review` stamps today's date (only those bytes, or one
//! new line under the first heading) and logs it, and the finding goes away.

mod common;

use std::path::Path;

use common::{sample_dir, temp_copy};

const PLAY: &str = "docs/operations/incident-response.md";
const LOG: &str = "docs/release/change-log.md";

use common::run_in as run;

fn rules(dir: &Path) -> Vec<String> {
    let out = run(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

#[test]
fn an_overdue_review_is_stamped_and_logged_and_the_finding_goes() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let toml = read(d, "readyroom.toml") + "\n[review]\nmax_age = { playbook = \"90d\" }\n";
    std::fs::write(d.join("readyroom.toml"), toml).expect("write");
    assert!(!rules(d).iter().any(|r| r.starts_with("review-")));
    let play = read(d, PLAY).replacen(
        "Incident response playbook\n",
        "Incident response playbook\n\nLast reviewed: 2026-08-01 by Mei Tanaka\n",
        1,
    );
    std::fs::write(d.join(PLAY), &play).expect("write");
    assert!(rules(d).contains(&"review-overdue".to_string()));
    let log = read(d, LOG);

    let out = run(d, &["review", PLAY, "--as", "Dana Kim"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        read(d, PLAY),
        play.replacen("2026-08-01 by Mei", "2026-12-01 by Mei", 1)
    );
    assert_eq!(
        read(d, LOG),
        log.replacen(
            "(fp:fae92784) — Luis Ortega\n",
            "(fp:fae92784) — Luis Ortega\n- 2026-12-01 — Reviewed docs/operations/incident-response.md — Dana Kim\n",
            1
        )
    );
    assert!(!rules(d).iter().any(|r| r.starts_with("review-")));
}

#[test]
fn a_document_without_a_stamp_gains_one_line_under_its_first_heading() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let before = read(d, PLAY);
    let out = run(d, &["review", ".", PLAY, "--as", "Dana Kim"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{PLAY}:3: + Last reviewed: 2026-12-01")),
        "{stdout}"
    );
    let heading = before.lines().next().expect("heading");
    assert_eq!(
        read(d, PLAY),
        before.replacen(
            &format!("{heading}\n"),
            &format!("{heading}\n\nLast reviewed: 2026-12-01\n"),
            1
        )
    );
    let out = run(d, &["review", "nowhere.md"]);
    assert_eq!(out.status.code(), Some(1));
}
