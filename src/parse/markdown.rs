//! Markdown → [`Document`]: one walk over comrak's tree that records headings, links,
//! tables, task items, dated list items, `Key: value` settings and code ranges with
//! exact byte spans. The comrak arena is dropped before this returns.
//!
//! Hostile input is bounded three ways, none of which depends on the machine or its
//! load, so the same bytes always give the same result: comrak gets a budget of steps
//! in proportion to the input's size ([`MarkdownError::Budget`]); a document nested
//! deeper than [`MAX_NESTING`] levels is refused before it is walked
//! ([`MarkdownError::TooDeep`]), and every walk over the tree uses an explicit stack; a
//! panic in the parser is contained to the file ([`MarkdownError::Internal`]).

use std::cell::Cell as Counter;
use std::sync::Arc;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options, try_parse_document};
use rayon::prelude::*;

use crate::model::anchors::Slugger;
use crate::model::{
    AnchorStyle, Cell, ColumnCursor, DatedEntry, Document, Emphasis, Heading, LineIndex, Link,
    LinkRange, LinkTarget, Role, Row, Setting, SettingSource, Span, Table, TaskEntry, inert,
    inert_owned,
};

/// The deepest nesting of blocks and inlines (block quotes in block quotes, images in
/// images) a document may have; deeper ones are reported instead of parsed. Real
/// documents stay far below it; the limit keeps every walk over the tree small.
pub const MAX_NESTING: usize = 200;

/// comrak asks whether to stop once per this many of its parsing steps.
const STEPS_PER_ASK: usize = 256;

/// The parser's budget: this many steps per byte of input, on top of [`BASE_STEPS`].
/// Linear input of any shape takes a few steps per byte (at most 3.4 measured, over the
/// corpus and hostile shapes: long lines of links, brackets, emphasis, tables); only
/// input that makes comrak go over and over the same bytes runs out.
const STEPS_PER_BYTE: usize = 16;

/// The budget every piece of input gets regardless of its size.
const BASE_STEPS: usize = 1 << 20;

/// The longest link text kept, in bytes. Images may nest images: each keeps the text of
/// all it holds, so without a bound their texts grow with the square of the input.
const MAX_LINK_TEXT: usize = 1024;

/// The white space GFM trims around a table cell's content (comrak's `table_spacechar`).
const CELL_PADDING: [char; 4] = [' ', '\t', '\x0b', '\x0c'];

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkdownError {
    /// The parser used up the budget of steps for the input's size (pathological input).
    #[error(
        "the markdown parser needed more than {steps} steps for these {bytes} bytes \
         (pathological input); the file is listed but not parsed: simplify its markdown"
    )]
    Budget {
        /// The steps the input's size allowed.
        steps: usize,
        /// The input's size in bytes.
        bytes: usize,
    },
    /// The document nests deeper than [`MAX_NESTING`] levels.
    #[error(
        "nesting deeper than {limit} levels; the file is listed but not parsed: flatten its \
         block quotes, lists or nested links"
    )]
    TooDeep {
        /// The limit, [`MAX_NESTING`].
        limit: usize,
        /// The 1-based line where the nesting first goes deeper.
        line: usize,
    },
    /// The parser failed internally.
    #[error(
        "the markdown parser failed on this file ({0}); please report it with the file attached"
    )]
    Internal(String),
}

impl MarkdownError {
    /// The 1-based line the problem is on (1 when it concerns the whole file).
    pub fn line(&self) -> usize {
        match self {
            MarkdownError::TooDeep { line, .. } => *line,
            MarkdownError::Budget { .. } | MarkdownError::Internal(_) => 1,
        }
    }

    /// The same error for a piece that starts `lines` lines into its document.
    fn shifted(self, lines: usize) -> Self {
        match self {
            MarkdownError::TooDeep { limit, line } => MarkdownError::TooDeep {
                limit,
                line: line + lines,
            },
            other => other,
        }
    }
}

/// The comrak options readyroom parses with: GFM tables, task lists, autolinks,
/// strikethrough and `---` front matter.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.front_matter_delimiter = Some("---".to_string());
    o
}

/// Documents at least this large are parsed in pieces on several cores.
const SPLIT_THRESHOLD: usize = 2 * PIECE_BYTES;

/// The size large documents are cut into. Small pieces keep each piece's parse tree in
/// cache, let the next piece on the same core reuse its memory, and spread one big
/// document over every core.
const PIECE_BYTES: usize = 128 * 1024;

/// Parse one document. `path` is project-relative with `/` separators. Large documents
/// are cut at ATX headings into pieces of about [`PIECE_BYTES`], parsed in parallel
/// (see [`split_points`]); the result is identical to parsing the whole at once.
pub fn parse_document(
    path: &str,
    source: String,
    role: Option<Role>,
) -> Result<Document, MarkdownError> {
    let pieces = source.len().div_ceil(PIECE_BYTES);
    parse_document_in(path, source, role, pieces)
}

/// [`parse_document`] using at most `pieces` pieces (1 parses the document whole).
/// Documents under [`SPLIT_THRESHOLD`] are always parsed whole.
pub fn parse_document_in(
    path: &str,
    source: String,
    role: Option<Role>,
    pieces: usize,
) -> Result<Document, MarkdownError> {
    parse_pieces(path, source, role, pieces, None, false).map(|(doc, _)| doc)
}

/// [`parse_document`] taking the unchanged pieces from `memo` (see
/// [`parse_document_after`]), for a parse whose result is looked at and dropped (an
/// edit's verification): no new memo is made.
pub fn parse_document_reusing(
    path: &str,
    source: String,
    role: Option<Role>,
    memo: Option<&PieceMemo>,
) -> Result<Document, MarkdownError> {
    let pieces = source.len().div_ceil(PIECE_BYTES);
    parse_pieces(path, source, role, pieces, memo, false).map(|(doc, _)| doc)
}

