//! What the operator sees: the whole screen rendered with ratatui's `TestBackend` on a
//! temp copy of the sample project with the clock pinned, snapshotted with insta.
//!
//! Proves that every pane (and the opened document) draws the expected text at 80x24
//! and 160x48 (every pane at 60x20 too, some at 120x40), that no ID, date or number of a
//! row on screen is cut at 60x20, 80x24 or 120x40 (checked against the view's key
//! cells), that lists and documents longer than their view count the rows out of sight
//! on their border, that the text is the same under the `dark` and `high-contrast` themes
//! while the colours differ as the themes say (compact style-run snapshots), that the
//! popups, an incremental filter, a status message and the "too small" notice draw,
//! that no terminal size from 1x1 to 45x14 (and a few odd ones) makes rendering panic
//! in any pane or mode, that no cell is drawn in its own background colour, and that
//! escape sequences and bidi overrides from documents never reach a screen cell.
//!
//! The status line shows the project root; the app's displayed root is set to a fixed
//! placeholder so the snapshots do not depend on where the temp copy lives.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use readyroom::app::{App, Message, Mode, PaneId};
use readyroom::clock::Clock;
use readyroom::parse::FileChange;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::{Meaning, Theme};

/// What the status line shows instead of the temp copy's absolute path.
const ROOT_PLACEHOLDER: &str = "<sample-project>";

/// The pane keys and the names their snapshots carry.
const PANES: [(&str, &str); 8] = [
    ("1", "readiness"),
    ("2", "telemetry"),
    ("3", "alerts"),
    ("4", "escalation"),
    ("5", "oncall"),
    ("6", "rtm"),
    ("7", "findings"),
    ("8", "documents"),
];

/// The two sizes every pane is snapshotted at.
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// The themes the issue names for the snapshots.
const THEMES: [&str; 2] = ["dark", "high-contrast"];

/// The app over a temp copy of the sample project, clock pinned, sized `w` × `h`. The
/// temp dir is returned so it outlives the app; the displayed root is a fixed
/// placeholder so snapshots do not depend on where the copy landed.
fn app(w: u16, h: u16) -> (App, tempfile::TempDir) {
    let dir = common::temp_copy(&common::sample_dir());
    let mut app = app_of(dir.path(), w, h);
    app.theme_names = THEMES.iter().map(|t| (*t).to_string()).collect();
    app.root = PathBuf::from(ROOT_PLACEHOLDER);
    (app, dir)
}

/// The app on the project at `dir` (a temp copy a test changed), the clock pinned, at
/// `w` × `h`.
fn app_of(dir: &std::path::Path, w: u16, h: u16) -> App {
    let project = load_project(dir, &rule_ids()).expect("load the copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.update(Message::Resize(w, h));
    app
}

/// The telemetry pane of a copy of the sample whose observability report has its one
/// `from` replaced by `to`, at `w`x`h`; the copy is returned to keep it alive.
fn telemetry_pane_after(from: &str, to: &str, w: u16, h: u16) -> (tempfile::TempDir, App) {
    let dir = common::temp_copy(&common::sample_dir());
    common::replace_once(
        &dir.path().join("docs/operations/observability-status.md"),
        from,
        to,
    );
    let mut app = app_of(dir.path(), w, h);
    press(&mut app, "2");
    (dir, app)
}

/// Type `keys`: `\n` is enter, `\x1b` esc, `\t` tab, anything else that character.
fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let _ = app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

fn theme(name: &str) -> Theme {
    Theme::builtin(name).expect("built-in theme")
}

/// Render the app once at `w` × `h` and return the buffer.
fn draw(app: &App, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, theme))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn colour(c: Color) -> String {
    match c {
        Color::Reset => "-".to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("i{i}"),
        named => format!("{named:?}"),
    }
}

fn modifiers(m: Modifier) -> String {
    if m.is_empty() {
        String::new()
    } else {
        format!(" {m:?}").replace(" | ", "+")
    }
}

/// The styles of the screen, compact: per row, runs of equal (fg, bg, modifiers) with
/// their column ranges (`start..end fg/bg MODS`). Underline colour is shown when set.
fn screen_styles(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let key = |x: u16| {
            let c = &buf[(x, y)];
            let ul = if c.underline_color == Color::Reset {
                String::new()
            } else {
                format!(" ul={}", colour(c.underline_color))
            };
            format!(
                "{}/{}{}{ul}",
                colour(c.fg),
                colour(c.bg),
                modifiers(c.modifier)
            )
        };
        let _ = write!(out, "{y:>2}:");
        let mut start = 0u16;
        let mut current = key(0);
        for x in 1..=area.width {
            let next = if x < area.width {
                key(x)
            } else {
                String::new()
            };
            if x == area.width || next != current {
                let _ = write!(out, " [{start}..{x} {current}]");
                start = x;
                current = next;
            }
        }
        out.push('\n');
    }
    out
}

