//! Suspect evidence end to end: a requirement signed off after linking it to a runbook
//! section carries the `ev:` fingerprint; editing another section of the runbook
//! changes nothing, editing the linked section makes the sign-off `evidence-changed`,
//! and sign-offs written without `ev:` are never suspect.

mod common;

use std::path::Path;
use std::process::Command;

use common::{NOW, replace_once, sample_dir, temp_copy};

const RUNBOOK: &str = "docs/operations/runbooks/high-error-rate.md";

use common::run_in as run;

/// The `evidence-changed` findings, as (item, message).
fn suspect(dir: &Path) -> Vec<(String, String)> {
    let out = run(dir, &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "evidence-changed")
        .map(|f| {
            (
                f["item"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn editing_the_linked_section_makes_the_signoff_suspect_and_another_section_does_not() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    // The sample's sign-offs were written without `ev:`: none is suspect.
    assert!(suspect(d).is_empty());
    let o = run(
        d,
        &["link", "NFR-004", "--to", &format!("{RUNBOOK}#mitigation")],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rtm = std::fs::read_to_string(d.join("docs/requirements/RTM.md")).expect("read");
    let row = rtm
        .lines()
        .find(|l| l.starts_with("| NFR-004 |"))
        .expect("row");
    assert!(
        row.contains("| Dana Kim 2026-12-01 fp:") && row.contains(" ev:"),
        "{row}"
    );
    assert!(suspect(d).is_empty());

    // Another section of the same runbook: nothing.
    let runbook = d.join(RUNBOOK);
    replace_once(
        &runbook,
        "## Diagnosis\n",
        "## Diagnosis\n\nStart with the dashboard.\n",
    );
    assert!(suspect(d).is_empty(), "{:?}", suspect(d));

    // The linked section: the sign-off is suspect, naming the link.
    replace_once(
        &runbook,
        "## Mitigation\n",
        "## Mitigation\n\nRoll back first, then look.\n",
    );
    let found = suspect(d);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "NFR-004");
    assert!(
        found[0]
            .1
            .contains("docs/operations/runbooks/high-error-rate.md#mitigation"),
        "{}",
        found[0].1
    );
    // Signing again takes the new content in.
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(suspect(d).is_empty());
}

/// Run git in `dir` with a fixed identity and date, no user configuration.
fn git(dir: &Path, args: &[&str]) {
    git_at(dir, args, "2026-11-30T12:00:00+01:00");
}

/// Run git in `dir` with a fixed identity, dated `date`, no user configuration.
fn git_at(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana Kim")
        .env("GIT_AUTHOR_EMAIL", "dana.kim@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", "Dana Kim")
        .env("GIT_COMMITTER_EMAIL", "dana.kim@example.com")
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The detail of a suspect sign-off's finding in the TUI shows the diff of the linked
/// section since signing, read from the commit the sign-off's date falls after; the
/// change to another section of the same runbook is not in it.
#[test]
fn the_tui_shows_the_linked_sections_diff_since_signing_from_git() {
    use readyroom::app::{App, Effect, Message};
    if !common::require_tool("git") {
        return;
    }
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let o = run(
        d,
        &["link", "NFR-004", "--to", &format!("{RUNBOOK}#mitigation")],
    );
    assert_eq!(o.status.code(), Some(0));
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "docs"]);
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(o.status.code(), Some(0));
    let runbook = d.join(RUNBOOK);
    replace_once(
        &runbook,
        "## Diagnosis\n",
        "## Diagnosis\n\nStart with the dashboard.\n",
    );
    replace_once(
        &runbook,
        "## Mitigation\n",
        "## Mitigation\n\nRoll back first, then look.\n",
    );

    let project = readyroom::store::load_project(d, &readyroom::rules::rule_ids()).expect("load");
    let clock = readyroom::clock::Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: NOW.parse().expect("instant"),
    };
    let mut app = App::new(project, "Checkout API".into(), clock, true);
    let effects = app.update(Message::Resize(160, 48));
    assert_eq!(effects, vec![Effect::EvidenceSince(vec!["NFR-004".into()])]);
    // Asked once: the next update does not ask again.
    assert!(app.update(Message::Resize(160, 48)).is_empty());
    let found = readyroom::store::evidence_since_signing(
        d,
        &app.project.config,
        &app.project.workspace,
        &["NFR-004".to_string()],
    );
    let _ = app.update(Message::EvidenceSince(found));

    let theme = readyroom::ui::theme::Theme::builtin("dark").expect("theme");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).expect("terminal");
    let mut screen = String::new();
    let _ = app.run_command("findings");
    for _ in 0..60 {
        terminal
            .draw(|f| readyroom::ui::render(f, &app, &theme))
            .expect("draw");
        screen = common::screen_text(terminal.backend().buffer());
        if screen.contains("╭ evidence-changed ") {
            break;
        }
        let key = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('j'),
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        let _ = app.update(Message::Key(key));
    }
    assert!(
        screen.contains("changed since signing (compared with commit "),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{RUNBOOK}#mitigation")),
        "{screen}"
    );
    assert!(screen.contains("+Roll back first, then look."), "{screen}");
    assert!(!screen.contains("Start with the dashboard."), "{screen}");
}

/// The diff since signing starts at the commit that added the sign-off: two later
/// commits of the same day that edit the linked section are both in it, though the
/// newest commit of the sign-off's date already holds them.
#[test]
fn the_diff_since_signing_starts_at_the_commit_that_added_the_signoff() {
    use readyroom::rules::evidence::EvidenceSince;
    if !common::require_tool("git") {
        return;
    }
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let o = run(
        d,
        &["link", "NFR-004", "--to", &format!("{RUNBOOK}#mitigation")],
    );
    assert_eq!(o.status.code(), Some(0));
    git_at(d, &["init", "-q"], "2026-11-30T12:00:00Z");
    git_at(d, &["add", "-A"], "2026-11-30T12:00:00Z");
    git_at(d, &["commit", "-q", "-m", "docs"], "2026-11-30T12:00:00Z");
    let o = run(d, &["signoff", "NFR-004", "--as", "Dana Kim"]);
    assert_eq!(o.status.code(), Some(0));
    git_at(
        d,
        &["commit", "-qam", "sign NFR-004"],
        "2026-12-01T09:00:00Z",
    );
    let signing = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(d)
        .output()
        .expect("git rev-parse");
    let signing = String::from_utf8_lossy(&signing.stdout).trim().to_string();
    let runbook = d.join(RUNBOOK);
    replace_once(
        &runbook,
        "## Mitigation\n",
        "## Mitigation\n\nRoll back first, then look.\n",
    );
    git_at(d, &["commit", "-qam", "rollback"], "2026-12-01T10:00:00Z");
    replace_once(
        &runbook,
        "Roll back first, then look.\n",
        "Roll back first, then look.\n\nPage the service owner.\n",
    );
    git_at(d, &["commit", "-qam", "page"], "2026-12-01T11:00:00Z");

    let project = readyroom::store::load_project(d, &readyroom::rules::rule_ids()).expect("load");
    let found = readyroom::store::evidence_since_signing(
        d,
        &project.config,
        &project.workspace,
        &["NFR-004".to_string()],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let EvidenceSince::Diff { commit, diffs } = &found[0].1 else {
        panic!("no diff: {found:?}");
    };
    assert_eq!(commit, &signing[..12]);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(diffs[0].0, format!("{RUNBOOK}#mitigation"));
    assert!(
        diffs[0].1.contains("+Roll back first, then look."),
        "{}",
        diffs[0].1
    );
    assert!(
        diffs[0].1.contains("+Page the service owner."),
        "{}",
        diffs[0].1
    );
}
