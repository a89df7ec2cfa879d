//! Documents → items: recognise each artefact's tables and lists by their headers and
//! sections, and turn rows and task items into [`Item`]s with typed fields.
//!
//! Only the four core documents carry items; other documents are link targets.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;

use crate::model::{
    ColumnCursor, Document, Field, FieldKey, Item, ItemKind, LinkRange, Role, Span, Table,
};

/// Items extracted from all documents, plus notes (item index, message) such as
/// "derived ID" for rows that have none.
pub fn extract_items(docs: &[Document]) -> (Vec<Item>, Vec<(usize, String)>) {
    let mut items: Vec<Item> = docs
        .iter()
        .enumerate()
        .flat_map(|(di, doc)| extract_doc(doc, di))
        .collect();
    let notes = assign_ids(docs, &mut items);
    (items, notes)
}

/// The items of one table of a document (index `ti`), each with its start offset.
fn table_items(
    doc: &Document,
    di: usize,
    role: Role,
    ti: usize,
    table: &Table,
) -> Vec<(usize, Item)> {
    let keys: Vec<FieldKey> = table
        .header
        .iter()
        .map(|c| FieldKey::from_header(&c.text))
        .collect();
    let Some(kind) = classify_table(doc, role, table, &keys) else {
        return Vec::new();
    };
    // One header text per column, shared by that column's fields.
    let headers: Vec<Arc<str>> = table
        .header
        .iter()
        .map(|c| Arc::from(c.text.trim()))
        .collect();
    let mut items = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        if row.cells.iter().all(|c| c.span.is_empty()) {
            continue;
        }
        let mut cursor = ColumnCursor::new(&doc.source, &doc.lines);
        let fields = row
            .cells
            .iter()
            .zip(&keys)
            .zip(&headers)
            .map(|((cell, key), header)| {
                let (line, column) = cursor.position(cell.span.start);
                Field {
                    key: key.clone(),
                    header: header.clone(),
                    span: cell.span,
                    cell: cell.raw,
                    line,
                    column,
                    text: shared_trimmed(&cell.text),
                    links: cell.links,
                }
            })
            .collect::<Vec<_>>();
        let mut item = Item {
            id: String::new(),
            derived_id: false,
            kind,
            doc: di,
            span: row.span,
            line: row.line,
            fields,
            group: String::new(),
            table: Some(ti),
            task: None,
            checked: None,
        };
        item.group = group_of(doc, table.section, &item);
        items.push((row.span.start, with_explicit_id(item)));
    }
    items
}

/// The items of one document (index `di`), in document order, with their explicit IDs;
/// items without one are marked `derived_id` and [`assign_ids`] derives theirs over the
/// whole workspace.
pub fn extract_doc(doc: &Document, di: usize) -> Vec<Item> {
    let mut items = Vec::new();
    {
        let Some(role) = doc.role else { return items };
        // The tables of a large document (an RTM of many sections) are read on all cores.
        let mut doc_items: Vec<(usize, Item)> = doc
            .tables
            .par_iter()
            .enumerate()
            .flat_map_iter(|(ti, table)| table_items(doc, di, role, ti, table))
            .collect();
        for (ki, task) in doc.tasks.iter().enumerate() {
            let kind = if doc.in_section(task.section, "acknowledg")
                || doc.in_section(task.section, "handover")
            {
                ItemKind::Acknowledgement
            } else {
                ItemKind::Action
            };
            let mut item = task_item(doc, di, ki, kind);
            item.group = section_title(doc, task.section);
            doc_items.push((task.line_span.start, with_explicit_id(item)));
        }
        if role == Role::ChangeLog {
            for entry in &doc.dated {
                let kind = if doc.in_section(entry.section, "audit") {
                    ItemKind::AuditEntry
                } else {
                    ItemKind::ChangeEntry
                };
                let mut item = dated_item(doc, di, entry.text_span, entry.line, kind);
                item.group = section_title(doc, entry.section);
                doc_items.push((entry.text_span.start, with_explicit_id(item)));
            }
        }
        doc_items.sort_by_key(|(start, _)| *start);
        items.extend(doc_items.into_iter().map(|(_, item)| item));
    }
    items
}

/// `item` with the ID written in it, set as soon as its fields are (while their text is
/// still in the cache); without one it is marked for [`assign_ids`], which derives
/// the IDs that need the whole workspace.
fn with_explicit_id(mut item: Item) -> Item {
    item.id = explicit_id(&item).to_string();
    item.derived_id = item.id.is_empty();
    item
}

