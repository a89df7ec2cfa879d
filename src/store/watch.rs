//! Watching the docs tree for changes made by anyone but readyroom itself.
//!
//! The tree is watched as directories, never as files (a file watch goes deaf after the
//! first rename-save), through `notify`. Events are gathered by an adaptive debounce: a
//! lone save is handled once the tree has been quiet for [`DEBOUNCE`], so it reaches
//! the screen at once; events that keep coming (a `git checkout`, a build writing many
//! files, or events soon after the last report) are gathered for longer,
//! [`BURST_DEBOUNCE`] of quiet, and at most for [`BURST_CAP`] before a report. After
//! each gathering the watcher thread re-reads every path that moved and reports only
//! those whose content hash differs from [`KnownHashes`]: the content readyroom last
//! loaded, wrote or reported. That one rule drops editor no-op saves, `touch`, and our
//! own atomic writes (the app records the new hash *before* it writes), with no timing
//! window that could swallow a real edit.
//!
//! What is watched: the root itself and every top-level folder except hidden ones,
//! `target/` and `node_modules/` (new top-level folders are picked up as they appear).
//! What is reported: `.md` / `.markdown` files and the root `readyroom.toml`, never editor
//! junk (`.swp`, `.swx`, `4913`, `name~`, `___jb_tmp___`, `___jb_old___`, `.#name`, our
//! `.tmp*` temp files) nor anything under a hidden folder (`.git/`), `target/` or
//! `node_modules/`. A path is reported once per distinct content; a deleted file once.
//!
//! When the system refuses file events (inotify out of watches or instances), the watcher
//! polls every second instead and says so once with [`WatchEvent::Degraded`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventHandler, EventKind, RecursiveMode, WatcherKind};
use sha2::{Digest, Sha256};

use crate::config::CONFIG_FILE;

use super::is_markdown;

/// How long the tree must be quiet after a lone save before it is handled: long enough
/// for an editor's rename-and-write dance, short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// How long the tree must be quiet during a burst (many files, or events soon after the
/// last report) before it is handled: one report for a `git checkout`, not hundreds.
pub const BURST_DEBOUNCE: Duration = Duration::from_millis(200);

/// The longest events are gathered before a report, however long a burst goes on.
pub const BURST_CAP: Duration = Duration::from_secs(1);

/// Events starting this soon after a report continue a burst: a tool writing file
/// after file, where no one saves twice by hand.
pub const BURST_GAP: Duration = Duration::from_millis(150);

/// More distinct paths than this in one gathering make it a burst.
const BURST_PATHS: usize = 16;

/// How often the polling fallback looks at the tree.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How long to wait before believing that a file is gone: editors such as vim rename the
/// old file away and create the new one a moment later.
const REMOVE_GRACE: Duration = Duration::from_millis(100);

/// A SHA-256 digest of a file's bytes.
pub type ContentHash = [u8; 32];

/// The SHA-256 of `bytes`, as [`KnownHashes`] stores it.
pub fn content_hash(bytes: &[u8]) -> ContentHash {
    Sha256::digest(bytes).into()
}

/// The content readyroom last saw for each file: project-relative, `/`-separated path →
/// hash of the bytes last loaded, written or reported.
///
/// The app records every file it loads and, *before* it writes a file, the hash of the
/// bytes it is about to write; the watcher then stays quiet about that write. The watcher
/// records what it reports (and forgets what it reports deleted), so each distinct
/// content is reported once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownHashes {
    map: HashMap<String, ContentHash>,
}

impl KnownHashes {
    /// An empty map.
    pub fn new() -> KnownHashes {
        KnownHashes::default()
    }

    /// Record that `path` holds `bytes`.
    pub fn record(&mut self, path: &str, bytes: &[u8]) {
        self.set(path, content_hash(bytes));
    }

    /// Record that `path` holds content with this hash.
    pub fn set(&mut self, path: &str, hash: ContentHash) {
        self.map.insert(path.to_string(), hash);
    }

