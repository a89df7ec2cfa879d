//! Every span the parser records slices back to exactly the bytes it claims, checked
//! independently of the parser: table rows are split on unescaped pipes here, lines are
//! counted here, and every table cell, item field, task checkbox, heading and link of
//! `sample-project` and of the real corpus (`READYROOM_CORPUS`) is compared against that.
//! Small hand-written documents pin exact spans and line numbers for CRLF, tabs,
//! multi-byte text, escaped pipes, HTML blocks, front matter, a BOM, blockquoted tables,
//! short and long rows and empty cells.

use std::path::Path;

use readyroom::model::{Cell, Document, FieldKey, Span, Workspace};
use readyroom::parse::parse_document;
use readyroom::store::load_project;

// ---------------------------------------------------------------------------------------
// An independent model of the source: lines and GFM row splitting.
// ---------------------------------------------------------------------------------------

/// Content ranges (terminator excluded) of every line; lines end at `\n`, `\r\n`, `\r`.
fn line_ranges(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// 1-based line holding byte `offset`.
fn line_of(lines: &[(usize, usize)], offset: usize) -> usize {
    lines.partition_point(|&(s, _)| s <= offset).max(1)
}

/// The whitespace GFM trims around cell content (comrak's `table_spacechar`).
fn is_cell_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0b' | '\x0c')
}

fn trim_cell(s: &str) -> &str {
    s.trim_matches(is_cell_space)
}

/// Where a table row's own content starts on its line: after indentation and any
/// blockquote markers.
fn content_start(src: &str, line: (usize, usize)) -> usize {
    let b = src.as_bytes();
    let mut i = line.0;
    if i == 0 && src.starts_with('\u{feff}') {
        i = 3;
    }
    while i < line.1 && matches!(b[i], b' ' | b'\t' | b'>') {
        i += 1;
    }
    i
}

/// A pipe splits cells unless a backslash stands right before it (comrak's
/// `table_cell = (escaped_char|[^|\r\n])+` swallows `\|` and also `\\|`).
fn is_separator(b: &[u8], i: usize) -> bool {
    b[i] == b'|' && (i == 0 || b[i - 1] != b'\\')
}

/// The raw byte ranges of a row's cells, computed from the line alone.
fn split_row(src: &str, line: (usize, usize)) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let start = content_start(src, line);
    let mut pieces = Vec::new();
    let mut piece_start = start;
    for i in start..line.1 {
        if is_separator(b, i) {
            pieces.push((piece_start, i));
            piece_start = i + 1;
        }
    }
    let had_pipe = !pieces.is_empty();
    pieces.push((piece_start, line.1));
    if start < line.1 && b[start] == b'|' {
        pieces.remove(0);
    }
    if had_pipe
        && let Some(&(s, e)) = pieces.last()
        && src[s..e].chars().all(is_cell_space)
    {
        pieces.pop();
    }
    pieces
}

fn has_unescaped_pipe(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| is_separator(b, i))
}

// ---------------------------------------------------------------------------------------
// The checker: collects every violation so one run reports them all.
// ---------------------------------------------------------------------------------------

struct Checker<'d> {
    doc: &'d Document,
    src: &'d str,
    lines: Vec<(usize, usize)>,
    errors: Vec<String>,
}

impl<'d> Checker<'d> {
    fn new(doc: &'d Document) -> Self {
        Checker {
            doc,
            src: &doc.source,
            lines: line_ranges(&doc.source),
            errors: Vec::new(),
        }
    }

    fn fail(&mut self, at: usize, what: &str) {
        let line = line_of(&self.lines, at.min(self.src.len()));
        self.errors
            .push(format!("{}:{line}: {what}", self.doc.path));
    }

    /// In bounds, ordered and on UTF-8 boundaries.
    fn sound(&mut self, span: Span, what: &str) -> bool {
        let ok = span.start <= span.end
            && span.end <= self.src.len()
            && self.src.is_char_boundary(span.start)
            && self.src.is_char_boundary(span.end);
        if !ok {
            self.fail(
                span.start,
                &format!("{what}: span {span:?} out of bounds or off a char boundary"),
            );
        }
        ok
    }

