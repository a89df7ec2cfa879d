//! Editing from the TUI: the form, toggling, adding rows, signing off and revoking, the
//! confirm step with the diff a save will make, conflicts, and undo. Pure: writes are
//! effects the shell carries out, reporting back with `Saved` or `SaveFailed`.

use similar::TextDiff;

use super::form::{Form, FormTarget};
use super::mode::scroll::Scroll;
use super::{App, Effect, Mode, Target, Tone};
use crate::edit::link::{self, Target as LinkTarget};
use crate::edit::{Edit, EditError, plan};
use crate::model::{FieldKey, ItemKind, Role};
use crate::parse::{FileChange, apply_changes};

/// A pending save waiting for the operator's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// What the save does, in words.
    pub title: String,
    /// Lines summarising the change (field: old → new, signer, fingerprint).
    pub summary: Vec<String>,
    /// The unified diff of every file the save touches.
    pub diff: String,
    /// The edits to carry out, in order.
    pub edits: Vec<Edit>,
    /// The form to go back to on `esc`, when the edits came from one.
    pub form: Option<Box<Form>>,
    /// How far the summary and diff are scrolled.
    pub scroll: Scroll,
}

impl Confirm {
    /// What the confirmation shows, line by line: the summary, a blank line, then the
    /// diff (inert: it quotes the docs).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = self.summary.clone();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(
            self.diff
                .lines()
                .map(|l| crate::model::inert(l).into_owned()),
        );
        lines
    }
}

/// A save that met someone else's change to the same item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What happened, with both versions of the line (or, per field someone else
    /// changed, the original, their and your value).
    pub message: String,
    /// The edits that were refused; writing yours saves them, over the values shown.
    pub edits: Vec<Edit>,
    /// The form they came from, to keep editing.
    pub form: Option<Box<Form>>,
    /// How far the message is scrolled.
    pub scroll: Scroll,
}

/// A field whose value on disk moved away from the one an edit was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedField {
    /// The item's ID.
    pub item: String,
    /// The field's header.
    pub field: String,
    /// The value the edit was based on (when the form opened).
    pub original: String,
    /// The value the file holds now.
    pub theirs: String,
    /// The value the edit writes.
    pub yours: String,
}

/// The link picker: headings to link a requirement to, filtered as you type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The requirement.
    pub item: String,
    /// Every heading that can be linked.
    pub targets: Vec<LinkTarget>,
    /// The filter typed so far.
    pub filter: String,
    /// Indexes into `targets` that match the filter.
    pub visible: Vec<usize>,
    /// The highlighted entry (index into `visible`).
    pub pick: usize,
}

impl Picker {
    /// Recompute the visible targets from the filter.
    pub(super) fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.visible = self
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let hay = format!(
                    "{} {} {}",
                    t.label,
                    t.path,
                    t.anchor.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        self.pick = self.pick.min(self.visible.len().saturating_sub(1));
    }

    /// The highlighted target.
    pub fn current(&self) -> Option<&LinkTarget> {
        self.visible.get(self.pick).map(|&i| &self.targets[i])
    }
}

/// One file's state before a write of this session, for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoStep {
    /// Project-relative path.
    pub path: String,
    /// The text before the write.
    pub before: String,
    /// SHA-256 of the text the write left: undo only if the file still has it.
    pub after_hash: [u8; 32],
}

/// One undoable write: what it was and how to take it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoEntry {
    /// What the write did, for messages.
    pub label: String,
    /// Per file, the text to restore.
    pub steps: Vec<UndoStep>,
    /// The diff the write made, for `d`.
    pub diff: String,
}

/// The unified diff between two versions of a file.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

impl App {
    /// The item the selection is about: a row's item, or a finding's item.
    pub fn selected_item(&self) -> Option<String> {
        if let Some(w) = &self.walk {
            return w.step().item().map(str::to_string);
        }
        match &self.selected_row(self.focus)?.target {
            Target::Item(id) => Some(id.clone()),
            Target::Finding(i) => self.assessment.findings.get(*i)?.item.clone(),
            _ => None,
        }
        .filter(|id| self.project.workspace.item(id).is_some())
    }

