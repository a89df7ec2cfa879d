//! The app driven headless by key sequences on the sample project: (state, keys) →
//! (state, effects). No terminal, no files written.

mod common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::mode::scroll::Scroll;
use readyroom::app::{App, Effect, Message, Mode, PaneId, Target};
use readyroom::clock::Clock;
use readyroom::parse::FileChange;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;

fn app() -> App {
    let project = load_project(&common::sample_dir(), &rule_ids()).expect("load sample");
    let now: jiff::Timestamp = common::NOW.parse().expect("instant");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now,
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.theme_names = vec!["dark".into(), "high-contrast".into()];
    app
}

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        effects.extend(app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE))));
    }
    effects
}

fn selected_key(app: &App) -> String {
    app.selected_row(app.focus)
        .map(|r| r.key.clone())
        .unwrap_or_default()
}

#[test]
fn number_keys_tab_and_back_tab_switch_panes() {
    let mut a = app();
    assert_eq!(a.focus, PaneId::Readiness);
    press(&mut a, "2");
    assert_eq!(a.focus, PaneId::Telemetry);
    press(&mut a, "\t\t\t");
    assert_eq!(a.focus, PaneId::Oncall);
    a.update(Message::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(a.focus, PaneId::Escalation);
    press(&mut a, "8");
    assert_eq!(a.focus, PaneId::Documents);
}

#[test]
fn telemetry_lists_gaps_first_and_toggles_gaps_only() {
    let mut a = app();
    press(&mut a, "2");
    let keys: Vec<String> = a
        .visible_rows(PaneId::Telemetry)
        .map(|r| r.key.clone())
        .collect();
    assert_eq!(keys.len(), 8);
    assert_eq!(
        &keys[..5],
        ["TEL-004", "TEL-005", "TEL-006", "TEL-007", "TEL-008"]
    );
    press(&mut a, "t");
    assert_eq!(a.visible_rows(PaneId::Telemetry).count(), 5);
    press(&mut a, "t");
    assert_eq!(a.visible_rows(PaneId::Telemetry).count(), 8);
}

#[test]
fn movement_keys_clamp_at_the_ends() {
    let mut a = app();
    press(&mut a, "2jj");
    assert_eq!(selected_key(&a), "TEL-006");
    press(&mut a, "G");
    assert_eq!(selected_key(&a), "TEL-003");
    press(&mut a, "jjj");
    assert_eq!(selected_key(&a), "TEL-003");
    press(&mut a, "gk");
    assert_eq!(selected_key(&a), "TEL-004");
}

#[test]
fn slash_filters_incrementally_and_esc_clears() {
    let mut a = app();
    press(&mut a, "2/tls");
    assert_eq!(a.mode, Mode::Filter);
    let keys: Vec<String> = a
        .visible_rows(PaneId::Telemetry)
        .map(|r| r.key.clone())
        .collect();
    assert_eq!(keys, ["TEL-007"]);
    press(&mut a, "\n");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.visible_rows(PaneId::Telemetry).count(), 1);
    press(&mut a, "\x1b");
    assert_eq!(a.visible_rows(PaneId::Telemetry).count(), 8);
    press(&mut a, "/tel-00");
    a.update(Message::Key(KeyEvent::new(
        KeyCode::Backspace,
        KeyModifiers::NONE,
    )));
    assert_eq!(a.panes[PaneId::Telemetry.index()].filter, "tel-0");
}

#[test]
fn goto_focuses_an_item_in_its_pane() {
    let mut a = app();
    press(&mut a, ":goto TEL-006\n");
    assert_eq!(a.focus, PaneId::Telemetry);
    assert_eq!(selected_key(&a), "TEL-006");
    press(&mut a, ":goto NFR-003\n");
    assert_eq!(a.focus, PaneId::Rtm);
    assert_eq!(selected_key(&a), "NFR-003");
    press(&mut a, ":goto NOPE-1\n");
    assert!(a.status.as_ref().unwrap().text.contains("no item NOPE-1"));
}

#[test]
fn palette_completes_with_tab() {
    let mut a = app();
    press(&mut a, ":go");
    let Mode::Command { completions, .. } = &a.mode else {
        panic!("not in command mode")
    };
    assert_eq!(completions, &vec!["goto ".to_string()]);
    press(&mut a, "\tTEL-00");
    let Mode::Command {
        input, completions, ..
    } = &a.mode
    else {
        panic!()
    };
    assert_eq!(input, "goto TEL-00");
    assert_eq!(completions.len(), 8);
    press(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Normal);
    let effects = press(&mut a, ":theme high-contrast\n");
    assert_eq!(effects, vec![Effect::SetTheme("high-contrast".into())]);
    let effects = press(&mut a, ":check\n");
    assert_eq!(effects, vec![Effect::ReloadAll]);
    let effects = press(&mut a, ":quit\n");
    assert_eq!(effects, vec![Effect::Quit]);
    assert!(a.quit);
}

