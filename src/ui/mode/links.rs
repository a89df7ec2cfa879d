//! The list of a requirement's links to follow.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::list;
use crate::app::App;
use crate::app::mode::Kind;
use crate::ui::theme::Theme;

/// Draw the `links` (label, path, anchor), `pick` highlighted.
pub fn render(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    screen: Rect,
    links: &[(String, String, Option<String>)],
    pick: usize,
) {
    let items: Vec<String> = links
        .iter()
        .map(|(label, path, anchor)| {
            let link = format!(
                "{label} → {path}{}",
                anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            );
            crate::model::inert_line(&link).into_owned()
        })
        .collect();
    let title: Vec<String> = app
        .mode_hints(Kind::Links)
        .into_iter()
        .map(|(k, d)| format!(" {d} ({k}) "))
        .collect();
    list(frame, theme, screen, &title.concat(), &items, pick);
}
