//! A document rendered for reading in the terminal. Prose wraps to the view's width;
//! each source line's first row carries its line number (so an item's line is where the
//! editor has it) and its further rows none. Tables and code keep one row per line and
//! scroll sideways instead. Headings, inline code, emphasis and links are styled from
//! the parser's spans (the delimiters are not drawn); links are coloured by whether
//! they resolve. [`App::open_document`] opens a document at a heading anchor or a line.

use super::view::Tone;
use super::{App, layout};
use crate::model::{Document, Span, Workspace, inert};
use crate::rules::links::{LinkIndex, LinkStatus};
use unicode_width::UnicodeWidthStr;

/// One rendered source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    /// Text pieces with their meaning.
    pub segments: Vec<(String, Tone)>,
    /// True when the line holds the highlighted span (the selected item).
    pub highlight: bool,
    /// 1-based source line.
    pub line: usize,
    /// True for prose, which wraps to the view's width; table and code lines keep one
    /// row and scroll sideways.
    pub wraps: bool,
    /// Display columns further rows of a wrapped line are indented by (a list item's
    /// text stays right of its bullet).
    pub indent: usize,
}

/// One screen row of the document view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRow {
    /// Text pieces with their meaning, not yet scrolled sideways.
    pub segments: Vec<(String, Tone)>,
    /// The 1-based source line, on the line's first row only.
    pub line: Option<usize>,
    /// True when the line holds the highlighted span.
    pub highlight: bool,
    /// True for the rows of wrapped prose, which never scroll sideways.
    pub wraps: bool,
}

/// Display columns of the line-number gutter the view draws before each line.
pub const GUTTER: usize = 5;

impl DocLine {
    /// The line's text without styling.
    pub fn text(&self) -> String {
        self.segments.iter().map(|(t, _)| t.as_str()).collect()
    }

    /// The line's width in display columns.
    pub fn width(&self) -> usize {
        self.segments.iter().map(|(t, _)| t.width()).sum()
    }

    /// The line as rows of at most `width` display columns: prose wraps between words
    /// (a word wider than a row is cut), further rows indented by [`DocLine::indent`];
    /// a table or code line is one row, however wide.
    pub fn rows(&self, width: usize) -> Vec<DocRow> {
        let row = |segments, first: bool| DocRow {
            segments,
            line: first.then_some(self.line),
            highlight: self.highlight,
            wraps: self.wraps,
        };
        if !self.wraps || width == 0 || self.width() <= width {
            return vec![row(self.segments.clone(), true)];
        }
        let indent = if self.indent * 2 > width {
            0
        } else {
            self.indent
        };
        let text = self.text();
        let words = textwrap::core::break_words(
            textwrap::WordSeparator::AsciiSpace.find_words(&text),
            width - indent,
        );
        #[allow(clippy::cast_precision_loss)] // Terminal widths are far below 2^52.
        let widths = [width as f64, (width - indent) as f64];
        let mut rows = Vec::new();
        let mut at = 0;
        for (n, words) in textwrap::wrap_algorithms::wrap_first_fit(&words, &widths)
            .into_iter()
            .enumerate()
        {
            let len: usize = words
                .iter()
                .map(|w| w.word.len() + w.whitespace.len())
                .sum();
            let trailing = words.last().map_or(0, |w| w.whitespace.len());
            let mut segments = cut(&self.segments, at, at + len - trailing);
            if n > 0 && indent > 0 {
                segments.insert(0, (" ".repeat(indent), Tone::Normal));
            }
            rows.push(row(segments, n == 0));
            at += len;
        }
        rows
    }
}

/// `segments` with the first `skip` display columns cut off, for a view scrolled
/// sideways. A wide character cut in half becomes a space, so columns stay aligned.
fn clip(segments: &[(String, Tone)], skip: usize) -> Vec<(String, Tone)> {
    let mut left = skip;
    let mut out = Vec::with_capacity(segments.len());
    for (text, tone) in segments {
        if left == 0 {
            out.push((text.clone(), *tone));
            continue;
        }
        let mut kept = String::new();
        for c in text.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if left == 0 {
                kept.push(c);
            } else if w > left {
                kept.extend(std::iter::repeat_n(' ', w - left));
                left = 0;
            } else {
                left -= w;
            }
        }
        if !kept.is_empty() {
            out.push((kept, *tone));
        }
    }
    out
}

