//! Writing a waiver: one row at the end of the first waiver table of the core documents
//! (a `## Waivers` section with the table is added at the end of the change log when
//! there is none), and a dated line in the change log's audit trail.

use crate::model::{Document, Span};
use crate::rules::waivers::{COLUMNS, WaiverColumn, waiver_columns, waiver_table, waivers};

use super::error::EditError;
use super::table::{line_prefix, pipe_at, pipe_before, row_text};
use super::value::{check_value, escape_cell};
use super::{Builder, line_ending};

/// What a new waiver row says, each value checked for one line of markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWaiver {
    /// The rule id waived.
    pub rule: String,
    /// The item ID or project-relative file covered.
    pub item: String,
    /// Why the exception is acceptable.
    pub reason: String,
    /// Who approves it.
    pub approver: String,
    /// The last day it holds.
    pub expires: jiff::civil::Date,
    /// The day it is written, for the audit line.
    pub date: jiff::civil::Date,
}

/// The next free waiver ID, `W-<n>`: one past the highest `W-<n>` in use.
pub fn next_id(ws: &crate::model::Workspace) -> String {
    let highest = waivers(ws)
        .iter()
        .filter_map(|w| w.id.strip_prefix("W-")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let mut n = highest + 1;
    while ws.item(&format!("W-{n}")).is_some() {
        n += 1;
    }
    format!("W-{n}")
}

/// The value of column `c` of the new row.
fn value_of(w: &NewWaiver, id: &str, c: WaiverColumn) -> String {
    match c {
        WaiverColumn::Id => id.to_string(),
        WaiverColumn::Rule => w.rule.clone(),
        WaiverColumn::Item => w.item.clone(),
        WaiverColumn::Reason => w.reason.clone(),
        WaiverColumn::ApprovedBy => w.approver.clone(),
        WaiverColumn::Expires => w.expires.to_string(),
    }
}

/// Plan the waiver row (and the table, when there is none) and its audit line.
pub(crate) fn waive(b: &mut Builder<'_>, w: &NewWaiver) -> Result<(), EditError> {
    for (field, value) in [
        ("the rule", &w.rule),
        ("the item", &w.item),
        ("the reason", &w.reason),
        ("the approver", &w.approver),
    ] {
        if check_value(field, value)?.is_empty() {
            return Err(EditError::BadValue {
                field: field.to_string(),
                reason: "is empty; a waiver names its rule, item, reason and approver".to_string(),
            });
        }
    }
    let id = next_id(b.ws);
    let changelog = super::changelog_doc(b)?;
    match waiver_table(b.ws) {
        Some((di, t)) => {
            let doc = &b.ws.docs[di];
            let table = &doc.tables[t];
            let columns = waiver_columns(doc, table).unwrap_or_default();
            let cells: Vec<String> = columns
                .iter()
                .map(|c| c.map_or_else(String::new, |c| escape_cell(value_of(w, &id, c).trim())))
                .collect();
            let src = &doc.source;
            let leading = pipe_before(src, table.header[0].raw.start);
            let trailing = pipe_at(src, table.header[table.header.len() - 1].raw.end);
            let anchor = table.rows.last().map_or(table.delimiter, |r| r.span);
            let anchor_text = anchor.slice(src);
            let prefix = line_prefix(anchor_text);
            let row = row_text(&cells, leading, trailing);
            b.splice(
                doc,
                anchor,
                format!("{anchor_text}{}{prefix}{row}", line_ending(src, anchor.end)),
            );
            b.added(doc, doc.lines.line_of(anchor.start) + 1, "row", &row);
            b.file_mut(doc).expect.waiver_row = Some((t, cells, false));
        }
        None => new_table(b, changelog, w, &id),
    }
    super::audit::append(
        b,
        changelog,
        &format!(
            "{} — Waived {} on {} until {} ({id}) — {}",
            w.date,
            w.rule.trim(),
            w.item.trim(),
            w.expires,
            w.approver.trim()
        ),
    )
}

/// Add a `## Waivers` section with a table holding the one row at the end of `doc`.
fn new_table(b: &mut Builder<'_>, doc: &Document, w: &NewWaiver, id: &str) {
    let src = doc.source.as_str();
    let le = line_ending(src, 0);
    let lead = if src.is_empty() || src.ends_with("\n\n") || src.ends_with("\r\n\r\n") {
        String::new()
    } else if src.ends_with(['\n', '\r']) {
        le.to_string()
    } else {
        format!("{le}{le}")
    };
    let headers: Vec<String> = COLUMNS.iter().map(|c| c.header().to_string()).collect();
    let cells: Vec<String> = COLUMNS
        .iter()
        .map(|&c| escape_cell(value_of(w, id, c).trim()))
        .collect();
    let delimiter = vec!["---".to_string(); COLUMNS.len()];
    let row = row_text(&cells, true, true);
    let added = format!(
        "{lead}## Waivers{le}{le}{}{le}{}{le}{row}{le}",
        row_text(&headers, true, true),
        row_text(&delimiter, true, true)
    );
    let line = doc.lines.line_count() + lead.matches(le).count() + 4;
    b.added(doc, line, "row", &row);
    b.file_mut(doc).expect.waiver_row = Some((doc.tables.len(), cells, true));
    b.splice(doc, Span::new(src.len(), src.len()), added);
}
