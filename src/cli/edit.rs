//! Output and argument helpers of the editing commands (`set`, `signoff`, `revoke`,
//! `add-row`): what changed where, as lines for people.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::edit::Plan;
use crate::model::inert_line;
use crate::store::Written;

/// Split `[PATH] REST…` arguments: when there is one more argument than `rest` needs,
/// the first is the project path; otherwise the path is `.`.
pub fn split_path(args: &[String], rest: usize) -> (PathBuf, &[String]) {
    if args.len() > rest {
        (PathBuf::from(&args[0]), &args[1..])
    } else {
        (PathBuf::from("."), args)
    }
}

/// An `add-row` argument that is not `FIELD=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not FIELD=VALUE (e.g. Owner=\"Dana Kim\")")]
pub struct NotAnAssignment(pub String);

/// Parse `FIELD=VALUE` arguments (the value may be empty or contain `=`).
pub fn parse_assignments(args: &[String]) -> Result<Vec<(String, String)>, NotAnAssignment> {
    args.iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| NotAnAssignment(a.clone()))
        })
        .collect()
}

fn shown(text: &str) -> String {
    if text.is_empty() {
        "(empty)".to_string()
    } else {
        format!("`{text}`")
    }
}

/// One line per change, `file:line: what: old → new` (`+ new` for added lines, `- old`
/// for removed ones), and a note for files that were re-applied on someone else's
/// newer version (their line numbers are those of the version first read) or needed
/// no write.
pub fn render_changes(plan: &Plan, written: &[Written]) -> String {
    let mut out = String::new();
    for c in &plan.changes {
        let w = written.iter().find(|w| w.path == c.path);
        if w.is_some_and(|w| w.unchanged) {
            continue;
        }
        // One line per change, whatever the file name or cell holds.
        let (path, old, new) = (inert_line(&c.path), inert_line(&c.old), inert_line(&c.new));
        let _ = match (c.old.is_empty(), c.new.is_empty(), c.what.as_str()) {
            (true, false, "row" | "line" | "audit trail") => {
                writeln!(out, "{path}:{}: + {new}", c.line)
            }
            (_, _, "column") => writeln!(out, "{path}:{}: + {new} column", c.line),
            (false, true, "row") => writeln!(out, "{path}:{}: - {old}", c.line),
            _ => writeln!(
                out,
                "{path}:{}: {}: {} → {}",
                c.line,
                inert_line(&c.what),
                shown(&old),
                shown(&new)
            ),
        };
    }
    for w in written {
        if w.unchanged {
            let _ = writeln!(
                out,
                "{}: already as edited; not written",
                inert_line(&w.path)
            );
        } else if w.rebased {
            let _ = writeln!(
                out,
                "{}: changed on disk since it was read; the edit was re-applied on top of \
                 those changes",
                inert_line(&w.path)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_is_optional_before_the_rest() {
        let args: Vec<String> = ["docs", "TEL-1"].iter().map(ToString::to_string).collect();
        let (p, rest) = split_path(&args, 1);
        assert_eq!((p, rest.len()), (PathBuf::from("docs"), 1));
        let (p, rest) = split_path(&args[1..], 1);
        assert_eq!((p, rest[0].as_str()), (PathBuf::from("."), "TEL-1"));
    }

    #[test]
    fn assignments_split_at_the_first_equals_sign() {
        let args: Vec<String> = ["Owner=Dana Kim", "Entry=a=b", "Due="]
            .iter()
            .map(ToString::to_string)
            .collect();
        let got = parse_assignments(&args).unwrap();
        assert_eq!(got[1], ("Entry".to_string(), "a=b".to_string()));
        assert_eq!(got[2].1, "");
        assert_eq!(
            parse_assignments(&["Owner".to_string()]),
            Err(NotAnAssignment("Owner".into()))
        );
        assert!(parse_assignments(&["=x".to_string()]).is_err());
    }
}
