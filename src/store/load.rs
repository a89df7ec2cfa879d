//! Loading a docs project: config, scan, read, parse (on all cores) and extract.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, ConfigError, ProjectConfig};
use crate::model::anchors::{SITE_FILES, style_of_site_file};
use crate::model::{
    AnchorRules, AnchorSource, AnchorStyle, DiagnosticKind, FileDiagnostic, PagingExport, Role,
    Workspace,
};
use crate::parse::workspace_from_sources;

use super::open::{Refusal, open_inside};
use super::read::{ReadOutcome, read_text};
use super::scan::scan_tree;

/// The most bytes of `readyroom.toml` read: the default file size limit (the configured
/// one is not known before the configuration is read).
const CONFIG_LIMIT: u64 = crate::config::DEFAULT_MAX_FILE_SIZE;

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
    /// `readyroom.toml` is not a regular file inside the project, or not readable as a
    /// configuration at all.
    #[error("{path}: not read as the configuration: {reason}")]
    ConfigRefused {
        /// The config file path as given.
        path: String,
        /// What is wrong and what to do.
        reason: String,
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

/// How far loading the tree has got, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// `done` of the tree's `total` files are read.
    Reading {
        /// Files read so far.
        done: usize,
        /// Files in the tree.
        total: usize,
    },
    /// Every file is read; the `files` markdown files are being parsed.
    Parsing {
        /// Markdown files to parse.
        files: usize,
    },
}

/// Load the project at `root`. `known_rules` validates `[rules]` in the config.
pub fn load_project(root: &Path, known_rules: &[&str]) -> Result<Project, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.display().to_string()));
    }
    let config = load_config(root, known_rules)?;
    Ok(load_tree(root, config, &|_| {}))
}

