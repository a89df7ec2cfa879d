//! Saving edits to disk (`store::save`) on temp copies of `sample-project`: another
//! writer's change to a different row survives, a change to the same row is a conflict
//! that writes nothing, deleted files and folders, read-only files, non-UTF-8 files and
//! unwritable folders are clear errors that leave the original intact; symlinks inside
//! the project are written through, hard links stay linked, the file mode is kept, and
//! the hash handed to the watcher is the hash of the bytes on disk.

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::{replace_once, sample_dir, temp_copy};
use readyroom::edit::{Edit, Plan, plan, source_hash};
use readyroom::store::{Project, WriteError, Written, load_project, save};

const OBS: &str = "docs/operations/observability-status.md";
const LOG: &str = "docs/release/change-log.md";
const TEL4: &str = "| TEL-004 | Synthetic checkout probe from three regions | [NFR-003](../requirements/RTM.md) | partial | — | Jonas Weber | 2026-12-11 | |";

fn load(root: &Path) -> Project {
    load_project(root, &readyroom::rules::rule_ids()).expect("load")
}

fn set_owner(project: &Project, item: &str, owner: &str) -> Plan {
    let edit = Edit::Set {
        item: item.into(),
        field: "Owner".into(),
        value: owner.into(),
        expect: None,
    };
    plan(&project.workspace, &edit, LOG).expect("plan")
}

fn save_plan(project: &Project, plan: &Plan) -> Result<Vec<Written>, WriteError> {
    save(
        &project.root,
        &project.workspace,
        &project.config,
        plan,
        &mut |_, _| {},
    )
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).expect("read")
}

/// Names in a folder, to prove no temporary file was left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn another_writers_change_to_a_different_row_survives() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    // Someone edits TEL-005 in their editor meanwhile.
    replace_once(
        &root.join(OBS),
        "| Tom Becker | 2026-12-18 |",
        "| Aisha Bello | 2026-12-18 |",
    );
    let written = save_plan(&project, &p).unwrap();
    assert_eq!(written.len(), 1);
    assert!(written[0].rebased);
    let text = read(root, OBS);
    assert!(text.contains("| Aisha Bello | 2026-12-18 |"), "theirs kept");
    assert!(
        text.contains("| partial | — | Mei Tanaka | 2026-12-11 | |"),
        "mine written"
    );
    let original = fs::read_to_string(sample_dir().join(OBS)).unwrap();
    let expected = original
        .replace(
            "| Tom Becker | 2026-12-18 |",
            "| Aisha Bello | 2026-12-18 |",
        )
        .replace(
            "| partial | — | Jonas Weber | 2026-12-11 |",
            "| partial | — | Mei Tanaka | 2026-12-11 |",
        );
    assert_eq!(text, expected, "nothing else changed");
}

#[test]
fn another_writers_change_to_the_same_row_is_a_conflict() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    replace_once(
        &root.join(OBS),
        "| partial | — | Jonas Weber |",
        "| configured | — | Jonas Weber |",
    );
    let theirs = read(root, OBS);
    let e = save_plan(&project, &p).unwrap_err();
    let WriteError::Conflict {
        path,
        item,
        yours,
        theirs: their_line,
    } = &e
    else {
        panic!("not a conflict: {e}");
    };
    assert_eq!((path.as_str(), item.as_str()), (OBS, "TEL-004"));
    assert!(yours.contains("| partial | — | Mei Tanaka |"), "{yours}");
    assert!(
        their_line.contains("| configured | — | Jonas Weber |"),
        "{their_line}"
    );
    assert!(e.is_refusal());
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(read(root, OBS), theirs, "file untouched");
}

#[test]
fn a_deleted_file_or_folder_is_a_clear_error() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    fs::remove_file(root.join(OBS)).unwrap();
    let e = save_plan(&project, &p).unwrap_err();
    assert!(matches!(e, WriteError::Missing { .. }), "{e}");
    assert!(e.to_string().contains("the file is gone"), "{e}");
    assert!(!root.join(OBS).exists(), "nothing written");
    assert!(!e.is_refusal());
    let ops = root.join("docs/operations");
    assert_eq!(
        names(&ops),
        ["incident-response.md", "runbooks"],
        "no temporary file left"
    );
    // The whole folder moved away (and a file took its name).
    let moved = root.join("docs/ops-old");
    fs::rename(&ops, &moved).unwrap();
    fs::write(&ops, "not a folder").unwrap();
    let p = plan(
        &project.workspace,
        &Edit::Set {
            item: "ALR-001".into(),
            field: "Threshold".into(),
            value: "5xx ratio above 1%".into(),
            expect: None,
        },
        LOG,
    )
    .unwrap();
    let e = save_plan(&project, &p).unwrap_err();
    assert!(!e.is_refusal(), "{e}");
    assert_eq!(read(root, "docs/operations"), "not a folder");
    assert_eq!(
        fs::read_to_string(moved.join("incident-response.md")).unwrap(),
        fs::read_to_string(sample_dir().join("docs/operations/incident-response.md")).unwrap()
    );
}

