//! The readiness walkthrough: the criteria, then every item that needs attention, one per
//! screen, with the actions that fix it, a progress bar, skips with reasons, and a
//! summary that can append the readiness status to the change log. Its position and
//! skips are saved (by the shell, in the platform data directory) so a session can be
//! left and resumed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use tui_input::Input;

use super::{App, Effect, Mode, Tone};
use crate::edit::Edit;
use crate::model::{FieldKey, ItemKind, Role};
use crate::rules::{CriterionId, counts_towards};

/// One screen of the walkthrough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A readiness criterion: pass or fail, and its findings.
    Criterion(CriterionId),
    /// An item with findings (a gap, a broken link, an untraced NFR, …).
    Item(String),
    /// A finding that concerns no item (a missing document, no readiness entry).
    Finding {
        /// Stable key: rule, file and line.
        key: String,
    },
    /// An item in a table with a Sign-off column that nobody has signed yet.
    NeedsSignOff(String),
    /// The end: what was signed, changed and skipped, and the verdict.
    Summary,
}

impl Step {
    /// The key the position is saved under.
    pub fn key(&self) -> String {
        match self {
            Step::Criterion(c) => format!("criterion:{}", c.as_str()),
            Step::Item(id) => format!("item:{id}"),
            Step::Finding { key } => format!("finding:{key}"),
            Step::NeedsSignOff(id) => format!("signoff:{id}"),
            Step::Summary => "summary".to_string(),
        }
    }

    /// The item the step is about, if any.
    pub fn item(&self) -> Option<&str> {
        match self {
            Step::Item(id) | Step::NeedsSignOff(id) => Some(id),
            _ => None,
        }
    }
}

/// What is saved between sessions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WalkState {
    /// The key of the step the session stopped at.
    pub at: String,
    /// Skipped steps and the reason given.
    pub skipped: BTreeMap<String, String>,
    /// Items signed off during the walkthrough.
    pub signed: BTreeSet<String>,
    /// Items changed during the walkthrough.
    pub changed: BTreeSet<String>,
}

/// The walkthrough in progress.
#[derive(Debug, Clone)]
pub struct Walkthrough {
    /// The steps, fixed when the walkthrough starts.
    pub steps: Vec<Step>,
    /// The current step.
    pub pos: usize,
    /// Skips, signed and changed items (saved).
    pub state: WalkState,
    /// The reason being typed for a skip.
    pub reason: Option<Input>,
}

impl Walkthrough {
    /// The current step.
    pub fn step(&self) -> &Step {
        &self.steps[self.pos.min(self.steps.len() - 1)]
    }
}

/// The finding key of a finding without an item.
pub fn finding_key(f: &crate::rules::Finding) -> String {
    format!("{}:{}:{}", f.rule, f.file, f.line)
}

impl App {
    /// The steps of a walkthrough over the current findings.
    pub fn walkthrough_steps(&self) -> Vec<Step> {
        let ws = &self.project.workspace;
        let mut steps: Vec<Step> = CriterionId::ALL
            .iter()
            .map(|c| Step::Criterion(*c))
            .collect();
        let mut seen = BTreeSet::new();
        for c in CriterionId::ALL {
            for f in self
                .assessment
                .findings
                .iter()
                .filter(|f| counts_towards(ws, f, c))
            {
                let step = match &f.item {
                    Some(id) if ws.item(id).is_some() => Step::Item(id.clone()),
                    _ => Step::Finding {
                        key: finding_key(f),
                    },
                };
                if seen.insert(step.key()) {
                    steps.push(step);
                }
            }
        }
        for item in &ws.items {
            let signable = item.table.is_some()
                && matches!(
                    item.kind,
                    ItemKind::Telemetry | ItemKind::Requirement | ItemKind::Alert
                );
            if signable
                && item
                    .field(&FieldKey::SignOff)
                    .is_some_and(|f| f.text.trim().is_empty())
                && seen.insert(format!("item:{}", item.id))
            {
                steps.push(Step::NeedsSignOff(item.id.clone()));
            }
        }
        steps.push(Step::Summary);
        steps
    }

