//! What each pane lists: rows of cells with a tone (a meaning the theme colours), built
//! from the workspace, the findings and the rotation. Pure; rebuilt after a reload, not
//! on every frame.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rayon::prelude::*;

use super::pane::PaneId;
use crate::assess::{Assessment, EVIDENCE, Evidence};
use crate::model::{FieldKey, Item, ItemKind, Role, Workspace};
use crate::model::{inert_line_owned, is_blank};
use crate::rotation::on_call_at;
use crate::rules::text::{Coverage, coverage, parse_date};
use crate::rules::trace::{evidence_docs, has_ops_evidence, traced_category};
use crate::rules::{CriterionId, Severity, step_contact};

/// A meaning for a piece of text; the theme decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tone {
    /// Ordinary text.
    #[default]
    Normal,
    /// Secondary text.
    Muted,
    /// Passed, covered, resolved.
    Ok,
    /// Needs attention.
    Warning,
    /// Blocks readiness.
    Error,
    /// Emphasis (names, IDs).
    Accent,
    /// An on-call hole.
    Gap,
    /// An on-call overlap.
    Overlap,
    /// The current instant.
    Now,
    /// A heading.
    Heading,
    /// Code.
    Code,
    /// A link that resolves (or leads outside the project).
    LinkOk,
    /// A link whose file or heading does not exist.
    LinkBroken,
    /// Emphasised prose (`*text*`).
    Emphasis,
    /// Strongly emphasised prose (`**text**`).
    Strong,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The text, already inert.
    pub text: String,
    /// Its meaning.
    pub tone: Tone,
}

impl Cell {
    /// A cell with a tone. The text is made inert on one line here (file names and
    /// cell values come from the tree), so no pane can forget it.
    pub fn new(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: inert_line_owned(text.into()),
            tone,
        }
    }

    /// A plain cell.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell::new(text, Tone::Normal)
    }
}

/// Where following a row leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing to follow.
    None,
    /// An item, by ID.
    Item(String),
    /// A readiness criterion's findings.
    Criterion(CriterionId),
    /// A finding, by index into the app's findings.
    Finding(usize),
    /// A document, by index.
    Doc(usize),
    /// One operational check's findings, by index into the verdict's checks.
    Check(usize),
    /// A hole in the rotation: nobody is primary on call from `start` to `end`.
    Gap {
        /// Where the hole starts.
        start: Timestamp,
        /// Where it ends.
        end: Timestamp,
    },
}

/// One row of a pane's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Stable key: the selection follows it across reloads.
    pub key: String,
    /// Cells in column order.
    pub cells: Vec<Cell>,
    /// Lower-cased text the filter matches against.
    pub search: String,
    /// What enter follows.
    pub target: Target,
    /// Marks the row holding "now" (the on-call timeline).
    pub now: bool,
}

/// How a column of a pane's table meets a terminal too narrow for every cell: every
/// pane's table goes through the same fitting (`ui::table`), so a pane only says what
/// kind of text each column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// IDs, dates, numbers, counts, status words and marks: always as wide as the
    /// widest cell shown, never cut.
    Key,
    /// Prose: a signal, a requirement, a channel, a title, a name. Cut first when the
    /// row does not fit, widest text column first, down to `min` cells; a cut cell ends
    /// in `…`. Room to spare widens it up to its widest cell, never beyond.
    Text {
        /// The narrowest it gets before an optional column is left out instead.
        min: u16,
    },
}

/// A column of a pane's table. Declared with [`Column::key`] or [`Column::text`],
/// and [`Column::optional`] when the detail shows the same value:
///
/// ```
/// use readyroom::app::view::Column;
/// let columns = [
///     Column::key(""),             // the state mark
///     Column::key("ID"),
///     Column::text("Signal", 8),
///     Column::key("Due"),
///     Column::key("Requirement").optional(),
/// ];
/// assert!(columns[4].optional);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub title: &'static str,
    /// Whether it may be cut.
    pub fit: Fit,
    /// True when the column may be left out on a narrow screen (the detail has it),
    /// rightmost first, before a text column gets narrower than its `min`.
    pub optional: bool,
}

impl Column {
    /// A column of IDs, dates, numbers, status words or marks: never cut.
    pub const fn key(title: &'static str) -> Self {
        Column {
            title,
            fit: Fit::Key,
            optional: false,
        }
    }

    /// A column of prose that shrinks (down to `min` cells) and ends in `…` when the
    /// row does not fit.
    pub const fn text(title: &'static str, min: u16) -> Self {
        Column {
            title,
            fit: Fit::Text { min },
            optional: false,
        }
    }

    /// The same column, left out on a screen too narrow for it.
    #[must_use]
    pub const fn optional(mut self) -> Self {
        self.optional = true;
        self
    }
}