/// [`parse_document`] for a new version of a document whose previous version left
/// `memo`: a piece whose text is unchanged takes its parts from the memo instead of
/// being parsed again, so an edit of one row of a large table re-parses one piece of
/// about [`PIECE_BYTES`], not the whole file. The result is identical to
/// [`parse_document`]'s. Also returns the memo this version leaves for the next (none
/// for a document small enough to be parsed whole).
pub fn parse_document_after(
    path: &str,
    source: String,
    role: Option<Role>,
    memo: Option<&PieceMemo>,
) -> Result<(Document, Option<PieceMemo>), MarkdownError> {
    let pieces = source.len().div_ceil(PIECE_BYTES);
    parse_pieces(path, source, role, pieces, memo, true)
}

/// What parsing a large document in pieces left behind: the source and the parts of
/// each piece, so that parsing the next version re-parses only the pieces whose text
/// changed ([`parse_document_after`]). A piece's parts depend on its text alone (their
/// spans and lines count from the piece's start; anchors are numbered on merging).
#[derive(Debug, Clone, Default)]
pub struct PieceMemo {
    source: String,
    pieces: Vec<(std::ops::Range<usize>, Arc<Parts>)>,
    /// How many of these pieces the parse that left the memo took from the memo
    /// before it instead of parsing them.
    reused: usize,
}

impl PieceMemo {
    /// The parts of a piece whose text is exactly `text`, if the memo holds one.
    fn find(&self, text: &str) -> Option<&Arc<Parts>> {
        self.pieces
            .iter()
            .find(|(r, _)| r.len() == text.len() && self.source.get(r.clone()) == Some(text))
            .map(|(_, parts)| parts)
    }

    /// How many pieces the document was cut into.
    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }

    /// How many pieces the parse that left this memo took from the previous memo
    /// (the rest it parsed).
    pub fn reused(&self) -> usize {
        self.reused
    }
}

/// Parse `source` in at most `pieces` pieces, unchanged ones from `memo`; with `keep`,
/// the memo of this parse is returned too.
fn parse_pieces(
    path: &str,
    source: String,
    role: Option<Role>,
    pieces: usize,
    memo: Option<&PieceMemo>,
    keep: bool,
) -> Result<(Document, Option<PieceMemo>), MarkdownError> {
    let lines = LineIndex::new(&source);
    let cuts = if source.len() >= SPLIT_THRESHOLD && pieces > 1 {
        split_points(&source, pieces)
    } else {
        Vec::new()
    };
    let mut left = None;
    let parts = if cuts.is_empty() {
        parse_piece(&source)?
    } else {
        let mut bounds = vec![0];
        bounds.extend(&cuts);
        bounds.push(source.len());
        let results: Vec<(Result<Arc<Parts>, MarkdownError>, bool)> = bounds
            .par_windows(2)
            .map(|w| {
                let text = &source[w[0]..w[1]];
                match memo.and_then(|m| m.find(text)) {
                    Some(parts) => (Ok(Arc::clone(parts)), true),
                    None => (parse_piece(text).map(Arc::new), false),
                }
            })
            .collect();
        let reused = results.iter().filter(|(_, kept)| *kept).count();
        let mut parsed = Vec::with_capacity(results.len());
        for ((r, _), start) in results.into_iter().zip(&bounds) {
            let line = lines.line_of(*start) - 1;
            parsed.push((*start, line, r.map_err(|e| e.shifted(line))?));
        }
        if keep {
            left = Some(PieceMemo {
                reused,
                source: source.clone(),
                pieces: parsed
                    .iter()
                    .zip(bounds.windows(2))
                    .map(|((_, _, parts), w)| (w[0]..w[1], Arc::clone(parts)))
                    .collect(),
            });
        }
        merge(
            parsed
                .into_iter()
                .map(|(bytes, line, parts)| (bytes, line, Arc::unwrap_or_clone(parts)))
                .collect(),
        )
    };
    let mut doc = Document {
        anchors: anchor_set(&parts),
        path: path.to_string(),
        role,
        headings: parts.headings,
        links: parts.links,
        tables: parts.tables,
        tasks: parts.tasks,
        dated: parts.dated,
        settings: parts.settings,
        html_anchors: parts.html_anchors,
        code: parts.code,
        emphasis: parts.emphasis,
        lines,
        source,
    };
    let extra = super::settings::from_tables_and_front_matter(&doc);
    doc.settings.extend(extra);
    doc.settings.sort_by_key(|s| s.span.start);
    Ok((doc, left))
}

/// Parse one piece of text (a whole document, or a piece of one) into parts whose
/// spans and lines are relative to the piece.
fn parse_piece(source: &str) -> Result<Parts, MarkdownError> {
    parse_piece_within(source, step_budget(source.len()))
}

/// [`parse_piece`] with a budget of `steps` parser steps.
fn parse_piece_within(source: &str, steps: usize) -> Result<Parts, MarkdownError> {
    let lines = LineIndex::new(source);
    let opts = options();
    let allowed = steps / STEPS_PER_ASK;
    let outcome = crate::contain::contain(|| {
        let arena = Arena::new();
        let asked = Counter::new(0usize);
        let cancel = || {
            asked.set(asked.get() + 1);
            asked.get() > allowed
        };
        let Ok(root) = try_parse_document(&arena, source, &opts, &cancel) else {
            return Err(MarkdownError::Budget {
                steps,
                bytes: source.len(),
            });
        };
        if let Some(line) = too_deep(root, MAX_NESTING) {
            return Err(MarkdownError::TooDeep {
                limit: MAX_NESTING,
                line,
            });
        }
        let mut walker = Walker::new(source, &lines);
        walker.walk(root);
        Ok(walker.finish())
    });
    outcome.unwrap_or_else(|panic| Err(MarkdownError::Internal(crate::model::inert_owned(panic.0))))
}

