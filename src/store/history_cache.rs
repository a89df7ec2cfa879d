//! The history cache: one small JSON file per assessed commit, named by its key (the
//! tree, the date it is judged on, the configuration and readyroom's version), in the
//! platform cache directory (`READYROOM_CACHE_DIR` overrides it). A missing, unreadable
//! or damaged entry is computed again; the cache is never the only copy of anything.

use std::path::PathBuf;

use crate::config::ProjectConfig;
use crate::handover::History as _;
use crate::history::{Point, cache_key, clock_at, point};

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

/// Why the readiness history cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// The project (its root, made inert) is not in a git repository, or git is missing.
    #[error(
        "{0} is not in a git repository (or git is not installed): history is read from git; \
         commit the docs first"
    )]
    NotInGit(String),
    /// A commit's documents cannot be read from git; the text says which and why.
    #[error("{0}")]
    Commit(String),
}

/// The readiness points of the project at `root`, oldest first, from `since` on: one per
/// first-parent commit that touched the docs, from the cache when there, computed from
/// git objects (and cached) when not.
pub fn history_points(
    root: &std::path::Path,
    config: &ProjectConfig,
    since: Option<jiff::civil::Date>,
) -> Result<Vec<Point>, HistoryError> {
    let git = super::GitHistory::open(root, config).ok_or_else(|| {
        HistoryError::NotInGit(crate::model::inert_line(&root.display().to_string()).into())
    })?;
    let tz = jiff::tz::TimeZone::system();
    let cache = history_cache_dir();
    let mut out = Vec::new();
    for (commit, tree) in git.first_parent_commits() {
        let today = clock_at(&commit, &tz).today;
        if since.is_some_and(|s| today < s) {
            continue;
        }
        let key = cache_key(&tree, &today.to_string(), config);
        if let Some(p) = cache.as_deref().and_then(|d| cached_point(d, &key))
            && p.commit == commit.hash
        {
            out.push(p);
            continue;
        }
        let ws = git.workspace_at(&commit).map_err(HistoryError::Commit)?;
        let p = point(&commit, &ws, config, &tz);
        if let Some(dir) = &cache {
            // A cache that cannot be written costs time next run, nothing else.
            let _ = cache_point(dir, &key, &p);
        }
        out.push(p);
    }
    Ok(out)
}
