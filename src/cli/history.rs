//! `readyroom history`: readiness at every commit that touched the docs (first parent),
//! oldest first, read from git objects without a checkout; each commit's point is
//! cached by its tree so a second run only reads the commit list.

use std::path::PathBuf;

use super::commands::{CliError, Outcome, emit, load};
use crate::history::{Point, render_csv, render_text};

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
    crate::store::history_points(&project.root, &project.config, since)
        .map_err(|e| CliError::CannotRun(e.to_string()))
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
