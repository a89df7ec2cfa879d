//! The document view as a reader sees it: prose wrapped to the width with line numbers
//! only on a source line's first row, inline code, emphasis and links styled from the
//! parser's spans (their delimiters not drawn), links coloured by whether they resolve,
//! tables still one row per line, a link's anchor opened as the first line on screen,
//! and the scroll keys never skipping a wrapped row. Also: a telemetry gap never reads
//! as covered.

mod common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use readyroom::app::docview::At;
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::{Meaning, Theme};

const READING: &str = "docs/reading.md";

/// A document with everything the view styles: a paragraph on one long source line,
/// inline code, emphasis, a working and a broken link, a list item that wraps, a wide
/// table and a heading further down that a link names.
const DOC: &str = "# Reading guide\n\
\n\
When the checkout alert fires, run `kubectl rollout status deploy/checkout` first, read the *latest* \
deploy notes, and **never** restart the payment workers before the queue drains; the [working link](#after-the-page) \
explains why and the [broken link](missing-runbook.md) was never written.\n\
\n\
- A list item long enough to wrap onto a second row, whose second row stays right of its bullet.\n\
\n\
| Column | Another column | A third column that is rather wide | And a fourth, wider than the rest of it |\n\
|---|---|---|---|\n\
| a | [ok](#reading-guide) | [gone](nowhere.md) | d |\n\
\n\
Filler one.\n\nFiller two.\n\nFiller three.\n\nFiller four.\n\nFiller five.\n\nFiller six.\n\n\
Filler seven.\n\nFiller eight.\n\nFiller nine.\n\nFiller ten.\n\nFiller eleven.\n\nFiller twelve.\n\n\
## After the page\n\
\n\
The end.\n";

fn app(w: u16, h: u16) -> (App, tempfile::TempDir) {
    let dir = common::temp_copy(&common::sample_dir());
    std::fs::write(dir.path().join(READING), DOC).expect("write the reading doc");
    let project = load_project(dir.path(), &rule_ids()).expect("load the sample copy");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.root = PathBuf::from("<sample-project>");
    app.update(Message::Resize(w, h));
    (app, dir)
}

