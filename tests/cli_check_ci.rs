//! `readyroom check` for CI: every machine format on the sample project (snapshots),
//! SARIF validated by Microsoft's SARIF multitool, code-point columns, `--paths repo`,
//! the JSON's documented field order, and the baseline (`--baseline`,
//! `--write-baseline`, `--new-since`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{NOW, cannot_run, check, replace_once, require_tool, sample_dir, stdout, temp_copy};
use serde_json::Value;

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn sample_project_sarif() {
    let out = check(&sample_dir(), &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("sample_sarif", stdout(&out));
}

#[test]
fn sample_project_github() {
    let out = check(&sample_dir(), &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("sample_github", stdout(&out));
}

#[test]
fn sample_project_gitlab() {
    let out = check(&sample_dir(), &["--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("sample_gitlab", stdout(&out));
}

#[test]
fn sample_project_junit() {
    let out = check(&sample_dir(), &["--format", "junit"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("sample_junit", stdout(&out));
}

/// The SARIF multitool: `READYROOM_SARIF_MULTITOOL`, else the copy `.ci/run` installs
/// under `.ci/node`.
fn multitool() -> Option<PathBuf> {
    let path = std::env::var_os("READYROOM_SARIF_MULTITOOL").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/node/node_modules/.bin/sarif-multitool"),
        PathBuf::from,
    );
    let runs = Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        cannot_run(&format!(
            "the SARIF multitool is not installed at {} (`npm install --prefix .ci/node \
             @microsoft/sarif-multitool`, or set READYROOM_SARIF_MULTITOOL)",
            path.display()
        ));
    }
    runs.then_some(path)
}

/// The error-level results of `sarif-multitool validate` on `sarif`.
fn validation_errors(tool: &Path, sarif: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("check.sarif");
    let log = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).expect("write");
    let run = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&log)
        .output()
        .expect("run the multitool");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(&log).expect("log")).expect("json");
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect()
}

#[test]
fn sarif_passes_the_sarif_multitool_validation() {
    let Some(tool) = multitool() else { return };
    let out = check(&sample_dir(), &["--format", "sarif"]);
    assert_eq!(
        validation_errors(&tool, &stdout(&out)),
        Vec::<String>::new()
    );
    // The validator does catch an invalid log: a result on line 0.
    let mut broken: Value = json_of(&out);
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validation_errors(&tool, &broken.to_string()).is_empty());
}

#[test]
fn sarif_has_the_rule_table_and_one_result_per_finding() {
    let sarif = json_of(&check(&sample_dir(), &["--format", "sarif"]));
    let json = json_of(&check(&sample_dir(), &["--format", "json"]));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), readyroom::rules::rule_ids().len());
    let placeholder = readyroom::rules::rule_info("placeholder").expect("rule");
    let entry = rules
        .iter()
        .find(|r| r["id"] == "placeholder")
        .expect("placeholder");
    assert_eq!(entry["help"]["text"], placeholder.doc);
    assert_eq!(entry["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().expect("results");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(results.len(), findings.len());
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        assert_eq!(r["partialFingerprints"]["readyroom/v1"], f["fingerprint"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
    }
}

#[test]
fn a_multi_byte_character_before_a_finding_counts_as_one_column() {
    let dir = temp_copy(&sample_dir());
    let pb = dir.path().join("docs/operations/incident-response.md");
    replace_once(
        &pb,
        "| Jonas Weber | SRE engineer | @jonas.weber | TBD |",
        "| Jonas Weber | SRE — Zürich 🚀 | @jonas.weber | TBD |",
    );
    let text = std::fs::read_to_string(&pb).expect("read");
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("🚀"))
        .expect("the edited row");
    let byte = line.find("TBD").expect("TBD");
    let code_points = line[..byte].chars().count() + 1;
    assert_ne!(code_points, byte + 1, "the row has multi-byte characters");
    let sarif = json_of(&check(dir.path(), &["--format", "sarif"]));
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "placeholder")
        .expect("the placeholder finding")
        .clone();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], index + 1);
    assert_eq!(region["startColumn"], code_points);
    let github = stdout(&check(dir.path(), &["--format", "github"]));
    assert!(
        github.contains(&format!(
            "line={},col={code_points},title=placeholder",
            index + 1
        )),
        "{github}"
    );
}

