//! The on-call rotation engine end to end: markdown → rotation → analysis → findings,
//! reports and the iCalendar export, including the daylight-saving cases scheduling
//! tools have historically got wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::Path;

use jiff::civil::{Date, DateTime, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;
use readyroom::cli::oncall::{IcsOptions, RoleChoice, ics, report_json, report_text};
use readyroom::model::{Role, Workspace};
use readyroom::parse::{extract_items, parse_document};
use readyroom::rotation::{Rotation, analyse, build, next_handoff, on_call_at};
use readyroom::rules::{Context, Finding, oncall};

const PLAYBOOK: &str = "docs/operations/incident-response.md";

fn workspace(markdown: &str) -> Workspace {
    let doc = parse_document(PLAYBOOK, markdown.to_string(), Some(Role::Playbook))
        .expect("markdown parses");
    let docs = vec![doc];
    let (items, notes) = extract_items(&docs);
    Workspace::new(docs, items, Vec::new(), Vec::new(), Vec::new(), notes)
}

fn rotation(markdown: &str) -> Rotation {
    build(&workspace(markdown)).expect("the playbook has shift rows")
}

fn ts(rfc3339: &str) -> Timestamp {
    rfc3339.parse().expect("RFC 3339 instant")
}

/// All rotation findings as of `today`, 10:00 in Berlin.
fn check_at(ws: &Workspace, today: Date) -> Vec<Finding> {
    let berlin = TimeZone::get("Europe/Berlin").expect("zone");
    let now = berlin
        .to_ambiguous_timestamp(today.at(10, 0, 0, 0))
        .compatible()
        .expect("instant");
    oncall::check(&Context::new(ws, today, now))
}

/// All rotation findings, with today well before every synthetic rotation ends and
/// "now" at the rotation's first instant, so only the horizon is judged.
fn check(ws: &Workspace) -> Vec<Finding> {
    let today = date(2026, 10, 1);
    let now = build(ws)
        .and_then(|r| r.horizon())
        .map_or_else(|| ts("2026-10-01T10:00:00+02:00"), |(start, _)| start);
    oncall::check(&Context::new(ws, today, now))
}

fn rules_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

/// 1-based line of the first line of `markdown` containing `needle`.
fn line_of(markdown: &str, needle: &str) -> usize {
    markdown
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}

/// A playbook with a `Start | End | Primary | Secondary` rotation: `rows` and
/// `overrides` are table body lines as a person writes them (leading spaces ignored).
fn explicit(header: &str, rows: &str, overrides: &str) -> String {
    let body = |text: &str| -> String {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.to_string() + "\n")
            .collect()
    };
    let mut md = format!(
        "# Playbook\n\n## On-call rotation\n\n{header}\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n{}",
        body(rows)
    );
    if !overrides.trim().is_empty() {
        md.push_str("\n### Overrides\n\n| Start | End | On call | Replaces | Reason |\n");
        md.push_str("|---|---|---|---|---|\n");
        md.push_str(&body(overrides));
    }
    md
}

/// Lines joined, each ending in a newline.
fn lines(rows: impl IntoIterator<Item = String>) -> String {
    rows.into_iter().map(|l| l + "\n").collect()
}

/// Table body lines for generated rows.
fn table_rows(rows: &[[String; 4]]) -> String {
    lines(
        rows.iter()
            .map(|r| format!("| {} | {} | {} | {} |", r[0], r[1], r[2], r[3])),
    )
}

/// `YYYY-MM-DD HH:MM` of a civil date-time, as a person writes it.
fn cell(dt: DateTime) -> String {
    dt.strftime("%Y-%m-%d %H:%M").to_string()
}

fn hours(start: Timestamp, end: Timestamp) -> i64 {
    end.duration_since(start).as_secs() / 3600
}

fn sample_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project")
}

fn sample_workspace() -> Workspace {
    readyroom::store::load_project(&sample_root(), &readyroom::rules::rule_ids())
        .expect("sample project loads")
        .workspace
}

// ---------------------------------------------------------------------------------
// Daylight saving

/// Weekly Monday 09:00 hand-offs through both 2027 changes of a zone: no false gap or
/// overlap, and exactly one 167-hour and one 169-hour week, in both table forms.
fn assert_dst_year(zone: &str, spring_monday: Date, fall_monday: Date) {
    let first = date(2027, 3, 1);
    let weeks: Vec<Date> = (0..40)
        .map(|w| first.checked_add((w * 7).days()).expect("date"))
        .collect();
    let weekly_rows = lines(
        weeks
            .iter()
            .enumerate()
            .map(|(i, d)| format!("| {d} | P{} | S{} |", i % 4, i % 4)),
    );
    let weekly = format!(
        "# Playbook\n\n## On-call rotation\n\nTime zone: {zone}\n\nHandoff: Monday 09:00\n\n\
         | Week of | Primary | Secondary |\n|---|---|---|\n{weekly_rows}"
    );
    let explicit_rows: Vec<[String; 4]> = weeks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let start = d.at(9, 0, 0, 0);
            [
                cell(start),
                cell(start.checked_add(1.week()).expect("date")),
                format!("P{}", i % 4),
                format!("S{}", i % 4),
            ]
        })
        .collect();
    let explicit_md = explicit(
        &format!("Time zone: {zone}"),
        &table_rows(&explicit_rows),
        "",
    );

    for md in [weekly, explicit_md] {
        let rot = rotation(&md);
        assert!(rot.problems.is_empty(), "{zone}: {:?}", rot.problems);
        assert_eq!(rot.shifts.len(), 40);
        let a = analyse(&rot);
        assert!(a.gaps.is_empty(), "{zone}: false gaps {:?}", a.gaps);
        assert!(
            a.overlaps.is_empty(),
            "{zone}: false overlaps {:?}",
            a.overlaps
        );
        for s in &rot.shifts {
            let local_start = rot.zone.to_datetime(s.start);
            let local_end = rot.zone.to_datetime(s.end);
            assert_eq!((local_start.hour(), local_start.minute()), (9, 0), "{zone}");
            assert_eq!((local_end.hour(), local_end.minute()), (9, 0), "{zone}");
            let expected = if local_start.date() == spring_monday {
                167
            } else if local_start.date() == fall_monday {
                169
            } else {
                168
            };
            assert_eq!(hours(s.start, s.end), expected, "{zone} {local_start}");
        }
        let total: f64 = a.hours.values().sum();
        let (start, end) = rot.horizon().expect("horizon");
        assert!((total - end.duration_since(start).as_secs_f64() / 3600.0).abs() < 1e-9);
        assert!(check(&workspace(&md)).is_empty());
    }
}

#[test]
fn berlin_spring_forward_and_fall_back_have_no_false_gap_or_overlap() {
    assert_dst_year("Europe/Berlin", date(2027, 3, 22), date(2027, 10, 25));
}

#[test]
fn new_york_spring_forward_and_fall_back_have_no_false_gap_or_overlap() {
    assert_dst_year("America/New_York", date(2027, 3, 8), date(2027, 11, 1));
}

#[test]
fn hand_off_inside_the_dst_gap_and_fold_still_meets_end_to_start() {
    // New York: 2027-03-14 02:30 does not exist; 2027-11-07 01:30 happens twice.
    for (handoff, dates) in [
        ("Sunday 02:30", ["2027-03-07", "2027-03-14", "2027-03-21"]),
        ("Sunday 01:30", ["2027-10-31", "2027-11-07", "2027-11-14"]),
    ] {
        let md = format!(
            "# Playbook\n\n## On-call\n\nTime zone: America/New_York\n\nHandoff: {handoff}\n\n\
             | Week of | Primary | Secondary |\n|---|---|---|\n\
             | {} | Ann | Bob |\n| {} | Bob | Cy |\n| {} | Cy | Ann |\n",
            dates[0], dates[1], dates[2]
        );
        let rot = rotation(&md);
        assert!(rot.problems.is_empty(), "{:?}", rot.problems);
        let a = analyse(&rot);
        assert!(a.gaps.is_empty() && a.overlaps.is_empty(), "{a:?}");
        let lengths: Vec<i64> = rot.shifts.iter().map(|s| hours(s.start, s.end)).collect();
        if handoff.contains("02:30") {
            // The 02:30 hand-off of 03-14 is read as 03:30 EDT, like a wall clock.
            assert_eq!(rot.shifts[1].start, ts("2027-03-14T03:30:00-04:00"));
            assert_eq!(lengths, vec![168, 167, 168]);
        } else {
            // The 01:30 fold resolves to the earlier (EDT) instant.
            assert_eq!(rot.shifts[1].start, ts("2027-11-07T01:30:00-04:00"));
            assert_eq!(lengths, vec![168, 169, 168]);
        }
    }
}

