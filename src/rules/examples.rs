//! `example-left`: a worked example that `readyroom init` wrote, still in a core
//! document after its `TODO: example` marker was removed. The starter documents live
//! here (embedded from `templates/`) so that the rule knows every example `init` writes.
//!
//! An example is recognised by conventions that hold for any tree, not only for the
//! templates' exact words:
//!
//! - an ID ending in `EXAMPLE` (`TEL-EXAMPLE`, `ALR_EXAMPLE`), anywhere in the text;
//! - a phone number made of zeros (`+00 000 000 000`);
//! - a table row or list item that still reads as one of the templates' examples once
//!   its `TODO: example —` prefix is gone (case, spacing and link destinations aside).
//!
//! Lines that still say `TODO` are left to `placeholder`. (An acknowledgement ticked
//! without a name is `stakeholder-unacknowledged`.)

use std::borrow::Cow;
use std::collections::HashSet;

use rayon::prelude::*;

use super::RuleId;
use super::{Context, Finding, Severity};
use crate::model::{Document, Role, Span};

const PLAYBOOK: &str = include_str!("../../templates/incident-response.md");
const OBSERVABILITY: &str = include_str!("../../templates/observability-status.md");
const RTM: &str = include_str!("../../templates/RTM.md");
const CHANGELOG: &str = include_str!("../../templates/change-log.md");

/// The marker every template example starts with.
const MARKER: &str = "TODO: example";

/// The template of a core document, with its `{{role}}` link variables unfilled.
pub fn template(role: Role) -> &'static str {
    match role {
        Role::Playbook => PLAYBOOK,
        Role::Observability => OBSERVABILITY,
        Role::Rtm => RTM,
        Role::ChangeLog => CHANGELOG,
    }
}

/// The least number of zeros that make a phone number an example.
const ZERO_DIGITS: usize = 6;

/// A line with its `TODO: example —` prefix removed, in the form examples are compared
/// in: table cells trimmed and joined by `|`, list markers and checkboxes dropped,
/// link destinations emptied, white space collapsed, lower-case.
pub fn example_key(line: &str) -> String {
    let mut writer = KeyWriter::default();
    let mut key = String::new();
    writer.strip(line);
    writer.fold(&mut key);
    key
}

/// Writes [`example_key`]s into a buffer the caller keeps, reusing its own working
/// space: a document of a hundred thousand table rows is compared without allocating
/// per row.
#[derive(Default)]
struct KeyWriter {
    /// The line without its markers and link destinations.
    bare: String,
}

impl KeyWriter {
    /// Take `line` without its markers and link destinations.
    fn strip(&mut self, line: &str) {
        let mut text = Cow::Borrowed(line.trim());
        while let Some(i) = text.find(MARKER) {
            let rest = text[i + MARKER.len()..].trim_start();
            let rest = rest
                .strip_prefix(['—', '–', '-', ':'])
                .unwrap_or(rest)
                .trim_start();
            text = Cow::Owned(format!("{}{rest}", &text[..i]));
        }
        // Link destinations depend on where init put the documents.
        self.bare.clear();
        let mut rest = text.as_ref();
        while let Some(i) = rest.find("](") {
            self.bare.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
            rest = rest.find(')').map_or("", |j| &rest[j..]);
        }
        self.bare.push_str(rest);
    }

    /// The stripped line's table cells, or its list item's text as its one part.
    fn parts(&self) -> impl Iterator<Item = &str> {
        let mut cells = self
            .bare
            .starts_with('|')
            .then(|| self.bare.trim_matches('|').split('|'));
        let mut item = cells.is_none().then(|| {
            let t = self.bare.trim_start_matches(['-', '*', '+']).trim_start();
            t.strip_prefix("[ ]")
                .or_else(|| t.strip_prefix("[x]"))
                .or_else(|| t.strip_prefix("[X]"))
                .unwrap_or(t)
        });
        std::iter::from_fn(move || match &mut cells {
            Some(cells) => cells.next(),
            None => item.take(),
        })
    }

    /// Replace `key` with the stripped line's key.
    fn fold(&self, key: &mut String) {
        key.clear();
        for (i, part) in self.parts().enumerate() {
            if i > 0 {
                key.push('|');
            }
            push_folded(part, key);
        }
    }

    /// Replace `lead` with what the stripped line's key starts with, up to its first
    /// space or `|` ([`lead_of`]), without folding the rest.
    fn lead(&self, lead: &mut String) {
        lead.clear();
        if let Some(word) = self
            .parts()
            .next()
            .and_then(|p| p.split_whitespace().next())
        {
            push_folded(word, lead);
        }
        if let Some(bar) = lead.find('|') {
            lead.truncate(bar);
        }
    }
}

