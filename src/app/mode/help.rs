//! The help screen: the keys of the focused pane (or of the walkthrough) and every `:`
//! command, or, opened from a popup, that popup's keys. `j`/`k` scroll; any other key
//! closes it, back to the popup it was opened from.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode};

/// The actions the help screen reacts to; any other key closes it.
pub const KEYS: &[Action] = &[Action::Down, Action::Up, Action::Quit];

/// Its key hints (in its title).
pub const HINTS: &[Hint] = &[hint(&[Action::Down, Action::Up], "scroll")];

/// A key while the help is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let Mode::Help(scroll) = app.mode else {
        return Outcome::Pass;
    };
    match app.keymap.action_among(&k, KEYS) {
        Some(Action::Down) => app.mode = Mode::Help(scroll.saturating_add(1)),
        Some(Action::Up) => app.mode = Mode::Help(scroll.saturating_sub(1)),
        // A plain `q` closes the help like any key; ctrl-c still quits from here.
        Some(Action::Quit) if k.modifiers.contains(KeyModifiers::CONTROL) => {
            app.mode = Mode::Normal;
            app.help_over = None;
            return Outcome::Close(app.act(Action::Quit));
        }
        _ => {
            return match app.help_over.take() {
                Some(over) => {
                    app.mode = *over;
                    Outcome::Consumed(Vec::new())
                }
                None => Outcome::Close(Vec::new()),
            };
        }
    }
    Outcome::Consumed(Vec::new())
}
