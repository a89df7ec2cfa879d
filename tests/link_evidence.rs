//! Linking evidence: for EVERY heading of the sample project, the link `link` writes
//! into a requirement's Ops evidence cell (holding 0, 1 or 2 links already) resolves
//! under the link checker's own rules, and the file changes only inside that cell.
//! A link the cell already has is not added again. Also the `readyroom link` command
//! end to end.

mod common;

use std::process::Command;

use readyroom::config::ProjectConfig;
use readyroom::edit::link::{link_evidence, targets};
use readyroom::edit::{EditError, apply, plan};
use readyroom::model::{FieldKey, LinkTarget};
use readyroom::parse::{FileChange, apply_changes};
use readyroom::rules::links::{LinkStatus, resolve_link};
use readyroom::store::load_project;

const RTM: &str = "docs/requirements/RTM.md";

#[test]
fn every_anchor_links_resolvably_into_cells_with_zero_one_or_two_links() {
    let project = load_project(&common::sample_dir(), &readyroom::rules::rule_ids()).expect("load");
    let config = ProjectConfig::default();
    let all = targets(&project.workspace);
    assert!(
        all.len() > 40,
        "the sample has many headings: {}",
        all.len()
    );
    // NFR-003 has no ops link, NFR-001 one; NFR-001 after one more link has two.
    let mut two = project.workspace.clone();
    let first = link_evidence(&two, "NFR-001", &all[0]).expect("plan");
    let p = plan(&two, &first, "docs/release/change-log.md").expect("plan");
    let text = apply(&two.doc(RTM).expect("rtm").source, &p.files[0].splices).expect("apply");
    apply_changes(
        &mut two,
        vec![(RTM.to_string(), FileChange::Text(text))],
        &config,
    );
    let cases = [
        (project.workspace.clone(), "NFR-003", 0),
        (project.workspace.clone(), "NFR-001", 1),
        (two, "NFR-001", 2),
    ];
    for (ws, item, before_links) in &cases {
        let it = ws.item(item).expect("item");
        assert_eq!(
            it.field(&FieldKey::OpsEvidence).expect("ops").links.len(),
            *before_links
        );
        let cell = it.field(&FieldKey::OpsEvidence).expect("ops").cell;
        let source = ws.doc(RTM).expect("rtm").source.clone();
        for target in &all {
            let already = it
                .field(&FieldKey::OpsEvidence)
                .expect("ops")
                .links
                .iter()
                .any(|l| {
                    let doc = ws.doc(RTM).expect("rtm");
                    matches!(&resolve_link(ws, doc, &doc.links[l]),
                        LinkStatus::Ok { path, anchor } if path == &target.path && anchor == &target.anchor)
                });
            let edit = match link_evidence(ws, item, target) {
                Err(EditError::AlreadyLinked { .. }) if already => continue,
                other => other.expect("link edit"),
            };
            assert!(!already, "{item} → {target:?} is linked twice");
            let p = plan(ws, &edit, "docs/release/change-log.md").expect("plan");
            assert_eq!(p.files.len(), 1, "only the RTM changes");
            let after = apply(&source, &p.files[0].splices).expect("apply");
            // Only inside the cell: the bytes before and after it are untouched.
            assert_eq!(
                &after[..cell.start],
                &source[..cell.start],
                "{item} → {target:?}"
            );
            let tail = source.len() - cell.end;
            assert_eq!(
                &after[after.len() - tail..],
                &source[cell.end..],
                "{item} → {target:?}"
            );
            let mut new_ws = ws.clone();
            apply_changes(
                &mut new_ws,
                vec![(RTM.to_string(), FileChange::Text(after))],
                &config,
            );
            let new_item = new_ws.item(item).expect("item after");
            let field = new_item.field(&FieldKey::OpsEvidence).expect("ops after");
            assert_eq!(field.links.len(), before_links + 1, "{item} → {target:?}");
            let doc = new_ws.doc(RTM).expect("rtm after");
            let link = &doc.links[field.links.iter().last().expect("new link")];
            assert!(matches!(
                link.target,
                LinkTarget::Relative { .. } | LinkTarget::Anchor { .. }
            ));
            let status = resolve_link(&new_ws, doc, link);
            assert!(
                matches!(&status, LinkStatus::Ok { path, anchor } if path == &target.path && anchor == &target.anchor),
                "{item} → {target:?}: {status:?} for {}",
                link.destination
            );
        }
    }
}

#[test]
fn the_link_command_writes_the_link_and_check_no_longer_reports_the_nfr() {
    let dir = common::temp_copy(&common::sample_dir());
    let bin = env!("CARGO_BIN_EXE_readyroom");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .env("READYROOM_NOW", common::NOW)
            .env("NO_COLOR", "1")
            .output()
            .expect("run")
    };
    let path = dir.path().to_str().expect("utf-8 path");
    let out = run(&[
        "link",
        path,
        "NFR-003",
        "--to",
        "docs/operations/incident-response.md#alert-thresholds",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = run(&["check", path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        !findings.iter().any(|f| f["rule"] == "nfr-untraced"),
        "{findings:#?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "broken-link" && f["item"] == "NFR-003")
    );
    let out = run(&[
        "link",
        path,
        "NFR-003",
        "--to",
        "docs/operations/incident-response.md#no-such-heading",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a document or heading"));
    // The same link again, or one by another path to the same heading: not added twice.
    let rtm_before = std::fs::read_to_string(dir.path().join(RTM)).expect("rtm");
    for again in [
        "docs/operations/incident-response.md#alert-thresholds",
        "./docs/operations/incident-response.md#alert-thresholds",
    ] {
        let out = run(&["link", path, "NFR-003", "--to", again]);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("already links to"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(RTM)).expect("rtm"),
            rtm_before
        );
    }
    let out = run(&[
        "link",
        path,
        "NOPE-1",
        "--to",
        "docs/operations/incident-response.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["link", "/no/such/dir", "NFR-003", "--to", "x.md"]);
    assert_eq!(out.status.code(), Some(2));
}