    fn text(&self, span: Span) -> &'d str {
        &self.src[span.start..span.end]
    }

    fn check_all(&mut self) {
        self.check_tables();
        self.check_tasks();
        self.check_headings();
        self.check_links();
        self.check_other_spans();
    }

    /// One table row (header or body) against the independent split of its line.
    fn check_row(&mut self, line: usize, cells: &[Cell], width: usize, what: &str) {
        let range = self.lines[line - 1];
        let pieces = split_row(self.src, range);
        let row_start = content_start(self.src, range);
        if cells.len() != width {
            self.fail(
                range.0,
                &format!("{what}: {} cells, header has {width}", cells.len()),
            );
        }
        for (k, cell) in cells.iter().enumerate() {
            let what = format!("{what} cell {k}");
            if !self.sound(cell.raw, &what) || !self.sound(cell.span, &what) {
                continue;
            }
            if !cell.raw.contains(cell.span) {
                self.fail(cell.raw.start, &format!("{what}: span outside raw"));
            }
            if cell.raw.start < range.0 || cell.raw.end > range.1 {
                self.fail(cell.raw.start, &format!("{what}: raw leaves its line"));
            }
            let raw = self.text(cell.raw);
            if has_unescaped_pipe(raw) {
                self.fail(cell.raw.start, &format!("{what}: raw {raw:?} holds a pipe"));
            }
            if raw.contains(['\r', '\n']) {
                self.fail(
                    cell.raw.start,
                    &format!("{what}: raw {raw:?} holds a line ending"),
                );
            }
            let trimmed = trim_cell(raw);
            if self.text(cell.span) != trimmed {
                self.fail(
                    cell.span.start,
                    &format!(
                        "{what}: span {:?} is not the trimmed raw {trimmed:?}",
                        self.text(cell.span)
                    ),
                );
            }
            if let Some(&(ps, pe)) = pieces.get(k) {
                if cell.missing {
                    self.fail(ps, &format!("{what}: marked missing but the row has it"));
                }
                let before_ok =
                    cell.raw.start == row_start || self.src.as_bytes()[cell.raw.start - 1] == b'|';
                if !before_ok {
                    self.fail(
                        cell.raw.start,
                        &format!("{what}: raw does not start after a pipe or at the row start"),
                    );
                }
                if (cell.raw.start, cell.raw.end) != (ps, pe) {
                    self.fail(
                        cell.raw.start,
                        &format!(
                            "{what}: raw {:?} but the line splits to {:?}",
                            raw,
                            &self.src[ps..pe]
                        ),
                    );
                }
            } else {
                // A cell the row lacks: synthesized, empty, at the row's final pipe (or
                // its end when it has none).
                let at = pieces.last().map_or(range.1, |&(_, e)| e);
                if !cell.missing || !cell.raw.is_empty() || cell.raw.start != at {
                    self.fail(
                        cell.raw.start,
                        &format!(
                            "{what}: the row has only {} cells, so this one must be missing, \
                             empty and at byte {at}; got missing={} raw={:?}",
                            pieces.len(),
                            cell.missing,
                            cell.raw
                        ),
                    );
                }
            }
            for li in &cell.links {
                if let Some(link) = self.doc.links.get(li) {
                    if !cell.span.contains(link.span) {
                        self.fail(link.span.start, &format!("{what}: link {li} outside cell"));
                    }
                } else {
                    self.fail(cell.raw.start, &format!("{what}: link index {li} dangles"));
                }
            }
        }
    }

    fn check_tables(&mut self) {
        let doc = self.doc;
        for (ti, table) in doc.tables.iter().enumerate() {
            let what = format!("table {ti}");
            self.sound(table.span, &what);
            self.sound(table.delimiter, &what);
            if line_of(&self.lines, table.span.start) != table.line {
                self.fail(table.span.start, &format!("{what}: line {}", table.line));
            }
            let delim = trim_cell(self.text(table.delimiter).trim_start_matches(['>', ' ']));
            if delim.is_empty() || !delim.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                self.fail(
                    table.delimiter.start,
                    &format!("{what}: delimiter span is {delim:?}"),
                );
            }
            let width = table.header.len();
            self.check_row(table.line, &table.header, width, &format!("{what} header"));
            for (ri, row) in table.rows.iter().enumerate() {
                let what = format!("{what} row {ri}");
                let (s, e) = self.lines[row.line - 1];
                if (row.span.start, row.span.end) != (s, e) {
                    self.fail(s, &format!("{what}: span {:?} is not its line", row.span));
                }
                if !table.span.contains(row.span) {
                    self.fail(s, &format!("{what}: outside the table span"));
                }
                self.check_row(row.line, &row.cells, width, &what);
            }
        }
    }

    fn check_tasks(&mut self) {
        let doc = self.doc;
        for (k, task) in doc.tasks.iter().enumerate() {
            let what = format!("task {k}");
            if !self.sound(task.symbol, &what)
                || !self.sound(task.text_span, &what)
                || !self.sound(task.line_span, &what)
            {
                continue;
            }
            let sym = self.text(task.symbol);
            if !matches!(sym, " " | "x" | "X") {
                self.fail(task.symbol.start, &format!("{what}: symbol is {sym:?}"));
                continue;
            }
            let b = self.src.as_bytes();
            if b[task.symbol.start - 1] != b'[' || b.get(task.symbol.end) != Some(&b']') {
                self.fail(task.symbol.start, &format!("{what}: symbol not inside [ ]"));
            }
            if task.checked != (sym != " ") {
                self.fail(task.symbol.start, &format!("{what}: checked disagrees"));
            }
            if line_of(&self.lines, task.symbol.start) != task.line {
                self.fail(task.symbol.start, &format!("{what}: line {}", task.line));
            }
            let (s, e) = self.lines[task.line - 1];
            if (task.line_span.start, task.line_span.end) != (s, e) {
                self.fail(s, &format!("{what}: line_span is not its line"));
            }
            let text = self.text(task.text_span);
            if !task.line_span.contains(task.text_span)
                || task.text_span.start <= task.symbol.start
                || text != text.trim()
            {
                self.fail(
                    task.text_span.start,
                    &format!("{what}: text span {text:?} misplaced or untrimmed"),
                );
            }
        }
    }

    fn check_headings(&mut self) {
        let doc = self.doc;
        for (k, h) in doc.headings.iter().enumerate() {
            let what = format!("heading {k} {:?}", h.text);
            if !self.sound(h.span, &what) {
                continue;
            }
            if line_of(&self.lines, h.span.start) != h.line {
                self.fail(h.span.start, &format!("{what}: line {}", h.line));
            }
            let text = self.text(h.span);
            let atx = text
                .trim_start_matches(['\u{feff}', ' ', '\t', '>'])
                .starts_with('#');
            let last = text.lines().last().unwrap_or("");
            let underline = trim_cell(last.trim_start_matches(['>', ' ']).trim_end());
            let setext = text.lines().count() >= 2
                && !underline.is_empty()
                && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'));
            if !(atx || setext) {
                self.fail(
                    h.span.start,
                    &format!("{what}: span {text:?} is neither ATX nor setext"),
                );
            }
            if !(1..=6).contains(&h.level) {
                self.fail(h.span.start, &format!("{what}: level {}", h.level));
            }
        }
    }

    fn check_links(&mut self) {
        let doc = self.doc;
        // Links in cells with `\|` take the cell's span (comrak shifts inline positions).
        let escaped: Vec<(usize, Span)> = doc
            .tables
            .iter()
            .flat_map(|t| t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)))
            .filter(|c| self.text(c.span).contains("\\|"))
            .flat_map(|c| c.links.iter().map(move |l| (l, c.span)))
            .collect();
        for (k, link) in doc.links.iter().enumerate() {
            let what = format!("link {k} to {:?}", link.destination);
            if !self.sound(link.span, &what) {
                continue;
            }
            if let Some(&(_, cell)) = escaped.iter().find(|(l, _)| *l == k) {
                if link.span != cell {
                    self.fail(
                        link.span.start,
                        &format!("{what}: not the escaped cell's span"),
                    );
                }
                continue;
            }
            let text = self.text(link.span);
            let lower = text.to_ascii_lowercase();
            let bare = ["http://", "https://", "ftp://", "www.", "mailto:", "xmpp:"]
                .iter()
                .any(|p| lower.starts_with(p))
                || (text.contains('@') && !text.contains(char::is_whitespace));
            let shaped = text.starts_with('[') || text.starts_with("![") || text.starts_with('<');
            if !(shaped || bare) {
                self.fail(link.span.start, &format!("{what}: span is {text:?}"));
            }
            let line = line_of(&self.lines, link.span.start);
            let column = self.src[self.lines[line - 1].0..link.span.start]
                .chars()
                .count()
                + 1;
            if (link.line, link.column) != (line, column) {
                self.fail(
                    link.span.start,
                    &format!(
                        "{what}: at {}:{} but the span starts at {line}:{column}",
                        link.line, link.column
                    ),
                );
            }
        }
    }

    fn check_other_spans(&mut self) {
        let doc = self.doc;
        for s in &doc.settings {
            if self.sound(s.span, "setting") {
                let (ls, le) = self.lines[s.line - 1];
                let v = self.text(s.span);
                if s.span.start < ls || s.span.end > le || v.is_empty() || v != v.trim() {
                    self.fail(s.span.start, &format!("setting {:?}: value {v:?}", s.key));
                }
            }
        }
        for d in &doc.dated {
            if self.sound(d.text_span, "dated entry") {
                let (ls, le) = self.lines[d.line - 1];
                let t = self.text(d.text_span);
                if d.text_span.start < ls
                    || d.text_span.end > le
                    || !readyroom::model::is_iso_date_prefix(t)
                {
                    self.fail(d.text_span.start, &format!("dated entry: text {t:?}"));
                }
            }
        }
        let mut prev_end = 0;
        for c in &doc.code {
            self.sound(*c, "code range");
            if c.start < prev_end {
                self.fail(c.start, "code ranges overlap or are unsorted");
            }
            prev_end = c.end;
        }
    }
}