/// The steps comrak may take on `bytes` of input.
fn step_budget(bytes: usize) -> usize {
    bytes
        .saturating_mul(STEPS_PER_BYTE)
        .saturating_add(BASE_STEPS)
}

/// The 1-based line of the first node nested deeper than `limit` levels below `root`,
/// if any. Walks the tree once, without recursion.
fn too_deep<'a>(root: &'a AstNode<'a>, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                depth += 1;
                if depth > limit + 1 {
                    return Some(node.data().sourcepos.start.line.max(1));
                }
            }
            NodeEdge::End(_) => depth -= 1,
        }
    }
    None
}

/// Byte offsets where a document can be cut into pieces that parse the same apart as
/// together: the starts of top-level ATX heading lines (`# …` at column 0), outside
/// front matter and fenced code. Empty when the document is not safe to cut: it has link
/// reference definitions (used across pieces), HTML blocks, or lone-CR line endings.
/// Picks at most `pieces - 1` cuts, near equal sizes.
pub fn split_points(src: &str, pieces: usize) -> Vec<usize> {
    let bytes = src.as_bytes();
    if bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || bytes.last() == Some(&b'\r') {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    let mut offset = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut front_matter = src.starts_with("---\n") || src.starts_with("---\r\n");
    for (n, line) in src.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        if front_matter {
            if n > 0 && (text == "---" || text == "...") {
                front_matter = false;
            }
            continue;
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        let body = &text[indent..];
        if indent <= 3 {
            let run = body.bytes().take_while(|&b| b == b'`' || b == b'~').count();
            if run >= 3 {
                let c = body.as_bytes()[0];
                let same = body.bytes().take(run).all(|b| b == c);
                match fence {
                    None if same => {
                        fence = Some((c, run));
                        continue;
                    }
                    Some((fc, fl))
                        if same && c == fc && run >= fl && body[run..].trim().is_empty() =>
                    {
                        fence = None;
                        continue;
                    }
                    _ => {}
                }
            }
        }
        if fence.is_some() || indent > 3 {
            continue;
        }
        if body.starts_with('<') || (body.starts_with('[') && body.contains("]:")) {
            return Vec::new();
        }
        let hashes = body.bytes().take_while(|&b| b == b'#').count();
        let atx = indent == 0
            && (1..=6).contains(&hashes)
            && body[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if atx && start > 0 {
            candidates.push(start);
        }
    }
    if fence.is_some() || front_matter {
        return Vec::new();
    }
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let target = src.len() * k / pieces;
        let at = candidates.partition_point(|&c| c < target);
        let pick = [at.checked_sub(1), Some(at)]
            .into_iter()
            .flatten()
            .filter_map(|i| candidates.get(i).copied())
            .min_by_key(|&c| c.abs_diff(target));
        if let Some(c) = pick
            && cuts.last().is_none_or(|&l| c > l)
        {
            cuts.push(c);
        }
    }
    cuts
}

/// Join pieces parsed apart: shift their spans and lines to the whole document, point
/// sections at the right headings, and give headings the anchors they would have had
/// (duplicates numbered across the whole document).
fn merge(mut pieces: Vec<(usize, usize, Parts)>) -> Parts {
    // Where each piece's headings and links start among the whole document's.
    let (mut headings, mut links) = (0, 0);
    let bases: Vec<(usize, usize)> = pieces
        .iter()
        .map(|(_, _, p)| {
            let base = (headings, links);
            headings += p.headings.len();
            links += p.links.len();
            base
        })
        .collect();
    // Each piece's positions are moved to the whole's on all cores (an RTM's pieces
    // hold hundreds of thousands of cells); the parts are then appended in order.
    pieces
        .par_iter_mut()
        .zip(&bases)
        .for_each(|((bytes, lines, p), &(headings, links))| {
            p.shift(*bytes, *lines, headings, links);
        });
    // Sized once: growing a vector of a million links by doubling copies it again and
    // again into fresh pages.
    let total = |f: fn(&Parts) -> usize| pieces.iter().map(|(_, _, p)| f(p)).sum::<usize>();
    let mut all = Parts {
        headings: Vec::with_capacity(total(|p| p.headings.len())),
        links: Vec::with_capacity(total(|p| p.links.len())),
        tables: Vec::with_capacity(total(|p| p.tables.len())),
        tasks: Vec::with_capacity(total(|p| p.tasks.len())),
        dated: Vec::with_capacity(total(|p| p.dated.len())),
        settings: Vec::with_capacity(total(|p| p.settings.len())),
        html_anchors: Vec::with_capacity(total(|p| p.html_anchors.len())),
        code: Vec::with_capacity(total(|p| p.code.len())),
        emphasis: Vec::with_capacity(total(|p| p.emphasis.len())),
    };
    for (_, _, p) in pieces {
        all.headings.extend(p.headings);
        all.links.extend(p.links);
        all.tables.extend(p.tables);
        all.tasks.extend(p.tasks);
        all.dated.extend(p.dated);
        all.settings.extend(p.settings);
        all.html_anchors.extend(p.html_anchors);
        all.code.extend(p.code);
        all.emphasis.extend(p.emphasis);
    }
    let anchors = AnchorStyle::Github.anchors(all.headings.iter().map(|h| h.plain.as_str()));
    for (h, anchor) in all.headings.iter_mut().zip(anchors) {
        h.anchor = anchor;
    }
    all
}

fn anchor_set(parts: &Parts) -> foldhash::HashSet<String> {
    parts
        .headings
        .iter()
        .map(|h| h.anchor.clone())
        .chain(parts.html_anchors.iter().cloned())
        .collect()
}

#[derive(Debug, Clone, Default)]
struct Parts {
    headings: Vec<Heading>,
    links: Vec<Link>,
    tables: Vec<Table>,
    tasks: Vec<TaskEntry>,
    dated: Vec<DatedEntry>,
    settings: Vec<Setting>,
    html_anchors: Vec<String>,
    code: Vec<Span>,
    emphasis: Vec<Emphasis>,
}

impl Parts {
    /// Move the parts of a piece that starts `bytes` bytes and `lines` lines into its
    /// document, after `headings` headings and `links` links of the pieces before it.
    fn shift(&mut self, bytes: usize, lines: usize, headings: usize, links: usize) {
        let sec = |s: Option<usize>| match s {
            Some(i) => Some(i + headings),
            // Before the piece's first heading: under the last heading of the one before.
            None => headings.checked_sub(1),
        };
        let sh = |s: Span| Span::new(s.start + bytes, s.end + bytes);
        for h in &mut self.headings {
            h.span = sh(h.span);
            h.line += lines;
        }
        for l in &mut self.links {
            l.span = sh(l.span);
            l.line += lines;
        }
        let shift_cell = |c: &mut Cell| {
            c.raw = sh(c.raw);
            c.span = sh(c.span);
            c.links = c.links.shifted(links);
        };
        for t in &mut self.tables {
            t.span = sh(t.span);
            t.line += lines;
            t.delimiter = sh(t.delimiter);
            t.section = sec(t.section);
            t.header.iter_mut().for_each(shift_cell);
            for r in &mut t.rows {
                r.span = sh(r.span);
                r.line += lines;
                r.cells.iter_mut().for_each(shift_cell);
            }
        }
        for t in &mut self.tasks {
            t.symbol = sh(t.symbol);
            t.text_span = sh(t.text_span);
            t.line_span = sh(t.line_span);
            t.line += lines;
            t.section = sec(t.section);
            t.links = t.links.shifted(links);
        }
        for d in &mut self.dated {
            d.text_span = sh(d.text_span);
            d.line += lines;
            d.section = sec(d.section);
        }
        for st in &mut self.settings {
            st.span = sh(st.span);
            st.line += lines;
            st.section = sec(st.section);
        }
        for c in &mut self.code {
            *c = sh(*c);
        }
        for e in &mut self.emphasis {
            e.span = sh(e.span);
        }
    }
}

struct Walker<'s> {
    src: &'s str,
    lines: &'s LineIndex,
    /// Columns of links, counted incrementally along each line.
    cursor: ColumnCursor<'s>,
    slugger: Slugger,
    parts: Parts,
    /// Heading index in force (the walk is in document order).
    section: Option<usize>,
}

