//! The tree watcher against the ways real editors and tools save files, in temp dirs.
//! Each case waits at most 3 s; "not reported" is proven by a later sentinel change that
//! arrives alone.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use readyroom::store::{KnownHashes, WatchEvent, Watcher, content_hash, watch, watch_polling};
use tempfile::TempDir;

/// How long to wait for a report: a generous bound, so a loaded machine (a poll every
/// second, two cores shared with the rest of the suite) does not fail a correct watcher.
/// Speed is measured in `benches/tui.rs`, not here.
const WAIT: Duration = Duration::from_secs(10);

struct Tree {
    dir: TempDir,
    known: Arc<Mutex<KnownHashes>>,
    events: Receiver<WatchEvent>,
    watcher: Option<Watcher>,
}

/// A temp tree holding `files`, all recorded as loaded, and a watcher on it.
fn tree(files: &[(&str, &str)], poll: bool) -> Tree {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut known = KnownHashes::new();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
        known.record(rel, text.as_bytes());
    }
    let known = Arc::new(Mutex::new(known));
    let (tx, events) = mpsc::channel();
    let on_change = move |event| {
        let _ = tx.send(event);
    };
    let watcher = if poll {
        watch_polling(dir.path(), Arc::clone(&known), on_change)
    } else {
        watch(dir.path(), Arc::clone(&known), on_change)
    }
    .expect("watch");
    Tree {
        dir,
        known,
        events,
        watcher: Some(watcher),
    }
}

impl Tree {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// Wait until exactly `expected` has been reported (possibly over several batches);
    /// fail on any other path, on an error event, or after [`WAIT`].
    fn expect(&self, expected: &[&str]) {
        let expected: BTreeSet<String> = expected.iter().map(|s| (*s).to_string()).collect();
        let mut seen = BTreeSet::new();
        let deadline = Instant::now() + WAIT;
        while seen != expected {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(WatchEvent::Changed(paths)) => {
                    let mut sorted = paths.clone();
                    sorted.sort();
                    assert_eq!(paths, sorted, "paths come sorted");
                    for path in paths {
                        assert!(expected.contains(&path), "unexpected report of {path}");
                        seen.insert(path);
                    }
                }
                Ok(other) => panic!("unexpected {other:?}"),
                Err(e) => panic!("{e:?} waiting for {expected:?}; saw only {seen:?}"),
            }
        }
    }

    fn known_hash(&self, rel: &str) -> Option<[u8; 32]> {
        self.known.lock().expect("lock").get(rel).copied()
    }
}

#[test]
fn an_in_place_write_is_reported_and_recorded() {
    let t = tree(&[("doc.md", "# one\n")], false);
    // VS Code style: open the same inode, truncate, write.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(t.path("doc.md"))
        .unwrap();
    f.write_all(b"# two\n").unwrap();
    drop(f);
    t.expect(&["doc.md"]);
    assert_eq!(t.known_hash("doc.md"), Some(content_hash(b"# two\n")));
}

#[test]
fn a_vim_rename_over_save_is_one_change() {
    let t = tree(&[("docs/doc.md", "old\n")], false);
    // vim 9 defaults: probe file, rename to backup, write a new inode, drop the backup.
    t.write("docs/4913", "");
    fs::remove_file(t.path("docs/4913")).unwrap();
    t.write("docs/.doc.md.swp", "swap");
    fs::rename(t.path("docs/doc.md"), t.path("docs/doc.md~")).unwrap();
    t.write("docs/doc.md", "new\n");
    fs::remove_file(t.path("docs/doc.md~")).unwrap();
    t.write("docs/.doc.md.swx", "swap");
    t.expect(&["docs/doc.md"]);
    assert_eq!(t.known_hash("docs/doc.md"), Some(content_hash(b"new\n")));
}

#[test]
fn a_sed_i_temp_and_rename_is_reported() {
    let t = tree(&[("doc.md", "a\n")], false);
    t.write("sedX1b2Q9", "b\n");
    fs::rename(t.path("sedX1b2Q9"), t.path("doc.md")).unwrap();
    t.expect(&["doc.md"]);
}

#[test]
fn a_jetbrains_safe_write_is_reported() {
    let t = tree(&[("doc.md", "a\n")], false);
    t.write("doc.md___jb_tmp___", "b\n");
    fs::rename(t.path("doc.md"), t.path("doc.md___jb_old___")).unwrap();
    fs::rename(t.path("doc.md___jb_tmp___"), t.path("doc.md")).unwrap();
    fs::remove_file(t.path("doc.md___jb_old___")).unwrap();
    t.expect(&["doc.md"]);
}

#[test]
fn delete_then_recreate_is_reported_twice() {
    let t = tree(&[("doc.md", "a\n"), ("other.md", "x\n")], false);
    fs::remove_file(t.path("doc.md")).unwrap();
    t.expect(&["doc.md"]);
    assert_eq!(
        t.known_hash("doc.md"),
        None,
        "a reported deletion is forgotten"
    );
    // Same content as before the delete: still news, because the file had gone.
    t.write("doc.md", "a\n");
    t.expect(&["doc.md"]);
}

#[test]
fn a_new_file_in_a_new_sub_directory_is_reported() {
    let t = tree(&[("README.md", "r\n")], false);
    t.write("ops/runbooks/new.md", "n\n");
    t.expect(&["ops/runbooks/new.md"]);
    // The new folder is watched from now on.
    t.write("ops/runbooks/new.md", "n2\n");
    t.expect(&["ops/runbooks/new.md"]);
}

