//! The thin shell around the app: one event loop. Terminal input, file-watch events and
//! ticks arrive on one channel; everything queued is drained into `App::update`; the
//! effects it returns run here (reads, the editor, themes); the screen is drawn once
//! per batch.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::app::editing::{UndoEntry, UndoStep, unified_diff};
use crate::app::{App, Effect, Message, Tone, action_names};
use crate::clock::Clock;
use crate::config::CONFIG_FILE;
use crate::config::ProjectConfig;
use crate::edit::Edit;
use crate::model::Role;
use crate::parse::{FileChange, apply_changes, parse_changes};
use crate::rules::rule_ids;
use crate::store::{
    ContentHash, KnownHashes, Project, ReadOutcome, WatchEvent, Watcher, WriteError, content_hash,
    load_project, read_text, restore, save, watch,
};
use crate::term::{TerminalGuard, editor_command};
use crate::ui::theme::Theme;
use crate::user_config::{UserConfig, config_dir};

/// How the TUI was asked to start.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // Independent command-line flags, not a state machine.
pub struct Options {
    /// The docs project root.
    pub root: PathBuf,
    /// `--theme`, overriding the config file.
    pub theme: Option<String>,
    /// The clock.
    pub clock: Clock,
    /// True when the clock was pinned by `--today` or `READYROOM_NOW`.
    pub pinned: bool,
    /// True when `NO_COLOR` is set.
    pub no_color: bool,
    /// Presentation mode (`--present`): high contrast, larger spacing, fewer hints.
    pub present: bool,
    /// Open straight into the walkthrough.
    pub walkthrough: bool,
}

enum Incoming {
    Input(Event),
    Watch(WatchEvent),
    /// A reload read and parsed on its own thread: the paths it read, the
    /// [`Shell::generation`] it started at, and the message to apply.
    Reloaded {
        paths: Vec<String>,
        generation: u64,
        message: Message,
    },
}

/// Everything the shell owns besides the app.
struct Shell {
    tx: Sender<Incoming>,
    /// Counts the changes applied to the app's documents (reloads, saves, undos). A
    /// reload that started before the last of them may have read older bytes: it is not
    /// applied but started again.
    generation: u64,
    known: Arc<Mutex<KnownHashes>>,
    input_paused: Arc<AtomicBool>,
    config_dir: Option<PathBuf>,
    editor: Option<String>,
    no_color: bool,
    theme: Theme,
}

/// How the TUI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The operator quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked it to end; the terminal is restored.
    Signal(i32),
}

impl Ended {
    /// The conventional exit status: 0 after quitting, 128 + the signal's number after a
    /// signal (143 for SIGTERM, 129 for SIGHUP), as a shell reports a process it ended.
    pub fn exit_status(self) -> u8 {
        match self {
            Ended::Quit => 0,
            Ended::Signal(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
        }
    }
}

/// Run the TUI until the operator quits or a signal ends it. Errors before the terminal
/// is taken (bad path, invalid `readyroom.toml`) are returned; later problems show in
/// the UI.
pub fn run(opts: &Options) -> Result<Ended, String> {
    let project = load_project(&opts.root, &rule_ids()).map_err(|e| e.to_string())?;
    let names = action_names();
    let cfg_dir = config_dir();
    let mut notices: Vec<String> = Vec::new();
    let loaded = UserConfig::load(cfg_dir.as_deref(), &names);
    for problem in &loaded.problems {
        notices.push(format!("{problem} (the rest of config.toml is used)"));
    }
    let user = loaded.config;
    let name = project.display_name();
    let mut app = App::new(project, name, opts.clock, opts.pinned);
    app.keymap.apply(&user.keys);
    app.theme_names = theme_names(cfg_dir.as_deref());
    match crate::user_config::signer(None, &user, &opts.root) {
        Ok(name) => app.signer = name,
        Err(problem) => app.signer_problem = Some(problem),
    }
    app.saved_walk = crate::store::load_walk_state(&opts.root)
        .and_then(|t| serde_json::from_str::<crate::app::walkthrough::WalkState>(&t).ok());
    app.present = opts.present;
    let wanted = if opts.present {
        "high-contrast".to_string()
    } else {
        opts.theme
            .clone()
            .or_else(|| user.theme.clone())
            .unwrap_or_else(|| "dark".into())
    };
    let theme = match Theme::load(&wanted, cfg_dir.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            notices.push(format!("using the dark theme: {e}"));
            Theme::default()
        }
    };
    app.theme = theme.name().to_string();