impl<'s> Walker<'s> {
    fn new(src: &'s str, lines: &'s LineIndex) -> Self {
        Walker {
            src,
            lines,
            cursor: ColumnCursor::new(src, lines),
            slugger: Slugger::new(AnchorStyle::Github),
            parts: Parts::default(),
            section: None,
        }
    }

    fn finish(mut self) -> Parts {
        // A task's links are those on its text line; tasks and links are both in
        // document order, so one pass over each pairs them.
        let mut li = 0;
        for task in &mut self.parts.tasks {
            let links = &self.parts.links;
            while li < links.len() && links[li].span.start < task.text_span.start {
                li += 1;
            }
            let mut end = li;
            while end < links.len() && links[end].span.start < task.line_span.end {
                end += 1;
            }
            task.links = LinkRange::new(li..end);
        }
        self.parts.code.sort_unstable();
        let mut merged: Vec<Span> = Vec::with_capacity(self.parts.code.len());
        for s in self.parts.code.drain(..) {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        self.parts.code = merged;
        self.parts.emphasis.sort_by_key(|e| e.span.start);
        self.parts
    }

    /// Byte range of a sourcepos, clamped: comrak ends are inclusive, empty nodes end
    /// one before they start, and `N:0` means "through the newline ending line N-1".
    fn range(&self, sp: Sourcepos) -> Span {
        let start = self.lines.offset(sp.start.line, sp.start.column);
        let end = if sp.end.column == 0 {
            self.lines.line_start(sp.end.line)
        } else {
            self.lines.offset(sp.end.line, sp.end.column + 1)
        };
        let end = end.max(start).min(self.src.len());
        Span::new(start, end)
    }

    /// Walk the blocks under `root` in document order, with an explicit stack.
    fn walk<'a>(&mut self, root: &'a AstNode<'a>) {
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if self.block(node) {
                let at = stack.len();
                stack.extend(node.children());
                stack[at..].reverse();
            }
        }
    }

    /// Record one block; true when its children are blocks to walk as well.
    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> bool {
        /// What the walk needs of a node, taken without cloning its content.
        enum Block {
            Code,
            Heading(u8),
            Table,
            Task(Option<char>, Sourcepos),
            Item,
            Paragraph,
            Other,
        }
        let (block, sp) = {
            let data = node.data();
            let block = match &data.value {
                NodeValue::FrontMatter(_) | NodeValue::CodeBlock(_) => Block::Code,
                NodeValue::HtmlBlock(html) => {
                    html_anchors(&html.literal, &mut self.parts.html_anchors);
                    Block::Code
                }
                NodeValue::Heading(h) => Block::Heading(h.level),
                NodeValue::Table(_) => Block::Table,
                NodeValue::TaskItem(t) => Block::Task(t.symbol, t.symbol_sourcepos),
                NodeValue::Item(_) => Block::Item,
                NodeValue::Paragraph => Block::Paragraph,
                _ => Block::Other,
            };
            (block, data.sourcepos)
        };
        match block {
            Block::Code => {
                let span = self.range(sp);
                self.parts.code.push(span);
                false
            }
            Block::Heading(level) => {
                let text = plain_text(node, usize::MAX);
                let anchor = self.slugger.anchor(&text);
                let mut span = self.lines.line_span(self.src, sp.start.line);
                if span.start == 0 && self.src.starts_with('\u{feff}') {
                    // A byte order mark is not part of the first line's heading.
                    span.start = '\u{feff}'.len_utf8();
                }
                let span = Span::new(span.start, self.range(sp).end.max(span.end));
                self.parts.headings.push(Heading {
                    level,
                    text: inert(&text).into_owned(),
                    plain: text,
                    anchor,
                    span,
                    line: sp.start.line,
                });
                self.section = Some(self.parts.headings.len() - 1);
                self.inlines(node, None);
                false
            }
            Block::Table => {
                self.table(node, sp);
                false
            }
            Block::Task(symbol, symbol_sp) => {
                self.task_item(node, sp, symbol, symbol_sp);
                true
            }
            Block::Item => {
                self.dated_item(node, sp);
                true
            }
            Block::Paragraph => {
                self.settings(sp);
                self.inlines(node, None);
                false
            }
            Block::Other => true,
        }
    }

    /// Record links, inline code and comments under a block. `cell` is the content
    /// span of an enclosing table cell whose inline positions cannot be trusted.
    ///
    /// Elsewhere comrak's inline positions are checked against the source before they
    /// are kept: they are shifted after a link reference definition that opens the
    /// paragraph (corrected here) and after a link whose destination wraps a line. A link
    /// whose position does not hold the link takes the block's span instead, and code
    /// spans are then found by hand.
    fn inlines<'a>(&mut self, node: &'a AstNode<'a>, cell: Option<Span>) -> LinkRange {
        let block = self.range(node.data().sourcepos);
        let shift = self.refdef_shift(node);
        let first = self.parts.links.len();
        let mut unsure = false;
        for d in node.descendants().skip(1) {
            // Borrowed mutably: nothing reads a link's destination after this walk, so
            // it is taken from the tree, not copied.
            let mut data = d.data_mut();
            let mut sp = data.sourcepos;
            sp.start.line += shift;
            sp.end.line += shift;
            let image = matches!(data.value, NodeValue::Image(_));
            match &mut data.value {
                NodeValue::Link(link) | NodeValue::Image(link) => {
                    let url = std::mem::take(&mut link.url);
                    drop(data);
                    let text = link_text(d);
                    let span = cell.unwrap_or_else(|| {
                        let span = self.range(sp);
                        if holds_link(span.slice(self.src), &text) {
                            span
                        } else {
                            unsure = true;
                            block
                        }
                    });
                    let (line, column) = self.cursor.position(span.start);
                    self.parts.links.push(Link {
                        text: inert_owned(text),
                        target: classify(&url),
                        destination: url,
                        span,
                        line,
                        column,
                        image,
                    });
                }
                NodeValue::Code(_) if cell.is_none() => {
                    let span = self.range(sp);
                    let raw = span.slice(self.src);
                    if raw.len() >= 2 && raw.starts_with('`') && raw.ends_with('`') {
                        self.parts.code.push(span);
                    } else {
                        unsure = true;
                    }
                }
                NodeValue::Emph | NodeValue::Strong if cell.is_none() => {
                    let strong = matches!(data.value, NodeValue::Strong);
                    let span = self.range(sp);
                    let e = Emphasis { span, strong };
                    if delimited(span.slice(self.src), e.delimiter()) {
                        self.parts.emphasis.push(e);
                    }
                }
                NodeValue::HtmlInline(html) if html.starts_with("<!--") && cell.is_none() => {
                    let span = self.range(sp);
                    let raw = span.slice(self.src);
                    if raw.starts_with("<!--") && raw.ends_with('>') {
                        self.parts.code.push(span);
                    }
                }
                NodeValue::HtmlInline(html) if html.starts_with("<!--") => {}
                NodeValue::HtmlInline(html) => html_anchors(html, &mut self.parts.html_anchors),
                _ => {}
            }
        }
        if unsure {
            self.code_spans_lexically(block);
        }
        LinkRange::new(first..self.parts.links.len())
    }

    /// Lines by which comrak misplaces the inlines of a paragraph (or setext heading)
    /// that opens with link reference definitions: it removes them from the content but
    /// keeps counting inline lines from the paragraph's first line.
    fn refdef_shift<'a>(&self, node: &'a AstNode<'a>) -> usize {
        let data = node.data();
        let sp = data.sourcepos;
        let content_end = match data.value {
            NodeValue::Paragraph => sp.end.line,
            NodeValue::Heading(h) if h.setext => sp.end.line.saturating_sub(1),
            _ => return 0,
        };
        let first = self
            .range(sp)
            .slice(self.src)
            .split(['\n', '\r'])
            .next()
            .unwrap_or("");
        let opens_with_definition = first.starts_with('[')
            && first
                .find("]:")
                .is_some_and(|i| !first[1..i].contains(['[', ']']));
        if !opens_with_definition {
            return 0;
        }
        drop(data);
        node.descendants()
            .skip(1)
            .map(|d| d.data().sourcepos.end.line)
            .max()
            .map_or(0, |last| content_end.saturating_sub(last))
    }

    fn table<'a>(&mut self, node: &'a AstNode<'a>, sp: Sourcepos) {
        let table_span = self.range(sp);
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for row in node.children() {
            let (is_header, row_sp) = {
                let data = row.data();
                match data.value {
                    NodeValue::TableRow(h) => (h, data.sourcepos),
                    _ => continue,
                }
            };
            let mut cells = Vec::new();
            for cell in row.children() {
                let cell_sp = cell.data().sourcepos;
                cells.push(self.cell(cell, cell_sp));
            }
            if is_header {
                header = cells;
            } else {
                let line = row_sp.start.line;
                rows.push(Row {
                    span: self.lines.line_span(self.src, line),
                    line,
                    cells,
                });
            }
        }
        let line = sp.start.line;
        let delimiter = self.lines.line_span(self.src, line + 1);
        let last_line = rows.last().map_or(line + 1, |r| r.line);
        let end = self.lines.line_span(self.src, last_line).end;
        self.parts.tables.push(Table {
            span: Span::new(table_span.start, end.max(table_span.start)),
            line,
            header,
            delimiter,
            rows,
            section: self.section,
        });
    }

    fn cell<'a>(&mut self, node: &'a AstNode<'a>, sp: Sourcepos) -> Cell {
        let start = self.lines.offset(sp.start.line, sp.start.column);
        let end = if sp.end.line < sp.start.line
            || (sp.end.line == sp.start.line && sp.end.column < sp.start.column)
        {
            start
        } else {
            self.lines.offset(sp.end.line, sp.end.column + 1)
        };
        let raw = Span::new(start, end.max(start));
        let raw_text = raw.slice(self.src);
        // comrak synthesizes missing cells one byte past the row's last cell: on its
        // closing pipe, or on the line ending (end of file) when the row has none.
        if start >= self.src.len() || raw_text.starts_with(['|', '\r', '\n']) {
            return Cell {
                raw: Span::new(start, start),
                span: Span::new(start, start),
                text: Arc::from(""),
                links: LinkRange::default(),
                missing: true,
            };
        }
        // GFM pads cells with ASCII spaces and tabs only; other white space is content.
        let lead = raw_text.len() - raw_text.trim_start_matches(CELL_PADDING).len();
        let trail = raw_text.len() - raw_text.trim_end_matches(CELL_PADDING).len();
        let span = if lead == raw_text.len() {
            // Empty cell: an insertion point after the first padding space.
            let at = start + usize::from(!raw_text.is_empty());
            Span::new(at, at)
        } else {
            Span::new(start + lead, end - trail)
        };
        let escaped = span.slice(self.src).contains("\\|");
        // Read before the links: they take their text from the tree.
        let text = cell_text(node);
        let links = self.inlines(node, escaped.then_some(span));
        if escaped {
            self.code_spans_lexically(span);
        }
        Cell {
            raw,
            span,
            text,
            links,
            missing: false,
        }
    }

    /// Find backtick code spans by hand where comrak's inline positions are shifted
    /// (cells containing `\|`).
    fn code_spans_lexically(&mut self, span: Span) {
        let bytes = span.slice(self.src).as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let mut j = i + run;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let r = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                        if r == run {
                            close = Some(j + r);
                            break;
                        }
                        j += r;
                    } else {
                        j += 1;
                    }
                }
                if let Some(c) = close {
                    self.parts
                        .code
                        .push(Span::new(span.start + i, span.start + c));
                    i = c;
                    continue;
                }
                i += run;
            } else {
                i += 1;
            }
        }
    }

    fn task_item<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        sp: Sourcepos,
        symbol: Option<char>,
        symbol_sp: Sourcepos,
    ) {
        let sym_start = self
            .lines
            .offset(symbol_sp.start.line, symbol_sp.start.column);
        let line = symbol_sp.start.line.max(sp.start.line);
        let line_span = self.lines.line_span(self.src, line);
        // Text starts after the closing bracket.
        let after = self.src[sym_start..line_span.end]
            .find(']')
            .map_or(line_span.end, |i| sym_start + i + 1);
        let text_span = trim_span(self.src, Span::new(after.min(line_span.end), line_span.end));
        let first_para = node
            .children()
            .find(|c| matches!(c.data().value, NodeValue::Paragraph));
        let text = first_para.map(first_line_text).unwrap_or_default();
        self.parts.tasks.push(TaskEntry {
            checked: symbol.is_some_and(|c| c != ' '),
            symbol: Span::new(sym_start, sym_start + 1),
            text_span,
            text: inert_owned(text),
            line_span,
            line,
            section: self.section,
            // The item's inlines are walked after it: `finish` fills these in.
            links: LinkRange::default(),
        });
    }

    fn dated_item<'a>(&mut self, node: &'a AstNode<'a>, sp: Sourcepos) {
        let line_span = self.lines.line_span(self.src, sp.start.line);
        let raw = line_span.slice(self.src);
        let body = raw
            .trim_start()
            .trim_start_matches(|c: char| matches!(c, '-' | '*' | '+') || c.is_ascii_digit())
            .trim_start_matches(['.', ')'])
            .trim_start();
        if !crate::model::is_iso_date_prefix(body) {
            return;
        }
        let start = line_span.end - body.len();
        let text_span = trim_span(self.src, Span::new(start, line_span.end));
        let text = node
            .children()
            .find(|c| matches!(c.data().value, NodeValue::Paragraph))
            .map(first_line_text)
            .unwrap_or_default();
        self.parts.dated.push(DatedEntry {
            text_span,
            text: inert_owned(text),
            line: sp.start.line,
            section: self.section,
        });
    }

    /// `Key: value` lines of a paragraph (see [`super::settings::read_line`]).
    fn settings(&mut self, sp: Sourcepos) {
        for line in sp.start.line..=sp.end.line.max(sp.start.line) {
            let span = self.lines.line_span(self.src, line);
            let Some((key, value)) = super::settings::read_line(span.slice(self.src)) else {
                continue;
            };
            let value = Span::new(span.start + value.start, span.start + value.end);
            self.parts.settings.push(Setting {
                key,
                value: inert(value.slice(self.src)).into_owned(),
                span: value,
                line,
                section: self.section,
                source: SettingSource::Line,
            });
        }
    }
}

