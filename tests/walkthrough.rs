//! The readiness walkthrough driven headless on a temp copy of the sample project: every
//! problem the sample was built with is fixed through the walkthrough's own actions
//! (edit, link, sign off, tick), the readiness status is appended at the end, and then
//! `check` exits 0 and the files differ from the sample by exactly the intended lines.
//! Also: leaving and starting again resumes at the same step.

mod common;

use std::sync::{Arc, Mutex};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::walkthrough::Step;
use readyroom::app::{App, Effect, Message, Mode};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::{KnownHashes, load_project};

fn app_on(dir: &std::path::Path) -> App {
    let project = load_project(dir, &rule_ids()).expect("load");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    a.signer = Some("Dana Kim".into());
    a
}

fn key(a: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    a.update(Message::Key(KeyEvent::new(code, mods)))
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Carry out the effects as the shell would: writes go through the real store.
fn run_effects(a: &mut App, known: &Arc<Mutex<KnownHashes>>, effects: Vec<Effect>) {
    for e in effects {
        match e {
            Effect::Save(edits) => {
                let outcome = readyroom::shell::save_edits(a, known, &edits);
                assert!(
                    matches!(outcome, Message::Saved { .. }),
                    "save failed: {outcome:?}"
                );
                a.update(outcome);
            }
            Effect::SaveWalk(_) => {}
            other => panic!("unexpected effect {other:?}"),
        }
    }
}

fn go_to(a: &mut App, step_key: &str) {
    let w = a.walk.as_ref().expect("walkthrough running");
    let target = w
        .steps
        .iter()
        .position(|s| s.key() == step_key)
        .unwrap_or_else(|| {
            panic!(
                "no step {step_key}: {:?}",
                w.steps.iter().map(Step::key).collect::<Vec<_>>()
            )
        });
    while a.walk.as_ref().expect("walk").pos < target {
        typed(a, "n");
    }
    while a.walk.as_ref().expect("walk").pos > target {
        typed(a, "p");
    }
}

/// `e`, then set each field (by header) to a value, enter, confirm.
fn edit(a: &mut App, known: &Arc<Mutex<KnownHashes>>, changes: &[(&str, &str)]) {
    typed(a, "e");
    for (header, value) in changes {
        for _ in 0..20 {
            let Mode::Form(form) = &a.mode else {
                panic!("no form: {:?}", a.mode)
            };
            if form.fields[form.focus].header.eq_ignore_ascii_case(header) {
                break;
            }
            key(a, KeyCode::Tab, KeyModifiers::NONE);
        }
        key(a, KeyCode::Char('u'), KeyModifiers::CONTROL);
        typed(a, value);
    }
    key(a, KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(a.mode, Mode::Confirm(_)),
        "no confirmation: {:?}",
        a.mode
    );
    let effects = key(a, KeyCode::Char('y'), KeyModifiers::NONE);
    run_effects(a, known, effects);
}

#[test]
fn a_full_walkthrough_fixes_the_sample_and_ends_ready() {
    let dir = common::temp_copy(&common::sample_dir());
    // The one fix that is not in the docs: the alerting rule deploy/ leaves out.
    common::add_certificate_rule(dir.path());
    let known = Arc::new(Mutex::new(KnownHashes::new()));
    let mut a = app_on(dir.path());
    let effects = a.start_walkthrough();
    assert!(matches!(effects.as_slice(), [Effect::SaveWalk(_)]));
    let fixes: &[(&str, &[(&str, &str)])] = &[
        ("item:contact:jonas-weber", &[("Phone", "+49 30 5550 4410")]),
        ("item:TEL-006", &[("Due", "2026-12-15")]),
        ("item:TEL-007", &[("Owner", "Jonas Weber")]),
        ("item:TEL-008", &[("Due", "2026-12-18")]),
        (
            "item:FR-001",
            &[("Design", "[HLD §2](../design/HLD.md#2-architecture)")],
        ),
        (
            "item:NFR-002",
            &[("Test", "[TP load](../testing/test-plan.md#load-tests)")],
        ),
        (
            "item:log:2026-11-18-write-a-runbook-for",
            &[("Owner", "Mei Tanaka")],
        ),
        (
            "item:ALR-004",
            &[("Runbook", "[High error rate](runbooks/high-error-rate.md)")],
        ),
        ("item:esc:sev2-4", &[("Contact", "Dana Kim")]),
        (
            "item:shift:2026-12-14-09-00",
            &[("End", "2026-12-21 09:00")],
        ),
        (
            "item:action:review-payment-provider-timeout-defaults",
            &[("owner", "Luis Ortega"), ("due", "2026-12-18")],
        ),
    ];
    for (step, changes) in fixes {
        go_to(&mut a, step);
        edit(&mut a, &known, changes);
    }
    // The untraced NFR: the link picker.
    go_to(&mut a, "item:NFR-003");
    typed(&mut a, "l");
    typed(&mut a, "telemetry coverage");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    let effects = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    run_effects(&mut a, &known, effects);
    // The stale sign-off: sign again.
    go_to(&mut a, "item:TEL-003");
    typed(&mut a, "s");
    let effects = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    run_effects(&mut a, &known, effects);
    // The release manager's acknowledgement: tick, confirm, and it records who and when.
    go_to(&mut a, "item:ack:release-manager");
    assert!(key(&mut a, KeyCode::Char(' '), KeyModifiers::NONE).is_empty());
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
    let effects = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    run_effects(&mut a, &known, effects);

    assert!(
        a.assessment.verdict.ready,
        "still failing: {:#?}",
        a.assessment.findings
    );
    // The end: append the readiness status.
    typed(&mut a, "G");
    assert_eq!(*a.walk.as_ref().expect("walk").step(), Step::Summary);
    typed(&mut a, "a");
    let effects = key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE);
    run_effects(&mut a, &known, effects);
    let w = a.walk.as_ref().expect("walk");
    assert!(w.state.signed.contains("TEL-003"));
    assert!(w.state.changed.contains("TEL-007") && w.state.changed.contains("NFR-003"));

    // check agrees.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("check")
        .arg(dir.path())
        .env("READYROOM_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("check");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Exactly the intended lines changed: (file, lines removed, lines added).
    let expected = [
        ("docs/operations/incident-response.md", 5, 5),
        ("docs/operations/observability-status.md", 5, 5),
        ("docs/requirements/RTM.md", 3, 3),
        ("docs/release/change-log.md", 1, 4),
    ];
    for (path, removed, added) in expected {
        let before = std::fs::read_to_string(common::sample_dir().join(path)).expect("sample");
        let after = std::fs::read_to_string(dir.path().join(path)).expect("copy");
        let diff = similar::TextDiff::from_lines(&before, &after);
        let (mut r, mut ad) = (0, 0);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Delete => r += 1,
                similar::ChangeTag::Insert => ad += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        assert_eq!(
            (r, ad),
            (removed, added),
            "{path}:\n{}",
            diff.unified_diff()
        );
    }
    let log = std::fs::read_to_string(dir.path().join("docs/release/change-log.md")).expect("log");
    assert!(
        log.contains("| Readiness status: ready — walkthrough by Dana Kim"),
        "{log}"
    );
    assert!(log.contains("Signed off TEL-003"), "{log}");
    assert!(log.contains("Signed off ack:release-manager"), "{log}");
}

#[test]
fn leaving_and_starting_again_resumes_at_the_same_step() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app_on(dir.path());
    a.start_walkthrough();
    go_to(&mut a, "item:TEL-007");
    let effects = key(&mut a, KeyCode::Char('q'), KeyModifiers::NONE);
    let [Effect::SaveWalk(state)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(state.at, "item:TEL-007");
    assert!(a.walk.is_none());
    // A new session (a new app) given the saved state starts there.
    let mut b = app_on(dir.path());
    b.saved_walk = Some(state.clone());
    b.start_walkthrough();
    assert_eq!(b.walk.as_ref().expect("walk").step().key(), "item:TEL-007");
    // And within a session, w resumes too.
    typed(&mut a, "w");
    assert_eq!(a.walk.as_ref().expect("walk").step().key(), "item:TEL-007");
}

#[test]
fn skipping_needs_a_reason_and_is_remembered() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app_on(dir.path());
    a.start_walkthrough();
    go_to(&mut a, "item:TEL-006");
    typed(&mut a, "x");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    assert!(a.status.as_ref().expect("status").text.contains("say why"));
    typed(&mut a, "agreed with the DBA team");
    let effects = key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    let [Effect::SaveWalk(state)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        state.skipped.get("item:TEL-006").map(String::as_str),
        Some("agreed with the DBA team")
    );
    assert_ne!(state.at, "item:TEL-006", "skipping moves on");
}

#[test]
fn a_walkthrough_edit_meets_a_teammates_change_in_the_conflict_dialog() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app_on(dir.path());
    a.start_walkthrough();
    go_to(&mut a, "item:TEL-007");
    typed(&mut a, "e");
    for _ in 0..5 {
        key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    }
    typed(&mut a, "Jonas Weber");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
    // A teammate gives TEL-007 an owner meanwhile; the TUI reloads.
    let path = "docs/operations/observability-status.md";
    let text = a.project.workspace.doc(path).expect("doc").source.replace(
        "| missing | — | | 2026-12-15 |",
        "| missing | — | Aisha Bello | 2026-12-15 |",
    );
    a.update(Message::FilesChanged(vec![(
        path.to_string(),
        readyroom::parse::FileChange::Text(text),
    )]));
    let Mode::Conflict(c) = &a.mode else {
        panic!("no conflict dialog: {:?}", a.mode)
    };
    assert!(
        c.message.contains(
            "TEL-007 Owner\n  original: (empty)\n  theirs:   Aisha Bello\n  yours:    Jonas Weber"
        ),
        "{}",
        c.message
    );
    assert!(key(&mut a, KeyCode::Char('y'), KeyModifiers::NONE).is_empty());
}
