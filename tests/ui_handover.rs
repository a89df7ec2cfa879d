//! The handover on a shared screen: "What changed" first, then who is on call, then the
//! rest; new and overdue items marked and coloured; items named by ID and title (an
//! escalation step without an ID by its severity, step and contact), never by an
//! internal key; the comparison in plain words, without commits or refs. The same text
//! is what `readyroom handover` prints.

mod common;

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use readyroom::app::{App, Message};
use readyroom::assess::{Assessment, Subject};
use readyroom::clock::Clock;
use readyroom::handover::render::{LineKind, line_kinds, render_markdown, render_text};
use readyroom::handover::{Acknowledgement, Baseline, Commit, Since, Source, build};
use readyroom::rules::rule_ids;
use readyroom::store::{Project, load_project};
use readyroom::ui::theme::{Meaning, Theme};

const PLAYBOOK: &str = "docs/operations/incident-response.md";
const TELEMETRY: &str = "docs/operations/observability-status.md";

fn clock() -> Clock {
    Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    }
}

fn load(dir: &Path) -> Project {
    load_project(dir, &rule_ids()).expect("load the sample copy")
}

/// The sample as it was at the last handover, and as it is now: a contact's phone, the
/// SEV1 incident commander step's delay (a step without an ID) and a new telemetry gap
/// changed since.
fn before_and_now() -> (tempfile::TempDir, tempfile::TempDir) {
    let before = common::temp_copy(&common::sample_dir());
    let now = common::temp_copy(&common::sample_dir());
    common::replace_once(
        &now.path().join(PLAYBOOK),
        "+49 30 5550 2291",
        "+49 30 5550 9999",
    );
    common::replace_once(
        &now.path().join(PLAYBOOK),
        "| 3 | 15 min | Incident commander | Phone |",
        "| 3 | 10 min | Incident commander | Phone |",
    );
    common::replace_once(
        &now.path().join(TELEMETRY),
        "| configured | [Checkout overview]",
        "| missing | [Checkout overview]",
    );
    (before, now)
}

fn handover_of(before: &Project, now: &Project) -> readyroom::handover::Handover {
    let assessment = Assessment::new(&now.workspace, &now.config, clock());
    let subject = Subject {
        name: "Checkout API",
        ws: &now.workspace,
        assessment: &assessment,
    };
    let baseline = Baseline {
        since: Since::Last,
        previous: Some(Acknowledgement {
            date: jiff::civil::date(2026, 11, 30),
            incoming: "Aisha Bello".into(),
            outgoing: "Mei Tanaka".into(),
            file: "docs/release/change-log.md".into(),
            line: 20,
        }),
        source: Source::Commit {
            commit: Commit {
                hash: "0123456789abcdef0123456789abcdef01234567".into(),
                time: "2026-11-30T09:30:00Z".parse().expect("instant"),
            },
            workspace: Box::new(before.workspace.clone()),
        },
        note: "Changes since the handover: compared with commit 0123456789ab.".into(),
    };
    build(&subject, &baseline)
}

/// True when `text` holds an internal key: a bare word with a `:` inside
/// (`esc:sev1-3`, `contact:mei-tanaka`) rather than a time, a `file:line` or a URL.
fn internal_keys(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '`'))
        .filter(|w| {
            let Some((a, b)) = w.split_once(':') else {
                return false;
            };
            !a.is_empty()
                && !b.is_empty()
                && a.chars().all(|c| c.is_ascii_lowercase())
                && b.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && !b.starts_with("//")
                && !a.ends_with("md")
                && !b.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

fn draw(app: &App, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, theme))
        .expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn the_handover_text_puts_what_changed_first_in_plain_words() {
    let (before, now) = before_and_now();
    let (before, now) = (load(before.path()), load(now.path()));
    let text = render_text(&handover_of(&before, &now));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing:\n{text}"))
    };
    assert!(at("What changed") < at("On call now"), "{text}");
    assert!(at("On call now") < at("Overdue"), "{text}");
    assert!(at("Overdue") < at("Escalation"), "{text}");
    assert!(at("Escalation") < at("Open telemetry gaps"), "{text}");
    assert!(
        text.contains(
            "What changed since the handover from Mei Tanaka to Aisha Bello on Mon 30 Nov"
        ),
        "{text}"
    );
    // The escalation step and the contact without IDs, by what they are.
    assert!(text.contains("SEV1 step 3 — Incident commander"), "{text}");
    assert!(text.contains("Mei Tanaka (contact)"), "{text}");
    assert!(text.contains("TEL-001  Request rate"), "{text}");
    for jargon in ["commit", "HEAD", "0123456789ab", "since last", "REF"] {
        assert!(!text.contains(jargon), "{jargon}:\n{text}");
    }
    assert_eq!(internal_keys(&text), Vec::<String>::new(), "{text}");
    let markdown = render_markdown(&handover_of(&before, &now));
    assert_eq!(internal_keys(&markdown), Vec::<String>::new(), "{markdown}");
    assert!(
        markdown.find("## What changed") < markdown.find("## On call"),
        "{markdown}"
    );
    // The new gap is marked new; the overdue one overdue; the marks decide the colour.
    let lines: Vec<&str> = text.lines().collect();
    let kinds = line_kinds(lines.iter().copied());
    let kind_of = |needle: &str| {
        let i = lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} missing:\n{text}"));
        kinds[i]
    };
    assert_eq!(kind_of("TEL-001  Request rate"), LineKind::New);
    assert_eq!(kind_of("TEL-006   telemetry gap, due"), LineKind::Overdue);
    assert_eq!(kind_of("What changed"), LineKind::Heading);
    assert_eq!(kind_of("SEV1 step 3"), LineKind::Text);
}

#[test]
fn internal_keys_are_recognised() {
    assert_eq!(
        internal_keys("x esc:sev1-3 (contact:mei-tanaka) 10:00 docs/a.md:12 https://x.y"),
        vec!["esc:sev1-3", "contact:mei-tanaka"]
    );
}

#[test]
fn the_handover_popup_at_100x50() {
    let (before_dir, now_dir) = before_and_now();
    let (before, now) = (load(before_dir.path()), load(now_dir.path()));
    let text = render_text(&handover_of(&before, &now));
    let mut app = App::new(now, "Checkout API".into(), clock(), true);
    app.root = PathBuf::from("<sample-project>");
    app.update(Message::Resize(100, 50));
    app.update(Message::HandoverReady { text });
    let theme = Theme::builtin("dark").expect("theme");
    let buf = draw(&app, &theme, 100, 50);
    let screen = common::screen_text(&buf);
    insta::assert_snapshot!("handover_popup_100x50", screen);
    assert_eq!(internal_keys(&screen), Vec::<String>::new(), "{screen}");
    // New and overdue items in their colours.
    let colour_of = |needle: &str| {
        let (y, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} missing:\n{screen}"));
        let x = unicode_width::UnicodeWidthStr::width(&line[..line.find(needle).expect("at")]);
        buf[(u16::try_from(x).expect("x"), u16::try_from(y).expect("y"))].fg
    };
    assert_eq!(
        Some(colour_of("TEL-001  Request rate")),
        theme.style(Meaning::Info).fg
    );
    assert_eq!(
        Some(colour_of("TEL-006   telemetry gap")),
        theme.style(Meaning::Error).fg
    );
}
