//! Property tests of the parser's spans. Tables are generated here (1–6 columns, 0–8
//! rows, cell text mixing words, spaces, unicode, backticks, escaped pipes, emphasis,
//! links and empty strings, random padding, LF or CRLF, optional prose and front
//! matter) while the byte offsets of every cell are recorded; the parsed cells must
//! slice back to exactly those bytes. Arbitrary and markdown-ish strings must parse
//! without a panic or an error, and every span produced must be in bounds and on UTF-8
//! character boundaries.

use std::fmt::Write as _;

use proptest::prelude::*;
use readyroom::model::{Document, Role, Span};
use readyroom::parse::{extract_items, parse_document};

/// One fragment of cell text. None ends with a backslash (that would escape the
/// closing pipe) and none holds an unescaped pipe or a line ending.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        1 => Just(String::new()),
        1 => " {1,3}",
        1 => prop::sample::select(vec!["é", "ß", "日本語", "🚀", "🦀", "naïve", "Zoë", "☕"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec!["`code`", "`a\\|b`", "``x ` y``", "`"])
            .prop_map(str::to_string),
        1 => Just("\\|".to_string()),
        1 => Just("a \\| b".to_string()),
        1 => Just("*emphasis*".to_string()),
        1 => Just("**strong**".to_string()),
        1 => Just("[a](b.md)".to_string()),
        1 => Just("[x](../y.md#z)".to_string()),
    ]
}

fn cell_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..4).prop_map(|parts| parts.join(" "))
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][a-z]{0,8}",
        1 => prop::sample::select(vec!["ID", "Owner", "Due date", "Sign-off", "Café", "日本"])
            .prop_map(str::to_string),
    ]
}

#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches of one generated case"
)]
struct TableCase {
    header: Vec<(String, usize, usize)>,
    rows: Vec<Vec<(String, usize, usize)>>,
    crlf: bool,
    prose_before: bool,
    prose_after: bool,
    front_matter: bool,
    /// Headed `ID | Requirement | …` and parsed as the RTM, so rows become items.
    rtm: bool,
}

fn padded(text: impl Strategy<Value = String>) -> impl Strategy<Value = (String, usize, usize)> {
    (text, 0..=3usize, 0..=3usize)
}

