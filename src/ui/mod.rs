//! Rendering only: a pure function from the app state and a theme to a frame. Panes,
//! popups, the header, the status line and the key-hint bar. Colours come from the
//! theme by meaning; text from documents is already inert.

mod detail;
mod mode;
mod oncall;
mod table;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell as TCell, Clear, Paragraph, Row as TRow, Sparkline, Table,
};

use crate::app::layout::{self, Areas};
use crate::app::mode::{hint, hint_items as key_hints};
use crate::app::{Action, App, KeyChord, Mode, PaneId, Tone};
use theme::{Meaning, Theme};

/// The style of a tone.
pub fn tone_style(theme: &Theme, tone: Tone) -> Style {
    let style = theme.style(match tone {
        Tone::Normal | Tone::Emphasis | Tone::Strong => Meaning::Text,
        Tone::Muted => Meaning::Muted,
        Tone::Ok => Meaning::Ok,
        Tone::Warning => Meaning::Warning,
        Tone::Error => Meaning::Error,
        Tone::Accent => Meaning::Accent,
        Tone::Gap => Meaning::Gap,
        Tone::Overlap => Meaning::Overlap,
        Tone::Now => Meaning::NowMarker,
        Tone::Heading => Meaning::Heading,
        Tone::Code => Meaning::Code,
        Tone::LinkOk => Meaning::LinkOk,
        Tone::LinkBroken => Meaning::LinkBroken,
    });
    match tone {
        Tone::Emphasis => style.add_modifier(Modifier::ITALIC),
        Tone::Strong => style.add_modifier(Modifier::BOLD),
        _ => style,
    }
}

/// Draw the whole screen. A theme that gives text a background (`high-contrast`, the
/// theme of `--present`) paints every cell with it, so a projector or a light
/// terminal never shows its own background through.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    draw(frame, app, theme);
    paint_background(frame.buffer_mut(), theme);
}

/// Give every cell nothing coloured the text meaning's background (and, where the
/// foreground is unset too, its foreground). Nothing when the theme sets none.
fn paint_background(buf: &mut ratatui::buffer::Buffer, theme: &Theme) {
    let text = theme.style(Meaning::Text);
    let Some(bg) = text.bg.filter(|c| *c != Color::Reset) else {
        return;
    };
    for cell in &mut buf.content {
        if cell.bg == Color::Reset {
            cell.bg = bg;
            if cell.fg == Color::Reset
                && let Some(fg) = text.fg
            {
                cell.fg = fg;
            }
        }
    }
}

fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let size = frame.area();
    let areas = layout::areas(size.width, size.height);
    if areas.too_small {
        let msg = format!(
            "readyroom needs at least {}x{} (now {}x{})",
            layout::MIN_SIZE.0,
            layout::MIN_SIZE.1,
            size.width,
            size.height
        );
        frame.render_widget(
            Paragraph::new(msg)
                .style(theme.style(Meaning::Warning))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            size,
        );
        return;
    }
    header(frame, app, theme, &areas);
    tabs(frame, app, theme, &areas);
    if app.loading {
        loading(frame, app, theme, areas.reading());
    } else if let Some(w) = &app.walk {
        mode::walkthrough::render(frame, app, theme, w, areas.reading());
    } else if app.focus == PaneId::Documents && app.doc.focused {
        detail::render(frame, app, theme, areas.reading());
    } else {
        list(frame, app, theme, areas.list);
        if app.focus == PaneId::Oncall && app.options.oncall_people {
            oncall::people_chart(frame, app, theme, areas.detail);
        } else {
            detail::render(frame, app, theme, areas.detail);
        }
    }
    status(frame, app, theme, &areas);
    hints(frame, app, theme, areas.hints);
    if app.mode == Mode::Normal {
        mode::messages::long_status(frame, app, theme, areas.status, status_room(app, &areas));
    }
    mode::render(frame, app, theme, size);
}

/// The body while the tree is first read and checked: how far it has got.
fn loading(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let lines = vec![
        Line::default(),
        Line::from(Span::styled(
            format!("  {}", app.busy.as_deref().unwrap_or("reading the docs…")),
            theme.style(Meaning::Accent),
        )),
        Line::from(Span::styled(
            "  The panes fill in when the check is done.",
            theme.style(Meaning::Muted),
        )),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines), area);
}