fn draw(app: &App, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, theme))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn key(app: &mut App, code: KeyCode) {
    let _ = app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The style of the first cell of the first occurrence of `needle` on screen.
fn style_of(buf: &Buffer, needle: &str) -> ratatui::style::Style {
    let text = common::screen_text(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}"));
    let before = &line[..line.find(needle).expect("found")];
    let x = unicode_width::UnicodeWidthStr::width(before);
    let cell = &buf[(u16::try_from(x).expect("x"), u16::try_from(y).expect("y"))];
    cell.style()
}

/// The gutter (line number) of the screen row holding `needle`.
fn gutter_of(text: &str, needle: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}"));
    line.chars()
        .skip(1)
        .take(5)
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn prose_wraps_styles_code_emphasis_and_links_at_80x24() {
    let (mut a, _dir) = app(80, 24);
    a.open_doc_at(READING, None);
    let th = Theme::builtin("dark").expect("theme");
    let buf = draw(&a, &th, 80, 24);
    let text = common::screen_text(&buf);
    insta::assert_snapshot!("docview_wrapped_80x24", text);
    // Wrapped: no row is wider than the screen, and the paragraph (source line 3) goes
    // on over several rows that carry no line number.
    assert!(
        text.contains("   3 When the checkout alert fires"),
        "{text}"
    );
    let paragraph_rows = text
        .lines()
        .skip_while(|l| !l.contains("When the checkout"))
        .take_while(|l| !l.contains("   4"))
        .count();
    assert!(paragraph_rows >= 3, "{text}");
    assert_eq!(gutter_of(&text, "was never written"), "");
    // A wrapped list item's second row starts under the text, right of the bullet.
    let item = text
        .lines()
        .find(|l| l.contains("• A list item"))
        .expect("item");
    let next = text
        .lines()
        .skip_while(|l| !l.contains("• A list item"))
        .nth(1)
        .expect("second row");
    let column = |row: &str, at: usize| unicode_width::UnicodeWidthStr::width(&row[..at]);
    let bullet_text = column(item, item.find("A list").expect("text"));
    let second_text = column(next, next.find(|c: char| c.is_alphabetic()).expect("text"));
    assert_eq!(second_text, bullet_text, "{text}");
    // Delimiters are not drawn; the text between them is styled.
    for delimiter in ["`kubectl", "*latest*", "**never**", "](", "[working"] {
        assert!(!text.contains(delimiter), "{delimiter} drawn:\n{text}");
    }
    assert_eq!(style_of(&buf, "kubectl").fg, th.style(Meaning::Code).fg);
    assert!(
        style_of(&buf, "latest")
            .add_modifier
            .contains(Modifier::ITALIC)
    );
    assert!(
        style_of(&buf, "never")
            .add_modifier
            .contains(Modifier::BOLD)
    );
    assert_eq!(
        style_of(&buf, "working link").fg,
        th.style(Meaning::LinkOk).fg
    );
    assert_eq!(
        style_of(&buf, "broken link").fg,
        th.style(Meaning::LinkBroken).fg
    );
    assert_ne!(
        th.style(Meaning::LinkOk).fg,
        th.style(Meaning::LinkBroken).fg
    );
    // The table is not wrapped: its header stays one row, cut at the border.
    assert!(
        text.lines()
            .any(|l| l.contains("│ Column │ Another column │")),
        "{text}"
    );
    assert!(!text.contains("rest of it"), "{text}");
    // A cell's links colour the cell.
    assert_eq!(style_of(&buf, " ok ").fg, th.style(Meaning::LinkOk).fg);
    assert_eq!(
        style_of(&buf, " gone ").fg,
        th.style(Meaning::LinkBroken).fg
    );
}

#[test]
fn a_link_anchor_opens_with_its_heading_as_the_first_line() {
    let (mut a, _dir) = app(80, 24);
    a.open_doc_at(READING, Some("after-the-page"));
    let text = common::screen_text(&draw(&a, &Theme::default(), 80, 24));
    insta::assert_snapshot!("docview_anchor_80x24", text);
    let rows: Vec<&str> = text.lines().collect();
    let top = rows
        .iter()
        .position(|l| l.contains(READING))
        .expect("the view's title");
    assert!(rows[top + 1].contains("## After the page"), "{text}");
    let line = DOC
        .lines()
        .position(|l| l == "## After the page")
        .expect("heading")
        + 1;
    assert_eq!(gutter_of(&text, "## After the page"), line.to_string());
    // The same heading by another spelling the link rules accept.
    a.open_doc_at(READING, Some("After-The-Page"));
    let again = common::screen_text(&draw(&a, &Theme::default(), 80, 24));
    assert_eq!(text, again);
    // At a line: that line first.
    assert!(a.open_document(READING, At::Line(7)));
    let at_line = common::screen_text(&draw(&a, &Theme::default(), 80, 24));
    assert_eq!(gutter_of(&at_line, "│ Column │"), "7", "{at_line}");
    // A heading that is not there: the top, and a message naming it.
    assert!(!a.open_document(READING, At::Anchor("nowhere")));
    let missing = common::screen_text(&draw(&a, &Theme::default(), 80, 24));
    assert!(missing.contains("has no heading #nowhere"), "{missing}");
    assert_eq!(gutter_of(&missing, "# Reading guide"), "1");
}

#[test]
fn page_down_skips_no_wrapped_row_and_end_shows_the_last_line() {
    let (mut a, _dir) = app(80, 24);
    a.open_doc_at(READING, None);
    let th = Theme::default();
    let first = common::screen_text(&draw(&a, &th, 80, 24));
    key(&mut a, KeyCode::PageDown);
    let second = common::screen_text(&draw(&a, &th, 80, 24));
    // The last numbered line of the first page is the first line of the next.
    let number = |l: &str| -> Option<usize> {
        l.chars()
            .skip(1)
            .take(5)
            .collect::<String>()
            .trim()
            .parse()
            .ok()
    };
    let last_number = first.lines().rev().find_map(number).expect("numbered rows");
    let top = second.lines().find_map(number).expect("numbered rows");
    assert_eq!(top, last_number, "{first}\n---\n{second}");
    key(&mut a, KeyCode::End);
    let end = common::screen_text(&draw(&a, &th, 80, 24));
    assert!(end.contains("The end."), "{end}");
    // One more line down changes nothing: the last line stays on screen.
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(end, common::screen_text(&draw(&a, &th, 80, 24)));
}

#[test]
fn telemetry_gap_rows_never_start_with_the_covered_check_mark() {
    let (mut a, _dir) = app(160, 48);
    key(&mut a, KeyCode::Char('2'));
    let text = common::screen_text(&draw(&a, &Theme::default(), 160, 48));
    let gaps = ["TEL-004", "TEL-005", "TEL-006", "TEL-007", "TEL-008"];
    for id in gaps {
        let row = text
            .lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("{id} not listed:\n{text}"));
        assert!(!row.contains('✓'), "{row}");
    }
    assert!(text.lines().any(|l| l.contains("○ TEL-004")), "{text}");
}
