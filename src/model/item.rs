//! Structured items (telemetry rows, alerts, escalation steps, shifts, requirements,
//! change-log entries, actions, acknowledgements) and their fields.

use std::sync::Arc;

use serde::Serialize;

use super::span::Span;

/// What an item is, decided from its table header or list and the section it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A row of a severity definition table (`Severity | Definition`).
    Severity,
    /// A telemetry / KPI row of the observability report.
    Telemetry,
    /// An alert threshold row (`Alert | Threshold`).
    Alert,
    /// One step of an escalation path.
    EscalationStep,
    /// A person in the contacts / roster table.
    Contact,
    /// An on-call shift.
    Shift,
    /// An on-call override.
    Override,
    /// A requirement or NFR row of the RTM.
    Requirement,
    /// A change-log entry (table row or dated list item) outside the audit trail.
    ChangeEntry,
    /// A line of the change log's audit trail: a dated list item under a heading that
    /// contains "Audit" (sign-offs, revocations, handover acknowledgements).
    AuditEntry,
    /// A task-list action (post-incident action, follow-up).
    Action,
    /// A stakeholder acknowledgement task item.
    Acknowledgement,
}

impl ItemKind {
    /// The prefix of derived IDs for items of this kind.
    pub fn id_prefix(self) -> &'static str {
        match self {
            ItemKind::Severity => "sev",
            ItemKind::Telemetry => "telemetry",
            ItemKind::Alert => "alert",
            ItemKind::EscalationStep => "esc",
            ItemKind::Contact => "contact",
            ItemKind::Shift => "shift",
            ItemKind::Override => "override",
            ItemKind::Requirement => "req",
            ItemKind::ChangeEntry => "log",
            ItemKind::AuditEntry => "audit",
            ItemKind::Action => "action",
            ItemKind::Acknowledgement => "ack",
        }
    }

    /// A short plural name for summaries.
    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Severity => "severity levels",
            ItemKind::Telemetry => "telemetry items",
            ItemKind::Alert => "alert thresholds",
            ItemKind::EscalationStep => "escalation steps",
            ItemKind::Contact => "contacts",
            ItemKind::Shift => "on-call shifts",
            ItemKind::Override => "on-call overrides",
            ItemKind::Requirement => "requirements",
            ItemKind::ChangeEntry => "change-log entries",
            ItemKind::AuditEntry => "audit-trail lines",
            ItemKind::Action => "actions",
            ItemKind::Acknowledgement => "acknowledgements",
        }
    }

    /// True for the kinds people refer to by ID, which warn when the ID is missing.
    pub fn wants_id(self) -> bool {
        matches!(
            self,
            ItemKind::Telemetry | ItemKind::Alert | ItemKind::Requirement
        )
    }
}

/// The meaning of a column (or an inline `key: value` of a list item).
///
/// Header text is matched case-insensitively, ignoring punctuation and spacing, against
/// the aliases in [`FieldKey::from_header`]; anything else is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum FieldKey {
    Id,
    Owner,
    Due,
    Status,
    Type,
    Category,
    Runbook,
    SignOff,
    Signal,
    Alert,
    Threshold,
    Severity,
    Step,
    Who,
    Contact,
    After,
    Channel,
    Name,
    Role,
    Handle,
    Phone,
    TimeZone,
    WeekOf,
    Start,
    End,
    Primary,
    Secondary,
    OnCall,
    Replaces,
    Reason,
    Requirement,
    Design,
    Test,
    Release,
    OpsEvidence,
    Date,
    Entry,
    Dashboard,
    /// The text of a task-list item.
    Text,
    /// The checkbox of a task-list item (`x` or space).
    Checkbox,
    /// A column readyroom does not interpret, by its header as written.
    Other(String),
}

