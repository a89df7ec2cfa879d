//! List-item edits: ticking a task's checkbox, setting or appending an inline
//! `owner: X` / `due: D` / `status: S` value, and writing or removing a trailing
//! `Sign-off: …` on task items and dated change-log entries.

use crate::model::{Document, Field, FieldKey, SignOff, Span};

use super::error::EditError;
use super::verify::TargetCheck;
use super::{Builder, Located};

/// Inline fields `set` may add to a list item that lacks them.
pub(crate) const APPENDABLE: [FieldKey; 3] = [FieldKey::Owner, FieldKey::Due, FieldKey::Status];

/// The inline field a name means, when it is one that can be appended.
pub(crate) fn appendable(name: &str) -> Option<FieldKey> {
    let key = FieldKey::from_header(name);
    APPENDABLE.contains(&key).then_some(key)
}

/// The trimmed text of a list item after its marker (and checkbox), sign-off included.
fn text_span(doc: &Document, loc: &Located<'_>) -> Option<Span> {
    match loc.item.task {
        Some(ki) => doc.tasks.get(ki).map(|t| t.text_span),
        None => doc
            .dated
            .iter()
            .find(|d| d.line == loc.item.line)
            .map(|d| d.text_span),
    }
}

/// The item's main text without its sign-off: Text for tasks, Entry for dated entries.
fn body<'i>(loc: &Located<'i>) -> Option<&'i Field> {
    loc.item
        .field(&FieldKey::Text)
        .or_else(|| loc.item.field(&FieldKey::Entry))
}

/// Tick an unticked task item or untick a ticked one: a one-byte splice.
pub(crate) fn toggle(b: &mut Builder<'_>, loc: &Located<'_>) -> Result<(), EditError> {
    let doc = loc.doc;
    let Some(task) = loc.item.task.and_then(|ki| doc.tasks.get(ki)) else {
        return Err(EditError::NotATask {
            item: loc.item.id.clone(),
        });
    };
    let (old, new) = if task.checked {
        ("[x]", " ")
    } else {
        ("[ ]", "x")
    };
    b.splice(doc, task.symbol, new.to_string());
    b.change(
        doc,
        task.symbol.start,
        "checkbox",
        old,
        if task.checked { "[ ]" } else { "[x]" },
    );
    b.expect_target(doc, loc.pos, TargetCheck::Checked(!task.checked));
    Ok(())
}

/// Replace the value of an existing field of a list item.
pub(crate) fn set_field(b: &mut Builder<'_>, loc: &Located<'_>, index: usize, value: &str) {
    let f = &loc.item.fields[index];
    let doc = loc.doc;
    let old = f.span.slice(&doc.source);
    let replacement = if f.span.is_empty() && !value.is_empty() && old_ends_in_colon(doc, f.span) {
        format!(" {value}")
    } else {
        value.to_string()
    };
    b.splice(doc, f.span, replacement);
    b.change(doc, f.span.start, &f.header, old, value);
    b.expect_target(
        doc,
        loc.pos,
        TargetCheck::Field {
            index,
            key: f.key.clone(),
            raw: value.to_string(),
            row: false,
        },
    );
}

/// True when the byte before an (empty) value span is the `:` of its key.
fn old_ends_in_colon(doc: &Document, span: Span) -> bool {
    span.start > 0 && doc.source.as_bytes()[span.start - 1] == b':'
}

/// Append ` — owner: X` (or `, owner: X` after other inline fields) to a list item's
/// text, before any `Sign-off:` suffix.
pub(crate) fn append_field(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    key: &FieldKey,
    value: &str,
) -> Result<(), EditError> {
    if value.is_empty() {
        return Ok(());
    }
    let doc = loc.doc;
    let Some(body) = body(loc) else {
        return Err(EditError::UnknownField {
            item: loc.item.id.clone(),
            field: key.canonical().to_string(),
            known: loc.item.headers(),
            addable: Vec::new(),
        });
    };
    let inline = loc.item.fields.iter().any(|f| {
        matches!(
            f.key,
            FieldKey::Owner
                | FieldKey::Due
                | FieldKey::Status
                | FieldKey::Severity
                | FieldKey::Channel
                | FieldKey::Date
        ) && f.span.start > body.span.start
    });
    let name = key.canonical().to_lowercase();
    let sep = if inline { ", " } else { " — " };
    let text = body.span.slice(&doc.source);
    b.splice(doc, body.span, format!("{text}{sep}{name}: {value}"));
    b.change(doc, body.span.end, &name, "", value);
    b.expect_target(
        doc,
        loc.pos,
        TargetCheck::Field {
            index: usize::MAX,
            key: key.clone(),
            raw: value.to_string(),
            row: false,
        },
    );
    Ok(())
}

/// Write a sign-off into a list item: replace its `Sign-off:` value, or append
/// ` — Sign-off: …` to its text.
pub(crate) fn write_signoff(
    b: &mut Builder<'_>,
    loc: &Located<'_>,
    signoff: &SignOff,
) -> Result<(), EditError> {
    let doc = loc.doc;
    let value = signoff.render();
    if let Some(f) = loc.item.field(&FieldKey::SignOff) {
        let replacement = if f.span.is_empty() && old_ends_in_colon(doc, f.span) {
            format!(" {value}")
        } else {
            value.clone()
        };
        b.splice(doc, f.span, replacement);
        b.change(
            doc,
            f.span.start,
            &f.header,
            f.span.slice(&doc.source),
            &value,
        );
    } else {
        let Some(body) = body(loc) else {
            return Err(EditError::NotSignedOff {
                item: loc.item.id.clone(),
            });
        };
        let text = body.span.slice(&doc.source);
        b.splice(doc, body.span, format!("{text} — Sign-off: {value}"));
        b.change(doc, body.span.end, "Sign-off", "", &value);
    }
    b.expect_target(doc, loc.pos, TargetCheck::SignedOff(signoff.clone()));
    Ok(())
}

/// Remove a list item's `Sign-off: …` suffix and the separator before it.
pub(crate) fn remove_signoff(b: &mut Builder<'_>, loc: &Located<'_>) -> Result<(), EditError> {
    let doc = loc.doc;
    let not_signed = || EditError::NotSignedOff {
        item: loc.item.id.clone(),
    };
    let text = text_span(doc, loc).ok_or_else(not_signed)?;
    let body = body(loc).ok_or_else(not_signed)?;
    if body.span.end >= text.end {
        return Err(not_signed());
    }
    let span = Span::new(body.span.end, text.end);
    let old = span.slice(&doc.source).trim().to_string();
    b.splice(doc, span, String::new());
    b.change(doc, span.start, "Sign-off", &old, "");
    b.expect_target(doc, loc.pos, TargetCheck::Revoked);
    Ok(())
}
