//! The subcommands of `readyroom`, each a function from its arguments to an exit code
//! or a [`CliError`]: load the project, call the library, print through [`output`].
//! `main.rs` holds only the argument definitions and maps a [`CliError`] to its exit
//! code (1 refused, 2 cannot run) in one place.

use std::path::{Path, PathBuf};

use super::generate::{self, CompletionShell};
use super::output::{self, Safe};
use super::{edit as edit_out, init as init_out};
use super::{notify as notify_out, oncall as oncall_out, report as report_out};
use crate::assess::{Assessment, Subject};
use crate::clock::{Clock, resolve};
use crate::edit::{Edit, EditError, column_first, plan as plan_edit};
use crate::handover::{Acknowledgement, History, Since, parties, render as handover_out};
use crate::model::{Role, inert_line};
use crate::rotation::{Rotation, build as build_rotation};
use crate::rules::rule_ids;
use crate::store::{ExportError, Project, load_project, save, write_export};
use crate::store::{GitHistory, create_missing, ensure_dir, git_state, load_config};
use crate::user_config::{self, Loaded, UserConfig, config_dir};

/// Exit code when a command is refused for what it asks.
pub const REFUSED: u8 = 1;

/// Exit code when a command cannot run at all.
pub const CANNOT_RUN: u8 = 2;

/// Why a command did not do its job; its message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// The request was understood and refused (unknown item, conflict, a refused
    /// file): exit 1.
    #[error("{0}")]
    Refused(String),
    /// The command could not run (bad path, invalid config, IO error): exit 2.
    #[error("{0}")]
    CannotRun(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Refused(_) => REFUSED,
            CliError::CannotRun(_) => CANNOT_RUN,
        }
    }

    fn cannot(message: impl std::fmt::Display) -> CliError {
        CliError::CannotRun(message.to_string())
    }

    fn refused(message: impl std::fmt::Display) -> CliError {
        CliError::Refused(message.to_string())
    }
}

/// What a command ends with: the exit code of a run that did its job (0, or 1 for
/// `check` on a tree that is not ready), or why it did not.
pub type Outcome = Result<u8, CliError>;

/// Output format of machine-readable commands.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Lines for people; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// One JSON document for tools.
    Json,
}

/// Output format of `readyroom report`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown that renders on a git forge: headings, lists and tables.
    Markdown,
    /// One JSON document for tools, fields in a fixed order.
    Json,
}

/// Output format of `readyroom handover`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum HandoverFormat {
    /// Lines for the terminal.
    Text,
    /// A note to paste into chat or a ticket: headings, bullets and a short table.
    Markdown,
    /// One JSON document for tools, fields in a fixed order.
    Json,
}

/// Say something on standard error, prefixed with the program's name.
pub fn complain(message: &str) {
    output::eprint(format!("readyroom: {message}\n"));
}

/// Write text to standard output, made inert; a closed pipe (`| head`) is no error.
pub fn emit(text: impl Into<Safe>) -> Outcome {
    output::print(text)
        .map(|()| 0)
        .map_err(|e| CliError::cannot(format!("cannot write to standard output: {e}")))
}

/// Write JSON text to standard output with every hazard escaped as `\uXXXX`.
pub(crate) fn emit_json(text: &str) -> Outcome {
    emit(Safe::json(&format!("{}\n", text.trim_end())))
}

/// The clock: `today` pinned by the argument or `READYROOM_NOW`, else the system's.
pub(crate) fn clock(today: Option<&str>) -> Result<Clock, CliError> {
    let env = std::env::var("READYROOM_NOW").ok();
    resolve(
        today,
        env.as_deref(),
        jiff::Timestamp::now(),
        &jiff::tz::TimeZone::system(),
    )
    .map_err(CliError::cannot)
}

pub(crate) fn load(path: &Path) -> Result<Project, CliError> {
    load_project(path, &rule_ids()).map_err(CliError::cannot)
}

/// Load the project at `path` and assess it, the clock pinned by `today` (or
/// `READYROOM_NOW`): where `check`, `report`, `notify-text` and `handover` start.
pub(crate) fn load_and_assess(
    path: &Path,
    today: Option<&str>,
) -> Result<(Project, Assessment), CliError> {
    let clock = clock(today)?;
    let project = load(path)?;
    let assessment = Assessment::new(&project.workspace, &project.config, clock);
    Ok((project, assessment))
}