    let known = Arc::new(Mutex::new(KnownHashes::new()));
    record_all(&known, &app.project, false);
    let (tx, rx) = mpsc::channel();
    let watch_tx = tx.clone();
    let watcher: Option<Watcher> = match watch(&opts.root, Arc::clone(&known), move |e| {
        let _ = watch_tx.send(Incoming::Watch(e));
    }) {
        Ok(w) => Some(w),
        Err(e) => {
            notices.push(format!("live reload is off (R re-checks): {e}"));
            None
        }
    };
    let mut shell = Shell {
        tx,
        generation: 0,
        known,
        input_paused: Arc::new(AtomicBool::new(false)),
        config_dir: cfg_dir,
        editor: user.editor.clone(),
        no_color: opts.no_color,
        theme: if opts.no_color {
            theme.no_color()
        } else {
            theme
        },
    };
    // Every start-up problem is shown (the consequence first: the line may be cut).
    if !notices.is_empty() {
        app.say(notices.join(" · "), Tone::Error);
    }
    let mut guard =
        TerminalGuard::init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let initial = if opts.walkthrough {
        app.start_walkthrough()
    } else {
        Vec::new()
    };
    for e in initial {
        if let Some(follow) = run_effect(&mut app, &mut shell, &mut guard, e) {
            let _ = app.update(follow);
        }
    }
    let result = event_loop(&mut app, &mut shell, &mut guard, &rx);
    let ended = guard.shutdown_signal().map_or(Ended::Quit, Ended::Signal);
    drop(guard);
    drop(watcher);
    result.map(|()| ended)
}

