//! After splicing: re-parse the new text and check that exactly the intended change
//! happened (this also catches parser bugs and values that break the table or list).
//! Before splicing a file that changed on disk: re-plan the edit against its new text
//! when the edited item's own bytes are unchanged, or report a conflict.

use crate::model::{
    Document, Field, FieldKey, Item, ItemKind, SignOff, Span, Workspace, fingerprint,
};
use crate::parse::{extract_items, parse_document_reusing};

use super::error::EditError;
use super::{Edit, FilePlan, Plan, apply, source_hash};

/// What a file must look like after its splices, checked by [`verify`]. Filled by
/// [`plan`](super::plan); positions count the document's items in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The edited item's position and what must be true of it.
    pub(crate) target: Option<(usize, TargetCheck)>,
    /// A removed item's position and its table.
    pub(crate) removed: Option<(usize, usize)>,
    /// A new item's position (in the new text) and what it holds.
    pub(crate) inserted: Option<(usize, Inserted)>,
    /// A table that gained a Sign-off column.
    pub(crate) widened: Option<usize>,
    /// A new row of a waiver table (which holds no items): the table's index, its
    /// cells, and whether the table itself is new (added after the last one).
    pub(crate) waiver_row: Option<(usize, Vec<String>, bool)>,
}

/// What must hold of the edited item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TargetCheck {
    /// The field reads exactly `raw`; `index` is the field's position for table rows.
    Field {
        index: usize,
        key: FieldKey,
        raw: String,
        row: bool,
    },
    /// The checkbox is in this state.
    Checked(bool),
    /// The item carries this sign-off, and its fingerprint matches it.
    SignedOff(SignOff),
    /// The item carries no sign-off and is otherwise unchanged.
    Revoked,
}

/// A new item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inserted {
    /// The last row of `table`, with these cell contents (an item when the table holds
    /// items).
    Row { table: usize, cells: Vec<String> },
    /// A dated audit-trail line with this text.
    Audit { text: String },
}

/// Re-parse `after` (the spliced text of `file`) and check it against the plan: the
/// edited field reads the new value, and every other item of the document kept all its
/// field texts. `before` is the workspace the plan was made from.
pub fn verify(before: &Workspace, file: &FilePlan, after: &str) -> Result<(), EditError> {
    let fail = |problem: String| EditError::Unverified {
        path: file.path.clone(),
        problem,
    };
    let di = before
        .doc_index(&file.path)
        .ok_or_else(|| EditError::UnknownDoc {
            path: file.path.clone(),
        })?;
    let doc = &before.docs[di];
    // The pieces of a large document the edit did not touch are taken from the
    // workspace's memo of its last re-parse, when it has one.
    let after_doc = parse_document_reusing(
        &file.path,
        after.to_string(),
        doc.role,
        before.memos.get(&file.path),
    )
    .map_err(|e| fail(format!("that it cannot be parsed: {e}")))?;
    let (after_items, _) = extract_items(std::slice::from_ref(&after_doc));
    let before_items: Vec<&Item> = before.items.iter().filter(|i| i.doc == di).collect();
    let exp = &file.expect;
    check_structure(doc, &after_doc, exp).map_err(fail)?;
    let mut seq: Vec<Option<usize>> = (0..before_items.len())
        .filter(|p| exp.removed.is_none_or(|(r, _)| r != *p))
        .map(Some)
        .collect();
    if let Some((at, what)) = &exp.inserted {
        seq.insert((*at).min(seq.len()), None);
        if matches!(what, Inserted::Row { .. }) && after_items.len() + 1 == seq.len() {
            // A row of a table that holds no items.
            seq.retain(Option::is_some);
        }
    }
    if after_items.len() != seq.len() {
        return Err(fail(format!(
            "{} items where {} were expected: the new text changes the document's structure \
             (a value that starts a heading, list or code block, or empties a whole row)",
            after_items.len(),
            seq.len()
        )));
    }
    for (a, slot) in after_items.iter().zip(&seq) {
        let Some(p) = *slot else {
            if let Some((_, what)) = &exp.inserted {
                check_inserted(a, what, &after_doc.source).map_err(&fail)?;
            }
            continue;
        };
        let b = before_items[p];
        let result = match &exp.target {
            Some((tp, check)) if *tp == p => {
                check_target(b, &doc.source, a, &after_doc.source, check)
            }
            _ if exp.widened.is_some() && b.table == exp.widened => check_widened(b, a),
            _ => same_item(b, a),
        };
        result.map_err(|why| fail(format!("that {} (line {}) {why}", b.id, b.line)))?;
    }
    Ok(())
}

