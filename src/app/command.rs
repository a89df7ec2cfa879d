//! The `:` command palette: one static table of commands (name, aliases, what it runs,
//! help) that drives parsing, completion and the help screen. What a command runs is a
//! column of the table, so a command cannot be listed without saying what it does.

use super::action::Action;

/// What a command's argument completes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// No argument.
    None,
    /// An item ID.
    ItemId,
    /// A theme name.
    Theme,
}

/// What a palette command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// An action, as if its key was pressed.
    Action(Action),
    /// Focus the item named by the argument.
    Goto,
    /// Switch to the theme named by the argument.
    Theme,
    /// Open a form for a new change-log entry.
    AddLogEntry,
    /// Start or resume the walkthrough.
    Walkthrough,
    /// Prepare and show the handover note.
    Handover,
    /// Ask the live Prometheus about the documented alerts and signals.
    Verify,
    /// Show the readiness chart over time.
    History,
    /// Show this session's messages.
    Messages,
}

impl Run {
    /// What the argument completes from, and what it must be.
    pub fn arg(self) -> ArgKind {
        match self {
            Run::Goto => ArgKind::ItemId,
            Run::Theme => ArgKind::Theme,
            Run::Action(_)
            | Run::AddLogEntry
            | Run::Walkthrough
            | Run::Handover
            | Run::Verify
            | Run::History
            | Run::Messages => ArgKind::None,
        }
    }
}

/// A palette command.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    /// The name typed after `:`.
    pub name: &'static str,
    /// Other names.
    pub aliases: &'static [&'static str],
    /// What it runs.
    pub run: Run,
    /// One line of help.
    pub doc: &'static str,
}

impl CommandInfo {
    /// Its argument.
    pub fn arg(&self) -> ArgKind {
        self.run.arg()
    }
}

const fn cmd(
    name: &'static str,
    aliases: &'static [&'static str],
    run: Run,
    doc: &'static str,
) -> CommandInfo {
    CommandInfo {
        name,
        aliases,
        run,
        doc,
    }
}

/// Every palette command, in help order.
pub const COMMANDS: &[CommandInfo] = &[
    cmd(
        "goto",
        &["g"],
        Run::Goto,
        "Focus an item by ID in its pane (:goto TEL-004)",
    ),
    cmd(
        "theme",
        &[],
        Run::Theme,
        "Switch the colour theme (:theme high-contrast)",
    ),
    cmd(
        "check",
        &["recheck"],
        Run::Action(Action::Recheck),
        "Re-read every file and re-run the checks",
    ),
    cmd(
        "log",
        &[],
        Run::AddLogEntry,
        "Add a change-log entry (a form for a new row)",
    ),
    cmd(
        "handover",
        &[],
        Run::Handover,
        "The on-call handover note: who is on call, open gaps and actions, what changed; a asks who takes over and acknowledges",
    ),
    cmd(
        "verify",
        &[],
        Run::Verify,
        "Live check against [monitoring] prometheus, in the background",
    ),
    cmd(
        "history",
        &[],
        Run::History,
        "Readiness over time: errors and open gaps at every commit that touched the docs, by date",
    ),
    cmd(
        "messages",
        &["msg"],
        Run::Messages,
        "This session's messages with their times and severity, newest last",
    ),
    cmd(
        "walkthrough",
        &["w"],
        Run::Walkthrough,
        "Start or resume the readiness walkthrough",
    ),
    cmd(
        "gaps",
        &[],
        Run::Action(Action::ToggleGaps),
        "Telemetry: show only gaps, or every item",
    ),
    cmd(
        "sort",
        &[],
        Run::Action(Action::CycleSort),
        "Findings: cycle the sort order",
    ),
    cmd(
        "readiness",
        &["1"],
        Run::Action(Action::FocusReadiness),
        "Focus the Readiness pane",
    ),
    cmd(
        "telemetry",
        &["2"],
        Run::Action(Action::FocusTelemetry),
        "Focus the Telemetry pane",
    ),
    cmd(
        "alerts",
        &["3"],
        Run::Action(Action::FocusAlerts),
        "Focus the Alerts pane",
    ),
    cmd(
        "escalation",
        &["4"],
        Run::Action(Action::FocusEscalation),
        "Focus the Escalation pane",
    ),
    cmd(
        "oncall",
        &["5", "on-call"],
        Run::Action(Action::FocusOncall),
        "Focus the On-call pane",
    ),
    cmd(
        "rtm",
        &["6"],
        Run::Action(Action::FocusRtm),
        "Focus the RTM pane",
    ),
    cmd(
        "findings",
        &["7"],
        Run::Action(Action::FocusFindings),
        "Focus the Findings pane",
    ),
    cmd(
        "documents",
        &["8", "docs"],
        Run::Action(Action::FocusDocuments),
        "Focus the Documents pane",
    ),
    cmd(
        "help",
        &["h"],
        Run::Action(Action::Help),
        "Show keys and commands",
    ),
    cmd(
        "quit",
        &["q", "exit"],
        Run::Action(Action::Quit),
        "Quit readyroom",
    ),
];