fn check_document(doc: &Document) -> Vec<String> {
    let mut c = Checker::new(doc);
    c.check_all();
    c.errors
}

/// Every item field of a workspace: table fields are their cell, which is re-split here;
/// list fields are trimmed, in bounds and inside their item.
fn check_items(ws: &Workspace) -> Vec<String> {
    let mut errors = Vec::new();
    for item in &ws.items {
        let doc = &ws.docs[item.doc];
        let src = doc.source.as_str();
        let lines = line_ranges(src);
        let at = |f: &str| format!("{}:{} item {}: {f}", doc.path, item.line, item.id);
        for field in &item.fields {
            let ok = field.span.start <= field.span.end
                && field.span.end <= src.len()
                && src.is_char_boundary(field.span.start)
                && src.is_char_boundary(field.span.end);
            if !ok {
                errors.push(at(&format!("field {:?} span out of bounds", field.key)));
                continue;
            }
            let line = line_of(&lines, field.span.start);
            let column = src[lines[line - 1].0..field.span.start].chars().count() + 1;
            if (field.line, field.column) != (line, column) {
                errors.push(at(&format!(
                    "field {:?} claims {}:{}, span starts at {line}:{column}",
                    field.key, field.line, field.column
                )));
            }
        }
        if let Some(ti) = item.table {
            let table = &doc.tables[ti];
            let Some(row) = table.rows.iter().find(|r| r.span == item.span) else {
                errors.push(at("no table row has the item's span"));
                continue;
            };
            let pieces = split_row(src, lines[row.line - 1]);
            if item.fields.len() != table.header.len() {
                errors.push(at(&format!(
                    "{} fields for {} columns",
                    item.fields.len(),
                    table.header.len()
                )));
            }
            for (k, field) in item.fields.iter().enumerate() {
                let expected = pieces.get(k).map_or("", |&(s, e)| trim_cell(&src[s..e]));
                let got = field.span.slice(src);
                if got != expected {
                    errors.push(at(&format!(
                        "field {k} ({:?}) slices to {got:?}, the row's cell is {expected:?}",
                        field.header
                    )));
                }
                if let Some(&(s, e)) = pieces.get(k)
                    && (field.cell.start, field.cell.end) != (s, e)
                {
                    errors.push(at(&format!("field {k}: cell {:?} != {s}..{e}", field.cell)));
                }
            }
        } else {
            for field in &item.fields {
                let got = field.span.slice(src);
                let trimmed = field.key == FieldKey::Checkbox || got == got.trim();
                if !item.span.contains(field.span) || !trimmed {
                    errors.push(at(&format!(
                        "list field {:?} slices to {got:?}, outside the item or untrimmed",
                        field.key
                    )));
                }
            }
            if let Some(ki) = item.task {
                let task = &doc.tasks[ki];
                let sym = task.symbol.slice(src);
                if !matches!(sym, " " | "x" | "X") {
                    errors.push(at(&format!("checkbox is {sym:?}")));
                }
            }
        }
    }
    errors
}