fn header(frame: &mut Frame<'_>, app: &App, theme: &Theme, a: &Areas) {
    let v = &app.assessment.verdict;
    let (word, meaning) = if app.loading {
        ("CHECKING", Meaning::Muted)
    } else if v.ready {
        ("READY", Meaning::Ok)
    } else {
        ("NOT READY", Meaning::Error)
    };
    let mut spans = vec![
        Span::styled(
            format!(" {} ", crate::model::inert_line(&app.name)),
            theme.style(Meaning::Header).add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
        Span::styled(word, theme.style(meaning).add_modifier(Modifier::BOLD)),
    ];
    if !app.loading {
        spans.push(Span::styled(
            format!(" {}✗ {}! ", v.errors, v.warnings),
            theme.style(Meaning::Muted),
        ));
    }
    // The campaign's countdown: to the nearest date with errors left, else to
    // `[campaign] ready_by`.
    if let Some(date) = crate::assess::campaign::nearest_open(&app.assessment.campaign) {
        let (d, ready_by) = (date.days_left, date.ready_by);
        let (text, meaning) = match date.criterion {
            None => match d {
                d if d < 0 => (
                    format!(" ready by {ready_by}: {} d late ", -d),
                    Meaning::Error,
                ),
                d if v.ready => (
                    format!(" ready by {ready_by}: {d} d to spare "),
                    Meaning::Ok,
                ),
                d => (
                    format!(" ready by {ready_by}: {d} d left "),
                    Meaning::Warning,
                ),
            },
            Some(c) if d < 0 => (format!(" {} {} d late ", c.short(), -d), Meaning::Error),
            Some(c) => (format!(" {} due in {d} d ", c.short()), Meaning::Warning),
        };
        let meaning = if date.at_risk.is_some() {
            Meaning::Error
        } else {
            meaning
        };
        spans.push(Span::styled(text, theme.style(meaning)));
    }
    if let Some(rot) = &app.assessment.rotation {
        let now = crate::rotation::on_call_at(rot, app.clock.now);
        spans.push(Span::styled(" on call: ", theme.style(Meaning::Muted)));
        let primary_style = if now.primary.is_some() {
            Meaning::Accent
        } else {
            Meaning::Error
        };
        spans.push(Span::styled(
            now.primary.unwrap_or_else(|| "nobody".into()),
            theme.style(primary_style),
        ));
        // Times read in an assumed zone are named as such, before anything that may be
        // cut off at 80 columns.
        if rot.zone_assumed {
            spans.push(Span::styled(
                format!(" [{} assumed]", rot.zone_name),
                theme.style(Meaning::Error),
            ));
        }
        if let Some(s) = now.secondary.filter(|_| a.header.width >= 100) {
            spans.push(Span::styled(format!(" / {s}"), theme.style(Meaning::Text)));
        }
        if let Some(t) = crate::rotation::next_handoff(rot, app.clock.now) {
            let when = t
                .to_zoned_datetime(rot.zone.clone())
                .strftime("%d %b %H:%M")
                .to_string();
            spans.push(Span::styled(
                format!(" until {when}"),
                theme.style(Meaning::Muted),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.style(Meaning::Header)),
        a.header,
    );
}

fn tabs(frame: &mut Frame<'_>, app: &App, theme: &Theme, a: &Areas) {
    let spans: Vec<Span> = layout::tab_labels(a.tabs.width)
        .into_iter()
        .map(|(p, label, _)| {
            if p == app.focus {
                Span::styled(
                    label,
                    theme
                        .style(Meaning::TitleFocused)
                        .add_modifier(Modifier::REVERSED | Modifier::BOLD),
                )
            } else {
                Span::styled(label, theme.style(Meaning::Title))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), a.tabs);
}

fn pane_block<'a>(theme: &Theme, title: String, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.style(if focused {
            Meaning::BorderFocused
        } else {
            Meaning::Border
        }))
        .title(Span::styled(
            crate::model::inert_line_owned(title),
            theme.style(if focused {
                Meaning::TitleFocused
            } else {
                Meaning::Title
            }),
        ))
}

/// `block` counting what scrolled out of its sight: `↑ N more` at the right of its top
/// border for the rows (or lines) above, `↓ N more` at the right of its bottom border
/// for those below; nothing when there are none.
fn out_of_sight<'a>(mut block: Block<'a>, theme: &Theme, above: usize, below: usize) -> Block<'a> {
    let marker = |arrow: &str, n: usize| {
        Line::from(Span::styled(
            format!(" {arrow} {n} more "),
            theme.style(Meaning::Muted),
        ))
        .right_aligned()
    };
    if above > 0 {
        block = block.title_top(marker("↑", above));
    }
    if below > 0 {
        block = block.title_bottom(marker("↓", below));
    }
    block
}

