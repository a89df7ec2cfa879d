//! Reading one file as UTF-8 markdown, or saying precisely why it cannot be.

use std::io::Read;
use std::path::Path;

use crate::model::{DiagnosticKind, FileDiagnostic, line_number};

use super::open::Refusal;

/// The result of reading a file: its text, or a diagnostic for the operator.
#[derive(Debug)]
pub enum ReadOutcome {
    /// The file's text, exactly as on disk.
    Text(String),
    /// Why the file was not used.
    Problem(FileDiagnostic),
}

/// Read `root/rel` as text, refusing what resolves outside the root, anything but a
/// regular file, files over `max_size` bytes, binary files and files that are not UTF-8.
pub fn read_text(root: &Path, rel: &str, max_size: u64) -> ReadOutcome {
    let problem = |kind, line, message: String| {
        ReadOutcome::Problem(FileDiagnostic {
            path: rel.to_string(),
            line,
            kind,
            message,
        })
    };
    let file = match super::open::open_inside(root, rel) {
        Ok(f) => f,
        Err(Refusal::Outside) => {
            return problem(
                DiagnosticKind::OutsideRoot,
                1,
                Refusal::Outside.explain("the file"),
            );
        }
        Err(e) => return problem(DiagnosticKind::Unreadable, 1, e.explain("the file")),
    };
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max_size {
        return problem(
            DiagnosticKind::TooLarge,
            1,
            format!(
                "the file is {size} bytes, over the {max_size}-byte limit; split it or raise \
                 limits.max_file_size in readyroom.toml"
            ),
        );
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    if let Err(e) = file.take(max_size + 1).read_to_end(&mut bytes) {
        return problem(
            DiagnosticKind::Unreadable,
            1,
            format!("reading the file failed: {e}; check the disk and permissions"),
        );
    }
    if bytes.len() as u64 > max_size {
        return problem(
            DiagnosticKind::TooLarge,
            1,
            format!(
                "the file grew past the {max_size}-byte limit while being read; split it or \
                 raise limits.max_file_size in readyroom.toml"
            ),
        );
    }
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let line = line_number(&bytes, nul);
        return problem(
            DiagnosticKind::Binary,
            line,
            "the file contains NUL bytes, so it is binary, not markdown; move it out of the \
             docs tree or add it to .gitignore"
                .to_string(),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadOutcome::Text(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = line_number(bytes, at);
            problem(
                DiagnosticKind::NotUtf8,
                line,
                format!(
                    "the file is not valid UTF-8 (byte {at}); re-save it as UTF-8, e.g. \
                     `iconv -f latin1 -t utf-8`"
                ),
            )
        }
    }
}
