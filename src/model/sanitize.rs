//! Making document text inert before it can reach a terminal.
//!
//! Documents are written by other people; an escape sequence or a bidi override in a
//! cell must be shown, never executed or allowed to reorder what an operator reads.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Replace control characters and bidi/zero-width format characters with visible
/// stand-ins, and expand tabs to spaces.
///
/// C0 controls become their Control Pictures glyph (`ESC` → `␛`), DEL becomes `␡`, C1
/// controls and format characters become `⟨U+XXXX⟩`. Newlines are kept.
pub fn inert(text: &str) -> Cow<'_, str> {
    // Printable ASCII and newlines, by far the common case, are inert as they are.
    if plain_ascii(text) || !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut col = 0usize;
    for c in text.chars() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
                continue;
            }
            '\t' => {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
                continue;
            }
            c if is_hazard(c) => {
                let code = u32::from(c);
                if code < 0x20 {
                    out.push(char::from_u32(0x2400 + code).unwrap_or('?'));
                } else if code == 0x7f {
                    out.push('␡');
                } else {
                    let _ = write!(out, "⟨U+{code:04X}⟩");
                }
            }
            c => out.push(c),
        }
        col += 1;
    }
    Cow::Owned(out)
}

/// True when `text` is printable ASCII and newlines only. Bytes are checked sixteen at a
/// time with no early exit inside a group, which the compiler turns into vector
/// instructions: every cell and link text of a document passes through here.
fn plain_ascii(text: &str) -> bool {
    let plain = |b: u8| b.wrapping_sub(0x20) < 0x5f || b == b'\n';
    let mut groups = text.as_bytes().chunks_exact(16);
    groups.all(|group| group.iter().fold(true, |all, &b| all & plain(b)))
        && groups.remainder().iter().all(|&b| plain(b))
}

/// [`inert`] for text that must stay on one line (a file name, an ID, a config key in a
/// message): a line break becomes the visible `␊` as well.
pub fn inert_line(text: &str) -> Cow<'_, str> {
    if text.contains('\n') {
        Cow::Owned(inert(text).replace('\n', "␊"))
    } else {
        inert(text)
    }
}

/// [`inert_line`] for an owned string: returns it unchanged (no copy) when it is already
/// inert and on one line.
pub fn inert_line_owned(text: String) -> String {
    match inert_line(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// [`inert`] for an owned string: returns it unchanged (no copy) when it is already inert.
pub fn inert_owned(text: String) -> String {
    match inert(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// True for a character that must not reach a terminal as it is: a control character
/// other than the newline, or a bidi or zero-width format character. [`inert`] replaces
/// exactly these.
pub fn is_hazard(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_become_visible() {
        assert_eq!(inert("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(inert("x\x1b]0;t\x07"), "x␛]0;t␇");
        assert_eq!(inert("abc\u{202E}def"), "abc⟨U+202E⟩def");
        assert_eq!(inert("\u{9b}"), "⟨U+009B⟩");
    }

    #[test]
    fn one_line_text_shows_its_line_breaks() {
        assert_eq!(inert_line("docs/new\nline.md"), "docs/new␊line.md");
        assert_eq!(inert_line("a\r\nb\x1b"), "a␍␊b␛");
        assert!(matches!(inert_line("plain.md"), Cow::Borrowed(_)));
        assert_eq!(inert_line_owned("a\nb".into()), "a␊b");
        assert!(is_hazard('\u{200D}') && is_hazard('\u{85}') && !is_hazard('\n'));
    }

    #[test]
    fn plain_text_is_borrowed_and_tabs_expand() {
        assert!(matches!(inert("plain"), Cow::Borrowed(_)));
        assert!(matches!(inert("héllo wörld\nnext"), Cow::Borrowed(_)));
        assert_eq!(inert("héllo\u{202E}"), "héllo⟨U+202E⟩");
        assert_eq!(inert("a\tb"), "a   b");
        assert_eq!(inert("line\nnext"), "line\nnext");
    }

    #[test]
    fn the_grouped_ascii_check_agrees_with_byte_by_byte() {
        // Every ASCII byte at every position of texts that fill whole groups of
        // sixteen, part of one, and both.
        for len in 1..=40 {
            for at in 0..len {
                for b in 0..=0x7f_u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let text = String::from_utf8(bytes).expect("ASCII");
                    let expected = text
                        .bytes()
                        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n');
                    assert_eq!(plain_ascii(&text), expected, "{text:?}");
                }
            }
        }
        assert!(plain_ascii(""));
        assert!(!plain_ascii(&format!("{}é", "a".repeat(20))));
    }
}