/// True when `raw` (the source at a link's computed position) is the link: bracketed
/// (`[…](…)`, `[…][…]`, `![…](…)`), an angle autolink, or a bare autolink whose source is
/// its text.
fn holds_link(raw: &str, text: &str) -> bool {
    let bracketed = (raw.starts_with('[') || raw.starts_with("![")) && raw.ends_with([')', ']']);
    let angled = raw.len() > 2 && raw.starts_with('<') && raw.ends_with('>');
    bracketed || angled || (!raw.is_empty() && raw == text)
}

/// Collect `id="…"` and `name="…"` attribute values of HTML into `out`.
fn html_anchors(html: &str, out: &mut Vec<String>) {
    if html.trim_start().starts_with("<!--") {
        return;
    }
    for attr in [" id=", " name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(quote) {
                out.push(rest[1..=end].to_string());
            }
        }
    }
}

fn trim_span(src: &str, span: Span) -> Span {
    let s = span.slice(src);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    Span::new(span.start + lead, span.start + lead + t.len())
}

/// True for an inline `<br>` (`<br/>`, `<BR />`): a line break written as HTML, the
/// only way to break a line inside a table cell.
fn is_html_break(html: &str) -> bool {
    let tag = html.trim_end_matches('>').trim_end_matches('/').trim_end();
    tag.eq_ignore_ascii_case("<br")
}

