//! Prometheus rule files: top-level `groups:` or a `PrometheusRule` manifest's
//! `spec.groups`, every rule located at its line and column.

use saphyr::MarkedYaml;

use super::yaml::{entries, get, items, load, pos, text};
use super::{Pos, Problem, PromRule, promql};

/// The rules of one rule file (every YAML document in it), and the problems: YAML that
/// does not parse, a rule without `expr`, PromQL that does not parse.
pub fn parse_rules(path: &str, source: &str) -> (Vec<PromRule>, Vec<Problem>) {
    let docs = match load(path, source) {
        Ok(d) => d,
        Err(p) => return (Vec::new(), vec![p]),
    };
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for doc in &docs {
        let groups = match get(doc, "groups") {
            Some(g) => g,
            None if get(doc, "kind").and_then(text).as_deref() == Some("PrometheusRule") => {
                match get(doc, "spec").and_then(|s| get(s, "groups")) {
                    Some(g) => g,
                    None => continue,
                }
            }
            None => continue,
        };
        for group in items(groups) {
            let group_name = get(group, "name").and_then(text).unwrap_or_default();
            for rule in get(group, "rules").map(items).unwrap_or_default() {
                read_rule(path, source, &group_name, rule, &mut rules, &mut problems);
            }
        }
    }
    (rules, problems)
}

fn read_rule(
    path: &str,
    source: &str,
    group: &str,
    rule: &MarkedYaml<'_>,
    rules: &mut Vec<PromRule>,
    problems: &mut Vec<Problem>,
) {
    let (name_node, alerting) = match (get(rule, "alert"), get(rule, "record")) {
        (Some(a), _) => (a, true),
        (None, Some(r)) => (r, false),
        (None, None) => return,
    };
    let name = text(name_node).unwrap_or_default();
    let Some(expr_node) = get(rule, "expr") else {
        problems.push(Problem {
            file: path.to_string(),
            pos: pos(name_node),
            message: format!("rule `{name}` has no `expr`; add the PromQL expression"),
        });
        return;
    };
    let expr = text(expr_node).unwrap_or_default();
    let metrics = match promql::metrics(&expr) {
        Ok(m) => m,
        Err(message) => {
            problems.push(Problem {
                file: path.to_string(),
                pos: error_pos(source, expr_node, &expr),
                message: format!(
                    "the expression of rule `{name}` does not parse: {}; fix the PromQL",
                    message.0.trim()
                ),
            });
            Vec::new()
        }
    };
    let runbook_url = get(rule, "annotations")
        .map(entries)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _, _)| k == "runbook_url")
        .and_then(|(_, v, _)| text(v).map(|t| (t.trim().to_string(), pos(v))));
    rules.push(PromRule {
        file: path.to_string(),
        group: group.to_string(),
        name,
        alerting,
        pos: pos(name_node),
        expr,
        runbook_url,
        metrics,
    });
}

/// Where a PromQL error is in the file. The parser's messages name no position, so
/// the expression's brackets are matched: the first closing bracket that closes
/// nothing (or the wrong kind), else the first opening bracket left open, is where the
/// error is; with balanced brackets the expression's start is. A single-line plain or
/// quoted expression maps that offset to the file's column.
fn error_pos(source: &str, node: &MarkedYaml<'_>, expr: &str) -> Pos {
    let start = pos(node);
    let Some(offset) = bracket_error(expr) else {
        return start;
    };
    // The expression's text as it stands in the file, on the node's first line.
    let line_text = source
        .lines()
        .nth(start.line - 1)
        .unwrap_or_default()
        .trim_end_matches('\r');
    let from: String = line_text.chars().skip(start.column - 1).collect();
    let quoted = from.starts_with('"') || from.starts_with('\'');
    let body = if quoted { &from[1..] } else { from.as_str() };
    if !expr.contains('\n') && body.starts_with(expr) {
        return Pos {
            line: start.line,
            column: start.column + usize::from(quoted) + offset,
        };
    }
    start
}

/// The character offset of the first bracket that does not match, outside quotes.
fn bracket_error(expr: &str) -> Option<usize> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in expr.chars().enumerate() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => open.push((c, i)),
            ')' | ']' | '}' => {
                let wanted = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match open.pop() {
                    Some((o, _)) if o == wanted => {}
                    _ => return Some(i),
                }
            }
            _ => {}
        }
    }
    open.first().map(|&(_, i)| i)
}
