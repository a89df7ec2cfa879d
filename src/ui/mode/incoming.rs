//! The incoming-engineer prompt, drawn in the status line.

use ratatui::text::{Line, Span};

use super::inline;
use crate::app::App;
use crate::app::mode::Kind;
use crate::ui::theme::{Meaning, Theme};

/// The status line while the incoming engineer's `name` is typed.
pub fn status_line<'a>(app: &App, theme: &Theme, name: &str) -> Line<'a> {
    Line::from(vec![
        Span::styled("Incoming engineer: ", theme.style(Meaning::Accent)),
        Span::styled(name.to_string(), theme.style(Meaning::Text)),
        Span::styled("▏", theme.style(Meaning::Accent)),
        Span::styled(
            format!("  {}", inline(&app.mode_hints(Kind::Incoming))),
            theme.style(Meaning::Muted),
        ),
    ])
}
