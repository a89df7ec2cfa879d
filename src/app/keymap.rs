//! Key bindings: which key chord runs which action. The defaults follow the habits of
//! lazygit, k9s and vim (both vim keys and arrows); `config.toml [keys]` can rebind.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Scope};
use super::pane::PaneId;

/// A key with its modifiers, normalised so that a parsed chord equals the chord of the key
/// event a terminal sends for it.
///
/// Normalisation: Shift is folded into characters (`shift-g` is `G`, and Shift never
/// appears with a character) and into `shift-tab` (the `BackTab` key, without Shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt, and Shift for keys other than characters and tab.
    pub modifiers: KeyModifiers,
}

impl KeyChord {
    /// A normalised chord of `code` with `modifiers`.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if shift => {
                let mut upper = c.to_uppercase();
                match (upper.next(), upper.next()) {
                    (Some(u), None) => KeyCode::Char(u),
                    _ => KeyCode::Char(c),
                }
            }
            KeyCode::Tab if shift => KeyCode::BackTab,
            other => other,
        };
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        KeyChord { code, modifiers }
    }

    /// The chord of a key event from the terminal (its kind, press or release, is ignored).
    pub fn from_event(event: &KeyEvent) -> KeyChord {
        KeyChord::new(event.code, event.modifiers)
    }
}

/// The key names `parse_key_chord` accepts besides single characters and `f1`–`f24`; the
/// first name of each key is how it is displayed.
const KEY_NAMES: [(&str, KeyCode); 21] = [
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

impl fmt::Display for KeyChord {
    /// The chord as `parse_key_chord` reads it: `ctrl-r`, `shift-tab`, `G`, `f5`, `space`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (flag, prefix) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(flag) {
                f.write_str(prefix)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match KEY_NAMES.iter().find(|(_, k)| *k == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

/// Why a key chord from `config.toml` cannot be read; its text says what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyChordError {
    /// Nothing was written.
    #[error("the key is empty; write one like \"g\", \"ctrl-r\", \"shift-tab\" or \"f5\"")]
    Empty,
    /// A prefix that is not `ctrl-`, `alt-` or `shift-`.
    #[error("unknown modifier {0:?}; write ctrl-, alt- or shift- before the key, like \"ctrl-r\"")]
    UnknownModifier(String),
    /// The same modifier twice.
    #[error("{0}- is written twice; write it once")]
    Twice(String),
    /// A modifier with no key after it.
    #[error("there is no key after {0}-; write one, like \"{0}-r\"")]
    NoKey(String),
    /// A key name that is not known.
    #[error(
        "unknown key {0:?}; write a single character or one of enter, esc, tab, backspace, \
         delete, insert, home, end, pageup, pagedown, up, down, left, right, space, f1-f24"
    )]
    UnknownKey(String),
}

/// Parse a key chord as written in `config.toml`: optional `ctrl-`, `alt-`, `shift-`
/// prefixes (any order, any case) and a key: one character (`g`, `G`, `?`, `-`), a name
/// (`enter`, `esc`, `tab`, `backspace`, `delete`, `insert`, `home`, `end`, `pageup`,
/// `pagedown`, `up`, `down`, `left`, `right`, `space`) or `f1`–`f24`. The error says
/// what is wrong and what to write instead.
pub fn parse_key_chord(text: &str) -> Result<KeyChord, KeyChordError> {
    if text.is_empty() {
        return Err(KeyChordError::Empty);
    }
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    while let Some((head, tail)) = rest.split_once('-') {
        if head.is_empty() {
            break;
        }
        let modifier = match head.to_ascii_lowercase().as_str() {
            "ctrl" => KeyModifiers::CONTROL,
            "alt" => KeyModifiers::ALT,
            "shift" => KeyModifiers::SHIFT,
            _ => return Err(KeyChordError::UnknownModifier(head.to_string())),
        };
        if modifiers.contains(modifier) {
            return Err(KeyChordError::Twice(head.to_string()));
        }
        modifiers |= modifier;
        if tail.is_empty() {
            return Err(KeyChordError::NoKey(head.to_string()));
        }
        rest = tail;
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => named_key(rest).ok_or_else(|| KeyChordError::UnknownKey(rest.to_string()))?,
    };
    Ok(KeyChord::new(code, modifiers))
}

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if lower == "space" {
        return Some(KeyCode::Char(' '));
    }
    if let Some(n) = lower.strip_prefix('f')
        && !n.starts_with('0')
        && let Ok(n) = n.parse::<u8>()
        && (1..=24).contains(&n)
    {
        return Some(KeyCode::F(n));
    }
    KEY_NAMES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, code)| *code)
}

