//! Git, asked about a docs tree: the commit it was read from, for reports (`git
//! rev-parse HEAD` and `git status --porcelain` run in the project folder), and its
//! history, for handovers: the commits that touched it (`git log`), the commit that
//! added a line (`git blame --porcelain`) and the docs as they were at one of them
//! (`git ls-tree` and `git cat-file --batch`). A missing git, a
//! folder outside any repository or a repository without commits is no error: there is
//! no commit and no history.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::config::ProjectConfig;
use crate::handover::{Commit, History, LineOrigin};
use crate::model::{DiagnosticKind, FileDiagnostic, Workspace};
use crate::parse::workspace_from_sources;

use super::load::is_markdown;
use super::read::ReadOutcome;

/// The commit checked out in the repository holding a docs project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitState {
    /// The full hash of `HEAD`.
    pub commit: String,
    /// True when files under the project folder differ from that commit (modified,
    /// staged, deleted or untracked), so the report does not show exactly the commit.
    pub dirty: bool,
}

/// Run git with `args` in `dir`; its standard output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
}

/// The commit `dir` is checked out at, or `None` when `dir` is not in a git repository
/// with at least one commit (or git is not installed). Only changes under `dir` make
/// the state dirty: the docs are what the report is about.
pub fn git_state(dir: &Path) -> Option<GitState> {
    let commit = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let commit = commit.trim();
    if commit.is_empty() || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let status = git(dir, &["status", "--porcelain", "--", "."]);
    Some(GitState {
        commit: commit.to_string(),
        dirty: status.is_none_or(|s| !s.trim().is_empty()),
    })
}

/// The git history of a docs project: the repository's top folder, the project's
/// folder inside it, and the config the old versions are read with.
#[derive(Debug, Clone)]
pub struct GitHistory {
    top: PathBuf,
    prefix: String,
    config: ProjectConfig,
}

/// A revision git cannot name a commit for; its text says which and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UnknownRevision(String);

impl GitHistory {
    /// The history of the docs project at `root`, or `None` when it is not in a git
    /// repository (or git is not installed). Old versions are read with `config` (the
    /// project's configuration now), so the same files play the same roles.
    pub fn open(root: &Path, config: &ProjectConfig) -> Option<GitHistory> {
        let top = git(root, &["rev-parse", "--show-toplevel"])?;
        let prefix = git(root, &["rev-parse", "--show-prefix"])?;
        let top = top.trim_end_matches(['\n', '\r']);
        if top.is_empty() {
            return None;
        }
        Some(GitHistory {
            top: PathBuf::from(top),
            prefix: prefix.trim_end_matches(['\n', '\r']).to_string(),
            config: config.clone(),
        })
    }

    /// The project folder's path inside the repository, `/`-separated with a trailing
    /// `/` (empty when the project is the repository's top folder).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The commit a revision (`main`, `HEAD~2`, a hash) names, or why git cannot say.
    pub fn resolve(&self, rev: &str) -> Result<Commit, UnknownRevision> {
        let spec = format!("{rev}^{{commit}}");
        let out = git(
            &self.top,
            &[
                "log",
                "-1",
                "--format=%H %ct",
                "--end-of-options",
                &spec,
                "--",
            ],
        )
        .ok_or_else(|| {
            UnknownRevision(format!(
                "git cannot find the revision {rev:?}; name a branch, tag or commit"
            ))
        })?;
        let (hash, time) = out.trim().split_once(' ').ok_or_else(|| {
            UnknownRevision(format!("git gave no commit for the revision {rev:?}"))
        })?;
        let time = time
            .parse()
            .ok()
            .and_then(|t| jiff::Timestamp::from_second(t).ok())
            .ok_or_else(|| {
                UnknownRevision(format!("git gave no commit time for the revision {rev:?}"))
            })?;
        Ok(Commit {
            hash: hash.to_string(),
            time,
        })
    }

