//! Rendering only: a pure function from the app state and a theme to a frame. Panes,
//! popups, the header, the status line and the key-hint bar. Colours come from the
//! theme by meaning; text from documents is already inert.

mod detail;
mod mode;
mod oncall;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
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
    theme.style(match tone {
        Tone::Normal => Meaning::Text,
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
    })
}

/// Draw the whole screen.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
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
    // The campaign's countdown, when `[campaign] ready_by` sets a date.
    if let Some(ready_by) = app.project.config.ready_by {
        let days = app
            .clock
            .today
            .until(ready_by)
            .map_or(0, |s| i64::from(s.get_days()));
        let (text, meaning) = match days {
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

fn list(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let pane = app.focus;
    let st = &app.panes[pane.index()];
    let view = &app.views[pane.index()];
    let mut title = format!(" {} {} ", pane.index() + 1, pane.title());
    if !st.filter.is_empty() {
        title = format!("{title}/{} ", st.filter);
    }
    let focused = !(pane == PaneId::Documents && app.doc.focused);
    let block = pane_block(theme, title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let summary = Rect::new(inner.x, inner.y, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" {}", view.summary),
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
    // Fixed columns take the width of their widest visible cell; optional ones are left
    // out (rightmost first) while the row would not fit.
    let mut wanted: Vec<(usize, u16)> = view
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                i,
                if c.grow {
                    c.min
                } else {
                    c.min.max(column_width(app, pane, c.title))
                },
            )
        })
        .collect();
    let fits = |w: &[(usize, u16)]| {
        let total: u16 = w.iter().map(|(_, x)| *x + 1).sum();
        total <= table_area.width
    };
    while !fits(&wanted) {
        let Some(pos) = wanted.iter().rposition(|(i, _)| view.columns[*i].optional) else {
            break;
        };
        wanted.remove(pos);
    }
    let keep: Vec<usize> = wanted.iter().map(|(i, _)| *i).collect();
    let widths: Vec<Constraint> = wanted
        .iter()
        .map(|(i, w)| {
            if view.columns[*i].grow {
                Constraint::Min(*w)
            } else {
                Constraint::Length(*w)
            }
        })
        .collect();
    // Presentation mode: every row gets a blank line under it, for a projector.
    let row_height: u16 = if app.present { 2 } else { 1 };
    let rows_fit = usize::from(table_area.height.saturating_sub(1) / row_height);
    let mut rows = Vec::new();
    for (n, &ri) in st.visible.iter().enumerate().skip(st.offset).take(rows_fit) {
        let r = &view.rows[ri];
        let selected = n == st.selected;
        let sel = theme.style(if focused {
            Meaning::Selection
        } else {
            Meaning::SelectionUnfocused
        });
        let cells: Vec<TCell> = r
            .cells
            .iter()
            .enumerate()
            .filter(|(ci, _)| keep.contains(ci))
            .map(|(_, c)| {
                let style = tone_style(theme, c.tone);
                // In the selected row the selection wins, so no cell vanishes into it.
                let style = if selected { style.patch(sel) } else { style };
                TCell::from(Span::styled(c.text.clone(), style))
            })
            .collect();
        let mut row = TRow::new(cells).height(row_height);
        if selected {
            row = row.style(theme.style(if focused {
                Meaning::Selection
            } else {
                Meaning::SelectionUnfocused
            }));
        }
        rows.push(row);
    }
    let header = TRow::new(keep.iter().map(|&i| TCell::from(view.columns[i].title)))
        .style(theme.style(Meaning::Muted).add_modifier(Modifier::BOLD));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}

/// The width a fixed column needs for its widest visible cell, capped.
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

fn column_width(app: &App, pane: PaneId, title: &str) -> u16 {
    let view = &app.views[pane.index()];
    let Some(ci) = view.columns.iter().position(|c| c.title == title) else {
        return 0;
    };
    let widest = app
        .visible_rows(pane)
        .take(500)
        .map(|r| {
            r.cells.get(ci).map_or(0, |c| {
                unicode_width::UnicodeWidthStr::width(c.text.as_str())
            })
        })
        .max()
        .unwrap_or(0)
        .max(title.len());
    u16::try_from(widest.min(40)).unwrap_or(40)
}

fn status(frame: &mut Frame<'_>, app: &App, theme: &Theme, a: &Areas) {
    let line = match &app.mode {
        Mode::Filter => mode::filter_status_line(app, theme, &app.panes[app.focus.index()].filter),
        Mode::Command { input, .. } => mode::palette_status_line(app, theme, input),
        Mode::Incoming { name } => mode::incoming::status_line(app, theme, name),
        _ => match &app.status {
            Some(s) => Line::from(Span::styled(s.text.clone(), tone_style(theme, s.tone))),
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
