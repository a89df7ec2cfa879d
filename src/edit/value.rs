//! New values as markdown source: validation, pipe escaping, and the text of a
//! replaced table cell.

use super::error::EditError;

/// The white space GFM pads table cells with (comrak's `table_spacechar`).
pub(crate) const CELL_PADDING: [char; 4] = [' ', '\t', '\x0b', '\x0c'];

/// Bidi controls that could reorder what an operator reads (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}'
    )
}

/// Check a value for one line of markdown and return it trimmed.
///
/// Line breaks, other control characters (tab included) and bidi controls are refused:
/// a cell or list item holds one line, and none of them can be shown safely.
pub(crate) fn check_value<'v>(field: &str, value: &'v str) -> Result<&'v str, EditError> {
    let bad = |reason: String| EditError::BadValue {
        field: field.to_string(),
        reason,
    };
    if value.contains(['\n', '\r']) {
        return Err(bad(
            "contains a line break; a cell or list item holds one line — use `<br>` or write \
             the text on one line"
                .to_string(),
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(bad(format!(
            "contains the control character U+{:04X}; remove it (tabs included: use spaces)",
            u32::from(c)
        )));
    }
    if let Some(c) = value.chars().find(|&c| is_bidi_control(c)) {
        return Err(bad(format!(
            "contains the invisible direction control U+{:04X}, which can make text read \
             differently from what it says; remove it",
            u32::from(c)
        )));
    }
    Ok(value.trim())
}

/// Escape a trimmed value for a table cell: every `|` not already escaped becomes `\|`
/// (a `\|` in the value is taken as an escaped pipe and kept).
pub(crate) fn escape_cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    let mut backslashes = 0usize;
    for c in value.chars() {
        if c == '|' && backslashes.is_multiple_of(2) {
            out.push('\\');
        }
        if c == '\\' {
            backslashes += 1;
        } else {
            backslashes = 0;
        }
        out.push(c);
    }
    out
}

/// Remove the backslash of every escaped pipe, as GFM does before reading a cell.
pub fn unescape_pipes(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('|') => {}
                Some(_) => {
                    // A backslash pair (or backslash + other) is kept as written.
                    out.push(c);
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                    continue;
                }
                None => out.push(c),
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// True when `text` ends in an odd run of backslashes, which would escape a following
/// pipe.
pub(crate) fn ends_with_escape(text: &str) -> bool {
    text.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// Where a cell sits in its row, for the cases GFM's optional outer pipes make special.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellPlace {
    /// The first cell of a row written without a leading pipe.
    pub first_without_pipe: bool,
    /// The last cell of a row written without a trailing pipe.
    pub last_without_pipe: bool,
}

/// The new text between a cell's pipes: the escaped value with one space each side
/// where the old cell had padding (an empty old cell gets `| value |` spacing).
pub(crate) fn cell_text(old_raw: &str, escaped: &str, place: CellPlace) -> String {
    let content = old_raw.trim_matches(CELL_PADDING);
    let lead = old_raw.len() - old_raw.trim_start_matches(CELL_PADDING).len();
    let trail = old_raw.len() - old_raw.trim_end_matches(CELL_PADDING).len();
    if escaped.is_empty() {
        // An empty first or last cell needs its outer pipe, or GFM drops the cell.
        return if place.first_without_pipe {
            "| ".to_string()
        } else if place.last_without_pipe {
            " |".to_string()
        } else if old_raw.is_empty() {
            String::new()
        } else {
            " ".to_string()
        };
    }
    let (left, right) = if content.is_empty() {
        (!place.first_without_pipe, true)
    } else {
        (lead > 0, trail > 0)
    };
    let right = right || ends_with_escape(escaped);
    format!(
        "{}{escaped}{}",
        if left { " " } else { "" },
        if right { " " } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MID: CellPlace = CellPlace {
        first_without_pipe: false,
        last_without_pipe: false,
    };

    #[test]
    fn values_are_trimmed_and_controls_refused() {
        assert_eq!(check_value("Owner", "  Dana  ").unwrap(), "Dana");
        let e = check_value("Owner", "a\nb").unwrap_err().to_string();
        assert!(e.contains("line break"), "{e}");
        let e = check_value("Owner", "a\x1b[2Jb").unwrap_err().to_string();
        assert!(e.contains("U+001B"), "{e}");
        let e = check_value("Owner", "a\tb").unwrap_err().to_string();
        assert!(e.contains("U+0009"), "{e}");
        let e = check_value("Owner", "abc\u{202E}def")
            .unwrap_err()
            .to_string();
        assert!(e.contains("U+202E"), "{e}");
        // Zero-width joiners are part of emoji and stay allowed.
        assert!(check_value("Owner", "👩\u{200D}🚀").is_ok());
    }

    #[test]
    fn pipes_are_escaped_once() {
        assert_eq!(escape_cell("a | b"), "a \\| b");
        assert_eq!(escape_cell("`a|b`"), "`a\\|b`");
        assert_eq!(escape_cell("a\\|b"), "a\\|b");
        assert_eq!(escape_cell("a\\\\|b"), "a\\\\\\|b");
        assert_eq!(unescape_pipes("a \\| b"), "a | b");
        assert_eq!(unescape_pipes("a\\\\\\|b"), "a\\\\|b");
        for v in ["x|y", "||", "\\|", "a\\\\|", "plain", "\\"] {
            let once = unescape_pipes(&escape_cell(v));
            assert_eq!(escape_cell(&once), escape_cell(v), "{v}");
        }
    }

    #[test]
    fn cell_text_keeps_one_space_where_padded() {
        assert_eq!(cell_text(" old ", "new", MID), " new ");
        assert_eq!(cell_text("   old      ", "new", MID), " new ");
        assert_eq!(cell_text("old", "new", MID), "new");
        assert_eq!(cell_text(" old", "new", MID), " new");
        assert_eq!(cell_text("", "new", MID), " new ");
        assert_eq!(cell_text("   ", "new", MID), " new ");
        assert_eq!(cell_text(" old ", "", MID), " ");
        assert_eq!(cell_text("old", "", MID), " ");
        assert_eq!(cell_text("old", "a\\", MID), "a\\ ");
    }

    #[test]
    fn outer_cells_without_pipes_keep_their_cell() {
        let first = CellPlace {
            first_without_pipe: true,
            last_without_pipe: false,
        };
        let last = CellPlace {
            first_without_pipe: false,
            last_without_pipe: true,
        };
        assert_eq!(cell_text("a ", "", first), "| ");
        assert_eq!(cell_text(" b", "", last), " |");
        assert_eq!(cell_text("a ", "x", first), "x ");
        assert_eq!(cell_text(" b", "x", last), " x");
    }
}
