//! Stamping a review: the date of a document's `last_reviewed_on` (front matter) or
//! `Last reviewed:` line becomes today's (a `Last reviewed:` line is added under the
//! first heading when it has neither), and a dated line goes to the audit trail.

use crate::model::Span;
use crate::rules::reviews::review_stamp;

use super::error::EditError;
use super::{Builder, line_ending};

/// Plan the stamp of document `path` as reviewed by `reviewer` on `date`.
pub(crate) fn review(
    b: &mut Builder<'_>,
    path: &str,
    reviewer: &str,
    date: jiff::civil::Date,
) -> Result<(), EditError> {
    let reviewer = super::check_signer(reviewer)?;
    let doc = b.ws.doc(path).ok_or_else(|| EditError::UnknownDoc {
        path: path.to_string(),
    })?;
    let stamp = date.to_string();
    if let Some(s) = review_stamp(doc) {
        let old = s.span.slice(&doc.source);
        // Only the date at the start of the value changes (`2026-09-01 by Dana`).
        let span = if crate::model::is_iso_date_prefix(old) {
            Span::new(s.span.start, s.span.start + 10)
        } else {
            s.span
        };
        b.splice(doc, span, stamp.clone());
        b.change(
            doc,
            span.start,
            "Last reviewed",
            span.slice(&doc.source),
            &stamp,
        );
    } else {
        let src = &doc.source;
        let le = line_ending(src, 0);
        let line = format!("Last reviewed: {stamp}");
        if let Some(h) = doc.headings.first() {
            let at = Span::new(h.span.end, h.span.end);
            b.splice(doc, at, format!("{le}{le}{line}"));
            b.added(doc, h.line + 2, "line", &line);
        } else {
            let start = doc
                .code
                .first()
                .filter(|c| c.start == 0)
                .map_or(0, |c| c.end);
            let at = Span::new(start, start);
            let lead = if start == 0 { "" } else { le };
            b.splice(doc, at, format!("{lead}{line}{le}{le}"));
            b.added(doc, doc.lines.line_of(start) + 1, "line", &line);
        }
    }
    let changelog = super::changelog_doc(b)?;
    super::audit::append(
        b,
        changelog,
        &format!("{date} — Reviewed {path} — {reviewer}"),
    )
}