fn list(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let pane = app.focus;
    let st = &app.panes[pane.index()];
    let view = &app.views[pane.index()];
    let mut title = format!(" {} {} ", pane.index() + 1, pane.title());
    if !st.filter.is_empty() {
        title = format!("{title}/{} ", st.filter);
    }
    let focused = !(pane == PaneId::Documents && app.doc.focused);
    let mut block = pane_block(theme, title, focused);
    let inner = block.inner(area);
    if inner.height == 0 {
        frame.render_widget(block, area);
        return;
    }
    let summary = Rect::new(inner.x, inner.y, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(
            table::elide(&format!(" {}", view.summary), inner.width).into_owned(),
            theme.style(Meaning::Muted),
        )),
        summary,
    );
    let mut table_area = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let trend = app.trend_rows(pane);
    if trend > 0 && table_area.height > trend {
        table_area.height -= trend;
        let trend = Rect::new(table_area.x, table_area.bottom(), table_area.width, trend);
        sparklines(frame, app, theme, trend);
    }
    if st.visible.is_empty() {
        frame.render_widget(block, area);
        let msg = if st.filter.is_empty() {
            view.empty.to_string()
        } else {
            format!("Nothing matches /{}", st.filter)
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {msg}"), theme.style(Meaning::Muted))),
            table_area,
        );
        return;
    }
    // Presentation mode: every row gets a blank line under it, for a projector.
    let row_height: u16 = if app.present { 2 } else { 1 };
    let rows_fit = usize::from(table_area.height.saturating_sub(1) / row_height);
    let above = st.offset.min(st.visible.len());
    let below = st.visible.len().saturating_sub(st.offset + rows_fit);
    block = out_of_sight(block, theme, above, below);
    frame.render_widget(block, area);
    let on_screen: Vec<&crate::app::Row> = st
        .visible
        .iter()
        .skip(st.offset)
        .take(rows_fit)
        .map(|&ri| &view.rows[ri])
        .collect();
    let widths = table::fit(
        &view.columns,
        &widest_cells(app, pane, &on_screen),
        table_area.width,
    );
    let shown: Vec<(usize, u16)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let sel = theme.style(if focused {
        Meaning::Selection
    } else {
        Meaning::SelectionUnfocused
    });
    let mut rows = Vec::new();
    for (n, r) in on_screen.iter().enumerate() {
        let selected = st.offset + n == st.selected;
        let cells: Vec<TCell> = shown
            .iter()
            .map(|&(ci, w)| {
                let Some(c) = r.cells.get(ci) else {
                    return TCell::from("");
                };
                let style = tone_style(theme, c.tone);
                // In the selected row the selection wins, so no cell vanishes into it.
                let style = if selected { style.patch(sel) } else { style };
                TCell::from(Span::styled(table::elide(&c.text, w).into_owned(), style))
            })
            .collect();
        let mut row = TRow::new(cells).height(row_height);
        if selected {
            row = row.style(sel);
        }
        rows.push(row);
    }
    let header = TRow::new(
        shown
            .iter()
            .map(|&(i, w)| TCell::from(table::elide(view.columns[i].title, w).into_owned())),
    )
    .style(theme.style(Meaning::Muted).add_modifier(Modifier::BOLD));
    let constraints: Vec<Constraint> = shown.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    frame.render_widget(
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(table::SPACING),
        table_area,
    );
}

/// One count of a history point.
type Measure = fn(&crate::history::Point) -> usize;

/// The Readiness pane's trend: one sparkline of errors and one of open gaps over the
/// latest commits (as many as fit), each after its label and latest value.
fn sparklines(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let rows: [(&str, Measure, Meaning); 2] = [
        ("errors", |p| p.errors, Meaning::Error),
        ("gaps", |p| p.open_gaps, Meaning::Gap),
    ];
    for (n, (label, value, meaning)) in rows.into_iter().enumerate() {
        let y = area.y + u16::try_from(n).unwrap_or(0);
        let latest = app.history.last().map_or(0, value);
        let text = format!(" {label:<6}{latest:>4} ");
        let width = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.style(Meaning::Muted))),
            Rect::new(area.x, y, width.min(area.width), 1),
        );
        let room = area.width.saturating_sub(width);
        let data: Vec<u64> = app
            .history
            .iter()
            .rev()
            .take(usize::from(room))
            .rev()
            .map(|p| u64::try_from(value(p)).unwrap_or(u64::MAX))
            .collect();
        frame.render_widget(
            Sparkline::default().data(&data).style(theme.style(meaning)),
            Rect::new(area.x + width.min(area.width), y, room, 1),
        );
    }
}

/// The width of each column's widest cell: over the first rows of the filtered list
/// (so the columns stay put while scrolling) and the rows on screen (so no cell shown
/// is measured short).
fn widest_cells(app: &App, pane: PaneId, on_screen: &[&crate::app::Row]) -> Vec<u16> {
    let view = &app.views[pane.index()];
    let mut widest = vec![0u16; view.columns.len()];
    for r in app
        .visible_rows(pane)
        .take(500)
        .chain(on_screen.iter().copied())
    {
        for (w, c) in widest.iter_mut().zip(&r.cells) {
            *w = (*w).max(table::width(&c.text));
        }
    }
    widest
}

