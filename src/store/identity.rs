//! Who is signing: the configured name, else `git config user.name` in the project,
//! else the login name (`$USER`).

use std::path::Path;
use std::process::{Command, Stdio};

/// Where a signer's name came from, shown next to it in confirmations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentitySource {
    /// The readyroom configuration (or `--as`).
    Config,
    /// `git config user.name`, run in the project folder.
    Git,
    /// The `USER` (or `LOGNAME`) environment variable.
    Login,
}

/// A signer's name and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name, trimmed.
    pub name: String,
    /// Where it came from.
    pub source: IdentitySource,
}

/// The signer: `configured` when given, else git's `user.name` for the project at
/// `project_dir` (a missing git or an unset name is no error), else the login name.
pub fn signer_identity(configured: Option<&str>, project_dir: &Path) -> Option<Identity> {
    let found = |name: &str, source| {
        let name = name.trim();
        (!name.is_empty()).then(|| Identity {
            name: name.to_string(),
            source,
        })
    };
    if let Some(id) = configured.and_then(|n| found(n, IdentitySource::Config)) {
        return Some(id);
    }
    let git = Command::new("git")
        .args(["config", "user.name"])
        .current_dir(project_dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok());
    if let Some(id) = git.as_deref().and_then(|n| found(n, IdentitySource::Git)) {
        return Some(id);
    }
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find_map(|n| found(&n, IdentitySource::Login))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_name_wins_and_blank_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let id = signer_identity(Some("  Dana Kim "), dir.path()).unwrap();
        assert_eq!(id.name, "Dana Kim");
        assert_eq!(id.source, IdentitySource::Config);
        // A blank configured name falls through to git or the login name (either may
        // be absent on a build machine, so only the source is checked).
        if let Some(id) = signer_identity(Some("  "), dir.path()) {
            assert_ne!(id.source, IdentitySource::Config);
        }
    }
}
