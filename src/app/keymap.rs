//! Key bindings: which key chord runs which action. The defaults follow the habits of
//! lazygit, k9s and vim (both vim keys and arrows); `config.toml [keys]` can rebind.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::pane::PaneId;

/// A key with its modifiers, normalised (shift is folded into upper-case characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (Shift only for non-character keys).
    pub mods: KeyModifiers,
}

impl Chord {
    /// A chord from a key and modifiers, normalised.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        Chord { code, mods }
    }

    /// The chord of a key event.
    pub fn of(event: &KeyEvent) -> Self {
        Chord::new(event.code, event.modifiers)
    }

    /// How the chord is written in help and in `config.toml`.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
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

fn key(c: char) -> Chord {
    Chord::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn ctrl(c: char) -> Chord {
    Chord::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn code(k: KeyCode) -> Chord {
    Chord::new(k, KeyModifiers::NONE)
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Chord, Action)>,
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
            (code(KeyCode::Enter), Action::Enter),
            (key('l'), Action::Enter),
            (code(KeyCode::Esc), Action::Back),
            (key('h'), Action::Back),
            (key('/'), Action::Filter),
            (key(':'), Action::Command),
            (key('o'), Action::OpenEditor),
            (key('t'), Action::ToggleGaps),
            (key('>'), Action::CycleSort),
            (key('R'), Action::Recheck),
            (ctrl('r'), Action::Recheck),
        ];
        for (i, pane) in PaneId::ALL.iter().enumerate() {
            let digit = char::from_digit(u32::try_from(i + 1).unwrap_or(1), 10).unwrap_or('1');
            b.push((key(digit), Action::Focus(*pane)));
        }
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The action bound to a key event, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let chord = Chord::of(event);
        self.bindings
            .iter()
            .find(|(c, _)| *c == chord)
            .map(|(_, a)| *a)
    }

    /// Every chord bound to `action`, in binding order.
    pub fn chords(&self, action: Action) -> Vec<Chord> {
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
            .map(Chord::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Bind `chord` to `action` instead of its defaults (a user override). The chord is
    /// taken away from whatever it was bound to before.
    pub fn rebind(&mut self, action: Action, chords: &[Chord]) {
        self.bindings
            .retain(|(c, a)| *a != action && !chords.contains(c));
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
            k.action(&ev(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::Focus(PaneId::Escalation))
        );
        assert_eq!(k.label(Action::Down), "j/↓");
    }

    #[test]
    fn rebinding_moves_the_chord() {
        let mut k = Keymap::default();
        k.rebind(
            Action::Recheck,
            &[Chord::new(KeyCode::F(5), KeyModifiers::NONE)],
        );
        assert_eq!(
            k.action(&ev(KeyCode::F(5), KeyModifiers::NONE)),
            Some(Action::Recheck)
        );
        assert_eq!(k.action(&ev(KeyCode::Char('R'), KeyModifiers::NONE)), None);
        k.rebind(
            Action::Quit,
            &[Chord::new(KeyCode::Char('x'), KeyModifiers::NONE)],
        );
        assert_eq!(k.label(Action::Quit), "x");
    }
}
