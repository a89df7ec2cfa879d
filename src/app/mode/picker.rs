//! Picking a heading to link a requirement to: typing filters, up and down pick, enter
//! shows the diff of the link to confirm, esc cancels.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode, Tone};
use crate::edit::link;

/// The actions the picker reacts to besides typing.
pub const KEYS: &[Action] = &[
    Action::NextField,
    Action::PrevField,
    Action::Accept,
    Action::Cancel,
    Action::EntryHelp,
];

/// Its key hints.
pub const HINTS: &[Hint] = &[
    hint(&[Action::NextField, Action::PrevField], "pick"),
    hint(&[Action::Accept], "link (shows the diff)"),
    hint(&[Action::Cancel], "cancel"),
    hint(&[Action::EntryHelp], "help"),
];

/// A key while the picker is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, KEYS);
    if action == Some(Action::EntryHelp) {
        return app.open_help();
    }
    let Mode::Picker(p) = &mut app.mode else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::Cancel) => return Outcome::Close(Vec::new()),
        Some(Action::Accept) => {
            let Some(target) = p.current().cloned() else {
                return Outcome::Consumed(Vec::new());
            };
            let item = p.item.clone();
            return match link::link_evidence(&app.project.workspace, &item, &target) {
                Ok(edit) => {
                    let title = format!("Link {item} to {}", target.label);
                    app.confirm(title, vec![edit], None);
                    Outcome::Consumed(Vec::new())
                }
                Err(e) => {
                    app.say(e.to_string(), Tone::Error);
                    Outcome::Close(Vec::new())
                }
            };
        }
        Some(Action::NextField) => p.pick = (p.pick + 1).min(p.visible.len().saturating_sub(1)),
        Some(Action::PrevField) => p.pick = p.pick.saturating_sub(1),
        _ => {
            // Typing: the filter.
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            match k.code {
                KeyCode::Backspace => {
                    p.filter.pop();
                    p.refilter();
                }
                KeyCode::Char(c) if !ctrl => {
                    p.filter.push(c);
                    p.pick = 0;
                    p.refilter();
                }
                _ => {}
            }
        }
    }
    Outcome::Consumed(Vec::new())
}
