//! Where a walkthrough's progress is kept between sessions: one small JSON file per docs
//! project in the platform data directory (`READYROOM_DATA_DIR` overrides it), named by
//! a hash of the project's absolute path so two projects never share one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The environment variable that overrides the data directory (tests, portable setups).
pub const DATA_DIR_ENV: &str = "READYROOM_DATA_DIR";

/// The file holding the walkthrough state of the project at `root`.
pub fn walk_state_path(root: &Path) -> Option<PathBuf> {
    let base = match std::env::var_os(DATA_DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => directories::ProjectDirs::from("", "", "readyroom")?
            .data_dir()
            .to_path_buf(),
    };
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let digest = Sha256::digest(abs.to_string_lossy().as_bytes());
    let name = digest[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    Some(base.join("walkthroughs").join(format!("{name}.json")))
}

/// The saved state's text, if there is one.
pub fn load_walk_state(root: &Path) -> Option<String> {
    std::fs::read_to_string(walk_state_path(root)?).ok()
}

/// Save the state's text (atomically: a temporary file renamed over the old one).
pub fn save_walk_state(root: &Path, text: &str) -> std::io::Result<PathBuf> {
    let path = walk_state_path(root).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no data directory for this user",
        )
    })?;
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    super::write_export(dir, &path, text).map_err(|e| match e {
        super::ExportError::Io { source, .. } => source,
        refused @ super::ExportError::Refused { .. } => std::io::Error::other(refused.to_string()),
    })
}
