//! A write met someone else's change: keep editing, take theirs, or write yours on top.
//! The message scrolls with the popups' scroll keys; other keys do nothing, the choice
//! has to be made.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Kind, Outcome, hint};
use crate::app::{Action, App, Effect, Mode, Tone};

/// The actions the conflict dialog reacts to besides scrolling.
pub const KEYS: &[Action] = &[
    Action::KeepEditing,
    Action::TakeTheirs,
    Action::WriteMine,
    Action::Help,
];

/// Its key hints.
pub const HINTS: &[Hint] = &[
    hint(&[Action::KeepEditing], "keep editing"),
    hint(&[Action::TakeTheirs], "take theirs"),
    hint(&[Action::WriteMine], "write yours"),
    hint(&[Action::Help], "help"),
];

/// A key while the conflict dialog is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, &Kind::Conflict.keys());
    if app.scroll_popup(action) {
        return Outcome::Consumed(Vec::new());
    }
    match action {
        None => return Outcome::Consumed(Vec::new()),
        Some(Action::Help) => return app.open_help(),
        Some(_) => {}
    }
    let Mode::Conflict(c) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::KeepEditing) => {
            app.mode = c.form.map_or(Mode::Normal, Mode::Form);
            Outcome::Consumed(Vec::new())
        }
        Some(Action::TakeTheirs) => {
            app.say("took their version; your edit was not written", Tone::Muted);
            Outcome::Close(vec![Effect::ReloadAll])
        }
        Some(Action::WriteMine) => {
            app.pending_form = c.form;
            Outcome::Close(vec![Effect::ReloadAll, Effect::Save(c.edits)])
        }
        _ => {
            app.mode = Mode::Conflict(c);
            Outcome::Consumed(Vec::new())
        }
    }
}