#[test]
fn a_written_time_that_does_not_exist_is_a_problem_read_like_a_clock() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2027-03-21 02:30 | 2027-03-28 02:30 | Ann | Bob |
         | 2027-03-28 02:30 | 2027-04-04 02:30 | Bob | Ann |",
        "",
    );
    let ws = workspace(&md);
    let findings = check(&ws);
    let invalid: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "oncall-invalid")
        .collect();
    assert_eq!(invalid.len(), 2, "{findings:?}");
    assert!(
        invalid
            .iter()
            .all(|f| f.message.contains("does not exist in Europe/Berlin"))
    );
    assert!(invalid[0].message.contains("2027-03-28 03:30"));
    let rot = build(&ws).expect("rotation");
    assert_eq!(rot.shifts.len(), 2);
    assert!(analyse(&rot).gaps.is_empty());
}

#[test]
fn half_hour_zone_kolkata_hands_off_at_the_right_instant() {
    let md = explicit(
        "Time zone: Asia/Kolkata",
        "| 2026-11-30 09:30 | 2026-12-07 09:30 | Priya | Arjun |
         | 2026-12-07 09:30 | 2026-12-14 09:31 | Arjun | Priya |
         | 2026-12-14 09:32 | 2026-12-21 09:30 | Priya | Arjun |",
        "",
    );
    let rot = rotation(&md);
    assert_eq!(rot.zone_name, "Asia/Kolkata");
    // 09:30 IST is 04:00 UTC.
    let before = on_call_at(&rot, ts("2026-12-07T03:59:59Z"));
    let after = on_call_at(&rot, ts("2026-12-07T04:00:00Z"));
    assert_eq!(before.primary.as_deref(), Some("Priya"));
    assert_eq!(after.primary.as_deref(), Some("Arjun"));
    assert_eq!(
        next_handoff(&rot, ts("2026-12-01T00:00:00Z")),
        Some(ts("2026-12-07T04:00:00Z"))
    );
    let a = analyse(&rot);
    assert_eq!(
        a.gaps,
        vec![(ts("2026-12-14T04:01:00Z"), ts("2026-12-14T04:02:00Z"))]
    );
    let json = report_json(&rot, ts("2026-12-07T04:00:00Z"));
    assert_eq!(json["at"], "2026-12-07T09:30:00+05:30");
    assert_eq!(json["gaps"][0]["start"], "2026-12-14T09:31:00+05:30");
}

// ---------------------------------------------------------------------------------
// Holes, overlaps, double bookings, horizon

#[test]
fn a_one_minute_hole_is_found_and_located_at_the_shift_before_it() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-07 09:01 | 2026-12-14 09:00 | Bob | Ann |",
        "",
    );
    let rot = rotation(&md);
    assert_eq!(
        analyse(&rot).gaps,
        vec![(
            ts("2026-12-07T09:00:00+01:00"),
            ts("2026-12-07T09:01:00+01:00")
        )]
    );
    let findings = check(&workspace(&md));
    assert_eq!(rules_of(&findings), vec!["oncall-gap"]);
    let f = &findings[0];
    assert_eq!(f.line, line_of(&md, "| 2026-11-30 09:00"));
    assert!(
        f.message
            .contains("2026-12-07 09:00 → 2026-12-07 09:01 Europe/Berlin (1 min)"),
        "{}",
        f.message
    );
}

#[test]
fn overlapping_primaries_are_a_warning_at_the_later_shift() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-06 09:00 | 2026-12-14 09:00 | Cy  | Dee |",
        "",
    );
    let rot = rotation(&md);
    let a = analyse(&rot);
    assert_eq!(a.overlaps.len(), 1);
    assert_eq!(a.overlaps[0].people, vec!["Ann", "Cy"]);
    assert_eq!(hours(a.overlaps[0].start, a.overlaps[0].end), 24);
    // The later hand-off wins while they overlap.
    let during = on_call_at(&rot, ts("2026-12-06T12:00:00+01:00"));
    assert_eq!(during.primary.as_deref(), Some("Cy"));
    let findings = check(&workspace(&md));
    assert_eq!(rules_of(&findings), vec!["oncall-overlap"]);
    assert_eq!(findings[0].line, line_of(&md, "| 2026-12-06 09:00"));
    assert!(findings[0].message.contains("Ann and Cy are both primary"));
}

#[test]
fn same_person_in_both_roles_is_a_warning_at_the_row_that_causes_it() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | ann |
         | 2026-12-07 09:00 | 2026-12-14 09:00 | Bob | Cy  |",
        "| 2026-12-08 09:00 | 2026-12-09 09:00 | Bob | Cy | Cy is ill |",
    );
    let findings = check(&workspace(&md));
    assert_eq!(
        rules_of(&findings),
        vec!["oncall-same-person", "oncall-same-person"]
    );
    assert_eq!(findings[0].line, line_of(&md, "| 2026-11-30 09:00"));
    assert!(
        findings[0]
            .message
            .contains("Ann is both primary and secondary")
    );
    assert_eq!(findings[1].line, line_of(&md, "| 2026-12-08 09:00"));
    assert!(findings[1].message.contains("because of this override"));
}

#[test]
fn a_rotation_running_out_within_fourteen_days_is_a_warning() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-07 09:00 | 2026-12-14 09:00 | Bob | Ann |",
        "",
    );
    let ws = workspace(&md);
    let findings = check_at(&ws, date(2026, 12, 1));
    assert_eq!(rules_of(&findings), vec!["oncall-horizon"]);
    assert_eq!(
        findings[0].line,
        line_of(&md, "| 2026-12-07 09:00 | 2026-12-14")
    );
    assert!(
        findings[0].message.contains("in 13 days"),
        "{}",
        findings[0].message
    );
    // Before the rotation starts nobody is on call either.
    let early = check_at(&ws, date(2026, 11, 29));
    assert_eq!(rules_of(&early), vec!["oncall-nobody-now"]);
    assert!(
        early[0]
            .message
            .contains("the rotation starts only at 2026-11-30 09:00"),
        "{}",
        early[0].message
    );
    let late = check_at(&ws, date(2026, 12, 20));
    assert!(late[0].message.contains("ran out"), "{}", late[0].message);
    // Once it has run out, nobody is on call: an error, not only the horizon warning.
    let mut rules = rules_of(&late);
    rules.sort_unstable();
    assert_eq!(rules, vec!["oncall-horizon", "oncall-nobody-now"]);
    let nobody = late
        .iter()
        .find(|f| f.rule == "oncall-nobody-now")
        .expect("nobody now");
    assert_eq!(nobody.severity, readyroom::rules::Severity::Error);
    assert!(
        nobody
            .message
            .starts_with("Nobody is Primary on-call now (2026-12-20 10:00 Europe/Berlin): the rotation ran out at 2026-12-14 09:00 Europe/Berlin"),
        "{}",
        nobody.message
    );
}

#[test]
fn business_hours_coverage_only_counts_declared_hours() {
    let monday = date(2026, 11, 30);
    let rows: Vec<[String; 4]> = (0..12)
        .map(|day| monday.checked_add(day.days()).expect("date"))
        .filter(|d| d.weekday().to_monday_one_offset() <= 5 && *d != date(2026, 12, 9))
        .map(|d| {
            [
                format!("{d} 09:00"),
                format!("{d} 17:00"),
                "Ann".to_string(),
                "Bob".to_string(),
            ]
        })
        .collect();
    let md = explicit(
        "Time zone: Europe/Berlin\n\nCoverage: business hours Mon-Fri 09:00-17:00",
        &table_rows(&rows),
        "",
    );
    let rot = rotation(&md);
    let a = analyse(&rot);
    assert_eq!(
        a.gaps,
        vec![(
            ts("2026-12-09T09:00:00+01:00"),
            ts("2026-12-09T17:00:00+01:00")
        )]
    );
    assert!((a.hours["Ann"] - 9.0 * 8.0).abs() < 1e-9);
    // Without the coverage line every night and weekend is a hole.
    let all_day = explicit("Time zone: Europe/Berlin", &table_rows(&rows), "");
    assert!(analyse(&rotation(&all_day)).gaps.len() > 5);
}

// ---------------------------------------------------------------------------------
// Overrides

/// Expected (primary, secondary, override reason) at an instant.
type Probe<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

