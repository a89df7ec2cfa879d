//! Themes: what each *meaning* on screen (a title, an error, the selection, an on-call
//! gap) looks like. Rendering code asks for a [`Meaning`] and never names a colour.
//!
//! Themes are TOML files. The built-ins live in `themes/*.toml` and are embedded in the
//! binary; user themes live in `<config dir>/themes/<name>.toml` and may start with
//! `inherits = "dark"` to change only a few meanings. Each top-level key is a meaning
//! (`snake_case`, see [`Meaning`]) whose value is a table of
//! `fg`, `bg` (colour), `bold`, `italic`, `underline`, `reversed`, `dim` (true/false):
//!
//! ```toml
//! inherits = "dark"
//! error = { fg = "#ff5f5f", bold = true }
//! selection = { fg = "black", bg = 214 }
//! ```
//!
//! A colour is a name (`black`, `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`,
//! `gray`, `dark_gray`, `light_red`, `light_green`, `light_yellow`, `light_blue`,
//! `light_magenta`, `light_cyan`, `white`, `reset`), `#rrggbb`, or a 0–255 palette index.
//!
//! A meaning is one whole style: a file that sets it replaces it entirely (also over an
//! inherited theme), and a meaning nobody sets takes the style of its parent (see
//! [`Meaning::parent`]). Parsing is strict: an unknown meaning, key or colour is an error
//! naming the file, the line and the key, with what to write instead.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::model::line_number;

/// What a piece of the screen means; the theme decides how it looks.
///
/// The `///` line of each variant names its fallback: a theme that leaves a meaning unset
/// gets the style of that parent. [`Meaning::Text`] is the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// Ordinary text. The root: unset, it is the terminal's default style.
    Text,
    /// Secondary text: counts, hints, placeholders. Falls back to `text`.
    Muted,
    /// A pane title. Falls back to `text`.
    Title,
    /// The title of the focused pane. Falls back to `title`.
    TitleFocused,
    /// A pane border. Falls back to `muted`.
    Border,
    /// The border of the focused pane. Falls back to `border`.
    BorderFocused,
    /// The selected row of the focused list. Falls back to `text`.
    Selection,
    /// The selected row of a list that is not focused. Falls back to `selection`.
    SelectionUnfocused,
    /// Errors: failed checks, error findings. Falls back to `text`.
    Error,
    /// Warnings: warning findings, items due soon. Falls back to `text`.
    Warning,
    /// Success: passed checks, ready. Falls back to `text`.
    Ok,
    /// Neutral information in messages. Falls back to `text`.
    Info,
    /// Something to draw the eye to, such as the person on call now. Falls back to `text`.
    Accent,
    /// The header line at the top of the screen. Falls back to `title`.
    Header,
    /// The status line and the key-hint bar. Falls back to `muted`.
    StatusBar,
    /// A key glyph in the key-hint bar and help (`q`, `ctrl-r`). Falls back to `accent`.
    KeyHint,
    /// What a key does, next to its glyph. Falls back to `muted`.
    KeyDesc,
    /// The selected item's span in the document view. Falls back to `selection`.
    Highlight,
    /// An on-call hole: time nobody covers. Falls back to `error`.
    Gap,
    /// Double-booked on-call time. Falls back to `warning`.
    Overlap,
    /// The "now" marker on the on-call timeline. Falls back to `accent`.
    NowMarker,
    /// A link whose target exists. Falls back to `ok`.
    LinkOk,
    /// A link whose file or heading anchor does not exist. Falls back to `error`.
    LinkBroken,
    /// Evidence that should be linked but is not. Falls back to `warning`.
    LinkMissing,
    /// Inline code and code blocks in the document view. Falls back to `text`.
    Code,
    /// Headings in the document view. Falls back to `title`.
    Heading,
}

