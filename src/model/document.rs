//! One markdown document as parsed: its headings, links, tables, task items and
//! `Key: value` settings, each with exact byte spans into the kept source.

use std::sync::Arc;

use serde::Serialize;

use super::anchors::AnchorStyle;
use super::span::{LineIndex, Span};

/// The role a document plays in the readiness phase; `None` for reference documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The incident response playbook: alerts, escalation, contacts, rotation.
    Playbook,
    /// The observability status report: telemetry coverage and gaps.
    Observability,
    /// The requirements traceability matrix.
    Rtm,
    /// The change log: readiness status, open risks and actions, audit trail.
    ChangeLog,
}

impl Role {
    /// All roles, in the order the readiness criteria name them.
    pub const ALL: [Role; 4] = [
        Role::Playbook,
        Role::Observability,
        Role::Rtm,
        Role::ChangeLog,
    ];

    /// A human name for the role, as used in messages.
    pub fn title(self) -> &'static str {
        match self {
            Role::Playbook => "incident response playbook",
            Role::Observability => "observability status report",
            Role::Rtm => "requirements traceability matrix",
            Role::ChangeLog => "change log",
        }
    }

    /// The key naming this role under `[paths]` in `readyroom.toml`.
    pub fn config_key(self) -> &'static str {
        match self {
            Role::Playbook => "playbook",
            Role::Observability => "observability",
            Role::Rtm => "rtm",
            Role::ChangeLog => "changelog",
        }
    }

    /// Words a file name of this role tends to hold (lower case, letters and digits
    /// only), so that a missing document can point at the file that is probably it.
    pub fn name_words(self) -> &'static [&'static str] {
        match self {
            Role::Playbook => &["incidentresponse", "playbook"],
            Role::Observability => &["observability", "telemetry", "monitoring"],
            Role::Rtm => &["rtm", "traceability"],
            Role::ChangeLog => &["changelog", "releasenotes"],
        }
    }

    /// The path a project uses for this role when its config does not remap it.
    pub fn default_path(self) -> &'static str {
        match self {
            Role::Playbook => "docs/operations/incident-response.md",
            Role::Observability => "docs/operations/observability-status.md",
            Role::Rtm => "docs/requirements/RTM.md",
            Role::ChangeLog => "docs/release/change-log.md",
        }
    }
}

/// A heading with its anchor, the target of `#fragment` links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 for `#`, 6 for `######`.
    pub level: u8,
    /// The heading's text content, made inert for display.
    pub text: String,
    /// The heading's text content as parsed (not made inert), from which its anchor is
    /// computed; never displayed.
    #[serde(skip)]
    pub plain: String,
    /// The anchor the project's site gives the heading (GitHub's rules unless
    /// [`Document::set_anchor_style`] chose others), duplicates numbered.
    pub anchor: String,
    /// The whole heading line(s).
    pub span: Span,
    /// 1-based line of the heading.
    pub line: usize,
}

/// Where a link points, classified without touching the file system.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LinkTarget {
    /// `scheme:` URLs and protocol-relative `//host` links: never fetched.
    External,
    /// `#anchor` within the same document.
    Anchor {
        /// The fragment, without `#`, percent-decoded.
        anchor: String,
    },
    /// A path relative to the document, with an optional fragment.
    Relative {
        /// The path part, percent-decoded, as written (no normalisation).
        path: String,
        /// The fragment, without `#`, if any.
        anchor: Option<String>,
    },
    /// A site-absolute path (`/docs/x`) whose meaning depends on a web server.
    SiteAbsolute {
        /// The destination as written.
        path: String,
    },
    /// A destination produced by a template engine (`{{< ref … >}}`), not a path.
    Templated,
}

/// A markdown link or image with its destination and exact span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The link text, made inert for display.
    pub text: String,
    /// The destination exactly as comrak resolved it (reference links resolved).
    pub destination: String,
    /// What kind of destination this is.
    pub target: LinkTarget,
    /// The link's bytes in the source; the whole cell when the cell has escaped pipes,
    /// or the whole paragraph where comrak's inline position cannot be trusted.
    pub span: Span,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// True for `![image](...)` links.
    pub image: bool,
}

/// Indexes into [`Document::links`] of the links in one cell, field or task item. A
/// block's links are found in order, so they are always a run of consecutive links:
/// two numbers instead of a list of their own. Serialized as the list of indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LinkRange {
    start: usize,
    end: usize,
}

