//! Confirming a write: the diff it makes is shown; write it, or go back to the form it
//! came from. When there is nothing to write (a diff shown for reading), any key closes.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Effect, Mode};

/// The actions the confirmation reacts to; any other key closes it.
pub const KEYS: &[Action] = &[Action::ConfirmWrite, Action::ConfirmBack, Action::Help];

/// Its key hints when there is something to write.
pub const HINTS: &[Hint] = &[
    hint(&[Action::ConfirmWrite], "write"),
    hint(&[Action::ConfirmBack], "back"),
    hint(&[Action::Help], "help"),
];

/// Its key hints when there is nothing to write.
pub const READ_ONLY_HINTS: &[Hint] = &[hint(&[Action::ConfirmBack], "close")];

/// A key while the confirmation is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, KEYS);
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
        _ => Outcome::Close(Vec::new()),
    }
}