    /// The first-parent commits that touched the docs project, oldest first, each with
    /// its tree's hash (what a cached assessment of it is keyed by).
    pub fn first_parent_commits(&self) -> Vec<(Commit, String)> {
        let Some(log) = git(
            &self.top,
            &[
                "log",
                "--first-parent",
                "--reverse",
                "--format=%H %ct %T",
                "HEAD",
                "--",
                self.pathspec(),
            ],
        ) else {
            return Vec::new();
        };
        log.lines()
            .filter_map(|line| {
                let mut parts = line.split(' ');
                let hash = parts.next()?;
                let time = jiff::Timestamp::from_second(parts.next()?.trim().parse().ok()?).ok()?;
                let tree = parts.next()?;
                Some((
                    Commit {
                        hash: hash.to_string(),
                        time,
                    },
                    tree.to_string(),
                ))
            })
            .collect()
    }

    /// The pathspec of the project folder, relative to the top folder.
    fn pathspec(&self) -> &str {
        if self.prefix.is_empty() {
            "."
        } else {
            &self.prefix
        }
    }
}

/// True for paths the tree scan skips: hidden files and folders, `target/` and
/// `node_modules/`.
fn skipped(rel: &str) -> bool {
    rel.split('/')
        .any(|c| c.starts_with('.') || c == "target" || c == "node_modules")
}

/// A blob's bytes as markdown text, or the diagnostic saying why not.
fn blob_text(rel: &str, bytes: Vec<u8>, max_size: u64) -> Result<String, FileDiagnostic> {
    let problem = |kind, message: &str| FileDiagnostic {
        path: rel.to_string(),
        line: 1,
        kind,
        message: message.to_string(),
    };
    if bytes.len() as u64 > max_size {
        return Err(problem(
            DiagnosticKind::TooLarge,
            "the file was over the size limit at this commit",
        ));
    }
    if bytes.contains(&0) {
        return Err(problem(
            DiagnosticKind::Binary,
            "the file was binary at this commit",
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        problem(
            DiagnosticKind::NotUtf8,
            "the file was not UTF-8 at this commit",
        )
    })
}

/// Read the blobs `commit:path` for every path with one `git cat-file --batch`.
fn read_blobs(top: &Path, commit: &str, paths: &[String]) -> Result<Vec<Option<Vec<u8>>>, String> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(top)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut requests = String::new();
    for p in paths {
        let _ = writeln!(requests, "{commit}:{p}");
    }
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    // Written from another thread: git answers while it reads, and a full pipe would
    // block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child.stdout.take().ok_or("git cat-file has no output")?;
    let mut reader = BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(paths.len());
    for path in paths {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| format!("reading git cat-file: {e}"))?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let (kind, size) = match fields.as_slice() {
            [_, "missing"] => {
                blobs.push(None);
                continue;
            }
            [_, kind, size] => (
                *kind,
                size.parse::<usize>()
                    .map_err(|_| format!("git cat-file answered {header:?} for {path}"))?,
            ),
            _ => return Err(format!("git cat-file answered {header:?} for {path}")),
        };
        let mut bytes = vec![0; size + 1];
        reader
            .read_exact(&mut bytes)
            .map_err(|e| format!("reading {path} from git: {e}"))?;
        bytes.pop();
        blobs.push((kind == "blob").then_some(bytes));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

impl History for GitHistory {
    fn commits(&self) -> Vec<Commit> {
        let Some(log) = git(
            &self.top,
            &["log", "--format=%H %ct", "HEAD", "--", self.pathspec()],
        ) else {
            return Vec::new();
        };
        log.lines()
            .filter_map(|line| {
                let (hash, time) = line.split_once(' ')?;
                let time = jiff::Timestamp::from_second(time.trim().parse().ok()?).ok()?;
                Some(Commit {
                    hash: hash.to_string(),
                    time,
                })
            })
            .collect()
    }

    fn line_origin(&self, path: &str, line: usize) -> Result<LineOrigin, String> {
        let full = format!("{}{path}", self.prefix);
        let range = format!("{line},{line}");
        let out = Command::new("git")
            .args(["blame", "--porcelain", "-L", &range, "--", &full])
            .current_dir(&self.top)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            return Err(format!("git blame {path}:{line}: {}", why.trim()));
        }
        parse_blame(&String::from_utf8_lossy(&out.stdout))
            .ok_or_else(|| format!("git blame {path}:{line} gave no commit"))
    }

    fn workspace_at(&self, commit: &Commit) -> Result<Workspace, String> {
        let listing = git(
            &self.top,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--name-only",
                &commit.hash,
                "--",
                self.pathspec(),
            ],
        )
        .ok_or_else(|| format!("git ls-tree {} failed", commit.short()))?;
        let mut markdown = Vec::new();
        let mut others = Vec::new();
        for full in listing.split('\0').filter(|p| !p.is_empty()) {
            let Some(rel) = full.strip_prefix(self.prefix.as_str()) else {
                continue;
            };
            if skipped(rel) || rel.contains('\n') {
                continue;
            }
            if is_markdown(rel) {
                markdown.push((full.to_string(), rel.to_string()));
            } else {
                others.push(rel.to_string());
            }
        }
        let fulls: Vec<String> = markdown.iter().map(|(f, _)| f.clone()).collect();
        let blobs = read_blobs(&self.top, &commit.hash, &fulls)?;
        let mut sources = Vec::new();
        let mut diagnostics = Vec::new();
        for ((_, rel), blob) in markdown.into_iter().zip(blobs) {
            let Some(bytes) = blob else { continue };
            match blob_text(&rel, bytes, self.config.max_file_size) {
                Ok(text) => sources.push((rel, text)),
                Err(d) => {
                    others.push(rel);
                    diagnostics.push(d);
                }
            }
        }
        let mut ws = workspace_from_sources(sources, others, diagnostics, &self.config);
        let prefix = self.prefix.as_str();
        let max = self.config.max_file_size;
        super::load::beside_docs(&mut ws, &self.config, &|rel: &str| {
            let full = format!("{prefix}{rel}");
            match read_blobs(&self.top, &commit.hash, &[full]) {
                Ok(mut blobs) => match blobs.pop().flatten() {
                    Some(bytes) => match blob_text(rel, bytes, max) {
                        Ok(text) => ReadOutcome::Text(text),
                        Err(d) => ReadOutcome::Problem(d),
                    },
                    None => ReadOutcome::Problem(FileDiagnostic {
                        path: rel.to_string(),
                        line: 1,
                        kind: DiagnosticKind::Unreadable,
                        message: format!("{rel} is not in commit {}", commit.short()),
                    }),
                },
                Err(why) => ReadOutcome::Problem(FileDiagnostic {
                    path: rel.to_string(),
                    line: 1,
                    kind: DiagnosticKind::Unreadable,
                    message: why,
                }),
            }
        });
        Ok(ws)
    }
}

