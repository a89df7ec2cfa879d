//! Edits as byte splices computed against the exact source they were parsed from.
//!
//! Pure: no IO. [`plan`] turns an [`Edit`] (set a cell, tick a checkbox, add or delete a
//! row, sign off, revoke, add a Sign-off column) into per-file [`Splice`]s, each holding
//! the bytes it expects to replace; [`apply`] checks those bytes (the guard) and splices
//! back to front; [`verify`] re-parses the result and checks that only the intended field
//! changed. Markdown is never re-rendered, so a file changes by exactly the edited bytes:
//! its line endings, trailing newline, front matter, padding and everything else stay.
//! [`rebase_file`] re-plans an edit against a file someone else changed meanwhile, or
//! reports a conflict when they changed the same item.

mod audit;
mod error;
pub mod link;
mod list;
mod review;
mod table;
mod value;
mod verify;
mod waiver;

use sha2::{Digest, Sha256};

use crate::model::{Document, FieldKey, Item, SignOff, Span, Workspace, fingerprint};

pub use error::EditError;
pub use value::unescape_pipes;
pub use verify::{Expectation, rebase_file, verify};
pub use waiver::{NewWaiver, next_id as next_waiver_id};

use verify::{Inserted, TargetCheck};

/// One change to the docs, addressed by item ID (or document and table for table edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Set one field of an item to a new value.
    Set {
        /// The item's ID.
        item: String,
        /// The field: its header as written or its canonical name, matched
        /// case-insensitively with the header aliases (`owner`, `Assignee`, `due`…).
        field: String,
        /// The new value, one line of markdown; `|` is escaped in table cells.
        value: String,
        /// The value the field must hold now (as [`field_value`] reads it, ends
        /// trimmed): when it holds something else, someone changed it since it was read
        /// and the edit is refused with [`EditError::Moved`]. `None` sets it whatever
        /// it holds.
        expect: Option<String>,
    },
    /// Tick or untick a task-list item.
    Toggle {
        /// The item's ID.
        item: String,
    },
    /// Add a row at the end of a table.
    AddRow {
        /// The document, project-relative.
        doc: String,
        /// The table's index in the document (from 0, in document order).
        table: usize,
        /// Header → value; columns not named stay empty.
        values: Vec<(String, String)>,
    },
    /// Delete a table row.
    DeleteRow {
        /// The item's ID.
        item: String,
    },
    /// Sign an item off: write `NAME DATE fp:FINGERPRINT` into its Sign-off field and
    /// append a dated line to the change log's audit trail.
    SignOff {
        /// The item's ID.
        item: String,
        /// Who signs.
        signer: String,
        /// The date of signing.
        date: jiff::civil::Date,
    },
    /// Empty an item's Sign-off field and record the revocation in the audit trail.
    Revoke {
        /// The item's ID.
        item: String,
        /// Who revokes.
        signer: String,
        /// The date of revoking.
        date: jiff::civil::Date,
    },
    /// Add a `Sign-off` column to one table (header, delimiter and rows of that table).
    AddSignOffColumn {
        /// The document, project-relative.
        doc: String,
        /// The table's index in the document.
        table: usize,
    },
    /// Record an on-call handover: append `DATE — Handover acknowledged by INCOMING from
    /// OUTGOING` to the change log's audit trail.
    Acknowledge {
        /// The engineer taking over, who acknowledges.
        incoming: String,
        /// The engineer handing over.
        outgoing: String,
        /// The date of the handover.
        date: jiff::civil::Date,
    },
    /// Waive a rule's findings about an item or file: a row in the waiver table (a
    /// `## Waivers` section in the change log when there is none) and an audit line.
    Waive(NewWaiver),
    /// Stamp a document as reviewed today and record it in the audit trail.
    Review {
        /// The document, project-relative.
        doc: String,
        /// Who reviewed it.
        reviewer: String,
        /// The date of the review.
        date: jiff::civil::Date,
    },
}