#[test]
fn overrides_exact_partial_and_spanning_give_the_right_person_at_every_probe() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-02 09:00 | 2026-11-09 09:00 | Ann | Bob |
         | 2026-11-09 09:00 | 2026-11-16 09:00 | Cy  | Dee |
         | 2026-11-16 09:00 | 2026-11-23 09:00 | Eve | Cy  |",
        "| 2026-11-02 09:00 | 2026-11-09 09:00 | Xan | Ann | exact    |
         | 2026-11-11 12:00 | 2026-11-12 08:30 | Yul | Dee | partial  |
         | 2026-11-15 18:00 | 2026-11-16 12:00 | Zoe |     | spanning |
         | 2026-11-20 09:00 | 2026-11-21 09:00 | Vic | cy  | by name  |",
    );
    let rot = rotation(&md);
    assert!(rot.problems.is_empty(), "{:?}", rot.problems);
    #[rustfmt::skip]
    let probes: &[Probe<'_>] = &[
        ("2026-11-02T08:59:00+01:00", None, None, None),
        ("2026-11-02T09:00:00+01:00", Some("Xan"), Some("Bob"), Some("exact")),
        ("2026-11-09T08:59:59+01:00", Some("Xan"), Some("Bob"), Some("exact")),
        ("2026-11-09T09:00:00+01:00", Some("Cy"), Some("Dee"), None),
        ("2026-11-11T11:59:00+01:00", Some("Cy"), Some("Dee"), None),
        ("2026-11-11T12:00:00+01:00", Some("Cy"), Some("Yul"), Some("partial")),
        ("2026-11-12T08:29:00+01:00", Some("Cy"), Some("Yul"), Some("partial")),
        ("2026-11-12T08:30:00+01:00", Some("Cy"), Some("Dee"), None),
        ("2026-11-15T17:59:00+01:00", Some("Cy"), Some("Dee"), None),
        ("2026-11-15T18:00:00+01:00", Some("Zoe"), Some("Dee"), Some("spanning")),
        ("2026-11-16T08:59:00+01:00", Some("Zoe"), Some("Dee"), Some("spanning")),
        ("2026-11-16T09:00:00+01:00", Some("Zoe"), Some("Cy"), Some("spanning")),
        ("2026-11-16T11:59:00+01:00", Some("Zoe"), Some("Cy"), Some("spanning")),
        ("2026-11-16T12:00:00+01:00", Some("Eve"), Some("Cy"), None),
        ("2026-11-20T09:00:00+01:00", Some("Eve"), Some("Vic"), Some("by name")),
        ("2026-11-21T09:00:00+01:00", Some("Eve"), Some("Cy"), None),
        ("2026-11-23T09:00:00+01:00", None, None, None),
    ];
    for &(at, primary, secondary, reason) in probes {
        let who = on_call_at(&rot, ts(at));
        assert_eq!(who.primary.as_deref(), primary, "primary at {at}");
        assert_eq!(who.secondary.as_deref(), secondary, "secondary at {at}");
        assert_eq!(who.override_reason.as_deref(), reason, "override at {at}");
    }
    // Every quarter hour of the horizon agrees with a direct reading of the tables.
    let (start, end) = rot.horizon().expect("horizon");
    let mut t = start;
    while t < end {
        let who = on_call_at(&rot, t);
        let shift = rot
            .shifts
            .iter()
            .find(|s| s.start <= t && t < s.end)
            .expect("no holes");
        let mut expected = (shift.primary.clone(), shift.secondary.clone());
        for o in rot.overrides.iter().filter(|o| o.start <= t && t < o.end) {
            let cover = Some(o.on_call.clone());
            match o.replaces.as_deref() {
                None => expected.0 = cover,
                Some(r) if expected.0.as_deref() == Some(r) => expected.0 = cover,
                Some(r) if expected.1.as_deref() == Some(r) => expected.1 = cover,
                Some(_) => {}
            }
        }
        assert_eq!((who.primary, who.secondary), expected, "at {t}");
        t = t.checked_add(15.minutes()).expect("instant");
    }
    let a = analyse(&rot);
    assert!(a.gaps.is_empty() && a.overlaps.is_empty() && a.same_person.is_empty());
    // The spanning override moves the first primary change of 11-15 to 18:00.
    assert_eq!(
        next_handoff(&rot, ts("2026-11-15T12:00:00+01:00")),
        Some(ts("2026-11-15T18:00:00+01:00"))
    );
    assert_eq!(
        next_handoff(&rot, ts("2026-11-15T18:00:00+01:00")),
        Some(ts("2026-11-16T12:00:00+01:00"))
    );
    assert!(check(&workspace(&md)).is_empty());
}

#[test]
fn an_override_fills_a_hole_and_a_misspelt_replacement_is_reported() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-08 09:00 | 2026-12-14 09:00 | Bob | Ann |",
        "| 2026-12-07 09:00 | 2026-12-08 09:00 | Cy  |       | holiday cover |
         | 2026-12-10 09:00 | 2026-12-11 09:00 | Dee | Bobby | swap          |",
    );
    let ws = workspace(&md);
    let rot = build(&ws).expect("rotation");
    assert!(analyse(&rot).gaps.is_empty());
    let findings = check(&ws);
    assert_eq!(rules_of(&findings), vec!["oncall-invalid"]);
    assert_eq!(findings[0].line, line_of(&md, "| 2026-12-10 09:00"));
    assert!(findings[0].message.contains("replaces Bobby"));
}

#[test]
fn settings_are_read_as_a_line_a_list_item_bold_a_table_or_front_matter() {
    // Weekly hand-off Tuesday 10:00 in Dublin, across the spring-forward of 2027-03-28
    // and the fall-back of 2027-10-31; Ann and Bob take turns.
    let mut rows = String::from("| Week of | Primary | Secondary |\n|---|---|---|\n");
    for week in 0..34 {
        let day = date(2027, 3, 23)
            .checked_add((7 * week).days())
            .expect("date");
        let (a, b) = if week % 2 == 0 {
            ("Ann", "Bob")
        } else {
            ("Bob", "Ann")
        };
        writeln!(rows, "| {day} | {a} | {b} |").expect("write");
    }
    let forms = [
        (
            "",
            "Time zone: Europe/Dublin\nHandoff: Tuesday 10:00\nCoverage: 24x7\n",
        ),
        (
            "",
            "- Time zone: Europe/Dublin\n- Hand-off: Tuesday 10:00\n- Coverage: 24x7\n",
        ),
        (
            "",
            "**Time zone:** Europe/Dublin\n**Handoff**: Tuesday 10:00\n**Coverage:** 24x7\n",
        ),
        (
            "",
            "| Time zone | Europe/Dublin |\n|---|---|\n| Handoff | Tuesday 10:00 |\n\
             | Coverage | 24x7 |\n",
        ),
        (
            "---\ntitle: Playbook\ntime_zone: Europe/Dublin\nHand-off: \"Tuesday 10:00\"\n\
             coverage: 24x7 # every hour\n---\n",
            "",
        ),
    ];
    for (front, settings) in forms {
        let md = format!("{front}# Playbook\n\n## On-call rotation\n\n{settings}\n{rows}");
        let rot = rotation(&md);
        assert_eq!(rot.zone_name, "Europe/Dublin", "{md}");
        assert!(!rot.zone_assumed, "{md}");
        assert!(rot.problems.is_empty(), "{md}: {:?}", rot.problems);
        // 2027-03-30 10:00 in Dublin is 09:00 UTC (summer time), not 10:00 UTC.
        // 2027-10-26 and 2027-11-02 10:00 in Dublin are 09:00 and 10:00 UTC.
        for (at, who) in [
            ("2027-03-23T09:59:00Z", "nobody"),
            ("2027-03-23T10:00:00Z", "Ann"),
            ("2027-03-30T08:59:00Z", "Ann"),
            ("2027-03-30T09:00:00Z", "Bob"),
            ("2027-03-30T09:30:00Z", "Bob"),
            ("2027-10-26T08:59:00Z", "Ann"),
            ("2027-10-26T09:00:00Z", "Bob"),
            ("2027-10-31T01:30:00Z", "Bob"),
            ("2027-11-02T09:59:00Z", "Bob"),
            ("2027-11-02T10:00:00Z", "Ann"),
        ] {
            let primary = on_call_at(&rot, ts(at)).primary;
            assert_eq!(primary.as_deref().unwrap_or("nobody"), who, "{at} {md}");
        }
        assert!(check(&workspace(&md)).is_empty(), "{md}");
    }
}

// ---------------------------------------------------------------------------------
// Unreadable rotations

#[test]
fn unknown_zone_reversed_interval_and_bad_date_are_findings_with_their_lines() {
    let md = explicit(
        "Time zone: Europe/Berln",
        "| 2026-11-02 09:00 | 2026-11-09 09:00 | Ann | Bob |
         | 2026-11-16 09:00 | 2026-11-09 09:00 | Cy  | Dee |
         | 2026-11-3O 09:00 | 2026-12-07 09:00 | Eve | Fay |",
        "",
    );
    let findings = check(&workspace(&md));
    let invalid: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.rule == "oncall-invalid")
        .map(|f| (f.line, f.column))
        .collect();
    let reversed = line_of(&md, "| 2026-11-16 09:00");
    let end_column = md
        .lines()
        .nth(reversed - 1)
        .and_then(|l| l.find("2026-11-09"))
        .expect("end cell")
        + 1;
    assert_eq!(
        invalid,
        vec![
            (line_of(&md, "Time zone:"), 12),
            (reversed, end_column),
            (line_of(&md, "2026-11-3O"), 3),
        ]
    );
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(messages[0].contains("Unknown time zone \"Europe/Berln\""));
    assert!(messages[1].contains("before it starts"));
    assert!(messages[2].contains("YYYY-MM-DD HH:MM"));
}

/// Shift intervals as `(start, end)` RFC 3339 strings in UTC, for comparing.
fn intervals(rot: &Rotation) -> Vec<(String, String)> {
    rot.shifts
        .iter()
        .map(|s| (s.start.to_string(), s.end.to_string()))
        .collect()
}

