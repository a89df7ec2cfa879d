//! The `readyroom` command line: parses arguments, loads the project, calls the library
//! and prints through `cli::output`, which makes what it prints inert. Nothing else
//! lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::{Parser, Subcommand, ValueEnum};
use readyroom::cli::check::{render_json, render_text};
use readyroom::cli::edit::{parse_assignments, render_changes, split_path};
use readyroom::cli::generate::{CompletionShell, completions, man_page, subcommand_names};
use readyroom::cli::oncall as oncall_cli;
use readyroom::cli::output::{self, Colour, Safe};
use readyroom::cli::{handover as handover_cli, notify as notify_cli};
use readyroom::cli::{init as init_cli, report as report_cli};
use readyroom::clock::{Clock, resolve};
use readyroom::edit::{Edit, EditError, plan as plan_edit};
use readyroom::model::Role;
use readyroom::rotation::build as build_rotation;
use readyroom::rules::{Context, Finding, Verdict, rule_ids, run, verdict};
use readyroom::store::{ExportError, Project, load_project, save, write_export};
use readyroom::store::{create_missing, ensure_dir, git_state, load_config};
use readyroom::user_config::{self, Loaded, UserConfig, config_dir};

/// mimalloc: the load path allocates millions of small strings across threads, where the
/// system allocator spends a third of the time (`cargo bench --bench load`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Operational readiness over your markdown docs: telemetry gaps, escalation paths,
/// on-call rotation, RTM links and sign-offs, checked and edited in place.
#[derive(Parser, Debug)]
#[command(name = "readyroom", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true, after_help = TUI_EXIT)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    tui: TuiArgs,
}

/// Arguments of the TUI (`readyroom [PATH]`).
#[derive(clap::Args, Debug)]
struct TuiArgs {
    /// The docs project root (the folder holding readyroom.toml or docs/).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Colour theme: dark, light, high-contrast, mono, or a user theme.
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
    /// Pin today's date (YYYY-MM-DD) for due dates and the rotation.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Presentation mode for a projector: the high-contrast theme, more spacing, one
    /// thing per screen, only the essential key hints.
    #[arg(long)]
    present: bool,
}

/// Output format of machine-readable commands.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Lines for people; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// One JSON document for tools.
    Json,
}

/// Output format of `readyroom report`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Markdown that renders on a git forge: headings, lists and tables.
    Markdown,
    /// One JSON document for tools, fields in a fixed order.
    Json,
}

/// Output format of `readyroom handover`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum HandoverFormat {
    /// Lines for the terminal.
    Text,
    /// A note to paste into chat or a ticket: headings, bullets and a short table.
    Markdown,
    /// One JSON document for tools, fields in a fixed order.
    Json,
}

