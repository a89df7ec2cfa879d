//! Several links in one cell: `[A](…)<br>[B](…)`, `[A](…) · [B](…)` and reference-style
//! `[A][a]` are each their own link in the model, the link checks, the report's
//! dashboards and the alert → dashboard chains.

mod common;

use std::path::Path;
use std::process::Command;

use common::{NOW, replace_once, sample_dir, temp_copy};
use readyroom::model::FieldKey;
use readyroom::parse::parse_document;
use readyroom::rules::{Context, rule_ids, run};
use readyroom::store::load_project;

const OBS: &str = "docs/operations/observability-status.md";

/// The TEL-004 row of the sample, its Signal naming ALR-001 and its Dashboard cell
/// holding three links in the three ways people write them.
fn three_dashboards(root: &Path) {
    let path = root.join(OBS);
    replace_once(
        &path,
        "| TEL-004 | Synthetic checkout probe from three regions | [NFR-003](../requirements/RTM.md) | partial | — |",
        "| TEL-004 | Synthetic checkout probe from three regions (ALR-001) | [NFR-003](../requirements/RTM.md) | partial | [Probe map](https://grafana.example.com/d/probes)<br>[Regions][regions] · [Error budget](#no-such-heading) |",
    );
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("\n[regions]: https://grafana.example.com/d/regions\n");
    std::fs::write(&path, text).expect("write");
}

#[test]
fn each_link_of_a_cell_is_its_own_link_in_the_model() {
    let src = "# O\n\n| ID | Dashboard |\n|---|---|\n\
               | T-1 | [A](https://a.example/)<br>[B](https://b.example/) |\n\
               | T-2 | [A](https://a.example/) · [B](b.md#x) |\n\
               | T-3 | [A][a] [B][b] |\n\n\
               [a]: https://a.example/ref\n[b]: https://b.example/ref\n";
    let doc = parse_document("docs/o.md", src.to_string(), None).expect("parse");
    let rows = &doc.tables[0].rows;
    let cell = |r: usize| &rows[r].cells[1];
    assert_eq!(&*cell(0).text, "A B", "a <br> is a break, not text");
    for r in 0..3 {
        let links: Vec<(&str, &str, &str)> = doc
            .links_at(cell(r).links)
            .map(|l| (l.text.as_str(), l.destination.as_str(), l.span.slice(src)))
            .collect();
        let (a, b) = match r {
            0 => (
                ("A", "https://a.example/", "[A](https://a.example/)"),
                ("B", "https://b.example/", "[B](https://b.example/)"),
            ),
            1 => (
                ("A", "https://a.example/", "[A](https://a.example/)"),
                ("B", "b.md#x", "[B](b.md#x)"),
            ),
            _ => (
                ("A", "https://a.example/ref", "[A][a]"),
                ("B", "https://b.example/ref", "[B][b]"),
            ),
        };
        assert_eq!(links, [a, b], "row {r}");
    }
}

#[test]
fn every_link_of_a_dashboard_cell_is_checked_and_reported() {
    let dir = temp_copy(&sample_dir());
    three_dashboards(dir.path());
    // The link checker sees the third link, at its own column.
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let ctx = Context::new(
        &project.workspace,
        jiff::civil::date(2026, 12, 1),
        NOW.parse().expect("instant"),
    );
    let broken: Vec<_> = run(&ctx, &project.config)
        .into_iter()
        .filter(|f| f.rule == "broken-link" && f.file == OBS)
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].item.as_deref(), Some("TEL-004"));
    assert!(broken[0].message.contains("#no-such-heading"));
    let row = std::fs::read_to_string(dir.path().join(OBS)).expect("read");
    let line = row.lines().nth(broken[0].line - 1).expect("line");
    assert!(
        line.chars()
            .skip(broken[0].column - 1)
            .collect::<String>()
            .starts_with("[Error budget]"),
        "column {} of {line}",
        broken[0].column
    );
    let item = project.workspace.item("TEL-004").expect("TEL-004");
    assert_eq!(
        item.field(&FieldKey::Dashboard).expect("cell").links.len(),
        3
    );

    // The report: three dashboards for the telemetry item and for the alert it names.
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["report", ".", "--format", "json"])
        .current_dir(dir.path())
        .env("READYROOM_NOW", NOW)
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("run readyroom");
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let tel = report["telemetry"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "TEL-004")
        .expect("TEL-004");
    assert_eq!(tel["dashboard"], "Probe map; Regions; Error budget");
    let targets: Vec<(&str, &str)> = tel["dashboard_links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["target"].as_str().expect("t"),
                l["status"].as_str().expect("s"),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("https://grafana.example.com/d/probes", "external"),
            ("https://grafana.example.com/d/regions", "external"),
            (
                "docs/operations/observability-status.md#no-such-heading",
                "missing_anchor"
            ),
        ]
    );
    let alert = report["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| a["id"] == "ALR-001")
        .expect("ALR-001");
    let names: Vec<&str> = alert["dashboards"]
        .as_array()
        .expect("dashboards")
        .iter()
        .map(|d| d["text"].as_str().expect("text"))
        .collect();
    assert_eq!(names, ["Probe map", "Regions", "Error budget"]);
}

#[test]
fn any_link_of_an_evidence_cell_counts_as_evidence() {
    let dir = temp_copy(&sample_dir());
    let rtm = dir.path().join("docs/requirements/RTM.md");
    replace_once(
        &rtm,
        "[Rollback plan](../release/rollback-plan.md) | | In progress |",
        "[Rollback plan](../release/rollback-plan.md) | [Design][hld] · \
         [Zone failover alert](../operations/incident-response.md#alert-thresholds) | In progress |",
    );
    let mut text = std::fs::read_to_string(&rtm).expect("read");
    text.push_str("\n[hld]: ../design/HLD.md\n");
    std::fs::write(&rtm, text).expect("write");
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let ctx = Context::new(
        &project.workspace,
        jiff::civil::date(2026, 12, 1),
        NOW.parse().expect("instant"),
    );
    let fs = run(&ctx, &project.config);
    assert!(
        !fs.iter()
            .any(|f| f.item.as_deref() == Some("NFR-003") && f.rule == "nfr-untraced"),
        "{fs:#?}"
    );
}