/// True when `raw` opens and closes with the same `n` emphasis delimiters (`*`/`_`):
/// comrak's position of an emphasis is kept only where it holds the emphasis.
fn delimited(raw: &str, n: usize) -> bool {
    let b = raw.as_bytes();
    b.len() > 2 * n
        && matches!(b[0], b'*' | b'_')
        && b[..n].iter().all(|&c| c == b[0])
        && b[b.len() - n..].iter().all(|&c| c == b[0])
}

/// Text content of a node: text, code literals, link text; breaks (`<br>` included)
/// become spaces. At most `max` bytes are collected from at most `max` nodes (cut at a
/// character boundary, with `…` after); pass `usize::MAX` for all of it.
pub(crate) fn plain_text<'a>(node: &'a AstNode<'a>, max: usize) -> String {
    // Most cells and headings hold one text node: copy it once, at its exact size.
    if let Some(only) = node.first_child()
        && only.next_sibling().is_none()
        && only.first_child().is_none()
        && let NodeValue::Text(t) = &only.data().value
        && t.len() <= max
    {
        return t.to_string();
    }
    let mut out = String::new();
    for (visited, d) in node.descendants().enumerate() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::HtmlInline(h) if is_html_break(h) => out.push(' '),
            NodeValue::HtmlInline(h) if !h.starts_with("<!--") => out.push_str(h),
            _ => {}
        }
        if out.len() > max || visited >= max {
            let mut cut = max.min(out.len());
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            out.push('…');
            break;
        }
    }
    out
}

