//! The walkthrough offers a due review: on a `review-overdue` step, `r` asks to stamp
//! the document as reviewed today, and `y` writes only the date and one audit line.

mod common;

use std::sync::{Arc, Mutex};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::{App, Effect, Message, Mode};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::{KnownHashes, load_project};

const PLAY: &str = "docs/operations/incident-response.md";

fn typed(a: &mut App, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects = a.update(Message::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    effects
}

#[test]
fn r_on_an_overdue_review_stamps_the_document_after_a_confirmation() {
    let dir = common::temp_copy(&common::sample_dir());
    let path = dir.path().join(PLAY);
    let text = std::fs::read_to_string(&path).expect("read");
    let stamped = format!("---\nlast_reviewed_on: 2026-08-01\nreview_in: 90d\n---\n{text}");
    std::fs::write(&path, &stamped).expect("write");
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    a.signer = Some("Dana Kim".into());
    a.start_walkthrough();
    let w = a.walk.as_ref().expect("walkthrough");
    let target = w
        .steps
        .iter()
        .position(|s| s.key().starts_with("finding:review-overdue:"))
        .expect("a step for the overdue review");
    while a.walk.as_ref().expect("walk").pos < target {
        typed(&mut a, "n");
    }
    typed(&mut a, "r");
    let Mode::Confirm(c) = &a.mode else {
        panic!("no confirmation: {:?}", a.mode)
    };
    assert_eq!(
        c.title,
        format!("Stamp {PLAY} as reviewed by Dana Kim on 2026-12-01")
    );
    let effects = typed(&mut a, "y");
    let known = Arc::new(Mutex::new(KnownHashes::new()));
    for e in effects {
        if let Effect::Save(edits) = e {
            let outcome = readyroom::shell::save_edits(&mut a, &known, &edits);
            assert!(matches!(outcome, Message::Saved { .. }), "{outcome:?}");
        }
    }
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        stamped.replacen("2026-08-01", "2026-12-01", 1)
    );
    let log = std::fs::read_to_string(dir.path().join("docs/release/change-log.md")).expect("read");
    assert!(log.ends_with(&format!("- 2026-12-01 — Reviewed {PLAY} — Dana Kim\n")));
}
