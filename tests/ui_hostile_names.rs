//! File and folder names are drawn inert in the TUI: a copy of the sample project gets
//! documents whose names hold a bidi override (`a⟨U+202E⟩gnp.md` would read `amd.png`
//! raw), zero-width characters, an OSC title sequence and a line break, and the project
//! root and name hold a bidi override too. In the Documents pane, the Findings pane and
//! its detail, an opened document's title, the walkthrough, the header and the status
//! line no cell holds a control, C1, bidi or zero-width character, and the names show
//! their stand-ins (`⟨U+202E⟩`, `␛`, `␊`).

mod common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::parse::FileChange;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::Theme;

/// The hostile documents, each with a broken link so that it has a finding.
const NAMES: [&str; 4] = [
    "docs/a\u{202e}gnp.md",
    "docs/inv\u{200d}oice\u{200b}/x.md",
    "docs/\x1b]0;PWNED\x07.md",
    "docs/new\nline.md",
];

/// How each name is shown.
const SHOWN: [&str; 4] = [
    "docs/a⟨U+202E⟩gnp.md",
    "docs/inv⟨U+200D⟩oice⟨U+200B⟩/x.md",
    "docs/␛]0;PWNED␇.md",
    "docs/new␊line.md",
];

/// Characters that must never reach the terminal.
fn dangerous(c: char) -> bool {
    let u = u32::from(c);
    (u < 0x20 && c != '\n')
        || (0x7f..=0x9f).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0xfeff
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        let _ = app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

/// Draw the app after `keys` at 160x48 and check every cell; the screen as text.
fn screen(keys: &str) -> String {
    screen_after(keys, |_| {})
}

/// [`screen`], with `then` applied to the app after the keys.
fn screen_after(keys: &str, then: impl FnOnce(&mut App)) -> String {
    let dir = common::temp_copy(&common::sample_dir());
    for name in NAMES {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, "# Hostile\n\nSee [the plan](no-such-plan.md).\n").expect("write");
    }
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout \u{202e}API".into(), clock, true);
    app.root = PathBuf::from("/srv/docs\u{202e}\u{200b}/checkout");
    app.update(Message::Resize(160, 48));
    press(&mut app, keys);
    then(&mut app);
    let theme = Theme::builtin("dark").expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, &app, &theme))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    for y in 0..48 {
        for x in 0..160 {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(dangerous),
                "after {keys:?}: cell ({x},{y}) holds {sym:?}\n{}",
                common::screen_text(&buf)
            );
        }
    }
    common::screen_text(&buf)
}

#[test]
fn the_documents_pane_and_the_status_line_show_names_inert() {
    let text = screen("8");
    for shown in SHOWN {
        assert!(
            text.contains(shown),
            "{shown} not in the Documents pane:\n{text}"
        );
    }
    assert!(
        text.contains("/srv/docs⟨U+202E⟩⟨U+200B⟩/checkout"),
        "{text}"
    );
    assert!(text.starts_with(" Checkout ⟨U+202E⟩API "), "{text}");
}

#[test]
fn the_status_line_names_a_reloaded_file_inert() {
    let text = screen_after("8", |app| {
        app.update(Message::FilesChanged(vec![(
            NAMES[0].to_string(),
            FileChange::Text("# Changed\n".to_string()),
        )]));
    });
    assert!(text.contains("reloaded docs/a⟨U+202E⟩gnp.md"), "{text}");
}

#[test]
fn an_opened_document_titles_its_name_inert() {
    let text = screen("8/gnp\n\n");
    assert!(text.contains(" docs/a⟨U+202E⟩gnp.md "), "{text}");
}

#[test]
fn findings_and_their_detail_name_files_inert() {
    let text = screen("7/line\n");
    assert!(text.contains("new␊line.md"), "{text}");
    let text = screen("7/PWNED\nj");
    assert!(text.contains("docs/␛]0;PWNED␇.md:3"), "{text}");
}

#[test]
fn the_walkthrough_names_files_inert() {
    // Every step of the walkthrough, from its start to its summary.
    for steps in 0..40 {
        let keys = format!("w{}", "n".repeat(steps));
        screen(&keys);
    }
}
