//! The job runner: the slow effects (a re-check, reading changed files, the handover,
//! saves, undos, the walkthrough's state) run on a thread of their own, one job at a
//! time in the order they were asked for, and report back as [`Incoming::Done`] on the
//! event channel. Keys keep being handled against the app's current state meanwhile.
//!
//! One job at a time is what keeps writes ordered: a job takes its copy of the
//! documents when it starts, after the result of the job before it (a reload, a save)
//! reached the app, so a save never plans against documents older than the last
//! reload, and the store's race detection sees every change made outside.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Incoming, read_changes, record_all};
use crate::app::editing::{UndoEntry, UndoStep, unified_diff};
use crate::app::walkthrough::WalkState;
use crate::app::{App, Checked, Message, Tone};
use crate::assess::Assessment;
use crate::clock::Clock;
use crate::config::ProjectConfig;
use crate::edit::Edit;
use crate::model::{Role, Workspace};
use crate::parse::{FileChange, apply_changes, parse_changes};
use crate::rules::rule_ids;
use crate::store::prometheus::Prometheus;
use crate::store::{KnownHashes, LoadProgress, WriteError, load_project, load_tree, restore, save};

/// Slow work the shell runs off the UI thread.
#[derive(Debug)]
pub(super) enum Job {
    /// Read and check the tree for the first time, saying how far it has got.
    Load,
    /// Re-read the whole project and re-run the rules.
    ReloadAll,
    /// Read, parse and check files the watcher or the editor changed.
    ReadChanged(Vec<String>),
    /// Prepare the handover note (git history and a parse of the old tree).
    Handover,
    /// Write edits.
    Save(Vec<Edit>),
    /// Take a write back.
    Undo(Box<UndoEntry>),
    /// Write the walkthrough's position and skips.
    SaveWalk(WalkState),
    /// Ask the Prometheus at this base URL about the documented alerts and signals.
    Verify(String),
    /// Read the readiness history (from the cache, computing what is missing from git).
    History,
    /// Read from git how these items' evidence changed since they were signed off.
    EvidenceSince(Vec<String>),
}

impl Job {
    /// What the status line says while the job runs; `None` for a job too quick to
    /// mention.
    fn label(&self) -> Option<String> {
        match self {
            Job::Load => Some("reading the docs…".to_string()),
            Job::ReloadAll | Job::ReadChanged(_) => Some("re-checking…".to_string()),
            Job::Handover => Some("preparing the handover…".to_string()),
            Job::Save(_) => Some("saving…".to_string()),
            Job::Undo(_) => Some("undoing…".to_string()),
            Job::SaveWalk(_) | Job::History | Job::EvidenceSince(_) => None,
            Job::Verify(url) => Some(format!("verifying against {url}…")),
        }
    }

    /// True for the jobs that write: they still run when the operator quits.
    fn writes(&self) -> bool {
        matches!(self, Job::Save(_) | Job::Undo(_) | Job::SaveWalk(_))
    }
}

/// The queue of jobs and the one that runs.
pub(super) struct Jobs {
    queue: VecDeque<Job>,
    /// Whether a job runs, and whether it writes.
    running: Option<bool>,
    /// What the running job is, for the status line, as long as it runs.
    label: Option<String>,
    tx: Sender<Incoming>,
    known: Arc<Mutex<KnownHashes>>,
}

impl Jobs {
    /// An idle runner reporting on `tx`, registering writes in `known`.
    pub(super) fn new(tx: Sender<Incoming>, known: Arc<Mutex<KnownHashes>>) -> Jobs {
        Jobs {
            queue: VecDeque::new(),
            running: None,
            label: None,
            tx,
            known,
        }
    }

    /// Run `job` at once on a thread of its own, beside the queue: for work that reads
    /// neither the documents nor writes anything (the history), so it never holds up a
    /// re-check or a save. It reports back as [`Incoming::Aside`].
    pub(super) fn aside(&self, job: Job, app: &App) {
        let tx = self.tx.clone();
        let run = self.work(job, app);
        std::thread::spawn(move || {
            let _ = tx.send(Incoming::Aside(run()));
        });
    }

