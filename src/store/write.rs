//! Saving planned edits: compare-and-swap, atomic and durable, never losing anyone's
//! work.
//!
//! For each file of a [`Plan`] (the item's file first, then the change log):
//! 1. Resolve the path (symlinks followed): the write goes to the target and a link
//!    stays a link, but only when the target is a regular markdown file inside the
//!    project root; anything else is refused ([`WriteError::Refused`]).
//! 2. Open and read the file (refusing anything but UTF-8 text), keeping the descriptor
//!    and a stamp (device, inode, size, modification time).
//! 3. Compare-and-swap: when the bytes' SHA-256 is not the one the edit was planned
//!    against, someone else saved meanwhile. Re-parse their text; if the edited item's own
//!    line is unchanged, re-plan the edit on their text (their changes elsewhere
//!    survive); otherwise return [`WriteError::Conflict`] and write nothing.
//! 4. Apply the splices (each guarded by the bytes it expects) and verify the result by
//!    re-parsing it. A result equal to the current text is not written.
//! 5. Write the whole text to a temporary file in the same directory (with the file's
//!    mode) and fsync it. Then swap it with the file in one step (Linux `renameat2` with
//!    `RENAME_EXCHANGE`), so the version that was replaced lands at the temporary path
//!    and is compared with the text the edit was computed against. When they differ,
//!    another program saved in between: its version is swapped back and the save is
//!    tried again from step 2 (so the edit is re-applied on top of theirs, or reported
//!    as a conflict). The directory is fsynced. Where the exchange is not supported, the
//!    file is re-checked just before a plain rename and the replaced version is
//!    compared just after it.
//!
//! When another program's version ends up replaced anyway, its text is never dropped:
//! it is kept next to the file as `.readyroom-theirs-<time>-<name>` (hidden, so the scan
//! skips it) and the save reports it ([`WriteError::Overwrote`]).
//!
//! Hard links: a rename would give this name a new inode and leave every other name of
//! the file holding the old text, silently splitting one document in two. So a file
//! with more than one link is written in place instead (after the same checks):
//! overwritten from the start, truncated to length and fsynced. If that write fails
//! part-way (a full disk), the original bytes are written back.
//!
//! Read-only files are refused even where the directory would allow a rename over them:
//! a read-only mode is someone's decision not to have the file changed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::ProjectConfig;
use crate::edit::{self, EditError, FilePlan, Plan, source_hash};
use crate::model::{Workspace, inert};
use crate::parse::{FileChange, apply_changes};

use super::load::is_markdown;
use super::open::{Refusal, open_inside, resolve_inside};

/// How often a save is tried when another program saves the file between the read and
/// the replace.
const ATTEMPTS: usize = 10;