impl LinkRange {
    /// The links `range` indexes (an empty one for a reversed range).
    pub fn new(range: std::ops::Range<usize>) -> LinkRange {
        LinkRange {
            start: range.start,
            end: range.end.max(range.start),
        }
    }

    /// The link indexes, in document order.
    pub fn iter(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// How many links.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The same links in a document whose links start `by` later (a piece of a document
    /// merged after others).
    pub(crate) fn shifted(self, by: usize) -> LinkRange {
        LinkRange::new(self.start + by..self.end + by)
    }
}

impl IntoIterator for LinkRange {
    type Item = usize;
    type IntoIter = std::ops::Range<usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for &LinkRange {
    type Item = usize;
    type IntoIter = std::ops::Range<usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for LinkRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// One table cell: the raw range between its pipes and the trimmed content range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Bytes between the pipes, padding included.
    pub raw: Span,
    /// The content without surrounding spaces; empty cells get an empty span.
    pub span: Span,
    /// Plain text (inline markup stripped, `\|` unescaped), made inert for display;
    /// the fields read from the cell share it.
    pub text: Arc<str>,
    /// The links inside this cell.
    pub links: LinkRange,
    /// True when the row had fewer cells than the header and this one is synthesized.
    pub missing: bool,
}

/// One body row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The row's line, without the line ending.
    pub span: Span,
    /// 1-based line of the row.
    pub line: usize,
    /// Cells in header order; rows are padded to the header width.
    pub cells: Vec<Cell>,
}

/// A GFM table: header, body rows, and the section it sits in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// The whole table, header to last row, without the final line ending.
    pub span: Span,
    /// 1-based line of the header row.
    pub line: usize,
    /// Header cells.
    pub header: Vec<Cell>,
    /// The delimiter row (`|---|---|`), where new columns would be written.
    pub delimiter: Span,
    /// Body rows.
    pub rows: Vec<Row>,
    /// Index into [`Document::headings`] of the nearest heading above, if any.
    pub section: Option<usize>,
}

/// A task-list item (`- [ ] text`) with the span of its checkbox symbol and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskEntry {
    /// True when ticked (`[x]`/`[X]`).
    pub checked: bool,
    /// The one byte inside the brackets.
    pub symbol: Span,
    /// The text of the item's first line, after the checkbox, trimmed.
    pub text_span: Span,
    /// Plain text of [`TaskEntry::text_span`], made inert.
    pub text: String,
    /// The whole item's first line.
    pub line_span: Span,
    /// 1-based line.
    pub line: usize,
    /// Index into [`Document::headings`] of the nearest heading above.
    pub section: Option<usize>,
    /// The links in the item's first line.
    pub links: LinkRange,
}

/// A plain list item whose text starts with an ISO date (`- 2026-11-20 — …`): the
/// form change logs and audit trails take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedEntry {
    /// The text after the list marker, trimmed.
    pub text_span: Span,
    /// Plain text, made inert.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// Index into [`Document::headings`] of the nearest heading above.
    pub section: Option<usize>,
}

/// Emphasised prose, `*text*` or `**text**`, by its exact span (delimiters included),
/// for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Emphasis {
    /// The bytes from the opening to the closing delimiter.
    pub span: Span,
    /// True for strong emphasis (`**text**`, `__text__`).
    pub strong: bool,
}

impl Emphasis {
    /// Bytes of each delimiter (`*` or `**`).
    pub fn delimiter(&self) -> usize {
        if self.strong { 2 } else { 1 }
    }
}

/// Where a [`Setting`] was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// A line of a paragraph or list item (`- **Time zone:** Europe/Berlin`).
    Line,
    /// A row of a two-column table (`| Time zone | Europe/Berlin |`).
    Table,
    /// A top-level key of the YAML front matter (`time_zone: Europe/Berlin`).
    FrontMatter,
}

/// A `Key: value` setting, such as `Time zone: Europe/Berlin`, wherever it is written
/// (see `parse::settings` for the forms read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// The key, lower-cased, spaces collapsed.
    pub key: String,
    /// The value, trimmed and made inert.
    pub value: String,
    /// The value's bytes.
    pub span: Span,
    /// 1-based line.
    pub line: usize,
    /// Index into [`Document::headings`] of the nearest heading above.
    pub section: Option<usize>,
    /// How it was written.
    pub source: SettingSource,
}

