//! The incremental assessment (what the language server does after each edit: re-parse
//! the changed document with `apply_changes`, then `Assessment::after` keeping the link
//! resolutions, did-you-mean suggestions and text scans that still hold) gives exactly
//! the findings of a full assessment of the same text. Random edits of the sample
//! project and of a generated tree — placeholders, deleted and duplicated rows, renamed
//! and added headings, broken links and anchors, documents removed and added — each
//! followed by the comparison.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use readyroom::assess::Assessment;
use readyroom::clock::Clock;
use readyroom::config::ProjectConfig;
use readyroom::model::Workspace;
use readyroom::parse::{FileChange, apply_changes, workspace_from_sources};
use readyroom::rules::rule_ids;
use readyroom::store::{is_markdown, load_project};

fn clock() -> Clock {
    Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: common::NOW.parse().expect("instant"),
    }
}

/// A docs tree held in memory: its config, its markdown texts and its other files, and
/// what the loader read beside them (monitoring, paging, calendars).
#[derive(Clone)]
struct Tree {
    config: ProjectConfig,
    sources: BTreeMap<String, String>,
    others: Vec<String>,
    loaded: Workspace,
}

impl Tree {
    fn sample() -> Tree {
        let project = load_project(&common::sample_dir(), &rule_ids()).expect("sample project");
        let ws = project.workspace;
        let sources: BTreeMap<String, String> = ws
            .docs
            .iter()
            .map(|d| (d.path.clone(), d.source.clone()))
            .collect();
        let others = ws
            .files
            .iter()
            .filter(|f| !sources.contains_key(*f))
            .cloned()
            .collect();
        Tree {
            config: project.config,
            sources,
            others,
            loaded: ws,
        }
    }

    fn generated() -> Tree {
        Tree::generated_with(120)
    }

    /// A generated tree of `n` requirements (from about 1,200 on, its RTM is large
    /// enough to be parsed in pieces, and re-parsed against its piece memo).
    fn generated_with(n: usize) -> Tree {
        let (md, others): (Vec<_>, Vec<_>) = readyroom::synth::generate(n, 7)
            .into_iter()
            .partition(|(p, _)| is_markdown(p));
        Tree {
            config: ProjectConfig::default(),
            sources: md.into_iter().collect(),
            others: others.into_iter().map(|(p, _)| p).collect(),
            loaded: Workspace::default(),
        }
    }

    /// The workspace parsed from scratch.
    fn workspace(&self) -> Workspace {
        let sources = self
            .sources
            .iter()
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect();
        let mut ws = workspace_from_sources(sources, self.others.clone(), Vec::new(), &self.config);
        ws.paging.clone_from(&self.loaded.paging);
        ws.time_off.clone_from(&self.loaded.time_off);
        ws.max_imbalance = self.loaded.max_imbalance;
        ws.monitoring = self.loaded.monitoring.clone();
        ws
    }
}

/// One edit, at a document and a line picked by the two numbers.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// Append a placeholder to the line.
    Placeholder,
    /// Delete the line.
    DeleteLine,
    /// Repeat the line (a row with a duplicate ID).
    DuplicateLine,
    /// Rename the heading at or before the line (its anchor changes).
    RenameHeading,
    /// Insert a new heading before the line.
    AddHeading,
    /// Point the line's first link at a file that does not exist.
    BreakFile,
    /// Misspell the line's first link anchor.
    BreakAnchor,
    /// Empty the line's second cell.
    EmptyCell,
    /// Remove the document.
    RemoveDoc,
    /// Add a document linking to the picked one, with a broken anchor.
    AddDoc,
}

fn edit() -> impl Strategy<Value = (Edit, usize, usize)> {
    let kind = prop::sample::select(vec![
        Edit::Placeholder,
        Edit::DeleteLine,
        Edit::DuplicateLine,
        Edit::RenameHeading,
        Edit::AddHeading,
        Edit::BreakFile,
        Edit::BreakAnchor,
        Edit::EmptyCell,
        Edit::RemoveDoc,
        Edit::AddDoc,
    ]);
    (kind, any::<usize>(), any::<usize>())
}

