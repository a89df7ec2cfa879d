//! The operator's own settings: `config.toml` in the platform config directory (or in
//! `$READYROOM_CONFIG_DIR`), with the theme, the signer name, the editor and key
//! overrides, plus the key-chord syntax those overrides are written in.
//!
//! ```toml
//! theme = "high-contrast"
//! signer = "Dana Kim"
//! editor = "code --wait"
//!
//! [keys]
//! recheck = "ctrl-r"
//! down = ["j", "down"]
//! ```
//!
//! Parsing is strict: an unknown key, an unknown action or a chord that does not parse is
//! an error naming the file, the line and the key, with what to write instead. A missing
//! file means the defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::app::keymap::{KeyChord, parse_key_chord};
use serde::Deserialize;
use toml::Spanned;

use crate::model::line_number;

/// The file name looked up in the config directory.
pub const CONFIG_FILE: &str = "config.toml";

/// The environment variable that overrides the config directory (tests, portable setups).
pub const CONFIG_DIR_ENV: &str = "READYROOM_CONFIG_DIR";

/// The readyroom config directory: `$READYROOM_CONFIG_DIR` if set and not empty, else the
/// platform's (`~/.config/readyroom` on Linux); `None` when neither can be found (no
/// home directory). User themes live in its `themes/` folder.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "readyroom")
            .map(|dirs| dirs.config_dir().to_path_buf()),
    }
}

/// The operator's settings; every field is optional and the app supplies defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserConfig {
    /// The file these settings came from; `None` when there was none (all defaults).
    pub path: Option<PathBuf>,
    /// The theme name (`theme = "dark"`): a built-in or a user theme.
    pub theme: Option<String>,
    /// The name written on sign-offs (`signer = "Dana Kim"`).
    pub signer: Option<String>,
    /// The editor command (`editor = "nvim"`), used before `$VISUAL` and `$EDITOR`.
    pub editor: Option<String>,
    /// Key overrides from `[keys]`: action name → the chords that replace its bindings.
    pub keys: BTreeMap<String, Vec<KeyChord>>,
}