/// Table, task-list and dated-entry counts, row counts and header widths.
fn check_structure(before: &Document, after: &Document, exp: &Expectation) -> Result<(), String> {
    let new_table = exp.waiver_row.as_ref().is_some_and(|(_, _, new)| *new);
    if before.tables.len() + usize::from(new_table) != after.tables.len() {
        return Err(format!(
            "{} tables where there were {}",
            after.tables.len(),
            before.tables.len()
        ));
    }
    let new_row = match (&exp.inserted, &exp.waiver_row) {
        (Some((_, Inserted::Row { table, cells })), _) | (_, Some((table, cells, _))) => {
            Some((*table, cells))
        }
        _ => None,
    };
    if let (true, Some((t, cells))) = (new_table, new_row) {
        let got: Vec<&str> = after.tables[t]
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.span.slice(&after.source)))
            .collect();
        if got != cells.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(format!("the new table reads {got:?} instead of {cells:?}"));
        }
    }
    for (t, (bt, at)) in before.tables.iter().zip(&after.tables).enumerate() {
        let mut rows = bt.rows.len();
        if new_row.is_some_and(|(nt, _)| nt == t) {
            rows += 1;
        }
        if exp.removed.is_some_and(|(_, rt)| rt == t) {
            rows = rows.saturating_sub(1);
        }
        let width = bt.header.len() + usize::from(exp.widened == Some(t));
        if at.rows.len() != rows || at.header.len() != width {
            return Err(format!(
                "table {t} (line {}) with {} rows of {} columns where {rows} rows of {width} \
                 were expected",
                bt.line,
                at.rows.len(),
                at.header.len()
            ));
        }
        if let Some((nt, cells)) = new_row
            && nt == t
        {
            let got: Vec<&str> = at
                .rows
                .last()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.span.slice(&after.source))
                        .collect()
                })
                .unwrap_or_default();
            if got != cells.iter().map(String::as_str).collect::<Vec<_>>() {
                return Err(format!("the new row reads {got:?} instead of {cells:?}"));
            }
        }
    }
    let audit = usize::from(matches!(exp.inserted, Some((_, Inserted::Audit { .. }))));
    if before.tasks.len() != after.tasks.len() || before.dated.len() + audit != after.dated.len() {
        return Err("a different number of list items".to_string());
    }
    Ok(())
}

fn describe(f: &Field) -> String {
    format!("{} {:?}", f.header, f.text)
}

/// Fields equal position by position, except those `skip` names.
fn same_fields_by_position(
    b: &Item,
    a: &Item,
    skip: &dyn Fn(usize, &FieldKey) -> bool,
) -> Result<(), String> {
    if b.fields.len() != a.fields.len() {
        return Err(format!(
            "would have {} fields instead of {}",
            a.fields.len(),
            b.fields.len()
        ));
    }
    for (i, (bf, af)) in b.fields.iter().zip(&a.fields).enumerate() {
        if skip(i, &bf.key) {
            continue;
        }
        if bf.key != af.key || bf.text != af.text {
            return Err(format!(
                "would change from {} to {}",
                describe(bf),
                describe(af)
            ));
        }
    }
    Ok(())
}

/// Every field of `b` not skipped is in `a` (by key and header) with the same text.
fn same_fields_by_key(b: &Item, a: &Item, skip: &dyn Fn(&FieldKey) -> bool) -> Result<(), String> {
    for bf in b.fields.iter().filter(|f| !skip(&f.key)) {
        match a
            .fields
            .iter()
            .find(|af| af.key == bf.key && af.header == bf.header)
        {
            Some(af) if af.text == bf.text => {}
            Some(af) => {
                return Err(format!(
                    "would change from {} to {}",
                    describe(bf),
                    describe(af)
                ));
            }
            None => return Err(format!("would lose its {} field", bf.header)),
        }
    }
    Ok(())
}

fn same_kind(b: &Item, a: &Item) -> Result<(), String> {
    if b.kind == a.kind {
        Ok(())
    } else {
        Err(format!("would turn from {:?} into {:?}", b.kind, a.kind))
    }
}

