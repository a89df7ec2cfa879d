//! Waivers: documented exceptions that expire. A table under a heading containing
//! "Waivers" or "Exceptions" in a core document, `ID | Rule | Item | Reason | Approved by
//! | Expires`, waives the findings of one rule about one item (by ID) or one file (by
//! path) until its expiry date, the last day it holds. A waived finding stays listed
//! but does not count in the verdict. An expired waiver no longer waives
//! (`waiver-expired`), an incomplete one never does (`waiver-incomplete`), and a live
//! one that matches nothing is reported (`waiver-unused`). Pure: no IO.

use jiff::civil::Date;
use serde::Serialize;

use super::finding::Finding;
use super::text::parse_date;
use super::{Context, RuleId, rule_info};
use crate::model::{Document, Span, Table, Workspace};

/// Default for `[waivers] max_days`: how far ahead a waiver's expiry may be.
pub const DEFAULT_MAX_DAYS: i64 = 90;

/// The columns of a waiver table, in the order `readyroom waive` writes a new table.
pub const COLUMNS: [WaiverColumn; 6] = [
    WaiverColumn::Id,
    WaiverColumn::Rule,
    WaiverColumn::Item,
    WaiverColumn::Reason,
    WaiverColumn::ApprovedBy,
    WaiverColumn::Expires,
];

/// The meaning of a waiver table's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverColumn {
    /// The waiver's ID (`W-1`).
    Id,
    /// The rule id waived.
    Rule,
    /// The item ID or the project-relative file the waiver covers.
    Item,
    /// Why the exception is acceptable.
    Reason,
    /// Who approved it.
    ApprovedBy,
    /// The last day it holds (YYYY-MM-DD).
    Expires,
}

impl WaiverColumn {
    /// The column header as `readyroom waive` writes it.
    pub fn header(self) -> &'static str {
        match self {
            WaiverColumn::Id => "ID",
            WaiverColumn::Rule => "Rule",
            WaiverColumn::Item => "Item",
            WaiverColumn::Reason => "Reason",
            WaiverColumn::ApprovedBy => "Approved by",
            WaiverColumn::Expires => "Expires",
        }
    }

    /// The column a header names, matched case-insensitively, ignoring punctuation
    /// and spacing.
    pub fn from_header(header: &str) -> Option<WaiverColumn> {
        let compact: String = header
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match compact.as_str() {
            "id" | "ref" | "waiver" => WaiverColumn::Id,
            "rule" | "ruleid" | "check" => WaiverColumn::Rule,
            "item" | "itemid" | "file" | "scope" | "target" => WaiverColumn::Item,
            "reason" | "justification" | "why" => WaiverColumn::Reason,
            "approvedby" | "approver" | "approved" => WaiverColumn::ApprovedBy,
            "expires" | "expiry" | "expireson" | "until" | "expirydate" => WaiverColumn::Expires,
            _ => return None,
        })
    }
}

/// The column of each header cell of `table`, when it is a waiver table: under a
/// heading containing "waiver" or "exception", with a Rule and an Item column.
pub fn waiver_columns(doc: &Document, table: &Table) -> Option<Vec<Option<WaiverColumn>>> {
    if !(doc.in_section(table.section, "waiver") || doc.in_section(table.section, "exception")) {
        return None;
    }
    let columns: Vec<Option<WaiverColumn>> = table
        .header
        .iter()
        .map(|c| WaiverColumn::from_header(&c.text))
        .collect();
    let has = |w: WaiverColumn| columns.contains(&Some(w));
    (has(WaiverColumn::Rule) && has(WaiverColumn::Item)).then_some(columns)
}

/// The first waiver table of the core documents: (document index, table index).
pub fn waiver_table(ws: &Workspace) -> Option<(usize, usize)> {
    ws.docs.iter().enumerate().find_map(|(di, doc)| {
        doc.role?;
        doc.tables
            .iter()
            .position(|t| waiver_columns(doc, t).is_some())
            .map(|ti| (di, ti))
    })
}

/// One row of a waiver table, its cells as written (made inert).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The waiver's ID; derived from its line (`waiver:12`) when the row has none.
    pub id: String,
    /// The rule id waived.
    pub rule: String,
    /// The item ID or project-relative file covered.
    pub item: String,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// The expiry cell as written.
    pub expires: String,
    /// Index of the document in the workspace.
    pub doc: usize,
    /// The row's bytes.
    pub span: Span,
}

