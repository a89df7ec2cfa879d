//! `readyroom history` over a hand-built repository of five commits: one point per
//! commit, oldest first, each agreeing with `check` run on that commit's files at that
//! commit's instant; the second run reads the cache, and a damaged cache entry is
//! computed again.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{replace_once, sample_dir, temp_copy};

const OBS: &str = "docs/operations/observability-status.md";
const RTM: &str = "docs/requirements/RTM.md";
const PLAY: &str = "docs/operations/incident-response.md";
const LOG: &str = "docs/release/change-log.md";

fn git(dir: &Path, args: &[&str], date: &str) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dana Kim")
        .env("GIT_AUTHOR_EMAIL", "dana@example.com")
        .env("GIT_COMMITTER_NAME", "Dana Kim")
        .env("GIT_COMMITTER_EMAIL", "dana@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git")
}

fn readyroom(dir: &Path, args: &[&str], cache: &Path, now: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readyroom"));
    cmd.args(args)
        .current_dir(dir)
        .env("READYROOM_CACHE_DIR", cache)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1");
    match now {
        Some(n) => cmd.env("READYROOM_NOW", n),
        None => cmd.env_remove("READYROOM_NOW"),
    };
    cmd.output().expect("run readyroom")
}

/// One commit of the hand-built history: its date and the change it makes.
type Step<'a> = (&'a str, &'a dyn Fn(&Path));

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(
        o.status.code().map(|c| c < 2),
        Some(true),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("json")
}

