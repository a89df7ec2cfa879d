//! Typing a filter for the focused list: the list narrows as you type, the row keys
//! move the selection, enter keeps the filter (from the first row), esc clears it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Hint, Outcome, hint};
use crate::app::{Action, App};

/// The actions the filter reacts to besides typing.
pub const KEYS: &[Action] = &[
    Action::Accept,
    Action::Cancel,
    Action::NextField,
    Action::PrevField,
    Action::EntryHelp,
];

/// Its key hints (in the status line).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Accept], "keep"),
    hint(&[Action::Cancel], "clear"),
    hint(&[Action::EntryHelp], "help"),
];

/// A key while the filter is typed.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    if app.keymap.action_among(&k, KEYS) == Some(Action::EntryHelp) {
        return app.open_help();
    }
    let pane = app.focus;
    let st = &mut app.panes[pane.index()];
    match app.keymap.action_among(&k, KEYS) {
        Some(Action::Cancel) => {
            st.filter.clear();
            app.refilter_from_top(pane);
            return Outcome::Close(Vec::new());
        }
        Some(Action::Accept) => {
            app.refilter_from_top(pane);
            return Outcome::Close(Vec::new());
        }
        Some(Action::NextField) => {
            app.move_by(1);
            return Outcome::Consumed(Vec::new());
        }
        Some(Action::PrevField) => {
            app.move_by(-1);
            return Outcome::Consumed(Vec::new());
        }
        _ => {}
    }
    // Typing: the filter text.
    match k.code {
        KeyCode::Backspace => {
            st.filter.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => st.filter.push(c),
        _ => return Outcome::Consumed(Vec::new()),
    }
    app.refilter_from_top(pane);
    Outcome::Consumed(Vec::new())
}
