//! Link resolution and the link rules: `broken-link`, `link-outside-root`,
//! `link-unresolvable`. Resolution is pure: it asks the workspace's file list, never
//! the file system, and never fetches external URLs.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::borrow::Cow;
use std::sync::{Mutex, PoisonError};

use rapidfuzz::distance::levenshtein;
use rayon::prelude::*;

use super::RuleId;
use super::{Context, Finding, Severity};
use crate::model::{Document, Link, LinkTarget, Workspace};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// An external URL: not checked.
    External,
    /// Resolves: the file exists and so does the anchor, if any.
    Ok {
        /// Project-relative path of the target.
        path: String,
        /// The anchor, when the link has one.
        anchor: Option<String>,
    },
    /// The target file does not exist.
    MissingFile {
        /// The project-relative path looked for.
        path: String,
    },
    /// The file exists but has no heading with that anchor.
    MissingAnchor {
        /// The target file.
        path: String,
        /// The anchor looked for.
        anchor: String,
    },
    /// The path leaves the docs project.
    OutsideRoot,
    /// A site-absolute or templated link that cannot be checked offline.
    Unresolvable,
}

impl LinkStatus {
    /// True when the link is known to be fine (or external).
    pub fn is_ok(&self) -> bool {
        matches!(self, LinkStatus::Ok { .. } | LinkStatus::External)
    }