/// The bytes `from..to` of the segments' joined text, with their tones.
fn cut(segments: &[(String, Tone)], from: usize, to: usize) -> Vec<(String, Tone)> {
    let mut out = Vec::new();
    let mut at = 0;
    for (text, tone) in segments {
        let (start, end) = (at, at + text.len());
        at = end;
        let (a, b) = (from.max(start) - start, to.min(end).saturating_sub(start));
        if a < b
            && let Some(piece) = text.get(a..b)
        {
            out.push((piece.to_string(), *tone));
        }
    }
    out
}

impl DocRow {
    /// The row's segments with the first `skip` display columns cut off; wrapped prose
    /// fits the view and is never cut.
    pub fn clipped(&self, skip: usize) -> Vec<(String, Tone)> {
        if self.wraps {
            self.segments.clone()
        } else {
            clip(&self.segments, skip)
        }
    }
}

/// Whether a link resolves, as a tone: broken links (missing file or heading, outside
/// the project) in [`Tone::LinkBroken`], links nothing can check (site-absolute,
/// templated) in [`Tone::Warning`], the rest in [`Tone::LinkOk`].
fn link_tone(status: &LinkStatus) -> Tone {
    match status {
        LinkStatus::Ok { .. } | LinkStatus::External => Tone::LinkOk,
        LinkStatus::Unresolvable => Tone::Warning,
        LinkStatus::MissingFile { .. }
        | LinkStatus::MissingAnchor { .. }
        | LinkStatus::OutsideRoot => Tone::LinkBroken,
    }
}

/// A styled range of prose: inline code, a comment, an emphasis.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// The whole range, delimiters included.
    span: Span,
    /// Bytes of the delimiter at each end, not drawn.
    delimiter: usize,
    tone: Tone,
    /// Which mark wins where they nest: code over strong over emphasis.
    rank: u8,
}

/// The marks of `doc` that overlap `range`.
fn marks(doc: &Document, range: Span) -> Vec<Mark> {
    let src = &doc.source;
    let mut out = Vec::new();
    let first = doc.code.partition_point(|s| s.end <= range.start);
    for s in doc.code[first..].iter().take_while(|s| s.start < range.end) {
        let ticks = s.slice(src).bytes().take_while(|&b| b == b'`').count();
        let (delimiter, tone) = if ticks > 0 && s.len() > 2 * ticks {
            (ticks, Tone::Code)
        } else {
            (0, Tone::Muted)
        };
        out.push(Mark {
            span: *s,
            delimiter,
            tone,
            rank: 3,
        });
    }
    // Emphasis nests, so those overlapping may start anywhere before the range.
    let last = doc.emphasis.partition_point(|e| e.span.start < range.end);
    for e in doc.emphasis[..last]
        .iter()
        .filter(|e| e.span.end > range.start)
    {
        out.push(Mark {
            span: e.span,
            delimiter: e.delimiter(),
            tone: if e.strong {
                Tone::Strong
            } else {
                Tone::Emphasis
            },
            rank: if e.strong { 2 } else { 1 },
        });
    }
    out
}

