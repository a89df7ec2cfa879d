//! The edit form: one line per field, problems beside the value, its keys below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::form::{FieldKind, Form};
use crate::app::mode::Kind;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the edit form, its cursor in the focused field.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, form: &Form) {
    let label_w = form
        .fields
        .iter()
        .map(|f| f.header.chars().count())
        .max()
        .unwrap_or(4)
        .min(18);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let hint = match &f.kind {
            FieldKind::Text => String::new(),
            FieldKind::Date => "  YYYY-MM-DD".to_string(),
            FieldKind::Choice(o) => format!("  ←/→ {}", o.join(" · ")),
        };
        let value_style = if focused {
            theme.style(Meaning::Selection)
        } else {
            theme.style(Meaning::Text)
        };
        let problem = f.problem().map(|p| format!("  ✗ {p}")).unwrap_or_default();
        if focused {
            cursor = Some((i, label_w + 2 + f.input.visual_cursor()));
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>label_w$}  ", f.header),
                theme.style(if focused {
                    Meaning::Accent
                } else {
                    Meaning::Muted
                }),
            ),
            Span::styled(format!("{} ", f.input.value()), value_style),
            Span::styled(problem, theme.style(Meaning::Error)),
            Span::styled(
                if focused { hint } else { String::new() },
                theme.style(Meaning::Muted),
            ),
        ]));
    }
    if let Some(e) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            e.clone(),
            theme.style(Meaning::Error),
        )));
    }
    lines.push(Line::default());
    lines.push(footer(theme, &app.mode_hints(Kind::Form)));
    let h = u16::try_from(lines.len() + 2).unwrap_or(20);
    let area = centered(screen, screen.width.saturating_sub(4).min(110), h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(theme, format!(" {} ", form.title), true)),
        area,
    );
    if let Some((row, col)) = cursor {
        let x = area.x + 1 + u16::try_from(col).unwrap_or(0);
        let y = area.y + 1 + u16::try_from(row).unwrap_or(0);
        if x < area.x + area.width.saturating_sub(1) && y < area.y + area.height.saturating_sub(1) {
            frame.set_cursor_position((x, y));
        }
    }
}
