//! What the language server answers, in the core's terms: byte offsets and spans of
//! project-relative documents, read from the [`Workspace`] and [`Assessment`] the
//! editor's buffers were parsed into. The server only converts positions and wraps
//! the answers in LSP types.

use std::fmt::Write as _;

use crate::assess::Assessment;
use crate::model::{Document, FieldKey, Item, ItemKind, Link, Role, Span, Workspace, inert};
use crate::rules::links::{LinkStatus, join_relative, resolve};
use crate::rules::{Finding, RuleId};

/// A place in the docs: a project-relative document and a byte span in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The document, project-relative.
    pub path: String,
    /// The bytes.
    pub span: Span,
}

/// What the cursor is on.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// An item ID (in its row or anywhere it is mentioned).
    Item(&'a Item),
    /// A contact's name (in a cell that holds exactly that name).
    Contact(&'a Item),
    /// A link, with the document it is in.
    Link(&'a Document, &'a Link),
}

fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The word of ID characters (letters, digits, `-`, `_`, `:`, `.`) around `offset`,
/// without a trailing `.` or `:`.
fn word_at(text: &str, offset: usize) -> &str {
    let id_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.');
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return "";
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| id_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !id_char(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    text[start..end].trim_end_matches(['.', ':'])
}

/// The table cell around `offset`: its column's header and its text.
fn cell_at(doc: &Document, offset: usize) -> Option<(&str, &str)> {
    doc.tables.iter().find_map(|t| {
        t.rows.iter().find_map(|r| {
            r.cells.iter().enumerate().find_map(|(i, c)| {
                contains(c.raw, offset).then(|| {
                    let header = t.header.get(i).map_or("", |h| &*h.text);
                    (header, &*c.text)
                })
            })
        })
    })
}

fn contacts(ws: &Workspace) -> impl Iterator<Item = &Item> {
    ws.items_of(ItemKind::Contact)
}

fn contact_named<'a>(ws: &'a Workspace, name: &str) -> Option<&'a Item> {
    let name = name.trim();
    (!name.is_empty()).then_some(())?;
    contacts(ws).find(|c| c.text(&FieldKey::Name).trim().eq_ignore_ascii_case(name))
}

/// What is at byte `offset` of document `path`: a link, an item ID or a contact name.
pub fn target_at<'a>(ws: &'a Workspace, path: &str, offset: usize) -> Option<Target<'a>> {
    let doc = ws.doc(path)?;
    if let Some(link) = doc.links.iter().find(|l| contains(l.span, offset)) {
        return Some(Target::Link(doc, link));
    }
    let word = word_at(&doc.source, offset);
    if let Some(item) = ws.item(word) {
        return Some(Target::Item(item));
    }
    cell_at(doc, offset)
        .and_then(|(_, text)| contact_named(ws, text))
        .map(Target::Contact)
}

/// The heading a resolved link points to: the target document and the heading's index
/// (`None` for a link to the document itself).
fn link_target<'a>(
    ws: &'a Workspace,
    doc: &Document,
    link: &Link,
) -> Option<(&'a Document, Option<usize>)> {
    let LinkStatus::Ok { path, anchor } = resolve(ws, &doc.path, &link.target) else {
        return None;
    };
    let target = ws.doc(&path)?;
    let heading = anchor.and_then(|a| {
        target
            .headings
            .iter()
            .position(|h| h.anchor == a || h.anchor == a.to_lowercase())
    });
    Some((target, heading))
}

/// The text of the section that heading `index` of `doc` opens (at most 12 lines).
fn section_text(doc: &Document, index: usize) -> String {
    let Some(h) = doc.headings.get(index) else {
        return String::new();
    };
    let end = doc.headings[index + 1..]
        .iter()
        .find(|n| n.level <= h.level)
        .map_or(doc.source.len(), |n| n.span.start);
    let text = doc.source.get(h.span.start..end).unwrap_or("");
    text.lines().take(12).collect::<Vec<_>>().join("\n")
}