/// For each item in `ids` with an `ev:` sign-off, how what it links to changed since it
/// was signed: the docs at the commit that added the sign-off (`git blame` of its line)
/// compared with `ws` — at the newest commit on or before the sign-off's date when git
/// cannot tell (a renamed file, a sign-off not committed yet) — keyed by [`crate::rules::evidence::evidence_key`]. Items outside git, or
/// signed before the first commit, get the reason no diff can be shown.
pub fn evidence_since_signing(
    root: &Path,
    config: &ProjectConfig,
    ws: &Workspace,
    ids: &[String],
) -> Vec<(String, crate::rules::evidence::EvidenceSince)> {
    use crate::rules::evidence::{EvidenceSince, evidence_diff, evidence_key};
    let git = GitHistory::open(root, config);
    let commits = git.as_ref().map(History::commits).unwrap_or_default();
    let tz = jiff::tz::TimeZone::system();
    let mut old: Vec<(String, Workspace)> = Vec::new();
    let mut out = Vec::new();
    for id in ids {
        let Some(item) = ws.item(id) else {
            continue;
        };
        let Some(signoff) = item.signoff() else {
            continue;
        };
        let key = evidence_key(ws, item);
        let Some(git) = &git else {
            out.push((
                key,
                EvidenceSince::Unknown(
                    "the project is not in git: the diff since signing cannot be shown".into(),
                ),
            ));
            continue;
        };
        // The commit that added the sign-off as it reads now; when git cannot tell
        // (the file is renamed or the sign-off is not committed yet), the newest
        // commit on or before the sign-off's date.
        let line = item
            .field(&crate::model::FieldKey::SignOff)
            .map_or(item.line, |f| f.line);
        let commit =
            if let Ok(LineOrigin::Commit(c)) = git.line_origin(&ws.docs[item.doc].path, line) {
                c
            } else {
                let Ok(date) = signoff.date.parse::<jiff::civil::Date>() else {
                    continue;
                };
                let Some(c) = commits
                    .iter()
                    .find(|c| c.time.to_zoned_datetime(tz.clone()).date() <= date)
                else {
                    out.push((
                        key,
                        EvidenceSince::Unknown(format!(
                            "no commit on or before the sign-off's date {date}: nothing to \
                         compare with"
                        )),
                    ));
                    continue;
                };
                c.clone()
            };
        let commit = &commit;
        if !old.iter().any(|(h, _)| h == &commit.hash) {
            match git.workspace_at(commit) {
                Ok(w) => old.push((commit.hash.clone(), w)),
                Err(e) => {
                    out.push((key, EvidenceSince::Unknown(e)));
                    continue;
                }
            }
        }
        let Some((_, then)) = old.iter().find(|(h, _)| h == &commit.hash) else {
            continue;
        };
        out.push((
            key,
            EvidenceSince::Diff {
                commit: commit.short().to_string(),
                diffs: evidence_diff(then, ws, item),
            },
        ));
    }
    out
}