/// Every waiver row of the core documents, in document order.
pub fn waivers(ws: &Workspace) -> Vec<Waiver> {
    let mut out = Vec::new();
    for (di, doc) in ws.docs.iter().enumerate().filter(|(_, d)| d.role.is_some()) {
        for table in &doc.tables {
            let Some(columns) = waiver_columns(doc, table) else {
                continue;
            };
            for row in &table.rows {
                if row.cells.iter().all(|c| c.text.trim().is_empty()) {
                    continue;
                }
                let cell = |w: WaiverColumn| {
                    columns
                        .iter()
                        .position(|c| *c == Some(w))
                        .and_then(|i| row.cells.get(i))
                        .map_or_else(String::new, |c| c.text.trim().to_string())
                };
                let id = cell(WaiverColumn::Id);
                out.push(Waiver {
                    id: if id.is_empty() {
                        format!("waiver:{}", row.line)
                    } else {
                        id
                    },
                    rule: cell(WaiverColumn::Rule),
                    item: cell(WaiverColumn::Item),
                    reason: cell(WaiverColumn::Reason),
                    approved_by: cell(WaiverColumn::ApprovedBy),
                    expires: cell(WaiverColumn::Expires),
                    doc: di,
                    span: row.span,
                });
            }
        }
    }
    out
}

/// What a finding carries when a live waiver covers it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Waived {
    /// The waiver's ID.
    pub id: String,
    /// Why the exception is acceptable.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// The last day it holds (YYYY-MM-DD).
    pub expires: String,
}

/// Whether a waiver waives, as of today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiverState {
    /// It waives until this date (inclusive).
    Live(Date),
    /// It ended on this date, before today.
    Expired(Date),
    /// It cannot waive: what is missing or wrong.
    Incomplete(String),
}

/// Judge `w` on `today`; an expiry more than `max_days` ahead is incomplete.
pub fn state(w: &Waiver, today: Date, max_days: i64) -> WaiverState {
    let mut missing = Vec::new();
    if w.reason.is_empty() {
        missing.push("a reason");
    }
    if w.approved_by.is_empty() {
        missing.push("an approver");
    }
    if w.expires.is_empty() {
        missing.push("an expiry date");
    }
    if w.item.is_empty() {
        missing.push("an item or file");
    }
    if !missing.is_empty() {
        return WaiverState::Incomplete(format!(
            "lacks {}; fill it in, or the finding it is for counts",
            missing.join(", ")
        ));
    }
    if rule_info(&w.rule).is_none_or(|r| is_waiver_rule(r.rule)) {
        return WaiverState::Incomplete(format!(
            "names `{}`, which is not a rule that can be waived; write a rule id from \
             `readyroom check`",
            w.rule
        ));
    }
    let Some(expires) = parse_date(&w.expires) else {
        return WaiverState::Incomplete(format!(
            "expiry `{}` is not a date; write it as YYYY-MM-DD",
            w.expires
        ));
    };
    if expires < today {
        return WaiverState::Expired(expires);
    }
    let ahead = today
        .until(expires)
        .map_or(i64::MAX, |s| i64::from(s.get_days()));
    if ahead > max_days {
        return WaiverState::Incomplete(format!(
            "expires {expires}, {} ahead, more than the {} \
             [waivers] max_days allows; pick an earlier date",
            crate::model::wording::days(ahead),
            crate::model::wording::days(max_days)
        ));
    }
    WaiverState::Live(expires)
}

/// Why a waiver about to be written would not waive on `today`: what the
/// `waiver-incomplete` or `waiver-expired` finding it would get says; `None` when it
/// is live.
pub fn why_not_live(
    rule: &str,
    item: &str,
    reason: &str,
    approved_by: &str,
    expires: Date,
    today: Date,
    max_days: i64,
) -> Option<String> {
    let w = Waiver {
        id: String::new(),
        rule: rule.trim().to_string(),
        item: item.trim().to_string(),
        reason: reason.trim().to_string(),
        approved_by: approved_by.trim().to_string(),
        expires: expires.to_string(),
        doc: 0,
        span: Span::default(),
    };
    match state(&w, today, max_days) {
        WaiverState::Live(_) => None,
        WaiverState::Expired(date) => Some(format!(
            "the waiver would have expired already ({date} is before today, {today}); \
             pick a later date"
        )),
        WaiverState::Incomplete(why) => Some(format!("the waiver {why}")),
    }
}

/// True for the rules about waivers themselves, which no waiver covers.
fn is_waiver_rule(rule: RuleId) -> bool {
    matches!(
        rule,
        RuleId::WaiverExpired | RuleId::WaiverIncomplete | RuleId::WaiverUnused
    )
}

/// True when waiver `w` covers finding `f`: the same rule, and its item is the
/// finding's item ID or file.
pub fn covers(w: &Waiver, f: &Finding) -> bool {
    f.rule.as_str() == w.rule && (f.item.as_deref() == Some(w.item.as_str()) || f.file == w.item)
}

