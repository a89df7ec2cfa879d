//! Markdown → model: comrak parsing with exact byte spans, then one extractor pass that
//! recognises each artefact's tables and lists.

mod extract;
mod markdown;
pub mod settings;

pub use extract::{assign_ids, extract_doc, extract_items, severity_name, slugify};
pub use markdown::{
    MAX_NESTING, MarkdownError, PieceMemo, classify, options, parse_document, parse_document_after,
    parse_document_in, parse_document_reusing, split_points,
};

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::ProjectConfig;
use crate::model::{AnchorStyle, DiagnosticKind, Document, FileDiagnostic, Item, Role, Workspace};

/// Build a workspace from in-memory markdown sources (`(path, text)`) and the paths of
/// the tree's other files. Pure: the loader reads the files and calls this; tests call it
/// directly.
pub fn workspace_from_sources(
    sources: Vec<(String, String)>,
    other_files: Vec<String>,
    diagnostics: Vec<FileDiagnostic>,
    config: &ProjectConfig,
) -> Workspace {
    let mut docs: Vec<(Document, Vec<Item>)> = Vec::with_capacity(sources.len());
    let mut diagnostics = diagnostics;
    let mut files = other_files;
    files.extend(sources.iter().map(|(p, _)| p.clone()));
    for (path, parsed, _) in parse_all(sources, config, None) {
        match parsed {
            Ok(doc) => docs.push(doc),
            Err(e) => diagnostics.push(FileDiagnostic {
                path,
                line: e.line(),
                kind: DiagnosticKind::ParseFailed,
                message: e.to_string(),
            }),
        }
    }
    files.sort();
    files.dedup();
    docs.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    let mut items = Vec::with_capacity(docs.iter().map(|(_, i)| i.len()).sum());
    let docs: Vec<Document> = docs
        .into_iter()
        .enumerate()
        .map(|(di, (doc, mut doc_items))| {
            for item in &mut doc_items {
                item.doc = di;
            }
            items.extend(doc_items);
            doc
        })
        .collect();
    let notes = assign_ids(&docs, &mut items);
    let mut ws = Workspace::new(docs, items, diagnostics, files, config.paths.clone(), notes);
    ws.anchors = config.anchors.clone();
    ws
}

/// The role the config gives a project-relative path, if any.
pub fn role_of(config: &ProjectConfig, path: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| config.path(*r) == path)
}

/// A parsed file: its path, its document and items or why not, and the piece memo it
/// left when it was parsed against [`PieceMemos`].
type Parsed = (
    String,
    Result<(Document, Vec<Item>), MarkdownError>,
    Option<PieceMemo>,
);

/// Parse many sources on all cores, extracting each document's items on the same
/// thread (their document index is fixed up by the caller); results come back in input
/// order. With `memos`, a large document re-parses only the pieces that changed since
/// its memo, and leaves a new memo.
fn parse_all(
    sources: Vec<(String, String)>,
    config: &ProjectConfig,
    memos: Option<&PieceMemos>,
) -> Vec<Parsed> {
    sources
        .into_par_iter()
        .map(|(path, text)| {
            let role = role_of(config, &path);
            let parsed = match memos {
                Some(m) => parse_document_after(&path, text, role, m.get(&path)),
                None => parse_document(&path, text, role).map(|doc| (doc, None)),
            };
            let mut left = None;
            let parsed = parsed.and_then(|(mut doc, memo)| {
                left = memo;
                if config.anchors.style != AnchorStyle::Github {
                    doc.set_anchor_style(config.anchors.style);
                }
                // A panic extracting items is contained to this file, as a parse's is.
                match crate::contain::contain(|| extract_doc(&doc, 0)) {
                    Ok(items) => Ok((doc, items)),
                    Err(panic) => Err(MarkdownError::Internal(crate::model::inert_owned(panic.0))),
                }
            });
            (path, parsed, left)
        })
        .collect()
}

/// How many documents' piece memos a workspace keeps: those edited most recently.
const MEMO_DOCS: usize = 4;

/// The piece memos ([`PieceMemo`]) of the large documents re-parsed most recently by
/// [`apply_changes`], so that the next edit of the same document (a keystroke in the
/// editor, a save from the TUI) re-parses only the piece it touched. A document loaded
/// but never changed has none: the memo costs a copy of the document's source and
/// parts, kept for at most [`MEMO_DOCS`] documents.
#[derive(Debug, Clone, Default)]
pub struct PieceMemos {
    /// Most recently parsed last.
    recent: Vec<(String, Arc<PieceMemo>)>,
}

impl PieceMemos {
    /// The memo of `path`, if one is kept.
    pub fn get(&self, path: &str) -> Option<&PieceMemo> {
        self.recent
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.as_ref())
    }

    /// Keep `memo` as `path`'s (none forgets the old one), dropping the oldest beyond
    /// [`MEMO_DOCS`].
    fn put(&mut self, path: &str, memo: Option<PieceMemo>) {
        self.recent.retain(|(p, _)| p != path);
        if let Some(m) = memo {
            self.recent.push((path.to_string(), Arc::new(m)));
        }
        if self.recent.len() > MEMO_DOCS {
            self.recent.remove(0);
        }
    }
}

/// A file's new state, as the shell read it after a change on disk.
#[derive(Debug, Clone)]
pub enum FileChange {
    /// The file's new text.
    Text(String),
    /// The file's new text, already parsed by [`parse_changes`] (off the UI thread).
    Parsed(Box<ParsedFile>),
    /// The file exists but cannot be used.
    Unreadable(FileDiagnostic),
    /// The file is gone.
    Removed,
}

