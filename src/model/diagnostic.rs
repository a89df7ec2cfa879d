//! Problems with a file itself (unreadable, not UTF-8, too large, outside the root,
//! ignored), found while loading.

use serde::Serialize;

/// What kind of problem stopped a file from being read as markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The file could not be opened or read (permissions, vanished, IO error).
    Unreadable,
    /// The file's bytes are not valid UTF-8 text.
    NotUtf8,
    /// The file holds NUL bytes: it is binary, not markdown.
    Binary,
    /// The file is larger than the configured size limit.
    TooLarge,
    /// The markdown parser gave up on the file (over its step budget, nested too deep, or
    /// an internal failure).
    ParseFailed,
    /// The path is a symbolic link (or leads through one) to a place outside the project
    /// root: listed, never read.
    OutsideRoot,
    /// The file exists but the tree scan skips it (`.gitignore`, a hidden or skipped
    /// folder); reported for the core documents only.
    Ignored,
}

/// A diagnostic on one file: the file is listed but its content is not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDiagnostic {
    /// Path relative to the project root, `/`-separated.
    pub path: String,
    /// 1-based line the problem is on (1 when it concerns the whole file).
    pub line: usize,
    /// What went wrong.
    pub kind: DiagnosticKind,
    /// What is wrong and what to do about it, for the operator.
    pub message: String,
}
