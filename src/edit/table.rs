//! Table edits: replacing a cell (or filling a missing one), adding and deleting rows,
//! writing and clearing a Sign-off cell, and adding a Sign-off column to one table.

use crate::model::{Document, FieldKey, Row, SignOff, Span, Table};

use super::error::EditError;
use super::value::{CellPlace, cell_text, check_value, ends_with_escape, escape_cell};
use super::verify::{Inserted, TargetCheck};
use super::{Builder, Located, line_ending};

/// True when the byte before `offset` is a pipe not escaped by a backslash.
pub(crate) fn pipe_before(src: &str, offset: usize) -> bool {
    offset > 0 && src.as_bytes()[offset - 1] == b'|' && !ends_with_escape(&src[..offset - 1])
}

/// True when the byte at `offset` is a pipe (a cell's raw range ends at its closing pipe).
pub(crate) fn pipe_at(src: &str, offset: usize) -> bool {
    src.as_bytes().get(offset) == Some(&b'|')
}

/// The table and row of a row item.
fn row_of<'d>(doc: &'d Document, loc: &Located<'_>) -> Option<(usize, &'d Table, &'d Row)> {
    let t = loc.item.table?;
    let table = doc.tables.get(t)?;
    let row = table.rows.iter().find(|r| r.span == loc.item.span)?;
    Some((t, table, row))
}

/// Number of cells the row really has (the rest were synthesized by the parser).
fn real_cells(row: &Row) -> usize {
    row.cells.iter().take_while(|c| !c.missing).count()
}

/// Write `escaped` (already escaped for a cell) into cell `col` of the item's row.
fn write_cell(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    col: usize,
    escaped: &str,
) -> Result<(), EditError> {
    let doc = loc.doc;
    let src = &doc.source;
    let Some((_, _, row)) = row_of(doc, loc) else {
        return Err(EditError::Unverified {
            path: doc.path.clone(),
            problem: format!(
                "that {} (line {}) is not a row of its table; reload and try again",
                loc.item.id, loc.item.line
            ),
        });
    };
    let real = real_cells(row);
    if col < real {
        let cell = &row.cells[col];
        let place = CellPlace {
            first_without_pipe: col == 0 && !pipe_before(src, cell.raw.start),
            last_without_pipe: col + 1 == real && !pipe_at(src, cell.raw.end),
        };
        let new = cell_text(cell.raw.slice(src), escaped, place);
        b.splice(doc, cell.raw, new);
        return Ok(());
    }
    if escaped.is_empty() || real == 0 {
        // A missing cell already reads as empty.
        return Ok(());
    }
    // Append the missing cells up to `col` at the end of the row.
    let last = &row.cells[real - 1];
    let trailing = pipe_at(src, last.raw.end);
    let mut add = String::new();
    for _ in real..col {
        add.push_str(" |");
    }
    if trailing {
        add.push(' ');
        add.push_str(escaped);
        add.push_str(" |");
    } else {
        add.push_str(" | ");
        add.push_str(escaped);
    }
    let at = if trailing {
        last.raw.end + 1
    } else {
        last.raw.end
    };
    b.splice(doc, Span::new(at, at), add);
    Ok(())
}

/// Set cell `index` of a row item to `value` (checked and trimmed).
pub(crate) fn set_cell(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    index: usize,
    value: &str,
) -> Result<(), EditError> {
    let escaped = escape_cell(value);
    replace_cell(b, loc, index, &escaped)?;
    b.expect_target(
        loc.doc,
        loc.pos,
        TargetCheck::Field {
            index,
            key: loc.item.fields[index].key.clone(),
            raw: escaped,
            row: true,
        },
    );
    Ok(())
}

/// Put `escaped` in cell `index` of a row item and record the change for the diff.
fn replace_cell(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    index: usize,
    escaped: &str,
) -> Result<(), EditError> {
    let f = &loc.item.fields[index];
    write_cell(b, loc, index, escaped)?;
    b.change(
        loc.doc,
        loc.item.span.start,
        &f.header,
        f.span.slice(&loc.doc.source),
        escaped,
    );
    Ok(())
}