impl Meaning {
    /// Every meaning, each listed after its parent.
    pub const ALL: [Meaning; 26] = [
        Meaning::Text,
        Meaning::Muted,
        Meaning::Title,
        Meaning::TitleFocused,
        Meaning::Border,
        Meaning::BorderFocused,
        Meaning::Selection,
        Meaning::SelectionUnfocused,
        Meaning::Error,
        Meaning::Warning,
        Meaning::Ok,
        Meaning::Info,
        Meaning::Accent,
        Meaning::Header,
        Meaning::StatusBar,
        Meaning::KeyHint,
        Meaning::KeyDesc,
        Meaning::Highlight,
        Meaning::Gap,
        Meaning::Overlap,
        Meaning::NowMarker,
        Meaning::LinkOk,
        Meaning::LinkBroken,
        Meaning::LinkMissing,
        Meaning::Code,
        Meaning::Heading,
    ];

    /// The `snake_case` name used in theme files.
    pub const fn name(self) -> &'static str {
        match self {
            Meaning::Text => "text",
            Meaning::Muted => "muted",
            Meaning::Title => "title",
            Meaning::TitleFocused => "title_focused",
            Meaning::Border => "border",
            Meaning::BorderFocused => "border_focused",
            Meaning::Selection => "selection",
            Meaning::SelectionUnfocused => "selection_unfocused",
            Meaning::Error => "error",
            Meaning::Warning => "warning",
            Meaning::Ok => "ok",
            Meaning::Info => "info",
            Meaning::Accent => "accent",
            Meaning::Header => "header",
            Meaning::StatusBar => "status_bar",
            Meaning::KeyHint => "key_hint",
            Meaning::KeyDesc => "key_desc",
            Meaning::Highlight => "highlight",
            Meaning::Gap => "gap",
            Meaning::Overlap => "overlap",
            Meaning::NowMarker => "now_marker",
            Meaning::LinkOk => "link_ok",
            Meaning::LinkBroken => "link_broken",
            Meaning::LinkMissing => "link_missing",
            Meaning::Code => "code",
            Meaning::Heading => "heading",
        }
    }

    /// The meaning whose style an unset meaning takes; `None` for [`Meaning::Text`].
    pub const fn parent(self) -> Option<Meaning> {
        Some(match self {
            Meaning::Text => return None,
            Meaning::Muted
            | Meaning::Title
            | Meaning::Selection
            | Meaning::Error
            | Meaning::Warning
            | Meaning::Ok
            | Meaning::Info
            | Meaning::Accent
            | Meaning::Code => Meaning::Text,
            Meaning::TitleFocused | Meaning::Header | Meaning::Heading => Meaning::Title,
            Meaning::Border | Meaning::StatusBar | Meaning::KeyDesc => Meaning::Muted,
            Meaning::BorderFocused => Meaning::Border,
            Meaning::SelectionUnfocused | Meaning::Highlight => Meaning::Selection,
            Meaning::Gap | Meaning::LinkBroken => Meaning::Error,
            Meaning::Overlap | Meaning::LinkMissing => Meaning::Warning,
            Meaning::LinkOk => Meaning::Ok,
            Meaning::KeyHint | Meaning::NowMarker => Meaning::Accent,
        })
    }

    /// The meaning a theme file calls `name`.
    pub fn from_name(name: &str) -> Option<Meaning> {
        Meaning::ALL.into_iter().find(|m| m.name() == name)
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// A theme file that cannot be used, with a message for the person who wrote it.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The file is not valid TOML or says something a theme cannot say.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file as the user knows it.
        file: String,
        /// 1-based line of the offending key or value.
        line: usize,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// No user theme and no built-in theme has this name.
    #[error("unknown theme {name:?}; use one of {}{}", builtin_list(), user_hint(.name, .user_themes.as_deref()))]
    Unknown {
        /// The name asked for.
        name: String,
        /// The user theme folder that was searched, if any.
        user_themes: Option<PathBuf>,
    },
    /// The name cannot be a theme file name.
    #[error("theme name {0:?} may only use letters, digits, '-' and '_'")]
    BadName(String),
    /// The user theme file exists but cannot be read.
    #[error("{path}: cannot read the theme: {source}")]
    Unreadable {
        /// The file path.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
}

fn builtin_list() -> String {
    Theme::builtin_names().join(", ")
}

fn user_hint(name: &str, dir: Option<&Path>) -> String {
    dir.map_or_else(String::new, |d| {
        format!(", or put {name}.toml in {}", d.display())
    })
}

/// A theme: a resolved style for every [`Meaning`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    name: String,
    styles: [Style; Meaning::ALL.len()],
}