/// A pane's list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, in display order.
    pub rows: Vec<Row>,
    /// A one-line summary shown above the list (counts, coverage).
    pub summary: String,
    /// What to say when the list is empty.
    pub empty: &'static str,
    /// Labelled values drawn as a bar chart beside the list (the On-call pane's
    /// per-person view: primary hours); empty for every other view.
    pub bars: Vec<(String, u64)>,
}

/// Everything the views are built from.
pub struct Sources<'a> {
    /// The docs.
    pub ws: &'a Workspace,
    /// The findings, verdict, rotation and per-item severities.
    pub assessment: &'a Assessment,
    /// Today's date.
    pub today: jiff::civil::Date,
    /// Now.
    pub now: Timestamp,
    /// What the last `:verify` said, when it ran.
    pub live: Option<&'a crate::store::prometheus::LiveCheck>,
}

/// Options that change what a pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewOptions {
    /// Telemetry: only gaps.
    pub gaps_only: bool,
    /// Findings: the sort order.
    pub sort: FindingSort,
    /// On-call: hours per person instead of the timeline.
    pub oncall_people: bool,
    /// Escalation: the contacts list instead of the escalation paths.
    pub contacts: bool,
}

/// The orders the findings pane can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FindingSort {
    /// Errors first, then by file.
    #[default]
    Severity,
    /// By rule id.
    Rule,
    /// By file and line.
    File,
}

impl FindingSort {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            FindingSort::Severity => FindingSort::Rule,
            FindingSort::Rule => FindingSort::File,
            FindingSort::File => FindingSort::Severity,
        }
    }

    /// Its name, for the summary line.
    pub fn label(self) -> &'static str {
        match self {
            FindingSort::Severity => "severity",
            FindingSort::Rule => "rule",
            FindingSort::File => "file",
        }
    }
}

fn search_of(cells: &[Cell], extra: &str) -> String {
    let mut s = cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    s.push(' ');
    s.push_str(extra);
    lowercase(s)
}

/// `s` in lower case: ASCII letters in place (UTF-8 never hides an ASCII byte inside
/// another character), and a full Unicode pass only when a character beyond ASCII has
/// a different lower case.
fn lowercase(mut s: String) -> String {
    s.make_ascii_lowercase();
    if s.chars()
        .any(|c| !c.is_ascii() && !c.to_lowercase().eq(std::iter::once(c)))
    {
        s.to_lowercase()
    } else {
        s
    }
}

fn row(key: String, cells: Vec<Cell>, target: Target) -> Row {
    let search = search_of(&cells, &key);
    Row {
        key,
        cells,
        search,
        target,
        now: false,
    }
}

fn tone_of(sev: Option<Severity>) -> Tone {
    match sev {
        Some(Severity::Error) => Tone::Error,
        Some(Severity::Warning) => Tone::Warning,
        None => Tone::Normal,
    }
}

fn mark(sev: Option<Severity>) -> Cell {
    match sev {
        Some(Severity::Error) => Cell::new("✗", Tone::Error),
        Some(Severity::Warning) => Cell::new("!", Tone::Warning),
        None => Cell::new("✓", Tone::Ok),
    }
}

/// The mark of a telemetry gap no rule flags: open, never the covered `✓`.
fn gap_mark() -> Cell {
    Cell::new("○", Tone::Warning)
}

/// Build the view of one pane.
pub fn build(pane: PaneId, src: &Sources<'_>, opts: ViewOptions) -> View {
    match pane {
        PaneId::Readiness => readiness(src),
        PaneId::Telemetry => telemetry(src, opts.gaps_only),
        PaneId::Alerts => alerts(src),
        PaneId::Escalation if opts.contacts => contacts(src),
        PaneId::Escalation => escalation(src),
        PaneId::Oncall if opts.oncall_people => oncall_people(src),
        PaneId::Oncall => oncall(src),
        PaneId::Rtm => rtm(src),
        PaneId::Findings => findings(src, opts.sort),
        PaneId::Documents => documents(src),
    }
}

fn counts_cell(errors: usize, warnings: usize) -> Cell {
    match (errors, warnings) {
        (0, 0) => Cell::new("—", Tone::Muted),
        (0, w) => Cell::new(format!("{w} warning(s)"), Tone::Warning),
        (e, 0) => Cell::new(format!("{e} error(s)"), Tone::Error),
        (e, w) => Cell::new(format!("{e} error(s), {w} warning(s)"), Tone::Error),
    }
}

