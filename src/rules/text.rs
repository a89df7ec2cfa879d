//! Small readings of cell text shared by the rules: blank values, dates, statuses,
//! delays and name lists.

use jiff::civil::Date;

/// True when `text` contains `needle` (ASCII, lower case) in any letter case, without
/// allocating a lower-cased copy.
pub fn contains_ignore_case(text: &str, needle: &str) -> bool {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    if t.len() < n.len() {
        return false;
    }
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), t).any(|i| {
        t.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Parse an ISO date at the start of `text` (a trailing note such as `(moved)` is allowed).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if !crate::model::is_iso_date_prefix(t) {
        return None;
    }
    t.get(..10)?.parse::<Date>().ok()
}

/// What a telemetry status says about coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// The signal is in place.
    Covered,
    /// The signal is missing or incomplete: a telemetry gap.
    Gap,
    /// A status readyroom does not know; neither counted as covered nor as a gap.
    Unknown,
}

/// What a status symbol says, for statuses written as traffic lights and ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// ✅ ✔ ☑ ✓ 🟢: done, in place.
    Done,
    /// ❌ ✖ ✗ ⚠ 🟡 🟠 🔴 ⛔ 🚧: missing, partial, blocked or under way.
    NotDone,
}

/// A status cell read as its leading symbol (if it is a known one) and its words,
/// lower-case, with markup, emoji and other symbols around them dropped.
fn read_status(status: &str) -> (Option<Mark>, String) {
    let t = status.trim().trim_start_matches(['*', '_', '`']);
    let mark = match t.chars().next() {
        Some('✅' | '✔' | '☑' | '✓' | '🟢') => Some(Mark::Done),
        Some('❌' | '✖' | '✗' | '⚠' | '🟡' | '🟠' | '🔴' | '⛔' | '🚧') => {
            Some(Mark::NotDone)
        }
        _ => None,
    };
    let words = t
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    (mark, words)
}

/// Classify a telemetry status value: by its words (`live`, `partial`, …), else by a
/// leading status symbol (`✅`, `❌`, `⚠️`, `🟡`, …).
pub fn coverage(status: &str) -> Coverage {
    let (mark, s) = read_status(status);
    let first = s.split([' ', '(', ',', ';']).next().unwrap_or("");
    let by_words = match first {
        "configured" | "covered" | "ok" | "done" | "live" | "active" | "complete" | "completed"
        | "green" | "implemented" | "verified" | "yes" => Coverage::Covered,
        "partial" | "partially" | "missing" | "gap" | "planned" | "none" | "no" | "todo"
        | "pending" | "red" | "amber" | "yellow" | "absent" | "wip" | "blocked" => Coverage::Gap,
        "not" | "in" if s.starts_with("not ") || s.starts_with("in progress") => Coverage::Gap,
        _ => Coverage::Unknown,
    };
    match (by_words, mark) {
        (Coverage::Unknown, Some(Mark::Done)) => Coverage::Covered,
        (Coverage::Unknown, Some(Mark::NotDone)) => Coverage::Gap,
        (c, _) => c,
    }
}

/// True when an action or change-log status means the work is still open: by its words
/// (`open`, `in progress`, …), else by a leading status symbol (`🚧`, `❌`; `✅` is done).
pub fn is_open_status(status: &str) -> bool {
    let (mark, s) = read_status(status);
    let open_words = [
        "open",
        "in progress",
        "in-progress",
        "todo",
        "to do",
        "pending",
        "blocked",
        "planned",
        "wip",
        "ongoing",
        "not started",
    ]
    .iter()
    .any(|w| s.starts_with(w));
    open_words || (s.is_empty() && mark == Some(Mark::NotDone))
}