/// A parsed palette line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Run an action.
    Action(Action),
    /// Focus an item.
    Goto(String),
    /// Switch theme.
    Theme(String),
    /// Open a form for a new change-log entry.
    AddLogEntry,
    /// Start or resume the walkthrough.
    Walkthrough,
    /// Show the handover note.
    Handover,
    /// Run the live check against Prometheus.
    Verify,
    /// Show the readiness chart.
    History,
    /// Show this session's messages.
    Messages,
}

/// Look a command up by name or alias.
pub fn find(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Why a palette line is not a command; its text says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// No command has this name or alias.
    #[error("unknown command `{0}`; press tab to complete, ? for help")]
    Unknown(String),
    /// The command needs an argument.
    #[error(":{command} needs {what}")]
    MissingArgument {
        /// The command's name.
        command: &'static str,
        /// What to write, with an example.
        what: &'static str,
    },
}

/// Parse a palette line such as `goto TEL-004`; the error says what was wrong.
pub fn parse(line: &str) -> Result<Parsed, CommandError> {
    let line = line.trim().trim_start_matches(':');
    let (name, arg) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(n, a)| (n, a.trim()));
    let Some(c) = find(name) else {
        return Err(CommandError::Unknown(name.to_string()));
    };
    let need = |what: &'static str| {
        Err(CommandError::MissingArgument {
            command: c.name,
            what,
        })
    };
    Ok(match c.run {
        Run::Goto if arg.is_empty() => return need("an item ID, e.g. :goto TEL-004"),
        Run::Goto => Parsed::Goto(arg.to_string()),
        Run::Theme if arg.is_empty() => return need("a theme name, e.g. :theme high-contrast"),
        Run::Theme => Parsed::Theme(arg.to_string()),
        Run::Action(a) => Parsed::Action(a),
        Run::AddLogEntry => Parsed::AddLogEntry,
        Run::Walkthrough => Parsed::Walkthrough,
        Run::Handover => Parsed::Handover,
        Run::Verify => Parsed::Verify,
        Run::History => Parsed::History,
        Run::Messages => Parsed::Messages,
    })
}