/// The ID written in an item's ID column (or `id:` part), trimmed; `""` when none.
fn explicit_id(item: &Item) -> &str {
    item.fields
        .iter()
        .find(|f| f.key == FieldKey::Id)
        .map_or("", |f| f.text.trim())
}

fn has(keys: &[FieldKey], k: &FieldKey) -> bool {
    keys.contains(k)
}

/// Decide what a table holds from its header, its document's role and its section.
fn classify_table(
    doc: &Document,
    role: Role,
    table: &Table,
    keys: &[FieldKey],
) -> Option<ItemKind> {
    use FieldKey as K;
    let sec = |needle: &str| doc.in_section(table.section, needle);
    let rotation_section = sec("on-call") || sec("oncall") || sec("on call") || sec("rotation");
    if role == Role::Rtm
        && (has(keys, &K::Requirement)
            || (has(keys, &K::Id)
                && [K::Design, K::Test, K::Release, K::OpsEvidence]
                    .iter()
                    .any(|k| has(keys, k))))
    {
        return Some(ItemKind::Requirement);
    }
    if role == Role::Observability && has(keys, &K::Signal) && has(keys, &K::Status) {
        return Some(ItemKind::Telemetry);
    }
    if has(keys, &K::Alert) && has(keys, &K::Threshold) {
        return Some(ItemKind::Alert);
    }
    if rotation_section || sec("override") {
        if has(keys, &K::Start) && has(keys, &K::End) && has(keys, &K::OnCall) {
            return Some(ItemKind::Override);
        }
        if has(keys, &K::Primary) && (has(keys, &K::WeekOf) || has(keys, &K::Start)) {
            return Some(ItemKind::Shift);
        }
    }
    if sec("escalation") && (has(keys, &K::Contact) || has(keys, &K::Who)) {
        return Some(ItemKind::EscalationStep);
    }
    if has(keys, &K::Name) && has(keys, &K::Role) {
        return Some(ItemKind::Contact);
    }
    if has(keys, &K::Severity) && !sec("escalation") && keys.len() >= 2 {
        return Some(ItemKind::Severity);
    }
    if role == Role::ChangeLog
        && has(keys, &K::Date)
        && (has(keys, &K::Entry) || has(keys, &K::Status))
    {
        return Some(ItemKind::ChangeEntry);
    }
    None
}

/// Canonical severity name (`SEV1`, `P2`) found in `text`, if any.
pub fn severity_name(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let b = lower.as_bytes();
    let digit_after = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'-' | b'_') {
            i += 1;
        }
        (i < b.len() && b[i].is_ascii_digit()).then(|| b[i] - b'0')
    };
    let word_start = |i: usize| i == 0 || !b[i - 1].is_ascii_alphanumeric();
    for (i, _) in lower.char_indices() {
        if !word_start(i) {
            continue;
        }
        let rest = &lower[i..];
        if let Some(r) = rest.strip_prefix("severity") {
            if let Some(d) = digit_after(i + rest.len() - r.len()) {
                return Some(format!("SEV{d}"));
            }
        } else if let Some(r) = rest.strip_prefix("sev") {
            if let Some(d) = digit_after(i + rest.len() - r.len()) {
                return Some(format!("SEV{d}"));
            }
        } else if rest.starts_with('p')
            && let Some(&d) = b.get(i + 1)
            && d.is_ascii_digit()
            && b.get(i + 2).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(format!("P{}", d - b'0'));
        }
    }
    None
}

fn section_title(doc: &Document, section: Option<usize>) -> String {
    section.map_or_else(String::new, |i| doc.headings[i].text.trim().to_string())
}

fn group_of(doc: &Document, section: Option<usize>, item: &Item) -> String {
    if item.kind == ItemKind::EscalationStep {
        if let Some(sev) = severity_name(item.text(&FieldKey::Severity)) {
            return sev;
        }
        for h in doc.section_path(section).iter().rev() {
            if let Some(sev) = severity_name(&h.text) {
                return sev;
            }
        }
    }
    section_title(doc, section)
}

/// `text` without surrounding white space, sharing it when it has none.
fn shared_trimmed(text: &Arc<str>) -> Arc<str> {
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        Arc::clone(text)
    } else {
        Arc::from(trimmed)
    }
}

/// A field read from `span` of the document's source (a task's or change entry's part):
/// no links; the task's text field takes its task's.
fn field_at(doc: &Document, key: FieldKey, header: &str, span: Span) -> Field {
    let (line, column) = doc.position(span.start);
    Field {
        key,
        header: Arc::from(header),
        span,
        cell: span,
        line,
        column,
        text: Arc::from(crate::model::inert(span.slice(&doc.source)).trim()),
        links: LinkRange::default(),
    }
}