#[test]
fn a_read_only_file_is_refused_and_kept() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    let file = root.join(OBS);
    let before = read(root, OBS);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let e = save_plan(&project, &p).unwrap_err();
    assert!(matches!(e, WriteError::ReadOnly { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("read-only (mode 444)") && msg.contains("chmod u+w"),
        "{msg}"
    );
    assert_eq!(read(root, OBS), before);
    assert_eq!(fs::metadata(&file).unwrap().mode() & 0o777, 0o444);
}

#[test]
fn a_file_that_is_no_longer_utf8_is_refused() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    let mut bytes = fs::read(root.join(OBS)).unwrap();
    bytes.extend_from_slice(b"\xff\xfe latin-1 \xe9\n");
    fs::write(root.join(OBS), &bytes).unwrap();
    let e = save_plan(&project, &p).unwrap_err();
    assert!(matches!(e, WriteError::NotUtf8 { .. }), "{e}");
    assert_eq!(fs::read(root.join(OBS)).unwrap(), bytes);
}

#[test]
fn a_failed_audit_line_reports_the_partial_save() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let edit = Edit::SignOff {
        item: "TEL-004".into(),
        signer: "Dana Kim".into(),
        date: jiff::civil::date(2026, 12, 1),
    };
    let p = plan(&project.workspace, &edit, LOG).unwrap();
    let log_before = read(root, LOG);
    fs::set_permissions(root.join(LOG), fs::Permissions::from_mode(0o444)).unwrap();
    let e = save_plan(&project, &p).unwrap_err();
    let WriteError::Partial {
        written,
        path,
        missing,
        ..
    } = &e
    else {
        panic!("not partial: {e}");
    };
    assert_eq!(written, &[OBS.to_string()]);
    assert_eq!(path, LOG);
    assert!(
        missing.starts_with("2026-12-01 — Signed off TEL-004 (fp:"),
        "{missing}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("Nothing was rolled back") && msg.contains("read-only"),
        "{msg}"
    );
    assert!(read(root, OBS).contains("| Dana Kim 2026-12-01 fp:"));
    assert_eq!(read(root, LOG), log_before);
}

#[test]
fn symlinked_docs_are_written_through_and_stay_links() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let shared = root.join("shared");
    fs::create_dir(&shared).unwrap();
    let real = shared.join("observability.md");
    fs::rename(root.join(OBS), &real).unwrap();
    std::os::unix::fs::symlink("../../shared/observability.md", root.join(OBS)).unwrap();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    save_plan(&project, &p).unwrap();
    let link = fs::symlink_metadata(root.join(OBS)).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("| Mei Tanaka | 2026-12-11 |")
    );
    assert_eq!(
        names(&shared),
        ["observability.md"],
        "no temporary file left"
    );
}

#[test]
fn hard_links_stay_linked_and_the_mode_is_kept() {
    let dir = temp_copy(&sample_dir());
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = root.join(OBS);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let other = elsewhere.path().join("copy.md");
    fs::hard_link(&file, &other).unwrap();
    let ino = fs::metadata(&file).unwrap().ino();
    let project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    let written = save_plan(&project, &p).unwrap();
    let (a, b) = (read(root, OBS), fs::read_to_string(&other).unwrap());
    assert_eq!(a, b, "both names see the change");
    assert!(a.contains("| Mei Tanaka | 2026-12-11 |"));
    let meta = fs::metadata(&file).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (ino, 2));
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_eq!(written[0].hash, source_hash(&a));
    // A plain file written by rename keeps its mode too.
    fs::remove_file(&other).unwrap();
    let project = load(root);
    let p = set_owner(&project, "TEL-005", "Aisha Bello");
    save_plan(&project, &p).unwrap();
    let meta = fs::metadata(&file).unwrap();
    assert_ne!(meta.ino(), ino, "written by rename");
    assert_eq!(meta.mode() & 0o777, 0o640);
}

