//! Confirming a write: the diff it makes is shown, scrolled with the popups' scroll
//! keys; write it, or go back to the form it came from. Other keys do nothing: a
//! stray key never drops a pending write. When there is nothing to write (a diff shown
//! for reading), any other key closes.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Kind, Outcome, hint};
use crate::app::{Action, App, Effect, Mode};

/// The actions the confirmation reacts to besides scrolling.
pub const KEYS: &[Action] = &[Action::ConfirmWrite, Action::ConfirmBack, Action::Help];

/// Its key hints when there is something to write.
pub const HINTS: &[Hint] = &[
    hint(&[Action::ConfirmWrite], "write"),
    hint(&[Action::ConfirmBack], "back"),
    hint(&[Action::Help], "help"),
];

/// Its key hints when there is nothing to write.
pub const READ_ONLY_HINTS: &[Hint] = &[
    hint(&[Action::Down, Action::Up], "scroll"),
    hint(&[Action::ConfirmBack], "close"),
];

/// A key while the confirmation is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, &Kind::Confirm.keys());
    if app.scroll_popup(action) {
        return Outcome::Consumed(Vec::new());
    }
    if action == Some(Action::Help) {
        return app.open_help();
    }
    let Mode::Confirm(c) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::ConfirmWrite) if !c.edits.is_empty() => {
            app.pending_form = c.form;
            Outcome::Close(vec![Effect::Save(c.edits)])
        }
        Some(Action::ConfirmBack) if c.form.is_some() => {
            app.mode = c.form.map_or(Mode::Normal, Mode::Form);
            Outcome::Consumed(Vec::new())
        }
        Some(Action::ConfirmBack) => Outcome::Close(Vec::new()),
        _ if c.edits.is_empty() => Outcome::Close(Vec::new()),
        _ => {
            app.mode = Mode::Confirm(c);
            Outcome::Consumed(Vec::new())
        }
    }
}
