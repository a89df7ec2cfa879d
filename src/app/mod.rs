//! The application: state, the messages that change it, and the effects it asks the
//! shell to carry out. `update` is the one place state changes; rendering (in `ui`) is a
//! pure function of this state. Nothing here touches the terminal or the file system.

pub mod action;
pub mod command;
pub mod docview;
pub mod editing;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod messages;
pub mod mode;
pub mod pane;
pub mod verify;
pub mod view;
pub mod walkthrough;

use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

pub use action::{ACTIONS, Action, ActionInfo, action_names};
pub use keymap::{KeyChord, KeyChordError, Keymap, parse_key_chord};
pub use mode::Outcome;
pub use pane::PaneId;
pub use view::{Cell, FindingSort, Row, Target, Tone, View, ViewOptions};

use crate::assess::Assessment;
use crate::clock::Clock;
use crate::model::{ItemKind, Span};
use crate::parse::{FileChange, apply_changes};
use crate::store::Project;

/// Input to [`App::update`].
#[derive(Debug, Clone)]
pub enum Message {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// Time passed; the instant is the new "now" unless the clock is pinned.
    Tick(Timestamp),
    /// The shell re-read the whole project (a re-check, or `readyroom.toml` changed).
    Reloaded(Box<Project>),
    /// Files changed on disk; the shell read their new state.
    FilesChanged(Vec<(String, FileChange)>),
    /// Files changed on disk, already read, parsed and checked off the UI thread: the
    /// [`Message::Checked`] this comes in holds the workspace with them (their
    /// documents travel once, not twice).
    FilesChecked(Vec<String>),
    /// Something the shell wants the operator to know (watcher degraded, write failed).
    Notice {
        /// The text.
        text: String,
        /// Its meaning.
        tone: Tone,
    },
    /// The theme the app asked for is in force (or not, with the reason).
    ThemeApplied(Result<String, String>),
    /// A save went through: the files' new texts, and how to undo it.
    Saved {
        /// What was done, for the status line.
        label: String,
        /// Project-relative path and new text of every file written.
        files: Vec<(String, String)>,
        /// How to take it back, when that is possible.
        undo: Option<editing::UndoEntry>,
        /// The edits that were written.
        edits: Vec<crate::edit::Edit>,
    },
    /// A save did not happen (or only in part); nothing the operator typed is lost.
    SaveFailed {
        /// Why, and what to do.
        error: String,
        /// True when someone else changed the same item (a conflict to resolve).
        conflict: bool,
        /// The edits that were not written.
        edits: Vec<crate::edit::Edit>,
    },
    /// The handover note, ready to show.
    HandoverReady {
        /// The note as text, one line per line.
        text: String,
    },
    /// An undo went through: the files' restored texts.
    Undone {
        /// What was undone.
        label: String,
        /// Project-relative path and restored text of every file.
        files: Vec<(String, String)>,
    },
    /// A document-changing message (`then`) whose documents were already applied and
    /// checked off the UI thread: `checked` replaces the workspace and the assessment
    /// instead of applying the change and running the rules here.
    Checked {
        /// The documents and what the rules say about them.
        checked: Box<Checked>,
        /// The message it completes ([`Message::Reloaded`], [`Message::FilesChecked`],
        /// [`Message::Saved`] or [`Message::Undone`]).
        then: Box<Message>,
    },
    /// The slow work under way changed: what it is ("re-checking…"), or `None` when
    /// nothing runs.
    Busy(Option<String>),
    /// The live check `:verify` asked for answered, or why it could not run.
    Verified(Result<Box<crate::store::prometheus::LiveCheck>, String>),
    /// The readiness history, read in the background at start (oldest first).
    History(Vec<crate::history::Point>),
    /// How suspect items' evidence changed since signing, by
    /// [`crate::rules::evidence::evidence_key`].
    EvidenceSince(Vec<(String, crate::rules::evidence::EvidenceSince)>),
}

/// A workspace and its assessment, made together off the UI thread.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The documents.
    pub workspace: crate::model::Workspace,
    /// What the rules, the verdict and the rotation say about them.
    pub assessment: Assessment,
}

/// Work the shell does on the app's behalf, reporting back by [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Re-read the whole project and re-run the rules.
    ReloadAll,
    /// Read from git how what these items link to changed since they were signed off.
    EvidenceSince(Vec<String>),
    /// Open a file in the editor at a line, then reload.
    OpenEditor {
        /// Project-relative path.
        path: String,
        /// 1-based line.
        line: usize,
    },
    /// Load and apply a theme by name.
    SetTheme(String),
    /// Plan and write these edits, one after another, each against the docs as they
    /// are after the one before.
    Save(Vec<crate::edit::Edit>),
    /// Restore files to their state before a write, if they are unchanged since.
    Undo(Box<editing::UndoEntry>),
    /// Save the walkthrough's position and skips, to resume later.
    SaveWalk(walkthrough::WalkState),
    /// Prepare the handover note (it reads the docs' git history).
    Handover,
    /// Run the live check against the Prometheus at `url`.
    Verify {
        /// Its base URL.
        url: String,
    },
    /// Leave the event loop.
    Quit,
}

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Pane navigation.
    Normal,
    /// Typing a filter for the focused list.
    Filter,
    /// Typing a `:` command.
    Command {
        /// The line typed so far (without `:`).
        input: String,
        /// Completions of the line.
        completions: Vec<String>,
        /// The highlighted completion.
        pick: usize,
    },
    /// The help screen, and how far it is scrolled.
    Help(mode::scroll::Scroll),
    /// The edit form.
    Form(Box<form::Form>),
    /// Confirming a save (the diff it makes is shown).
    Confirm(Box<editing::Confirm>),
    /// A save met someone else's change: keep editing, take theirs or write yours.
    Conflict(Box<editing::Conflict>),
    /// The readiness chart over time (`:history`).
    History,
    /// The handover note, scrolled by this many lines; `a` acknowledges.
    Handover {
        /// The note's lines.
        lines: Vec<String>,
        /// How far it is scrolled.
        scroll: mode::scroll::Scroll,
    },
    /// `a` in the handover view: asking who the incoming engineer is (the name typed
    /// so far; it starts as the primary on call from the next hand-off).
    Incoming {
        /// The name typed so far.
        name: String,
    },
    /// Picking a heading to link a requirement to.
    Picker(Box<editing::Picker>),
    /// The messages of this session (`:messages`), and how far the log is scrolled.
    Messages(mode::scroll::Scroll),
    /// Choosing one of a requirement's links to follow.
    Links {
        /// The links: label, project-relative path, anchor.
        links: Vec<(String, String, Option<String>)>,
        /// The highlighted link.
        pick: usize,
    },
}