impl FieldKey {
    /// Resolve a header (or inline key) to its meaning.
    pub fn from_header(header: &str) -> FieldKey {
        let compact: String = header
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match compact.as_str() {
            "id" | "ref" | "key" | "identifier" => FieldKey::Id,
            "owner" | "assignee" | "remediationowner" | "responsible" | "actionowner" => {
                FieldKey::Owner
            }
            "due" | "duedate" | "deadline" | "targetdate" | "dueby" => FieldKey::Due,
            "status" | "state" => FieldKey::Status,
            "type" | "kind" => FieldKey::Type,
            "category" | "nfrcategory" => FieldKey::Category,
            "runbook" | "playbook" | "runbooks" => FieldKey::Runbook,
            "signoff" | "signedoff" => FieldKey::SignOff,
            "signal" | "metric" | "kpi" | "telemetry" | "sli" | "indicator" => FieldKey::Signal,
            "alert" | "alertname" => FieldKey::Alert,
            "threshold" | "condition" | "trigger" => FieldKey::Threshold,
            "severity" | "sev" | "priority" => FieldKey::Severity,
            "step" | "order" | "tier" => FieldKey::Step,
            "who" | "escalateto" => FieldKey::Who,
            "contact" | "contacts" => FieldKey::Contact,
            "after" | "delay" | "wait" | "escalateafter" | "aftermin" | "aftermins"
            | "afterminutes" => FieldKey::After,
            "channel" | "via" | "medium" | "method" => FieldKey::Channel,
            "name" | "person" | "engineer" => FieldKey::Name,
            "role" | "position" | "function" => FieldKey::Role,
            "handle" | "slack" | "username" | "chat" => FieldKey::Handle,
            "phone" | "mobile" | "tel" | "telephone" => FieldKey::Phone,
            "timezone" | "tz" | "zone" => FieldKey::TimeZone,
            "weekof" | "week" | "weekstarting" | "weekstart" => FieldKey::WeekOf,
            "start" | "from" | "starts" | "begin" | "begins" => FieldKey::Start,
            "end" | "to" | "until" | "ends" => FieldKey::End,
            "primary" | "primaryoncall" => FieldKey::Primary,
            "secondary" | "secondaryoncall" | "backup" => FieldKey::Secondary,
            "oncall" | "covering" | "cover" | "substitute" => FieldKey::OnCall,
            "replaces" | "replacing" | "insteadof" => FieldKey::Replaces,
            "reason" | "why" => FieldKey::Reason,
            "requirement" | "req" | "requirementtext" => FieldKey::Requirement,
            "design" | "designevidence" | "designref" => FieldKey::Design,
            "test" | "tests" | "testevidence" | "verification" => FieldKey::Test,
            "release" | "releaseevidence" => FieldKey::Release,
            "opsevidence"
            | "operationalevidence"
            | "operationsevidence"
            | "ops"
            | "operations"
            | "opsreadiness" => FieldKey::OpsEvidence,
            "date" | "when" | "day" => FieldKey::Date,
            "entry" | "change" | "description" | "summary" | "item" | "risk" | "action" => {
                FieldKey::Entry
            }
            "dashboard" | "dashboards" => FieldKey::Dashboard,
            _ => FieldKey::Other(header.trim().to_string()),
        }
    }

    /// The canonical column name, as `init` writes it and help shows it.
    pub fn canonical(&self) -> &str {
        match self {
            FieldKey::Id => "ID",
            FieldKey::Owner => "Owner",
            FieldKey::Due => "Due",
            FieldKey::Status => "Status",
            FieldKey::Type => "Type",
            FieldKey::Category => "Category",
            FieldKey::Runbook => "Runbook",
            FieldKey::SignOff => "Sign-off",
            FieldKey::Signal => "Signal",
            FieldKey::Alert => "Alert",
            FieldKey::Threshold => "Threshold",
            FieldKey::Severity => "Severity",
            FieldKey::Step => "Step",
            FieldKey::Who => "Who",
            FieldKey::Contact => "Contact",
            FieldKey::After => "After",
            FieldKey::Channel => "Channel",
            FieldKey::Name => "Name",
            FieldKey::Role => "Role",
            FieldKey::Handle => "Handle",
            FieldKey::Phone => "Phone",
            FieldKey::TimeZone => "Time zone",
            FieldKey::WeekOf => "Week of",
            FieldKey::Start => "Start",
            FieldKey::End => "End",
            FieldKey::Primary => "Primary",
            FieldKey::Secondary => "Secondary",
            FieldKey::OnCall => "On call",
            FieldKey::Replaces => "Replaces",
            FieldKey::Reason => "Reason",
            FieldKey::Requirement => "Requirement",
            FieldKey::Design => "Design",
            FieldKey::Test => "Test",
            FieldKey::Release => "Release",
            FieldKey::OpsEvidence => "Ops evidence",
            FieldKey::Date => "Date",
            FieldKey::Entry => "Entry",
            FieldKey::Dashboard => "Dashboard",
            FieldKey::Text => "Text",
            FieldKey::Checkbox => "Done",
            FieldKey::Other(name) => name,
        }
    }
}