/// Render with every theme, check the text is theme-independent, return it.
fn text_all_themes(app: &App, w: u16, h: u16) -> String {
    let mut texts = THEMES
        .iter()
        .map(|t| common::screen_text(&draw(app, &theme(t), w, h)));
    let first = texts.next().expect("a theme");
    for (other, name) in texts.zip(THEMES.iter().skip(1)) {
        assert_eq!(first, other, "the text differs under the {name} theme");
    }
    first
}

/// Snapshot the text of a screen reached by `keys` at `w` × `h`.
fn snap_keys(name: &str, keys: &str, w: u16, h: u16) -> String {
    let (mut a, _dir) = app(w, h);
    press(&mut a, keys);
    let text = text_all_themes(&a, w, h);
    insta::assert_snapshot!(name, text);
    text
}

#[test]
fn every_pane_at_80x24_and_160x48() {
    for (w, h) in SIZES {
        for (key, pane) in PANES {
            let text = snap_keys(&format!("{pane}_{w}x{h}"), key, w, h);
            assert!(text.contains("Checkout API"), "{pane} {w}x{h}: no header");
        }
    }
}

#[test]
fn opened_document_at_80x24_and_160x48() {
    for (w, h) in SIZES {
        let text = snap_keys(&format!("documents_open_{w}x{h}"), "8\n", w, h);
        // The first document of the tree, shown full height with line numbers.
        assert!(text.contains("   1 "), "{text}");
    }
}

#[test]
fn document_scrolled_sideways_at_80x24() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "8");
    while a.selected_row(PaneId::Documents).map(|r| r.key.as_str())
        != Some("docs/requirements/RTM.md")
    {
        press(&mut a, "j");
    }
    press(&mut a, "\n");
    let plain = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    for _ in 0..2 {
        a.update(Message::Key(KeyEvent::new(
            KeyCode::Right,
            KeyModifiers::NONE,
        )));
    }
    let text = text_all_themes(&a, 80, 24);
    insta::assert_snapshot!("document_scrolled_sideways_80x24", text);
    // The gutter stays; the content moved 36 columns; the title says from where.
    assert!(text.contains("from column 37"), "{text}");
    assert!(text.contains("←/→ sideways"), "{text}");
    // Keys with nothing to act on while reading are not offered; the editor is.
    assert!(
        !text.contains("enter open") && !text.contains("/ filter"),
        "{text}"
    );
    assert!(text.contains("o edit file"), "{text}");
    assert_ne!(
        plain,
        common::screen_text(&draw(&a, &theme("dark"), 80, 24))
    );
}

#[test]
fn panes_show_their_data() {
    let expect = [
        ("1", "Telemetry"),
        ("2", "TEL-004"),
        ("3", "ALR-002"),
        ("4", "SEV1"),
        ("5", "Aisha Bello"),
        ("6", "NFR-003"),
        ("7", "placeholder"),
        ("8", "incident-response.md"),
    ];
    for (key, needle) in expect {
        let (mut a, _dir) = app(80, 24);
        press(&mut a, key);
        let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
        assert!(text.contains(needle), "pane {key}: no {needle:?}\n{text}");
    }
}

#[test]
fn styles_per_theme_of_readiness_telemetry_and_oncall() {
    for t in THEMES {
        let th = theme(t);
        for (key, pane) in [("1", "readiness"), ("2", "telemetry"), ("5", "oncall")] {
            let (mut a, _dir) = app(80, 24);
            press(&mut a, key);
            let styles = screen_styles(&draw(&a, &th, 80, 24));
            insta::assert_snapshot!(format!("styles_{t}_{pane}_80x24"), styles);
        }
    }
}

#[test]
fn themes_differ_in_colour_not_in_text() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "2");
    let dark = draw(&a, &theme("dark"), 80, 24);
    let hc = draw(&a, &theme("high-contrast"), 80, 24);
    assert_eq!(common::screen_text(&dark), common::screen_text(&hc));
    assert_ne!(screen_styles(&dark), screen_styles(&hc));
}

#[test]
fn help_popup() {
    let text = snap_keys("help_80x24", "?", 80, 24);
    assert!(text.contains("help"), "{text}");
    snap_keys("help_160x48", "?", 160, 48);
}

#[test]
fn command_palette_with_completions() {
    let text = snap_keys("palette_go_80x24", ":go", 80, 24);
    assert!(text.contains(":goto"), "{text}");
    let text = snap_keys("palette_goto_tel_80x24", ":goto TEL-00", 80, 24);
    assert!(text.contains(":goto TEL-008"), "{text}");
}

#[test]
fn rtm_link_picker() {
    let text = snap_keys("rtm_links_80x24", ":goto NFR-001\n\n", 80, 24);
    assert!(text.contains("follow link"), "{text}");
    assert!(text.contains("HLD.md#3-availability"), "{text}");
    snap_keys("rtm_links_160x48", ":goto NFR-001\n\n", 160, 48);
}

