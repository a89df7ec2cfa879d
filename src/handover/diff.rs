//! "What changed": the items of two versions of the docs matched by ID and compared
//! field by field, or, without history, the change log's dated entries.
//!
//! Two versions of an item are the same when every field's markdown source is
//! byte-identical (padding and position aside): a row moved to another line, table or
//! file with the same fields is no change. A field that only one version has counts as
//! empty in the other, so adding an empty column changes nothing. The change log's
//! audit trail is not compared: its lines record the sign-offs and handovers that are
//! listed from the items themselves.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::is_blank;
use crate::model::{Field, FieldKey, Item, ItemKind, Role, Workspace};
use crate::rules::step_contact;
use crate::rules::text::{Coverage, coverage, parse_date};

/// What kind of change an item went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A telemetry item became a gap, or a new item is one.
    NewGap,
    /// A telemetry gap is covered now.
    ClosedGap,
    /// An alert's threshold changed.
    ChangedThreshold,
    /// A contact's details, or an escalation step's contact, changed.
    ChangedContact,
    /// An item was signed off (or signed off again).
    NewSignOff,
    /// An item's sign-off was removed.
    RevokedSignOff,
    /// An item that was not there before.
    NewItem,
    /// An item that is gone.
    RemovedItem,
    /// Any other change of an item's fields.
    ChangedItem,
    /// A change-log entry, when there is no history to compare with.
    Logged,
    /// An audit-trail line (sign-off, revocation, acknowledgement), when there is no
    /// history to compare with.
    Audited,
}

impl ChangeKind {
    /// Every kind, in the order a handover lists them.
    pub const ALL: [ChangeKind; 11] = [
        ChangeKind::NewGap,
        ChangeKind::ClosedGap,
        ChangeKind::ChangedThreshold,
        ChangeKind::ChangedContact,
        ChangeKind::NewSignOff,
        ChangeKind::RevokedSignOff,
        ChangeKind::NewItem,
        ChangeKind::RemovedItem,
        ChangeKind::ChangedItem,
        ChangeKind::Logged,
        ChangeKind::Audited,
    ];

    /// A heading for the changes of this kind.
    pub fn title(self) -> &'static str {
        match self {
            ChangeKind::NewGap => "New telemetry gaps",
            ChangeKind::ClosedGap => "Closed telemetry gaps",
            ChangeKind::ChangedThreshold => "Changed alert thresholds",
            ChangeKind::ChangedContact => "Changed contacts",
            ChangeKind::NewSignOff => "New sign-offs",
            ChangeKind::RevokedSignOff => "Revoked sign-offs",
            ChangeKind::NewItem => "New items",
            ChangeKind::RemovedItem => "Removed items",
            ChangeKind::ChangedItem => "Changed items",
            ChangeKind::Logged => "Change-log entries",
            ChangeKind::Audited => "Audit trail",
        }
    }

    /// The stable name used in JSON (`new_gap`, `closed_gap`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::NewGap => "new_gap",
            ChangeKind::ClosedGap => "closed_gap",
            ChangeKind::ChangedThreshold => "changed_threshold",
            ChangeKind::ChangedContact => "changed_contact",
            ChangeKind::NewSignOff => "new_sign_off",
            ChangeKind::RevokedSignOff => "revoked_sign_off",
            ChangeKind::NewItem => "new_item",
            ChangeKind::RemovedItem => "removed_item",
            ChangeKind::ChangedItem => "changed_item",
            ChangeKind::Logged => "logged",
            ChangeKind::Audited => "audited",
        }
    }
}

/// An item as people call it: its ID and title (`TEL-009  Webhook delivery latency`),
/// or, when the ID was derived because the row has none (`esc:sev1-3`), words that say
/// which one it is: `SEV1 step 3 — Incident commander`, `Mei Tanaka (contact)`,
/// `Shift from 2026-11-30 09:00 — Aisha Bello`, or the title alone.
pub fn item_name(item: &Item) -> String {
    let title = item.title();
    if !item.derived_id {
        return if title.is_empty() {
            item.id.clone()
        } else {
            format!("{}  {title}", item.id)
        };
    }
    match item.kind {
        ItemKind::EscalationStep => {
            let (contact, _) = step_contact(item);
            format!(
                "{} step {} — {}",
                item.group,
                item.text(&FieldKey::Step).trim(),
                if is_blank(contact) { "nobody" } else { contact }
            )
        }
        ItemKind::Contact => format!("{title} (contact)"),
        ItemKind::Shift | ItemKind::Override => {
            let start = item.text(&FieldKey::Start);
            let start = if start.trim().is_empty() {
                item.text(&FieldKey::WeekOf)
            } else {
                start
            };
            let what = if item.kind == ItemKind::Shift {
                "Shift"
            } else {
                "Override"
            };
            format!("{what} from {} — {title}", start.trim())
        }
        _ => title.to_string(),
    }
}