fn assert_clean(what: &str, errors: &[String]) {
    assert!(
        errors.is_empty(),
        "{what}: {} span errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Whole trees.
// ---------------------------------------------------------------------------------------

#[test]
fn sample_project_spans_are_exact() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-project");
    let project = load_project(Path::new(root), &readyroom::rules::rule_ids()).unwrap();
    let ws = &project.workspace;
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    assert!(ws.docs.len() >= 10, "only {} documents", ws.docs.len());
    let mut errors = Vec::new();
    for doc in &ws.docs {
        errors.extend(check_document(doc));
    }
    errors.extend(check_items(ws));
    assert_clean("sample-project", &errors);
    // The check is not vacuous: the sample has tables, items, tasks and links.
    let cells: usize = ws
        .docs
        .iter()
        .flat_map(|d| &d.tables)
        .map(|t| t.rows.iter().map(|r| r.cells.len()).sum::<usize>())
        .sum();
    assert!(cells > 100, "only {cells} cells");
    assert!(ws.items.iter().any(|i| i.table.is_some()));
    assert!(ws.items.iter().any(|i| i.task.is_some()));
    assert!(ws.docs.iter().map(|d| d.links.len()).sum::<usize>() > 20);
}

#[test]
fn corpus_spans_are_exact_and_load_cleanly() {
    let Some(corpus) = std::env::var_os("READYROOM_CORPUS") else {
        eprintln!("skipping corpus test: READYROOM_CORPUS is not set");
        return;
    };
    let project = load_project(Path::new(&corpus), &readyroom::rules::rule_ids()).unwrap();
    let ws = &project.workspace;
    assert!(
        ws.diagnostics.is_empty(),
        "the corpus gave file diagnostics: {:#?}",
        ws.diagnostics
    );
    assert!(ws.docs.len() >= 100, "only {} documents", ws.docs.len());
    let mut errors = Vec::new();
    let mut front_matter_only = 0;
    for doc in &ws.docs {
        errors.extend(check_document(doc));
        if doc.headings.is_empty() {
            // A Hugo section stub (`_index.md` holding only front matter) has no body to
            // head; anything with prose must have a heading.
            let body_outside_code = doc
                .source
                .char_indices()
                .any(|(i, c)| !c.is_whitespace() && c != '\u{feff}' && !doc.is_code(i));
            if body_outside_code {
                errors.push(format!("{}: has prose but no heading", doc.path));
            } else {
                front_matter_only += 1;
            }
        }
    }
    errors.extend(check_items(ws));
    assert_clean("corpus", &errors);
    assert!(
        front_matter_only * 10 < ws.docs.len(),
        "{front_matter_only} documents without headings"
    );
    let links: usize = ws.docs.iter().map(|d| d.links.len()).sum();
    assert!(links > 100, "only {links} links in the corpus");
}

// ---------------------------------------------------------------------------------------
// Small documents with exact expectations.
// ---------------------------------------------------------------------------------------

fn parse(text: &str) -> Document {
    let doc = parse_document("docs/x.md", text.to_string(), None).expect("parses");
    assert_clean(&format!("{text:?}"), &check_document(&doc));
    doc
}

fn s(doc: &Document, span: Span) -> &str {
    &doc.source[span.start..span.end]
}

fn cell_texts<'a>(doc: &'a Document, cells: &[Cell]) -> Vec<&'a str> {
    cells.iter().map(|c| s(doc, c.span)).collect()
}