/// A link's [`plain_text`], bounded. A link of one text node (most are) gives its text
/// up: the walk has read what encloses it (a heading's or a cell's text) before it
/// reaches the links, and reads the link's text no more.
fn link_text<'a>(link: &'a AstNode<'a>) -> String {
    if let Some(only) = link.first_child()
        && only.next_sibling().is_none()
        && only.first_child().is_none()
        && let NodeValue::Text(t) = &mut only.data_mut().value
        && t.len() <= MAX_LINK_TEXT
    {
        return std::mem::take(t).into_owned();
    }
    plain_text(link, MAX_LINK_TEXT)
}

/// A cell's [`plain_text`], made inert, in the shared form fields take: a cell of one
/// text node (most are) is copied once, straight into it.
fn cell_text<'a>(node: &'a AstNode<'a>) -> Arc<str> {
    if let Some(only) = node.first_child()
        && only.next_sibling().is_none()
        && only.first_child().is_none()
        && let NodeValue::Text(t) = &only.data().value
    {
        return Arc::from(inert(t).as_ref());
    }
    Arc::from(inert_owned(plain_text(node, usize::MAX)))
}

/// Text of a paragraph up to its first line break.
fn first_line_text<'a>(para: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for d in para.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => break,
            NodeValue::HtmlInline(h) if !h.starts_with("<!--") => out.push_str(h),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Classify a link destination without touching the file system.