#[test]
fn date_only_rows_run_from_hand_off_through_their_end_date() {
    // End dates name the last day of the shift.
    let through = explicit(
        "Time zone: Europe/Berlin\nHandoff: Monday 10:00",
        "| 2026-11-30 | 2026-12-06 | Ann | Bob |
         | 2026-12-07 | 2026-12-13 | Bob | Ann |",
        "| 2026-12-02 | 2026-12-02 | Cy | Ann | Dentist |",
    );
    // End dates name the day the next shift starts.
    let up_to = explicit(
        "Time zone: Europe/Berlin\nHandoff: Monday 10:00",
        "| 2026-11-30 | 2026-12-07 | Ann | Bob |
         | 2026-12-07 | 2026-12-14 | Bob | Ann |",
        "| 2026-12-02 | 2026-12-02 | Cy | Ann | Dentist |",
    );
    let want = vec![
        (
            "2026-11-30T09:00:00Z".to_string(),
            "2026-12-07T09:00:00Z".to_string(),
        ),
        (
            "2026-12-07T09:00:00Z".to_string(),
            "2026-12-14T09:00:00Z".to_string(),
        ),
    ];
    for md in [&through, &up_to] {
        let rot = rotation(md);
        assert_eq!(intervals(&rot), want, "{md}");
        // A one-day override covers that day, hand-off to hand-off.
        let o = &rot.overrides[0];
        assert_eq!(o.start, ts("2026-12-02T10:00:00+01:00"));
        assert_eq!(o.end, ts("2026-12-03T10:00:00+01:00"));
        let now = on_call_at(&rot, ts("2026-12-02T12:00:00+01:00"));
        assert_eq!(now.primary.as_deref(), Some("Cy"), "{md}");
        assert!(
            check(&workspace(md)).is_empty(),
            "{md}: tidy rows, no finding"
        );
    }
    // Without a Handoff line, dates are read at the default hand-off time (09:00), and a
    // date can sit beside a date-time.
    let mixed = explicit(
        "Time zone: UTC",
        "| 2026-11-30 | 2026-12-06 | Ann | Bob |
         | 2026-12-07 09:00 | 2026-12-14 09:00 | Bob | Ann |",
        "",
    );
    assert_eq!(
        intervals(&rotation(&mixed)),
        vec![
            (
                "2026-11-30T09:00:00Z".to_string(),
                "2026-12-07T09:00:00Z".to_string()
            ),
            (
                "2026-12-07T09:00:00Z".to_string(),
                "2026-12-14T09:00:00Z".to_string()
            ),
        ]
    );
}

#[test]
fn week_of_cells_and_settings_that_cannot_be_read_are_findings() {
    let md = "# Playbook\n\n## Rotation\n\nTime zone: Europe/Berlin\n\n\
              Handoff: Mondays at nine\n\nCoverage: office hours\n\n\
              | Week of | Primary | Secondary |\n|---|---|---|\n\
              | 2026-11-30 | Ann | Bob |\n| next week | Bob | Ann |\n| 2026-12-08 | Cy | Ann |\n";
    let findings = check(&workspace(md));
    let invalid: Vec<usize> = findings
        .iter()
        .filter(|f| f.rule == "oncall-invalid")
        .map(|f| f.line)
        .collect();
    assert_eq!(
        invalid,
        vec![
            line_of(md, "Handoff:"),
            line_of(md, "Coverage:"),
            line_of(md, "next week"),
            line_of(md, "2026-12-08"),
        ]
    );
    let weekday = findings
        .iter()
        .find(|f| f.line == line_of(md, "2026-12-08"))
        .expect("weekday finding");
    assert!(
        weekday.message.contains("is a Tuesday"),
        "{}",
        weekday.message
    );
    assert!(
        weekday.message.contains("(2026-12-07)"),
        "{}",
        weekday.message
    );
}

#[test]
fn a_missing_zone_line_is_a_finding_and_times_read_as_utc() {
    let md = explicit(
        "",
        "| 2026-11-30 09:00 | 2026-12-17 09:00 | Ann | Bob |",
        "",
    );
    let ws = workspace(&md);
    let rot = build(&ws).expect("rotation");
    assert_eq!(rot.zone_name, "UTC");
    assert_eq!(rot.shifts[0].start, ts("2026-11-30T09:00:00Z"));
    let findings = check(&ws);
    assert_eq!(rules_of(&findings), vec!["oncall-no-zone"]);
    assert_eq!(findings[0].severity, readyroom::rules::Severity::Error);
    assert_eq!(findings[0].line, line_of(&md, "## On-call rotation"));
    assert!(findings[0].message.contains("add `Time zone: <IANA name>`"));
    // Every on-call answer names the zone it assumed.
    assert!(rot.zone_assumed);
    let text = report_text(&rot, ts("2026-12-01T10:00:00Z"), &TimeZone::UTC);
    assert!(
        text.contains("UTC (assumed: the rotation names no time zone)"),
        "{text}"
    );
}

#[test]
fn no_shift_rows_means_no_rotation() {
    let ws = workspace("# Playbook\n\n## On-call\n\nTime zone: Europe/Berlin\n");
    assert!(build(&ws).is_none());
    assert!(check(&ws).is_empty());
}

// ---------------------------------------------------------------------------------
// Escalation reachability

const ESCALATION: &str = "\n## Escalation paths\n\n### SEV1\n\n| Step | After | Contact |\n\
                          |---|---|---|\n| 1 | 0 min | Primary on-call |\n\
                          | 2 | 5 min | Secondary on-call |\n| 3 | 15 min | Dana Kim |\n";

#[test]
fn a_secondary_step_with_no_secondary_in_the_rotation_is_unreachable() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-07 09:00 | 2026-12-21 09:00 | Bob |     |",
        "",
    ) + ESCALATION;
    let findings = check(&workspace(&md));
    assert_eq!(rules_of(&findings), vec!["escalation-unreachable"]);
    let f = &findings[0];
    assert_eq!(f.line, line_of(&md, "| 2 | 5 min"));
    assert!(
        f.message
            .starts_with("SEV1 step 2 (Secondary on-call) reaches nobody")
    );
    assert!(
        f.message
            .contains("2026-12-07 09:00 → 2026-12-21 09:00 Europe/Berlin")
    );
}

#[test]
fn a_stand_in_or_blank_marker_names_nobody() {
    let md = explicit(
        "Time zone: Europe/Berlin",
        "| 2026-11-30 09:00 | 2026-12-07 09:00 | Ann | Bob |
         | 2026-12-07 09:00 | 2026-12-14 09:00 | TBD | —   |
         | 2026-12-14 09:00 | 2026-12-21 09:00 | ???  | n/a |",
        "",
    ) + ESCALATION;
    let rot = rotation(&md);
    let now = on_call_at(&rot, ts("2026-12-08T12:00:00+01:00"));
    assert_eq!((now.primary, now.secondary), (None, None));
    // The two weeks are one hole (reported once, not again as unreachable steps).
    let findings = check(&workspace(&md));
    assert_eq!(rules_of(&findings), vec!["oncall-gap"], "{findings:#?}");
    assert!(
        findings[0]
            .message
            .contains("2026-12-07 09:00 → 2026-12-21 09:00"),
        "{}",
        findings[0].message
    );
}

#[test]
fn role_steps_without_any_rotation_are_unreachable() {
    let md = format!("# Playbook\n{ESCALATION}");
    let findings = check(&workspace(&md));
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.rule.as_str(), f.line))
            .collect::<Vec<_>>(),
        vec![
            ("escalation-unreachable", line_of(&md, "| 1 | 0 min")),
            ("escalation-unreachable", line_of(&md, "| 2 | 5 min")),
        ]
    );
}

// ---------------------------------------------------------------------------------
// The sample project