/// Scan, read and parse the tree at `root` under an already loaded `config`, telling
/// `progress` (from any thread) how far it has got: after each file read, then once
/// when parsing starts.
pub fn load_tree(
    root: &Path,
    config: ProjectConfig,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Project {
    let scanned = scan_tree(root);
    let total = scanned.len();
    progress(LoadProgress::Reading { done: 0, total });
    let done = AtomicUsize::new(0);
    // Files are read on all cores, markdown only; the others are kept by name.
    let read: Vec<(String, Option<ReadOutcome>)> = scanned
        .into_par_iter()
        .map(|rel| {
            let outcome = is_markdown(&rel).then(|| read_text(root, &rel, config.max_file_size));
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(LoadProgress::Reading { done, total });
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
    for role in Role::ALL {
        let rel = config.path(role);
        let scanned = sources.iter().any(|(p, _)| p == rel) || others.iter().any(|p| p == rel);
        if !scanned && let Some(d) = unscanned(root, rel) {
            if d.kind == DiagnosticKind::Unreadable {
                others.push(rel.to_string());
            }
            diagnostics.push(d);
        }
    }
    progress(LoadProgress::Parsing {
        files: sources.len(),
    });
    let mut workspace = workspace_from_sources(sources, others, diagnostics, &config);
    beside_docs(&mut workspace, &config, &|path| {
        read_text(root, path, config.max_file_size)
    });
    Project {
        root: root.to_path_buf(),
        config,
        workspace,
    }
}

/// Attach what is read beside the markdown: the paging tools' exports named in
/// `[[oncall.paging]]`, the leave calendars matched by `[oncall] time_off` and the
/// monitoring code; each file is read by `read` (from the disk, or from a git revision,
/// so a past tree is judged with the files it had then).
pub fn beside_docs(
    workspace: &mut Workspace,
    config: &ProjectConfig,
    read: &(dyn Fn(&str) -> ReadOutcome + Sync),
) {
    let text = |path: &str| match read(path) {
        ReadOutcome::Text(text) => Ok(text),
        ReadOutcome::Problem(d) => Err(d.message),
    };
    workspace.paging = config
        .paging
        .iter()
        .map(|(path, secondary)| PagingExport {
            path: path.clone(),
            secondary: *secondary,
            text: text(path),
        })
        .collect();
    workspace.time_off = time_off_files(config, &workspace.files)
        .into_iter()
        .map(|f| {
            let t = text(&f);
            (f, t)
        })
        .collect();
    workspace.max_imbalance = config.max_imbalance_percent.map(|p| f64::from(p) / 100.0);
    workspace.monitoring = super::monitoring::monitoring_from(config, &workspace.files, read);
}

/// The files of the tree matching `[oncall] time_off`.
fn time_off_files(config: &ProjectConfig, files: &[String]) -> Vec<String> {
    let mut set = globset::GlobSetBuilder::new();
    for pattern in &config.time_off {
        if let Ok(glob) = globset::Glob::new(pattern) {
            set.add(glob);
        }
    }
    let Ok(set) = set.build() else {
        return Vec::new();
    };
    files
        .iter()
        .filter(|f| set.is_match(f.as_str()))
        .cloned()
        .collect()
}

/// Why a core document the scan did not find is not there: it exists but the scan skips
/// it (git-ignored, in a hidden folder), or a folder on the way cannot be read. `None`
/// when it really does not exist.
fn unscanned(root: &Path, rel: &str) -> Option<FileDiagnostic> {
    let diagnostic = |kind, message: String| {
        Some(FileDiagnostic {
            path: rel.to_string(),
            line: 1,
            kind,
            message,
        })
    };
    match std::fs::symlink_metadata(root.join(rel)) {
        Ok(_) => diagnostic(
            DiagnosticKind::Ignored,
            "it exists, but the tree scan skips it (it is git-ignored, or in a hidden, \
             target or node_modules folder); un-ignore it or move it"
                .to_string(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => diagnostic(
            DiagnosticKind::Unreadable,
            format!(
                "cannot reach the file: {e}; check the permissions of the folders on the way \
                 to it"
            ),
        ),
    }
}

/// The project configuration at `root`: `readyroom.toml` parsed and validated against
/// `known_rules`, or the defaults when there is none.
pub fn load_config(root: &Path, known_rules: &[&str]) -> Result<ProjectConfig, LoadError> {
    let config_path = root.join(CONFIG_FILE).display().to_string();
    let refused = |reason: String| LoadError::ConfigRefused {
        path: config_path.clone(),
        reason,
    };
    let file = match open_inside(root, CONFIG_FILE) {
        Ok(f) => f,
        Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ProjectConfig::default());
        }
        Err(Refusal::Io(source)) => {
            return Err(LoadError::ConfigUnreadable {
                path: config_path,
                source,
            });
        }
        Err(e) => return Err(refused(e.explain("it"))),
    };
    let mut bytes = Vec::new();
    if let Err(source) = file
        .take(CONFIG_LIMIT.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(LoadError::ConfigUnreadable {
            path: config_path,
            source,
        });
    }
    if bytes.len() as u64 > CONFIG_LIMIT {
        return Err(refused(format!(
            "it is larger than {CONFIG_LIMIT} bytes, far more than any configuration needs; \
             check that it is the right file"
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| refused("it is not valid UTF-8 text; re-save it as UTF-8".to_string()))?;
    let mut config = ProjectConfig::parse(&text, &config_path, known_rules)?;
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
/// (the first of [`SITE_FILES`] that names one), with that file's name. Only a regular
/// file inside the root counts, so a link or a FIFO named like one is passed over.
fn detect_site(root: &Path) -> Option<(AnchorStyle, &'static str)> {
    SITE_FILES.iter().find_map(|&name| {
        let file = open_inside(root, name).ok()?;
        // Only `config.toml` is read, and only its start: the settings that say
        // Hugo sit at the top.
        let text = if name == "config.toml" {
            let mut buf = String::new();
            file.take(64 * 1024).read_to_string(&mut buf).ok()?;
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