/// One change of one item. An item may have several (a gap closed and signed off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The item's ID.
    pub item: String,
    /// The item's one-line title (signal, alert, name, entry…).
    pub title: String,
    /// The item as people call it ([`item_name`]), for text meant to be read.
    #[serde(skip)]
    pub name: String,
    /// True when the item's ID was derived because its row has none: not shown.
    #[serde(skip)]
    pub derived_id: bool,
    /// Where the item is now (where it was, for a removed item), project-relative.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The changed fields before, `Header: text` joined by `; ` (empty for a new item).
    pub before: String,
    /// The changed fields now (empty for a removed item).
    pub after: String,
}

/// True for the lines of the change log's audit trail, which record changes rather
/// than being compared.
fn is_audit_line(item: &Item) -> bool {
    item.kind == ItemKind::AuditEntry
}

/// The compared items of a workspace keyed by (ID, n-th item with that ID).
fn keyed(ws: &Workspace) -> Vec<((&str, usize), &Item)> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    ws.items
        .iter()
        .filter(|i| !is_audit_line(i))
        .map(|i| {
            let n = seen.entry(i.id.as_str()).or_insert(0);
            *n += 1;
            ((i.id.as_str(), *n), i)
        })
        .collect()
}

/// A field's raw markdown, the thing compared.
fn raw<'a>(ws: &'a Workspace, item: &Item, f: &Field) -> &'a str {
    f.span.slice(&ws.docs[item.doc].source)
}

/// One field of both versions: its key, header and the texts.
struct FieldDiff {
    key: FieldKey,
    header: String,
    before: String,
    after: String,
}

/// The fields whose raw source differs, matched by meaning (and order among fields of
/// the same meaning); a field missing on one side reads as empty.
fn field_diffs(old_ws: &Workspace, old: &Item, new_ws: &Workspace, new: &Item) -> Vec<FieldDiff> {
    let numbered = |item: &Item| -> Vec<((FieldKey, usize), usize)> {
        let mut count: Vec<(FieldKey, usize)> = Vec::new();
        item.fields
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                let n = if let Some((_, n)) = count.iter_mut().find(|(k, _)| *k == f.key) {
                    *n += 1;
                    *n
                } else {
                    count.push((f.key.clone(), 1));
                    1
                };
                ((f.key.clone(), n), fi)
            })
            .collect()
    };
    let olds = numbered(old);
    let news = numbered(new);
    let mut out = Vec::new();
    for (key, fi) in &news {
        let f = &new.fields[*fi];
        let before = olds
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, oi)| &old.fields[*oi]);
        let old_raw = before.map_or("", |b| raw(old_ws, old, b));
        if old_raw != raw(new_ws, new, f) {
            out.push(FieldDiff {
                key: f.key.clone(),
                header: f.header.to_string(),
                before: before.map_or_else(String::new, |b| b.text.to_string()),
                after: f.text.to_string(),
            });
        }
    }
    for (key, oi) in &olds {
        let f = &old.fields[*oi];
        if !news.iter().any(|(k, _)| k == key) && !raw(old_ws, old, f).is_empty() {
            out.push(FieldDiff {
                key: f.key.clone(),
                header: f.header.to_string(),
                before: f.text.to_string(),
                after: String::new(),
            });
        }
    }
    out
}

/// `text`, or `—` when it says nothing.
fn shown(text: &str) -> &str {
    if is_blank(text) { "—" } else { text.trim() }
}