    /// Who signs a record (sign-off, revoke, acknowledgement, verdict), or `None` after
    /// saying why nobody can: config.toml names a signer it cannot read (refused, never
    /// signed under another name), or there is no name at all.
    pub(super) fn signer_or_say(&mut self) -> Option<String> {
        if let Some(problem) = &self.signer_problem {
            let text = format!(
                "cannot tell who signs: {problem}; fix config.toml, or sign with `readyroom \
                 signoff --as NAME`"
            );
            self.say(text, Tone::Error);
            return None;
        }
        if self.signer.is_none() {
            self.say(
                "no signer name: set `signer` in config.toml or git config user.name",
                Tone::Error,
            );
        }
        self.signer.clone()
    }

    fn changelog_path(&self) -> String {
        self.project.config.path(Role::ChangeLog).to_string()
    }

    /// `e`: open the edit form on the selected item.
    pub(super) fn start_edit(&mut self) {
        let Some(id) = self.selected_item() else {
            self.say("select an item to edit", Tone::Warning);
            return;
        };
        let ws = &self.project.workspace;
        let Some(item) = ws.item(&id) else { return };
        let form = Form::for_item(item, &ws.docs[item.doc].source);
        self.mode = Mode::Form(Box::new(form));
    }

    /// `a`: open a form for a new row in the selected item's table.
    pub(super) fn start_add_row(&mut self) {
        let ws = &self.project.workspace;
        let Some((di, ti, kind)) = self.selected_item().and_then(|id| {
            ws.item(&id)
                .and_then(|i| i.table.map(|t| (i.doc, t, Some(i.kind))))
        }) else {
            self.say(
                "select a row of the table to add to (or :log for the change log)",
                Tone::Warning,
            );
            return;
        };
        self.open_row_form(di, ti, kind);
    }

    /// `W` on a finding: a form asking the waiver's reason and expiry (30 days ahead,
    /// within `[waivers] max_days`); the signer approves it.
    pub(super) fn start_waive(&mut self) {
        let finding = match self.selected_row(self.focus).map(|r| &r.target) {
            Some(Target::Finding(i)) => self.assessment.findings.get(*i),
            _ => None,
        };
        let Some(f) = finding else {
            self.say("select a finding to waive", Tone::Warning);
            return;
        };
        if let Some(w) = &f.waived {
            let message = format!("already waived by {} until {}", w.id, w.expires);
            self.say(&message, Tone::Muted);
            return;
        }
        let (rule, item) = (
            f.rule.as_str().to_string(),
            f.item.clone().unwrap_or_else(|| f.file.clone()),
        );
        if self.signer_or_say().is_none() {
            return;
        }
        let days = self.project.config.waiver_max_days.min(30);
        let expires = self
            .clock
            .today
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(self.clock.today);
        self.mode = Mode::Form(Box::new(Form::for_waiver(&rule, &item, expires)));
    }

    /// The waiver a submitted waiver form asks for, or why it would not hold.
    fn waiver_edit(&mut self, form: &Form, rule: &str, item: &str) -> Result<Edit, String> {
        let approver = self
            .signer_or_say()
            .ok_or_else(|| "no signer to approve the waiver".to_string())?;
        let expires = form
            .value("Expires")
            .parse::<jiff::civil::Date>()
            .map_err(|_| "Expires: a date as YYYY-MM-DD".to_string())?;
        let reason = form.value("Reason");
        if let Some(why) = crate::rules::waivers::why_not_live(
            rule,
            item,
            reason,
            &approver,
            expires,
            self.clock.today,
            self.project.config.waiver_max_days,
        ) {
            return Err(why);
        }
        Ok(Edit::Waive(crate::edit::NewWaiver {
            rule: rule.to_string(),
            item: item.to_string(),
            reason: reason.to_string(),
            approver,
            expires,
            date: self.clock.today,
        }))
    }

    /// `r` in the walkthrough on a review that is due: stamp `doc` as reviewed today by
    /// the signer, after the confirmation with the diff.
    pub(super) fn start_review(&mut self, doc: String) {
        let Some(reviewer) = self.signer_or_say() else {
            return;
        };
        let date = self.clock.today;
        let title = format!("Stamp {doc} as reviewed by {reviewer} on {date}");
        let edit = Edit::Review {
            doc,
            reviewer,
            date,
        };
        self.confirm(title, vec![edit], None);
    }

