//! What the docs are compared with: the baseline of "what changed since the last
//! handover". With git history, the docs as of one commit; without it, the change log's
//! dated entries.
//!
//! With history, `last` compares with the commit that added the last acknowledgement
//! line (so a change committed later the same day is listed); its date is only used
//! when git cannot say which commit that was.
//!
//! The choice is pure: the history is asked through the [`History`] trait (the store's
//! `GitHistory` reads it with git; tests pass a fake).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::ack::{Acknowledgement, last_acknowledgement};
use crate::model::Workspace;

/// Since when changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Since the last handover acknowledgement in the change log.
    Last,
    /// Since the start of a date.
    Date(Date),
}

/// `--since` holds neither `last` nor a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--since {0:?} is neither `last` nor a date in the form YYYY-MM-DD")]
pub struct SinceError(pub String);

impl Since {
    /// Read `last` or a `YYYY-MM-DD` date.
    pub fn parse(text: &str) -> Result<Since, SinceError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("last") {
            return Ok(Since::Last);
        }
        t.parse::<Date>()
            .map(Since::Date)
            .map_err(|_| SinceError(text.to_string()))
    }

    /// `last` or the date, as the command line takes it.
    pub fn label(self) -> String {
        match self {
            Since::Last => "last".to_string(),
            Since::Date(d) => d.to_string(),
        }
    }
}

/// One commit of the docs' history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash.
    pub hash: String,
    /// The committer's instant.
    pub time: Timestamp,
}

impl Commit {
    /// The first 12 hex digits, as shown to people.
    pub fn short(&self) -> &str {
        self.hash.get(..12).unwrap_or(&self.hash)
    }
}

/// Where one line of a document as it is now came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineOrigin {
    /// The commit that added the line as it reads now.
    Commit(Commit),
    /// The line is in the working tree only: not committed yet.
    Uncommitted,
}

/// The version history of a docs project.
pub trait History {
    /// The commits that touched the docs project, newest first.
    fn commits(&self) -> Vec<Commit>;
    /// Where line `line` (1-based) of the project file `path` (project-relative), as it
    /// is now, came from; an error says why the history cannot tell.
    fn line_origin(&self, path: &str, line: usize) -> Result<LineOrigin, String>;
    /// The docs project as it was at `commit`.
    fn workspace_at(&self, commit: &Commit) -> Result<Workspace, String>;
}

/// Where the baseline comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The docs as of a commit: changes are the items that differ from it.
    Commit {
        /// The commit compared with.
        commit: Commit,
        /// The docs at that commit.
        workspace: Box<Workspace>,
    },
    /// No history: changes are the change log's entries and audit lines from `from`.
    ChangeLog {
        /// The first date listed; `None` lists nothing (no previous handover).
        from: Option<Date>,
        /// An entry on `from` is listed only when it comes after this line of this file
        /// (the previous acknowledgement); `None` lists every entry of that date.
        after: Option<(String, usize)>,
    },
}

/// The resolved baseline: what was asked, the handover it starts from, where the
/// comparison comes from, and a sentence saying so.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// What was asked.
    pub since: Since,
    /// The previous handover, when `since` is [`Since::Last`] and there is one.
    pub previous: Option<Acknowledgement>,
    /// Where the comparison comes from.
    pub source: Source,
    /// What the changes are compared with, for people.
    pub note: String,
}

/// The start of `date` in `tz`, or the earliest representable instant.
fn start_of(date: Date, tz: &TimeZone) -> Timestamp {
    date.to_zoned_datetime(tz.clone())
        .map_or(Timestamp::MIN, |z| z.timestamp())
}

/// The newest commit strictly before `cutoff` (the first listed among equals).
fn newest_before(commits: &[Commit], cutoff: Timestamp) -> Option<&Commit> {
    commits
        .iter()
        .filter(|c| c.time < cutoff)
        .fold(None, |best: Option<&Commit>, c| match best {
            Some(b) if b.time >= c.time => Some(b),
            _ => Some(c),
        })
}