fn readiness(src: &Sources<'_>) -> View {
    let mut rows = Vec::new();
    for (n, c) in src.assessment.verdict.criteria.iter().enumerate() {
        if c.id == CriterionId::Operational {
            continue;
        }
        let errors = c
            .findings
            .iter()
            .filter(|&&i| src.assessment.findings[i].blocks())
            .count();
        let cells = vec![
            Cell::new(
                if c.passed { "PASS" } else { "FAIL" },
                if c.passed { Tone::Ok } else { Tone::Error },
            ),
            Cell::plain(format!("{}. {}", n + 1, c.title)),
            counts_cell(errors, c.findings.len() - errors),
        ];
        rows.push(row(
            c.id.as_str().to_string(),
            cells,
            Target::Criterion(c.id),
        ));
    }
    for (check, c) in src.assessment.verdict.checks.iter().enumerate() {
        let errors = c
            .findings
            .iter()
            .filter(|&&i| src.assessment.findings[i].blocks())
            .count();
        let cells = vec![
            Cell::new(
                if c.passed { "PASS" } else { "FAIL" },
                if c.passed { Tone::Ok } else { Tone::Error },
            ),
            Cell::new(format!("   {}", c.title), Tone::Normal),
            counts_cell(errors, c.findings.len() - errors),
        ];
        rows.push(row(
            format!("check:{}", c.title),
            cells,
            Target::Check(check),
        ));
    }
    let v = &src.assessment.verdict;
    View {
        columns: vec![
            Column::key(""),
            Column::text("Criterion (1-4) and operational checks", 12),
            Column::key("Findings"),
        ],
        rows,
        summary: format!(
            "{} — {} error(s), {} warning(s)",
            if v.ready { "READY" } else { "NOT READY" },
            v.errors,
            v.warnings
        ),
        empty: "No criteria.",
        bars: Vec::new(),
    }
}

fn telemetry(src: &Sources<'_>, gaps_only: bool) -> View {
    let mut items: Vec<&Item> = src.ws.items_of(ItemKind::Telemetry).collect();
    let is_gap = |i: &Item| coverage(i.text(&FieldKey::Status)) == Coverage::Gap;
    let total = items.len();
    let gaps = items.iter().filter(|i| is_gap(i)).count();
    let overdue = items
        .iter()
        .filter(|i| is_gap(i) && parse_date(i.text(&FieldKey::Due)).is_some_and(|d| d < src.today))
        .count();
    items.sort_by_key(|i| !is_gap(i));
    if gaps_only {
        items.retain(|i| is_gap(i));
    }
    // The Verified column only when a row names a metric it can be held against: in the
    // project's monitoring code, or in the last `:verify` (which wins: `live` or `✗`).
    let backing = (!src.ws.monitoring.is_empty())
        .then(|| crate::rules::monitoring::Backing::new(&src.ws.monitoring));
    let verified_of = |i: &Item| {
        src.live
            .and_then(|l| l.signal_of(&i.id))
            .or_else(|| backing.as_ref()?.of(&src.ws.docs[i.doc], i))
    };
    let verified_column = items.iter().any(|i| verified_of(i).is_some());
    let rows = items
        .into_iter()
        .map(|i| {
            let gap = is_gap(i);
            let sev = src.assessment.worst_of(i.id.as_str());
            let due = i.text(&FieldKey::Due);
            let overdue = gap && parse_date(due).is_some_and(|d| d < src.today);
            let owner = i.text(&FieldKey::Owner);
            let cells = vec![
                if gap && sev.is_none() {
                    gap_mark()
                } else {
                    mark(sev)
                },
                Cell::new(&i.id, Tone::Accent),
                Cell::plain(i.text(&FieldKey::Signal)),
                Cell::new(
                    i.text(&FieldKey::Status),
                    if gap { Tone::Warning } else { Tone::Ok },
                ),
                if is_blank(owner) && gap {
                    Cell::new("no owner", Tone::Error)
                } else {
                    Cell::plain(owner)
                },
                if overdue {
                    Cell::new(due, Tone::Error)
                } else if gap && is_blank(due) {
                    Cell::new("no date", Tone::Error)
                } else {
                    Cell::plain(due)
                },
                Cell::new(i.text(&FieldKey::Requirement), Tone::Muted),
            ];
            let mut cells = cells;
            if verified_column {
                cells.insert(
                    4,
                    match verified_of(i) {
                        Some("✗") => Cell::new("✗", Tone::Error),
                        Some(v) => Cell::new(v, Tone::Ok),
                        None => Cell::plain(""),
                    },
                );
            }
            let mut r = row(i.id.clone(), cells, Target::Item(i.id.clone()));
            r.cells[0].tone = tone_of(sev).max_with(r.cells[0].tone);
            r
        })
        .collect();
    View {
        columns: vec![
            Column::key(""),
            Column::key("ID"),
            Column::text("Signal", 8),
            Column::key("Status"),
            Column::text("Owner", 6),
            Column::key("Due"),
            Column::key("Requirement").optional(),
        ]
        .into_iter()
        .enumerate()
        .flat_map(|(n, c)| {
            let verified = (n == 4 && verified_column).then(|| Column::key("Verified").optional());
            verified.into_iter().chain(std::iter::once(c))
        })
        .collect(),
        rows,
        summary: format!(
            "{gaps} gap(s) of {total} signal(s), {overdue} overdue{}",
            if gaps_only {
                " — showing gaps only (t: all)"
            } else {
                " — t: gaps only"
            }
        ),
        empty: if gaps_only {
            "No telemetry gaps."
        } else {
            "No telemetry items: add a table with Signal and Status columns to the observability report."
        },
        bars: Vec::new(),
    }
}