/// Built-in theme names plus `*.toml` in the user's themes folder.
fn theme_names(dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = Theme::builtin_names()
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    if let Some(dir) = dir
        && let Ok(entries) = std::fs::read_dir(dir.join("themes"))
    {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = p.file_stem()
            {
                names.push(stem.to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Register the hash of every loaded file with the watcher, on a background thread:
/// hashing a large tree would otherwise delay the first frame. A hash the watcher has
/// recorded meanwhile (a newer version) is kept unless `overwrite` (a full reload, which
/// read every file just now).
fn record_all(known: &Arc<Mutex<KnownHashes>>, project: &Project, overwrite: bool) {
    let mut texts: Vec<(String, Vec<u8>)> = project
        .workspace
        .docs
        .iter()
        .map(|d| (d.path.clone(), d.source.as_bytes().to_vec()))
        .collect();
    // Read the way loading read it: only a regular file inside the root, size-capped,
    // so a FIFO swapped in since the load cannot block the UI thread.
    if let ReadOutcome::Text(text) = read_text(
        &project.root,
        CONFIG_FILE,
        crate::config::DEFAULT_MAX_FILE_SIZE,
    ) {
        texts.push((CONFIG_FILE.to_string(), text.into_bytes()));
    }
    let known = Arc::clone(known);
    std::thread::spawn(move || {
        let hashes: Vec<(String, ContentHash)> = texts
            .into_iter()
            .map(|(path, bytes)| {
                let h = content_hash(&bytes);
                (path, h)
            })
            .collect();
        let mut k = known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (path, hash) in hashes {
            if overwrite || k.get(&path).is_none() {
                k.set(&path, hash);
            }
        }
    });
}

fn spawn_input(tx: Sender<Incoming>, paused: Arc<AtomicBool>, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            if paused.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            match event::poll(Duration::from_millis(50)) {
                Ok(true) => {
                    if paused.load(Ordering::SeqCst) {
                        continue;
                    }
                    match event::read() {
                        Ok(ev) => {
                            if tx.send(Incoming::Input(ev)).is_err() {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
                Ok(false) => {}
                Err(_) => break,
            }
        }
    });
}

fn event_loop(
    app: &mut App,
    shell: &mut Shell,
    guard: &mut TerminalGuard,
    rx: &Receiver<Incoming>,
) -> Result<(), String> {
    let stop = Arc::new(AtomicBool::new(false));
    spawn_input(
        shell.tx.clone(),
        Arc::clone(&shell.input_paused),
        Arc::clone(&stop),
    );
    let draw_err = |e: std::io::Error| format!("cannot draw: {e}");
    if let Ok(size) = guard.terminal().size() {
        app.update(Message::Resize(size.width, size.height));
    }
    guard
        .terminal()
        .draw(|f| crate::ui::render(f, app, &shell.theme))
        .map_err(draw_err)?;
    let result = loop {
        if guard.shutdown_requested() {
            break Ok(());
        }
        let first = match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break Ok(()),
        };
        let mut batch: Vec<Incoming> = first.into_iter().collect();
        batch.extend(rx.try_iter());
        let mut messages = Vec::new();
        if batch.is_empty() {
            if app.clock_pinned {
                continue;
            }
            messages.push(Message::Tick(jiff::Timestamp::now()));
        }
        let mut suspend = false;
        for incoming in batch {
            match incoming {
                Incoming::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        suspend = true;
                    } else {
                        messages.push(Message::Key(k));
                    }
                }
                Incoming::Input(Event::Mouse(m)) => messages.push(Message::Mouse(m)),
                Incoming::Input(Event::Paste(p)) => messages.push(Message::Paste(p)),
                Incoming::Input(Event::Resize(w, h)) => messages.push(Message::Resize(w, h)),
                Incoming::Input(_) => {}
                Incoming::Watch(WatchEvent::Changed(paths)) => spawn_reload(app, shell, paths),
                Incoming::Reloaded {
                    paths,
                    generation,
                    message,
                } => {
                    if generation == shell.generation {
                        // Counted now, so a second result in this batch that was read
                        // as early is read again rather than applied after this one.
                        shell.generation += 1;
                        messages.push(message);
                    } else {
                        spawn_reload(app, shell, paths);
                    }
                }
                Incoming::Watch(WatchEvent::Degraded(text)) => messages.push(Message::Notice {
                    text,
                    tone: Tone::Warning,
                }),
                Incoming::Watch(WatchEvent::Error(text)) => messages.push(Message::Notice {
                    text,
                    tone: Tone::Error,
                }),
            }
        }
        for m in messages {
            let effects = app.update(m);
            for e in effects {
                if let Some(follow) = run_effect(app, shell, guard, e) {
                    shell.generation += u64::from(changes_documents(&follow));
                    let _ = app.update(follow);
                }
            }
        }
        if app.quit {
            break Ok(());
        }
        if suspend {
            shell.input_paused.store(true, Ordering::SeqCst);
            let r = guard.suspend_to_shell();
            shell.input_paused.store(false, Ordering::SeqCst);
            if let Err(e) = r {
                app.say(format!("could not suspend: {e}"), Tone::Error);
            }
        }
        guard
            .terminal()
            .draw(|f| crate::ui::render(f, app, &shell.theme))
            .map_err(draw_err)?;
    };
    stop.store(true, Ordering::SeqCst);
    result
}

/// True for the messages that change the app's documents.
fn changes_documents(m: &Message) -> bool {
    matches!(
        m,
        Message::Reloaded(_)
            | Message::FilesChanged(_)
            | Message::Saved { .. }
            | Message::Undone { .. }
    )
}

/// Read and parse changed files on a thread of their own, so that a large file never
/// holds up the keys; the result comes back on the event channel as
/// [`Incoming::Reloaded`].
fn spawn_reload(app: &App, shell: &Shell, paths: Vec<String>) {
    let root = app.project.root.clone();
    let config = app.project.config.clone();
    let tx = shell.tx.clone();
    let generation = shell.generation;
    std::thread::spawn(move || {
        let message = match read_changes(&root, &config, &paths) {
            Message::FilesChanged(changes) => {
                Message::FilesChanged(parse_changes(changes, &config))
            }
            other => other,
        };
        let _ = tx.send(Incoming::Reloaded {
            paths,
            generation,
            message,
        });
    });
}

/// Read the new state of changed files; a changed `readyroom.toml` reloads everything.
fn read_changes(root: &Path, config: &ProjectConfig, paths: &[String]) -> Message {
    if paths.iter().any(|p| p == CONFIG_FILE) {
        return match load_project(root, &rule_ids()) {
            Ok(p) => Message::Reloaded(Box::new(p)),
            Err(e) => Message::Notice {
                text: format!("{e}; keeping the previous configuration"),
                tone: Tone::Error,
            },
        };
    }
    let limit = config.max_file_size;
    let changes = paths
        .iter()
        .filter(|p| crate::store::is_markdown(p))
        .map(|p| {
            let change = if root.join(p).exists() {
                match read_text(root, p, limit) {
                    ReadOutcome::Text(t) => FileChange::Text(t),
                    ReadOutcome::Problem(d) => FileChange::Unreadable(d),
                }
            } else {
                FileChange::Removed
            };
            (p.clone(), change)
        })
        .collect();
    Message::FilesChanged(changes)
}

fn run_effect(
    app: &mut App,
    shell: &mut Shell,
    guard: &mut TerminalGuard,
    effect: Effect,
) -> Option<Message> {
    match effect {
        Effect::Quit => None,
        Effect::Save(edits) => Some(save_edits(app, &shell.known, &edits)),
        Effect::Undo(entry) => Some(undo(app, shell, &entry)),
        Effect::Handover => {
            let history = crate::store::GitHistory::open(&app.project.root, &app.project.config);
            let name = app.project.display_name();
            let subject = crate::assess::Subject {
                name: &name,
                ws: &app.project.workspace,
                assessment: &app.assessment,
            };
            let note = crate::handover::prepare(
                &subject,
                crate::handover::Since::Last,
                &jiff::tz::TimeZone::system(),
                history.as_ref().map(|h| h as &dyn crate::handover::History),
            );
            Some(Message::HandoverReady {
                text: crate::handover::render::render_text(&note),
            })
        }
        Effect::SaveWalk(state) => {
            let text = serde_json::to_string_pretty(&state).unwrap_or_default();
            match crate::store::save_walk_state(&app.project.root, &text) {
                Ok(_) => None,
                Err(e) => Some(Message::Notice {
                    text: format!("could not save the walkthrough's progress: {e}"),
                    tone: Tone::Warning,
                }),
            }
        }
        Effect::ReloadAll => Some(match load_project(&app.project.root, &rule_ids()) {
            Ok(p) => {
                record_all(&shell.known, &p, true);
                Message::Reloaded(Box::new(p))
            }
            Err(e) => Message::Notice {
                text: e.to_string(),
                tone: Tone::Error,
            },
        }),
        Effect::SetTheme(name) => Some(Message::ThemeApplied(
            match Theme::load(&name, shell.config_dir.as_deref()) {
                Ok(t) => {
                    shell.theme = if shell.no_color { t.no_color() } else { t };
                    Ok(name)
                }
                Err(e) => Err(e.to_string()),
            },
        )),
        Effect::OpenEditor { path, line } => {
            let full = app.project.root.join(&path);
            let mut cmd = editor_command(&full, Some(line), shell.editor.as_deref());
            shell.input_paused.store(true, Ordering::SeqCst);
            // Let the input thread finish its current poll before the editor reads keys.
            std::thread::sleep(Duration::from_millis(60));
            let outcome = guard.suspend(|| cmd.status());
            shell.input_paused.store(false, Ordering::SeqCst);
            match outcome {
                Ok(Ok(status)) if status.success() => {
                    spawn_reload(app, shell, vec![path]);
                    None
                }
                Ok(Ok(status)) => Some(Message::Notice {
                    text: format!("the editor exited with {status}"),
                    tone: Tone::Warning,
                }),
                Ok(Err(e)) => Some(Message::Notice {
                    text: format!(
                        "cannot start the editor ({e}); set $VISUAL, $EDITOR or `editor` in config.toml"
                    ),
                    tone: Tone::Error,
                }),
                Err(e) => Some(Message::Notice {
                    text: format!("terminal error around the editor: {e}"),
                    tone: Tone::Error,
                }),
            }
        }
    }
}

/// Plan and write `edits` one after another, each against the docs as the one before
/// left them, registering each write's hash in `known` before it lands (so the watcher
/// ignores it). What was written before a failure is reported to the app as saved
/// first; the returned message is the outcome to feed to [`App::update`].
pub fn save_edits(app: &mut App, known: &Arc<Mutex<KnownHashes>>, edits: &[Edit]) -> Message {
    let changelog = app.project.config.path(Role::ChangeLog).to_string();
    let root = app.project.root.clone();
    let config = app.project.config.clone();
    // Later edits are planned on the docs as the earlier ones left them; a single edit
    // (the usual case) needs no copy of the workspace.
    let mut ws = std::borrow::Cow::Borrowed(&app.project.workspace);
    let mut before: Vec<(String, String)> = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut rebased = false;
    let mut failure = None;
    for (n, e) in edits.iter().enumerate() {
        let plan = match crate::edit::plan(&ws, e, &changelog) {
            Ok(p) if p.is_empty() => continue,
            Ok(p) => p,
            Err(err) => {
                failure = Some(Message::SaveFailed {
                    conflict: matches!(err, crate::edit::EditError::Moved { .. }),
                    error: err.to_string(),
                    edits: edits[n..].to_vec(),
                });
                break;
            }
        };
        for f in &plan.files {
            if !before.iter().any(|(p, _)| p == &f.path)
                && let Some(doc) = ws.doc(&f.path)
            {
                before.push((f.path.clone(), doc.source.clone()));
            }
        }
        let known = Arc::clone(known);
        let mut register = |path: &str, hash: &[u8; 32]| {
            known
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .set(path, *hash);
        };
        match save(&root, &ws, &config, &plan, &mut register) {
            Ok(written) => {
                let mut changes = Vec::new();
                for w in written {
                    rebased |= w.rebased;
                    changes.push((w.path.clone(), FileChange::Text(w.text.clone())));
                    files.retain(|(p, _)| p != &w.path);
                    files.push((w.path, w.text));
                }
                if n + 1 < edits.len() {
                    apply_changes(ws.to_mut(), changes, &config);
                }
                labels.extend(plan.changes.iter().map(|c| {
                    if c.old.is_empty() {
                        format!("{} {}", c.what, c.new)
                    } else {
                        format!("{} {} → {}", c.what, c.old, c.new)
                    }
                }));
            }
            Err(err) => {
                let conflict = matches!(err, WriteError::Conflict { .. });
                failure = Some(Message::SaveFailed {
                    error: err.to_string(),
                    conflict,
                    edits: edits[n..].to_vec(),
                });
                break;
            }
        }
    }
    let label = if labels.is_empty() {
        "nothing to write".to_string()
    } else {
        labels.join("; ")
    };
    let undo = (!rebased && !files.is_empty()).then(|| UndoEntry {
        label: label.clone(),
        diff: before
            .iter()
            .filter_map(|(p, b)| {
                files
                    .iter()
                    .find(|(fp, _)| fp == p)
                    .map(|(_, a)| unified_diff(p, b, a))
            })
            .collect(),
        steps: before
            .iter()
            .filter_map(|(p, b)| {
                files.iter().find(|(fp, _)| fp == p).map(|(_, a)| UndoStep {
                    path: p.clone(),
                    before: b.clone(),
                    after_hash: crate::edit::source_hash(a),
                })
            })
            .collect(),
    });
    let saved = Message::Saved {
        label,
        files,
        undo,
        edits: edits.to_vec(),
    };
    match failure {
        Some(f) => {
            let _ = app.update(saved);
            f
        }
        None => saved,
    }
}

/// Put files back as they were before a write of this session, if unchanged since.
fn undo(app: &App, shell: &Shell, entry: &UndoEntry) -> Message {
    let mut files = Vec::new();
    for step in &entry.steps {
        let known = Arc::clone(&shell.known);
        let mut register = |path: &str, hash: &[u8; 32]| {
            known
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .set(path, *hash);
        };
        match restore(
            &app.project.root,
            &step.path,
            &step.after_hash,
            &step.before,
            &mut register,
        ) {
            Ok(w) => files.push((w.path, w.text)),
            Err(e) => {
                let done = if files.is_empty() {
                    String::new()
                } else {
                    format!(" ({} file(s) were restored)", files.len())
                };
                return Message::Notice {
                    text: format!("cannot undo: {e}{done}"),
                    tone: Tone::Error,
                };
            }
        }
    }
    Message::Undone {
        label: entry.label.clone(),
        files,
    }
}