fn describe(commit: &Commit, tz: &TimeZone) -> String {
    let when = commit
        .time
        .to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string();
    format!("commit {} ({when})", commit.short())
}

fn handover_words(a: &Acknowledgement) -> String {
    format!(
        "the handover from {} to {} acknowledged on {}",
        a.outgoing, a.incoming, a.date
    )
}

/// Decide the baseline for `since`. `ws` is the docs now (its change log holds the
/// acknowledgements), `tz` the zone dates are read in, `history` the docs' git history
/// (`None` outside a repository).
///
/// With history: `last` compares with the commit that added the last acknowledgement
/// line (the newest commit when that line is not committed yet; the newest commit on or
/// before its day when the history cannot say), a date with the newest commit before
/// that date; when there is no acknowledgement, or no commit that early, with the first
/// commit. Without history (or when the commit cannot be read), the change log's
/// entries dated from then on.
pub fn resolve_baseline(
    ws: &Workspace,
    since: Since,
    tz: &TimeZone,
    history: Option<&dyn History>,
) -> Baseline {
    let previous = match since {
        Since::Last => last_acknowledgement(ws),
        Since::Date(_) => None,
    };
    let problem = match history {
        None => "The docs are not in a git repository".to_string(),
        Some(h) => match from_history(h, since, previous.as_ref(), tz) {
            Ok((source, note)) => {
                return Baseline {
                    since,
                    previous,
                    source,
                    note,
                };
            }
            Err(problem) => problem,
        },
    };
    from_change_log(since, previous, &problem)
}

/// How the commit compared with was chosen.
enum Choice {
    /// The commit that added the acknowledgement line.
    Recorded,
    /// The acknowledgement is not committed: the newest commit.
    Uncommitted,
    /// The newest commit before a cutoff (the day after the acknowledgement, or the
    /// date asked for); `why` says why the acknowledgement's own commit was not used.
    Before { why: Option<String> },
    /// No commit is old enough (or there is no cutoff): the first commit.
    First { why: Option<String> },
}

/// The commit to compare with and how it was chosen.
fn choose<'c>(
    history: &dyn History,
    commits: &'c [Commit],
    since: Since,
    previous: Option<&Acknowledgement>,
    tz: &TimeZone,
) -> Option<(&'c Commit, Choice)> {
    let first = || commits.iter().min_by_key(|c| c.time);
    let newest = || commits.iter().max_by_key(|c| c.time);
    let (cutoff, why) = match (since, previous) {
        (Since::Last, Some(a)) => match history.line_origin(&a.file, a.line) {
            Ok(LineOrigin::Commit(c)) => {
                if let Some(found) = commits.iter().find(|k| k.hash == c.hash) {
                    return Some((found, Choice::Recorded));
                }
                (
                    a.date.checked_add(1.day()).ok().map(|d| start_of(d, tz)),
                    Some(format!(
                        "commit {} that recorded it did not touch the docs project",
                        c.short()
                    )),
                )
            }
            Ok(LineOrigin::Uncommitted) => return newest().map(|c| (c, Choice::Uncommitted)),
            Err(e) => (
                a.date.checked_add(1.day()).ok().map(|d| start_of(d, tz)),
                Some(format!("git cannot tell which commit recorded it ({e})")),
            ),
        },
        (Since::Last, None) => (None, None),
        (Since::Date(d), _) => (Some(start_of(d, tz)), None),
    };
    match cutoff.and_then(|c| newest_before(commits, c)) {
        Some(c) => Some((c, Choice::Before { why })),
        None => first().map(|c| (c, Choice::First { why })),
    }
}