fn status(frame: &mut Frame<'_>, app: &App, theme: &Theme, a: &Areas) {
    let line = match &app.mode {
        Mode::Filter => mode::filter_status_line(app, theme, &app.panes[app.focus.index()].filter),
        Mode::Command { input, .. } => mode::palette_status_line(app, theme, input),
        Mode::Incoming { name } => mode::incoming::status_line(app, theme, name),
        _ => match &app.status {
            Some(s) => Line::from(Span::styled(
                fit_status(&s.text, status_room(app, a)),
                tone_style(theme, s.tone),
            )),
            None => Line::from(Span::styled(
                format!(
                    "{} · today {}",
                    crate::model::inert_line(&app.root.display().to_string()),
                    app.clock.today
                ),
                theme.style(Meaning::Muted),
            )),
        },
    };
    // The slow work under way leads the line, so it shows whatever else is said.
    let line = match &app.busy {
        Some(what) => {
            let mut spans = vec![
                Span::styled(what.clone(), theme.style(Meaning::Accent)),
                Span::raw(" · "),
            ];
            spans.extend(line.spans);
            Line::from(spans)
        }
        None => line,
    };
    frame.render_widget(Clear, a.status);
    frame.render_widget(
        Paragraph::new(line).style(theme.style(Meaning::StatusBar)),
        a.status,
    );
}

/// Columns of the status line left for a message, after the slow work under way.
fn status_room(app: &App, a: &Areas) -> usize {
    let busy = app
        .busy
        .as_deref()
        .map_or(0, |b| unicode_width::UnicodeWidthStr::width(b) + 3);
    usize::from(a.status.width).saturating_sub(busy)
}

/// A status message cut to `width` columns: when it does not fit, its start and a
/// pointer to `:messages`, where it is read whole.
fn fit_status(text: &str, width: usize) -> String {
    const MORE: &str = "… (:messages)";
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(MORE));
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push_str(MORE);
    out
}

/// The key hints for the focused pane, from the action table and the keymap.
pub fn hint_items(app: &App) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if app.walk.is_some() {
        return app.mode_hints(crate::app::mode::Kind::Walkthrough);
    }
    // The pane keys as a range, `1-7`, from the first and last pane's first key.
    let first_key = |a: Action| app.keymap.chords(a).first().map(KeyChord::label);
    let panes = first_key(Action::focus(PaneId::ALL[0]))
        .zip(first_key(Action::focus(PaneId::ALL[PaneId::ALL.len() - 1])))
        .map(|(a, b)| (format!("{a}-{b}"), "pane"));
    if app.present {
        let mut out: Vec<(String, &'static str)> = panes.into_iter().collect();
        out.extend(key_hints(
            &app.keymap,
            &[
                hint(&[Action::Walkthrough], "walkthrough"),
                hint(&[Action::Help], "help"),
                hint(&[Action::Quit], "quit"),
            ],
        ));
        return out;
    }
    // In an opened document, enter and the list filter have nothing on screen to act on.
    let reading = app.focus == PaneId::Documents && app.doc.focused;
    if reading {
        out.push((
            app.keymap.label(Action::Down) + "/" + &app.keymap.label(Action::Up),
            "scroll",
        ));
    } else {
        out.extend(panes);
    }
    // Help first, so it is never the hint a narrow screen drops.
    let help = crate::app::Action::Help;
    if let Some(k) = app.keymap.chords(help).first() {
        out.push((k.label(), "help"));
    }
    if reading {
        out.push((
            app.keymap.label(Action::ScrollLeft) + "/" + &app.keymap.label(Action::ScrollRight),
            "sideways",
        ));
    }
    // Then what is special to this pane, then the keys every pane has.
    let mut infos: Vec<&crate::app::ActionInfo> = crate::app::ACTIONS.iter().collect();
    infos.sort_by_key(|i| i.panes.is_empty());
    for info in infos {
        if let Some(h) = info.hint
            && info.scope == crate::app::action::Scope::Panes
            && info.action.applies_to(app.focus)
            && info.action != help
            && !(reading && matches!(info.action, Action::Enter | Action::Filter))
        {
            let keys = app.keymap.chords(info.action);
            if let Some(k) = keys.first() {
                out.push((k.label(), h));
            }
        }
    }
    out
}

fn hints(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, desc) in hint_items(app) {
        let w = key.chars().count() + desc.chars().count() + 3;
        if used + w > usize::from(area.width) {
            break;
        }
        used += w;
        spans.push(Span::styled(
            format!(" {key}"),
            theme.style(Meaning::KeyHint),
        ));
        spans.push(Span::styled(
            format!(" {desc} "),
            theme.style(Meaning::KeyDesc),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.style(Meaning::StatusBar)),
        area,
    );
}