impl Default for Theme {
    /// The `dark` theme.
    fn default() -> Self {
        Theme::builtin("dark").unwrap_or_else(|| Theme::resolve("dark", &Specs::default()))
    }
}

/// The built-in themes: name and embedded TOML.
const BUILTINS: [(&str, &str); 4] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

const BUILTIN_NAMES: [&str; 4] = [BUILTINS[0].0, BUILTINS[1].0, BUILTINS[2].0, BUILTINS[3].0];

impl Theme {
    /// The built-in theme called `name`: `dark`, `light`, `high-contrast` or `mono`.
    pub fn builtin(name: &str) -> Option<Theme> {
        let text = builtin_text(name)?;
        let specs = parse_file(text, &format!("themes/{name}.toml")).ok()?.specs;
        Some(Theme::resolve(name, &specs))
    }

    /// The names of the built-in themes, the default (`dark`) first.
    pub fn builtin_names() -> &'static [&'static str] {
        &BUILTIN_NAMES
    }

    /// Parse a theme file's text. `file_label` names the file in error messages; the theme
    /// is named after it (without `.toml`). `inherits` may only name a built-in theme here;
    /// [`Theme::load`] also finds user themes.
    pub fn parse(text: &str, file_label: &str) -> Result<Theme, ThemeError> {
        let name = Path::new(file_label).file_stem().map_or_else(
            || file_label.to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let specs = resolve_file(text, file_label, None, std::slice::from_ref(&name))?;
        Ok(Theme::resolve(&name, &specs))
    }

    /// Load the theme called `name`: `<user_dir>/themes/<name>.toml` if it exists (a user
    /// theme may replace a built-in of the same name), otherwise the built-in theme.
    /// `user_dir` is the readyroom config directory (see `user_config::config_dir`).
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(ThemeError::BadName(name.to_string()));
        }
        let user_themes = user_dir.map(|d| d.join("themes"));
        let Some(specs) = lookup(name, user_themes.as_deref(), &[])? else {
            return Err(ThemeError::Unknown {
                name: name.to_string(),
                user_themes,
            });
        };
        Ok(Theme::resolve(name, &specs))
    }

    /// The theme's name: a built-in name, a user theme's name, or the parsed file's stem.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The style for `meaning`, with fallbacks applied.
    pub fn style(&self, meaning: Meaning) -> Style {
        self.styles[meaning.index()]
    }

    /// The same theme without any colour, for `NO_COLOR`: modifiers stay, and a selection
    /// or highlight left with no modifier at all becomes `reversed` so it stays visible.
    #[must_use]
    pub fn no_color(mut self) -> Theme {
        for meaning in Meaning::ALL {
            let style = &mut self.styles[meaning.index()];
            style.fg = None;
            style.bg = None;
            style.underline_color = None;
            let must_show = matches!(
                meaning,
                Meaning::Selection | Meaning::SelectionUnfocused | Meaning::Highlight
            );
            if must_show && style.add_modifier.is_empty() {
                *style = style.add_modifier(Modifier::REVERSED);
            }
        }
        self
    }

    fn resolve(name: &str, specs: &Specs) -> Theme {
        let mut styles = [Style::default(); Meaning::ALL.len()];
        for meaning in Meaning::ALL {
            styles[meaning.index()] = match &specs[meaning.index()] {
                Some(spec) => spec.style(),
                None => meaning
                    .parent()
                    .map_or_else(Style::default, |p| styles[p.index()]),
            };
        }
        Theme {
            name: name.to_string(),
            styles,
        }
    }
}

fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// One meaning as a file writes it; `None` fields are left alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct StyleSpec {
    fg: Option<Color>,
    bg: Option<Color>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reversed: Option<bool>,
    dim: Option<bool>,
}