#[test]
fn filter_in_progress() {
    let text = snap_keys("telemetry_filter_tls_80x24", "2/tls", 80, 24);
    assert!(text.contains("TEL-007"), "{text}");
    assert!(!text.contains("TEL-004"), "{text}");
    assert!(text.contains("/tls"), "{text}");
}

#[test]
fn status_message_after_a_reload() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, ":goto TEL-007\n");
    let path = "docs/operations/observability-status.md";
    let source = a
        .project
        .workspace
        .doc(path)
        .expect("observability status")
        .source
        .replace(
            "| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | |",
            "| TLS certificate expiry | [NFR-006](../requirements/RTM.md) | missing | — | Jonas Weber |",
        );
    a.update(Message::FilesChanged(vec![(
        path.to_string(),
        FileChange::Text(source),
    )]));
    let text = text_all_themes(&a, 80, 24);
    insta::assert_snapshot!("status_reloaded_80x24", text);
    assert!(
        text.contains("reloaded docs/operations/observability-status.md"),
        "{text}"
    );
}

#[test]
fn status_message_of_an_error() {
    let text = snap_keys("status_no_item_80x24", ":goto NOPE-1\n", 80, 24);
    assert!(text.contains("no item NOPE-1"), "{text}");
}

#[test]
fn too_small_notice_and_the_smallest_full_layout() {
    let text = snap_keys("too_small_39x11", "", 39, 11);
    // The whole notice, the current size included, even on 39 columns.
    assert!(text.contains("needs at least 40x12"), "{text}");
    assert!(text.contains("39x11)"), "{text}");
    let text = snap_keys("smallest_40x12", "", 40, 12);
    assert!(!text.contains("needs at least"), "{text}");
}

#[test]
fn the_status_line_shows_no_temp_path() {
    let (a, dir) = app(160, 48);
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(text.contains(ROOT_PLACEHOLDER), "{text}");
    let tmp = dir.path().to_string_lossy().into_owned();
    assert!(!text.contains(&tmp), "{text}");
}

/// Every state worth drawing: the panes, the open document, and each popup mode.
const STATES: [&str; 15] = [
    "1",
    "2",
    "3",
    "4",
    "4c",
    "5",
    "6",
    "7",
    "8",
    "8\n",
    "3\n",
    "?",
    ":goto TEL-00",
    "2/tls",
    "6jjj\n",
];

#[test]
fn no_panic_at_any_small_or_odd_size() {
    let th = theme("dark");
    let mut sizes: Vec<(u16, u16)> = (1..=45)
        .flat_map(|w| (1..=14).map(move |h| (w, h)))
        .collect();
    sizes.extend([
        (200, 5),
        (5, 200),
        (1, 200),
        (200, 1),
        (300, 100),
        (119, 30),
        (120, 30),
        (99, 24),
        (100, 24),
        (41, 13),
        (0, 0),
        (0, 24),
        (80, 0),
    ]);
    for keys in STATES {
        let (mut a, _dir) = app(80, 24);
        press(&mut a, keys);
        for &(w, h) in &sizes {
            a.update(Message::Resize(w, h));
            let buf = draw(&a, &th, w, h);
            assert_eq!(buf.area.width, w);
            // Moving after a resize must not panic either.
            if w > 0 && h > 0 && (w, h) == (45, 14) {
                press(&mut a, "jG");
            }
        }
    }
}

/// The text of the first screen row drawn with the theme's selection background.
fn selected_line(buf: &Buffer, th: &Theme) -> Option<String> {
    let bg = th.style(Meaning::Selection).bg?;
    let text = common::screen_text(buf);
    (0..buf.area.height)
        .find(|&y| (0..buf.area.width).any(|x| buf[(x, y)].bg == bg))
        .and_then(|y| text.lines().nth(usize::from(y)).map(str::to_string))
}

#[test]
fn resizing_back_and_forth_keeps_the_selection_on_screen() {
    let th = theme("dark");
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "7G");
    let rule = a.selected_row(PaneId::Findings).expect("a finding").cells[1]
        .text
        .clone();
    for (w, h) in [(40, 12), (160, 48), (45, 13), (80, 24), (40, 12)] {
        a.update(Message::Resize(w, h));
        let buf = draw(&a, &th, w, h);
        let line = selected_line(&buf, &th)
            .unwrap_or_else(|| panic!("{w}x{h}: no selected row\n{}", common::screen_text(&buf)));
        assert!(
            line.contains(&rule[..3]),
            "{w}x{h}: the selected row is not {rule}: {line}"
        );
    }
    assert_eq!(a.mode, Mode::Normal);
}

