//! The thin shell around the app: one event loop. Terminal input, file-watch events and
//! finished jobs arrive on one channel; everything queued is drained into `App::update`;
//! of the effects it returns the immediate ones (the editor, themes, quitting) run here
//! and the slow ones are queued as jobs ([`jobs`]) that run off the UI thread. The
//! screen is drawn after a batch that changed the app's state; between batches the loop
//! sleeps until the next event or the next deadline (a hand-off, midnight, the
//! walkthrough's debounced save), never on a fixed tick.

mod jobs;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::app::walkthrough::WalkState;
use crate::app::{Action, App, Effect, Message, Tone, action_names};
use crate::clock::Clock;
use crate::config::CONFIG_FILE;
use crate::config::ProjectConfig;
use crate::edit::Edit;
use crate::parse::FileChange;
use crate::rules::rule_ids;
use crate::store::{
    ContentHash, KnownHashes, Project, ReadOutcome, WatchEvent, Watcher, content_hash, load_config,
    load_project, read_text, watch,
};
use crate::term::{TerminalGuard, Tty, TtyState, editor_command};
use crate::ui::theme::Theme;
use crate::user_config::{UserConfig, config_dir};
use jobs::{Job, Jobs};

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

/// How long the walkthrough must rest on a step before its position is written.
const WALK_DEBOUNCE: Duration = Duration::from_millis(800);

enum Incoming {
    Input(Event),
    Watch(WatchEvent),
    /// The running job finished: the messages to apply, in order.
    Done(Vec<Message>),
    /// A job run beside the queue finished: the messages to apply, in order.
    Aside(Vec<Message>),
    /// A termination signal arrived (wakes the loop).
    Shutdown,
    /// The running job says how far it has got ("reading 3,412 of 10,000 files…").
    Progress(String),
}

/// Everything the shell owns besides the app.
struct Shell {
    tx: Sender<Incoming>,
    /// The slow work, one job at a time.
    jobs: Jobs,
    /// The walkthrough's latest state, not yet written, and when to write it.
    walk: Option<(WalkState, Instant)>,
    /// Open the walkthrough once the first load arrives (`--walkthrough`).
    walkthrough_on_load: bool,
    /// Input that came while the tree was first read, applied once it is there, so
    /// keys typed at start act on the docs (all but quitting, which acts at once).
    held: Vec<Message>,
    input_paused: Arc<AtomicBool>,
    config_dir: Option<PathBuf>,
    editor: Option<String>,
    no_color: bool,
    theme: Theme,
}

