//! Readiness over time: one point per commit that touched the docs — the verdict, the
//! error and warning counts, open telemetry gaps, overdue gaps and actions, and waived
//! findings — each assessed as of its commit's instant. Pure: the store reads the
//! commits and caches the points; this module computes and renders them.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assess::Assessment;
use crate::clock::Clock;
use crate::config::ProjectConfig;
use crate::handover::{Commit, open_actions, open_gaps};
use crate::model::Workspace;

/// The readiness of the docs at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// The commit's full hash.
    pub commit: String,
    /// The commit's date (YYYY-MM-DD, in the viewer's time zone).
    pub date: String,
    /// `ready` or `not_ready`.
    pub verdict: String,
    /// Error findings that count.
    pub errors: usize,
    /// Warning findings that count.
    pub warnings: usize,
    /// Telemetry gaps still open.
    pub open_gaps: usize,
    /// Open gaps and actions past their due date.
    pub overdue: usize,
    /// Findings a live waiver covers.
    pub waived: usize,
}

/// The clock a commit is judged at: its instant, and its date in `tz`.
pub fn clock_at(commit: &Commit, tz: &TimeZone) -> Clock {
    Clock {
        today: commit.time.to_zoned_datetime(tz.clone()).date(),
        now: commit.time,
    }
}

/// Assess the docs `ws` as they were at `commit`.
pub fn point(commit: &Commit, ws: &Workspace, config: &ProjectConfig, tz: &TimeZone) -> Point {
    let clock = clock_at(commit, tz);
    let a = Assessment::new(ws, config, clock);
    let gaps = open_gaps(ws, clock.today);
    let actions = open_actions(ws, clock.today);
    Point {
        commit: commit.hash.clone(),
        date: clock.today.to_string(),
        verdict: if a.verdict.ready {
            "ready"
        } else {
            "not_ready"
        }
        .to_string(),
        errors: a.verdict.errors,
        warnings: a.verdict.warnings,
        open_gaps: gaps.len(),
        overdue: gaps.iter().filter(|g| g.overdue).count()
            + actions.iter().filter(|a| a.overdue).count(),
        waived: a.verdict.waived,
    }
}

