//! Counts in words, the one place that says "1 day" and "2 days": every message,
//! report and screen that counts something says it the same way.

/// `n` followed by `one` when `n` is 1, else by `many`: `count(1, "day", "days")` is
/// "1 day", `count(3, "day", "days")` is "3 days".
pub fn count(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    let noun = if n == "1" { one } else { many };
    format!("{n} {noun}")
}

/// `n` days in words: "1 day", "0 days", "14 days".
pub fn days(n: impl std::fmt::Display) -> String {
    count(n, "day", "days")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(days(1), "1 day");
        assert_eq!(days(1usize), "1 day");
        assert_eq!(days(0), "0 days");
        assert_eq!(days(2i64), "2 days");
        assert_eq!(days(11), "11 days");
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(21, "error", "errors"), "21 errors");
    }
}