fn table_case() -> impl Strategy<Value = TableCase> {
    (1..=6usize, 0..=8usize)
        .prop_flat_map(|(cols, rows)| {
            (
                prop::collection::vec(padded(header_name()), cols),
                prop::collection::vec(prop::collection::vec(padded(cell_text()), cols), rows),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
        })
        .prop_map(
            |(mut header, rows, crlf, prose_before, prose_after, front_matter, rtm)| {
                let rtm = rtm && header.len() >= 2;
                if rtm {
                    header[0].0 = "ID".to_string();
                    header[1].0 = "Requirement".to_string();
                }
                TableCase {
                    header,
                    rows,
                    crlf,
                    prose_before,
                    prose_after,
                    front_matter,
                    rtm,
                }
            },
        )
}

/// Where one cell was written: the bytes between its pipes and its content.
#[derive(Debug, Clone, Copy)]
struct Written {
    raw: Span,
    content: Span,
}

/// Write the markdown, recording each cell's byte ranges as they are written.
fn render(case: &TableCase) -> (String, Vec<Written>, Vec<Vec<Written>>) {
    let nl = if case.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if case.front_matter {
        let _ = write!(
            out,
            "---{nl}title: Generated | table{nl}owner: é{nl}---{nl}{nl}"
        );
    }
    if case.prose_before {
        let _ = write!(
            out,
            "# Readiness{nl}{nl}Some prose with [a link](x.md) and `code`,{nl}over two lines.{nl}{nl}"
        );
    }
    let write_row = |out: &mut String, cells: &[(String, usize, usize)]| {
        let mut written = Vec::new();
        for (text, left, right) in cells {
            out.push('|');
            let raw_start = out.len();
            out.push_str(&" ".repeat(*left));
            let content_start = out.len();
            out.push_str(text);
            let content_end = out.len();
            out.push_str(&" ".repeat(*right));
            written.push(Written {
                raw: Span::new(raw_start, out.len()),
                content: Span::new(content_start, content_end),
            });
        }
        out.push('|');
        out.push_str(nl);
        written
    };
    let header = write_row(&mut out, &case.header);
    for _ in &case.header {
        out.push_str("|---");
    }
    out.push('|');
    out.push_str(nl);
    let rows = case.rows.iter().map(|r| write_row(&mut out, r)).collect();
    if case.prose_after {
        let _ = write!(out, "{nl}Prose after the table, with a 🚀.{nl}");
    }
    (out, header, rows)
}

/// The content span with the spaces the generator or the fragments put around it
/// removed: what `cell.span` must be.
fn trimmed(src: &str, content: Span) -> Span {
    let text = &src[content.start..content.end];
    let lead = text.len() - text.trim_start_matches(' ').len();
    let kept = text.trim_matches(' ').len();
    Span::new(content.start + lead, content.start + lead + kept)
}

fn sound(src: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= src.len()
        && src.is_char_boundary(span.start)
        && src.is_char_boundary(span.end)
}

/// Every span of the document, named, for bounds checks.
fn all_spans(doc: &Document) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        out.push((format!("heading {i}"), h.span));
    }
    for (i, l) in doc.links.iter().enumerate() {
        out.push((format!("link {i}"), l.span));
    }
    for (ti, t) in doc.tables.iter().enumerate() {
        out.push((format!("table {ti}"), t.span));
        out.push((format!("table {ti} delimiter"), t.delimiter));
        for (ci, c) in t.header.iter().enumerate() {
            out.push((format!("table {ti} header {ci} raw"), c.raw));
            out.push((format!("table {ti} header {ci} span"), c.span));
        }
        for (ri, r) in t.rows.iter().enumerate() {
            out.push((format!("table {ti} row {ri}"), r.span));
            for (ci, c) in r.cells.iter().enumerate() {
                out.push((format!("table {ti} row {ri} cell {ci} raw"), c.raw));
                out.push((format!("table {ti} row {ri} cell {ci} span"), c.span));
            }
        }
    }
    for (i, t) in doc.tasks.iter().enumerate() {
        out.push((format!("task {i} symbol"), t.symbol));
        out.push((format!("task {i} text"), t.text_span));
        out.push((format!("task {i} line"), t.line_span));
    }
    for (i, d) in doc.dated.iter().enumerate() {
        out.push((format!("dated {i}"), d.text_span));
    }
    for (i, s) in doc.settings.iter().enumerate() {
        out.push((format!("setting {i}"), s.span));
    }
    for (i, c) in doc.code.iter().enumerate() {
        out.push((format!("code {i}"), *c));
    }
    out
}

fn check_sound(src: &str) -> Result<(), TestCaseError> {
    let doc = parse_document("docs/fuzz.md", src.to_string(), None)
        .map_err(|e| TestCaseError::fail(format!("parse failed: {e}")))?;
    for (name, span) in all_spans(&doc) {
        prop_assert!(sound(src, span), "{name}: {span:?} in {} bytes", src.len());
    }
    for t in &doc.tables {
        for c in t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)) {
            prop_assert!(
                c.raw.contains(c.span),
                "cell span {:?} outside raw {:?}",
                c.span,
                c.raw
            );
            let raw = c.raw.slice(src);
            prop_assert!(
                !raw.contains(['\r', '\n']),
                "cell raw {raw:?} crosses a line"
            );
        }
    }
    for t in &doc.tasks {
        prop_assert!(
            matches!(t.symbol.slice(src), " " | "x" | "X"),
            "task symbol {:?}",
            t.symbol.slice(src)
        );
    }
    Ok(())
}

