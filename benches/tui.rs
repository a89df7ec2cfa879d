//! The TUI on a large generated docs tree (10,000 requirements, 5,000 telemetry rows):
//! time to first frame, one key → frame on the biggest pane, and the reload of one
//! changed file. Run with `cargo bench --bench tui`.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::hint::black_box;
use std::time::Duration;

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::{App, Message};
use readyroom::clock::Clock;
use readyroom::parse::FileChange;
use readyroom::rules::rule_ids;
use readyroom::store::load_project;
use readyroom::ui::theme::Theme;

/// The binary's allocator, so the figures are those of the shipped program.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn clock() -> Clock {
    Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: "2026-12-01T10:00:00+01:00".parse().expect("instant"),
    }
}

fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn bench_tui(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_tree(dir.path(), 10_000);
    let ids = rule_ids();
    let theme = Theme::default();
    let mut group = c.benchmark_group("tui_10k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("first_frame", |b| {
        b.iter(|| {
            let project = load_project(dir.path(), &ids).expect("load");
            let mut app = App::new(project, "bench".into(), clock(), true);
            app.update(Message::Resize(160, 48));
            let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
            term.draw(|f| readyroom::ui::render(f, &app, &theme))
                .expect("draw");
            black_box(term.backend().buffer().area);
        });
    });
    let project = load_project(dir.path(), &ids).expect("load");
    let mut app = App::new(project, "bench".into(), clock(), true);
    app.update(Message::Resize(160, 48));
    app.update(key('5'));
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    group.bench_function("key_to_frame_rtm", |b| {
        let mut down = true;
        b.iter(|| {
            app.update(key(if down { 'j' } else { 'k' }));
            down = !down;
            term.draw(|f| readyroom::ui::render(f, &app, &theme))
                .expect("draw");
        });
    });
    let path = "docs/operations/observability-status.md";
    let original = std::fs::read_to_string(dir.path().join(path)).expect("read");
    group.bench_function("reload_one_file", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            let text = if flip {
                original.replacen("| planned |", "| missing |", 1)
            } else {
                original.clone()
            };
            app.update(Message::FilesChanged(vec![(
                path.to_string(),
                FileChange::Text(text),
            )]));
            term.draw(|f| readyroom::ui::render(f, &app, &theme))
                .expect("draw");
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = bench_tui
}
criterion_main!(benches);
