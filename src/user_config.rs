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
//! Every problem (an unknown key, an unknown action, a chord that does not parse, TOML
//! that does not parse) is reported naming the file, the line and the key, with what to
//! write instead; the valid settings still apply. The signer is read on its own: a
//! mistake elsewhere never changes who signs, and a `signer` that cannot be read as
//! written is a problem that refuses signing rather than falling back to another name.
//! A missing file means the defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::app::Action;
pub use crate::app::keymap::{KeyChord, parse_key_chord};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

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
    /// Why the signer cannot be read as configured (`FILE:LINE: what is wrong`): the
    /// file names one, but it is unreadable, mistyped or misplaced. Signing is refused
    /// while this is set, rather than signing under another name.
    pub signer_problem: Option<String>,
    /// The editor command (`editor = "nvim"`), used before `$VISUAL` and `$EDITOR`.
    pub editor: Option<String>,
    /// Key overrides from `[keys]`: action name → the chords that replace its bindings.
    pub keys: BTreeMap<String, Vec<KeyChord>>,
}

/// A `config.toml` as read: every setting that is valid, and each one that is not.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The valid settings (a setting with a problem keeps its default).
    pub config: UserConfig,
    /// What could not be used, in file order, each naming the file and line.
    pub problems: Vec<ConfigError>,
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

/// The top-level settings, in the order the messages list them.
const SETTINGS: [&str; 4] = ["theme", "signer", "editor", "keys"];

/// How serde would name a value of the wrong type: ``integer `42` ``, `sequence`, …
fn unexpected(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("string {s:?}"),
        DeValue::Integer(i) => format!("integer `{}`", i.as_str()),
        DeValue::Float(f) => format!("floating point `{}`", f.as_str()),
        DeValue::Boolean(b) => format!("boolean `{b}`"),
        DeValue::Datetime(d) => format!("datetime `{d}`"),
        DeValue::Array(_) => "sequence".to_string(),
        DeValue::Table(_) => "map".to_string(),
    }
}

/// True when a line, comments aside, mentions the signer: a file whose TOML cannot be
/// read fully may have lost its `signer` to the error.
fn mentions_signer(text: &str) -> bool {
    text.lines().any(|l| {
        l.split('#')
            .next()
            .is_some_and(|code| code.to_ascii_lowercase().contains("signer"))
    })
}

/// Reads one file's settings, collecting problems instead of stopping at the first.
struct Reader<'t> {
    text: &'t str,
    label: &'t str,
    loaded: Loaded,
}

