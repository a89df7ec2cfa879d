//! The edit form: typing edits the focused field (←/→ cycle a choice), the field keys
//! move between fields, enter reviews the change (a diff to confirm), esc cancels.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode, Tone};

/// The actions the form reacts to besides typing.
pub const KEYS: &[Action] = &[
    Action::NextField,
    Action::PrevField,
    Action::Accept,
    Action::Cancel,
    Action::EntryHelp,
];

/// Its key hints.
pub const HINTS: &[Hint] = &[
    hint(&[Action::NextField, Action::PrevField], "field"),
    hint(&[Action::Accept], "review & save"),
    hint(&[Action::Cancel], "cancel"),
    hint(&[Action::EntryHelp], "help"),
];

/// A key while the form is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, KEYS);
    if action == Some(Action::EntryHelp) {
        return app.open_help();
    }
    let Mode::Form(form) = &mut app.mode else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::Cancel) => {
            app.say("edit cancelled; nothing written", Tone::Muted);
            return Outcome::Close(Vec::new());
        }
        Some(Action::Accept) => {
            if let Mode::Form(form) = std::mem::replace(&mut app.mode, Mode::Normal) {
                app.submit_form(form);
            }
        }
        Some(Action::NextField) => form.move_focus(true),
        Some(Action::PrevField) => form.move_focus(false),
        _ => form.key(k),
    }
    Outcome::Consumed(Vec::new())
}
