//! The sign-off fingerprint: a short hash of an item's content at signing time.
//!
//! This is part of the file format (README, "Sign-offs"), so another tool can verify it:
//! take the item's fields except the sign-off itself, in document order — every cell of
//! a table row, or for a task item the checkbox as `[x]`/`[ ]` followed by the item text
//! without its `Sign-off:` suffix — normalise each (the raw markdown source, trimmed,
//! runs of whitespace collapsed to one space), join them with `\n`, hash the UTF-8 bytes
//! with SHA-256 and keep the first 8 lowercase hex digits.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::item::{FieldKey, Item};

/// Trim and collapse whitespace runs to single spaces, as the fingerprint requires.
pub fn normalize_for_fingerprint(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of `item` as it stands in `source` (the document it was parsed from).
pub fn fingerprint(item: &Item, source: &str) -> String {
    let parts: Vec<String> = if item.task.is_some() {
        let checkbox = if item.checked == Some(true) {
            "[x]"
        } else {
            "[ ]"
        };
        let text = item
            .field(&FieldKey::Text)
            .map(|f| normalize_for_fingerprint(f.span.slice(source)))
            .unwrap_or_default();
        vec![checkbox.to_string(), text]
    } else {
        item.fields
            .iter()
            .filter(|f| f.key != FieldKey::SignOff)
            .map(|f| normalize_for_fingerprint(f.span.slice(source)))
            .collect()
    };
    short_hash(&parts.join("\n"))
}

/// The evidence fingerprint (`ev:`) of the sections an item links to: each part is a
/// target (`path#anchor`) and that section's text, normalised like a field; the parts
/// are joined with `\n` and hashed like [`fingerprint`].
pub fn evidence_fingerprint(parts: &[(String, &str)]) -> String {
    let text: Vec<String> = parts
        .iter()
        .map(|(target, section)| format!("{target}\n{}", normalize_for_fingerprint(section)))
        .collect();
    short_hash(&text.join("\n"))
}

/// The first 8 lowercase hex digits of the SHA-256 of `text`.
fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4]
        .iter()
        .fold(String::with_capacity(8), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_collapses_whitespace() {
        assert_eq!(normalize_for_fingerprint("  a \t b\n c  "), "a b c");
    }

    #[test]
    fn known_vector() {
        // sha256("TEL-001\np99 latency") — checked with `printf 'TEL-001\np99 latency' | sha256sum`.
        assert_eq!(short_hash("TEL-001\np99 latency"), "9e541f3d");
    }
}