/// One field of an item: a table cell, or a part of a task item's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// What the field means.
    pub key: FieldKey,
    /// The header (or inline key) as written in the document, shared by the fields of
    /// one column.
    pub header: Arc<str>,
    /// The content bytes, surrounding spaces excluded: `&source[span]` is the raw text.
    pub span: Span,
    /// The enclosing cell between its pipes (same as `span` for list-item fields).
    pub cell: Span,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column of the content.
    pub column: usize,
    /// Plain text of the content, made inert; shared with the table cell it comes from.
    pub text: Arc<str>,
    /// The document's links in this field.
    pub links: super::LinkRange,
}

/// A parsed sign-off: who signed, when, and the fingerprint of the item at that time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    /// The signer's name as written.
    pub signer: String,
    /// The ISO date of signing.
    pub date: String,
    /// The lowercase hex fingerprint recorded at signing.
    pub fingerprint: String,
    /// The lowercase hex fingerprint of the sections the item linked to at signing
    /// (`ev:HEX`); `None` in sign-offs written without it.
    pub evidence: Option<String>,
}

impl SignOff {
    /// Parse `NAME YYYY-MM-DD fp:HEX [ev:HEX]` leniently: separators may be spaces,
    /// commas or semicolons, the `fp:` prefix is optional, each hex part 8 to 64 digits.
    pub fn parse(text: &str) -> Option<SignOff> {
        let text = text.trim();
        let bytes = text.as_bytes();
        let date_at = (0..bytes.len().saturating_sub(9))
            .find(|&i| text.is_char_boundary(i) && is_iso_date_prefix(&text[i..]))?;
        let signer = text[..date_at]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '·' | '—'))
            .trim();
        let rest = text[date_at + 10..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '·' | '—'));
        let is_hex =
            |h: &str| (8..=64).contains(&h.len()) && h.chars().all(|c| c.is_ascii_hexdigit());
        let (rest, evidence) = match rest.find("ev:") {
            Some(i) if i > 0 => {
                let ev = rest[i + 3..].trim();
                if !is_hex(ev) {
                    return None;
                }
                (
                    rest[..i]
                        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';')),
                    Some(ev.to_ascii_lowercase()),
                )
            }
            _ => (rest, None),
        };
        let hex = rest
            .strip_prefix("fp:")
            .or_else(|| rest.strip_prefix("fp "))
            .or_else(|| rest.strip_prefix("fp="))
            .unwrap_or(rest)
            .trim();
        if signer.is_empty() || !is_hex(hex) {
            return None;
        }
        Some(SignOff {
            signer: signer.to_string(),
            date: text[date_at..date_at + 10].to_string(),
            fingerprint: hex.to_ascii_lowercase(),
            evidence,
        })
    }

    /// The canonical written form, `NAME YYYY-MM-DD fp:HEX`, then ` ev:HEX` when the
    /// evidence was fingerprinted.
    pub fn render(&self) -> String {
        let mut s = format!("{} {} fp:{}", self.signer, self.date, self.fingerprint);
        if let Some(ev) = &self.evidence {
            s.push_str(" ev:");
            s.push_str(ev);
        }
        s
    }
}

/// True when `text` starts with `YYYY-MM-DD` not followed by another digit (the shape
/// only; calendar validity is checked by the rules).
pub fn is_iso_date_prefix(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b.get(10).is_none_or(|c| !c.is_ascii_digit())
}

/// A structured item: a row or task item with an ID, a kind and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The ID from the ID column, or a derived one (`telemetry:p99-latency`).
    pub id: String,
    /// True when the ID was derived because the item has none.
    pub derived_id: bool,
    /// What the item is.
    pub kind: ItemKind,
    /// Index of the document in the workspace.
    pub doc: usize,
    /// The item's line (table row or list item first line), without line ending.
    pub span: Span,
    /// 1-based line.
    pub line: usize,
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// A grouping label: the severity of an escalation step, the section title otherwise.
    pub group: String,
    /// Index of the table in the document, for row items.
    pub table: Option<usize>,
    /// Index of the task entry in the document, for task items.
    pub task: Option<usize>,
    /// Checkbox state of task items.
    pub checked: Option<bool>,
}