fn findings_of<'a>(a: &'a Assessment, id: &'a str) -> impl Iterator<Item = &'a Finding> {
    a.findings
        .iter()
        .filter(move |f| f.item.as_deref() == Some(id))
}

fn item_hover(ws: &Workspace, a: &Assessment, item: &Item) -> String {
    let mut out = String::new();
    let path = ws.docs.get(item.doc).map_or("", |d| d.path.as_str());
    let _ = writeln!(
        out,
        "**{}** — {} ({}, {path}:{})\n",
        item.id,
        item.title(),
        item.kind.plural(),
        item.line
    );
    for f in &item.fields {
        if f.key != FieldKey::SignOff {
            let _ = writeln!(out, "- {}: {}", f.header, f.text);
        }
    }
    if item.has(&FieldKey::SignOff) {
        let stale = findings_of(a, &item.id).any(|f| f.rule == RuleId::SignoffStale);
        let line = match item.signoff() {
            Some(s) if stale => format!(
                "signed off by {} on {} — **stale**: changed since",
                s.signer, s.date
            ),
            Some(s) => format!("signed off by {} on {} — current", s.signer, s.date),
            None => "not signed off".to_string(),
        };
        let _ = writeln!(out, "\nSign-off: {line}");
    }
    let findings: Vec<String> = findings_of(a, &item.id)
        .map(|f| format!("- {}[{}] {}", f.severity.as_str(), f.rule, f.message))
        .collect();
    if !findings.is_empty() {
        let _ = writeln!(out, "\nFindings:\n{}", findings.join("\n"));
    }
    out
}

fn contact_hover(contact: &Item) -> String {
    let field = |k: FieldKey| contact.text(&k).trim().to_string();
    let mut out = format!("**{}**\n\n", field(FieldKey::Name));
    for (label, key) in [
        ("Role", FieldKey::Role),
        ("Phone", FieldKey::Phone),
        ("Handle", FieldKey::Handle),
        ("Time zone", FieldKey::TimeZone),
    ] {
        let _ = writeln!(out, "- {label}: {}", field(key));
    }
    out
}

/// The hover text (markdown, made inert) for what is at `offset` of `path`.
pub fn hover(ws: &Workspace, a: &Assessment, path: &str, offset: usize) -> Option<String> {
    let text = match target_at(ws, path, offset)? {
        Target::Item(item) => item_hover(ws, a, item),
        Target::Contact(contact) => contact_hover(contact),
        Target::Link(doc, link) => match link_target(ws, doc, link) {
            Some((target, Some(h))) => format!(
                "**{}#{}**\n\n{}",
                target.path,
                target.headings[h].anchor,
                section_text(target, h)
            ),
            Some((target, None)) => format!("**{}**", target.path),
            None => format!(
                "`{}` does not resolve to a section of the docs",
                link.destination
            ),
        },
    };
    Some(inert(&text).into_owned())
}

fn item_place(ws: &Workspace, item: &Item) -> Option<Place> {
    ws.docs.get(item.doc).map(|d| Place {
        path: d.path.clone(),
        span: item.span,
    })
}

/// Where what is at `offset` of `path` is defined: an ID's row, a contact's row in the
/// contacts table, a link's heading (or its document's start).
pub fn definition(ws: &Workspace, path: &str, offset: usize) -> Option<Place> {
    match target_at(ws, path, offset)? {
        Target::Item(item) | Target::Contact(item) => item_place(ws, item),
        Target::Link(doc, link) => {
            let (target, heading) = link_target(ws, doc, link)?;
            Some(Place {
                path: target.path.clone(),
                span: heading.map_or(Span::default(), |h| target.headings[h].span),
            })
        }
    }
}

/// Every mention of the item ID at `offset` of `path`, across the tree: whole words
/// only, its own row's ID first.
pub fn references(ws: &Workspace, path: &str, offset: usize) -> Vec<Place> {
    let Some(Target::Item(item)) = target_at(ws, path, offset) else {
        return Vec::new();
    };
    let id = item.id.as_str();
    let mut places = Vec::new();
    for doc in &ws.docs {
        let bytes = doc.source.as_bytes();
        for at in memchr::memmem::find_iter(bytes, id.as_bytes()) {
            let end = at + id.len();
            if word_at(&doc.source, at) == id && word_at(&doc.source, end) == id {
                places.push(Place {
                    path: doc.path.clone(),
                    span: Span::new(at, end),
                });
            }
        }
    }
    places
}

