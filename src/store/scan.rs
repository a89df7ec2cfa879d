//! Walking the docs tree: every file below the root, honouring `.gitignore`, skipping
//! `.git/` and `target/`, never following symlinks out of the tree.

use std::path::Path;

/// Project-relative, `/`-separated paths of every regular file under `root`, sorted.
pub fn scan_tree(root: &Path) -> Vec<String> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && (name == "target" || name == ".git" || name == "node_modules"))
        })
        .build();
    let mut files: Vec<String> = walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| {
            e.path()
                .strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .filter(|p| !p.is_empty())
        .collect();
    files.sort();
    files
}