/// Cells whose glyph cannot be seen: an explicit foreground equal to the background.
fn invisible_cells(buf: &Buffer) -> Vec<String> {
    let text = common::screen_text(buf);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if !c.symbol().trim().is_empty() && c.fg != Color::Reset && c.fg == c.bg {
                out.push(format!(
                    "({x},{y}) {:?} is {} on {} in: {}",
                    c.symbol(),
                    colour(c.fg),
                    colour(c.bg),
                    lines.get(usize::from(y)).copied().unwrap_or_default()
                ));
            }
        }
    }
    out
}

/// Every cell of every state drawn with `theme_name` at 80x24 can be seen.
fn assert_all_text_visible(theme_name: &str) {
    let th = theme(theme_name);
    let mut bad = Vec::new();
    for keys in STATES {
        let (mut a, _dir) = app(80, 24);
        press(&mut a, keys);
        bad.extend(
            invisible_cells(&draw(&a, &th, 80, 24))
                .into_iter()
                .map(|c| format!("after {keys:?}: {c}")),
        );
    }
    assert!(
        bad.is_empty(),
        "{theme_name}: {} invisible cell(s), e.g.\n{}",
        bad.len(),
        bad.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_text_is_drawn_in_its_own_background_colour_dark_light_mono() {
    for t in ["dark", "light", "mono"] {
        assert_all_text_visible(t);
    }
}

#[test]
fn no_text_is_drawn_in_its_own_background_colour_high_contrast() {
    assert_all_text_visible("high-contrast");
}

/// A document and a playbook cell full of escape sequences and bidi overrides.
const HOSTILE: &str = "# Hostile \x1b[2J heading \u{202E}evil\n\n\
Prose with \x1b[2J a clear, a title \x1b]0;PWNED\x07 and a bidi \u{202E}override, \
a bell \x07 and a C1 \u{9b}31m.\n\n\
See [link \u{202E}text](../README.md) here.\n\n\
| Name | Value |\n|---|---|\n| cell \x1b[2J | \u{202E}x \x1b]0;PWNED\x07 |\n";

/// Characters that must never reach the terminal: C0 and C1 controls, DEL, and the
/// bidi and zero-width format characters.
fn dangerous(c: char) -> bool {
    let u = u32::from(c);
    (u < 0x20 && c != '\n')
        || (0x7f..=0x9f).contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0xfeff
}

#[test]
fn escape_sequences_and_bidi_overrides_are_drawn_inert_everywhere() {
    let dir = common::temp_copy(&common::sample_dir());
    std::fs::write(dir.path().join("docs/hostile.md"), HOSTILE).unwrap();
    common::replace_once(
        &dir.path().join("docs/operations/incident-response.md"),
        "| 2 | 5 min | Secondary on-call | PagerDuty |",
        "| 2 | 5 min | Secondary on-call | PagerDuty \x1b]0;PWNED\x07 \u{202E}x |",
    );
    let project = load_project(dir.path(), &rule_ids()).unwrap();
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().unwrap(),
    };
    let th = theme("dark");
    let mut seen_inert = false;
    let states = [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "8/hostile\n\n",
        "4j",
        "7G",
    ];
    for keys in states {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut a = App::new(project.clone(), "Checkout API".into(), clock, true);
            a.root = PathBuf::from(ROOT_PLACEHOLDER);
            a.update(Message::Resize(w, h));
            press(&mut a, keys);
            let buf = draw(&a, &th, w, h);
            for y in 0..h {
                for x in 0..w {
                    let sym = buf[(x, y)].symbol();
                    assert!(
                        !sym.chars().any(dangerous),
                        "after {keys:?} at {w}x{h}: cell ({x},{y}) holds {sym:?}\n{}",
                        common::screen_text(&buf)
                    );
                }
            }
            let text = common::screen_text(&buf);
            if keys == "8/hostile\n\n" {
                assert!(text.contains(" docs/hostile.md "), "{text}");
                assert!(text.contains("␛[2J"), "{text}");
                assert!(text.contains("␛]0;PWNED␇"), "{text}");
                assert!(text.contains("⟨U+202E⟩"), "{text}");
                if w == 80 {
                    insta::assert_snapshot!("hostile_document_80x24", text);
                }
                seen_inert = true;
            }
            if keys == "4j" {
                assert!(text.contains("␛]0;PWNED␇"), "{text}");
            }
        }
    }
    assert!(seen_inert);
}

#[test]
fn overdue_telemetry_detail_at_80x24() {
    // The detail of an overdue gap: what an operator must see to act on it.
    let text = snap_keys("telemetry_tel006_80x24", ":goto TEL-006\n", 80, 24);
    assert!(text.contains("TEL-006"), "{text}");
}