impl Edit {
    /// The ID of the item the edit is about, if it is about one item.
    pub fn item(&self) -> Option<&str> {
        match self {
            Edit::Set { item, .. }
            | Edit::Toggle { item }
            | Edit::DeleteRow { item }
            | Edit::SignOff { item, .. }
            | Edit::Revoke { item, .. } => Some(item),
            Edit::AddRow { .. }
            | Edit::AddSignOffColumn { .. }
            | Edit::Acknowledge { .. }
            | Edit::Waive(_)
            | Edit::Review { .. } => None,
        }
    }
}

/// Replace the bytes at `span` of file `path`, which must currently be `expected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// The document, project-relative.
    pub path: String,
    /// The bytes replaced (empty for an insertion).
    pub span: Span,
    /// What those bytes are now: the guard checked before splicing.
    pub expected: String,
    /// What they become.
    pub replacement: String,
}

/// The splices of one file, and what the result must look like when re-read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    /// The document, project-relative.
    pub path: String,
    /// SHA-256 of the source the splices were computed against.
    pub base_hash: [u8; 32],
    /// Non-overlapping splices, in document order.
    pub splices: Vec<Splice>,
    /// What [`verify`] checks after applying.
    pub expect: Expectation,
}

/// One visible change, for messages: `path:line: what: old → new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The document, project-relative.
    pub path: String,
    /// 1-based line: in the document as it was, or of the new line for an addition.
    pub line: usize,
    /// What changed: a field's header, "checkbox", "row", "column" or "audit trail".
    pub what: String,
    /// The text before (empty for an addition).
    pub old: String,
    /// The text after (empty for a removal).
    pub new: String,
}

/// An edit turned into splices: the item's file first, then the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The edit planned.
    pub edit: Edit,
    /// The change-log path the audit line goes to (sign-off and revoke).
    pub changelog: String,
    /// Per file, in the order to write them. Empty when the edit changes nothing.
    pub files: Vec<FilePlan>,
    /// What changes, for messages and confirmations.
    pub changes: Vec<Change>,
}

impl Plan {
    /// The splices of one file, if the plan touches it.
    pub fn file(&self, path: &str) -> Option<&FilePlan> {
        self.files.iter().find(|f| f.path == path)
    }

    /// True when the edit would change nothing.
    pub fn is_empty(&self) -> bool {
        self.files.iter().all(|f| f.splices.is_empty())
    }
}

/// The edit to make before `edit` when the user asked for a missing Sign-off column to
/// be added (`signoff --add-column`): adding that column to the item's table, when
/// `edit` is refused only because the table has none. `None` when `edit` needs no
/// column first (it plans, or is refused for another reason that planning it reports).
pub fn column_first(ws: &Workspace, edit: &Edit, changelog_path: &str) -> Option<Edit> {
    match plan(ws, edit, changelog_path) {
        Err(EditError::NeedsSignOffColumn { path, table, .. }) => {
            Some(Edit::AddSignOffColumn { doc: path, table })
        }
        _ => None,
    }
}

/// The SHA-256 of a document's text, as [`FilePlan::base_hash`] records it.
pub fn source_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Plan `edit` against the workspace. `changelog_path` is where sign-offs and
/// revocations append their audit line (the configured change log).
pub fn plan(ws: &Workspace, edit: &Edit, changelog_path: &str) -> Result<Plan, EditError> {
    if let Some(id) = edit.item() {
        value::check_value("the item ID", id)?;
    }
    let mut b = Builder::new(ws, edit, changelog_path);
    match edit {
        Edit::Set {
            item,
            field,
            value,
            expect,
        } => set(&mut b, item, field, value, expect.as_deref())?,
        Edit::Toggle { item } => {
            let loc = locate(ws, item)?;
            list::toggle(&mut b, &loc)?;
        }
        Edit::AddRow { doc, table, values } => table::add_row(&mut b, doc, *table, values)?,
        Edit::DeleteRow { item } => {
            let loc = locate(ws, item)?;
            table::delete_row(&mut b, &loc)?;
        }
        Edit::SignOff { item, signer, date } => sign_off(&mut b, item, signer, *date)?,
        Edit::Revoke { item, signer, date } => revoke(&mut b, item, signer, *date)?,
        Edit::AddSignOffColumn { doc, table } => table::add_signoff_column(&mut b, doc, *table)?,
        Edit::Acknowledge {
            incoming,
            outgoing,
            date,
        } => acknowledge(&mut b, incoming, outgoing, *date)?,
        Edit::Waive(w) => waiver::waive(&mut b, w)?,
        Edit::Review {
            doc,
            reviewer,
            date,
        } => review::review(&mut b, doc, reviewer, *date)?,
    }
    Ok(b.finish())
}

