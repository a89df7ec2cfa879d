//! Everything a user can ask for, as one enum. Each action's `snake_case` name is its
//! name in key bindings (`config.toml [keys]`), in the help and in the key-hint bar; the
//! [`ACTIONS`] table is the one place that names and documents them.

use serde::{Deserialize, Serialize};

use super::pane::PaneId;

/// A user intent, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave readyroom.
    Quit,
    /// Show the keys of the focused pane and every command.
    Help,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Focus one pane by number.
    Focus(PaneId),
    /// Move the selection down.
    Down,
    /// Move the selection up.
    Up,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Move down a page.
    PageDown,
    /// Move up a page.
    PageUp,
    /// Document view: scroll sideways to the left.
    ScrollLeft,
    /// Document view: scroll sideways to the right, to read long lines at 80 columns.
    ScrollRight,
    /// Drill into the selection, or follow it to where it lives.
    Enter,
    /// Back out: close a popup, clear the filter, leave the detail.
    Back,
    /// Filter the focused list as you type (ID or text).
    Filter,
    /// Open the command palette.
    Command,
    /// Open the selected item's file in your editor at its line.
    OpenEditor,
    /// Telemetry: show only gaps, or every item.
    ToggleGaps,
    /// Findings: cycle the sort order (severity, rule, file).
    CycleSort,
    /// Re-read every file and re-run the checks.
    Recheck,
    /// Edit the selected item's fields in a form.
    Edit,
    /// Tick or untick the selected checklist item; a stakeholder acknowledgement is
    /// ticked after a confirmation, recording who and when.
    Toggle,
    /// Add a row to the selected item's table.
    AddRow,
    /// Sign off the selected item (after a confirmation showing signer and fingerprint).
    SignOff,
    /// Revoke the selected item's sign-off.
    Revoke,
    /// Take back the last write of this session.
    Undo,
    /// Show the diff of the last write.
    Diff,
    /// RTM: link the selected requirement to a heading picked from the docs.
    LinkEvidence,
    /// Start (or resume) the readiness walkthrough.
    Walkthrough,
}

/// How an action is presented: its name, its help text and where it applies.
#[derive(Debug, Clone, Copy)]
pub struct ActionInfo {
    /// The action.
    pub action: Action,
    /// The `snake_case` name used in config and help.
    pub name: &'static str,
    /// One line of help.
    pub doc: &'static str,
    /// The panes where it does something; empty means everywhere.
    pub panes: &'static [PaneId],
    /// A short label for the key-hint bar, when the action earns a place there.
    pub hint: Option<&'static str>,
}

const fn info(
    action: Action,
    name: &'static str,
    doc: &'static str,
    panes: &'static [PaneId],
    hint: Option<&'static str>,
) -> ActionInfo {
    ActionInfo {
        action,
        name,
        doc,
        panes,
        hint,
    }
}

/// The panes whose rows are items that can be edited.
const EDIT_PANES: &[PaneId] = &[
    PaneId::Telemetry,
    PaneId::Escalation,
    PaneId::Oncall,
    PaneId::Rtm,
    PaneId::Findings,
];