#[test]
fn json_fields_are_written_in_the_order_readme_documents() {
    let out = stdout(&check(&sample_dir(), &["--format", "json"]));
    let top: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  \""))
        .filter_map(|l| l.split('"').next())
        .collect();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let block = readme
        .split("```json\n{\n  \"tool\"")
        .nth(1)
        .expect("README documents check's JSON, starting with `tool`");
    let block = &block[..block.find("```").expect("end of block")];
    let documented: Vec<&str> = std::iter::once("tool")
        .chain(
            block
                .lines()
                .filter_map(|l| l.strip_prefix("  \""))
                .filter_map(|l| l.split('"').next()),
        )
        .collect();
    assert_eq!(top, documented);
    assert_eq!(
        top,
        [
            "tool",
            "schema_version",
            "project",
            "verdict",
            "today",
            "criteria",
            "findings",
            "counts"
        ]
    );
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["tool"]["name"], "readyroom");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["project"], "Checkout API");
    let finding_keys: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("  \"findings\""))
        .skip(2)
        .take_while(|l| !l.trim_start().starts_with('}'))
        .filter_map(|l| l.trim_start().strip_prefix('"'))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(
        finding_keys,
        [
            "rule",
            "severity",
            "file",
            "line",
            "column",
            "item",
            "message",
            "fingerprint"
        ]
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dana Kim")
        .env("GIT_AUTHOR_EMAIL", "dana@example.com")
        .env("GIT_COMMITTER_NAME", "Dana Kim")
        .env("GIT_COMMITTER_EMAIL", "dana@example.com")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository holding a copy of the sample project in `ops/readiness/`.
fn repo_with_sample() -> (tempfile::TempDir, PathBuf) {
    let repo = tempfile::tempdir().expect("tempdir");
    let project = repo.path().join("ops/readiness");
    std::fs::create_dir_all(repo.path().join("ops")).expect("mkdir");
    let copy = temp_copy(&sample_dir());
    std::fs::rename(copy.path(), &project).expect("move the copy into the repository");
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "docs"]);
    (repo, project)
}

#[test]
fn paths_are_relative_to_the_project_or_to_the_repository() {
    if !require_tool("git") {
        return;
    }
    let (_repo, project) = repo_with_sample();
    let by_project = json_of(&check(&project, &["--format", "json"]));
    let by_repo = json_of(&check(&project, &["--format", "json", "--paths", "repo"]));
    let first = |v: &Value| v["findings"][0]["file"].as_str().expect("file").to_string();
    assert_eq!(first(&by_project), "docs/operations/incident-response.md");
    assert_eq!(
        first(&by_repo),
        "ops/readiness/docs/operations/incident-response.md"
    );
    assert_eq!(
        by_project["findings"][0]["fingerprint"],
        by_repo["findings"][0]["fingerprint"]
    );
    let github = stdout(&check(&project, &["--format", "github", "--paths", "repo"]));
    assert!(
        github.starts_with("::error file=ops/readiness/docs/"),
        "{github}"
    );
    let outside = tempfile::tempdir().expect("tempdir");
    let plain = temp_copy(&sample_dir());
    let moved = outside.path().join("p");
    std::fs::rename(plain.path(), &moved).expect("move");
    let out = check(&moved, &["--paths", "repo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git work tree"));
}

