//! Document text made safe for markdown output (the report, the handover note): markup
//! characters escaped so what the docs say shows as written, never as HTML.

use super::is_blank;

/// Escape text for a markdown paragraph or table cell: markup characters get a
/// backslash, so what the docs say is shown as written and never read as HTML.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for a cell: escaped, or `—` when blank.
pub fn cell(text: &str) -> String {
    if is_blank(text) {
        "—".to_string()
    } else {
        esc(text)
    }
}

/// A code span (IDs, paths, hashes), escaped text when a code span cannot hold it.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        "—".to_string()
    } else if text.contains(['`', '|', '\n', '\r']) {
        esc(text)
    } else {
        format!("`{text}`")
    }
}