/// Mark the findings live waivers cover and return the findings about the waivers
/// themselves (expired, incomplete, unused).
pub fn apply(ctx: &Context<'_>, max_days: i64, findings: &mut [Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    for w in waivers(ctx.ws) {
        let doc = &ctx.ws.docs[w.doc];
        let finding = |rule: RuleId, message: String| {
            Finding::at(
                rule,
                rule.info().severity,
                doc,
                w.span,
                Some(&w.id),
                format!("waiver {} ({} on {}) {message}", w.id, w.rule, w.item),
            )
        };
        match state(&w, ctx.today, max_days) {
            WaiverState::Incomplete(why) => out.push(finding(RuleId::WaiverIncomplete, why)),
            WaiverState::Expired(date) => out.push(finding(
                RuleId::WaiverExpired,
                format!(
                    "expired on {date}; what it waived counts again: fix it, or renew the \
                     waiver with a new approval and expiry"
                ),
            )),
            WaiverState::Live(date) => {
                let mut used = false;
                for f in findings
                    .iter_mut()
                    .filter(|f| f.waived.is_none() && !is_waiver_rule(f.rule) && covers(&w, f))
                {
                    used = true;
                    f.waived = Some(Waived {
                        id: w.id.clone(),
                        reason: w.reason.clone(),
                        approved_by: w.approved_by.clone(),
                        expires: date.to_string(),
                    });
                }
                if !used {
                    out.push(finding(
                        RuleId::WaiverUnused,
                        "covers no finding; remove the row, or fix its rule or item".to_string(),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;
    use crate::rules::Severity;

    const OBS: &str = "docs/operations/observability-status.md";
    const LOG: &str = "docs/release/change-log.md";

    fn ws(waiver_row: &str) -> Workspace {
        let obs = "# Obs\n\n| ID | Signal | Status | Owner | Due |\n|---|---|---|---|---|\n\
                   | TEL-1 | Errors | missing | | 2026-12-20 |\n";
        let log = format!(
            "# Change log\n\n## Waivers\n\n| ID | Rule | Item | Reason | Approved by | Expires |\n\
             |---|---|---|---|---|---|\n{waiver_row}\n"
        );
        let sources = vec![(OBS.to_string(), obs.to_string()), (LOG.to_string(), log)];
        workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default())
    }

    fn today() -> Date {
        jiff::civil::date(2026, 12, 1)
    }

    fn run(ws: &Workspace, today: Date) -> Vec<Finding> {
        let ctx = Context::new(ws, today, "2026-12-01T10:00:00Z".parse().unwrap());
        super::super::run(&ctx, &ProjectConfig::default())
    }

    fn row(expires: &str) -> String {
        format!("| W-1 | gap-no-owner | TEL-1 | Vendor fix pending | Dana Kim | {expires} |")
    }

    fn owner_finding(fs: &[Finding]) -> &Finding {
        fs.iter().find(|f| f.rule == RuleId::GapNoOwner).unwrap()
    }

    #[test]
    fn a_waiver_expiring_today_still_waives() {
        let w = ws(&row("2026-12-01"));
        let fs = run(&w, today());
        let waived = owner_finding(&fs).waived.as_ref().unwrap();
        assert_eq!(waived.id, "W-1");
        assert_eq!(waived.expires, "2026-12-01");
        assert_eq!(waived.approved_by, "Dana Kim");
        assert!(!fs.iter().any(|f| f.rule.as_str().starts_with("waiver-")));
        let v = super::super::verdict(&w, &fs);
        let gaps = |v: &super::super::Verdict| v.criteria[1].passed;
        assert!(gaps(&v), "{fs:?}");
        assert_eq!(v.waived, 1);
        assert_eq!(v.errors, fs.iter().filter(|f| f.blocks()).count());
        let unwaived = ws("");
        let before = super::super::verdict(&unwaived, &run(&unwaived, today()));
        assert!(!gaps(&before));
        assert_eq!(before.errors, v.errors + 1);
    }

    #[test]
    fn a_waiver_that_expired_yesterday_waives_nothing_and_is_an_error() {
        let w = ws(&row("2026-11-30"));
        let fs = run(&w, today());
        assert!(owner_finding(&fs).waived.is_none());
        let expired = fs.iter().find(|f| f.rule == RuleId::WaiverExpired).unwrap();
        assert_eq!(expired.severity, Severity::Error);
        assert_eq!(expired.file, LOG);
        assert_eq!(expired.line, 7);
        assert!(expired.message.contains("expired on 2026-11-30"));
        let v = super::super::verdict(&w, &fs);
        assert!(!v.ready);
        assert!(!v.criteria[1].passed);
        assert_eq!(v.waived, 0);
    }

    #[test]
    fn a_waiver_expiring_tomorrow_waives() {
        let fs = run(&ws(&row("2026-12-02")), today());
        assert!(owner_finding(&fs).waived.is_some());
    }

    #[test]
    fn the_same_waiver_expires_the_day_after_its_date() {
        let w = ws(&row("2026-12-01"));
        let fs = run(&w, jiff::civil::date(2026, 12, 2));
        assert!(owner_finding(&fs).waived.is_none());
        assert!(fs.iter().any(|f| f.rule == RuleId::WaiverExpired));
    }

    #[test]
    fn dates_are_calendar_days_whatever_the_clock_changes() {
        // 2027-03-28 is a daylight-saving change in Europe; civil dates do not see it.
        let w = ws(&row("2027-03-29"));
        let fs = run(&w, jiff::civil::date(2027, 3, 28));
        assert!(owner_finding(&fs).waived.is_some());
        let waiver = &waivers(&w)[0];
        assert_eq!(
            state(waiver, jiff::civil::date(2027, 3, 28), 1),
            WaiverState::Live(jiff::civil::date(2027, 3, 29))
        );
        assert!(matches!(
            state(waiver, jiff::civil::date(2027, 3, 27), 1),
            WaiverState::Incomplete(_)
        ));
    }

    #[test]
    fn a_waiver_without_reason_approver_or_expiry_is_incomplete_and_waives_nothing() {
        let w = ws("| W-1 | gap-no-owner | TEL-1 | | | |");
        let fs = run(&w, today());
        assert!(owner_finding(&fs).waived.is_none());
        let f = fs
            .iter()
            .find(|f| f.rule == RuleId::WaiverIncomplete)
            .unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message
                .contains("lacks a reason, an approver, an expiry date"),
            "{}",
            f.message
        );
    }

    #[test]
    fn an_expiry_beyond_max_days_is_incomplete() {
        let w = ws(&row("2027-03-02"));
        let fs = run(&w, today());
        let f = fs
            .iter()
            .find(|f| f.rule == RuleId::WaiverIncomplete)
            .unwrap();
        assert!(f.message.contains("91 days ahead"), "{}", f.message);
        assert!(owner_finding(&fs).waived.is_none());
        // 90 days ahead is allowed.
        assert!(
            owner_finding(&run(&ws(&row("2027-03-01")), today()))
                .waived
                .is_some()
        );
    }

    #[test]
    fn max_days_comes_from_the_config() {
        let w = ws(&row("2026-12-20"));
        let ctx = Context::new(&w, today(), "2026-12-01T10:00:00Z".parse().unwrap());
        let config = ProjectConfig::parse(
            "[waivers]\nmax_days = 7\n",
            "readyroom.toml",
            &super::super::rule_ids(),
        )
        .unwrap();
        let fs = super::super::run(&ctx, &config);
        assert!(fs.iter().any(|f| f.rule == RuleId::WaiverIncomplete));
    }

    #[test]
    fn an_unknown_rule_is_incomplete_and_an_unmatched_waiver_unused() {
        let fs = run(
            &ws("| W-1 | no-such-rule | TEL-1 | r | Dana | 2026-12-10 |"),
            today(),
        );
        assert!(fs.iter().any(|f| f.rule == RuleId::WaiverIncomplete));
        let fs = run(
            &ws("| W-2 | gap-no-owner | TEL-9 | r | Dana | 2026-12-10 |"),
            today(),
        );
        let f = fs.iter().find(|f| f.rule == RuleId::WaiverUnused).unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.item.as_deref(), Some("W-2"));
    }

    #[test]
    fn a_waiver_may_name_the_file_instead_of_the_item() {
        let fs = run(
            &ws(&format!(
                "| W-1 | gap-no-owner | {OBS} | r | Dana | 2026-12-10 |"
            )),
            today(),
        );
        assert!(owner_finding(&fs).waived.is_some());
    }

    #[test]
    fn headers_read_with_aliases_and_the_table_needs_its_heading() {
        assert_eq!(
            WaiverColumn::from_header("**Approved by**"),
            Some(WaiverColumn::ApprovedBy)
        );
        assert_eq!(
            WaiverColumn::from_header("Expiry"),
            Some(WaiverColumn::Expires)
        );
        assert_eq!(WaiverColumn::from_header("Notes"), None);
        let sources = vec![(
            LOG.to_string(),
            "# Log\n\n## Notes\n\n| ID | Rule | Item |\n|---|---|---|\n| W-1 | x | y |\n"
                .to_string(),
        )];
        let w = workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default());
        assert!(waivers(&w).is_empty());
        assert_eq!(waiver_table(&w), None);
        assert_eq!(waiver_table(&ws(&row("2026-12-02"))), Some((1, 0)));
    }
}