/// The commit to compare with and the note saying why, or why there is none.
fn from_history(
    history: &dyn History,
    since: Since,
    previous: Option<&Acknowledgement>,
    tz: &TimeZone,
) -> Result<(Source, String), String> {
    let commits = history.commits();
    let (commit, choice) = choose(history, &commits, since, previous, tz)
        .ok_or_else(|| "The docs have no commit in their git repository".to_string())?;
    let workspace = history
        .workspace_at(commit)
        .map_err(|e| format!("The docs at commit {} cannot be read ({e})", commit.short()))?;
    let at = describe(commit, tz);
    let because =
        |why: &Option<String>| why.as_ref().map(|w| format!(" ({w})")).unwrap_or_default();
    let note = match (since, previous, &choice) {
        (Since::Last, Some(a), Choice::Recorded) => format!(
            "Changes since {}: compared with {at}, the commit that recorded it.",
            handover_words(a)
        ),
        (Since::Last, Some(a), Choice::Uncommitted) => format!(
            "Changes since {}: the acknowledgement is not committed yet, so compared with the \
             newest {at}.",
            handover_words(a)
        ),
        (Since::Last, Some(a), Choice::Before { why }) => format!(
            "Changes since {}: compared with {at}, the last commit on or before that day{}.",
            handover_words(a),
            because(why)
        ),
        (Since::Last, Some(a), Choice::First { why }) => format!(
            "Changes since {}: no commit is that old, so compared with the first {at}{}.",
            handover_words(a),
            because(why)
        ),
        (Since::Last, None, _) => {
            format!("No previous handover in the change log: compared with the first {at}.")
        }
        (Since::Date(d), _, Choice::First { .. }) => format!(
            "Changes since {d}: there is no commit before that date, so compared with the \
             first {at}."
        ),
        (Since::Date(d), _, _) => {
            format!("Changes since {d}: compared with {at}, the last commit before that date.")
        }
    };
    let source = Source::Commit {
        commit: commit.clone(),
        workspace: Box::new(workspace),
    };
    Ok((source, note))
}