/// Apply `edit` to `tree`; the paths changed and their new state.
fn apply(tree: &mut Tree, (edit, doc, line): (Edit, usize, usize)) -> Vec<(String, FileChange)> {
    let Some(path) = tree
        .sources
        .keys()
        .nth(doc % tree.sources.len().max(1))
        .cloned()
    else {
        return Vec::new();
    };
    match edit {
        Edit::RemoveDoc => {
            tree.sources.remove(&path);
            return vec![(path, FileChange::Removed)];
        }
        Edit::AddDoc => {
            let new = format!("docs/added-{}.md", line % 3);
            let dir_depth = new.matches('/').count() - 1;
            let target = format!("{}{path}", "../".repeat(dir_depth + 1));
            let text = format!(
                "# Added\n\nSee [it]({target}#no-such-headng) and [top](#addd).\n\n## Add\n"
            );
            tree.sources.insert(new.clone(), text.clone());
            return vec![(new, FileChange::Text(text))];
        }
        _ => {}
    }
    let text = &tree.sources[&path];
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let at = line % lines.len();
    match edit {
        Edit::Placeholder => lines[at].push_str(" TBD"),
        Edit::DeleteLine => {
            lines.remove(at);
        }
        Edit::DuplicateLine => lines.insert(at, lines[at].clone()),
        Edit::RenameHeading => {
            if let Some(h) = (0..=at).rev().find(|&i| lines[i].starts_with('#')) {
                lines[h].push_str(" renamed");
            }
        }
        Edit::AddHeading => lines.insert(at, format!("\n## Added section {at}\n")),
        Edit::BreakFile => lines[at] = lines[at].replacen(".md", "-gone.md", 1),
        Edit::BreakAnchor => lines[at] = lines[at].replacen(".md#", ".md#x", 1),
        Edit::EmptyCell => {
            let cells: Vec<&str> = lines[at].split('|').collect();
            if cells.len() > 3 {
                let mut cells: Vec<String> = cells.into_iter().map(str::to_string).collect();
                cells[2] = " ".to_string();
                lines[at] = cells.join("|");
            }
        }
        Edit::RemoveDoc | Edit::AddDoc => {}
    }
    let new = lines.join("\n");
    tree.sources.insert(path.clone(), new.clone());
    vec![(path, FileChange::Text(new))]
}

/// Apply `edits` one after the other, the workspace updated in place and assessed
/// incrementally; after each, the findings equal those of a full assessment.
fn incremental_equals_full(mut tree: Tree, edits: &[(Edit, usize, usize)]) {
    let mut ws = tree.workspace();
    let mut assessment = Assessment::new(&ws, &tree.config, clock());
    for &e in edits {
        let changes = apply(&mut tree, e);
        apply_changes(&mut ws, changes, &tree.config);
        assessment = Assessment::after(&assessment, &ws, &tree.config, clock());
        let fresh = tree.workspace();
        assert!(ws.docs == fresh.docs, "after {e:?}: the documents differ");
        assert!(ws.items == fresh.items, "after {e:?}: the items differ");
        let full = Assessment::new(&fresh, &tree.config, clock());
        assert_eq!(
            assessment.findings, full.findings,
            "after {e:?}: incremental and full findings differ"
        );
        assert_eq!(assessment.verdict, full.verdict, "after {e:?}");
        assert_eq!(assessment.per_file, full.per_file, "after {e:?}");
        assert_eq!(assessment.worst, full.worst, "after {e:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_sample_project_assessed_after_edits_equals_a_full_assessment(
        edits in prop::collection::vec(edit(), 1..6)
    ) {
        incremental_equals_full(Tree::sample(), &edits);
    }

    #[test]
    fn a_generated_tree_assessed_after_edits_equals_a_full_assessment(
        edits in prop::collection::vec(edit(), 1..6)
    ) {
        incremental_equals_full(Tree::generated(), &edits);
    }
}

/// The edits that change what the kept parts depend on, in turn, on one tree: a heading
/// a link points at is renamed and restored (link resolution and did-you-mean), a
/// document is removed and comes back (the file list), and a row repeats another's ID
/// (the text scans' item IDs).
#[test]
fn edits_that_invalidate_kept_work_still_equal_a_full_assessment() {
    let tree = Tree::generated();
    let hld = tree
        .sources
        .keys()
        .position(|p| p.ends_with("HLD.md"))
        .expect("the HLD");
    let rtm = tree
        .sources
        .keys()
        .position(|p| p.ends_with("RTM.md"))
        .expect("the RTM");
    incremental_equals_full(
        tree,
        &[
            (Edit::RenameHeading, hld, 8),
            (Edit::BreakAnchor, rtm, 12),
            (Edit::Placeholder, rtm, 20),
            (Edit::DuplicateLine, rtm, 9),
            (Edit::AddHeading, hld, 3),
            (Edit::RemoveDoc, hld, 0),
            (Edit::AddDoc, rtm, 1),
        ],
    );
}

/// Edit after edit of a large RTM, each re-parsed against the piece memo the one before
/// left: documents, items and findings equal those parsed and judged from scratch.
#[test]
fn a_large_document_re_parsed_in_pieces_equals_a_full_parse() {
    let tree = Tree::generated_with(1_500);
    let rtm = tree
        .sources
        .keys()
        .position(|p| p.ends_with("RTM.md"))
        .expect("the RTM");
    let size = tree.sources.values().nth(rtm).map_or(0, String::len);
    assert!(
        size > 300_000,
        "the RTM is {size} bytes: too small to be cut"
    );
    incremental_equals_full(
        tree,
        &[
            (Edit::Placeholder, rtm, 20),
            (Edit::EmptyCell, rtm, 700),
            (Edit::DuplicateLine, rtm, 1_200),
            (Edit::DeleteLine, rtm, 40),
            (Edit::RenameHeading, rtm, 900),
            (Edit::AddHeading, rtm, 1_400),
            (Edit::BreakAnchor, rtm, 300),
            (Edit::Placeholder, rtm, 1_000),
        ],
    );
}
