//! The history cache: one small JSON file per assessed commit, named by its key (the
//! tree, the date it is judged on, the configuration and readyroom's version), in the
//! platform cache directory (`READYROOM_CACHE_DIR` overrides it). A missing, unreadable
//! or damaged entry is computed again; the cache is never the only copy of anything.

use std::path::PathBuf;

use crate::history::Point;

/// The environment variable that overrides the cache directory (tests, portable setups).
pub const CACHE_DIR_ENV: &str = "READYROOM_CACHE_DIR";

/// The folder holding the history cache; `None` when the platform has no cache folder.
pub fn history_cache_dir() -> Option<PathBuf> {
    let base = match std::env::var_os(CACHE_DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => directories::ProjectDirs::from("", "", "readyroom")?
            .cache_dir()
            .to_path_buf(),
    };
    Some(base.join("history"))
}

/// The cached point under `key` in `dir`, if there is a readable one.
pub fn cached_point(dir: &std::path::Path, key: &str) -> Option<Point> {
    let text = std::fs::read_to_string(dir.join(format!("{key}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

/// Cache `point` under `key` in `dir`, atomically (a temporary file renamed into place);
/// a failure only means the point is computed again next time.
pub fn cache_point(dir: &std::path::Path, key: &str, point: &Point) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = serde_json::to_string(point).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, dir.join(format!("{key}.json")))
}