    /// `w` / `:walkthrough`: start, or resume where the saved state stopped.
    pub fn start_walkthrough(&mut self) -> Vec<Effect> {
        let steps = self.walkthrough_steps();
        let state = self.saved_walk.take().unwrap_or_default();
        let pos = steps.iter().position(|s| s.key() == state.at).unwrap_or(0);
        let resumed = pos > 0;
        self.walk = Some(Walkthrough {
            steps,
            pos,
            state,
            reason: None,
        });
        self.mode = Mode::Normal;
        if resumed {
            self.say("resumed the walkthrough where it stopped", Tone::Muted);
        }
        self.walk_saved()
    }

    /// The effect that saves the walkthrough's state.
    pub(super) fn walk_saved(&self) -> Vec<Effect> {
        self.walk.as_ref().map_or_else(Vec::new, |w| {
            let mut state = w.state.clone();
            state.at = w.step().key();
            vec![Effect::SaveWalk(state)]
        })
    }

    /// Record that a write touched `ids` (for the summary), after a save.
    pub(super) fn walk_note(&mut self, edits: &[Edit]) {
        let Some(w) = self.walk.as_mut() else { return };
        for e in edits {
            match e {
                Edit::SignOff { item, .. } => {
                    w.state.signed.insert(item.clone());
                }
                other => {
                    if let Some(id) = other.item() {
                        w.state.changed.insert(id.to_string());
                    }
                }
            }
        }
    }

    /// At the summary: a change-log entry stating the readiness status, owned by the
    /// signer, after one confirmation.
    pub(super) fn append_readiness_entry(&mut self) {
        let Some(signer) = self.signer_or_say() else {
            return;
        };
        let ws = &self.project.workspace;
        let log = self.project.config.path(Role::ChangeLog).to_string();
        let table = ws
            .items_of(ItemKind::ChangeEntry)
            .find_map(|i| i.table.map(|t| (ws.docs[i.doc].path.clone(), t)))
            .or_else(|| {
                ws.doc(&log)
                    .filter(|d| !d.tables.is_empty())
                    .map(|_| (log.clone(), 0))
            });
        let Some((doc, table)) = table else {
            self.say(
                "the change log has no entries table to add the readiness status to",
                Tone::Error,
            );
            return;
        };
        let v = &self.assessment.verdict;
        let (word, status) = if v.ready {
            ("ready", "done")
        } else {
            ("not ready", "open")
        };
        let skipped = self.walk.as_ref().map_or(0, |w| w.state.skipped.len());
        let entry = format!(
            "Readiness status: {word} — walkthrough by {signer}: {} error(s), {} warning(s), {skipped} item(s) skipped",
            v.errors, v.warnings
        );
        let deadline = if v.ready {
            self.clock.today.to_string()
        } else {
            self.clock
                .today
                .checked_add(jiff::Span::new().days(7))
                .unwrap_or(self.clock.today)
                .to_string()
        };
        let mut values = Vec::new();
        for h in &ws
            .doc(&doc)
            .map(|d| d.tables[table].header.clone())
            .unwrap_or_default()
        {
            let header = h.text.trim().to_string();
            let value = match FieldKey::from_header(&header) {
                FieldKey::Date => self.clock.today.to_string(),
                FieldKey::Entry => entry.clone(),
                FieldKey::Owner => signer.clone(),
                FieldKey::Due => deadline.clone(),
                FieldKey::Status => status.to_string(),
                _ => continue,
            };
            values.push((header, value));
        }
        self.confirm(
            format!("Append the readiness status ({word}) to {doc}"),
            vec![Edit::AddRow { doc, table, values }],
            None,
        );
    }
}
