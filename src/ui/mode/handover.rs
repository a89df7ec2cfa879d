//! The handover note, full screen, its keys at the foot: headings, new items and
//! overdue ones each in their colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{footer, scrolled};
use crate::app::App;
use crate::app::mode::Kind;
use crate::app::mode::scroll::{HANDOVER, Scroll, wrap};
use crate::handover::render::{LineKind, line_kinds};
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
    let kinds = line_kinds(lines.iter().map(String::as_str));
    let rows: Vec<Line> = wrap(lines, HANDOVER.text_width(screen))
        .into_iter()
        .map(|(n, text)| {
            let meaning = match kinds[n] {
                LineKind::Heading => Meaning::Heading,
                LineKind::New => Meaning::Info,
                LineKind::Overdue => Meaning::Error,
                LineKind::Text => Meaning::Text,
            };
            Line::from(Span::styled(text, theme.style(meaning)))
        })
        .collect();
    let block = pane_block(theme, " Handover ".to_string(), true)
        .title_bottom(footer(theme, &app.mode_hints(Kind::Handover)));
    scrolled(frame, theme, screen, HANDOVER, rows, scroll, block);
}
