//! Loading a docs project: config, scan, read, parse (on all cores) and extract.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, ConfigError, ProjectConfig};
use crate::model::anchors::{SITE_FILES, style_of_site_file};
use crate::model::{AnchorRules, AnchorSource, AnchorStyle, Workspace};
use crate::parse::workspace_from_sources;

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

impl Project {
    /// The name to show: `[project] name` from the config, else the root folder's name.
    pub fn display_name(&self) -> String {
        self.config.name.clone().unwrap_or_else(|| {
            std::fs::canonicalize(&self.root)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| self.root.display().to_string())
        })
    }
}

/// Load the project at `root`. `known_rules` validates `[rules]` in the config.
pub fn load_project(root: &Path, known_rules: &[&str]) -> Result<Project, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.display().to_string()));
    }
    let config = load_config(root, known_rules)?;
    // Files are read on all cores, markdown only; the others are kept by name.
    let read: Vec<(String, Option<ReadOutcome>)> = scan_tree(root)
        .into_par_iter()
        .map(|rel| {
            let outcome = is_markdown(&rel).then(|| read_text(root, &rel, config.max_file_size));
            (rel, outcome)
        })
        .collect();
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let mut others = Vec::new();
    for (rel, outcome) in read {
        match outcome {
            Some(ReadOutcome::Text(text)) => sources.push((rel, text)),
            Some(ReadOutcome::Problem(d)) => {
                others.push(rel);
                diagnostics.push(d);
            }
            None => others.push(rel),
        }
    }
    let workspace = workspace_from_sources(sources, others, diagnostics, &config);
    Ok(Project {
        root: root.to_path_buf(),
        config,
        workspace,
    })
}

/// The project configuration at `root`: `readyroom.toml` parsed and validated against
/// `known_rules`, or the defaults when there is none.
pub fn load_config(root: &Path, known_rules: &[&str]) -> Result<ProjectConfig, LoadError> {
    let config_path = root.join(CONFIG_FILE);
    let mut config = match std::fs::read_to_string(&config_path) {
        Ok(text) => ProjectConfig::parse(&text, &config_path.display().to_string(), known_rules)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ProjectConfig::default(),
        Err(source) => {
            return Err(LoadError::ConfigUnreadable {
                path: config_path.display().to_string(),
                source,
            });
        }
    };
    if config.anchors.source == AnchorSource::Default
        && let Some((style, file)) = detect_site(root)
    {
        config.anchors = AnchorRules {
            style,
            source: AnchorSource::Detected(file.to_string()),
        };
    }
    Ok(config)
}

/// The anchor style of the site generator whose configuration file sits at `root`
/// (the first of [`SITE_FILES`] that names one), with that file's name.
fn detect_site(root: &Path) -> Option<(AnchorStyle, &'static str)> {
    SITE_FILES.iter().find_map(|&name| {
        let path = root.join(name);
        if !path.is_file() {
            return None;
        }
        // Only `config.toml` is read, and only its start: the settings that say
        // Hugo sit at the top.
        let text = if name == "config.toml" {
            let mut buf = String::new();
            std::fs::File::open(&path)
                .ok()?
                .take(64 * 1024)
                .read_to_string(&mut buf)
                .ok()?;
            buf
        } else {
            String::new()
        };
        style_of_site_file(name, &text).map(|s| (s, name))
    })
}

/// True for the file names readyroom parses as markdown.
pub fn is_markdown(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}
