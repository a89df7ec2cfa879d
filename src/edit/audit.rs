//! The change log's audit trail: one dated list line per sign-off or revocation,
//! appended at the end of the list under the heading that contains "Audit", or after
//! the section's intro when it has no list yet (a `## Audit trail` section is created
//! at the end of the file when there is none).

use crate::model::{Document, Span};
use crate::parse::parse_document;

use super::error::EditError;
use super::value::check_value;

use super::verify::Inserted;
use super::{Builder, line_ending};

/// True when a line cannot continue a list item: blank, or the start of a heading or a
/// code fence.
fn ends_list(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    t.trim().is_empty()
        || (indent < 4 && (t.starts_with('#') || t.starts_with("```") || t.starts_with("~~~")))
}

/// The list marker to repeat for a new entry: the text before the last entry's date,
/// with an ordered list's number counted up.
fn next_marker(prefix: &str) -> String {
    let body = prefix.trim_start();
    let indent = &prefix[..prefix.len() - body.len()];
    let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return prefix.to_string();
    }
    let rest = &body[digits.len()..];
    let next = digits.parse::<u64>().map_or(1, |n| n.saturating_add(1));
    format!("{indent}{next}{rest}")
}

/// Append the dated audit line `text` (`YYYY-MM-DD — …`) to the change log `doc`.
///
/// The line is refused when any part of it (an item ID read from the docs, a name)
/// holds a line break, a control character or a direction control: one audit entry is
/// one line, and nothing in it may reshape the list or the terminal showing it.
pub(crate) fn append(b: &mut Builder<'_>, doc: &Document, text: &str) -> Result<(), EditError> {
    check_value("the audit line", text)?;
    let src = &doc.source;
    let heading = doc
        .headings
        .iter()
        .position(|h| h.text.to_lowercase().contains("audit"));
    let (anchor, replacement) = match heading {
        Some(h) => in_section(doc, h, text),
        None => new_section(doc, text)?,
    };
    let before_text = replacement.find(text).map_or("", |i| &replacement[..i]);
    let line = crate::model::LineIndex::new(&format!("{}{before_text}", &src[..anchor.start]))
        .line_count();
    b.splice(doc, anchor, replacement.clone());
    b.added(doc, line, "audit trail", text);
    let di = b.ws.doc_index(&doc.path);
    let pos =
        b.ws.items
            .iter()
            .filter(|i| Some(i.doc) == di && i.span.start <= anchor.end)
            .count();
    b.expect_inserted(
        doc,
        pos,
        Inserted::Audit {
            text: text.to_string(),
        },
    );
    Ok(())
}

/// The splice appending `text` to the list under heading `h` (or opening one there).
fn in_section(doc: &Document, h: usize, text: &str) -> (Span, String) {
    let src = &doc.source;
    let level = doc.headings[h].level;
    let end_line = doc.headings[h + 1..]
        .iter()
        .find(|n| n.level <= level)
        .map_or(usize::MAX, |n| n.line);
    let head_line = doc.lines.line_of(doc.headings[h].span.end);
    let last = doc
        .dated
        .iter()
        .filter(|d| d.line > head_line && d.line < end_line)
        .max_by_key(|d| d.line);
    if let Some(entry) = last {
        // Past the entry's continuation lines, to the end of the list.
        let mut line = entry.line;
        while line + 1 < end_line.min(doc.lines.line_count() + 1) {
            let next = doc.lines.line_span(src, line + 1);
            if ends_list(next.slice(src)) {
                break;
            }
            line += 1;
        }
        let span = doc.lines.line_span(src, line);
        let first = doc.lines.line_span(src, entry.line);
        let prefix = next_marker(&src[first.start..entry.text_span.start]);
        let le = line_ending(src, span.end);
        let old = span.slice(src);
        return (span, format!("{old}{le}{prefix}{text}"));
    }
    // No list yet: open one after the section's last line of content (an intro
    // paragraph stays above it), or right under the heading when the section is empty.
    let last_line = end_line.min(doc.lines.line_count() + 1);
    let at = (head_line + 1..last_line)
        .rev()
        .find(|&l| !doc.lines.line_span(src, l).slice(src).trim().is_empty())
        .unwrap_or(head_line);
    let span = doc.lines.line_span(src, at);
    let le = line_ending(src, span.end);
    let old = span.slice(src);
    let next_blank = at >= doc.lines.line_count()
        || doc
            .lines
            .line_span(src, at + 1)
            .slice(src)
            .trim()
            .is_empty();
    let after = if next_blank { "" } else { le };
    (span, format!("{old}{le}{le}- {text}{after}"))
}

/// The splice adding an `## Audit trail` section with `text` at the end of the file,
/// keeping a missing final newline missing. Refused when the file ends inside an
/// unclosed code block, HTML block or comment, which would swallow the new section.
fn new_section(doc: &Document, text: &str) -> Result<(Span, String), EditError> {
    let src = doc.source.as_str();
    let end = Span::new(src.len(), src.len());
    let le = line_ending(src, 0);
    let lead = if src.is_empty() || src.ends_with("\n\n") || src.ends_with("\r\n\r\n") {
        String::new()
    } else if src.ends_with(['\n', '\r']) {
        le.to_string()
    } else {
        format!("{le}{le}")
    };
    let tail = if src.is_empty() || src.ends_with(['\n', '\r']) {
        le
    } else {
        ""
    };
    let added = format!("{lead}## Audit trail{le}{le}- {text}{tail}");
    let probe = parse_document(&doc.path, format!("{src}{added}"), doc.role);
    if probe.is_ok_and(|p| p.dated.len() == doc.dated.len() + 1) {
        return Ok((end, added));
    }
    let line = doc
        .code
        .last()
        .map_or(doc.lines.line_count(), |c| doc.lines.line_of(c.start));
    Err(EditError::NoAuditPlace {
        path: doc.path.clone(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_repeat_and_count_up() {
        assert_eq!(next_marker("- "), "- ");
        assert_eq!(next_marker("  * "), "  * ");
        assert_eq!(next_marker("9. "), "10. ");
        assert_eq!(next_marker("3) "), "4) ");
    }
}