/// The Alerts pane: the playbook's alert thresholds with whether each has a runbook that
/// resolves, the dashboards that plot it, and its sign-off.
fn alerts(src: &Sources<'_>) -> View {
    let ws = src.ws;
    let items: Vec<&Item> = ws.items_of(ItemKind::Alert).collect();
    let mut missing = 0;
    let rows = items
        .iter()
        .map(|i| {
            let sev = src.assessment.worst_of(i.id.as_str());
            let runbook = crate::rules::trace::runbook(ws, i);
            if !runbook.resolves() {
                missing += 1;
            }
            let runbook_cell = match &runbook {
                crate::rules::trace::Runbook::Missing => Cell::new("✗ none", Tone::Error),
                r if r.resolves() => Cell::new("✓", Tone::Ok),
                _ => Cell::new("✗", Tone::Error),
            };
            let dashboards = alert_dashboard_names(ws, i);
            let signoff = match i.signoff() {
                Some(s) => {
                    let now = crate::model::fingerprint(i, &ws.docs[i.doc].source);
                    if s.fingerprint.starts_with(&now) {
                        Cell::new(s.signer, Tone::Ok)
                    } else {
                        Cell::new("stale", Tone::Error)
                    }
                }
                None => Cell::new("—", Tone::Muted),
            };
            let cells = vec![
                mark(sev),
                Cell::new(&i.id, Tone::Accent),
                Cell::plain(i.text(&FieldKey::Alert)),
                Cell::plain(i.text(&FieldKey::Threshold)),
                Cell::plain(i.text(&FieldKey::Severity)),
                runbook_cell,
                if dashboards.is_empty() {
                    Cell::new("—", Tone::Muted)
                } else {
                    Cell::plain(dashboards.len().to_string())
                },
                signoff,
            ];
            let mut r = row(i.id.clone(), cells, Target::Item(i.id.clone()));
            r.search.push(' ');
            r.search.push_str(&lowercase(dashboards.join(" ")));
            r
        })
        .collect();
    View {
        columns: vec![
            Column::key(""),
            Column::key("ID"),
            Column::text("Alert", 8),
            Column::text("Threshold", 8),
            Column::key("Sev"),
            Column::key("Runbook"),
            Column::key("Dashboards").optional(),
            Column::text("Sign-off", 6).optional(),
        ],
        summary: format!(
            "{} alert(s), {missing} without a runbook that resolves — enter: open the runbook",
            items.len()
        ),
        rows,
        empty: "No alert thresholds: add an ID | Alert | Threshold | Severity | Runbook table under an \"Alert thresholds\" heading of the playbook.",
        bars: Vec::new(),
    }
}

/// The dashboards of an alert row: the names in its Dashboard(s) cell (its links' texts
/// when it has links), else the titles of the dashboards of the monitoring code that
/// plot the metrics of its alerting rule.
pub fn alert_dashboard_names(ws: &Workspace, item: &Item) -> Vec<String> {
    if let Some(f) = item
        .field(&FieldKey::Dashboard)
        .filter(|f| !is_blank(&f.text))
    {
        let doc = &ws.docs[item.doc];
        if f.links.is_empty() {
            return crate::rules::text::split_names(&f.text);
        }
        return doc.links_at(f.links).map(|l| l.text.clone()).collect();
    }
    crate::rules::monitoring::alert_dashboards(ws, &ws.monitoring, item)
        .into_iter()
        .map(|d| d.title.clone())
        .collect()
}

trait ToneExt {
    fn max_with(self, other: Tone) -> Tone;
}

impl ToneExt for Tone {
    fn max_with(self, other: Tone) -> Tone {
        if self == Tone::Normal { other } else { self }
    }
}