#[test]
fn the_watcher_hook_sees_the_hash_of_the_bytes_on_disk() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let project = load(root);
    let edit = Edit::SignOff {
        item: "TEL-004".into(),
        signer: "Dana Kim".into(),
        date: jiff::civil::date(2026, 12, 1),
    };
    let p = plan(&project.workspace, &edit, LOG).unwrap();
    let mut seen = Vec::new();
    let written = save(
        &project.root,
        &project.workspace,
        &project.config,
        &p,
        &mut |path, hash| {
            // Called before the file is replaced: the old bytes are still there.
            assert_ne!(
                source_hash(&fs::read_to_string(root.join(path)).unwrap()),
                *hash
            );
            seen.push((path.to_string(), *hash));
        },
    )
    .unwrap();
    assert_eq!(seen.len(), 2);
    for ((path, hash), w) in seen.iter().zip(&written) {
        assert_eq!(path, &w.path);
        assert_eq!(*hash, source_hash(&read(root, path)));
        assert_eq!(w.text, read(root, path));
    }
    assert_eq!(seen[0].0, OBS, "the item's file first");
    assert_eq!(seen[1].0, LOG, "then the change log");
    // The line changed is exactly TEL-004's Sign-off cell.
    let line = read(root, OBS)
        .lines()
        .find(|l| l.starts_with("| TEL-004 |"))
        .unwrap()
        .to_string();
    let prefix = TEL4.strip_suffix(" |").unwrap();
    assert!(
        line.starts_with(&format!("{prefix} Dana Kim 2026-12-01 fp:")),
        "{line}"
    );
}

#[test]
fn an_unwritable_folder_is_an_error_for_an_unprivileged_user() {
    // Under /tmp with mode 0755 owned by root: nobody may read but not write there.
    let dir = tempfile::Builder::new()
        .prefix("readyroom-ro")
        .tempdir_in("/tmp")
        .unwrap();
    let root = dir.path();
    copy_tree(&sample_dir(), root);
    if !common::require_root("the unprivileged-user check needs to drop to nobody")
        || !common::require_tool("setpriv")
    {
        return;
    }
    let setpriv = "setpriv";
    for entry in walk(root) {
        let mode = if entry.is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
    }
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let bin = elsewhere_binary(root);
    let before = read(root, OBS);
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .args(["set"])
        .arg(root)
        .args(["TEL-004", "Owner", "Mei Tanaka"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("setpriv") && out.status.code() != Some(2) {
        common::cannot_run(&format!("setpriv cannot switch user here: {stderr}"));
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("read-only for you") && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(read(root, OBS), before, "original intact");
    assert!(
        !names(&root.join("docs/operations"))
            .iter()
            .any(|n| n.starts_with('.')),
        "no temporary file left"
    );
}

/// A copy of the binary inside the tree, executable by nobody wherever the build
/// directory lives.
fn elsewhere_binary(root: &Path) -> std::path::PathBuf {
    let bin = root.join("readyroom-bin");
    fs::copy(env!("CARGO_BIN_EXE_readyroom"), &bin).expect("test setup");
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).expect("test setup");
    bin
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).expect("test setup") {
        let p = e.expect("test setup").path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).expect("test setup");
    for e in fs::read_dir(src).expect("test setup") {
        let e = e.expect("test setup");
        let to = dst.join(e.file_name());
        if e.file_type().expect("test setup").is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            fs::copy(e.path(), &to).expect("test setup");
        }
    }
}

#[test]
fn a_file_grown_past_the_size_limit_is_not_truncated() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path();
    let mut project = load(root);
    let p = set_owner(&project, "TEL-004", "Mei Tanaka");
    let size = fs::metadata(root.join(OBS)).expect("stat").len();
    project.config.max_file_size = size + 10;
    let grown = format!("{}\n{}\n", read(root, OBS), "x".repeat(100));
    fs::write(root.join(OBS), &grown).expect("grow");
    let e = save_plan(&project, &p).unwrap_err();
    assert!(matches!(e, WriteError::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("max_file_size"), "{e}");
    assert_eq!(read(root, OBS), grown);
}
