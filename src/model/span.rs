//! Byte spans into a document's source and the line index that turns them into
//! line/column positions.

use serde::Serialize;

/// A half-open byte range `start..end` into a document's source text.
///
/// Every field the parser extracts carries one, so that `&source[span]` is exactly the
/// raw text it came from and an edit can splice bytes there without re-rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte (an empty cell, an insertion point).
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies entirely within this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The source text this span covers, or `""` when it does not fit `source`.
    pub fn slice(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// The 1-based line holding byte `offset` of `bytes`, for a one-off position (a read
/// error, a config key) where building a [`LineIndex`] would be more than needed.
pub fn line_number(bytes: &[u8], offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..offset.min(bytes.len())]).count() + 1
}

/// Byte offsets of line starts, so a byte offset maps to a 1-based line and column.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, the same rules comrak uses for sourcepos.
/// Columns count characters; finding one costs the same however long its line is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// The number of characters before each [`CHUNK`]-byte block of the source; empty
    /// when the source is all ASCII, where characters are bytes.
    chars_before: Vec<usize>,
}

/// The block size of [`LineIndex`]'s character counts.
const CHUNK: usize = 256;

/// True for the bytes that start a UTF-8 character.
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl LineIndex {
    /// Index the line starts of `source`.
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\r` of a `\r\n` pair is not a line ending of its own.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        let mut chars_before = Vec::new();
        if !source.is_ascii() {
            chars_before.reserve(bytes.len() / CHUNK + 1);
            let mut seen = 0;
            for block in bytes.chunks(CHUNK) {
                chars_before.push(seen);
                seen += block.iter().filter(|&&b| starts_char(b)).count();
            }
        }
        LineIndex {
            starts,
            len: bytes.len(),
            chars_before,
        }
    }

    /// The number of characters in `source[..offset]` (`offset` on a character
    /// boundary, within the source).
    fn chars_to(&self, source: &str, offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let block = offset / CHUNK;
        let counted = source.as_bytes()[block * CHUNK..offset]
            .iter()
            .filter(|&&b| starts_char(b))
            .count();
        self.chars_before[block] + counted
    }

    /// Number of lines (a trailing newline opens one more, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, clamped to the end of the source.
    pub fn line_start(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.starts.get(i)) {
            Some(&s) => s,
            None => self.len,
        }
    }

    /// Byte offset of a 1-based line and 1-based byte column (comrak's sourcepos),
    /// clamped to the source length.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        (self.line_start(line) + column.saturating_sub(1)).min(self.len)
    }

    /// The 1-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based line and 1-based column counted in characters, for messages.
    pub fn position(&self, source: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let end = offset.min(source.len());
        let col = if source.get(start..end).is_some() {
            self.chars_to(source, end) - self.chars_to(source, start)
        } else {
            offset.saturating_sub(start)
        };
        (line, col + 1)
    }

    /// The byte range of 1-based `line` without its line ending.
    pub fn line_span(&self, source: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = if line < self.starts.len() {
            self.starts[line]
        } else {
            self.len
        };
        let bytes = source.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Span::new(start, end)
    }
}

/// Line/column lookups for offsets visited in increasing order (the cells of a row,
/// the links of a line): counts only the characters since the previous offset.
#[derive(Debug)]
pub struct ColumnCursor<'a> {
    src: &'a str,
    lines: &'a LineIndex,
    line: usize,
    at: usize,
    col: usize,
}

impl<'a> ColumnCursor<'a> {
    /// A cursor over `src`, indexed by `lines`.
    pub fn new(src: &'a str, lines: &'a LineIndex) -> Self {
        ColumnCursor {
            src,
            lines,
            line: 0,
            at: 0,
            col: 1,
        }
    }

    /// 1-based line and character column of `offset`, as [`LineIndex::position`].
    /// Going back, or to another line, costs one [`LineIndex::position`].
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        // Most offsets lie further along the line of the previous one.
        let same_line =
            self.line > 0 && offset >= self.at && offset < self.lines.line_start(self.line + 1);
        if same_line {
            let counted = self
                .src
                .get(self.at..offset)
                .map_or(offset - self.at, |s| s.chars().count());
            self.col += counted;
        } else {
            (self.line, self.col) = self.lines.position(self.src, offset);
        }
        self.at = offset;
        (self.line, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_handles_lf_crlf_and_lone_cr() {
        let src = "a\nbb\r\nccc\rd";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_start(2), 2);
        assert_eq!(idx.line_start(3), 6);
        assert_eq!(idx.line_start(4), 10);
        assert_eq!(idx.line_of(7), 3);
        assert_eq!(idx.line_span(src, 2).slice(src), "bb");
        assert_eq!(idx.line_span(src, 4).slice(src), "d");
    }

    #[test]
    fn cursor_agrees_with_position() {
        let src = "héllo | wörld | x\nnext | é";
        let idx = LineIndex::new(src);
        let mut c = ColumnCursor::new(src, &idx);
        for off in [0, 3, 8, 9, 20, 21, 25, 2] {
            let off = (0..=off).rev().find(|o| src.is_char_boundary(*o)).unwrap();
            assert_eq!(c.position(off), idx.position(src, off), "offset {off}");
        }
    }

    #[test]
    fn cursor_agrees_with_position_at_every_offset_and_line_ending() {
        let src = "a | é\r\nbb | c\rd\n\n| x | ü |\r\n";
        let idx = LineIndex::new(src);
        let offsets: Vec<usize> = (0..=src.len())
            .filter(|o| src.is_char_boundary(*o))
            .collect();
        let mut c = ColumnCursor::new(src, &idx);
        for &off in &offsets {
            assert_eq!(
                c.position(off),
                idx.position(src, off),
                "forward, offset {off}"
            );
        }
        let mut c = ColumnCursor::new(src, &idx);
        for &off in offsets.iter().rev() {
            assert_eq!(
                c.position(off),
                idx.position(src, off),
                "backward, offset {off}"
            );
        }
    }

    #[test]
    fn line_number_counts_newlines_before_the_offset() {
        let text = b"a = 1\nb = 2\r\nc = 3";
        assert_eq!(line_number(text, 0), 1);
        assert_eq!(line_number(text, 5), 1);
        assert_eq!(line_number(text, 6), 2);
        assert_eq!(line_number(text, 13), 3);
        assert_eq!(line_number(text, 999), 3, "past the end: the last line");
    }

    #[test]
    fn position_counts_characters_on_long_mixed_lines() {
        // Lines longer than the index's blocks, multibyte characters across their edges.
        let src = format!("{}\n{}\r\nend é", "aé€😀".repeat(300), "x€".repeat(400));
        let idx = LineIndex::new(&src);
        let naive = |offset: usize| {
            let start = src[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            src[start..offset].chars().count() + 1
        };
        let mut cursor = ColumnCursor::new(&src, &idx);
        // (The offset between the `\r` and `\n` of a CRLF belongs to neither line.)
        let inside_crlf = |o: usize| src.as_bytes().get(o.wrapping_sub(1)..=o) == Some(b"\r\n");
        for offset in (0..=src.len()).filter(|o| src.is_char_boundary(*o) && !inside_crlf(*o)) {
            assert_eq!(
                idx.position(&src, offset).1,
                naive(offset),
                "offset {offset}"
            );
            assert_eq!(
                cursor.position(offset).1,
                naive(offset),
                "cursor at {offset}"
            );
        }
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let src = "héllo wörld";
        let idx = LineIndex::new(src);
        let off = src.find('w').unwrap();
        assert_eq!(idx.position(src, off), (1, 7));
    }
}