/// Render the 1-based source lines `lines` of `doc` (only what is on screen: a large
/// document costs no more per frame than a small one); lines overlapping `highlight`
/// are marked. `links` says where links lead (the assessment's index).
pub fn render(
    ws: &Workspace,
    links: &LinkIndex,
    doc: &Document,
    highlight: Option<Span>,
    lines: std::ops::Range<usize>,
) -> Vec<DocLine> {
    let src = &doc.source;
    let n = doc.lines.line_count();
    let first = lines.start.max(1);
    let end = lines.end.min(n + 1);
    if first >= end {
        return Vec::new();
    }
    let mut table_of_line: Vec<Option<usize>> = vec![None; end - first];
    let mut widths: Vec<Vec<usize>> = vec![Vec::new(); doc.tables.len()];
    for (ti, t) in doc.tables.iter().enumerate() {
        let last = t.rows.last().map_or(t.line + 1, |r| r.line);
        if last < first || t.line >= end {
            continue;
        }
        let mut w: Vec<usize> = t.header.iter().map(|c| c.text.width()).collect();
        for r in &t.rows {
            for (i, c) in r.cells.iter().enumerate() {
                if let Some(slot) = w.get_mut(i) {
                    *slot = (*slot).max(inert(&c.text).width());
                }
            }
        }
        widths[ti] = w;
        for l in t.line.max(first)..=last.min(end - 1) {
            table_of_line[l - first] = Some(ti);
        }
    }
    let hl_lines = highlight.map(|s| {
        (
            doc.lines.line_of(s.start),
            doc.lines.line_of(s.end.max(s.start + 1) - 1),
        )
    });
    let range = Span::new(
        doc.lines.line_span(src, first).start,
        doc.lines.line_span(src, end - 1).end,
    );
    let marks = marks(doc, range);
    let mut out = Vec::with_capacity(end - first);
    for line in first..end {
        let span = doc.lines.line_span(src, line);
        if span.start == src.len() && line == n && line > 1 {
            break;
        }
        let raw = span.slice(src);
        let (segments, wraps, indent) = if let Some(ti) = table_of_line[line - first] {
            (table_line(ws, links, doc, ti, line, &widths[ti]), false, 0)
        } else if doc.code_at(span.start).is_some_and(|c| c.contains(span))
            && !raw.trim().is_empty()
        {
            let tone = if raw.trim_start().starts_with("```")
                || raw.trim_start().starts_with("~~~")
                || raw.trim() == "---"
            {
                Tone::Muted
            } else {
                Tone::Code
            };
            (vec![(inert(raw).into_owned(), tone)], false, 0)
        } else if let Some(h) = doc.headings.iter().find(|h| h.line == line) {
            let hashes = usize::from(h.level) + 1;
            (
                vec![(
                    format!("{} {}", "#".repeat(usize::from(h.level)), h.text),
                    Tone::Heading,
                )],
                true,
                hashes,
            )
        } else {
            let (segments, indent) = prose_line(ws, links, doc, span, &marks);
            (segments, true, indent)
        };
        let highlight = hl_lines.is_some_and(|(a, b)| a <= line && line <= b);
        out.push(DocLine {
            segments,
            highlight,
            line,
            wraps,
            indent,
        });
    }
    out
}

/// The screen rows of `doc` from 0-based source line `top` on: at most `height` rows
/// of at most `width` columns (prose wrapped; tables and code as they are).
pub fn screen(
    ws: &Workspace,
    links: &LinkIndex,
    doc: &Document,
    highlight: Option<Span>,
    top: usize,
    (width, height): (usize, usize),
) -> Vec<DocRow> {
    let mut rows = Vec::with_capacity(height);
    for line in render(ws, links, doc, highlight, top + 1..top + 1 + height) {
        for row in line.rows(width) {
            if rows.len() == height {
                return rows;
            }
            rows.push(row);
        }
    }
    rows
}

/// The 0-based first line that shows `doc`'s last line on the view's last row (0 when
/// the whole document fits).
pub fn last_page_top(
    ws: &Workspace,
    links: &LinkIndex,
    doc: &Document,
    (width, height): (usize, usize),
) -> usize {
    let n = doc.lines.line_count();
    let first = n.saturating_sub(height) + 1;
    let mut used = 0;
    let mut top = n;
    for line in render(ws, links, doc, None, first..n + 1).iter().rev() {
        used += line.rows(width).len();
        if used > height {
            break;
        }
        top = line.line - 1;
    }
    top.min(n.saturating_sub(1))
}

fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// A table line: header, delimiter or body row, cells padded to the column widths. A
/// body cell holding links takes the colour of where they lead (the worst of them).
fn table_line(
    ws: &Workspace,
    links: &LinkIndex,
    doc: &Document,
    ti: usize,
    line: usize,
    widths: &[usize],
) -> Vec<(String, Tone)> {
    let t = &doc.tables[ti];
    if line == t.line + 1 {
        let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        return vec![(format!("├{}┤", parts.join("┼")), Tone::Muted)];
    }
    let (cells, tone) = if line == t.line {
        (&t.header, Tone::Heading)
    } else if let Some(r) = t.rows.iter().find(|r| r.line == line) {
        (&r.cells, Tone::Normal)
    } else {
        return vec![(String::new(), Tone::Normal)];
    };
    let mut segs = vec![("│".to_string(), Tone::Muted)];
    for (i, w) in widths.iter().enumerate() {
        let cell = cells.get(i);
        let text = cell.map_or(String::new(), |c| inert(&c.text).into_owned());
        let tone = match cell {
            Some(c) if tone == Tone::Normal && !c.links.is_empty() => doc
                .links_at(c.links)
                .map(|l| link_tone(&links.status(ws, doc, l)))
                .max_by_key(|t| match t {
                    Tone::LinkBroken => 2,
                    Tone::Warning => 1,
                    _ => 0,
                })
                .unwrap_or(tone),
            _ => tone,
        };
        segs.push((format!(" {} ", pad(&text, *w)), tone));
        segs.push(("│".to_string(), Tone::Muted));
    }
    segs
}

/// A prose line: list markers drawn as bullets and boxes, links by their text in the
/// colour of where they lead, inline code, comments and emphasis by `marks`. Also the
/// indent further rows take when the line wraps.
fn prose_line(
    ws: &Workspace,
    links: &LinkIndex,
    doc: &Document,
    span: Span,
    marks: &[Mark],
) -> (Vec<(String, Tone)>, usize) {
    let src = &doc.source;
    let raw = span.slice(src);
    let trimmed = raw.trim_start();
    let lead = &raw[..raw.len() - trimmed.len()];
    let mut segs: Vec<(String, Tone)> = Vec::new();
    let mut pos = span.start;
    let mut indent = inert(lead).width();
    for prefix in [
        "- [ ] ", "* [ ] ", "- [x] ", "- [X] ", "* [x] ", "* [X] ", "- ", "* ", "+ ",
    ] {
        if trimmed.starts_with(prefix) {
            let glyph = match prefix.trim() {
                "- [ ]" | "* [ ]" => "☐ ",
                "-" | "*" | "+" => "• ",
                _ => "☑ ",
            };
            let bullet = format!("{}{glyph}", inert(lead));
            indent = bullet.width();
            segs.push((bullet, Tone::Accent));
            pos = span.start + lead.len() + prefix.len();
            break;
        }
    }
    let first = doc.links.partition_point(|l| l.span.end <= pos);
    for link in &doc.links[first..] {
        if link.span.start >= span.end {
            break;
        }
        if link.span.start < pos || link.span.end > span.end {
            continue;
        }
        styled(src, marks, pos, link.span.start, &mut segs);
        let text = if link.text.is_empty() {
            inert(&link.destination).into_owned()
        } else {
            link.text.clone()
        };
        segs.push((text, link_tone(&links.status(ws, doc, link))));
        pos = link.span.end;
    }
    styled(src, marks, pos, span.end, &mut segs);
    if segs.is_empty() {
        segs.push((String::new(), Tone::Normal));
    }
    (segs, indent)
}