/// What a completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// An item ID.
    Id,
    /// A contact's name.
    Contact,
    /// A severity level.
    Severity,
    /// A heading's anchor.
    Anchor,
}

/// One completion: the text inserted, a detail for people, and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted.
    pub label: String,
    /// What it is (an item's title, a contact's role, a heading).
    pub detail: String,
    /// Its kind.
    pub offer: Offer,
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The anchors of the link target being typed before `offset` (`](file.md#…` or
/// `](#…`), when the cursor is after the `#`.
fn anchor_completions(ws: &Workspace, doc: &Document, offset: usize) -> Option<Vec<Completion>> {
    let line_start = doc.source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &doc.source[line_start..offset];
    let dest = &before[before.rfind("](")? + 2..];
    let (file, _) = dest.rsplit_once('#')?;
    if file.contains([')', ' ']) {
        return None;
    }
    let target = if file.is_empty() {
        doc
    } else {
        ws.doc(&join_relative(dir_of(&doc.path), file)?)?
    };
    Some(
        target
            .headings
            .iter()
            .map(|h| Completion {
                label: h.anchor.clone(),
                detail: h.plain.clone(),
                offer: Offer::Anchor,
            })
            .collect(),
    )
}

/// The completions at `offset` of `path`: anchors after `#` in a link target; contact
/// names in Owner, Contact, Who, Primary and Secondary cells; severity levels in
/// Severity cells; item IDs in the other cells of the RTM and the observability report.
pub fn completions(ws: &Workspace, path: &str, offset: usize) -> Vec<Completion> {
    let Some(doc) = ws.doc(path) else {
        return Vec::new();
    };
    let offset = offset.min(doc.source.len());
    if !doc.source.is_char_boundary(offset) {
        return Vec::new();
    }
    if let Some(anchors) = anchor_completions(ws, doc, offset) {
        return anchors;
    }
    let Some((header, _)) = cell_at(doc, offset) else {
        return Vec::new();
    };
    let of_kind = |kind: ItemKind, offer: Offer| -> Vec<Completion> {
        ws.items_of(kind)
            .map(|i| Completion {
                label: i.id.clone(),
                detail: i.title().to_string(),
                offer,
            })
            .collect()
    };
    match FieldKey::from_header(header) {
        FieldKey::Owner
        | FieldKey::Contact
        | FieldKey::Who
        | FieldKey::Primary
        | FieldKey::Secondary
        | FieldKey::OnCall => contacts(ws)
            .map(|c| Completion {
                label: c.text(&FieldKey::Name).trim().to_string(),
                detail: c.text(&FieldKey::Role).trim().to_string(),
                offer: Offer::Contact,
            })
            .collect(),
        FieldKey::Severity => of_kind(ItemKind::Severity, Offer::Severity),
        _ if matches!(doc.role, Some(Role::Rtm | Role::Observability)) => {
            let mut ids = of_kind(ItemKind::Requirement, Offer::Id);
            ids.extend(of_kind(ItemKind::Telemetry, Offer::Id));
            ids.extend(of_kind(ItemKind::Alert, Offer::Id));
            ids
        }
        _ => Vec::new(),
    }
}

/// The findings of document `path`.
pub fn findings_in<'a>(a: &'a Assessment, path: &'a str) -> impl Iterator<Item = &'a Finding> {
    a.findings.iter().filter(move |f| f.file == path)
}

/// The item whose row or list item holds `offset` of `path`.
pub fn item_at<'a>(ws: &'a Workspace, path: &str, offset: usize) -> Option<&'a Item> {
    let di = ws.doc_index(path)?;
    ws.items
        .iter()
        .find(|i| i.doc == di && contains(i.span, offset))
}