/// Markdown-ish soup: the characters that steer block and inline parsing.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "|", "-", "[ ]", "[x]", "[X]", "`", "```", "\r", "\n", "\r\n", "<", ">", " ", "\t",
            "#", "\\", "\\|", "*", ":", "---", "- ", "1. ", "> ", "==", "[a](b.md)", "<!--",
            "-->", "<div>", "</div>", "&amp;", "2026-11-20", "Key: value", "é", "日本", "🚀",
            "\u{feff}", "\u{a0}", "|---|", "| a |", "![i](p.png)", "<https://x.y>", "www.x.y",
            "[r]: /u", "[r]", "~~~",
        ])
        .prop_map(str::to_string),
        1 => "[a-z ]{1,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_tables_slice_back_exactly(case in table_case()) {
        let (src, header, rows) = render(&case);
        let role = case.rtm.then_some(Role::Rtm);
        let doc = parse_document("docs/gen.md", src.clone(), role)
            .map_err(|e| TestCaseError::fail(format!("parse failed: {e}")))?;
        prop_assert_eq!(doc.tables.len(), 1, "tables in {:?}", src);
        let table = &doc.tables[0];
        prop_assert_eq!(table.header.len(), header.len());
        prop_assert_eq!(table.rows.len(), rows.len(), "rows in {:?}", src);
        let expected = std::iter::once(&header).chain(rows.iter());
        let parsed = std::iter::once(&table.header).chain(table.rows.iter().map(|r| &r.cells));
        for (ri, (want_row, got_row)) in expected.zip(parsed).enumerate() {
            prop_assert_eq!(got_row.len(), want_row.len(), "cells in row {}", ri);
            for (ci, (want, got)) in want_row.iter().zip(got_row).enumerate() {
                let span = trimmed(&src, want.content);
                prop_assert_eq!(
                    got.raw, want.raw,
                    "row {} cell {} raw {:?} != written {:?} in {:?}",
                    ri, ci, got.raw.slice(&src), want.raw.slice(&src), src
                );
                prop_assert!(!got.missing, "row {} cell {} marked missing", ri, ci);
                prop_assert_eq!(
                    got.span.slice(&src), span.slice(&src),
                    "row {} cell {} in {:?}", ri, ci, src
                );
                if span.is_empty() {
                    prop_assert!(got.span.is_empty() && got.raw.contains(got.span));
                } else {
                    prop_assert_eq!(got.span, span, "row {} cell {}", ri, ci);
                }
                let content = want.content.slice(&src);
                if !content.contains('`') {
                    let written_links = content.matches("](").count();
                    prop_assert_eq!(got.links.len(), written_links, "links in {:?}", content);
                    for l in &got.links {
                        prop_assert!(got.span.contains(doc.links[l].span));
                    }
                }
                if !content.contains(['`', '\\', '*', '[']) {
                    prop_assert_eq!(got.text.trim(), content.trim(), "text of {:?}", content);
                }
            }
        }
        // Rows know their lines: header + delimiter + body, after what came before.
        let first_row_line = table.line + 2;
        for (i, row) in table.rows.iter().enumerate() {
            prop_assert_eq!(row.line, first_row_line + i);
        }
        if case.rtm {
            // Every non-empty row is an item, and every field is its cell's content.
            let (items, _) = extract_items(std::slice::from_ref(&doc));
            let written: Vec<&Vec<Written>> = rows
                .iter()
                .filter(|r| r.iter().any(|w| !trimmed(&src, w.content).is_empty()))
                .collect();
            prop_assert_eq!(items.len(), written.len(), "items in {:?}", src);
            for (item, want_row) in items.iter().zip(written) {
                prop_assert_eq!(item.fields.len(), want_row.len());
                for (field, want) in item.fields.iter().zip(want_row) {
                    let span = trimmed(&src, want.content);
                    prop_assert_eq!(field.span.slice(&src), span.slice(&src));
                    prop_assert_eq!(field.cell, want.raw);
                }
            }
        }
        check_sound(&src)?;
    }

    #[test]
    fn arbitrary_strings_parse_with_sound_spans(src in any::<String>()) {
        check_sound(&src)?;
    }

    #[test]
    fn markdownish_soup_parses_with_sound_spans(src in markdownish()) {
        check_sound(&src)?;
    }
}

/// Inputs the properties once found, kept as plain tests.
#[test]
fn regressions_stay_fixed() {
    // A reference definition opening a paragraph shifted its image off a char boundary.
    check_sound("[r]: /u\ra\ra <|||<|<div>日本\ra<!-----[ ]---![i](p.png)").unwrap();
    let doc = parse_document("x.md", "[r]: /u\ra\r![i](p.png)".to_string(), None).unwrap();
    assert_eq!(doc.links[0].span.slice(&doc.source), "![i](p.png)");
}
