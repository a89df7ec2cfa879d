//! End-to-end runs of `readyroom oncall`'s calendar export: the final schedule written
//! to a file, a personal feed, one role, reminders, the stamp from the pinned clock and
//! the refusals of flags that cannot be honoured.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{NOW, sample_dir, temp_copy};

fn oncall(root: &Path, args: &[&str], now: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readyroom"));
    cmd.arg("oncall")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env_remove("READYROOM_NOW");
    if let Some(now) = now {
        cmd.env("READYROOM_NOW", now);
    }
    cmd.output().expect("run readyroom")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn ics_flags_shape_the_export_and_the_clock_stamps_it() {
    let tmp = temp_copy(&sample_dir());
    let root = tmp.path();
    let file = |name: &str| root.join(name).display().to_string();
    let out = oncall(root, &["--ics", &file("all.ics")], Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "Wrote 26 on-call events to {}\n",
            root.join("all.ics").display()
        )
    );
    let all = std::fs::read_to_string(root.join("all.ics")).expect("export");
    let stamp: jiff::Timestamp = NOW.parse().expect("NOW");
    let stamp = stamp.strftime("DTSTAMP:%Y%m%dT%H%M%SZ\r\n").to_string();
    assert_eq!(all.matches(&stamp).count(), 26, "{all}");

    let out = oncall(
        root,
        &["--ics", &file("day.ics"), "--today", "2026-11-02"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let day = std::fs::read_to_string(root.join("day.ics")).expect("export");
    assert_eq!(day.matches("DTSTAMP:20261102T000000Z\r\n").count(), 26);

    let args = [
        "--ics",
        &file("mei.ics"),
        "--person",
        "mei  TANAKA",
        "--role",
        "primary",
        "--remind",
        "15m",
    ];
    let out = oncall(root, &args, Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mei = std::fs::read_to_string(root.join("mei.ics")).expect("export");
    let events = mei.matches("BEGIN:VEVENT").count();
    // Three primary weeks, the one of 23 Nov cut in two by Jonas Weber's override.
    assert_eq!(events, 4, "{mei}");
    assert_eq!(
        mei.matches("SUMMARY:On call (primary): Mei Tanaka\r\n")
            .count(),
        4
    );
    assert_eq!(mei.matches("BEGIN:VALARM").count(), 4);
    assert!(mei.contains("TRIGGER;RELATED=START:-PT900S\r\n"), "{mei}");
    assert!(
        mei.contains("X-WR-CALNAME:Checkout API on-call: Mei Tanaka\r\n"),
        "{mei}"
    );
}

#[test]
fn ics_flags_that_cannot_be_honoured_are_refused_with_what_to_do() {
    let tmp = temp_copy(&sample_dir());
    let root = tmp.path().to_path_buf();
    let x = root.join("x.ics").display().to_string();
    let out = oncall(&root, &["--ics", &x, "--remind", "soon"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--remind \"soon\" is not a duration such as 15m"));
    let out = oncall(&root, &["--ics", &x, "--person", "Nobody Here"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--person \"Nobody Here\" is never on call"),
        "{err}"
    );
    assert!(
        err.contains("Aisha Bello, Jonas Weber, Mei Tanaka, Tom Becker"),
        "{err}"
    );
    assert!(!root.join("x.ics").exists());
    let out = oncall(&root, &["--person", "Mei Tanaka"], Some(NOW));
    assert_eq!(out.status.code(), Some(2), "--person needs --ics");
    assert!(text(&out.stderr).contains("--ics"), "{}", text(&out.stderr));
}

// ---------------------------------------------------------------------------------
// Drift against a paging tool's export

const PAGER_PLAYBOOK: &str = "# Incident response\n\n## Contacts\n\n\
    | Name | Role | Handle | Email |\n|---|---|---|---|\n\
    | Mei Tanaka | SRE | @mei.tanaka | mei@example.com |\n\
    | Tom Becker | SRE | @tom.becker | tom.becker@example.com |\n\
    | Jonas Weber | SRE | @jonas | jonas.weber@example.com |\n\n\
    ## On-call rotation\n\nTime zone: Europe/Berlin\n\n\
    | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
    | 2026-10-19 09:00 | 2026-10-26 09:00 | Mei Tanaka | Tom Becker |\n\
    | 2026-10-26 09:00 | 2026-11-02 09:00 | Tom Becker | Mei Tanaka |\n\n\
    ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
    | 2026-10-28 09:00 | 2026-10-29 09:00 | Jonas Weber | Tom Becker | conference |\n";

/// A tree holding only the playbook above and the fixture `name` at ops/pager.ics,
/// with `config` as readyroom.toml.
fn pager_tree(name: &str, config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("docs/operations")).expect("mkdir");
    std::fs::create_dir_all(root.join("ops")).expect("mkdir");
    std::fs::write(
        root.join("docs/operations/incident-response.md"),
        PAGER_PLAYBOOK,
    )
    .expect("write");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pager")
        .join(name);
    std::fs::copy(fixture, root.join("ops/pager.ics")).expect("copy");
    std::fs::write(root.join("readyroom.toml"), config).expect("write");
    tmp
}

fn drift_findings(root: &Path) -> Vec<(String, usize, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["check", "--format", "json"])
        .arg(root)
        .env("READYROOM_NOW", "2026-10-20T10:00:00+02:00")
        .env("NO_COLOR", "1")
        .output()
        .expect("run readyroom");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "oncall-drift")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                usize::try_from(f["line"].as_u64().unwrap_or_default()).unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn compare_lists_drift_to_the_minute_and_exits_one() {
    let tmp = pager_tree("pagerduty-utc.ics", "");
    let root = tmp.path();
    let file = root.join("ops/pager.ics").display().to_string();
    let out = oncall(root, &["--compare", &file], Some(NOW));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains(
            "  2026-10-26 08:00 → 2026-10-26 09:00 Europe/Berlin (1 h): rotation Mei Tanaka, \
         pager Tom Becker ("
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "  2026-10-28 09:00 → 2026-10-29 09:00 Europe/Berlin (24 h): rotation Jonas Weber, \
         pager Tom Becker ("
        ),
        "{report}"
    );
    assert!(report.contains("Drift (2)"), "{report}");

    let tmp = pager_tree("opsgenie-tzid.ics", "");
    let file = tmp.path().join("ops/pager.ics").display().to_string();
    let out = oncall(
        tmp.path(),
        &["--compare", &file, "--format", "json"],
        Some(NOW),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["role"], "primary");
    assert_eq!(
        v["drift"],
        serde_json::json!([{
            "start": "2026-11-02T08:59:00+01:00",
            "end": "2026-11-02T09:00:00+01:00",
            "rotation": "Tom Becker",
            "pager": null,
            "pager_line": null,
        }])
    );
    // Compared as the secondary, the primary's calendar drifts almost everywhere.
    let out = oncall(
        tmp.path(),
        &["--compare", &file, "--role", "secondary"],
        Some(NOW),
    );
    assert_eq!(out.status.code(), Some(1));
    let missing = tmp.path().join("ops/nope.ics").display().to_string();
    let out = oncall(tmp.path(), &["--compare", &missing], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--compare"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn compare_of_an_agreeing_export_exits_zero() {
    let tmp = pager_tree("opsgenie-tzid.ics", "");
    let root = tmp.path();
    let ics = root.join("ops/ours.ics").display().to_string();
    let out = oncall(root, &["--ics", &ics, "--role", "primary"], Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = oncall(root, &["--compare", &ics], Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("No drift"));
}

#[test]
fn check_reports_one_drift_finding_per_interval_from_the_config() {
    let config = "[[oncall.paging]]\ncalendar = \"ops/pager.ics\"\nrole = \"primary\"\n";
    let tmp = pager_tree("pagerduty-utc.ics", config);
    let found = drift_findings(tmp.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    let playbook = "docs/operations/incident-response.md";
    assert_eq!(found[0].0, playbook);
    assert_eq!(found[0].1, 17, "at Mei Tanaka's shift row");
    assert!(
        found[0]
            .2
            .contains("2026-10-26 08:00 → 2026-10-26 09:00 Europe/Berlin (1 h)")
    );
    assert!(
        found[0]
            .2
            .contains("names Mei Tanaka as primary on-call, the paging tool Tom Becker")
    );
    assert!(found[1].2.contains("names Jonas Weber"), "{}", found[1].2);

    let tmp = pager_tree(
        "pagerduty-utc.ics",
        "[[oncall.paging]]\ncalendar = \"ops/gone.ics\"\n",
    );
    let found = drift_findings(tmp.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("ops/gone.ics", 1));

    let tmp = pager_tree(
        "pagerduty-utc.ics",
        "[[oncall.paging]]\ncalendar = \"ops/pager.ics\"\nrole = \"tertiary\"\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("check")
        .arg(tmp.path())
        .output()
        .expect("run readyroom");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("readyroom.toml:3:"), "{err}");
    assert!(
        err.contains("oncall.paging role must be \"primary\" or \"secondary\""),
        "{err}"
    );

    // Without [[oncall.paging]] the tree has no drift findings at all.
    assert!(drift_findings(pager_tree("pagerduty-utc.ics", "").path()).is_empty());
}

#[test]
fn check_reads_leave_calendars_and_flags_only_a_persons_own_leave() {
    let config = "[oncall]\ntime_off = [\"ops/leave/*.ics\"]\n";
    let tmp = pager_tree("pagerduty-utc.ics", config);
    let leave = tmp.path().join("ops/leave");
    std::fs::create_dir_all(&leave).expect("mkdir");
    for name in ["hr-absences.ics", "public-holidays.ics"] {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/leave")
            .join(name);
        std::fs::copy(fixture, leave.join(name)).expect("copy");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["check", "--format", "json"])
        .arg(tmp.path())
        .env("READYROOM_NOW", "2026-10-20T10:00:00+02:00")
        .output()
        .expect("run readyroom");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "oncall-unavailable")
        .collect();
    // Tom's vacation day (30 Oct) falls on his primary week; Mei's cancelled absence
    // and the public holiday name nobody on leave.
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(
            "Tom Becker is primary on call 2026-10-30 00:00 → 2026-10-31 00:00 Europe/Berlin \
             (24 h) but on leave then (Absence: tom.becker@example.com (vacation), \
             ops/leave/hr-absences.ics:4)"
        ),
        "{message}"
    );
    assert_eq!(found[0]["line"], 18, "at Tom Becker's shift row");
}

// ---------------------------------------------------------------------------------
// Load

/// Ann primary Friday 23 October 09:00 → Monday 09:00 over the Berlin fall-back night,
/// Bob primary the day after; Monday 26 October is a holiday in a committed calendar.
fn load_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("docs/operations")).expect("mkdir");
    std::fs::create_dir_all(root.join("ops/leave")).expect("mkdir");
    std::fs::write(
        root.join("docs/operations/incident-response.md"),
        "# Incident response\n\n## On-call\n\nTime zone: Europe/Berlin\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
         | 2026-10-23 09:00 | 2026-10-26 09:00 | Ann | Bob |\n\
         | 2026-10-26 09:00 | 2026-10-27 09:00 | Bob | Ann |\n",
    )
    .expect("write");
    std::fs::write(
        root.join("ops/leave/holidays.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Holidays//EN\r\n\
         BEGIN:VEVENT\r\nUID:h1\r\nDTSTAMP:20261001T000000Z\r\n\
         DTSTART;VALUE=DATE:20261026\r\nDTEND;VALUE=DATE:20261027\r\n\
         SUMMARY:Company day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .expect("write");
    std::fs::write(
        root.join("readyroom.toml"),
        "[oncall]\ntime_off = [\"ops/leave/*.ics\"]\n",
    )
    .expect("write");
    tmp
}

#[test]
fn load_in_text_json_and_csv_matches_the_hand_count() {
    let tmp = load_tree();
    let root = tmp.path();
    let out = oncall(root, &["--load", "--format", "csv"], Some(NOW));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "person,total_hours,primary_hours,business_hours,night_hours,weekend_hours,\
         holiday_hours,shifts,longest_hours\n\
         Ann,97,73,8,16,49,24,2,97\n\
         Bob,97,24,8,16,49,24,2,97\n"
    );
    let out = oncall(root, &["--load", "--format", "json"], Some(NOW));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["balance"], 0.33);
    assert_eq!(v["from"], "2026-10-23T09:00:00+02:00");
    assert_eq!(v["people"][0]["holiday_hours"], 24.0);
    let out = oncall(root, &["--load"], Some(NOW));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("On-call load 2026-10-23 09:00 → 2026-10-27 09:00 Europe/Berlin\n"),
        "{report}"
    );
    assert!(report.contains("Balance    0.33"), "{report}");
    // Sunday alone: 25 hours, all weekend.
    let out = oncall(
        root,
        &[
            "--load",
            "--from",
            "2026-10-25",
            "--to",
            "2026-10-25",
            "--format",
            "csv",
        ],
        Some(NOW),
    );
    assert!(
        text(&out.stdout).contains("Ann,25,25,0,0,25,0,1,25\n"),
        "{}",
        text(&out.stdout)
    );
    let out = oncall(root, &["--load", "--from", "25.10.2026"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--from \"25.10.2026\" is not a date"));
    let out = oncall(root, &["--format", "csv"], Some(NOW));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--format csv applies to --load only"));
}

