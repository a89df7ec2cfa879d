//! A hostile tree, as a freshly cloned repository can be: symlinks leading out of the
//! project, FIFOs and devices named like documents or like `readyroom.toml`, a change
//! log linked to a shell script next to an item ID holding shell syntax, export paths
//! that are links, read-only or pipes. Each case runs the real binary on a temp copy of
//! the sample project and checks the exit code, a time bound (generous: a blocked read
//! would never end), that no file of an "outside" folder changed, the finding or
//! refusal reported, and that no escape sequence, C1 control or bidi override reaches
//! the output.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{sample_dir, temp_copy};
use sha2::{Digest, Sha256};

const OBS: &str = "docs/operations/observability-status.md";
const LOG: &str = "docs/release/change-log.md";
const PLAYBOOK: &str = "docs/operations/incident-response.md";
const MARKER: &str = "OUTSIDE-SECRET-MARKER";
const LIMIT: Duration = Duration::from_secs(30);

/// A temp copy of the sample project and a folder outside it whose files must never
/// change.
struct Tree {
    project: tempfile::TempDir,
    outside: tempfile::TempDir,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

impl Tree {
    fn new() -> Tree {
        let project = temp_copy(&sample_dir());
        let outside = tempfile::tempdir().expect("outside");
        let o = outside.path();
        fs::write(
            o.join("passwd"),
            format!("root:x:0:0:{MARKER}:/root:/bin/sh\n"),
        )
        .expect("set up the tree");
        fs::write(o.join("deploy.sh"), "#!/bin/sh\necho deploying\n").expect("set up the tree");
        fs::write(o.join("report.md"), "an old report\n").expect("set up the tree");
        let obs = fs::read_to_string(project.path().join(OBS))
            .expect("set up the tree")
            .replace(
                "| TEL-008 |",
                &format!(
                    "| TEL-999 | {MARKER} | | partial | — | Eve | 2026-12-11 | |\n| TEL-008 |"
                ),
            );
        fs::write(o.join("observability.md"), obs).expect("set up the tree");
        fs::create_dir(o.join("folder")).expect("set up the tree");
        let before = hashes(o);
        Tree {
            project,
            outside,
            before,
        }
    }

    fn root(&self) -> &Path {
        self.project.path()
    }

    fn out(&self, name: &str) -> PathBuf {
        self.outside.path().join(name)
    }

    /// Link `rel` in the project (replacing what is there) to `target`.
    fn link(&self, rel: &str, target: &Path) {
        let at = self.root().join(rel);
        let _ = fs::remove_file(&at);
        fs::create_dir_all(at.parent().expect("set up the tree")).expect("set up the tree");
        symlink(target, at).expect("set up the tree");
    }

    fn fifo(&self, rel: &str) {
        let at = self.root().join(rel);
        let _ = fs::remove_file(&at);
        let made = Command::new("mkfifo").arg(&at).status().expect("mkfifo");
        assert!(made.success());
    }

    /// Run the binary on the project (`{root}` in `args` is replaced by its path).
    fn run(&self, args: &[&str]) -> Output {
        let root = self.root().to_str().expect("set up the tree");
        let args: Vec<String> = args.iter().map(|a| a.replace("{root}", root)).collect();
        let out = run_bounded(&args);
        assert_inert(&out);
        assert_eq!(
            hashes(self.outside.path()),
            self.before,
            "a file outside the project changed ({args:?})"
        );
        out
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).expect("set up the tree")
    }
}

/// Every file under `dir` (links not followed) with its bytes.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("set up the tree") {
            let p = e.expect("set up the tree").path();
            let m = fs::symlink_metadata(&p).expect("set up the tree");
            if m.is_dir() {
                stack.push(p);
            } else if m.is_file() {
                out.insert(
                    p.clone(),
                    Sha256::digest(fs::read(&p).expect("set up the tree")).to_vec(),
                );
            } else {
                out.insert(p, Vec::new());
            }
        }
    }
    out
}