/// The origin of the one line `git blame --porcelain` describes: its commit (an
/// all-zero hash means not committed yet) and the commit's `committer-time`.
fn parse_blame(porcelain: &str) -> Option<LineOrigin> {
    let mut lines = porcelain.lines();
    let hash = lines.next()?.split_whitespace().next()?;
    if hash.len() < 40 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    if hash.chars().all(|c| c == '0') {
        return Some(LineOrigin::Uncommitted);
    }
    let time = lines
        .find_map(|l| l.strip_prefix("committer-time "))
        .and_then(|t| t.trim().parse().ok())
        .and_then(|t| jiff::Timestamp::from_second(t).ok())?;
    Some(LineOrigin::Commit(Commit {
        hash: hash.to_string(),
        time,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_versions_skip_what_the_tree_scan_skips_and_unusable_blobs() {
        assert!(skipped(".github/notes.md"));
        assert!(skipped("docs/node_modules/x.md"));
        assert!(skipped("target/doc.md"));
        assert!(!skipped("docs/release/change-log.md"));
        assert_eq!(
            blob_text("a.md", b"# A\n".to_vec(), 100),
            Ok("# A\n".to_string())
        );
        let kind = |bytes: &[u8], max| blob_text("a.md", bytes.to_vec(), max).unwrap_err().kind;
        assert_eq!(kind(b"# A\0", 100), DiagnosticKind::Binary);
        assert_eq!(kind(b"\xff\xfe", 100), DiagnosticKind::NotUtf8);
        assert_eq!(kind(b"# A long one\n", 4), DiagnosticKind::TooLarge);
    }

    #[test]
    fn blame_output_names_the_commit_or_none_yet() {
        let hash = "4e0b0e2581abc8bbcc8098a0c95dcca008305a48";
        let committed =
            format!("{hash} 12 12 1\nauthor Dana Kim\ncommitter-time 1764581400\n\t- line\n");
        assert_eq!(
            parse_blame(&committed),
            Some(LineOrigin::Commit(Commit {
                hash: hash.to_string(),
                time: jiff::Timestamp::from_second(1_764_581_400).unwrap(),
            }))
        );
        let zeros = "0".repeat(40);
        assert_eq!(
            parse_blame(&format!("{zeros} 3 3 1\nauthor Not Committed Yet\n")),
            Some(LineOrigin::Uncommitted)
        );
        assert_eq!(parse_blame(""), None);
        assert_eq!(parse_blame(&format!("{hash} 1 1 1\n")), None);
    }

    #[test]
    fn a_folder_outside_any_repository_has_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        // A temp folder is normally outside any repository; if the machine keeps /tmp
        // in one, the answer is that repository's commit and nothing is asserted.
        if git(dir.path(), &["rev-parse", "--show-toplevel"]).is_none() {
            assert_eq!(git_state(dir.path()), None);
        }
    }
}