    /// The hash last recorded for `path`.
    pub fn get(&self, path: &str) -> Option<&ContentHash> {
        self.map.get(path)
    }

    /// Forget `path` (it was deleted or is no longer of interest); returns its old hash.
    pub fn forget(&mut self, path: &str) -> Option<ContentHash> {
        self.map.remove(path)
    }

    /// How many paths are recorded.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no path is recorded.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Recorded paths inside the folder `dir` (project-relative; `""` is the root).
    fn paths_under(&self, dir: &str) -> Vec<String> {
        self.map
            .keys()
            .filter(|p| dir.is_empty() || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
            .cloned()
            .collect()
    }
}

/// What the watcher has to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// These files (project-relative, `/`-separated, sorted) changed, appeared or were
    /// deleted since readyroom last saw them. Re-read them; a missing file was deleted.
    Changed(Vec<String>),
    /// File events are unavailable, so the tree is now polled every second; the text says
    /// why and what to do about it. Sent at most once.
    Degraded(String),
    /// Something went wrong while watching; the watcher carries on.
    Error(String),
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The root is not a directory.
    #[error("{0}: cannot watch: no such directory")]
    NoRoot(String),
    /// Neither file events nor polling could be set up.
    #[error("{path}: cannot watch the docs tree: {reason}")]
    Backend {
        /// The root as given.
        path: String,
        /// What the system said.
        reason: String,
    },
}

/// A running watcher. Dropping it stops the watching and waits for the watcher thread,
/// so the callback is never called after the drop returns.
#[derive(Debug)]
pub struct Watcher {
    to_worker: Sender<Msg>,
    stopping: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A send error would only mean the thread has already ended.
        let _ = self.to_worker.send(Msg::Stop);
        if let Some(worker) = self.worker.take()
            && worker.thread().id() != thread::current().id()
        {
            let _ = worker.join();
        }
    }
}

/// Watch the docs tree under `root` and call `on_change` (on the watcher's own thread)
/// with each batch of changes; see the module docs for what is reported. `known` is
/// shared with the app, which records what it loads and writes. `on_change` should only
/// hand the event on (send it into the app's channel): dropping the [`Watcher`] waits
/// for a call in progress to return.
pub fn watch(
    root: &Path,
    known: Arc<Mutex<KnownHashes>>,
    on_change: impl Fn(WatchEvent) + Send + 'static,
) -> Result<Watcher, WatchError> {
    start(root, known, Box::new(on_change), false)
}

/// Like [`watch`], but poll the tree every second instead of asking for file events: for
/// file systems that deliver none (NFS, WSL paths to Windows drives, some containers).
/// This is also what [`watch`] falls back to. No [`WatchEvent::Degraded`] is sent.
pub fn watch_polling(
    root: &Path,
    known: Arc<Mutex<KnownHashes>>,
    on_change: impl Fn(WatchEvent) + Send + 'static,
) -> Result<Watcher, WatchError> {
    start(root, known, Box::new(on_change), true)
}

type Callback = Box<dyn Fn(WatchEvent) + Send>;

/// Messages to the watcher thread.
enum Msg {
    /// Paths that saw an event (the empty path asks for a full rescan).
    Events(Vec<PathBuf>),
    /// The backend reported an error.
    Failure(notify::Error),
    /// The [`Watcher`] was dropped.
    Stop,
}

