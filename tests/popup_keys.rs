//! The popups that scroll (help, the handover note, a confirmation, a read-only diff,
//! the conflict dialog and the message log) all take the same scroll keys, from one
//! table; a confirmation is never cancelled by a key that is not one of its own.

mod common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::{App, Message, Mode};
use readyroom::clock::Clock;
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
    app.update(Message::Resize(80, 24));
    app
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let _ = app.update(Message::Key(KeyEvent::new(code, modifiers)));
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        key(app, code, KeyModifiers::NONE);
    }
}

/// A confirmation of a real edit: TEL-005's owner changed in the form, enter pressed.
fn confirming(a: &mut App) {
    press(a, ":goto TEL-005\ne\t\t\t\t\t");
    let Mode::Form(form) = &mut a.mode else {
        panic!("no form: {:?}", a.mode)
    };
    form.fields[5].input = tui_input::Input::new("Dana Kim".into());
    press(a, "\n");
    assert!(matches!(a.mode, Mode::Confirm(_)), "{:?}", a.mode);
}

#[test]
fn a_confirmation_is_not_cancelled_by_a_scroll_key_or_an_unknown_key() {
    let mut a = app();
    confirming(&mut a);
    for (code, modifiers) in [
        (KeyCode::Char('j'), KeyModifiers::NONE),
        (KeyCode::Char('k'), KeyModifiers::NONE),
        (KeyCode::Down, KeyModifiers::NONE),
        (KeyCode::Char('d'), KeyModifiers::CONTROL),
        (KeyCode::PageDown, KeyModifiers::NONE),
        (KeyCode::Char('G'), KeyModifiers::SHIFT),
        (KeyCode::Char('g'), KeyModifiers::NONE),
        (KeyCode::Char('x'), KeyModifiers::NONE),
        (KeyCode::Char('1'), KeyModifiers::NONE),
    ] {
        key(&mut a, code, modifiers);
        assert!(
            matches!(a.mode, Mode::Confirm(_)),
            "{code:?} {modifiers:?} closed the confirmation: {:?}",
            a.mode
        );
    }
}

/// The scroll offset of the popup on screen.
fn offset(a: &App) -> usize {
    match &a.mode {
        Mode::Help(s) | Mode::Messages(s) | Mode::Handover { scroll: s, .. } => s.offset,
        Mode::Confirm(c) => c.scroll.offset,
        Mode::Conflict(c) => c.scroll.offset,
        other => panic!("not a scrolling popup: {other:?}"),
    }
}

/// Every scroll key, in an order that visits both ends: each with the offset it
/// must leave, given the rows of text and how many fit.
fn check_every_scroll_key(a: &mut App, what: &str) {
    let kind = a.mode_kind();
    let (rows, shown) = a.popup_extent();
    assert!(rows > 2 * shown + 2, "{what}: {rows} rows, {shown} shown");
    let last = rows - shown;
    let half = shown.div_ceil(2);
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let steps = [
        (KeyCode::Char('g'), none, 0),
        (KeyCode::Char('j'), none, 1),
        (KeyCode::Down, none, 2),
        (KeyCode::Char('k'), none, 1),
        (KeyCode::Up, none, 0),
        (KeyCode::Up, none, 0),
        (KeyCode::Char('d'), ctrl, half),
        (KeyCode::Char('d'), ctrl, 2 * half),
        (KeyCode::Char('u'), ctrl, half),
        (KeyCode::Char('u'), ctrl, 0),
        (KeyCode::PageDown, none, shown),
        (KeyCode::PageUp, none, 0),
        (KeyCode::Char('G'), KeyModifiers::SHIFT, last),
        (KeyCode::Char('j'), none, last),
        (KeyCode::PageDown, none, last),
        (KeyCode::Home, none, 0),
        (KeyCode::End, none, last),
        (KeyCode::Char('g'), none, 0),
    ];
    for (code, modifiers, want) in steps {
        key(a, code, modifiers);
        assert_eq!(
            a.mode_kind(),
            kind,
            "{what}: {code:?} {modifiers:?} left it"
        );
        assert_eq!(offset(a), want, "{what}: {code:?} {modifiers:?}");
    }
}

