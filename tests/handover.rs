//! End-to-end runs of `readyroom handover` on a temp git repository holding a copy of
//! the sample project in a subfolder: "what changed" between two commits names exactly
//! the items that changed, `--since` picks the commit, the markdown note (snapshot) and
//! the JSON keys, `--ack` appends one audit line that the next `--since last` starts
//! from, and outside git the comparison comes from the change log.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{replace_once, sample_dir, stdout, temp_copy};

/// The instant of the first handover run, a Tuesday (Aisha Bello is primary).
const NOW: &str = "2026-12-01T10:00:00+01:00";

/// The project folder inside the repository.
const PROJECT: &str = "checkout";

const OBS: &str = "docs/operations/observability-status.md";
const PLAYBOOK: &str = "docs/operations/incident-response.md";
const LOG: &str = "docs/release/change-log.md";

/// Run git in `dir` with a fixed identity and commit date, and no user or system
/// config; its standard output, or `None` when git is missing or fails.
fn git_at(dir: &Path, date: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana Kim")
        .env("GIT_AUTHOR_EMAIL", "dana.kim@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", "Dana Kim")
        .env("GIT_COMMITTER_EMAIL", "dana.kim@example.com")
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Stage everything and commit at `date`; the new commit's hash.
fn commit(repo: &Path, date: &str, message: &str) -> String {
    git_at(repo, date, &["add", "-A"]).expect("git add");
    git_at(
        repo,
        date,
        &[
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "-m",
            message,
        ],
    )
    .expect("git commit");
    git_at(repo, date, &["rev-parse", "HEAD"]).expect("HEAD")
}

/// Run readyroom with the clock pinned to `now`, UTC as the local zone, and git not
/// looking above the temp folder.
fn readyroom(dir: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .current_dir(dir)
        .env("READYROOM_NOW", now)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env("READYROOM_CONFIG_DIR", dir.join("no-user-config"))
        .output()
        .expect("run readyroom")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn handover_json(repo: &Path, now: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["handover", PROJECT, "--format", "json"];
    args.extend_from_slice(extra);
    let out = readyroom(repo, now, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// `(kind, item)` of every change.
fn changes(value: &serde_json::Value) -> BTreeSet<(String, String)> {
    value["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or_default().to_string(),
                c["item"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(k, i)| ((*k).to_string(), (*i).to_string()))
        .collect()
}

/// A repository with the sample project in `checkout/`: the first commit on
/// 2026-11-20, then exactly six item changes (and a contact row moved, fields
/// unchanged) committed on 2026-11-28. `None` when git is not available (outside CI).
struct Repo {
    dir: tempfile::TempDir,
    first: String,
    second: String,
}

impl Repo {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join(PROJECT)
    }
}

fn two_commits() -> Option<Repo> {
    let copy = temp_copy(&sample_dir());
    let dir = tempfile::tempdir().expect("tempdir");
    // Both temp folders are in the same file system, so the copy can be moved.
    std::fs::rename(copy.path(), dir.path().join(PROJECT)).expect("move into the repository");
    std::fs::write(dir.path().join("README.md"), "# Payments platform\n").expect("write");
    if !common::require_tool("git") {
        return None;
    }
    git_at(dir.path(), "2026-11-20T10:00:00Z", &["init", "--quiet"]).expect("git init");
    let first = commit(dir.path(), "2026-11-20T10:00:00Z", "Readiness docs");
    let project = dir.path().join(PROJECT);
    let obs = project.join(OBS);
    // TEL-007 gets an owner: still a gap, so a changed item.
    replace_once(
        &obs,
        "| missing | — | | 2026-12-15 | |",
        "| missing | — | Jonas Weber | 2026-12-15 | |",
    );
    // TEL-004 is configured now: a closed gap.
    replace_once(
        &obs,
        "| partial | — | Jonas Weber | 2026-12-11 | |",
        "| configured | — | Jonas Weber | 2026-12-11 | |",
    );
    // A new gap.
    replace_once(
        &obs,
        "| partial | — | Mei Tanaka | | |\n",
        "| partial | — | Mei Tanaka | | |\n\
         | TEL-009 | Webhook delivery latency | [FR-004](../requirements/RTM.md) | missing | — | Tom Becker | 2026-12-20 | |\n",
    );
    let playbook = project.join(PLAYBOOK);
    // ALR-002's threshold.
    replace_once(
        &playbook,
        "Provider p95 above 4 s for 10 min",
        "Provider p95 above 3 s for 5 min",
    );
    // Mei Tanaka's phone.
    replace_once(&playbook, "+49 30 5550 2291", "+49 30 5550 9999");
    // Ravi Shah's row moves to the end of the contacts table, unchanged.
    let ravi = "| Ravi Shah | Change Manager | @ravi.shah | +31 20 555 0419 | Europe/Amsterdam |\n";
    replace_once(&playbook, ravi, "");
    let elena =
        "| Elena Petrova | Release Manager | @elena.petrova | +420 2 5550 8812 | Europe/Prague |\n";
    replace_once(&playbook, elena, &format!("{elena}{ravi}"));
    // NFR-003 signed off with the real command (its audit line is not a change).
    let out = readyroom(
        dir.path(),
        NOW,
        &[
            "signoff",
            PROJECT,
            "NFR-003",
            "--as",
            "Dana Kim",
            "--today",
            "2026-11-25",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = commit(dir.path(), "2026-11-28T10:00:00Z", "Readiness work");
    Some(Repo { dir, first, second })
}

fn the_six() -> BTreeSet<(String, String)> {
    set(&[
        ("changed_item", "TEL-007"),
        ("closed_gap", "TEL-004"),
        ("changed_threshold", "ALR-002"),
        ("changed_contact", "contact:mei-tanaka"),
        ("new_sign_off", "NFR-003"),
        ("new_gap", "TEL-009"),
    ])
}

#[test]
fn what_changed_names_exactly_the_items_that_changed_between_two_commits() {
    let Some(repo) = two_commits() else { return };
    let value = handover_json(repo.root(), NOW, &[]);
    assert_eq!(changes(&value), the_six());
    assert_eq!(value["comparison"]["source"], "git");
    assert_eq!(value["comparison"]["commit"], repo.first.as_str());
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(note.starts_with("No previous handover"), "{note}");
    let find = |item: &str| {
        value["changes"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["item"] == item))
            .cloned()
            .expect("change")
    };
    let tel7 = find("TEL-007");
    assert_eq!(tel7["before"], "Owner: —");
    assert_eq!(tel7["after"], "Owner: Jonas Weber");
    assert_eq!(tel7["file"], OBS);
    let alr2 = find("ALR-002");
    assert_eq!(alr2["before"], "Provider p95 above 4 s for 10 min");
    assert_eq!(alr2["after"], "Provider p95 above 3 s for 5 min");
    assert_eq!(
        find("contact:mei-tanaka")["after"],
        "Phone: +49 30 5550 9999"
    );
    assert!(
        find("NFR-003")["after"]
            .as_str()
            .is_some_and(|s| s.starts_with("Dana Kim 2026-11-25 fp:")),
        "{}",
        find("NFR-003")
    );
}

#[test]
fn since_a_date_compares_with_the_last_commit_before_it() {
    let Some(repo) = two_commits() else { return };
    // Before the first commit: there is nothing older, so the first commit.
    let value = handover_json(repo.root(), NOW, &["--since", "2026-11-01"]);
    assert_eq!(changes(&value), the_six());
    assert_eq!(value["comparison"]["commit"], repo.first.as_str());
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("no commit before that date"), "{note}");
    // Between the commits: the first one.
    let value = handover_json(repo.root(), NOW, &["--since", "2026-11-25"]);
    assert_eq!(changes(&value), the_six());
    // After the second: nothing changed since.
    let value = handover_json(repo.root(), NOW, &["--since", "2026-11-29"]);
    assert_eq!(value["comparison"]["commit"], repo.second.as_str());
    assert_eq!(changes(&value), BTreeSet::new());
    let text = stdout(&readyroom(
        repo.root(),
        NOW,
        &["handover", PROJECT, "--since", "2026-11-29"],
    ));
    assert!(text.contains("  nothing changed\n"), "{text}");
    let bad = readyroom(
        repo.root(),
        NOW,
        &["handover", PROJECT, "--since", "friday"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("YYYY-MM-DD"), "{}", stderr(&bad));
}

#[test]
fn markdown_note_snapshot() {
    let Some(repo) = two_commits() else { return };
    let out = readyroom(
        repo.root(),
        NOW,
        &["handover", PROJECT, "--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('<'), "no raw HTML");
    // Plain words for the people reading it: no commit hashes.
    let short = &repo.first[..12];
    assert!(!text.contains(short), "{text}");
    assert!(!text.contains("commit"), "{text}");
    insta::assert_snapshot!("handover_markdown", text);
}

/// The keys of a JSON object, sorted (the parsed value does not keep their order).
fn keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// `expected` sorted, to compare with [`keys`].
fn sorted<const N: usize>(mut expected: [&str; N]) -> Vec<&str> {
    expected.sort_unstable();
    expected.to_vec()
}

#[test]
fn json_keys_are_stable() {
    let Some(repo) = two_commits() else { return };
    let out = readyroom(repo.root(), NOW, &["handover", PROJECT, "--format", "json"]);
    let raw = stdout(&out);
    let top: Vec<&str> = raw
        .lines()
        .filter_map(|l| l.strip_prefix("  \"")?.split_once('"').map(|(k, _)| k))
        .collect();
    assert_eq!(
        top,
        [
            "project",
            "today",
            "now",
            "readiness",
            "on_call",
            "next",
            "on_call_findings",
            "escalation",
            "open_gaps",
            "overdue",
            "open_actions",
            "comparison",
            "changes",
            "acknowledged"
        ],
        "the top-level keys in their fixed order"
    );
    let v: serde_json::Value = serde_json::from_str(&raw).expect("json");
    assert_eq!(keys(&v["now"]), sorted(["at", "local"]));
    assert_eq!(
        keys(&v["readiness"]),
        sorted(["ready", "errors", "warnings"])
    );
    assert_eq!(
        keys(&v["on_call"]),
        sorted(["primary", "secondary", "until", "override_reason"])
    );
    assert_eq!(keys(&v["next"]), sorted(["primary", "secondary", "from"]));
    assert_eq!(
        keys(&v["on_call_findings"][0]),
        sorted(["rule", "severity", "message", "file", "line"])
    );
    assert_eq!(keys(&v["escalation"][0]), sorted(["severity", "steps"]));
    assert_eq!(
        keys(&v["escalation"][0]["steps"][0]),
        sorted([
            "id",
            "step",
            "after",
            "contact",
            "on_call_role",
            "person",
            "channel"
        ])
    );
    assert_eq!(
        keys(&v["open_gaps"][0]),
        sorted([
            "id", "signal", "status", "owner", "due", "overdue", "file", "line"
        ])
    );
    assert_eq!(
        keys(&v["overdue"][0]),
        sorted(["id", "what", "text", "owner", "due", "days"])
    );
    assert_eq!(
        keys(&v["open_actions"][0]),
        sorted([
            "id",
            "derived_id",
            "source",
            "text",
            "owner",
            "deadline",
            "status",
            "overdue",
            "file",
            "line"
        ])
    );
    assert_eq!(
        keys(&v["comparison"]),
        sorted([
            "source",
            "compared",
            "since",
            "previous",
            "commit",
            "commit_time",
            "note"
        ])
    );
    assert_eq!(
        keys(&v["changes"][0]),
        sorted(["kind", "item", "title", "file", "line", "before", "after"])
    );
    assert_eq!(v["on_call"]["primary"], "Aisha Bello");
    assert_eq!(v["on_call"]["until"]["at"], "2026-12-07T09:00:00+01:00");
    assert_eq!(v["escalation"][0]["steps"][0]["person"], "Aisha Bello");
    assert_eq!(v["acknowledged"], serde_json::Value::Null);
}

#[test]
fn ack_appends_one_line_and_the_next_handover_starts_from_it() {
    let Some(repo) = two_commits() else { return };
    let log = repo.project().join(LOG);
    let before = std::fs::read_to_string(&log).expect("read");
    let out = readyroom(
        repo.root(),
        NOW,
        &["handover", PROJECT, "--ack", "--as", "Aisha Bello"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = "- 2026-12-01 — Handover acknowledged by Aisha Bello from Mei Tanaka\n";
    let after = std::fs::read_to_string(&log).expect("read");
    assert_eq!(after, format!("{before}{line}"));
    let text = stdout(&out);
    assert!(
        text.contains("Acknowledged by Aisha Bello from Mei Tanaka on 2026-12-01"),
        "{text}"
    );
    // Only the change log changed.
    let status = git_at(repo.root(), NOW, &["status", "--porcelain"]).expect("status");
    assert_eq!(status, format!("M {PROJECT}/{LOG}"));

    // The acknowledgement is committed, then TEL-008 gets a due date.
    let acked = commit(repo.root(), "2026-12-01T12:00:00Z", "Handover");
    replace_once(
        &repo.project().join(OBS),
        "| partial | — | Mei Tanaka | | |",
        "| partial | — | Mei Tanaka | 2027-01-15 | |",
    );
    commit(repo.root(), "2026-12-03T09:00:00Z", "TEL-008 due date");
    let later = "2026-12-04T10:00:00+01:00";
    let value = handover_json(repo.root(), later, &[]);
    assert_eq!(value["comparison"]["commit"], acked.as_str());
    assert_eq!(value["comparison"]["previous"]["incoming"], "Aisha Bello");
    assert_eq!(value["comparison"]["previous"]["outgoing"], "Mei Tanaka");
    assert_eq!(value["comparison"]["previous"]["date"], "2026-12-01");
    assert_eq!(changes(&value), set(&[("changed_item", "TEL-008")]));
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(
        note.contains(
            "since the handover from Mei Tanaka to Aisha Bello acknowledged on 2026-12-01"
        ),
        "{note}"
    );
}

#[test]
fn last_lists_a_change_committed_the_same_day_after_the_acknowledgement() {
    let Some(repo) = two_commits() else { return };
    let out = readyroom(
        repo.root(),
        NOW,
        &["handover", PROJECT, "--ack", "--as", "Aisha Bello"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The acknowledgement is committed in the morning, TEL-008 gets a due date that
    // afternoon: the same day, after the handover.
    let acked = commit(repo.root(), "2026-12-01T09:30:00Z", "Handover");
    replace_once(
        &repo.project().join(OBS),
        "| partial | — | Mei Tanaka | | |",
        "| partial | — | Mei Tanaka | 2027-01-15 | |",
    );
    commit(repo.root(), "2026-12-01T15:00:00Z", "TEL-008 due date");
    let evening = "2026-12-01T18:00:00+01:00";
    let value = handover_json(repo.root(), evening, &[]);
    assert_eq!(value["comparison"]["commit"], acked.as_str());
    assert_eq!(changes(&value), set(&[("changed_item", "TEL-008")]));
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("the commit that recorded it"), "{note}");

    // An acknowledgement not committed yet: the newest commit is the baseline, so only
    // what changed since that commit is listed.
    let out = readyroom(
        repo.root(),
        "2026-12-07T10:00:00+01:00",
        &[
            "handover",
            PROJECT,
            "--ack",
            "--as",
            "Jonas Weber",
            "--from",
            "Aisha Bello",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let head = git_at(repo.root(), NOW, &["rev-parse", "HEAD"]).expect("HEAD");
    let value = handover_json(repo.root(), "2026-12-07T11:00:00+01:00", &[]);
    assert_eq!(value["comparison"]["commit"], head.as_str());
    assert_eq!(changes(&value), BTreeSet::new());
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("not committed yet"), "{note}");
}

#[test]
fn ack_refuses_a_handover_to_oneself() {
    let Some(repo) = two_commits() else { return };
    let log = repo.project().join(LOG);
    let before = std::fs::read_to_string(&log).expect("read");
    let out = readyroom(
        repo.root(),
        NOW,
        &[
            "handover",
            PROJECT,
            "--ack",
            "--as",
            "Aisha Bello",
            "--from",
            "aisha bello",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("themselves"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&log).expect("read"), before);
}

#[test]
fn outside_git_the_comparison_comes_from_the_change_log() {
    let dir = temp_copy(&sample_dir());
    let log = dir.path().join(LOG);
    let mut text = std::fs::read_to_string(&log).expect("read");
    text.push_str(
        "- 2026-11-23 — Handover acknowledged by Mei Tanaka from Tom Becker\n\
         - 2026-11-23 — Revoked sign-off of FR-002 — Luis Ortega\n",
    );
    std::fs::write(&log, text).expect("write");
    let out = readyroom(dir.path(), NOW, &["handover", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "What changed since the handover from Tom Becker to Mei Tanaka on Mon 23 Nov, \
             from the change log (the docs have no saved history)"
        ),
        "{text}"
    );
    // The JSON keeps the detailed note.
    let value = handover_json_at(dir.path(), &[]);
    let note = value["comparison"]["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("not in a git repository, so the comparison came from the change log"),
        "{note}"
    );
    // The revocation is listed under its own heading, apart from change-log entries.
    assert!(text.contains("Audit trail"), "{text}");
    let value = handover_json_at(dir.path(), &["--since", "last"]);
    assert_eq!(value["comparison"]["source"], "change_log");
    // Audit-trail lines are listed apart from change-log entries.
    let logged: Vec<(&str, &str)> = value["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| Some((c["kind"].as_str()?, c["after"].as_str()?)))
        .collect();
    assert_eq!(
        logged,
        [
            (
                "audited",
                "2026-11-23 Revoked sign-off of FR-002 — Luis Ortega"
            ),
            (
                "logged",
                "2026-11-25 Readiness status: not ready — 5 telemetry gaps open, release manager sign-off pending — owner: Luis Ortega — status: open"
            ),
            (
                "logged",
                "2026-11-27 Re-run the 2x peak load test after the connection pool resize — owner: Tom Becker — status: in progress"
            ),
        ]
    );
    // A date lists every entry from that day on, the acknowledgement included.
    let value = handover_json_at(dir.path(), &["--since", "2026-11-23"]);
    let all = value["changes"].as_array().expect("changes");
    assert_eq!(all.len(), 6);
    assert!(all.iter().any(|c| {
        c["after"]
            .as_str()
            .is_some_and(|a| a.contains("Handover acknowledged by Mei Tanaka"))
    }));
}

fn handover_json_at(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["handover", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = readyroom(dir, NOW, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The handover shows progress against the campaign's dates: the whole campaign and
/// each criterion with a date of its own (`[campaign.criteria]`), in text and JSON;
/// without `[campaign]` neither the section nor the JSON key appears.
#[test]
fn the_handover_shows_progress_against_the_campaign_dates() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let plain = readyroom(d, common::NOW, &["handover", "."]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(!stdout(&plain).contains("Campaign"), "{}", stdout(&plain));
    let md = readyroom(d, common::NOW, &["handover", ".", "--format", "markdown"]);
    assert!(!stdout(&md).contains("## Campaign"), "{}", stdout(&md));
    let json = readyroom(d, common::NOW, &["handover", ".", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(value.get("campaign").is_none());

    let toml = d.join("readyroom.toml");
    let text = std::fs::read_to_string(&toml).expect("read")
        + "\n[campaign]\nready_by = \"2027-01-15\"\n\n[campaign.criteria]\nchangelog_current = \"2026-11-28\"\ngaps_owned = \"2027-01-10\"\n";
    std::fs::write(&toml, text).expect("write");
    let out = readyroom(d, common::NOW, &["handover", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Campaign\n  everything: ready by 2027-01-15 (45 d left) — 15 error(s) open\n  Telemetry gaps have owner and due date: ready by 2027-01-10 (40 d left) — 2 error(s) open\n  Change log reflects readiness and open actions: ready by 2026-11-28 (3 d late) — 1 error(s) open\n"), "{text}");
    let md = stdout(&readyroom(
        d,
        common::NOW,
        &["handover", ".", "--format", "markdown"],
    ));
    assert!(
        md.contains(
            "## Campaign\n\n- everything: ready by 2027-01-15 (45 d left) — 15 error(s) open\n"
        ),
        "{md}"
    );
    let json = readyroom(d, common::NOW, &["handover", ".", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let campaign = value["campaign"].as_array().expect("campaign");
    assert_eq!(campaign.len(), 3);
    assert_eq!(campaign[1]["criterion"], "gaps_owned");
    assert_eq!(campaign[1]["ready_by"], "2027-01-10");
    assert_eq!(campaign[1]["days_left"], 40);
    assert_eq!(campaign[1]["errors"], 2);
}

/// A criterion date names a known criterion and is a date; the error says which.
#[test]
fn campaign_criteria_are_checked_when_the_config_loads() {
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let toml = d.join("readyroom.toml");
    let base = std::fs::read_to_string(&toml).expect("read");
    std::fs::write(
        &toml,
        format!("{base}\n[campaign.criteria]\ngaps = \"2027-01-10\"\n"),
    )
    .expect("write");
    let out = readyroom(d, common::NOW, &["handover", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("unknown criterion \"gaps\"; use one of documents_complete, gaps_owned"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        &toml,
        format!("{base}\n[campaign.criteria]\ngaps_owned = \"soon\"\n"),
    )
    .expect("write");
    let out = readyroom(d, common::NOW, &["handover", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("campaign.criteria.gaps_owned must be a date"),
        "{}",
        stderr(&out)
    );
}
