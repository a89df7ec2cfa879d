//! `readyroom history`: readiness at every commit that touched the docs (first parent),
//! oldest first, read from git objects without a checkout; each commit's point is
//! cached by its tree so a second run only reads the commit list.

use std::path::PathBuf;

use super::commands::{CliError, Outcome, emit, load};
use crate::handover::History as _;
use crate::history::{Point, cache_key, clock_at, point, render_csv, render_text};
use crate::store::{GitHistory, cache_point, cached_point, history_cache_dir};

/// Output format of `readyroom history`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum HistoryFormat {
    /// A table for people.
    Text,
    /// A JSON list, oldest first.
    Json,
    /// CSV with a header row, oldest first.
    Csv,
}

/// The arguments of `readyroom history`.
#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// The docs project root (a folder inside a git repository).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Only commits on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
}

/// The points of the project at `path`, oldest first, from `since` on.
pub fn points(
    path: &std::path::Path,
    since: Option<jiff::civil::Date>,
) -> Result<Vec<Point>, CliError> {
    points_of(&load(path)?, since)
}

/// The points of a loaded project, oldest first, from `since` on.
pub fn points_of(
    project: &crate::store::Project,
    since: Option<jiff::civil::Date>,
) -> Result<Vec<Point>, CliError> {
    let git = GitHistory::open(&project.root, &project.config).ok_or_else(|| {
        CliError::CannotRun(format!(
            "{} is not in a git repository (or git is not installed): history is read from \
             git; commit the docs first",
            crate::model::inert_line(&project.root.display().to_string())
        ))
    })?;
    let tz = jiff::tz::TimeZone::system();
    let cache = history_cache_dir();
    let mut out = Vec::new();
    for (commit, tree) in git.first_parent_commits() {
        let today = clock_at(&commit, &tz).today;
        if since.is_some_and(|s| today < s) {
            continue;
        }
        let key = cache_key(&tree, &today.to_string(), &project.config);
        if let Some(p) = cache.as_deref().and_then(|d| cached_point(d, &key))
            && p.commit == commit.hash
        {
            out.push(p);
            continue;
        }
        let ws = git.workspace_at(&commit).map_err(CliError::CannotRun)?;
        let p = point(&commit, &ws, &project.config, &tz);
        if let Some(dir) = &cache {
            // A cache that cannot be written costs time next run, nothing else.
            let _ = cache_point(dir, &key, &p);
        }
        out.push(p);
    }
    Ok(out)
}

/// `readyroom history`.
pub fn history(args: &HistoryArgs) -> Outcome {
    let since = args
        .since
        .as_deref()
        .map(|s| {
            s.trim().parse::<jiff::civil::Date>().map_err(|e| {
                CliError::CannotRun(format!(
                    "--since {:?} is not a date in the form YYYY-MM-DD: {e}",
                    crate::model::inert_line(s)
                ))
            })
        })
        .transpose()?;
    let points = points(&args.path, since)?;
    match args.format {
        HistoryFormat::Text => emit(render_text(&points)),
        HistoryFormat::Csv => emit(render_csv(&points)),
        HistoryFormat::Json => emit(super::output::Safe::json(&format!(
            "{}\n",
            serde_json::to_string_pretty(&points).unwrap_or_default()
        ))),
    }
}