#[test]
fn imbalance_is_a_warning_only_above_the_configured_ratio() {
    let findings = |config: &str| -> (Option<i32>, Vec<String>, String) {
        let tmp = load_tree();
        std::fs::write(tmp.path().join("readyroom.toml"), config).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
            .args(["check", "--format", "json"])
            .arg(tmp.path())
            .env("READYROOM_NOW", "2026-10-20T10:00:00+02:00")
            .output()
            .expect("run readyroom");
        let messages = serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .ok()
            .and_then(|v| v["findings"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter(|f| f["rule"] == "oncall-imbalance" && f["severity"] == "warning")
            .map(|f| f["message"].as_str().unwrap_or_default().to_string())
            .collect();
        (out.status.code(), messages, text(&out.stderr))
    };
    let (_, found, _) = findings("[oncall]\nmax_imbalance = 2.0\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .contains("Ann 73.0 h, Bob 24.0 h (the most is 3.04 times the fewest, over the 2.00"),
        "{}",
        found[0]
    );
    assert!(findings("[oncall]\nmax_imbalance = 3.5\n").1.is_empty());
    assert!(findings("").1.is_empty(), "not judged unless configured");
    let (code, _, err) = findings("[oncall]\nmax_imbalance = 0.5\n");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("readyroom.toml:2:") && err.contains("at least 1.0"),
        "{err}"
    );
}