/// What `key` starts with, up to its first space or `|`.
fn lead_of(key: &str) -> &str {
    key.split([' ', '|']).next().unwrap_or_default()
}

/// Append `text`'s words to `key`, lower-case, one space between them.
fn push_folded(text: &str, key: &mut String) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        if word.is_ascii() {
            let at = key.len();
            key.push_str(word);
            if let Some(added) = key.get_mut(at..) {
                added.make_ascii_lowercase();
            }
        } else {
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

/// The comparison keys of every example line of every template, and how each starts:
/// a line whose key does not start as one of them does is no example, and the rest of
/// its key is never worked out.
pub(super) struct Examples {
    /// [`example_key`] of each example line.
    keys: HashSet<String>,
    /// [`lead_of`] each key.
    leads: HashSet<String>,
}

impl Examples {
    /// Whether `line` reads as one of the examples; `writer` and `key` are working
    /// space kept between lines.
    fn matches(&self, line: &str, writer: &mut KeyWriter, key: &mut String) -> bool {
        writer.strip(line);
        writer.lead(key);
        if !self.leads.contains(key.as_str()) {
            return false;
        }
        writer.fold(key);
        self.keys.contains(key.as_str())
    }
}

/// The examples of every template.
pub(super) fn template_examples() -> Examples {
    let keys: HashSet<String> = Role::ALL
        .iter()
        .flat_map(|r| template(*r).lines())
        .filter(|l| l.contains(MARKER))
        .map(example_key)
        .collect();
    let leads = keys.iter().map(|k| lead_of(k).to_string()).collect();
    Examples { keys, leads }
}

/// Byte ranges of IDs ending in `EXAMPLE` in `text`.
fn example_ids(text: &str) -> Vec<Span> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = Vec::new();
    for (at, _) in text.match_indices("EXAMPLE") {
        let end = at + "EXAMPLE".len();
        let after_ok = !text[end..].starts_with(|c: char| c.is_ascii_alphanumeric());
        let joined = text[..at].ends_with(['-', '_']);
        if !after_ok || !joined {
            continue;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| word(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let id = &text[start..at];
        if id
            .trim_matches(['-', '_'])
            .chars()
            .any(|c| c.is_ascii_alphanumeric())
        {
            out.push(Span::new(start, end));
        }
    }
    out
}

/// Byte ranges of phone numbers made of zeros (`+00 000 000 000`) in `text`.
fn zero_phones(text: &str) -> Vec<Span> {
    let phone = |c: u8| c.is_ascii_digit() || matches!(c, b'+' | b' ' | b'-' | b'(' | b')' | b'.');
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if !(bytes[i].is_ascii_digit() || matches!(bytes[i], b'+' | b'(')) {
            i += 1;
            continue;
        }
        // A phone number stands on its own: digits glued to a word, a key (`fp:`), an
        // ID prefix (`TKT-`), a path or a version are part of something else.
        let glued = i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || matches!(bytes[i - 1], b':' | b'-' | b'_' | b'/' | b'#' | b'.' | b'='));
        // Phone characters are ASCII: the run ends on a character boundary.
        let len = bytes[i..]
            .iter()
            .position(|&c| !phone(c))
            .unwrap_or(bytes.len() - i);
        if glued {
            i += len.max(1);
            continue;
        }
        let run = &text[i..i + len];
        let mut digits = run.bytes().filter(u8::is_ascii_digit);
        if digits.clone().count() >= ZERO_DIGITS && digits.all(|c| c == b'0') {
            let trimmed = run.trim_end();
            out.push(Span::new(i, i + trimmed.len()));
        }
        i += len.max(1);
    }
    out
}

/// Every example left in core document `di`; `examples` are [`template_examples`].
pub fn check<'w>(
    ctx: &Context<'w>,
    di: usize,
    examples: &Examples,
    item_at: &dyn Fn(usize, usize) -> Option<&'w str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let doc = &ctx.ws.docs[di];
    if doc.role.is_some() {
        let mut found = marked(doc);
        let flagged: HashSet<usize> = found
            .iter()
            .map(|(span, _)| doc.lines.line_of(span.start))
            .collect();
        found.extend(template_lines(doc, examples, &flagged));
        out.extend(found.into_iter().map(|(span, message)| {
            Finding::at(
                RuleId::ExampleLeft,
                Severity::Error,
                doc,
                span,
                item_at(di, span.start),
                message,
            )
        }));
    }
    out
}

