//! Saving planned edits: compare-and-swap, atomic and durable, never losing anyone's
//! work.
//!
//! For each file of a [`Plan`] (the item's file first, then the change log):
//! 1. Resolve symlinks, so the write goes to the target and the link stays a link.
//! 2. Open and read the file (refusing anything but UTF-8 text), keeping the descriptor
//!    and a stamp (device, inode, size, modification time).
//! 3. Compare-and-swap: when the bytes' SHA-256 is not the one the edit was planned
//!    against, someone else saved meanwhile. Re-parse their text; if the edited item's own
//!    line is unchanged, re-plan the edit on their text (their changes elsewhere
//!    survive); otherwise return [`WriteError::Conflict`] and write nothing.
//! 4. Apply the splices (each guarded by the bytes it expects) and verify the result by
//!    re-parsing it. A result equal to the current text is not written.
//! 5. Write the whole text to a temporary file in the same directory with
//!    `atomic-write-file` (which keeps the mode, fsyncs the file, renames it over the
//!    target and fsyncs the directory), re-stat the target just before the rename and
//!    abort if it changed, then commit. If the old file was written to during that last
//!    moment, the save reports it ([`WriteError::Overwrote`]) with the other program's
//!    bytes.
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
use std::path::Path;

use crate::config::ProjectConfig;
use crate::edit::{self, EditError, FilePlan, Plan, source_hash};
use crate::model::Workspace;
use crate::parse::{FileChange, apply_changes};

/// How often a save is retried when the file changes between reading and renaming.
const ATTEMPTS: usize = 3;

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
    /// The edit was saved, but another program wrote to the old file in the same moment
    /// and that change is no longer on disk.
    #[error(
        "{path}: your edit was saved, but another program wrote to the file at the same \
         moment and its version was replaced. Its text is kept in this message's `theirs` \
         ({} bytes); compare and merge it by hand", .theirs.len()
    )]
    Overwrote {
        /// The file, project-relative.
        path: String,
        /// The other program's text, as it was in the replaced file.
        theirs: String,
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
            WriteError::Conflict { .. } | WriteError::Edit(_) => true,
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

    /// Same content as far as size and modification time tell (the inode's identity
    /// is not compared: a rename gives the old inode a new ctime only).
    fn same_content(self, other: Stamp) -> bool {
        self.len == other.len && self.modified == other.modified
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
    let target = fs::canonicalize(root.join(path)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => WriteError::Missing {
            path: path.to_string(),
        },
        _ => io_error(path, "find the file", e),
    })?;
    let mut old = File::open(&target).map_err(|e| io_error(path, "open the file", e))?;
    let meta = old
        .metadata()
        .map_err(|e| io_error(path, "read the file's metadata", e))?;
    let stamp = Stamp::of(&meta);
    let mut current = String::new();
    old.read_to_string(&mut current)
        .map_err(|_| WriteError::NotUtf8 {
            path: path.to_string(),
        })?;
    if &source_hash(&current) != written_hash {
        return Err(WriteError::Conflict {
            path: path.to_string(),
            item: "the file".to_string(),
            yours: "the version before your last change".to_string(),
            theirs: "a newer version: it changed after your save, so undo would lose that"
                .to_string(),
        });
    }
    let hash = source_hash(previous);
    if links(&meta) > 1 {
        write_in_place(&target, path, stamp, &current, previous, &mut || {
            before_commit(path, &hash);
        })?;
    } else {
        write_by_rename(&target, path, &mut old, stamp, previous, &mut || {
            before_commit(path, &hash);
        })?;
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
    let target = fs::canonicalize(root.join(rel)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => WriteError::Missing {
            path: rel.to_string(),
        },
        _ => io_error(rel, "find the file", e),
    })?;
    let mut last = None;
    for _ in 0..ATTEMPTS {
        match attempt(&target, ws, config, plan, file, before_commit) {
            Err(WriteError::Raced { path }) => last = Some(WriteError::Raced { path }),
            other => return other,
        }
    }
    Err(last.unwrap_or(WriteError::Raced {
        path: rel.to_string(),
    }))
}

fn attempt(
    target: &Path,
    ws: &Workspace,
    config: &ProjectConfig,
    plan: &Plan,
    file: &FilePlan,
    before_commit: &mut dyn FnMut(&str, &[u8; 32]),
) -> Result<Written, WriteError> {
    let rel = file.path.as_str();
    let mut old = File::open(target).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => WriteError::Missing {
            path: rel.to_string(),
        },
        _ => io_error(rel, "open the file", e),
    })?;
    let meta = old
        .metadata()
        .map_err(|e| io_error(rel, "read the file's metadata", e))?;
    if !meta.is_file() {
        return Err(WriteError::NotAFile {
            path: rel.to_string(),
        });
    }
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
        return Ok(Written {
            unchanged: true,
            ..written
        });
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly {
            path: rel.to_string(),
            detail: mode_of(&meta),
        });
    }
    if links(&meta) > 1 {
        write_in_place(target, rel, stamp, &text, &written.text, &mut || {
            before_commit(rel, &hash);
        })?;
    } else {
        write_by_rename(target, rel, &mut old, stamp, &written.text, &mut || {
            before_commit(rel, &hash);
        })?;
    }
    Ok(written)
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

/// Refuse files this user may not write, even when the directory would allow a rename.
fn probe_writable(target: &Path, rel: &str) -> Result<(), WriteError> {
    match OpenOptions::new().write(true).open(target) {
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

/// Temporary file, fsync, re-check, rename, fsync the directory.
fn write_by_rename(
    target: &Path,
    rel: &str,
    old: &mut File,
    stamp: Stamp,
    new: &str,
    before_commit: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    probe_writable(target, rel)?;
    let mut tmp = atomic_write_file::AtomicWriteFile::open(target)
        .map_err(|e| io_error(rel, "create a temporary file in the file's folder", e))?;
    tmp.write_all(new.as_bytes())
        .map_err(|e| io_error(rel, "write the temporary file", e))?;
    let now = match fs::metadata(target) {
        Ok(m) => Stamp::of(&m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WriteError::Missing {
                path: rel.to_string(),
            });
        }
        Err(e) => return Err(io_error(rel, "check the file before replacing it", e)),
    };
    if now != stamp {
        // Dropping the temporary file discards it.
        return Err(WriteError::Raced {
            path: rel.to_string(),
        });
    }
    before_commit();
    tmp.commit()
        .map_err(|e| io_error(rel, "replace the file with the new text", e))?;
    // The old inode is still open: a write to it since the check is another program's.
    if let Ok(m) = old.metadata()
        && !Stamp::of(&m).same_content(stamp)
    {
        let mut theirs = String::new();
        let _ = old.rewind();
        let _ = old.read_to_string(&mut theirs);
        return Err(WriteError::Overwrote {
            path: rel.to_string(),
            theirs,
        });
    }
    Ok(())
}

/// Overwrite a hard-linked file in place, restoring the original on failure.
fn write_in_place(
    target: &Path,
    rel: &str,
    stamp: Stamp,
    original: &str,
    new: &str,
    before_commit: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    let mut f = OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| match e.kind() {
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
        return Err(WriteError::Raced {
            path: rel.to_string(),
        });
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
    Ok(())
}
