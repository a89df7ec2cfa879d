//! What cell text means nothing yet: blank markers (`—`, `n/a`) and stand-ins for a
//! value still to come (`TBD`, `<owner>`). Every layer reads cells by these conventions
//! (the rules, the rotation, reports), so they live with the data.

/// True for cells that say nothing: empty, a dash, `n/a`, `none`.
pub fn is_blank(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || matches!(t, "-" | "—" | "–" | "--")
        || t.eq_ignore_ascii_case("n/a")
        || t.eq_ignore_ascii_case("na")
        || t.eq_ignore_ascii_case("none")
}

const WORDS: [&str; 4] = ["TBD", "TODO", "FIXME", "XXX"];

const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "figure",
    "figcaption",
    "caption",
    "col",
    "colgroup",
    "iframe",
    "nav",
    "header",
    "footer",
    "main",
    "article",
    "aside",
    "audio",
    "time",
    "meter",
    "progress",
    "input",
    "label",
    "button",
];

/// A placeholder found in text: byte offset within the text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte offset of the placeholder in the scanned text.
    pub at: usize,
    /// The placeholder as written.
    pub text: String,
}

fn word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Positions from several ascending searches, merged in ascending order as they are
/// found: a large document has a million candidate starts, which this spares
/// collecting and sorting.
struct Ascending<'t, const N: usize> {
    /// Each search, with the position it found next.
    searches: [(Box<dyn Iterator<Item = usize> + 't>, Option<usize>); N],
}

impl<'t, const N: usize> Ascending<'t, N> {
    fn new(searches: [Box<dyn Iterator<Item = usize> + 't>; N]) -> Self {
        Ascending {
            searches: searches.map(|mut s| {
                let next = s.next();
                (s, next)
            }),
        }
    }
}

impl<const N: usize> Iterator for Ascending<'_, N> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let (search, next) = self
            .searches
            .iter_mut()
            .filter(|(_, next)| next.is_some())
            .min_by_key(|(_, next)| *next)?;
        let at = *next;
        *next = search.next();
        at
    }
}

/// Find placeholders in `text` (no code masking; the caller skips code ranges).
pub fn find_placeholders(text: &str) -> Vec<Placeholder> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Candidate starts are the bytes a placeholder can begin with, found by vectorised
    // searches; the checks below decide.
    let starts = Ascending::new([
        Box::new(memchr::memchr3_iter(b'T', b'F', b'X', b)),
        Box::new(memchr::memchr3_iter(b'?', b'<', b'l', b)),
        Box::new(memchr::memchr_iter(b'L', b)),
    ]);
    let mut i = 0;
    for at in starts {
        if at < i {
            continue;
        }
        i = at;
        let before_ok = i == 0 || !word_char(b[i - 1]);
        if before_ok && let Some(w) = WORDS.iter().find(|w| b[i..].starts_with(w.as_bytes())) {
            let end = i + w.len();
            if b.get(end).is_none_or(|&c| !word_char(c)) {
                out.push(Placeholder {
                    at: i,
                    text: (*w).to_string(),
                });
                i = end;
                continue;
            }
        }
        if b[i..].starts_with(b"???") {
            let end = i + b[i..].iter().take_while(|&&c| c == b'?').count();
            out.push(Placeholder {
                at: i,
                text: text[i..end].to_string(),
            });
            i = end;
            continue;
        }
        if before_ok
            && (b[i] == b'l' || b[i] == b'L')
            && b.len() >= i + 11
            && b[i..i + 11].eq_ignore_ascii_case(b"lorem ipsum")
        {
            out.push(Placeholder {
                at: i,
                text: text[i..i + 11].to_string(),
            });
            i += 11;
            continue;
        }
        if b[i] == b'<'
            && let Some(len) = stand_in_len(&text[i..])
        {
            out.push(Placeholder {
                at: i,
                text: text[i..i + len].to_string(),
            });
            i += len;
        }
    }
    out
}

/// Length of an angle-bracket stand-in such as `<owner>` or `<service name>` at the
/// start of `s`: letters, digits, spaces, `-` and `_`, not an HTML tag, no attributes.
fn stand_in_len(s: &str) -> Option<usize> {
    let close = s.find('>')?;
    let inner = &s[1..close];
    if inner.is_empty() || inner.len() > 40 || inner.starts_with(' ') || inner.ends_with(' ') {
        return None;
    }
    if !inner.chars().next().is_some_and(char::is_alphabetic)
        || !inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
    {
        return None;
    }
    if HTML_TAGS.contains(&inner.to_ascii_lowercase().as_str()) {
        return None;
    }
    Some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn merged_searches_give_every_position_once_in_order(
            mut a in proptest::collection::btree_set(0usize..200, 0..20),
            b in proptest::collection::btree_set(200usize..400, 0..20),
            c in proptest::collection::btree_set(0usize..400, 0..20),
        ) {
            // Disjoint searches, as the byte searches are: each position is one byte.
            let c: Vec<usize> = c.into_iter().filter(|x| !a.contains(x) && !b.contains(x)).collect();
            let merged: Vec<usize> = Ascending::new([
                Box::new(a.clone().into_iter()),
                Box::new(b.clone().into_iter()),
                Box::new(c.clone().into_iter()),
            ])
            .collect();
            a.extend(b);
            a.extend(c);
            proptest::prop_assert_eq!(merged, a.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn blank_markers() {
        assert!(is_blank(" — "));
        assert!(is_blank("N/A"));
        assert!(is_blank(""));
        assert!(!is_blank("Dana"));
        assert!(
            !is_blank("TBD"),
            "a stand-in is not blank: it is a placeholder"
        );
    }

    fn found(text: &str) -> Vec<String> {
        find_placeholders(text)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn words_need_boundaries() {
        assert_eq!(found("Owner: TBD."), vec!["TBD"]);
        assert_eq!(found("TODO: confirm"), vec!["TODO"]);
        assert_eq!(found("TBDs and XXXL and todo"), Vec::<String>::new());
        assert_eq!(found("what ??? now"), vec!["???"]);
        assert_eq!(found("Lorem ipsum dolor"), vec!["Lorem ipsum"]);
    }

    #[test]
    fn candidates_overlapping_and_at_the_edges() {
        assert_eq!(found("TBD"), vec!["TBD"]);
        assert_eq!(found("x TODO"), vec!["TODO"]);
        assert_eq!(found("XXXX TTBD FIXMEs"), Vec::<String>::new());
        assert_eq!(found("<TBD> then TBD"), vec!["<TBD>", "TBD"]);
        assert_eq!(found("a ???? b ?? c"), vec!["????"]);
        assert_eq!(
            found("LOREM IPSUM and lOrEm iPsUm"),
            vec!["LOREM IPSUM", "lOrEm iPsUm"]
        );
        assert_eq!(found("xlorem ipsum"), Vec::<String>::new());
        let at: Vec<usize> = find_placeholders("é TBD <owner>")
            .iter()
            .map(|p| p.at)
            .collect();
        assert_eq!(at, vec![3, 7]);
    }

    #[test]
    fn angle_stand_ins_but_not_html_or_autolinks() {
        assert_eq!(found("Owner: <owner>"), vec!["<owner>"]);
        assert_eq!(found("<service name> is down"), vec!["<service name>"]);
        assert_eq!(
            found("a<br>b <details> <https://x.y> <a@b.c> <a href=\"x\">"),
            Vec::<String>::new()
        );
        assert_eq!(found("1 < 2 > 0"), Vec::<String>::new());
    }
}
