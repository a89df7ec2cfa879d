//! Drift between the rotation and a paging tool's iCalendar export, on fixtures in
//! the shapes PagerDuty (UTC `Z` times, folded lines, the person between dashes) and
//! Opsgenie (`TZID=` local times, an email address in the summary) export, both with
//! CRLF line ends and a cancelled event; across the Berlin autumn change and an
//! override.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use readyroom::model::{Role, Workspace};
use readyroom::parse::{extract_items, parse_document};
use readyroom::rotation::pager::{Drift, People, drift, read_calendar};
use readyroom::rotation::{OnCallRole, Rotation, build};

const PLAYBOOK_MD: &str = "# Incident response\n\n## Contacts\n\n\
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

fn setup() -> (Workspace, Rotation) {
    let doc = parse_document(
        "docs/operations/incident-response.md",
        PLAYBOOK_MD.to_string(),
        Some(Role::Playbook),
    )
    .expect("markdown parses");
    let docs = vec![doc];
    let (items, notes) = extract_items(&docs);
    let ws = Workspace::new(docs, items, Vec::new(), Vec::new(), Vec::new(), notes);
    let rot = build(&ws).expect("rotation");
    (ws, rot)
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/pager/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("fixture");
    assert!(
        text.contains("\r\n"),
        "fixture {name} keeps its CRLF line ends"
    );
    text
}

fn drift_of(name: &str) -> Vec<Drift> {
    let (ws, rot) = setup();
    let cal = read_calendar(&fixture(name), &rot.zone).expect("calendar");
    assert!(cal.problems.is_empty(), "{:?}", cal.problems);
    let people = People::from_workspace(&rot, &ws);
    drift(&rot, OnCallRole::Primary, &cal.events, &people)
}

fn d(
    start: &str,
    end: &str,
    docs: Option<&str>,
    pager: Option<&str>,
) -> (Timestamp, Timestamp, Option<String>, Option<String>) {
    (
        ts(start),
        ts(end),
        docs.map(str::to_string),
        pager.map(str::to_string),
    )
}

fn plain(drifts: &[Drift]) -> Vec<(Timestamp, Timestamp, Option<String>, Option<String>)> {
    drifts
        .iter()
        .map(|x| (x.start, x.end, x.docs.clone(), x.pager.clone()))
        .collect()
}

#[test]
fn utc_export_drifts_an_hour_at_the_dst_change_and_misses_the_override() {
    let drifts = drift_of("pagerduty-utc.ics");
    assert_eq!(
        plain(&drifts),
        vec![
            // The pager ended Mei's week at 07:00 UTC, still summer time: the rotation's
            // 09:00 hand-off is 08:00 UTC after the change of 25 October.
            d(
                "2026-10-26T07:00:00Z",
                "2026-10-26T08:00:00Z",
                Some("Mei Tanaka"),
                Some("Tom Becker")
            ),
            d(
                "2026-10-28T08:00:00Z",
                "2026-10-29T08:00:00Z",
                Some("Jonas Weber"),
                Some("Tom Becker")
            ),
        ]
    );
    assert_eq!(drifts[0].pager_line, Some(16));
}

#[test]
fn tzid_export_with_emails_drifts_exactly_one_minute() {
    let drifts = drift_of("opsgenie-tzid.ics");
    assert_eq!(
        plain(&drifts),
        vec![d(
            "2026-11-02T07:59:00Z",
            "2026-11-02T08:00:00Z",
            Some("Tom Becker"),
            None
        )]
    );
}

#[test]
fn summaries_name_people_by_name_handle_or_email_and_unknown_text_stays() {
    let (ws, rot) = setup();
    let people = People::from_workspace(&rot, &ws);
    assert_eq!(
        people.identify("On Call - Mei Tanaka - Payments Primary"),
        "Mei Tanaka"
    );
    assert_eq!(people.identify("MEI@example.com"), "Mei Tanaka");
    assert_eq!(people.identify("@tom.becker (primary)"), "Tom Becker");
    assert_eq!(people.identify("Payments: jonas"), "Jonas Weber");
    assert_eq!(people.identify("Jonasson"), "Jonasson");
}

#[test]
fn unreadable_events_are_problems_with_their_lines_and_garbage_is_refused() {
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n\
                DTSTART;TZID=W. Europe Standard Time:20261019T090000\r\n\
                DTEND:20261026T070000Z\r\nSUMMARY:Mei\r\nEND:VEVENT\r\n\
                BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261019T070000Z\r\nDURATION:PT8H\r\n\
                SUMMARY:Tom\\, primary\r\nEND:VEVENT\r\n\
                BEGIN:VEVENT\r\nUID:c\r\nDTSTART:2026-10-19\r\nSUMMARY:x\r\nEND:VEVENT\r\n\
                END:VCALENDAR\r\n";
    let cal = read_calendar(text, &TimeZone::UTC).expect("calendar");
    assert_eq!(cal.events.len(), 1);
    assert_eq!(cal.events[0].summary, "Tom, primary");
    assert_eq!(cal.events[0].end, ts("2026-10-19T15:00:00Z"));
    assert_eq!(cal.problems.len(), 2, "{:?}", cal.problems);
    assert_eq!(cal.problems[0].0, 3);
    assert!(cal.problems[0].1.contains("not an IANA zone name"));
    assert_eq!(cal.problems[1].0, 15);
    assert!(read_calendar("not a calendar at all", &TimeZone::UTC).is_err());
}
