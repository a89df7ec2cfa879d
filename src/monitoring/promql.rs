//! PromQL: the metric names an expression selects, read with `promql-parser`.

use promql_parser::label::{METRIC_NAME, MatchOp};
use promql_parser::parser::Expr;
use promql_parser::util::{ExprVisitor, walk_expr};

use super::is_metric_name;

/// A PromQL expression that does not parse; its text is the parser's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unparsable(pub String);

/// The metric names `expr` selects (sorted, without duplicates), or the parser's
/// message when it does not parse.
pub fn metrics(expr: &str) -> Result<Vec<String>, Unparsable> {
    let ast = promql_parser::parser::parse(expr).map_err(Unparsable)?;
    let mut names = Names(Vec::new());
    // The visitor never fails.
    let _ = walk_expr(&mut names, &ast);
    let mut out = names.0;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The metric names a Grafana panel query selects. Grafana's `$variables` are replaced
/// by values PromQL accepts before parsing; a query that still does not parse is read
/// token by token (names not followed by `(`, outside `{…}` and quotes).
pub fn dashboard_metrics(expr: &str) -> Vec<String> {
    let substituted = expr
        .replace("$__rate_interval", "5m")
        .replace("$__interval", "1m")
        .replace("$__range", "1h")
        .replace("[$interval]", "[5m]");
    metrics(&substituted).unwrap_or_else(|_| tokens(expr))
}

/// Collects the names of vector and matrix selectors.
struct Names(Vec<String>);

impl ExprVisitor for Names {
    type Error = std::convert::Infallible;

    fn pre_visit(&mut self, plan: &Expr) -> Result<bool, Self::Error> {
        let vs = match plan {
            Expr::VectorSelector(vs) => vs,
            Expr::MatrixSelector(ms) => &ms.vs,
            _ => return Ok(true),
        };
        if let Some(name) = &vs.name {
            self.0.push(name.clone());
        }
        for m in &vs.matchers.matchers {
            if m.name == METRIC_NAME && matches!(m.op, MatchOp::Equal) {
                self.0.push(m.value.clone());
            }
        }
        Ok(true)
    }
}

/// PromQL words that are not metric names.
const KEYWORDS: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "bool",
    "and",
    "or",
    "unless",
    "inf",
    "nan",
];

/// Metric-like names in an expression that does not parse.
fn tokens(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = expr.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' | b'`' => quote = Some(b),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'$' => {
                // A Grafana variable: skip its name.
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                continue;
            }
            _ if depth == 0 && (b.is_ascii_alphabetic() || b == b'_' || b == b':') => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b':')
                {
                    i += 1;
                }
                let word = &expr[start..i];
                let called = expr[i..].trim_start().starts_with('(');
                let after_digit = start > 0 && bytes[start - 1].is_ascii_digit();
                if !called
                    && !after_digit
                    && is_metric_name(word)
                    && !KEYWORDS.contains(&word.to_ascii_lowercase().as_str())
                {
                    out.push(word.to_string());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}
