//! The help screen: the keys of the focused pane (or of the walkthrough) and every `:`
//! command, or, opened from a mode, that mode's keys. It scrolls with the popups'
//! scroll keys; any other key closes it, back to the mode it was opened from. What it
//! lists is built here, from the same key tables the modes dispatch on, so the help
//! cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::{Hint, Kind, Outcome, hint};
use crate::app::action::Scope;
use crate::app::command::{COMMANDS, CommandInfo};
use crate::app::{ACTIONS, Action, App, Mode};

/// The actions the help screen reacts to besides scrolling; any other key closes it.
pub const KEYS: &[Action] = &[Action::Quit];

/// Its key hints (in its title).
pub const HINTS: &[Hint] = &[hint(&[Action::Down, Action::Up], "scroll")];

/// One line of the help screen.
#[derive(Debug, Clone, Copy)]
pub enum Entry {
    /// A section heading: "Keys in" the mode or pane named.
    Keys(&'static str),
    /// The heading of the commands.
    Commands,
    /// An action with its keys (only actions that have a key are listed).
    Key(Action),
    /// A palette command.
    Command(&'static CommandInfo),
    /// What other keys do.
    Note(&'static str),
    /// An empty line.
    Blank,
}

/// Every line of the help screen: opened from a mode, the mode's keys; else keys for
/// the walkthrough (while it runs) and the focused pane, then commands; last, the keys
/// that scroll the help itself.
pub fn entries(app: &App) -> Vec<Entry> {
    let mut out = Vec::new();
    let keys = |out: &mut Vec<Entry>, actions: &[Action]| {
        out.extend(
            actions
                .iter()
                .filter(|a| !app.keymap.chords(**a).is_empty())
                .map(|a| Entry::Key(*a)),
        );
    };
    if let Some(kind) = app.help_over.as_deref().and_then(Kind::of) {
        out.push(Entry::Keys(kind.title()));
        keys(&mut out, &kind.keys());
        out.push(Entry::Note(kind.other_keys()));
    } else {
        if app.walk.is_some() {
            out.push(Entry::Keys(Kind::Walkthrough.title()));
            keys(&mut out, &Kind::Walkthrough.keys());
            out.push(Entry::Note(Kind::Walkthrough.other_keys()));
            out.push(Entry::Blank);
        }
        out.push(Entry::Keys(app.focus.title()));
        let panes: Vec<Action> = ACTIONS
            .iter()
            .filter(|i| i.scope == Scope::Panes && i.action.applies_to(app.focus))
            .map(|i| i.action)
            .collect();
        keys(&mut out, &panes);
        out.push(Entry::Blank);
        out.push(Entry::Commands);
        out.extend(COMMANDS.iter().map(Entry::Command));
        out.push(Entry::Blank);
        out.push(Entry::Note(
            "Mouse: click a tab or a row to select it; the wheel scrolls.",
        ));
    }
    out.push(Entry::Blank);
    out.push(Entry::Keys(Kind::Help.title()));
    keys(&mut out, &Kind::Help.keys());
    out.push(Entry::Note(Kind::Help.other_keys()));
    out
}

/// A key while the help is open.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let action = app.keymap.action_among(&k, &Kind::Help.keys());
    if app.scroll_popup(action) {
        return Outcome::Consumed(Vec::new());
    }
    // A plain `q` closes the help like any key; ctrl-c still quits from here.
    if action == Some(Action::Quit) && k.modifiers.contains(KeyModifiers::CONTROL) {
        app.mode = Mode::Normal;
        app.help_over = None;
        return Outcome::Close(app.act(Action::Quit));
    }
    match app.help_over.take() {
        Some(over) => {
            app.mode = *over;
            Outcome::Consumed(Vec::new())
        }
        None => Outcome::Close(Vec::new()),
    }
}
