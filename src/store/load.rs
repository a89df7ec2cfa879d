//! Loading a docs project: config, scan, read, parse (on all cores) and extract.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::{CONFIG_FILE, ConfigError, ProjectConfig};
use crate::model::{DiagnosticKind, Document, FileDiagnostic, Role, Workspace};
use crate::parse::{extract_items, parse_document};

use super::read::{ReadOutcome, read_text};
use super::scan::scan_tree;

/// Why a project could not be loaded at all (as opposed to a file diagnostic).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist or is not a directory.
    #[error("{0}: no such docs project directory; pass the folder that holds your docs")]
    NoRoot(String),
    /// `readyroom.toml` exists but cannot be read.
    #[error("{path}: cannot read the config file: {source}")]
    ConfigUnreadable {
        /// The config file path as given.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// `readyroom.toml` is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// A loaded project: its root, its config and the parsed workspace.
#[derive(Debug, Clone)]
pub struct Project {
    /// The docs project root as given (not canonicalised, for messages).
    pub root: PathBuf,
    /// The project configuration (defaults when there is no `readyroom.toml`).
    pub config: ProjectConfig,
    /// Everything parsed from the tree.
    pub workspace: Workspace,
}

/// Load the project at `root`. `known_rules` validates `[rules]` in the config.
pub fn load_project(root: &Path, known_rules: &[&str]) -> Result<Project, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.display().to_string()));
    }
    let config_path = root.join(CONFIG_FILE);
    let config = match std::fs::read_to_string(&config_path) {
        Ok(text) => ProjectConfig::parse(&text, &config_path.display().to_string(), known_rules)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ProjectConfig::default(),
        Err(source) => {
            return Err(LoadError::ConfigUnreadable {
                path: config_path.display().to_string(),
                source,
            });
        }
    };
    let files = scan_tree(root);
    let markdown: Vec<&String> = files.iter().filter(|f| is_markdown(f)).collect();
    let (docs, diagnostics) = read_and_parse(root, &markdown, &config);
    let (items, notes) = extract_items(&docs);
    let workspace = Workspace::new(docs, items, diagnostics, files, config.paths.clone(), notes);
    Ok(Project {
        root: root.to_path_buf(),
        config,
        workspace,
    })
}

/// True for the file names readyroom parses as markdown.
pub fn is_markdown(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Read and parse one file into a document or a diagnostic.
pub fn load_one(
    root: &Path,
    rel: &str,
    config: &ProjectConfig,
) -> Result<Document, FileDiagnostic> {
    let role = Role::ALL.into_iter().find(|r| config.path(*r) == rel);
    match read_text(root, rel, config.max_file_size) {
        ReadOutcome::Text(text) => parse_document(rel, text, role).map_err(|e| FileDiagnostic {
            path: rel.to_string(),
            line: 1,
            kind: DiagnosticKind::ParseFailed,
            message: e.to_string(),
        }),
        ReadOutcome::Problem(d) => Err(d),
    }
}

fn read_and_parse(
    root: &Path,
    files: &[&String],
    config: &ProjectConfig,
) -> (Vec<Document>, Vec<FileDiagnostic>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, Result<Document, FileDiagnostic>)>> =
        Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..threads.min(files.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(rel) = files.get(i) else { break };
                    let r = load_one(root, rel, config);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((i, r));
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(i, _)| *i);
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for (_, r) in results {
        match r {
            Ok(d) => docs.push(d),
            Err(d) => diags.push(d),
        }
    }
    (docs, diags)
}