/// Selection, scroll and filter of one pane's list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaneState {
    /// Index into `visible` of the selected row.
    pub selected: usize,
    /// First visible row (scroll offset into `visible`).
    pub offset: usize,
    /// The filter text.
    pub filter: String,
    /// Indexes into the view's rows that pass the filter.
    pub visible: Vec<usize>,
    /// Findings only: limit to one criterion's findings.
    pub scope: Option<crate::rules::CriterionId>,
}

/// The document shown in the Documents pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocState {
    /// Index of the document in the workspace.
    pub doc: Option<usize>,
    /// First source line shown (0-based).
    pub scroll: usize,
    /// Display columns scrolled off to the left (long lines, wide tables).
    pub hscroll: usize,
    /// Byte span to highlight (the selected item).
    pub highlight: Option<Span>,
    /// True when keys scroll the document rather than the list.
    pub focused: bool,
}

/// Where the operator was, for `esc` to come back to: the pane, its selected row and
/// scroll, and the document view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The focused pane.
    pub focus: PaneId,
    /// The selected row's key (it survives a reload), if the pane had a selection.
    pub key: Option<String>,
    /// Index of the selected row among the visible ones.
    pub selected: usize,
    /// The list's scroll offset.
    pub offset: usize,
    /// The document view.
    pub doc: DocState,
}

/// The most places the back stack remembers; older ones are forgotten.
const BACK_STACK_MAX: usize = 100;

/// A transient message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Its meaning.
    pub tone: Tone,
    /// When it leaves the status line (it stays in the message log).
    pub until: Timestamp,
}

/// The whole application state.
#[allow(clippy::struct_excessive_bools)] // Independent facts (quit, present, dirty…), not a state machine.
pub struct App {
    /// Display name of the project.
    pub name: String,
    /// The project root.
    pub root: PathBuf,
    /// The loaded project.
    pub project: Project,
    /// What the rules, the verdict and the rotation say about the workspace.
    pub assessment: Assessment,
    /// The clock.
    pub clock: Clock,
    /// True when `--today`/`READYROOM_NOW` pinned the clock (ticks do not move it).
    pub clock_pinned: bool,
    /// The focused pane.
    pub focus: PaneId,
    /// Per-pane list state, indexed by [`PaneId::index`].
    pub panes: Vec<PaneState>,
    /// Per-pane views, indexed by [`PaneId::index`].
    pub views: Vec<View>,
    /// Panes whose view predates the latest data, rebuilt when next focused.
    stale: Vec<bool>,
    /// View options (gaps only, sort order).
    pub options: ViewOptions,
    /// The keyboard mode.
    pub mode: Mode,
    /// The Documents pane's document.
    pub doc: DocState,
    /// The status line.
    pub status: Option<Status>,
    /// The theme in force.
    pub theme: String,
    /// Every theme name that can be chosen (built-in and user).
    pub theme_names: Vec<String>,
    /// Key bindings.
    pub keymap: Keymap,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Set when the app should exit.
    pub quit: bool,
    /// The name written on sign-offs (config, git user.name or $USER).
    pub signer: Option<String>,
    /// Why config.toml's signer cannot be read (`FILE:LINE: …`): sign-offs, revokes and
    /// acknowledgements are refused while it is set, never signed under another name.
    pub signer_problem: Option<String>,
    /// Writes of this session that `u` can take back, newest last.
    pub undo_stack: Vec<editing::UndoEntry>,
    /// Where following a link, `enter` or `:goto` came from, newest last: `esc` goes
    /// back to the last one.
    pub back_stack: Vec<Place>,
    /// The form a pending save came from, to return to if the save fails.
    pending_form: Option<Box<form::Form>>,
    /// The walkthrough on screen, if one is running.
    pub walk: Option<walkthrough::Walkthrough>,
    /// A walkthrough saved by an earlier session, to resume.
    pub saved_walk: Option<walkthrough::WalkState>,
    /// Presentation mode: high contrast, more spacing, fewer hints.
    pub present: bool,
    /// The mode `?` opened the help over, to go back to when the help closes.
    pub help_over: Option<Box<Mode>>,
    /// The slow work under way, shown in the status line ("re-checking…").
    pub busy: Option<String>,
    /// What the last `:verify` said, shown in the Telemetry pane's Verified column.
    pub live: Option<Box<crate::store::prometheus::LiveCheck>>,
    /// Readiness at every commit that touched the docs, oldest first; empty until the
    /// shell read it, and for a project outside git.
    pub history: Vec<crate::history::Point>,
    /// How suspect items' evidence changed since signing, by
    /// [`crate::rules::evidence::evidence_key`]; a key asked for but not read yet is
    /// in `evidence_asked` only.
    pub evidence_since: std::collections::BTreeMap<String, crate::rules::evidence::EvidenceSince>,
    /// The keys of `evidence_since` asked of the shell.
    evidence_asked: std::collections::BTreeSet<String>,
    /// Set by every [`App::update`]: the screen needs drawing. The shell clears it.
    pub dirty: bool,
    /// The real instant, set by the shell before each message (the clock may be
    /// pinned): messages are stamped and expire by it.
    pub wall: Timestamp,
    /// The time zone the message log shows times in.
    pub zone: jiff::tz::TimeZone,
    /// Every message said this session, oldest first.
    pub messages: Vec<messages::Logged>,
    /// True from a start that draws before the tree is read until the first
    /// [`Message::Reloaded`]: the panes show the load's progress ([`App::busy`]).
    pub loading: bool,
}