/// Examples marked by a convention: example IDs and zero phone numbers.
fn marked(doc: &Document) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for span in example_ids(&doc.source) {
        out.push((
            span,
            format!(
                "`{}` is an example ID (it ends in EXAMPLE); replace the example with your \
                 own item and ID, or delete it",
                span.slice(&doc.source)
            ),
        ));
    }
    for span in zero_phones(&doc.source) {
        out.push((
            span,
            format!(
                "`{}` is an example phone number (all zeros); replace it with the real number",
                span.slice(&doc.source)
            ),
        ));
    }
    out.retain(|(span, _)| !doc.is_code(span.start));
    out
}

/// Lines that still read as a template example (and are not flagged otherwise),
/// compared on all cores.
fn template_lines(
    doc: &Document,
    examples: &Examples,
    flagged: &HashSet<usize>,
) -> Vec<(Span, String)> {
    (1..=doc.lines.line_count())
        .into_par_iter()
        .map_init(
            || (KeyWriter::default(), String::new()),
            |(writer, key), line| {
                let span = doc.lines.line_span(&doc.source, line);
                let text = span.slice(&doc.source);
                let lead = text.len() - text.trim_start().len();
                // Every example is a table row or a list item.
                if !text[lead..].starts_with(['|', '-', '*', '+'])
                    || flagged.contains(&line)
                    || doc.is_code(span.start + lead)
                    || text
                        .as_bytes()
                        .windows(4)
                        .any(|w| w.eq_ignore_ascii_case(b"todo"))
                {
                    return None;
                }
                examples.matches(text, writer, key).then(|| {
                    (
                        Span::new(span.start + lead, span.start + text.trim_end().len()),
                        "this is still the example `readyroom init` wrote; replace it with your \
                         own or delete it"
                            .to_string(),
                    )
                })
            },
        )
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_ids_need_a_joined_prefix_and_a_word_end() {
        let t = "TEL-EXAMPLE, [NFR-EXAMPLE](x), ALR_EXAMPLE; EXAMPLE alone, NFR-EXAMPLES, -EXAMPLE";
        let found: Vec<&str> = example_ids(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(found, ["TEL-EXAMPLE", "NFR-EXAMPLE", "ALR_EXAMPLE"]);
    }

    #[test]
    fn phone_numbers_of_zeros_only() {
        let t = "| +00 000 000 000 | +49 30 000000 | 0 | 0 | 2026-01-05 00:00 | (000) 000-0000 | \
                 fp:00000000 | TKT-000000 | v1.000000 | a000000 |";
        let found: Vec<&str> = zero_phones(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(found, ["+00 000 000 000", "(000) 000-0000"]);
    }

    proptest::proptest! {
        /// A template's example lines, changed a little or a lot, are matched exactly
        /// when their whole key is an example's: looking at how the key starts first
        /// never loses one.
        #[test]
        fn matching_by_the_start_first_agrees_with_the_whole_key(
            pick in 0usize..1000,
            edits in proptest::collection::vec((0usize..200, r"[ |a-cA-Z\-*\[\]()0-9]"), 0..4),
        ) {
            let examples = template_examples();
            let lines: Vec<&str> = Role::ALL
                .iter()
                .flat_map(|r| template(*r).lines())
                .filter(|l| l.contains(MARKER))
                .collect();
            let mut line = lines[pick % lines.len()].to_string();
            for (at, text) in edits {
                let mut at = at % (line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert_str(at, &text);
            }
            let mut writer = KeyWriter::default();
            let mut key = String::new();
            proptest::prop_assert_eq!(
                examples.matches(&line, &mut writer, &mut key),
                examples.keys.contains(&example_key(&line)),
                "{}", line
            );
        }
    }

    #[test]
    fn keys_drop_the_marker_links_and_spacing() {
        assert_eq!(
            example_key("| 1 | 0 min | Primary on-call | TODO: example — paging tool |"),
            example_key("|1|0 min|primary on-call|   paging tool|")
        );
        assert_eq!(
            example_key("- TODO: example — [Overview](https://a/b): golden signals"),
            example_key("* [Overview](../x.md): Golden   signals")
        );
        assert_eq!(
            example_key("- [ ] TODO: example — the first action"),
            "the first action"
        );
        // Letters beyond ASCII fold too, in a row that mixes both.
        assert_eq!(example_key("| ÄRGER  Über | DB |"), "ärger über|db");
        assert_eq!(
            example_key(
                "| 2026-01-05 09:00 | 2026-01-12 09:00 | TODO: example — primary | TODO: example — secondary |"
            ),
            example_key("| 2026-01-05 09:00 | 2026-01-12 09:00 | primary | secondary |")
        );
    }
}