/// Append the prose `from..to` to `out`, cut where marks start and end: each piece in
/// the tone of the highest-ranked mark holding it, delimiters left out.
fn styled(src: &str, marks: &[Mark], from: usize, to: usize, out: &mut Vec<(String, Tone)>) {
    if from >= to {
        return;
    }
    let mut cuts = vec![from, to];
    for m in marks {
        let edges = [
            m.span.start,
            m.span.start + m.delimiter,
            m.span.end - m.delimiter,
            m.span.end,
        ];
        cuts.extend(
            edges
                .into_iter()
                .filter(|&c| from < c && c < to && src.is_char_boundary(c)),
        );
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let holding = marks
            .iter()
            .filter(|m| m.span.start <= a && b <= m.span.end);
        let delimiter = holding.clone().any(|m| {
            m.delimiter > 0 && (b <= m.span.start + m.delimiter || a >= m.span.end - m.delimiter)
        });
        if delimiter {
            continue;
        }
        let tone = holding
            .max_by_key(|m| m.rank)
            .map_or(Tone::Normal, |m| m.tone);
        let text = inert(&src[a..b]);
        match out.last_mut() {
            Some((last, t)) if *t == tone => last.push_str(&text),
            _ => out.push((text.into_owned(), tone)),
        }
    }
}

/// Where [`App::open_document`] opens a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At<'a> {
    /// The first line.
    Top,
    /// A heading by its anchor (a link's `#fragment`, matched as the link rules match
    /// it: as written or lower-cased; `top` is the first line). The heading is the first
    /// line on screen.
    Anchor(&'a str),
    /// A 1-based source line, shown as the first line on screen.
    Line(usize),
}

/// The heading of `doc` that `anchor` names, under the anchor rules the project's
/// headings were given.
pub fn heading_of<'d>(doc: &'d Document, anchor: &str) -> Option<&'d crate::model::Heading> {
    let lower = anchor.to_lowercase();
    doc.headings
        .iter()
        .find(|h| h.anchor == anchor)
        .or_else(|| doc.headings.iter().find(|h| h.anchor == lower))
}

impl App {
    /// Open the document at the project-relative `path` in the document view, focused,
    /// at `at`. False, with a message in the status line, when there is no such document
    /// or heading (a missing heading opens the document at its top).
    pub fn open_document(&mut self, path: &str, at: At<'_>) -> bool {
        let ws = &self.project.workspace;
        let Some(d) = ws.doc_index(path) else {
            self.say(format!("{path} does not exist"), Tone::Error);
            return false;
        };
        let doc = &ws.docs[d];
        let (line, highlight, found) = match at {
            At::Top => (1, None, true),
            At::Line(line) => (line.clamp(1, doc.lines.line_count().max(1)), None, true),
            At::Anchor(a) if a.is_empty() || a.eq_ignore_ascii_case("top") => (1, None, true),
            At::Anchor(a) => match heading_of(doc, a) {
                Some(h) => (h.line, Some(h.span), true),
                None => (1, None, false),
            },
        };
        self.show_doc(d, highlight);
        self.doc.scroll = line - 1;
        if let (false, At::Anchor(a)) = (found, at) {
            self.say(format!("{path} has no heading #{a}"), Tone::Error);
        }
        found
    }

    /// Width and height of the document view's text (inside its border, right of the
    /// line numbers) when it has the screen.
    pub(super) fn doc_text_area(&self) -> (usize, usize) {
        let area = layout::areas(self.size.0, self.size.1).reading();
        (
            usize::from(area.width.saturating_sub(2)).saturating_sub(GUTTER),
            usize::from(area.height.saturating_sub(2)),
        )
    }

    /// Scroll keys while the document view has focus; true when handled. `j`/`k` move
    /// by source lines, a page by what is on screen (wrapped rows counted).
    pub(super) fn doc_key(&mut self, action: super::Action) -> bool {
        use super::Action;
        let Some(d) = self.doc.doc else { return false };
        if let Action::ScrollLeft | Action::ScrollRight = action {
            self.scroll_sideways(d, action == Action::ScrollRight);
            return true;
        }
        let ws = &self.project.workspace;
        let doc = &ws.docs[d];
        let area = self.doc_text_area();
        let bottom = last_page_top(ws, &self.assessment.links, doc, area);
        let shown = || {
            screen(ws, &self.assessment.links, doc, None, self.doc.scroll, area)
                .iter()
                .filter_map(|r| r.line)
                .collect::<Vec<_>>()
        };
        let s = self.doc.scroll;
        let to = match action {
            Action::Down => (s + 1).min(bottom.max(s)),
            Action::Up => s.saturating_sub(1),
            // The last line on screen becomes the first: nothing is skipped.
            Action::PageDown => shown()
                .last()
                .map_or(s, |&l| (l - 1).max(s + 1))
                .min(bottom.max(s)),
            Action::PageUp => s.saturating_sub(area.1.max(1)),
            Action::Top => 0,
            Action::Bottom => bottom,
            Action::Enter => s,
            _ => return false,
        };
        self.doc.scroll = to;
        true
    }