fn long_text(n: usize) -> String {
    (1..=n)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_popup_that_scrolls_takes_every_scroll_key() {
    use readyroom::app::editing::{Confirm, Conflict};
    use readyroom::app::mode::scroll::Scroll;

    let mut a = app();
    press(&mut a, "?");
    check_every_scroll_key(&mut a, "help");

    let mut a = app();
    a.update(Message::HandoverReady {
        text: long_text(80),
    });
    check_every_scroll_key(&mut a, "handover");
    // Space pages the note too.
    press(&mut a, " ");
    assert_eq!(offset(&a), a.popup_extent().1);

    let mut a = app();
    confirming(&mut a);
    if let Mode::Confirm(c) = &mut a.mode {
        c.summary.extend((1..=60).map(|i| format!("summary {i}")));
    }
    check_every_scroll_key(&mut a, "confirm");
    // Scrolled or not, `y` still writes.
    press(&mut a, "G");
    let effects = a.update(Message::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(effects.as_slice(), [readyroom::app::Effect::Save(_)]),
        "{effects:?}"
    );

    let mut a = app();
    a.mode = Mode::Confirm(Box::new(Confirm {
        title: "Last write".into(),
        summary: Vec::new(),
        diff: long_text(60).replace("line", "+line"),
        edits: Vec::new(),
        form: None,
        scroll: Scroll::default(),
    }));
    check_every_scroll_key(&mut a, "diff");
    // A diff shown for reading closes on any other key.
    press(&mut a, "x");
    assert_eq!(a.mode, Mode::Normal);

    let mut a = app();
    a.mode = Mode::Conflict(Box::new(Conflict {
        message: long_text(60),
        edits: Vec::new(),
        form: None,
        scroll: Scroll::default(),
    }));
    check_every_scroll_key(&mut a, "conflict");

    let mut a = app();
    for i in 1..=60 {
        a.say(format!("message {i}"), readyroom::app::Tone::Muted);
    }
    press(&mut a, ":messages\n");
    assert!(matches!(a.mode, Mode::Messages(_)), "{:?}", a.mode);
    // The log opens at its newest message.
    let (rows, shown) = a.popup_extent();
    assert!(!Scroll { offset: offset(&a) }.more_below(rows, shown));
    check_every_scroll_key(&mut a, "messages");
}

#[test]
fn status_messages_expire_on_the_deadline_timer_even_with_a_pinned_clock() {
    use jiff::{SignedDuration, Timestamp};
    use readyroom::app::Tone;

    let mut a = app();
    let zone = jiff::tz::TimeZone::UTC;
    let t0: Timestamp = "2026-12-03T14:00:00Z".parse().expect("instant");
    let at = |s: i64| {
        t0.checked_add(SignedDuration::from_secs(s))
            .expect("instant")
    };
    a.wall = t0;
    a.zone = zone.clone();
    let pinned = a.clock;
    // Pinned and silent: nothing to wake up for, so the shell sleeps (idle CPU zero).
    assert_eq!(a.next_deadline(&zone), None);
    a.say("saved: TEL-005 Owner (u undoes)", Tone::Ok);
    assert_eq!(a.next_deadline(&zone), Some(at(5)));
    a.update(Message::Tick(at(4)));
    assert!(a.status.is_some(), "still shown after 4 s");
    a.update(Message::Tick(at(5)));
    assert_eq!(a.status, None, "gone after 5 s");
    assert_eq!(a.next_deadline(&zone), None);
    assert_eq!(a.clock, pinned, "a tick never moves a pinned clock");
    // An error stays longer.
    a.wall = at(60);
    a.say("no item NOPE-1", Tone::Error);
    assert_eq!(a.next_deadline(&zone), Some(at(70)));
    a.update(Message::Tick(at(69)));
    assert!(a.status.is_some());
    a.update(Message::Tick(at(70)));
    assert_eq!(a.status, None);
    // Both stay in the log, with their local times and severities.
    assert_eq!(
        a.message_lines(),
        [
            "14:00:00  done     saved: TEL-005 Owner (u undoes)",
            "14:01:00  error    no item NOPE-1",
        ]
    );
    // A long session keeps the newest messages only.
    for i in 0..readyroom::app::messages::KEEP {
        a.say(format!("reloaded {i}"), Tone::Muted);
    }
    assert_eq!(a.messages.len(), readyroom::app::messages::KEEP);
    assert_eq!(a.messages[0].text, "reloaded 0");
}

/// The app at 80x24 as the snapshots see it: the root a placeholder, times in UTC.
fn snapshot_app() -> App {
    let mut a = app();
    a.root = std::path::PathBuf::from("<sample-project>");
    a.zone = jiff::tz::TimeZone::UTC;
    a.wall = "2026-12-03T14:05:09Z".parse().expect("instant");
    a
}

fn screen(a: &App) -> String {
    let theme = readyroom::ui::theme::Theme::builtin("dark").expect("theme");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, a, &theme))
        .expect("draw");
    common::screen_text(terminal.backend().buffer())
}

const CONFIG_ERROR: &str = "/home/dana/.config/readyroom/config.toml:4: unknown action \
                            \"rechek\" in [keys]; write one of the names `?` lists, like \
                            \"recheck\"";

#[test]
fn a_long_error_is_shown_whole_above_the_status_line_at_80x24() {
    let mut a = snapshot_app();
    a.update(Message::Notice {
        text: CONFIG_ERROR.into(),
        tone: readyroom::app::Tone::Error,
    });
    let text = screen(&a);
    insta::assert_snapshot!("long_error_80x24", text);
    let flat: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("like \"recheck\""), "{text}");
    assert!(text.contains("… (:messages)"), "{text}");
    // It takes no key: the panes still move.
    press(&mut a, "2j");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.focus, readyroom::app::PaneId::Telemetry);
    // esc clears it.
    press(&mut a, "\x1b");
    assert_eq!(a.status, None);
    assert!(!screen(&a).contains("unknown action"));
}

#[test]
fn the_messages_command_lists_the_session_with_times_and_severity_at_80x24() {
    let mut a = snapshot_app();
    press(&mut a, ":goto TEL-007\n");
    a.wall = "2026-12-03T14:06:30Z".parse().expect("instant");
    press(&mut a, ":goto NOPE-1\n");
    a.wall = "2026-12-03T14:07:02Z".parse().expect("instant");
    a.update(Message::Notice {
        text: CONFIG_ERROR.into(),
        tone: readyroom::app::Tone::Error,
    });
    a.update(Message::Notice {
        text: "live reload is off (R re-checks): too many open files".into(),
        tone: readyroom::app::Tone::Warning,
    });
    press(&mut a, ":messages\n");
    let text = screen(&a);
    insta::assert_snapshot!("messages_80x24", text);
    assert!(text.contains("14:05:09  info     TEL-007"), "{text}");
    assert!(text.contains("14:06:30  error    no item NOPE-1"), "{text}");
    assert!(
        text.contains("14:07:02  warning  live reload is off"),
        "{text}"
    );
    // `?` lists the log's keys; any other key goes back to it.
    press(&mut a, "?");
    assert!(screen(&a).contains("Keys in the message log"));
    press(&mut a, "x");
    assert!(matches!(a.mode, Mode::Messages(_)));
    press(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Normal);
}