/// Why the TUI could not run; the text says what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The project cannot be loaded (bad path, invalid `readyroom.toml`).
    #[error(transparent)]
    Load(#[from] crate::store::LoadError),
    /// The terminal cannot be put in full-screen mode.
    #[error("cannot set up the terminal: {0}")]
    Terminal(std::io::Error),
    /// A frame cannot be drawn.
    #[error("cannot draw: {0}")]
    Draw(std::io::Error),
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
pub fn run(opts: &Options) -> Result<Ended, ShellError> {
    let mut app = starting_app(&opts.root, opts.clock, opts.pinned)?;
    let names = action_names();
    let cfg_dir = config_dir();
    let mut notices: Vec<String> = Vec::new();
    let loaded = UserConfig::load(cfg_dir.as_deref(), &names);
    for problem in &loaded.problems {
        notices.push(format!("{problem} (the rest of config.toml is used)"));
    }
    let user = loaded.config;
    app.wall = jiff::Timestamp::now();
    app.keymap.apply(&user.keys);
    app.theme_names = theme_names(cfg_dir.as_deref());
    match crate::user_config::signer(None, &user, &opts.root) {
        Ok(name) => app.signer = name,
        Err(problem) => app.signer_problem = Some(problem.to_string()),
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
    let mut jobs = Jobs::new(tx.clone(), known);
    // The tree is read and checked as the first job: the first frame shows its progress.
    jobs.push(Job::Load);
    let mut shell = Shell {
        jobs,
        tx,
        walk: None,
        walkthrough_on_load: opts.walkthrough,
        held: Vec::new(),
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
    let mut guard = TerminalGuard::init().map_err(ShellError::Terminal)?;
    let result = event_loop(&mut app, &mut shell, &mut guard, &rx);
    let ended = guard.shutdown_signal().map_or(Ended::Quit, Ended::Signal);
    drop(guard);
    drop(watcher);
    result.map(|()| ended)
}

/// The app as the TUI starts it: the project's configuration read (an invalid
/// `readyroom.toml` is an error, before the terminal is taken), the tree not yet
/// ([`App::loading`]); the shell's first job reads and checks it. This is all that
/// stands before the first frame.
pub fn starting_app(root: &Path, clock: Clock, pinned: bool) -> Result<App, ShellError> {
    if !root.is_dir() {
        return Err(crate::store::LoadError::NoRoot(root.display().to_string()).into());
    }
    let project = Project {
        root: root.to_path_buf(),
        config: load_config(root, &rule_ids())?,
        workspace: crate::model::Workspace::default(),
    };
    let name = project.display_name();
    let mut app = App::new(project, name, clock, pinned);
    app.loading = true;
    Ok(app)
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

/// Read terminal input on a thread of its own; a termination signal wakes the loop.
fn spawn_input(
    tx: Sender<Incoming>,
    paused: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    shutdown: Arc<AtomicBool>,
) {
    std::thread::spawn(move || {
        let tty = Tty::open();
        while !stop.load(Ordering::SeqCst) {
            if shutdown.load(Ordering::SeqCst) {
                let _ = tx.send(Incoming::Shutdown);
                break;
            }
            if paused.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            // crossterm is asked only when the terminal has something for it (or a
            // resize signal may be pending): a terminal that went away yields nothing
            // but end-of-file, which crossterm's reader retries for ever.
            let state = tty.wait(Duration::from_millis(50));
            if state == TtyState::Gone {
                crate::term::end_as_hung_up(&shutdown);
                continue;
            }
            let mut failed = false;
            loop {
                match event::poll(Duration::ZERO) {
                    Ok(true) if !paused.load(Ordering::SeqCst) => {
                        let Ok(ev) = event::read() else {
                            failed = true;
                            break;
                        };
                        if tx.send(Incoming::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Ok(_) => break,
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            if failed {
                break;
            }
        }
    });
}

/// How long the loop may sleep: until the app's next deadline (see
/// [`App::next_deadline`]) or the walkthrough's debounced save, whichever is first;
/// `None` when nothing is due.
fn next_wait(app: &App, shell: &Shell, zone: &jiff::tz::TimeZone) -> Option<Duration> {
    let tick = app.next_deadline(zone).map(|at| {
        let left = at.duration_since(jiff::Timestamp::now());
        Duration::try_from(left).unwrap_or(Duration::ZERO)
    });
    let walk = shell
        .walk
        .as_ref()
        .map(|(_, at)| at.saturating_duration_since(Instant::now()));
    match (tick, walk) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn event_loop(
    app: &mut App,
    shell: &mut Shell,
    guard: &mut TerminalGuard,
    rx: &Receiver<Incoming>,
) -> Result<(), ShellError> {
    let stop = Arc::new(AtomicBool::new(false));
    spawn_input(
        shell.tx.clone(),
        Arc::clone(&shell.input_paused),
        Arc::clone(&stop),
        guard.shutdown_flag(),
    );
    let zone = jiff::tz::TimeZone::system();
    if let Ok(size) = guard.terminal().size() {
        apply(app, shell, guard, Message::Resize(size.width, size.height));
    }
    // The trend is read beside the queue: a long first read never holds up a save.
    shell.jobs.aside(Job::History, app);
    start_jobs(app, shell);
    let result = loop {
        if app.dirty {
            app.dirty = false;
            guard
                .terminal()
                .draw(|f| crate::ui::render(f, app, &shell.theme))
                .map_err(ShellError::Draw)?;
        }
        if guard.shutdown_requested() {
            break Ok(());
        }
        let first = match next_wait(app, shell, &zone) {
            Some(wait) => match rx.recv_timeout(wait) {
                Ok(ev) => Some(ev),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break Ok(()),
            },
            None => match rx.recv() {
                Ok(ev) => Some(ev),
                Err(_) => break Ok(()),
            },
        };
        let mut batch: Vec<Incoming> = first.into_iter().collect();
        batch.extend(rx.try_iter());
        let mut messages = Vec::new();
        if app
            .next_deadline(&zone)
            .is_some_and(|at| at <= jiff::Timestamp::now())
        {
            messages.push(Message::Tick(jiff::Timestamp::now()));
        }
        if let Some((_, at)) = &shell.walk
            && *at <= Instant::now()
            && let Some((state, _)) = shell.walk.take()
        {
            shell.jobs.push(Job::SaveWalk(state));
        }
        let mut suspend = false;
        for incoming in batch {
            match incoming {
                Incoming::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        suspend = true;
                    } else if app.loading && app.keymap.action(&k) != Some(Action::Quit) {
                        shell.held.push(Message::Key(k));
                    } else {
                        messages.push(Message::Key(k));
                    }
                }
                Incoming::Input(Event::Mouse(m)) if app.loading => {
                    shell.held.push(Message::Mouse(m));
                }
                Incoming::Input(Event::Paste(p)) if app.loading => {
                    shell.held.push(Message::Paste(p));
                }
                Incoming::Input(Event::Mouse(m)) => messages.push(Message::Mouse(m)),
                Incoming::Input(Event::Paste(p)) => messages.push(Message::Paste(p)),
                Incoming::Input(Event::Resize(w, h)) => messages.push(Message::Resize(w, h)),
                Incoming::Input(_) | Incoming::Shutdown => {}
                Incoming::Watch(WatchEvent::Changed(paths)) => {
                    shell.jobs.push(Job::ReadChanged(paths));
                }
                Incoming::Done(done) => {
                    shell.jobs.finished();
                    messages.extend(done);
                }
                Incoming::Aside(done) => messages.extend(done),
                Incoming::Progress(text) => shell.jobs.progress(text),
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
            apply(app, shell, guard, m);
        }
        if !app.loading {
            if std::mem::take(&mut shell.walkthrough_on_load) {
                for e in app.start_walkthrough() {
                    if let Some(follow) = run_effect(app, shell, guard, e) {
                        let _ = app.update(follow);
                    }
                }
            }
            for m in std::mem::take(&mut shell.held) {
                apply(app, shell, guard, m);
            }
        }
        if app.quit {
            break Ok(());
        }
        start_jobs(app, shell);
        if suspend {
            shell.input_paused.store(true, Ordering::SeqCst);
            let r = guard.suspend_to_shell();
            shell.input_paused.store(false, Ordering::SeqCst);
            app.dirty = true;
            app.wall = jiff::Timestamp::now();
            if let Err(e) = r {
                app.say(
                    format!("cannot suspend to the shell (ctrl-z): {e}"),
                    Tone::Error,
                );
            }
        }
    };
    stop.store(true, Ordering::SeqCst);
    finish_writes(app, shell, rx);
    result
}

/// Feed a message to the app and carry out the effects it asks for.
fn apply(app: &mut App, shell: &mut Shell, guard: &mut TerminalGuard, m: Message) {
    app.wall = jiff::Timestamp::now();
    for e in app.update(m) {
        if let Some(follow) = run_effect(app, shell, guard, e) {
            let _ = app.update(follow);
        }
    }
}

/// Start the next queued job if none runs, and show what is under way.
fn start_jobs(app: &mut App, shell: &mut Shell) {
    shell.jobs.start_next(app);
    let busy = shell.jobs.busy().map(str::to_string);
    if app.busy != busy {
        app.update(Message::Busy(busy));
    }
}

/// On the way out: write the walkthrough's state and let the writes already asked for
/// (saves, undos) finish, in order; reads and the handover are dropped, and not waited
/// for when no write comes after them.
fn finish_writes(app: &mut App, shell: &mut Shell, rx: &Receiver<Incoming>) {
    if let Some((state, _)) = shell.walk.take() {
        shell.jobs.push(Job::SaveWalk(state));
    }
    shell.jobs.keep_writes();
    while shell.jobs.writing() {
        shell.jobs.start_next(app);
        let done = loop {
            match rx.recv() {
                Ok(Incoming::Done(done)) => break done,
                Ok(_) => {}
                Err(_) => return,
            }
        };
        shell.jobs.finished();
        for m in done {
            let _ = app.update(m);
        }
        shell.jobs.keep_writes();
    }
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

/// Carry out an effect: the immediate ones here (quit, theme, editor), the slow ones
/// queued as jobs. Returns the message to feed back to the app, if any.
fn run_effect(
    app: &mut App,
    shell: &mut Shell,
    guard: &mut TerminalGuard,
    effect: Effect,
) -> Option<Message> {
    match effect {
        Effect::Quit => None,
        Effect::Save(edits) => {
            shell.jobs.push(Job::Save(edits));
            None
        }
        Effect::Undo(entry) => {
            shell.jobs.push(Job::Undo(entry));
            None
        }
        Effect::Handover => {
            shell.jobs.push(Job::Handover);
            None
        }
        Effect::Verify { url } => {
            shell.jobs.push(Job::Verify(url));
            None
        }
        Effect::ReloadAll => {
            shell.jobs.push(Job::ReloadAll);
            None
        }
        Effect::EvidenceSince(ids) => {
            shell.jobs.aside(Job::EvidenceSince(ids), app);
            None
        }
        Effect::SaveWalk(state) => {
            // Written once the walkthrough rests (and at quit), not on every step.
            shell.walk = Some((state, Instant::now() + WALK_DEBOUNCE));
            None
        }
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
            let editor =
                crate::model::inert_line_owned(cmd.get_program().to_string_lossy().into_owned());
            shell.input_paused.store(true, Ordering::SeqCst);
            // Let the input thread finish its current poll before the editor reads keys.
            std::thread::sleep(Duration::from_millis(60));
            let outcome = guard.suspend(|| cmd.status());
            shell.input_paused.store(false, Ordering::SeqCst);
            // The editor drew over the screen.
            app.dirty = true;
            match outcome {
                Ok(Ok(status)) if status.success() => {
                    shell.jobs.push(Job::ReadChanged(vec![path]));
                    None
                }
                Ok(Ok(status)) => Some(Message::Notice {
                    text: format!("the editor \"{editor}\" on {path} exited with {status}"),
                    tone: Tone::Warning,
                }),
                Ok(Err(e)) => Some(Message::Notice {
                    text: format!(
                        "cannot start the editor \"{editor}\": {e}; set $VISUAL, $EDITOR or \
                         `editor` in config.toml"
                    ),
                    tone: Tone::Error,
                }),
                Err(e) => Some(Message::Notice {
                    text: format!("terminal error around the editor \"{editor}\": {e}"),
                    tone: Tone::Error,
                }),
            }
        }
    }
}

/// Plan and write `edits` one after another, each against the docs as the one before
/// left them, registering each write's hash in `known` before it lands (so the watcher
/// ignores it). What was written before a failure is reported to the app as saved
/// first; the returned message is the outcome to feed to [`App::update`]. The TUI runs
/// the same writes as a job, off the UI thread.
pub fn save_edits(app: &mut App, known: &Arc<Mutex<KnownHashes>>, edits: &[Edit]) -> Message {
    let (saved, failure) = jobs::write_edits(
        &app.project.root,
        &app.project.config,
        &app.project.workspace,
        known,
        edits,
    );
    match failure {
        Some(f) => {
            let _ = app.update(saved);
            f
        }
        None => saved,
    }
}