/// Run the binary with a stdin that stays open and never sends anything (so reading
/// `/dev/stdin` would block), killing it after [`LIMIT`].
fn run_bounded(args: &[String]) -> Output {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .env("READYROOM_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run readyroom");
    let stdin = child.stdin.take();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("readyroom {args:?} still running after {LIMIT:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    child.wait_with_output().expect("output")
}

/// No ESC, no C1 control, no bidi override in what readyroom printed.
fn assert_inert(out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad = text.chars().find(|&c| {
            c == '\u{1b}'
                || ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        });
        assert!(bad.is_none(), "{name} holds {bad:?}: {text}");
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The findings of `check --format json`.
fn findings(tree: &Tree) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = tree.run(&["check", "{root}", "--format", "json"]);
    let text = stdout(&out);
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}{}", stderr(&out)));
    let list = json["findings"].as_array().expect("findings").clone();
    (out.status.code(), list, text)
}

fn has(list: &[serde_json::Value], rule: &str, file: &str) -> bool {
    list.iter().any(|f| f["rule"] == rule && f["file"] == file)
}

#[test]
fn a_markdown_link_out_of_the_tree_is_listed_with_a_warning_and_never_read() {
    let tree = Tree::new();
    tree.link("docs/passwd.md", &tree.out("passwd"));
    tree.link(
        "docs/up.md",
        Path::new("../../../../../../../../etc/hostname"),
    );
    let (code, list, text) = findings(&tree);
    assert_eq!(code, Some(1));
    assert!(has(&list, "link-outside-root", "docs/passwd.md"), "{text}");
    assert!(has(&list, "link-outside-root", "docs/up.md"), "{text}");
    assert!(!text.contains(MARKER), "the outside file was read: {text}");
}

