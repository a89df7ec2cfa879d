//! Loading a tree with bad files never fails or aborts: a file that is not UTF-8, binary,
//! over the size limit, a dangling symlink or not readable becomes a `FileDiagnostic`
//! with the right kind, path, line and a message that says what to do, and every other
//! document still loads. An empty file is a valid empty document. The scan honours
//! `.gitignore`, skips `target/` and `.git/`, finds sub-folders and lists non-markdown
//! files without parsing them. A missing root and an invalid `readyroom.toml` are load
//! errors that say where the problem is.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use readyroom::model::{DiagnosticKind, FileDiagnostic};
use readyroom::store::{LoadError, Project, load_project};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    let parent = path.parent().expect("a file path has a parent");
    fs::create_dir_all(parent).expect("create the parent folders");
    fs::write(&path, bytes).expect("write the file");
}

fn load(root: &Path) -> Project {
    load_project(root, &readyroom::rules::rule_ids()).expect("the project loads")
}

fn diagnostic<'p>(project: &'p Project, path: &str) -> &'p FileDiagnostic {
    let ws = &project.workspace;
    let found: Vec<&FileDiagnostic> = ws.diagnostics.iter().filter(|d| d.path == path).collect();
    assert_eq!(
        found.len(),
        1,
        "diagnostics for {path}: {:#?}",
        ws.diagnostics
    );
    found[0]
}

/// A tree with one good document next to each kind of bad file.
fn tree_with_bad_files(root: &Path) {
    write(root, "docs/good.md", b"# Good\n\nA [link](latin1.md).\n");
    write(
        root,
        "docs/latin1.md",
        b"# Caf\xc3\xa9 menu\n\nline two\nserved at the caf\xe9\nlast\n",
    );
    write(root, "docs/logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(root, "docs/empty.md", b"");
}

#[test]
fn not_utf8_is_reported_at_the_bad_bytes_line() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_bad_files(dir.path());
    let project = load(dir.path());
    let d = diagnostic(&project, "docs/latin1.md");
    assert_eq!(d.kind, DiagnosticKind::NotUtf8);
    assert_eq!(d.line, 4, "the Latin-1 é is on line 4");
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    assert!(
        d.message.contains("re-save"),
        "says what to do: {}",
        d.message
    );
    assert!(project.workspace.doc("docs/latin1.md").is_none());
}

#[test]
fn binary_file_is_reported_not_parsed() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_bad_files(dir.path());
    let project = load(dir.path());
    let d = diagnostic(&project, "docs/logo.md");
    assert_eq!(d.kind, DiagnosticKind::Binary);
    assert_eq!(d.line, 3, "the PNG signature puts the first NUL on line 3");
    assert!(d.message.contains("binary"), "{}", d.message);
    assert!(
        d.message.contains(".gitignore"),
        "says what to do: {}",
        d.message
    );
    assert!(project.workspace.doc("docs/logo.md").is_none());
}

#[test]
fn empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_bad_files(dir.path());
    let project = load(dir.path());
    let ws = &project.workspace;
    assert!(ws.diagnostics.iter().all(|d| d.path != "docs/empty.md"));
    let doc = ws
        .doc("docs/empty.md")
        .expect("the empty file is a document");
    assert_eq!(doc.source, "");
    assert!(doc.headings.is_empty() && doc.tables.is_empty() && doc.links.is_empty());
}

#[test]
fn bad_files_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_bad_files(dir.path());
    write(
        dir.path(),
        "docs/more/second.md",
        b"# Second\n\n- [ ] a task\n",
    );
    let project = load(dir.path());
    let ws = &project.workspace;
    assert_eq!(ws.diagnostics.len(), 2, "{:#?}", ws.diagnostics);
    let good = ws.doc("docs/good.md").unwrap();
    assert_eq!(good.headings[0].text, "Good");
    assert_eq!(good.links[0].destination, "latin1.md");
    assert_eq!(ws.doc("docs/more/second.md").unwrap().tasks.len(), 1);
    // Bad files stay listed, so links to them are not reported as missing files.
    assert!(ws.has_file("docs/latin1.md") && ws.has_file("docs/logo.md"));
}

#[test]
fn file_over_the_configured_limit_is_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "readyroom.toml", b"[limits]\nmax_file_size = 1000\n");
    let mut big = b"# Big\n\n".to_vec();
    big.resize(2000, b'x');
    write(root, "docs/big.md", &big);
    let mut fits = b"# Fits\n\n".to_vec();
    fits.resize(1000, b'y');
    write(root, "docs/fits.md", &fits);
    let project = load(root);
    assert_eq!(project.config.max_file_size, 1000);
    let d = diagnostic(&project, "docs/big.md");
    assert_eq!(d.kind, DiagnosticKind::TooLarge);
    assert_eq!(d.line, 1);
    assert!(
        d.message.contains("2000") && d.message.contains("1000"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("max_file_size"),
        "says what to do: {}",
        d.message
    );
    assert_eq!(project.workspace.diagnostics.len(), 1);
    assert!(
        project.workspace.doc("docs/fits.md").is_some(),
        "exactly the limit is fine"
    );
}

#[test]
fn default_limit_is_eight_mebibytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = b"# Big\n\n".to_vec();
    big.resize(8 * 1024 * 1024 + 1, b'x');
    write(dir.path(), "big.md", &big);
    let project = load(dir.path());
    assert_eq!(
        diagnostic(&project, "big.md").kind,
        DiagnosticKind::TooLarge
    );
}