/// `readyroom oncall`: who is on call at `at` (default now), or the final schedule
/// written to `ics_file` as iCalendar, shaped by `ics_args`, or compared with a paging
/// tool's export (`ics_args.compare`).
pub fn oncall(
    path: &Path,
    at: Option<&str>,
    today: Option<&str>,
    ics_file: Option<&Path>,
    ics_args: &oncall_out::CalendarArgs,
) -> Outcome {
    let format = match ics_args.format {
        oncall_out::OncallFormat::Text => Format::Text,
        oncall_out::OncallFormat::Json => Format::Json,
        oncall_out::OncallFormat::Csv if ics_args.load => Format::Text,
        oncall_out::OncallFormat::Csv => {
            return Err(CliError::cannot(
                "--format csv applies to --load only; use text or json",
            ));
        }
    };
    let clock = clock(today)?;
    let at = match at.map(str::trim) {
        None => clock.now,
        Some(s) => s.parse::<jiff::Timestamp>().map_err(|e| {
            CliError::cannot(format!(
                "--at {s:?} is not an RFC 3339 instant such as 2026-12-01T10:00:00+01:00: {e}"
            ))
        })?,
    };
    let remind = ics_args
        .remind
        .as_deref()
        .map(oncall_out::parse_remind)
        .transpose()
        .map_err(|e| CliError::cannot(e.to_string()))?;
    let project = load(path)?;
    let Some(rotation) = build_rotation(&project.workspace) else {
        return Err(CliError::cannot(format!(
            "no on-call rotation in {}: add a `Start | End | Primary | Secondary` (or \
             `Week of | Primary | Secondary`) table under an \"On-call rotation\" heading",
            project.workspace.role_path(Role::Playbook)
        )));
    };
    if let Some(file) = &ics_args.compare {
        return compare(&project, &rotation, file, ics_args.role, format);
    }
    if ics_args.load {
        return load_report(&project, &rotation, ics_args);
    }
    if ics_file.is_none() && ics_args.role != oncall_out::RoleChoice::All {
        return Err(CliError::cannot(
            "--role applies to --ics (the roles to export) or --compare (the role the \
             calendar holds); add one of them",
        ));
    }
    if let Some(file) = ics_file {
        let person = ics_args
            .person
            .as_deref()
            .map(|p| oncall_out::find_person(&rotation, p))
            .transpose()
            .map_err(|e| CliError::cannot(inert_line(&e.to_string())))?;
        let name = project.display_name();
        let text = oncall_out::ics(
            &rotation,
            &oncall_out::IcsOptions {
                person: person.as_deref(),
                role: ics_args.role,
                remind,
                ..oncall_out::IcsOptions::new(&name, clock.now)
            },
        );
        let events = text.matches("BEGIN:VEVENT").count();
        let written = write_export(&project.root, file, &text).map_err(export_failed)?;
        return emit(format!(
            "Wrote {events} on-call events to {}\n",
            written.display()
        ));
    }
    match format {
        Format::Text => emit(oncall_out::report_text(
            &rotation,
            at,
            &jiff::tz::TimeZone::system(),
        )),
        Format::Json => emit_json(
            &serde_json::to_string_pretty(&oncall_out::report_json(&rotation, at))
                .unwrap_or_default(),
        ),
    }
}

