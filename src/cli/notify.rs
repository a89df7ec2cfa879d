//! `readyroom notify-text`: the readiness status message for the change manager, the
//! release manager and the service owner, from the `[notify] template` of
//! `readyroom.toml` (or [`DEFAULT_TEMPLATE`]).
//!
//! A template is text with placeholders in braces, `{verdict}`; `{{` and `}}` write a
//! literal brace. Every placeholder is listed in [`PLACEHOLDERS`]; any other name is an
//! error naming it and its line in `readyroom.toml`.

use std::fmt::Write as _;

use crate::assess::Subject;
use crate::config::ProjectConfig;
use crate::handover::{open_actions, open_gaps};
use crate::model::is_blank;
use crate::model::{FieldKey, ItemKind, Workspace};
use crate::rotation::{next_handoff, on_call_at};
use crate::rules::STAKEHOLDERS;

/// Every placeholder a template may use, with what it becomes.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("project", "the project's name"),
    ("date", "today, YYYY-MM-DD"),
    ("verdict", "`ready` or `not ready`"),
    ("errors", "the number of error findings"),
    ("warnings", "the number of warning findings"),
    (
        "criteria",
        "one line per readiness criterion: `- PASS title` or `- FAIL title (N errors)`",
    ),
    ("gap_count", "the number of open telemetry gaps"),
    (
        "gaps",
        "one line per open telemetry gap: ID, signal, owner, due date (overdue marked)",
    ),
    ("action_count", "the number of open actions"),
    (
        "open_actions",
        "one line per open action: text, owner, deadline, status",
    ),
    (
        "stakeholders",
        "the change manager, release manager and service owner from the contacts table, `Name (Role)` joined by commas",
    ),
    (
        "change_manager",
        "the change manager's name from the contacts table",
    ),
    (
        "release_manager",
        "the release manager's name from the contacts table",
    ),
    (
        "service_owner",
        "the service owner's name from the contacts table",
    ),
    (
        "on_call",
        "who is on call now and until when: `Name (primary), Name (secondary) until …`",
    ),
];

/// The template used when `readyroom.toml` has no `[notify] template`.
pub const DEFAULT_TEMPLATE: &str = "\
To: {stakeholders}
Subject: Operational readiness of {project}: {verdict} ({date})

Operational readiness of {project} as of {date}: {verdict} (errors: {errors}, warnings: {warnings}).

Readiness criteria:
{criteria}

Open telemetry gaps ({gap_count}):
{gaps}

Open actions ({action_count}):
{open_actions}

On call: {on_call}
";

/// Why a template cannot be filled in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{name}` is not a known placeholder.
    #[error(
        "unknown placeholder `{{{name}}}` in the [notify] template; known placeholders: {known}"
    )]
    Unknown {
        /// The name between the braces.
        name: String,
        /// The known placeholders, `{project}, {date}, …`.
        known: String,
    },
    /// A `{` that opens no placeholder.
    #[error(
        "`{{` without a placeholder name and `}}` in the [notify] template, at `{text}`; write `{{{{` for a literal brace"
    )]
    Unclosed {
        /// The template text from the brace, shortened.
        text: String,
    },
}

impl TemplateError {
    /// The template text the error is about, to find its line.
    pub fn needle(&self) -> String {
        match self {
            TemplateError::Unknown { name, .. } => format!("{{{name}}}"),
            TemplateError::Unclosed { text } => text.clone(),
        }
    }
}