fn task_item(doc: &Document, di: usize, ki: usize, kind: ItemKind) -> Item {
    let task = &doc.tasks[ki];
    let mut fields = vec![field_at(doc, FieldKey::Checkbox, "Done", task.symbol)];
    let text_span = task.text_span;
    let (body, signoff) = split_signoff(&doc.source, text_span);
    let mut text_field = field_at(doc, FieldKey::Text, "Text", body);
    text_field.links = task.links;
    if signoff.is_none() {
        text_field.text = Arc::from(task.text.as_str());
    }
    fields.push(text_field);
    if kind == ItemKind::Acknowledgement {
        let raw = body.slice(&doc.source);
        let cut = raw
            .find(['—', '–', ':', ','])
            .or_else(|| raw.find(" - "))
            .unwrap_or(raw.len());
        let role = trim_in(&doc.source, Span::new(body.start, body.start + cut));
        fields.push(field_at(doc, FieldKey::Role, "Role", role));
    }
    fields.extend(inline_fields(doc, body));
    if let Some(s) = signoff {
        fields.push(field_at(doc, FieldKey::SignOff, "Sign-off", s));
    }
    Item {
        id: String::new(),
        derived_id: false,
        kind,
        doc: di,
        span: task.line_span,
        line: task.line,
        fields,
        group: String::new(),
        table: None,
        task: Some(ki),
        checked: Some(task.checked),
    }
}

fn dated_item(doc: &Document, di: usize, text_span: Span, line: usize, kind: ItemKind) -> Item {
    let date = Span::new(text_span.start, text_span.start + 10);
    let rest = text_span.slice(&doc.source)[10..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | ',' | '|')
    });
    let entry = trim_in(
        &doc.source,
        Span::new(text_span.end - rest.len(), text_span.end),
    );
    let (body, signoff) = split_signoff(&doc.source, entry);
    let mut fields = vec![
        field_at(doc, FieldKey::Date, "Date", date),
        field_at(doc, FieldKey::Entry, "Entry", body),
    ];
    fields.extend(inline_fields(doc, body));
    if let Some(s) = signoff {
        fields.push(field_at(doc, FieldKey::SignOff, "Sign-off", s));
    }
    let span = doc.lines.line_span(&doc.source, line);
    Item {
        id: String::new(),
        derived_id: false,
        kind,
        doc: di,
        span,
        line,
        fields,
        group: String::new(),
        table: None,
        task: None,
        checked: None,
    }
}

fn trim_in(src: &str, span: Span) -> Span {
    let s = span.slice(src);
    let lead = s.len() - s.trim_start().len();
    Span::new(span.start + lead, span.start + lead + s.trim().len())
}

/// Split a trailing `Sign-off: …` from list-item text: (body, sign-off value).
fn split_signoff(src: &str, text: Span) -> (Span, Option<Span>) {
    let raw = text.slice(src);
    let lower = raw.to_ascii_lowercase();
    let found = ["sign-off:", "signoff:", "signed off:", "signed-off:"]
        .iter()
        .filter_map(|k| lower.rfind(k).map(|i| (i, k.len())))
        .max_by_key(|(i, _)| *i);
    let Some((at, klen)) = found else {
        return (text, None);
    };
    let value = trim_in(src, Span::new(text.start + at + klen, text.end));
    let body_raw = raw[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '—' | '–' | '-' | ';' | ',' | '|' | '(')
    });
    (
        Span::new(text.start, text.start + body_raw.len()),
        Some(value),
    )
}

/// `owner: NAME`, `due: DATE`, `status: open` and their aliases inside list-item text.
fn inline_fields(doc: &Document, body: Span) -> Vec<Field> {
    let raw = body.slice(&doc.source);
    let lower = raw.to_lowercase();
    if lower.len() != raw.len() {
        // Case mapping changed byte lengths; fall back to ASCII lowering for offsets.
        return inline_fields_in(doc, body, &raw.to_ascii_lowercase());
    }
    inline_fields_in(doc, body, &lower)
}