#[test]
fn sample_project_has_exactly_one_gap_and_nothing_else() {
    let ws = sample_workspace();
    let findings = check_at(&ws, date(2026, 12, 1));
    assert_eq!(rules_of(&findings), vec!["oncall-gap"], "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.file, PLAYBOOK);
    let source = &ws.doc(PLAYBOOK).expect("playbook").source;
    assert_eq!(
        f.line,
        line_of(source, "| 2026-12-14 09:00 | 2026-12-20 09:00")
    );
    assert!(
        f.message
            .contains("2026-12-20 09:00 → 2026-12-21 09:00 Europe/Berlin (24 h)"),
        "{}",
        f.message
    );

    // The same through the full rule run, with the sample's own config.
    let project = readyroom::store::load_project(&sample_root(), &readyroom::rules::rule_ids())
        .expect("loads");
    let ctx = Context::new(
        &project.workspace,
        date(2026, 12, 1),
        ts("2026-12-01T10:00:00+01:00"),
    );
    let all = readyroom::rules::run(&ctx, &project.config);
    let rotation_rules: Vec<&str> = all
        .iter()
        .map(|f| f.rule.as_str())
        .filter(|r| r.starts_with("oncall-") || *r == "escalation-unreachable")
        .collect();
    assert_eq!(rotation_rules, vec!["oncall-gap"]);
}

#[test]
fn sample_project_timeline_reads_right_across_its_dst_change() {
    let rot = build(&sample_workspace()).expect("rotation");
    assert_eq!(rot.zone_name, "Europe/Berlin");
    assert_eq!(rot.shifts.len(), 12);
    // 2026-10-25: clocks go back, so the first week is 169 real hours.
    assert_eq!(hours(rot.shifts[0].start, rot.shifts[0].end), 169);
    assert_eq!(rot.shifts[0].end, rot.shifts[1].start);
    let now = on_call_at(&rot, ts("2026-12-01T10:00:00+01:00"));
    assert_eq!(now.primary.as_deref(), Some("Aisha Bello"));
    assert_eq!(now.secondary.as_deref(), Some("Jonas Weber"));
    let dentist = on_call_at(&rot, ts("2026-11-26T12:00:00+01:00"));
    assert_eq!(dentist.primary.as_deref(), Some("Jonas Weber"));
    assert_eq!(dentist.secondary.as_deref(), Some("Aisha Bello"));
    assert_eq!(
        dentist.override_reason.as_deref(),
        Some("Dentist appointment")
    );
    let a = analyse(&rot);
    for (name, expected) in [
        ("Jonas Weber", 528.0),
        ("Mei Tanaka", 480.0),
        ("Tom Becker", 481.0),
        ("Aisha Bello", 504.0),
    ] {
        assert!(
            (a.hours[name] - expected).abs() < 1e-9,
            "{name}: {}",
            a.hours[name]
        );
    }
}

#[test]
fn sample_project_json_report_has_exactly_the_documented_keys() {
    let rot = build(&sample_workspace()).expect("rotation");
    let json = report_json(&rot, ts("2026-12-01T10:00:00+01:00"));
    let keys: BTreeSet<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "at",
            "zone",
            "zone_assumed",
            "primary",
            "secondary",
            "override",
            "next_handoff",
            "gaps",
            "overlaps",
            "hours",
            "horizon_end"
        ])
    );
    assert_eq!(
        json,
        serde_json::json!({
            "at": "2026-12-01T10:00:00+01:00",
            "zone": "Europe/Berlin",
            "zone_assumed": false,
            "primary": "Aisha Bello",
            "secondary": "Jonas Weber",
            "override": null,
            "next_handoff": "2026-12-07T09:00:00+01:00",
            "gaps": [{"start": "2026-12-20T09:00:00+01:00", "end": "2026-12-21T09:00:00+01:00"}],
            "overlaps": [],
            "hours": {"Aisha Bello": 504.0, "Jonas Weber": 528.0, "Mei Tanaka": 480.0, "Tom Becker": 481.0},
            "horizon_end": "2027-01-11T09:00:00+01:00",
        })
    );
    let during_override = report_json(&rot, ts("2026-11-26T09:00:00+01:00"));
    assert_eq!(during_override["override"], "Dentist appointment");
    assert_eq!(during_override["primary"], "Jonas Weber");
}

#[test]
fn sample_project_text_report_shows_both_zones_and_the_next_hand_offs() {
    let rot = build(&sample_workspace()).expect("rotation");
    let tokyo = TimeZone::get("Asia/Tokyo").expect("zone");
    let text = report_text(&rot, ts("2026-12-01T10:00:00+01:00"), &tokyo);
    assert!(
        text.contains("On call at 2026-12-01 10:00 Europe/Berlin (2026-12-01 18:00 Asia/Tokyo)"),
        "{text}"
    );
    assert!(text.contains("primary    Aisha Bello"));
    assert!(text.contains("2026-12-07 09:00 Europe/Berlin (2026-12-07 17:00 Asia/Tokyo)  Aisha Bello → Jonas Weber"), "{text}");
    assert!(text.contains(
        "2026-12-14 09:00 Europe/Berlin (2026-12-14 17:00 Asia/Tokyo)  Jonas Weber → Tom Becker"
    ));
    assert!(text.contains(
        "2026-12-20 09:00 Europe/Berlin (2026-12-20 17:00 Asia/Tokyo)  Tom Becker → nobody"
    ));
    assert!(text.contains("2026-12-20 09:00 → 2026-12-21 09:00 Europe/Berlin (24 h)"));
    assert!(text.contains("runs out in 41 days"));
    assert!(text.contains("Jonas Weber    528.0 h"), "{text}");
}

#[test]
fn sample_project_ics_parses_with_an_independent_parser() {
    let rot = build(&sample_workspace()).expect("rotation");
    let opts = IcsOptions::new("Checkout API", ts("2026-12-01T09:00:00Z"));
    let text = ics(&rot, &opts);
    assert_eq!(text, ics(&rot, &opts), "export is reproducible");
    let events = exported(&text);
    // 12 shifts × (primary + secondary), one of them cut in two by the override,
    // plus the override.
    assert_eq!(events.len(), 26);
    let uids: BTreeSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids.len(), events.len());
    assert_eq!(events[0].summary, "On call (primary): Tom Becker");
    assert_eq!(events[0].start, ts("2026-10-19T07:00:00Z"));
    assert_eq!(events[0].end, ts("2026-10-26T08:00:00Z"));
    assert_eq!(events[1].summary, "On call (secondary): Mei Tanaka");
    assert!(text.contains("DTSTAMP:20261201T090000Z\r\n"));
    assert_eq!(text.matches("DTSTAMP:").count(), events.len());
    assert!(
        events
            .iter()
            .any(|e| e.summary == "On call (primary): Jonas Weber"
                && e.uid.contains("-override")
                && e.start == ts("2026-11-26T09:00:00+01:00"))
    );
    assert_final_schedule(&rot, &events, RoleChoice::All, None);
}

// ---------------------------------------------------------------------------------
// Property: calendar-built chains never show false gaps or overlaps

const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
    "America/Santiago",
    "Europe/London",
    "UTC",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn calendar_chains_have_no_false_gaps_or_overlaps(
        zone in prop::sample::select(ZONES),
        year in 2024i16..2034,
        day_of_year in 0i64..365,
        hour in 0i8..24,
        minute in prop::sample::select(&[0i8, 15, 30, 45][..]),
        lengths in prop::collection::vec((1i64..15, any::<bool>()), 1..25),
        probe in 0.0f64..1.0,
    ) {
        let first = date(year, 1, 1).checked_add(day_of_year.days()).expect("date");
        let mut at = first.at(hour, minute, 0, 0);
        let mut rows = Vec::new();
        for (i, (n, weeks)) in lengths.iter().enumerate() {
            let next = if *weeks { at.checked_add(n.weeks()) } else { at.checked_add(n.days()) }
                .expect("date");
            rows.push([cell(at), cell(next), format!("P{}", i % 3), format!("S{}", i % 3)]);
            at = next;
        }
        let md = explicit(&format!("Time zone: {zone}"), &table_rows(&rows), "");
        let rot = rotation(&md);
        prop_assert_eq!(rot.shifts.len(), rows.len());
        for pair in rot.shifts.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
        }
        let a = analyse(&rot);
        prop_assert!(a.gaps.is_empty(), "false gaps {:?}", a.gaps);
        prop_assert!(a.overlaps.is_empty(), "false overlaps {:?}", a.overlaps);
        let (start, end) = rot.horizon().expect("horizon");
        let total: f64 = a.hours.values().sum();
        prop_assert!((total - end.duration_since(start).as_secs_f64() / 3600.0).abs() < 1e-6);
        let span = end.duration_since(start).as_secs_f64();
        let t = start + SignedDuration::from_secs_f64(span * probe);
        prop_assert!(on_call_at(&rot, t).primary.is_some());
        // Weekly rotations written as `Week of` rows agree with the explicit form.
        let handoff = first.weekday();
        let weeks = lines((0..i64::try_from(lengths.len()).expect("small")).map(|w| {
            format!("| {} | P{w} |", first.checked_add((w * 7).days()).expect("date"))
        }));
        let weekly_md = format!(
            "# Playbook\n\n## On-call\n\nTime zone: {zone}\n\n\
             Handoff: {handoff:?} {hour:02}:{minute:02}\n\n\
             | Week of | Primary |\n|---|---|\n{weeks}"
        );
        let weekly = rotation(&weekly_md);
        prop_assert!(weekly.problems.is_empty(), "{:?}", weekly.problems);
        let wa = analyse(&weekly);
        prop_assert!(wa.gaps.is_empty() && wa.overlaps.is_empty());
        for s in &weekly.shifts {
            let h = hours(s.start, s.end);
            prop_assert!((166..=170).contains(&h), "a week of {} h", h);
        }
    }
}

// ---------------------------------------------------------------------------------
// The iCalendar export is the final schedule

/// One exported event as the independent `ical` parser reads it.
#[derive(Debug, Clone)]
struct Exported {
    uid: String,
    summary: String,
    start: Timestamp,
    end: Timestamp,
    alarm: Option<String>,
}

