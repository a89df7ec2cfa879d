//! The handover note, full screen, its keys at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::mode::Kind;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the note's `lines`, scrolled by `scroll`.
pub fn render(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    screen: Rect,
    lines: &[String],
    scroll: u16,
) {
    let area = centered(
        screen,
        screen.width.saturating_sub(2),
        screen.height.saturating_sub(2),
    );
    let text: Vec<Line> = lines
        .iter()
        .map(|l| {
            let meaning = if l.starts_with(|c: char| c.is_ascii_uppercase()) && !l.starts_with("  ")
            {
                Meaning::Heading
            } else {
                Meaning::Text
            };
            Line::from(Span::styled(l.clone(), theme.style(meaning)))
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                pane_block(theme, " Handover ".to_string(), true)
                    .title_bottom(footer(theme, &app.mode_hints(Kind::Handover))),
            ),
        area,
    );
}
