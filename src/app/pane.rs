//! The eight panes and what each one is called.

use serde::{Deserialize, Serialize};

/// A pane of the main screen, numbered as the `1`–`8` keys select them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PaneId {
    /// The verdict: criteria and operational checks.
    Readiness,
    /// Telemetry items, gaps first.
    Telemetry,
    /// Alert thresholds and their runbooks.
    Alerts,
    /// Escalation paths per severity.
    Escalation,
    /// The on-call timeline and roster.
    Oncall,
    /// Requirements × evidence.
    Rtm,
    /// Every finding.
    Findings,
    /// The docs tree and a document view.
    Documents,
}

impl PaneId {
    /// All panes in key order.
    pub const ALL: [PaneId; 8] = [
        PaneId::Readiness,
        PaneId::Telemetry,
        PaneId::Alerts,
        PaneId::Escalation,
        PaneId::Oncall,
        PaneId::Rtm,
        PaneId::Findings,
        PaneId::Documents,
    ];

    /// Position in [`PaneId::ALL`].
    pub fn index(self) -> usize {
        PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane's title.
    pub fn title(self) -> &'static str {
        match self {
            PaneId::Readiness => "Readiness",
            PaneId::Telemetry => "Telemetry",
            PaneId::Alerts => "Alerts",
            PaneId::Escalation => "Escalation",
            PaneId::Oncall => "On-call",
            PaneId::Rtm => "RTM",
            PaneId::Findings => "Findings",
            PaneId::Documents => "Documents",
        }
    }

    /// The pane after this one, wrapping.
    #[must_use]
    pub fn next(self) -> PaneId {
        PaneId::ALL[(self.index() + 1) % PaneId::ALL.len()]
    }

    /// The pane before this one, wrapping.
    #[must_use]
    pub fn prev(self) -> PaneId {
        PaneId::ALL[(self.index() + PaneId::ALL.len() - 1) % PaneId::ALL.len()]
    }
}