    /// The project-relative path the link points to, when it is inside the project.
    pub fn path(&self) -> Option<&str> {
        match self {
            LinkStatus::Ok { path, .. }
            | LinkStatus::MissingFile { path }
            | LinkStatus::MissingAnchor { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Join `base_dir` and a relative `path`, resolving `.` and `..`; `None` when the
/// result climbs above the project root.
pub fn join_relative(base_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn anchor_exists(doc: &Document, anchor: &str) -> bool {
    if anchor.is_empty() || anchor.eq_ignore_ascii_case("top") {
        return true;
    }
    doc.has_anchor(anchor) || doc.has_anchor(&anchor.to_lowercase())
}

/// Resolve a link found in `from` (a project-relative document path).
pub fn resolve(ws: &Workspace, from: &str, target: &LinkTarget) -> LinkStatus {
    match target {
        LinkTarget::External => LinkStatus::External,
        LinkTarget::SiteAbsolute { .. } | LinkTarget::Templated => LinkStatus::Unresolvable,
        LinkTarget::Anchor { anchor } => match ws.doc(from) {
            Some(doc) if !anchor_exists(doc, anchor) => LinkStatus::MissingAnchor {
                path: from.to_string(),
                anchor: anchor.clone(),
            },
            _ => LinkStatus::Ok {
                path: from.to_string(),
                anchor: Some(anchor.clone()),
            },
        },
        LinkTarget::Relative { path, anchor } => {
            let Some(joined) = join_relative(dir_of(from), path) else {
                return LinkStatus::OutsideRoot;
            };
            let exists = ws.has_file(&joined)
                || joined.is_empty()
                || ws.files.iter().any(|f| {
                    f.len() > joined.len()
                        && f.starts_with(&joined)
                        && f.as_bytes()[joined.len()] == b'/'
                });
            if !exists {
                return LinkStatus::MissingFile { path: joined };
            }
            if let (Some(a), Some(doc)) = (anchor, ws.doc(&joined))
                && !anchor_exists(doc, a)
            {
                return LinkStatus::MissingAnchor {
                    path: joined,
                    anchor: a.clone(),
                };
            }
            LinkStatus::Ok {
                path: joined,
                anchor: anchor.clone(),
            }
        }
    }
}

/// Where every link of one workspace leads, resolved once per (linking directory,
/// target): large RTMs link the same few targets thousands of times. It is a field of
/// the assessment (built with it, kept by the next one for every link whose target
/// document's anchors are unchanged while the file list is), not a hidden memo. The
/// did-you-mean heading of a missing anchor ([`nearest_anchor`]) is worked out only
/// for the findings built ([`LinkIndex::hint`]), so a tree with a million broken
/// anchors costs no more than the hundred per file it reports, and kept for the next
/// assessment.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// What the resolutions were made against: a hash of the file list.
    files: u64,
    /// Per document path: a hash of its anchors (headings and HTML), what resolving an
    /// anchor in it, and suggesting one, depend on.
    anchors: HashMap<String, u64>,
    /// Per linking directory, per relative target. Two levels so that a lookup borrows
    /// the directory and target instead of cloning them.
    by_dir: HashMap<String, HashMap<LinkTarget, LinkStatus>>,
    /// Per (target path, missing anchor): the heading anchor suggested, for each one a
    /// finding asked about.
    hints: Mutex<HashMap<(String, String), Option<String>>>,
}

impl Clone for LinkIndex {
    fn clone(&self) -> LinkIndex {
        LinkIndex {
            files: self.files,
            anchors: self.anchors.clone(),
            by_dir: self.by_dir.clone(),
            hints: Mutex::new(
                self.hints
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone(),
            ),
        }
    }
}

/// How many links one task looks through when an index gathers a directory's targets.
const LINKS_PER_TASK: usize = 8192;

impl LinkIndex {
    /// Resolve every relative link of `ws`.
    pub fn build(ws: &Workspace) -> LinkIndex {
        LinkIndex::fill(
            files_basis(ws),
            anchors_of(ws),
            HashMap::new(),
            HashMap::new(),
            ws,
        )
    }

    /// The index of `ws`, reusing `previous`: while the file list is unchanged, only
    /// the links into documents whose anchors changed (and targets it has not seen)
    /// are resolved again; an edit of a cell resolves nothing.
    pub fn after(previous: &LinkIndex, ws: &Workspace) -> LinkIndex {
        let files = files_basis(ws);
        let anchors = anchors_of(ws);
        if files != previous.files {
            return LinkIndex::fill(files, anchors, HashMap::new(), HashMap::new(), ws);
        }
        let changed = |path: &str| anchors.get(path) != previous.anchors.get(path);
        let by_dir = previous
            .by_dir
            .iter()
            .map(|(dir, targets)| {
                let kept = targets
                    .iter()
                    .filter(|(_, status)| !status.path().is_some_and(changed))
                    .map(|(t, s)| (t.clone(), s.clone()))
                    .collect();
                (dir.clone(), kept)
            })
            .collect();
        let hints = previous
            .hints
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|((path, _), _)| !changed(path))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        LinkIndex::fill(files, anchors, by_dir, hints, ws)
    }

    fn fill(
        files: u64,
        anchors: HashMap<String, u64>,
        mut by_dir: HashMap<String, HashMap<LinkTarget, LinkStatus>>,
        hints: HashMap<(String, String), Option<String>>,
        ws: &Workspace,
    ) -> LinkIndex {
        // Each directory's links are resolved relative to it, apart from the others:
        // the directories are filled on all cores.
        let mut groups: HashMap<&str, Vec<&Document>> = HashMap::new();
        for doc in &ws.docs {
            groups.entry(dir_of(&doc.path)).or_default().push(doc);
        }
        let jobs: Vec<_> = groups
            .into_iter()
            .map(|(dir, docs)| (dir, docs, by_dir.remove(dir)))
            .collect();
        let filled: Vec<(&str, Option<HashMap<LinkTarget, LinkStatus>>)> = jobs
            .into_par_iter()
            .map(|(dir, docs, known)| {
                // The targets not known yet, each once, gathered on all cores: one
                // document (an RTM) may hold hundreds of thousands of links to a few
                // thousand targets. Anchors within a document are decided on the spot
                // (see `status`).
                let fresh: HashSet<&LinkTarget> = docs
                    .par_iter()
                    .flat_map(|doc| doc.links.par_chunks(LINKS_PER_TASK))
                    .fold(HashSet::default, |mut fresh, links| {
                        fresh.extend(links.iter().map(|l| &l.target).filter(|t| {
                            matches!(t, LinkTarget::Relative { .. })
                                && !known.as_ref().is_some_and(|k| k.contains_key(*t))
                        }));
                        fresh
                    })
                    .reduce(HashSet::default, |mut a, mut b| {
                        if a.len() < b.len() {
                            std::mem::swap(&mut a, &mut b);
                        }
                        a.extend(b);
                        a
                    });
                // A relative link resolves against its directory: any of its documents
                // stands for it.
                let Some(from) = docs.first().filter(|_| !fresh.is_empty()) else {
                    return (dir, known);
                };
                let resolved: Vec<(LinkTarget, LinkStatus)> = fresh
                    .into_par_iter()
                    .map(|target| (target.clone(), resolve(ws, &from.path, target)))
                    .collect();
                let mut known = known.unwrap_or_default();
                known.extend(resolved);
                (dir, Some(known))
            })
            .collect();
        by_dir.extend(
            filled
                .into_iter()
                .filter_map(|(dir, known)| Some((dir.to_string(), known?))),
        );
        LinkIndex {
            files,
            anchors,
            by_dir,
            hints: Mutex::new(hints),
        }
    }

    /// Where `link` of `doc` leads. Relative links come from the index; anchors within
    /// the document and external or site-absolute links are decided on the spot.
    pub fn status(&self, ws: &Workspace, doc: &Document, link: &Link) -> Cow<'_, LinkStatus> {
        match self
            .by_dir
            .get(dir_of(&doc.path))
            .and_then(|d| d.get(&link.target))
        {
            Some(status) => Cow::Borrowed(status),
            None => Cow::Owned(resolve(ws, &doc.path, &link.target)),
        }
    }
}

impl LinkIndex {
    /// The heading to suggest for the missing `anchor` of the document at `path`
    /// ([`nearest_anchor`]): worked out the first time a finding asks, then kept with
    /// the index (and by [`LinkIndex::after`] while the target's anchors are unchanged).
    pub fn hint(&self, ws: &Workspace, path: &str, anchor: &str) -> Option<String> {
        let key = (path.to_string(), anchor.to_string());
        let known = self
            .hints
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(hint) = known {
            return hint;
        }
        let hint = ws
            .doc(path)
            .and_then(|d| nearest_anchor(d, anchor))
            .map(str::to_string);
        self.hints
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, hint.clone());
        hint
    }
}

/// A hash of the file list: what deciding whether a link's file exists depends on.
fn files_basis(ws: &Workspace) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(&ws.files)
}