/// An item the edit did not touch: same kind, checkbox and field texts.
fn same_item(b: &Item, a: &Item) -> Result<(), String> {
    same_kind(b, a)?;
    if b.checked != a.checked {
        return Err("would change its checkbox".to_string());
    }
    same_fields_by_position(b, a, &|_, _| false)
}

fn check_target(
    b: &Item,
    before_src: &str,
    a: &Item,
    after_src: &str,
    check: &TargetCheck,
) -> Result<(), String> {
    same_kind(b, a)?;
    let row = b.table.is_some();
    match check {
        TargetCheck::Field {
            index,
            key,
            raw,
            row: true,
        } => {
            same_fields_by_position(b, a, &|i, _| i == *index)?;
            let got = a.fields.get(*index).map_or("", |f| f.span.slice(after_src));
            if got != raw {
                return Err(format!(
                    "would read {got:?} instead of {raw:?} in {}",
                    key.canonical()
                ));
            }
        }
        TargetCheck::Field {
            index, key, raw, ..
        } => {
            // Fields inside the edited text (inline `owner:` in a task's Text, the Role
            // of an acknowledgement) change with it; the others must not.
            let inside = b.fields.get(*index).map(|f| f.span);
            let moved: Vec<&FieldKey> = b
                .fields
                .iter()
                .filter(|f| inside.is_some_and(|s| s.contains(f.span)))
                .map(|f| &f.key)
                .collect();
            same_fields_by_key(b, a, &|k| {
                k == key || matches!(k, FieldKey::Text | FieldKey::Entry) || moved.contains(&k)
            })?;
            let got = a.field(key).map_or("", |f| f.span.slice(after_src));
            if got != raw {
                return Err(format!(
                    "would read {got:?} instead of {raw:?} in {}: in a list item a value ends \
                     at `,`, `;`, `—`, `)` or `|`, so leave those out",
                    key.canonical()
                ));
            }
        }
        TargetCheck::Checked(state) => {
            if a.checked != Some(*state) {
                return Err("would not have its checkbox changed".to_string());
            }
            same_fields_by_position(b, a, &|_, k| *k == FieldKey::Checkbox)?;
        }
        TargetCheck::SignedOff(s) => {
            unchanged_but_signoff(b, before_src, a, after_src, row)?;
            if a.signoff().as_ref() != Some(s) {
                return Err(format!(
                    "would read its sign-off as {:?} instead of {:?}",
                    a.field(&FieldKey::SignOff).map_or("", |f| &*f.text),
                    s.render()
                ));
            }
        }
        TargetCheck::Revoked => {
            unchanged_but_signoff(b, before_src, a, after_src, row)?;
            if a.field(&FieldKey::SignOff)
                .is_some_and(|f| !f.text.is_empty())
            {
                return Err("would still carry a sign-off".to_string());
            }
        }
    }
    Ok(())
}

/// The item's content (everything the fingerprint covers) is unchanged.
fn unchanged_but_signoff(
    b: &Item,
    before_src: &str,
    a: &Item,
    after_src: &str,
    row: bool,
) -> Result<(), String> {
    if row {
        same_fields_by_position(b, a, &|_, k| *k == FieldKey::SignOff)?;
    } else {
        same_fields_by_key(b, a, &|k| {
            matches!(k, FieldKey::SignOff | FieldKey::Text | FieldKey::Entry)
        })?;
    }
    let (was, now) = (fingerprint(b, before_src), fingerprint(a, after_src));
    if was == now {
        Ok(())
    } else {
        Err(format!("would change its fingerprint from {was} to {now}"))
    }
}

fn check_widened(b: &Item, a: &Item) -> Result<(), String> {
    same_kind(b, a)?;
    let n = b.fields.len();
    if a.fields.len() != n + 1 {
        return Err(format!(
            "would have {} fields instead of {}",
            a.fields.len(),
            n + 1
        ));
    }
    for (bf, af) in b.fields.iter().zip(&a.fields) {
        if bf.key != af.key || bf.text != af.text {
            return Err(format!(
                "would change from {} to {}",
                describe(bf),
                describe(af)
            ));
        }
    }
    let last = &a.fields[n];
    if last.key != FieldKey::SignOff || !last.text.is_empty() {
        return Err(format!(
            "would end in {} instead of an empty Sign-off",
            describe(last)
        ));
    }
    Ok(())
}