/// Why a save did not happen (or happened only in part). Unless the variant says
/// otherwise, nothing was written and the original file is intact.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Someone else changed the same item since it was read.
    #[error(
        "{path}: {item} was changed by someone else since it was read; nothing was written.\n  \
         yours:  {yours}\n  theirs: {theirs}\nReload to see their version, then edit again"
    )]
    Conflict {
        /// The file, project-relative.
        path: String,
        /// The item's ID (or the table).
        item: String,
        /// The item's line as this edit would write it.
        yours: String,
        /// The item's line as it is on disk now.
        theirs: String,
    },
    /// The edit was refused (unknown item or field, bad value, failed verification).
    #[error(transparent)]
    Edit(EditError),
    /// The file is gone.
    #[error(
        "{path}: the file is gone (deleted or moved since it was read); nothing was written. \
         Restore it or reload, then make the edit again"
    )]
    Missing {
        /// The file, project-relative.
        path: String,
    },
    /// The path is not a regular file.
    #[error("{path}: not a regular file; nothing was written")]
    NotAFile {
        /// The file, project-relative.
        path: String,
    },
    /// The file on disk is not UTF-8 text any more.
    #[error(
        "{path}: the file on disk is not valid UTF-8; readyroom does not write files it cannot \
         read as text. Re-save it as UTF-8, then edit again"
    )]
    NotUtf8 {
        /// The file, project-relative.
        path: String,
    },
    /// The file grew past the size limit since it was read.
    #[error(
        "{path}: the file is now larger than the {limit}-byte limit, so it is not read or \
         written; nothing was written. Split it or raise limits.max_file_size in readyroom.toml"
    )]
    TooLarge {
        /// The file, project-relative.
        path: String,
        /// The configured limit in bytes.
        limit: u64,
    },
    /// The file is read-only.
    #[error(
        "{path}: the file is read-only{detail}; nothing was written. Make it writable (e.g. \
         `chmod u+w`) if you mean to change it"
    )]
    ReadOnly {
        /// The file, project-relative.
        path: String,
        /// The mode or the system's words.
        detail: String,
    },
    /// The file kept changing while it was being saved.
    #[error(
        "{path}: another program kept changing the file while it was being saved; nothing was \
         written. Save again when it is done"
    )]
    Raced {
        /// The file, project-relative.
        path: String,
    },
    /// Another program saved the file in the same moment as this save, and its version
    /// is no longer the file's content; it is kept next to the file.
    #[error(
        "{path}: {} another program saved the file at the same moment and one of its versions \
         is no longer in the file. That text is kept next to it as {kept}; compare and merge \
         it by hand, then delete that file",
        if *.saved { "your edit was saved, but" } else { "your edit may not be in the file, and" }
    )]
    Overwrote {
        /// The file, project-relative.
        path: String,
        /// The file holding the other program's text, project-relative.
        kept: String,
        /// True when the edit is known to be in the file.
        saved: bool,
    },
    /// The path resolves to something readyroom does not write: outside the project
    /// root, or not a regular markdown file.
    #[error("{path}: refused, nothing was written: {reason}")]
    Refused {
        /// The file, project-relative.
        path: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The system refused an operation.
    #[error("{path}: cannot {action}: {source}. {advice}")]
    Io {
        /// The file, project-relative.
        path: String,
        /// What was being done.
        action: &'static str,
        /// The system's error.
        source: io::Error,
        /// What to do about it.
        advice: &'static str,
    },
    /// A multi-file save (sign-off plus audit line) wrote its first file but not the next.
    /// Nothing was rolled back.
    #[error(
        "{} saved, but {path} was not: {source}\nNothing was rolled back; add this to {path} by \
         hand, or fix the problem and make the change there: {missing}",
        .written.join(", ")
    )]
    Partial {
        /// The files that were written.
        written: Vec<String>,
        /// The file that was not.
        path: String,
        /// Why not.
        source: Box<WriteError>,
        /// What the unwritten file should have received.
        missing: String,
    },
}

impl WriteError {
    /// True when the edit was refused for what it is (a conflict, an unknown item, a bad
    /// value) rather than because the system failed; the CLI exits 1 for these, 2 else.
    pub fn is_refusal(&self) -> bool {
        match self {
            WriteError::Conflict { .. }
            | WriteError::Edit(_)
            | WriteError::Refused { .. }
            | WriteError::NotAFile { .. } => true,
            WriteError::Partial { source, .. } => source.is_refusal(),
            _ => false,
        }
    }
}

impl From<EditError> for WriteError {
    fn from(e: EditError) -> Self {
        match e {
            EditError::Conflict {
                path,
                item,
                yours,
                theirs,
            } => WriteError::Conflict {
                path,
                item,
                yours,
                theirs,
            },
            other => WriteError::Edit(other),
        }
    }
}

/// One file of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file, project-relative.
    pub path: String,
    /// The file's text now.
    pub text: String,
    /// SHA-256 of that text, to register as the app's own write with the watcher.
    pub hash: [u8; 32],
    /// True when the file had changed on disk and the edit was re-planned on its text.
    pub rebased: bool,
    /// True when nothing needed writing (the file already held the result).
    pub unchanged: bool,
}