impl StyleSpec {
    fn style(&self) -> Style {
        let mut style = Style::default();
        if let Some(fg) = self.fg {
            style = style.fg(fg);
        }
        if let Some(bg) = self.bg {
            style = style.bg(bg);
        }
        let flags = [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underline, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.dim, Modifier::DIM),
        ];
        for (flag, modifier) in flags {
            style = match flag {
                Some(true) => style.add_modifier(modifier),
                Some(false) => style.remove_modifier(modifier),
                None => style,
            };
        }
        style
    }
}

/// The meanings a file sets, indexed by [`Meaning::index`].
type Specs = [Option<StyleSpec>; Meaning::ALL.len()];

/// A parsed theme file before its `inherits` is followed.
struct ThemeFile {
    /// The inherited theme's name and the line that names it.
    inherits: Option<(String, usize)>,
    specs: Specs,
}

/// Find the theme `name` (user folder first unless already on the `inherits` chain, then
/// built-ins) and return its meanings with everything it inherits merged in.
fn lookup(
    name: &str,
    user_themes: Option<&Path>,
    chain: &[String],
) -> Result<Option<Specs>, ThemeError> {
    let on_chain = chain.iter().any(|n| n == name);
    if let Some(dir) = user_themes.filter(|_| !on_chain) {
        let path = dir.join(format!("{name}.toml"));
        if path.is_file() {
            let label = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| ThemeError::Unreadable {
                path: label.clone(),
                source,
            })?;
            let mut chain = chain.to_vec();
            chain.push(name.to_string());
            return resolve_file(&text, &label, user_themes, &chain).map(Some);
        }
    }
    Ok(builtin_text(name).and_then(|text| {
        parse_file(text, &format!("themes/{name}.toml"))
            .ok()
            .map(|f| f.specs)
    }))
}

/// Parse one file and merge it over the theme it inherits.
fn resolve_file(
    text: &str,
    label: &str,
    user_themes: Option<&Path>,
    chain: &[String],
) -> Result<Specs, ThemeError> {
    let file = parse_file(text, label)?;
    let Some((parent, line)) = file.inherits else {
        return Ok(file.specs);
    };
    let invalid = |message: String| ThemeError::Invalid {
        file: label.to_string(),
        line,
        message,
    };
    let mut base = match lookup(&parent, user_themes, chain)? {
        Some(base) => base,
        None if chain.contains(&parent) => {
            let mut circle = chain.join(" → ");
            let _ = write!(circle, " → {parent}");
            return Err(invalid(format!(
                "inherits = {parent:?} goes round in a circle ({circle}); inherit a built-in \
                 theme such as \"dark\" instead"
            )));
        }
        None => {
            return Err(invalid(format!(
                "unknown theme {parent:?} for inherits; use one of {}{}",
                builtin_list(),
                if user_themes.is_some() {
                    " or the name of another user theme"
                } else {
                    ""
                }
            )));
        }
    };
    for (slot, spec) in base.iter_mut().zip(file.specs) {
        if spec.is_some() {
            *slot = spec;
        }
    }
    Ok(base)
}

const STYLE_KEYS: &str = "fg, bg, bold, italic, underline, reversed or dim";

