//! The readiness chart: errors and open gaps at every commit, oldest on the left, the
//! first, middle and last dates under the axis; its keys at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Clear, Dataset, GraphType};

use super::{centered, footer};
use crate::app::App;
use crate::app::mode::Kind;
use crate::history::Point;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the chart of `points` (oldest first) over most of the screen.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, points: &[Point]) {
    let area = centered(
        screen,
        screen.width.saturating_sub(2),
        screen.height.saturating_sub(2),
    );
    #[allow(clippy::cast_precision_loss)] // Counts and indexes far below 2^52.
    let series = |f: fn(&Point) -> usize| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, f(p) as f64))
            .collect()
    };
    let errors = series(|p| p.errors);
    let gaps = series(|p| p.open_gaps);
    let top = points
        .iter()
        .map(|p| p.errors.max(p.open_gaps))
        .max()
        .unwrap_or(0)
        .max(1);
    let last = points.len().saturating_sub(1);
    let mut dates: Vec<&str> = vec![points.first().map_or("", |p| p.date.as_str())];
    if last >= 2 {
        dates.push(points[last / 2].date.as_str());
    }
    if last >= 1 {
        dates.push(points[last].date.as_str());
    }
    let datasets = vec![
        Dataset::default()
            .name("errors")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.style(Meaning::Error))
            .data(&errors),
        Dataset::default()
            .name("open gaps")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.style(Meaning::Gap))
            .data(&gaps),
    ];
    #[allow(clippy::cast_precision_loss)] // Small counts.
    let (x_max, y_max) = (last.max(1) as f64, top as f64);
    let muted = theme.style(Meaning::Muted);
    let chart = Chart::new(datasets)
        .block(
            pane_block(
                theme,
                format!(" Readiness over {} commits ", points.len()),
                true,
            )
            .title_bottom(footer(theme, &app.mode_hints(Kind::History))),
        )
        .x_axis(
            Axis::default().style(muted).bounds([0.0, x_max]).labels(
                dates
                    .into_iter()
                    .map(|d| Span::styled(d.to_string(), muted)),
            ),
        )
        .y_axis(Axis::default().style(muted).bounds([0.0, y_max]).labels([
            Line::from(Span::styled("0", muted)),
            Line::from(Span::styled(top.to_string(), muted)),
        ]));
    frame.render_widget(Clear, area);
    frame.render_widget(chart, area);
}