fn joined<'a>(diffs: impl Iterator<Item = &'a FieldDiff>, after: bool) -> String {
    diffs
        .map(|d| {
            let text = if after { &d.after } else { &d.before };
            format!("{}: {}", d.header, shown(text))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn is_gap(item: &Item) -> bool {
    item.kind == ItemKind::Telemetry && coverage(item.text(&FieldKey::Status)) == Coverage::Gap
}

/// A short description of a new or removed item: its gap state for telemetry, else
/// its title.
fn summary(item: &Item) -> String {
    if item.kind == ItemKind::Telemetry {
        format!(
            "Status: {}; Owner: {}; Due: {}",
            shown(item.text(&FieldKey::Status)),
            shown(item.text(&FieldKey::Owner)),
            shown(item.text(&FieldKey::Due))
        )
    } else {
        item.title().to_string()
    }
}

fn change(kind: ChangeKind, ws: &Workspace, item: &Item, before: String, after: String) -> Change {
    Change {
        kind,
        item: item.id.clone(),
        title: item.title().to_string(),
        name: item_name(item),
        derived_id: item.derived_id,
        file: ws.docs[item.doc].path.clone(),
        line: item.line,
        before,
        after,
    }
}

/// The changes of one item present in both versions.
fn item_changes(old_ws: &Workspace, old: &Item, new_ws: &Workspace, new: &Item) -> Vec<Change> {
    let diffs = field_diffs(old_ws, old, new_ws, new);
    if diffs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut explained: Vec<FieldKey> = Vec::new();
    let mut add = |kind, before: String, after: String| {
        out.push(change(kind, new_ws, new, before, after));
    };
    let status_changed = diffs.iter().any(|d| d.key == FieldKey::Status);
    if new.kind == ItemKind::Telemetry && status_changed && is_gap(old) != is_gap(new) {
        let kind = if is_gap(new) {
            ChangeKind::NewGap
        } else {
            ChangeKind::ClosedGap
        };
        add(
            kind,
            format!("Status: {}", shown(old.text(&FieldKey::Status))),
            format!("Status: {}", shown(new.text(&FieldKey::Status))),
        );
        explained.push(FieldKey::Status);
    }
    if new.kind == ItemKind::Alert
        && let Some(d) = diffs.iter().find(|d| d.key == FieldKey::Threshold)
    {
        add(
            ChangeKind::ChangedThreshold,
            shown(&d.before).to_string(),
            shown(&d.after).to_string(),
        );
        explained.push(FieldKey::Threshold);
    }
    if new.kind == ItemKind::Contact {
        let relevant = diffs.iter().filter(|d| d.key != FieldKey::SignOff);
        if relevant.clone().next().is_some() {
            add(
                ChangeKind::ChangedContact,
                joined(relevant.clone(), false),
                joined(relevant.clone(), true),
            );
            explained.extend(relevant.map(|d| d.key.clone()));
        }
    }
    if new.kind == ItemKind::EscalationStep {
        let (before, after) = (step_contact(old).0, step_contact(new).0);
        if before != after {
            add(
                ChangeKind::ChangedContact,
                shown(before).to_string(),
                shown(after).to_string(),
            );
        }
        explained.extend([FieldKey::Who, FieldKey::Contact]);
    }
    if diffs.iter().any(|d| d.key == FieldKey::SignOff) {
        let kind = match (old.signoff(), new.signoff()) {
            (_, Some(_)) => Some(ChangeKind::NewSignOff),
            (Some(_), None) => Some(ChangeKind::RevokedSignOff),
            (None, None) => None,
        };
        if let Some(kind) = kind {
            let text = |i: &Item| i.text(&FieldKey::SignOff).trim().to_string();
            add(kind, text(old), text(new));
            explained.push(FieldKey::SignOff);
        }
    }
    let rest: Vec<&FieldDiff> = diffs
        .iter()
        .filter(|d| !explained.contains(&d.key))
        .collect();
    if !rest.is_empty() {
        add(
            ChangeKind::ChangedItem,
            joined(rest.iter().copied(), false),
            joined(rest.iter().copied(), true),
        );
    }
    out
}

fn order(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (a.kind, &a.file, a.line, &a.item).cmp(&(b.kind, &b.file, b.line, &b.item))
    });
}

/// What changed from `before` to `after`: every item whose fields differ, every new
/// and every removed item, matched by ID (the n-th item with an ID matches the n-th
/// one). Sorted by kind (in [`ChangeKind::ALL`] order), then file and line.
pub fn compare(before: &Workspace, after: &Workspace) -> Vec<Change> {
    let old = keyed(before);
    let new = keyed(after);
    let old_index: std::collections::HashMap<(&str, usize), &Item> = old.iter().copied().collect();
    let new_index: std::collections::HashMap<(&str, usize), &Item> = new.iter().copied().collect();
    let mut out = Vec::new();
    for (key, item) in &new {
        if let Some(prev) = old_index.get(key) {
            out.extend(item_changes(before, prev, after, item));
        } else {
            let kind = if is_gap(item) {
                ChangeKind::NewGap
            } else {
                ChangeKind::NewItem
            };
            out.push(change(kind, after, item, String::new(), summary(item)));
        }
    }
    for (key, item) in &old {
        if !new_index.contains_key(key) {
            out.push(change(
                ChangeKind::RemovedItem,
                before,
                item,
                summary(item),
                String::new(),
            ));
        }
    }
    order(&mut out);
    out
}

/// Without history: the change log's entries and audit lines dated `from` or later, as
/// [`ChangeKind::Logged`] and [`ChangeKind::Audited`] changes. An entry dated `from` itself is listed only when it
/// comes after `after` (a file and line: the previous acknowledgement), or always when
/// `after` is `None`. Sorted by date, then file and line.
pub fn logged(ws: &Workspace, from: Date, after: Option<(&str, usize)>) -> Vec<Change> {
    let mut dated: Vec<(Date, Change)> = ws
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::ChangeEntry | ItemKind::AuditEntry))
        .filter(|i| ws.docs[i.doc].role == Some(Role::ChangeLog))
        .filter_map(|i| {
            let date = parse_date(i.text(&FieldKey::Date))?;
            let file = ws.docs[i.doc].path.as_str();
            let listed = date > from
                || (date == from && after.is_none_or(|(path, line)| path == file && i.line > line));
            if !listed {
                return None;
            }
            let mut text = i.text(&FieldKey::Entry).to_string();
            for (key, label) in [(FieldKey::Owner, "owner"), (FieldKey::Status, "status")] {
                let v = i.text(&key);
                if i.table.is_some() && !is_blank(v) {
                    let _ = write!(text, " — {label}: {}", v.trim());
                }
            }
            Some((
                date,
                change(
                    if is_audit_line(i) {
                        ChangeKind::Audited
                    } else {
                        ChangeKind::Logged
                    },
                    ws,
                    i,
                    String::new(),
                    format!("{date} {text}"),
                ),
            ))
        })
        .collect();
    dated.sort_by(|(da, a), (db, b)| (da, &a.file, a.line).cmp(&(db, &b.file, b.line)));
    dated.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    const OBS: &str = "docs/operations/observability-status.md";

    fn ws(files: &[(&str, &str)]) -> Workspace {
        workspace_from_sources(
            files
                .iter()
                .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
                .collect(),
            Vec::new(),
            Vec::new(),
            &ProjectConfig::default(),
        )
    }

    fn telemetry(rows: &str) -> Workspace {
        ws(&[(
            OBS,
            &format!(
                "# O\n\n| ID | Signal | Status | Owner | Due | Sign-off |\n|---|---|---|---|---|---|\n{rows}"
            ),
        )])
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str)> {
        changes.iter().map(|c| (c.kind, c.item.as_str())).collect()
    }

    #[test]
    fn kind_names_are_the_json_names() {
        for kind in ChangeKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json.as_str(), Some(kind.as_str()));
        }
    }

    #[test]
    fn identical_and_moved_rows_are_no_change() {
        let a = telemetry("| T-1 | A | missing | Ann | 2026-12-01 | |\n| T-2 | B | ok | | | |\n");
        let b =
            telemetry("| T-2 |   B  | ok | | | |\n| T-1 | A | missing |    Ann | 2026-12-01 | |\n");
        assert!(compare(&a, &b).is_empty());
    }

    #[test]
    fn gaps_open_and_close_and_other_fields_are_changed_items() {
        let a = telemetry(
            "| T-1 | A | missing | | 2026-12-01 | |\n| T-2 | B | partial | Bo | | |\n| T-3 | C | ok | | | |\n",
        );
        let b = telemetry(
            "| T-1 | A | missing | Ann | 2026-12-01 | |\n| T-2 | B | configured | Bo | | |\n| T-3 | C | missing | | | |\n| T-4 | D | planned | | | |\n",
        );
        let changes = compare(&a, &b);
        assert_eq!(
            kinds(&changes),
            vec![
                (ChangeKind::NewGap, "T-3"),
                (ChangeKind::NewGap, "T-4"),
                (ChangeKind::ClosedGap, "T-2"),
                (ChangeKind::ChangedItem, "T-1"),
            ]
        );
        assert_eq!(changes[3].before, "Owner: —");
        assert_eq!(changes[3].after, "Owner: Ann");
        assert_eq!(changes[2].after, "Status: configured");
    }

    #[test]
    fn sign_offs_are_compared_parsed() {
        let a = telemetry(
            "| T-1 | A | ok | | | |\n| T-2 | B | ok | | | Dana 2026-11-01 fp:1234abcd |\n",
        );
        let b = telemetry(
            "| T-1 | A | ok | | | Dana 2026-11-02 fp:1234abcd |\n| T-2 | B | ok | | | |\n",
        );
        assert_eq!(
            kinds(&compare(&a, &b)),
            vec![
                (ChangeKind::NewSignOff, "T-1"),
                (ChangeKind::RevokedSignOff, "T-2")
            ]
        );
    }

    #[test]
    fn removed_items_are_listed_where_they_were() {
        let a = telemetry("| T-1 | A | ok | | | |\n| T-2 | B | ok | | | |\n");
        let b = telemetry("| T-1 | A | ok | | | |\n");
        let changes = compare(&a, &b);
        assert_eq!(kinds(&changes), vec![(ChangeKind::RemovedItem, "T-2")]);
        assert_eq!(changes[0].line, 6);
    }

    #[test]
    fn thresholds_and_contacts_have_their_own_kinds() {
        let playbook = |threshold: &str, phone: &str, contact: &str| {
            format!(
                "# P\n\n## Contacts\n\n| Name | Role | Phone |\n|---|---|---|\n| Dana | Owner | {phone} |\n\n\
                 ## Alerts\n\n| ID | Alert | Threshold |\n|---|---|---|\n| ALR-1 | Errors | {threshold} |\n\n\
                 ## Escalation\n\n### SEV1\n\n| Step | After | Contact |\n|---|---|---|\n| 1 | 0 min | {contact} |\n"
            )
        };
        let path = "docs/operations/incident-response.md";
        let a = ws(&[(path, &playbook("5%", "+1 555", "Primary on-call"))]);
        let b = ws(&[(path, &playbook("2%", "+1 556", "Dana"))]);
        let changes = compare(&a, &b);
        assert_eq!(
            kinds(&changes),
            vec![
                (ChangeKind::ChangedThreshold, "ALR-1"),
                (ChangeKind::ChangedContact, "contact:dana"),
                (ChangeKind::ChangedContact, "esc:sev1-1"),
            ]
        );
        assert_eq!(changes[0].before, "5%");
        assert_eq!(changes[1].after, "Phone: +1 556");
        assert_eq!(changes[2].after, "Dana");
    }

    #[test]
    fn the_audit_trail_is_not_compared_but_is_logged() {
        let log = |extra: &str| {
            format!(
                "# Log\n\n| Date | Entry | Owner | Status |\n|---|---|---|---|\n\
                 | 2026-11-30 | Drill | Ann | open |\n\n## Audit trail\n\n\
                 - 2026-11-30 — Signed off T-1 (fp:1234abcd) — Dana\n{extra}"
            )
        };
        let path = "docs/release/change-log.md";
        let a = ws(&[(path, &log(""))]);
        let b = ws(&[(
            path,
            &log(
                "- 2026-12-01 — Handover acknowledged by Ann from Bo\n- 2026-12-01 — Signed off T-2 (fp:1234abcd) — Dana\n",
            ),
        )]);
        assert!(compare(&a, &b).is_empty());
        let all = logged(&b, jiff::civil::date(2026, 11, 30), None);
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].after, "2026-11-30 Drill — owner: Ann — status: open");
        let after_ack = logged(&b, jiff::civil::date(2026, 12, 1), Some((path, 10)));
        assert_eq!(after_ack.len(), 1);
        assert!(after_ack[0].after.contains("Signed off T-2"));
    }
}