/// Parse the text of one theme file strictly, without following `inherits`.
fn parse_file(text: &str, label: &str) -> Result<ThemeFile, ThemeError> {
    let invalid = |span: Range<usize>, message: String| ThemeError::Invalid {
        file: label.to_string(),
        line: line_number(text.as_bytes(), span.start),
        message,
    };
    let table = DeTable::parse(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start);
        invalid(start..start, e.message().trim().to_string())
    })?;
    let mut entries: Vec<_> = table.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut file = ThemeFile {
        inherits: None,
        specs: Specs::default(),
    };
    for (key, value) in entries {
        let key_name = key.get_ref().as_ref();
        if key_name == "inherits" {
            let DeValue::String(parent) = value.get_ref() else {
                return Err(invalid(
                    value.span(),
                    "inherits must be a theme name in quotes, like inherits = \"dark\"".into(),
                ));
            };
            file.inherits = Some((
                parent.to_string(),
                line_number(text.as_bytes(), value.span().start),
            ));
            continue;
        }
        let Some(meaning) = Meaning::from_name(key_name) else {
            let names: Vec<&str> = Meaning::ALL.iter().map(|m| m.name()).collect();
            return Err(invalid(
                key.span(),
                format!(
                    "unknown meaning {key_name:?}; the meanings are {}",
                    names.join(", ")
                ),
            ));
        };
        let DeValue::Table(fields) = value.get_ref() else {
            return Err(invalid(
                value.span(),
                format!(
                    "{key_name} must be a table, like {key_name} = {{ fg = \"red\", bold = true }}"
                ),
            ));
        };
        let mut fields: Vec<_> = fields.iter().collect();
        fields.sort_by_key(|(k, _)| k.span().start);
        let mut spec = StyleSpec::default();
        for (field, value) in fields {
            let field_name = field.get_ref().as_ref();
            let what = format!("{key_name}.{field_name}");
            match field_name {
                "fg" | "bg" => {
                    let colour = parse_colour(value.get_ref(), &what)
                        .map_err(|message| invalid(value.span(), message))?;
                    if field_name == "fg" {
                        spec.fg = Some(colour);
                    } else {
                        spec.bg = Some(colour);
                    }
                }
                "bold" | "italic" | "underline" | "reversed" | "dim" => {
                    let DeValue::Boolean(on) = value.get_ref() else {
                        return Err(invalid(
                            value.span(),
                            format!("{what} must be true or false"),
                        ));
                    };
                    let slot = match field_name {
                        "bold" => &mut spec.bold,
                        "italic" => &mut spec.italic,
                        "underline" => &mut spec.underline,
                        "reversed" => &mut spec.reversed,
                        _ => &mut spec.dim,
                    };
                    *slot = Some(*on);
                }
                _ => {
                    return Err(invalid(
                        field.span(),
                        format!("unknown key {field_name:?} in {key_name}; use {STYLE_KEYS}"),
                    ));
                }
            }
        }
        file.specs[meaning.index()] = Some(spec);
    }
    Ok(file)
}