fn escalation(src: &Sources<'_>) -> View {
    let now = src
        .assessment
        .rotation
        .as_ref()
        .map(|r| on_call_at(r, src.now));
    let mut rows: Vec<Row> = Vec::new();
    let mut last_group = String::new();
    let mut paths = 0;
    for item in src.ws.items_of(ItemKind::EscalationStep) {
        let (contact, _) = step_contact(item);
        let sev = src.assessment.worst_of(item.id.as_str());
        let (state, who) = match reached(src.ws, contact, now.as_ref()) {
            // A step that pages nobody is never marked as fine, whatever the rules said.
            Some(people) if people.is_empty() => (
                Cell::new("✗", Tone::Error),
                Cell::new(format!("{contact} → nobody"), Tone::Error),
            ),
            Some(people) => (
                mark(sev),
                Cell::new(format!("{contact} → {}", people.join(", ")), Tone::Accent),
            ),
            None => (
                mark(sev),
                Cell::new(contact, tone_of(sev).max_with(Tone::Normal)),
            ),
        };
        let step = item.text(&FieldKey::Step);
        let first = item.group != last_group;
        if first {
            paths += 1;
            last_group.clone_from(&item.group);
        }
        let cells = vec![
            state,
            Cell::new(
                if first {
                    item.group.clone()
                } else {
                    String::new()
                },
                Tone::Heading,
            ),
            Cell::plain(if step.is_empty() {
                "·".to_string()
            } else {
                format!("{step} ▸")
            }),
            Cell::new(item.text(&FieldKey::After), Tone::Muted),
            who,
            Cell::plain(item.text(&FieldKey::Channel)),
        ];
        let mut r = row(item.id.clone(), cells, Target::Item(item.id.clone()));
        r.search.push(' ');
        r.search.push_str(&lowercase(item.group.clone()));
        rows.push(r);
    }
    View {
        columns: vec![
            Column::key(""),
            Column::key("Sev"),
            Column::key("Step"),
            Column::key("After"),
            Column::text("Contact (now)", 12),
            Column::text("Channel", 8),
        ],
        summary: format!(
            "{paths} escalation path(s), {} step(s) — c: contacts",
            rows.len()
        ),
        rows,
        empty: "No escalation paths: add a table per severity under an Escalation heading.",
        bars: Vec::new(),
    }
}

/// Who a step's contact reaches, when it is a role: the people (empty: nobody), or `None`
/// for a person named directly, a name nobody knows, or an on-call role without a
/// rotation to fill it. Each name of a cell of several is resolved on its own.
fn reached(
    ws: &Workspace,
    contact: &str,
    now: Option<&crate::rotation::OnCall>,
) -> Option<Vec<String>> {
    use crate::rules::contacts::{Reach, resolve};
    let mut any_role = false;
    let mut people = Vec::new();
    for name in crate::rules::text::split_names(contact) {
        match resolve(ws, &name, now) {
            Reach::OnCall { person, .. } if now.is_some() => {
                any_role = true;
                people.extend(person);
            }
            Reach::Role {
                people: holders, ..
            } => {
                any_role = true;
                people.extend(holders.iter().map(|c| c.text(&FieldKey::Name).to_string()));
            }
            Reach::Person(c) => people.push(c.text(&FieldKey::Name).to_string()),
            Reach::OnCall { .. } | Reach::Unknown => {}
        }
    }
    any_role.then_some(people)
}

/// The time of day now in an IANA time zone (`Tue 14:05`), or `None` for a name that is
/// not one.
pub fn local_time(zone: &str, now: Timestamp) -> Option<String> {
    let tz = jiff::tz::TimeZone::get(zone.trim()).ok()?;
    Some(now.to_zoned_datetime(tz).strftime("%a %H:%M").to_string())
}

/// The Escalation pane's contacts list: everyone of the contacts table with role,
/// handle, phone, time zone and the time of day there now.
fn contacts(src: &Sources<'_>) -> View {
    let people: Vec<&Item> = crate::rules::contacts::contacts(src.ws).collect();
    let rows = people
        .iter()
        .map(|c| {
            let zone = c.text(&FieldKey::TimeZone);
            let local = if is_blank(zone) {
                Cell::new("—", Tone::Muted)
            } else {
                match local_time(zone, src.now) {
                    Some(t) => Cell::plain(t),
                    None => Cell::new("zone?", Tone::Error),
                }
            };
            let phone = c.text(&FieldKey::Phone);
            let cells = vec![
                mark(src.assessment.worst_of(c.id.as_str())),
                Cell::new(c.text(&FieldKey::Name), Tone::Accent),
                Cell::plain(c.text(&FieldKey::Role)),
                Cell::plain(c.text(&FieldKey::Handle)),
                if is_blank(phone) {
                    Cell::new("no phone", Tone::Error)
                } else {
                    Cell::plain(phone)
                },
                Cell::new(zone, Tone::Muted),
                local,
            ];
            row(c.id.clone(), cells, Target::Item(c.id.clone()))
        })
        .collect();
    View {
        columns: vec![
            Column::key(""),
            Column::key("Name"),
            Column::text("Role", 6),
            Column::key("Handle").optional(),
            Column::key("Phone"),
            Column::key("Time zone").optional(),
            Column::key("Local"),
        ],
        summary: format!("{} contact(s) — c: escalation paths", people.len()),
        rows,
        empty: "No contacts: add a Name | Role | Handle | Phone | Time zone table to the playbook.",
        bars: Vec::new(),
    }
}