impl App {
    /// A new app over a loaded project.
    pub fn new(project: Project, name: String, clock: Clock, clock_pinned: bool) -> Self {
        let root = project.root.clone();
        let assessment = Assessment::new(&project.workspace, &project.config, clock);
        let mut app = App {
            name,
            root,
            project,
            assessment,
            clock,
            clock_pinned,
            focus: PaneId::Readiness,
            panes: vec![PaneState::default(); PaneId::ALL.len()],
            views: vec![View::default(); PaneId::ALL.len()],
            stale: vec![true; PaneId::ALL.len()],
            options: ViewOptions::default(),
            mode: Mode::Normal,
            doc: DocState::default(),
            status: None,
            theme: "dark".to_string(),
            theme_names: Vec::new(),
            keymap: Keymap::default(),
            size: (80, 24),
            quit: false,
            signer: None,
            signer_problem: None,
            undo_stack: Vec::new(),
            back_stack: Vec::new(),
            pending_form: None,
            walk: None,
            saved_walk: None,
            present: false,
            help_over: None,
            busy: None,
            live: None,
            history: Vec::new(),
            evidence_since: std::collections::BTreeMap::new(),
            evidence_asked: std::collections::BTreeSet::new(),
            dirty: true,
            wall: clock.now,
            zone: jiff::tz::TimeZone::system(),
            messages: Vec::new(),
            loading: false,
        };
        app.refresh_views();
        app
    }

    /// Re-run the rules and the rotation, rebuild every view, keep selections by key.
    fn recompute(&mut self) {
        self.assessment = Assessment::after(
            &self.assessment,
            &self.project.workspace,
            &self.project.config,
            self.clock,
        );
        self.refresh_views();
    }

    /// Mark every view stale after a new assessment, rebuild the focused one.
    fn refresh_views(&mut self) {
        // Only the focused pane is rebuilt now; the others when they are next focused.
        self.stale = vec![true; PaneId::ALL.len()];
        self.ensure_fresh(self.focus);
        if let Some(d) = self.doc.doc
            && d >= self.project.workspace.docs.len()
        {
            self.doc = DocState::default();
        }
    }

    /// Rebuild a pane's view if the data changed since it was built.
    fn ensure_fresh(&mut self, pane: PaneId) {
        if self.stale[pane.index()] {
            self.rebuild(pane);
        }
    }

    /// Focus a pane, bringing its view up to date first.
    fn set_focus(&mut self, pane: PaneId) {
        self.ensure_fresh(pane);
        self.focus = pane;
    }

    /// Rebuild one pane's view and re-apply its filter, keeping the selected row's key.
    fn rebuild(&mut self, pane: PaneId) {
        self.stale[pane.index()] = false;
        let key = self.selected_row(pane).map(|r| r.key.clone());
        let src = view::Sources {
            ws: &self.project.workspace,
            assessment: &self.assessment,
            today: self.clock.today,
            now: self.clock.now,
            live: self.live.as_deref(),
        };
        self.views[pane.index()] = view::build(pane, &src, self.options);
        self.refilter(pane);
        if let Some(key) = key {
            self.select_key(pane, &key);
        } else if pane == PaneId::Oncall {
            self.select_now();
        }
        self.scroll_into_view();
    }

    /// Recompute the visible rows of a pane after its filter changed, selecting the
    /// first row.
    fn refilter_from_top(&mut self, pane: PaneId) {
        self.panes[pane.index()].selected = 0;
        self.panes[pane.index()].offset = 0;
        self.refilter(pane);
    }

