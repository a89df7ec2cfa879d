//! Positions in an editor's buffer: LSP's (line, character) pairs, counted in UTF-8
//! bytes or UTF-16 code units as negotiated, to and from the byte offsets the parser's
//! spans use. A line ends at `\n`; the `\r` of a CRLF ending is never inside a line's
//! characters, so a position past a line's end is clamped before it.

use lsp_types::{Position, Range};

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes (when the client offers `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
}

/// The byte offset where each line of `text` starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// The bytes of 0-based `line` without its ending (`\n` or `\r\n`).
    fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let body = text.get(start..end.max(start)).unwrap_or("");
        (start, body.strip_suffix('\r').unwrap_or(body))
    }

    /// The LSP position of byte `offset` (clamped to the text, and back to a character
    /// boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (start, body) = self.line(text, line);
        let within = &body[..(offset - start).min(body.len())];
        let character = match enc {
            Encoding::Utf8 => within.len(),
            Encoding::Utf16 => within.encode_utf16().count(),
        };
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of an LSP position: a line past the end is the end of the text,
    /// a character past the line's end its end, one inside a character its start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, body) = self.line(text, line);
        let want = pos.character as usize;
        let mut counted = 0;
        for (i, c) in body.char_indices() {
            if counted >= want {
                return start + i;
            }
            counted += match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted > want {
                return start + i;
            }
        }
        start + body.len()
    }

    /// The LSP range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(
            self.position(text, start, enc),
            self.position(text, end.max(start), enc),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_utf8_bytes_and_skip_crlf() {
        let text = "a\r\n€𝄞x\r\nend";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(1, 3)
        );
        assert_eq!(lines.position(text, x, Encoding::Utf8), Position::new(1, 7));
        assert_eq!(lines.offset(text, Position::new(1, 3), Encoding::Utf16), x);
        assert_eq!(lines.offset(text, Position::new(1, 7), Encoding::Utf8), x);
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(lines.offset(text, Position::new(0, 9), Encoding::Utf16), 1);
        assert_eq!(
            lines.position(text, 2, Encoding::Utf16),
            Position::new(0, 1)
        );
        // Inside a surrogate pair: the character's start.
        let clef = text.find('𝄞').unwrap();
        assert_eq!(
            lines.offset(text, Position::new(1, 2), Encoding::Utf16),
            clef
        );
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            lines.position(text, 999, Encoding::Utf8),
            Position::new(2, 3)
        );
    }
}