fn start(
    root: &Path,
    known: Arc<Mutex<KnownHashes>>,
    on_change: Callback,
    poll: bool,
) -> Result<Watcher, WatchError> {
    let root = root
        .canonicalize()
        .ok()
        .filter(|r| r.is_dir())
        .ok_or_else(|| WatchError::NoRoot(root.display().to_string()))?;
    let (to_worker, from_backend) = mpsc::channel();
    let mut degraded = None;
    let backend = if poll {
        Backend::poll(&root, &to_worker)
    } else {
        Backend::native(&root, &to_worker).or_else(|e| {
            degraded = Some(degraded_message(&e));
            Backend::poll(&root, &to_worker)
        })
    }
    .map_err(|e| WatchError::Backend {
        path: root.display().to_string(),
        reason: e.to_string(),
    })?;
    let label = root.display().to_string();
    let stopping = Arc::new(AtomicBool::new(false));
    let mut worker = Worker {
        root,
        known,
        on_change,
        stopping: Arc::clone(&stopping),
        to_self: to_worker.clone(),
        backend,
    };
    let handle = thread::Builder::new()
        .name("readyroom-watch".into())
        .spawn(move || {
            if let Some(message) = degraded {
                worker.emit(WatchEvent::Degraded(message));
            }
            worker.run(&from_backend);
        })
        .map_err(|e| WatchError::Backend {
            path: label,
            reason: format!("cannot start the watcher thread: {e}"),
        })?;
    Ok(Watcher {
        to_worker,
        stopping,
        worker: Some(handle),
    })
}

fn degraded_message(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => "file events are unavailable: the system is out of \
            inotify watches (raise fs.inotify.max_user_watches); checking for changes every \
            second instead"
            .to_string(),
        _ => format!(
            "file events are unavailable ({error}); checking for changes every second instead"
        ),
    }
}

/// The notify backend in use.
enum Backend {
    Native(Filtered<notify::RecommendedWatcher>),
    Poll(Filtered<notify::PollWatcher>),
}

impl Backend {
    fn native(root: &Path, to_worker: &Sender<Msg>) -> notify::Result<Backend> {
        let mut backend = Backend::Native(notify::Watcher::new(
            forward(to_worker.clone()),
            notify::Config::default().with_follow_symlinks(false),
        )?);
        watch_tree(backend.watcher(), root)?;
        Ok(backend)
    }

    fn poll(root: &Path, to_worker: &Sender<Msg>) -> notify::Result<Backend> {
        let mut backend = Backend::Poll(notify::Watcher::new(
            forward(to_worker.clone()),
            // notify's poller compares mtimes in whole seconds, so it must also compare
            // contents to see two saves within a second; `.git/` and `target/` are not
            // polled (see `watch_tree`), which keeps that affordable.
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true)
                .with_follow_symlinks(false),
        )?);
        watch_tree(backend.watcher(), root)?;
        Ok(backend)
    }

    fn watcher(&mut self) -> &mut dyn notify::Watcher {
        match self {
            Backend::Native(watcher) => watcher,
            Backend::Poll(watcher) => watcher,
        }
    }

    fn is_native(&self) -> bool {
        matches!(self, Backend::Native(_))
    }
}

/// The backend's handler: hand each event's paths, and errors, to the watcher thread.
fn forward(to_worker: Sender<Msg>) -> impl FnMut(notify::Result<Event>) + Send + 'static {
    move |result| {
        let msg = match result {
            Ok(event) => Msg::Events(event.paths),
            Err(error) => Msg::Failure(error),
        };
        // A send error means the watcher is shutting down.
        let _ = to_worker.send(msg);
    }
}

/// The events gathered for the next report, and when that report is due: the adaptive
/// debounce described in the module docs. Pure: the instants are given.
#[derive(Debug, Default)]
struct Gathering {
    /// Distinct paths that saw events.
    paths: BTreeSet<PathBuf>,
    /// When the first and the latest event came; `None` while nothing is gathered.
    span: Option<(Instant, Instant)>,
    /// True once this gathering is known to be part of a burst.
    burst: bool,
}

impl Gathering {
    /// Events on `paths` came at `now`; the last report went out at `last_report`.
    fn add(&mut self, paths: Vec<PathBuf>, now: Instant, last_report: Option<Instant>) {
        let first = if let Some((first, _)) = self.span {
            first
        } else {
            self.burst = last_report.is_some_and(|at| now.duration_since(at) < BURST_GAP);
            now
        };
        self.span = Some((first, now));
        self.paths.extend(paths);
        self.burst |= self.paths.len() > BURST_PATHS;
    }

    /// When the gathered events are to be reported; `None` when there are none.
    fn due(&self) -> Option<Instant> {
        let (first, last) = self.span?;
        let quiet = if self.burst { BURST_DEBOUNCE } else { DEBOUNCE };
        Some((last + quiet).min(first + BURST_CAP))
    }

