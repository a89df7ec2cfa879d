//! Suspect evidence end to end: a requirement signed off after linking it to a runbook
//! section carries the `ev:` fingerprint; editing another section of the runbook
//! changes nothing, editing the linked section makes the sign-off `evidence-changed`,
//! and sign-offs written without `ev:` are never suspect.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, replace_once, sample_dir, temp_copy};

const RUNBOOK: &str = "docs/operations/runbooks/high-error-rate.md";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .current_dir(dir)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom")
}

/// The `evidence-changed` findings, as (item, message).
fn suspect(dir: &Path) -> Vec<(String, String)> {
    let out = run(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "evidence-changed")
        .map(|f| {
            (
                f["item"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn editing_the_linked_section_makes_the_signoff_suspect_and_another_section_does_not() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    // The sample's sign-offs were written without `ev:`: none is suspect.
    assert!(suspect(d).is_empty());
    let o = run(
        d,
        &["link", "NFR-004", "--to", &format!("{RUNBOOK}#mitigation")],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rtm = std::fs::read_to_string(d.join("docs/requirements/RTM.md")).expect("read");
    let row = rtm
        .lines()
        .find(|l| l.starts_with("| NFR-004 |"))
        .expect("row");
    assert!(
        row.contains("| Dana Kim 2026-12-01 fp:") && row.contains(" ev:"),
        "{row}"
    );
    assert!(suspect(d).is_empty());

    // Another section of the same runbook: nothing.
    let runbook = d.join(RUNBOOK);
    replace_once(
        &runbook,
        "## Diagnosis\n",
        "## Diagnosis\n\nStart with the dashboard.\n",
    );
    assert!(suspect(d).is_empty(), "{:?}", suspect(d));

    // The linked section: the sign-off is suspect, naming the link.
    replace_once(
        &runbook,
        "## Mitigation\n",
        "## Mitigation\n\nRoll back first, then look.\n",
    );
    let found = suspect(d);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "NFR-004");
    assert!(
        found[0]
            .1
            .contains("docs/operations/runbooks/high-error-rate.md#mitigation"),
        "{}",
        found[0].1
    );
    // Signing again takes the new content in.
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(suspect(d).is_empty());
}