/// `readyroom oncall --compare FILE`: where the paging tool's export `file` and the
/// rotation disagree about `role` (primary unless `secondary`); exit 1 when they do.
fn compare(
    project: &Project,
    rotation: &Rotation,
    file: &Path,
    role: oncall_out::RoleChoice,
    format: Format,
) -> Outcome {
    let shown = inert_line(&file.display().to_string()).into_owned();
    let (dir, name) = match (file.parent(), file.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().into_owned()),
        _ => {
            return Err(CliError::cannot(format!(
                "--compare {shown}: name an iCalendar file, such as ops/pager-primary.ics"
            )));
        }
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let text = match crate::store::read_text(dir, &name, project.config.max_file_size) {
        crate::store::ReadOutcome::Text(text) => text,
        crate::store::ReadOutcome::Problem(d) => {
            return Err(CliError::cannot(format!(
                "--compare {shown}: {}",
                inert_line(&d.message)
            )));
        }
    };
    let cal = crate::rotation::pager::read_calendar(&text, &rotation.zone).map_err(|e| {
        CliError::cannot(format!(
            "--compare {shown}: {e}; export the schedule from the paging tool as iCalendar"
        ))
    })?;
    let role = if role == oncall_out::RoleChoice::Secondary {
        crate::rotation::OnCallRole::Secondary
    } else {
        crate::rotation::OnCallRole::Primary
    };
    let people = crate::rotation::pager::People::from_workspace(rotation, &project.workspace);
    let drifts = crate::rotation::pager::drift(rotation, role, &cal.events, &people);
    match format {
        Format::Text => emit(oncall_out::compare_text(
            rotation, &shown, role, &cal, &drifts,
        ))?,
        Format::Json => emit_json(
            &serde_json::to_string_pretty(&oncall_out::compare_json(
                rotation, &shown, role, &cal, &drifts,
            ))
            .unwrap_or_default(),
        )?,
    };
    Ok(if drifts.is_empty() { 0 } else { REFUSED })
}

/// A `--from`/`--to` date as the instant it starts in the rotation's zone (`next_day`:
/// the day after, for an inclusive `--to`).
fn load_day(
    rotation: &Rotation,
    flag: &str,
    text: Option<&str>,
    next_day: bool,
) -> Result<Option<jiff::Timestamp>, CliError> {
    let Some(text) = text else { return Ok(None) };
    let bad = |e: String| {
        CliError::cannot(format!(
            "{flag} {text:?} is not a date in the form YYYY-MM-DD: {e}"
        ))
    };
    let date: jiff::civil::Date = text
        .trim()
        .parse()
        .map_err(|e: jiff::Error| bad(e.to_string()))?;
    let date = if next_day {
        date.tomorrow().map_err(|e| bad(e.to_string()))?
    } else {
        date
    };
    rotation
        .zone
        .to_ambiguous_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

/// `readyroom oncall --load`: hours per person in the window, with holidays from the
/// `[oncall] time_off` calendars.
fn load_report(project: &Project, rotation: &Rotation, args: &oncall_out::CalendarArgs) -> Outcome {
    let from = load_day(rotation, "--from", args.from.as_deref(), false)?;
    let to = load_day(rotation, "--to", args.to.as_deref(), true)?;
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err(CliError::cannot("--to is before --from: swap them"));
    }
    let holidays = crate::rotation::leave::holidays(rotation, &project.workspace);
    let load = crate::rotation::load::load(rotation, from, to, &holidays);
    match args.format {
        oncall_out::OncallFormat::Text => emit(oncall_out::load_text(rotation, &load)),
        oncall_out::OncallFormat::Json => emit_json(
            &serde_json::to_string_pretty(&oncall_out::load_json(rotation, &load))
                .unwrap_or_default(),
        ),
        oncall_out::OncallFormat::Csv => emit(oncall_out::load_csv(&load)),
    }
}

/// `readyroom init`: create the starter documents that are missing.
pub fn init(path: &Path) -> Outcome {
    ensure_dir(path)
        .map_err(|e| CliError::cannot(format!("cannot create {}: {e}", path.display())))?;
    let config = load_config(path, &rule_ids()).map_err(CliError::cannot)?;
    let root = path.display().to_string();
    match create_missing(path, &init_out::starter_files(&config)) {
        Ok(done) => emit(init_out::render_summary(&root, &done)),
        Err(e) => {
            emit(init_out::render_summary(&root, &e.done))?;
            let message = format!(
                "cannot create {}: {}",
                path.join(&e.path).display(),
                e.source
            );
            Err(if e.refused {
                CliError::Refused(message)
            } else {
                CliError::CannotRun(message)
            })
        }
    }
}