    /// The gathered paths, starting a new gathering.
    fn take(&mut self) -> Vec<PathBuf> {
        self.span = None;
        self.burst = false;
        std::mem::take(&mut self.paths).into_iter().collect()
    }
}

/// Watch the root (not recursively) and each top-level folder that can hold docs
/// (recursively), so `.git/`, `target/` and `node_modules/` cost no watches.
fn watch_tree(watcher: &mut dyn notify::Watcher, root: &Path) -> notify::Result<()> {
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for entry in std::fs::read_dir(root).map_err(notify::Error::io)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        watch_top_dir(watcher, root, &name)?;
    }
    Ok(())
}

/// Watch the top-level folder `name` recursively if it is one that can hold docs. Watching
/// a folder again is harmless, and needed when it was deleted and made anew.
fn watch_top_dir(watcher: &mut dyn notify::Watcher, root: &Path, name: &str) -> notify::Result<()> {
    let path = root.join(name);
    let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
    if ignored_component(name) || !is_dir {
        return Ok(());
    }
    match watcher.watch(&path, RecursiveMode::Recursive) {
        Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => Ok(()),
        other => other,
    }
}

/// A notify watcher whose events are thinned before debouncing: access events (opening or
/// reading a file, including our own re-reads) are dropped, and a "rescan" event (the
/// kernel queue overflowed) becomes an event on the empty path.
struct Filtered<W>(W);

impl<W: notify::Watcher> notify::Watcher for Filtered<W> {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let filter = move |result: notify::Result<Event>| match result {
            Ok(event) if event.need_rescan() => {
                handler.handle_event(Ok(Event::new(EventKind::Other).add_path(PathBuf::new())));
            }
            Ok(event)
                if matches!(event.kind, EventKind::Access(kind)
                    if kind != AccessKind::Close(AccessMode::Write)) => {}
            other => handler.handle_event(other),
        };
        W::new(filter, config).map(Filtered)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        W::kind()
    }
}

/// True for a path component that is never reported nor looked into: hidden names (which
/// covers `.git`, `.#name`, `.name.swp` and our `.tmp*` files), `target`,
/// `node_modules`, and editor backup, swap and probe files.
fn ignored_component(name: &str) -> bool {
    name.starts_with('.')
        || name == "target"
        || name == "node_modules"
        || name == "4913"
        || name.ends_with('~')
        || Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("swp") || e.eq_ignore_ascii_case("swx"))
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
}

fn ignored(rel: &str) -> bool {
    rel.split('/').any(ignored_component)
}

/// True for the files the app cares about: markdown anywhere, the project config at the root.
fn relevant_file(rel: &str) -> bool {
    is_markdown(rel) || rel == CONFIG_FILE
}

