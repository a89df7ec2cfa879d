//! The help screen: the lines `app::mode::help::entries` lists, styled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::scrolled;
use crate::app::App;
use crate::app::mode::Kind;
use crate::app::mode::help::{Entry, entries};
use crate::app::mode::scroll::{HELP, Scroll};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Every line of the help screen, styled.
pub fn lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    entries(app)
        .into_iter()
        .map(|e| match e {
            Entry::Keys(what) => Line::from(Span::styled(
                format!("Keys in {what}"),
                theme.style(Meaning::Heading),
            )),
            Entry::Commands => {
                Line::from(Span::styled("Commands (:)", theme.style(Meaning::Heading)))
            }
            Entry::Key(action) => {
                let info = action.info();
                Line::from(vec![
                    Span::styled(
                        format!("{:>14}  ", app.keymap.label(action)),
                        theme.style(Meaning::KeyHint),
                    ),
                    Span::styled(info.doc, theme.style(Meaning::Text)),
                    Span::styled(format!("  ({})", info.name), theme.style(Meaning::Muted)),
                ])
            }
            Entry::Command(c) => {
                let aliases = if c.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.aliases.join(", "))
                };
                Line::from(vec![
                    Span::styled(
                        format!("{:>14}  ", format!(":{}", c.name)),
                        theme.style(Meaning::KeyHint),
                    ),
                    Span::styled(c.doc, theme.style(Meaning::Text)),
                    Span::styled(aliases, theme.style(Meaning::Muted)),
                ])
            }
            Entry::Note(text) => Line::from(Span::styled(text, theme.style(Meaning::Muted))),
            Entry::Blank => Line::default(),
        })
        .collect()
}

/// Draw the help popup scrolled by `scroll`.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, scroll: Scroll) {
    let hints: Vec<String> = app
        .mode_hints(Kind::Help)
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    let title = format!(" help — {}, any other key closes ", hints.join(", "));
    let block = pane_block(theme, title, true);
    scrolled(frame, theme, screen, HELP, lines(app, theme), scroll, block);
}