    /// Recompute the visible rows of a pane from its filter (and scope).
    fn refilter(&mut self, pane: PaneId) {
        let i = pane.index();
        let needle = self.panes[i].filter.to_lowercase();
        let scope = self.panes[i].scope;
        let ws = &self.project.workspace;
        let findings = &self.assessment.findings;
        let visible: Vec<usize> = self.views[i]
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| needle.is_empty() || r.search.contains(&needle))
            .filter(|(_, r)| match (scope, &r.target) {
                (Some(c), Target::Finding(f)) => crate::rules::counts_towards(ws, &findings[*f], c),
                _ => true,
            })
            .map(|(n, _)| n)
            .collect();
        let st = &mut self.panes[i];
        st.visible = visible;
        st.selected = st.selected.min(st.visible.len().saturating_sub(1));
        st.offset = st.offset.min(st.selected);
    }

    fn select_key(&mut self, pane: PaneId, key: &str) -> bool {
        let i = pane.index();
        let rows = &self.views[i].rows;
        if let Some(pos) = self.panes[i]
            .visible
            .iter()
            .position(|&r| rows[r].key == key)
        {
            self.panes[i].selected = pos;
            return true;
        }
        false
    }

    fn select_now(&mut self) {
        let i = PaneId::Oncall.index();
        let rows = &self.views[i].rows;
        if let Some(pos) = self.panes[i].visible.iter().position(|&r| rows[r].now) {
            // Show one row of the past above now; the coming weeks fill the rest.
            self.panes[i].selected = pos;
            self.panes[i].offset = pos.saturating_sub(1);
        }
    }

    /// The selected row of a pane, if the pane has any visible row.
    pub fn selected_row(&self, pane: PaneId) -> Option<&Row> {
        let st = &self.panes[pane.index()];
        st.visible
            .get(st.selected)
            .and_then(|&r| self.views[pane.index()].rows.get(r))
    }

    /// The visible rows of a pane, in order.
    pub fn visible_rows(&self, pane: PaneId) -> impl Iterator<Item = &Row> {
        let i = pane.index();
        self.panes[i]
            .visible
            .iter()
            .map(move |&r| &self.views[i].rows[r])
    }

    /// Take files the app itself just wrote into the workspace at once, without waiting
    /// for the watcher (which ignores them by content hash).
    fn apply_written(&mut self, files: Vec<(String, String)>, checked: Option<Checked>) {
        let changes = files
            .into_iter()
            .map(|(p, t)| (p, FileChange::Text(t)))
            .collect();
        self.take_changes(changes, checked);
    }

    /// Bring the documents up to date: take `checked` when the shell already applied and
    /// checked the changes off the UI thread, else apply `changes` and run the rules.
    fn take_changes(&mut self, changes: Vec<(String, FileChange)>, checked: Option<Checked>) {
        match checked {
            // Checked at another instant (a tick came meanwhile): the rules run again.
            Some(c) if c.assessment.clock != self.clock => {
                self.project.workspace = c.workspace;
                self.assessment = c.assessment;
                self.recompute();
            }
            Some(c) => {
                self.project.workspace = c.workspace;
                self.assessment = c.assessment;
                self.refresh_views();
            }
            None => {
                apply_changes(&mut self.project.workspace, changes, &self.project.config);
                self.recompute();
            }
        }
    }

    /// Say which files were reloaded, and re-check a confirmation they may concern.
    fn files_reloaded(&mut self, paths: &[String]) {
        let what = match paths {
            [one] => format!("reloaded {one}"),
            many => format!("reloaded {} files", many.len()),
        };
        self.say_reloaded(&what);
        self.recheck_confirm();
    }

    fn say_reloaded(&mut self, what: &str) {
        let verdict = if self.assessment.verdict.ready {
            "ready"
        } else {
            "not ready"
        };
        self.say(
            format!(
                "{what} — {verdict}, {} error(s), {} warning(s)",
                self.assessment.verdict.errors, self.assessment.verdict.warnings
            ),
            Tone::Muted,
        );
    }

    /// The next instant the screen changes by itself, when the clock is not pinned: the
    /// next shift or override boundary (who is on call, the timeline's "now" row), the
    /// next change of the rotation's "runs out in N days", or the next midnight in
    /// `zone` (today's date, the rules' view of due dates); and, pinned or not, when
    /// the status message expires. The shell sleeps until then and sends a
    /// [`Message::Tick`].
    pub fn next_deadline(&self, zone: &jiff::tz::TimeZone) -> Option<Timestamp> {
        if self.clock_pinned {
            return self.status_deadline();
        }
        let now = self.clock.now;
        let mut candidates = Vec::new();
        if let Ok(midnight) = self.clock.today.tomorrow().and_then(|d| {
            zone.to_ambiguous_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .compatible()
        }) {
            candidates.push(midnight);
        }
        if let Some(rot) = &self.assessment.rotation {
            candidates.extend(crate::rotation::next_boundary(rot, now));
        }
        // The contacts list shows the time of day where each person is.
        if self.options.contacts {
            let secs = now.as_second();
            candidates.extend(jiff::Timestamp::from_second(secs - secs.rem_euclid(60) + 60).ok());
        }
        if let Some(end) = self.assessment.analysis().and_then(|a| a.horizon_end) {
            let days = end.duration_since(now).as_hours() / 24;
            let second = jiff::SignedDuration::from_secs(1);
            for at in [
                end.checked_sub(jiff::SignedDuration::from_hours(days.max(0) * 24)),
                end.checked_add(jiff::SignedDuration::from_hours(24)),
            ]
            .into_iter()
            .flatten()
            {
                candidates.extend(at.checked_add(second).ok().filter(|&t| t > now));
            }
        }
        candidates.retain(|&t| t > now);
        candidates.extend(self.status_deadline());
        candidates.into_iter().min()
    }

    /// The one place state changes.
    pub fn update(&mut self, msg: Message) -> Vec<Effect> {
        self.dirty = true;
        let mut effects = self.update_with(msg, None);
        effects.extend(self.ask_evidence_since());
        effects
    }

    /// Ask the shell, once per item and evidence, how the evidence of each
    /// `evidence-changed` finding's item changed since signing.
    fn ask_evidence_since(&mut self) -> Option<Effect> {
        let ws = &self.project.workspace;
        let mut ids = Vec::new();
        for f in &self.assessment.findings {
            if f.rule != crate::rules::RuleId::EvidenceChanged {
                continue;
            }
            let Some(item) = f.item.as_deref().and_then(|id| ws.item(id)) else {
                continue;
            };
            if self
                .evidence_asked
                .insert(crate::rules::evidence::evidence_key(ws, item))
            {
                ids.push(item.id.clone());
            }
        }
        (!ids.is_empty()).then_some(Effect::EvidenceSince(ids))
    }

    /// [`App::update`], with the documents already applied and checked when `checked`.
    fn update_with(&mut self, msg: Message, checked: Option<Checked>) -> Vec<Effect> {
        match msg {
            Message::Key(k) => self.key(k),
            Message::Mouse(m) => {
                self.mouse(m);
                Vec::new()
            }
            Message::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Message::Resize(w, h) => {
                self.size = (w, h);
                self.scroll_into_view();
                Vec::new()
            }
            Message::Tick(now) => {
                self.expire_status(now);
                if !self.clock_pinned {
                    let today = now.to_zoned_datetime(jiff::tz::TimeZone::system()).date();
                    let day_changed = today != self.clock.today;
                    self.clock = Clock { today, now };
                    if day_changed {
                        self.recompute();
                    } else {
                        self.stale[PaneId::Oncall.index()] = true;
                        self.stale[PaneId::Escalation.index()] = true;
                        self.ensure_fresh(self.focus);
                    }
                }
                Vec::new()
            }
            Message::Checked { checked, then } => self.update_with(*then, Some(*checked)),
            Message::Busy(what) => {
                self.busy = what;
                Vec::new()
            }
            Message::Verified(result) => {
                self.take_verified(result);
                Vec::new()
            }
            Message::History(points) => {
                if !self.assessment.campaign.is_empty() {
                    // The campaign's dates are judged at the rate the history shows.
                    self.assessment.pace(
                        &self.project.workspace,
                        &self.project.config,
                        crate::history::pace(&points),
                    );
                    self.refresh_views();
                }
                self.history = points;
                Vec::new()
            }
            Message::EvidenceSince(found) => {
                self.evidence_since.extend(found);
                Vec::new()
            }
            Message::Reloaded(project) => {
                self.project = *project;
                self.take_changes(Vec::new(), checked);
                if !std::mem::take(&mut self.loading) {
                    self.say_reloaded("re-checked every file");
                }
                self.recheck_confirm();
                Vec::new()
            }
            Message::FilesChanged(changes) => {
                let paths: Vec<String> = changes.iter().map(|(p, _)| p.clone()).collect();
                self.take_changes(changes, checked);
                self.files_reloaded(&paths);
                Vec::new()
            }
            Message::FilesChecked(paths) => {
                self.take_changes(Vec::new(), checked);
                self.files_reloaded(&paths);
                Vec::new()
            }
            Message::Notice { text, tone } => {
                self.say(text, tone);
                Vec::new()
            }
            Message::Saved {
                label,
                files,
                undo,
                edits,
            } => {
                self.pending_form = None;
                self.walk_note(&edits);
                self.apply_written(files, checked);
                if let Some(u) = undo {
                    self.undo_stack.push(u);
                }
                self.say(format!("saved: {label} (u undoes)"), Tone::Ok);
                Vec::new()
            }
            Message::SaveFailed {
                error,
                conflict,
                edits,
            } => {
                let form = self.pending_form.take();
                let moved = self.moved_fields(&edits);
                if !moved.is_empty() {
                    self.show_moved(&moved, edits, form);
                } else if conflict {
                    self.mode = Mode::Conflict(Box::new(editing::Conflict {
                        message: error,
                        edits,
                        form,
                        scroll: mode::scroll::Scroll::default(),
                    }));
                } else if let Some(mut form) = form {
                    form.error = Some(error);
                    self.mode = Mode::Form(form);
                } else {
                    self.say(error, Tone::Error);
                }
                Vec::new()
            }
            Message::HandoverReady { text } => {
                self.mode = Mode::Handover {
                    lines: text
                        .lines()
                        .map(|l| crate::model::inert(l).into_owned())
                        .collect(),
                    scroll: mode::scroll::Scroll::default(),
                };
                Vec::new()
            }
            Message::Undone { label, files } => {
                self.apply_written(files, checked);
                self.say(format!("undone: {label}"), Tone::Ok);
                Vec::new()
            }
            Message::ThemeApplied(result) => {
                match result {
                    Ok(name) => {
                        self.say(format!("theme {name}"), Tone::Muted);
                        self.theme = name;
                    }
                    Err(e) => self.say(e, Tone::Error),
                }
                Vec::new()
            }
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if k.kind == ratatui::crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        let outcome = match self.mode_kind() {
            Some(mode::Kind::Help) => mode::help::key(self, k),
            Some(mode::Kind::Handover) => mode::handover::key(self, k),
            Some(mode::Kind::History) => mode::history::key(self, k),
            Some(mode::Kind::Incoming) => mode::incoming::key(self, k),
            Some(mode::Kind::Confirm) => mode::confirm::key(self, k),
            Some(mode::Kind::Conflict) => mode::conflict::key(self, k),
            Some(mode::Kind::Links) => mode::links::key(self, k),
            Some(mode::Kind::Picker) => mode::picker::key(self, k),
            Some(mode::Kind::Form) => mode::form::key(self, k),
            Some(mode::Kind::Walkthrough) => mode::walkthrough::key(self, k),
            Some(mode::Kind::Filter) => mode::filter::key(self, k),
            Some(mode::Kind::Palette) => mode::palette::key(self, k),
            Some(mode::Kind::Messages) => mode::messages::key(self, k),
            None => Outcome::Pass,
        };
        match outcome {
            Outcome::Consumed(effects) => effects,
            Outcome::Close(effects) => {
                self.mode = Mode::Normal;
                effects
            }
            // A key a mode passes on goes to the panes; it never quits from inside a mode.
            Outcome::Pass => match self.keymap.action(&k) {
                Some(Action::Quit) if self.mode_kind().is_some() => Vec::new(),
                Some(a) => self.act(a),
                None => Vec::new(),
            },
        }
    }

    /// Carry out an action.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        if self.focus == PaneId::Documents && self.doc.focused && self.doc_key(action) {
            return Vec::new();
        }
        match action {
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::Help => {
                self.help_over = None;
                self.mode = Mode::Help(mode::scroll::Scroll::default());
            }
            Action::NextPane => self.focus_pane(self.focus.next()),
            Action::PrevPane => self.focus_pane(self.focus.prev()),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(usize::MAX),
            Action::PageDown => self.move_by(i64::from(self.page())),
            Action::PageUp => self.move_by(-i64::from(self.page())),
            Action::ScrollLeft | Action::ScrollRight => {
                self.say(
                    "open a document (8, enter) to scroll it sideways",
                    Tone::Muted,
                );
            }
            Action::Enter => self.follow(Self::enter),
            Action::Back => self.back(),
            Action::Filter => self.mode = Mode::Filter,
            Action::Command => {
                self.mode = Mode::Command {
                    input: String::new(),
                    completions: command::complete("", &[], &[]),
                    pick: 0,
                };
            }
            Action::OpenEditor => {
                if let Some((path, line)) = self.editor_target() {
                    return vec![Effect::OpenEditor { path, line }];
                }
                self.say("nothing selected to open", Tone::Warning);
            }
            Action::ToggleGaps => {
                self.options.gaps_only = !self.options.gaps_only;
                self.rebuild(PaneId::Telemetry);
            }
            Action::TogglePeople => {
                self.options.oncall_people = !self.options.oncall_people;
                self.rebuild(PaneId::Oncall);
                if self.options.oncall_people {
                    self.refilter_from_top(PaneId::Oncall);
                } else {
                    self.select_now();
                }
            }
            Action::ToggleContacts => {
                self.options.contacts = !self.options.contacts;
                self.rebuild(PaneId::Escalation);
                self.refilter_from_top(PaneId::Escalation);
            }
            Action::CycleSort => {
                self.options.sort = self.options.sort.next();
                self.rebuild(PaneId::Findings);
            }
            Action::Edit => self.start_edit(),
            Action::Toggle => return self.toggle(),
            Action::AddRow => self.start_add_row(),
            Action::SignOff => self.start_signoff(false),
            Action::Revoke => self.start_signoff(true),
            Action::Waive => self.start_waive(),
            Action::Undo => return self.undo(),
            Action::Diff => self.show_last_diff(),
            Action::LinkEvidence => self.start_link_picker(),
            Action::Walkthrough => return self.start_walkthrough(),
            Action::Recheck => {
                return vec![Effect::ReloadAll];
            }
            Action::FocusReadiness
            | Action::FocusTelemetry
            | Action::FocusAlerts
            | Action::FocusEscalation
            | Action::FocusOncall
            | Action::FocusRtm
            | Action::FocusFindings
            | Action::FocusDocuments => {
                if let Some(p) = action.focused_pane() {
                    self.focus_pane(p);
                }
            }
            // The modes' own actions do nothing in the panes.
            Action::WalkNext
            | Action::WalkPrev
            | Action::WalkFirst
            | Action::WalkLast
            | Action::WalkSkip
            | Action::WalkLogStatus
            | Action::WalkReview
            | Action::WalkLeave
            | Action::NotePageDown
            | Action::NotePageUp
            | Action::Acknowledge
            | Action::ConfirmWrite
            | Action::ConfirmBack
            | Action::KeepEditing
            | Action::TakeTheirs
            | Action::WriteMine
            | Action::Accept
            | Action::Cancel
            | Action::Complete
            | Action::NextField
            | Action::PrevField
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::EntryHelp => {}
        }
        Vec::new()
    }

    fn focus_pane(&mut self, p: PaneId) {
        self.set_focus(p);
        self.doc.focused = false;
    }

    /// Rows of the list area, for paging and scrolling.
    pub fn page(&self) -> u16 {
        let rows = layout::areas(self.size.0, self.size.1)
            .list
            .height
            .saturating_sub(4 + self.trend_rows(self.focus));
        let rows = if self.present { rows.div_ceil(2) } else { rows };
        rows.max(1)
    }

    /// Rows at the foot of `pane`'s list given to the trend sparklines: two in the
    /// Readiness pane when there is a history and the list keeps four rows of its own
    /// (border, summary and header aside), none otherwise.
    pub fn trend_rows(&self, pane: PaneId) -> u16 {
        let list = layout::areas(self.size.0, self.size.1).list.height;
        if pane == PaneId::Readiness && !self.history.is_empty() && list >= 9 {
            2
        } else {
            0
        }
    }

    fn move_by(&mut self, delta: i64) {
        let st = &mut self.panes[self.focus.index()];
        let n = st.visible.len();
        if n == 0 {
            return;
        }
        let cur = i64::try_from(st.selected).unwrap_or(0);
        let max = i64::try_from(n - 1).unwrap_or(0);
        st.selected = usize::try_from((cur + delta).clamp(0, max)).unwrap_or(0);
        self.scroll_into_view();
    }

    fn move_to(&mut self, index: usize) {
        let st = &mut self.panes[self.focus.index()];
        st.selected = index.min(st.visible.len().saturating_sub(1));
        self.scroll_into_view();
    }

    /// Keep the selection inside the visible window of the list.
    fn scroll_into_view(&mut self) {
        let page = usize::from(self.page());
        for st in &mut self.panes {
            if st.selected < st.offset {
                st.offset = st.selected;
            } else if st.selected >= st.offset + page {
                st.offset = st.selected + 1 - page;
            }
        }
    }

    /// Where the operator is now.
    fn place(&self) -> Place {
        let st = &self.panes[self.focus.index()];
        Place {
            focus: self.focus,
            key: self.selected_row(self.focus).map(|r| r.key.clone()),
            selected: st.selected,
            offset: st.offset,
            doc: self.doc.clone(),
        }
    }

    /// Run a move that may take the operator elsewhere; when it did, remember where
    /// they were so `esc` can bring them back.
    fn follow(&mut self, go: impl FnOnce(&mut Self)) {
        let before = self.place();
        go(self);
        let after = self.place();
        if after.focus != before.focus || after.doc != before.doc {
            if self.back_stack.len() >= BACK_STACK_MAX {
                self.back_stack.remove(0);
            }
            self.back_stack.push(before);
        }
    }

    /// Follow a link to a document, at a heading anchor: `esc` comes back.
    pub fn follow_link(&mut self, path: &str, anchor: Option<&str>) {
        self.follow(|app| app.open_doc_at(path, anchor));
    }

    /// Go back to the last place on the back stack; false when it is empty. A scope the
    /// drill-in set on the pane being left is dropped with it.
    fn go_back(&mut self) -> bool {
        let Some(place) = self.back_stack.pop() else {
            return false;
        };
        let leaving = self.focus.index();
        if self.panes[leaving].scope.take().is_some() {
            self.rebuild(self.focus);
        }
        self.set_focus(place.focus);
        self.doc = place.doc;
        if self
            .doc
            .doc
            .is_some_and(|d| d >= self.project.workspace.docs.len())
        {
            self.doc = DocState::default();
        }
        let found = place
            .key
            .as_deref()
            .is_some_and(|k| self.select_key(place.focus, k));
        let st = &mut self.panes[place.focus.index()];
        if !found {
            st.selected = place.selected.min(st.visible.len().saturating_sub(1));
        }
        st.offset = place.offset.min(st.selected);
        self.scroll_into_view();
        true
    }

    /// `esc` in the panes: clear the filter, else go back to where the last link,
    /// `enter` or `:goto` came from, else leave the document view, else drop the scope,
    /// else clear the status line.
    fn back(&mut self) {
        let i = self.focus.index();
        if !self.panes[i].filter.is_empty() {
            self.panes[i].filter.clear();
            self.panes[i].scope = None;
            self.rebuild(self.focus);
            return;
        }
        if self.go_back() {
            return;
        }
        if self.focus == PaneId::Documents && self.doc.focused {
            self.doc.focused = false;
        } else if self.panes[i].scope.is_some() {
            self.panes[i].scope = None;
            self.rebuild(self.focus);
        } else {
            self.status = None;
        }
    }

    fn enter(&mut self) {
        let Some(row) = self.selected_row(self.focus).cloned() else {
            return;
        };
        match row.target {
            Target::None | Target::Gap { .. } => {}
            // An operational check scopes the findings to the operational criterion.
            Target::Check(_) => self.scope_findings(crate::rules::CriterionId::Operational),
            Target::Criterion(c) => self.scope_findings(c),
            Target::Finding(i) => {
                let f = self.assessment.findings[i].clone();
                if let Some(id) = &f.item
                    && self.goto(id)
                {
                    return;
                }
                self.open_doc_span(&f.file, f.span);
            }
            Target::Doc(d) => {
                self.doc = DocState {
                    doc: Some(d),
                    scroll: 0,
                    hscroll: 0,
                    highlight: None,
                    focused: true,
                };
            }
            Target::Item(id) if self.focus == PaneId::Alerts => self.open_runbook(&id),
            Target::Item(id) => {
                if self.focus == PaneId::Rtm {
                    let links = self.item_links(&id);
                    if !links.is_empty() {
                        self.mode = Mode::Links { links, pick: 0 };
                        return;
                    }
                }
                if let Some(item) = self.project.workspace.item(&id) {
                    let path = self.project.workspace.docs[item.doc].path.clone();
                    let span = item.span;
                    self.open_doc_span(&path, span);
                }
            }
        }
    }

    /// Open an alert's runbook in the document view, at the heading its link names (the
    /// top of the file when the link has no anchor).
    fn open_runbook(&mut self, id: &str) {
        use crate::rules::trace::Runbook;
        let ws = &self.project.workspace;
        let Some(item) = ws.item(id) else {
            return;
        };
        match crate::rules::trace::runbook(ws, item) {
            Runbook::Doc { path, anchor, .. } => self.open_doc_at(&path, anchor.as_deref()),
            Runbook::External(url) => self.say(
                format!("the runbook of {id} is outside the project: {url}"),
                Tone::Muted,
            ),
            Runbook::Unresolvable(dest) => self.say(
                format!(
                    "the runbook link of {id} (`{dest}`) names no file of the project; fix the link"
                ),
                Tone::Error,
            ),
            Runbook::Missing => {
                let path = ws.docs[item.doc].path.clone();
                let span = item.span;
                self.open_doc_span(&path, span);
                self.say(
                    format!("{id} has no runbook: link one in its Runbook cell (o edits the file)"),
                    Tone::Warning,
                );
            }
        }
    }

    /// Limit the Findings pane to one criterion's findings and focus it.
    fn scope_findings(&mut self, c: crate::rules::CriterionId) {
        let st = &mut self.panes[PaneId::Findings.index()];
        st.scope = Some(c);
        st.filter.clear();
        st.selected = 0;
        self.set_focus(PaneId::Findings);
        self.refilter(PaneId::Findings);
        self.say(
            format!("findings of: {} (esc: back)", c.title()),
            Tone::Muted,
        );
    }

    /// The links of an item that lead inside the project: label, path, anchor.
    fn item_links(&self, id: &str) -> Vec<(String, String, Option<String>)> {
        let ws = &self.project.workspace;
        let Some(item) = ws.item(id) else {
            return Vec::new();
        };
        let doc = &ws.docs[item.doc];
        item.fields
            .iter()
            .flat_map(|f| f.links.iter().map(move |l| (f, l)))
            .filter_map(|(f, l)| {
                let link = &doc.links[l];
                let status = crate::rules::links::resolve_link(ws, doc, link);
                let path = status.path()?.to_string();
                let anchor = match &link.target {
                    crate::model::LinkTarget::Relative { anchor, .. } => anchor.clone(),
                    crate::model::LinkTarget::Anchor { anchor } => Some(anchor.clone()),
                    _ => None,
                };
                let ok = if status.is_ok() { "" } else { " (broken)" };
                Some((format!("{}: {}{ok}", f.header, link.text), path, anchor))
            })
            .collect()
    }

    /// Show a document in the Documents pane, its heading `anchor` (if any) the first
    /// line on screen; see [`App::open_document`].
    pub fn open_doc_at(&mut self, path: &str, anchor: Option<&str>) {
        self.open_document(path, anchor.map_or(docview::At::Top, docview::At::Anchor));
    }

    fn open_doc_span(&mut self, path: &str, span: Span) {
        match self.project.workspace.doc_index(path) {
            Some(d) => self.show_doc(d, Some(span).filter(|s| s.end > 0)),
            None => self.say(format!("{path} is not a readable document"), Tone::Warning),
        }
    }

    fn show_doc(&mut self, d: usize, span: Option<Span>) {
        let line = span.map_or(1, |s| self.project.workspace.docs[d].lines.line_of(s.start));
        let page = usize::from(self.page());
        self.doc = DocState {
            doc: Some(d),
            scroll: line.saturating_sub(page / 3 + 1),
            hscroll: 0,
            highlight: span,
            focused: true,
        };
        self.set_focus(PaneId::Documents);
        let path = self.project.workspace.docs[d].path.clone();
        self.select_key(PaneId::Documents, &path);
    }

    /// Focus an item by ID in the pane that lists it; false when no pane lists it.
    /// The ID is matched as [`crate::model::Workspace::find_item`] does: exactly, else
    /// ignoring case, else also ignoring leading zeros (`alr-02` finds `ALR-002`).
    pub fn goto(&mut self, typed: &str) -> bool {
        let Some(item) = self.project.workspace.find_item(typed) else {
            self.say(format!("no item {typed}"), Tone::Error);
            return false;
        };
        let id = item.id.clone();
        let id = id.as_str();
        let pane = match item.kind {
            ItemKind::Telemetry => PaneId::Telemetry,
            ItemKind::Alert => PaneId::Alerts,
            ItemKind::EscalationStep => PaneId::Escalation,
            ItemKind::Shift | ItemKind::Override => PaneId::Oncall,
            ItemKind::Requirement => PaneId::Rtm,
            _ => {
                let path = self.project.workspace.docs[item.doc].path.clone();
                let span = item.span;
                self.open_doc_span(&path, span);
                return true;
            }
        };
        let key = id.to_string();
        self.ensure_fresh(pane);
        if pane == PaneId::Telemetry && self.options.gaps_only && !self.select_key(pane, &key) {
            self.options.gaps_only = false;
            self.rebuild(pane);
        }
        let st = &mut self.panes[pane.index()];
        if !st.filter.is_empty() {
            st.filter.clear();
            self.refilter(pane);
        }
        self.set_focus(pane);
        if self.select_key(pane, &key) {
            self.scroll_into_view();
            self.say(id.to_string(), Tone::Muted);
            true
        } else {
            false
        }
    }

    /// The file and line `o` opens.
    fn editor_target(&self) -> Option<(String, usize)> {
        let ws = &self.project.workspace;
        if let Some(w) = &self.walk {
            return match w.step() {
                walkthrough::Step::Finding { key } => self
                    .assessment
                    .findings
                    .iter()
                    .find(|f| walkthrough::finding_key(f) == *key)
                    .map(|f| (f.file.clone(), f.line)),
                step => {
                    let item = ws.item(step.item()?)?;
                    Some((ws.docs[item.doc].path.clone(), item.line))
                }
            };
        }
        if self.focus == PaneId::Documents && self.doc.focused {
            let d = &ws.docs[self.doc.doc?];
            return Some((d.path.clone(), self.doc.scroll + 1));
        }
        match &self.selected_row(self.focus)?.target {
            Target::Item(id) => {
                let item = ws.item(id)?;
                Some((ws.docs[item.doc].path.clone(), item.line))
            }
            Target::Finding(i) => {
                let f = self.assessment.findings.get(*i)?;
                Some((f.file.clone(), f.line))
            }
            Target::Doc(d) => Some((ws.docs.get(*d)?.path.clone(), 1)),
            Target::Criterion(_) | Target::Check(_) | Target::Gap { .. } | Target::None => None,
        }
    }

    fn paste(&mut self, text: &str) {
        let clean: String = crate::model::inert(text).replace('\n', " ");
        match &mut self.mode {
            Mode::Filter => {
                self.panes[self.focus.index()].filter.push_str(&clean);
                self.refilter(self.focus);
            }
            Mode::Command { input, .. } => {
                input.push_str(&clean);
                self.complete_command();
            }
            Mode::Incoming { name } => name.push_str(&clean),
            _ => {}
        }
    }

    /// Recompute the palette's completions from the line typed so far.
    fn complete_command(&mut self) {
        let ids: Vec<&str> = self
            .project
            .workspace
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        let themes: Vec<&str> = self.theme_names.iter().map(String::as_str).collect();
        if let Mode::Command {
            input,
            completions,
            pick,
        } = &mut self.mode
        {
            *completions = command::complete(input, &ids, &themes);
            *pick = 0;
        }
    }

    /// Run a palette command line (also used by tests and scripted sessions).
    pub fn run_command(&mut self, line: &str) -> Vec<Effect> {
        match command::parse(line) {
            Ok(command::Parsed::Action(a)) => self.act(a),
            Ok(command::Parsed::Goto(id)) => {
                let mut shown = false;
                self.follow(|app| shown = app.goto(&id));
                if !shown && self.project.workspace.find_item(&id).is_some() {
                    self.say(format!("{id} is hidden by the current view"), Tone::Warning);
                }
                Vec::new()
            }
            Ok(command::Parsed::Walkthrough) => self.start_walkthrough(),
            Ok(command::Parsed::Handover) => vec![Effect::Handover],
            Ok(command::Parsed::Verify) => self.start_verify(),
            Ok(command::Parsed::History) => {
                if self.history.is_empty() {
                    self.say(
                        "no readiness history: the project is not in git, or it is still being read",
                        Tone::Warning,
                    );
                } else {
                    self.mode = Mode::History;
                }
                Vec::new()
            }
            Ok(command::Parsed::Messages) => {
                self.open_messages();
                Vec::new()
            }
            Ok(command::Parsed::AddLogEntry) => {
                self.start_log_entry();
                Vec::new()
            }
            Ok(command::Parsed::Theme(name)) => {
                if self.theme_names.iter().any(|t| t == &name) {
                    vec![Effect::SetTheme(name)]
                } else {
                    self.say(
                        format!("no theme `{name}`; themes: {}", self.theme_names.join(", ")),
                        Tone::Error,
                    );
                    Vec::new()
                }
            }
            Err(e) => {
                self.say(e.to_string(), Tone::Error);
                Vec::new()
            }
        }
    }

    fn mouse(&mut self, m: MouseEvent) {
        let areas = layout::areas(self.size.0, self.size.1);
        match m.kind {
            MouseEventKind::ScrollDown => self.act_silent(Action::Down),
            MouseEventKind::ScrollUp => self.act_silent(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(p) = layout::tab_at(&areas, m.column, m.row) {
                    self.focus_pane(p);
                    return;
                }
                let list = areas.list;
                // Rows start below the border, the summary line and the header row.
                let first = list.y + 3; // border, summary, column header
                if m.column >= list.x
                    && m.column < list.x + list.width
                    && m.row >= first
                    && m.row < list.y + list.height.saturating_sub(1)
                {
                    let st = &mut self.panes[self.focus.index()];
                    let idx = st.offset + usize::from(m.row - first);
                    if idx < st.visible.len() {
                        st.selected = idx;
                    }
                }
            }
            _ => {}
        }
    }

    fn act_silent(&mut self, a: Action) {
        let _ = self.act(a);
    }
}
