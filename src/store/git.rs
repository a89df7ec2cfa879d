//! The git commit a docs tree was read from, for reports: `git rev-parse HEAD` and
//! `git status --porcelain` run in the project folder. A missing git, a folder outside
//! any repository or a repository without commits is no error: there is no commit.

use std::path::Path;
use std::process::{Command, Stdio};

/// The commit checked out in the repository holding a docs project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitState {
    /// The full hash of `HEAD`.
    pub commit: String,
    /// True when files under the project folder differ from that commit (modified,
    /// staged, deleted or untracked), so the report does not show exactly the commit.
    pub dirty: bool,
}

/// Run git with `args` in `dir`; its standard output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
}

/// The commit `dir` is checked out at, or `None` when `dir` is not in a git repository
/// with at least one commit (or git is not installed). Only changes under `dir` make
/// the state dirty: the docs are what the report is about.
pub fn git_state(dir: &Path) -> Option<GitState> {
    let commit = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let commit = commit.trim();
    if commit.is_empty() || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let status = git(dir, &["status", "--porcelain", "--", "."]);
    Some(GitState {
        commit: commit.to_string(),
        dirty: status.is_none_or(|s| !s.trim().is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_outside_any_repository_has_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        // A temp folder is normally outside any repository; if the machine keeps /tmp
        // in one, the answer is that repository's commit and nothing is asserted.
        if git(dir.path(), &["rev-parse", "--show-toplevel"]).is_none() {
            assert_eq!(git_state(dir.path()), None);
        }
    }
}