#[test]
fn link_targets_quoted_in_finding_messages_are_inert() {
    let dir = common::temp_copy(&common::sample_dir());
    std::fs::write(
        dir.path().join("docs/hostile.md"),
        "# Links\n\nAn empty link [](<evil\x1b[2J\u{202E}.md>) and [t](<a\x1b]0;PWNED\x07.md>).\n",
    )
    .unwrap();
    let project = load_project(dir.path(), &rule_ids()).unwrap();
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().unwrap(),
    };
    let th = theme("dark");
    for keys in ["7", "7/hostile\n", "7/hostile\nj", "8/hostile\n\n"] {
        let mut a = App::new(project.clone(), "Checkout API".into(), clock, true);
        a.update(Message::Resize(160, 48));
        press(&mut a, keys);
        let buf = draw(&a, &th, 160, 48);
        let text = common::screen_text(&buf);
        assert!(!text.chars().any(dangerous), "after {keys:?}:\n{text}");
        if keys.starts_with('7') {
            // Shown, not silently dropped: the escape is visible as ␛.
            assert!(
                text.contains("evil␛[2J⟨U+202E⟩.md"),
                "after {keys:?}:\n{text}"
            );
        }
    }
}

#[test]
fn a_cell_of_several_links_lists_each_in_the_detail_pane() {
    // The telemetry pane opens on TEL-004, the first gap.
    let (_dir, a) = telemetry_pane_after(
        "| partial | — | Jonas Weber |",
        "| partial | [Probe map](https://g.example/probes)<br>[Regions](https://g.example/regions) | Jonas Weber |",
        160,
        48,
    );
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(
        text.contains("• Probe map → https://g.example/probes"),
        "{text}"
    );
    assert!(
        text.contains("• Regions → https://g.example/regions"),
        "{text}"
    );
    assert!(!text.contains("<br>"), "{text}");
}

#[test]
fn oncall_people_view_shows_hours_per_person_and_a_bar_chart() {
    for (w, h) in SIZES {
        let (mut a, _dir) = app(w, h);
        press(&mut a, "5p");
        let text = common::screen_text(&draw(&a, &theme("dark"), w, h));
        assert!(text.contains("Primary hours"), "{text}");
        insta::assert_snapshot!(format!("oncall_people_{w}x{h}"), text);
        press(&mut a, "p");
        let back = common::screen_text(&draw(&a, &theme("dark"), w, h));
        assert!(!back.contains("Primary hours"), "p returns to the timeline");
    }
}

#[test]
fn the_telemetry_pane_says_which_monitoring_code_backs_a_metric() {
    let dir = common::temp_copy(&common::sample_dir());
    let obs = dir.path().join("docs/operations/observability-status.md");
    for (from, to) in [
        (
            "| Synthetic checkout probe from three regions |",
            "| Latency `http_request_duration_seconds` |",
        ),
        (
            "| Retry budget consumption |",
            "| Requests `http_requests_total` |",
        ),
        (
            "| Replication lag of the orders database |",
            "| Replication lag `pg_replication_lag` |",
        ),
    ] {
        common::replace_once(&obs, from, to);
    }
    let mut a = app_of(dir.path(), 160, 48);
    a.root = PathBuf::from(ROOT_PLACEHOLDER);
    press(&mut a, "2");
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(text.contains("Verified"), "{text}");
    insta::assert_snapshot!("telemetry_verified_160x48", text);
    // The detail of a row backed by a rule: the rule's file, line and expression.
    press(&mut a, "j");
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(
        text.contains("rule deploy/prometheus/checkout-alerts.yml:6"),
        "{text}"
    );
    insta::assert_snapshot!("telemetry_verified_rule_detail_160x48", text);
}

#[test]
fn the_telemetry_pane_shows_what_the_last_verify_found() {
    use readyroom::rules::live::LiveResult;
    let (mut a, _dir) = app(160, 48);
    let signal = |item: &str, name: &str, samples: u64| LiveResult {
        kind: "signal",
        item: item.to_string(),
        name: name.to_string(),
        result: if samples == 0 { "no-data" } else { "ok" },
        samples: Some(samples),
        detail: String::new(),
    };
    a.update(Message::Verified(Ok(Box::new(
        readyroom::store::prometheus::LiveCheck {
            url: "http://prometheus.test:9090".to_string(),
            version: "2.53.0".to_string(),
            revision: String::new(),
            window: "1h".to_string(),
            findings: Vec::new(),
            results: vec![
                signal("TEL-001", "http_requests_total", 240),
                signal("TEL-002", "psp_request_duration_seconds", 0),
            ],
        },
    ))));
    press(&mut a, "2");
    let text = text_all_themes(&a, 160, 48);
    assert!(text.contains("Verified"), "{text}");
    insta::assert_snapshot!("telemetry_live_160x48", text);
}

/// With a readiness history the Readiness pane ends in sparklines of errors and open
/// gaps; `:history` charts both by date over the screen, and esc closes the chart.
#[test]
fn readiness_trend_and_the_history_chart() {
    for (w, h) in SIZES {
        let (mut a, _dir) = app(w, h);
        let _ = a.update(Message::History(common::history_points()));
        let text = text_all_themes(&a, w, h);
        assert!(
            text.contains(" errors   0 ") && text.contains(" gaps     1 "),
            "{text}"
        );
        insta::assert_snapshot!(format!("readiness_trend_{w}x{h}"), text);
        press(&mut a, ":history\n");
        let text = text_all_themes(&a, w, h);
        assert!(
            text.contains("2026-10-01") && text.contains("2026-11-30"),
            "{text}"
        );
        insta::assert_snapshot!(format!("history_chart_{w}x{h}"), text);
        press(&mut a, "\x1b");
        assert!(matches!(a.mode, readyroom::app::Mode::Normal));
        assert!(!text_all_themes(&a, w, h).contains("Readiness over"));
    }
}

