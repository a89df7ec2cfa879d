//! Unit tests of edit planning, applying and verifying on small documents.

use super::*;
use crate::config::ProjectConfig;
use crate::parse::{FileChange, apply_changes, workspace_from_sources};

const OBS: &str = "docs/operations/observability-status.md";
const PLAY: &str = "docs/operations/incident-response.md";
const LOG: &str = "docs/release/change-log.md";

const TELEMETRY: &str = "# Observability\n\n## Coverage\n\n\
| ID | Signal | Status | Owner | Due | Sign-off |\n\
|---|---|---|---|---|---|\n\
| TEL-001 | p99 latency | configured | Mei Tanaka | | Dana Kim 2026-11-20 fp:00000000 |\n\
| TEL-002 | Error rate   | partial    |            | 2026-12-11 | |\n\
| TEL-003 | Saturation | missing |\n";

const CHANGELOG: &str = "# Change log\n\n## Entries\n\n\
| Date | Entry | Owner | Deadline | Status |\n|---|---|---|---|---|\n\
| 2026-11-25 | Readiness status: not ready | Luis Ortega | 2026-12-09 | open |\n\n\
## Audit trail\n\n- 2026-11-20 — Signed off TEL-001 (fp:00000000) — Dana Kim\n";

fn ws(files: &[(&str, &str)]) -> Workspace {
    let sources = files
        .iter()
        .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
        .collect();
    workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default())
}

fn date() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 1)
}

/// Plan, apply and verify every file; return the new texts by path.
fn run(ws: &Workspace, edit: &Edit) -> Result<Vec<(String, String)>, EditError> {
    let plan = plan(ws, edit, LOG)?;
    let mut out = Vec::new();
    for file in &plan.files {
        let src = &ws.doc(&file.path).unwrap().source;
        let new = apply(src, &file.splices)?;
        verify(ws, file, &new)?;
        out.push((file.path.clone(), new));
    }
    Ok(out)
}

fn run_one(ws: &Workspace, edit: &Edit) -> String {
    let out = run(ws, edit).unwrap();
    assert_eq!(out.len(), 1, "{out:?}");
    out.into_iter().next().unwrap().1
}

fn set(item: &str, field: &str, value: &str) -> Edit {
    Edit::Set {
        item: item.into(),
        field: field.into(),
        value: value.into(),
        expect: None,
    }
}

#[test]
fn set_replaces_only_the_cell_with_one_space_each_side() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let new = run_one(&w, &set("TEL-002", "signal", "Error | rate `a|b`"));
    assert_eq!(
        new,
        TELEMETRY.replace("| Error rate   |", "| Error \\| rate `a\\|b` |")
    );
    // Alignment padding elsewhere in the row stays.
    assert!(new.contains("| partial    |            | 2026-12-11 | |"));
}

#[test]
fn set_fills_empty_and_missing_cells() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let new = run_one(&w, &set("TEL-002", "Owner", "Tom Becker"));
    assert!(
        new.contains("| partial    | Tom Becker | 2026-12-11 | |"),
        "{new}"
    );
    let new = run_one(&w, &set("TEL-003", "due", "2027-01-15"));
    assert!(
        new.contains("| TEL-003 | Saturation | missing | | 2027-01-15 |\n"),
        "{new}"
    );
    let new = run_one(&w, &set("TEL-003", "Owner", "Aisha"));
    assert!(
        new.contains("| TEL-003 | Saturation | missing | Aisha |\n"),
        "{new}"
    );
}

#[test]
fn set_to_the_same_value_plans_nothing() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let p = plan(&w, &set("TEL-001", "Owner", "  Mei Tanaka "), LOG).unwrap();
    assert!(p.is_empty() && p.files.is_empty() && p.changes.is_empty());
    let p = plan(&w, &set("TEL-003", "Owner", ""), LOG).unwrap();
    assert!(p.is_empty());
}

#[test]
fn tables_without_outer_pipes_keep_their_cells() {
    let src = "## Coverage\n\nID | Signal | Status\n---|---|---\nTEL-1 | Latency | ok\nTEL-2 | Errors | gap";
    let w = ws(&[(OBS, src)]);
    let new = run_one(&w, &set("TEL-2", "Status", ""));
    assert_eq!(
        new,
        src.replace("TEL-2 | Errors | gap", "TEL-2 | Errors | |")
    );
    let new = run_one(&w, &set("TEL-1", "Status", "partial"));
    assert_eq!(new, src.replace("| ok\n", "| partial\n"));
    // A value that would turn the row into a heading is caught by the re-parse.
    let e = run(&w, &set("TEL-1", "ID", "# TEL-1")).unwrap_err();
    assert!(matches!(e, EditError::Unverified { .. }), "{e}");
}

