//! The `:` command palette: one static table of commands (name, aliases, argument,
//! help) that drives parsing, completion and the help screen.

use super::action::Action;
use super::pane::PaneId;

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

/// A palette command.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    /// The name typed after `:`.
    pub name: &'static str,
    /// Other names.
    pub aliases: &'static [&'static str],
    /// Its argument.
    pub arg: ArgKind,
    /// One line of help.
    pub doc: &'static str,
}

const fn cmd(
    name: &'static str,
    aliases: &'static [&'static str],
    arg: ArgKind,
    doc: &'static str,
) -> CommandInfo {
    CommandInfo {
        name,
        aliases,
        arg,
        doc,
    }
}

/// Every palette command, in help order.
pub const COMMANDS: &[CommandInfo] = &[
    cmd(
        "goto",
        &["g"],
        ArgKind::ItemId,
        "Focus an item by ID in its pane (:goto TEL-004)",
    ),
    cmd(
        "theme",
        &[],
        ArgKind::Theme,
        "Switch the colour theme (:theme high-contrast)",
    ),
    cmd(
        "check",
        &["recheck"],
        ArgKind::None,
        "Re-read every file and re-run the checks",
    ),
    cmd(
        "log",
        &[],
        ArgKind::None,
        "Add a change-log entry (a form for a new row)",
    ),
    cmd(
        "handover",
        &[],
        ArgKind::None,
        "The on-call handover note: who is on call, open gaps and actions, what changed; a asks who takes over and acknowledges",
    ),
    cmd(
        "walkthrough",
        &["w"],
        ArgKind::None,
        "Start or resume the readiness walkthrough",
    ),
    cmd(
        "gaps",
        &[],
        ArgKind::None,
        "Telemetry: show only gaps, or every item",
    ),
    cmd("sort", &[], ArgKind::None, "Findings: cycle the sort order"),
    cmd(
        "readiness",
        &["1"],
        ArgKind::None,
        "Focus the Readiness pane",
    ),
    cmd(
        "telemetry",
        &["2"],
        ArgKind::None,
        "Focus the Telemetry pane",
    ),
    cmd(
        "escalation",
        &["3"],
        ArgKind::None,
        "Focus the Escalation pane",
    ),
    cmd(
        "oncall",
        &["4", "on-call"],
        ArgKind::None,
        "Focus the On-call pane",
    ),
    cmd("rtm", &["5"], ArgKind::None, "Focus the RTM pane"),
    cmd("findings", &["6"], ArgKind::None, "Focus the Findings pane"),
    cmd(
        "documents",
        &["7", "docs"],
        ArgKind::None,
        "Focus the Documents pane",
    ),
    cmd("help", &["h"], ArgKind::None, "Show keys and commands"),
    cmd("quit", &["q", "exit"], ArgKind::None, "Quit readyroom"),
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
}

/// Look a command up by name or alias.
pub fn find(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Parse a palette line such as `goto TEL-004`; the error says what was wrong.
pub fn parse(line: &str) -> Result<Parsed, String> {
    let line = line.trim().trim_start_matches(':');
    let (name, arg) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(n, a)| (n, a.trim()));
    let Some(c) = find(name) else {
        return Err(format!(
            "unknown command `{name}`; press tab to complete, ? for help"
        ));
    };
    let need = |what: &str| Err(format!(":{} needs {what}", c.name));
    Ok(match c.name {
        "goto" if arg.is_empty() => return need("an item ID, e.g. :goto TEL-004"),
        "goto" => Parsed::Goto(arg.to_string()),
        "theme" if arg.is_empty() => return need("a theme name, e.g. :theme high-contrast"),
        "theme" => Parsed::Theme(arg.to_string()),
        "check" => Parsed::Action(Action::Recheck),
        "log" => Parsed::AddLogEntry,
        "walkthrough" => Parsed::Walkthrough,
        "handover" => Parsed::Handover,
        "gaps" => Parsed::Action(Action::ToggleGaps),
        "sort" => Parsed::Action(Action::CycleSort),
        "help" => Parsed::Action(Action::Help),
        "quit" => Parsed::Action(Action::Quit),
        other => {
            let pane = PaneId::ALL
                .into_iter()
                .find(|p| p.title().to_lowercase().replace('-', "") == other)
                .unwrap_or(PaneId::Readiness);
            Parsed::Action(Action::Focus(pane))
        }
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
                if c.arg == ArgKind::None {
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
            let pool: &[&str] = match c.arg {
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
        assert_eq!(
            parse("oncall"),
            Ok(Parsed::Action(Action::Focus(PaneId::Oncall)))
        );
        assert_eq!(parse("rtm"), Ok(Parsed::Action(Action::Focus(PaneId::Rtm))));
        assert!(parse("goto").unwrap_err().contains("needs an item ID"));
        assert!(parse("frobnicate").unwrap_err().contains("unknown command"));
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
            complete("goto latency", &["telemetry:p99-latency"], &[]),
            vec!["goto telemetry:p99-latency"]
        );
    }
}
