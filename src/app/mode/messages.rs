//! The message log (`:messages`, or opened by a warning or error too long for the
//! status line): every message of the session with its time and severity, newest
//! last. It scrolls with the popups' scroll keys; any other key closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Kind, Outcome, hint};
use crate::app::{Action, App};

/// The actions the log reacts to besides scrolling; any other key closes it.
pub const KEYS: &[Action] = &[Action::Back, Action::Help];

/// Its key hints (at the foot of the log).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Down, Action::Up], "scroll"),
    hint(&[Action::Back], "close"),
    hint(&[Action::Help], "help"),
];

/// A key while the log is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, &Kind::Messages.keys());
    if app.scroll_popup(action) {
        return Outcome::Consumed(Vec::new());
    }
    match action {
        Some(Action::Help) => app.open_help(),
        _ => Outcome::Close(Vec::new()),
    }
}
