//! The message log: each message of the session with its time and severity, coloured
//! by severity, its keys at the foot; and a status message too long for the status
//! line, drawn whole just above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{footer, scrolled};
use crate::app::mode::Kind;
use crate::app::mode::scroll::{MESSAGES, Scroll, wrap};
use crate::app::{App, Tone};
use crate::ui::theme::Theme;
use crate::ui::{pane_block, tone_style};

/// Draw the log scrolled by `scroll`.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, scroll: Scroll) {
    let lines = app.message_lines();
    let rows: Vec<Line> = wrap(&lines, MESSAGES.text_width(screen))
        .into_iter()
        .map(|(n, text)| {
            let tone = app.messages.get(n).map_or(Tone::Muted, |m| m.tone);
            Line::from(Span::styled(text, tone_style(theme, tone)))
        })
        .collect();
    let block = pane_block(theme, " Messages of this session ".to_string(), true)
        .title_bottom(footer(theme, &app.mode_hints(Kind::Messages)));
    scrolled(frame, theme, screen, MESSAGES, rows, scroll, block);
}

/// A warning or error in the status line, when it is wider than the `room` the status
/// line (`line`) leaves it: drawn whole, wrapped, in a box just above the status line.
/// It takes no key; it goes when the message expires (or `esc` clears it), and
/// `:messages` keeps it. Other long messages only end in "… (:messages)".
pub fn long_status(frame: &mut Frame<'_>, app: &App, theme: &Theme, line: Rect, room: usize) {
    let Some(s) = app
        .status
        .as_ref()
        .filter(|s| matches!(s.tone, Tone::Error | Tone::Warning))
    else {
        return;
    };
    if unicode_width::UnicodeWidthStr::width(s.text.as_str()) <= room {
        return;
    }
    let rows: Vec<Line> = wrap(
        std::slice::from_ref(&s.text),
        usize::from(line.width.saturating_sub(2)),
    )
    .into_iter()
    .map(|(_, text)| Line::from(Span::styled(text, tone_style(theme, s.tone))))
    .collect();
    let h = u16::try_from(rows.len() + 2)
        .unwrap_or(u16::MAX)
        .min(line.y.saturating_sub(2));
    if h < 3 {
        return;
    }
    let area = Rect::new(line.x, line.y - h, line.width, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(rows).block(pane_block(
            theme,
            " Message (:messages lists them all) ".to_string(),
            true,
        )),
        area,
    );
}