/// Completions for the palette line: commands for the first word, then arguments from
/// `ids` or `themes`. Each completion is a whole line.
pub fn complete(line: &str, ids: &[&str], themes: &[&str]) -> Vec<String> {
    let line = line.trim_start();
    match line.split_once(' ') {
        None => COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(line))
            .map(|c| {
                if c.arg() == ArgKind::None {
                    c.name.to_string()
                } else {
                    format!("{} ", c.name)
                }
            })
            .collect(),
        Some((name, arg)) => {
            let Some(c) = find(name) else {
                return Vec::new();
            };
            let pool: &[&str] = match c.arg() {
                ArgKind::ItemId => ids,
                ArgKind::Theme => themes,
                ArgKind::None => &[],
            };
            let lower = arg.trim().to_lowercase();
            let mut out: Vec<String> = pool
                .iter()
                .filter(|v| v.to_lowercase().starts_with(&lower))
                .take(50)
                .map(|v| format!("{} {v}", c.name))
                .collect();
            if out.is_empty() && !lower.is_empty() {
                out = pool
                    .iter()
                    .filter(|v| v.to_lowercase().contains(&lower))
                    .take(50)
                    .map(|v| format!("{} {v}", c.name))
                    .collect();
            }
            // An ID typed without its leading zeros (`alr-02` for `ALR-002`): the ID it
            // names comes first, then those it begins.
            if c.arg() == ArgKind::ItemId && !lower.is_empty() {
                let key = crate::model::id_key(&lower);
                let mut loose: Vec<String> =
                    pool.iter()
                        .filter(|v| crate::model::id_key(v) == key)
                        .chain(pool.iter().filter(|v| {
                            out.is_empty() && crate::model::id_key(v).starts_with(&key)
                        }))
                        .map(|v| format!("{} {v}", c.name))
                        .collect();
                let mut seen = std::collections::HashSet::new();
                loose.retain(|l| !out.contains(l) && seen.insert(l.clone()));
                loose.extend(out);
                out = loose.into_iter().take(50).collect();
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_aliases() {
        assert_eq!(parse("goto TEL-004"), Ok(Parsed::Goto("TEL-004".into())));
        assert_eq!(parse(":q"), Ok(Parsed::Action(Action::Quit)));
        assert_eq!(parse("oncall"), Ok(Parsed::Action(Action::FocusOncall)));
        assert_eq!(parse("rtm"), Ok(Parsed::Action(Action::FocusRtm)));
        assert!(
            parse("goto")
                .unwrap_err()
                .to_string()
                .contains("needs an item ID")
        );
        assert!(
            parse("frobnicate")
                .unwrap_err()
                .to_string()
                .contains("unknown command")
        );
    }

    /// Every command (and alias) parses to what its table row says it runs; a pane
    /// command focuses the pane it names, never a fallback pane.
    #[test]
    fn every_command_runs_what_its_table_row_says() {
        for c in COMMANDS {
            for name in std::iter::once(&c.name).chain(c.aliases) {
                let line = match c.arg() {
                    ArgKind::None => (*name).to_string(),
                    ArgKind::ItemId | ArgKind::Theme => format!("{name} x"),
                };
                let expected = match c.run {
                    Run::Action(a) => Parsed::Action(a),
                    Run::Goto => Parsed::Goto("x".into()),
                    Run::Theme => Parsed::Theme("x".into()),
                    Run::AddLogEntry => Parsed::AddLogEntry,
                    Run::Walkthrough => Parsed::Walkthrough,
                    Run::Handover => Parsed::Handover,
                    Run::Verify => Parsed::Verify,
                    Run::History => Parsed::History,
                    Run::Messages => Parsed::Messages,
                };
                assert_eq!(parse(&line), Ok(expected), ":{line}");
            }
            if let Run::Action(a) = c.run
                && let Some(p) = a.focused_pane()
            {
                assert_eq!(p.title().to_lowercase().replace('-', ""), c.name);
            }
        }
    }

    #[test]
    fn completes_names_then_arguments() {
        assert_eq!(complete("th", &[], &[]), vec!["theme "]);
        assert_eq!(
            complete("goto TEL", &["TEL-001", "TEL-002", "ALR-001"], &[]),
            vec!["goto TEL-001", "goto TEL-002"]
        );
        assert_eq!(
            complete("theme hi", &[], &["dark", "high-contrast"]),
            vec!["theme high-contrast"]
        );
        assert_eq!(
            complete("goto alr-02", &["ALR-001", "ALR-002", "ALR-020"], &[]),
            vec!["goto ALR-002", "goto ALR-020"]
        );
        assert_eq!(
            complete("goto alr-2", &["ALR-001", "ALR-002", "ALR-020"], &[]),
            vec!["goto ALR-002", "goto ALR-020"]
        );
        assert_eq!(
            complete("goto latency", &["telemetry:p99-latency"], &[]),
            vec!["goto telemetry:p99-latency"]
        );
    }
}