/// Apply splices to `source`: every splice's bytes must still be what it expects (the
/// guard); they are applied back to front so earlier offsets stay valid.
pub fn apply(source: &str, splices: &[Splice]) -> Result<String, EditError> {
    let mut order: Vec<&Splice> = splices.iter().collect();
    order.sort_by_key(|s| (s.span.start, s.span.end));
    for pair in order.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.span.start < a.span.end || (a.span == b.span && a.span.is_empty()) {
            return Err(EditError::Overlap {
                path: b.path.clone(),
                at: b.span.start,
            });
        }
    }
    for s in &order {
        let found = source.get(s.span.start..s.span.end);
        if found != Some(s.expected.as_str()) {
            let line = crate::model::LineIndex::new(source).line_of(s.span.start.min(source.len()));
            return Err(EditError::Stale {
                path: s.path.clone(),
                line,
                expected: s.expected.clone(),
                found: found.unwrap_or("").to_string(),
            });
        }
    }
    let mut out = source.to_string();
    for s in order.iter().rev() {
        out.replace_range(s.span.start..s.span.end, &s.replacement);
    }
    Ok(out)
}

/// An item found by ID, with its document and its position among that document's items.
pub(crate) struct Located<'w> {
    pub item: &'w Item,
    pub doc: &'w Document,
    /// Position among the items of `doc`, in document order.
    pub pos: usize,
}

/// Find the item with this ID; unknown and duplicate IDs are errors.
pub(crate) fn locate<'w>(ws: &'w Workspace, id: &str) -> Result<Located<'w>, EditError> {
    let Some(index) = ws.item_index(id) else {
        let lower = id.to_lowercase();
        let mut similar: Vec<String> = ws
            .items
            .iter()
            .filter(|i| {
                let l = i.id.to_lowercase();
                l == lower || (lower.len() >= 3 && l.contains(&lower))
            })
            .map(|i| i.id.clone())
            .collect();
        similar.sort();
        similar.dedup();
        similar.truncate(5);
        return Err(EditError::UnknownItem {
            id: id.to_string(),
            similar,
        });
    };
    let same: Vec<&Item> = ws.items.iter().filter(|i| i.id == id).collect();
    if same.len() > 1 {
        let lines = same
            .iter()
            .map(|i| format!("{}:{}", ws.docs[i.doc].path, i.line))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(EditError::AmbiguousItem {
            id: id.to_string(),
            count: same.len(),
            lines,
        });
    }
    let item = &ws.items[index];
    let pos = ws.items[..index]
        .iter()
        .filter(|i| i.doc == item.doc)
        .count();
    Ok(Located {
        item,
        doc: &ws.docs[item.doc],
        pos,
    })
}

/// Index of the field named `name` (header as written, then header alias).
pub(crate) fn find_field(item: &Item, name: &str) -> Option<usize> {
    let wanted = name.trim();
    item.fields
        .iter()
        .position(|f| f.header.trim().eq_ignore_ascii_case(wanted))
        .or_else(|| {
            let key = FieldKey::from_header(wanted);
            item.fields.iter().position(|f| f.key == key)
        })
}