fn exported(text: &str) -> Vec<Exported> {
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("valid iCalendar");
    assert_eq!(calendars.len(), 1);
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let instant = |s: String| {
        let dt = DateTime::strptime("%Y%m%dT%H%M%SZ", &s).expect("UTC date-time");
        TimeZone::UTC
            .to_ambiguous_timestamp(dt)
            .compatible()
            .expect("instant")
    };
    calendars[0]
        .events
        .iter()
        .map(|e| Exported {
            uid: prop(&e.properties, "UID"),
            summary: prop(&e.properties, "SUMMARY"),
            start: instant(prop(&e.properties, "DTSTART")),
            end: instant(prop(&e.properties, "DTEND")),
            alarm: e.alarms.first().map(|a| prop(&a.properties, "TRIGGER")),
        })
        .collect()
}

/// People named by the events running at `t`.
fn named_at(events: &[Exported], t: Timestamp) -> BTreeSet<String> {
    events
        .iter()
        .filter(|e| e.start <= t && t < e.end)
        .map(|e| {
            e.summary
                .rsplit(": ")
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

const OVERRIDDEN: &str = "## On-call\n\nTime zone: Europe/Berlin\n\n\
     | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
     | 2026-12-01 09:00 | 2026-12-08 09:00 | Ann | Bob |\n\
     | 2026-12-08 09:00 | 2026-12-15 09:00 | Bob | Ann |\n\n\
     ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
     | 2026-12-03 09:00 | 2026-12-04 09:00 | Cy | Ann | dentist |\n\
     | 2026-12-10 09:00 | 2026-12-11 09:00 | Dee |  | swap |\n";

/// The role and person of an exported event's summary, `On call (ROLE): PERSON`.
fn role_and_person(summary: &str) -> (&str, &str) {
    let rest = summary
        .strip_prefix("On call (")
        .expect("summary names the role");
    rest.split_once("): ").expect("summary names the person")
}

/// The events as a partition of the final schedule: within a role no two overlap, and
/// at every piece of the horizon the events name exactly who `on_call_at` says holds
/// each exported role (only `person`'s roles in a personal feed).
fn assert_final_schedule(
    rot: &Rotation,
    events: &[Exported],
    roles: RoleChoice,
    person: Option<&str>,
) {
    let events: Vec<Exported> = events
        .iter()
        .filter(|e| !e.summary.starts_with("Shadow"))
        .cloned()
        .collect();
    let events = events.as_slice();
    for role in ["primary", "secondary"] {
        let mut mine: Vec<&Exported> = events
            .iter()
            .filter(|e| role_and_person(&e.summary).0 == role)
            .collect();
        mine.sort_by_key(|e| e.start);
        for pair in mine.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{role} overlap: {pair:#?}");
        }
    }
    let mut cuts: Vec<Timestamp> = rot
        .shifts
        .iter()
        .flat_map(|s| [s.start, s.end])
        .chain(rot.overrides.iter().flat_map(|o| [o.start, o.end]))
        .chain(events.iter().flat_map(|e| [e.start, e.end]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let t = w[0];
        let now = on_call_at(rot, t);
        let mut expected = BTreeSet::new();
        for (role, who, wanted) in [
            ("primary", &now.primary, roles != RoleChoice::Secondary),
            ("secondary", &now.secondary, roles != RoleChoice::Primary),
        ] {
            if let Some(who) = who
                && wanted
                && person.is_none_or(|p| p == who)
            {
                expected.insert((role.to_string(), who.clone()));
            }
        }
        let got: BTreeSet<(String, String)> = events
            .iter()
            .filter(|e| e.start <= t && t < e.end)
            .map(|e| {
                let (role, who) = role_and_person(&e.summary);
                (role.to_string(), who.to_string())
            })
            .collect();
        assert_eq!(got, expected, "at {t}");
    }
}

#[test]
fn ics_does_not_double_book_an_overridden_shift() {
    let rot = rotation(OVERRIDDEN);
    let events = exported(&ics(
        &rot,
        &IcsOptions::new("Pay", ts("2026-12-01T00:00:00Z")),
    ));
    let during = named_at(&events, ts("2026-12-03T12:00:00+01:00"));
    assert_eq!(
        during,
        BTreeSet::from(["Bob".to_string(), "Cy".to_string()]),
        "{events:#?}"
    );
    let later = named_at(&events, ts("2026-12-10T12:00:00+01:00"));
    assert_eq!(
        later,
        BTreeSet::from(["Ann".to_string(), "Dee".to_string()])
    );
    assert_final_schedule(&rot, &events, RoleChoice::All, None);
    // Ann's first shift is cut around Cy's day: two parts, not one whole week.
    let ann_primary: Vec<(Timestamp, Timestamp)> = events
        .iter()
        .filter(|e| e.summary == "On call (primary): Ann")
        .map(|e| (e.start, e.end))
        .collect();
    assert_eq!(
        ann_primary,
        vec![
            (
                ts("2026-12-01T09:00:00+01:00"),
                ts("2026-12-03T09:00:00+01:00")
            ),
            (
                ts("2026-12-04T09:00:00+01:00"),
                ts("2026-12-08T09:00:00+01:00")
            ),
        ]
    );
}

#[test]
fn ics_personal_feed_role_filter_reminder_and_stable_uids() {
    let rot = rotation(OVERRIDDEN);
    let stamp = ts("2026-12-01T00:00:00Z");
    let all = exported(&ics(&rot, &IcsOptions::new("Pay", stamp)));
    let ann = exported(&ics(
        &rot,
        &IcsOptions {
            person: Some("Ann"),
            ..IcsOptions::new("Pay", stamp)
        },
    ));
    assert!(ann.iter().all(|e| role_and_person(&e.summary).1 == "Ann"));
    assert_eq!(ann.len(), 3, "{ann:#?}");
    assert_final_schedule(&rot, &ann, RoleChoice::All, Some("Ann"));
    let secondary = exported(&ics(
        &rot,
        &IcsOptions {
            role: RoleChoice::Secondary,
            remind: Some(SignedDuration::from_mins(15)),
            ..IcsOptions::new("Pay", stamp)
        },
    ));
    assert!(
        secondary
            .iter()
            .all(|e| e.summary.starts_with("On call (secondary)"))
    );
    assert_final_schedule(&rot, &secondary, RoleChoice::Secondary, None);
    assert!(
        secondary
            .iter()
            .all(|e| e.alarm.as_deref().is_some_and(|t| t.starts_with("-PT"))),
        "{secondary:#?}"
    );
    // A UID names the same part in every export: filtered feeds reuse the full
    // export's UIDs, and another stamp changes no UID.
    let uid_of = |events: &[Exported]| -> BTreeSet<(String, Timestamp, String)> {
        events
            .iter()
            .map(|e| (e.summary.clone(), e.start, e.uid.clone()))
            .collect()
    };
    assert!(uid_of(&ann).is_subset(&uid_of(&all)));
    assert!(uid_of(&secondary).is_subset(&uid_of(&all)));
    let restamped = exported(&ics(
        &rot,
        &IcsOptions::new("Pay", ts("2027-01-01T00:00:00Z")),
    ));
    assert_eq!(uid_of(&restamped), uid_of(&all));
}

#[test]
fn ics_final_schedule_holds_across_dst_and_overlapping_overrides() {
    // Berlin falls back on 2026-10-25; overrides nest, span the change and a hand-off.
    let md = "## On-call\n\nTime zone: Europe/Berlin\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
         | 2026-10-19 09:00 | 2026-10-26 09:00 | Ann | Bob |\n\
         | 2026-10-26 09:00 | 2026-11-02 09:00 | Bob | Cy |\n\n\
         ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
         | 2026-10-24 18:00 | 2026-10-27 09:00 | Dee | Bob | trip |\n\
         | 2026-10-25 01:00 | 2026-10-25 04:00 |  Eve |  | night |\n";
    let rot = rotation(md);
    let events = exported(&ics(
        &rot,
        &IcsOptions::new("Pay", ts("2026-12-01T00:00:00Z")),
    ));
    assert_final_schedule(&rot, &events, RoleChoice::All, None);
    // Eve's night is 4 real hours (the 02:00 hour happens twice).
    let eve = events
        .iter()
        .find(|e| e.summary == "On call (primary): Eve")
        .expect("Eve's night");
    assert_eq!(
        eve.end.duration_since(eve.start),
        SignedDuration::from_hours(4)
    );
}

// ---------------------------------------------------------------------------------
// Layers: several rotation sections judged together

/// Follow-the-sun over three days in three zones without daylight saving, each layer
/// taking eight UTC hours: APAC Tokyo 09:00-17:00 (00-08 UTC), EMEA Kolkata
/// 13:30-21:30 (08-16 UTC), AMER São Paulo 13:00-21:00 (16-24 UTC). APAC is written
/// as a weekly row clipped by its `Coverage:`, the others as one row per day.
fn follow_the_sun(amer_rows: &str) -> String {
    format!(
        "# Playbook\n\n## On-call\n\nFollow the sun.\n\n\
         ### APAC rotation\n\nTime zone: Asia/Tokyo\n\nLayer: APAC\n\n\
         Coverage: Mon–Sun 09:00–17:00\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
         | 2026-12-07 00:00 | 2026-12-10 00:00 | Aiko | Ken |\n\n\
         ### EMEA rotation\n\nTime zone: Asia/Kolkata\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
         | 2026-12-07 13:30 | 2026-12-07 21:30 | Ravi | Anil |\n\
         | 2026-12-08 13:30 | 2026-12-08 21:30 | Ravi | Anil |\n\
         | 2026-12-09 13:30 | 2026-12-09 21:30 | Ravi | Anil |\n\n\
         ### AMER rotation\n\nTime zone: America/Sao_Paulo\n\n\
         | Start | End | Primary | Secondary |\n|---|---|---|---|\n{amer_rows}"
    )
}

const AMER_ROWS: &str = "| 2026-12-06 13:00 | 2026-12-06 21:00 | Bia | Caio |\n\
     | 2026-12-07 13:00 | 2026-12-07 21:00 | Bia | Caio |\n\
     | 2026-12-08 13:00 | 2026-12-08 21:00 | Bia | Caio |\n";

#[test]
fn follow_the_sun_layers_leave_no_false_hole_and_name_their_layer() {
    let md = follow_the_sun(AMER_ROWS);
    let rot = rotation(&md);
    assert!(rot.problems.is_empty(), "{:?}", rot.problems);
    let a = analyse(&rot);
    // AMER's first day (16:00 UTC on the 6th) to EMEA's last (16:00 UTC on the 9th),
    // the three layers handing over to each other every eight hours.
    assert_eq!(
        rot.horizon(),
        Some((ts("2026-12-06T16:00:00Z"), ts("2026-12-09T16:00:00Z")))
    );
    assert!(a.gaps.is_empty(), "{:?}", a.gaps);
    assert!(a.no_secondary.is_empty(), "{:?}", a.no_secondary);
    // APAC's weekly row is clipped to its three daily windows.
    assert_eq!(
        rot.shifts
            .iter()
            .filter(|s| s.primary.as_deref() == Some("Aiko"))
            .count(),
        3
    );
    assert!(a.overlaps.is_empty(), "{:?}", a.overlaps);
    let probe = |t: &str| {
        let t = ts(t);
        (
            on_call_at(&rot, t).primary,
            readyroom::rotation::layer_at(&rot, t).map(str::to_string),
        )
    };
    assert_eq!(
        probe("2026-12-07T03:00:00Z"),
        (Some("Aiko".into()), Some("APAC".into()))
    );
    assert_eq!(
        probe("2026-12-07T09:00:00Z"),
        (Some("Ravi".into()), Some("EMEA rotation".into()))
    );
    assert_eq!(
        probe("2026-12-07T20:00:00Z"),
        (Some("Bia".into()), Some("AMER rotation".into()))
    );
    let text = report_text(&rot, ts("2026-12-07T03:00:00Z"), &TimeZone::UTC);
    assert!(text.contains("  layer      APAC\n"), "{text}");
    assert!(text.contains("Aiko → Ravi (EMEA rotation)"), "{text}");
    let json = report_json(&rot, ts("2026-12-07T09:00:00Z"));
    assert_eq!(json["layer"], "EMEA rotation");
}

#[test]
fn deleting_one_layer_shift_makes_exactly_one_gap() {
    let complete = follow_the_sun(AMER_ROWS);
    let before = rules_of(&check(&workspace(&complete)))
        .into_iter()
        .filter(|r| *r == "oncall-gap")
        .count();
    let without = complete.replace("| 2026-12-07 13:00 | 2026-12-07 21:00 | Bia | Caio |\n", "");
    assert_ne!(without, complete);
    let findings = check(&workspace(&without));
    let gaps: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.as_str() == "oncall-gap")
        .collect();
    assert_eq!(before, 0);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    // 16:00-24:00 UTC on the 7th, in the rotation's zone (the first layer's, Tokyo).
    assert!(
        gaps[0]
            .message
            .contains("2026-12-08 01:00 → 2026-12-08 09:00 Asia/Tokyo (8 h)"),
        "{}",
        gaps[0].message
    );
}

#[test]
fn shadows_are_exported_and_shown_but_never_responders() {
    let md = "## On-call\n\nTime zone: Europe/Berlin\n\n\
         | Start | End | Primary | Secondary | Shadow |\n|---|---|---|---|---|\n\
         | 2026-12-01 09:00 | 2026-12-08 09:00 | Ann | Bob | Nia |\n\
         | 2026-12-08 09:00 | 2026-12-15 09:00 | Bob | Ann |  |\n\n\
         ### Overrides\n\n| Start | End | On call | Replaces | Reason | Shadow |\n\
         |---|---|---|---|---|---|\n\
         | 2026-12-10 09:00 | 2026-12-11 09:00 | Cy |  | swap | nia |\n";
    let rot = rotation(md);
    assert!(rot.problems.is_empty(), "{:?}", rot.problems);
    assert_eq!(rot.shifts[0].shadow.as_deref(), Some("Nia"));
    assert_eq!(
        rot.overrides[0].shadow.as_deref(),
        Some("Nia"),
        "spelled as first written"
    );
    let a = analyse(&rot);
    assert!(!a.hours.contains_key("Nia"));
    let now = on_call_at(&rot, ts("2026-12-02T12:00:00+01:00"));
    assert_eq!(
        (now.primary.as_deref(), now.secondary.as_deref()),
        (Some("Ann"), Some("Bob"))
    );
    let stamp = ts("2026-12-01T00:00:00Z");
    let events = exported(&ics(&rot, &IcsOptions::new("Pay", stamp)));
    assert_final_schedule(&rot, &events, RoleChoice::All, None);
    let shadows: Vec<(Timestamp, Timestamp)> = events
        .iter()
        .filter(|e| e.summary == "Shadow (on call): Nia")
        .map(|e| (e.start, e.end))
        .collect();
    assert_eq!(
        shadows,
        vec![
            (
                ts("2026-12-01T09:00:00+01:00"),
                ts("2026-12-08T09:00:00+01:00")
            ),
            (
                ts("2026-12-10T09:00:00+01:00"),
                ts("2026-12-11T09:00:00+01:00")
            ),
        ]
    );
    let nia = exported(&ics(
        &rot,
        &IcsOptions {
            person: Some("Nia"),
            ..IcsOptions::new("Pay", stamp)
        },
    ));
    assert_eq!(nia.len(), 2);
    let secondary = exported(&ics(
        &rot,
        &IcsOptions {
            role: RoleChoice::Secondary,
            ..IcsOptions::new("Pay", stamp)
        },
    ));
    assert!(secondary.iter().all(|e| !e.summary.starts_with("Shadow")));
    // A shadow is no cover: a row with a shadow but no primary is a hole, and one with
    // a shadow but no secondary leaves the step paging the secondary reaching nobody.
    let alone = md.replace(
        "| 2026-12-08 09:00 | 2026-12-15 09:00 | Bob | Ann |  |",
        "| 2026-12-08 09:00 | 2026-12-15 09:00 | Bob | Ann |  |\n\
         | 2026-12-15 09:00 | 2026-12-16 09:00 |  | Ann | Nia |\n\
         | 2026-12-16 09:00 | 2026-12-17 09:00 | Ann |  | Nia |",
    );
    assert_ne!(alone, md);
    assert_eq!(
        analyse(&rotation(&alone)).gaps,
        vec![(
            ts("2026-12-15T09:00:00+01:00"),
            ts("2026-12-16T09:00:00+01:00")
        )]
    );
    let ws = workspace(&format!(
        "{alone}\n## Escalation paths\n\n### SEV1\n\n| Step | After | Contact | Channel |\n\
         |---|---|---|---|\n| 1 | 0 min | Primary on-call | PagerDuty |\n\
         | 2 | 5 min | Secondary on-call | PagerDuty |\n"
    ));
    let findings = check(&ws);
    let rules = rules_of(&findings);
    assert!(rules.contains(&"oncall-gap"), "{rules:?}");
    assert!(rules.contains(&"escalation-unreachable"), "{rules:?}");
}

// ---------------------------------------------------------------------------------
// Leave

const ON_LEAVE: &str = "## On-call\n\nTime zone: Europe/Berlin\n\n\
     | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
     | 2026-12-01 09:00 | 2026-12-08 09:00 | Ann | Bob |\n\
     | 2026-12-08 09:00 | 2026-12-15 09:00 | Bob | Ann |\n\n\
     ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
     | 2026-12-03 00:00 | 2026-12-04 00:00 | Cy | Ann | covers Ann's leave |\n\n\
     ## Time off\n\n| Person | From | To | Reason |\n|---|---|---|---|\n\
     | ann | 2026-12-03 | 2026-12-04 | family |\n\
     | Dee | 2026-12-01 | 2026-12-20 | sabbatical |\n";

#[test]
fn duty_on_leave_not_covered_by_an_override_is_an_error_with_a_suggested_row() {
    let ws = workspace(ON_LEAVE);
    let findings = check(&ws);
    let unavailable: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.as_str() == "oncall-unavailable")
        .collect();
    assert_eq!(unavailable.len(), 1, "{findings:#?}");
    let f = unavailable[0];
    assert_eq!(
        f.line,
        line_of(ON_LEAVE, "| 2026-12-01 09:00 | 2026-12-08 09:00 | Ann")
    );
    assert!(
        f.message.starts_with(
            "Ann is primary on call 2026-12-04 00:00 → 2026-12-05 00:00 Europe/Berlin (24 h) \
             but on leave then (family, docs/operations/incident-response.md:"
        ),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("`| 2026-12-04 00:00 | 2026-12-05 00:00 | <who covers> | Ann | family |`"),
        "{}",
        f.message
    );
    // Without the override, the whole two days clash.
    let bare = ON_LEAVE.replace(
        "| 2026-12-03 00:00 | 2026-12-04 00:00 | Cy | Ann | covers Ann's leave |\n",
        "",
    );
    let findings = check(&workspace(&bare));
    let f = findings
        .iter()
        .find(|f| f.rule.as_str() == "oncall-unavailable")
        .expect("clash");
    assert!(
        f.message
            .contains("2026-12-03 00:00 → 2026-12-05 00:00 Europe/Berlin (48 h)")
    );
    // A leave row that cannot be read is a finding at its line.
    let bad = ON_LEAVE.replace("| Dee | 2026-12-01 |", "| Dee | soon |");
    let findings = check(&workspace(&bad));
    assert!(
        findings.iter().any(|f| f.rule.as_str() == "oncall-invalid"
            && f.line == line_of(&bad, "| Dee | soon |")
            && f.message.contains("cannot be read")),
        "{findings:#?}"
    );
}

// ---------------------------------------------------------------------------------
// Load and fairness

/// Ann is primary from Friday 23 October 09:00 to Monday 26 October 09:00 in Berlin,
/// across the fall-back night of Sunday 25 October; Bob is primary for the day after.
/// Monday 26 October is a holiday.
const LOADED: &str = "## On-call\n\nTime zone: Europe/Berlin\n\n\
     | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
     | 2026-10-23 09:00 | 2026-10-26 09:00 | Ann | Bob |\n\
     | 2026-10-26 09:00 | 2026-10-27 09:00 | Bob | Ann |\n";

#[test]
fn load_figures_match_a_hand_count_across_dst_and_a_holiday() {
    use readyroom::rotation::load::load;
    let rot = rotation(LOADED);
    let holiday = (
        ts("2026-10-26T00:00:00+01:00"),
        ts("2026-10-27T00:00:00+01:00"),
    );
    let l = load(&rot, None, None, &[holiday]);
    assert_eq!(l.from, Some(ts("2026-10-23T09:00:00+02:00")));
    assert_eq!(l.to, Some(ts("2026-10-27T09:00:00+01:00")));
    let round = |h: f64| (h * 100.0).round() / 100.0;
    let figures: Vec<(&str, [f64; 7], usize)> = l
        .people
        .iter()
        .map(|p| {
            (
                p.person.as_str(),
                [
                    p.total, p.primary, p.business, p.nights, p.weekends, p.holidays, p.longest,
                ]
                .map(round),
                p.shifts,
            )
        })
        .collect();
    // By hand, Ann: primary Fri 09-17 business 8 h, Fri 17-24 night 7 h, Saturday 24 h,
    // Sunday 25 h (the clocks go back), Mon 00-09 holiday 9 h = 73 h; secondary Mon
    // 09-24 holiday 15 h, Tue 00-09 night 9 h = 24 h. Bob holds the same hours with
    // the roles swapped. Each is on call without a break for all 97 h.
    assert_eq!(
        figures,
        vec![
            ("Ann", [97.0, 73.0, 8.0, 16.0, 49.0, 24.0, 97.0], 2),
            ("Bob", [97.0, 24.0, 8.0, 16.0, 49.0, 24.0, 97.0], 2),
        ]
    );
    assert_eq!(l.balance.map(round), Some(0.33));
    // A window cuts the counts: Saturday alone.
    let sat = load(
        &rot,
        Some(ts("2026-10-24T00:00:00+02:00")),
        Some(ts("2026-10-25T00:00:00+02:00")),
        &[holiday],
    );
    assert!((sat.people[0].weekends - 24.0).abs() < 1e-9);
    assert!((sat.people[0].total - 24.0).abs() < 1e-9);
    assert_eq!(sat.balance, Some(1.0));
}

// ---------------------------------------------------------------------------------
// The final schedule, built in one sweep, agrees with who is on call at each instant

/// A rotation of shifts that overlap and leave gaps, and overrides that nest and
/// replace the primary, the secondary or someone not on call: each shift is (start
/// hour, length, primary, secondary) and each override (start hour, length, who,
/// whom it replaces; past the people: nobody named).
fn tangled_rotation(
    shifts: &[(i64, i64, usize, usize)],
    overrides: &[(i64, i64, usize, usize)],
) -> Rotation {
    const PEOPLE: [&str; 5] = ["Ann", "Bob", "Cy", "Dee", "Eve"];
    let base = date(2026, 3, 20).at(9, 0, 0, 0);
    let at = |h: i64| cell(base.checked_add(h.hours()).expect("date-time"));
    let rows = lines(shifts.iter().map(|&(start, len, p, s)| {
        format!(
            "| {} | {} | {} | {} |",
            at(start),
            at(start + len),
            PEOPLE[p],
            PEOPLE[s]
        )
    }));
    let ovr = lines(overrides.iter().map(|&(start, len, who, replaces)| {
        let replaces = PEOPLE.get(replaces).copied().unwrap_or("");
        format!(
            "| {} | {} | {} | {replaces} | cover |",
            at(start),
            at(start + len),
            PEOPLE[who]
        )
    }));
    rotation(&explicit("Time zone: Europe/Berlin", &rows, &ovr))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every duty of the final schedule names who `on_call_at` says holds that role at
    /// each boundary inside it, and every boundary where someone holds a role lies in
    /// one of that person's duties.
    #[test]
    fn the_final_schedule_agrees_with_who_is_on_call_at_every_boundary(
        shifts in prop::collection::vec((0i64..200, 1i64..60, 0usize..4, 0usize..4), 1..12),
        overrides in prop::collection::vec((0i64..220, 1i64..40, 0usize..5, 0usize..6), 0..12),
    ) {
        let rot = tangled_rotation(&shifts, &overrides);
        let duties = readyroom::rotation::final_schedule(&rot);
        for t in readyroom::rotation::boundaries(&rot) {
            let now = on_call_at(&rot, t);
            for (secondary, who) in [(false, &now.primary), (true, &now.secondary)] {
                let holding: Vec<&String> = duties
                    .iter()
                    .filter(|d| {
                        d.start <= t
                            && t < d.end
                            && (d.role == readyroom::rotation::OnCallRole::Secondary) == secondary
                    })
                    .map(|d| &d.person)
                    .collect();
                prop_assert_eq!(holding, who.iter().collect::<Vec<_>>(), "at {}", t);
            }
        }
    }

    /// The analysis, made in one sweep, agrees with `on_call_at` between every two
    /// boundaries of the horizon: a hole exactly where nobody is primary, each person's
    /// hours as the sum of the pieces they hold, and an overlap exactly where the shifts
    /// running give the time to different primaries.
    #[test]
    fn the_analysis_agrees_with_who_is_on_call_between_every_two_boundaries(
        shifts in prop::collection::vec((0i64..200, 1i64..60, 0usize..4, 0usize..4), 1..12),
        overrides in prop::collection::vec((0i64..220, 1i64..40, 0usize..5, 0usize..6), 0..12),
    ) {
        let rot = tangled_rotation(&shifts, &overrides);
        let a = analyse(&rot);
        let (from, to) = rot.horizon().expect("horizon");
        let cuts: Vec<Timestamp> = readyroom::rotation::boundaries(&rot)
            .into_iter()
            .filter(|&t| from <= t && t <= to)
            .collect();
        let within = |mut spans: std::slice::Iter<'_, (Timestamp, Timestamp)>, t: Timestamp| {
            spans.any(|&(s, e)| s <= t && t < e)
        };
        let overlaps: Vec<(Timestamp, Timestamp)> = a.overlaps.iter().map(|o| (o.start, o.end)).collect();
        let mut hours: BTreeMap<String, f64> = BTreeMap::new();
        for w in cuts.windows(2) {
            let (t, u) = (w[0], w[1]);
            let now = on_call_at(&rot, t);
            prop_assert_eq!(
                within(a.gaps.iter(), t),
                now.primary.is_none(),
                "hole at {}", t
            );
            if let Some(p) = now.primary {
                *hours.entry(p).or_default() += u.duration_since(t).as_secs_f64() / 3600.0;
            }
            let primaries: BTreeSet<&String> = rot
                .shifts
                .iter()
                .filter(|s| s.start <= t && t < s.end)
                .filter_map(|s| s.primary.as_ref())
                .collect();
            prop_assert_eq!(
                within(overlaps.iter(), t),
                primaries.len() > 1,
                "overlap at {}", t
            );
        }
        prop_assert_eq!(hours.keys().collect::<Vec<_>>(), a.hours.keys().collect::<Vec<_>>());
        for (person, h) in &hours {
            prop_assert!((a.hours[person] - h).abs() < 1e-6, "{}: {} h, not {} h", person, a.hours[person], h);
        }
    }
}