#[test]
fn a_renamed_folder_reports_old_and_new_paths() {
    let t = tree(&[("docs/a.md", "a\n"), ("docs/deep/b.md", "b\n")], false);
    fs::rename(t.path("docs"), t.path("documents")).unwrap();
    t.expect(&[
        "docs/a.md",
        "docs/deep/b.md",
        "documents/a.md",
        "documents/deep/b.md",
    ]);
    t.write("documents/deep/b.md", "b2\n");
    t.expect(&["documents/deep/b.md"]);
}

#[test]
fn identical_content_is_not_reported() {
    let t = tree(&[("doc.md", "same\n"), ("other.md", "o\n")], false);
    t.write("doc.md", "same\n");
    t.write("other.md", "o2\n");
    t.expect(&["other.md"]);
}

#[test]
fn an_own_write_registered_first_is_not_reported() {
    let t = tree(&[("doc.md", "before\n"), ("other.md", "o\n")], false);
    // What the app does: record the new hash, then write atomically (temp + rename).
    t.known.lock().unwrap().record("doc.md", b"after\n");
    t.write(".tmpA1b2C3", "after\n");
    fs::rename(t.path(".tmpA1b2C3"), t.path("doc.md")).unwrap();
    t.write("other.md", "o2\n");
    t.expect(&["other.md"]);
}

#[test]
fn junk_and_other_files_are_not_reported() {
    let t = tree(&[("docs/doc.md", "d\n"), ("other.md", "o\n")], false);
    for junk in [
        "docs/.doc.md.swp",
        "docs/.doc.md.swx",
        "docs/4913",
        "docs/doc.md~",
        "docs/notes.md~",
        "docs/doc.md___jb_tmp___",
        "docs/doc.md___jb_old___",
        "docs/.#doc.md",
        "docs/.tmpXyZ.md",
        ".git/info/readme.md",
        "target/doc/index.md",
        "node_modules/pkg/README.md",
        "docs/picture.png",
        "docs/notes.txt",
        "docs/sub/readyroom.toml",
    ] {
        t.write(junk, "junk\n");
    }
    t.write("other.md", "o2\n");
    t.expect(&["other.md"]);
}

#[test]
fn files_the_scan_leaves_out_by_gitignore_are_not_reported() {
    let t = tree(
        &[
            (".gitignore", "drafts/\nscratch.md\n"),
            ("docs/.gitignore", "*.local.md\n"),
            ("docs/doc.md", "d\n"),
            ("other.md", "o\n"),
        ],
        false,
    );
    for ignored in ["drafts/plan.md", "scratch.md", "docs/notes.local.md"] {
        t.write(ignored, "not for readyroom\n");
    }
    t.write("docs/new.md", "n\n");
    t.expect(&["docs/new.md"]);
    t.write("drafts/plan.md", "changed again\n");
    t.write("other.md", "o2\n");
    t.expect(&["other.md"]);
}

#[test]
fn the_project_config_and_markdown_extensions_are_reported() {
    let t = tree(&[("readyroom.toml", "")], false);
    t.write("readyroom.toml", "[project]\nname = \"x\"\n");
    t.write("docs/Guide.MARKDOWN", "g\n");
    t.expect(&["docs/Guide.MARKDOWN", "readyroom.toml"]);
}

#[test]
fn polling_reports_writes_and_new_folders() {
    let t = tree(&[("docs/doc.md", "a\n"), ("other.md", "o\n")], true);
    t.write("docs/doc.md", "b\n");
    t.expect(&["docs/doc.md"]);
    t.write("ops/new.md", "n\n");
    t.write("docs/doc.md~", "junk\n");
    t.expect(&["ops/new.md"]);
    t.write("other.md", "o\n");
    t.write("docs/doc.md", "c\n");
    t.expect(&["docs/doc.md"]);
}

/// A burst of writes that goes on for longer than a lone save's debounce (a slow
/// `git checkout`, a generator writing file after file) is gathered into a few
/// reports, not one per file.
#[test]
fn a_slow_burst_of_writes_comes_in_a_few_reports() {
    const FILES: usize = 40;
    let names: Vec<String> = (0..FILES).map(|i| format!("docs/f{i:02}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "old\n")).collect();
    let t = tree(&files, false);
    for name in &names {
        t.write(name, "new\n");
        std::thread::sleep(Duration::from_millis(40));
    }
    let mut seen = BTreeSet::new();
    let mut reports = 0;
    let deadline = Instant::now() + WAIT;
    while seen.len() < FILES {
        let left = deadline.saturating_duration_since(Instant::now());
        match t.events.recv_timeout(left) {
            Ok(WatchEvent::Changed(paths)) => {
                reports += 1;
                seen.extend(paths);
            }
            Ok(other) => panic!("unexpected {other:?}"),
            Err(e) => panic!("{e:?}: saw only {} of {FILES} files", seen.len()),
        }
    }
    assert_eq!(seen, names.iter().cloned().collect::<BTreeSet<_>>());
    assert!(
        reports <= 8,
        "{FILES} writes 40 ms apart came in {reports} reports"
    );
}

#[test]
fn dropping_the_watcher_stops_it() {
    let mut t = tree(&[("doc.md", "a\n")], false);
    t.watcher = None;
    t.write("doc.md", "b\n");
    // The callback (and so the sender) is gone once the drop returns.
    assert_eq!(
        t.events.recv_timeout(Duration::from_millis(500)),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[test]
fn a_missing_root_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("nope");
    let err = watch(&root, Arc::default(), |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: cannot watch: no such directory", root.display())
    );
}

#[test]
fn a_fifo_named_like_a_document_does_not_block_the_watcher() {
    let t = tree(&[("doc.md", "a\n")], false);
    let made = std::process::Command::new("mkfifo")
        .arg(t.path("pipe.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/stdin", t.path("stdin.md")).expect("symlink");
    std::thread::sleep(Duration::from_millis(300));
    t.write("doc.md", "b\n");
    t.expect(&["doc.md"]);
}
