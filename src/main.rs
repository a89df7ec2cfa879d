//! The `readyroom` command line: the argument definitions (clap) and one call into
//! [`readyroom::cli::commands`] per subcommand; a failure's exit code (1 refused, 2
//! cannot run) is decided in one place, [`finish`]. Nothing else lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::{Parser, Subcommand};
use readyroom::app::action_names;
use readyroom::cli::args::{HandoverArgs, ProjectArg, SignArgs, TodayArg, TuiArgs};
use readyroom::cli::check::CheckRequest;
use readyroom::cli::commands::{
    self as run, HandoverRequest, Outcome, ReportFormat, SignRequest, TuiRequest,
};
use readyroom::cli::generate::{CompletionShell, ITEM_ARGS, ROW_ARGS, SET_ARGS, TUI_EXIT};

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

#[derive(Subcommand, Debug)]
enum Command {
    /// Check readiness headless: findings, the verdict, exit 0 ready / 1 not ready /
    /// 2 cannot run.
    Check(CheckRequest),
    /// Who is on call now and next, the next hand-offs, gaps, overlaps and hours per
    /// person; `--ics FILE` exports the final schedule as iCalendar; `--compare FILE`
    /// lists where a paging tool's export disagrees; `--load` sums hours per person. Exit 0, 1 when FILE is refused
    /// (read-only, not a regular file, a link leading out of the project) or the
    /// compared calendars drift, or 2 when it cannot run (bad path, no rotation, bad
    /// flag).
    Oncall {
        #[command(flatten)]
        project: ProjectArg,
        /// The instant to report on, RFC 3339 (e.g. 2026-12-01T10:00:00+01:00); default
        /// now, or the instant pinned by `READYROOM_NOW`.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Write the final schedule to FILE as iCalendar (shifts cut around their
        /// overrides, one event per person and role) instead of printing the report.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        #[command(flatten)]
        calendar: readyroom::cli::oncall::CalendarArgs,
        #[command(flatten)]
        today: TodayArg,
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
        #[command(flatten)]
        project: ProjectArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        today: TodayArg,
    },
    /// Ask a live Prometheus whether the documented alerts are loaded and healthy and the
    /// covered metrics have samples; bearer token from `READYROOM_PROMETHEUS_TOKEN`. Exit 0
    /// all verified, 1 findings, 2 cannot run (unreachable, not Prometheus, bad token,
    /// timeout).
    Verify(readyroom::cli::verify::VerifyArgs),
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
        #[command(flatten)]
        project: ProjectArg,
        #[command(flatten)]
        today: TodayArg,
    },
    /// Print a shell completion script: `source <(readyroom completions bash)`; for zsh
    /// save it as `_readyroom` in a folder on $fpath, for fish as
    /// ~/.config/fish/completions/readyroom.fish.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// A language server on standard input and output for editors: diagnostics as you
    /// type, hover, definitions, references, completion and sign-off code actions.
    Lsp {
        #[command(flatten)]
        project: ProjectArg,
        #[command(flatten)]
        today: TodayArg,
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
    /// Waive RULE's findings about ITEM (an item ID or a file) until --expires: a row
    /// in the Waivers table and a line in the change log's audit trail. Exit 0 waived,
    /// 1 refused (no such finding, no reason, expiry past or too far ahead), 2 cannot run.
    #[command(
        override_usage = "readyroom waive [PATH] RULE ITEM --reason TEXT --expires YYYY-MM-DD [--as NAME]"
    )]
    Waive(readyroom::cli::waive::WaiveArgs),
    /// Stamp DOC as reviewed today (its `last_reviewed_on` or `Last reviewed:` date) and
    /// log it in the audit trail. Exit 0, 1 refused (unknown DOC), 2 cannot run.
    #[command(override_usage = "readyroom review [PATH] DOC [--as NAME] [--today YYYY-MM-DD]")]
    Review(readyroom::cli::review::ReviewArgs),
    /// Readiness at every commit that touched the docs (first parent), oldest first, read
    /// from git without a checkout and cached by tree. Exit 0, or 2 when it cannot run.
    History(readyroom::cli::history::HistoryArgs),
    /// The readiness walkthrough in the TUI: each criterion, then each item that needs
    /// attention, one per screen, with the actions that fix it; resumes where the last
    /// session stopped.
    Walkthrough(TuiArgs),
}

/// Print a failed command's message and map it to its exit code: the one place
/// exit codes are decided.
fn finish(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            run::complain(&e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}

fn tui(args: &TuiArgs, walkthrough: bool) -> Outcome {
    run::tui(&TuiRequest {
        path: &args.project.path,
        theme: args.theme.as_deref(),
        today: args.today.today.as_deref(),
        present: args.present,
        walkthrough,
    })
}

fn sign(who: &SignArgs, add_column: bool, revoke: bool) -> Outcome {
    let names = readyroom::app::action_names();
    run::sign(&SignRequest {
        args: &who.args,
        signer: who.signer.as_deref(),
        today: who.today.as_deref(),
        add_column,
        revoke,
        action_names: &names,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return finish(tui(&cli.tui, false));
    };
    finish(match command {
        Command::Check(req) => readyroom::cli::check::run(&req),
        Command::Lsp { project, today } => {
            readyroom::cli::lsp::run(&project.path, today.today.as_deref())
        }
        Command::Oncall {
            project,
            at,
            ics,
            calendar,
            today,
        } => run::oncall(
            &project.path,
            at.as_deref(),
            today.today.as_deref(),
            ics.as_deref(),
            &calendar,
        ),
        Command::Init { path } => run::init(&path),
        Command::Report {
            project,
            format,
            out,
            today,
        } => run::report(
            &project.path,
            format,
            out.as_deref(),
            today.today.as_deref(),
        ),
        Command::Verify(args) => readyroom::cli::verify::verify(&args),
        Command::Handover(args) => {
            let names = readyroom::app::action_names();
            run::handover(&HandoverRequest {
                path: &args.project.path,
                since: &args.since,
                format: args.format,
                today: args.today.today.as_deref(),
                ack: args.ack,
                incoming: args.incoming.as_deref(),
                from: args.from.as_deref(),
                action_names: &names,
            })
        }
        Command::NotifyText { project, today } => {
            run::notify_text(&project.path, today.today.as_deref())
        }
        Command::Completions { shell } => run::completions(&mut Cli::command(), shell),
        Command::Man { command } => run::man(Cli::command(), command.as_deref()),
        Command::Signoff { who, add_column } => sign(&who, add_column, false),
        Command::Revoke(who) => sign(&who, false, true),
        Command::Set { args, expect } => run::set_field(&args, expect.as_deref()),
        Command::AddRow { args, doc, table } => run::add_row(&args, &doc, table),
        Command::Link { args, to } => run::link(&args, &to),
        Command::Waive(args) => readyroom::cli::waive::waive(&args, &action_names()),
        Command::Review(args) => readyroom::cli::review::review(&args, &action_names()),
        Command::History(args) => readyroom::cli::history::history(&args),
        Command::Walkthrough(args) => tui(&args, true),
    })
}
