//! Confirming a write: the summary and the diff it makes, its keys at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{footer, scrolled};
use crate::app::App;
use crate::app::editing::Confirm;
use crate::app::mode::Kind;
use crate::app::mode::scroll::{CONFIRM, wrap};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the confirmation `c`: its summary, the diff, its keys.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, c: &Confirm) {
    let lines = c.lines();
    let summary = c.summary.len();
    let rows: Vec<Line> = wrap(&lines, CONFIRM.text_width(screen))
        .into_iter()
        .map(|(n, text)| {
            let l = lines[n].as_str();
            let meaning = if n < summary {
                Meaning::Text
            } else if l.starts_with("+++") || l.starts_with("---") {
                Meaning::Muted
            } else if l.starts_with('+') {
                Meaning::Ok
            } else if l.starts_with('-') {
                Meaning::Error
            } else if l.starts_with("@@") {
                Meaning::Info
            } else {
                Meaning::Muted
            };
            Line::from(Span::styled(text, theme.style(meaning)))
        })
        .collect();
    let keys = footer(theme, &app.mode_hints(Kind::Confirm));
    let block = pane_block(theme, format!(" {} ", c.title), true).title_bottom(keys);
    scrolled(frame, theme, screen, CONFIRM, rows, c.scroll, block);
}
