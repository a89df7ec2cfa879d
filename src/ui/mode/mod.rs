//! The drawing of the modes that take the keyboard for a while, one module per mode
//! (matching `app::mode`), and the command palette's completions. Key hints come from
//! the mode's hints under the keymap in force, never from literals. The popups that
//! scroll draw through [`scrolled`], which marks text hidden above or below.

pub mod confirm;
pub mod conflict;
pub mod form;
pub mod handover;
pub mod help;
pub mod history;
pub mod incoming;
pub mod links;
pub mod messages;
pub mod picker;
pub mod walkthrough;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::pane_block;
use super::theme::{Meaning, Theme};
use crate::app::mode::Kind;
use crate::app::mode::scroll::{Scroll, Shape};
use crate::app::{App, Mode};

/// Draw the popup of the current mode, if it has one.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect) {
    match &app.mode {
        Mode::Help(scroll) => help::render(frame, app, theme, screen, *scroll),
        Mode::Command {
            completions, pick, ..
        } if !completions.is_empty() => {
            let items: Vec<String> = completions.iter().map(|c| format!(":{c}")).collect();
            list(frame, theme, screen, " commands ", &items, *pick);
        }
        Mode::Form(form) => form::render(frame, app, theme, screen, form),
        Mode::Handover { lines, scroll } => {
            handover::render(frame, app, theme, screen, lines, *scroll);
        }
        Mode::History => history::render(frame, app, theme, screen, &app.history),
        Mode::Picker(p) => picker::render(frame, app, theme, screen, p),
        Mode::Confirm(c) => confirm::render(frame, app, theme, screen, c),
        Mode::Conflict(c) => conflict::render(frame, app, theme, screen, c),
        Mode::Links { links, pick } => links::render(frame, app, theme, screen, links, *pick),
        Mode::Messages(scroll) => messages::render(frame, app, theme, screen, *scroll),
        Mode::Normal | Mode::Filter | Mode::Command { .. } | Mode::Incoming { .. } => {}
    }
}

/// A rectangle of `w` × `h` centred on the screen.
fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    crate::app::mode::scroll::centered(screen, w, h)
}

/// Draw a popup that scrolls: `rows` (already one per screen row) from `scroll` on,
/// in `shape` on `screen`, inside `block`, with "more above" / "more below" on its
/// border when rows are hidden there.
fn scrolled<'a>(
    frame: &mut Frame<'_>,
    theme: &Theme,
    screen: Rect,
    shape: Shape,
    rows: Vec<Line<'a>>,
    scroll: Scroll,
    block: Block<'a>,
) {
    let total = rows.len();
    let area = shape.area(screen, total);
    let shown = shape.shown(screen, total);
    let mark = |text: &'static str| {
        Line::from(Span::styled(text, theme.style(Meaning::Accent))).right_aligned()
    };
    let mut block = block;
    if scroll.more_above(total, shown) {
        block = block.title_top(mark(" ↑ more above "));
    }
    if scroll.more_below(total, shown) {
        block = block.title_bottom(mark(" ↓ more below "));
    }
    let first = scroll.first(total, shown);
    let visible: Vec<Line> = rows.into_iter().skip(first).take(shown).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// A list of up to ten lines at the bottom left, the picked one highlighted.
fn list(
    frame: &mut Frame<'_>,
    theme: &Theme,
    screen: Rect,
    title: &str,
    items: &[String],
    pick: usize,
) {
    let rows = u16::try_from(items.len().min(10)).unwrap_or(10);
    let width = items
        .iter()
        .map(|i| i.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(20, 80);
    let w = u16::try_from(width + 4).unwrap_or(84);
    let area = Rect::new(
        screen.x + 1,
        screen.height.saturating_sub(rows + 4),
        w.min(screen.width.saturating_sub(2)),
        rows + 2,
    );
    let first = pick.saturating_sub(9);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(10)
        .map(|(i, t)| {
            if i == pick {
                Line::from(Span::styled(
                    t.clone(),
                    theme.style(Meaning::Selection).add_modifier(Modifier::BOLD),
                ))
            } else {
                Line::from(Span::styled(t.clone(), theme.style(Meaning::Text)))
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(theme, title.to_string(), true)),
        area,
    );
}

/// A line of key hints, ` keys label ` each.
fn footer<'a>(theme: &Theme, keys: &[(String, &str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, d) in keys {
        spans.push(Span::styled(format!(" {k}"), theme.style(Meaning::KeyHint)));
        spans.push(Span::styled(
            format!(" {d} "),
            theme.style(Meaning::KeyDesc),
        ));
    }
    Line::from(spans)
}

/// The status line while a filter is typed.
pub fn filter_status_line<'a>(app: &App, theme: &Theme, filter: &str) -> Line<'a> {
    prompt_line(theme, "/", filter, &app.mode_hints(Kind::Filter))
}

/// The status line while a `:` command is typed.
pub fn palette_status_line<'a>(app: &App, theme: &Theme, input: &str) -> Line<'a> {
    prompt_line(theme, ":", input, &app.mode_hints(Kind::Palette))
}

/// A prompt in the status line: the prompt, the text typed, a cursor and the keys.
fn prompt_line<'a>(theme: &Theme, prompt: &str, typed: &str, keys: &[(String, &str)]) -> Line<'a> {
    Line::from(vec![
        Span::styled(prompt.to_string(), theme.style(Meaning::Accent)),
        Span::styled(typed.to_string(), theme.style(Meaning::Text)),
        Span::styled("▏", theme.style(Meaning::Accent)),
        Span::styled(format!("  {}", inline(keys)), theme.style(Meaning::Muted)),
    ])
}

/// Key hints as inline text, `enter skip · esc cancel`.
fn inline(keys: &[(String, &str)]) -> String {
    keys.iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
