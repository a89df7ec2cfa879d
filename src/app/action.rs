//! Everything a user can ask for, as one enum. Each action's `snake_case` name is its
//! name in key bindings (`config.toml [keys]`), in the help and in the key-hint bar. The
//! enum and its table ([`ACTIONS`]) come from one list in this file, so an action cannot
//! exist without a name, a help line and a scope, and the table is in enum order.

use super::pane::PaneId;

/// Where an action is listed in the help and looked up for a key: the panes, or one of
/// the modes that take the keyboard for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The panes (and what the modes pass on to them).
    Panes,
    /// The readiness walkthrough.
    Walkthrough,
    /// The handover note.
    Handover,
    /// Confirming a write.
    Confirm,
    /// A write that met someone else's change.
    Conflict,
    /// A popup whose text may not fit: help, the handover note, a confirmation, the
    /// conflict dialog, the message log.
    Popup,
    /// Typing into a prompt: the edit form, the link picker, a name, a skip reason.
    Entry,
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
    /// Where it is listed and looked up.
    pub scope: Scope,
}

/// The panes whose rows are items that can be edited.
const EDIT_PANES: &[PaneId] = &[
    PaneId::Telemetry,
    PaneId::Escalation,
    PaneId::Oncall,
    PaneId::Rtm,
    PaneId::Findings,
];

/// Defines [`Action`] and [`ACTIONS`] from one list: each row is a variant, documented
/// by its help line, and its table entry, in the same order.
macro_rules! actions {
    ($(
        $variant:ident {
            name: $name:literal,
            doc: $doc:literal,
            panes: $panes:expr,
            hint: $hint:expr,
            scope: $scope:ident $(,)?
        }
    ),* $(,)?) => {
        /// A user intent, independent of the key that asked for it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $(
                #[doc = $doc]
                $variant,
            )*
        }

        /// The action table: names, help and scope of every action, in help order (the
        /// order of the enum).
        pub const ACTIONS: &[ActionInfo] = &[
            $(
                ActionInfo {
                    action: Action::$variant,
                    name: $name,
                    doc: $doc,
                    panes: $panes,
                    hint: $hint,
                    scope: Scope::$scope,
                },
            )*
        ];
    };
}

