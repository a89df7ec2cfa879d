//! Grafana dashboards: classic JSON (`uid`, `title`, `panels`, rows with nested
//! panels) and the v2 schema (`metadata.name`, `spec.title`, `spec.elements`). Every
//! `expr` anywhere in the document is a panel query.

use serde_json::Value;

use super::{Dashboard, Pos, Problem, promql};

/// True when the JSON text is a Grafana dashboard of either schema.
pub fn is_dashboard(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| {
        v.get("panels").is_some_and(Value::is_array)
            || v.get("dashboard")
                .and_then(|d| d.get("panels"))
                .is_some_and(Value::is_array)
            || v.get("spec")
                .and_then(|s| s.get("elements"))
                .is_some_and(Value::is_object)
    })
}

/// Read one dashboard; a file that is not JSON is a [`Problem`] at the parser's line.
pub fn parse_dashboard(path: &str, text: &str) -> Result<Dashboard, Problem> {
    let value: Value = serde_json::from_str(text).map_err(|e| Problem {
        file: path.to_string(),
        pos: Pos {
            line: e.line().max(1),
            column: e.column().max(1),
        },
        message: format!("the dashboard JSON does not parse: {e}; fix the syntax there"),
    })?;
    // Exported with the API's envelope: {"dashboard": {...}, "meta": {...}}.
    let root = value.get("dashboard").unwrap_or(&value);
    let str_at = |path: &[&str]| {
        path.iter()
            .try_fold(root, |v, k| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let v2 = root.get("spec").is_some_and(Value::is_object);
    let (uid, title) = if v2 {
        (str_at(&["metadata", "name"]), str_at(&["spec", "title"]))
    } else {
        (str_at(&["uid"]), str_at(&["title"]))
    };
    let mut exprs = Vec::new();
    collect_exprs(root, &mut exprs);
    let mut metrics: Vec<String> = exprs
        .iter()
        .flat_map(|e| promql::dashboard_metrics(e))
        .collect();
    metrics.sort_unstable();
    metrics.dedup();
    Ok(Dashboard {
        file: path.to_string(),
        uid,
        title,
        metrics,
    })
}

/// Every string under an `expr` key, depth first, with an explicit stack.
fn collect_exprs<'v>(root: &'v Value, out: &mut Vec<&'v str>) {
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    match (k.as_str(), child) {
                        ("expr", Value::String(s)) => out.push(s),
                        _ => stack.push(child),
                    }
                }
            }
            Value::Array(list) => stack.extend(list.iter()),
            _ => {}
        }
    }
}
