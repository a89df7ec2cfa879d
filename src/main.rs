//! The `readyroom` command line: parses arguments, loads the project, calls the library
//! and prints. Nothing else lives here.
#![allow(clippy::print_stdout)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use readyroom::cli::check::{Colour, render_json, render_text};
use readyroom::cli::oncall as oncall_cli;
use readyroom::clock::{Clock, resolve};
use readyroom::model::Role;
use readyroom::rotation::build as build_rotation;
use readyroom::rules::{Context, rule_ids, run, verdict};
use readyroom::store::{Project, load_project, write_export};

/// mimalloc: the load path allocates millions of small strings across threads, where the
/// system allocator spends a third of the time (`cargo bench --bench load`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Operational readiness over your markdown docs: telemetry gaps, escalation paths,
/// on-call rotation, RTM links and sign-offs, checked and edited in place.
#[derive(Parser, Debug)]
#[command(name = "readyroom", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
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
}

/// Output format of machine-readable commands.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Lines for people; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// One JSON document for tools.
    Json,
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
    /// person; `--ics FILE` exports the schedule as iCalendar. Exit 0, or 2 when it
    /// cannot run (bad path, no rotation, bad --at).
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
}

/// Exit code when the command cannot run at all.
const CANNOT_RUN: u8 = 2;

fn fail(message: &str) -> ExitCode {
    eprintln!("readyroom: {message}");
    ExitCode::from(CANNOT_RUN)
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

fn colour() -> Colour {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !no_color && std::io::stdout().is_terminal() {
        Colour::On
    } else {
        Colour::Off
    }
}

fn project_name(project: &Project) -> String {
    project.config.name.clone().unwrap_or_else(|| {
        std::fs::canonicalize(&project.root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| project.root.display().to_string())
    })
}

fn check(path: &std::path::Path, format: Format, today: Option<&str>) -> ExitCode {
    let clock = match clock(today) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let project = match load(path) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let ctx = Context {
        ws: &project.workspace,
        today: clock.today,
        now: clock.now,
    };
    let findings = run(&ctx, &project.config);
    let v = verdict(&project.workspace, &findings);
    let today = clock.today.to_string();
    match format {
        Format::Text => print!(
            "{}",
            render_text(
                &project_name(&project),
                &project.workspace,
                &findings,
                &v,
                &today,
                colour()
            )
        ),
        Format::Json => {
            let value = render_json(&project.workspace, &findings, &v, &today);
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    if v.ready {
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
        let text = oncall_cli::ics(&rotation, &project_name(&project), clock.now);
        let events = text.matches("BEGIN:VEVENT").count();
        return match write_export(file, &text) {
            Ok(written) => {
                println!("Wrote {events} on-call events to {}", written.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot write {}: {e}", file.display())),
        };
    }
    match format {
        Format::Text => print!(
            "{}",
            oncall_cli::report_text(&rotation, at, &jiff::tz::TimeZone::system())
        ),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&oncall_cli::report_json(&rotation, at))
                .unwrap_or_default()
        ),
    }
    ExitCode::SUCCESS
}

fn tui(args: &TuiArgs) -> ExitCode {
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
    };
    match readyroom::shell::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return tui(&cli.tui);
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
    }
}