/// A piece of the on-call timeline.
enum Seg<'a> {
    Shift(&'a crate::rotation::Shift),
    Override(&'a crate::rotation::Override),
    Gap(Timestamp, Timestamp),
}

fn oncall(src: &Sources<'_>) -> View {
    let (Some(rot), Some(an)) = (src.assessment.rotation.as_ref(), src.assessment.analysis())
    else {
        return View {
            columns: vec![Column::key("When")],
            rows: Vec::new(),
            summary: "No on-call rotation found.".to_string(),
            empty: "No rotation: add a Start | End | Primary | Secondary table under an On-call heading.",
            bars: Vec::new(),
        };
    };
    let mut segs: Vec<(Timestamp, u8, Seg)> = Vec::new();
    for s in &rot.shifts {
        segs.push((s.start, 0, Seg::Shift(s)));
    }
    for o in &rot.overrides {
        segs.push((o.start, 1, Seg::Override(o)));
    }
    for (a, b) in &an.gaps {
        segs.push((*a, 2, Seg::Gap(*a, *b)));
    }
    segs.sort_by_key(|(t, k, _)| (*t, *k));
    let overlapping =
        |a: Timestamp, b: Timestamp| an.overlaps.iter().any(|o| o.start < b && a < o.end);
    let mut rows = Vec::new();
    for (_, _, seg) in &segs {
        let (start, end, key, cells) = match seg {
            Seg::Shift(s) => {
                let tone = if overlapping(s.start, s.end) {
                    Tone::Overlap
                } else {
                    Tone::Normal
                };
                (
                    s.start,
                    s.end,
                    s.item.clone(),
                    vec![
                        Cell::new(rot.short_range(s.start, s.end), tone),
                        Cell::new(
                            s.primary.clone().unwrap_or_else(|| "nobody".into()),
                            if s.primary.is_some() {
                                Tone::Accent
                            } else {
                                Tone::Error
                            },
                        ),
                        Cell::plain(s.secondary.clone().unwrap_or_else(|| "—".into())),
                        if tone == Tone::Overlap {
                            Cell::new("overlap", tone)
                        } else {
                            Cell::new(
                                [
                                    s.layer.clone(),
                                    s.shadow.as_ref().map(|p| format!("shadow: {p}")),
                                ]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" · "),
                                Tone::Muted,
                            )
                        },
                    ],
                )
            }
            Seg::Override(o) => (
                o.start,
                o.end,
                o.item.clone(),
                vec![
                    Cell::new(
                        format!("  ↳ {}", rot.short_range(o.start, o.end)),
                        Tone::Muted,
                    ),
                    Cell::new(o.on_call.clone(), Tone::Accent),
                    Cell::new(
                        o.replaces
                            .clone()
                            .map(|r| format!("for {r}"))
                            .unwrap_or_default(),
                        Tone::Muted,
                    ),
                    Cell::new(
                        match (&o.reason, &o.shadow) {
                            (Some(r), Some(p)) => format!("{r} · shadow: {p}"),
                            (None, Some(p)) => format!("override · shadow: {p}"),
                            (r, None) => r.clone().unwrap_or_else(|| "override".into()),
                        },
                        Tone::Muted,
                    ),
                ],
            ),
            Seg::Gap(a, b) => (
                *a,
                *b,
                format!("gap:{a}"),
                vec![
                    Cell::new(rot.short_range(*a, *b), Tone::Gap),
                    Cell::new("NOBODY ON CALL", Tone::Gap),
                    Cell::new("", Tone::Gap),
                    Cell::new(
                        crate::rotation::human_duration(b.duration_since(*a)),
                        Tone::Gap,
                    ),
                ],
            ),
        };
        let target = match seg {
            Seg::Gap(start, end) => Target::Gap {
                start: *start,
                end: *end,
            },
            Seg::Shift(_) | Seg::Override(_) => Target::Item(key.clone()),
        };
        let mut r = row(key, cells, target);
        r.now = start <= src.now && src.now < end && !matches!(seg, Seg::Override(_));
        if r.now {
            r.cells[0].text = format!("▶ {}", r.cells[0].text);
            r.cells[0].tone = Tone::Now;
        }
        rows.push(r);
    }
    let cur = on_call_at(rot, src.now);
    let hours: Vec<String> = an
        .hours
        .iter()
        .map(|(p, h)| format!("{p} {h:.0}h"))
        .collect();
    let ends = an
        .horizon_end
        .map(|e| {
            let days = e.duration_since(src.now).as_hours() / 24;
            if days < 0 {
                "rotation ended".to_string()
            } else {
                format!("runs out in {}", crate::model::wording::days(days))
            }
        })
        .unwrap_or_default();
    View {
        columns: vec![
            Column::key("When"),
            // Who is on call is what the row is read for: never cut.
            Column::key("Primary"),
            Column::text("Secondary", 8),
            Column::text("Note", 6).optional(),
        ],
        rows,
        summary: format!(
            "now: {} / {} · {} · {} gap(s) · hours: {}",
            cur.primary.unwrap_or_else(|| "nobody".into()),
            cur.secondary.unwrap_or_else(|| "nobody".into()),
            ends,
            an.gaps.len(),
            hours.join(", ")
        ),
        empty: "No shifts.",
        bars: Vec::new(),
    }
}