/// `readyroom report`: the readiness evidence, printed or written to `out`.
pub fn report(
    path: &Path,
    format: ReportFormat,
    out: Option<&Path>,
    today: Option<&str>,
) -> Outcome {
    let (project, mut a) = load_and_assess(path, today)?;
    let git = git_state(&project.root);
    let trend = if git.is_some() {
        super::history::points_of(&project, None).unwrap_or_default()
    } else {
        Vec::new()
    };
    if !a.campaign.is_empty() {
        a.pace(
            &project.workspace,
            &project.config,
            crate::history::pace(&trend),
        );
    }
    let name = project.display_name();
    let subject = Subject {
        name: &name,
        ws: &project.workspace,
        assessment: &a,
    };
    let mut report = report_out::build(&subject, git.as_ref());
    report.trend = trend;
    let text = match format {
        ReportFormat::Markdown => report_out::render_markdown(&report),
        ReportFormat::Json => format!("{}\n", report_out::render_json(&report)),
    };
    let Some(file) = out else {
        return match format {
            ReportFormat::Markdown => emit(text),
            ReportFormat::Json => emit_json(&text),
        };
    };
    let written = write_export(&project.root, file, &text).map_err(export_failed)?;
    emit(format!(
        "Wrote the readiness report to {}\n",
        written.display()
    ))
}

/// A refused export path exits 1, a failed write 2.
fn export_failed(e: ExportError) -> CliError {
    if e.is_refusal() {
        CliError::refused(e)
    } else {
        CliError::cannot(e)
    }
}

/// What `readyroom handover` is asked.
#[derive(Debug, Clone)]
pub struct HandoverRequest<'a> {
    /// The project root.
    pub path: &'a Path,
    /// `--since`: `last` or a date.
    pub since: &'a str,
    /// `--format`.
    pub format: HandoverFormat,
    /// `--today`.
    pub today: Option<&'a str>,
    /// `--ack`: record the acknowledgement.
    pub ack: bool,
    /// `--as`: the incoming engineer.
    pub incoming: Option<&'a str>,
    /// `--from`: the outgoing engineer.
    pub from: Option<&'a str>,
    /// The action names the user's config.toml may bind (to read it without warnings
    /// about valid keys).
    pub action_names: &'a [&'a str],
}

/// `readyroom handover`: the note for the incoming engineer, optionally acknowledged.
pub fn handover(req: &HandoverRequest<'_>) -> Outcome {
    let since = Since::parse(req.since).map_err(CliError::cannot)?;
    let (project, a) = load_and_assess(req.path, req.today)?;
    let history = GitHistory::open(&project.root, &project.config);
    let name = project.display_name();
    let subject = Subject {
        name: &name,
        ws: &project.workspace,
        assessment: &a,
    };
    let mut note = crate::handover::prepare(
        &subject,
        since,
        &jiff::tz::TimeZone::system(),
        history.as_ref().map(|h| h as &dyn History),
    );
    if req.ack {
        note.acknowledged = Some(acknowledge(&project, req, a.rotation.as_ref(), a.clock)?);
    }
    match req.format {
        HandoverFormat::Text => emit(handover_out::render_text(&note)),
        HandoverFormat::Markdown => emit(handover_out::render_markdown(&note)),
        HandoverFormat::Json => emit_json(&handover_out::render_json(&note)),
    }
}

/// Append the handover acknowledgement to the change log's audit trail.
fn acknowledge(
    project: &Project,
    req: &HandoverRequest<'_>,
    rotation: Option<&Rotation>,
    clock: Clock,
) -> Result<Acknowledgement, CliError> {
    let incoming = signer(req.incoming, &project.root, req.action_names)?;
    let (incoming, outgoing) = parties(incoming, req.from.map(str::to_string), rotation, clock.now)
        .map_err(CliError::cannot)?;
    let changelog = project.config.path(Role::ChangeLog);
    let edit = Edit::Acknowledge {
        incoming: incoming.clone(),
        outgoing: outgoing.clone(),
        date: clock.today,
    };
    let plan = plan_edit(&project.workspace, &edit, changelog).map_err(CliError::cannot)?;
    save(
        &project.root,
        &project.workspace,
        &project.config,
        &plan,
        &mut |_, _| {},
    )
    .map_err(CliError::cannot)?;
    Ok(Acknowledgement {
        date: clock.today,
        incoming: incoming.trim().to_string(),
        outgoing: outgoing.trim().to_string(),
        file: changelog.to_string(),
        line: plan
            .changes
            .iter()
            .find(|c| c.path == changelog)
            .map_or(0, |c| c.line),
    })
}

