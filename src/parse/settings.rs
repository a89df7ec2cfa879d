//! `Key: value` settings, read the way people write them, and the one lookup every
//! consumer uses.
//!
//! A setting such as the rotation's time zone may be written
//!
//! - as a plain line of a paragraph: `Time zone: Europe/Dublin`;
//! - as a list item (also numbered or in a block quote): `- Time zone: Europe/Dublin`;
//! - in bold: `**Time zone:** Europe/Dublin` or `**Time zone**: Europe/Dublin`;
//! - in a two-column, definition-style table: `| Time zone | Europe/Dublin |` (the
//!   header row counts too, so a table of settings needs no `Setting | Value` header);
//! - in the document's YAML front matter: `time_zone: Europe/Dublin` (top-level scalar
//!   keys; quotes and trailing `# comments` are dropped).
//!
//! Keys are compared case-insensitively, ignoring `_`, `-` and spaces, so `time_zone`,
//! `Time-zone`, `TimeZone` and `Time zone` are one key ([`key_matches`]). Settings in the
//! body belong to the section they are written in; front-matter settings belong to the
//! whole document and are used when the section has none ([`find`]).

use crate::model::{Document, Setting, SettingSource, Span, inert};

/// The longest key read as a setting, in bytes.
const MAX_KEY: usize = 40;

/// A key's characters in their comparable form: lower-case, without `_`, `-` and
/// white space.
fn comparable(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// True when a setting's key is `wanted`, compared the documented way. Character by
/// character: rules ask this of every setting of a document, many times over.
pub fn key_matches(key: &str, wanted: &str) -> bool {
    comparable(key).eq(comparable(wanted))
}

/// The setting named by any of `keys`: the first one written in a section for which
/// `in_scope` holds, else the first one in the document's front matter.
pub fn find<'d>(
    doc: &'d Document,
    keys: &[&str],
    in_scope: impl Fn(Option<usize>) -> bool,
) -> Option<&'d Setting> {
    let named = |s: &&Setting| keys.iter().any(|k| key_matches(&s.key, k));
    doc.settings
        .iter()
        .filter(named)
        .find(|s| s.source != SettingSource::FrontMatter && in_scope(s.section))
        .or_else(|| {
            doc.settings
                .iter()
                .filter(named)
                .find(|s| s.source == SettingSource::FrontMatter)
        })
}

/// A key as stored: lower-case, runs of white space collapsed to one space.
fn stored_key(key: &str) -> String {
    key.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when `key` can name a setting: a short run of letters, digits, spaces, `-`,
/// `_` or `/` that starts with a letter.
fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY
        && key.chars().next().is_some_and(char::is_alphabetic)
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/'))
}

/// The length of the block-quote and list markers that open `line`, white space
/// around them included.
fn marker_len(line: &str) -> usize {
    let mut at = line.len() - line.trim_start().len();
    loop {
        let rest = &line[at..];
        if let Some(after) = rest.strip_prefix('>') {
            at += 1 + (after.len() - after.trim_start().len());
            continue;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let bullet = if rest.starts_with(['-', '*', '+']) {
            1
        } else if (1..=9).contains(&digits) && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            return at;
        };
        let after = &rest[bullet..];
        if !after.starts_with([' ', '\t']) {
            return at;
        }
        at += bullet + (after.len() - after.trim_start().len());
    }
}

/// Read one body line as a setting: `(key, value span)` with the span relative to
/// `line`, or `None` when the line is not `Key: value`.
pub fn read_line(line: &str) -> Option<(String, Span)> {
    let start = marker_len(line);
    let text = &line[start..];
    let colon = text.find(':')?;
    let key = text[..colon].trim().trim_matches(['*', '_']).trim();
    if !key_ok(key) {
        return None;
    }
    let after = colon + 1;
    let raw = &text[after..];
    let value = raw
        .trim()
        .trim_start_matches(['*', '_'])
        .trim_start()
        .trim_end_matches(['*', '_', '\\'])
        .trim_end();
    let value = value
        .strip_prefix('`')
        .and_then(|v| v.strip_suffix('`'))
        .unwrap_or(value)
        .trim();
    if value.is_empty() || raw.starts_with("//") {
        return None;
    }
    let offset = start + after + value.as_ptr() as usize - raw.as_ptr() as usize;
    Some((stored_key(key), Span::new(offset, offset + value.len())))
}

/// The settings of a document's two-column tables and of its front matter, to be added
/// to those the walk read from its lines.
pub fn from_tables_and_front_matter(doc: &Document) -> Vec<Setting> {
    let mut out = front_matter(doc);
    for table in doc.tables.iter().filter(|t| t.header.len() == 2) {
        let header = (table.line, &table.header);
        let rows = table.rows.iter().map(|r| (r.line, &r.cells));
        for (line, cells) in std::iter::once(header).chain(rows) {
            let (Some(k), Some(v)) = (cells.first(), cells.get(1)) else {
                continue;
            };
            let key = k.text.trim().trim_end_matches(':').trim();
            let raw = v.span.slice(&doc.source);
            let start = v.span.start + (raw.len() - raw.trim_start().len());
            let span = Span::new(start, start + raw.trim().len());
            if !key_ok(key) || span.is_empty() || v.text.trim().is_empty() {
                continue;
            }
            out.push(Setting {
                key: stored_key(key),
                value: v.text.trim().to_string(),
                span,
                line,
                section: table.section,
                source: SettingSource::Table,
            });
        }
    }
    out
}