/// Arguments of `readyroom handover`.
#[derive(clap::Args, Debug)]
struct HandoverArgs {
    /// The docs project root (the folder holding readyroom.toml or docs/).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// What changed since: `last` (the last handover acknowledged in the change log; in
    /// git, the commit that added that line) or a date YYYY-MM-DD.
    #[arg(long, value_name = "DATE|last", default_value = "last")]
    since: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HandoverFormat::Text)]
    format: HandoverFormat,
    /// Pin today's date (YYYY-MM-DD) for due dates, who is on call and the
    /// acknowledgement.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Record the incoming engineer's acknowledgement: one dated line in the change
    /// log's audit trail.
    #[arg(long)]
    ack: bool,
    /// The incoming engineer; default: `signer` in config.toml (refused, exit 2, when
    /// config.toml names one it cannot read), else `git config user.name` in the
    /// project, else $USER.
    #[arg(long = "as", value_name = "NAME", requires = "ack")]
    incoming: Option<String>,
    /// The outgoing engineer; default: the primary on call now, or the one before when
    /// the incoming engineer already is.
    #[arg(long, value_name = "NAME", requires = "ack")]
    from: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check readiness headless: findings, the verdict, exit 0 ready / 1 not ready /
    /// 2 cannot run.
    Check {
        /// The docs project root (the folder holding readyroom.toml or docs/).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Pin today's date (YYYY-MM-DD) for due dates and the rotation horizon.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Who is on call now and next, the next hand-offs, gaps, overlaps and hours per
    /// person; `--ics FILE` exports the schedule as iCalendar. Exit 0, 1 when FILE is
    /// refused (read-only, not a regular file, a link leading out of the project), or 2
    /// when it cannot run (bad path, no rotation, bad --at).
    Oncall {
        /// The docs project root (the folder holding readyroom.toml or docs/).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The instant to report on, RFC 3339 (e.g. 2026-12-01T10:00:00+01:00); default
        /// now, or the instant pinned by `READYROOM_NOW`.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write the schedule to FILE as iCalendar (one event per shift and role, one
        /// per override) instead of printing the report.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Start a docs project: create the four core documents (every section the
    /// readiness phase asks for, one example row per table) and a readyroom.toml with
    /// every option commented out. An existing file is never overwritten: it is listed
    /// as skipped, and nothing is created through a folder that is a symbolic link
    /// leading out of PATH. PATH is created when missing. Exit 0, 1 when such a link is
    /// in the way, or 2 on an IO error or an invalid readyroom.toml.
    Init {
        /// The docs project root to create the files in (created when missing).
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// The readiness evidence in one document for the service owner and audits:
    /// verdict and criteria, telemetry gaps, alert → runbook → dashboard chains,
    /// escalation and rotation, RTM coverage, every sign-off (stale ones marked), open
    /// risks and actions, findings and the git commit. Exit 0 whatever the verdict, 1
    /// when --out FILE is refused (read-only, not a regular file, a link leading out of
    /// the project), 2 when it cannot run.
    Report {
        /// The docs project root (the folder holding readyroom.toml or docs/).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Pin today's date (YYYY-MM-DD) for due dates and the rotation horizon.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// The on-call handover: who is on call now and next, the escalation path per
    /// severity, open telemetry gaps, overdue items and open actions, and what changed in
    /// the docs since the last handover (from git history, else the change log). `--ack`
    /// records the incoming engineer's acknowledgement in the change log. Exit 0, or 2
    /// when it cannot run.
    Handover(HandoverArgs),
    /// Print the readiness status message for the change manager, release manager and
    /// service owner, from `[notify] template` in readyroom.toml (or a built-in one).
    /// Exit 0, or 2 when it cannot run (bad path, invalid readyroom.toml, unknown
    /// placeholder).
    #[command(name = "notify-text")]
    NotifyText {
        /// The docs project root (the folder holding readyroom.toml or docs/).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Pin today's date (YYYY-MM-DD) for due dates and who is on call.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Print a shell completion script: `source <(readyroom completions bash)`; for zsh
    /// save it as `_readyroom` in a folder on $fpath, for fish as
    /// ~/.config/fish/completions/readyroom.fish.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the man page (roff) to standard output: `readyroom man > readyroom.1`;
    /// `readyroom man check > readyroom-check.1` for a subcommand's page.
    Man {
        /// The subcommand whose page to print; default the page of readyroom itself.
        #[arg(value_name = "SUBCOMMAND")]
        command: Option<String>,
    },
    /// Sign an item off: write `NAME YYYY-MM-DD fp:FINGERPRINT` into its Sign-off cell
    /// (or `Sign-off: …` on a list item) and append a dated line to the change log's
    /// audit trail. Exit 0 signed, 1 refused (unknown item, no Sign-off column without
    /// --add-column, someone else changed the item), 2 cannot run (bad path, IO error).
    #[command(
        override_usage = "readyroom signoff [PATH] ITEM-ID [--as NAME] [--today YYYY-MM-DD] [--add-column]",
        after_help = ITEM_ARGS
    )]
    Signoff {
        #[command(flatten)]
        who: SignArgs,
        /// When the item's table has no Sign-off column, add one first (only that
        /// table changes).
        #[arg(long)]
        add_column: bool,
    },
    /// Revoke an item's sign-off: empty its Sign-off cell (or remove `Sign-off: …`
    /// from a list item) and record the revocation in the change log's audit trail.
    /// Exit 0 revoked, 1 refused (unknown item, not signed off, conflict), 2 cannot run.
    #[command(
        override_usage = "readyroom revoke [PATH] ITEM-ID [--as NAME] [--today YYYY-MM-DD]",
        after_help = ITEM_ARGS
    )]
    Revoke(SignArgs),
    /// Set one field of an item (a table cell, or `owner:`/`due:`/`status:` of a list
    /// item) and write only those bytes back. FIELD is the column header as written or
    /// an alias (`owner`, `due`, `status`…). Put `--` before a VALUE that starts with
    /// `-`. Exit 0 set, 1 refused (unknown item or field, bad value, conflict, a field
    /// that no longer holds the `--expect` value), 2 cannot run.
    #[command(
        override_usage = "readyroom set [PATH] ITEM-ID FIELD VALUE [--expect OLD]",
        after_help = SET_ARGS
    )]
    Set {
        /// `[PATH] ITEM-ID FIELD VALUE` (see below).
        #[arg(num_args = 3..=4, required = true, hide = true)]
        args: Vec<String>,
        /// Write only if the field holds OLD now (ends trimmed; empty for an empty
        /// field): when someone changed it since you read it, refuse (exit 1) and write
        /// nothing.
        #[arg(long, value_name = "OLD", allow_hyphen_values = true)]
        expect: Option<String>,
    },
    /// Add a row at the end of a table: `FIELD=VALUE` per column (columns not named
    /// stay empty). Exit 0 added, 1 refused (unknown table or column, a column named
    /// twice, an ID already in use, bad value), 2 cannot run.
    #[command(
        name = "add-row",
        override_usage = "readyroom add-row [PATH] --doc FILE --table N FIELD=VALUE...",
        after_help = ROW_ARGS
    )]
    AddRow {
        /// `[PATH] FIELD=VALUE...` (see below).
        #[arg(num_args = 1.., required = true, hide = true)]
        args: Vec<String>,
        /// The document, relative to PATH (e.g. docs/release/change-log.md).
        #[arg(long, value_name = "FILE")]
        doc: String,
        /// The table's number in the document, counting from 0 in document order.
        #[arg(long, value_name = "N")]
        table: usize,
    },
    /// Link a requirement to operational evidence: append a relative markdown link to
    /// FILE#ANCHOR to its Ops evidence cell (after any links already there). The link
    /// resolves by construction; a link the cell already has is not added again. Exit 0
    /// linked (or already linked), 1 refused (unknown item, no such heading, no Ops
    /// evidence column), 2 cannot run.
    #[command(override_usage = "readyroom link [PATH] ITEM-ID --to FILE#ANCHOR")]
    Link {
        /// `[PATH] ITEM-ID`: the project root (default .) and the requirement's ID.
        #[arg(num_args = 1..=2, required = true)]
        args: Vec<String>,
        /// The target: a document relative to PATH, optionally with a heading anchor
        /// (docs/operations/incident-response.md#alert-thresholds).
        #[arg(long, value_name = "FILE#ANCHOR")]
        to: String,
    },
    /// The readiness walkthrough in the TUI: each criterion, then each item that needs
    /// attention, one per screen, with the actions that fix it; resumes where the last
    /// session stopped.
    Walkthrough(TuiArgs),
}