impl Reader<'_> {
    fn problem(&mut self, offset: usize, message: String) {
        self.loaded.problems.push(ConfigError::Invalid {
            file: self.label.to_string(),
            line: line_number(self.text.as_bytes(), offset),
            message,
        });
    }

    /// Record a problem with the signer: signing is refused until it is fixed.
    fn signer_problem(&mut self, offset: usize, message: String) {
        self.problem(offset, message);
        if self.loaded.config.signer_problem.is_none() {
            self.loaded.config.signer_problem =
                self.loaded.problems.last().map(ToString::to_string);
        }
    }

    /// A one-line string setting, trimmed; `None` (with a problem) when it is not one.
    fn string(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        empty: &str,
        signer: bool,
    ) -> Option<String> {
        let start = value.span().start;
        let message = match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => return Some(s.trim().to_string()),
            DeValue::String(_) => empty.to_string(),
            other => format!("invalid type: {}, expected a string", unexpected(other)),
        };
        if signer {
            self.signer_problem(start, message);
        } else {
            self.problem(start, message);
        }
        None
    }

    fn theme(&mut self, value: &Spanned<DeValue<'_>>) {
        let Some(name) = self.string(value, "theme is empty; write a theme name", false) else {
            return;
        };
        let valid = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            self.loaded.config.theme = Some(name);
        } else {
            self.problem(
                value.span().start,
                format!(
                    "theme {name:?} is not a theme name; write a built-in such as \
                     theme = \"dark\", or the name of a file in themes/ without .toml"
                ),
            );
        }
    }

    fn unknown_setting(&mut self, key: &Spanned<DeString<'_>>) {
        let name = key.get_ref();
        let message = match closest(name, &SETTINGS) {
            Some(near) => format!("unknown field `{name}`; did you mean `{near}`?"),
            None => format!(
                "unknown field `{name}`, expected one of {}",
                SETTINGS.map(|s| format!("`{s}`")).join(", ")
            ),
        };
        if closest(name, &SETTINGS) == Some("signer") {
            self.signer_problem(key.span().start, message);
        } else {
            self.problem(key.span().start, message);
        }
    }

    fn keys(&mut self, value: &Spanned<DeValue<'_>>, action_names: &[&str]) {
        let DeValue::Table(table) = value.get_ref() else {
            self.problem(
                value.span().start,
                format!(
                    "invalid type: {}, expected a [keys] table of action = \"key\" lines",
                    unexpected(value.get_ref())
                ),
            );
            return;
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(action, _)| action.span().start);
        let mut bound: Vec<(KeyChord, String)> = Vec::new();
        for (action, value) in entries {
            let name = action.get_ref();
            if closest(name, &SETTINGS) == Some("signer") {
                self.signer_problem(
                    action.span().start,
                    format!(
                        "{name} is inside [keys], so it is not read as the signer; move the \
                         line above [keys]"
                    ),
                );
                continue;
            }
            if !action_names.contains(&name.as_ref()) {
                let hint = match closest(name, action_names) {
                    Some(near) => format!("did you mean {near:?}?"),
                    None => format!("the actions are {}", action_names.join(", ")),
                };
                self.problem(
                    action.span().start,
                    format!("unknown action {name:?} in [keys]; {hint}"),
                );
                continue;
            }
            if let Some(chords) = self.chords(name, value, &mut bound) {
                self.loaded.config.keys.insert(name.to_string(), chords);
            }
        }
    }

    /// The chords bound to action `name`, or `None` (with a problem).
    fn chords(
        &mut self,
        name: &str,
        value: &Spanned<DeValue<'_>>,
        bound: &mut Vec<(KeyChord, String)>,
    ) -> Option<Vec<KeyChord>> {
        let start = value.span().start;
        let texts: Option<Vec<&str>> = match value.get_ref() {
            DeValue::String(s) => Some(vec![s.as_ref()]),
            DeValue::Array(items) if !items.is_empty() => items
                .iter()
                .map(|i| i.get_ref().as_str())
                .collect::<Option<Vec<&str>>>(),
            _ => None,
        };
        let Some(texts) = texts else {
            self.problem(
                start,
                format!(
                    "keys.{name} must be a key chord in quotes, like {name} = \"ctrl-r\", \
                     or a list of them, like {name} = [\"j\", \"down\"]"
                ),
            );
            return None;
        };
        let mut chords = Vec::new();
        for chord_text in texts {
            let chord = match parse_key_chord(chord_text) {
                Ok(c) => c,
                Err(why) => {
                    self.problem(start, format!("keys.{name} = {chord_text:?}: {why}"));
                    return None;
                }
            };
            // One chord may serve actions of different modes (`n` is the walkthrough's
            // next step and a confirmation's no), never two in the same one.
            let same_scope = |other: &str| match (Action::from_name(other), Action::from_name(name))
            {
                (Some(a), Some(b)) => a.info().scope == b.info().scope,
                _ => true,
            };
            if let Some((_, other)) = bound
                .iter()
                .find(|(c, other)| *c == chord && same_scope(other))
            {
                let message = format!(
                    "{chord_text:?} is bound to both keys.{other} and keys.{name}; give each \
                     action its own keys"
                );
                self.problem(start, message);
                return None;
            }
            bound.push((chord, name.to_string()));
            chords.push(chord);
        }
        Some(chords)
    }
}