/// `readyroom notify-text`: the status message from the configured template.
pub fn notify_text(path: &Path, today: Option<&str>) -> Outcome {
    let (project, a) = load_and_assess(path, today)?;
    let name = project.display_name();
    let file = project.root.join(crate::config::CONFIG_FILE);
    let inputs = Subject {
        name: &name,
        ws: &project.workspace,
        assessment: &a,
    };
    let text = notify_out::render_configured(&project.config, &file.display().to_string(), &inputs)
        .map_err(CliError::cannot)?;
    emit(text)
}

/// What the TUI is started with.
#[derive(Debug, Clone)]
pub struct TuiRequest<'a> {
    /// The project root.
    pub path: &'a Path,
    /// `--theme`.
    pub theme: Option<&'a str>,
    /// `--today`.
    pub today: Option<&'a str>,
    /// `--present`.
    pub present: bool,
    /// Start in the readiness walkthrough.
    pub walkthrough: bool,
}

/// The TUI: exit 0 when quit, 128 + the signal's number when a signal ends it.
pub fn tui(req: &TuiRequest<'_>) -> Outcome {
    let clock = clock(req.today)?;
    let pinned = req.today.is_some() || std::env::var_os("READYROOM_NOW").is_some();
    let opts = crate::shell::Options {
        root: req.path.to_path_buf(),
        theme: req.theme.map(str::to_string),
        clock,
        pinned,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        present: req.present,
        walkthrough: req.walkthrough,
    };
    let ended = crate::shell::run(&opts).map_err(|e| CliError::CannotRun(e.to_string()))?;
    Ok(ended.exit_status())
}

/// Plan an edit and save it; print what changed. Refusals exit 1, failures 2.
pub(crate) fn edit_and_save(project: &Project, edit: &Edit) -> Outcome {
    let changelog = project.config.path(Role::ChangeLog);
    let plan = match plan_edit(&project.workspace, edit, changelog) {
        Ok(p) => p,
        Err(EditError::AlreadySignedOff { item, signoff }) => {
            return emit(format!(
                "{} is already signed off as `{}`; nothing to do\n",
                inert_line(&item),
                inert_line(&signoff)
            ));
        }
        Err(e) => return Err(CliError::refused(e)),
    };
    if plan.is_empty() {
        return emit("nothing to change: the field already holds that value\n");
    }
    match save(
        &project.root,
        &project.workspace,
        &project.config,
        &plan,
        &mut |_, _| {},
    ) {
        Ok(written) => emit(edit_out::render_changes(&plan, &written)),
        Err(e) if e.is_refusal() => Err(CliError::refused(e)),
        Err(e) => Err(CliError::cannot(e)),
    }
}

/// The signer: `given` (`--as`), else `signer` in the user's config.toml, else git's
/// user.name in the project, else $USER; `None` when none of them names anybody.
/// Problems elsewhere in config.toml are printed as warnings; a `signer` that
/// config.toml names but that cannot be read is an error (`FILE:LINE: …`), never a
/// fallback to another name. `action_names` are the actions config.toml may bind.
pub fn signer(
    given: Option<&str>,
    root: &Path,
    action_names: &[&str],
) -> Result<Option<String>, CliError> {
    let loaded = if given.is_some() {
        Loaded::default()
    } else {
        UserConfig::load(config_dir().as_deref(), action_names)
    };
    let name = user_config::signer(given, &loaded.config, root).map_err(|problem| {
        CliError::cannot(format!(
            "cannot tell who signs: {problem}; fix config.toml, or pass --as NAME"
        ))
    })?;
    for problem in &loaded.problems {
        complain(&format!(
            "warning: {problem} (the rest of config.toml is used)"
        ));
    }
    Ok(name)
}

/// What `readyroom signoff` and `readyroom revoke` are asked.
#[derive(Debug, Clone)]
pub struct SignRequest<'a> {
    /// `[PATH] ITEM-ID`.
    pub args: &'a [String],
    /// `--as`.
    pub signer: Option<&'a str>,
    /// `--today`.
    pub today: Option<&'a str>,
    /// `--add-column`: add a missing Sign-off column first.
    pub add_column: bool,
    /// Revoke instead of signing off.
    pub revoke: bool,
    /// The action names the user's config.toml may bind.
    pub action_names: &'a [&'a str],
}

