//! Walking the docs tree: every file below the root, honouring `.gitignore`, skipping
//! `.git/` and `target/`, never following symlinks out of the tree.

use std::path::Path;

/// Project-relative, `/`-separated paths of every file under `root` that is not a
/// folder (symlinks and special files included, not followed), sorted.
pub fn scan_tree(root: &Path) -> Vec<String> {
    walk(root, "")
}

/// [`scan_tree`] limited to the folder `dir` (project-relative; `""` is the whole tree):
/// the same files the whole scan finds there, because the walk still starts at `root`
/// and so applies every `.gitignore` on the way down, the root's included.
pub fn scan_folder(root: &Path, dir: &str) -> Vec<String> {
    walk(root, dir.trim_matches('/'))
}

fn walk(root: &Path, dir: &str) -> Vec<String> {
    let root_buf = root.to_path_buf();
    let dir_owned = dir.to_string();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |e| {
            let name = e.file_name().to_string_lossy();
            let skipped_dir = e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && (name == "target" || name == ".git" || name == "node_modules");
            !skipped_dir
                && (dir_owned.is_empty() || on_the_way(&relative(&root_buf, e.path()), &dir_owned))
        })
        .build();
    let mut files: Vec<String> = walker
        .filter_map(Result::ok)
        // Symlinks, FIFOs and devices are listed too: the reader refuses them with a
        // diagnostic instead of their silently missing.
        .filter(|e| e.file_type().is_some_and(|t| !t.is_dir()))
        .map(|e| relative(root, e.path()))
        .filter(|p| !p.is_empty())
        .collect();
    files.sort();
    files
}

/// `path` relative to `root`, `/`-separated (empty for the root itself).
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// True when the walk must enter `rel` to reach folder `dir` or is inside it.
fn on_the_way(rel: &str, dir: &str) -> bool {
    let inside = |outer: &str, inner: &str| {
        outer.is_empty()
            || inner == outer
            || (inner.starts_with(outer) && inner.as_bytes().get(outer.len()) == Some(&b'/'))
    };
    inside(dir, rel) || inside(rel, dir)
}

#[cfg(test)]
mod tests {
    use super::{on_the_way, scan_folder, scan_tree};

    #[test]
    fn a_folder_scan_finds_what_the_whole_scan_finds_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in [
            (".gitignore", "drafts/\n"),
            ("docs/.gitignore", "*.local.md\n"),
            ("docs/a.md", ""),
            ("docs/b.local.md", ""),
            ("docs/sub/c.md", ""),
            ("docs/drafts/d.md", ""),
            ("drafts/e.md", ""),
            ("design/f.md", ""),
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let all = scan_tree(dir.path());
        assert!(all.contains(&"docs/a.md".to_string()), "{all:?}");
        for folder in ["docs", "docs/sub", "drafts", "docs/drafts", "design", ""] {
            let want: Vec<String> = all
                .iter()
                .filter(|p| folder.is_empty() || p.starts_with(&format!("{folder}/")))
                .cloned()
                .collect();
            assert_eq!(scan_folder(dir.path(), folder), want, "{folder}");
        }
        assert!(
            scan_folder(dir.path(), "drafts").is_empty(),
            "ignored by the root's .gitignore"
        );
        assert!(!all.iter().any(|p| p.ends_with(".local.md")));
    }

    #[test]
    fn the_walk_enters_ancestors_and_the_folder_only() {
        assert!(on_the_way("", "docs/ops"));
        assert!(on_the_way("docs", "docs/ops"));
        assert!(on_the_way("docs/ops", "docs/ops"));
        assert!(on_the_way("docs/ops/a.md", "docs/ops"));
        assert!(!on_the_way("docs/opsx", "docs/ops"));
        assert!(!on_the_way("docs/other.md", "docs/ops"));
        assert!(!on_the_way("design", "docs/ops"));
        assert!(on_the_way("anything/at/all.md", ""));
    }
}
