//! The one way command-line output reaches standard output and standard error.
//!
//! Everything printed may hold text from the docs tree (file names, the project name,
//! IDs, cell values, `readyroom.toml` keys quoted in errors), so nothing is written as it
//! is: [`Safe`] is the only thing [`print`] and [`eprint`] accept, and every way to make
//! one makes the text inert first: control characters, C1 controls and bidi or
//! zero-width format characters become visible stand-ins (`␛`, `⟨U+202E⟩`), or `\uXXXX`
//! escapes in JSON. The only escape sequences that reach a terminal are the colours that
//! [`Styled`] adds itself. The lints forbid `print!`, `eprint!` and `std::io::stdout` /
//! `stderr` elsewhere, so a new printer cannot go around this module.

use std::fmt::Write as _;
use std::io::{self, IsTerminal as _, Write as _};

use crate::model::{inert, inert_line, is_hazard};

/// Whether to emit ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Plain text.
    Off,
    /// ANSI colours.
    On,
}

impl Colour {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set (or empty).
    #[allow(clippy::disallowed_methods)] // Only asks whether it is a terminal.
    pub fn for_stdout() -> Colour {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && io::stdout().is_terminal() {
            Colour::On
        } else {
            Colour::Off
        }
    }
}

/// A style [`Styled`] can paint text with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Bold.
    Bold,
    /// Green (passed).
    Green,
    /// Red (failed).
    Red,
    /// Bold green (ready).
    BoldGreen,
    /// Bold red (errors, not ready).
    BoldRed,
    /// Bold yellow (warnings).
    BoldYellow,
}

impl Style {
    /// The SGR parameters of the style.
    fn sgr(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Green => "32",
            Style::Red => "31",
            Style::BoldGreen => "1;32",
            Style::BoldRed => "1;31",
            Style::BoldYellow => "1;33",
        }
    }
}

/// Text ready for a terminal. Made only by the functions below, each of which makes
/// text from elsewhere inert first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Safe(String);

impl Safe {
    /// Text for people: hazards become visible stand-ins, tabs spaces; newlines stay.
    pub fn text(text: &str) -> Safe {
        Safe(inert(text).into_owned())
    }

    /// JSON text (as `serde_json` writes it): every hazard becomes a `\uXXXX` escape, so
    /// the document stays valid and reads back to exactly the same strings. Outside its
    /// strings JSON holds only ASCII punctuation and spaces, so escaping the whole text
    /// escapes exactly the strings.
    pub fn json(text: &str) -> Safe {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if is_hazard(c) {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            } else {
                out.push(c);
            }
        }
        Safe(out)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Safe {
    fn from(text: &str) -> Safe {
        Safe::text(text)
    }
}

impl From<String> for Safe {
    fn from(text: String) -> Safe {
        Safe(crate::model::inert_owned(text))
    }
}

/// Text for a terminal built from words and our own colours: each word is made inert as
/// it is added, so the only escape sequences in the result are the colours.
#[derive(Debug, Clone)]
pub struct Styled {
    text: String,
    colour: Colour,
}

impl Styled {
    /// Empty text; `colour` says whether [`Styled::paint`] adds colours.
    pub fn new(colour: Colour) -> Styled {
        Styled {
            text: String::new(),
            colour,
        }
    }

    /// Add text, made inert; its newlines are kept.
    pub fn push(&mut self, text: &str) -> &mut Styled {
        self.text.push_str(&inert(text));
        self
    }

    /// Add text that must stay on one line (a file name, an ID, a message), made inert
    /// with its line breaks shown as `␊`.
    pub fn field(&mut self, text: &str) -> &mut Styled {
        self.text.push_str(&inert_line(text));
        self
    }

    /// Add one-line text in `style` (plain when colour is off).
    pub fn paint(&mut self, style: Style, text: &str) -> &mut Styled {
        match self.colour {
            Colour::On => {
                let _ = write!(
                    self.text,
                    "\x1b[{}m{}\x1b[0m",
                    style.sgr(),
                    inert_line(text)
                );
            }
            Colour::Off => {
                self.field(text);
            }
        }
        self
    }

    /// The text as it will be printed.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<Styled> for Safe {
    fn from(styled: Styled) -> Safe {
        Safe(styled.text)
    }
}

/// Write `text` to standard output. A closed pipe (`| head`) is no error.
#[allow(clippy::disallowed_methods)] // The one place that writes to standard output.
pub fn print(text: impl Into<Safe>) -> io::Result<()> {
    let text = text.into();
    let mut out = io::stdout().lock();
    match out
        .write_all(text.as_str().as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Write `text` to standard error; a failure to do so cannot be reported anywhere.
#[allow(clippy::disallowed_methods)] // The one place that writes to standard error.
pub fn eprint(text: impl Into<Safe>) {
    let text = text.into();
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(text.as_str().as_bytes())
        .and_then(|()| err.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_made_inert() {
        assert_eq!(
            Safe::from("docs/\x1b]0;PWNED\x07.md \u{202E}x\u{9b}\n").as_str(),
            "docs/␛]0;PWNED␇.md ⟨U+202E⟩x⟨U+009B⟩\n"
        );
        assert_eq!(Safe::from(String::from("plain\n")).as_str(), "plain\n");
    }

    #[test]
    fn json_escapes_hazards_and_reads_back_the_same() {
        let name = "a\u{202E}gnp.md \u{9b}31m \u{200D}\x1b";
        let text = serde_json::to_string_pretty(&serde_json::json!({ "file": name })).unwrap();
        let safe = Safe::json(&text);
        assert!(!safe.as_str().chars().any(is_hazard), "{}", safe.as_str());
        assert!(
            safe.as_str()
                .contains(r"a\u202egnp.md \u009b31m \u200d\u001b")
        );
        let back: serde_json::Value = serde_json::from_str(safe.as_str()).unwrap();
        assert_eq!(back["file"], name);
    }

    #[test]
    fn styled_text_keeps_only_its_own_colours() {
        let mut s = Styled::new(Colour::On);
        s.paint(Style::BoldRed, "err\x1b[2J")
            .push(" ")
            .field("new\nline.md")
            .push("\n");
        assert_eq!(s.as_str(), "\x1b[1;31merr␛[2J\x1b[0m new␊line.md\n");
        let mut plain = Styled::new(Colour::Off);
        plain.paint(Style::Bold, "name\u{202E}");
        assert_eq!(Safe::from(plain).as_str(), "name⟨U+202E⟩");
    }
}
