//! The modes that take the keyboard for a while: help, the handover note and its name
//! prompt, confirming and conflicting writes, following links, the link picker, the
//! edit form, the walkthrough, the list filter, the command palette and the message
//! log. The popups whose text may not fit share one scroll ([`scroll`]). Each mode's
//! module owns its keys: the actions it reacts to (all in the action table, so
//! rebindable and listed in its help), its key handler and its key hints. Their
//! drawing lives in `ui::mode`, one module each.

pub mod confirm;
pub mod conflict;
pub mod filter;
pub mod form;
pub mod handover;
pub mod help;
pub mod history;
pub mod incoming;
pub mod links;
pub mod messages;
pub mod palette;
pub mod picker;
pub mod scroll;
pub mod walkthrough;

use super::action::Action;
use super::keymap::Keymap;
use super::{App, Effect, Mode};

/// What a mode did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The mode took the key; it stays open (or handed over to another mode).
    Consumed(Vec<Effect>),
    /// The mode took the key and closes: the keyboard goes back to the panes.
    Close(Vec<Effect>),
    /// Not a key of the mode: the panes get it.
    Pass,
}

/// One entry of a mode's key hints: the actions whose keys it shows, and what it says.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    /// The actions, shown by their first key each, `j/k`.
    pub actions: &'static [Action],
    /// What the keys do.
    pub label: &'static str,
}

/// A hint showing `actions` under `label`.
pub const fn hint(actions: &'static [Action], label: &'static str) -> Hint {
    Hint { actions, label }
}

/// The hints as (keys, label) pairs under the keymap in force: each action's first key,
/// joined by `/`. An entry whose actions have no key at all is left out.
pub fn hint_items(keymap: &Keymap, hints: &[Hint]) -> Vec<(String, &'static str)> {
    hints
        .iter()
        .filter_map(|h| {
            let keys: Vec<String> = h
                .actions
                .iter()
                .filter_map(|a| keymap.chords(*a).first().map(super::KeyChord::label))
                .collect();
            (!keys.is_empty()).then(|| (keys.join("/"), h.label))
        })
        .collect()
}

/// The mode that has the keyboard, as a name for its help and hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The help screen.
    Help,
    /// The handover note.
    Handover,
    /// The readiness chart.
    History,
    /// Asking who takes over.
    Incoming,
    /// Confirming a write.
    Confirm,
    /// A write that met someone else's change.
    Conflict,
    /// Following one of a requirement's links.
    Links,
    /// Picking a heading to link to.
    Picker,
    /// The edit form.
    Form,
    /// The walkthrough.
    Walkthrough,
    /// Typing a filter for the focused list.
    Filter,
    /// Typing a `:` command.
    Palette,
    /// The message log.
    Messages,
}

impl Kind {
    /// Every mode.
    pub const ALL: [Kind; 13] = [
        Kind::Help,
        Kind::Handover,
        Kind::History,
        Kind::Incoming,
        Kind::Confirm,
        Kind::Conflict,
        Kind::Links,
        Kind::Picker,
        Kind::Form,
        Kind::Walkthrough,
        Kind::Filter,
        Kind::Palette,
        Kind::Messages,
    ];

    /// The mode of `mode`, when it is one of these (the walkthrough runs under
    /// [`Mode::Normal`], so it is never found here).
    pub fn of(mode: &Mode) -> Option<Kind> {
        match mode {
            Mode::Help(_) => Some(Kind::Help),
            Mode::Handover { .. } => Some(Kind::Handover),
            Mode::History => Some(Kind::History),
            Mode::Incoming { .. } => Some(Kind::Incoming),
            Mode::Confirm(_) => Some(Kind::Confirm),
            Mode::Conflict(_) => Some(Kind::Conflict),
            Mode::Links { .. } => Some(Kind::Links),
            Mode::Picker(_) => Some(Kind::Picker),
            Mode::Form(_) => Some(Kind::Form),
            Mode::Filter => Some(Kind::Filter),
            Mode::Command { .. } => Some(Kind::Palette),
            Mode::Messages(_) => Some(Kind::Messages),
            Mode::Normal => None,
        }
    }