/// The cell showing an evidence state.
fn evidence_cell(state: Evidence) -> Cell {
    match state {
        Evidence::NoColumn => Cell::new("", Tone::Muted),
        Evidence::Empty => Cell::new("·", Tone::Muted),
        Evidence::Broken => Cell::new("✗", Tone::Error),
        Evidence::Resolves => Cell::new("✓", Tone::Ok),
    }
}

/// The On-call pane's per-person view: hours on call over the rotation's horizon, split
/// as `oncall --load` splits them, and primary hours as bars.
fn oncall_people(src: &Sources<'_>) -> View {
    let columns = vec![
        Column::text("Person", 8),
        Column::key("Total"),
        Column::key("Primary"),
        Column::key("Nights"),
        Column::key("Weekends"),
        Column::key("Holidays"),
        Column::key("Shifts"),
    ];
    let Some(rot) = src.assessment.rotation.as_ref() else {
        return View {
            columns,
            rows: Vec::new(),
            summary: "No on-call rotation found.".to_string(),
            empty: "No rotation: add a Start | End | Primary | Secondary table under an On-call heading.",
            bars: Vec::new(),
        };
    };
    let holidays = crate::rotation::leave::holidays(rot, src.ws);
    let load = crate::rotation::load::load(rot, None, None, &holidays);
    let hours = |h: f64| format!("{h:.1}");
    let rows = load
        .people
        .iter()
        .map(|p| {
            row(
                format!("person:{}", p.person),
                vec![
                    Cell::new(p.person.clone(), Tone::Accent),
                    Cell::plain(hours(p.total)),
                    Cell::plain(hours(p.primary)),
                    Cell::plain(hours(p.nights)),
                    Cell::plain(hours(p.weekends)),
                    Cell::plain(hours(p.holidays)),
                    Cell::plain(p.shifts.to_string()),
                ],
                Target::None,
            )
        })
        .collect();
    let bars = load
        .people
        .iter()
        .map(|p| {
            (
                p.person.clone(),
                format!("{:.0}", p.primary).parse().unwrap_or(0),
            )
        })
        .collect();
    let balance = load.balance.map_or_else(
        || "nobody is primary".to_string(),
        |b| format!("balance {b:.2}"),
    );
    View {
        columns,
        rows,
        summary: format!("hours per person over the rotation · {balance} · p: timeline"),
        empty: "Nobody is on call in the rotation.",
        bars,
    }
}

fn rtm(src: &Sources<'_>) -> View {
    let ws = src.ws;
    let links = &src.assessment.links;
    let evidence = evidence_docs(ws, links);
    let reqs: Vec<&Item> = ws.items_of(ItemKind::Requirement).collect();
    // One row, and per evidence column whether the cell is there and resolves.
    let make = |item: &Item| -> (Row, [(bool, bool); 4]) {
        let mut cells = vec![
            mark(src.assessment.worst_of(item.id.as_str())),
            Cell::new(&item.id, Tone::Accent),
        ];
        let mut counted = [(false, false); 4];
        for (n, (key, _)) in EVIDENCE.iter().enumerate() {
            let state = src.assessment.evidence_state(ws, item, key);
            counted[n] = (true, state == Evidence::Resolves);
            cells.push(evidence_cell(state));
        }
        let untraced =
            traced_category(item).is_some() && !has_ops_evidence(ws, links, item, &evidence);
        cells.push(Cell::new(
            item.text(&FieldKey::Type),
            if untraced { Tone::Error } else { Tone::Muted },
        ));
        cells.push(Cell::plain(item.text(&FieldKey::Requirement)));
        if untraced {
            cells[5].text = "✗ none".to_string();
            cells[5].tone = Tone::Error;
        }
        (
            row(item.id.clone(), cells, Target::Item(item.id.clone())),
            counted,
        )
    };
    // A large matrix is built on all cores, in order.
    let built: Vec<(Row, [(bool, bool); 4])> = reqs.par_iter().map(|i| make(i)).collect();
    let mut per_col: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut rows = Vec::with_capacity(built.len());
    for (r, counted) in built {
        for (n, (_, title)) in EVIDENCE.iter().enumerate() {
            let e = per_col.entry(title).or_insert((0, 0));
            e.1 += usize::from(counted[n].0);
            e.0 += usize::from(counted[n].1);
        }
        rows.push(r);
    }
    let coverage: Vec<String> = EVIDENCE
        .iter()
        .map(|(_, t)| {
            let (ok, n) = per_col.get(t).copied().unwrap_or((0, 0));
            let pct = (ok * 100).checked_div(n).unwrap_or(0);
            format!("{t} {pct}%")
        })
        .collect();
    View {
        columns: vec![
            Column::key(""),
            Column::key("ID"),
            Column::key("Design"),
            Column::key("Test"),
            Column::key("Release"),
            Column::key("Ops"),
            Column::key("Type"),
            Column::text("Requirement", 10),
        ],
        summary: format!(
            "{} requirement(s) · coverage: {}",
            reqs.len(),
            coverage.join(" · ")
        ),
        rows,
        empty: "No requirements: add an ID | Requirement | Type table to the RTM.",
        bars: Vec::new(),
    }
}