/// What `signoff` and `revoke` share: the item, who, and when.
#[derive(clap::Args, Debug)]
struct SignArgs {
    /// `[PATH] ITEM-ID` (see below).
    #[arg(num_args = 1..=2, required = true, hide = true)]
    args: Vec<String>,
    /// Who signs (or revokes); default: `signer` in config.toml (refused, exit 2, when
    /// config.toml names one it cannot read), else `git config user.name` in the
    /// project, else $USER.
    #[arg(long = "as", value_name = "NAME")]
    signer: Option<String>,
    /// The date (YYYY-MM-DD); default today, or the date pinned by `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

/// How the TUI ends, for the help.
const TUI_EXIT: &str = "Without a subcommand, the TUI. It exits 0 when quit, 2 when it cannot \
start (bad path, invalid readyroom.toml), and 128 + the signal's number when a signal \
ends it, with the terminal restored: 143 after SIGTERM, 129 after SIGHUP.";

/// The positional arguments of `signoff` and `revoke`, for their help.
const ITEM_ARGS: &str = "Arguments:
  [PATH]   The docs project root (the folder holding readyroom.toml or docs/) [default: .]
  ITEM-ID  The item's ID as `readyroom check` and the TUI show it (TEL-004, ALR-002, …)";

/// The positional arguments of `set`, for its help.
const SET_ARGS: &str = "Arguments:
  [PATH]   The docs project root (the folder holding readyroom.toml or docs/) [default: .]
  ITEM-ID  The item's ID as `readyroom check` and the TUI show it (TEL-004, ALR-002, …)
  FIELD    The column header as written, or an alias: owner, due, status, …
  VALUE    The new value, one line; `|` is escaped for you, empty clears the field";

/// The positional arguments of `add-row`, for its help.
const ROW_ARGS: &str = "Arguments:
  [PATH]           The docs project root [default: .]
  FIELD=VALUE...   A column (header as written, or an alias) and its value";

/// Exit code when an edit is refused for what it asks.
const REFUSED: u8 = 1;

/// Exit code when the command cannot run at all.
const CANNOT_RUN: u8 = 2;

fn fail(message: &str) -> ExitCode {
    complain(message);
    ExitCode::from(CANNOT_RUN)
}

/// Say what went wrong on standard error.
fn complain(message: &str) {
    output::eprint(format!("readyroom: {message}\n"));
}

fn clock(today: Option<&str>) -> Result<Clock, String> {
    let env = std::env::var("READYROOM_NOW").ok();
    resolve(
        today,
        env.as_deref(),
        jiff::Timestamp::now(),
        &jiff::tz::TimeZone::system(),
    )
}

fn load(path: &std::path::Path) -> Result<Project, String> {
    load_project(path, &rule_ids()).map_err(|e| e.to_string())
}

/// A project loaded and checked against the clock: where `check`, `report`,
/// `notify-text` and `handover` start.
struct Checked {
    clock: Clock,
    project: Project,
    findings: Vec<Finding>,
    verdict: Verdict,
}

/// Load the project at `path` and run every rule, the clock pinned by `today` (or
/// `READYROOM_NOW`).
fn load_and_check(path: &std::path::Path, today: Option<&str>) -> Result<Checked, String> {
    let clock = clock(today)?;
    let project = load(path)?;
    let ctx = Context {
        ws: &project.workspace,
        today: clock.today,
        now: clock.now,
    };
    let findings = run(&ctx, &project.config);
    let verdict = verdict(&project.workspace, &findings);
    Ok(Checked {
        clock,
        project,
        findings,
        verdict,
    })
}

fn check(path: &std::path::Path, format: Format, today: Option<&str>) -> ExitCode {
    let Checked {
        clock,
        project,
        findings,
        verdict: v,
    } = match load_and_check(path, today) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let today = clock.today.to_string();
    let printed = match format {
        Format::Text => emit(render_text(
            &project.display_name(),
            &project.workspace,
            &findings,
            &v,
            &today,
            Colour::for_stdout(),
        )),
        Format::Json => {
            let value = render_json(&project.workspace, &findings, &v, &today);
            emit_json(&serde_json::to_string_pretty(&value).unwrap_or_default())
        }
    };
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    let ready = v.ready;
    // The process ends here: the OS takes the model back at once, where dropping it
    // piece by piece would cost about a tenth of the run on a large tree.
    std::mem::forget((project, findings, v));
    if ready {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn oncall(
    path: &std::path::Path,
    at: Option<&str>,
    format: Format,
    ics_file: Option<&std::path::Path>,
) -> ExitCode {
    let clock = match clock(None) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let at = match at.map(str::trim) {
        None => clock.now,
        Some(s) => match s.parse::<jiff::Timestamp>() {
            Ok(t) => t,
            Err(e) => {
                return fail(&format!(
                    "--at {s:?} is not an RFC 3339 instant such as 2026-12-01T10:00:00+01:00: {e}"
                ));
            }
        },
    };
    let project = match load(path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let Some(rotation) = build_rotation(&project.workspace) else {
        return fail(&format!(
            "no on-call rotation in {}: add a `Start | End | Primary | Secondary` (or \
             `Week of | Primary | Secondary`) table under an \"On-call rotation\" heading",
            project.workspace.role_path(Role::Playbook)
        ));
    };
    if let Some(file) = ics_file {
        let text = oncall_cli::ics(&rotation, &project.display_name(), clock.now);
        let events = text.matches("BEGIN:VEVENT").count();
        return match write_export(&project.root, file, &text) {
            Ok(written) => emit(format!(
                "Wrote {events} on-call events to {}\n",
                written.display()
            )),
            Err(e) => export_failed(&e),
        };
    }
    match format {
        Format::Text => emit(oncall_cli::report_text(
            &rotation,
            at,
            &jiff::tz::TimeZone::system(),
        )),
        Format::Json => emit_json(
            &serde_json::to_string_pretty(&oncall_cli::report_json(&rotation, at))
                .unwrap_or_default(),
        ),
    }
}

fn init(path: &std::path::Path) -> ExitCode {
    if let Err(e) = ensure_dir(path) {
        return fail(&format!("cannot create {}: {e}", path.display()));
    }
    let config = match load_config(path, &rule_ids()) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let root = path.display().to_string();
    match create_missing(path, &init_cli::starter_files(&config)) {
        Ok(done) => emit(init_cli::render_summary(&root, &done)),
        Err(e) => {
            emit(init_cli::render_summary(&root, &e.done));
            let message = format!(
                "cannot create {}: {}",
                path.join(&e.path).display(),
                e.source
            );
            if e.refused {
                complain(&message);
                return ExitCode::from(REFUSED);
            }
            fail(&message)
        }
    }
}

fn report(
    path: &std::path::Path,
    format: ReportFormat,
    out: Option<&std::path::Path>,
    today: Option<&str>,
) -> ExitCode {
    let Checked {
        clock,
        project,
        findings,
        verdict: v,
    } = match load_and_check(path, today) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let rotation = build_rotation(&project.workspace);
    let git = git_state(&project.root);
    let name = project.display_name();
    let report = report_cli::build(&report_cli::Inputs {
        name: &name,
        ws: &project.workspace,
        findings: &findings,
        verdict: &v,
        today: clock.today,
        now: clock.now,
        rotation: rotation.as_ref(),
        git: git.as_ref(),
    });
    let text = match format {
        ReportFormat::Markdown => report_cli::render_markdown(&report),
        ReportFormat::Json => format!("{}\n", report_cli::render_json(&report)),
    };
    let Some(file) = out else {
        return match format {
            ReportFormat::Markdown => emit(text),
            ReportFormat::Json => emit_json(&text),
        };
    };
    match write_export(&project.root, file, &text) {
        Ok(written) => emit(format!(
            "Wrote the readiness report to {}\n",
            written.display()
        )),
        Err(e) => export_failed(&e),
    }
}

/// A refused export path exits 1, a failed write 2.
fn export_failed(e: &ExportError) -> ExitCode {
    complain(&e.to_string());
    ExitCode::from(if e.is_refusal() { REFUSED } else { CANNOT_RUN })
}

fn handover(args: &HandoverArgs) -> ExitCode {
    let since = match readyroom::handover::Since::parse(&args.since) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let Checked {
        clock,
        project,
        findings,
        ..
    } = match load_and_check(&args.path, args.today.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let rotation = build_rotation(&project.workspace);
    let mut note = handover_cli::prepare(&project, &findings, rotation.as_ref(), since, clock);
    if args.ack {
        match acknowledge(&project, args, rotation.as_ref(), clock) {
            Ok(ack) => note.acknowledged = Some(ack),
            Err(e) => return fail(&e),
        }
    }
    match args.format {
        HandoverFormat::Text => emit(handover_cli::render_text(&note)),
        HandoverFormat::Markdown => emit(handover_cli::render_markdown(&note)),
        HandoverFormat::Json => emit_json(&handover_cli::render_json(&note)),
    }
}

/// Append the handover acknowledgement to the change log's audit trail.
fn acknowledge(
    project: &Project,
    args: &HandoverArgs,
    rotation: Option<&readyroom::rotation::Rotation>,
    clock: Clock,
) -> Result<readyroom::handover::Acknowledgement, String> {
    let incoming = signer(args.incoming.as_deref(), &project.root)?
        .ok_or("cannot tell who takes over: pass --as NAME (or set git's user.name)")?;
    let outgoing = args
        .from
        .clone()
        .or_else(|| rotation.and_then(|r| readyroom::handover::outgoing(r, clock.now, &incoming)))
        .ok_or("cannot tell who hands over: pass --from NAME (the rotation names nobody)")?;
    if incoming.trim().eq_ignore_ascii_case(outgoing.trim()) {
        return Err(format!(
            "{incoming} would hand over to themselves; pass the other engineer with --as or --from"
        ));
    }
    let changelog = project.config.path(Role::ChangeLog);
    let edit = Edit::Acknowledge {
        incoming: incoming.clone(),
        outgoing: outgoing.clone(),
        date: clock.today,
    };
    let plan = plan_edit(&project.workspace, &edit, changelog).map_err(|e| e.to_string())?;
    save(
        &project.root,
        &project.workspace,
        &project.config,
        &plan,
        &mut |_, _| {},
    )
    .map_err(|e| e.to_string())?;
    Ok(readyroom::handover::Acknowledgement {
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

fn notify_text(path: &std::path::Path, today: Option<&str>) -> ExitCode {
    let Checked {
        clock,
        project,
        findings,
        verdict: v,
    } = match load_and_check(path, today) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let ws = &project.workspace;
    let rotation = build_rotation(ws);
    let name = project.display_name();
    let file = project.root.join(readyroom::config::CONFIG_FILE);
    let inputs = notify_cli::Inputs {
        project: &name,
        ws,
        findings: &findings,
        verdict: &v,
        rotation: rotation.as_ref(),
        today: clock.today,
        now: clock.now,
    };
    match notify_cli::render_configured(&project.config, &file.display().to_string(), &inputs) {
        Ok(text) => emit(text),
        Err(e) => fail(&e),
    }
}

/// Write text to standard output, made inert; a closed pipe (`| head`) is no error.
fn emit(text: impl Into<Safe>) -> ExitCode {
    match output::print(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write to standard output: {e}")),
    }
}

/// Write JSON text to standard output with every hazard escaped as `\uXXXX`.
fn emit_json(text: &str) -> ExitCode {
    emit(Safe::json(&format!("{}\n", text.trim_end())))
}

fn man(subcommand: Option<&str>) -> ExitCode {
    match man_page(Cli::command(), subcommand) {
        Ok(Some(roff)) => emit(String::from_utf8_lossy(&roff).into_owned()),
        Ok(None) => fail(&format!(
            "no subcommand {:?}; man pages exist for: {}",
            subcommand.unwrap_or_default(),
            subcommand_names(&Cli::command()).join(", ")
        )),
        Err(e) => fail(&format!("cannot render the man page: {e}")),
    }
}

fn tui(args: &TuiArgs, walkthrough: bool) -> ExitCode {
    let clock = match clock(args.today.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let pinned = args.today.is_some() || std::env::var_os("READYROOM_NOW").is_some();
    let opts = readyroom::shell::Options {
        root: args.path.clone(),
        theme: args.theme.clone(),
        clock,
        pinned,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        present: args.present,
        walkthrough,
    };
    match readyroom::shell::run(&opts) {
        Ok(ended) => ExitCode::from(ended.exit_status()),
        Err(e) => fail(&e),
    }
}

/// Plan an edit and save it; print what changed. Refusals exit 1, failures 2.
fn edit_and_save(project: &Project, edit: &Edit) -> ExitCode {
    let changelog = project.config.path(Role::ChangeLog);
    let plan = match plan_edit(&project.workspace, edit, changelog) {
        Ok(p) => p,
        Err(EditError::AlreadySignedOff { item, signoff }) => {
            return emit(format!(
                "{} is already signed off as `{}`; nothing to do\n",
                readyroom::model::inert_line(&item),
                readyroom::model::inert_line(&signoff)
            ));
        }
        Err(e) => {
            complain(&e.to_string());
            return ExitCode::from(REFUSED);
        }
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
        Ok(written) => emit(render_changes(&plan, &written)),
        Err(e) => {
            complain(&e.to_string());
            ExitCode::from(if e.is_refusal() { REFUSED } else { CANNOT_RUN })
        }
    }
}

/// The signer: `--as`, else `signer` in the user's config.toml, else git's user.name
/// in the project, else $USER. Problems elsewhere in config.toml are printed as
/// warnings; a `signer` that config.toml names but that cannot be read is an error
/// (`FILE:LINE: …`), never a fallback to another name.
fn signer(given: Option<&str>, root: &std::path::Path) -> Result<Option<String>, String> {
    let loaded = if given.is_some() {
        Loaded::default()
    } else {
        let names: Vec<&str> = readyroom::app::ACTIONS.iter().map(|i| i.name).collect();
        UserConfig::load(config_dir().as_deref(), &names)
    };
    let name = user_config::signer(given, &loaded.config, root).map_err(|problem| {
        format!("cannot tell who signs: {problem}; fix config.toml, or pass --as NAME")
    })?;
    for problem in &loaded.problems {
        complain(&format!(
            "warning: {problem} (the rest of config.toml is used)"
        ));
    }
    Ok(name)
}

fn sign(
    args: &[String],
    who: Option<&str>,
    today: Option<&str>,
    add_column: bool,
    revoke: bool,
) -> ExitCode {
    let (path, rest) = split_path(args, 1);
    let clock = match clock(today) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let mut project = match load(&path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let name = match signer(who, &project.root) {
        Ok(Some(name)) => name,
        Ok(None) => {
            complain("cannot tell who is signing: pass --as NAME (or set git's user.name)");
            return ExitCode::from(REFUSED);
        }
        Err(e) => return fail(&e),
    };
    let item = rest[0].clone();
    let edit = if revoke {
        Edit::Revoke {
            item,
            signer: name,
            date: clock.today,
        }
    } else {
        Edit::SignOff {
            item,
            signer: name,
            date: clock.today,
        }
    };
    if add_column
        && let Err(EditError::NeedsSignOffColumn {
            path: doc, table, ..
        }) = plan_edit(
            &project.workspace,
            &edit,
            project.config.path(Role::ChangeLog),
        )
    {
        let code = edit_and_save(&project, &Edit::AddSignOffColumn { doc, table });
        if code != ExitCode::SUCCESS {
            return code;
        }
        project = match load(&path) {
            Ok(p) => p,
            Err(e) => return fail(&e),
        };
    }
    edit_and_save(&project, &edit)
}

fn set_field(args: &[String], expect: Option<&str>) -> ExitCode {
    let (path, rest) = split_path(args, 3);
    let project = match load(&path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let edit = Edit::Set {
        item: rest[0].clone(),
        field: rest[1].clone(),
        value: rest[2].clone(),
        expect: expect.map(str::to_string),
    };
    edit_and_save(&project, &edit)
}

fn add_row(args: &[String], doc: &str, table: usize) -> ExitCode {
    let (path, rest) = if args.first().is_some_and(|a| !a.contains('=')) {
        (PathBuf::from(&args[0]), &args[1..])
    } else {
        (PathBuf::from("."), args)
    };
    let values = match parse_assignments(rest) {
        Ok(v) => v,
        Err(e) => {
            complain(&e);
            return ExitCode::from(REFUSED);
        }
    };
    let project = match load(&path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let edit = Edit::AddRow {
        doc: doc.trim_start_matches("./").replace('\\', "/"),
        table,
        values,
    };
    edit_and_save(&project, &edit)
}

fn link(args: &[String], to: &str) -> ExitCode {
    let (path, rest) = split_path(args, 1);
    let project = match load(&path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let ws = &project.workspace;
    let (file, anchor) = match to.split_once('#') {
        Some((f, a)) => (f.trim_start_matches("./"), Some(a)),
        None => (to.trim_start_matches("./"), None),
    };
    let target = readyroom::edit::link::targets(ws)
        .into_iter()
        .find(|t| t.path == file && t.anchor.as_deref() == anchor)
        .or_else(|| {
            (anchor.is_none() && ws.doc(file).is_some()).then(|| readyroom::edit::link::Target {
                path: file.to_string(),
                anchor: None,
                label: ws
                    .doc(file)
                    .and_then(|d| d.headings.first().map(|h| h.text.clone()))
                    .unwrap_or_else(|| file.to_string()),
                level: 0,
            })
        });
    let Some(target) = target else {
        complain(&format!(
            "{to} is not a document or heading of this project; run `readyroom check` or use the TUI's link picker (l in the RTM pane) to see the anchors"
        ));
        return ExitCode::from(REFUSED);
    };
    match readyroom::edit::link::link_evidence(ws, &rest[0], &target) {
        Ok(edit) => edit_and_save(&project, &edit),
        Err(e @ EditError::AlreadyLinked { .. }) => emit(format!("{e}\n")),
        Err(e) => {
            complain(&e.to_string());
            ExitCode::from(REFUSED)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return tui(&cli.tui, false);
    };
    match command {
        Command::Check {
            path,
            format,
            today,
        } => check(&path, format, today.as_deref()),
        Command::Oncall {
            path,
            at,
            format,
            ics,
        } => oncall(&path, at.as_deref(), format, ics.as_deref()),
        Command::Init { path } => init(&path),
        Command::Report {
            path,
            format,
            out,
            today,
        } => report(&path, format, out.as_deref(), today.as_deref()),
        Command::Handover(args) => handover(&args),
        Command::NotifyText { path, today } => notify_text(&path, today.as_deref()),
        Command::Completions { shell } => {
            emit(String::from_utf8_lossy(&completions(&mut Cli::command(), shell)).into_owned())
        }
        Command::Man { command } => man(command.as_deref()),
        Command::Signoff { who, add_column } => sign(
            &who.args,
            who.signer.as_deref(),
            who.today.as_deref(),
            add_column,
            false,
        ),
        Command::Revoke(who) => sign(
            &who.args,
            who.signer.as_deref(),
            who.today.as_deref(),
            false,
            true,
        ),
        Command::Set { args, expect } => set_field(&args, expect.as_deref()),
        Command::AddRow { args, doc, table } => add_row(&args, &doc, table),
        Command::Link { args, to } => link(&args, &to),
        Command::Walkthrough(args) => tui(&args, true),
    }
}
