//! The On-call pane's per-person view beside its list: primary hours per person as a
//! bar chart (ratatui's `BarChart`), from the view's bars.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Bar, BarChart, BarGroup};

use super::pane_block;
use super::theme::{Meaning, Theme};
use crate::app::{App, PaneId};

/// Draw the primary hours of each person as horizontal bars in `area`.
pub fn people_chart(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let view = &app.views[PaneId::Oncall.index()];
    let block = pane_block(theme, " Primary hours ".to_string(), false);
    let label_width = view
        .bars
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    let bars: Vec<Bar<'_>> = view
        .bars
        .iter()
        .map(|(name, hours)| {
            Bar::default()
                .label(crate::model::inert_line_owned(format!(
                    "{name:<label_width$}"
                )))
                .value(*hours)
                .text_value(format!("{hours} h"))
                .style(theme.style(Meaning::Accent))
                .value_style(theme.style(Meaning::Text))
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(ratatui::layout::Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}
