//! The link picker: headings filtered as you type, with a preview of the picked one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::editing::Picker;
use crate::app::mode::Kind;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// The first lines of the section under a heading, for the picker's preview.
fn section_preview(app: &App, path: &str, anchor: Option<&str>, max: usize) -> Vec<String> {
    let Some(doc) = app.project.workspace.doc(path) else {
        return Vec::new();
    };
    let start = anchor
        .and_then(|a| doc.headings.iter().position(|h| h.anchor == a))
        .map_or(1, |i| doc.headings[i].line + 1);
    let end = doc
        .headings
        .iter()
        .find(|h| h.line >= start)
        .map_or(doc.lines.line_count(), |h| h.line.saturating_sub(1));
    (start..=end)
        .map(|l| {
            crate::model::inert(doc.lines.line_span(&doc.source, l).slice(&doc.source)).into_owned()
        })
        .filter(|l| !l.trim().is_empty())
        .take(max)
        .collect()
}

/// Draw the link picker `p`: the filter, the headings, a preview of the picked one.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, p: &Picker) {
    let w = screen.width.saturating_sub(4).min(110);
    let rows = usize::from(screen.height.saturating_sub(14)).clamp(3, 10);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("link {} to: ", p.item), theme.style(Meaning::Muted)),
        Span::styled(p.filter.clone(), theme.style(Meaning::Text)),
        Span::styled("▏", theme.style(Meaning::Accent)),
        Span::styled(
            format!("  {} of {}", p.visible.len(), p.targets.len()),
            theme.style(Meaning::Muted),
        ),
    ])];
    let first = p.pick.saturating_sub(rows - 1);
    for (n, &i) in p.visible.iter().enumerate().skip(first).take(rows) {
        let t = &p.targets[i];
        let text = format!(
            "{}{}  {}{}",
            "  ".repeat(usize::from(t.level.saturating_sub(1))),
            t.label,
            t.path,
            t.anchor
                .as_ref()
                .map(|a| format!("#{a}"))
                .unwrap_or_default()
        );
        let style = if n == p.pick {
            theme.style(Meaning::Selection)
        } else {
            theme.style(Meaning::Text)
        };
        // Labels and paths name files of the tree: shown inert, on one line.
        let text = crate::model::inert_line(&text).into_owned();
        lines.push(Line::from(Span::styled(text, style)));
    }
    if let Some(t) = p.current() {
        lines.push(Line::from(Span::styled(
            "─".repeat(usize::from(w.saturating_sub(2))),
            theme.style(Meaning::Border),
        )));
        for l in section_preview(app, &t.path, t.anchor.as_deref(), 6) {
            lines.push(Line::from(Span::styled(l, theme.style(Meaning::Muted))));
        }
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(20)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            pane_block(theme, " Link evidence: type to filter ".to_string(), true)
                .title_bottom(footer(theme, &app.mode_hints(Kind::Picker))),
        ),
        area,
    );
}
