//! Creating the starter files of `readyroom init`: each file is created only when
//! nothing exists at its path (`O_EXCL`, so not even a file appearing meanwhile is
//! overwritten), with its parent folders; an existing file is left alone and reported.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::Path;

/// What happened to one starter file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creation {
    /// The file did not exist and was written.
    Created,
    /// Something already exists at the path; it was not touched.
    Skipped,
}

/// A starter file that could not be created, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot create: {source}")]
pub struct CreateError {
    /// The project-relative path.
    pub path: String,
    /// The IO error (for a refusal, its words).
    pub source: io::Error,
    /// True when the path was refused because a folder on the way is a symbolic link
    /// leading out of the project, rather than because the system failed.
    pub refused: bool,
    /// What happened to the files before it, in order.
    pub done: Vec<(String, Creation)>,
}

/// Make sure the project folder exists: create it (and its parents) when it does not;
/// an error when the path exists but is not a folder.
pub fn ensure_dir(root: &Path) -> io::Result<()> {
    if root.is_dir() {
        return Ok(());
    }
    if root.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a folder", root.display()),
        ));
    }
    fs::create_dir_all(root)
}

/// Create each `(relative path, contents)` under `root` that does not exist yet, in
/// order, and say what happened to each. Existing files (or anything else at the path)
/// are never opened for writing. Stops at the first file that cannot be created; a
/// file left half-written by a failed write is removed again.
pub fn create_missing(
    root: &Path,
    files: &[(String, String)],
) -> Result<Vec<(String, Creation)>, CreateError> {
    let mut done = Vec::with_capacity(files.len());
    for (rel, contents) in files {
        let path = root.join(rel);
        let outcome = if fs::symlink_metadata(&path).is_ok() {
            Ok(Creation::Skipped)
        } else {
            folders_inside(root, rel)
                .and_then(|()| create_one(&path, contents).map_err(|e| (e, false)))
        };
        match outcome {
            Ok(c) => done.push((rel.clone(), c)),
            Err((source, refused)) => {
                return Err(CreateError {
                    path: rel.clone(),
                    source,
                    refused,
                    done,
                });
            }
        }
    }
    Ok(done)
}

/// Create the folders of `rel` below `root` one by one, refusing (`true`) a folder on
/// the way that resolves outside the root: a symbolic link planted in a cloned tree
/// must not make `init` write elsewhere.
fn folders_inside(root: &Path, rel: &str) -> Result<(), (io::Error, bool)> {
    let root = fs::canonicalize(root).map_err(|e| (e, false))?;
    let Some(parent) = Path::new(rel).parent() else {
        return Ok(());
    };
    let mut at = root.clone();
    for part in parent.components() {
        let std::path::Component::Normal(part) = part else {
            return Err((
                io::Error::other(super::open::Refusal::Outside.explain("the path")),
                true,
            ));
        };
        at.push(part);
        match fs::symlink_metadata(&at) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&at).map_err(|e| (e, false))?;
            }
            Err(e) => return Err((e, false)),
            Ok(m) if m.file_type().is_symlink() => {
                let resolved = fs::canonicalize(&at).map_err(|e| (e, false))?;
                if !resolved.starts_with(&root) {
                    return Err((
                        io::Error::other(super::open::Refusal::Outside.explain(&format!(
                            "the folder {}",
                            at.strip_prefix(&root).unwrap_or(&at).display()
                        ))),
                        true,
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

fn create_one(path: &Path, contents: &str) -> io::Result<Creation> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Creation::Skipped),
        Err(e) => return Err(e),
    };
    let written = file
        .write_all(contents.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(Creation::Created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_missing_files_and_leaves_existing_ones_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.md"), "mine").unwrap();
        let files = vec![
            ("keep.md".to_string(), "theirs".to_string()),
            ("a/b/new.md".to_string(), "new".to_string()),
        ];
        let done = create_missing(dir.path(), &files).unwrap();
        assert_eq!(
            done,
            vec![
                ("keep.md".to_string(), Creation::Skipped),
                ("a/b/new.md".to_string(), Creation::Created),
            ]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.md")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("a/b/new.md")).unwrap(),
            "new"
        );
        let again = create_missing(dir.path(), &files).unwrap();
        assert!(again.iter().all(|(_, c)| *c == Creation::Skipped));
    }

    #[test]
    fn a_file_in_the_way_of_a_folder_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("docs"), "a file").unwrap();
        let files = vec![
            ("first.md".to_string(), "x".to_string()),
            ("docs/x.md".to_string(), "x".to_string()),
        ];
        let e = create_missing(dir.path(), &files).unwrap_err();
        assert_eq!(e.path, "docs/x.md");
        assert_eq!(e.done, vec![("first.md".to_string(), Creation::Created)]);
    }

    #[test]
    fn ensure_dir_creates_folders_and_refuses_files() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("x/y");
        ensure_dir(&nested).unwrap();
        assert!(nested.is_dir());
        let file = dir.path().join("f");
        fs::write(&file, "").unwrap();
        assert!(ensure_dir(&file).is_err());
    }
}
