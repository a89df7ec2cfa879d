//! Every mode's keys are actions of the table under the user's keymap: rebinding an
//! action (as `config.toml [keys]` does) changes the key the mode reacts to, the key its
//! hints show and the key its help lists.
//!
//! Proves that `sign_off = "Z"` shows `Z` in the walkthrough's hint bar and in its `?`
//! help (and `Z` signs off there), and that with every action rebound to a key no default
//! uses, each mode's hints on screen show exactly the rebound keys of the actions the
//! mode's hint table names, so no hint is a literal.

mod common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::editing::{Confirm, Conflict};
use readyroom::app::mode::scroll::Scroll;
use readyroom::app::mode::{Kind, hint_items};
use readyroom::app::{ACTIONS, Action, App, KeyChord, Keymap, Message, Mode};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::Theme;
use readyroom::user_config::UserConfig;

fn app(dir: &std::path::Path) -> App {
    let project = load_project(dir, &rule_ids()).expect("load the sample copy");
    let now: jiff::Timestamp = common::NOW.parse().expect("instant");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now,
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.root = PathBuf::from("<sample-project>");
    app.signer = Some("Dana Kim".into());
    app.update(Message::Resize(160, 48));
    app
}

fn press(app: &mut App, code: KeyCode) {
    let _ = app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &App) -> String {
    let theme = Theme::builtin("dark").expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, &theme))
        .expect("draw");
    text(terminal.backend().buffer())
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The keymap of a `config.toml` text, read as the TUI reads it.
fn keymap_of(config: &str) -> Keymap {
    let names = readyroom::app::action_names();
    let loaded = UserConfig::parse(config, "config.toml", &names);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut keymap = Keymap::default();
    keymap.apply(&loaded.config.keys);
    keymap
}

#[test]
fn rebinding_sign_off_shows_in_the_walkthrough_hints_and_its_help() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    a.keymap = keymap_of("[keys]\nsign_off = \"Z\"\n");
    let _ = a.start_walkthrough();
    let hints = screen(&a);
    let bar = hints.lines().last().expect("hint bar");
    assert!(bar.contains(" Z sign off "), "{bar}");
    assert!(!bar.contains(" s sign off "), "{bar}");

    press(&mut a, KeyCode::Char('?'));
    assert!(matches!(a.mode, Mode::Help(_)));
    let help = screen(&a);
    assert!(help.contains("Keys in the walkthrough"), "{help}");
    let line = help
        .lines()
        .find(|l| l.contains("(sign_off)"))
        .expect("sign_off in the help");
    assert!(line.contains(" Z  Sign off"), "{line}");
    // And `Z` is what signs off: on an item step it asks to confirm the sign-off.
    press(&mut a, KeyCode::Esc);
    let steps = a.walk.as_ref().expect("walk").steps.clone();
    let at = steps
        .iter()
        .position(|s| matches!(s, readyroom::app::walkthrough::Step::NeedsSignOff(_)))
        .expect("a step that needs a sign-off");
    a.walk.as_mut().expect("walk").pos = at;
    press(&mut a, KeyCode::Char('Z'));
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
}

/// Every action bound to one `alt-` key of its own, which no default uses.
fn rebound_everything() -> Keymap {
    let keys: Vec<char> = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain("!@#$%&*()-_=+[]{};'<>,./".chars())
        .collect();
    assert!(keys.len() >= ACTIONS.len());
    let mut keymap = Keymap::default();
    for (info, c) in ACTIONS.iter().zip(keys) {
        keymap.rebind(
            info.action,
            &[KeyChord::new(KeyCode::Char(c), KeyModifiers::ALT)],
        );
    }
    keymap
}