#[test]
fn crlf_and_missing_final_newline_are_kept() {
    let crlf = TELEMETRY.replace('\n', "\r\n");
    let crlf = crlf.trim_end_matches("\r\n");
    let w = ws(&[(OBS, crlf), (LOG, &CHANGELOG.replace('\n', "\r\n"))]);
    let new = run_one(&w, &set("TEL-003", "Owner", "Aisha"));
    assert!(!new.ends_with('\n'));
    assert_eq!(new.matches('\n').count(), new.matches("\r\n").count());
    let added = run_one(
        &w,
        &Edit::AddRow {
            doc: OBS.into(),
            table: 0,
            values: vec![
                ("ID".into(), "TEL-009".into()),
                ("Signal".into(), "Disk".into()),
            ],
        },
    );
    assert!(
        added.ends_with("missing |\r\n| TEL-009 | Disk | | | | |"),
        "{added:?}"
    );
    let out = run(
        &w,
        &Edit::SignOff {
            item: "TEL-003".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    let log = &out[1].1;
    assert!(
        log.contains("Dana Kim\r\n- 2026-12-01 — Signed off TEL-003 (fp:"),
        "{log:?}"
    );
    assert!(log.ends_with("— Dana Kim\r\n"), "{log:?}");
}

#[test]
fn sign_off_writes_cell_and_audit_line() {
    let w = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    let fp = fingerprint(w.item("TEL-002").unwrap(), TELEMETRY);
    let edit = Edit::SignOff {
        item: "TEL-002".into(),
        signer: "Dana Kim".into(),
        date: date(),
    };
    let p = plan(&w, &edit, LOG).unwrap();
    assert_eq!(
        p.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        [OBS, LOG]
    );
    let out = run(&w, &edit).unwrap();
    assert!(
        out[0]
            .1
            .contains(&format!("| 2026-12-11 | Dana Kim 2026-12-01 fp:{fp} |")),
        "{}",
        out[0].1
    );
    assert_eq!(
        out[1].1,
        format!("{CHANGELOG}- 2026-12-01 — Signed off TEL-002 (fp:{fp}) — Dana Kim\n")
    );
    // The new sign-off is not stale: re-parsing gives the same fingerprint.
    let again = ws(&[(OBS, &out[0].1), (LOG, &out[1].1)]);
    let item = again.item("TEL-002").unwrap();
    assert_eq!(
        item.signoff().unwrap().fingerprint,
        fingerprint(item, &out[0].1)
    );
    // Signing again the same day with nothing changed is refused as a no-op.
    let e = plan(&again, &edit, LOG).unwrap_err();
    assert!(matches!(e, EditError::AlreadySignedOff { .. }), "{e}");
}

#[test]
fn sign_off_needs_a_column_and_adding_it_touches_one_table() {
    let obs = "## Coverage\n\n| ID | Signal | Status |\n| --- | --- | --- |\n| TEL-1 | Latency | ok |\n| TEL-2 | Errors |\n\n\
               ## Other\n\n| ID | Signal | Status |\n|---|---|---|\n| TEL-3 | Disk | ok |\n";
    let w = ws(&[(OBS, obs), (LOG, CHANGELOG)]);
    let edit = Edit::SignOff {
        item: "TEL-1".into(),
        signer: "Dana Kim".into(),
        date: date(),
    };
    let e = plan(&w, &edit, LOG).unwrap_err();
    assert_eq!(
        e,
        EditError::NeedsSignOffColumn {
            item: "TEL-1".into(),
            path: OBS.into(),
            table: 0
        }
    );
    let new = run_one(
        &w,
        &Edit::AddSignOffColumn {
            doc: OBS.into(),
            table: 0,
        },
    );
    assert_eq!(
        new,
        obs.replacen(
            "| Status |\n| --- | --- | --- |",
            "| Status | Sign-off |\n| --- | --- | --- | --- |",
            1
        )
        .replace("| ok |\n| TEL-2", "| ok | |\n| TEL-2")
    );
    let w2 = ws(&[(OBS, &new), (LOG, CHANGELOG)]);
    let out = run(&w2, &edit).unwrap();
    assert!(
        out[0]
            .1
            .contains("| TEL-1 | Latency | ok | Dana Kim 2026-12-01 fp:")
    );
    let e = plan(
        &w2,
        &Edit::AddSignOffColumn {
            doc: OBS.into(),
            table: 0,
        },
        LOG,
    )
    .unwrap_err();
    assert!(matches!(e, EditError::HasSignOffColumn { .. }));
}

#[test]
fn revoke_empties_the_cell_and_logs() {
    let w = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    let out = run(
        &w,
        &Edit::Revoke {
            item: "TEL-001".into(),
            signer: "Luis Ortega".into(),
            date: date(),
        },
    )
    .unwrap();
    assert!(out[0].1.contains("| Mei Tanaka | | |\n"), "{}", out[0].1);
    assert!(
        out[1]
            .1
            .ends_with("- 2026-12-01 — Revoked sign-off of TEL-001 — Luis Ortega\n")
    );
    let e = plan(
        &w,
        &Edit::Revoke {
            item: "TEL-002".into(),
            signer: "Luis Ortega".into(),
            date: date(),
        },
        LOG,
    )
    .unwrap_err();
    assert!(matches!(e, EditError::NotSignedOff { .. }));
}

const ACTIONS: &str = "# Playbook\n\n## Post-incident actions\n\n\
- [x] Add pool alert — owner: Mei Tanaka, due: 2026-11-13\n\
- [ ] Add retry dashboard\n\
- [ ] Review timeouts — owner: Tom — Sign-off: Dana Kim 2026-11-20 fp:0000aaaa\n";

#[test]
fn task_items_toggle_and_take_inline_fields() {
    let w = ws(&[(PLAY, ACTIONS), (LOG, CHANGELOG)]);
    let new = run_one(
        &w,
        &Edit::Toggle {
            item: "action:add-retry-dashboard".into(),
        },
    );
    assert_eq!(new, ACTIONS.replace("- [ ] Add retry", "- [x] Add retry"));
    let new = run_one(
        &w,
        &Edit::Toggle {
            item: "action:add-pool-alert-owner".into(),
        },
    );
    assert_eq!(new, ACTIONS.replace("- [x] Add pool", "- [ ] Add pool"));
    let new = run_one(
        &w,
        &set("action:add-pool-alert-owner", "owner", "Aisha Bello"),
    );
    assert_eq!(
        new,
        ACTIONS.replace("owner: Mei Tanaka", "owner: Aisha Bello")
    );
    let new = run_one(
        &w,
        &set("action:add-retry-dashboard", "Owner", "Tom Becker"),
    );
    assert_eq!(
        new,
        ACTIONS.replace(
            "Add retry dashboard\n",
            "Add retry dashboard — owner: Tom Becker\n"
        )
    );
    let new = run_one(
        &w,
        &set("action:review-timeouts-owner-tom", "due", "2026-12-24"),
    );
    assert_eq!(
        new,
        ACTIONS.replace(
            "owner: Tom — Sign-off",
            "owner: Tom, due: 2026-12-24 — Sign-off"
        )
    );
    let e = run(
        &w,
        &set("action:review-timeouts-owner-tom", "owner", "Tom, Mei"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("leave those out"), "{e}");
    let e = plan(&w, &set("action:add-retry-dashboard", "Runbook", "x"), LOG).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("its fields are: Done, Text") && msg.contains("owner, due, status"),
        "{msg}"
    );
}

#[test]
fn list_items_sign_off_and_revoke_by_suffix() {
    let w = ws(&[(PLAY, ACTIONS), (LOG, CHANGELOG)]);
    let id = "action:add-retry-dashboard";
    let fp = fingerprint(w.item(id).unwrap(), ACTIONS);
    let out = run(
        &w,
        &Edit::SignOff {
            item: id.into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    assert_eq!(
        out[0].1,
        ACTIONS.replace(
            "Add retry dashboard\n",
            &format!("Add retry dashboard — Sign-off: Dana Kim 2026-12-01 fp:{fp}\n")
        )
    );
    let out = run(
        &w,
        &Edit::Revoke {
            item: "action:review-timeouts-owner-tom".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    assert_eq!(
        out[0].1,
        ACTIONS.replace(" — Sign-off: Dana Kim 2026-11-20 fp:0000aaaa", "")
    );
}

#[test]
fn add_row_follows_the_table_style() {
    let src = "## Coverage\n\nID | Signal | Status\n---|---|---\n";
    let w = ws(&[(OBS, src)]);
    let add = |values: Vec<(&str, &str)>| Edit::AddRow {
        doc: OBS.into(),
        table: 0,
        values: values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let new = run_one(
        &w,
        &add(vec![("id", "TEL-1"), ("KPI", "a|b"), ("state", "ok")]),
    );
    assert_eq!(new, format!("{src}TEL-1 | a\\|b | ok\n"));
    let new = run_one(&w, &add(vec![("Signal", "Latency")]));
    assert_eq!(new, format!("{src}| | Latency | |\n"));
    let e = plan(&w, &add(vec![("Colour", "x")]), LOG).unwrap_err();
    assert!(
        e.to_string()
            .contains("its columns are: ID, Signal, Status"),
        "{e}"
    );
    assert_eq!(
        plan(&w, &add(vec![("ID", " ")]), LOG).unwrap_err(),
        EditError::EmptyRow
    );
    let w = ws(&[(OBS, TELEMETRY)]);
    let new = run_one(&w, &add(vec![("ID", "TEL-004"), ("Due", "2027-01-01")]));
    assert_eq!(
        new,
        format!("{TELEMETRY}| TEL-004 | | | | 2027-01-01 | |\n")
    );
}

#[test]
fn delete_row_removes_the_line() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let new = run_one(
        &w,
        &Edit::DeleteRow {
            item: "TEL-002".into(),
        },
    );
    assert_eq!(
        new,
        TELEMETRY.replace(
            "| TEL-002 | Error rate   | partial    |            | 2026-12-11 | |\n",
            ""
        )
    );
    let last = TELEMETRY.trim_end();
    let w = ws(&[(OBS, last)]);
    let new = run_one(
        &w,
        &Edit::DeleteRow {
            item: "TEL-003".into(),
        },
    );
    assert_eq!(
        new,
        last.replace("\n| TEL-003 | Saturation | missing |", "")
    );
    let w = ws(&[(PLAY, ACTIONS)]);
    let e = plan(
        &w,
        &Edit::DeleteRow {
            item: "action:add-retry-dashboard".into(),
        },
        LOG,
    )
    .unwrap_err();
    assert!(matches!(e, EditError::NotARow { .. }));
}

#[test]
fn audit_trail_is_created_when_missing() {
    let log =
        "# Change log\n\n| Date | Entry |\n|---|---|\n| 2026-11-25 | Readiness status: ready |";
    let w = ws(&[(OBS, TELEMETRY), (LOG, log)]);
    let out = run(
        &w,
        &Edit::SignOff {
            item: "TEL-002".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    let fp = fingerprint(w.item("TEL-002").unwrap(), TELEMETRY);
    assert_eq!(
        out[1].1,
        format!(
            "{log}\n\n## Audit trail\n\n- 2026-12-01 — Signed off TEL-002 (fp:{fp}) — Dana Kim"
        )
    );
    let empty_section = "# Change log\n\n## Audit trail\nNotes follow.\n";
    let w = ws(&[(OBS, TELEMETRY), (LOG, empty_section)]);
    let out = run(
        &w,
        &Edit::SignOff {
            item: "TEL-002".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    assert_eq!(
        out[1].1,
        format!(
            "# Change log\n\n## Audit trail\nNotes follow.\n\n- 2026-12-01 — Signed off TEL-002 (fp:{fp}) — Dana Kim\n"
        )
    );
}

#[test]
fn the_first_audit_line_goes_after_the_sections_intro() {
    let log = "# Change log\n\n## Audit trail\n\nSign-offs and handovers, one line each.\n\
               Newest at the bottom.\n\n## Notes\n\nKeep this.\n";
    let w = ws(&[(OBS, TELEMETRY), (LOG, log)]);
    let out = run(
        &w,
        &Edit::SignOff {
            item: "TEL-002".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    let fp = fingerprint(w.item("TEL-002").unwrap(), TELEMETRY);
    assert_eq!(
        out[1].1,
        format!(
            "# Change log\n\n## Audit trail\n\nSign-offs and handovers, one line each.\n\
             Newest at the bottom.\n\n- 2026-12-01 — Signed off TEL-002 (fp:{fp}) — Dana Kim\n\n\
             ## Notes\n\nKeep this.\n"
        )
    );
    // The next line joins the list, after the first.
    let w = ws(&[(OBS, TELEMETRY), (LOG, out[1].1.as_str())]);
    let again = run(
        &w,
        &Edit::Revoke {
            item: "TEL-001".into(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    let log = &again.iter().find(|(p, _)| p == LOG).unwrap().1;
    assert!(
        log.contains("Dana Kim\n- 2026-12-01 — Revoked sign-off of TEL-001 — Dana Kim\n\n## Notes"),
        "{log}"
    );
}

#[test]
fn sign_off_of_a_change_log_row_is_one_file() {
    let log = CHANGELOG.replace(
        "| Status |\n|---|---|---|---|---|",
        "| Status | Sign-off |\n|---|---|---|---|---|---|",
    );
    let w = ws(&[(LOG, &log)]);
    let id = w
        .items
        .iter()
        .find(|i| i.table.is_some())
        .unwrap()
        .id
        .clone();
    let out = run(
        &w,
        &Edit::SignOff {
            item: id.clone(),
            signer: "Dana Kim".into(),
            date: date(),
        },
    )
    .unwrap();
    assert_eq!(out.len(), 1);
    assert!(
        out[0].1.contains("| open | Dana Kim 2026-12-01 fp:"),
        "{}",
        out[0].1
    );
    assert!(
        out[0]
            .1
            .contains(&format!("- 2026-12-01 — Signed off {id} (fp:"))
    );
}

#[test]
fn bad_values_and_names_are_refused() {
    let w = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    let e = plan(&w, &set("TEL-002", "Owner", "a\nb"), LOG).unwrap_err();
    assert!(e.to_string().contains("line break"), "{e}");
    let e = plan(&w, &set("TEL-404", "Owner", "a"), LOG).unwrap_err();
    assert!(e.to_string().contains("no item with ID `TEL-404`"), "{e}");
    let e = plan(&w, &set("tel-002", "Owner", "a"), LOG).unwrap_err();
    assert!(e.to_string().contains("did you mean TEL-002"), "{e}");
    let e = plan(&w, &set("TEL-002", "Colour", "a"), LOG).unwrap_err();
    assert!(
        e.to_string()
            .contains("its fields are: ID, Signal, Status, Owner, Due, Sign-off"),
        "{e}"
    );
    let e = plan(&w, &set("TEL-002", "Sign-off", "me"), LOG).unwrap_err();
    assert!(matches!(e, EditError::NotSettable { .. }), "{e}");
    for name in ["", "Dana 2026-01-01", "Dana|Kim", "Dana,"] {
        let e = plan(
            &w,
            &Edit::SignOff {
                item: "TEL-002".into(),
                signer: name.into(),
                date: date(),
            },
            LOG,
        )
        .unwrap_err();
        assert!(matches!(e, EditError::BadSigner { .. }), "{name}: {e}");
    }
}

#[test]
fn apply_guards_every_splice() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let p = plan(&w, &set("TEL-002", "Owner", "Tom"), LOG).unwrap();
    let changed = TELEMETRY.replace("| partial    |            |", "| partial    | Mei        |");
    let e = apply(&changed, &p.files[0].splices).unwrap_err();
    assert!(matches!(e, EditError::Stale { line: 8, .. }), "{e}");
    let mut twice = p.files[0].splices.clone();
    twice.push(twice[0].clone());
    assert!(matches!(
        apply(TELEMETRY, &twice),
        Err(EditError::Overlap { .. })
    ));
}

#[test]
fn rebase_keeps_other_rows_and_reports_same_row_conflicts() {
    let w = ws(&[(OBS, TELEMETRY)]);
    let p = plan(&w, &set("TEL-002", "Owner", "Tom"), LOG).unwrap();
    let config = ProjectConfig::default();
    let reread = |text: &str| {
        let mut c = w.clone();
        apply_changes(
            &mut c,
            vec![(OBS.to_string(), FileChange::Text(text.to_string()))],
            &config,
        );
        c
    };
    let theirs = TELEMETRY.replace("| p99 latency |", "| p99 latency (ms) |");
    let current = reread(&theirs);
    let file = rebase_file(&p, &w, &current, OBS).unwrap();
    let new = apply(&theirs, &file.splices).unwrap();
    verify(&current, &file, &new).unwrap();
    assert!(new.contains("p99 latency (ms)") && new.contains("| partial    | Tom | 2026"));
    let theirs = TELEMETRY.replace("| Error rate   |", "| Errors |");
    let current = reread(&theirs);
    let e = rebase_file(&p, &w, &current, OBS).unwrap_err();
    let EditError::Conflict { yours, theirs, .. } = e else {
        panic!("{e}")
    };
    assert!(
        yours.contains("| Error rate   | partial    | Tom | 2026-12-11 |"),
        "{yours}"
    );
    assert!(theirs.contains("| Errors |"), "{theirs}");
}

#[test]
fn add_row_refuses_a_taken_id_and_a_column_named_twice() {
    let w = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    let add = |values: &[(&str, &str)]| Edit::AddRow {
        doc: OBS.into(),
        table: 0,
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
    };
    let e = plan(&w, &add(&[("ID", "TEL-002"), ("Signal", "x")]), LOG).unwrap_err();
    assert!(
        matches!(e, EditError::DuplicateId { ref at, .. } if at == &format!("{OBS}:8")),
        "{e}"
    );
    let e = plan(
        &w,
        &add(&[("ID", "TEL-009"), ("owner", "a"), ("Owner", "b")]),
        LOG,
    )
    .unwrap_err();
    assert!(matches!(e, EditError::RepeatedColumn { .. }), "{e}");
    assert!(plan(&w, &add(&[("ID", "TEL-009"), ("Owner", "a")]), LOG).is_ok());
}

#[test]
fn column_first_names_the_table_to_widen_only_when_that_is_the_refusal() {
    let obs = "## Coverage\n\n| ID | Signal | Status |\n|---|---|---|\n| TEL-1 | Latency | ok |\n";
    let w = ws(&[(OBS, obs), (LOG, CHANGELOG)]);
    let sign = |item: &str| Edit::SignOff {
        item: item.into(),
        signer: "Dana Kim".into(),
        date: date(),
    };
    assert_eq!(
        column_first(&w, &sign("TEL-1"), LOG),
        Some(Edit::AddSignOffColumn {
            doc: OBS.into(),
            table: 0
        })
    );
    assert_eq!(column_first(&w, &sign("TEL-404"), LOG), None);
    let with_column = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    assert_eq!(column_first(&with_column, &sign("TEL-002"), LOG), None);
}

#[test]
fn find_target_takes_a_heading_or_a_whole_document() {
    let w = ws(&[(OBS, TELEMETRY), (LOG, CHANGELOG)]);
    let heading = link::find_target(&w, &format!("./{OBS}#coverage")).unwrap();
    assert_eq!(heading.anchor.as_deref(), Some("coverage"));
    assert_eq!(heading.label, "Coverage");
    let doc = link::find_target(&w, LOG).unwrap();
    assert_eq!(
        (doc.anchor, doc.label, doc.level),
        (None, "Change log".into(), 0)
    );
    assert_eq!(link::find_target(&w, &format!("{OBS}#nowhere")), None);
    assert_eq!(link::find_target(&w, "docs/missing.md"), None);
}

#[test]
fn edits_of_a_large_document_verify_against_its_piece_memo() {
    use std::fmt::Write as _;
    let mut big = String::from("# Observability\n");
    for block in 0..90 {
        let _ = write!(
            big,
            "\n## Block {block}\n\n| ID | Signal | Status | Owner | Due |\n|---|---|---|---|---|\n"
        );
        for row in 0..60 {
            let _ = writeln!(
                big,
                "| TEL-{block:02}{row:02} | Signal {row} of block {block} | partial | | 2026-12-11 |"
            );
        }
    }
    assert!(
        big.len() > 300_000,
        "{} bytes: too small to be cut",
        big.len()
    );
    let config = ProjectConfig::default();
    let mut w = ws(&[(OBS, &big)]);
    // A re-read of the file leaves the memo later parses of it start from.
    apply_changes(
        &mut w,
        vec![(OBS.to_string(), FileChange::Text(big.clone()))],
        &config,
    );
    assert!(w.memos.get(OBS).is_some(), "no memo after a re-parse");
    let once = run_one(&w, &set("TEL-3017", "Owner", "Tom Becker"));
    assert!(
        once.contains("| TEL-3017 | Signal 17 of block 30 | partial | Tom Becker | 2026-12-11 |")
    );
    apply_changes(
        &mut w,
        vec![(OBS.to_string(), FileChange::Text(once.clone()))],
        &config,
    );
    let twice = run_one(&w, &set("TEL-0102", "Status", "configured"));
    assert!(twice.contains("| TEL-0102 | Signal 2 of block 1 | configured |"));
    assert!(twice.contains("| TEL-3017 | Signal 17 of block 30 | partial | Tom Becker |"));
}