    /// `:log`: open a form for a new change-log entry.
    pub(super) fn start_log_entry(&mut self) {
        let ws = &self.project.workspace;
        let found = ws
            .items_of(ItemKind::ChangeEntry)
            .find_map(|i| i.table.map(|t| (i.doc, t)))
            .or_else(|| {
                let d = ws.doc_index(&self.changelog_path())?;
                (!ws.docs[d].tables.is_empty()).then_some((d, 0))
            });
        match found {
            Some((di, ti)) => {
                self.open_row_form(di, ti, Some(ItemKind::ChangeEntry));
                if let Mode::Form(form) = &mut self.mode {
                    for f in &mut form.fields {
                        if FieldKey::from_header(&f.header) == FieldKey::Date {
                            f.input = tui_input::Input::new(self.clock.today.to_string());
                        }
                    }
                }
            }
            None => self.say(
                "the change log has no entries table to add to",
                Tone::Warning,
            ),
        }
    }

    fn open_row_form(&mut self, di: usize, ti: usize, kind: Option<ItemKind>) {
        let ws = &self.project.workspace;
        let doc = &ws.docs[di];
        let next_id = next_id(
            ws.items
                .iter()
                .filter(|i| i.doc == di && i.table == Some(ti))
                .map(|i| i.id.as_str()),
        );
        let form = Form::for_new_row(&doc.path, ti, &doc.tables[ti], kind, next_id.as_deref());
        self.mode = Mode::Form(Box::new(form));
    }

    /// Enter in the form: validate, plan every changed field, and ask for confirmation.
    pub(super) fn submit_form(&mut self, form: Box<Form>) {
        if let Some(p) = form.problem() {
            let mut form = form;
            form.error = Some(p);
            self.mode = Mode::Form(form);
            return;
        }
        let edits: Vec<Edit> = match &form.target {
            FormTarget::Item(id) => form
                .fields
                .iter()
                .filter(|f| f.changed())
                .map(|f| Edit::Set {
                    item: id.clone(),
                    field: f.header.clone(),
                    value: f.input.value().trim().to_string(),
                    expect: Some(f.original.clone()),
                })
                .collect(),
            FormTarget::Waiver { rule, item } => match self.waiver_edit(&form, rule, item) {
                Ok(edit) => vec![edit],
                Err(why) => {
                    let mut form = form;
                    form.error = Some(why);
                    self.mode = Mode::Form(form);
                    return;
                }
            },
            FormTarget::NewRow { doc, table } => vec![Edit::AddRow {
                doc: doc.clone(),
                table: *table,
                values: form
                    .fields
                    .iter()
                    .map(|f| (f.header.clone(), f.input.value().trim().to_string()))
                    .collect(),
            }],
        };
        if edits.is_empty() {
            self.mode = Mode::Normal;
            self.say("nothing changed", Tone::Muted);
            return;
        }
        let title = form.title.clone();
        self.confirm(title, edits, Some(form));
    }