/// Minutes in a delay such as `0`, `10m`, `15 min`, `1 h`, `1h30`, `immediately`.
pub fn parse_minutes(text: &str) -> Option<u32> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.starts_with("immediate") || t == "now" || t == "at once" {
        return Some(0);
    }
    let t = t.trim_start_matches('+').trim_start_matches("after").trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let rest = t[digits.len()..].trim_start();
    if rest.starts_with('h') {
        let after_h = rest
            .trim_start_matches(|c: char| c.is_alphabetic())
            .trim_start();
        let mins: String = after_h.chars().take_while(char::is_ascii_digit).collect();
        let extra: u32 = mins.parse().unwrap_or(0);
        Some(n * 60 + extra)
    } else if rest.is_empty() || rest.starts_with('m') {
        Some(n)
    } else if rest.starts_with('d') {
        Some(n * 24 * 60)
    } else {
        None
    }
}

/// Split a contact cell into names: `A, B`, `A / B`, `A and B`, `A & B`, `A; B`.
pub fn split_names(text: &str) -> Vec<String> {
    text.replace(" and ", ",")
        .replace(" & ", ",")
        .split([',', '/', ';', '+'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_ignore_case_finds_ascii_needles_in_any_case() {
        assert!(contains_ignore_case("Security NFR", "nfr"));
        assert!(contains_ignore_case("AVAILABILITY", "availability"));
        assert!(contains_ignore_case("§ Non-Functional", "non-functional"));
        assert!(contains_ignore_case("x", ""));
        assert!(!contains_ignore_case("nf", "nfr"));
        assert!(!contains_ignore_case("functional", "non-functional"));
        assert!(!contains_ignore_case("é", "e"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-12-01").unwrap().to_string(), "2026-12-01");
        assert_eq!(
            parse_date("2026-12-01 (moved)").unwrap().to_string(),
            "2026-12-01"
        );
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("next week").is_none());
    }

    #[test]
    fn statuses() {
        assert_eq!(coverage("Configured"), Coverage::Covered);
        assert_eq!(coverage("**partial**"), Coverage::Gap);
        assert_eq!(coverage("Not started"), Coverage::Gap);
        assert_eq!(coverage("In progress"), Coverage::Gap);
        assert_eq!(coverage("mystery"), Coverage::Unknown);
        assert!(is_open_status("In progress"));
        assert!(!is_open_status("done"));
    }

    #[test]
    fn status_symbols_and_marks_around_words() {
        for covered in ["✅", "✅ Live", "✔️", "🟢 green", "**live**", "☑"] {
            assert_eq!(coverage(covered), Coverage::Covered, "{covered}");
        }
        for gap in [
            "❌",
            "⚠️ partial",
            "🟡 In progress",
            "🔴",
            "🚧",
            "Amber",
            "_blocked_",
        ] {
            assert_eq!(coverage(gap), Coverage::Gap, "{gap}");
        }
        // Words win over a symbol that says otherwise; unknown words and no symbol stay
        // unknown.
        assert_eq!(coverage("✅ planned"), Coverage::Gap);
        assert_eq!(coverage("🤷"), Coverage::Unknown);
        assert!(is_open_status("🚧 in progress"));
        assert!(is_open_status("🚧"));
        assert!(is_open_status("❌"));
        assert!(!is_open_status("✅"));
        assert!(!is_open_status("✅ done"));
    }

    #[test]
    fn delays() {
        assert_eq!(parse_minutes("0"), Some(0));
        assert_eq!(parse_minutes("10m"), Some(10));
        assert_eq!(parse_minutes("15 min"), Some(15));
        assert_eq!(parse_minutes("1 h"), Some(60));
        assert_eq!(parse_minutes("1h30"), Some(90));
        assert_eq!(parse_minutes("Immediately"), Some(0));
        assert_eq!(parse_minutes("soon"), None);
    }

    #[test]
    fn names() {
        assert_eq!(
            split_names("Dana Kim / Luis Ortega"),
            vec!["Dana Kim", "Luis Ortega"]
        );
        assert_eq!(split_names("A and B"), vec!["A", "B"]);
    }
}