pub fn classify(url: &str) -> LinkTarget {
    let url = url.trim();
    if url.contains("{{") || url.contains("{%") {
        return LinkTarget::Templated;
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return LinkTarget::Anchor {
            anchor: percent_decode(anchor),
        };
    }
    if url.starts_with("//") || has_scheme(url) {
        return LinkTarget::External;
    }
    if url.starts_with('/') {
        return LinkTarget::SiteAbsolute {
            path: url.to_string(),
        };
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    LinkTarget::Relative {
        path: percent_decode(path),
        anchor,
    }
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.len() > 1
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decode `%XX` escapes; invalid escapes and non-UTF-8 results are kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A document large enough to be cut into pieces: sections of table rows with
    /// links, tasks and emphasis.
    fn large_document() -> String {
        let mut text = String::from("# Requirements\n\nSee [the plan](plan.md#top).\n");
        for block in 0..40 {
            let _ = write!(
                text,
                "\n## Block {block}\n\n| ID | Requirement | Evidence |\n|---|---|---|\n"
            );
            for row in 0..200 {
                let _ = writeln!(
                    text,
                    "| REQ-{block:02}{row:03} | The *system* does `thing {row}` | [test](tests.md#t-{row}) |"
                );
            }
            text.push_str("\n- [ ] Review this block\n");
        }
        text
    }

    #[test]
    fn a_new_version_parsed_against_the_memo_equals_a_parse_from_scratch() {
        let v1 = large_document();
        let (doc1, memo) =
            parse_document_after("rtm.md", v1.clone(), Some(Role::Rtm), None).expect("v1");
        assert_eq!(
            doc1,
            parse_document("rtm.md", v1.clone(), Some(Role::Rtm)).expect("v1")
        );
        let memo = memo.expect("a large document leaves a memo");
        assert!(memo.pieces() > 4, "{} pieces", memo.pieces());
        assert_eq!(memo.reused(), 0);
        // One cell changes length; a heading is renamed (its anchor and every later
        // duplicate's number may move); a section is deleted; text is appended.
        let edits: Vec<String> = vec![
            v1.replacen(
                "| REQ-20100 | The *system*",
                "| REQ-20100 | The longer *system*",
                1,
            ),
            v1.replacen("## Block 3\n", "## Block 30\n", 1),
            {
                let a = v1.find("\n## Block 7\n").expect("block 7");
                let b = v1.find("\n## Block 8\n").expect("block 8");
                format!("{}{}", &v1[..a], &v1[b..])
            },
            format!("{v1}\n## Block 3\n\nAgain [here](#block-3).\n"),
        ];
        for v2 in edits {
            let (doc2, memo2) =
                parse_document_after("rtm.md", v2.clone(), Some(Role::Rtm), Some(&memo))
                    .expect("v2");
            let reused = parse_document_reusing("rtm.md", v2.clone(), Some(Role::Rtm), Some(&memo))
                .expect("v2");
            let fresh = parse_document("rtm.md", v2, Some(Role::Rtm)).expect("v2");
            assert_eq!(doc2, fresh);
            assert_eq!(reused, fresh);
            let memo2 = memo2.expect("memo");
            assert!(
                memo2.reused() >= memo2.pieces() / 2,
                "{} of {} pieces reused",
                memo2.reused(),
                memo2.pieces()
            );
        }
    }

    #[test]
    fn an_edit_of_one_row_re_parses_one_piece() {
        let v1 = large_document();
        let (_, memo) = parse_document_after("rtm.md", v1.clone(), None, None).expect("v1");
        let memo = memo.expect("memo");
        let v2 = v1.replacen("| REQ-20100 | The *system*", "| REQ-20100 | A *system*", 1);
        let (_, memo2) = parse_document_after("rtm.md", v2, None, Some(&memo)).expect("v2");
        let memo2 = memo2.expect("memo");
        assert_eq!(memo2.reused(), memo2.pieces() - 1);
    }

    #[test]
    fn a_parse_over_its_step_budget_is_refused_the_same_way_every_time() {
        let text = "Some *text* with [a link](#x) and `code`.\n\n".repeat(2_000);
        for _ in 0..3 {
            let err = parse_piece_within(&text, 10_000).err();
            assert_eq!(
                err,
                Some(MarkdownError::Budget {
                    steps: 10_000,
                    bytes: text.len()
                })
            );
        }
        assert!(
            parse_piece(&text).is_ok(),
            "the size's own budget is enough"
        );
    }

    #[test]
    fn emphasis_spans_hold_their_delimiters_and_nest_in_order() {
        let src =
            "[r]: #x\nSee *one* and __two *three*__.\n\n| a *cell* |\n|---|\n| a \\| *no* |\n";
        let doc = parse_document("d.md", src.to_string(), None).expect("parses");
        let got: Vec<(&str, bool)> = doc
            .emphasis
            .iter()
            .map(|e| (e.span.slice(src), e.strong))
            .collect();
        // Not in a cell with an escaped pipe, where inline positions are shifted.
        assert_eq!(
            got,
            vec![
                ("*one*", false),
                ("__two *three*__", true),
                ("*three*", false),
                ("*cell*", false)
            ]
        );
    }

    #[test]
    fn emphasis_spans_are_the_same_when_a_document_is_parsed_in_pieces() {
        let text = "# H\n\nSome *text* and **more**.\n\n".repeat(20_000);
        let whole = parse_document_in("d.md", text.clone(), None, 1).expect("whole");
        let pieces = parse_document_in("d.md", text, None, 8).expect("pieces");
        assert!(!whole.emphasis.is_empty());
        assert_eq!(whole.emphasis, pieces.emphasis);
    }

    #[test]
    fn link_text_is_bounded() {
        let long = format!("[{}](#x) ![{}](u)", "w ".repeat(5_000), "é".repeat(5_000));
        let parts = parse_piece(&long).expect("parses");
        assert_eq!(parts.links.len(), 2);
        for link in &parts.links {
            assert!(
                link.text.len() <= MAX_LINK_TEXT + '…'.len_utf8(),
                "{}",
                link.text.len()
            );
            assert!(link.text.ends_with('…'), "{}", link.text);
        }
    }
}
