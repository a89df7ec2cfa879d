//! Typing a `:` command: completions follow the line, the completion keys pick one,
//! enter runs the line (or the picked completion when the line is not a command), esc
//! cancels.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode, command};

/// The actions the palette reacts to besides typing.
pub const KEYS: &[Action] = &[
    Action::Complete,
    Action::NextField,
    Action::PrevField,
    Action::Accept,
    Action::Cancel,
    Action::EntryHelp,
];

/// Its key hints (in the status line).
pub const HINTS: &[Hint] = &[
    hint(&[Action::Complete], "complete"),
    hint(&[Action::Accept], "run"),
    hint(&[Action::Cancel], "cancel"),
    hint(&[Action::EntryHelp], "help"),
];

/// A key while a command is typed.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, KEYS);
    if action == Some(Action::EntryHelp) {
        return app.open_help();
    }
    let Mode::Command {
        input,
        completions,
        pick,
    } = &mut app.mode
    else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::Cancel) => return Outcome::Close(Vec::new()),
        Some(Action::Complete) if completions.len() == 1 => {
            *input = completions[0].clone();
            app.complete_command();
        }
        Some(Action::Complete | Action::NextField) if !completions.is_empty() => {
            *pick = (*pick + 1) % completions.len();
        }
        Some(Action::PrevField) if !completions.is_empty() => {
            *pick = (*pick + completions.len() - 1) % completions.len();
        }
        Some(Action::Accept) => {
            let typed = input.trim().to_string();
            let line = if command::parse(&typed).is_err() {
                completions.get(*pick).cloned().unwrap_or(typed)
            } else {
                typed
            };
            // The palette closes first: the command may open a mode of its own.
            app.mode = Mode::Normal;
            return Outcome::Consumed(app.run_command(&line));
        }
        Some(_) => {}
        None => {
            // Typing: the command line.
            match k.code {
                KeyCode::Backspace => {
                    input.pop();
                    app.complete_command();
                }
                KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.push(c);
                    app.complete_command();
                }
                _ => {}
            }
        }
    }
    Outcome::Consumed(Vec::new())
}
