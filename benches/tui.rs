//! The TUI on a large generated docs tree (10,000 requirements, 5,000 telemetry rows):
//! time to first frame (the frame with the load's progress line, drawn before the tree
//! is read; and the first frame with every pane filled), one key → frame on the biggest
//! pane (also while a reload job of the whole tree runs on another thread, as the
//! shell's job runner does), the reload of one changed file, and a save in an editor
//! to the frame showing it (through the real watcher); the first frame on a tree of
//! 100,000 requirements too. Then, unless a filter that does not match
//! `idle_cpu` is given, the real binary's CPU use while it sits idle in tmux for 10 s
//! on the sample project and on the 10k tree (from `/proc/PID/stat`), with its peak
//! resident memory (`VmHWM`): printed, not asserted. Run with
//! `cargo bench --bench tui`; the first frames alone with
//! `cargo bench --bench tui -- first_frame`.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

mod common;

use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use readyroom::app::{App, Message};
use readyroom::assess::Assessment;
use readyroom::clock::Clock;
use readyroom::parse::FileChange;
use readyroom::rules::rule_ids;
use readyroom::store::{BURST_GAP, KnownHashes, WatchEvent, load_project, watch};
use readyroom::ui::theme::Theme;

fn clock() -> Clock {
    Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: "2026-12-01T10:00:00+01:00".parse().expect("instant"),
    }
}

fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The TUI's start-up path up to its first frame, drawn on a 160x48 test terminal:
/// [`readyroom::shell::starting_app`], then one render showing the progress line.
fn first_frame(root: &std::path::Path, theme: &Theme) -> u16 {
    let mut app = readyroom::shell::starting_app(root, clock(), true).expect("start");
    app.update(Message::Busy(Some("reading the docs…".into())));
    app.update(Message::Resize(160, 48));
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    term.draw(|f| readyroom::ui::render(f, &app, theme))
        .expect("draw");
    term.backend().buffer().area.width
}

/// The first frame on the generated tree of 100,000 requirements (its RTM is some
/// 30 MB): the frame does not wait for the tree, so it costs what it costs at 10k.
fn bench_first_frame_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_tree(dir.path(), 100_000);
    let theme = Theme::default();
    let mut group = c.benchmark_group("tui_100k");
    group.sample_size(10);
    group.bench_function("first_frame", |b| {
        b.iter(|| black_box(first_frame(dir.path(), &theme)));
    });
    group.finish();
}

