//! Fuzzing parse + rules + edit over mutated real documents: the sample project's files
//! and, when `READYROOM_CORPUS` names a docs tree, its markdown files (skipped with a
//! note otherwise). Each case takes one document, applies a few random mutations
//! (inserted hostile fragments, deleted and duplicated ranges, changed line endings),
//! loads it in place of the original, runs every rule, and then sets a cell and signs an
//! item off through the pure edit API. Nothing may panic, and an edit that goes through
//! changes the file only inside the edited cell.
//!
//! The case count is bounded so the whole file runs in a few seconds of `cargo test`;
//! `PROPTEST_CASES` raises it for a longer run.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use readyroom::config::ProjectConfig;
use readyroom::edit::{Edit, apply, plan, verify};
use readyroom::model::{FieldKey, Workspace};
use readyroom::parse::{FileChange, apply_changes};
use readyroom::store::load_project;

const LOG: &str = "docs/release/change-log.md";

/// The documents to mutate, and the sample workspace they are loaded into.
struct Seeds {
    /// `(path to load the mutated text as, original text)`.
    docs: Vec<(String, String)>,
    ws: Workspace,
    config: ProjectConfig,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let ids = readyroom::rules::rule_ids();
        let project = load_project(&common::sample_dir(), &ids).expect("sample loads");
        let mut docs: Vec<(String, String)> = project
            .workspace
            .docs
            .iter()
            .map(|d| (d.path.clone(), d.source.clone()))
            .collect();
        if let Some(root) = common::corpus() {
            let corpus = load_project(&root, &ids).expect("corpus loads");
            // Each corpus document stands in for the playbook, where every rule looks.
            let playbook = project
                .config
                .path(readyroom::model::Role::Playbook)
                .to_string();
            docs.extend(
                corpus
                    .workspace
                    .docs
                    .iter()
                    .map(|d| (playbook.clone(), d.source.clone())),
            );
        }
        Seeds {
            docs,
            ws: project.workspace,
            config: project.config,
        }
    })
}

/// Fragments that stress the parser and the extractors.
const FRAGMENTS: &[&str] = &[
    "> ",
    "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > >",
    "|",
    "\\|",
    "| a | b |\n|---|---|\n| x | y |\n",
    "![",
    "![a![b](u)](v)",
    "[x](#y)",
    "[x](../../../etc/passwd)",
    "](",
    "`",
    "```\n",
    "~~~",
    "<!--",
    "-->",
    "<div id=\"a\">",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "- [ ] ",
    "- [x] ",
    "1. ",
    "# ",
    "---\n",
    "Sign-off: ",
    "fp:",
    "TODO",
    "<owner>",
    "2026-02-30",
    "\u{202E}",
    "\u{1b}]0;x\u{7}",
    "é",
    "👩\u{200D}🚀",
    "\u{feff}",
    "ID",
];

/// One mutation of a text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Insert a fragment at a position (a fraction of the length).
    Insert(prop::sample::Index, &'static str),
    /// Delete a range: start, length in bytes.
    Delete(prop::sample::Index, usize),
    /// Copy a range to right after itself.
    Duplicate(prop::sample::Index, usize),
    /// All line endings to CRLF.
    Crlf,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), prop::sample::select(FRAGMENTS))
            .prop_map(|(i, f)| Mutation::Insert(i, f)),
        2 => (any::<prop::sample::Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (any::<prop::sample::Index>(), 1usize..400)
            .prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        1 => Just(Mutation::Crlf),
    ]
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_string();
    for m in mutations {
        let len = text.len();
        match m {
            Mutation::Insert(i, fragment) => {
                let at = boundary(&text, i.index(len + 1));
                text.insert_str(at, fragment);
            }
            Mutation::Delete(i, n) => {
                let start = boundary(&text, i.index(len + 1));
                let end = boundary(&text, start + n);
                text.replace_range(start..end, "");
            }
            Mutation::Duplicate(i, n) => {
                let start = boundary(&text, i.index(len + 1));
                let end = boundary(&text, start + n);
                let copy = text[start..end].to_string();
                text.insert_str(end, &copy);
            }
            Mutation::Crlf => text = text.replace("\r\n", "\n").replace('\n', "\r\n"),
        }
    }
    text
}

/// Plan `edit`; if it goes through, apply and verify it, and check that `path` changed
/// only inside `cell` (when given).
fn edit_stays_in_cell(
    ws: &Workspace,
    edit: &Edit,
    path: &str,
    cell: Option<(usize, usize)>,
) -> Result<(), TestCaseError> {
    let Ok(p) = plan(ws, edit, LOG) else {
        return Ok(());
    };
    for file in &p.files {
        let old = &ws.doc(&file.path).expect("planned on a loaded doc").source;
        let Ok(new) = apply(old, &file.splices) else {
            continue;
        };
        if verify(ws, file, &new).is_err() {
            continue;
        }
        if let Some((start, end)) = cell
            && file.path == path
        {
            common::only_inside(old, &new, start, end)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_parse_check_and_edit_cleanly(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        item_pick in any::<prop::sample::Index>(),
    ) {
        let seeds = seeds();
        let (path, text) = &seeds.docs[pick.index(seeds.docs.len())];
        let mutated = mutate(text, &mutations);
        let mut ws = seeds.ws.clone();
        apply_changes(&mut ws, vec![(path.clone(), FileChange::Text(mutated))], &seeds.config);
        let findings = common::findings(&ws);
        for f in &findings {
            prop_assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        }
        // An edit on an item of the mutated document, when it has one.
        let Some(di) = ws.doc_index(path) else {
            return Ok(());
        };
        let items: Vec<_> = ws.items.iter().filter(|i| i.doc == di && !i.derived_id).collect();
        if items.is_empty() {
            return Ok(());
        }
        let item = items[item_pick.index(items.len())];
        if item.table.is_some()
            && let Some(field) = item
                .fields
                .iter()
                .find(|f| !matches!(f.key, FieldKey::Checkbox | FieldKey::SignOff))
        {
            let edit = Edit::Set {
                item: item.id.clone(),
                field: field.header.to_string(),
                value: "fuzzed | value é".to_string(),
                expect: None,
            };
            edit_stays_in_cell(&ws, &edit, path, Some((field.cell.start, field.cell.end)))?;
        }
        let sign_cell = item
            .field(&FieldKey::SignOff)
            .filter(|_| item.table.is_some())
            .map(|f| (f.cell.start, f.cell.end));
        let edit = Edit::SignOff {
            item: item.id.clone(),
            signer: "Fuzz Tester".to_string(),
            date: jiff::civil::date(2026, 12, 1),
        };
        edit_stays_in_cell(&ws, &edit, path, sign_cell)?;
    }
}