/// The hash of a file's content, streamed so that big files cost no memory. Only a
/// regular file inside the root is opened (a FIFO would block the watcher for good).
fn hash_file(root: &Path, rel: &str) -> io::Result<ContentHash> {
    let mut file = super::open::open_inside(root, rel).map_err(|e| match e {
        super::open::Refusal::Io(e) => e,
        other => io::Error::other(other.explain(rel)),
    })?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// The watcher thread's state.
struct Worker {
    root: PathBuf,
    known: Arc<Mutex<KnownHashes>>,
    on_change: Callback,
    stopping: Arc<AtomicBool>,
    to_self: Sender<Msg>,
    backend: Backend,
}

impl Worker {
    /// Gather events and report them when due; with nothing gathered the thread sleeps
    /// until the next event, never on a timer.
    fn run(&mut self, inbox: &Receiver<Msg>) {
        let mut gathering = Gathering::default();
        let mut last_report = None;
        loop {
            let msg = match gathering.due() {
                None => inbox.recv().ok(),
                Some(due) => {
                    match inbox.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(msg) => Some(msg),
                        Err(RecvTimeoutError::Timeout) => {
                            let paths = gathering.take();
                            self.handle_batch(paths);
                            last_report = Some(Instant::now());
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => None,
                    }
                }
            };
            let Some(msg) = msg else { return };
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            match msg {
                Msg::Stop => return,
                Msg::Events(paths) => {
                    // Junk (swap files, backups, `.git/`) neither counts towards a burst
                    // nor delays a report.
                    let paths: Vec<PathBuf> =
                        paths.into_iter().filter(|p| !self.is_junk(p)).collect();
                    if !paths.is_empty() {
                        gathering.add(paths, Instant::now(), last_report);
                    }
                }
                Msg::Failure(error) => self.handle_failure(&error),
            }
        }
    }

    /// True for an event path that is never reported nor looked into (see [`ignored`]).
    fn is_junk(&self, path: &Path) -> bool {
        path.strip_prefix(&self.root)
            .is_ok_and(|rel| ignored(&rel.to_string_lossy().replace('\\', "/")))
    }

    fn emit(&self, event: WatchEvent) {
        if !self.stopping.load(Ordering::SeqCst) {
            (self.on_change)(event);
        }
    }

    fn handle_failure(&mut self, error: &notify::Error) {
        let out_of_watches = matches!(error.kind, notify::ErrorKind::MaxFilesWatch);
        if !(out_of_watches && self.backend.is_native()) {
            self.emit(WatchEvent::Error(format!(
                "watching the docs tree: {error}"
            )));
            return;
        }
        match Backend::poll(&self.root, &self.to_self) {
            Ok(poll) => {
                // Dropping the native debouncer stops it; events it missed are found by
                // the full rescan below.
                self.backend = poll;
                self.emit(WatchEvent::Degraded(degraded_message(error)));
                self.handle_batch(vec![PathBuf::new()]);
            }
            Err(e) => self.emit(WatchEvent::Error(format!(
                "watching the docs tree: {error}; polling failed too: {e}"
            ))),
        }
    }

    /// Turn a debounced batch of raw paths into the files whose content changed.
    fn handle_batch(&mut self, paths: Vec<PathBuf>) {
        let mut full_rescan = false;
        let mut files = BTreeSet::new();
        let mut others = BTreeSet::new();
        // Folders holding a file readyroom has not loaded: it may be one the scan leaves
        // out (`.gitignore`), so it is looked at through its folder, as the scan would.
        let mut unknown_in = BTreeSet::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                // The empty path asks for a rescan; anything else outside is not ours.
                full_rescan |= path.as_os_str().is_empty();
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if ignored(&rel) {
                continue;
            }
            if relevant_file(&rel) {
                if rel == CONFIG_FILE || self.is_known(&rel) {
                    files.insert(rel);
                } else {
                    unknown_in.insert(rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string());
                }
            } else {
                others.insert(rel);
            }
        }
        if full_rescan {
            others.clear();
            others.insert(String::new());
        }
        for rel in &others {
            // A top-level folder that appeared (or was made anew) needs its own watch.
            if !rel.is_empty()
                && !rel.contains('/')
                && let Err(e) = watch_top_dir(self.backend.watcher(), &self.root, rel)
            {
                if self.backend.is_native() && matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    self.handle_failure(&e);
                } else {
                    self.emit(WatchEvent::Error(format!("watching {rel}/: {e}")));
                }
            }
            self.expand_folder(rel, full_rescan, &mut files);
        }
        if !full_rescan {
            for dir in &unknown_in {
                self.expand_folder(dir, false, &mut files);
            }
        }
        let changed = self.changed(files);
        if !changed.is_empty() {
            self.emit(WatchEvent::Changed(changed));
        }
    }

    /// True when readyroom holds this file as loaded.
    fn is_known(&self, rel: &str) -> bool {
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(rel)
            .is_some()
    }

    /// An event on something that is not a relevant file: if it is a folder, look for files
    /// that are new in it (all of its files on a full rescan); if it is gone, check the
    /// files readyroom knew under it.
    fn expand_folder(&self, rel: &str, every_file: bool, files: &mut BTreeSet<String>) {
        let path = self.root.join(rel);
        let found = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => super::scan_folder(&self.root, rel)
                .into_iter()
                .filter(|found| !ignored(found) && relevant_file(found))
                .collect(),
            Ok(_) => return,
            Err(_) => Vec::new(),
        };
        let known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        let on_disk: HashSet<&str> = found.iter().map(String::as_str).collect();
        for gone in known.paths_under(rel) {
            if !on_disk.contains(gone.as_str()) {
                files.insert(gone);
            }
        }
        for found in &found {
            if every_file || known.get(found).is_none() {
                files.insert(found.clone());
            }
        }
    }

    /// Re-read each file and keep those whose content differs from what is known; record
    /// the new content. A file that is gone is believed gone only after a short grace.
    fn changed(&self, files: BTreeSet<String>) -> Vec<String> {
        let mut changed = Vec::new();
        let mut missing = Vec::new();
        for rel in files {
            match self.check(&rel) {
                Check::Changed => changed.push(rel),
                Check::Same => {}
                Check::Missing => missing.push(rel),
            }
        }
        if !missing.is_empty() {
            thread::sleep(REMOVE_GRACE);
            for rel in missing {
                match self.check(&rel) {
                    Check::Same => {}
                    Check::Changed => changed.push(rel),
                    Check::Missing => {
                        self.known
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .forget(&rel);
                        changed.push(rel);
                    }
                }
            }
        }
        changed.sort();
        changed
    }

    /// Compare a file's content with what is known, recording it when it differs. The
    /// file is read without holding the lock.
    fn check(&self, rel: &str) -> Check {
        let hash = hash_file(&self.root, rel);
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        match hash {
            Ok(hash) if known.get(rel) == Some(&hash) => Check::Same,
            Ok(hash) => {
                known.set(rel, hash);
                Check::Changed
            }
            // Gone, unreadable, or no longer a file: only news if readyroom knew it.
            Err(_) if known.get(rel).is_some() => Check::Missing,
            Err(_) => Check::Same,
        }
    }
}