impl Item {
    /// The first field with this meaning.
    pub fn field(&self, key: &FieldKey) -> Option<&Field> {
        self.fields.iter().find(|f| &f.key == key)
    }

    /// The plain text of the first field with this meaning, or `""`.
    pub fn text(&self, key: &FieldKey) -> &str {
        self.field(key).map_or("", |f| &*f.text)
    }

    /// The links an alert's runbook is read from, as indexes into its document's
    /// links: its Runbook cell's, else (a row with no Runbook column) every cell's.
    pub fn runbook_links(&self) -> Vec<usize> {
        match self.field(&FieldKey::Runbook) {
            Some(f) => f.links.iter().collect(),
            None => self.fields.iter().flat_map(|f| f.links).collect(),
        }
    }

    /// True when the item has a field with this meaning (even an empty one).
    pub fn has(&self, key: &FieldKey) -> bool {
        self.field(key).is_some()
    }

    /// The sign-off recorded in the item, if its Sign-off field parses.
    pub fn signoff(&self) -> Option<SignOff> {
        self.field(&FieldKey::SignOff)
            .and_then(|f| SignOff::parse(&f.text))
    }

    /// The headers of the item's fields, as written: what an error about a field the
    /// item lacks lists as the ones it has.
    pub fn headers(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.header.to_string()).collect()
    }

    /// A one-line title for lists: the most descriptive field's text.
    pub fn title(&self) -> &str {
        let keys = [
            FieldKey::Signal,
            FieldKey::Alert,
            FieldKey::Requirement,
            FieldKey::Entry,
            FieldKey::Text,
            FieldKey::Name,
            FieldKey::Who,
            FieldKey::Contact,
            FieldKey::Primary,
            FieldKey::OnCall,
            FieldKey::Severity,
        ];
        keys.iter()
            .map(|k| self.text(k))
            .find(|t| !t.is_empty())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_aliases_ignoring_case_and_punctuation() {
        assert_eq!(FieldKey::from_header("Assignee"), FieldKey::Owner);
        assert_eq!(FieldKey::from_header("**Due date**"), FieldKey::Due);
        assert_eq!(FieldKey::from_header("Target Date:"), FieldKey::Due);
        assert_eq!(FieldKey::from_header("Signed off"), FieldKey::SignOff);
        assert_eq!(FieldKey::from_header("sign-off"), FieldKey::SignOff);
        assert_eq!(FieldKey::from_header("Remediation owner"), FieldKey::Owner);
        assert_eq!(FieldKey::from_header("KPI"), FieldKey::Signal);
        assert_eq!(FieldKey::from_header("Ops evidence"), FieldKey::OpsEvidence);
        assert_eq!(
            FieldKey::from_header("Notes"),
            FieldKey::Other("Notes".to_string())
        );
    }

    #[test]
    fn signoff_parses_lenient_forms() {
        let s = SignOff::parse("Dana Kim 2026-11-20 fp:1a2b3c4d").unwrap();
        assert_eq!(s.signer, "Dana Kim");
        assert_eq!(s.date, "2026-11-20");
        assert_eq!(s.fingerprint, "1a2b3c4d");
        let s = SignOff::parse("Dana Kim, 2026-11-20, 1A2B3C4D").unwrap();
        assert_eq!(s.fingerprint, "1a2b3c4d");
        assert!(SignOff::parse("Dana Kim").is_none());
        assert!(SignOff::parse("2026-11-20 fp:1a2b3c4d").is_none());
        assert!(SignOff::parse("Dana 2026-11-20 fp:xyz").is_none());
        assert_eq!(s.render(), "Dana Kim 2026-11-20 fp:1a2b3c4d");
        assert_eq!(s.evidence, None);
    }

    #[test]
    fn signoff_reads_and_writes_the_evidence_fingerprint() {
        let s = SignOff::parse("Dana Kim 2026-12-01 fp:1a2b3c4d ev:5E6F7A8B").unwrap();
        assert_eq!(s.fingerprint, "1a2b3c4d");
        assert_eq!(s.evidence.as_deref(), Some("5e6f7a8b"));
        assert_eq!(s.render(), "Dana Kim 2026-12-01 fp:1a2b3c4d ev:5e6f7a8b");
        assert!(SignOff::parse("Dana Kim 2026-12-01 fp:1a2b3c4d ev:nothex").is_none());
    }
}