/// Write a sign-off into the Sign-off cell `index` of a row item.
pub(crate) fn write_signoff(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    index: usize,
    signoff: &SignOff,
) -> Result<(), EditError> {
    replace_cell(b, loc, index, &escape_cell(&signoff.render()))?;
    b.expect_target(loc.doc, loc.pos, TargetCheck::SignedOff(signoff.clone()));
    Ok(())
}

/// Empty the Sign-off cell `index` of a row item.
pub(crate) fn clear_signoff(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    index: usize,
) -> Result<(), EditError> {
    replace_cell(b, loc, index, "")?;
    b.expect_target(loc.doc, loc.pos, TargetCheck::Revoked);
    Ok(())
}

/// The container prefix of a table line (indentation, blockquote markers).
pub(crate) fn line_prefix(line: &str) -> &str {
    let n = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    &line[..n]
}

/// A new row's text in the table's style (outer pipes as the header has them).
pub(crate) fn row_text(cells: &[String], leading: bool, trailing: bool) -> String {
    let n = cells.len();
    let lead = leading || cells.first().is_none_or(String::is_empty);
    let trail = trailing || cells.last().is_none_or(String::is_empty);
    let mut s = String::new();
    if lead {
        s.push('|');
    }
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        if c.is_empty() {
            s.push(' ');
            continue;
        }
        if lead || i > 0 {
            s.push(' ');
        }
        s.push_str(c);
        if trail || i + 1 < n || ends_with_escape(c) {
            s.push(' ');
        }
    }
    if trail {
        s.push('|');
    }
    s
}

fn table_of<'w>(
    b: &Builder<'w>,
    path: &str,
    t: usize,
) -> Result<(&'w Document, &'w Table), EditError> {
    let doc = b.ws.doc(path).ok_or_else(|| EditError::UnknownDoc {
        path: path.to_string(),
    })?;
    let table = doc.tables.get(t).ok_or_else(|| EditError::UnknownTable {
        path: path.to_string(),
        table: t,
        count: doc.tables.len(),
    })?;
    Ok((doc, table))
}

/// Add a row at the end of table `t` of `path`.
pub(crate) fn add_row(
    b: &mut Builder<'_>,
    path: &str,
    t: usize,
    values: &[(String, String)],
) -> Result<(), EditError> {
    let (doc, table) = table_of(b, path, t)?;
    let src = &doc.source;
    let headers: Vec<String> = table
        .header
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();
    let mut cells = vec![String::new(); headers.len()];
    let mut named: Vec<Option<&str>> = vec![None; headers.len()];
    for (name, value) in values {
        let wanted = name.trim();
        let col = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let key = FieldKey::from_header(wanted);
                headers.iter().position(|h| FieldKey::from_header(h) == key)
            })
            .ok_or_else(|| EditError::UnknownColumn {
                path: path.to_string(),
                table: t,
                field: name.clone(),
                known: headers.clone(),
            })?;
        if let Some(first) = named[col] {
            return Err(EditError::RepeatedColumn {
                column: headers[col].clone(),
                first: first.to_string(),
                again: name.clone(),
            });
        }
        named[col] = Some(name);
        let value = check_value(&headers[col], value)?;
        if FieldKey::from_header(&headers[col]) == FieldKey::Id
            && let Some(taken) = b.ws.item(value)
        {
            return Err(EditError::DuplicateId {
                id: value.to_string(),
                at: format!("{}:{}", b.ws.docs[taken.doc].path, taken.line),
            });
        }
        cells[col] = escape_cell(value);
    }
    if cells.iter().all(String::is_empty) {
        return Err(EditError::EmptyRow);
    }
    let first = &table.header[0];
    let last = &table.header[table.header.len() - 1];
    let leading = pipe_before(src, first.raw.start);
    let trailing = pipe_at(src, last.raw.end);
    let anchor = table.rows.last().map_or(table.delimiter, |r| r.span);
    let anchor_text = anchor.slice(src);
    let prefix = line_prefix(anchor_text);
    let le = line_ending(src, anchor.end);
    let row = row_text(&cells, leading, trailing);
    let line = doc.lines.line_of(anchor.start) + 1;
    b.splice(doc, anchor, format!("{anchor_text}{le}{prefix}{row}"));
    b.added(doc, line, "row", &row);
    let di = b.ws.doc_index(path);
    let pos =
        b.ws.items
            .iter()
            .filter(|i| Some(i.doc) == di && i.span.start <= anchor.start)
            .count();
    b.expect_inserted(doc, pos, Inserted::Row { table: t, cells });
    Ok(())
}