/// The change-log baseline, with `problem` saying why git could not be used.
fn from_change_log(since: Since, previous: Option<Acknowledgement>, problem: &str) -> Baseline {
    let (from, after, note) = match (since, &previous) {
        (Since::Date(d), _) => (
            Some(d),
            None,
            format!(
                "{problem}, so the comparison came from the change log: its entries and audit \
                 lines dated {d} or later."
            ),
        ),
        (Since::Last, Some(a)) => (
            Some(a.date),
            Some((a.file.clone(), a.line)),
            format!(
                "{problem}, so the comparison came from the change log: its entries and audit \
                 lines after {}.",
                handover_words(a)
            ),
        ),
        (Since::Last, None) => (
            None,
            None,
            format!(
                "{problem} and the change log records no previous handover, so nothing is \
                 listed (the comparison would come from the change log)."
            ),
        ),
    };
    Baseline {
        since,
        previous,
        source: Source::ChangeLog { from, after },
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    const LOG: &str = "docs/release/change-log.md";

    fn ws(changelog: &str) -> Workspace {
        workspace_from_sources(
            vec![(LOG.to_string(), changelog.to_string())],
            Vec::new(),
            Vec::new(),
            &ProjectConfig::default(),
        )
    }

    /// Commits, and what blaming any line answers (`None`: git cannot tell).
    struct Fake(Vec<Commit>, Option<LineOrigin>);

    impl History for Fake {
        fn commits(&self) -> Vec<Commit> {
            self.0.clone()
        }
        fn line_origin(&self, _: &str, _: usize) -> Result<LineOrigin, String> {
            self.1.clone().ok_or_else(|| "no blame here".to_string())
        }
        fn workspace_at(&self, commit: &Commit) -> Result<Workspace, String> {
            Ok(ws(&format!("# Log at {}\n", commit.hash)))
        }
    }

    fn commit(hash: &str, at: &str) -> Commit {
        Commit {
            hash: hash.to_string(),
            time: at.parse().unwrap(),
        }
    }

    fn chosen(b: &Baseline) -> &str {
        match &b.source {
            Source::Commit { commit, .. } => &commit.hash,
            Source::ChangeLog { .. } => "change log",
        }
    }

    const ACKED: &str = "# Log\n\n## Audit trail\n\n\
        - 2026-11-20 — Handover acknowledged by Mei from Tom\n\
        - 2026-11-27 — Handover acknowledged by Aisha from Mei\n";

    #[test]
    fn last_picks_the_commit_that_recorded_the_acknowledgement() {
        let commits = vec![
            commit("c3", "2026-11-27T15:00:00Z"),
            commit("c2", "2026-11-27T09:00:00Z"),
            commit("c1", "2026-11-01T08:00:00Z"),
        ];
        let recorded = Some(LineOrigin::Commit(commit("c2", "2026-11-27T09:00:00Z")));
        let history = Fake(commits.clone(), recorded);
        let b = resolve_baseline(&ws(ACKED), Since::Last, &TimeZone::UTC, Some(&history));
        assert_eq!(chosen(&b), "c2");
        assert!(b.note.contains("the commit that recorded it"), "{}", b.note);
        let history = Fake(commits, Some(LineOrigin::Uncommitted));
        let b = resolve_baseline(&ws(ACKED), Since::Last, &TimeZone::UTC, Some(&history));
        assert_eq!(chosen(&b), "c3");
        assert!(b.note.contains("not committed yet"), "{}", b.note);
    }

    #[test]
    fn last_falls_back_to_the_acknowledgement_day_when_git_cannot_tell() {
        let history = Fake(
            vec![
                commit("c3", "2026-11-28T08:00:00Z"),
                commit("c2", "2026-11-27T23:00:00Z"),
                commit("c1", "2026-11-01T08:00:00Z"),
            ],
            None,
        );
        let b = resolve_baseline(&ws(ACKED), Since::Last, &TimeZone::UTC, Some(&history));
        assert_eq!(chosen(&b), "c2");
        assert_eq!(b.previous.as_ref().unwrap().incoming, "Aisha");
        assert!(b.note.contains("from Mei to Aisha"), "{}", b.note);
        assert!(b.note.contains("no blame here"), "{}", b.note);
        let b = resolve_baseline(
            &ws(ACKED),
            Since::Date(jiff::civil::date(2026, 11, 28)),
            &TimeZone::UTC,
            Some(&history),
        );
        assert_eq!(chosen(&b), "c2");
        let b = resolve_baseline(
            &ws(ACKED),
            Since::Date(jiff::civil::date(2026, 10, 1)),
            &TimeZone::UTC,
            Some(&history),
        );
        assert_eq!(chosen(&b), "c1");
        assert!(b.note.contains("no commit before that date"), "{}", b.note);
    }

    #[test]
    fn without_a_handover_the_first_commit_is_the_baseline() {
        let history = Fake(
            vec![
                commit("c2", "2026-11-27T23:00:00Z"),
                commit("c1", "2026-11-01T08:00:00Z"),
            ],
            None,
        );
        let b = resolve_baseline(&ws("# Log\n"), Since::Last, &TimeZone::UTC, Some(&history));
        assert_eq!(chosen(&b), "c1");
        assert!(b.note.starts_with("No previous handover"), "{}", b.note);
    }

    #[test]
    fn without_history_the_change_log_is_the_source() {
        let b = resolve_baseline(&ws(ACKED), Since::Last, &TimeZone::UTC, None);
        let Source::ChangeLog { from, after } = &b.source else {
            panic!("{b:?}")
        };
        assert_eq!(*from, Some(jiff::civil::date(2026, 11, 27)));
        assert_eq!(after.as_ref().map(|a| a.1), Some(6));
        assert!(b.note.contains("came from the change log"), "{}", b.note);
        let b = resolve_baseline(&ws("# Log\n"), Since::Last, &TimeZone::UTC, None);
        assert!(matches!(b.source, Source::ChangeLog { from: None, .. }));
        assert!(b.note.contains("no previous handover"), "{}", b.note);
    }

    #[test]
    fn since_reads_last_and_dates() {
        assert_eq!(Since::parse("last"), Ok(Since::Last));
        assert_eq!(
            Since::parse("2026-12-01"),
            Ok(Since::Date(jiff::civil::date(2026, 12, 1)))
        );
        let e = Since::parse("yesterday").unwrap_err();
        assert_eq!(e, SinceError("yesterday".into()));
        assert!(e.to_string().contains("YYYY-MM-DD"));
    }
}