fn inline_fields_in(doc: &Document, body: Span, lower: &str) -> Vec<Field> {
    const KEYS: [&str; 12] = [
        "owner",
        "assignee",
        "responsible",
        "due date",
        "due",
        "deadline",
        "target date",
        "status",
        "state",
        "severity",
        "channel",
        "date",
    ];
    let raw = body.slice(&doc.source);
    let mut fields: Vec<Field> = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let at_word = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
        let hit = at_word
            .then(|| {
                KEYS.iter().find(|k| {
                    lower[i..].starts_with(*k)
                        && lower[i + k.len()..]
                            .trim_start_matches(' ')
                            .starts_with(':')
                })
            })
            .flatten();
        let Some(k) = hit else {
            i += lower[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let colon = i + k.len() + lower[i + k.len()..].find(':').unwrap_or(0);
        let vstart = colon + 1;
        let vend = raw[vstart..]
            .find([',', ';', '—', '–', ')', '|'])
            .map_or(raw.len(), |e| vstart + e);
        let span = trim_in(
            &doc.source,
            Span::new(body.start + vstart, body.start + vend),
        );
        let key = FieldKey::from_header(k);
        if !fields.iter().any(|f| f.key == key) {
            fields.push(field_at(doc, key, &raw[i..i + k.len()], span));
        }
        i = vend.max(i + 1);
    }
    fields
}

/// Give every item marked `derived_id` (it has no ID cell) a derived `prefix:slug` ID,
/// unique per kind; items with an explicit ID keep it.
/// Returns notes (item index, message) for items that should have an ID and lack one.
pub fn assign_ids(docs: &[Document], items: &mut [Item]) -> Vec<(usize, String)> {
    // What each derived ID is made from is worked out on all cores; the numbering of
    // duplicates (`-2`, `-3`, …, in workspace order) is then one pass.
    let bases: Vec<Option<String>> = items
        .par_iter()
        .map(|item| item.derived_id.then(|| derived_base(docs, item)))
        .collect();
    let mut notes = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (idx, (item, base)) in items.iter_mut().zip(bases).enumerate() {
        // Explicit IDs were set by extraction.
        let Some(base) = base else { continue };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        item.id = if *n == 1 { base } else { format!("{base}-{n}") };
        if item.kind.wants_id() {
            notes.push((
                idx,
                format!(
                    "row has no ID; it is known as `{}` until one is added",
                    item.id
                ),
            ));
        }
    }
    notes
}

/// The derived ID of `item` before duplicates are numbered: its kind's prefix and a
/// slug of what identifies it, else of its file and line.
fn derived_base(docs: &[Document], item: &Item) -> String {
    let mut slug = slugify(&derive_basis(item));
    if slug.is_empty() {
        slug = slugify(&format!(
            "{}-l{}",
            docs[item.doc].path.rsplit('/').next().unwrap_or(""),
            item.line
        ));
    }
    format!("{}:{}", item.kind.id_prefix(), slug)
}

fn derive_basis(item: &Item) -> String {
    use FieldKey as K;
    let t = |k: &K| item.text(k).to_string();
    match item.kind {
        ItemKind::Severity => t(&K::Severity),
        ItemKind::Telemetry => t(&K::Signal),
        ItemKind::Alert => t(&K::Alert),
        ItemKind::EscalationStep => {
            let step = t(&K::Step);
            let step = if step.is_empty() {
                format!("l{}", item.line)
            } else {
                step
            };
            format!("{} {}", item.group, step)
        }
        ItemKind::Contact => t(&K::Name),
        ItemKind::Shift => {
            let s = t(&K::Start);
            if s.is_empty() { t(&K::WeekOf) } else { s }
        }
        ItemKind::Override => t(&K::Start),
        ItemKind::Requirement => first_words(&t(&K::Requirement), 5),
        ItemKind::ChangeEntry | ItemKind::AuditEntry => {
            format!("{} {}", t(&K::Date), first_words(&t(&K::Entry), 4))
        }
        ItemKind::Action => first_words(&t(&K::Text), 5),
        ItemKind::Acknowledgement => {
            let r = t(&K::Role);
            if r.is_empty() {
                first_words(&t(&K::Text), 3)
            } else {
                r
            }
        }
    }
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case, alphanumerics joined by single dashes, at most 48 bytes.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if out.len() + c.len_utf8() > 48 {
                break;
            }
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_names_normalise() {
        assert_eq!(severity_name("SEV1").as_deref(), Some("SEV1"));
        assert_eq!(
            severity_name("### Sev-2 escalation").as_deref(),
            Some("SEV2")
        );
        assert_eq!(severity_name("Severity 3").as_deref(), Some("SEV3"));
        assert_eq!(severity_name("P1 (critical)").as_deref(), Some("P1"));
        assert_eq!(severity_name("Escalation paths"), None);
        assert_eq!(severity_name("p99 latency"), None);
    }

    #[test]
    fn slugs_are_compact() {
        assert_eq!(slugify("p99 Latency (checkout)"), "p99-latency-checkout");
        assert_eq!(slugify("  --  "), "");
    }
}