/// A parsed markdown document. The source is kept so spans can be sliced and spliced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Path relative to the project root, `/`-separated.
    pub path: String,
    /// The role the config assigns this file, if any.
    pub role: Option<Role>,
    /// The file's exact text.
    pub source: String,
    /// Line starts of `source`.
    pub lines: LineIndex,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Links and images in document order.
    pub links: Vec<Link>,
    /// Tables in document order.
    pub tables: Vec<Table>,
    /// Task-list items in document order.
    pub tasks: Vec<TaskEntry>,
    /// List items that start with an ISO date.
    pub dated: Vec<DatedEntry>,
    /// `Key: value` settings: lines, two-column table rows and front-matter keys.
    pub settings: Vec<Setting>,
    /// `id`/`name` attributes of HTML elements (`<a name="x">`), also link targets.
    pub html_anchors: Vec<String>,
    /// Every anchor a link may target (headings and HTML), for constant-time checks.
    pub anchors: foldhash::HashSet<String>,
    /// Byte ranges of code (fenced, indented, inline), HTML comments and front matter:
    /// text that is shown but never read as prose.
    pub code: Vec<Span>,
    /// Emphasis and strong emphasis outside tables, ordered by start.
    pub emphasis: Vec<Emphasis>,
}

impl Document {
    /// The headings enclosing position `section` (outermost first), `section` included.
    pub fn section_path(&self, section: Option<usize>) -> Vec<&Heading> {
        let Some(mut idx) = section else {
            return Vec::new();
        };
        let mut path = vec![&self.headings[idx]];
        let mut level = self.headings[idx].level;
        while idx > 0 {
            idx -= 1;
            if self.headings[idx].level < level {
                level = self.headings[idx].level;
                path.push(&self.headings[idx]);
            }
        }
        path.reverse();
        path
    }

    /// True when any heading enclosing `section` contains `needle` (case-insensitive).
    pub fn in_section(&self, section: Option<usize>, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        self.section_path(section)
            .iter()
            .any(|h| h.text.to_lowercase().contains(&needle))
    }

    /// True when byte `offset` lies inside code, a comment or front matter.
    pub fn is_code(&self, offset: usize) -> bool {
        self.code_at(offset).is_some()
    }

    /// The code/comment/front-matter range containing byte `offset`, if any.
    pub fn code_at(&self, offset: usize) -> Option<Span> {
        let i = self.code.partition_point(|s| s.end <= offset);
        self.code.get(i).copied().filter(|s| s.start <= offset)
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.position(&self.source, offset)
    }

    /// The links at `indexes` (a cell's, a field's or a task's), each its own link, in
    /// document order.
    pub fn links_at(&self, indexes: LinkRange) -> impl Iterator<Item = &Link> {
        indexes.iter().filter_map(|i| self.links.get(i))
    }

    /// True when the document has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors.contains(anchor)
    }

    /// Anchor the headings by `style`'s rules and rebuild the anchor set (headings and
    /// HTML anchors).
    pub fn set_anchor_style(&mut self, style: AnchorStyle) {
        let anchors = style.anchors(self.headings.iter().map(|h| h.plain.as_str()));
        for (h, a) in self.headings.iter_mut().zip(anchors) {
            h.anchor = a;
        }
        self.anchors = self
            .headings
            .iter()
            .map(|h| h.anchor.clone())
            .chain(self.html_anchors.iter().cloned())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::LinkRange;

    #[test]
    fn a_link_range_lists_its_indexes_and_shifts_with_its_piece() {
        let r = LinkRange::new(3..5);
        assert_eq!(r.iter().collect::<Vec<_>>(), [3, 4]);
        assert_eq!((r.len(), r.is_empty()), (2, false));
        assert_eq!(r.shifted(10).iter().collect::<Vec<_>>(), [13, 14]);
        assert_eq!(serde_json::to_string(&r).expect("json"), "[3,4]");
        let reversed = LinkRange::new(std::ops::Range { start: 5, end: 3 });
        assert!(reversed.is_empty() && reversed.iter().next().is_none());
        assert_eq!(
            serde_json::to_string(&LinkRange::default()).expect("json"),
            "[]"
        );
    }
}