    /// What the help calls the mode.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Help => "the help",
            Kind::Handover => "the handover note",
            Kind::History => "the readiness chart",
            Kind::Incoming => "the incoming-engineer prompt",
            Kind::Confirm => "the confirmation",
            Kind::Conflict => "the conflict dialog",
            Kind::Links => "the link list",
            Kind::Picker => "the link picker",
            Kind::Form => "the edit form",
            Kind::Walkthrough => "the walkthrough",
            Kind::Filter => "the filter",
            Kind::Palette => "the command palette",
            Kind::Messages => "the message log",
        }
    }

    /// True for the popups whose text may not fit: they take the scroll keys.
    pub fn scrolls(self) -> bool {
        matches!(
            self,
            Kind::Help | Kind::Handover | Kind::Confirm | Kind::Conflict | Kind::Messages
        )
    }

    /// What the keys the mode does not list do, for its help.
    pub fn other_keys(self) -> &'static str {
        match self {
            Kind::Help => "Any other key closes the help.",
            Kind::Handover | Kind::History | Kind::Links | Kind::Messages => {
                "Any other key closes it."
            }
            Kind::Confirm => {
                "Other keys do nothing while a write waits; a diff shown for reading closes."
            }
            Kind::Conflict => "Other keys do nothing: the choice has to be made.",
            Kind::Form => "Other keys type into the field (? too); ←/→ cycle a choice.",
            Kind::Picker | Kind::Palette | Kind::Filter | Kind::Incoming => {
                "Other keys type into the prompt (? too)."
            }
            Kind::Walkthrough => "Other keys are the panes' keys.",
        }
    }

    /// The actions the mode reacts to: its own, then the scroll keys when it scrolls.
    pub fn keys(self) -> Vec<Action> {
        let own = self.own_keys();
        let scroll = if self.scrolls() { scroll::KEYS } else { &[] };
        own.iter().chain(scroll).copied().collect()
    }

    fn own_keys(self) -> &'static [Action] {
        match self {
            Kind::Help => help::KEYS,
            Kind::Handover => handover::KEYS,
            Kind::History => history::KEYS,
            Kind::Incoming => incoming::KEYS,
            Kind::Confirm => confirm::KEYS,
            Kind::Conflict => conflict::KEYS,
            Kind::Links => links::KEYS,
            Kind::Picker => picker::KEYS,
            Kind::Form => form::KEYS,
            Kind::Walkthrough => walkthrough::KEYS,
            Kind::Filter => filter::KEYS,
            Kind::Palette => palette::KEYS,
            Kind::Messages => messages::KEYS,
        }
    }

    /// The mode's key hints.
    pub fn hints(self) -> &'static [Hint] {
        match self {
            Kind::Help => help::HINTS,
            Kind::Handover => handover::HINTS,
            Kind::History => history::HINTS,
            Kind::Incoming => incoming::HINTS,
            Kind::Confirm => confirm::HINTS,
            Kind::Conflict => conflict::HINTS,
            Kind::Links => links::HINTS,
            Kind::Picker => picker::HINTS,
            Kind::Form => form::HINTS,
            Kind::Walkthrough => walkthrough::HINTS,
            Kind::Filter => filter::HINTS,
            Kind::Palette => palette::HINTS,
            Kind::Messages => messages::HINTS,
        }
    }
}

impl App {
    /// The mode that has the keyboard, if any (the walkthrough counts while it runs
    /// under the panes' keys).
    pub fn mode_kind(&self) -> Option<Kind> {
        match &self.mode {
            Mode::Normal if self.walk.is_some() => Some(Kind::Walkthrough),
            mode => Kind::of(mode),
        }
    }

    /// `?` (or, in a prompt, `f1`) inside a mode: the help lists the mode's keys, and
    /// closing it goes back to the mode.
    fn open_help(&mut self) -> Outcome {
        let over = std::mem::replace(&mut self.mode, Mode::Help(scroll::Scroll::default()));
        self.help_over = Some(Box::new(over));
        Outcome::Consumed(Vec::new())
    }

    /// The (keys, label) hints of a mode under the keymap in force.
    pub fn mode_hints(&self, kind: Kind) -> Vec<(String, &'static str)> {
        let hints = match (kind, &self.mode) {
            (Kind::Walkthrough, _) if self.present => walkthrough::PRESENT_HINTS,
            (Kind::Confirm, Mode::Confirm(c)) if c.edits.is_empty() => confirm::READ_ONLY_HINTS,
            _ => kind.hints(),
        };
        hint_items(&self.keymap, hints)
    }
}