fn bench_tui(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_tree(dir.path(), 10_000);
    let ids = rule_ids();
    let theme = Theme::default();
    let mut group = c.benchmark_group("tui_10k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    // What stands before the first frame: the configuration read, the app made, one
    // frame drawn with the load's progress line (the tree is read by the first job).
    group.bench_function("first_frame", |b| {
        b.iter(|| black_box(first_frame(dir.path(), &theme)));
    });
    // The frame with every pane filled: the first frame's work plus the whole load and
    // check the first job does.
    group.bench_function("first_filled_frame", |b| {
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
    // A save in an editor to the frame that shows it: the file written, the watcher's
    // report after its debounce, the file read, parsed and checked, the frame drawn.
    let known = Arc::new(Mutex::new(KnownHashes::new()));
    known
        .lock()
        .expect("lock")
        .record(path, original.as_bytes());
    let (tx, reports) = mpsc::channel();
    let watcher = watch(dir.path(), Arc::clone(&known), move |e| {
        let _ = tx.send(e);
    })
    .expect("watch");
    // Criterion may enter the closure more than once: each save must change the file,
    // so which text comes next is kept across entries.
    let mut flip = false;
    // A lone save, as someone saves by hand: each comes after a pause (not timed) longer
    // than the watcher's burst gap, since saves in quick succession are gathered as a
    // burst (a `git checkout`) on purpose.
    group.bench_function("save_to_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                std::thread::sleep(BURST_GAP + Duration::from_millis(100));
                flip = !flip;
                let text = if flip {
                    original.replacen("| planned |", "| missing |", 1)
                } else {
                    original.clone()
                };
                let start = Instant::now();
                std::fs::write(dir.path().join(path), &text).expect("save");
                loop {
                    match reports.recv_timeout(Duration::from_secs(10)) {
                        Ok(WatchEvent::Changed(paths)) if paths.iter().any(|p| p == path) => break,
                        Ok(_) => {}
                        Err(e) => panic!("no report of the save: {e}"),
                    }
                }
                let read = std::fs::read_to_string(dir.path().join(path)).expect("read");
                app.update(Message::FilesChanged(vec![(
                    path.to_string(),
                    FileChange::Text(read),
                )]));
                term.draw(|f| readyroom::ui::render(f, &app, &theme))
                    .expect("draw");
                total += start.elapsed();
            }
            total
        });
    });
    drop(watcher);
    // A reload job in flight: the whole tree re-read and re-checked, over and over, on
    // its own thread, while keys are handled and frames drawn here.
    let stop = Arc::new(AtomicBool::new(false));
    let reloads = Arc::new(AtomicUsize::new(0));
    let job = {
        let stop = Arc::clone(&stop);
        let reloads = Arc::clone(&reloads);
        let root = dir.path().to_path_buf();
        let ids = ids.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let project = load_project(&root, &ids).expect("load");
                let a = Assessment::new(&project.workspace, &project.config, clock());
                black_box(a.findings.len());
                reloads.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    app.update(Message::Busy(Some("re-checking…".into())));
    // Whether this bench ran at all (a filter may leave it out).
    let mut in_flight = false;
    group.bench_function("key_to_frame_rtm_during_reload_job", |b| {
        in_flight = true;
        let mut down = true;
        b.iter(|| {
            app.update(key(if down { 'j' } else { 'k' }));
            down = !down;
            term.draw(|f| readyroom::ui::render(f, &app, &theme))
                .expect("draw");
        });
    });
    stop.store(true, Ordering::SeqCst);
    job.join().expect("the reload job");
    assert!(
        !in_flight || reloads.load(Ordering::SeqCst) > 0,
        "the reload job never finished one reload: nothing was measured in flight"
    );
    app.update(Message::Busy(None));
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

/// The CPU time the real binary uses while it sits idle for 10 s in an 80x24 tmux
/// window, the clock running, on the sample project and on the generated tree of
/// 10,000 requirements: printed as a share of one core, with the process's peak
/// resident memory (`VmHWM`). Needs tmux; without it a note says why nothing was
/// measured.
#[allow(clippy::print_stderr)] // The note is the bench's output.
fn idle_cpu() {
    let tmux_runs = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tmux_runs {
        eprintln!("idle_cpu: tmux is not installed; nothing measured");
        return;
    }
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project");
    idle_on("sample-project", &sample);
    let tree = tempfile::tempdir().expect("tempdir");
    common::write_tree(tree.path(), 10_000);
    idle_on("the 10k tree", tree.path());
}

/// [`idle_cpu`] on the tree at `root`, named `name` in the output.
#[allow(clippy::print_stdout)] // The figure is the bench's output.
fn idle_on(name: &str, root: &std::path::Path) {
    let data = tempfile::tempdir().expect("tempdir");
    let socket = format!("rr-idle-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("run tmux")
    };
    let cmd = format!(
        "exec env TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME='{data}' \
         READYROOM_DATA_DIR='{data}' '{bin}' '{root}'",
        data = data.path().display(),
        bin = env!("CARGO_BIN_EXE_readyroom"),
        root = root.display(),
    );
    tmux(&[
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        "-s",
        "rr",
        &cmd,
    ]);
    let started = Instant::now();
    let pid = loop {
        let screen =
            String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "rr"]).stdout).into_owned();
        // The panes are filled once the header's "CHECKING" has given way to the verdict.
        if screen.contains("1 Readiness")
            && screen.contains("READY")
            && !screen.contains("CHECKING")
        {
            let out = tmux(&["display-message", "-p", "-t", "rr", "#{pane_pid}"]);
            break String::from_utf8_lossy(&out.stdout).trim().to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no filled frame:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Let start-up work (hashing for the watcher, the history) finish before measuring.
    std::thread::sleep(Duration::from_secs(2));
    let ticks = || -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
        // Fields after the command name (which ends with the last ')'): utime is the
        // 14th field of the line, stime the 15th.
        let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    };
    let hz: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0);
    let before = ticks();
    let wall = Instant::now();
    std::thread::sleep(Duration::from_secs(10));
    let after = ticks();
    let seconds = wall.elapsed().as_secs_f64();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .map_or("unknown", |l| l.trim_start_matches("VmHWM:").trim())
        .to_string();
    tmux(&["kill-server"]);
    #[allow(clippy::cast_precision_loss)] // A few thousand ticks at most.
    let cpu = (after - before) as f64 / hz;
    println!(
        "idle_cpu: {cpu:.3} s of CPU over {seconds:.1} s idle on {name} = {:.2}% of one core; \
         peak RSS {peak}",
        cpu / seconds * 100.0
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = bench_tui, bench_first_frame_100k
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-') && a != "--bench");
    if filter.as_deref().is_none_or(|f| "idle_cpu".contains(f)) {
        idle_cpu();
    }
}