/// How a file compares with what readyroom knows.
enum Check {
    Changed,
    Same,
    Missing,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_lone_save_is_due_after_the_short_quiet() {
        let t0 = Instant::now();
        let mut g = Gathering::default();
        assert_eq!(g.due(), None);
        // An editor's rename-over save: a few events within milliseconds.
        g.add(paths(&["doc.md", "doc.md~"]), t0, None);
        g.add(paths(&["doc.md"]), t0 + ms(3), None);
        assert_eq!(g.due(), Some(t0 + ms(3) + DEBOUNCE));
        assert_eq!(g.take(), paths(&["doc.md", "doc.md~"]));
        assert_eq!(g.due(), None);
    }

    #[test]
    fn many_files_make_a_burst_that_waits_longer_but_not_past_the_cap() {
        let t0 = Instant::now();
        let mut g = Gathering::default();
        for i in 0..=BURST_PATHS {
            g.add(vec![PathBuf::from(format!("f{i}.md"))], t0 + ms(1), None);
        }
        assert_eq!(g.due(), Some(t0 + ms(1) + BURST_DEBOUNCE));
        // Events keep coming: the report waits, up to the cap.
        let late = t0 + BURST_CAP.saturating_sub(ms(50));
        g.add(paths(&["late.md"]), late, None);
        assert_eq!(g.due(), Some(t0 + ms(1) + BURST_CAP));
    }

    #[test]
    fn events_soon_after_a_report_continue_the_burst() {
        let t0 = Instant::now();
        let mut soon = Gathering::default();
        soon.add(paths(&["a.md"]), t0 + ms(100), Some(t0));
        assert_eq!(soon.due(), Some(t0 + ms(100) + BURST_DEBOUNCE));
        let mut later = Gathering::default();
        later.add(paths(&["a.md"]), t0 + BURST_GAP + ms(1), Some(t0));
        assert_eq!(later.due(), Some(t0 + BURST_GAP + ms(1) + DEBOUNCE));
    }
}
