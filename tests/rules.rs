//! Every readiness rule, firing and not firing, over small in-memory docs trees. The
//! tidy tree below is what a careful team writes: it must produce no finding at all,
//! and each test breaks it in one way.

mod common;

use common::{findings, of_rule, workspace};
use readyroom::model::ItemKind;

const PLAYBOOK: &str = "docs/operations/incident-response.md";
const OBS: &str = "docs/operations/observability-status.md";
const RTM: &str = "docs/requirements/RTM.md";
const LOG: &str = "docs/release/change-log.md";
const RUNBOOK: &str = "docs/operations/runbooks/error-rate.md";
const HLD: &str = "docs/design/HLD.md";

const TIDY_PLAYBOOK: &str = "# Incident response

## Severity levels

| Severity | Definition |
|---|---|
| SEV1 | Outage |
| SEV2 | Degradation |

## Contacts

| Name | Role | Phone |
|---|---|---|
| Dana Kim | Service Owner | +49 30 1 |
| Mei Tanaka | SRE | +49 30 2 |
| Tom Becker | SRE | +49 30 3 |

## Alert thresholds

| ID | Alert | Threshold | Severity | Runbook |
|---|---|---|---|---|
| ALR-001 | High error rate | 5xx above 2% for 5 min | SEV1 | [Error rate](runbooks/error-rate.md) |

## Escalation paths

### SEV1

| Step | After | Contact | Channel |
|---|---|---|---|
| 1 | 0 min | Primary on-call | PagerDuty |
| 2 | 10 min | Secondary on-call | PagerDuty |
| 3 | 30 min | Dana Kim | Phone |

### SEV2

| Step | After | Contact | Channel |
|---|---|---|---|
| 1 | 0 min | Primary on-call | PagerDuty |
| 2 | 30 min | Dana Kim | Slack |

## On-call rotation

Time zone: Europe/Berlin

| Start | End | Primary | Secondary |
|---|---|---|---|
| 2026-11-23 09:00 | 2026-12-07 09:00 | Mei Tanaka | Tom Becker |
| 2026-12-07 09:00 | 2027-03-01 09:00 | Tom Becker | Mei Tanaka |

## Communication templates

```text
[<severity>] <incident-id>: <summary> — TODO fill in at incident time
```

## Post-incident actions

- [x] Tune the error-rate alert — owner: Mei Tanaka, due: 2026-11-20
- [ ] Add a retry dashboard — owner: Tom Becker, due: 2026-12-20
";

const TIDY_OBS: &str = "# Observability status

## Telemetry coverage

