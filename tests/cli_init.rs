//! End-to-end runs of `readyroom init`: a fresh tree that `check` explains line by line
//! (and nothing else crashes on), idempotence byte for byte, an existing project left
//! untouched, configured paths honoured, and the inputs it refuses.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{NOW, sample_dir, stdout, temp_copy};

fn readyroom(args: &[&str], path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .arg(path)
        .env("READYROOM_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, keyed by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The core documents and the config at their default paths.
const STARTER: [&str; 5] = [
    "docs/operations/incident-response.md",
    "docs/operations/observability-status.md",
    "docs/requirements/RTM.md",
    "docs/release/change-log.md",
    "readyroom.toml",
];

/// Words of the instruction every finding's message ends with.
const SAYS_WHAT_TO_DO: [&str; 9] = [
    "replace", "fill", "name one", "put a", "add ", "link", "tick", "schedule", "close",
];

#[test]
fn check_after_init_explains_what_to_fill_in() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("new-service");
    let out = readyroom(&["init"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for path in STARTER {
        assert!(root.join(path).is_file(), "{path}");
        assert!(
            stdout(&out).contains(&format!("created  {path}")),
            "{}",
            stdout(&out)
        );
    }

    let out = readyroom(&["check", "--format", "json"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["verdict"], "not_ready");
    let findings = json["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        let rule = f["rule"].as_str().expect("rule");
        assert!(
            !matches!(rule, "broken-link" | "unreadable-file" | "missing-artefact"),
            "{f}"
        );
        let message = f["message"].as_str().expect("message").to_lowercase();
        assert!(
            SAYS_WHAT_TO_DO.iter().any(|w| message.contains(w)),
            "the message does not say what to do: {f}"
        );
    }
    // Every example row is listed until it is replaced.
    let items: Vec<&str> = findings.iter().filter_map(|f| f["item"].as_str()).collect();
    for example in ["TEL-EXAMPLE", "ALR-EXAMPLE", "NFR-EXAMPLE"] {
        assert!(items.contains(&example), "{example} not flagged: {items:?}");
    }
    for rule in [
        "gap-no-owner",
        "alert-no-runbook",
        "changelog-no-readiness",
        "stakeholder-unacknowledged",
    ] {
        assert!(findings.iter().any(|f| f["rule"] == rule), "{rule}");
    }

    // The empty tables (SEV2, SEV3, overrides) crash nothing else either.
    let out = readyroom(&["check"], &root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = readyroom(&["report"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = readyroom(&["oncall"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn init_again_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let out = readyroom(&["init"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = tree(root);
    assert_eq!(before.len(), STARTER.len());

    let out = readyroom(&["init"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(tree(root), before);
    let text = stdout(&out);
    assert!(text.starts_with("Nothing to create"), "{text}");
    for path in STARTER {
        assert!(text.contains(&format!("skipped  {path}")), "{text}");
    }
}

#[test]
fn init_on_an_existing_project_changes_nothing() {
    let dir = temp_copy(&sample_dir());
    let before = tree(dir.path());
    let out = readyroom(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(tree(dir.path()), before);
    assert!(!stdout(&out).contains("created"), "{}", stdout(&out));
}

#[test]
fn an_existing_rtm_is_kept_and_the_new_documents_link_to_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rtm = tmp.path().join("docs/requirements/RTM.md");
    std::fs::create_dir_all(rtm.parent().expect("parent")).expect("mkdir");
    let ours = "# Our matrix\n\n| ID | Requirement | Type | Ops evidence |\n|---|---|---|---|\n\
                | FR-001 | Place an order | FR | |\n";
    std::fs::write(&rtm, ours).expect("write");

    let out = readyroom(&["init"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("skipped  docs/requirements/RTM.md"));
    assert_eq!(std::fs::read_to_string(&rtm).expect("read"), ours);

    let out = readyroom(&["check", "--format", "json"], tmp.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(!rules.contains(&"broken-link"), "{rules:?}");
}

#[test]
fn init_writes_the_documents_where_readyroom_toml_says() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = "[project]\nname = \"Ledger\"\n\n[paths]\nplaybook = \"ops/playbook.md\"\n\
                  rtm = \"requirements/traceability matrix.md\"\n";
    std::fs::write(tmp.path().join("readyroom.toml"), config).expect("write");

    let out = readyroom(&["init"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("created  ops/playbook.md"), "{text}");
    assert!(
        text.contains("created  requirements/traceability matrix.md"),
        "{text}"
    );
    assert!(
        text.contains("created  docs/operations/observability-status.md"),
        "{text}"
    );
    assert!(text.contains("skipped  readyroom.toml"), "{text}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("readyroom.toml")).expect("read"),
        config
    );
    let obs = std::fs::read_to_string(tmp.path().join("docs/operations/observability-status.md"))
        .expect("read");
    assert!(
        obs.contains("(../../requirements/traceability%20matrix.md)"),
        "{obs}"
    );

    let out = readyroom(&["check", "--format", "json"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for f in json["findings"].as_array().expect("findings") {
        assert!(
            !matches!(
                f["rule"].as_str(),
                Some("broken-link" | "missing-artefact" | "unreadable-file")
            ),
            "{f}"
        );
    }
}

#[test]
fn init_refuses_a_file_as_project_and_an_invalid_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    let out = readyroom(&["init"], &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a folder"), "{}", stderr(&out));

    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).expect("mkdir");
    std::fs::write(bad.join("readyroom.toml"), "[paths]\nplaybok = \"x.md\"\n").expect("write");
    let out = readyroom(&["init"], &bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("playbok"), "{}", stderr(&out));
    assert_eq!(tree(&bad).len(), 1, "nothing but the config");
}

/// The `TODO: example` marker of the templates, with the dash that follows it.
const MARKER: &str = "TODO: example — ";

#[test]
fn every_example_stays_a_finding_after_its_todo_text_is_removed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let out = readyroom(&["init"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Every line of every core document that init wrote as an example, then the same
    // documents with the marker text removed (the rest of each example left as it is)
    // and every acknowledgement ticked without a name.
    let mut examples = Vec::new();
    for path in &STARTER[..4] {
        let file = root.join(path);
        let text = std::fs::read_to_string(&file).expect("read");
        for (n, line) in text.lines().enumerate() {
            if line.contains(MARKER) {
                examples.push((path.to_string(), n + 1, line.to_string()));
            }
        }
        let edited = text
            .replace(MARKER, "")
            .replace("- [ ] Change Manager", "- [x] Change Manager")
            .replace(
                "- [ ] Release Manager",
                "- [x] Release Manager — 2026-11-30",
            )
            .replace("- [ ] Service Owner", "- [x] Service Owner: acknowledged");
        std::fs::write(&file, edited).expect("write");
    }
    assert!(examples.len() >= 10, "{examples:?}");
    let out = readyroom(&["check", "--format", "json"], root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings.iter().all(|f| f["rule"] != "placeholder"),
        "{findings:#?}"
    );
    for (path, line, text) in &examples {
        assert!(
            findings
                .iter()
                .any(|f| f["file"] == path.as_str() && f["line"] == *line),
            "{path}:{line} `{text}` passes once its TODO text is gone"
        );
    }
    // The examples are said to be examples, whatever else is wrong with them.
    for needle in [
        "NFR-EXAMPLE",
        "ALR-EXAMPLE",
        "TEL-EXAMPLE",
        "+00 000 000 000",
        "still the example",
    ] {
        assert!(
            findings.iter().any(|f| f["rule"] == "example-left"
                && f["message"].as_str().is_some_and(|m| m.contains(needle))),
            "{needle} is not an example-left finding"
        );
    }
    let unnamed: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "stakeholder-unacknowledged")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(unnamed.len(), 3, "{unnamed:?}");
    assert!(
        unnamed
            .iter()
            .all(|m| m.contains("ticked but names nobody")),
        "{unnamed:?}"
    );
}