/// The cache key of a point: what it is computed from — the commit's tree, the date it
/// is judged on, the configuration and this version of readyroom.
pub fn cache_key(tree: &str, date: &str, config: &ProjectConfig) -> String {
    let mut h = Sha256::new();
    for part in [
        tree,
        date,
        &format!("{config:?}"),
        env!("CARGO_PKG_VERSION"),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..16]
        .iter()
        .fold(String::with_capacity(32), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The points as a table for people, oldest first.
pub fn render_text(points: &[Point]) -> String {
    let mut out = String::from(
        "date        commit        verdict    errors  warnings  gaps  overdue  waived\n",
    );
    for p in points {
        let _ = writeln!(
            out,
            "{}  {:<12}  {:<9}  {:>6}  {:>8}  {:>4}  {:>7}  {:>6}",
            p.date,
            p.commit.get(..12).unwrap_or(&p.commit),
            p.verdict,
            p.errors,
            p.warnings,
            p.open_gaps,
            p.overdue,
            p.waived
        );
    }
    if points.is_empty() {
        out.push_str("(no commit touched the docs in that range)\n");
    }
    out
}

/// The points as CSV with a header row, oldest first.
pub fn render_csv(points: &[Point]) -> String {
    let mut out = String::from("commit,date,verdict,errors,warnings,open_gaps,overdue,waived\n");
    for p in points {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            p.commit, p.date, p.verdict, p.errors, p.warnings, p.open_gaps, p.overdue, p.waived
        );
    }
    out
}

/// Why the campaign will miss `ready_by` at the rate errors were closed over `points`
/// (oldest first), with `errors` left on `today`; `None` when it is on track (no error
/// left, or the rate closes them in time). The rate is the drop in errors from the
/// first point to today, per day.
pub fn campaign_risk(
    points: &[Point],
    errors: usize,
    today: jiff::civil::Date,
    ready_by: jiff::civil::Date,
) -> Option<String> {
    if errors == 0 {
        return None;
    }
    let left = today.until(ready_by).map_or(0, |s| i64::from(s.get_days()));
    if left < 0 {
        return Some(format!(
            "the campaign was to be ready by {ready_by}, and {errors} error(s) remain"
        ));
    }
    let first = points.first()?;
    let start: jiff::civil::Date = first.date.parse().ok()?;
    let days = start
        .until(today)
        .map_or(0, |s| i64::from(s.get_days()))
        .max(1);
    let closed =
        i64::try_from(first.errors).unwrap_or(i64::MAX) - i64::try_from(errors).unwrap_or(i64::MAX);
    let errors_left = i64::try_from(errors).unwrap_or(i64::MAX);
    if closed <= 0 {
        return Some(format!(
            "{errors} error(s) remain and none were closed since {start}; at this rate the \
             docs will not be ready by {ready_by} ({left} days left)"
        ));
    }
    // Days needed at `closed / days` errors a day, rounded up.
    let needed = (errors_left * days + closed - 1) / closed;
    (needed > left).then(|| {
        format!(
            "{errors} error(s) remain; {closed} were closed in {days} days since {start}, so \
             closing the rest takes about {needed} days, and {ready_by} is {left} days away"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(errors: usize) -> Point {
        Point {
            commit: "0123456789abcdef0123".to_string(),
            date: "2026-11-30".to_string(),
            verdict: "not_ready".to_string(),
            errors,
            warnings: 1,
            open_gaps: 2,
            overdue: 1,
            waived: 0,
        }
    }

    #[test]
    fn text_and_csv_list_every_point_oldest_first() {
        let text = render_text(&[p(3), p(2)]);
        assert_eq!(text.lines().count(), 3);
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .starts_with("2026-11-30  0123456789ab  not_ready")
        );
        let csv = render_csv(&[p(3)]);
        assert_eq!(
            csv,
            "commit,date,verdict,errors,warnings,open_gaps,overdue,waived\n\
             0123456789abcdef0123,2026-11-30,not_ready,3,1,2,1,0\n"
        );
        assert!(render_text(&[]).contains("no commit"));
    }

    fn at(date: &str, errors: usize) -> Point {
        Point {
            date: date.to_string(),
            ..p(errors)
        }
    }

    #[test]
    fn the_campaign_is_at_risk_when_the_rate_misses_the_date() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let history = [at("2026-11-01", 40), at("2026-11-15", 30)];
        // 30 closed in 30 days: 10 left take 10 days.
        assert_eq!(
            campaign_risk(&history, 10, d("2026-12-01"), d("2026-12-11")),
            None
        );
        let risk = campaign_risk(&history, 10, d("2026-12-01"), d("2026-12-10")).unwrap();
        assert!(
            risk.contains("about 10 days, and 2026-12-10 is 9 days away"),
            "{risk}"
        );
        assert_eq!(
            campaign_risk(&history, 0, d("2026-12-01"), d("2026-12-02")),
            None
        );
        let stuck = campaign_risk(&[at("2026-11-01", 5)], 5, d("2026-12-01"), d("2027-01-15"));
        assert!(stuck.unwrap().contains("none were closed since 2026-11-01"));
        let late = campaign_risk(&history, 3, d("2026-12-01"), d("2026-11-30"));
        assert!(late.unwrap().contains("was to be ready by 2026-11-30"));
        assert_eq!(
            campaign_risk(&[], 3, d("2026-12-01"), d("2026-12-30")),
            None
        );
    }

    #[test]
    fn the_key_changes_with_tree_date_and_config() {
        let c = ProjectConfig::default();
        let k = cache_key("t1", "2026-12-01", &c);
        assert_eq!(k.len(), 32);
        assert_ne!(k, cache_key("t2", "2026-12-01", &c));
        assert_ne!(k, cache_key("t1", "2026-12-02", &c));
        let other = ProjectConfig {
            waiver_max_days: 5,
            ..ProjectConfig::default()
        };
        assert_ne!(k, cache_key("t1", "2026-12-01", &other));
    }
}