/// Put the app into `kind`'s mode with the default keys.
fn enter(a: &mut App, kind: Kind) {
    a.mode = Mode::Normal;
    a.walk = None;
    match kind {
        Kind::Help => press(a, KeyCode::Char('?')),
        Kind::Handover => {
            let _ = a.update(Message::HandoverReady {
                text: "Handover: Checkout API\n  on call: Aisha Bello".into(),
            });
        }
        Kind::History => {
            let _ = a.update(Message::History(common::history_points()));
            let _ = a.run_command("history");
        }
        Kind::Incoming => {
            enter(a, Kind::Handover);
            press(a, KeyCode::Char('a'));
        }
        Kind::Confirm => {
            a.mode = Mode::Confirm(Box::new(Confirm {
                title: "Tick".into(),
                summary: vec!["a change".into()],
                diff: String::new(),
                edits: Vec::new(),
                form: None,
                scroll: Scroll::default(),
            }));
        }
        Kind::Conflict => {
            a.mode = Mode::Conflict(Box::new(Conflict {
                message: "someone else changed it".into(),
                edits: Vec::new(),
                form: None,
                scroll: Scroll::default(),
            }));
        }
        Kind::Links => {
            a.mode = Mode::Links {
                links: vec![("Evidence: runbook".into(), "runbook.md".into(), None)],
                pick: 0,
            };
        }
        Kind::Picker => {
            press(a, KeyCode::Char('6'));
            press(a, KeyCode::Char('l'));
        }
        Kind::Form => {
            press(a, KeyCode::Char('2'));
            press(a, KeyCode::Char('e'));
        }
        Kind::Walkthrough => {
            let _ = a.start_walkthrough();
        }
        Kind::Filter => press(a, KeyCode::Char('/')),
        Kind::Palette => press(a, KeyCode::Char(':')),
        Kind::Messages => {
            let _ = a.run_command("messages");
        }
    }
    assert_eq!(a.mode_kind(), Some(kind), "{kind:?}: {:?}", a.mode);
}

#[test]
fn every_key_a_mode_shows_comes_from_the_action_table_and_the_keymap() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    let rebound = rebound_everything();
    for kind in Kind::ALL {
        enter(&mut a, kind);
        a.keymap = rebound.clone();
        let shown = a.mode_hints(kind);
        assert!(!shown.is_empty(), "{kind:?} has hints");
        let expected = hint_items(&rebound, kind.hints());
        let screen = screen(&a);
        for (keys, label) in &shown {
            for key in keys.split('/') {
                assert!(key.starts_with("alt-"), "{kind:?}: {key} {label}");
            }
            let drawn = [
                format!(" {keys} {label} "),
                format!("{keys} {label}"),
                format!("{label} ({keys})"),
            ];
            assert!(
                drawn.iter().any(|d| screen.contains(d.as_str())),
                "{kind:?}: `{keys} {label}` is not on screen:\n{screen}"
            );
        }
        if kind != Kind::Confirm {
            assert_eq!(shown, expected, "{kind:?}");
        }
        // The help lists every key the mode reacts to, under the keymap in force.
        for action in &kind.keys() {
            assert!(
                !a.keymap.label(*action).is_empty(),
                "{kind:?}: {} has a key",
                action.name()
            );
        }
        a.keymap = Keymap::default();
    }
}

#[test]
fn the_walkthrough_help_and_the_pane_hints_follow_the_keymap() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    let rebound = rebound_everything();
    let _ = a.start_walkthrough();
    a.keymap = rebound.clone();
    a.mode = Mode::Help(Scroll::default());
    let help = screen(&a);
    for action in &Kind::Walkthrough.keys() {
        let line = help
            .lines()
            .find(|l| l.contains(action.info().doc.get(..20).unwrap_or(action.info().doc)))
            .unwrap_or_else(|| panic!("{} is in the walkthrough's help:\n{help}", action.name()));
        assert!(line.contains(&rebound.label(*action)), "{line}");
    }
    // The panes' hint bar, plain and in presentation mode: every key is a rebound one.
    a.mode = Mode::Normal;
    a.walk = None;
    for present in [false, true] {
        a.present = present;
        let bar = screen(&a).lines().last().expect("hint bar").to_string();
        let keys: Vec<&str> = bar
            .split("  ")
            .filter_map(|h| h.split_whitespace().next())
            .collect();
        assert!(!keys.is_empty(), "{bar}");
        for k in keys {
            assert!(k.starts_with("alt-"), "present {present}: `{k}` in {bar}");
        }
    }
}

#[test]
fn a_rebound_mode_key_is_the_one_the_mode_reacts_to() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    a.keymap = keymap_of("[keys]\nwalk_next = \"N\"\n");
    let _ = a.start_walkthrough();
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.walk.as_ref().expect("walk").pos, 0, "n is no longer next");
    press(&mut a, KeyCode::Char('N'));
    assert_eq!(a.walk.as_ref().expect("walk").pos, 1);
}

