//! Readiness over time: one point per commit that touched the docs — the verdict, the
//! error and warning counts, open telemetry gaps, overdue gaps and actions, and waived
//! findings — each assessed as of its commit's instant. Pure: the store reads the
//! commits and caches the points; this module computes and renders them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assess::{Assessment, Pace};
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
    /// Errors per criterion with a date of its own (`[campaign.criteria]`), by
    /// criterion id; absent without such dates.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub criteria: BTreeMap<String, usize>,
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
        criteria: a
            .campaign
            .iter()
            .filter_map(|d| Some((d.criterion?.as_str().to_string(), d.errors)))
            .collect(),
    }
}

/// Where `points` (oldest first) start, for the campaign's rate of closing errors;
/// `None` without points.
pub fn pace(points: &[Point]) -> Option<Pace> {
    let first = points.first()?;
    Some(Pace {
        since: first.date.parse().ok()?,
        errors: first.errors,
        criteria: first.criteria.clone(),
    })
}

/// What the cached points hold; a new shape of [`Point`] changes it, so entries of
/// the old shape are computed again.
const CACHE_SHAPE: &str = "point-2";

/// The cache key of a point: what it is computed from — the commit's tree, the date it
/// is judged on, the configuration and this version of readyroom.
pub fn cache_key(tree: &str, date: &str, config: &ProjectConfig) -> String {
    let mut h = Sha256::new();
    for part in [
        tree,
        date,
        &format!("{config:?}"),
        env!("CARGO_PKG_VERSION"),
        CACHE_SHAPE,
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
            criteria: BTreeMap::new(),
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

    #[test]
    fn the_pace_starts_at_the_first_point() {
        let mut first = p(7);
        first.date = "2026-11-02".to_string();
        first.criteria.insert("gaps_owned".to_string(), 2);
        let pace = pace(&[first, p(3)]).unwrap();
        assert_eq!(pace.since, jiff::civil::date(2026, 11, 2));
        assert_eq!(pace.errors, 7);
        assert_eq!(pace.criteria.get("gaps_owned"), Some(&2));
        assert_eq!(super::pace(&[]), None);
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