#[test]
fn a_core_document_linked_out_of_the_tree_contributes_nothing_and_takes_no_edit() {
    let tree = Tree::new();
    tree.link(OBS, &tree.out("observability.md"));
    let (code, list, text) = findings(&tree);
    assert_eq!(code, Some(1));
    assert!(has(&list, "link-outside-root", OBS), "{text}");
    let missing = list
        .iter()
        .find(|f| f["rule"] == "missing-artefact" && f["file"] == OBS)
        .unwrap_or_else(|| panic!("no missing-artefact for the linked report: {text}"));
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("outside the project root"),
        "{missing}"
    );
    assert!(
        !text.contains(MARKER) && !text.contains("TEL-999"),
        "{text}"
    );
    let out = tree.run(&["set", "{root}", "TEL-999", "Owner", "Mallory"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = tree.run(&["set", "{root}", "TEL-004", "Owner", "Mallory"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_change_log_linked_to_a_script_never_receives_an_audit_line() {
    let tree = Tree::new();
    let evil = "TEL-010;touch /tmp/PWNED #";
    let obs = tree.read(OBS).replace(
        "| TEL-008 |",
        &format!("| {evil} | Probe | | configured | — | Eve | | |\n| TEL-008 |"),
    );
    fs::write(tree.root().join(OBS), &obs).unwrap();
    // Outside the tree: never read, so nothing to sign into.
    tree.link(LOG, &tree.out("deploy.sh"));
    let out = tree.run(&["signoff", "{root}", evil, "--as", "Eve"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(tree.read(OBS), obs, "the sign-off was not written either");
    // Inside the tree but a script: read as the change log, never written.
    let script = "#!/bin/sh\necho deploying\n";
    fs::create_dir_all(tree.root().join("scripts")).unwrap();
    fs::write(tree.root().join("scripts/deploy.sh"), script).unwrap();
    tree.link(LOG, Path::new("../../scripts/deploy.sh"));
    let out = tree.run(&["signoff", "{root}", evil, "--as", "Eve"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(LOG) && err.contains("not a markdown file"),
        "names the file and why: {err}"
    );
    assert_eq!(tree.read("scripts/deploy.sh"), script);
    assert_eq!(tree.read(OBS), obs, "nothing written before the refusal");
}

#[test]
fn control_characters_in_an_item_id_are_refused_before_anything_is_written() {
    let tree = Tree::new();
    let before = tree.read(OBS);
    for id in ["TEL-004\u{1b}[2J", "TEL-004\nTEL-005", "TEL\u{202e}-004"] {
        let out = tree.run(&["signoff", "{root}", id, "--as", "Eve"]);
        assert_eq!(out.status.code(), Some(1), "{id:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("the item ID"), "{}", stderr(&out));
        let out = tree.run(&["set", "{root}", id, "Owner", "Eve"]);
        assert_eq!(out.status.code(), Some(1), "{id:?}: {}", stderr(&out));
    }
    assert_eq!(tree.read(OBS), before);
}

#[test]
fn fifos_and_stdin_named_like_documents_neither_hang_nor_are_read() {
    let tree = Tree::new();
    tree.fifo("docs/pipe.md");
    tree.link("docs/stdin.md", Path::new("/dev/stdin"));
    tree.link("docs/zero.md", Path::new("/dev/zero"));
    let (code, list, text) = findings(&tree);
    assert_eq!(code, Some(1));
    let pipe = list
        .iter()
        .find(|f| f["rule"] == "unreadable-file" && f["file"] == "docs/pipe.md")
        .unwrap_or_else(|| panic!("no finding for the FIFO: {text}"));
    assert!(pipe["message"].as_str().unwrap().contains("FIFO"), "{pipe}");
    assert!(has(&list, "link-outside-root", "docs/stdin.md"), "{text}");
    assert!(has(&list, "link-outside-root", "docs/zero.md"), "{text}");
    // A device node in the tree (making one needs root).
    let made = Command::new("mknod")
        .arg(tree.root().join("docs/null.md"))
        .args(["c", "1", "3"])
        .status()
        .expect("mknod");
    if !made.success() {
        eprintln!("note: skipping the device case: mknod needs root");
        return;
    }
    let (_, list, text) = findings(&tree);
    let device = list
        .iter()
        .find(|f| f["rule"] == "unreadable-file" && f["file"] == "docs/null.md")
        .unwrap_or_else(|| panic!("no finding for the device: {text}"));
    assert!(
        device["message"].as_str().unwrap().contains("a device"),
        "{device}"
    );
}

#[test]
fn a_config_that_is_a_fifo_a_device_or_huge_is_a_clear_error() {
    let tree = Tree::new();
    tree.fifo("readyroom.toml");
    let out = tree.run(&["check", "{root}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("readyroom.toml") && stderr(&out).contains("FIFO"),
        "{}",
        stderr(&out)
    );
    tree.link("readyroom.toml", Path::new("/dev/zero"));
    let out = tree.run(&["check", "{root}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("readyroom.toml") && stderr(&out).contains("outside"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(tree.root().join("readyroom.toml")).unwrap();
    let huge = format!("# {}\n", "x".repeat(9 * 1024 * 1024));
    fs::write(tree.root().join("readyroom.toml"), huge).unwrap();
    let out = tree.run(&["check", "{root}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
}

#[test]
fn a_git_ignored_core_document_is_reported_as_ignored_not_missing() {
    let tree = Tree::new();
    fs::write(tree.root().join(".gitignore"), format!("{PLAYBOOK}\n")).unwrap();
    let (_, list, text) = findings(&tree);
    let f = list
        .iter()
        .find(|f| f["rule"] == "missing-artefact" && f["file"] == PLAYBOOK)
        .unwrap_or_else(|| panic!("no finding for the ignored playbook: {text}"));
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("git-ignored") && !message.contains("does not exist"),
        "{message}"
    );
}

#[test]
fn report_out_and_ics_follow_the_rules_of_edits() {
    let tree = Tree::new();
    // A link in the project leading out of it.
    tree.link("docs/readiness.md", &tree.out("report.md"));
    let out = tree.run(&["report", "{root}", "--out", "{root}/docs/readiness.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("readiness.md"), "{}", stderr(&out));
    let out = tree.run(&["oncall", "{root}", "--ics", "{root}/docs/readiness.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A folder on the way that leads out of the project.
    tree.link("docs/out", &tree.out("folder"));
    let out = tree.run(&["report", "{root}", "--out", "{root}/docs/out/new.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(fs::read_dir(tree.out("folder")).unwrap().next().is_none());
    // Read-only: refused and kept.
    let ro = tree.root().join("readonly.md");
    fs::write(&ro, "keep me\n").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let out = tree.run(&["report", "{root}", "--out", "{root}/readonly.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(tree.read("readonly.md"), "keep me\n");
    // A FIFO: refused at once.
    tree.fifo("pipe.md");
    let out = tree.run(&["report", "{root}", "--out", "{root}/pipe.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    // An existing file keeps its mode; a link inside the project stays a link.
    let kept = tree.root().join("kept.md");
    fs::write(&kept, "old\n").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    tree.link("latest.md", Path::new("kept.md"));
    let out = tree.run(&["report", "{root}", "--out", "{root}/latest.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(tree.read("kept.md").contains("Checkout API"));
    let mode = fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(
        fs::symlink_metadata(tree.root().join("latest.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn init_creates_nothing_through_a_folder_linked_out_of_the_tree() {
    let tree = Tree::new();
    let empty = tempfile::tempdir().unwrap();
    symlink(tree.out("folder"), empty.path().join("docs")).unwrap();
    let out = run_bounded(&["init".to_string(), empty.path().display().to_string()]);
    assert_inert(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    assert_eq!(hashes(tree.outside.path()), tree.before);
    assert!(
        fs::read_dir(tree.out("folder")).unwrap().next().is_none(),
        "nothing created in the outside folder"
    );
}

#[test]
fn add_row_refuses_a_duplicate_id_and_a_column_named_twice() {
    let tree = Tree::new();
    let before = tree.read(OBS);
    let add = |values: &[&str]| {
        let mut args = vec!["add-row", "{root}", "--doc", OBS, "--table", "0"];
        args.extend(values);
        tree.run(&args)
    };
    let out = add(&["ID=TEL-004", "Signal=Another probe"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    let out = add(&["ID=TEL-100", "Owner=Eve", "assignee=Mallory"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("both name the column"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree.read(OBS), before);
    let out = add(&["ID=TEL-100", "Signal=Another probe"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn kept_versions_of_other_programs_are_not_scanned() {
    let tree = Tree::new();
    let kept = "docs/operations/.readyroom-theirs-20261201T100000.000000Z-observability-status.md";
    fs::write(
        tree.root().join(kept),
        tree.read(OBS).replace("TEL-004", "TEL-404"),
    )
    .unwrap();
    let (_, list, text) = findings(&tree);
    assert!(
        !text.contains("TEL-404") && !text.contains("readyroom-theirs"),
        "{text}"
    );
    assert!(!list.iter().any(|f| f["rule"] == "duplicate-id"));
}

#[test]
fn a_core_document_behind_an_unreadable_folder_is_reported_unreadable() {
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs /usr/bin/setpriv (util-linux) for the unprivileged-user check"
        );
        eprintln!("note: skipping the unprivileged-user check: no /usr/bin/setpriv");
        return;
    }
    let tree = Tree::new();
    let root = tree.root();
    if std::os::unix::fs::MetadataExt::uid(&fs::metadata(root).unwrap()) != 0 {
        eprintln!("note: skipping the unprivileged-user check: it switches user, so needs root");
        return;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        fs::set_permissions(&d, fs::Permissions::from_mode(0o755)).unwrap();
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
    }
    fs::set_permissions(
        root.join("docs/operations"),
        fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let bin = root.join(".readyroom-bin");
    fs::copy(env!("CARGO_BIN_EXE_readyroom"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .args(["check", "--format", "json"])
        .arg(root)
        .env("READYROOM_NOW", common::NOW)
        .output()
        .unwrap();
    assert_inert(&out);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = json["findings"].as_array().unwrap();
    let f = list
        .iter()
        .find(|f| f["rule"] == "unreadable-file" && f["file"] == PLAYBOOK)
        .unwrap_or_else(|| panic!("no unreadable-file for the playbook: {text}"));
    assert!(
        f["message"].as_str().unwrap().contains("ermission denied"),
        "{f}"
    );
    assert!(!has(list, "missing-artefact", PLAYBOOK), "{text}");
}