#[test]
fn five_commits_give_five_points_that_agree_with_check_and_come_from_the_cache_next_time() {
    if !common::require_tool("git") {
        return;
    }
    let dir = temp_copy(&sample_dir());
    let d = dir.path();
    let cache = tempfile::tempdir().expect("cache");
    assert!(
        git(d, &["init", "-q"], "2026-11-20T10:00:00Z")
            .status
            .success()
    );
    let steps: [Step; 5] = [
        ("2026-11-20T10:00:00Z", &|_| {}),
        ("2026-11-22T10:00:00Z", &|d| {
            replace_once(
                &d.join(OBS),
                "| — | | 2026-12-15 |",
                "| — | Jonas Weber | 2026-12-15 |",
            );
        }),
        ("2026-11-25T10:00:00Z", &|d| {
            replace_once(
                &d.join(RTM),
                "HLD.md#caching-strategy",
                "HLD.md#2-architecture",
            );
            replace_once(
                &d.join(RTM),
                "../testing/load-test-report.md",
                "../testing/test-plan.md#load-tests",
            );
        }),
        ("2026-11-28T10:00:00Z", &|d| {
            let log = std::fs::read_to_string(d.join(LOG)).expect("read");
            let waiver = "\n## Waivers\n\n| ID | Rule | Item | Reason | Approved by | Expires |\n\
                          |---|---|---|---|---|---|\n\
                          | W-1 | gap-no-due | TEL-008 | Vendor date pending | Dana Kim | 2026-12-20 |\n";
            std::fs::write(d.join(LOG), log + waiver).expect("write");
        }),
        ("2026-12-01T10:00:00Z", &|d| {
            replace_once(
                &d.join(PLAY),
                "| @jonas.weber | TBD |",
                "| @jonas.weber | +49 30 5550 4410 |",
            );
        }),
    ];
    let mut expected = Vec::new();
    for (date, change) in steps {
        change(d);
        assert!(git(d, &["add", "-A"], date).status.success());
        assert!(git(d, &["commit", "-qm", date], date).status.success());
        let check = json(&readyroom(
            d,
            &["check", ".", "--format", "json"],
            cache.path(),
            Some(date),
        ));
        let head = String::from_utf8_lossy(&git(d, &["rev-parse", "HEAD"], date).stdout)
            .trim()
            .to_string();
        expected.push((head, date[..10].to_string(), check));
    }

    let first = readyroom(d, &["history", ".", "--format", "json"], cache.path(), None);
    let points = json(&first);
    let points = points.as_array().expect("a list");
    assert_eq!(points.len(), 5);
    for (p, (hash, date, check)) in points.iter().zip(&expected) {
        assert_eq!(p["commit"], hash.as_str());
        assert_eq!(p["date"], date.as_str());
        assert_eq!(p["verdict"], check["verdict"], "{date}");
        assert_eq!(p["errors"], check["counts"]["errors"], "{date}");
        assert_eq!(p["warnings"], check["counts"]["warnings"], "{date}");
        assert_eq!(
            p["waived"].as_u64(),
            Some(check["counts"]["waived"].as_u64().unwrap_or(0)),
            "{date}"
        );
    }
    let errors: Vec<u64> = points
        .iter()
        .map(|p| p["errors"].as_u64().unwrap())
        .collect();
    assert!(errors.windows(2).all(|w| w[1] < w[0]), "{errors:?}");
    let gaps: Vec<u64> = points
        .iter()
        .map(|p| p["open_gaps"].as_u64().unwrap())
        .collect();
    assert_eq!(gaps, [5, 5, 5, 5, 5]);
    let waived: Vec<u64> = points
        .iter()
        .map(|p| p["waived"].as_u64().unwrap())
        .collect();
    assert_eq!(waived, [0, 0, 0, 1, 1]);

    // The cache holds one entry per commit; the second run reads it and says the same.
    let entries = std::fs::read_dir(cache.path().join("history")).expect("cache dir");
    let mut files: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let second = readyroom(d, &["history", ".", "--format", "json"], cache.path(), None);
    assert_eq!(second.stdout, first.stdout);
    // A damaged entry is computed again.
    std::fs::write(&files[0], "{not json").expect("damage");
    let third = readyroom(d, &["history", ".", "--format", "json"], cache.path(), None);
    assert_eq!(third.stdout, first.stdout);

    // --since and the other formats.
    let csv = readyroom(
        d,
        &["history", ".", "--format", "csv", "--since", "2026-11-25"],
        cache.path(),
        None,
    );
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.starts_with("commit,date,verdict,errors,warnings,open_gaps,overdue,waived\n"));
    let text = readyroom(d, &["history", "."], cache.path(), None);
    assert!(String::from_utf8_lossy(&text.stdout).contains("2026-12-01  "));

    // A campaign date: at the rate errors were closed (from the first commit to today)
    // the rest take longer than two days, but not half a year.
    let toml = std::fs::read_to_string(d.join("readyroom.toml")).expect("read");
    let risk = |ready_by: &str| {
        let config = format!("{toml}\n[campaign]\nready_by = \"{ready_by}\"\n");
        std::fs::write(d.join("readyroom.toml"), config).expect("write");
        let check = json(&readyroom(
            d,
            &["check", ".", "--format", "json"],
            cache.path(),
            Some("2026-12-01T12:00:00Z"),
        ));
        check["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["rule"] == "campaign-at-risk")
            .map(|f| {
                (
                    f["severity"].clone(),
                    f["message"].as_str().unwrap_or("").to_string(),
                )
            })
    };
    let (severity, message) = risk("2026-12-03").expect("at risk");
    assert_eq!(severity, "warning");
    assert!(message.contains("2026-12-03 is 2 days away"), "{message}");
    assert_eq!(risk("2027-05-01"), None);

    // The report shows the progress against the date and the trend, one row a commit.
    let report = readyroom(
        d,
        &["report", "."],
        cache.path(),
        Some("2026-12-01T12:00:00Z"),
    );
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    let section = &report[report.find("## Progress over time").expect("trend section")..];
    assert!(
        section.contains("Ready by **2027-05-01** (151 days left)")
            && section.contains(": on track."),
        "{section}"
    );
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .collect();
    assert_eq!(rows.len(), 5, "{section}");
    assert!(rows[3].ends_with("| 1 |"), "{}", rows[3]);
    let report_json = json(&readyroom(
        d,
        &["report", ".", "--format", "json"],
        cache.path(),
        Some("2026-12-01T12:00:00Z"),
    ));
    assert_eq!(report_json["trend"].as_array().map(Vec::len), Some(5));
    assert_eq!(report_json["campaign"]["days_left"], 151);
    assert!(report_json.get("campaign_criteria").is_none());
    assert!(points.iter().all(|p| p.get("criteria").is_none()));

    // A criterion with a date of its own is judged at the rate its own errors were
    // closed: the points count its errors, check names it, the report gives it a row.
    let config = format!(
        "{toml}\n[campaign]\nready_by = \"2027-05-01\"\n\n[campaign.criteria]\n\
         gaps_owned = \"2026-12-03\"\nrtm_traced = \"2026-12-02\"\n"
    );
    std::fs::write(d.join("readyroom.toml"), config).expect("write");
    let dated = json(&readyroom(
        d,
        &["history", ".", "--format", "json"],
        cache.path(),
        None,
    ));
    let per_criterion = |id: &str| -> Vec<u64> {
        dated
            .as_array()
            .expect("a list")
            .iter()
            .map(|p| p["criteria"][id].as_u64().expect("errors of the criterion"))
            .collect()
    };
    assert_eq!(per_criterion("gaps_owned"), [2, 1, 1, 0, 0]);
    let rtm = per_criterion("rtm_traced");
    assert_eq!(rtm.last(), Some(&1), "{rtm:?}");
    assert!(rtm[0] > 1, "{rtm:?}");
    let check = json(&readyroom(
        d,
        &["check", ".", "--format", "json"],
        cache.path(),
        Some("2026-12-01T12:00:00Z"),
    ));
    let at_risk: Vec<String> = check["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "campaign-at-risk")
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(at_risk.len(), 1, "{at_risk:?}");
    assert!(
        at_risk[0].starts_with("criterion rtm_traced: 1 error(s) remain; ")
            && at_risk[0].contains("and 2026-12-02 is 1 day away"),
        "{}",
        at_risk[0]
    );
    let report = json(&readyroom(
        d,
        &["report", ".", "--format", "json"],
        cache.path(),
        Some("2026-12-01T12:00:00Z"),
    ));
    let rows = report["campaign_criteria"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["criterion"], "gaps_owned");
    assert_eq!(rows[0]["ready_by"], "2026-12-03");
    assert_eq!(rows[0]["errors"], 0);
    assert!(rows[0]["at_risk"].is_null());
    assert_eq!(rows[1]["criterion"], "rtm_traced");
    assert_eq!(rows[1]["days_left"], 1);
    let why = rows[1]["at_risk"].as_str().expect("at risk");
    assert_eq!(
        at_risk[0],
        format!("{why}; close errors faster, or agree a new date")
    );
    let md = readyroom(
        d,
        &["report", "."],
        cache.path(),
        Some("2026-12-01T12:00:00Z"),
    );
    let md = String::from_utf8_lossy(&md.stdout).into_owned();
    assert!(
        md.contains("| Telemetry gaps have owner and due date | 2026-12-03 | 2 | 0 | met |\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "| RTM traces requirements to operational evidence | 2026-12-02 | 1 | 1 | at risk — "
        ),
        "{md}"
    );
}

#[test]
fn a_project_outside_git_cannot_run() {
    let dir = temp_copy(&sample_dir());
    let cache = tempfile::tempdir().expect("cache");
    let o = readyroom(dir.path(), &["history", "."], cache.path(), None);
    if common::require_tool("git") {
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("not in a git repository"));
    }
}
