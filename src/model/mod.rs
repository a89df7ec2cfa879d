//! The documents as data: spans, documents, items, file diagnostics and the workspace.
//!
//! Everything here is plain data with no IO and no terminal: the parser fills it, the
//! rules read it, the editor computes splices against it, and the UI renders it.

pub mod anchors;
mod diagnostic;
mod document;
mod fingerprint;
mod item;
pub mod md_text;
mod sanitize;
mod span;
mod stand_in;
pub mod wording;
mod workspace;

pub use anchors::{AnchorRules, AnchorSource, AnchorStyle};
pub use diagnostic::{DiagnosticKind, FileDiagnostic};
pub use document::{
    Cell, DatedEntry, Document, Emphasis, Heading, Link, LinkRange, LinkTarget, Role, Row, Setting,
    SettingSource, Table, TaskEntry,
};
pub use fingerprint::{evidence_fingerprint, fingerprint, normalize_for_fingerprint};
pub use item::{Field, FieldKey, Item, ItemKind, SignOff, is_iso_date_prefix};
pub use sanitize::{inert, inert_line, inert_line_owned, inert_owned, is_hazard};
pub use span::{ColumnCursor, LineIndex, Span, line_number};
pub use stand_in::{Placeholder, find_placeholders, is_blank};
pub use workspace::{PagingExport, Workspace, id_key};