    /// Scroll the document view sideways by a quarter of its width, no further than the
    /// widest table or code line on screen still shows its end.
    fn scroll_sideways(&mut self, d: usize, right: bool) {
        let (width, height) = self.doc_text_area();
        let step = (width / 4).max(4);
        if !right {
            self.doc.hscroll = self.doc.hscroll.saturating_sub(step);
            return;
        }
        let ws = &self.project.workspace;
        let first = self.doc.scroll + 1;
        let widest = render(
            ws,
            &self.assessment.links,
            &ws.docs[d],
            None,
            first..first + height,
        )
        .iter()
        .filter(|l| !l.wraps)
        .map(DocLine::width)
        .max()
        .unwrap_or(0);
        let max = widest.saturating_sub(width);
        self.doc.hscroll = (self.doc.hscroll + step).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &[(&str, Tone)]) -> DocLine {
        DocLine {
            segments: parts.iter().map(|(t, k)| ((*t).to_string(), *k)).collect(),
            highlight: false,
            line: 1,
            wraps: true,
            indent: 0,
        }
    }

    fn text(segments: &[(String, Tone)]) -> String {
        segments.iter().map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn clipping_cuts_display_columns_across_segments_and_keeps_tones() {
        let l = line(&[
            ("ab", Tone::Heading),
            ("cdef", Tone::Normal),
            ("gh", Tone::Code),
        ]);
        assert_eq!(l.width(), 8);
        assert_eq!(clip(&l.segments, 0), l.segments);
        assert_eq!(
            clip(&l.segments, 3),
            vec![
                ("def".to_string(), Tone::Normal),
                ("gh".to_string(), Tone::Code)
            ]
        );
        assert_eq!(clip(&l.segments, 6), vec![("gh".to_string(), Tone::Code)]);
        assert!(clip(&l.segments, 8).is_empty());
        assert!(clip(&l.segments, 50).is_empty());
    }

    #[test]
    fn prose_wraps_between_words_keeping_tones_and_the_hanging_indent() {
        let mut l = line(&[
            ("• ", Tone::Accent),
            ("one two ", Tone::Normal),
            ("three", Tone::Code),
            (" four", Tone::Normal),
        ]);
        l.indent = 2;
        let rows = l.rows(9);
        let texts: Vec<String> = rows.iter().map(|r| text(&r.segments)).collect();
        assert_eq!(texts, vec!["• one two", "  three", "  four"]);
        assert_eq!(rows[1].segments[1], ("three".to_string(), Tone::Code));
        assert_eq!(rows[0].line, Some(1));
        assert_eq!(rows[1].line, None);
        // A word wider than a row is cut; a table or code line is never wrapped.
        let long = line(&[("abcdefghij", Tone::Normal)]);
        assert_eq!(long.rows(4).len(), 3);
        let mut table = line(&[("│ a │ b │ c │", Tone::Normal)]);
        table.wraps = false;
        assert_eq!(table.rows(4).len(), 1);
    }

    #[test]
    fn a_wide_character_cut_in_half_becomes_a_space() {
        let l = line(&[("日本語", Tone::Normal)]);
        assert_eq!(l.width(), 6);
        assert_eq!(text(&clip(&l.segments, 1)), " 本語");
        assert_eq!(text(&clip(&l.segments, 2)), "本語");
        let l = line(&[("é│x", Tone::Normal)]);
        assert_eq!(text(&clip(&l.segments, 1)), "│x");
    }
}