    /// Queue a job. Changed files waiting behind the running job are read by one job.
    pub(super) fn push(&mut self, job: Job) {
        if let Job::ReadChanged(paths) = &job
            && let Some(Job::ReadChanged(waiting)) = self
                .queue
                .iter_mut()
                .find(|j| matches!(j, Job::ReadChanged(_)))
        {
            for p in paths {
                if !waiting.contains(p) {
                    waiting.push(p.clone());
                }
            }
            return;
        }
        self.queue.push_back(job);
    }

    /// True when a write runs or waits: quitting waits for it.
    pub(super) fn writing(&self) -> bool {
        self.running == Some(true) || self.queue.iter().any(Job::writes)
    }

    /// What the running job is ("re-checking…"), for as long as it runs; `None` when
    /// nothing runs or the job is too quick to mention.
    pub(super) fn busy(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The running job says how far it has got: [`Jobs::busy`] says so from now on.
    pub(super) fn progress(&mut self, text: String) {
        if self.running.is_some() {
            self.label = Some(text);
        }
    }

    /// The running job reported back.
    pub(super) fn finished(&mut self) {
        self.running = None;
        self.label = None;
    }

    /// Keep only the jobs that write (the operator quits).
    pub(super) fn keep_writes(&mut self) {
        self.queue.retain(Job::writes);
    }

    /// Start the next job unless one runs, on a copy of what it needs from `app`;
    /// [`Jobs::busy`] then says what is under way.
    pub(super) fn start_next(&mut self, app: &App) {
        if self.running.is_some() {
            return;
        }
        let Some(job) = self.queue.pop_front() else {
            return;
        };
        self.running = Some(job.writes());
        self.label = job.label();
        let tx = self.tx.clone();
        let run = self.work(job, app);
        std::thread::spawn(move || {
            let _ = tx.send(Incoming::Done(run()));
        });
    }

    /// The work of `job`, on a copy of what it needs from `app`, ready to run on a
    /// thread of its own.
    fn work(&self, job: Job, app: &App) -> Box<dyn FnOnce() -> Vec<Message> + Send> {
        let known = Arc::clone(&self.known);
        let root = app.project.root.clone();
        let config = app.project.config.clone();
        let clock = app.clock;
        match job {
            Job::Load => {
                let tx = self.tx.clone();
                Box::new(move || vec![load(&root, config, clock, &known, &tx)])
            }
            Job::ReloadAll => {
                let previous = app.assessment.clone();
                Box::new(move || reload_all(&root, &previous, clock, &known))
            }
            Job::ReadChanged(paths) => {
                let ws = app.project.workspace.clone();
                let previous = app.assessment.clone();
                Box::new(move || {
                    let before = Checked {
                        workspace: ws,
                        assessment: previous,
                    };
                    read_changed(&root, &config, before, clock, &paths, &known)
                })
            }
            Job::Handover => {
                let name = app.project.display_name();
                let ws = app.project.workspace.clone();
                let assessment = app.assessment.clone();
                Box::new(move || vec![handover(&root, &config, &name, &ws, &assessment)])
            }
            Job::Save(edits) => {
                let before = Checked {
                    workspace: app.project.workspace.clone(),
                    assessment: app.assessment.clone(),
                };
                Box::new(move || {
                    let (saved, failure) =
                        write_edits(&root, &config, &before.workspace, &known, &edits);
                    let mut out = vec![checked_after(saved, before, &config, clock)];
                    out.extend(failure);
                    out
                })
            }
            Job::Undo(entry) => {
                let before = Checked {
                    workspace: app.project.workspace.clone(),
                    assessment: app.assessment.clone(),
                };
                Box::new(move || {
                    vec![checked_after(
                        restore_files(&root, &known, &entry),
                        before,
                        &config,
                        clock,
                    )]
                })
            }
            Job::SaveWalk(state) => {
                Box::new(move || save_walk(&root, &state).into_iter().collect())
            }
            Job::Verify(url) => {
                let ws = app.project.workspace.clone();
                Box::new(move || vec![verify(&url, &ws)])
            }
            Job::History => Box::new(move || history(&root, &config)),
            Job::EvidenceSince(ids) => {
                let ws = app.project.workspace.clone();
                Box::new(move || {
                    vec![Message::EvidenceSince(
                        crate::store::evidence_since_signing(&root, &config, &ws, &ids),
                    )]
                })
            }
        }
    }
}

/// How often at most a load says how far it has got: each report redraws the screen.
const PROGRESS_EVERY: Duration = Duration::from_millis(40);

/// Read and check the tree for the first time, sending progress lines on `tx` as it
/// goes; the project comes back as [`Message::Reloaded`], already checked.
fn load(
    root: &Path,
    config: ProjectConfig,
    clock: Clock,
    known: &Arc<Mutex<KnownHashes>>,
    tx: &Sender<Incoming>,
) -> Message {
    let say = |text: String| {
        let _ = tx.send(Incoming::Progress(text));
    };
    let last = Mutex::new(None::<Instant>);
    let mut project = load_tree(root, config, &|progress| {
        let text = match progress {
            LoadProgress::Reading { done, total } => {
                let mut last = last.lock().unwrap_or_else(PoisonError::into_inner);
                if done < total && last.is_some_and(|t| t.elapsed() < PROGRESS_EVERY) {
                    return;
                }
                *last = Some(Instant::now());
                format!("reading {} of {} files…", thousands(done), thousands(total))
            }
            LoadProgress::Parsing { files } => {
                format!("parsing {} markdown files…", thousands(files))
            }
        };
        say(text);
    });
    say(format!(
        "checking {} documents…",
        thousands(project.workspace.docs.len())
    ));
    record_all(known, &project, false);
    let assessment = Assessment::new(&project.workspace, &project.config, clock);
    let workspace = std::mem::take(&mut project.workspace);
    Message::Checked {
        checked: Box::new(Checked {
            workspace,
            assessment,
        }),
        then: Box::new(Message::Reloaded(Box::new(project))),
    }
}

/// `n` with a comma between thousands: 10,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Re-read the whole project and check it.
fn reload_all(
    root: &Path,
    previous: &Assessment,
    clock: Clock,
    known: &Arc<Mutex<KnownHashes>>,
) -> Vec<Message> {
    match load_project(root, &rule_ids()) {
        Ok(p) => {
            record_all(known, &p, true);
            vec![reloaded(p, previous, clock)]
        }
        Err(e) => vec![Message::Notice {
            text: e.to_string(),
            tone: Tone::Error,
        }],
    }
}

/// A reloaded project, checked: its workspace travels in the [`Checked`].
fn reloaded(mut project: crate::store::Project, previous: &Assessment, clock: Clock) -> Message {
    let assessment = Assessment::after(previous, &project.workspace, &project.config, clock);
    let workspace = std::mem::take(&mut project.workspace);
    Message::Checked {
        checked: Box::new(Checked {
            workspace,
            assessment,
        }),
        then: Box::new(Message::Reloaded(Box::new(project))),
    }
}

/// Read, parse and check changed files.
fn read_changed(
    root: &Path,
    config: &ProjectConfig,
    before: Checked,
    clock: Clock,
    paths: &[String],
    known: &Arc<Mutex<KnownHashes>>,
) -> Vec<Message> {
    match read_changes(root, config, paths) {
        Message::FilesChanged(changes) => {
            let changes = parse_changes(changes, config, &before.workspace.memos);
            let paths = changes.iter().map(|(p, _)| p.clone()).collect();
            let Checked {
                mut workspace,
                assessment,
            } = before;
            apply_changes(&mut workspace, changes, config);
            let assessment = Assessment::after(&assessment, &workspace, config, clock);
            vec![Message::Checked {
                checked: Box::new(Checked {
                    workspace,
                    assessment,
                }),
                then: Box::new(Message::FilesChecked(paths)),
            }]
        }
        Message::Reloaded(p) => {
            record_all(known, &p, true);
            vec![reloaded(*p, &before.assessment, clock)]
        }
        other => vec![other],
    }
}

/// Apply the files a save or an undo wrote to `before` and check the result; other
/// messages (an undo that could not run) pass through.
fn checked_after(msg: Message, before: Checked, config: &ProjectConfig, clock: Clock) -> Message {
    let (Message::Saved { files, .. } | Message::Undone { files, .. }) = &msg else {
        return msg;
    };
    let changes = files
        .iter()
        .map(|(p, t)| (p.clone(), FileChange::Text(t.clone())))
        .collect();
    let Checked {
        mut workspace,
        assessment,
    } = before;
    apply_changes(&mut workspace, changes, config);
    let assessment = Assessment::after(&assessment, &workspace, config, clock);
    Message::Checked {
        checked: Box::new(Checked {
            workspace,
            assessment,
        }),
        then: Box::new(msg),
    }
}

/// The readiness history of the project at `root`; nothing for a project outside git,
/// a warning when a commit cannot be read.
fn history(root: &Path, config: &ProjectConfig) -> Vec<Message> {
    match crate::store::history_points(root, config, None) {
        Ok(points) => vec![Message::History(points)],
        Err(crate::store::HistoryError::NotInGit(_)) => Vec::new(),
        Err(e) => vec![Message::Notice {
            text: format!("no readiness history: {e}"),
            tone: Tone::Warning,
        }],
    }
}

/// Prepare the handover note since the last acknowledged one.
fn handover(
    root: &Path,
    config: &ProjectConfig,
    name: &str,
    ws: &Workspace,
    assessment: &Assessment,
) -> Message {
    let history = crate::store::GitHistory::open(root, config);
    let subject = crate::assess::Subject {
        name,
        ws,
        assessment,
    };
    let note = crate::handover::prepare(
        &subject,
        crate::handover::Since::Last,
        &jiff::tz::TimeZone::system(),
        history.as_ref().map(|h| h as &dyn crate::handover::History),
    );
    Message::HandoverReady {
        text: crate::handover::render::render_text(&note),
    }
}

/// Ask the Prometheus at `url` about `ws`'s documented alerts and covered signals, as
/// `readyroom verify` does with its default window and timeout.
fn verify(url: &str, ws: &Workspace) -> Message {
    let token = std::env::var(crate::store::prometheus::TOKEN_ENV).ok();
    let prom = Prometheus::new(
        url,
        token,
        std::time::Duration::from_secs(crate::app::verify::TIMEOUT_SECS),
    );
    Message::Verified(
        prom.check(ws, crate::app::verify::WINDOW)
            .map(Box::new)
            .map_err(|e| e.to_string()),
    )
}

/// Write the walkthrough's state; a message only when that failed.
pub(super) fn save_walk(root: &Path, state: &WalkState) -> Option<Message> {
    let text = serde_json::to_string_pretty(state).unwrap_or_default();
    match crate::store::save_walk_state(root, &text) {
        Ok(_) => None,
        Err(e) => Some(Message::Notice {
            text: match crate::store::walk_state_path(root) {
                Some(path) => format!(
                    "could not save the walkthrough's progress to {}: {e}",
                    path.display()
                ),
                None => format!("could not save the walkthrough's progress: {e}"),
            },
            tone: Tone::Warning,
        }),
    }
}

/// Plan and write `edits` one after another on `ws`, each against the docs as the one
/// before left them, registering each write's hash in `known` before it lands (so the
/// watcher ignores it). Returns the [`Message::Saved`] of what was written and, when a
/// write failed, the [`Message::SaveFailed`] to apply after it.
pub(super) fn write_edits(
    root: &Path,
    config: &ProjectConfig,
    ws: &Workspace,
    known: &Arc<Mutex<KnownHashes>>,
    edits: &[Edit],
) -> (Message, Option<Message>) {
    let changelog = config.path(Role::ChangeLog).to_string();
    // Later edits are planned on the docs as the earlier ones left them; a single edit
    // (the usual case) needs no copy of the workspace.
    let mut ws = std::borrow::Cow::Borrowed(ws);
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
        let mut register = |path: &str, hash: &[u8; 32]| {
            known
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .set(path, *hash);
        };
        match save(root, &ws, config, &plan, &mut register) {
            Ok(written) => {
                let mut changes = Vec::new();
                for w in written {
                    rebased |= w.rebased;
                    changes.push((w.path.clone(), FileChange::Text(w.text.clone())));
                    files.retain(|(p, _)| p != &w.path);
                    files.push((w.path, w.text));
                }
                if n + 1 < edits.len() {
                    apply_changes(ws.to_mut(), changes, config);
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
    (saved, failure)
}

/// Put files back as they were before a write of this session, if unchanged since.
fn restore_files(root: &Path, known: &Arc<Mutex<KnownHashes>>, entry: &UndoEntry) -> Message {
    let mut files = Vec::new();
    for step in &entry.steps {
        let mut register = |path: &str, hash: &[u8; 32]| {
            known
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .set(path, *hash);
        };
        match restore(
            root,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_app() -> App {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project");
        let project = load_project(&root, &rule_ids()).expect("load sample");
        let clock = Clock {
            today: jiff::civil::date(2026, 12, 1),
            now: "2026-12-01T10:00:00Z".parse().expect("instant"),
        };
        App::new(project, "sample".into(), clock, true)
    }

    /// The status line keeps saying what runs while later batches of keys are handled
    /// (each batch asks the runner for the next job), and stops when the job reports.
    #[test]
    fn the_running_jobs_label_lasts_until_it_reports_back() {
        let app = sample_app();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut jobs = Jobs::new(tx, Arc::new(Mutex::new(KnownHashes::default())));
        // Port 9 (discard) on loopback: nothing answers, the job fails fast.
        jobs.push(Job::Verify("http://127.0.0.1:9".to_string()));
        jobs.start_next(&app);
        assert_eq!(jobs.busy(), Some("verifying against http://127.0.0.1:9…"));
        jobs.start_next(&app);
        assert_eq!(jobs.busy(), Some("verifying against http://127.0.0.1:9…"));
        let Ok(Incoming::Done(done)) = rx.recv() else {
            panic!("the job did not report back");
        };
        jobs.finished();
        assert_eq!(jobs.busy(), None);
        let [Message::Verified(Err(why))] = done.as_slice() else {
            panic!("{done:?}");
        };
        assert!(
            why.contains("cannot reach Prometheus at http://127.0.0.1:9"),
            "{why}"
        );
    }

    /// The first load starts from the app as drawn before the tree is read, says how far
    /// it has got while it runs, and hands back the checked project, which ends the
    /// loading.
    #[test]
    fn the_first_load_reports_progress_then_fills_the_app() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project");
        let clock = Clock {
            today: jiff::civil::date(2026, 12, 1),
            now: "2026-12-01T10:00:00Z".parse().expect("instant"),
        };
        let mut app = crate::shell::starting_app(&root, clock, true).expect("start");
        assert!(app.loading);
        assert!(app.project.workspace.docs.is_empty());
        let (tx, rx) = std::sync::mpsc::channel();
        let mut jobs = Jobs::new(tx, Arc::new(Mutex::new(KnownHashes::default())));
        jobs.push(Job::Load);
        jobs.start_next(&app);
        assert_eq!(jobs.busy(), Some("reading the docs…"));
        let mut said = Vec::new();
        let done = loop {
            match rx.recv().expect("the job reports") {
                Incoming::Progress(text) => {
                    jobs.progress(text.clone());
                    assert_eq!(jobs.busy(), Some(text.as_str()));
                    said.push(text);
                }
                Incoming::Done(done) => break done,
                _ => {}
            }
        };
        jobs.finished();
        let total = crate::store::scan_tree(&root).len();
        assert!(
            said.contains(&format!("reading {total} of {total} files…")),
            "{said:?}"
        );
        assert!(said.iter().any(|t| t.starts_with("parsing ")), "{said:?}");
        assert!(said.iter().any(|t| t.starts_with("checking ")), "{said:?}");
        for m in done {
            let _ = app.update(m);
        }
        assert!(!app.loading);
        let loaded = load_project(&root, &rule_ids()).expect("load sample");
        assert_eq!(
            app.project.workspace.docs.len(),
            loaded.workspace.docs.len()
        );
        assert!(
            app.status.is_none(),
            "the first load is not announced as a reload: {:?}",
            app.status
        );
    }

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3_412), "3,412");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