/// Per document: a hash of its anchors (headings, in order, and HTML).
fn anchors_of(ws: &Workspace) -> HashMap<String, u64> {
    use std::hash::{BuildHasher, Hash, Hasher};
    ws.docs
        .iter()
        .map(|doc| {
            let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
            for heading in &doc.headings {
                heading.anchor.hash(&mut h);
            }
            doc.html_anchors.hash(&mut h);
            (doc.path.clone(), h.finish())
        })
        .collect()
}

/// Resolve one link of a document, without an index: for a single link outside a
/// whole-tree pass.
pub fn resolve_link(ws: &Workspace, doc: &Document, link: &Link) -> LinkStatus {
    resolve(ws, &doc.path, &link.target)
}

/// The link rules over document `di`; `rules` describes the project's anchor rules.
pub(super) fn check<'w>(
    ctx: &Context<'w>,
    di: usize,
    rules: &str,
    item_at: &dyn Fn(usize, usize) -> Option<&'w str>,
    tally: &mut super::Tally,
) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    let doc = &ws.docs[di];
    // Where each link leads is looked up on all cores; the findings are then built in
    // document order, so that the ones kept are the first.
    let problems: Vec<(&Link, Cow<'_, LinkStatus>, RuleId)> = doc
        .links
        .par_iter()
        .filter_map(|link| {
            let status = ctx.links.status(ws, doc, link);
            let rule = match &*status {
                LinkStatus::MissingFile { .. } | LinkStatus::MissingAnchor { .. } => {
                    RuleId::BrokenLink
                }
                LinkStatus::OutsideRoot => RuleId::LinkOutsideRoot,
                LinkStatus::Unresolvable => RuleId::LinkUnresolvable,
                LinkStatus::External | LinkStatus::Ok { .. } => return None,
            };
            Some((link, status, rule))
        })
        .collect();
    for (link, status, rule) in problems {
        // The item is looked up only for a finding (in `f`).
        let f = |rule, sev, msg: String| {
            Finding::at(rule, sev, doc, link.span, item_at(di, link.span.start), msg)
        };
        if !tally.admit(di, rule) {
            continue;
        }
        match &*status {
            LinkStatus::MissingFile { path } => out.push(f(
                RuleId::BrokenLink,
                Severity::Error,
                format!(
                    "link to `{}` points to {path}, which does not exist; fix the path or create the file",
                    link.destination
                ),
            )),
            LinkStatus::MissingAnchor { path, anchor } => {
                let hint = ctx
                    .links
                    .hint(ws, path, anchor)
                    .map(|a| format!(" (did you mean #{a}?)"))
                    .unwrap_or_default();
                out.push(f(
                    RuleId::BrokenLink,
                    Severity::Error,
                    format!("{path} has no heading with anchor #{anchor} under {rules}{hint}; fix the anchor or add the heading"),
                ));
            }
            LinkStatus::OutsideRoot => out.push(f(
                RuleId::LinkOutsideRoot,
                Severity::Warning,
                format!(
                    "link to `{}` leaves the docs project and is not followed; link inside the project or use a full URL",
                    link.destination
                ),
            )),
            LinkStatus::Unresolvable => out.push(f(
                RuleId::LinkUnresolvable,
                Severity::Warning,
                format!(
                    "link to `{}` depends on the site that serves the docs and cannot be checked; use a relative link",
                    link.destination
                ),
            )),
            LinkStatus::External | LinkStatus::Ok { .. } => {}
        }
    }
    out
}