fn raw_texts<'a>(doc: &'a Document, cells: &[Cell]) -> Vec<&'a str> {
    cells.iter().map(|c| s(doc, c.raw)).collect()
}

#[test]
fn crlf_document_keeps_exact_spans_and_lines() {
    let text = "# Title\r\n\r\nIntro with [a link](other.md).\r\n\r\n| ID | Name |\r\n|----|------|\r\n| A-1 | first |\r\n|B-2|second|\r\n\r\n- [ ] todo one\r\n- [x] done two\r\n";
    let doc = parse(text);
    assert_eq!(doc.headings.len(), 1);
    assert_eq!(s(&doc, doc.headings[0].span), "# Title");
    assert_eq!(doc.headings[0].line, 1);
    assert_eq!(s(&doc, doc.links[0].span), "[a link](other.md)");
    assert_eq!((doc.links[0].line, doc.links[0].column), (3, 12));
    let t = &doc.tables[0];
    assert_eq!(t.line, 5);
    assert_eq!(cell_texts(&doc, &t.header), ["ID", "Name"]);
    assert_eq!(s(&doc, t.delimiter), "|----|------|");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].line, 7);
    assert_eq!(s(&doc, t.rows[0].span), "| A-1 | first |");
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["A-1", "first"]);
    assert_eq!(raw_texts(&doc, &t.rows[0].cells), [" A-1 ", " first "]);
    assert_eq!(cell_texts(&doc, &t.rows[1].cells), ["B-2", "second"]);
    assert_eq!(t.rows[1].line, 8);
    assert_eq!(
        s(&doc, t.span),
        "| ID | Name |\r\n|----|------|\r\n| A-1 | first |\r\n|B-2|second|"
    );
    assert_eq!(doc.tasks.len(), 2);
    assert_eq!(doc.tasks[0].line, 10);
    assert_eq!(s(&doc, doc.tasks[0].symbol), " ");
    assert_eq!(s(&doc, doc.tasks[0].text_span), "todo one");
    assert_eq!(s(&doc, doc.tasks[0].line_span), "- [ ] todo one");
    assert_eq!(s(&doc, doc.tasks[1].symbol), "x");
    assert!(doc.tasks[1].checked);
    assert_eq!(doc.tasks[1].line, 11);
}

#[test]
fn lone_cr_line_endings_count_as_lines() {
    let doc = parse("# T\r\r| a | b |\r|---|---|\r| 1 | 2 |\r");
    let t = &doc.tables[0];
    assert_eq!(t.line, 3);
    assert_eq!(t.rows[0].line, 5);
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["1", "2"]);
}

#[test]
fn tabs_pad_cells_and_separate_task_markers() {
    let text = "|\tKey\t|\tValue |\n|---|---|\n|\tk1\t|  v 1\t|\n\n-\t[X] tabbed task\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    assert_eq!(cell_texts(&doc, &t.header), ["Key", "Value"]);
    assert_eq!(raw_texts(&doc, &t.rows[0].cells), ["\tk1\t", "  v 1\t"]);
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["k1", "v 1"]);
    assert_eq!(doc.tasks[0].line, 5);
    assert_eq!(s(&doc, doc.tasks[0].symbol), "X");
    assert_eq!(doc.tasks[0].symbol.start, text.find("X]").unwrap());
    assert_eq!(s(&doc, doc.tasks[0].text_span), "tabbed task");
}

