//! Why an edit was refused, in words an operator can act on.

/// An edit that cannot be planned, applied or verified. Nothing is written when one of
/// these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No item has this ID.
    #[error("no item with ID `{id}`{}; `readyroom check` and the TUI show every item's ID", did_you_mean(.similar))]
    UnknownItem {
        /// The ID asked for.
        id: String,
        /// IDs that differ only in case or are close, as hints.
        similar: Vec<String>,
    },
    /// Two or more items share this ID, so the edit cannot tell which one is meant.
    #[error(
        "{count} items share the ID `{id}` (lines {lines}); give each its own ID first (rule duplicate-id)"
    )]
    AmbiguousItem {
        /// The shared ID.
        id: String,
        /// How many items have it.
        count: usize,
        /// Where they are, as `file:line` pairs joined by commas.
        lines: String,
    },
    /// The document is not loaded (wrong path, or it could not be read).
    #[error(
        "no document `{path}` in this project; give the path relative to the project root, e.g. docs/release/change-log.md"
    )]
    UnknownDoc {
        /// The path asked for.
        path: String,
    },
    /// The document has no table with this index.
    #[error(
        "`{path}` has {count} table(s); table {table} does not exist (tables are counted from 0 in document order)"
    )]
    UnknownTable {
        /// The document.
        path: String,
        /// The index asked for.
        table: usize,
        /// How many tables the document has.
        count: usize,
    },
    /// The item has no field of this name.
    #[error("{item} has no field `{field}`; its fields are: {}{}", .known.join(", "), can_add(.addable))]
    UnknownField {
        /// The item's ID.
        item: String,
        /// The field asked for.
        field: String,
        /// The item's fields, by header as written.
        known: Vec<String>,
        /// Fields that could be added to this item (list items only).
        addable: Vec<String>,
    },
    /// The table has no column of this name (adding a row).
    #[error("table {table} of `{path}` has no column `{field}`; its columns are: {}", .known.join(", "))]
    UnknownColumn {
        /// The document.
        path: String,
        /// The table index.
        table: usize,
        /// The column asked for.
        field: String,
        /// The table's headers.
        known: Vec<String>,
    },
    /// The field exists but is not changed by `set`.
    #[error("{item}: the {field} field is not set directly; {instead}")]
    NotSettable {
        /// The item's ID.
        item: String,
        /// The field.
        field: String,
        /// What to do instead.
        instead: String,
    },
    /// The value cannot be written into a markdown cell or list item.
    #[error("the value for {field} {reason}")]
    BadValue {
        /// The field the value was meant for.
        field: String,
        /// What is wrong with it and what to do.
        reason: String,
    },
    /// The signer's name cannot be written into a sign-off.
    #[error("the signer name {name:?} {reason}")]
    BadSigner {
        /// The name as given.
        name: String,
        /// What is wrong with it and what to do.
        reason: String,
    },
    /// Toggle asked of an item that has no checkbox.
    #[error("{item} is not a task-list item (`- [ ] …`), so it has no checkbox to tick")]
    NotATask {
        /// The item's ID.
        item: String,
    },
    /// Delete asked of an item that is not a table row.
    #[error(
        "{item} is not a table row; only table rows are deleted by readyroom — remove a list item in your editor"
    )]
    NotARow {
        /// The item's ID.
        item: String,
    },
    /// Sign-off asked of a table row whose table has no Sign-off column.
    #[error(
        "{item}: table {table} of `{path}` has no Sign-off column; add one first (`readyroom signoff --add-column`, or confirm adding it in the TUI) — only that table changes"
    )]
    NeedsSignOffColumn {
        /// The item's ID.
        item: String,
        /// The document holding the table.
        path: String,
        /// The table's index in the document.
        table: usize,
    },
    /// The table already has a Sign-off column.
    #[error("table {table} of `{path}` already has a Sign-off column")]
    HasSignOffColumn {
        /// The document holding the table.
        path: String,
        /// The table's index in the document.
        table: usize,
    },
    /// Revoke asked of an item that has no sign-off.
    #[error("{item} has no sign-off to revoke")]
    NotSignedOff {
        /// The item's ID.
        item: String,
    },
    /// The item already carries exactly this sign-off.
    #[error("{item} is already signed off as `{signoff}` and has not changed since; nothing to do")]
    AlreadySignedOff {
        /// The item's ID.
        item: String,
        /// The sign-off as written.
        signoff: String,
    },
    /// The field no longer holds the value the edit was based on: someone changed it
    /// since it was read (the edit form's value when it opened, `set --expect`).
    #[error(
        "{item}: {field} is {current:?} now, not {expected:?} as expected; someone changed it since — nothing was written"
    )]
    Moved {
        /// The item's ID.
        item: String,
        /// The field's header as written.
        field: String,
        /// The value the edit expected (made inert).
        expected: String,
        /// The value the field holds now (made inert).
        current: String,
    },
    /// Two `FIELD=VALUE` arguments of one new row name the same column.
    #[error("`{first}` and `{again}` both name the column {column}; give each column one value")]
    RepeatedColumn {
        /// The column's header.
        column: String,
        /// The first name given for it.
        first: String,
        /// The second name given for it.
        again: String,
    },
    /// The new row's ID is already used by another item.
    #[error("ID `{id}` is already used at {at}; give the new row an ID of its own")]
    DuplicateId {
        /// The ID given.
        id: String,
        /// Where the item holding it is, `file:line`.
        at: String,
    },
    /// The requirement's Ops evidence cell already links to the target.
    #[error("{item} already links to {target}; nothing to do")]
    AlreadyLinked {
        /// The requirement's ID.
        item: String,
        /// The target, `file#anchor`.
        target: String,
    },
    /// A row with no value at all would not be an item.
    #[error("a new row needs at least one non-empty value")]
    EmptyRow,
    /// The change log is missing, so the audit line of a sign-off cannot be written.
    #[error(
        "the change log `{path}` is not loaded, so the sign-off's audit line has nowhere to go; create it or fix [paths] changelog in readyroom.toml"
    )]
    NoChangeLog {
        /// The configured change-log path.
        path: String,
    },
    /// The change log has no audit heading and ends inside a code block, HTML block or
    /// comment, so an audit trail appended at its end would be swallowed by it.
    #[error(
        "the change log `{path}` ends inside an unclosed code block, HTML block or comment (from line {line}), so an audit trail appended at its end would be hidden in it; close it, or add an `## Audit trail` heading with a list"
    )]
    NoAuditPlace {
        /// The change log.
        path: String,
        /// Where the unclosed block starts.
        line: usize,
    },
    /// The bytes an edit was planned against are no longer there.
    #[error(
        "{path}:{line}: the text changed since it was read (expected {expected:?}, found {found:?}); reload and edit again"
    )]
    Stale {
        /// The document.
        path: String,
        /// 1-based line of the splice.
        line: usize,
        /// The bytes the edit expected.
        expected: String,
        /// The bytes found there.
        found: String,
    },
    /// Two splices of one edit touch the same bytes (a readyroom bug).
    #[error(
        "{path}: two changes of one edit overlap at byte {at}; this is a readyroom bug, please report it"
    )]
    Overlap {
        /// The document.
        path: String,
        /// Byte offset of the overlap.
        at: usize,
    },
    /// Re-reading the edited text did not give the expected result; nothing was written.
    #[error("{path}: the edit was not written because re-reading the result shows {problem}")]
    Unverified {
        /// The document.
        path: String,
        /// What differed.
        problem: String,
    },
    /// Someone else changed the same item since it was read.
    #[error(
        "{path}: {item} was changed by someone else since it was read; nothing was written. Yours: {yours:?}. Theirs: {theirs:?}. Reload to see their version, then edit again"
    )]
    Conflict {
        /// The document.
        path: String,
        /// The item's ID (or the table, for table edits).
        item: String,
        /// The line(s) as this edit would write them.
        yours: String,
        /// The line(s) as they are on disk now.
        theirs: String,
    },
}

fn did_you_mean(similar: &[String]) -> String {
    if similar.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", similar.join(", "))
    }
}

fn can_add(fields: &[String]) -> String {
    if fields.is_empty() {
        String::new()
    } else {
        format!("; these can be added: {}", fields.join(", "))
    }
}