    /// The fields of `edits` that someone else changed since the edits read them: each
    /// `Set` whose expected value is no longer what the docs hold.
    pub fn moved_fields(&self, edits: &[Edit]) -> Vec<MovedField> {
        let ws = &self.project.workspace;
        edits
            .iter()
            .filter_map(|e| match e {
                Edit::Set {
                    item,
                    field,
                    value,
                    expect: Some(expected),
                } => {
                    let now = crate::edit::field_value(ws, item, field).ok()?;
                    (now.trim() != expected.trim()).then(|| MovedField {
                        item: item.clone(),
                        field: field.clone(),
                        original: expected.trim().to_string(),
                        theirs: now.trim().to_string(),
                        yours: value.clone(),
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// Show the conflict dialog for fields someone else changed: original, theirs and
    /// yours per field; nothing is written until the operator picks. Writing yours then
    /// expects their values; keeping on editing starts from them.
    pub(super) fn show_moved(
        &mut self,
        moved: &[MovedField],
        edits: Vec<Edit>,
        form: Option<Box<Form>>,
    ) {
        use crate::model::inert;
        use std::fmt::Write as _;
        let mut message =
            String::from("Someone else changed the file while you edited; nothing was written.\n");
        for m in moved {
            let shown = |v: &str| {
                if v.is_empty() {
                    "(empty)".to_string()
                } else {
                    inert(v).into_owned()
                }
            };
            let _ = writeln!(
                message,
                "{} {}\n  original: {}\n  theirs:   {}\n  yours:    {}",
                inert(&m.item),
                inert(&m.field),
                shown(&m.original),
                shown(&m.theirs),
                shown(&m.yours)
            );
        }
        let theirs = |item: &str, field: &str| {
            moved
                .iter()
                .find(|m| m.item == item && m.field == *field)
                .map(|m| m.theirs.clone())
        };
        let edits = edits
            .into_iter()
            .map(|e| match e {
                Edit::Set {
                    item,
                    field,
                    value,
                    expect,
                } => Edit::Set {
                    expect: theirs(&item, &field).or(expect),
                    item,
                    field,
                    value,
                },
                other => other,
            })
            .collect();
        let form = form.map(|mut f| {
            for field in &mut f.fields {
                if let Some(m) = moved.iter().find(|m| m.field == field.header) {
                    field.original.clone_from(&m.theirs);
                }
            }
            f.error = None;
            f
        });
        self.mode = Mode::Conflict(Box::new(Conflict {
            message,
            edits,
            form,
            scroll: Scroll::default(),
        }));
    }

    /// After a reload: a pending confirmation whose fields someone else just changed
    /// becomes the conflict dialog, so `y` never writes over their change.
    pub(super) fn recheck_confirm(&mut self) {
        if let Mode::Confirm(c) = &self.mode {
            let moved = self.moved_fields(&c.edits);
            if !moved.is_empty() {
                let Mode::Confirm(c) = std::mem::replace(&mut self.mode, Mode::Normal) else {
                    return;
                };
                let c = *c;
                self.show_moved(&moved, c.edits, c.form);
            }
        }
    }

    /// Preview `edits` (planned one after another on a scratch copy) and ask to confirm;
    /// fields someone else changed since the edits read them go to the conflict dialog.
    pub(super) fn confirm(&mut self, title: String, edits: Vec<Edit>, form: Option<Box<Form>>) {
        let moved = self.moved_fields(&edits);
        if !moved.is_empty() {
            self.show_moved(&moved, edits, form);
            return;
        }
        match self.preview(&edits) {
            Ok((summary, diff)) => {
                self.mode = Mode::Confirm(Box::new(Confirm {
                    title,
                    summary,
                    diff,
                    edits,
                    form,
                    scroll: Scroll::default(),
                }));
            }
            Err(e) => {
                if let Some(mut form) = form {
                    form.error = Some(e);
                    self.mode = Mode::Form(form);
                } else {
                    self.mode = Mode::Normal;
                    self.say(e, Tone::Error);
                }
            }
        }
    }

    /// The summary lines and the combined diff the edits will make.
    fn preview(&self, edits: &[Edit]) -> Result<(Vec<String>, String), String> {
        let changelog = self.changelog_path();
        // Later edits are planned on the docs as the earlier ones leave them; a single
        // edit (the usual case) needs no copy of the workspace.
        let mut ws = std::borrow::Cow::Borrowed(&self.project.workspace);
        let mut texts: Vec<(String, String, String)> = Vec::new();
        let mut summary = Vec::new();
        for (n, e) in edits.iter().enumerate() {
            let p = plan(&ws, e, &changelog).map_err(|err| err.to_string())?;
            for c in &p.changes {
                summary.push(if c.old.is_empty() {
                    format!("{}:{} {}: + {}", c.path, c.line, c.what, c.new)
                } else {
                    format!("{}:{} {}: {} → {}", c.path, c.line, c.what, c.old, c.new)
                });
            }
            let mut changes = Vec::new();
            for f in &p.files {
                let Some(doc) = ws.doc(&f.path) else { continue };
                let new =
                    crate::edit::apply(&doc.source, &f.splices).map_err(|err| err.to_string())?;
                match texts.iter_mut().find(|(path, _, _)| path == &f.path) {
                    Some(t) => t.2.clone_from(&new),
                    None => texts.push((f.path.clone(), doc.source.clone(), new.clone())),
                }
                changes.push((f.path.clone(), FileChange::Text(new)));
            }
            if n + 1 < edits.len() {
                apply_changes(ws.to_mut(), changes, &self.project.config);
            }
        }
        let diff = texts
            .iter()
            .map(|(path, old, new)| unified_diff(path, old, new))
            .collect::<String>();
        Ok((summary, diff))
    }

    /// `space`: tick or untick the selected task item.
    pub(super) fn toggle(&mut self) -> Vec<Effect> {
        let Some(id) = self.selected_item() else {
            self.say(
                "select a checklist item (an action or acknowledgement) to tick",
                Tone::Warning,
            );
            return Vec::new();
        };
        let Some((checked, kind, signed)) = self
            .project
            .workspace
            .item(&id)
            .and_then(|i| i.checked.map(|c| (c, i.kind, i.signoff().is_some())))
        else {
            self.say(format!("{id} is not a checklist item"), Tone::Warning);
            return Vec::new();
        };
        if kind == ItemKind::Acknowledgement {
            self.tick_acknowledgement(&id, checked, signed);
            return Vec::new();
        }
        vec![Effect::Save(vec![Edit::Toggle { item: id }])]
    }

    /// `s` / `S`: sign off or revoke the selected item, after confirmation.
    pub(super) fn start_signoff(&mut self, revoke: bool) {
        let Some(id) = self.selected_item() else {
            self.say("select an item to sign off", Tone::Warning);
            return;
        };
        let Some(signer) = self.signer_or_say() else {
            return;
        };
        let date = self.clock.today;
        let edit = if revoke {
            Edit::Revoke {
                item: id.clone(),
                signer: signer.clone(),
                date,
            }
        } else {
            Edit::SignOff {
                item: id.clone(),
                signer: signer.clone(),
                date,
            }
        };
        let ws = &self.project.workspace;
        let mut edits = vec![edit.clone()];
        let mut title = if revoke {
            format!("Revoke the sign-off of {id}")
        } else {
            format!("Sign off {id}")
        };
        if let Err(EditError::NeedsSignOffColumn { .. }) = plan(ws, &edit, &self.changelog_path())
            && let Some(item) = ws.item(&id)
            && let Some(table) = item.table
        {
            let doc = ws.docs[item.doc].path.clone();
            edits.insert(0, Edit::AddSignOffColumn { doc, table });
            title.push_str(" (adds a Sign-off column to its table)");
        }
        let fp = ws
            .item(&id)
            .map(|i| crate::model::fingerprint(i, &ws.docs[i.doc].source))
            .unwrap_or_default();
        title = format!("{title} as {signer} on {date}, fingerprint {fp}");
        self.confirm(title, edits, None);
    }

    /// `u`: take back the last write of this session, if its files are unchanged since.
    pub(super) fn undo(&mut self) -> Vec<Effect> {
        if let Some(entry) = self.undo_stack.pop() {
            vec![Effect::Undo(Box::new(entry))]
        } else {
            self.say("nothing to undo in this session", Tone::Muted);
            Vec::new()
        }
    }

    /// `d`: show the diff of the last write (what `u` would take back).
    pub(super) fn show_last_diff(&mut self) {
        match self.undo_stack.last() {
            Some(e) => {
                self.mode = Mode::Confirm(Box::new(Confirm {
                    title: format!("Last write: {} (u undoes it)", e.label),
                    summary: Vec::new(),
                    diff: e.diff.clone(),
                    edits: Vec::new(),
                    form: None,
                    scroll: Scroll::default(),
                }));
            }
            None => self.say("no write yet in this session", Tone::Muted),
        }
    }

    /// `l` in the RTM pane: pick a heading to link the selected requirement to.
    pub(super) fn start_link_picker(&mut self) {
        let Some(id) = self.selected_item().filter(|id| {
            self.project
                .workspace
                .item(id)
                .is_some_and(|i| i.kind == ItemKind::Requirement)
        }) else {
            self.say(
                "select a requirement in the RTM pane to link evidence to",
                Tone::Warning,
            );
            return;
        };
        let mut p = Picker {
            item: id,
            targets: link::targets(&self.project.workspace),
            filter: String::new(),
            visible: Vec::new(),
            pick: 0,
        };
        p.refilter();
        self.mode = Mode::Picker(Box::new(p));
    }

    /// `a` in the handover view: ask who the incoming engineer is, starting from the
    /// primary on call from the next hand-off (not the person at the keyboard).
    pub(super) fn ask_incoming(&mut self) {
        let name = self
            .assessment
            .rotation
            .as_ref()
            .and_then(|r| {
                let next = crate::rotation::next_handoff(r, self.clock.now)?;
                crate::rotation::on_call_at(r, next).primary
            })
            .unwrap_or_default();
        self.mode = Mode::Incoming { name };
    }

    /// Record that `incoming` takes over from the primary on call now (or the one
    /// before, when `incoming` already is): one change-log line, after a confirmation.
    pub(super) fn acknowledge_handover(&mut self, incoming: &str) {
        let incoming = incoming.trim().to_string();
        if incoming.is_empty() {
            self.say("type the incoming engineer's name", Tone::Warning);
            self.mode = Mode::Incoming { name: incoming };
            return;
        }
        let outgoing = self
            .assessment
            .rotation
            .as_ref()
            .and_then(|r| crate::handover::outgoing(r, self.clock.now, &incoming))
            .filter(|o| !o.trim().eq_ignore_ascii_case(&incoming));
        let Some(outgoing) = outgoing else {
            self.mode = Mode::Normal;
            self.say(
                format!(
                    "cannot tell who hands over to {incoming}; use `readyroom handover --ack \
                     --as NAME --from NAME`"
                ),
                Tone::Error,
            );
            return;
        };
        let date = self.clock.today;
        let edit = Edit::Acknowledge {
            incoming: incoming.clone(),
            outgoing: outgoing.clone(),
            date,
        };
        self.confirm(
            format!("Acknowledge the handover from {outgoing} to {incoming} on {date}"),
            vec![edit],
            None,
        );
    }

    /// `space` on a stakeholder acknowledgement: tick it with the signer and date on
    /// the item and an audit line (untick: revoke that record), after a confirmation.
    fn tick_acknowledgement(&mut self, id: &str, checked: bool, signed: bool) {
        let Some(signer) = self.signer_or_say() else {
            return;
        };
        let date = self.clock.today;
        let toggle = Edit::Toggle {
            item: id.to_string(),
        };
        let (title, edits) = if checked {
            let mut edits = Vec::new();
            if signed {
                edits.push(Edit::Revoke {
                    item: id.to_string(),
                    signer: signer.clone(),
                    date,
                });
            }
            edits.push(toggle);
            (
                format!("Untick {id}: withdraw the acknowledgement as {signer} on {date}"),
                edits,
            )
        } else {
            let sign = Edit::SignOff {
                item: id.to_string(),
                signer: signer.clone(),
                date,
            };
            (
                format!("Tick {id}: acknowledged by {signer} on {date}"),
                vec![toggle, sign],
            )
        };
        self.confirm(title, edits, None);
    }
}

/// The next ID of a table whose IDs share a prefix and number: `TEL-008` → `TEL-009`.
fn next_id<'a>(ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(String, u64, usize)> = None;
    for id in ids {
        let digits = id.chars().rev().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits == id.len() {
            continue;
        }
        let (prefix, num) = id.split_at(id.len() - digits);
        let Ok(n) = num.parse::<u64>() else { continue };
        if best.as_ref().is_none_or(|(_, b, _)| n > *b) {
            best = Some((prefix.to_string(), n, digits));
        }
    }
    best.map(|(p, n, w)| format!("{p}{:0w$}", n + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_ids_follow_the_widest_number() {
        assert_eq!(
            next_id(["TEL-001", "TEL-008", "TEL-003"].into_iter()).as_deref(),
            Some("TEL-009")
        );
        assert_eq!(
            next_id(["REQ-0099"].into_iter()).as_deref(),
            Some("REQ-0100")
        );
        assert_eq!(next_id(["alert:x"].into_iter()), None);
    }

    #[test]
    fn diffs_are_unified() {
        let d = unified_diff("a.md", "x\ny\n", "x\nz\n");
        assert!(
            d.contains("--- a/a.md") && d.contains("-y") && d.contains("+z"),
            "{d}"
        );
    }
}