/// A file parsed ahead of [`apply_changes`]: its document and items, or why not, and
/// the piece memo its parse left.
#[derive(Debug, Clone)]
pub struct ParsedFile(
    Result<(Document, Vec<Item>), MarkdownError>,
    Option<PieceMemo>,
);

/// Parse the new texts among `changes` now, so that [`apply_changes`] only has to put
/// them in place: the slow part of a reload can run on another thread. `memos` (the
/// workspace's, [`Workspace::memos`]) spares re-parsing unchanged pieces.
pub fn parse_changes(
    changes: Vec<(String, FileChange)>,
    config: &ProjectConfig,
    memos: &PieceMemos,
) -> Vec<(String, FileChange)> {
    let (texts, mut rest): (Vec<_>, Vec<_>) = changes
        .into_iter()
        .partition(|(_, c)| matches!(c, FileChange::Text(_)));
    let sources = texts
        .into_iter()
        .filter_map(|(path, c)| match c {
            FileChange::Text(text) => Some((path, text)),
            _ => None,
        })
        .collect();
    for (path, parsed, memo) in parse_all(sources, config, Some(memos)) {
        rest.push((path, FileChange::Parsed(Box::new(ParsedFile(parsed, memo)))));
    }
    rest
}

/// Apply changed files to a workspace: re-parse only those files, then re-extract the
/// items and rebuild the indexes. Pure: the shell reads the files and calls this.
pub fn apply_changes(
    ws: &mut Workspace,
    changes: Vec<(String, FileChange)>,
    config: &ProjectConfig,
) {
    // Items of unchanged documents are kept (re-indexed); only changed ones re-extract.
    let changed: std::collections::HashSet<&str> =
        changes.iter().map(|(p, _)| p.as_str()).collect();
    let old_paths: Vec<String> = ws.docs.iter().map(|d| d.path.clone()).collect();
    let mut kept: Vec<Vec<crate::model::Item>> = vec![Vec::new(); old_paths.len()];
    // What the changes replace is freed on another thread: dropping a large document
    // (every cell and link of a 5,000-row table) costs as much as a tenth of its parse.
    let mut replaced_items = Vec::new();
    for item in std::mem::take(&mut ws.items) {
        if changed.contains(old_paths[item.doc].as_str()) {
            replaced_items.push(item);
        } else {
            let d = item.doc;
            kept[d].push(item);
        }
    }
    let old_index: std::collections::HashMap<&str, usize> = old_paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let unchanged: std::collections::HashSet<String> = old_paths
        .iter()
        .filter(|p| !changed.contains(p.as_str()))
        .cloned()
        .collect();
    let mut sources = Vec::new();
    let mut parsed_before = Vec::new();
    let mut replaced_docs = Vec::new();
    for (path, change) in changes {
        if let Some(at) = ws.docs.iter().position(|d| d.path == path) {
            replaced_docs.push(ws.docs.remove(at));
        }
        ws.diagnostics.retain(|d| d.path != path);
        match change {
            FileChange::Text(text) => sources.push((path, text)),
            FileChange::Parsed(parsed) => {
                let ParsedFile(parsed, memo) = *parsed;
                parsed_before.push((path, parsed, memo));
            }
            FileChange::Unreadable(diag) => {
                ws.memos.put(&path, None);
                ws.diagnostics.push(diag);
                insert_sorted(&mut ws.files, path);
            }
            FileChange::Removed => {
                ws.memos.put(&path, None);
                ws.files.retain(|f| f != &path);
            }
        }
    }
    let mut fresh: std::collections::HashMap<String, Vec<crate::model::Item>> =
        std::collections::HashMap::new();
    rayon::spawn(move || drop((replaced_docs, replaced_items)));
    let fresh_parses = parse_all(sources, config, Some(&ws.memos));
    for (path, parsed, memo) in fresh_parses.into_iter().chain(parsed_before) {
        ws.memos.put(&path, memo);
        insert_sorted(&mut ws.files, path.clone());
        match parsed {
            Ok((doc, items)) => {
                fresh.insert(doc.path.clone(), items);
                let at = ws.docs.partition_point(|d| d.path < doc.path);
                ws.docs.insert(at, doc);
            }
            Err(e) => ws.diagnostics.push(FileDiagnostic {
                path,
                line: e.line(),
                kind: DiagnosticKind::ParseFailed,
                message: e.to_string(),
            }),
        }
    }
    ws.diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    let mut items = Vec::with_capacity(ws.items.capacity());
    for (di, doc) in ws.docs.iter().enumerate() {
        let old = old_index
            .get(doc.path.as_str())
            .filter(|_| unchanged.contains(&doc.path));
        let mut doc_items = match old {
            Some(&oi) => std::mem::take(&mut kept[oi]),
            None => fresh
                .remove(&doc.path)
                .unwrap_or_else(|| extract_doc(doc, di)),
        };
        for item in &mut doc_items {
            item.doc = di;
        }
        items.extend(doc_items);
    }
    ws.notes = assign_ids(&ws.docs, &mut items);
    ws.items = items;
    ws.anchors = config.anchors.clone();
    ws.reindex();
}

fn insert_sorted(files: &mut Vec<String>, path: String) {
    if let Err(at) = files.binary_search(&path) {
        files.insert(at, path);
    }
}
