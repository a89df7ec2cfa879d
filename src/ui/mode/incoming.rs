//! The incoming-engineer prompt, drawn in the status line.

use ratatui::text::Line;

use super::prompt_line;
use crate::app::App;
use crate::app::mode::Kind;
use crate::ui::theme::Theme;

/// The status line while the incoming engineer's `name` is typed.
pub fn status_line<'a>(app: &App, theme: &Theme, name: &str) -> Line<'a> {
    prompt_line(
        theme,
        "Incoming engineer: ",
        name,
        &app.mode_hints(Kind::Incoming),
    )
}