#[test]
fn the_form_moves_with_the_field_keys_and_ctrl_c_cancels_it() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    enter(&mut a, Kind::Form);
    let focus = |a: &App| match &a.mode {
        Mode::Form(f) => f.focus,
        other => panic!("not the form: {other:?}"),
    };
    let _ = a.update(Message::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(focus(&a), 1);
    press(&mut a, KeyCode::Tab);
    assert_eq!(focus(&a), 2);
    press(&mut a, KeyCode::Up);
    assert_eq!(focus(&a), 1);
    let _ = a.update(Message::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(a.mode, Mode::Normal);
    assert!(!a.quit, "ctrl-c in the form cancels it, it does not quit");
    assert_eq!(
        a.status.as_ref().map(|s| s.text.as_str()),
        Some("edit cancelled; nothing written")
    );
}

#[test]
fn question_mark_in_a_popup_lists_its_keys_and_goes_back_to_it() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    let rebound = rebound_everything();
    for kind in [Kind::Handover, Kind::Confirm, Kind::Conflict, Kind::Links] {
        enter(&mut a, kind);
        press(&mut a, KeyCode::Char('?'));
        assert!(matches!(a.mode, Mode::Help(_)), "{kind:?}: {:?}", a.mode);
        a.keymap = rebound.clone();
        let help = screen(&a);
        assert!(
            help.contains(&format!("Keys in {}", kind.title())),
            "{help}"
        );
        for action in &kind.keys() {
            let line = help
                .lines()
                .find(|l| l.contains(action.info().doc.get(..20).unwrap_or(action.info().doc)))
                .unwrap_or_else(|| panic!("{kind:?}: {} in its help:\n{help}", action.name()));
            assert!(line.contains(&rebound.label(*action)), "{line}");
        }
        a.keymap = Keymap::default();
        press(&mut a, KeyCode::Char('x'));
        assert_eq!(a.mode_kind(), Some(kind), "closing the help goes back");
    }
}

#[test]
fn a_palette_command_that_opens_a_mode_keeps_it_open() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    for c in ":log".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode_kind(), Some(Kind::Form), "{:?}", a.mode);
    press(&mut a, KeyCode::Esc);
    for c in ":help".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode_kind(), Some(Kind::Help), "{:?}", a.mode);
}

/// The screen at `w` × `h`.
fn screen_at(app: &App, w: u16, h: u16) -> String {
    let theme = Theme::builtin("dark").expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, &theme))
        .expect("draw");
    text(terminal.backend().buffer())
}

/// Every key each mode reacts to is listed in the help it opens (`?`, or `f1` in a
/// prompt where `?` is typed), from the same key table the mode dispatches on; and a
/// bound key the help does not list does only what the help's note says other keys do:
/// nothing, close the mode, type into the prompt, or (the walkthrough) go on to the
/// panes without moving the walkthrough.
#[test]
fn each_modes_help_lists_every_key_the_mode_reacts_to() {
    let dir = common::temp_copy(&common::sample_dir());
    let mut a = app(dir.path());
    // Tall enough for the longest help to fit without scrolling.
    let (w, h) = (200, 120);
    a.update(Message::Resize(w, h));
    let mut chords: Vec<KeyChord> = ACTIONS
        .iter()
        .flat_map(|i| a.keymap.chords(i.action))
        .collect();
    chords.dedup();
    for kind in Kind::ALL {
        enter(&mut a, kind);
        let keys = kind.keys();
        if kind != Kind::Help {
            let code = if keys.contains(&Action::EntryHelp) {
                KeyCode::F(1)
            } else {
                KeyCode::Char('?')
            };
            press(&mut a, code);
        }
        assert!(matches!(a.mode, Mode::Help(_)), "{kind:?}: {:?}", a.mode);
        let help = screen_at(&a, w, h);
        assert!(
            help.contains(&format!("Keys in {}", kind.title())),
            "{help}"
        );
        assert!(help.contains(kind.other_keys()), "{kind:?}:\n{help}");
        for action in &keys {
            let doc = action.info().doc;
            let line = format!(
                "{}  {}",
                a.keymap.label(*action),
                doc.get(..20).unwrap_or(doc)
            );
            assert!(
                help.contains(&line),
                "{kind:?}: `{line}` is not in its help:\n{help}"
            );
        }
        let typing = keys.contains(&Action::EntryHelp);
        for chord in &chords {
            let event = KeyEvent::new(chord.code, chord.modifiers);
            if a.keymap.action_among(&event, &keys).is_some() {
                continue;
            }
            enter(&mut a, kind);
            let before = a.mode.clone();
            let walk = a.walk.as_ref().map(|w| w.pos);
            let _ = a.update(Message::Key(event));
            let what = format!("{kind:?}: {chord} is not in its help");
            if kind == Kind::Walkthrough {
                assert_eq!(a.walk.as_ref().map(|w| w.pos), walk, "{what}");
            } else if typing {
                assert_eq!(a.mode_kind(), Some(kind), "{what} and closed it");
            } else {
                assert!(
                    a.mode == before || a.mode_kind() != Some(kind),
                    "{what} and changed it: {:?}",
                    a.mode
                );
            }
        }
    }
}
