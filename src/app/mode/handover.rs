//! The handover note: scrolled with the popups' scroll keys (and `space` a page), `a`
//! asks who takes over and acknowledges; any other key closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Kind, Outcome, hint};
use crate::app::{Action, App};

/// The actions the handover note reacts to besides scrolling; any other key closes it.
pub const KEYS: &[Action] = &[
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
    let action = match app.keymap.action_among(&k, &Kind::Handover.keys()) {
        Some(Action::NotePageDown) => Some(Action::PageDown),
        Some(Action::NotePageUp) => Some(Action::PageUp),
        other => other,
    };
    if app.scroll_popup(action) {
        return Outcome::Consumed(Vec::new());
    }
    match action {
        Some(Action::Acknowledge) => app.ask_incoming(),
        Some(Action::Help) => return app.open_help(),
        _ => return Outcome::Close(Vec::new()),
    }
    Outcome::Consumed(Vec::new())
}
