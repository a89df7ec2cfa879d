//! The readiness chart (`:history`): errors and open gaps at every commit that touched
//! the docs, by date. `?` opens the help; any other key closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Outcome, hint};
use crate::app::{Action, App};

/// The actions the chart reacts to; any other key closes it.
pub const KEYS: &[Action] = &[Action::Back, Action::Help];

/// Its key hints (at the foot of the chart).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Back], "close"),
    hint(&[Action::Help], "help"),
];

/// A key while the chart is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    match app.keymap.action_among(&k, KEYS) {
        Some(Action::Help) => app.open_help(),
        _ => Outcome::Close(Vec::new()),
    }
}