/// Delete a row item's line, line ending included.
pub(crate) fn delete_row(b: &mut Builder<'_>, loc: &Located<'_>) -> Result<(), EditError> {
    let doc = loc.doc;
    let Some((t, _, row)) = row_of(doc, loc) else {
        return Err(EditError::NotARow {
            item: loc.item.id.clone(),
        });
    };
    let next = doc.lines.line_start(row.line + 1);
    let span = if next > row.span.end {
        Span::new(doc.lines.line_start(row.line), next)
    } else {
        // The last line of a file without a final newline: take the newline before it.
        let prev = doc.lines.line_span(&doc.source, row.line - 1);
        Span::new(prev.end, row.span.end)
    };
    b.splice(doc, span, String::new());
    b.change(doc, row.span.start, "row", row.span.slice(&doc.source), "");
    b.expect_removed(doc, loc.pos, t);
    Ok(())
}

/// Add a `Sign-off` column to table `t` of `path`: a header cell, a delimiter cell and
/// an empty cell in every full row written with a trailing pipe (shorter rows and rows
/// without trailing pipes already read the new column as empty).
pub(crate) fn add_signoff_column(
    b: &mut Builder<'_>,
    path: &str,
    t: usize,
) -> Result<(), EditError> {
    let (doc, table) = table_of(b, path, t)?;
    let src = &doc.source;
    if table
        .header
        .iter()
        .any(|c| FieldKey::from_header(&c.text) == FieldKey::SignOff)
    {
        return Err(EditError::HasSignOffColumn {
            path: path.to_string(),
            table: t,
        });
    }
    let width = table.header.len();
    let header_line = doc.lines.line_span(src, table.line);
    let last = &table.header[width - 1];
    let (at, add) = if pipe_at(src, last.raw.end) {
        (last.raw.end + 1, " Sign-off |")
    } else {
        (last.raw.end, " | Sign-off")
    };
    insert_in_line(b, doc, header_line, at, add);
    let delim = table.delimiter;
    let delim_text = delim.slice(src);
    let trimmed = delim_text.trim_end();
    let spaced = trimmed.contains("| ") || trimmed.contains(" |");
    let (at, add) = match (trimmed.ends_with('|'), spaced) {
        (true, true) => (delim.start + trimmed.len(), " --- |"),
        (true, false) => (delim.start + trimmed.len(), "---|"),
        (false, true) => (delim.start + trimmed.len(), " | ---"),
        (false, false) => (delim.start + trimmed.len(), "|---"),
    };
    insert_in_line(b, doc, delim, at, add);
    for row in &table.rows {
        let real = real_cells(row);
        if real < width {
            continue;
        }
        let last = &row.cells[real - 1];
        if pipe_at(src, last.raw.end) {
            insert_in_line(b, doc, row.span, last.raw.end + 1, " |");
        }
    }
    b.change(doc, header_line.start, "column", "", "Sign-off");
    b.expect_widened(doc, t);
    Ok(())
}

/// Splice `add` into `line` at byte `at`, guarding the whole line.
fn insert_in_line(b: &mut Builder<'_>, doc: &Document, line: Span, at: usize, add: &str) {
    let text = line.slice(&doc.source);
    let k = at.clamp(line.start, line.end) - line.start;
    b.splice(doc, line, format!("{}{add}{}", &text[..k], &text[k..]));
}