#[test]
fn multibyte_text_keeps_byte_spans_and_char_columns() {
    let text = "# Résumé 日本\n\n| Café | 日本 | 🚀 |\n|---|---|---|\n| é | 日本語 | 🦀 launch 🚀 |\n\nSee [ドキュメント](docs/日本.md) and ✓ [ok](a.md).\n\n- [ ] naïve ☕ task — owner: Zoë\n";
    let doc = parse(text);
    assert_eq!(s(&doc, doc.headings[0].span), "# Résumé 日本");
    let t = &doc.tables[0];
    assert_eq!(cell_texts(&doc, &t.header), ["Café", "日本", "🚀"]);
    assert_eq!(
        cell_texts(&doc, &t.rows[0].cells),
        ["é", "日本語", "🦀 launch 🚀"]
    );
    assert_eq!(&*t.rows[0].cells[2].text, "🦀 launch 🚀");
    assert_eq!(s(&doc, doc.links[0].span), "[ドキュメント](docs/日本.md)");
    assert_eq!((doc.links[0].line, doc.links[0].column), (7, 5));
    assert_eq!(s(&doc, doc.links[1].span), "[ok](a.md)");
    assert_eq!((doc.links[1].line, doc.links[1].column), (7, 32));
    assert_eq!(
        s(&doc, doc.tasks[0].text_span),
        "naïve ☕ task — owner: Zoë"
    );
}

#[test]
fn escaped_pipes_stay_inside_their_cell() {
    let text =
        "| Expr | Note |\n|---|---|\n| `a\\|b` | x \\| y [l](t.md) |\n| a \\\\| b | café \\| ü |\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    assert_eq!(t.rows.len(), 2);
    let r0 = &t.rows[0].cells;
    assert_eq!(cell_texts(&doc, r0), ["`a\\|b`", "x \\| y [l](t.md)"]);
    assert_eq!(&*r0[0].text, "a|b");
    assert_eq!(&*r0[1].text, "x | y l");
    // The link's inline position is shifted by comrak, so it takes the whole cell.
    assert_eq!(r0[1].links.len(), 1);
    let link = &doc.links[r0[1].links.iter().next().expect("a link")];
    assert_eq!(link.span, r0[1].span);
    assert_eq!(link.destination, "t.md");
    // The code span is found by hand and is exact.
    let code = text.find("`a\\|b`").unwrap();
    assert!(doc.is_code(code) && doc.is_code(code + 5) && !doc.is_code(code + 6));
    // `\\|` is a backslash then an escaped pipe in comrak: still no split.
    let r1 = &t.rows[1].cells;
    assert_eq!(r1.len(), 2);
    assert_eq!(cell_texts(&doc, r1), ["a \\\\| b", "café \\| ü"]);
    assert_eq!(&*r1[1].text, "café | ü");
}

#[test]
fn html_blocks_do_not_disturb_spans() {
    let text = "<div align=\"center\">\n<a name=\"top\"></a>\n| not | a table |\n</div>\n\n<!-- a comment\nwith | pipes | -->\n\n| A | B |\n|---|---|\n| <b>x</b> | <br> y |\n\n## After <span id=\"x\">html</span>\n";
    let doc = parse(text);
    assert_eq!(doc.tables.len(), 1);
    let t = &doc.tables[0];
    assert_eq!(t.line, 9);
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["<b>x</b>", "<br> y"]);
    assert!(doc.html_anchors.contains(&"top".to_string()));
    assert!(doc.html_anchors.contains(&"x".to_string()));
    assert!(doc.is_code(text.find("not").unwrap()));
    assert!(doc.is_code(text.find("with").unwrap()));
    assert_eq!(doc.headings[0].line, 13);
    assert_eq!(
        s(&doc, doc.headings[0].span),
        "## After <span id=\"x\">html</span>"
    );
}

#[test]
fn front_matter_keeps_absolute_lines() {
    let text = "---\ntitle: X | Y\nowner: a\n---\n\n# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTime zone: Europe/Berlin\n";
    let doc = parse(text);
    assert!(doc.is_code(0) && doc.is_code(text.find("owner").unwrap()));
    assert_eq!(doc.headings[0].line, 6);
    assert_eq!(s(&doc, doc.headings[0].span), "# Heading");
    let t = &doc.tables[0];
    assert_eq!(t.line, 8);
    assert_eq!(t.rows[0].line, 10);
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["1", "2"]);
    let tz = doc.settings.iter().find(|s| s.key == "time zone").unwrap();
    assert_eq!(s(&doc, tz.span), "Europe/Berlin");
    assert_eq!(tz.line, 12);
    // Front matter is not a table; its keys are settings of the whole document.
    let title = doc.settings.iter().find(|s| s.key == "title").unwrap();
    assert_eq!(title.source, readyroom::model::SettingSource::FrontMatter);
    assert_eq!(
        (s(&doc, title.span), title.line, title.section),
        ("X | Y", 2, None)
    );
}