fn known() -> String {
    PLACEHOLDERS
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fill `template` with `values` (placeholder name → text).
pub fn render(template: &str, values: &[(&str, String)]) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        let name_len = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len() - 1);
        let name = &tail[1..=name_len];
        if name.is_empty() || !tail[1 + name_len..].starts_with('}') {
            let text: String = tail.chars().take(20).collect();
            return Err(TemplateError::Unclosed {
                text: text.lines().next().unwrap_or("{").to_string(),
            });
        }
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => {
                return Err(TemplateError::Unknown {
                    name: name.to_string(),
                    known: known(),
                });
            }
        }
        rest = &tail[name_len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The line of `readyroom.toml` holding the template text `needle` (the template's
/// first line when no line holds it).
pub fn template_line(config: &ProjectConfig, needle: &str) -> Option<usize> {
    let lines = &config.notify_template_lines;
    lines
        .iter()
        .find(|(_, text)| text.contains(needle))
        .or_else(|| lines.first())
        .map(|(n, _)| *n)
}

/// A template error in `readyroom.toml`, with where it is when that can be told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfiguredTemplateError {
    /// The error at a line of the config file.
    #[error("{file}:{line}: {error}")]
    At {
        /// The config file, as shown to the user.
        file: String,
        /// 1-based line of the template's text.
        line: usize,
        /// What is wrong.
        error: TemplateError,
    },
    /// The error in the built-in template or at no line that can be found.
    #[error("{0}")]
    Unplaced(TemplateError),
}

/// Fill the configured template (or the default) for `inp`. An error names the
/// placeholder and its line in `config_file`.
pub fn render_configured(
    config: &ProjectConfig,
    config_file: &str,
    inp: &Subject<'_>,
) -> Result<String, ConfiguredTemplateError> {
    let template = config
        .notify_template
        .as_deref()
        .unwrap_or(DEFAULT_TEMPLATE);
    let mut text =
        render(template, &values(inp)).map_err(|e| match template_line(config, &e.needle()) {
            Some(line) => ConfiguredTemplateError::At {
                file: config_file.to_string(),
                line,
                error: e,
            },
            None => ConfiguredTemplateError::Unplaced(e),
        })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

use crate::model::wording::count as plural;

fn lines_or_none(lines: &[String]) -> String {
    if lines.is_empty() {
        "- none".to_string()
    } else {
        lines.join("\n")
    }
}

/// The contact holding `role` (case-insensitive), if the contacts table has one.
fn holder(ws: &Workspace, role: &str) -> Option<(String, String)> {
    ws.items_of(ItemKind::Contact).find_map(|c| {
        let r = c.text(&FieldKey::Role);
        let name = c.text(&FieldKey::Name);
        (r.to_lowercase().contains(role) && !is_blank(name))
            .then(|| (name.trim().to_string(), r.trim().to_string()))
    })
}

fn criteria(inp: &Subject<'_>) -> String {
    let lines: Vec<String> = inp
        .verdict()
        .criteria
        .iter()
        .map(|c| {
            let errors = c
                .findings
                .iter()
                .filter(|&&i| inp.findings()[i].blocks())
                .count();
            if c.passed {
                format!("- PASS {}", c.title)
            } else {
                format!("- FAIL {} ({})", c.title, plural(errors, "error", "errors"))
            }
        })
        .collect();
    lines_or_none(&lines)
}

fn on_call(inp: &Subject<'_>) -> String {
    let Some(rot) = inp.rotation() else {
        return "no on-call rotation in the playbook".to_string();
    };
    let now = on_call_at(rot, inp.now());
    let mut text = match (&now.primary, &now.secondary) {
        (Some(p), Some(s)) => format!("{p} (primary), {s} (secondary)"),
        (Some(p), None) => format!("{p} (primary), no secondary"),
        (None, _) => "nobody (a hole in the rotation)".to_string(),
    };
    if let Some(t) = next_handoff(rot, inp.now()) {
        let _ = write!(text, " until {} {}", rot.local(t), rot.zone_label());
    }
    text
}

/// Every placeholder's text for `inp`.
pub fn values(inp: &Subject<'_>) -> Vec<(&'static str, String)> {
    let gaps = open_gaps(inp.ws, inp.today());
    let actions = open_actions(inp.ws, inp.today());
    let errors = inp.verdict().errors;
    let gap_lines: Vec<String> = gaps
        .iter()
        .map(|g| {
            let owner = if g.owner.is_empty() {
                "no owner".to_string()
            } else {
                format!("owner {}", g.owner)
            };
            let due = match (g.due.is_empty(), g.overdue) {
                (true, _) => "no due date".to_string(),
                (false, true) => format!("due {} (overdue)", g.due),
                (false, false) => format!("due {}", g.due),
            };
            format!("- {} {} — {owner}, {due}", g.id, g.signal)
        })
        .collect();
    let action_lines: Vec<String> = actions
        .iter()
        .map(|a| {
            let owner = if a.owner.is_empty() {
                "no owner".to_string()
            } else {
                format!("owner {}", a.owner)
            };
            let due = match (a.deadline.is_empty(), a.overdue) {
                (true, _) => "no deadline".to_string(),
                (false, true) => format!("due {} (overdue)", a.deadline),
                (false, false) => format!("due {}", a.deadline),
            };
            format!("- {} — {owner}, {due}, {}", a.text, a.status)
        })
        .collect();
    let holders: Vec<Option<(String, String)>> =
        STAKEHOLDERS.iter().map(|r| holder(inp.ws, r)).collect();
    let stakeholders = holders
        .iter()
        .flatten()
        .map(|(name, role)| format!("{name} ({role})"))
        .collect::<Vec<_>>();
    let name_of = |i: usize, role: &str| {
        holders[i]
            .as_ref()
            .map_or_else(|| format!("the {role}"), |(n, _)| n.clone())
    };
    vec![
        // One line: the name lands in a mail's Subject header.
        ("project", crate::model::inert_line(inp.name).into_owned()),
        ("date", inp.today().to_string()),
        (
            "verdict",
            if errors == 0 { "ready" } else { "not ready" }.to_string(),
        ),
        ("errors", errors.to_string()),
        ("warnings", inp.verdict().warnings.to_string()),
        ("criteria", criteria(inp)),
        ("gap_count", gaps.len().to_string()),
        ("gaps", lines_or_none(&gap_lines)),
        ("action_count", actions.len().to_string()),
        ("open_actions", lines_or_none(&action_lines)),
        (
            "stakeholders",
            if stakeholders.is_empty() {
                "the change manager, release manager and service owner".to_string()
            } else {
                stakeholders.join(", ")
            },
        ),
        ("change_manager", name_of(0, STAKEHOLDERS[0])),
        ("release_manager", name_of(1, STAKEHOLDERS[1])),
        ("service_owner", name_of(2, STAKEHOLDERS[2])),
        ("on_call", on_call(inp)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals() -> Vec<(&'static str, String)> {
        vec![
            ("verdict", "ready".to_string()),
            ("project", "X".to_string()),
        ]
    }

    #[test]
    fn placeholders_and_escaped_braces_are_filled() {
        assert_eq!(
            render("{project}: {verdict} {{ok}} }", &vals()).unwrap(),
            "X: ready {ok} }"
        );
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_errors() {
        let e = render("Hi {owner}!", &vals()).unwrap_err();
        assert_eq!(e.needle(), "{owner}");
        assert!(
            e.to_string().contains("unknown placeholder `{owner}`"),
            "{e}"
        );
        assert!(e.to_string().contains("{project}, {date}"), "{e}");
        let e = render("a { b", &vals()).unwrap_err();
        assert!(matches!(e, TemplateError::Unclosed { .. }), "{e}");
        assert!(render("end {", &vals()).is_err());
        assert!(render("end {verdict", &vals()).is_err());
    }

    #[test]
    fn every_placeholder_is_filled_and_the_default_uses_only_known_ones() {
        let names: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
        let values: Vec<(&str, String)> = names.iter().map(|n| (*n, String::new())).collect();
        assert!(render(DEFAULT_TEMPLATE, &values).is_ok());
        let ws = Workspace::default();
        let a = crate::assess::Assessment::new(
            &ws,
            &ProjectConfig::default(),
            crate::clock::Clock {
                today: jiff::civil::date(2026, 12, 1),
                now: jiff::Timestamp::UNIX_EPOCH,
            },
        );
        let inp = Subject {
            name: "P",
            ws: &ws,
            assessment: &a,
        };
        let filled: Vec<&str> = super::values(&inp).iter().map(|(n, _)| *n).collect();
        assert_eq!(filled, names);
    }
}