/// The line ending to write next to `offset`: the one ending that line, else the
/// file's first, else `\n`.
pub(crate) fn line_ending(src: &str, offset: usize) -> &'static str {
    let ending_at = |i: usize| -> &'static str {
        match (src.as_bytes().get(i), src.as_bytes().get(i + 1)) {
            (Some(b'\r'), Some(b'\n')) => "\r\n",
            (Some(b'\r'), _) => "\r",
            _ => "\n",
        }
    };
    let from = offset.min(src.len());
    if let Some(i) = src[from..].find(['\n', '\r']) {
        return ending_at(from + i);
    }
    src.find(['\n', '\r']).map_or("\n", ending_at)
}

/// Collects splices, changes and expectations per file while an edit is planned.
pub(crate) struct Builder<'w> {
    pub ws: &'w Workspace,
    edit: Edit,
    changelog: String,
    files: Vec<FilePlan>,
    changes: Vec<Change>,
}

impl<'w> Builder<'w> {
    fn new(ws: &'w Workspace, edit: &Edit, changelog: &str) -> Self {
        Builder {
            ws,
            edit: edit.clone(),
            changelog: changelog.to_string(),
            files: Vec::new(),
            changes: Vec::new(),
        }
    }

    fn file_mut(&mut self, doc: &Document) -> &mut FilePlan {
        if let Some(i) = self.files.iter().position(|f| f.path == doc.path) {
            return &mut self.files[i];
        }
        self.files.push(FilePlan {
            path: doc.path.clone(),
            base_hash: source_hash(&doc.source),
            splices: Vec::new(),
            expect: Expectation::default(),
        });
        let last = self.files.len() - 1;
        &mut self.files[last]
    }

    /// Replace `span` of `doc` with `replacement` (no splice when nothing changes).
    pub fn splice(&mut self, doc: &Document, span: Span, replacement: String) {
        let expected = span.slice(&doc.source).to_string();
        let file = self.file_mut(doc);
        // Two insertions at one point (a new section and a new audit trail at the end
        // of a file) become one, in the order they were planned, a blank line apart.
        if span.is_empty()
            && let Some(s) = file.splices.iter_mut().find(|s| s.span == span)
        {
            let le = line_ending(&s.replacement, 0);
            let blank = format!("{le}{le}");
            if s.replacement.ends_with(le)
                && !s.replacement.ends_with(&blank)
                && !replacement.starts_with(le)
            {
                s.replacement.push_str(le);
            }
            s.replacement.push_str(&replacement);
            return;
        }
        if expected != replacement {
            file.splices.push(Splice {
                path: doc.path.clone(),
                span,
                expected,
                replacement,
            });
            file.splices.sort_by_key(|s| s.span.start);
        }
    }

    /// Record a visible change.
    pub fn change(&mut self, doc: &Document, offset: usize, what: &str, old: &str, new: &str) {
        if old == new {
            return;
        }
        self.changes.push(Change {
            path: doc.path.clone(),
            line: doc.lines.line_of(offset),
            what: what.to_string(),
            old: old.to_string(),
            new: new.to_string(),
        });
    }

    /// Record an added line, at its 1-based line number in the new text.
    pub fn added(&mut self, doc: &Document, line: usize, what: &str, new: &str) {
        self.changes.push(Change {
            path: doc.path.clone(),
            line,
            what: what.to_string(),
            old: String::new(),
            new: new.to_string(),
        });
    }

    /// Expect the item at `pos` of `doc` to pass `check` after the edit.
    pub fn expect_target(&mut self, doc: &Document, pos: usize, check: TargetCheck) {
        self.file_mut(doc).expect.target = Some((pos, check));
    }

    /// Expect the item at `pos` of `doc` to be gone after the edit.
    pub fn expect_removed(&mut self, doc: &Document, pos: usize, table: usize) {
        self.file_mut(doc).expect.removed = Some((pos, table));
    }

    /// Expect a new item (or table row) at `pos` of `doc` after the edit.
    pub fn expect_inserted(&mut self, doc: &Document, pos: usize, what: Inserted) {
        self.file_mut(doc).expect.inserted = Some((pos, what));
    }

