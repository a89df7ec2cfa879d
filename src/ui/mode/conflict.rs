//! The conflict dialog: what someone else changed, and the three ways on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{footer, scrolled};
use crate::app::App;
use crate::app::editing::Conflict;
use crate::app::mode::Kind;
use crate::app::mode::scroll::{CONFLICT, wrap};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the dialog of conflict `c`.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, c: &Conflict) {
    let lines: Vec<String> = c.message.lines().map(str::to_string).collect();
    let rows: Vec<Line> = wrap(&lines, CONFLICT.text_width(screen))
        .into_iter()
        .map(|(_, text)| Line::from(Span::styled(text, theme.style(Meaning::Text))))
        .collect();
    let block = pane_block(
        theme,
        " Conflict: someone else changed this item ".to_string(),
        true,
    )
    .title_bottom(footer(theme, &app.mode_hints(Kind::Conflict)));
    scrolled(frame, theme, screen, CONFLICT, rows, c.scroll, block);
}