actions! {
    Down { name: "down", doc: "Move the selection down", panes: &[], hint: None, scope: Panes },
    Up { name: "up", doc: "Move the selection up", panes: &[], hint: None, scope: Panes },
    Top { name: "top", doc: "Jump to the first row", panes: &[], hint: None, scope: Panes },
    Bottom { name: "bottom", doc: "Jump to the last row", panes: &[], hint: None, scope: Panes },
    PageDown { name: "page_down", doc: "Move down a page", panes: &[], hint: None, scope: Panes },
    PageUp { name: "page_up", doc: "Move up a page", panes: &[], hint: None, scope: Panes },
    ScrollLeft {
        name: "scroll_left",
        doc: "Document: scroll sideways to the left",
        panes: &[PaneId::Documents],
        hint: None,
        scope: Panes,
    },
    ScrollRight {
        name: "scroll_right",
        doc: "Document: scroll sideways to the right",
        panes: &[PaneId::Documents],
        hint: None,
        scope: Panes,
    },
    Enter {
        name: "enter",
        doc: "Drill in, or follow the selection to where it lives",
        panes: &[],
        hint: Some("open"),
        scope: Panes,
    },
    Back {
        name: "back",
        doc: "Back: clear the filter, or return to where you came from",
        panes: &[],
        hint: Some("back"),
        scope: Panes,
    },
    Filter {
        name: "filter",
        doc: "Filter the list as you type (ID or text)",
        panes: &[],
        hint: Some("filter"),
        scope: Panes,
    },
    Command {
        name: "command",
        doc: "Command palette (:goto ID, :theme NAME, :check, :quit)",
        panes: &[],
        hint: Some("cmd"),
        scope: Panes,
    },
    OpenEditor {
        name: "open_editor",
        doc: "Open the selected item's file in $VISUAL/$EDITOR at its line",
        panes: &[],
        hint: Some("edit file"),
        scope: Panes,
    },
    ToggleGaps {
        name: "toggle_gaps",
        doc: "Show only telemetry gaps, or every item",
        panes: &[PaneId::Telemetry],
        hint: Some("gaps/all"),
        scope: Panes,
    },
    TogglePeople {
        name: "toggle_people",
        doc: "On-call: the timeline, or hours per person with a bar chart of primary hours",
        panes: &[PaneId::Oncall],
        hint: None,
        scope: Panes,
    },
    ToggleContacts {
        name: "toggle_contacts",
        doc: "Escalation: the escalation paths, or the contacts list (role, handle, phone, time zone and the time there now)",
        panes: &[PaneId::Escalation],
        hint: Some("contacts"),
        scope: Panes,
    },
    CycleSort {
        name: "cycle_sort",
        doc: "Sort findings by severity, rule or file",
        panes: &[PaneId::Findings],
        hint: Some("sort"),
        scope: Panes,
    },
    Recheck {
        name: "recheck",
        doc: "Re-read every file and re-run the checks",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    Edit {
        name: "edit",
        doc: "Edit the selected item's fields (tab moves, ←/→ pick, enter saves, esc cancels)",
        panes: EDIT_PANES,
        hint: Some("edit"),
        scope: Panes,
    },
    Toggle {
        name: "toggle",
        doc: "Tick or untick the selected checklist item (acknowledgements: who and when)",
        panes: EDIT_PANES,
        hint: Some("tick"),
        scope: Panes,
    },
    AddRow {
        name: "add_row",
        doc: "Add a row to the selected item's table (:log adds a change-log entry)",
        panes: EDIT_PANES,
        hint: Some("add"),
        scope: Panes,
    },
    SignOff {
        name: "sign_off",
        doc: "Sign off the selected item (confirm shows signer and fingerprint)",
        panes: EDIT_PANES,
        hint: Some("sign off"),
        scope: Panes,
    },
    Waive {
        name: "waive",
        doc: "Waive the selected finding until a date (asks reason and expiry; the signer approves)",
        panes: &[PaneId::Findings],
        hint: None,
        scope: Panes,
    },
    Revoke {
        name: "revoke",
        doc: "Revoke the selected item's sign-off",
        panes: EDIT_PANES,
        hint: None,
        scope: Panes,
    },
    Undo {
        name: "undo",
        doc: "Undo the last write of this session, if the file is unchanged since",
        panes: &[],
        hint: Some("undo"),
        scope: Panes,
    },
    Diff {
        name: "diff",
        doc: "Show the diff of the last write",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    Walkthrough {
        name: "walkthrough",
        doc: "Readiness walkthrough: each criterion, then each item that needs attention, one per screen (n/p move, x skip with a reason, q leaves and saves)",
        panes: &[],
        hint: Some("walkthrough"),
        scope: Panes,
    },
    LinkEvidence {
        name: "link_evidence",
        doc: "Link the selected requirement to evidence: pick a heading, filtered as you type",
        panes: &[PaneId::Rtm],
        hint: Some("link"),
        scope: Panes,
    },
    NextPane { name: "next_pane", doc: "Focus the next pane", panes: &[], hint: None, scope: Panes },
    PrevPane {
        name: "prev_pane",
        doc: "Focus the previous pane",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusReadiness {
        name: "pane_readiness",
        doc: "Focus 1 Readiness",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusTelemetry {
        name: "pane_telemetry",
        doc: "Focus 2 Telemetry",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusAlerts {
        name: "pane_alerts",
        doc: "Focus 3 Alerts",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusEscalation {
        name: "pane_escalation",
        doc: "Focus 4 Escalation",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusOncall {
        name: "pane_oncall",
        doc: "Focus 5 On-call",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusRtm { name: "pane_rtm", doc: "Focus 6 RTM", panes: &[], hint: None, scope: Panes },
    FocusFindings {
        name: "pane_findings",
        doc: "Focus 7 Findings",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    FocusDocuments {
        name: "pane_documents",
        doc: "Focus 8 Documents",
        panes: &[],
        hint: None,
        scope: Panes,
    },
    Help { name: "help", doc: "Show keys and commands", panes: &[], hint: Some("help"), scope: Panes },
    Quit { name: "quit", doc: "Quit readyroom", panes: &[], hint: Some("quit"), scope: Panes },
    WalkNext {
        name: "walk_next",
        doc: "Walkthrough: the next step",
        panes: &[],
        hint: Some("next"),
        scope: Walkthrough,
    },
    WalkPrev {
        name: "walk_prev",
        doc: "Walkthrough: the step before",
        panes: &[],
        hint: Some("back"),
        scope: Walkthrough,
    },
    WalkFirst {
        name: "walk_first",
        doc: "Walkthrough: the first step",
        panes: &[],
        hint: None,
        scope: Walkthrough,
    },
    WalkLast {
        name: "walk_last",
        doc: "Walkthrough: the last step (the summary)",
        panes: &[],
        hint: None,
        scope: Walkthrough,
    },
    WalkSkip {
        name: "walk_skip",
        doc: "Walkthrough: skip this item, saying why",
        panes: &[],
        hint: Some("skip"),
        scope: Walkthrough,
    },
    WalkLogStatus {
        name: "walk_log_status",
        doc: "Walkthrough summary: add the readiness status to the change log",
        panes: &[],
        hint: Some("log status"),
        scope: Walkthrough,
    },
    WalkReview {
        name: "walk_review",
        doc: "Walkthrough: stamp the document of a review-overdue or review-due-soon finding as reviewed today (after a confirmation)",
        panes: &[],
        hint: None,
        scope: Walkthrough,
    },
    WalkLeave {
        name: "walk_leave",
        doc: "Leave the walkthrough; its position and skips are saved for next time",
        panes: &[],
        hint: Some("leave"),
        scope: Walkthrough,
    },
    NotePageDown {
        name: "note_page_down",
        doc: "Handover note: down a page",
        panes: &[],
        hint: None,
        scope: Handover,
    },
    NotePageUp {
        name: "note_page_up",
        doc: "Handover note: up a page",
        panes: &[],
        hint: None,
        scope: Handover,
    },
    Acknowledge {
        name: "acknowledge",
        doc: "Handover note: ask who takes over and acknowledge the handover",
        panes: &[],
        hint: Some("acknowledge"),
        scope: Handover,
    },
    ConfirmWrite {
        name: "confirm_write",
        doc: "Confirm: write the change shown",
        panes: &[],
        hint: Some("write"),
        scope: Confirm,
    },
    ConfirmBack {
        name: "confirm_back",
        doc: "Confirm: back to the form, nothing written",
        panes: &[],
        hint: Some("back"),
        scope: Confirm,
    },
    KeepEditing {
        name: "keep_editing",
        doc: "Conflict: back to your edit, nothing written",
        panes: &[],
        hint: Some("keep editing"),
        scope: Conflict,
    },
    TakeTheirs {
        name: "take_theirs",
        doc: "Conflict: keep their version, drop your edit",
        panes: &[],
        hint: Some("take theirs"),
        scope: Conflict,
    },
    WriteMine {
        name: "write_mine",
        doc: "Conflict: re-read the file and write your edit on top of theirs",
        panes: &[],
        hint: Some("write yours"),
        scope: Conflict,
    },
    Accept {
        name: "accept",
        doc: "Prompt: accept what was typed",
        panes: &[],
        hint: None,
        scope: Entry,
    },
    Cancel {
        name: "cancel",
        doc: "Prompt: cancel, nothing written",
        panes: &[],
        hint: Some("cancel"),
        scope: Entry,
    },
    Complete {
        name: "complete",
        doc: "Command palette: complete the command (or pick the next completion)",
        panes: &[],
        hint: Some("complete"),
        scope: Entry,
    },
    NextField {
        name: "next_field",
        doc: "Form: the next field; lists, pickers and completions: the next row",
        panes: &[],
        hint: None,
        scope: Entry,
    },
    PrevField {
        name: "prev_field",
        doc: "Form: the field before; lists, pickers and completions: the row before",
        panes: &[],
        hint: None,
        scope: Entry,
    },
    HalfPageDown {
        name: "half_page_down",
        doc: "Popup: scroll down half a page",
        panes: &[],
        hint: None,
        scope: Popup,
    },
    HalfPageUp {
        name: "half_page_up",
        doc: "Popup: scroll up half a page",
        panes: &[],
        hint: None,
        scope: Popup,
    },
    EntryHelp {
        name: "entry_help",
        doc: "Prompt: list the prompt's keys (? is typed into the prompt)",
        panes: &[],
        hint: Some("help"),
        scope: Entry,
    },
}

impl Action {
    /// The table entry of this action (the table is in enum order).
    pub fn info(self) -> &'static ActionInfo {
        &ACTIONS[self as usize]
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

    /// The action that focuses `pane`.
    pub fn focus(pane: PaneId) -> Action {
        match pane {
            PaneId::Readiness => Action::FocusReadiness,
            PaneId::Telemetry => Action::FocusTelemetry,
            PaneId::Alerts => Action::FocusAlerts,
            PaneId::Escalation => Action::FocusEscalation,
            PaneId::Oncall => Action::FocusOncall,
            PaneId::Rtm => Action::FocusRtm,
            PaneId::Findings => Action::FocusFindings,
            PaneId::Documents => Action::FocusDocuments,
        }
    }

    /// The pane this action focuses, when it is one of the focus actions.
    pub fn focused_pane(self) -> Option<PaneId> {
        PaneId::ALL.into_iter().find(|&p| Action::focus(p) == self)
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

    #[test]
    fn the_table_is_in_enum_order() {
        for (i, info) in ACTIONS.iter().enumerate() {
            assert_eq!(info.action as usize, i, "{}", info.name);
            assert_eq!(info.action.info().name, info.name);
        }
        for p in PaneId::ALL {
            assert_eq!(Action::focus(p).focused_pane(), Some(p));
        }
    }
}