#[test]
fn byte_order_mark_is_not_part_of_any_span() {
    let text = "\u{feff}# BOM head\n\n| a | b |\n|---|---|\n| 1 | é |\n";
    let doc = parse(text);
    assert_eq!(doc.headings[0].line, 1);
    assert_eq!(doc.headings[0].text, "BOM head");
    assert_eq!(s(&doc, doc.headings[0].span), "# BOM head");
    assert_eq!(cell_texts(&doc, &doc.tables[0].rows[0].cells), ["1", "é"]);
    let doc = parse("\u{feff}| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert_eq!(doc.tables[0].line, 1);
    assert_eq!(raw_texts(&doc, &doc.tables[0].header), [" a ", " b "]);
}

#[test]
fn table_inside_a_blockquote() {
    let text = "> Note:\n>\n> | Who | When |\n> |-----|------|\n> | Ana | 10m |\n>| Bo |5 min|\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    assert_eq!(t.line, 3);
    assert_eq!(cell_texts(&doc, &t.header), ["Who", "When"]);
    assert_eq!(s(&doc, t.rows[0].span), "> | Ana | 10m |");
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["Ana", "10m"]);
    assert_eq!(cell_texts(&doc, &t.rows[1].cells), ["Bo", "5 min"]);
    assert_eq!(t.rows[1].line, 6);
}

#[test]
fn short_rows_get_missing_cells_at_the_final_pipe() {
    let text = "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2\n| x | y | z |\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    let r0 = &t.rows[0];
    assert_eq!(r0.cells.len(), 3);
    assert!(!r0.cells[0].missing && r0.cells[1].missing && r0.cells[2].missing);
    let final_pipe = text.find("| 1 |\n").unwrap() + 4;
    assert_eq!(r0.cells[1].raw, Span::new(final_pipe, final_pipe));
    assert_eq!(r0.cells[1].span, Span::new(final_pipe, final_pipe));
    // No trailing pipe: the missing cell sits at the end of the row's line.
    let r1 = &t.rows[1];
    assert_eq!(cell_texts(&doc, &r1.cells), ["1", "2", ""]);
    assert!(r1.cells[2].missing);
    assert_eq!(r1.cells[2].raw.start, r1.span.end);
    assert_eq!(s(&doc, r1.cells[1].raw), " 2");
    // The same at the very end of a file without a final newline.
    let doc = parse("| a | b |\n|---|---|\n| 1");
    let c = &doc.tables[0].rows[0].cells;
    assert!(!c[0].missing && c[1].missing);
    assert_eq!(c[1].raw, Span::new(doc.source.len(), doc.source.len()));
}

#[test]
fn long_rows_drop_extra_cells() {
    let text = "| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n";
    let doc = parse(text);
    let r = &doc.tables[0].rows[0];
    assert_eq!(cell_texts(&doc, &r.cells), ["1", "2"]);
    assert_eq!(s(&doc, r.span), "| 1 | 2 | 3 | 4 |");
}

#[test]
fn empty_cells_are_empty_insertion_points() {
    let text = "| a | b | c |\n|---|---|---|\n|| x |   |\n";
    let doc = parse(text);
    let c = &doc.tables[0].rows[0].cells;
    let row = text.find("|| x").unwrap();
    assert!(!c[0].missing && c[0].raw.is_empty() && c[0].span.is_empty());
    assert_eq!(c[0].raw.start, row + 1);
    assert_eq!(s(&doc, c[1].span), "x");
    assert_eq!(s(&doc, c[2].raw), "   ");
    assert!(c[2].span.is_empty() && c[2].raw.contains(c[2].span));
    assert!(c.iter().all(|c| !c.missing));
}

#[test]
fn rows_without_outer_pipes() {
    let text = "ID | Name\n-- | ----\nA-1 | first  \n  B-2 |   second\n";
    let doc = parse(text);
    let t = &doc.tables[0];
    assert_eq!(raw_texts(&doc, &t.header), ["ID ", " Name"]);
    assert_eq!(cell_texts(&doc, &t.rows[0].cells), ["A-1", "first"]);
    assert_eq!(raw_texts(&doc, &t.rows[0].cells), ["A-1 ", " first  "]);
    assert_eq!(cell_texts(&doc, &t.rows[1].cells), ["B-2", "second"]);
}

#[test]
fn unicode_spaces_are_cell_content_not_padding() {
    // GFM trims only ASCII spaces and tabs; a no-break space is content an edit must
    // replace with the rest of the cell.
    let text = "| a | b |\n|---|---|\n| \u{a0}x | y\u{3000} |\n";
    let doc = parse(text);
    let c = &doc.tables[0].rows[0].cells;
    assert_eq!(cell_texts(&doc, c), ["\u{a0}x", "y\u{3000}"]);
}