    /// Expect table `table` of `doc` to have gained a Sign-off column.
    pub fn expect_widened(&mut self, doc: &Document, table: usize) {
        self.file_mut(doc).expect.widened = Some(table);
    }

    fn finish(mut self) -> Plan {
        // The item's file first, the change log (audit trail) last.
        let changelog = self.changelog.clone();
        let only_audit = |f: &FilePlan| f.path == changelog && f.expect.target.is_none();
        self.files.sort_by_key(only_audit);
        self.files.retain(|f| !f.splices.is_empty());
        Plan {
            edit: self.edit,
            changelog: self.changelog,
            files: self.files,
            changes: self.changes,
        }
    }
}

/// The value of field `field` of item `id` as it is now, as the edit form shows it:
/// the markdown source of the cell or inline value, `\|` read as `|`; empty when a list
/// item lacks a field `set` could add.
pub fn field_value(ws: &Workspace, id: &str, field: &str) -> Result<String, EditError> {
    let loc = locate(ws, id)?;
    match find_field(loc.item, field) {
        Some(i) => Ok(unescape_pipes(
            loc.item.fields[i].span.slice(&loc.doc.source),
        )),
        None if loc.item.table.is_none() && list::appendable(field).is_some() => Ok(String::new()),
        None => Err(EditError::UnknownField {
            item: loc.item.id.clone(),
            field: field.to_string(),
            known: loc.item.headers(),
            addable: Vec::new(),
        }),
    }
}

/// Refuse when `expect` is given and the field holds something else now.
fn check_expected(
    ws: &Workspace,
    id: &str,
    field: &str,
    expect: Option<&str>,
) -> Result<(), EditError> {
    let Some(expected) = expect else {
        return Ok(());
    };
    let current = field_value(ws, id, field)?;
    if current.trim() == expected.trim() {
        return Ok(());
    }
    let loc = locate(ws, id)?;
    let header = find_field(loc.item, field).map_or_else(
        || field.to_string(),
        |i| loc.item.fields[i].header.to_string(),
    );
    Err(EditError::Moved {
        item: id.to_string(),
        field: crate::model::inert_owned(header),
        expected: crate::model::inert_owned(expected.trim().to_string()),
        current: crate::model::inert_owned(current.trim().to_string()),
    })
}

fn set(
    b: &mut Builder<'_>,
    id: &str,
    field: &str,
    value: &str,
    expect: Option<&str>,
) -> Result<(), EditError> {
    check_expected(b.ws, id, field, expect)?;
    let loc = locate(b.ws, id)?;
    let item = loc.item;
    let Some(index) = find_field(item, field) else {
        if item.table.is_none()
            && let Some(key) = list::appendable(field)
        {
            let value = value::check_value(key.canonical(), value)?;
            return list::append_field(b, &loc, &key, value);
        }
        return Err(EditError::UnknownField {
            item: item.id.clone(),
            field: field.to_string(),
            known: item.headers(),
            addable: if item.table.is_none() {
                list::APPENDABLE
                    .iter()
                    .filter(|k| !item.has(k))
                    .map(|k| k.canonical().to_lowercase())
                    .collect()
            } else {
                Vec::new()
            },
        });
    };
    let f = &item.fields[index];
    match f.key {
        FieldKey::Checkbox => {
            return Err(EditError::NotSettable {
                item: item.id.clone(),
                field: f.header.to_string(),
                instead: "tick or untick it with toggle (space in the TUI)".to_string(),
            });
        }
        FieldKey::SignOff => {
            return Err(EditError::NotSettable {
                item: item.id.clone(),
                field: f.header.to_string(),
                instead: "sign off with `readyroom signoff` or revoke with `readyroom revoke`, \
                          so that the change log records it"
                    .to_string(),
            });
        }
        _ => {}
    }
    let value = value::check_value(&f.header, value)?;
    if item.table.is_some() {
        table::set_cell(b, &loc, index, value)?;
    } else {
        list::set_field(b, &loc, index, value);
    }
    Ok(())
}