/// The colour names a theme may use, with what they mean.
const COLOUR_NAMES: [(&str, Color); 17] = [
    ("reset", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

fn parse_colour(value: &DeValue<'_>, what: &str) -> Result<Color, String> {
    match value {
        DeValue::String(text) => {
            if let Some((_, colour)) = COLOUR_NAMES.iter().find(|(n, _)| *n == text.as_ref()) {
                return Ok(*colour);
            }
            let hex = text
                .strip_prefix('#')
                .filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
            if let Some(hex) = hex {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
                return Ok(Color::Rgb(byte(0), byte(2), byte(4)));
            }
            Err(format!(
                "unknown colour {:?} for {what}; use a name like \"magenta\", #rrggbb or 0-255",
                text.as_ref()
            ))
        }
        DeValue::Integer(int) => i64::from_str_radix(int.as_str(), int.radix())
            .ok()
            .and_then(|n| u8::try_from(n).ok())
            .map(Color::Indexed)
            .ok_or_else(|| format!("colour {int} for {what} is out of range; use 0-255")),
        _ => Err(format!(
            "{what} must be a colour: a name like \"magenta\" or #rrggbb in quotes, or 0-255"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour_name(c: Option<Color>) -> String {
        match c {
            None => "-".into(),
            Some(Color::Rgb(r, g, b)) => format!("#{r:02x}{g:02x}{b:02x}"),
            Some(Color::Indexed(i)) => i.to_string(),
            Some(named) => COLOUR_NAMES
                .iter()
                .find(|(_, c)| *c == named)
                .map_or_else(|| format!("{named:?}"), |(n, _)| (*n).to_string()),
        }
    }

    fn table(theme: &Theme) -> String {
        let mut out = String::new();
        for m in Meaning::ALL {
            let s = theme.style(m);
            let _ = writeln!(
                out,
                "{:<20} fg={:<10} bg={:<10} +{:?} -{:?}",
                m.name(),
                colour_name(s.fg),
                colour_name(s.bg),
                s.add_modifier,
                s.sub_modifier
            );
        }
        out
    }

    fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/themes")
            .join(name);
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn meanings_are_listed_after_their_parents_and_named_like_serde() {
        for (i, m) in Meaning::ALL.into_iter().enumerate() {
            assert_eq!(m.index(), i, "{m:?} is out of order in ALL");
            if let Some(p) = m.parent() {
                assert!(p.index() < i, "{m:?}'s parent {p:?} must come first");
            }
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.name())
            );
            assert_eq!(Meaning::from_name(m.name()), Some(m));
        }
    }

    #[test]
    fn every_builtin_parses_and_sets_every_meaning() {
        assert_eq!(
            Theme::builtin_names(),
            ["dark", "light", "high-contrast", "mono"]
        );
        for name in Theme::builtin_names() {
            let text = builtin_text(name).unwrap();
            let file = parse_file(text, name).unwrap_or_else(|e| panic!("{e}"));
            assert!(file.inherits.is_none(), "{name} must not inherit");
            for m in Meaning::ALL {
                assert!(
                    file.specs[m.index()].is_some(),
                    "{name} does not set {}",
                    m.name()
                );
            }
            let theme = Theme::builtin(name).unwrap();
            assert_eq!(theme.name(), *name);
            for m in Meaning::ALL {
                assert_ne!(
                    theme.style(m),
                    Style::default(),
                    "{name}.{} is empty",
                    m.name()
                );
            }
        }
        assert!(Theme::builtin("solarized").is_none());
        assert_eq!(Theme::default(), Theme::builtin("dark").unwrap());
    }

    #[test]
    fn high_contrast_is_black_white_yellow_without_dim() {
        let theme = Theme::builtin("high-contrast").unwrap();
        let allowed = [Color::Indexed(16), Color::Indexed(231), Color::Indexed(226)];
        for m in Meaning::ALL {
            let s = theme.style(m);
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    allowed.contains(&c),
                    "high-contrast {} uses {c:?}",
                    m.name()
                );
            }
            assert!(
                !s.add_modifier.contains(Modifier::DIM),
                "{} is dim",
                m.name()
            );
        }
        for m in [
            Meaning::Selection,
            Meaning::SelectionUnfocused,
            Meaning::Highlight,
        ] {
            assert!(
                theme.style(m).add_modifier.contains(Modifier::BOLD),
                "{m:?}"
            );
        }
    }

    #[test]
    fn mono_uses_only_the_sixteen_ansi_colours() {
        let theme = Theme::builtin("mono").unwrap();
        for m in Meaning::ALL {
            let s = theme.style(m);
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    COLOUR_NAMES.iter().any(|(_, named)| *named == c),
                    "mono {} uses {c:?}",
                    m.name()
                );
            }
        }
    }

    #[test]
    fn resolved_builtin_table() {
        let mut out = String::new();
        for name in Theme::builtin_names() {
            let _ = writeln!(out, "== {name}");
            out.push_str(&table(&Theme::builtin(name).unwrap()));
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn unset_meanings_fall_back_to_their_parents() {
        let theme = Theme::parse(
            "text = { fg = \"white\" }\ntitle = { fg = \"cyan\", bold = true }\n\
             selection = { reversed = true }\nerror = { fg = \"#ff0000\" }\n",
            "mine.toml",
        )
        .unwrap();
        assert_eq!(theme.name(), "mine");
        let title = Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD);
        assert_eq!(theme.style(Meaning::TitleFocused), title);
        assert_eq!(theme.style(Meaning::Heading), title);
        assert_eq!(theme.style(Meaning::Header), title);
        assert_eq!(
            theme.style(Meaning::SelectionUnfocused),
            Style::default().add_modifier(Modifier::REVERSED)
        );
        assert_eq!(
            theme.style(Meaning::Gap),
            Style::default().fg(Color::Rgb(255, 0, 0))
        );
        assert_eq!(
            theme.style(Meaning::LinkBroken),
            theme.style(Meaning::Error)
        );
        assert_eq!(
            theme.style(Meaning::BorderFocused),
            Style::default().fg(Color::White)
        );
        let empty = Theme::parse("", "empty.toml").unwrap();
        assert_eq!(empty.style(Meaning::Heading), Style::default());
    }

    #[test]
    fn colours_and_modifiers_parse() {
        let theme = Theme::parse(
            "text = { fg = 42, bg = \"#0A0b0c\", bold = false, dim = true }\n\
             [muted]\nfg = \"reset\"\nitalic = true\nunderline = true\n",
            "x.toml",
        )
        .unwrap();
        let text = theme.style(Meaning::Text);
        assert_eq!(text.fg, Some(Color::Indexed(42)));
        assert_eq!(text.bg, Some(Color::Rgb(10, 11, 12)));
        assert_eq!(text.add_modifier, Modifier::DIM);
        assert_eq!(text.sub_modifier, Modifier::BOLD);
        let muted = theme.style(Meaning::Muted);
        assert_eq!(muted.fg, Some(Color::Reset));
        assert_eq!(muted.add_modifier, Modifier::ITALIC | Modifier::UNDERLINED);
    }

    #[test]
    fn inherits_replaces_whole_meanings_over_the_base() {
        let dark = Theme::builtin("dark").unwrap();
        let mine = Theme::parse(
            "inherits = \"dark\"\nerror = { fg = \"magenta\" }\n",
            "mine.toml",
        )
        .unwrap();
        assert_eq!(
            mine.style(Meaning::Error),
            Style::default().fg(Color::Magenta)
        );
        assert_eq!(mine.style(Meaning::Title), dark.style(Meaning::Title));
        assert_eq!(mine.style(Meaning::Gap), dark.style(Meaning::Gap));
    }

    #[test]
    fn no_color_keeps_modifiers_and_visible_selection() {
        for name in Theme::builtin_names() {
            let plain = Theme::builtin(name).unwrap().no_color();
            for m in Meaning::ALL {
                let s = plain.style(m);
                assert_eq!(
                    (s.fg, s.bg, s.underline_color),
                    (None, None, None),
                    "{name}"
                );
            }
            for m in [
                Meaning::Selection,
                Meaning::SelectionUnfocused,
                Meaning::Highlight,
            ] {
                assert!(!plain.style(m).add_modifier.is_empty(), "{name} {m:?}");
            }
        }
        let dark = Theme::builtin("dark").unwrap();
        let plain = dark.clone().no_color();
        assert_eq!(
            plain.style(Meaning::Title).add_modifier,
            dark.style(Meaning::Title).add_modifier
        );
        let bare = Theme::parse("selection = { bg = \"blue\" }", "bare.toml")
            .unwrap()
            .no_color();
        assert_eq!(
            bare.style(Meaning::Selection),
            Style::default().add_modifier(Modifier::REVERSED)
        );
    }

    #[test]
    fn invalid_fixtures_give_exact_messages() {
        let cases = [
            (
                "unknown_colour.toml",
                "unknown_colour.toml:4: unknown colour \"purpel\" for error.fg; use a name like \
                 \"magenta\", #rrggbb or 0-255",
            ),
            (
                "bad_hex.toml",
                "bad_hex.toml:2: unknown colour \"#12345\" for title.bg; use a name like \
                 \"magenta\", #rrggbb or 0-255",
            ),
            (
                "index_out_of_range.toml",
                "index_out_of_range.toml:3: colour 300 for muted.fg is out of range; use 0-255",
            ),
            (
                "colour_wrong_type.toml",
                "colour_wrong_type.toml:2: text.fg must be a colour: a name like \"magenta\" or \
                 #rrggbb in quotes, or 0-255",
            ),
            (
                "unknown_meaning.toml",
                "unknown_meaning.toml:3: unknown meaning \"titel\"; the meanings are text, muted, \
                 title, title_focused, border, border_focused, selection, selection_unfocused, \
                 error, warning, ok, info, accent, header, status_bar, key_hint, key_desc, \
                 highlight, gap, overlap, now_marker, link_ok, link_broken, link_missing, code, \
                 heading",
            ),
            (
                "unknown_key.toml",
                "unknown_key.toml:5: unknown key \"colour\" in warning; use fg, bg, bold, italic, \
                 underline, reversed or dim",
            ),
            (
                "modifier_not_bool.toml",
                "modifier_not_bool.toml:2: title.bold must be true or false",
            ),
            (
                "meaning_not_table.toml",
                "meaning_not_table.toml:1: error must be a table, like error = { fg = \"red\", \
                 bold = true }",
            ),
            (
                "inherits_not_string.toml",
                "inherits_not_string.toml:1: inherits must be a theme name in quotes, like \
                 inherits = \"dark\"",
            ),
            (
                "inherits_unknown.toml",
                "inherits_unknown.toml:2: unknown theme \"drak\" for inherits; use one of dark, \
                 light, high-contrast, mono",
            ),
            (
                "not_toml.toml",
                "not_toml.toml:3: key with no value, expected `=`",
            ),
        ];
        for (file, expected) in cases {
            let err = Theme::parse(&fixture(file), file).unwrap_err();
            assert_eq!(err.to_string(), expected, "{file}");
        }
    }

    #[test]
    fn load_prefers_user_themes_and_follows_inherits() {
        let dir = tempfile::tempdir().unwrap();
        let themes = dir.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(
            themes.join("base.toml"),
            "inherits = \"light\"\nok = { fg = 1 }\n",
        )
        .unwrap();
        std::fs::write(
            themes.join("mine.toml"),
            "inherits = \"base\"\nerror = { fg = 2 }\n",
        )
        .unwrap();
        std::fs::write(
            themes.join("dark.toml"),
            "inherits = \"dark\"\ntext = { fg = 3 }\n",
        )
        .unwrap();
        let light = Theme::builtin("light").unwrap();
        let mine = Theme::load("mine", Some(dir.path())).unwrap();
        assert_eq!(mine.name(), "mine");
        assert_eq!(
            mine.style(Meaning::Ok),
            Style::default().fg(Color::Indexed(1))
        );
        assert_eq!(
            mine.style(Meaning::Error),
            Style::default().fg(Color::Indexed(2))
        );
        assert_eq!(mine.style(Meaning::Title), light.style(Meaning::Title));
        // A user "dark" replaces the built-in, and its `inherits = "dark"` means the built-in.
        let dark = Theme::load("dark", Some(dir.path())).unwrap();
        assert_eq!(
            dark.style(Meaning::Text),
            Style::default().fg(Color::Indexed(3))
        );
        assert_eq!(
            dark.style(Meaning::Title),
            Theme::builtin("dark").unwrap().style(Meaning::Title)
        );
        assert_eq!(
            Theme::load("mono", Some(dir.path())).unwrap(),
            Theme::builtin("mono").unwrap()
        );
        assert_eq!(Theme::load("light", None).unwrap(), light);
    }

    #[test]
    fn load_errors_name_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let themes = dir.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(themes.join("a.toml"), "inherits = \"b\"\n").unwrap();
        std::fs::write(themes.join("b.toml"), "# b\ninherits = \"a\"\n").unwrap();
        std::fs::write(themes.join("bad.toml"), "text = { fg = \"purpel\" }\n").unwrap();
        let shown = |name: &str| Theme::load(name, Some(dir.path())).unwrap_err().to_string();
        let b = themes.join("b.toml").display().to_string();
        assert_eq!(
            shown("a"),
            format!(
                "{b}:2: inherits = \"a\" goes round in a circle (a → b → a); inherit a built-in \
                 theme such as \"dark\" instead"
            )
        );
        assert_eq!(
            shown("bad"),
            format!(
                "{}:1: unknown colour \"purpel\" for text.fg; use a name like \"magenta\", \
                 #rrggbb or 0-255",
                themes.join("bad.toml").display()
            )
        );
        assert_eq!(
            shown("solarized"),
            format!(
                "unknown theme \"solarized\"; use one of dark, light, high-contrast, mono, or put \
                 solarized.toml in {}",
                themes.display()
            )
        );
        assert_eq!(
            Theme::load("solarized", None).unwrap_err().to_string(),
            "unknown theme \"solarized\"; use one of dark, light, high-contrast, mono"
        );
        assert_eq!(
            shown("../secret"),
            "theme name \"../secret\" may only use letters, digits, '-' and '_'"
        );
    }
}