/// `readyroom signoff` / `readyroom revoke`.
pub fn sign(req: &SignRequest<'_>) -> Outcome {
    let (path, rest) = edit_out::split_path(req.args, 1);
    let clock = clock(req.today)?;
    let mut project = load(&path)?;
    let signer = signer(req.signer, &project.root, req.action_names)?.ok_or_else(|| {
        CliError::refused("cannot tell who is signing: pass --as NAME (or set git's user.name)")
    })?;
    let item = rest[0].clone();
    let date = clock.today;
    let edit = if req.revoke {
        Edit::Revoke { item, signer, date }
    } else {
        Edit::SignOff { item, signer, date }
    };
    if req.add_column
        && let Some(widen) = column_first(
            &project.workspace,
            &edit,
            project.config.path(Role::ChangeLog),
        )
    {
        edit_and_save(&project, &widen)?;
        project = load(&path)?;
    }
    edit_and_save(&project, &edit)
}

/// `readyroom set`: one field of one item.
pub fn set_field(args: &[String], expect: Option<&str>) -> Outcome {
    let (path, rest) = edit_out::split_path(args, 3);
    let project = load(&path)?;
    let edit = Edit::Set {
        item: rest[0].clone(),
        field: rest[1].clone(),
        value: rest[2].clone(),
        expect: expect.map(str::to_string),
    };
    edit_and_save(&project, &edit)
}

/// `readyroom add-row`: a row at the end of table `table` of `doc`.
pub fn add_row(args: &[String], doc: &str, table: usize) -> Outcome {
    let (path, rest) = if args.first().is_some_and(|a| !a.contains('=')) {
        (PathBuf::from(&args[0]), &args[1..])
    } else {
        (PathBuf::from("."), args)
    };
    let values = edit_out::parse_assignments(rest).map_err(CliError::refused)?;
    let project = load(&path)?;
    let edit = Edit::AddRow {
        doc: doc.trim_start_matches("./").replace('\\', "/"),
        table,
        values,
    };
    edit_and_save(&project, &edit)
}

/// `readyroom link`: a requirement's Ops evidence gains a link to `to`.
pub fn link(args: &[String], to: &str) -> Outcome {
    let (path, rest) = edit_out::split_path(args, 1);
    let project = load(&path)?;
    let ws = &project.workspace;
    let target = crate::edit::link::find_target(ws, to).ok_or_else(|| {
        CliError::Refused(format!(
            "{to} is not a document or heading of this project; run `readyroom check` or use the TUI's link picker (l in the RTM pane) to see the anchors"
        ))
    })?;
    match crate::edit::link::link_evidence(ws, &rest[0], &target) {
        Ok(edit) => edit_and_save(&project, &edit),
        Err(e @ EditError::AlreadyLinked { .. }) => emit(format!("{e}\n")),
        Err(e) => Err(CliError::refused(e)),
    }
}

/// `readyroom completions SHELL`: the completion script for the command `cmd`.
pub fn completions(cmd: &mut clap::Command, shell: CompletionShell) -> Outcome {
    emit(String::from_utf8_lossy(&generate::completions(cmd, shell)).into_owned())
}

/// `readyroom man [SUBCOMMAND]`: the man page of `cmd` or of one of its subcommands.
pub fn man(cmd: clap::Command, subcommand: Option<&str>) -> Outcome {
    let names = generate::subcommand_names(&cmd);
    match generate::man_page(cmd, subcommand) {
        Ok(Some(roff)) => emit(String::from_utf8_lossy(&roff).into_owned()),
        Ok(None) => Err(CliError::CannotRun(format!(
            "no subcommand {:?}; man pages exist for: {}",
            subcommand.unwrap_or_default(),
            names.join(", ")
        ))),
        Err(e) => Err(CliError::cannot(format!("cannot render the man page: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_exit_code() {
        assert_eq!(CliError::Refused("no".into()).exit_code(), 1);
        assert_eq!(CliError::CannotRun("no".into()).exit_code(), 2);
        assert_eq!(CliError::Refused("x: y".into()).to_string(), "x: y");
    }
}