/// The heading anchor of `doc` nearest to `anchor` by edit distance (ties go to the
/// first heading), when it is close enough to be the one meant: at most a third of
/// the longer anchor's characters differ (at least one may), or one of the two (both
/// at least 4 characters) starts with the other (a heading that gained or lost words).
///
/// A document of ten thousand headings is searched in one pass: the distance is
/// computed bit-parallel against the anchor prepared once, and gives up as soon as it
/// exceeds the nearest found so far.
pub fn nearest_anchor<'d>(doc: &'d Document, anchor: &str) -> Option<&'d str> {
    let wanted = anchor.to_lowercase();
    let wanted_len = wanted.chars().count();
    let scorer = levenshtein::BatchComparator::new(wanted.chars());
    let mut best: Option<(usize, &str)> = None;
    for a in doc.headings.iter().map(|h| h.anchor.as_str()) {
        if a == wanted {
            continue;
        }
        let len = a.chars().count();
        let gap = len.abs_diff(wanted_len);
        let extends = len.min(wanted_len) >= 4 && (a.starts_with(&wanted) || wanted.starts_with(a));
        let distance = if extends {
            // One starts with the other: the distance is the characters added.
            Some(gap)
        } else {
            let limit = (len.max(wanted_len) / 3).max(1);
            let cutoff = best.map_or(limit, |(d, _)| d.min(limit));
            // The distance is at least the difference in length.
            (gap <= cutoff)
                .then(|| {
                    scorer.distance_with_args(
                        a.chars(),
                        &levenshtein::Args::default().score_cutoff(cutoff),
                    )
                })
                .flatten()
        };
        if let Some(d) = distance
            && best.is_none_or(|(nearest, _)| d < nearest)
        {
            best = Some((d, a));
        }
    }
    best.map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`nearest_anchor`] by its definition: the full distance to every heading.
    fn nearest_by_definition<'d>(doc: &'d Document, anchor: &str) -> Option<&'d str> {
        let wanted = anchor.to_lowercase();
        let wanted_len = wanted.chars().count();
        doc.headings
            .iter()
            .map(|h| h.anchor.as_str())
            .filter(|a| *a != wanted)
            .filter_map(|a| {
                let len = a.chars().count();
                let limit = (len.max(wanted_len) / 3).max(1);
                let extends =
                    len.min(wanted_len) >= 4 && (a.starts_with(&wanted) || wanted.starts_with(a));
                let d = levenshtein::distance(a.chars(), wanted.chars());
                (d <= limit || extends).then_some((d, a))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, a)| a)
    }

    proptest::proptest! {
        #[test]
        fn the_search_that_gives_up_early_finds_what_the_definition_finds(
            headings in proptest::collection::vec("[a-c1 é数]{1,9}", 0..12),
            wanted in r"[a-c1\-é数]{0,9}",
        ) {
            let text = headings.join("\n\n## ");
            let text = format!("## {text}\n");
            let doc = crate::parse::parse_document("d.md", text, None).unwrap();
            proptest::prop_assert_eq!(
                nearest_anchor(&doc, &wanted),
                nearest_by_definition(&doc, &wanted)
            );
        }
    }

    #[test]
    fn the_nearest_heading_is_suggested_only_when_close() {
        let doc = crate::parse::parse_document(
            "d.md",
            "# A\n\n## Rollback plan\n\n## Roll forward\n\n## Api\n".to_string(),
            None,
        )
        .unwrap();
        assert_eq!(nearest_anchor(&doc, "rollbak-plan"), Some("rollback-plan"));
        assert_eq!(nearest_anchor(&doc, "Roll-Forwards"), Some("roll-forward"));
        assert_eq!(nearest_anchor(&doc, "rollback"), Some("rollback-plan"));
        // A one-letter heading is not what `api-design` meant, nor is `api`.
        assert_eq!(nearest_anchor(&doc, "api-design"), None);
        assert_eq!(nearest_anchor(&doc, "zzz"), None);
    }

    #[test]
    fn join_resolves_dots_and_refuses_escape() {
        assert_eq!(
            join_relative("docs/req", "../design/HLD.md").as_deref(),
            Some("docs/design/HLD.md")
        );
        assert_eq!(
            join_relative("docs", "./a/./b.md").as_deref(),
            Some("docs/a/b.md")
        );
        assert_eq!(join_relative("docs", "../../x.md"), None);
        assert_eq!(join_relative("", "x.md").as_deref(), Some("x.md"));
    }
}