#[test]
fn alerts_pane_opens_the_runbook_at_its_anchor() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "3");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    for needle in ["ALR-001", "ALR-004", "SEV2", "✗ none", "Dashboards"] {
        assert!(text.contains(needle), "no {needle:?}\n{text}");
    }
    // ALR-002's runbook link has no anchor: the file opens at its top.
    press(&mut a, "j\n");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(
        text.contains("docs/operations/runbooks/payment-provider-timeout.md"),
        "{text}"
    );
    assert!(text.contains("   1 "), "{text}");
    // esc comes back to the row it came from.
    press(&mut a, "\x1b");
    assert_eq!(a.focus, PaneId::Alerts);
    assert_eq!(
        a.selected_row(PaneId::Alerts).map(|r| r.key.as_str()),
        Some("ALR-002")
    );
}

#[test]
fn a_runbook_link_with_an_anchor_opens_at_that_heading() {
    let dir = common::temp_copy(&common::sample_dir());
    let playbook = dir.path().join("docs/operations/incident-response.md");
    let text = std::fs::read_to_string(&playbook).unwrap().replace(
        "(runbooks/db-connection-saturation.md)",
        "(runbooks/db-connection-saturation.md#mitigation)",
    );
    std::fs::write(&playbook, text).unwrap();
    let runbook = dir
        .path()
        .join("docs/operations/runbooks/db-connection-saturation.md");
    let mut body = std::fs::read_to_string(&runbook).unwrap();
    for n in 0..60 {
        write!(body, "\nFiller line {n}.\n").unwrap();
    }
    body.push_str("\n## Mitigation\n\nRaise the pool size.\n");
    std::fs::write(&runbook, body).unwrap();
    let project = load_project(dir.path(), &rule_ids()).unwrap();
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().unwrap(),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    a.update(Message::Resize(80, 24));
    a.run_command("goto alr-3");
    press(&mut a, "\n");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(text.contains("## Mitigation"), "{text}");
    assert!(!text.contains("   1 "), "{text}");
}

#[test]
fn alerts_and_contacts_at_80x24() {
    let text = snap_keys("contacts_80x24", "4c", 80, 24);
    for needle in ["Dana Kim", "+49 30 5550 1842", "Europe/Berlin", "Tue 10:00"] {
        assert!(text.contains(needle), "no {needle:?}\n{text}");
    }
    snap_keys("contacts_160x48", "4c", 160, 48);
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "4cc");
    let back = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(back.contains("SEV1"), "c returns to the paths\n{back}");
}

#[test]
fn the_escalation_detail_shows_how_to_reach_each_step() {
    let (mut a, _dir) = app(160, 48);
    // SEV1 step 3: the Incident commander, resolved through the Role column.
    press(&mut a, "4jj");
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(text.contains("Incident commander → Luis Ortega"), "{text}");
    assert!(
        text.contains("Incident commander → Luis Ortega ☎ +34 91 555 0137"),
        "{text}"
    );
    assert!(text.contains("@luis.ortega"), "{text}");
    assert!(text.contains("Europe/Madrid (Tue"), "{text}");
    // SEV1 step 4: a person named directly.
    press(&mut a, "j");
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(text.contains("Dana Kim ☎ +49 30 5550 1842"), "{text}");
}