/// Save `plan`, made from workspace `ws` of the project at `root` (configured by
/// `config`). `before_commit(path, hash)` is called just before each file is replaced,
/// with the SHA-256 of the bytes about to land, so the watcher can ignore the write.
pub fn save(
    root: &Path,
    ws: &Workspace,
    config: &ProjectConfig,
    plan: &Plan,
    before_commit: &mut dyn FnMut(&str, &[u8; 32]),
) -> Result<Vec<Written>, WriteError> {
    // Every file is checked before the first is written, so that a refused change log
    // does not leave a sign-off without its audit line.
    for file in &plan.files {
        Target::resolve(root, &file.path)?;
    }
    let mut done: Vec<Written> = Vec::new();
    for file in &plan.files {
        match save_file(root, ws, config, plan, file, before_commit) {
            Ok(w) => done.push(w),
            Err(e) if done.iter().any(|w| !w.unchanged) => {
                let missing = plan
                    .changes
                    .iter()
                    .filter(|c| c.path == file.path)
                    .map(|c| c.new.clone())
                    .collect::<Vec<_>>()
                    .join("\n");
                return Err(WriteError::Partial {
                    written: done
                        .iter()
                        .filter(|w| !w.unchanged)
                        .map(|w| w.path.clone())
                        .collect(),
                    path: file.path.clone(),
                    source: Box::new(e),
                    missing,
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        Stamp {
            dev,
            ino,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

fn links(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

fn io_error(path: &str, action: &'static str, source: io::Error) -> WriteError {
    let advice = match source.kind() {
        io::ErrorKind::PermissionDenied => {
            "You may not write there; check the permissions of the file and of its folder"
        }
        io::ErrorKind::StorageFull => "The disk is full; free some space and save again",
        io::ErrorKind::ReadOnlyFilesystem => {
            "The file system is mounted read-only; save on a writable copy"
        }
        io::ErrorKind::NotFound => "The folder is gone; restore it or reload the project",
        _ => "Nothing was changed; check the disk and save again",
    };
    WriteError::Io {
        path: path.to_string(),
        action,
        source,
        advice,
    }
}

/// Undo one file of an earlier save: put `previous` back, but only if the file is still
/// exactly as that save left it (its SHA-256 is `written_hash`); otherwise refuse with
/// [`WriteError::Conflict`] and write nothing, so nobody's later edit is lost.
pub fn restore(
    root: &Path,
    path: &str,
    written_hash: &[u8; 32],
    previous: &str,
    before_commit: &mut dyn FnMut(&str, &[u8; 32]),
) -> Result<Written, WriteError> {
    let target = Target::resolve(root, path)?;
    let (mut old, meta) = target.open(path)?;
    let stamp = Stamp::of(&meta);
    let mut current = String::new();
    old.read_to_string(&mut current)
        .map_err(|_| WriteError::NotUtf8 {
            path: path.to_string(),
        })?;
    let changed = || WriteError::Conflict {
        path: path.to_string(),
        item: "the file".to_string(),
        yours: "the version before your last change".to_string(),
        theirs: "a newer version: it changed after your save, so undo would lose that".to_string(),
    };
    if &source_hash(&current) != written_hash {
        return Err(changed());
    }
    let hash = source_hash(previous);
    let mut commit = || before_commit(path, &hash);
    let replaced = if links(&meta) > 1 {
        write_in_place(&target.abs, path, stamp, &current, previous, &mut commit)?
    } else {
        target.replace(
            path,
            &meta,
            &mut old,
            stamp,
            &current,
            previous,
            &mut commit,
        )?
    };
    if replaced == Replaced::Raced {
        return Err(changed());
    }
    Ok(Written {
        path: path.to_string(),
        text: previous.to_string(),
        hash,
        rebased: false,
        unchanged: false,
    })
}

/// Save one file of the plan, retrying when it changes during the save.
fn save_file(
    root: &Path,
    ws: &Workspace,
    config: &ProjectConfig,
    plan: &Plan,
    file: &FilePlan,
    before_commit: &mut dyn FnMut(&str, &[u8; 32]),
) -> Result<Written, WriteError> {
    let rel = file.path.as_str();
    let target = Target::resolve(root, rel)?;
    for _ in 0..ATTEMPTS {
        if let Some(written) = attempt(&target, ws, config, plan, file, before_commit)? {
            return Ok(written);
        }
    }
    Err(WriteError::Raced {
        path: rel.to_string(),
    })
}

/// One try at saving `file`: `None` when another program saved in the same moment (its
/// version is back in place and nothing of this edit was written).
fn attempt(
    target: &Target,
    ws: &Workspace,
    config: &ProjectConfig,
    plan: &Plan,
    file: &FilePlan,
    before_commit: &mut dyn FnMut(&str, &[u8; 32]),
) -> Result<Option<Written>, WriteError> {
    let rel = file.path.as_str();
    let (mut old, meta) = target.open(rel)?;
    let stamp = Stamp::of(&meta);
    let mut bytes = Vec::new();
    (&mut old)
        .take(config.max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(rel, "read the file", e))?;
    if bytes.len() as u64 > config.max_file_size {
        return Err(WriteError::TooLarge {
            path: rel.to_string(),
            limit: config.max_file_size,
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| WriteError::NotUtf8 {
        path: rel.to_string(),
    })?;
    let (fresh, rebased_ws) = if source_hash(&text) == file.base_hash {
        (None, None)
    } else {
        let mut current = ws.clone();
        apply_changes(
            &mut current,
            vec![(rel.to_string(), FileChange::Text(text.clone()))],
            config,
        );
        let fresh = edit::rebase_file(plan, ws, &current, rel)?;
        (Some(fresh), Some(current))
    };
    let rebased = fresh.is_some();
    let file = fresh.as_ref().unwrap_or(file);
    let new = edit::apply(&text, &file.splices)?;
    edit::verify(rebased_ws.as_ref().unwrap_or(ws), file, &new)?;
    let hash = source_hash(&new);
    let written = Written {
        path: rel.to_string(),
        text: new,
        hash,
        rebased,
        unchanged: false,
    };
    if written.text == text {
        return Ok(Some(Written {
            unchanged: true,
            ..written
        }));
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly {
            path: rel.to_string(),
            detail: mode_of(&meta),
        });
    }
    let mut commit = || before_commit(rel, &hash);
    let replaced = if links(&meta) > 1 {
        write_in_place(&target.abs, rel, stamp, &text, &written.text, &mut commit)?
    } else {
        target.replace(
            rel,
            &meta,
            &mut old,
            stamp,
            &text,
            &written.text,
            &mut commit,
        )?
    };
    match replaced {
        Replaced::Done => Ok(Some(written)),
        Replaced::Raced => Ok(None),
    }
}

fn mode_of(meta: &fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        format!(" (mode {:o})", meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        String::new()
    }
}

/// How a replace ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replaced {
    /// The new text is the file's, and what it replaced is what it was computed from.
    Done,
    /// Another program saved between the read and the replace: its version is back in
    /// place and nothing of this edit is in the file. Read again and retry.
    Raced,
}

/// A file to write, resolved: a regular markdown file inside the project root.
struct Target {
    /// The project root, as given.
    root: PathBuf,
    /// The resolved path.
    abs: PathBuf,
    /// The resolved path relative to the resolved root, `/`-separated.
    inner: String,
}

impl Target {
    /// Resolve `root/rel` and refuse what readyroom must not write: a path leading
    /// outside the root, a target that is not a markdown file.
    fn resolve(root: &Path, rel: &str) -> Result<Target, WriteError> {
        let (abs, inner) = resolve_inside(root, rel).map_err(|e| refusal(rel, e))?;
        if !is_markdown(&inner) {
            return Err(WriteError::Refused {
                path: rel.to_string(),
                reason: format!(
                    "it resolves to {}, which is not a markdown file (.md); readyroom writes \
                     only markdown files. Replace the link with the document itself",
                    inert(&inner)
                ),
            });
        }
        Ok(Target {
            root: root.to_path_buf(),
            abs,
            inner,
        })
    }

    /// Open the resolved file for reading (a regular file inside the root only) and
    /// return it with its metadata.
    fn open(&self, rel: &str) -> Result<(File, fs::Metadata), WriteError> {
        let file = open_inside(&self.root, &self.inner).map_err(|e| refusal(rel, e))?;
        let meta = file
            .metadata()
            .map_err(|e| io_error(rel, "read the file's metadata", e))?;
        Ok((file, meta))
    }

    fn dir(&self) -> PathBuf {
        match self.abs.parent() {
            Some(p) => p.to_path_buf(),
            None => PathBuf::from("."),
        }
    }

    fn name(&self) -> String {
        self.abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Replace the file's content `base` (read from `old`, stamped `stamp`) with `new`:
    /// temporary file with the file's mode, fsync, exchange, compare what was replaced,
    /// fsync the directory.
    #[allow(clippy::too_many_arguments)]
    fn replace(
        &self,
        rel: &str,
        meta: &fs::Metadata,
        old: &mut File,
        stamp: Stamp,
        base: &str,
        new: &str,
        before_commit: &mut dyn FnMut(),
    ) -> Result<Replaced, WriteError> {
        probe_writable(&self.abs, rel)?;
        let tmp = self.temp_file(rel, meta, new)?;
        // The last comparison, after the fsync: someone who saved meanwhile keeps their
        // version without it ever being swapped out.
        if !holds(&self.abs, base) {
            let _ = fs::remove_file(&tmp);
            return Ok(Replaced::Raced);
        }
        before_commit();
        match exchange(&tmp, &self.abs) {
            Ok(true) => self.settle(rel, &tmp, base, new),
            Ok(false) => self.rename_checked(rel, &tmp, old, stamp, base),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(match e.kind() {
                    io::ErrorKind::NotFound => WriteError::Missing {
                        path: rel.to_string(),
                    },
                    _ => io_error(rel, "replace the file with the new text", e),
                })
            }
        }
    }

    /// Write `new` to a fresh temporary file next to the target, with the target's mode
    /// (and owner, where allowed), and fsync it.
    fn temp_file(&self, rel: &str, meta: &fs::Metadata, new: &str) -> Result<PathBuf, WriteError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let tmp = self.dir().join(format!(
            ".{}.{}-{}.readyroom-tmp",
            self.name(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| {
            let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            f.set_permissions(meta.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Keeping the owner needs privileges; without them the file is ours.
                let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
            }
            f.write_all(new.as_bytes())?;
            f.sync_all()
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io_error(
                rel,
                "write a temporary file in the file's folder",
                e,
            ));
        }
        Ok(tmp)
    }

    /// After an exchange: the replaced version is at `tmp`. When it is what the edit was
    /// computed from, the save is done; otherwise swap it back and ask for a retry.
    fn settle(&self, rel: &str, tmp: &Path, base: &str, new: &str) -> Result<Replaced, WriteError> {
        if holds(tmp, base) {
            let _ = fs::remove_file(tmp);
            sync_dir(&self.dir());
            return Ok(Replaced::Done);
        }
        match exchange(tmp, &self.abs) {
            Ok(true) if holds(tmp, new) => {
                let _ = fs::remove_file(tmp);
                sync_dir(&self.dir());
                Ok(Replaced::Raced)
            }
            // A third version replaced ours between the two swaps and is at `tmp` now:
            // the newest goes back in place, the one it displaced is kept beside it.
            Ok(true) => {
                let _ = exchange(tmp, &self.abs);
                Err(self.keep_theirs(rel, tmp, false))
            }
            // Cannot swap back: the edit stays, their version is kept beside it.
            _ => Err(self.keep_theirs(rel, tmp, true)),
        }
    }

    /// Where `renameat2` cannot exchange: re-check just before a plain rename, compare
    /// the replaced version (still open as `old`) just after it.
    fn rename_checked(
        &self,
        rel: &str,
        tmp: &Path,
        old: &mut File,
        stamp: Stamp,
        base: &str,
    ) -> Result<Replaced, WriteError> {
        let now = match fs::metadata(&self.abs) {
            Ok(m) => Stamp::of(&m),
            Err(e) => {
                let _ = fs::remove_file(tmp);
                return Err(match e.kind() {
                    io::ErrorKind::NotFound => WriteError::Missing {
                        path: rel.to_string(),
                    },
                    _ => io_error(rel, "check the file before replacing it", e),
                });
            }
        };
        if now != stamp {
            let _ = fs::remove_file(tmp);
            return Ok(Replaced::Raced);
        }
        if let Err(e) = fs::rename(tmp, &self.abs) {
            let _ = fs::remove_file(tmp);
            return Err(io_error(rel, "replace the file with the new text", e));
        }
        sync_dir(&self.dir());
        let mut theirs = Vec::new();
        let read_back = old.rewind().and_then(|()| {
            (&mut *old)
                .take(base.len() as u64 + 1)
                .read_to_end(&mut theirs)
        });
        if read_back.is_ok() && theirs == base.as_bytes() {
            return Ok(Replaced::Done);
        }
        // The replaced inode was written to after it was read: keep its whole text.
        theirs.clear();
        let _ = old.rewind().and_then(|()| old.read_to_end(&mut theirs));
        let kept = self.theirs_path();
        let saved = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&kept)
            .and_then(|mut f| f.write_all(&theirs).and_then(|()| f.sync_all()));
        sync_dir(&self.dir());
        match saved {
            Ok(()) => Err(WriteError::Overwrote {
                path: rel.to_string(),
                kept: self.relative(&kept),
                saved: true,
            }),
            Err(e) => Err(io_error(
                rel,
                "keep another program's version, which this save replaced,",
                e,
            )),
        }
    }

    /// Move another program's version from `tmp` to a `.readyroom-theirs-…` file next
    /// to the target and report it.
    fn keep_theirs(&self, rel: &str, tmp: &Path, saved: bool) -> WriteError {
        let kept = self.theirs_path();
        // A hard link never replaces an existing file; a rename is the fallback.
        let moved = fs::hard_link(tmp, &kept)
            .and_then(|()| fs::remove_file(tmp))
            .or_else(|_| fs::rename(tmp, &kept));
        sync_dir(&self.dir());
        match moved {
            Ok(()) => WriteError::Overwrote {
                path: rel.to_string(),
                kept: self.relative(&kept),
                saved,
            },
            Err(_) => WriteError::Overwrote {
                path: rel.to_string(),
                kept: self.relative(tmp),
                saved,
            },
        }
    }

    /// A fresh `.readyroom-theirs-<time>-<name>` path next to the target.
    fn theirs_path(&self) -> PathBuf {
        let time = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.6fZ");
        let dir = self.dir();
        let mut n = 0usize;
        loop {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let path = dir.join(format!(".readyroom-theirs-{time}{suffix}-{}", self.name()));
            if fs::symlink_metadata(&path).is_err() {
                return path;
            }
            n += 1;
        }
    }

    /// `path` (next to the target) relative to the project root.
    fn relative(&self, path: &Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.inner.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{name}"),
            None => name,
        }
    }
}

/// The write error for a path that cannot be resolved or opened as a writable file.
fn refusal(rel: &str, e: Refusal) -> WriteError {
    match e {
        Refusal::Io(e) if e.kind() == io::ErrorKind::NotFound => WriteError::Missing {
            path: rel.to_string(),
        },
        Refusal::Io(e) => io_error(rel, "open the file", e),
        Refusal::NotRegular(_) => WriteError::NotAFile {
            path: rel.to_string(),
        },
        Refusal::Outside => WriteError::Refused {
            path: rel.to_string(),
            reason: e.explain("it"),
        },
    }
}

/// Swap `tmp` and `target` in one step. `Ok(false)` when the system cannot (not Linux,
/// or a file system without `RENAME_EXCHANGE`).
fn exchange(tmp: &Path, target: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, tmp, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (tmp, target);
        Ok(false)
    }
}

/// True when the regular file at `path` (not followed if a symlink) holds exactly `text`.
fn holds(path: &Path, text: &str) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != text.len() as u64 {
        return false;
    }
    let mut bytes = Vec::with_capacity(text.len());
    File::open(path)
        .and_then(|f| f.take(text.len() as u64 + 1).read_to_end(&mut bytes))
        .is_ok()
        && bytes == text.as_bytes()
}

/// Make a rename in `dir` durable. Best effort: the rename itself has happened.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Open an existing file for writing without blocking: a FIFO swapped in since it was
/// checked fails at once instead of waiting for a reader.
fn open_for_writing(target: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    options.open(target)
}

/// Refuse files this user may not write, even when the directory would allow a rename.
fn probe_writable(target: &Path, rel: &str) -> Result<(), WriteError> {
    match open_for_writing(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(WriteError::ReadOnly {
            path: rel.to_string(),
            detail: format!(" for you ({e})"),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(WriteError::Missing {
            path: rel.to_string(),
        }),
        Err(e) => Err(io_error(rel, "open the file for writing", e)),
    }
}

/// Overwrite a hard-linked file in place, restoring the original on failure.
fn write_in_place(
    target: &Path,
    rel: &str,
    stamp: Stamp,
    original: &str,
    new: &str,
    before_commit: &mut dyn FnMut(),
) -> Result<Replaced, WriteError> {
    let mut f = open_for_writing(target).map_err(|e| match e.kind() {
        io::ErrorKind::PermissionDenied => WriteError::ReadOnly {
            path: rel.to_string(),
            detail: format!(" for you ({e})"),
        },
        io::ErrorKind::NotFound => WriteError::Missing {
            path: rel.to_string(),
        },
        _ => io_error(rel, "open the file for writing", e),
    })?;
    let now = f
        .metadata()
        .map_err(|e| io_error(rel, "check the file before writing it", e))?;
    if Stamp::of(&now) != stamp {
        return Ok(Replaced::Raced);
    }
    before_commit();
    let write = |f: &mut File, text: &str| -> io::Result<()> {
        f.rewind()?;
        f.write_all(text.as_bytes())?;
        f.set_len(text.len() as u64)?;
        f.sync_all()
    };
    if let Err(e) = write(&mut f, new) {
        // The original fits in the blocks the file already had.
        let restored = write(&mut f, original).is_ok();
        return Err(io_error(
            rel,
            if restored {
                "write the file (its original text was put back)"
            } else {
                "write the file, and putting its original text back failed too"
            },
            e,
        ));
    }
    Ok(Replaced::Done)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn target(dir: &Path) -> Target {
        fs::write(dir.join("doc.md"), "ours\n").expect("write");
        Target::resolve(dir, "doc.md").expect("resolve")
    }

    #[test]
    fn a_version_saved_between_read_and_exchange_is_swapped_back() {
        let dir = tempfile::tempdir().unwrap();
        let t = target(dir.path());
        // As after the exchange: ours in the file, theirs (not our base) at the temp path.
        let tmp = dir.path().join(".doc.md.tmp");
        fs::write(&tmp, "theirs\n").unwrap();
        let got = t.settle("doc.md", &tmp, "base\n", "ours\n").unwrap();
        assert_eq!(got, Replaced::Raced);
        assert_eq!(
            fs::read_to_string(dir.path().join("doc.md")).unwrap(),
            "theirs\n"
        );
        assert!(!tmp.exists(), "our version is dropped, not left behind");
    }

    #[test]
    fn the_base_swapped_out_completes_the_save() {
        let dir = tempfile::tempdir().unwrap();
        let t = target(dir.path());
        let tmp = dir.path().join(".doc.md.tmp");
        fs::write(&tmp, "base\n").unwrap();
        let got = t.settle("doc.md", &tmp, "base\n", "ours\n").unwrap();
        assert_eq!(got, Replaced::Done);
        assert_eq!(
            fs::read_to_string(dir.path().join("doc.md")).unwrap(),
            "ours\n"
        );
        assert!(!tmp.exists());
    }

    #[test]
    fn a_replaced_version_is_kept_beside_the_file_and_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("docs")).unwrap();
        fs::write(dir.path().join("docs/doc.md"), "ours\n").unwrap();
        let t = Target::resolve(dir.path(), "docs/doc.md").unwrap();
        let tmp = dir.path().join("docs/.doc.md.tmp");
        fs::write(&tmp, "theirs\n").unwrap();
        let e = t.keep_theirs("docs/doc.md", &tmp, true);
        let WriteError::Overwrote { kept, saved, .. } = &e else {
            panic!("{e}");
        };
        assert!(*saved);
        assert!(kept.starts_with("docs/.readyroom-theirs-"), "{kept}");
        assert!(kept.ends_with("-doc.md"), "{kept}");
        assert_eq!(
            fs::read_to_string(dir.path().join(kept)).unwrap(),
            "theirs\n"
        );
        assert!(e.to_string().contains(kept.as_str()), "{e}");
        assert!(!tmp.exists());
        assert!(
            !crate::store::scan_tree(dir.path())
                .iter()
                .any(|p| p.contains("theirs")),
            "the scan skips kept versions"
        );
    }

    #[test]
    fn without_exchange_a_write_into_the_replaced_file_is_kept_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("doc.md"), "base\n").unwrap();
        let t = Target::resolve(dir.path(), "doc.md").unwrap();
        let (mut old, _) = t.open("doc.md").unwrap();
        // Another program writes in place after our read.
        fs::write(dir.path().join("doc.md"), "theirs\n").unwrap();
        let stamp = Stamp::of(&fs::metadata(dir.path().join("doc.md")).unwrap());
        let tmp = dir.path().join(".doc.md.tmp");
        fs::write(&tmp, "ours\n").unwrap();
        let e = t
            .rename_checked("doc.md", &tmp, &mut old, stamp, "base\n")
            .unwrap_err();
        let WriteError::Overwrote { kept, saved, .. } = &e else {
            panic!("{e}");
        };
        assert!(*saved);
        assert_eq!(
            fs::read_to_string(dir.path().join("doc.md")).unwrap(),
            "ours\n"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(kept)).unwrap(),
            "theirs\n"
        );
        // A stamp that no longer matches: nothing replaced, try again.
        let (mut old, meta) = t.open("doc.md").unwrap();
        let stale = Stamp {
            len: meta.len() + 1,
            ..Stamp::of(&meta)
        };
        fs::write(&tmp, "again\n").unwrap();
        let got = t
            .rename_checked("doc.md", &tmp, &mut old, stale, "ours\n")
            .unwrap();
        assert_eq!(got, Replaced::Raced);
        assert_eq!(
            fs::read_to_string(dir.path().join("doc.md")).unwrap(),
            "ours\n"
        );
        assert!(!tmp.exists());
    }

    #[test]
    fn only_markdown_files_inside_the_root_are_targets() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("x.md"), "x").unwrap();
        fs::write(dir.path().join("run.sh"), "#!/bin/sh\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.md"), dir.path().join("out.md")).unwrap();
        std::os::unix::fs::symlink("run.sh", dir.path().join("log.md")).unwrap();
        let refused = |rel: &str| match Target::resolve(dir.path(), rel) {
            Err(WriteError::Refused { reason, .. }) => reason,
            Err(e) => panic!("{rel}: {e}"),
            Ok(_) => panic!("{rel} accepted"),
        };
        assert!(refused("out.md").contains("outside the project root"));
        assert!(refused("log.md").contains("run.sh, which is not a markdown file"));
        assert!(matches!(
            Target::resolve(dir.path(), "gone.md"),
            Err(WriteError::Missing { .. })
        ));
    }
}
