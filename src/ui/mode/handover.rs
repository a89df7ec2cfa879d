//! The handover note, full screen, its keys at the foot: headings, new items and
//! overdue ones each in their colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::mode::Kind;
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
    scroll: u16,
) {
    let area = centered(
        screen,
        screen.width.saturating_sub(2),
        screen.height.saturating_sub(2),
    );
    // Long lines wrap under their own text, so a continuation never reads as a heading.
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let kinds = line_kinds(lines.iter().map(String::as_str));
    let mut text: Vec<Line> = Vec::with_capacity(lines.len());
    for (l, kind) in lines.iter().zip(kinds) {
        let meaning = match kind {
            LineKind::Heading => Meaning::Heading,
            LineKind::New => Meaning::Info,
            LineKind::Overdue => Meaning::Error,
            LineKind::Text => Meaning::Text,
        };
        let lead = match kind {
            LineKind::New | LineKind::Overdue => 4,
            _ => l.len() - l.trim_start_matches(' ').len(),
        };
        let hang = " ".repeat((lead + 4).min(width / 2));
        let options = textwrap::Options::new(width)
            .subsequent_indent(&hang)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for row in textwrap::wrap(l, options) {
            text.push(Line::from(Span::styled(
                row.into_owned(),
                theme.style(meaning),
            )));
        }
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text).scroll((scroll, 0)).block(
            pane_block(theme, " Handover ".to_string(), true)
                .title_bottom(footer(theme, &app.mode_hints(Kind::Handover))),
        ),
        area,
    );
}