/// The findings of a JSON output as (rule, item, baseline state).
fn states(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["item"].as_str().unwrap_or("").to_string(),
                f["baseline"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn new_ones(v: &Value) -> Vec<(String, String)> {
    states(v)
        .into_iter()
        .filter(|(_, _, s)| s == "new")
        .map(|(r, i, _)| (r, i))
        .collect()
}

#[test]
fn a_baseline_fails_only_for_a_new_defect_and_a_moved_row_stays_known() {
    let dir = temp_copy(&sample_dir());
    let base = tempfile::tempdir().expect("tempdir");
    let file = base.path().join("baseline.json");
    let file_arg = file.to_str().expect("utf-8 path");
    let written = check(dir.path(), &["--write-baseline", file_arg]);
    assert_eq!(written.status.code(), Some(1));
    assert!(stdout(&written).contains("Verdict: NOT READY"));

    // Nothing changed: every finding is known, the run passes.
    let same = check(dir.path(), &["--format", "json", "--baseline", file_arg]);
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    let v = json_of(&same);
    assert!(states(&v).iter().all(|(_, _, s)| s == "known"), "{v}");

    // One new defect: exit 1, and it is the only new finding.
    let pb = dir.path().join("docs/operations/incident-response.md");
    let ravi = "| Ravi Shah | Change Manager | @ravi.shah | +31 20 555 0419 |";
    let ravi_tbd = "| Ravi Shah | Change Manager | @ravi.shah | TBD |";
    replace_once(&pb, ravi, ravi_tbd);
    let defect = check(dir.path(), &["--format", "json", "--baseline", file_arg]);
    assert_eq!(defect.status.code(), Some(1), "{}", stdout(&defect));
    assert_eq!(
        new_ones(&json_of(&defect)),
        [("placeholder".to_string(), "contact:ravi-shah".to_string())]
    );
    let text_out = stdout(&check(dir.path(), &["--baseline", file_arg]));
    assert!(text_out.contains("[known]"), "{text_out}");
    assert!(text_out.contains("Baseline: 1 new,"), "{text_out}");
    replace_once(&pb, ravi_tbd, ravi);

    let obs = dir.path().join("docs/operations/observability-status.md");
    // A row that moves keeps its identity: TEL-007 (no owner) moves to the end.
    let text = std::fs::read_to_string(&obs).expect("read");
    let row7 = text
        .lines()
        .find(|l| l.starts_with("| TEL-007 "))
        .expect("TEL-007's row")
        .to_string();
    let row8 = text
        .lines()
        .find(|l| l.starts_with("| TEL-008 "))
        .expect("TEL-008's row")
        .to_string();
    let swapped = text
        .replacen(&row7, "\u{0}", 1)
        .replacen(&row8, &row7, 1)
        .replacen('\u{0}', &row8, 1);
    std::fs::write(&obs, swapped).expect("write");
    let moved = check(dir.path(), &["--format", "json", "--baseline", file_arg]);
    assert_eq!(moved.status.code(), Some(0), "{}", stdout(&moved));
    let v = json_of(&moved);
    assert!(new_ones(&v).is_empty(), "{v}");
    assert!(
        states(&v)
            .iter()
            .any(|(r, i, s)| r == "gap-no-owner" && i == "TEL-007" && s == "known")
    );
}

#[test]
fn a_bad_baseline_file_cannot_run_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("b.json");
    std::fs::write(&bad, "{\"verdict\": ").expect("write");
    let out = check(&sample_dir(), &["--baseline", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("b.json") && err.contains("--write-baseline"),
        "{err}"
    );
    let missing = check(&sample_dir(), &["--baseline", "/nonexistent/b.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn new_since_a_revision_fails_only_for_what_was_introduced() {
    if !require_tool("git") {
        return;
    }
    let (repo, project) = repo_with_sample();
    let clean = check(&project, &["--format", "json", "--new-since", "main"]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    git(repo.path(), &["checkout", "-q", "-b", "change"]);
    replace_once(
        &project.join("docs/operations/incident-response.md"),
        "| Ravi Shah | Change Manager | @ravi.shah | +31 20 555 0419 |",
        "| Ravi Shah | Change Manager | @ravi.shah | TBD |",
    );
    git(repo.path(), &["commit", "-q", "-am", "a placeholder"]);
    let out = check(&project, &["--format", "json", "--new-since", "main"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        new_ones(&json_of(&out)),
        [("placeholder".to_string(), "contact:ravi-shah".to_string())]
    );
    let bad = check(&project, &["--new-since", "no-such-branch"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-branch"));
}

#[test]
fn the_pre_commit_hook_runs_check_on_the_folder_its_args_name() {
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect("the repository has .pre-commit-hooks.yaml");
    let field = |key: &str| {
        hooks
            .lines()
            .find_map(|l| {
                l.trim_start_matches([' ', '-'])
                    .strip_prefix(&format!("{key}: "))
            })
            .unwrap_or_else(|| panic!("{key} in .pre-commit-hooks.yaml"))
            .to_string()
    };
    assert_eq!(field("id"), "readyroom-check");
    assert_eq!(field("pass_filenames"), "false");
    let entry = field("entry");
    let words: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(words[0], "readyroom");
    // What pre-commit runs: the entry, then the hook's args (the project's folder).
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(&words[1..])
        .arg(sample_dir())
        .env("READYROOM_NOW", NOW)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("NOT READY"));
}