/// Top-level `key: value` scalars of the YAML front matter, if the document has one.
fn front_matter(doc: &Document) -> Vec<Setting> {
    let bom = if doc.source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let Some(block) = doc.code.first().filter(|c| c.start == bom) else {
        return Vec::new();
    };
    if !block.slice(&doc.source).starts_with("---") {
        return Vec::new();
    }
    let first = doc.lines.line_of(block.start);
    let last = doc
        .lines
        .line_of(block.end.saturating_sub(1).max(block.start));
    let mut out = Vec::new();
    // The delimiter lines themselves are skipped.
    for line in first + 1..last {
        let span = doc.lines.line_span(&doc.source, line);
        let text = span.slice(&doc.source);
        if text.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = text
            .find(": ")
            .or_else(|| text.strip_suffix(':').map(str::len))
        else {
            continue;
        };
        let key = &text[..colon];
        if !key_ok(key) {
            continue;
        }
        let raw = &text[colon + 1..];
        let mut value = raw.trim();
        if let Some(q) = value.strip_prefix('"').and_then(|v| v.split_once('"')) {
            value = q.0;
        } else if let Some(q) = value.strip_prefix('\'').and_then(|v| v.split_once('\'')) {
            value = q.0;
        } else if let Some((v, _comment)) = value.split_once(" #") {
            value = v.trim_end();
        }
        let value = value.trim();
        if value.is_empty() || value.starts_with(['|', '>']) {
            continue;
        }
        let offset = span.start + colon + 1 + (value.as_ptr() as usize - raw.as_ptr() as usize);
        out.push(Setting {
            key: stored_key(key),
            value: inert(value).into_owned(),
            span: Span::new(offset, offset + value.len()),
            line,
            section: None,
            source: SettingSource::FrontMatter,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Option<(String, String)> {
        read_line(text).map(|(k, s)| (k, s.slice(text).to_string()))
    }

    #[test]
    fn lines_are_read_plain_listed_bold_and_quoted() {
        let want = Some(("time zone".to_string(), "Europe/Dublin".to_string()));
        for text in [
            "Time zone: Europe/Dublin",
            "- Time zone: Europe/Dublin",
            "  * Time zone: Europe/Dublin  ",
            "+ Time zone:Europe/Dublin",
            "3. Time zone: Europe/Dublin",
            "1) Time zone: Europe/Dublin",
            "> Time zone: Europe/Dublin",
            "> - **Time zone:** Europe/Dublin",
            "**Time zone:** Europe/Dublin",
            "**Time zone**: Europe/Dublin",
            "__Time zone__: Europe/Dublin",
            "**Time zone: Europe/Dublin**",
            "Time zone: `Europe/Dublin`",
            "Time zone: Europe/Dublin\\",
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    #[test]
    fn lines_that_are_not_settings() {
        for text in [
            "- [x] Change Manager: Ravi",
            "- 2026-11-25 — Readiness status: not ready",
            "See https://example.com for more",
            "Time zone:",
            "-Time zone: x",
            "A very long sentence that goes on and on and on: then a colon",
            "",
        ] {
            assert_eq!(line(text), None, "{text}");
        }
    }

    #[test]
    fn keys_compare_without_case_separators_or_spaces() {
        for k in [
            "time_zone",
            "Time zone",
            "TIME-ZONE",
            "timezone",
            "time  zone",
        ] {
            assert!(key_matches(k, "time zone"), "{k}");
        }
        assert!(key_matches("Hand-off", "handoff"));
        assert!(!key_matches("zone", "time zone"));
    }

    fn doc(text: &str) -> Document {
        crate::parse::parse_document("d.md", text.to_string(), None).expect("parses")
    }

    fn found(d: &Document, key: &str) -> Option<(String, String, SettingSource)> {
        find(d, &[key], |_| true).map(|s| {
            (
                s.value.clone(),
                s.span.slice(&d.source).to_string(),
                s.source,
            )
        })
    }

    #[test]
    fn tables_and_front_matter_are_settings_too() {
        let d = doc(
            "---\ntitle: \"Ops\"\ntime_zone: Europe/Dublin # the team's\n\
             nested:\n  handoff: Friday 10:00\n---\n\n# On-call\n\n\
             | Handoff | Monday 09:00 |\n|---|---|\n| **Coverage** | 24x7 |\n| 2026 | x |\n",
        );
        assert_eq!(
            found(&d, "timezone"),
            Some((
                "Europe/Dublin".into(),
                "Europe/Dublin".into(),
                SettingSource::FrontMatter
            ))
        );
        assert_eq!(
            found(&d, "handoff"),
            Some((
                "Monday 09:00".into(),
                "Monday 09:00".into(),
                SettingSource::Table
            ))
        );
        assert_eq!(found(&d, "coverage").map(|f| f.0), Some("24x7".to_string()));
        assert_eq!(found(&d, "title").map(|f| f.1), Some("Ops".to_string()));
        assert!(d.settings.iter().all(|s| s.key != "2026"));
    }

    #[test]
    fn a_section_setting_wins_over_the_front_matter() {
        let d = doc(
            "---\ntimezone: UTC\n---\n\n# A\n\nTime zone: Asia/Tokyo\n\n# B\n\n\
                     - Time zone: Europe/Dublin\n",
        );
        let b = d.headings.iter().position(|h| h.text == "B");
        assert_eq!(
            find(&d, &["time zone"], |s| s == b).map(|s| s.value.as_str()),
            Some("Europe/Dublin")
        );
        assert_eq!(
            find(&d, &["time zone"], |s| s.is_none()).map(|s| s.value.as_str()),
            Some("UTC")
        );
    }
}