#[test]
fn alerts_pane_reads_dashboards_sign_offs_and_external_runbooks() {
    let dir = common::temp_copy(&common::sample_dir());
    let playbook = dir.path().join("docs/operations/incident-response.md");
    let mut text = std::fs::read_to_string(&playbook).unwrap();
    let mut table = String::new();
    for line in text.lines() {
        let line = if line.starts_with("| ID | Alert |") {
            format!("{line} Dashboards | Sign-off |")
        } else if line == "|---|---|---|---|---|" && table.contains("| ID | Alert |") {
            format!("{line}---|---|")
        } else if line.starts_with("| ALR-004 ") {
            "| ALR-004 | Certificate expiry | TLS certificate expires within 14 days | SEV3 | \
             [Cert wiki](https://wiki.example.com/certs) | [Certs](https://grafana.example.com/d/certs), \
             [TLS](https://grafana.example.com/d/tls) | Dana Kim 2026-11-20 fp:0123456789abcdef |"
                .to_string()
        } else if line.starts_with("| ALR-") {
            format!("{line} | |")
        } else {
            line.to_string()
        };
        table.push_str(&line);
        table.push('\n');
    }
    text = table;
    std::fs::write(&playbook, &text).unwrap();
    // ALR-003 signed off as it is now: its signer is shown.
    let project = load_project(dir.path(), &rule_ids()).unwrap();
    let ws = &project.workspace;
    let item = ws.item("ALR-003").unwrap();
    let fp = readyroom::model::fingerprint(item, &ws.docs[item.doc].source);
    let signed = text.replacen(
        "(runbooks/db-connection-saturation.md) | |",
        &format!("(runbooks/db-connection-saturation.md) | | Luis Ortega 2026-11-20 fp:{fp} |"),
        1,
    );
    std::fs::write(&playbook, signed).unwrap();
    let project = load_project(dir.path(), &rule_ids()).unwrap();
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().unwrap(),
    };
    let mut a = App::new(project, "Checkout API".into(), clock, true);
    a.update(Message::Resize(160, 48));
    a.run_command("goto alr-003");
    let row = a.selected_row(PaneId::Alerts).expect("ALR-003 selected");
    assert_eq!(row.cells[7].text, "Luis Ortega");
    a.run_command("goto ALR-4");
    let row = a.selected_row(PaneId::Alerts).expect("ALR-004 selected");
    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(cells[5..], ["✓", "2", "stale"], "{cells:?}");
    let text = common::screen_text(&draw(&a, &theme("dark"), 160, 48));
    assert!(text.contains("dashboards Certs · TLS"), "{text}");
    press(&mut a, "\n");
    assert_eq!(
        a.focus,
        PaneId::Alerts,
        "an external runbook opens no document"
    );
    let status = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.contains("outside the project: https://wiki.example.com/certs"),
        "{status}"
    );
}

/// The lines of the rows drawn in the focused pane's list: the model's rows from the
/// scroll offset, each with the screen line it is drawn on (below the list's border,
/// summary and column header).
fn rows_on_screen<'a>(a: &'a App, text: &str) -> Vec<(&'a readyroom::app::Row, String)> {
    let pane = a.focus;
    let st = &a.panes[pane.index()];
    let list = readyroom::app::layout::areas(a.size.0, a.size.1).list;
    let lines: Vec<&str> = text.lines().collect();
    st.visible
        .iter()
        .skip(st.offset)
        .take(usize::from(a.page()))
        .enumerate()
        .map(|(n, &ri)| {
            let y = usize::from(list.y) + 3 + n;
            let line: String = lines[y]
                .chars()
                .skip(usize::from(list.x))
                .take(usize::from(list.width))
                .collect();
            (&a.views[pane.index()].rows[ri], line)
        })
        .collect()
}

#[test]
fn at_60x20_telemetry_ids_and_dates_and_escalation_delays_read_in_full() {
    let (mut a, _dir) = app(60, 20);
    press(&mut a, "2");
    let text = common::screen_text(&draw(&a, &theme("dark"), 60, 20));
    let rows = rows_on_screen(&a, &text);
    assert!(!rows.is_empty(), "{text}");
    for (row, line) in rows {
        let item = a
            .project
            .workspace
            .item(&row.key)
            .expect("a telemetry item");
        assert!(line.contains(&item.id), "{} cut:\n{text}", item.id);
        let due = item.text(&readyroom::model::FieldKey::Due);
        assert!(line.contains(due), "{due} of {} cut:\n{text}", item.id);
    }
    press(&mut a, "4");
    let text = common::screen_text(&draw(&a, &theme("dark"), 60, 20));
    for (row, line) in rows_on_screen(&a, &text) {
        let item = a.project.workspace.item(&row.key).expect("a step");
        let after = item.text(&readyroom::model::FieldKey::After);
        assert!(line.contains(after), "{after} of {} cut:\n{text}", item.id);
    }
}

#[test]
fn a_list_longer_than_its_pane_says_how_many_rows_are_above_and_below() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "1");
    // Twelve rows (four criteria, eight checks) in a pane with room for seven.
    let rows = a.panes[0].visible.len();
    let page = usize::from(a.page());
    assert!(rows > page + 1, "{rows} rows, {page} on screen");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(text.contains(&format!("↓ {} more", rows - page)), "{text}");
    assert!(!text.contains("↑"), "{text}");
    press(&mut a, "G");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(text.contains(&format!("↑ {} more", rows - page)), "{text}");
    assert!(!text.contains("↓"), "{text}");
    // Up a page and one more row: one row hidden below, the rest above.
    press(&mut a, &"k".repeat(page));
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    let above = format!("↑ {} more", rows - page - 1);
    assert!(text.contains(&above) && text.contains("↓ 1 more"), "{text}");
}

/// The panes (and the On-call pane's per-person view) by the keys that show them.
const LISTS: [(&str, &str); 10] = [
    ("1", "readiness"),
    ("2", "telemetry"),
    ("3", "alerts"),
    ("4", "escalation"),
    ("4c", "contacts"),
    ("5", "oncall"),
    ("5p", "oncall_people"),
    ("6", "rtm"),
    ("7", "findings"),
    ("8", "documents"),
];

