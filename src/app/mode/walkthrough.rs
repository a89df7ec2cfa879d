//! The walkthrough's keys: its own (next, back, first, last, skip, log the status,
//! leave) and the pane actions it shows in its hints (edit, sign off, tick, link,
//! editor), which it passes on to the panes. While a skip reason is typed, enter skips
//! and esc cancels.

use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{Hint, Outcome, hint};
use crate::app::action::Scope;
use crate::app::walkthrough::Step;
use crate::app::{Action, App, Effect, Tone};

/// The actions listed in the walkthrough's help: its own, then the pane actions that
/// act on the step shown.
pub const KEYS: &[Action] = &[
    Action::WalkNext,
    Action::WalkPrev,
    Action::WalkFirst,
    Action::WalkLast,
    Action::WalkSkip,
    Action::WalkLogStatus,
    Action::WalkReview,
    Action::WalkLeave,
    Action::Edit,
    Action::SignOff,
    Action::Toggle,
    Action::LinkEvidence,
    Action::OpenEditor,
    Action::Help,
];

/// Its key hints.
pub const HINTS: &[Hint] = &[
    hint(&[Action::WalkNext], "next"),
    hint(&[Action::WalkPrev], "back"),
    hint(&[Action::Edit], "edit"),
    hint(&[Action::SignOff], "sign off"),
    hint(&[Action::Toggle], "tick"),
    hint(&[Action::LinkEvidence], "link"),
    hint(&[Action::WalkSkip], "skip"),
    hint(&[Action::OpenEditor], "editor"),
    hint(&[Action::WalkLeave], "leave"),
];

/// Its key hints in presentation mode.
pub const PRESENT_HINTS: &[Hint] = &[
    hint(&[Action::WalkNext], "next"),
    hint(&[Action::WalkPrev], "back"),
    hint(&[Action::Help], "help"),
    hint(&[Action::WalkLeave], "leave"),
];

/// The hints while a skip reason is typed.
pub const REASON_HINTS: &[Hint] = &[
    hint(&[Action::Accept], "skip"),
    hint(&[Action::Cancel], "cancel"),
];

/// A key while the walkthrough runs: its own keys, or `Pass` for the panes' keys.
pub fn key(app: &mut App, k: KeyEvent) -> Outcome {
    let Some(w) = app.walk.as_mut() else {
        return Outcome::Pass;
    };
    if let Some(reason) = &mut w.reason {
        match app
            .keymap
            .action_among(&k, &[Action::Accept, Action::Cancel])
        {
            Some(Action::Cancel) => w.reason = None,
            Some(Action::Accept) => {
                let text = reason.value().trim().to_string();
                if text.is_empty() {
                    app.say("say why it is skipped (or esc)", Tone::Warning);
                    return Outcome::Consumed(Vec::new());
                }
                let key = w.step().key();
                w.state.skipped.insert(key, text);
                w.reason = None;
                w.pos = (w.pos + 1).min(w.steps.len() - 1);
                return Outcome::Consumed(app.walk_saved());
            }
            _ => {
                reason.handle_event(&Event::Key(k));
            }
        }
        return Outcome::Consumed(Vec::new());
    }
    let last = w.steps.len() - 1;
    let action = app
        .keymap
        .action_in(&k, |a| a.info().scope == Scope::Walkthrough);
    match action {
        Some(Action::WalkNext) => w.pos = (w.pos + 1).min(last),
        Some(Action::WalkPrev) => w.pos = w.pos.saturating_sub(1),
        Some(Action::WalkFirst) => w.pos = 0,
        Some(Action::WalkLast) => w.pos = last,
        Some(Action::WalkSkip)
            if w.step().item().is_some() || matches!(w.step(), Step::Finding { .. }) =>
        {
            w.reason = Some(Input::default());
            return Outcome::Consumed(Vec::new());
        }
        Some(Action::WalkLogStatus) if *w.step() == Step::Summary => {
            app.append_readiness_entry();
            return Outcome::Consumed(Vec::new());
        }
        Some(Action::WalkReview) => {
            let due = match w.step() {
                Step::Finding { key } => app
                    .assessment
                    .findings
                    .iter()
                    .find(|f| crate::app::walkthrough::finding_key(f) == *key)
                    .filter(|f| {
                        matches!(
                            f.rule,
                            crate::rules::RuleId::ReviewOverdue
                                | crate::rules::RuleId::ReviewDueSoon
                        )
                    })
                    .map(|f| f.file.clone()),
                _ => None,
            };
            match due {
                Some(doc) => app.start_review(doc),
                None => app.say("r stamps a document whose review is due", Tone::Muted),
            }
            return Outcome::Consumed(Vec::new());
        }
        Some(Action::WalkLeave) => {
            let saved = app.walk_saved();
            if let Some(Effect::SaveWalk(state)) = saved.first() {
                app.saved_walk = Some(state.clone());
            }
            app.walk = None;
            app.say("left the walkthrough; w resumes it", Tone::Muted);
            return Outcome::Close(saved);
        }
        _ => return Outcome::Pass,
    }
    Outcome::Consumed(app.walk_saved())
}