/// The action table: names, help and scope of every action, in help order.
pub const ACTIONS: &[ActionInfo] = &[
    info(Action::Down, "down", "Move the selection down", &[], None),
    info(Action::Up, "up", "Move the selection up", &[], None),
    info(Action::Top, "top", "Jump to the first row", &[], None),
    info(Action::Bottom, "bottom", "Jump to the last row", &[], None),
    info(Action::PageDown, "page_down", "Move down a page", &[], None),
    info(Action::PageUp, "page_up", "Move up a page", &[], None),
    info(
        Action::ScrollLeft,
        "scroll_left",
        "Document: scroll sideways to the left",
        &[PaneId::Documents],
        None,
    ),
    info(
        Action::ScrollRight,
        "scroll_right",
        "Document: scroll sideways to the right",
        &[PaneId::Documents],
        None,
    ),
    info(
        Action::Enter,
        "enter",
        "Drill in, or follow the selection to where it lives",
        &[],
        Some("open"),
    ),
    info(
        Action::Back,
        "back",
        "Back out: close the popup, clear the filter, leave the detail",
        &[],
        Some("back"),
    ),
    info(
        Action::Filter,
        "filter",
        "Filter the list as you type (ID or text)",
        &[],
        Some("filter"),
    ),
    info(
        Action::Command,
        "command",
        "Command palette (:goto ID, :theme NAME, :check, :quit)",
        &[],
        Some("cmd"),
    ),
    info(
        Action::OpenEditor,
        "open_editor",
        "Open the selected item's file in $VISUAL/$EDITOR at its line",
        &[],
        Some("edit file"),
    ),
    info(
        Action::ToggleGaps,
        "toggle_gaps",
        "Show only telemetry gaps, or every item",
        &[PaneId::Telemetry],
        Some("gaps/all"),
    ),
    info(
        Action::CycleSort,
        "cycle_sort",
        "Sort findings by severity, rule or file",
        &[PaneId::Findings],
        Some("sort"),
    ),
    info(
        Action::Recheck,
        "recheck",
        "Re-read every file and re-run the checks",
        &[],
        None,
    ),
    info(
        Action::Edit,
        "edit",
        "Edit the selected item's fields (tab moves, ←/→ pick, enter saves, esc cancels)",
        EDIT_PANES,
        Some("edit"),
    ),
    info(
        Action::Toggle,
        "toggle",
        "Tick or untick the selected checklist item (acknowledgements: who and when)",
        EDIT_PANES,
        Some("tick"),
    ),
    info(
        Action::AddRow,
        "add_row",
        "Add a row to the selected item's table (:log adds a change-log entry)",
        EDIT_PANES,
        Some("add"),
    ),
    info(
        Action::SignOff,
        "sign_off",
        "Sign off the selected item (confirm shows signer and fingerprint)",
        EDIT_PANES,
        Some("sign off"),
    ),
    info(
        Action::Revoke,
        "revoke",
        "Revoke the selected item's sign-off",
        EDIT_PANES,
        None,
    ),
    info(
        Action::Undo,
        "undo",
        "Undo the last write of this session, if the file is unchanged since",
        &[],
        Some("undo"),
    ),
    info(
        Action::Diff,
        "diff",
        "Show the diff of the last write",
        &[],
        None,
    ),
    info(
        Action::Walkthrough,
        "walkthrough",
        "Readiness walkthrough: each criterion, then each item that needs attention, one per screen (n/p move, x skip with a reason, q leaves and saves)",
        &[],
        Some("walkthrough"),
    ),
    info(
        Action::LinkEvidence,
        "link_evidence",
        "Link the selected requirement to evidence: pick a heading, filtered as you type",
        &[PaneId::Rtm],
        Some("link"),
    ),
    info(
        Action::NextPane,
        "next_pane",
        "Focus the next pane",
        &[],
        None,
    ),
    info(
        Action::PrevPane,
        "prev_pane",
        "Focus the previous pane",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Readiness),
        "pane_readiness",
        "Focus 1 Readiness",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Telemetry),
        "pane_telemetry",
        "Focus 2 Telemetry",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Escalation),
        "pane_escalation",
        "Focus 3 Escalation",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Oncall),
        "pane_oncall",
        "Focus 4 On-call",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Rtm),
        "pane_rtm",
        "Focus 5 RTM",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Findings),
        "pane_findings",
        "Focus 6 Findings",
        &[],
        None,
    ),
    info(
        Action::Focus(PaneId::Documents),
        "pane_documents",
        "Focus 7 Documents",
        &[],
        None,
    ),
    info(
        Action::Help,
        "help",
        "Show keys and commands",
        &[],
        Some("help"),
    ),
    info(Action::Quit, "quit", "Quit readyroom", &[], Some("quit")),
];

impl Action {
    /// The table entry of this action.
    pub fn info(self) -> &'static ActionInfo {
        ACTIONS
            .iter()
            .find(|i| i.action == self)
            .unwrap_or(&ACTIONS[ACTIONS.len() - 1])
    }

    /// The `snake_case` name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The action with this `snake_case` name.
    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS.iter().find(|i| i.name == name).map(|i| i.action)
    }

    /// True when the action does something in `pane`.
    pub fn applies_to(self, pane: PaneId) -> bool {
        let panes = self.info().panes;
        panes.is_empty() || panes.contains(&pane)
    }
}

/// Every action name, for validating `config.toml [keys]`.
pub fn action_names() -> Vec<&'static str> {
    ACTIONS.iter().map(|i| i.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let names = action_names();
        for n in &names {
            assert_eq!(Action::from_name(n).map(Action::name), Some(*n));
        }
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }
}
