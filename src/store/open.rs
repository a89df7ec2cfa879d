//! Opening only what is inside the project: every path is resolved before it is opened,
//! a path that resolves outside the project root (through a symlink, `..` or an absolute
//! path) is refused, and only regular files are read, so that a FIFO, a device or
//! `/dev/stdin` linked as a `.md` can neither block a read nor feed it without end.
//!
//! On Linux the containment is done by the kernel (`openat2` with `RESOLVE_BENEATH`,
//! which also closes the window between checking a path and opening it); an absolute
//! symlink that points back inside the tree, or a kernel without `openat2`, falls back
//! to resolving the path (`canonicalize`), checking it lies under the root, and opening
//! the resolved path. Files are opened non-blocking and checked to be regular before a
//! byte is read.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path inside the project was not opened.
#[derive(Debug)]
pub enum Refusal {
    /// The path resolves outside the project root.
    Outside,
    /// The path is not a regular file; the words say what it is ("a FIFO", "a folder").
    NotRegular(&'static str),
    /// The system refused (not found, permission denied, …).
    Io(io::Error),
}

impl Refusal {
    /// What is wrong with `what` (such as "the file" or "readyroom.toml") and what to do,
    /// in words for the operator.
    pub fn explain(&self, what: &str) -> String {
        match self {
            Refusal::Outside => format!(
                "{what} resolves to a place outside the project root (a symbolic link or `..` \
                 leads out of it), so readyroom neither reads nor writes it; copy the file into \
                 the project or remove the link"
            ),
            Refusal::NotRegular(kind) => format!(
                "{what} is {kind}, not a regular file, so readyroom does not open it; replace \
                 it with a regular file or remove it"
            ),
            Refusal::Io(e) if e.kind() == io::ErrorKind::NotFound => format!(
                "{what} does not exist (or is a symbolic link to nothing); check the path, \
                 create the file or remove the link"
            ),
            Refusal::Io(e) => {
                format!("cannot open {what}: {e}; check that it exists and that you may read it")
            }
        }
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        Refusal::Io(e)
    }
}

/// What a file type is, in words, when it is not a regular file.
pub(super) fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Open `root/rel` for reading: only a regular file whose resolved path lies inside
/// `root`. The file is opened without blocking (a FIFO cannot hang the open) and its type
/// is checked on the open descriptor before anything is read.
pub fn open_inside(root: &Path, rel: &str) -> Result<File, Refusal> {
    let file = open_beneath(root, rel)?;
    let meta = file.metadata()?;
    match kind_of(&meta) {
        None => Ok(file),
        Some(kind) => Err(Refusal::NotRegular(kind)),
    }
}

/// `path` with every symbolic link followed, or as given when it cannot be resolved
/// (it does not exist yet): how an editor's file names are matched to the project's.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Resolve `root/rel` (every symlink followed) and return the resolved path and its
/// `/`-separated path relative to the resolved root, when it lies inside the root.
pub fn resolve_inside(root: &Path, rel: &str) -> Result<(PathBuf, String), Refusal> {
    let root = std::fs::canonicalize(root)?;
    let full = std::fs::canonicalize(root.join(rel))?;
    let inner = full.strip_prefix(&root).map_err(|_| Refusal::Outside)?;
    if inner
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Refusal::Outside);
    }
    let inner = inner.to_string_lossy().replace('\\', "/");
    Ok((full, inner))
}

#[cfg(target_os = "linux")]
fn open_beneath(root: &Path, rel: &str) -> Result<File, Refusal> {
    use rustix::fs::{Mode, OFlags, ResolveFlags, openat2};
    use rustix::io::Errno;

    let dir = rustix::fs::open(
        root,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(io::Error::from)?;
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    let beneath = ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS;
    let mut tries = 0;
    loop {
        match openat2(&dir, rel, flags, Mode::empty(), beneath) {
            Ok(fd) => return Ok(File::from(fd)),
            // A rename elsewhere in the tree during the lookup: the kernel asks to retry.
            Err(Errno::AGAIN) if tries < 3 => tries += 1,
            // Leaves the root, or an absolute symlink (which may point back inside).
            Err(Errno::XDEV) => {
                // What cannot even be resolved (`/dev/stdin` to a pipe) is not inside.
                let (_, inner) = resolve_inside(root, rel).map_err(|e| match e {
                    Refusal::Io(_) => Refusal::Outside,
                    other => other,
                })?;
                return openat2(&dir, inner.as_str(), flags, Mode::empty(), beneath)
                    .map(File::from)
                    .map_err(|e| Refusal::Io(e.into()));
            }
            Err(Errno::NOSYS | Errno::PERM | Errno::INVAL | Errno::AGAIN) => {
                return open_resolved(root, rel);
            }
            Err(e) => return Err(Refusal::Io(e.into())),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn open_beneath(root: &Path, rel: &str) -> Result<File, Refusal> {
    open_resolved(root, rel)
}

/// The portable way: resolve, check the result lies inside, open it non-blocking.
fn open_resolved(root: &Path, rel: &str) -> Result<File, Refusal> {
    let (full, _) = resolve_inside(root, rel)?;
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let fd = rustix::fs::open(
            &full,
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
            Mode::empty(),
        )
        .map_err(io::Error::from)?;
        Ok(File::from(fd))
    }
    #[cfg(not(unix))]
    {
        let meta = std::fs::metadata(&full)?;
        if let Some(kind) = kind_of(&meta) {
            return Err(Refusal::NotRegular(kind));
        }
        Ok(File::open(full)?)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read as _;
    use std::os::unix::fs::symlink;

    fn read(root: &Path, rel: &str) -> Result<String, Refusal> {
        let mut s = String::new();
        open_inside(root, rel)?.read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn only_regular_files_inside_the_root_open() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/a.md"), "a").unwrap();
        symlink("a.md", root.join("docs/rel.md")).unwrap();
        symlink(root.join("docs/a.md"), root.join("docs/abs.md")).unwrap();
        symlink(outside.path().join("secret.md"), root.join("docs/out.md")).unwrap();
        symlink("../../x.md", root.join("docs/up.md")).unwrap();
        symlink("/dev/zero", root.join("docs/zero.md")).unwrap();
        symlink("nothing.md", root.join("docs/dangling.md")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            root.join("docs/fifo.md"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        assert_eq!(read(root, "docs/a.md").unwrap(), "a");
        assert_eq!(read(root, "docs/rel.md").unwrap(), "a");
        assert_eq!(read(root, "docs/abs.md").unwrap(), "a");
        assert!(matches!(read(root, "docs/out.md"), Err(Refusal::Outside)));
        assert!(matches!(
            read(root, "docs/up.md"),
            Err(Refusal::Outside | Refusal::Io(_))
        ));
        assert!(matches!(read(root, "docs/zero.md"), Err(Refusal::Outside)));
        assert!(matches!(
            read(root, "../x.md"),
            Err(Refusal::Outside | Refusal::Io(_))
        ));
        assert!(matches!(
            read(root, "docs/dangling.md"),
            Err(Refusal::Io(_))
        ));
        assert!(matches!(
            read(root, "docs/fifo.md"),
            Err(Refusal::NotRegular("a FIFO (named pipe)"))
        ));
        assert!(matches!(
            read(root, "docs"),
            Err(Refusal::NotRegular("a folder"))
        ));
        assert!(matches!(
            open_resolved(root, "docs/out.md"),
            Err(Refusal::Outside)
        ));
        assert_eq!(
            resolve_inside(root, "docs/rel.md").unwrap().1,
            "docs/a.md".to_string()
        );
    }
}