fn findings(src: &Sources<'_>, sort: FindingSort) -> View {
    let mut order: Vec<usize> = (0..src.assessment.findings.len()).collect();
    let fs = &src.assessment.findings;
    match sort {
        FindingSort::Severity => order.sort_by(|&a, &b| {
            (fs[a].severity, &fs[a].file, fs[a].line).cmp(&(
                fs[b].severity,
                &fs[b].file,
                fs[b].line,
            ))
        }),
        FindingSort::Rule => order.sort_by(|&a, &b| {
            (fs[a].rule, &fs[a].file, fs[a].line).cmp(&(fs[b].rule, &fs[b].file, fs[b].line))
        }),
        FindingSort::File => order.sort_by(|&a, &b| {
            (&fs[a].file, fs[a].line, fs[a].column).cmp(&(&fs[b].file, fs[b].line, fs[b].column))
        }),
    }
    let rows = order
        .into_iter()
        .map(|i| {
            let f = &fs[i];
            let mut cells = vec![
                mark(Some(f.severity)),
                Cell::new(f.rule.as_str(), Tone::Accent),
                Cell::new(f.file.rsplit('/').next().unwrap_or(&f.file), Tone::Muted),
                Cell::new(f.line.to_string(), Tone::Muted),
                Cell::plain(f.item.clone().unwrap_or_default()),
                Cell::plain(&f.message),
            ];
            // A waived finding is listed dimmed, its waiver first.
            if let Some(w) = &f.waived {
                cells[0] = Cell::new("~", Tone::Muted);
                for c in &mut cells[1..] {
                    c.tone = Tone::Muted;
                }
                cells[5].text =
                    format!("waived by {} until {}: {}", w.id, w.expires, cells[5].text);
            }
            row(
                format!("finding:{}:{}:{}:{}", f.rule, f.file, f.line, f.column),
                cells,
                Target::Finding(i),
            )
        })
        .collect();
    View {
        columns: vec![
            Column::key(""),
            Column::key("Rule"),
            Column::text("File", 8),
            Column::key("Line"),
            Column::key("Item").optional(),
            Column::text("Message", 12),
        ],
        rows,
        summary: format!(
            "{} finding(s), sorted by {} (>: sort)",
            fs.len(),
            sort.label()
        ),
        empty: "No findings: the docs are ready.",
        bars: Vec::new(),
    }
}

fn documents(src: &Sources<'_>) -> View {
    let ws = src.ws;
    let mut rows: Vec<Row> = ws
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let counts = src.assessment.counts_of(&d.path);
            let (errors, n) = (counts.errors, counts.errors + counts.warnings);
            let role = d.role.map_or("", Role::title);
            let cells = vec![
                counts_mark(errors, n),
                Cell::plain(&d.path),
                Cell::new(role, Tone::Muted),
            ];
            row(d.path.clone(), cells, Target::Doc(i))
        })
        .collect();
    for d in &ws.diagnostics {
        rows.push(row(
            d.path.clone(),
            vec![
                Cell::new("✗", Tone::Error),
                Cell::new(&d.path, Tone::Error),
                Cell::new("unreadable", Tone::Error),
            ],
            Target::None,
        ));
    }
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    View {
        columns: vec![
            Column::key(""),
            Column::key("Document"),
            Column::text("Role", 8).optional(),
        ],
        summary: format!(
            "{} document(s), {} unreadable",
            ws.docs.len(),
            ws.diagnostics.len()
        ),
        rows,
        empty: "No markdown files.",
        bars: Vec::new(),
    }
}

fn counts_mark(errors: usize, all: usize) -> Cell {
    if errors > 0 {
        Cell::new("✗", Tone::Error)
    } else if all > 0 {
        Cell::new("!", Tone::Warning)
    } else {
        Cell::new("✓", Tone::Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    #[test]
    fn lowercase_agrees_with_the_standard_library() {
        for s in [
            "",
            "Plain ASCII Text",
            "HLD §4.2 — Ops",
            "ÉCOLE Straße",
            "İstanbul",
            "ǅemal",
            "ΣΊΣΥΦΟΣ",
            "日本 ABC",
        ] {
            assert_eq!(lowercase(s.to_string()), s.to_lowercase(), "{s}");
        }
    }
}
