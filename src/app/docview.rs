//! A document rendered for reading in the terminal: one screen line per source line (so
//! an item's line is where the editor has it), headings and code marked, tables aligned,
//! links shown by their text and coloured by whether they resolve, task boxes drawn.

use super::view::Tone;
use crate::model::{Document, Span, Workspace, inert};
use crate::rules::links::resolve_link;
use unicode_width::UnicodeWidthStr;

/// One rendered line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    /// Text pieces with their meaning.
    pub segments: Vec<(String, Tone)>,
    /// True when the line holds the highlighted span (the selected item).
    pub highlight: bool,
    /// 1-based source line.
    pub line: usize,
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

    /// The segments with the first `skip` display columns cut off, for a view scrolled
    /// sideways. A wide character cut in half becomes a space, so columns stay aligned.
    pub fn clipped(&self, skip: usize) -> Vec<(String, Tone)> {
        let mut left = skip;
        let mut out = Vec::with_capacity(self.segments.len());
        for (text, tone) in &self.segments {
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
}

/// Render the 1-based source lines `lines` of `doc` (only what is on screen: a large
/// document costs no more per frame than a small one); lines overlapping `highlight`
/// are marked.
pub fn render(
    ws: &Workspace,
    doc: &Document,
    highlight: Option<Span>,
    lines: std::ops::Range<usize>,
) -> Vec<DocLine> {
    let src = &doc.source;
    let n = doc.lines.line_count();
    let first = lines.start.max(1);
    let end = lines.end.min(n + 1);
    let mut table_of_line: Vec<Option<usize>> = vec![None; end.saturating_sub(first)];
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
        for l in t.line.max(first)..=last.min(end.saturating_sub(1)) {
            table_of_line[l - first] = Some(ti);
        }
    }
    let hl_lines = highlight.map(|s| {
        (
            doc.lines.line_of(s.start),
            doc.lines.line_of(s.end.max(s.start + 1) - 1),
        )
    });
    let mut out = Vec::with_capacity(end.saturating_sub(first));
    for line in first..end {
        let span = doc.lines.line_span(src, line);
        if span.start == src.len() && line == n && line > 1 {
            break;
        }
        let raw = span.slice(src);
        let segments = if let Some(ti) = table_of_line[line - first] {
            table_line(doc, ti, line, &widths[ti])
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
            vec![(inert(raw).into_owned(), tone)]
        } else if let Some(h) = doc.headings.iter().find(|h| h.line == line) {
            vec![(
                format!("{} {}", "#".repeat(usize::from(h.level)), h.text),
                Tone::Heading,
            )]
        } else {
            prose_line(ws, doc, span)
        };
        let highlight = hl_lines.is_some_and(|(a, b)| a <= line && line <= b);
        out.push(DocLine {
            segments,
            highlight,
            line,
        });
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn table_line(doc: &Document, ti: usize, line: usize, widths: &[usize]) -> Vec<(String, Tone)> {
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
        let text = cells
            .get(i)
            .map_or(String::new(), |c| inert(&c.text).into_owned());
        segs.push((format!(" {} ", pad(&text, *w)), tone));
        segs.push(("│".to_string(), Tone::Muted));
    }
    segs
}

fn prose_line(ws: &Workspace, doc: &Document, span: Span) -> Vec<(String, Tone)> {
    let src = &doc.source;
    let raw = span.slice(src);
    let trimmed = raw.trim_start();
    let indent = &raw[..raw.len() - trimmed.len()];
    let mut segs: Vec<(String, Tone)> = Vec::new();
    let mut pos = span.start;
    for prefix in [
        "- [ ] ", "* [ ] ", "- [x] ", "- [X] ", "* [x] ", "* [X] ", "- ", "* ", "+ ",
    ] {
        if trimmed.starts_with(prefix) {
            let glyph = match prefix.trim() {
                "- [ ]" | "* [ ]" => "☐ ",
                "-" | "*" | "+" => "• ",
                _ => "☑ ",
            };
            segs.push((format!("{}{glyph}", inert(indent)), Tone::Accent));
            pos = span.start + indent.len() + prefix.len();
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
        if link.span.start > pos {
            segs.push((inert(&src[pos..link.span.start]).into_owned(), Tone::Normal));
        }
        let tone = if resolve_link(ws, doc, link).is_ok() {
            Tone::Accent
        } else {
            Tone::Error
        };
        let text = if link.text.is_empty() {
            inert(&link.destination).into_owned()
        } else {
            link.text.clone()
        };
        segs.push((text, tone));
        pos = link.span.end;
    }
    if pos < span.end {
        segs.push((inert(&src[pos..span.end]).into_owned(), Tone::Normal));
    }
    if segs.is_empty() {
        segs.push((String::new(), Tone::Normal));
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &[(&str, Tone)]) -> DocLine {
        DocLine {
            segments: parts.iter().map(|(t, k)| ((*t).to_string(), *k)).collect(),
            highlight: false,
            line: 1,
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
        assert_eq!(l.clipped(0), l.segments);
        assert_eq!(
            l.clipped(3),
            vec![
                ("def".to_string(), Tone::Normal),
                ("gh".to_string(), Tone::Code)
            ]
        );
        assert_eq!(l.clipped(6), vec![("gh".to_string(), Tone::Code)]);
        assert!(l.clipped(8).is_empty());
        assert!(l.clipped(50).is_empty());
    }

    #[test]
    fn a_wide_character_cut_in_half_becomes_a_space() {
        let l = line(&[("日本語", Tone::Normal)]);
        assert_eq!(l.width(), 6);
        assert_eq!(text(&l.clipped(1)), " 本語");
        assert_eq!(text(&l.clipped(2)), "本語");
        let l = line(&[("é│x", Tone::Normal)]);
        assert_eq!(text(&l.clipped(1)), "│x");
    }
}
