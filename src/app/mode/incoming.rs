//! Asking who the incoming engineer is (after `a` in the handover note): the name is
//! typed, enter acknowledges after a confirmation, esc cancels.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode, Tone};

/// The actions the prompt reacts to besides typing.
pub const KEYS: &[Action] = &[Action::Accept, Action::Cancel, Action::EntryHelp];

/// Its key hints (in the status line).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Accept], "acknowledge"),
    hint(&[Action::Cancel], "cancel"),
    hint(&[Action::EntryHelp], "help"),
];

/// A key while the name is typed.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    if app.keymap.action_among(&k, KEYS) == Some(Action::EntryHelp) {
        return app.open_help();
    }
    let Mode::Incoming { name } = &mut app.mode else {
        return Outcome::Pass;
    };
    match app.keymap.action_among(&k, KEYS) {
        Some(Action::Cancel) => {
            app.say("acknowledgement cancelled; nothing written", Tone::Muted);
            return Outcome::Close(Vec::new());
        }
        Some(Action::Accept) => {
            let name = std::mem::take(name);
            app.acknowledge_handover(&name);
            return Outcome::Consumed(Vec::new());
        }
        _ => {}
    }
    // Typing: the text of the name.
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Backspace => {
            name.pop();
        }
        KeyCode::Char('u') if ctrl => name.clear(),
        KeyCode::Char(c) if !ctrl => name.push(c),
        _ => {}
    }
    Outcome::Consumed(Vec::new())
}
