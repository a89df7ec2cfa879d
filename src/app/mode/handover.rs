//! The handover note: scrolled with the list keys, `a` asks who takes over and
//! acknowledges; any other key closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode};

/// The actions the handover note reacts to; any other key closes it.
pub const KEYS: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::NotePageDown,
    Action::NotePageUp,
    Action::Acknowledge,
    Action::Back,
    Action::Help,
];

/// Its key hints (at the foot of the note).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Down, Action::Up], "scroll"),
    hint(&[Action::Acknowledge], "acknowledge"),
    hint(&[Action::Back], "close"),
    hint(&[Action::Help], "help"),
];

/// A key while the note is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let page = app.page();
    let Mode::Handover { scroll, .. } = &mut app.mode else {
        return Outcome::Pass;
    };
    match app.keymap.action_among(&k, KEYS) {
        Some(Action::Down) => *scroll = scroll.saturating_add(1),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::NotePageDown) => *scroll = scroll.saturating_add(page),
        Some(Action::NotePageUp) => *scroll = scroll.saturating_sub(page),
        Some(Action::Acknowledge) => app.ask_incoming(),
        Some(Action::Help) => return app.open_help(),
        _ => return Outcome::Close(Vec::new()),
    }
    Outcome::Consumed(Vec::new())
}
