//! The top bar counts down to `[campaign] ready_by`: days left while errors remain,
//! days late once the date has passed; nothing without the setting. A criterion with a
//! date of its own (`[campaign.criteria]`) is counted down to when it is the nearest
//! date with errors left, and judged at the rate the history shows.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::Theme;

/// The sample project with `config` appended to its readyroom.toml, in an app at
/// 160 columns on 2026-12-01.
fn app_with(config: &str) -> App {
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
    app
}

/// The screen of `app`, one line per row.
fn screen(app: &App) -> String {
    let theme = Theme::builtin("dark").expect("theme");
    let mut terminal = Terminal::new(TestBackend::new(160, 24)).expect("terminal");
    terminal
        .draw(|f| readyroom::ui::render(f, app, &theme))
        .expect("draw");
    common::screen_text(terminal.backend().buffer())
}

/// The first screen line of `app`.
fn first_line(app: &App) -> String {
    screen(app).lines().next().unwrap_or_default().to_string()
}

/// The first screen line of the sample project with `config` appended to its
/// readyroom.toml, at 160 columns.
fn top_line(config: &str) -> String {
    first_line(&app_with(config))
}

#[test]
fn the_top_bar_counts_down_to_the_campaign_date() {
    assert!(!top_line("").contains("ready by"));
    let line = top_line("\n[campaign]\nready_by = \"2027-01-15\"\n");
    assert!(line.contains("ready by 2027-01-15: 45 d left"), "{line}");
    let line = top_line("\n[campaign]\nready_by = \"2026-11-28\"\n");
    assert!(line.contains("ready by 2026-11-28: 3 d late"), "{line}");
}

#[test]
fn the_top_bar_counts_down_to_the_nearest_criterion_date_with_errors_left() {
    // The sample has two telemetry-gap errors on 2026-12-01.
    let both = "\n[campaign]\nready_by = \"2027-01-15\"\n\n[campaign.criteria]\n";
    let line = top_line(&format!("{both}gaps_owned = \"2026-12-06\"\n"));
    assert!(line.contains(" Telemetry due in 5 d "), "{line}");
    assert!(!line.contains("ready by"), "{line}");
    let line = top_line(&format!("{both}gaps_owned = \"2026-11-29\"\n"));
    assert!(line.contains(" Telemetry 2 d late "), "{line}");
    // A criterion date after the campaign's: the campaign's is the nearer one.
    let line = top_line(&format!("{both}gaps_owned = \"2027-02-01\"\n"));
    assert!(line.contains("ready by 2027-01-15: 45 d left"), "{line}");
    // Only a criterion date: it is counted down to.
    let line = top_line("\n[campaign.criteria]\ngaps_owned = \"2026-12-06\"\n");
    assert!(line.contains(" Telemetry due in 5 d "), "{line}");
}

#[test]
fn the_tui_judges_each_criterion_date_at_the_rate_the_history_shows() {
    let mut app = app_with("\n[campaign.criteria]\ngaps_owned = \"2026-12-20\"\n");
    let at_risk = |app: &App| -> Vec<String> {
        app.assessment
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == "campaign-at-risk")
            .map(|f| f.message.clone())
            .collect()
    };
    // Without history there is no rate: 19 days left is not at risk.
    assert!(at_risk(&app).is_empty());
    let warnings = app.assessment.verdict.warnings;
    // A history where the two gap errors were already there a month ago.
    let mut points = common::history_points();
    for p in &mut points {
        p.criteria.insert("gaps_owned".to_string(), 2);
    }
    let _ = app.update(Message::History(points));
    let found = at_risk(&app);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "criterion gaps_owned: 2 error(s) remain and none were closed since 2026-10-01"
        ),
        "{}",
        found[0]
    );
    assert_eq!(app.assessment.verdict.warnings, warnings + 1);
    assert!(app.assessment.campaign[0].at_risk.is_some());
    // The finding about readyroom.toml is listed, selectable and opens like any other.
    let _ = app.run_command("findings");
    let key = |c: char| {
        Message::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ))
    };
    let mut seen = false;
    for _ in 0..80 {
        let text = screen(&app);
        assert!(
            text.lines()
                .next()
                .unwrap_or_default()
                .contains("Telemetry")
        );
        seen |= text.contains("╭ campaign-at-risk ");
        let _ = app.update(key('j'));
    }
    assert!(seen);
}