impl KeyChord {
    /// How the chord is shown in help and key hints (arrows as glyphs).
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            s.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            s.push_str("alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            s.push_str("shift-");
        }
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "del".into(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        s.push_str(&key);
        s
    }
}

fn key(c: char) -> KeyChord {
    KeyChord::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyChord {
    KeyChord::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn code(k: KeyCode) -> KeyChord {
    KeyChord::new(k, KeyModifiers::NONE)
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(KeyChord, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut b = vec![
            (key('q'), Action::Quit),
            (ctrl('c'), Action::Quit),
            (key('?'), Action::Help),
            (code(KeyCode::Tab), Action::NextPane),
            (code(KeyCode::BackTab), Action::PrevPane),
            (key(']'), Action::NextPane),
            (key('['), Action::PrevPane),
            (key('j'), Action::Down),
            (code(KeyCode::Down), Action::Down),
            (key('k'), Action::Up),
            (code(KeyCode::Up), Action::Up),
            (key('g'), Action::Top),
            (code(KeyCode::Home), Action::Top),
            (key('G'), Action::Bottom),
            (code(KeyCode::End), Action::Bottom),
            (ctrl('d'), Action::PageDown),
            (code(KeyCode::PageDown), Action::PageDown),
            (ctrl('u'), Action::PageUp),
            (code(KeyCode::PageUp), Action::PageUp),
            (code(KeyCode::Left), Action::ScrollLeft),
            (code(KeyCode::Right), Action::ScrollRight),
            (code(KeyCode::Enter), Action::Enter),
            (code(KeyCode::Esc), Action::Back),
            (key('h'), Action::Back),
            (key('/'), Action::Filter),
            (key(':'), Action::Command),
            (key('o'), Action::OpenEditor),
            (key('t'), Action::ToggleGaps),
            (key('p'), Action::TogglePeople),
            (key('c'), Action::ToggleContacts),
            (key('>'), Action::CycleSort),
            (key('R'), Action::Recheck),
            (key('e'), Action::Edit),
            (key(' '), Action::Toggle),
            (key('a'), Action::AddRow),
            (key('s'), Action::SignOff),
            (key('S'), Action::Revoke),
            (key('W'), Action::Waive),
            (key('u'), Action::Undo),
            (key('d'), Action::Diff),
            (key('l'), Action::LinkEvidence),
            (key('w'), Action::Walkthrough),
            (ctrl('r'), Action::Recheck),
        ];
        for (i, pane) in PaneId::ALL.iter().enumerate() {
            let digit = char::from_digit(u32::try_from(i + 1).unwrap_or(1), 10).unwrap_or('1');
            b.push((key(digit), Action::focus(*pane)));
        }
        // The modes' own keys: a chord here is looked up only while its mode is open.
        b.extend([
            (key('n'), Action::WalkNext),
            (key('j'), Action::WalkNext),
            (code(KeyCode::Right), Action::WalkNext),
            (code(KeyCode::Down), Action::WalkNext),
            (code(KeyCode::PageDown), Action::WalkNext),
            (key('p'), Action::WalkPrev),
            (key('k'), Action::WalkPrev),
            (code(KeyCode::Left), Action::WalkPrev),
            (code(KeyCode::Up), Action::WalkPrev),
            (code(KeyCode::PageUp), Action::WalkPrev),
            (key('g'), Action::WalkFirst),
            (code(KeyCode::Home), Action::WalkFirst),
            (key('G'), Action::WalkLast),
            (code(KeyCode::End), Action::WalkLast),
            (key('x'), Action::WalkSkip),
            (key('r'), Action::WalkReview),
            (key('a'), Action::WalkLogStatus),
            (key('q'), Action::WalkLeave),
            (code(KeyCode::Esc), Action::WalkLeave),
            (key(' '), Action::NotePageDown),
            (code(KeyCode::PageDown), Action::NotePageDown),
            (code(KeyCode::PageUp), Action::NotePageUp),
            (key('a'), Action::Acknowledge),
            (code(KeyCode::Enter), Action::ConfirmWrite),
            (key('y'), Action::ConfirmWrite),
            (code(KeyCode::Esc), Action::ConfirmBack),
            (key('n'), Action::ConfirmBack),
            (key('e'), Action::KeepEditing),
            (key('t'), Action::TakeTheirs),
            (key('w'), Action::WriteMine),
            (code(KeyCode::Tab), Action::Complete),
            (code(KeyCode::Enter), Action::Accept),
            (code(KeyCode::Esc), Action::Cancel),
            (ctrl('c'), Action::Cancel),
            (code(KeyCode::Tab), Action::NextField),
            (code(KeyCode::Down), Action::NextField),
            (code(KeyCode::BackTab), Action::PrevField),
            (code(KeyCode::Up), Action::PrevField),
            (ctrl('n'), Action::NextField),
            (ctrl('p'), Action::PrevField),
            (ctrl('d'), Action::HalfPageDown),
            (ctrl('u'), Action::HalfPageUp),
            (code(KeyCode::F(1)), Action::EntryHelp),
        ]);
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The pane action bound to a key event, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(event, |a| a.info().scope == Scope::Panes)
    }

    /// The action bound to a key event among the actions `wanted` accepts (a mode's
    /// keys), if any. A mode's own action wins over a pane action on the same chord
    /// (`ctrl-d` is half a page in a popup, a page in a list).
    pub fn action_in(&self, event: &KeyEvent, wanted: impl Fn(Action) -> bool) -> Option<Action> {
        let chord = KeyChord::from_event(event);
        let bound = |own: bool| {
            self.bindings
                .iter()
                .find(|(c, a)| {
                    *c == chord && wanted(*a) && (!own || a.info().scope != Scope::Panes)
                })
                .map(|(_, a)| *a)
        };
        bound(true).or_else(|| bound(false))
    }

    /// The action bound to a key event among `actions`, if any.
    pub fn action_among(&self, event: &KeyEvent, actions: &[Action]) -> Option<Action> {
        self.action_in(event, |a| actions.contains(&a))
    }

    /// Every chord bound to `action`, in binding order.
    pub fn chords(&self, action: Action) -> Vec<KeyChord> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(c, _)| *c)
            .collect()
    }

    /// The label of `action`'s keys, `j/↓`, for help and hints.
    pub fn label(&self, action: Action) -> String {
        self.chords(action)
            .iter()
            .map(KeyChord::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Apply `config.toml [keys]`: each named action's chords replace its defaults
    /// (names that are not actions were reported when the file was read).
    pub fn apply(&mut self, keys: &std::collections::BTreeMap<String, Vec<KeyChord>>) {
        for (name, chords) in keys {
            if let Some(a) = Action::from_name(name) {
                self.rebind(a, chords);
            }
        }
    }

    /// Bind `chord` to `action` instead of its defaults (a user override). The chord is
    /// taken away from whatever it was bound to before in the same scope (a mode's keys
    /// keep a chord that a pane action takes, and the other way round).
    pub fn rebind(&mut self, action: Action, chords: &[KeyChord]) {
        let scope = action.info().scope;
        self.bindings
            .retain(|(c, a)| *a != action && !(chords.contains(c) && a.info().scope == scope));
        for c in chords {
            self.bindings.push((*c, action));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn vim_keys_and_arrows_both_work() {
        let k = Keymap::default();
        assert_eq!(
            k.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            k.action(&ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            k.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            k.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            k.action(&ev(KeyCode::Char('4'), KeyModifiers::NONE)),
            Some(Action::FocusEscalation)
        );
        assert_eq!(k.label(Action::Down), "j/↓");
    }

    #[test]
    fn rebinding_moves_the_chord() {
        let mut k = Keymap::default();
        k.rebind(
            Action::Recheck,
            &[KeyChord::new(KeyCode::F(5), KeyModifiers::NONE)],
        );
        assert_eq!(
            k.action(&ev(KeyCode::F(5), KeyModifiers::NONE)),
            Some(Action::Recheck)
        );
        assert_eq!(k.action(&ev(KeyCode::Char('R'), KeyModifiers::NONE)), None);
        k.rebind(
            Action::Quit,
            &[KeyChord::new(KeyCode::Char('x'), KeyModifiers::NONE)],
        );
        assert_eq!(k.label(Action::Quit), "x");
    }
}
