//! Choosing one of a requirement's links to follow: up and down pick, enter follows,
//! any other key closes.

use ratatui::crossterm::event::KeyEvent;

use super::{Hint, Outcome, hint};
use crate::app::{Action, App, Mode};

/// The actions the link list reacts to; any other key closes it.
pub const KEYS: &[Action] = &[Action::Down, Action::Up, Action::Enter, Action::Help];

/// Its key hints (in its title).
pub const HINTS: &[Hint] = &[hint(&[Action::Enter], "follow link")];

/// A key while the link list is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, KEYS);
    let Mode::Links { links, pick } = &mut app.mode else {
        return Outcome::Pass;
    };
    match action {
        Some(Action::Down) => *pick = (*pick + 1).min(links.len().saturating_sub(1)),
        Some(Action::Up) => *pick = pick.saturating_sub(1),
        Some(Action::Help) => return app.open_help(),
        Some(Action::Enter) => {
            let chosen = links.get(*pick).cloned();
            app.mode = Mode::Normal;
            if let Some((_, path, anchor)) = chosen {
                app.follow_link(&path, anchor.as_deref());
            }
            return Outcome::Close(Vec::new());
        }
        _ => return Outcome::Close(Vec::new()),
    }
    Outcome::Consumed(Vec::new())
}