/// Check a signer's name: one line, no pipe, no date, and it must read back unchanged.
fn check_signer(signer: &str) -> Result<&str, EditError> {
    let bad = |reason: &str| EditError::BadSigner {
        name: signer.to_string(),
        reason: reason.to_string(),
    };
    let name = value::check_value("the signer", signer).map_err(|e| match e {
        EditError::BadValue { reason, .. } => bad(&reason),
        other => other,
    })?;
    if name.is_empty() {
        return Err(bad(
            "is empty; pass --as NAME or set your name in the readyroom config",
        ));
    }
    if name.contains('|') {
        return Err(bad("contains `|`; write the name without it"));
    }
    let probe = SignOff {
        signer: name.to_string(),
        date: "2000-01-01".to_string(),
        fingerprint: "00000000".to_string(),
        evidence: None,
    };
    if SignOff::parse(&probe.render()).as_ref() != Some(&probe) {
        return Err(bad(
            "would not read back as the signer (it holds a date or ends in punctuation); \
             write the name only",
        ));
    }
    Ok(name)
}

fn sign_off(
    b: &mut Builder<'_>,
    id: &str,
    signer: &str,
    date: jiff::civil::Date,
) -> Result<(), EditError> {
    let signer = check_signer(signer)?;
    let loc = locate(b.ws, id)?;
    let item = loc.item;
    let fp = fingerprint(item, &loc.doc.source);
    let signoff = SignOff {
        signer: signer.to_string(),
        date: date.to_string(),
        fingerprint: fp.clone(),
        evidence: crate::rules::evidence::evidence_of(b.ws, item),
    };
    if item.signoff().as_ref() == Some(&signoff) {
        return Err(EditError::AlreadySignedOff {
            item: item.id.clone(),
            signoff: signoff.render(),
        });
    }
    let changelog = changelog_doc(b)?;
    if let Some(t) = item.table {
        let Some(index) = item.fields.iter().position(|f| f.key == FieldKey::SignOff) else {
            return Err(EditError::NeedsSignOffColumn {
                item: item.id.clone(),
                path: loc.doc.path.clone(),
                table: t,
            });
        };
        table::write_signoff(b, &loc, index, &signoff)?;
    } else {
        list::write_signoff(b, &loc, &signoff)?;
    }
    audit::append(
        b,
        changelog,
        &format!("{date} — Signed off {} (fp:{fp}) — {signer}", item.id),
    )
}

fn revoke(
    b: &mut Builder<'_>,
    id: &str,
    signer: &str,
    date: jiff::civil::Date,
) -> Result<(), EditError> {
    let signer = check_signer(signer)?;
    let loc = locate(b.ws, id)?;
    let item = loc.item;
    let Some(index) = item
        .fields
        .iter()
        .position(|f| f.key == FieldKey::SignOff && !f.text.trim().is_empty())
    else {
        return Err(EditError::NotSignedOff {
            item: item.id.clone(),
        });
    };
    let changelog = changelog_doc(b)?;
    if item.table.is_some() {
        table::clear_signoff(b, &loc, index)?;
    } else {
        list::remove_signoff(b, &loc)?;
    }
    audit::append(
        b,
        changelog,
        &format!("{date} — Revoked sign-off of {} — {signer}", item.id),
    )
}

fn acknowledge(
    b: &mut Builder<'_>,
    incoming: &str,
    outgoing: &str,
    date: jiff::civil::Date,
) -> Result<(), EditError> {
    let incoming = check_signer(incoming)?;
    let outgoing = check_signer(outgoing)?;
    let changelog = changelog_doc(b)?;
    audit::append(
        b,
        changelog,
        &crate::handover::acknowledgement_text(date, incoming, outgoing),
    )
}

fn changelog_doc<'w>(b: &Builder<'w>) -> Result<&'w Document, EditError> {
    b.ws.doc(&b.changelog)
        .ok_or_else(|| EditError::NoChangeLog {
            path: b.changelog.clone(),
        })
}

#[cfg(test)]
mod tests;
