//! Writing export files (the on-call iCalendar export, the readiness report): the whole
//! content goes to a temporary file in the target's directory, is synced, then renamed
//! over the target, so a calendar app watching the file never reads half of it.
//!
//! The same rules as for edits: an existing file keeps its mode, a read-only file or
//! anything but a regular file is refused, and a symbolic link (the file's or a
//! folder's on the way) is written through, the link staying a link, unless the path
//! is named inside the project and the link leads out of it.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::open::{Refusal, kind_of};

/// Why an export file was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The path names something readyroom does not write; nothing was written.
    #[error("{path}: refused, nothing was written: {reason}")]
    Refused {
        /// The path as given.
        path: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The system failed; nothing was written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The system's error.
        source: io::Error,
    },
}

impl ExportError {
    /// True when the path was refused for what it is (exit 1), not a system failure.
    pub fn is_refusal(&self) -> bool {
        matches!(self, ExportError::Refused { .. })
    }
}

/// Write `contents` to `path` atomically (temporary file + rename in the same
/// directory) and return the path written, made absolute. `root` is the project whose
/// links must not lead a write out of it.
pub fn write_export(root: &Path, path: &Path, contents: &str) -> Result<PathBuf, ExportError> {
    let shown = path.display().to_string();
    let refused = |reason: String| ExportError::Refused {
        path: shown.clone(),
        reason,
    };
    let io_err = |source: io::Error| ExportError::Io {
        path: shown.clone(),
        source,
    };
    let Some(name) = path.file_name() else {
        return Err(refused("does not name a file".to_string()));
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = fs::canonicalize(&parent).map_err(io_err)?;
    let given = dir.join(name);
    // A path named inside the project must stay inside once resolved, whether a link is
    // the file itself or a folder on the way.
    let root_resolved = fs::canonicalize(root).ok();
    let named_in_project = std::path::absolute(path).is_ok_and(|named| {
        [root_resolved.clone(), std::path::absolute(root).ok()]
            .iter()
            .flatten()
            .any(|r| named.starts_with(r))
    });
    let stays_inside =
        |p: &Path| !named_in_project || root_resolved.as_ref().is_some_and(|r| p.starts_with(r));
    let (target, existing) = match fs::symlink_metadata(&given) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => (given, None),
        Err(e) => return Err(io_err(e)),
        Ok(m) if m.file_type().is_symlink() => {
            let Ok(target) = fs::canonicalize(&given) else {
                return Err(refused(
                    "is a symbolic link to nothing; remove the link or name another file"
                        .to_string(),
                ));
            };
            if !stays_inside(&target) {
                return Err(refused(Refusal::Outside.explain("it")));
            }
            let meta = fs::metadata(&target).map_err(io_err)?;
            (target, Some(meta))
        }
        Ok(m) => (given, Some(m)),
    };
    if !stays_inside(&target) {
        return Err(refused(Refusal::Outside.explain("it")));
    }
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(refused(
                "is a directory; name a file inside it (such as oncall.ics or readiness.md)"
                    .to_string(),
            ));
        }
        if let Some(kind) = kind_of(meta) {
            return Err(refused(Refusal::NotRegular(kind).explain("it")));
        }
        if meta.permissions().readonly() {
            return Err(refused(
                "the file is read-only; make it writable (e.g. `chmod u+w`) if you mean to \
                 replace it"
                    .to_string(),
            ));
        }
    }
    let dir = target
        .parent()
        .map_or_else(|| dir.clone(), Path::to_path_buf);
    let tmp = dir.join(format!(
        ".{}.{}.readyroom-tmp",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, &target)?;
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    Ok(target)
}

/// Read a file named on the command line (a `check --baseline` file) as UTF-8 text,
/// refusing anything but a regular file and files over `max_size` bytes.
pub fn read_export(path: &Path, max_size: u64) -> io::Result<String> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > max_size {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("over the size limit of {max_size} bytes"),
        ));
    }
    fs::read_to_string(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leaving_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("oncall.ics");
        let written = write_export(dir.path(), &target, "one").unwrap();
        assert_eq!(fs::read_to_string(&written).unwrap(), "one");
        write_export(dir.path(), &target, "two").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("oncall.ics")]);
    }

    #[test]
    fn refuses_directories_and_missing_parents() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_export(dir.path(), dir.path(), "x").is_err());
        assert!(write_export(dir.path(), &dir.path().join("nope/oncall.ics"), "x").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