impl UserConfig {
    /// Load `config.toml` from `dir`, or from [`config_dir`] when `dir` is `None`. A
    /// missing file (or no config directory at all) gives the defaults. `action_names`
    /// are the `snake_case` names `[keys]` may use. Every valid setting is kept; each
    /// invalid one is a problem (an unreadable file is one problem, and leaves the
    /// signer unknown).
    pub fn load(dir: Option<&Path>, action_names: &[&str]) -> Loaded {
        let Some(dir) = dir.map(Path::to_path_buf).or_else(config_dir) else {
            return Loaded::default();
        };
        let path = dir.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
            Err(source) => {
                let problem = ConfigError::Unreadable {
                    path: path.display().to_string(),
                    source,
                };
                let config = UserConfig {
                    path: Some(path),
                    signer_problem: Some(problem.to_string()),
                    ..UserConfig::default()
                };
                return Loaded {
                    config,
                    problems: vec![problem],
                };
            }
        };
        let mut loaded = UserConfig::parse(&text, &path.display().to_string(), action_names);
        loaded.config.path = Some(path);
        loaded
    }

    /// Parse and validate the text of a `config.toml`; `file_label` names it in messages.
    /// TOML that does not parse is read as far as it can be: its errors are problems,
    /// and the signer counts as unknown when a line that mentions it may be lost.
    pub fn parse(text: &str, file_label: &str, action_names: &[&str]) -> Loaded {
        let mut reader = Reader {
            text,
            label: file_label,
            loaded: Loaded::default(),
        };
        let (table, errors) = DeTable::parse_recoverable(text);
        for e in &errors {
            let offset = e.span().map_or(0, |s| s.start);
            reader.problem(offset, e.message().trim().to_string());
        }
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            match key.get_ref().as_ref() {
                "theme" => reader.theme(value),
                "signer" => {
                    let empty = "signer is empty; write the name to put on sign-offs, like \
                                 signer = \"Dana Kim\"";
                    reader.loaded.config.signer = reader.string(value, empty, true);
                }
                "editor" => {
                    let empty = "editor is empty; write a command, like editor = \"nvim\" or \
                                 editor = \"code --wait\"";
                    reader.loaded.config.editor = reader.string(value, empty, false);
                }
                "keys" => reader.keys(value, action_names),
                _ => reader.unknown_setting(key),
            }
        }
        let recovered = table.get_ref().iter().any(|(k, _)| k.get_ref() == "signer");
        let on_error_line = errors.iter().any(|e| {
            let line = line_number(text.as_bytes(), e.span().map_or(0, |s| s.start));
            text.lines()
                .nth(line.saturating_sub(1))
                .is_some_and(mentions_signer)
        });
        let mut loaded = reader.loaded;
        let lost = on_error_line || (!recovered && mentions_signer(text));
        if !errors.is_empty() && loaded.config.signer_problem.is_none() && lost {
            loaded.config.signer = None;
            loaded.config.signer_problem = loaded.problems.first().map(ToString::to_string);
        }
        loaded
    }

    /// The signer as configured: `Ok(Some(name))`, `Ok(None)` when the file names none
    /// (the caller falls back to git's user.name), or `Err` with the file, line and what
    /// is wrong when it names one that cannot be read.
    pub fn configured_signer(&self) -> Result<Option<&str>, &str> {
        match &self.signer_problem {
            Some(problem) => Err(problem),
            None => Ok(self.signer.as_deref()),
        }
    }
}

/// `config.toml` names a signer that cannot be read: `FILE:LINE: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UnreadableSigner(pub String);