#[test]
fn enter_on_a_criterion_scopes_findings_and_enter_on_a_finding_goes_to_the_item() {
    let mut a = app();
    // The second criterion: telemetry gaps.
    press(&mut a, "j\n");
    assert_eq!(a.focus, PaneId::Findings);
    let rules: Vec<&str> = a
        .visible_rows(PaneId::Findings)
        .map(|r| match r.target {
            Target::Finding(i) => a.assessment.findings[i].rule.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(rules.len(), 3);
    assert!(rules.iter().all(|r| r.starts_with("gap-")), "{rules:?}");
    press(&mut a, "\n");
    assert_eq!(a.focus, PaneId::Telemetry);
    assert!(selected_key(&a).starts_with("TEL-00"));
    press(&mut a, "7\x1b");
    assert_eq!(
        a.visible_rows(PaneId::Findings).count(),
        a.assessment.findings.len()
    );
}

#[test]
fn enter_on_an_rtm_row_offers_its_links_and_follows_one_to_the_document() {
    let mut a = app();
    press(&mut a, ":goto NFR-001\n\n");
    let Mode::Links { links, .. } = &a.mode else {
        panic!("no link picker: {:?}", a.mode)
    };
    assert!(
        links.iter().any(|(_, p, anchor)| p == "docs/design/HLD.md"
            && anchor.as_deref() == Some("3-availability"))
    );
    press(&mut a, "\n");
    assert_eq!(a.focus, PaneId::Documents);
    let d = a.doc.doc.unwrap();
    assert_eq!(a.project.workspace.docs[d].path, "docs/design/HLD.md");
    assert!(a.doc.highlight.is_some());
}

#[test]
fn open_editor_targets_the_items_file_and_line() {
    let mut a = app();
    press(&mut a, ":goto TEL-007\n");
    let effects = press(&mut a, "o");
    assert_eq!(
        effects,
        vec![Effect::OpenEditor {
            path: "docs/operations/observability-status.md".into(),
            line: 27
        }]
    );
}

#[test]
fn oncall_pane_starts_on_now_and_shows_the_hole() {
    let mut a = app();
    press(&mut a, "5");
    let row = a.selected_row(PaneId::Oncall).unwrap();
    assert!(row.now, "selection starts on the current shift");
    assert!(row.cells[0].text.starts_with('▶'));
    assert!(
        a.visible_rows(PaneId::Oncall)
            .any(|r| r.key.starts_with("gap:"))
    );
}

#[test]
fn readiness_checks_and_rotation_holes_are_typed_targets() {
    let mut a = app();
    press(&mut a, "1");
    let checks: Vec<(usize, String)> = a
        .visible_rows(PaneId::Readiness)
        .filter_map(|r| match r.target {
            Target::Check(i) => Some((i, r.cells[1].text.trim().to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(checks.len(), a.assessment.verdict.checks.len());
    for (i, title) in &checks {
        assert_eq!(a.assessment.verdict.checks[*i].title, title.as_str());
    }
    press(&mut a, "5");
    let hole = a
        .visible_rows(PaneId::Oncall)
        .find(|r| r.cells[1].text == "NOBODY ON CALL")
        .expect("the sample has a hole in the rotation");
    let Target::Gap { start, end } = hole.target else {
        panic!("a hole targets its span: {:?}", hole.target);
    };
    assert!(start < end);
}

#[test]
fn reload_keeps_the_selection_on_the_same_item_and_applies_the_change() {
    let mut a = app();
    press(&mut a, ":goto TEL-007\n");
    let path = "docs/operations/observability-status.md";
    let doc = a.project.workspace.doc(path).unwrap();
    let text = doc.source.replace("| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | |", "| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | Jonas Weber |");
    let before = a.assessment.verdict.errors;
    a.update(Message::FilesChanged(vec![(
        path.to_string(),
        FileChange::Text(text),
    )]));
    assert_eq!(selected_key(&a), "TEL-007");
    assert_eq!(a.assessment.verdict.errors, before - 1);
    assert!(
        a.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("reloaded docs/operations/observability-status.md — not ready")
    );
    a.update(Message::FilesChanged(vec![(
        path.to_string(),
        FileChange::Removed,
    )]));
    assert!(a.project.workspace.doc(path).is_none());
    assert!(
        a.assessment
            .findings
            .iter()
            .any(|f| f.rule == "missing-artefact" && f.file == path)
    );
}

/// A change the shell read, parsed and checked off the UI thread arrives as the
/// checked workspace with the changed paths: the app takes that workspace (it does not
/// parse or check again) and says which file it reloaded.
#[test]
fn files_checked_off_the_ui_thread_take_the_checked_workspace() {
    let mut a = app();
    press(&mut a, ":goto TEL-007\n");
    let path = "docs/operations/observability-status.md";
    let text = a.project.workspace.doc(path).unwrap().source.replace(
        "| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | |",
        "| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | Jonas Weber |",
    );
    let mut workspace = a.project.workspace.clone();
    readyroom::parse::apply_changes(
        &mut workspace,
        vec![(path.to_string(), FileChange::Text(text))],
        &a.project.config,
    );
    let assessment =
        readyroom::assess::Assessment::after(&a.assessment, &workspace, &a.project.config, a.clock);
    let before = a.assessment.verdict.errors;
    a.update(Message::Checked {
        checked: Box::new(readyroom::app::Checked {
            workspace,
            assessment,
        }),
        then: Box::new(Message::FilesChecked(vec![path.to_string()])),
    });
    assert_eq!(selected_key(&a), "TEL-007");
    assert_eq!(a.assessment.verdict.errors, before - 1);
    assert!(
        a.project
            .workspace
            .doc(path)
            .unwrap()
            .source
            .contains("| Jonas Weber |")
    );
    assert!(
        a.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("reloaded docs/operations/observability-status.md — not ready")
    );
}

fn arrow(app: &mut App, code: KeyCode, times: usize) {
    for _ in 0..times {
        app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

#[test]
fn arrows_scroll_the_document_view_sideways_within_its_widest_line() {
    let mut a = app();
    a.update(Message::Resize(80, 24));
    press(&mut a, "8");
    // The RTM: its table rows are far wider than 80 columns.
    while selected_key(&a) != "docs/requirements/RTM.md" {
        let before = selected_key(&a);
        press(&mut a, "j");
        assert_ne!(selected_key(&a), before, "the RTM is in the documents list");
    }
    press(&mut a, "\n");
    assert!(a.doc.focused, "enter opens the document");
    assert_eq!(a.doc.hscroll, 0);
    arrow(&mut a, KeyCode::Right, 1);
    // A quarter of the 80-column view, less its border and line-number gutter.
    assert_eq!(a.doc.hscroll, 18);
    // Pressed far too often, it stops where the widest line on screen ends at the edge.
    arrow(&mut a, KeyCode::Right, 200);
    let stop = a.doc.hscroll;
    assert!(stop > 36, "the RTM's rows scroll further: {stop}");
    arrow(&mut a, KeyCode::Right, 1);
    assert_eq!(a.doc.hscroll, stop, "no further than the widest line");
    arrow(&mut a, KeyCode::Left, 200);
    assert_eq!(a.doc.hscroll, 0);
    // Scrolling down keeps the column; opening a document again starts at column 1.
    arrow(&mut a, KeyCode::Right, 1);
    press(&mut a, "j");
    assert_eq!(a.doc.hscroll, 18);
    press(&mut a, "\x1b\n");
    assert!(a.doc.focused);
    assert_eq!(
        a.doc.hscroll, 0,
        "a newly opened document starts at column 1"
    );
}

#[test]
fn arrows_outside_a_document_say_what_they_are_for() {
    let mut a = app();
    press(&mut a, "2");
    let before = selected_key(&a);
    arrow(&mut a, KeyCode::Right, 1);
    assert_eq!(selected_key(&a), before, "the list does not move");
    let status = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("sideways"), "{status}");
}

#[test]
fn help_opens_and_any_key_closes() {
    let mut a = app();
    press(&mut a, "?");
    assert_eq!(a.mode, Mode::Help(Scroll { offset: 0 }));
    press(&mut a, "j");
    assert_eq!(a.mode, Mode::Help(Scroll { offset: 1 }));
    press(&mut a, "x");
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn pasted_control_characters_are_made_inert() {
    let mut a = app();
    press(&mut a, "2/");
    a.update(Message::Paste("tl\x1b[2Js".into()));
    assert_eq!(a.panes[PaneId::Telemetry.index()].filter, "tl␛[2Js");
}

#[test]
fn oncall_now_row_is_scrolled_into_view() {
    let mut a = app();
    a.update(Message::Resize(80, 24));
    press(&mut a, "5");
    let st = &a.panes[PaneId::Oncall.index()];
    let page = usize::from(a.page());
    assert!(
        st.selected >= st.offset && st.selected < st.offset + page,
        "{st:?} page {page}"
    );
}

#[test]
fn readme_documents_every_action_and_command() {
    let readme = include_str!("../README.md");
    for info in readyroom::app::ACTIONS {
        let named = readme.contains(&format!("`{}`", info.name))
            || (info.name.starts_with("pane_")
                && readme.contains("`pane_readiness` … `pane_documents`"));
        assert!(named, "README lacks action {}", info.name);
    }
    for c in readyroom::app::command::COMMANDS {
        assert!(
            readme.contains(&format!(":{}", c.name)),
            "README lacks :{}",
            c.name
        );
    }
}

#[test]
fn edit_form_validates_and_confirms_before_writing() {
    use readyroom::edit::Edit;
    let mut a = app();
    press(&mut a, ":goto TEL-007\ne");
    let Mode::Form(form) = &a.mode else {
        panic!("no form: {:?}", a.mode)
    };
    assert_eq!(form.title, "Edit TEL-007");
    let headers: Vec<&str> = form.fields.iter().map(|f| f.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "ID",
            "Signal",
            "Requirement",
            "Status",
            "Dashboard",
            "Owner",
            "Due"
        ]
    );
    // A bad date keeps the form open with the reason.
    press(&mut a, "\t\t\t\t\t\tx\n");
    let Mode::Form(form) = &a.mode else {
        panic!("form closed on a bad date")
    };
    assert_eq!(form.error.as_deref(), Some("Due: a date as YYYY-MM-DD"));
    // Esc cancels and nothing is asked of the shell.
    let effects = press(&mut a, "\x1b");
    assert!(effects.is_empty());
    assert_eq!(a.mode, Mode::Normal);
    // Owner, then confirm: the save names exactly that field.
    press(&mut a, "e\t\t\t\t\tDana Kim\n");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert!(
        c.diff.contains("+| TEL-007 |") && c.diff.contains("| Dana Kim |"),
        "{}",
        c.diff
    );
    let effects = press(&mut a, "y");
    assert_eq!(
        effects,
        vec![Effect::Save(vec![Edit::Set {
            item: "TEL-007".into(),
            field: "Owner".into(),
            value: "Dana Kim".into(),
            expect: Some(String::new()),
        }])]
    );
}

#[test]
fn a_conflict_offers_keep_editing_take_theirs_or_write_yours() {
    use readyroom::edit::Edit;
    let mut a = app();
    press(&mut a, ":goto TEL-007\ne\t\t\t\t\tDana Kim\ny");
    let edits = vec![Edit::Set {
        item: "TEL-007".into(),
        field: "Owner".into(),
        value: "Dana Kim".into(),
        expect: Some(String::new()),
    }];
    a.update(Message::SaveFailed {
        error: "TEL-007 was changed by someone else".into(),
        conflict: true,
        edits: edits.clone(),
    });
    assert!(matches!(a.mode, Mode::Conflict(_)));
    press(&mut a, "e");
    let Mode::Form(form) = &a.mode else {
        panic!("not back in the form")
    };
    assert_eq!(
        form.fields[5].input.value(),
        "Dana Kim",
        "what was typed is kept"
    );
    press(&mut a, "\n");
    press(&mut a, "y");
    a.update(Message::SaveFailed {
        error: "changed".into(),
        conflict: true,
        edits: edits.clone(),
    });
    assert_eq!(
        press(&mut a, "w"),
        vec![Effect::ReloadAll, Effect::Save(edits)]
    );
    a.update(Message::SaveFailed {
        error: "changed".into(),
        conflict: true,
        edits: Vec::new(),
    });
    assert_eq!(press(&mut a, "t"), vec![Effect::ReloadAll]);
}

const OBS: &str = "docs/operations/observability-status.md";

/// The observability report with TEL-005's owner changed by a teammate.
fn teammate_sets_tel_005_owner(a: &App, owner: &str) -> Message {
    let doc = a.project.workspace.doc(OBS).expect("the report");
    let now = readyroom::edit::field_value(&a.project.workspace, "TEL-005", "Owner")
        .expect("TEL-005 owner");
    let text = doc.source.replace(
        &format!("| {now} | 2026-12-18 |"),
        &format!("| {owner} | 2026-12-18 |"),
    );
    assert_ne!(text, doc.source);
    Message::FilesChanged(vec![(OBS.to_string(), FileChange::Text(text))])
}

fn conflict_message(a: &App) -> String {
    let Mode::Conflict(c) = &a.mode else {
        panic!("no conflict dialog: {:?}", a.mode)
    };
    c.message.clone()
}

#[test]
fn a_field_changed_by_someone_else_while_confirming_is_a_conflict_not_an_overwrite() {
    use readyroom::edit::Edit;
    let mut a = app();
    // Open the form on TEL-005, change Owner, press enter: the confirmation.
    press(&mut a, ":goto TEL-005\ne\t\t\t\t\t");
    let Mode::Form(form) = &mut a.mode else {
        panic!("no form")
    };
    assert_eq!(form.fields[5].header, "Owner");
    form.fields[5].input = tui_input::Input::new("Dana Kim".into());
    press(&mut a, "\n");
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
    // Meanwhile a teammate sets the owner; the TUI reloads.
    let change = teammate_sets_tel_005_owner(&a, "Mei Tanaka");
    a.update(change);
    let message = conflict_message(&a);
    assert!(
        message.contains(
            "TEL-005 Owner\n  original: Tom Becker\n  theirs:   Mei Tanaka\n  yours:    Dana Kim"
        ),
        "{message}"
    );
    // `y` writes nothing: only the operator's pick does.
    assert!(press(&mut a, "y").is_empty());
    assert!(matches!(a.mode, Mode::Conflict(_)));
    // Keep editing: the form now starts from their value, with yours typed.
    press(&mut a, "e");
    let Mode::Form(form) = &a.mode else {
        panic!("not back in the form")
    };
    assert_eq!(form.fields[5].original, "Mei Tanaka");
    assert_eq!(form.fields[5].input.value(), "Dana Kim");
    press(&mut a, "\n");
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
    // They change it again before `y`; write yours is an explicit choice over theirs.
    let change = teammate_sets_tel_005_owner(&a, "Jonas Weber");
    a.update(change);
    assert!(conflict_message(&a).contains("theirs:   Jonas Weber"));
    assert_eq!(
        press(&mut a, "w"),
        vec![
            Effect::ReloadAll,
            Effect::Save(vec![Edit::Set {
                item: "TEL-005".into(),
                field: "Owner".into(),
                value: "Dana Kim".into(),
                expect: Some("Jonas Weber".into()),
            }])
        ]
    );
}

#[test]
fn a_field_changed_before_enter_is_caught_at_review() {
    let mut a = app();
    press(&mut a, ":goto TEL-005\ne\t\t\t\t\t");
    let Mode::Form(form) = &mut a.mode else {
        panic!("no form")
    };
    form.fields[5].input = tui_input::Input::new("Dana Kim".into());
    // The reload lands while the form is open.
    let change = teammate_sets_tel_005_owner(&a, "Mei Tanaka");
    a.update(change);
    press(&mut a, "\n");
    assert!(conflict_message(&a).contains("original: Tom Becker\n  theirs:   Mei Tanaka"));
    // Take theirs: nothing of yours is written.
    assert_eq!(press(&mut a, "t"), vec![Effect::ReloadAll]);
}

#[test]
fn a_field_changed_after_y_is_caught_at_write_and_nothing_is_written() {
    use std::sync::{Arc, Mutex};
    let dir = common::temp_copy(&common::sample_dir());
    let project = load_project(dir.path(), &rule_ids()).expect("load copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    press(&mut a, ":goto TEL-005\ne\t\t\t\t\t");
    let Mode::Form(form) = &mut a.mode else {
        panic!("no form")
    };
    form.fields[5].input = tui_input::Input::new("Dana Kim".into());
    press(&mut a, "\n");
    let effects = press(&mut a, "y");
    let [Effect::Save(edits)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    // The teammate's write lands on disk and is reloaded before the save runs.
    let change = teammate_sets_tel_005_owner(&a, "Mei Tanaka");
    if let Message::FilesChanged(files) = &change
        && let FileChange::Text(text) = &files[0].1
    {
        std::fs::write(dir.path().join(OBS), text).unwrap();
    }
    a.update(change);
    let on_disk = std::fs::read_to_string(dir.path().join(OBS)).unwrap();
    let known = Arc::new(Mutex::new(readyroom::store::KnownHashes::new()));
    let outcome = readyroom::shell::save_edits(&mut a, &known, edits);
    assert!(
        matches!(outcome, Message::SaveFailed { conflict: true, .. }),
        "{outcome:?}"
    );
    a.update(outcome);
    assert!(conflict_message(&a).contains("theirs:   Mei Tanaka\n  yours:    Dana Kim"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(OBS)).unwrap(),
        on_disk,
        "nothing written"
    );
}

#[test]
fn a_failed_write_returns_to_the_form_with_the_reason() {
    let mut a = app();
    press(&mut a, ":goto TEL-007\ne\t\t\t\t\tDana Kim\ny");
    a.update(Message::SaveFailed {
        error: "docs/x.md is read-only".into(),
        conflict: false,
        edits: Vec::new(),
    });
    let Mode::Form(form) = &a.mode else {
        panic!("the typed value must not be lost")
    };
    assert_eq!(form.error.as_deref(), Some("docs/x.md is read-only"));
    assert_eq!(form.fields[5].input.value(), "Dana Kim");
}

#[test]
fn tick_needs_a_checklist_item_and_sign_off_a_signer() {
    let mut a = app();
    press(&mut a, ":goto TEL-007\n ");
    assert!(
        a.status
            .as_ref()
            .unwrap()
            .text
            .contains("not a checklist item")
    );
    press(&mut a, "s");
    assert!(a.status.as_ref().unwrap().text.contains("no signer name"));
    a.signer = Some("Dana Kim".into());
    press(&mut a, "s");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation")
    };
    assert!(
        c.title
            .starts_with("Sign off TEL-007 as Dana Kim on 2026-12-01, fingerprint "),
        "{}",
        c.title
    );
    assert!(
        c.diff.contains("Signed off TEL-007"),
        "the audit line is part of the diff"
    );
}

#[test]
fn a_signer_config_toml_cannot_read_refuses_every_record() {
    let mut a = app();
    // git's name is known, but config.toml names a signer it cannot read: signing
    // under git's name instead would be a record under the wrong name.
    a.signer = Some("Git User".into());
    a.signer_problem =
        Some("/home/dana/.config/readyroom/config.toml:3: signer is inside [keys]".into());
    for keys in [":goto TEL-007\ns", "S"] {
        press(&mut a, keys);
        assert_eq!(a.mode, Mode::Normal, "{keys:?}");
        let status = a.status.as_ref().unwrap().text.clone();
        assert!(
            status.starts_with(
                "cannot tell who signs: /home/dana/.config/readyroom/config.toml:3: signer is \
                 inside [keys]"
            ),
            "{status}"
        );
    }
}

#[test]
fn linking_evidence_from_the_rtm_pane_clears_nfr_untraced_without_leaving_the_pane() {
    use std::sync::{Arc, Mutex};
    let dir = common::temp_copy(&common::sample_dir());
    let project = load_project(dir.path(), &rule_ids()).expect("load copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    let untraced = |a: &App| {
        a.assessment
            .findings
            .iter()
            .any(|f| f.rule == "nfr-untraced" && f.item.as_deref() == Some("NFR-003"))
    };
    assert!(untraced(&a));
    press(&mut a, ":goto NFR-003\nl");
    let Mode::Picker(p) = &a.mode else {
        panic!("no picker: {:?}", a.mode)
    };
    assert!(
        p.targets
            .iter()
            .any(|t| t.anchor.as_deref() == Some("alert-thresholds"))
    );
    press(&mut a, "telemetry coverage");
    let Mode::Picker(p) = &a.mode else {
        panic!("picker closed")
    };
    assert_eq!(
        p.current().and_then(|t| t.anchor.as_deref()),
        Some("telemetry-coverage")
    );
    press(&mut a, "\n");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert!(
        c.diff.contains(
            "[Telemetry coverage](../operations/observability-status.md#telemetry-coverage)"
        ),
        "{}",
        c.diff
    );
    let effects = press(&mut a, "y");
    let [Effect::Save(edits)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let known = Arc::new(Mutex::new(readyroom::store::KnownHashes::new()));
    let outcome = readyroom::shell::save_edits(&mut a, &known, edits);
    a.update(outcome);
    assert_eq!(a.focus, PaneId::Rtm);
    assert_eq!(selected_key(&a), "NFR-003");
    assert!(!untraced(&a), "the finding is gone after the write");
    let rtm = std::fs::read_to_string(dir.path().join("docs/requirements/RTM.md")).unwrap();
    assert!(rtm.contains("| [Telemetry coverage](../operations/observability-status.md#telemetry-coverage) | In progress |"));
}

#[test]
fn handover_view_asks_who_takes_over_and_acknowledges_after_confirmation() {
    let mut a = app();
    let effects = press(&mut a, ":handover\n");
    assert_eq!(effects, vec![Effect::Handover]);
    a.update(Message::HandoverReady {
        text: format!("On call now\n  Aisha Bello\n{}", "  more\n".repeat(40)),
    });
    assert!(matches!(a.mode, Mode::Handover { .. }));
    press(&mut a, "j");
    let Mode::Handover { scroll, .. } = &a.mode else {
        panic!()
    };
    assert_eq!(scroll.offset, 1);
    // The person at the keyboard is not who takes over: the prompt offers the primary
    // of the next hand-off (Jonas Weber from 2026-12-07), not the git user.
    a.signer = Some("Dana Kim".into());
    press(&mut a, "a");
    let Mode::Incoming { name } = &a.mode else {
        panic!("no prompt: {:?}", a.mode)
    };
    assert_eq!(name, "Jonas Weber");
    press(&mut a, "\n");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert_eq!(
        c.title,
        "Acknowledge the handover from Aisha Bello to Jonas Weber on 2026-12-01"
    );
    assert!(
        c.diff
            .contains("Handover acknowledged by Jonas Weber from Aisha Bello"),
        "{}",
        c.diff
    );
    // Another name can be typed instead; esc cancels without writing.
    press(&mut a, "\x1b:handover\n");
    a.update(Message::HandoverReady {
        text: "On call now\n".into(),
    });
    press(&mut a, "a");
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    a.update(Message::Key(ctrl_u));
    press(&mut a, "Mei Tanaka\n");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert!(
        c.diff
            .contains("Handover acknowledged by Mei Tanaka from Aisha Bello"),
        "{}",
        c.diff
    );
    assert!(press(&mut a, "\x1b").is_empty());
    press(&mut a, ":handover\n");
    a.update(Message::HandoverReady {
        text: "On call now\n".into(),
    });
    assert!(press(&mut a, "a\x1b").is_empty());
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn ticking_an_acknowledgement_records_who_and_when_after_a_confirmation() {
    use readyroom::edit::Edit;
    use std::sync::{Arc, Mutex};
    let dir = common::temp_copy(&common::sample_dir());
    let project = load_project(dir.path(), &rule_ids()).expect("load copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    a.signer = Some("Elena Petrova".into());
    // `space` asks first: nothing is written yet.
    let effects = press(&mut a, "7/release\n ");
    assert!(effects.is_empty(), "{effects:?}");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?} {:?}", a.mode, a.status)
    };
    assert_eq!(
        c.title,
        "Tick ack:release-manager: acknowledged by Elena Petrova on 2026-12-01"
    );
    assert!(
        c.diff.contains("Signed off ack:release-manager"),
        "{}",
        c.diff
    );
    let effects = press(&mut a, "y");
    assert_eq!(
        effects,
        vec![Effect::Save(vec![
            Edit::Toggle {
                item: "ack:release-manager".into()
            },
            Edit::SignOff {
                item: "ack:release-manager".into(),
                signer: "Elena Petrova".into(),
                date: jiff::civil::date(2026, 12, 1),
            },
        ])]
    );
    let Effect::Save(edits) = &effects[0] else {
        panic!()
    };
    let known = Arc::new(Mutex::new(readyroom::store::KnownHashes::new()));
    let outcome = readyroom::shell::save_edits(&mut a, &known, edits);
    assert!(matches!(outcome, Message::Saved { .. }), "{outcome:?}");
    a.update(outcome);
    let obs = std::fs::read_to_string(dir.path().join(OBS)).unwrap();
    let line = obs
        .lines()
        .find(|l| l.contains("Release Manager"))
        .unwrap()
        .to_string();
    assert!(
        line.starts_with(
            "- [x] Release Manager — Elena Petrova — Sign-off: Elena Petrova 2026-12-01 fp:"
        ),
        "{line}"
    );
    let log = std::fs::read_to_string(dir.path().join("docs/release/change-log.md")).unwrap();
    assert!(
        log.lines()
            .last()
            .unwrap()
            .starts_with("- 2026-12-01 — Signed off ack:release-manager (fp:"),
        "{log}"
    );
    // Unticking takes the record back the same way, after a confirmation (here on an
    // acknowledgement whose text changed since, so its stale sign-off is a finding).
    let changed = obs.replace(
        "Release Manager — Elena Petrova —",
        "Release Manager — E. Petrova —",
    );
    a.update(Message::FilesChanged(vec![(
        OBS.to_string(),
        FileChange::Text(changed),
    )]));
    press(&mut a, "\x1b7/release\n ");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert!(
        c.title.starts_with("Untick ack:release-manager"),
        "{}",
        c.title
    );
    assert!(
        c.diff.contains("Revoked sign-off of ack:release-manager"),
        "{}",
        c.diff
    );
    // Without a usable signer the tick is refused.
    a.mode = Mode::Normal;
    a.signer_problem = Some("config.toml:1: signer is empty".into());
    assert!(press(&mut a, " ").is_empty());
    assert_eq!(a.mode, Mode::Normal);
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("cannot tell who signs")),
        "{:?}",
        a.status
    );
}

#[test]
fn mouse_clicks_select_tabs_and_rows_and_the_wheel_scrolls() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Message::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut a = app();
    a.update(Message::Resize(80, 24));
    // The tabs row is the second line; "2 Telemetry" starts after " 1 Readiness ".
    let tabs = readyroom::app::layout::tab_labels(80);
    let (_, _, x) = tabs[1];
    a.update(mouse(MouseEventKind::Down(MouseButton::Left), x + 1, 1));
    assert_eq!(a.focus, PaneId::Telemetry);
    // Rows start below the border, the summary and the column header: row 3 of the list
    // area is the first row, row 5 the third.
    let list = readyroom::app::layout::areas(80, 24).list;
    a.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        5,
        list.y + 5,
    ));
    assert_eq!(selected_key(&a), "TEL-006");
    a.update(mouse(MouseEventKind::ScrollDown, 5, list.y + 5));
    assert_eq!(selected_key(&a), "TEL-007");
    a.update(mouse(MouseEventKind::ScrollUp, 5, list.y + 5));
    a.update(mouse(MouseEventKind::ScrollUp, 5, list.y + 5));
    assert_eq!(selected_key(&a), "TEL-005");
}

#[test]
fn a_pinned_clock_has_no_deadline_and_a_running_one_wakes_at_the_next_hand_off() {
    let a = app();
    assert_eq!(a.next_deadline(&jiff::tz::TimeZone::UTC), None);
    // Half an hour before Monday's 09:00 hand-off: the shell sleeps until then, not
    // on a fixed tick.
    let project = load_project(&common::sample_dir(), &rule_ids()).expect("load sample");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 7),
        now: "2026-12-07T08:30:00+01:00".parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, false);
    let handoff: jiff::Timestamp = "2026-12-07T09:00:00+01:00".parse().expect("instant");
    let deadline = a.next_deadline(&jiff::tz::TimeZone::UTC);
    assert_eq!(deadline, Some(handoff));
    let before = a
        .assessment
        .rotation
        .as_ref()
        .map(|r| readyroom::rotation::on_call_at(r, clock.now).primary);
    a.update(Message::Tick(handoff));
    let after = a
        .assessment
        .rotation
        .as_ref()
        .map(|r| readyroom::rotation::on_call_at(r, a.clock.now).primary);
    assert_ne!(before, after, "nobody handed off at the deadline");
    assert!(a.next_deadline(&jiff::tz::TimeZone::UTC) > Some(handoff));
}

#[test]
fn every_update_marks_the_screen_dirty_and_a_busy_job_shows() {
    let mut a = app();
    a.dirty = false;
    press(&mut a, "j");
    assert!(a.dirty);
    a.update(Message::Busy(Some("re-checking…".into())));
    assert_eq!(a.busy.as_deref(), Some("re-checking…"));
    // Keys are handled while the job runs.
    press(&mut a, "2");
    assert_eq!(a.focus, PaneId::Telemetry);
    a.update(Message::Busy(None));
    assert_eq!(a.busy, None);
}

#[test]
fn oncall_timeline_names_the_layer_and_shadow_of_each_shift() {
    let dir = common::temp_copy(&common::sample_dir());
    let playbook = dir.path().join("docs/operations/incident-response.md");
    let text = std::fs::read_to_string(&playbook).expect("playbook");
    let layered = text.replace(
        "| 2027-01-04 09:00 | 2027-01-11 09:00 | Jonas Weber | Tom Becker |\n",
        "| 2027-01-04 09:00 | 2027-01-11 09:00 | Jonas Weber | Tom Becker |\n\n\
         ### APAC rotation\n\nTime zone: Asia/Tokyo\n\nLayer: APAC\n\n\
         | Start | End | Primary | Secondary | Shadow |\n|---|---|---|---|---|\n\
         | 2027-01-11 17:00 | 2027-01-12 17:00 | Aiko | Ken | Nia |\n",
    );
    assert_ne!(layered, text);
    std::fs::write(&playbook, layered).expect("write");
    let project = load_project(dir.path(), &rule_ids()).expect("load copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    press(&mut a, "5");
    let notes: Vec<(String, String)> = a
        .visible_rows(PaneId::Oncall)
        .filter(|r| matches!(r.target, Target::Item(_)))
        .map(|r| (r.cells[1].text.clone(), r.cells[3].text.clone()))
        .collect();
    assert!(
        notes.contains(&("Aiko".to_string(), "APAC · shadow: Nia".to_string())),
        "{notes:?}"
    );
    assert!(
        notes.contains(&("Tom Becker".to_string(), "On-call rotation".to_string())),
        "{notes:?}"
    );
}

/// A live check's answer as the `:verify` job reports it: TEL-001's metric had data,
/// TEL-002's had none.
fn live_answer() -> readyroom::store::prometheus::LiveCheck {
    use readyroom::rules::live::LiveResult;
    let signal = |item: &str, name: &str, samples: u64| LiveResult {
        kind: "signal",
        item: item.to_string(),
        name: name.to_string(),
        result: if samples == 0 { "no-data" } else { "ok" },
        samples: Some(samples),
        detail: String::new(),
    };
    readyroom::store::prometheus::LiveCheck {
        url: "http://prometheus.test:9090".to_string(),
        version: "2.53.0".to_string(),
        revision: String::new(),
        window: "1h".to_string(),
        findings: Vec::new(),
        results: vec![
            signal("TEL-001", "http_requests_total", 240),
            signal("TEL-002", "psp_request_duration_seconds", 0),
        ],
    }
}

/// The Telemetry pane's Verified cell of an item.
fn verified_cell(a: &App, id: &str) -> Option<String> {
    let view = &a.views[PaneId::Telemetry.index()];
    let column = view.columns.iter().position(|c| c.title == "Verified")?;
    let row = view.rows.iter().find(|r| r.key == id)?;
    Some(row.cells[column].text.clone())
}

#[test]
fn verify_without_a_prometheus_says_how_to_configure_one_and_runs_nothing() {
    let mut a = app();
    assert!(a.project.config.monitoring.prometheus.is_none());
    let effects = press(&mut a, ":verify\n");
    assert!(effects.is_empty(), "{effects:?}");
    let status = a.status.clone().expect("a status message");
    assert!(
        status.text.contains("set `prometheus` under [monitoring]"),
        "{}",
        status.text
    );
    assert_eq!(status.tone, readyroom::app::Tone::Error);
}

#[test]
fn verify_runs_as_a_job_and_its_answer_fills_the_verified_column() {
    let mut a = app();
    a.project.config.monitoring.prometheus = Some("http://prometheus.test:9090".into());
    let effects = press(&mut a, ":verify\n");
    assert_eq!(
        effects,
        vec![Effect::Verify {
            url: "http://prometheus.test:9090".into()
        }]
    );
    // Keys keep working while the job runs.
    press(&mut a, "2");
    assert_eq!(a.focus, PaneId::Telemetry);
    assert_eq!(verified_cell(&a, "TEL-001"), None);
    a.update(Message::Verified(Ok(Box::new(live_answer()))));
    assert_eq!(verified_cell(&a, "TEL-001").as_deref(), Some("live"));
    assert_eq!(verified_cell(&a, "TEL-002").as_deref(), Some("✗"));
    assert_eq!(verified_cell(&a, "TEL-004").as_deref(), Some(""));
    let status = a.status.clone().expect("a status message");
    assert!(
        status
            .text
            .contains("verified against http://prometheus.test:9090: 0 alert(s) and 2 signal(s)"),
        "{}",
        status.text
    );
    // A failed run says why and keeps the last answer.
    a.update(Message::Verified(Err(
        "cannot reach Prometheus at http://prometheus.test:9090: refused".into(),
    )));
    let status = a.status.clone().expect("a status message");
    assert!(
        status
            .text
            .starts_with("cannot verify: cannot reach Prometheus"),
        "{}",
        status.text
    );
    assert_eq!(status.tone, readyroom::app::Tone::Error);
    assert_eq!(verified_cell(&a, "TEL-001").as_deref(), Some("live"));
}

#[test]
fn verify_is_listed_in_the_help() {
    assert!(
        readyroom::app::command::COMMANDS
            .iter()
            .any(|c| c.name == "verify" && c.doc.contains("in the background"))
    );
}

#[test]
fn the_history_jobs_result_is_kept_and_history_charts_it() {
    let mut a = app();
    let _ = press(&mut a, ":history\n");
    assert!(matches!(a.mode, Mode::Normal));
    let said = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("no readiness history"), "{said}");
    let points = common::history_points();
    let _ = a.update(Message::History(points.clone()));
    assert_eq!(a.history, points);
    let _ = press(&mut a, ":history\n");
    assert!(matches!(a.mode, Mode::History));
}