fn check_inserted(a: &Item, what: &Inserted, after_src: &str) -> Result<(), String> {
    match what {
        Inserted::Row { table, cells } => {
            let got: Vec<&str> = a.fields.iter().map(|f| f.span.slice(after_src)).collect();
            if a.table != Some(*table)
                || got != cells.iter().map(String::as_str).collect::<Vec<_>>()
            {
                return Err(format!(
                    "that the new row reads {got:?} instead of {cells:?}"
                ));
            }
        }
        Inserted::Audit { text } => {
            if a.kind != ItemKind::AuditEntry || !a.span.slice(after_src).ends_with(text.as_str()) {
                return Err(format!(
                    "that the audit line {text:?} is not read back as an audit-trail line (line \
                     {} reads {:?})",
                    a.line,
                    a.span.slice(after_src)
                ));
            }
        }
    }
    Ok(())
}

/// The bytes of a workspace that must be unchanged for an edit to be re-applied to a
/// newer version of its file: the item's line, or the table's header (adding a row),
/// or the whole table (adding a column).
struct Anchor {
    path: String,
    label: String,
    span: Span,
    text: String,
}

fn anchor(ws: &Workspace, edit: &Edit) -> Option<Anchor> {
    match edit {
        Edit::AddRow { doc, table, .. } | Edit::AddSignOffColumn { doc, table } => {
            let d = ws.doc(doc)?;
            let t = d.tables.get(*table)?;
            let span = if matches!(edit, Edit::AddRow { .. }) {
                Span::new(t.span.start, t.delimiter.end)
            } else {
                t.span
            };
            Some(Anchor {
                path: d.path.clone(),
                label: format!("table {table} (line {})", t.line),
                span,
                text: span.slice(&d.source).to_string(),
            })
        }
        _ => {
            let item = ws.item(edit.item()?)?;
            let d = &ws.docs[item.doc];
            Some(Anchor {
                path: d.path.clone(),
                label: item.id.clone(),
                span: item.span,
                text: item.span.slice(&d.source).to_string(),
            })
        }
    }
}

/// Re-plan `plan`'s changes to file `path` against `current`: the workspace the plan was
/// made from (`before`) with `path` re-read from disk after someone else changed it.
///
/// When the edited item's own bytes (its line; for table edits the table header or the
/// whole table) are unchanged, the edit is planned again on the new text, so the other
/// person's changes elsewhere survive. When they changed too, this returns
/// [`EditError::Conflict`] with both versions.
pub fn rebase_file(
    plan: &Plan,
    before: &Workspace,
    current: &Workspace,
    path: &str,
) -> Result<FilePlan, EditError> {
    if let Some(mine) = anchor(before, &plan.edit).filter(|m| m.path == path) {
        let theirs = anchor(current, &plan.edit).filter(|t| t.path == path);
        if theirs.as_ref().map(|t| &t.text) != Some(&mine.text) {
            return Err(EditError::Conflict {
                path: path.to_string(),
                item: mine.label.clone(),
                yours: yours(plan, &mine),
                theirs: theirs.map_or_else(|| "(gone)".to_string(), |t| t.text),
            });
        }
    }
    let fresh = super::plan(current, &plan.edit, &plan.changelog)?;
    if let Some(file) = fresh.file(path) {
        return Ok(file.clone());
    }
    let base_hash = current
        .doc(path)
        .map_or_else(|| source_hash(""), |d| source_hash(&d.source));
    Ok(FilePlan {
        path: path.to_string(),
        base_hash,
        splices: Vec::new(),
        expect: Expectation::default(),
    })
}

/// The anchor's text as the plan would write it.
fn yours(plan: &Plan, mine: &Anchor) -> String {
    let Some(file) = plan.file(&mine.path) else {
        return mine.text.clone();
    };
    let inside: Vec<super::Splice> = file
        .splices
        .iter()
        .filter(|s| mine.span.contains(s.span))
        .map(|s| super::Splice {
            span: Span::new(s.span.start - mine.span.start, s.span.end - mine.span.start),
            ..s.clone()
        })
        .collect();
    if inside.is_empty() {
        let added: Vec<&str> = plan
            .changes
            .iter()
            .filter(|c| c.path == mine.path)
            .map(|c| {
                if c.new.is_empty() {
                    "(deleted)"
                } else {
                    c.new.as_str()
                }
            })
            .collect();
        return added.join("\n");
    }
    apply(&mine.text, &inside).unwrap_or_else(|_| mine.text.clone())
}
