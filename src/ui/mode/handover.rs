//! The handover note, full screen, its keys at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{footer, scrolled};
use crate::app::App;
use crate::app::mode::Kind;
use crate::app::mode::scroll::{HANDOVER, Scroll, wrap};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the note's `lines`, scrolled by `scroll`.
pub fn render(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    screen: Rect,
    lines: &[String],
    scroll: Scroll,
) {
    let rows: Vec<Line> = wrap(lines, HANDOVER.text_width(screen))
        .into_iter()
        .map(|(n, text)| {
            let l = &lines[n];
            let meaning = if l.starts_with(|c: char| c.is_ascii_uppercase()) && !l.starts_with("  ")
            {
                Meaning::Heading
            } else {
                Meaning::Text
            };
            Line::from(Span::styled(text, theme.style(meaning)))
        })
        .collect();
    let block = pane_block(theme, " Handover ".to_string(), true)
        .title_bottom(footer(theme, &app.mode_hints(Kind::Handover)));
    scrolled(frame, theme, screen, HANDOVER, rows, scroll, block);
}
