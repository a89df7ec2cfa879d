//! The top bar counts down to `[campaign] ready_by`: days left while errors remain,
//! days late once the date has passed; nothing without the setting.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::Theme;

/// The first screen line of the sample project with `config` appended to its
/// readyroom.toml, at 160 columns.
fn top_line(config: &str) -> String {
    let dir = common::temp_copy(&common::sample_dir());
    let toml = dir.path().join("readyroom.toml");
    let text = std::fs::read_to_string(&toml).expect("read") + config;
    std::fs::write(&toml, text).expect("write");
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    app.update(Message::Resize(160, 24));
    let theme = Theme::builtin("dark").expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(160, 24)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, &app, &theme))
        .expect("draw");
    let screen = common::screen_text(terminal.backend().buffer());
    screen.lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_top_bar_counts_down_to_the_campaign_date() {
    assert!(!top_line("").contains("ready by"));
    let line = top_line("\n[campaign]\nready_by = \"2027-01-15\"\n");
    assert!(line.contains("ready by 2027-01-15: 45 d left"), "{line}");
    let line = top_line("\n[campaign]\nready_by = \"2026-11-28\"\n");
    assert!(line.contains("ready by 2026-11-28: 3 d late"), "{line}");
}