| ID | Signal | Requirement | Status | Owner | Due |
|---|---|---|---|---|---|
| TEL-001 | Error rate | [NFR-001](../requirements/RTM.md#matrix) | configured | Mei Tanaka | |
| TEL-002 | Queue depth | NFR-001 | partial | Tom Becker | 2026-12-20 |

## Stakeholder acknowledgements

- [x] Change Manager — Ravi Shah, 2026-11-24
- [x] Release Manager — Elena Petrova, 2026-11-25
- [x] Service Owner — Dana Kim, 2026-11-25
";

const TIDY_RTM: &str = "# RTM

## Matrix

| ID | Requirement | Type | Category | Design | Ops evidence |
|---|---|---|---|---|---|
| NFR-001 | 99.9% availability | NFR | availability | [HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |
| FR-001 | Orders can be placed | FR | | [HLD](../design/HLD.md) | |
";

const TIDY_LOG: &str = "# Change log

| Date | Entry | Owner | Deadline | Status |
|---|---|---|---|---|
| 2026-11-25 | Readiness status: ready pending TEL-002 | Dana Kim | 2026-12-20 | open |
| 2026-11-20 | Alert tuned | Mei Tanaka | 2026-11-20 | done |
";

const TIDY_RUNBOOK: &str = "# Error rate\n\n## Mitigation\n\n1. Roll back.\n";
const TIDY_HLD: &str = "# HLD\n\n## 1. Context\n\n## 2. Availability & failover\n";

fn tidy() -> Vec<(&'static str, String)> {
    vec![
        (PLAYBOOK, TIDY_PLAYBOOK.to_string()),
        (OBS, TIDY_OBS.to_string()),
        (RTM, TIDY_RTM.to_string()),
        (LOG, TIDY_LOG.to_string()),
        (RUNBOOK, TIDY_RUNBOOK.to_string()),
        (HLD, TIDY_HLD.to_string()),
    ]
}

/// The tidy tree with one replacement applied in one file.
fn broken(file: &str, from: &str, to: &str) -> Vec<readyroom::rules::Finding> {
    let mut files = tidy();
    let entry = files.iter_mut().find(|(p, _)| *p == file).expect("file");
    assert!(entry.1.contains(from), "{from:?} not in {file}");
    entry.1 = entry.1.replacen(from, to, 1);
    run(&files)
}

fn run(files: &[(&str, String)]) -> Vec<readyroom::rules::Finding> {
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    findings(&workspace(&refs))
}

fn rules_of(fs: &[readyroom::rules::Finding]) -> Vec<&str> {
    fs.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn tidy_tree_has_no_finding() {
    let fs = run(&tidy());
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn placeholder_fires_in_cells_and_prose_but_not_in_code() {
    let fs = broken(PLAYBOOK, "+49 30 3", "TBD");
    assert_eq!(
        of_rule(&fs, "placeholder"),
        vec![(
            PLAYBOOK.to_string(),
            16,
            Some("contact:tom-becker".to_string())
        )]
    );
    let fs = broken(
        OBS,
        "## Telemetry coverage\n",
        "## Telemetry coverage\n\nOwner of this page: <owner>.\n",
    );
    assert_eq!(rules_of(&fs), vec!["placeholder"]);
    let fs = broken(
        OBS,
        "## Telemetry coverage\n",
        "## Telemetry coverage\n\nRun `curl <host>/TODO` and see\n\n    FIXME in indented code\n\n<!-- TODO: hidden comment -->\n",
    );
    assert!(fs.is_empty(), "{fs:#?}");
    for word in ["FIXME", "XXX", "???", "lorem ipsum"] {
        let fs = broken(RTM, "Orders can be placed", word);
        assert_eq!(rules_of(&fs), vec!["placeholder"], "{word}");
    }
}

#[test]
fn empty_required_cells() {
    let fs = broken(PLAYBOOK, "5xx above 2% for 5 min", "");
    assert_eq!(rules_of(&fs), vec!["empty-required"]);
    assert!(fs[0].message.contains("Threshold"));
    let fs = broken(
        PLAYBOOK,
        "| 2 | 10 min | Secondary on-call |",
        "| 2 | 10 min |  |",
    );
    assert_eq!(rules_of(&fs), vec!["empty-required"]);
}

#[test]
fn gap_rules() {
    let fs = broken(OBS, "| partial | Tom Becker |", "| partial |  |");
    assert_eq!(of_rule(&fs, "gap-no-owner").len(), 1);
    let fs = broken(OBS, "| Tom Becker | 2026-12-20 |", "| Tom Becker | — |");
    assert_eq!(rules_of(&fs), vec!["gap-no-due"]);
    let fs = broken(
        OBS,
        "| Tom Becker | 2026-12-20 |",
        "| Tom Becker | 2026-11-30 |",
    );
    assert_eq!(rules_of(&fs), vec!["gap-overdue"]);
    assert_eq!(fs[0].severity, readyroom::rules::Severity::Warning);
    assert!(
        fs[0].message.contains("was due 2026-11-30 (1 day ago)"),
        "{}",
        fs[0].message
    );
    let fs = broken(
        OBS,
        "| Tom Becker | 2026-12-20 |",
        "| Tom Becker | 2026-12-01 |",
    );
    assert!(fs.is_empty(), "due today is not overdue: {fs:#?}");
    let fs = broken(
        OBS,
        "| Tom Becker | 2026-12-20 |",
        "| Tom Becker | next week |",
    );
    assert_eq!(rules_of(&fs), vec!["invalid-date"]);
    // A covered signal needs no due date; an unknown status is not a gap.
    let fs = broken(
        OBS,
        "| partial | Tom Becker | 2026-12-20 |",
        "| mystery | | |",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn broken_links_and_their_tricky_negatives() {
    let fs = broken(RTM, "HLD.md#2-availability--failover", "HLD.md#caching");
    assert_eq!(rules_of(&fs), vec!["broken-link"]);
    let fs = broken(RTM, "../design/HLD.md)", "../design/LLD.md)");
    assert_eq!(rules_of(&fs), vec!["broken-link"]);
    // Titles, kramdown attribute suffixes, unicode and duplicate anchors resolve.
    let mut files = tidy();
    files.push((
        "docs/guide.md",
        "# Guide\n\n## Setup\n\n## Setup\n\n## Café & Ünïcode — déjà vu!\n\n<a name=\"custom\"></a>\n\n\
         [a](#setup-1 \"title\"){:target=\"_blank\"} [b](#café--ünïcode--déjà-vu) [c](design/HLD.md \"t\")\n\
         [d](design/HLD.md#1-context) [e](#custom) [f](https://example.com/x#y) [g](mailto:a@b.c)\n"
            .to_string(),
    ));
    let fs = run(&files);
    assert!(fs.is_empty(), "{fs:#?}");
    let fs = broken(
        RTM,
        "HLD.md#2-availability--failover",
        "HLD.md#2-availability-failover",
    );
    assert_eq!(rules_of(&fs), vec!["broken-link"]);
    assert!(
        fs[0]
            .message
            .contains("did you mean #2-availability--failover"),
        "{}",
        fs[0].message
    );
    let fs = broken(RTM, "[HLD](../design/HLD.md)", "[HLD](../../../outside.md)");
    assert_eq!(rules_of(&fs), vec!["link-outside-root"]);
    let fs = broken(RTM, "[HLD](../design/HLD.md)", "[HLD](/design/HLD)");
    assert_eq!(rules_of(&fs), vec!["link-unresolvable"]);
}

#[test]
fn crlf_files_are_checked_the_same() {
    let files: Vec<(&str, String)> = tidy()
        .into_iter()
        .map(|(p, t)| (p, t.replace('\n', "\r\n")))
        .collect();
    assert!(run(&files).is_empty());
    let mut files = files;
    files[2].1 = files[2].1.replacen("#2-availability--failover", "#nope", 1);
    let fs = run(&files);
    assert_eq!(
        of_rule(&fs, "broken-link"),
        vec![(RTM.to_string(), 7, Some("NFR-001".to_string()))]
    );
}

#[test]
fn nfr_untraced_needs_ops_evidence_into_playbook_or_observability() {
    let fs = broken(
        RTM,
        "[Alerts](../operations/incident-response.md#alert-thresholds)",
        "",
    );
    assert_eq!(
        of_rule(&fs, "nfr-untraced"),
        vec![(RTM.to_string(), 7, Some("NFR-001".to_string()))]
    );
    // A runbook the playbook links to counts as evidence.
    let fs = broken(
        RTM,
        "[Alerts](../operations/incident-response.md#alert-thresholds)",
        "[RB](../operations/runbooks/error-rate.md)",
    );
    assert!(fs.is_empty(), "{fs:#?}");
    // Performance NFRs need no ops evidence.
    let fs = broken(
        RTM,
        "| NFR | availability | [HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |",
        "| NFR | performance | [HLD](../design/HLD.md#2-availability--failover) | |",
    );
    assert!(fs.is_empty(), "{fs:#?}");
    // The category may come from the requirement text.
    let fs = broken(
        RTM,
        "| NFR | availability | [HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |",
        "| NFR | | [HLD](../design/HLD.md#2-availability--failover) | |",
    );
    assert_eq!(rules_of(&fs), vec!["nfr-untraced"]);
    // A Type naming a traced category is an NFR of that category, without "NFR".
    let fs = broken(
        RTM,
        "| NFR | availability | [HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |",
        "| Security | | [HLD](../design/HLD.md#2-availability--failover) | |",
    );
    assert_eq!(rules_of(&fs), vec!["nfr-untraced"], "{fs:#?}");
    assert!(
        fs[0].message.starts_with("security NFR"),
        "{}",
        fs[0].message
    );
    // A functional requirement is not traced, whatever its text says.
    let fs = broken(
        RTM,
        "| NFR | availability | [HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |",
        "| FR | | [HLD](../design/HLD.md#2-availability--failover) | |",
    );
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn alert_without_resolving_runbook() {
    let fs = broken(PLAYBOOK, "[Error rate](runbooks/error-rate.md)", "");
    assert_eq!(rules_of(&fs), vec!["alert-no-runbook"]);
    let fs = broken(
        PLAYBOOK,
        "[Error rate](runbooks/error-rate.md)",
        "[Error rate](runbooks/gone.md)",
    );
    let mut rules = rules_of(&fs);
    rules.sort_unstable();
    assert_eq!(rules, vec!["alert-no-runbook", "broken-link"]);
    let fs = broken(
        PLAYBOOK,
        "[Error rate](runbooks/error-rate.md)",
        "[Wiki](https://wiki.example.com/rb)",
    );
    assert!(fs.is_empty());
}

#[test]
fn escalation_rules() {
    let fs = broken(PLAYBOOK, "### SEV2", "### Low priority");
    assert_eq!(rules_of(&fs), vec!["escalation-missing"]);
    let fs = broken(
        PLAYBOOK,
        "| 30 min | Dana Kim | Phone |",
        "| 30 min | Priya Raman | Phone |",
    );
    assert_eq!(rules_of(&fs), vec!["escalation-unknown-contact"]);
    // Roles of the contacts table are known; an incident role resolves through the
    // contacts' Role column or a `ROLE: WHO` line, and one that names nobody is a finding.
    let fs = broken(
        PLAYBOOK,
        "| 30 min | Dana Kim | Phone |",
        "| 30 min | Service Owner / Incident commander | Phone |",
    );
    assert_eq!(rules_of(&fs), vec!["escalation-unknown-contact"]);
    assert!(
        fs[0]
            .message
            .contains("role `Incident commander`, which nobody"),
        "{}",
        fs[0].message
    );
    let fs = broken(
        PLAYBOOK,
        "| 30 min | Dana Kim | Phone |",
        "| 30 min | Service Owner / Incident commander | Phone |\n\nIncident commander: Service Owner",
    );
    assert!(fs.is_empty(), "{fs:#?}");
    let fs = broken(
        PLAYBOOK,
        "| 30 min | Dana Kim | Phone |",
        "| 30 min | Incident commander | Phone |\n\nIncident commander: Release Manager",
    );
    assert_eq!(rules_of(&fs), vec!["escalation-unknown-contact"]);
    assert!(
        fs[0]
            .message
            .contains("`Incident commander: Release Manager` line names nobody")
    );
    let fs = broken(
        PLAYBOOK,
        "| 2 | 10 min | Secondary",
        "| 2 | 40 min | Secondary",
    );
    assert_eq!(rules_of(&fs), vec!["escalation-order"]);
    // `SEV-1` in a heading is the same severity as `SEV1` in the table.
    let fs = broken(PLAYBOOK, "### SEV1", "### Sev-1 (critical)");
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn audit_trail_lines_are_not_change_log_entries() {
    // The only line mentioning readiness is in the audit trail: it does not state the
    // readiness status, and an audit line is never an open action.
    let mut files = tidy();
    files[3].1 = TIDY_LOG.replace(
        "Readiness status: ready pending TEL-002",
        "Rollout plan agreed",
    ) + "\n## Audit trail\n\nWritten by readyroom.\n\n\
         - 2026-11-26 — Signed off readiness review TEL-002 (fp:00000000) — Dana Kim, status: open\n";
    let fs = run(&files);
    assert_eq!(rules_of(&fs), vec!["changelog-no-readiness"], "{fs:#?}");
    let ws = workspace(
        &files
            .iter()
            .map(|(p, t)| (*p, t.as_str()))
            .collect::<Vec<_>>(),
    );
    let kinds: Vec<_> = ws
        .items
        .iter()
        .filter(|i| ws.docs[i.doc].path == LOG)
        .map(|i| i.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ItemKind::ChangeEntry,
            ItemKind::ChangeEntry,
            ItemKind::AuditEntry
        ]
    );
}

#[test]
fn a_mkdocs_teams_tidy_tree_with_several_links_per_cell_and_an_audit_intro_has_no_finding() {
    let mut files = tidy();
    let edit = |files: &mut Vec<(&str, String)>, file: &str, from: &str, to: &str| {
        let entry = files.iter_mut().find(|(p, _)| *p == file).expect("file");
        assert!(entry.1.contains(from), "{from:?} not in {file}");
        entry.1 = entry.1.replacen(from, to, 1);
    };
    // MkDocs collapses the run of dashes the ` - ` leaves.
    edit(
        &mut files,
        HLD,
        "## 2. Availability & failover",
        "## 2. Availability - Failover",
    );
    edit(
        &mut files,
        RTM,
        "[HLD](../design/HLD.md#2-availability--failover) | [Alerts](../operations/incident-response.md#alert-thresholds) |",
        "[HLD](../design/HLD.md#2-availability-failover) | [Alerts](../operations/incident-response.md#alert-thresholds)<br>[Runbook][rb] |",
    );
    files.iter_mut().find(|(p, _)| *p == RTM).expect("rtm").1 +=
        "\n[rb]: ../operations/runbooks/error-rate.md\n";
    edit(
        &mut files,
        LOG,
        "| Mei Tanaka | 2026-11-20 | done |\n",
        "| Mei Tanaka | 2026-11-20 | done |\n\n## Audit trail\n\nOne line per sign-off and handover.\n\n\
         - 2026-11-26 — Signed off TEL-001 (fp:00000000) — Dana Kim\n\
         - 2026-11-27 — Handover acknowledged by Mei Tanaka from Tom Becker\n",
    );
    let mut config = readyroom::config::ProjectConfig::default();
    config.anchors.style = readyroom::model::AnchorStyle::Mkdocs;
    let sources = files
        .iter()
        .map(|(p, t)| ((*p).to_string(), t.clone()))
        .collect();
    let ws = readyroom::parse::workspace_from_sources(sources, Vec::new(), Vec::new(), &config);
    let fs = findings(&ws);
    assert!(fs.is_empty(), "{fs:#?}");
    assert_eq!(ws.items_of(ItemKind::ChangeEntry).count(), 2);
    assert_eq!(ws.items_of(ItemKind::AuditEntry).count(), 2);
}

#[test]
fn changelog_and_action_rules() {
    let fs = broken(
        LOG,
        "Readiness status: ready pending TEL-002",
        "Rollout plan agreed",
    );
    assert_eq!(rules_of(&fs), vec!["changelog-no-readiness"]);
    let fs = broken(
        LOG,
        "| Dana Kim | 2026-12-20 | open |",
        "|  | 2026-12-20 | open |",
    );
    assert_eq!(rules_of(&fs), vec!["action-no-owner"]);
    let fs = broken(
        LOG,
        "| Dana Kim | 2026-12-20 | open |",
        "| Dana Kim |  | in progress |",
    );
    assert_eq!(rules_of(&fs), vec!["action-no-deadline"]);
    let fs = broken(LOG, "| Dana Kim | 2026-12-20 | open |", "|  |  | done |");
    assert!(fs.is_empty(), "closed entries need neither: {fs:#?}");
    let fs = broken(
        PLAYBOOK,
        "- [ ] Add a retry dashboard — owner: Tom Becker, due: 2026-12-20",
        "- [ ] Add a retry dashboard",
    );
    let mut rules = rules_of(&fs);
    rules.sort_unstable();
    assert_eq!(rules, vec!["action-no-deadline", "action-no-owner"]);
    let fs = broken(
        PLAYBOOK,
        "- [x] Tune the error-rate alert — owner: Mei Tanaka, due: 2026-11-20",
        "- [x] Tune the error-rate alert",
    );
    assert!(fs.is_empty(), "done actions need neither: {fs:#?}");
}

#[test]
fn stakeholder_acknowledgements() {
    let fs = broken(OBS, "- [x] Release Manager", "- [ ] Release Manager");
    assert_eq!(
        of_rule(&fs, "stakeholder-unacknowledged"),
        vec![(OBS.to_string(), 13, Some("ack:release-manager".to_string()))]
    );
    let fs = broken(OBS, "- [x] Service Owner — Dana Kim, 2026-11-25\n", "");
    assert_eq!(rules_of(&fs), vec!["stakeholder-unacknowledged"]);
    assert!(fs[0].message.contains("service owner"));
}

#[test]
fn signoffs_stale_and_invalid() {
    let signed = TIDY_OBS
        .replace(
            "| Owner | Due |\n|---|---|---|---|---|---|",
            "| Owner | Due | Sign-off |\n|---|---|---|---|---|---|---|",
        )
        .replace(
            "| Mei Tanaka | |",
            "| Mei Tanaka | | Dana Kim 2026-11-20 fp:FP |",
        )
        .replace(
            "| Tom Becker | 2026-12-20 |",
            "| Tom Becker | 2026-12-20 | |",
        );
    let ws = workspace(&[(OBS, &signed)]);
    let item = ws.item("TEL-001").expect("TEL-001");
    let fp = readyroom::model::fingerprint(item, &ws.docs[item.doc].source);
    let good = signed.replace("fp:FP", &format!("fp:{fp}"));
    let mut files = tidy();
    files[1].1.clone_from(&good);
    assert!(run(&files).is_empty());
    files[1].1 = good.replace("| Error rate |", "| Error ratio |");
    assert_eq!(
        of_rule(&run(&files), "signoff-stale"),
        vec![(OBS.to_string(), 7, Some("TEL-001".to_string()))]
    );
    // Padding and spacing do not count as a change.
    files[1].1 = good.replace("| Error rate |", "|   Error    rate |");
    assert!(run(&files).is_empty());
    files[1].1 = signed.replace("fp:FP", "yesterday");
    assert_eq!(rules_of(&run(&files)), vec!["signoff-invalid"]);
}

#[test]
fn integrity_rules() {
    let files: Vec<(&str, String)> = tidy().into_iter().filter(|(p, _)| *p != LOG).collect();
    let fs = run(&files);
    assert_eq!(
        of_rule(&fs, "missing-artefact"),
        vec![(LOG.to_string(), 1, None)]
    );
    assert!(
        !fs.iter().any(|f| f.message.contains("looks like it")),
        "no file looks like a change log: {fs:#?}"
    );
    // A change log kept elsewhere is pointed at, with the setting that uses it; a name
    // that holds a short role word only inside another word is not (the RTM is gone too).
    let mut moved: Vec<(&str, String)> = files.iter().filter(|(p, _)| *p != RTM).cloned().collect();
    let log_text = tidy().into_iter().find(|(p, _)| *p == LOG).expect("log").1;
    moved.push(("CHANGELOG.md", log_text.clone()));
    moved.push(("docs/archive/2019/CHANGELOG.md", log_text));
    moved.push(("docs/runbooks/AlertmanagerDown.md", "# Down\n".to_string()));
    let fs = run(&moved);
    let missing: Vec<&str> = fs
        .iter()
        .filter(|f| f.rule == "missing-artefact")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 2, "{fs:#?}");
    assert!(
        missing[0]
            .ends_with("; CHANGELOG.md looks like it: set paths.changelog = \"CHANGELOG.md\""),
        "{}",
        missing[0]
    );
    assert!(
        missing[1].ends_with("set paths.rtm in readyroom.toml"),
        "{}",
        missing[1]
    );
    let fs = broken(OBS, "| TEL-002 |", "| TEL-001 |");
    assert_eq!(
        of_rule(&fs, "duplicate-id"),
        vec![(OBS.to_string(), 8, Some("TEL-001".to_string()))]
    );
    let fs = broken(OBS, "| TEL-002 |", "|  |");
    assert_eq!(
        of_rule(&fs, "missing-id"),
        vec![(
            OBS.to_string(),
            8,
            Some("telemetry:queue-depth".to_string())
        )]
    );
}

#[test]
fn config_levels_override_and_silence_rules() {
    use readyroom::config::ProjectConfig;
    let mut files = tidy();
    files[1].1 = files[1]
        .1
        .replace("| Tom Becker | 2026-12-20 |", "| Tom Becker | 2026-11-30 |");
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let ws = workspace(&refs);
    let ctx = readyroom::rules::Context::new(
        &ws,
        jiff::civil::date(2026, 12, 1),
        common::NOW.parse().unwrap(),
    );
    let ids = readyroom::rules::rule_ids();
    let as_error =
        ProjectConfig::parse("[rules]\ngap-overdue = \"error\"\n", "readyroom.toml", &ids).unwrap();
    let fs = readyroom::rules::run(&ctx, &as_error);
    assert_eq!(fs[0].severity, readyroom::rules::Severity::Error);
    assert!(!readyroom::rules::verdict(&ws, &fs).ready);
    let off =
        ProjectConfig::parse("[rules]\ngap-overdue = \"off\"\n", "readyroom.toml", &ids).unwrap();
    assert!(readyroom::rules::run(&ctx, &off).is_empty());
}

#[test]
fn readme_documents_every_rule() {
    let readme = include_str!("../README.md");
    for rule in readyroom::rules::RULES {
        assert!(
            readme.contains(&format!("| `{}` |", rule.id)),
            "README lacks rule {}",
            rule.id
        );
        assert!(
            readme.contains(rule.doc.replace('|', "\\|").as_str()),
            "README doc of {} drifted",
            rule.id
        );
    }
}

/// Each check and criterion as `(title, passed)`, in display order.
fn outcomes(files: &[(&str, String)]) -> Vec<(&'static str, bool)> {
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let ws = workspace(&refs);
    let fs = findings(&ws);
    let v = readyroom::rules::verdict(&ws, &fs);
    v.criteria
        .iter()
        .map(|c| (c.title, c.passed))
        .chain(v.checks.iter().map(|c| (c.title, c.passed)))
        .collect()
}

fn failed(outcomes: &[(&'static str, bool)]) -> Vec<&'static str> {
    outcomes
        .iter()
        .filter(|(_, passed)| !passed)
        .map(|(t, _)| *t)
        .collect()
}

#[test]
fn a_missing_playbook_fails_every_check_that_judges_it() {
    let files: Vec<(&str, String)> = tidy().into_iter().filter(|(p, _)| *p != PLAYBOOK).collect();
    let failed = failed(&outcomes(&files));
    for title in [
        "Playbook and observability report complete",
        "Operational checks",
        "Escalation paths",
        "On-call rotation",
        "Alerts have runbooks",
        "Files and IDs",
    ] {
        assert!(failed.contains(&title), "{title} passed: {failed:?}");
    }
    // The missing observability report fails criterion 2 too.
    let files: Vec<(&str, String)> = tidy().into_iter().filter(|(p, _)| *p != OBS).collect();
    assert!(failed_of(&files).contains(&"Telemetry gaps have owner and due date"));
}

fn failed_of(files: &[(&str, String)]) -> Vec<&'static str> {
    failed(&outcomes(files))
}

#[test]
fn a_core_document_with_nothing_to_judge_is_an_error_never_a_pass() {
    // A playbook without escalation paths, rotation and alerts.
    let mut files = tidy();
    files[0].1 = "# Incident response\n\n## Escalation paths\n\nAsk around.\n".to_string();
    let fs = run(&files);
    assert_eq!(
        of_rule(&fs, "escalation-none"),
        vec![(PLAYBOOK.to_string(), 3, None)]
    );
    assert_eq!(
        of_rule(&fs, "oncall-none"),
        vec![(PLAYBOOK.to_string(), 1, None)]
    );
    assert_eq!(
        of_rule(&fs, "alert-none"),
        vec![(PLAYBOOK.to_string(), 1, None)]
    );
    assert!(
        fs.iter().all(|f| !f.rule.as_str().ends_with("-none")
            || f.severity == readyroom::rules::Severity::Error)
    );
    let escalation = fs.iter().find(|f| f.rule == "escalation-none").unwrap();
    assert!(
        escalation
            .message
            .contains("has this section but no escalation path in it"),
        "{}",
        escalation.message
    );
    let failed = failed_of(&files);
    for title in [
        "Escalation paths",
        "On-call rotation",
        "Alerts have runbooks",
        "Operational checks",
    ] {
        assert!(failed.contains(&title), "{title} passed: {failed:?}");
    }
    // An observability report and an RTM without rows.
    let mut files = tidy();
    files[1].1 = "# Observability status\n".to_string();
    files[2].1 = "# RTM\n".to_string();
    let fs = run(&files);
    assert_eq!(of_rule(&fs, "telemetry-none").len(), 1);
    assert_eq!(of_rule(&fs, "rtm-none").len(), 1);
    let failed = failed_of(&files);
    assert!(failed.contains(&"Telemetry gaps have owner and due date"));
    assert!(failed.contains(&"RTM traces requirements to operational evidence"));
}

#[test]
fn nobody_on_call_now_is_an_error_naming_the_role_and_its_paths() {
    // The rotation ends before "now" (2026-12-01 10:00 Berlin).
    let fs = broken(
        PLAYBOOK,
        "| 2026-11-23 09:00 | 2026-12-07 09:00 | Mei Tanaka | Tom Becker |\n\
         | 2026-12-07 09:00 | 2027-03-01 09:00 | Tom Becker | Mei Tanaka |",
        "| 2026-11-09 09:00 | 2026-11-30 09:00 | Mei Tanaka | Tom Becker |",
    );
    let nobody: Vec<&readyroom::rules::Finding> = fs
        .iter()
        .filter(|f| f.rule == "oncall-nobody-now")
        .collect();
    assert_eq!(nobody.len(), 2, "{fs:#?}");
    assert!(
        nobody
            .iter()
            .all(|f| f.severity == readyroom::rules::Severity::Error)
    );
    assert_eq!(
        nobody[0].message,
        "Nobody is Primary on-call now (2026-12-01 10:00 Europe/Berlin): the rotation ran \
         out at 2026-11-30 09:00 Europe/Berlin; add the next shifts. The SEV1 and SEV2 \
         escalation paths start with Primary on-call and page nobody."
    );
    assert!(
        nobody[1]
            .message
            .starts_with("Nobody is Secondary on-call now")
    );
    // A hole covering now, inside the horizon, names the hole's end.
    let fs = broken(
        PLAYBOOK,
        "| 2026-11-23 09:00 | 2026-12-07 09:00 | Mei Tanaka | Tom Becker |",
        "| 2026-11-23 09:00 | 2026-11-30 09:00 | Mei Tanaka | Tom Becker |",
    );
    let nobody = fs
        .iter()
        .find(|f| f.rule == "oncall-nobody-now")
        .expect("nobody now");
    assert!(
        nobody
            .message
            .contains("no shift covers now until 2026-12-07 09:00 Europe/Berlin"),
        "{}",
        nobody.message
    );
    // The verdict is not ready.
    let refs: Vec<(&str, String)> = tidy()
        .into_iter()
        .map(|(p, t)| {
            (
                p,
                t.replace(
                    "| 2026-11-23 09:00 | 2026-12-07 09:00 |",
                    "| 2026-11-23 09:00 | 2026-11-30 09:00 |",
                ),
            )
        })
        .collect();
    assert!(failed_of(&refs).contains(&"On-call rotation"));
}

#[test]
fn an_actions_text_field_carries_the_links_on_its_line() {
    let ws = common::workspace(&[(
        "docs/operations/incident-response.md",
        "# Playbook\n\n## Post-incident actions\n\n\
         - [ ] Fix [the runbook](runbooks/a.md) and [alerts](runbooks/b.md) — owner: Dana Kim, due: 2026-12-18\n",
    )]);
    let action = ws
        .items
        .iter()
        .find(|i| i.kind == readyroom::model::ItemKind::Action)
        .expect("the action");
    let text = action
        .field(&readyroom::model::FieldKey::Text)
        .expect("its text");
    let doc = &ws.docs[action.doc];
    let targets: Vec<String> = doc
        .links_at(text.links)
        .map(|l| l.span.slice(&doc.source).to_string())
        .collect();
    assert_eq!(
        targets,
        ["[the runbook](runbooks/a.md)", "[alerts](runbooks/b.md)"]
    );
}
