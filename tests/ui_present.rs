//! `--present` on a projector: the present theme paints the background of every cell
//! of the frame (panes, the opened document, popups, the status and hint lines), not
//! only the foreground, so a light projector or terminal keeps the contrast.

mod common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::{Meaning, Theme};

/// How many cells are drawn on the terminal's own colours, and the first few (x, y).
fn unpainted(app: &App, theme: &Theme, w: u16, h: u16) -> (usize, Vec<(u16, u16)>) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, theme))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let c = &buf[(x, y)];
            if c.bg == Color::Reset || c.fg == Color::Reset {
                out.push((x, y));
            }
        }
    }
    (out.len(), out.into_iter().take(5).collect())
}

#[test]
fn present_mode_paints_every_cell_of_every_screen() {
    let dir = common::temp_copy(&common::sample_dir());
    let project = load_project(dir.path(), &rule_ids()).expect("load the sample copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.root = PathBuf::from("<sample-project>");
    app.present = true;
    let theme = Theme::builtin("high-contrast").expect("the present theme");
    assert!(
        theme.style(Meaning::Text).bg.is_some(),
        "it sets a background"
    );
    let (w, h) = (100, 30);
    app.update(Message::Resize(w, h));
    let press = |app: &mut App, c: KeyCode| {
        let _ = app.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)));
    };
    for key in ['1', '2', '3', '4', '5', '6', '7'] {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(unpainted(&app, &theme, w, h), (0, Vec::new()), "pane {key}");
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        unpainted(&app, &theme, w, h),
        (0, Vec::new()),
        "the document"
    );
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(unpainted(&app, &theme, w, h), (0, Vec::new()), "the help");
    press(&mut app, KeyCode::Esc);
    app.update(Message::HandoverReady {
        text: "Handover: Checkout API\nWhat changed since Mon 30 Nov\n  + TEL-009  new\n".into(),
    });
    assert_eq!(
        unpainted(&app, &theme, w, h),
        (0, Vec::new()),
        "the handover"
    );
    // The too-small notice too.
    assert_eq!(unpainted(&app, &theme, 20, 5), (0, Vec::new()), "too small");
}
