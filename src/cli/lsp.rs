//! `readyroom lsp`: the language server on standard input and output (see
//! [`crate::lsp`]).

use std::path::Path;

use super::commands::{CliError, Outcome, clock};

/// Serve the editor until it says `exit`; the clock is pinned as for `check`.
pub fn run(path: &Path, today: Option<&str>) -> Outcome {
    let clock = clock(today)?;
    crate::lsp::run_stdio(path, clock).map_err(|e| CliError::CannotRun(e.to_string()))?;
    Ok(0)
}