#[test]
fn dangling_symlink_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ok.md", b"# Ok\n");
    std::os::unix::fs::symlink("nowhere/gone.md", root.join("x.md")).unwrap();
    let project = load(root);
    let d = diagnostic(&project, "x.md");
    assert_eq!(d.kind, DiagnosticKind::Unreadable);
    assert_eq!(d.line, 1);
    assert!(
        d.message.contains("check"),
        "says what to do: {}",
        d.message
    );
    assert!(project.workspace.doc("ok.md").is_some());
}

#[test]
fn permission_denied_is_unreadable() {
    // Under /tmp with mode 0755, so an unprivileged user can reach the tree.
    let dir = tempfile::Builder::new()
        .prefix("readyroom-perm")
        .tempdir_in("/tmp")
        .unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    write(root, "open.md", b"# Open\n");
    write(root, "secret.md", b"# Secret\n");
    let secret = root.join("secret.md");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();

    if fs::read(&secret).is_err() {
        let project = load(root);
        let d = diagnostic(&project, "secret.md");
        assert_eq!(d.kind, DiagnosticKind::Unreadable);
        assert!(
            d.message.to_lowercase().contains("permission"),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("check"),
            "says what to do: {}",
            d.message
        );
        assert!(project.workspace.doc("open.md").is_some());
        return;
    }
    // Root reads mode-000 files; drop to nobody to see the real permission error.
    if !common::require_tool("setpriv") {
        return;
    }
    let setpriv = "setpriv";
    // A copy of the binary inside the tree, so nobody can execute it wherever the
    // build directory lives.
    let bin = root.join("readyroom-bin");
    fs::copy(env!("CARGO_BIN_EXE_readyroom"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .arg("check")
        .arg(root)
        .args(["--format", "json", "--today", "2026-11-29"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && stdout.trim().is_empty() && stderr.contains("setpriv") {
        common::cannot_run(&format!("setpriv cannot switch user here: {stderr}"));
        return;
    }
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {stderr}"));
    let findings = report["findings"].as_array().unwrap();
    let hit = findings
        .iter()
        .find(|f| f["rule"] == "unreadable-file" && f["file"] == "secret.md")
        .unwrap_or_else(|| panic!("no unreadable-file finding for secret.md: {report:#}"));
    let message = hit["message"].as_str().unwrap();
    assert!(message.contains("unreadable"), "{message}");
    assert!(message.to_lowercase().contains("permission"), "{message}");
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "unreadable-file" && f["file"] == "open.md"),
        "{report:#}"
    );
    assert_eq!(report["counts"]["documents"], 1, "open.md still loads");
}

#[test]
fn scan_honours_gitignore_and_skips_build_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", b"ignored.md\ngenerated/\n");
    write(root, "kept.md", b"# Kept\n");
    write(root, "ignored.md", b"# Ignored\n");
    write(root, "generated/out.md", b"# Generated\n");
    write(root, "target/doc/t.md", b"# Target\n");
    write(root, ".git/info/g.md", b"# Git\n");
    write(root, "docs/a/b/deep.md", b"# Deep\n");
    write(root, "docs/diagram.png", b"\x89PNG\r\n\x1a\n\x00");
    write(root, "docs/notes.markdown", b"# Notes\n");
    let project = load(root);
    let ws = &project.workspace;
    let docs: Vec<&str> = ws.docs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(docs, ["docs/a/b/deep.md", "docs/notes.markdown", "kept.md"]);
    assert!(ws.diagnostics.is_empty(), "{:#?}", ws.diagnostics);
    // Non-markdown files are listed for link checking but never parsed.
    assert!(ws.files.iter().any(|f| f == "docs/diagram.png"));
    assert!(ws.has_file("docs/diagram.png"));
    for skipped in [
        "ignored.md",
        "generated/out.md",
        "target/doc/t.md",
        ".git/info/g.md",
    ] {
        assert!(
            !ws.files.iter().any(|f| f == skipped),
            "{skipped} was scanned"
        );
    }
}

#[test]
fn missing_root_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-project");
    let err = load_project(&missing, &readyroom::rules::rule_ids()).unwrap_err();
    assert!(matches!(err, LoadError::NoRoot(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("no-such-project"), "{message}");
    assert!(
        message.contains("pass the folder"),
        "says what to do: {message}"
    );
    // A file is not a project root either.
    write(dir.path(), "file.md", b"# x\n");
    let err = load_project(&dir.path().join("file.md"), &[]).unwrap_err();
    assert!(matches!(err, LoadError::NoRoot(_)), "{err:?}");
}

#[test]
fn invalid_config_names_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "doc.md", b"# Doc\n");
    write(
        root,
        "readyroom.toml",
        b"# comment\n[paths]\nrtm = \"docs/RTM.md\"\nplaybok = \"x.md\"\n",
    );
    let err = load_project(root, &readyroom::rules::rule_ids()).unwrap_err();
    let LoadError::Config(config) = &err else {
        panic!("expected a config error, got {err:?}");
    };
    assert_eq!(config.line, 4);
    assert!(config.message.contains("playbok"), "{}", config.message);
    let shown = err.to_string();
    assert!(shown.contains("readyroom.toml:4:"), "{shown}");

    write(root, "readyroom.toml", b"[limits]\nmax_file_size = -5\n");
    let err = load_project(root, &readyroom::rules::rule_ids()).unwrap_err();
    let LoadError::Config(config) = &err else {
        panic!("expected a config error, got {err:?}");
    };
    assert_eq!(config.line, 2);
    assert!(
        config.message.contains("max_file_size"),
        "{}",
        config.message
    );
}
