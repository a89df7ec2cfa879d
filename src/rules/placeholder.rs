//! `placeholder`: stand-in text left in a core document (TBD, TODO, `<owner>`, …).
//! Code, HTML comments and front matter are exempt: templates live there on purpose.

use super::RuleId;
use super::{Context, Finding, Severity};
use crate::model::{Document, find_placeholders};

/// Placeholders in core document `di`, outside code, comments and front matter.
pub(super) fn check<'w>(
    ctx: &Context<'w>,
    di: usize,
    item_at: &dyn Fn(usize, usize) -> Option<&'w str>,
    tally: &mut super::Tally,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let doc = &ctx.ws.docs[di];
    if doc.role.is_some() {
        for p in find_placeholders(&doc.source) {
            if doc.is_code(p.at)
                || in_link_destination(doc, p.at)
                || !tally.admit(di, RuleId::Placeholder)
            {
                continue;
            }
            let span = crate::model::Span::new(p.at, p.at + p.text.len());
            let item = item_at(di, p.at);
            let place = item
                .and_then(|id| field_name(ctx, id, p.at))
                .map(|f| format!(" in {f}"))
                .unwrap_or_default();
            out.push(Finding::at(
                RuleId::Placeholder,
                Severity::Error,
                doc,
                span,
                item,
                format!(
                    "placeholder `{}`{place}; replace it with the real value",
                    p.text
                ),
            ));
        }
    }
    out
}

/// The header of the field of item `id` containing `offset`, if any.
fn field_name(ctx: &Context<'_>, id: &str, offset: usize) -> Option<String> {
    ctx.ws
        .item(id)?
        .fields
        .iter()
        .find(|f| f.cell.start <= offset && offset < f.cell.end.max(f.cell.start + 1))
        .map(|f| f.header.to_string())
}

/// True when `offset` lies in the `(destination)` part of a link, where `TODO` can be
/// part of a file name.
fn in_link_destination(doc: &Document, offset: usize) -> bool {
    let n = doc.links.partition_point(|l| l.span.start <= offset);
    doc.links[..n].iter().rev().take(4).any(|l| {
        offset < l.span.end && {
            let raw = l.span.slice(&doc.source);
            raw.find("](").is_some_and(|i| offset > l.span.start + i)
        }
    })
}