/// Who signs a record (sign-off, revoke, acknowledgement) for the project at
/// `project_dir`: `given` (`--as NAME`), else the signer `config` names, else git's
/// `user.name` in the project, else the login name; `Ok(None)` when there is no name at
/// all. `Err` (`FILE:LINE: what is wrong`) when `config` names a signer it cannot read:
/// the record is refused rather than signed under another name.
pub fn signer(
    given: Option<&str>,
    config: &UserConfig,
    project_dir: &Path,
) -> Result<Option<String>, UnreadableSigner> {
    let configured = match given {
        Some(name) => Some(name),
        None => config
            .configured_signer()
            .map_err(|problem| UnreadableSigner(problem.to_string()))?,
    };
    Ok(crate::store::signer_identity(configured, project_dir).map(|i| i.name))
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
            assert_eq!(
                parse_key_chord(text).map_err(|e| e.to_string()),
                Err(expected.to_string()),
                "{text:?}"
            );
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
    fn one_key_may_serve_actions_of_different_modes() {
        let names = crate::app::action_names();
        let loaded = UserConfig::parse(
            "[keys]\nwalk_next = \"n\"\nconfirm_back = \"n\"\n",
            "config.toml",
            &names,
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let loaded = UserConfig::parse(
            "[keys]\nwalk_next = \"n\"\nwalk_prev = \"n\"\n",
            "config.toml",
            &names,
        );
        let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "config.toml:3: \"n\" is bound to both keys.walk_next and keys.walk_prev; give \
              each action its own keys"
            ]
        );
    }

    #[test]
    fn a_full_config_parses() {
        let loaded = UserConfig::parse(&fixture("full.toml"), "config.toml", &ACTIONS);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let config = loaded.config;
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
        let empty = UserConfig::parse("", "config.toml", &ACTIONS);
        assert!(empty.problems.is_empty());
        assert_eq!(empty.config, UserConfig::default());
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
                "config.toml:1: unknown field `key`; did you mean `keys`?",
            ),
        ];
        for (file, expected) in cases {
            let loaded = UserConfig::parse(&fixture(file), "config.toml", &ACTIONS);
            let messages: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
            assert_eq!(messages, [expected], "{file}");
        }
    }

    #[test]
    fn the_signer_is_read_on_its_own_and_the_rest_still_loads() {
        let text = "signer = \"Dana Kim\"\ncolour = \"blue\"\ntheme = \"../x\"\n\
                    editor = \"nvim\"\n[keys]\nrechek = \"ctrl-r\"\nquit = \"ctlr-q\"\n\
                    down = [\"j\", \"down\"]\n";
        let loaded = UserConfig::parse(text, "config.toml", &ACTIONS);
        let lines: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].starts_with("config.toml:2: unknown field `colour`"));
        assert!(lines[1].starts_with("config.toml:3: theme \"../x\""));
        assert!(lines[2].starts_with("config.toml:6: unknown action \"rechek\""));
        assert!(lines[3].starts_with("config.toml:7: keys.quit = \"ctlr-q\""));
        let c = loaded.config;
        assert_eq!(c.configured_signer(), Ok(Some("Dana Kim")));
        assert_eq!(c.editor.as_deref(), Some("nvim"));
        assert_eq!(c.theme, None);
        assert_eq!(c.keys.keys().collect::<Vec<_>>(), ["down"]);
        // TOML broken elsewhere: the signer still reads.
        let loaded = UserConfig::parse(
            "theme = dark\nsigner = \"Dana Kim\"\n",
            "config.toml",
            &ACTIONS,
        );
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert_eq!(loaded.config.configured_signer(), Ok(Some("Dana Kim")));
        // No signer, a problem elsewhere: nothing configured, git's name will sign.
        let loaded = UserConfig::parse("colour = 1\n", "config.toml", &ACTIONS);
        assert_eq!(loaded.config.configured_signer(), Ok(None));
    }

    #[test]
    fn a_signer_that_cannot_be_read_is_a_refusal_naming_the_line() {
        let cases = [
            ("signer = 42\n", "config.toml:1: invalid type: integer `42`"),
            ("signer = \"  \"\n", "config.toml:1: signer is empty"),
            (
                "theme = \"dark\"\nsinger = \"Dana Kim\"\n",
                "config.toml:2: unknown field `singer`; did you mean `signer`?",
            ),
            (
                "[keys]\nquit = \"q\"\nsigner = \"Dana Kim\"\n",
                "config.toml:3: signer is inside [keys]",
            ),
            ("signer = \"Dana Kim\n", "config.toml:1: "),
            ("signer = \"Dana\"\nsigner = \"Kim\"\n", "config.toml:2: "),
        ];
        for (text, start) in cases {
            let loaded = UserConfig::parse(text, "config.toml", &ACTIONS);
            let problem = loaded.config.configured_signer().unwrap_err();
            assert!(problem.starts_with(start), "{text:?}: {problem}");
        }
    }

    #[test]
    fn load_reads_the_directory_and_defaults_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let none = UserConfig::load(Some(dir.path()), &ACTIONS);
        assert!(none.problems.is_empty());
        assert_eq!(none.config, UserConfig::default());
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "signer = \"Sam Lee\"\n").unwrap();
        let config = UserConfig::load(Some(dir.path()), &ACTIONS).config;
        assert_eq!(config.signer.as_deref(), Some("Sam Lee"));
        assert_eq!(config.path.as_deref(), Some(path.as_path()));
        std::fs::write(&path, "theme = 3\n").unwrap();
        let loaded = UserConfig::load(Some(dir.path()), &ACTIONS);
        assert_eq!(
            loaded.problems[0].to_string(),
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