#[test]
fn setext_headings_and_blockquoted_headings() {
    let text = "Title\n=====\n\nSub  \n---\n\n> ## Quoted\n";
    let doc = parse(text);
    assert_eq!(doc.headings.len(), 3);
    assert_eq!(doc.headings[0].line, 1);
    assert_eq!(s(&doc, doc.headings[0].span), "Title\n=====");
    assert_eq!(doc.headings[1].line, 4);
    assert_eq!(doc.headings[2].line, 7);
    assert_eq!(doc.headings[2].anchor, "quoted");
}

#[test]
fn autolinks_and_reference_links() {
    let text = "See https://example.com/x and <https://a.b/c>.\n\n[ref link][r] and ![img](p.png)\n\n[r]: https://r.example\n";
    let doc = parse(text);
    let spans: Vec<&str> = doc.links.iter().map(|l| s(&doc, l.span)).collect();
    assert_eq!(
        spans,
        [
            "https://example.com/x",
            "<https://a.b/c>",
            "[ref link][r]",
            "![img](p.png)"
        ]
    );
    assert!(doc.links[3].image);
    assert_eq!(doc.links[2].destination, "https://r.example");
}

#[test]
fn links_in_containers_and_across_lines() {
    let text = "Some text [a link\nacross lines](x.md) end.\n\n> quoted [q](q.md)\n\n- item [i](i.md)\n  - nested [n](n.md)\n\n| c |\n|---|\n| see [t](t.md#a) |\n";
    let doc = parse(text);
    let spans: Vec<&str> = doc.links.iter().map(|l| s(&doc, l.span)).collect();
    assert_eq!(
        spans,
        [
            "[a link\nacross lines](x.md)",
            "[q](q.md)",
            "[i](i.md)",
            "[n](n.md)",
            "[t](t.md#a)"
        ]
    );
    let lines: Vec<usize> = doc.links.iter().map(|l| l.line).collect();
    assert_eq!(lines, [1, 4, 6, 7, 11]);
    assert_eq!(
        doc.tables[0].rows[0].cells[0]
            .links
            .iter()
            .collect::<Vec<_>>(),
        [4]
    );
}

#[test]
fn reference_definitions_opening_a_paragraph_do_not_shift_links() {
    // comrak counts the inline lines of such a paragraph from the definition's line.
    let text = "[r]:\n/u\n\"t\"\na [l](x.md) `code`\nb [m](y.md) [r]\n\n> [q]: /q\n> see [x](x.md)\n\n[s]: /s\nTitle [t](t.md)\n===\n";
    let doc = parse(text);
    let spans: Vec<&str> = doc.links.iter().map(|l| s(&doc, l.span)).collect();
    assert_eq!(
        spans,
        ["[l](x.md)", "[m](y.md)", "[r]", "[x](x.md)", "[t](t.md)"]
    );
    let lines: Vec<usize> = doc.links.iter().map(|l| l.line).collect();
    assert_eq!(lines, [4, 5, 5, 8, 11]);
    let code = text.find("`code`").unwrap();
    assert!(doc.is_code(code) && doc.is_code(code + 5) && !doc.is_code(code + 6));
    assert!(!doc.is_code(text.find("[l]").unwrap()));
}

#[test]
fn links_after_a_wrapped_destination_keep_a_safe_span() {
    // comrak places the inlines after a link whose destination wraps a line one line
    // early (akiomik/mado#423); such links take their paragraph's span, which holds them.
    let text = "Intro.\n\na [b](\nhttp://x.com/) c `k`\nwww.y.com d [e](f.md)\n";
    let doc = parse_document("docs/x.md", text.to_string(), None).unwrap();
    let para = Span::new(text.find("a [b]").unwrap(), text.len() - 1);
    assert_eq!(s(&doc, doc.links[0].span), "[b](\nhttp://x.com/)");
    for link in &doc.links[1..] {
        assert!(link.span == para, "{:?}", s(&doc, link.span));
        assert_eq!(link.line, 3);
    }
    assert_eq!(doc.links[2].destination, "f.md");
    let code = text.find("`k`").unwrap();
    assert!(doc.is_code(code) && doc.is_code(code + 2) && !doc.is_code(code + 3));
}

#[test]
fn a_tasks_links_are_those_on_its_line() {
    let doc = parse(
        "# Actions\n\n[before](a.md)\n\n- [ ] Fix [the runbook](rb.md#step) and [alerts](al.md)\n  \
         - [x] Nested [one](n.md)\n- [ ] No link here\n\n[after](z.md)\n",
    );
    let texts = |k: usize| -> Vec<&str> {
        doc.tasks[k]
            .links
            .iter()
            .map(|i| s(&doc, doc.links[i].span))
            .collect()
    };
    assert_eq!(doc.tasks.len(), 3);
    assert_eq!(texts(0), ["[the runbook](rb.md#step)", "[alerts](al.md)"]);
    assert_eq!(texts(1), ["[one](n.md)"]);
    assert!(texts(2).is_empty());
}