#[test]
fn every_pane_at_60x20_and_some_at_120x40() {
    for (keys, pane) in LISTS {
        let text = snap_keys(&format!("{pane}_60x20"), keys, 60, 20);
        assert!(text.contains("Checkout API"), "{pane} 60x20: no header");
    }
    for (keys, pane) in [("2", "telemetry"), ("4", "escalation"), ("7", "findings")] {
        snap_keys(&format!("{pane}_120x40"), keys, 120, 40);
    }
}

/// Every key cell (ID, date, number, count, mark) of every row on screen, in every
/// pane, at 60x20, 80x24 and 120x40, reads in full on that row's line: the values are
/// the model's own (the view rows' cells in key columns), not a list written here. An
/// optional column may be left out (its title is not in the header then).
#[test]
fn every_id_date_and_number_on_screen_reads_in_full() {
    use readyroom::app::view::Fit;
    let th = theme("dark");
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        for (keys, pane) in LISTS {
            let (mut a, _dir) = app(w, h);
            press(&mut a, keys);
            // From the top, and scrolled to the end.
            for scroll in ["", "G"] {
                press(&mut a, scroll);
                let text = common::screen_text(&draw(&a, &th, w, h));
                let rows = rows_on_screen(&a, &text);
                assert!(!rows.is_empty(), "{pane} {w}x{h}: no rows\n{text}");
                let view = &a.views[a.focus.index()];
                // The column titles, below the list's border and summary line.
                let list = readyroom::app::layout::areas(w, h).list;
                let header: String = text
                    .lines()
                    .nth(usize::from(list.y) + 2)
                    .unwrap_or_default()
                    .chars()
                    .skip(usize::from(list.x))
                    .take(usize::from(list.width))
                    .collect();
                for (ci, col) in view.columns.iter().enumerate() {
                    let shown = header.contains(&col.title[..col.title.len().min(3)]);
                    if col.fit != Fit::Key || (col.optional && !shown) {
                        continue;
                    }
                    let cells: Vec<(&str, &String)> = rows
                        .iter()
                        .filter_map(|(r, line)| Some((r.cells.get(ci)?.text.as_str(), line)))
                        .filter(|(t, _)| !t.trim().is_empty())
                        .collect();
                    assert!(
                        cells.iter().all(|(t, line)| line.contains(t)),
                        "{pane} {w}x{h}{scroll}: column {:?} cut: {:?}\n{text}",
                        col.title,
                        cells
                            .iter()
                            .filter(|(t, line)| !line.contains(t))
                            .map(|(t, _)| t)
                            .collect::<Vec<_>>()
                    );
                }
            }
        }
    }
}

#[test]
fn an_opened_document_says_how_many_lines_are_above_and_below() {
    let (mut a, _dir) = app(80, 24);
    press(&mut a, "8\n");
    let d = a.doc.doc.expect("an opened document");
    let doc = &a.project.workspace.docs[d];
    let lines = doc.source.lines().count();
    // The last source line whose number the gutter shows (prose wraps, so rows and
    // source lines differ).
    let last_numbered = |text: &str| {
        text.lines()
            .filter_map(|l| l.strip_prefix('│'))
            .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
            .max()
            .expect("numbered lines")
    };
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    let last = last_numbered(&text);
    assert!(lines > last + 3, "{lines} lines");
    assert!(text.contains(&format!("↓ {} more", lines - last)), "{text}");
    // (The key hints show arrows too: the top border has no count.)
    assert!(!text.contains(" more ╮"), "{text}");
    press(&mut a, "jjj");
    let text = common::screen_text(&draw(&a, &theme("dark"), 80, 24));
    assert!(text.contains("↑ 3 more"), "{text}");
    let last = last_numbered(&text);
    assert!(text.contains(&format!("↓ {} more", lines - last)), "{text}");
}

#[test]
fn wide_characters_are_cut_whole_and_keep_the_row_inside_the_pane() {
    let (_dir, a) = telemetry_pane_after(
        "Synthetic checkout probe from three regions",
        "合成チェックアウト監視 e\u{301}",
        60,
        20,
    );
    let buf = draw(&a, &theme("dark"), 60, 20);
    let text = common::screen_text(&buf);
    let (_, line) = rows_on_screen(&a, &text)
        .into_iter()
        .find(|(r, _)| r.key == "TEL-004")
        .expect("TEL-004 on screen");
    // The ID and the date whole, the signal cut after a whole wide character, and the
    // row inside the pane's border.
    assert!(
        line.contains("TEL-004") && line.contains("2026-12-11"),
        "{text}"
    );
    assert!(line.contains("合成チ…"), "{text}");
    assert!(line.ends_with('│'), "{text}");
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(line.as_str()),
        60,
        "{text}"
    );
}