/// A `config.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file says something readyroom does not understand.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file as the user knows it.
        file: String,
        /// 1-based line of the offending key or value.
        line: usize,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// The file exists but cannot be read.
    #[error("{path}: cannot read the config file: {source}")]
    Unreadable {
        /// The file path.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<Spanned<String>>,
    signer: Option<Spanned<String>>,
    editor: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

impl UserConfig {
    /// Load `config.toml` from `dir`, or from [`config_dir`] when `dir` is `None`. A
    /// missing file (or no config directory at all) gives the defaults. `action_names`
    /// are the `snake_case` names `[keys]` may use.
    pub fn load(dir: Option<&Path>, action_names: &[&str]) -> Result<UserConfig, ConfigError> {
        let Some(dir) = dir.map(Path::to_path_buf).or_else(config_dir) else {
            return Ok(UserConfig::default());
        };
        let path = dir.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(UserConfig::default());
            }
            Err(source) => {
                return Err(ConfigError::Unreadable {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        let mut config = UserConfig::parse(&text, &path.display().to_string(), action_names)?;
        config.path = Some(path);
        Ok(config)
    }

    /// Parse and validate the text of a `config.toml`; `file_label` names it in messages.
    pub fn parse(
        text: &str,
        file_label: &str,
        action_names: &[&str],
    ) -> Result<UserConfig, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            file: file_label.to_string(),
            line: line_number(text.as_bytes(), offset),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(offset, e.message().trim().to_string())
        })?;
        let mut config = UserConfig::default();
        if let Some(theme) = raw.theme {
            let name = theme.get_ref();
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(invalid(
                    theme.span().start,
                    format!(
                        "theme {name:?} is not a theme name; write a built-in such as \
                         theme = \"dark\", or the name of a file in themes/ without .toml"
                    ),
                ));
            }
            config.theme = Some(theme.into_inner());
        }
        if let Some(signer) = raw.signer {
            if signer.get_ref().trim().is_empty() {
                return Err(invalid(
                    signer.span().start,
                    "signer is empty; write the name to put on sign-offs, like \
                     signer = \"Dana Kim\""
                        .into(),
                ));
            }
            config.signer = Some(signer.get_ref().trim().to_string());
        }
        if let Some(editor) = raw.editor {
            if editor.get_ref().trim().is_empty() {
                return Err(invalid(
                    editor.span().start,
                    "editor is empty; write a command, like editor = \"nvim\" or \
                     editor = \"code --wait\""
                        .into(),
                ));
            }
            config.editor = Some(editor.get_ref().trim().to_string());
        }
        let mut entries: Vec<_> = raw.keys.into_iter().collect();
        entries.sort_by_key(|(action, _)| action.span().start);
        let mut bound: Vec<(KeyChord, String)> = Vec::new();
        for (action, value) in entries {
            let name = action.get_ref();
            if !action_names.contains(&name.as_str()) {
                let hint = match closest(name, action_names) {
                    Some(near) => format!("did you mean {near:?}?"),
                    None => format!("the actions are {}", action_names.join(", ")),
                };
                return Err(invalid(
                    action.span().start,
                    format!("unknown action {name:?} in [keys]; {hint}"),
                ));
            }
            let texts: Vec<&str> = match value.get_ref() {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(items) if !items.is_empty() => {
                    items.iter().filter_map(toml::Value::as_str).collect()
                }
                _ => Vec::new(),
            };
            let all_strings = match value.get_ref() {
                toml::Value::Array(items) => texts.len() == items.len(),
                _ => !texts.is_empty(),
            };
            if !all_strings {
                return Err(invalid(
                    value.span().start,
                    format!(
                        "keys.{name} must be a key chord in quotes, like {name} = \"ctrl-r\", \
                         or a list of them, like {name} = [\"j\", \"down\"]"
                    ),
                ));
            }
            let mut chords = Vec::new();
            for chord_text in texts {
                let chord = parse_key_chord(chord_text).map_err(|why| {
                    invalid(
                        value.span().start,
                        format!("keys.{name} = {chord_text:?}: {why}"),
                    )
                })?;
                if let Some((_, other)) = bound.iter().find(|(c, _)| *c == chord) {
                    return Err(invalid(
                        value.span().start,
                        format!(
                            "{chord_text:?} is bound to both keys.{other} and keys.{name}; give \
                             each action its own keys"
                        ),
                    ));
                }
                bound.push((chord, name.clone()));
                chords.push(chord);
            }
            config.keys.insert(name.clone(), chords);
        }
        Ok(config)
    }
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const ACTIONS: [&str; 6] = ["quit", "down", "up", "top", "recheck", "open_editor"];

    fn chord(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        KeyChord { code, modifiers }
    }

    fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/config")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn chords_parse_and_normalise() {
        let none = KeyModifiers::NONE;
        let cases = [
            ("g", chord(KeyCode::Char('g'), none)),
            ("G", chord(KeyCode::Char('G'), none)),
            ("shift-g", chord(KeyCode::Char('G'), none)),
            ("?", chord(KeyCode::Char('?'), none)),
            ("-", chord(KeyCode::Char('-'), none)),
            ("ctrl--", chord(KeyCode::Char('-'), KeyModifiers::CONTROL)),
            ("ctrl-r", chord(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            (
                "CTRL-Alt-x",
                chord(
                    KeyCode::Char('x'),
                    KeyModifiers::CONTROL | KeyModifiers::ALT,
                ),
            ),
            ("shift-tab", chord(KeyCode::BackTab, none)),
            ("backtab", chord(KeyCode::BackTab, none)),
            ("tab", chord(KeyCode::Tab, none)),
            ("f5", chord(KeyCode::F(5), none)),
            ("F12", chord(KeyCode::F(12), none)),
            ("space", chord(KeyCode::Char(' '), none)),
            ("enter", chord(KeyCode::Enter, none)),
            ("Esc", chord(KeyCode::Esc, none)),
            ("pgdn", chord(KeyCode::PageDown, none)),
            ("shift-up", chord(KeyCode::Up, KeyModifiers::SHIFT)),
            ("alt-enter", chord(KeyCode::Enter, KeyModifiers::ALT)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_key_chord(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn chord_errors_say_what_to_write() {
        let cases = [
            (
                "",
                "the key is empty; write one like \"g\", \"ctrl-r\", \"shift-tab\" or \"f5\"",
            ),
            (
                "ctlr-r",
                "unknown modifier \"ctlr\"; write ctrl-, alt- or shift- before the key, like \
                 \"ctrl-r\"",
            ),
            (
                "ctrl-",
                "there is no key after ctrl-; write one, like \"ctrl-r\"",
            ),
            ("ctrl-ctrl-r", "ctrl- is written twice; write it once"),
            (
                "f25",
                "unknown key \"f25\"; write a single character or one of enter, esc, tab, \
                 backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right, \
                 space, f1-f24",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_key_chord(text), Err(expected.to_string()), "{text:?}");
        }
        assert!(parse_key_chord("escp").is_err());
        assert!(parse_key_chord("f0").is_err());
        assert!(parse_key_chord("f05").is_err());
    }

    #[test]
    fn chords_display_as_they_parse() {
        for text in [
            "g",
            "G",
            "ctrl-r",
            "alt-x",
            "shift-tab",
            "f5",
            "space",
            "enter",
            "esc",
            "tab",
            "backspace",
            "delete",
            "insert",
            "home",
            "end",
            "pageup",
            "pagedown",
            "up",
            "shift-down",
            "ctrl-alt-left",
            "right",
            "-",
            "ctrl--",
        ] {
            let parsed = parse_key_chord(text).unwrap();
            assert_eq!(parsed.to_string(), text);
            assert_eq!(parse_key_chord(&parsed.to_string()), Ok(parsed));
        }
    }

    #[test]
    fn chords_match_terminal_events() {
        let event = |code, modifiers| KeyChord::from_event(&KeyEvent::new(code, modifiers));
        // Terminals send shift-g as 'G' with Shift, and shift-tab as BackTab with Shift.
        assert_eq!(
            event(KeyCode::Char('G'), KeyModifiers::SHIFT),
            parse_key_chord("G").unwrap()
        );
        assert_eq!(
            event(KeyCode::Char('G'), KeyModifiers::SHIFT),
            parse_key_chord("shift-g").unwrap()
        );
        assert_eq!(
            event(KeyCode::BackTab, KeyModifiers::SHIFT),
            parse_key_chord("shift-tab").unwrap()
        );
        assert_eq!(
            event(KeyCode::Char('r'), KeyModifiers::CONTROL),
            parse_key_chord("ctrl-r").unwrap()
        );
    }

    #[test]
    fn a_full_config_parses() {
        let config = UserConfig::parse(&fixture("full.toml"), "config.toml", &ACTIONS).unwrap();
        assert_eq!(config.theme.as_deref(), Some("high-contrast"));
        assert_eq!(config.signer.as_deref(), Some("Dana Kim"));
        assert_eq!(config.editor.as_deref(), Some("code --wait"));
        let down = vec![
            chord(KeyCode::Char('j'), KeyModifiers::NONE),
            chord(KeyCode::Down, KeyModifiers::NONE),
        ];
        assert_eq!(config.keys.get("down"), Some(&down));
        assert_eq!(
            config.keys.get("recheck"),
            Some(&vec![chord(KeyCode::Char('r'), KeyModifiers::CONTROL)])
        );
        assert_eq!(config.keys.len(), 2);
        assert_eq!(
            UserConfig::parse("", "config.toml", &ACTIONS).unwrap(),
            UserConfig::default()
        );
    }

    #[test]
    fn invalid_fixtures_give_exact_messages() {
        let cases = [
            (
                "unknown_key.toml",
                "config.toml:2: unknown field `colour`, expected one of `theme`, `signer`, \
                 `editor`, `keys`",
            ),
            (
                "unknown_action.toml",
                "config.toml:4: unknown action \"rechek\" in [keys]; did you mean \"recheck\"?",
            ),
            (
                "unknown_action_far.toml",
                "config.toml:2: unknown action \"launch_rockets\" in [keys]; the actions are \
                 quit, down, up, top, recheck, open_editor",
            ),
            (
                "bad_chord.toml",
                "config.toml:3: keys.recheck = \"ctlr-r\": unknown modifier \"ctlr\"; write \
                 ctrl-, alt- or shift- before the key, like \"ctrl-r\"",
            ),
            (
                "bad_chord_in_list.toml",
                "config.toml:2: keys.down = \"dwon\": unknown key \"dwon\"; write a single \
                 character or one of enter, esc, tab, backspace, delete, insert, home, end, \
                 pageup, pagedown, up, down, left, right, space, f1-f24",
            ),
            (
                "chord_wrong_type.toml",
                "config.toml:2: keys.quit must be a key chord in quotes, like quit = \"ctrl-r\", \
                 or a list of them, like quit = [\"j\", \"down\"]",
            ),
            (
                "duplicate_chord.toml",
                "config.toml:3: \"g\" is bound to both keys.top and keys.recheck; give each \
                 action its own keys",
            ),
            (
                "theme_not_a_name.toml",
                "config.toml:1: theme \"../../etc/evil\" is not a theme name; write a built-in \
                 such as theme = \"dark\", or the name of a file in themes/ without .toml",
            ),
            (
                "empty_signer.toml",
                "config.toml:2: signer is empty; write the name to put on sign-offs, like \
                 signer = \"Dana Kim\"",
            ),
            (
                "empty_editor.toml",
                "config.toml:1: editor is empty; write a command, like editor = \"nvim\" or \
                 editor = \"code --wait\"",
            ),
            (
                "signer_wrong_type.toml",
                "config.toml:1: invalid type: integer `42`, expected a string",
            ),
            (
                "unknown_keys_table_key.toml",
                "config.toml:1: unknown field `key`, expected one of `theme`, `signer`, \
                 `editor`, `keys`",
            ),
        ];
        for (file, expected) in cases {
            let err = UserConfig::parse(&fixture(file), "config.toml", &ACTIONS).unwrap_err();
            assert_eq!(err.to_string(), expected, "{file}");
        }
    }

    #[test]
    fn load_reads_the_directory_and_defaults_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            UserConfig::load(Some(dir.path()), &ACTIONS).unwrap(),
            UserConfig::default()
        );
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "signer = \"Sam Lee\"\n").unwrap();
        let config = UserConfig::load(Some(dir.path()), &ACTIONS).unwrap();
        assert_eq!(config.signer.as_deref(), Some("Sam Lee"));
        assert_eq!(config.path.as_deref(), Some(path.as_path()));
        std::fs::write(&path, "theme = 3\n").unwrap();
        let err = UserConfig::load(Some(dir.path()), &ACTIONS).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}:1: invalid type: integer `3`, expected a string",
                path.display()
            )
        );
    }

    #[test]
    fn typo_suggestions_are_close_matches_only() {
        assert_eq!(closest("opne_editor", &ACTIONS), Some("open_editor"));
        assert_eq!(closest("qiut", &ACTIONS), Some("quit"));
        assert_eq!(closest("zzzzzz", &ACTIONS), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
