//! The formats CI systems read, for `readyroom check --format`: SARIF 2.1.0 for code
//! scanning, GitHub Actions workflow commands, GitLab Code Quality JSON and JUnit XML.
//! Each is built from the same [`CheckView`] as the text and JSON reports; the messages
//! are already inert, and each format escapes what its syntax needs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::check::{BaselineState, CheckView, Shown, TOOL};
use crate::rules::{RULES, RuleInfo, Severity};

/// The SARIF schema the output names.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the rules are documented.
const RULES_URI: &str = "https://github.com/readyroom/readyroom#rules";

/// The key of readyroom's fingerprint in SARIF `partialFingerprints`.
const FINGERPRINT_KEY: &str = "readyroom/v1";

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The first sentence of a rule's documentation.
fn first_sentence(doc: &str) -> &str {
    doc.find(". ").map_or(doc, |i| &doc[..=i])
}

fn sarif_rule(r: &RuleInfo) -> Value {
    json!({
        "id": r.id,
        "shortDescription": {"text": first_sentence(r.doc)},
        "fullDescription": {"text": r.doc},
        "help": {"text": r.doc},
        "helpUri": RULES_URI,
        "defaultConfiguration": {"level": sarif_level(r.severity)},
    })
}

fn sarif_result(s: &Shown<'_>) -> Value {
    let f = s.finding;
    let mut result = json!({
        "ruleId": f.rule.as_str(),
        "ruleIndex": f.rule as usize,
        "level": sarif_level(f.severity),
        "message": {"text": &f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri_path(&s.path), "uriBaseId": "SRCROOT"},
                "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)},
            }
        }],
        "partialFingerprints": {FINGERPRINT_KEY: &s.fingerprint},
    });
    if let (Some(state), Some(obj)) = (s.baseline, result.as_object_mut()) {
        let state = match state {
            BaselineState::New => "new",
            BaselineState::Known => "unchanged",
        };
        obj.insert("baselineState".to_string(), json!(state));
    }
    result
}

/// A relative path as a URI reference: every byte but unreserved characters and `/`
/// percent-encoded.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// SARIF 2.1.0: one run, the rule table as the driver's rules, one result per finding
/// located in code-point columns (SARIF's default `columnKind`), fingerprinted by rule,
/// file and item. With a baseline, each result's `baselineState` says `new` or
/// `unchanged`.
pub fn render_sarif(view: &CheckView<'_>) -> String {
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL.0,
                "version": TOOL.1,
                "semanticVersion": TOOL.1,
                "informationUri": RULES_URI,
                "rules": RULES.iter().map(sarif_rule).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The folder the paths are relative to (--paths)."}}},
            "columnKind": "unicodeCodePoints",
            "results": view.shown.iter().map(sarif_result).collect::<Vec<_>>(),
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A workflow command's data: `%`, CR and LF escaped.
fn gh_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,` escaped.
fn gh_property(text: &str) -> String {
    gh_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one line per finding:
/// `::error file=…,line=…,col=…,title=RULE::message`. Warnings are `::warning`; a
/// finding the baseline knows is a `::notice`, so it shows without failing anyone's
/// eye.
pub fn render_github(view: &CheckView<'_>) -> String {
    let mut out = String::new();
    for s in &view.shown {
        let f = s.finding;
        let command = match (s.baseline, f.severity) {
            (Some(BaselineState::Known), _) => "notice",
            (_, Severity::Error) => "error",
            (_, Severity::Warning) => "warning",
        };
        let mut message = f.message.clone();
        if let Some(item) = &f.item {
            let _ = write!(message, " ({item})");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            gh_property(&s.path),
            f.line.max(1),
            f.column.max(1),
            gh_property(f.rule.as_str()),
            gh_data(&message)
        );
    }
    out
}

/// GitLab Code Quality JSON: one issue per finding (description, check name,
/// fingerprint, severity `major` for errors and `minor` for warnings, location).
pub fn render_gitlab(view: &CheckView<'_>) -> String {
    let issues: Vec<Value> = view
        .shown
        .iter()
        .map(|s| {
            let f = s.finding;
            json!({
                "description": &f.message,
                "check_name": f.rule.as_str(),
                "fingerprint": &s.fingerprint,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {"path": &s.path, "lines": {"begin": f.line.max(1)}},
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default()
}

/// Text as XML character data or attribute value: markup escaped, characters XML 1.0
/// cannot hold dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One test case: a rule on one item (or, for findings with none, on one file).
struct Case<'v, 'a> {
    rule: &'static str,
    subject: String,
    findings: Vec<&'v Shown<'a>>,
}

/// JUnit XML: one test suite per readiness criterion, one test case per rule and item
/// it found something on (one passing case for a criterion with no finding). Errors are
/// failures; warnings, and findings the baseline knows, are the case's `system-out`.
pub fn render_junit(view: &CheckView<'_>) -> String {
    let mut suites = String::new();
    let (mut all_tests, mut all_failures) = (0, 0);
    for c in &view.verdict.criteria {
        let mut cases: BTreeMap<(&'static str, String), Case<'_, '_>> = BTreeMap::new();
        for &i in &c.findings {
            let s = &view.shown[i];
            let f = s.finding;
            let subject = f.item.clone().unwrap_or_else(|| s.path.clone());
            cases
                .entry((f.rule.as_str(), subject.clone()))
                .or_insert_with(|| Case {
                    rule: f.rule.as_str(),
                    subject,
                    findings: Vec::new(),
                })
                .findings
                .push(s);
        }
        let mut body = String::new();
        let mut failures = 0;
        if cases.is_empty() {
            let _ = writeln!(
                body,
                "    <testcase classname=\"{}\" name=\"{}\"/>",
                c.id.as_str(),
                xml(c.title)
            );
        }
        let tests = cases.len().max(1);
        for case in cases.values() {
            let failing: Vec<&&Shown<'_>> = case
                .findings
                .iter()
                .filter(|s| s.is_new() && s.finding.severity == Severity::Error)
                .collect();
            let _ = writeln!(
                body,
                "    <testcase classname=\"{}\" name=\"{} {}\">",
                c.id.as_str(),
                case.rule,
                xml(&case.subject)
            );
            if !failing.is_empty() {
                failures += 1;
                let text: Vec<String> = failing.iter().map(|s| junit_line(s)).collect();
                let _ = writeln!(
                    body,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    case.rule,
                    xml(&failing[0].finding.message),
                    xml(&text.join("\n"))
                );
            }
            let others: Vec<String> = case
                .findings
                .iter()
                .filter(|s| !(s.is_new() && s.finding.severity == Severity::Error))
                .map(|s| junit_line(s))
                .collect();
            if !others.is_empty() {
                let _ = writeln!(
                    body,
                    "      <system-out>{}</system-out>",
                    xml(&others.join("\n"))
                );
            }
            body.push_str("    </testcase>\n");
        }
        all_tests += tests;
        all_failures += failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" id=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{body}  </testsuite>\n",
            xml(c.title),
            c.id.as_str()
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"0\">\n{suites}</testsuites>\n",
        xml(&view.name)
    )
}

/// One finding in a test case's text: `file:line:col: severity: message`, with
/// `(known)` for one the baseline has.
fn junit_line(s: &Shown<'_>) -> String {
    let f = s.finding;
    let known = if s.baseline == Some(BaselineState::Known) {
        " (known)"
    } else {
        ""
    };
    format!(
        "{}:{}:{}: {}: {}{known}",
        s.path,
        f.line,
        f.column,
        f.severity.as_str(),
        f.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_escapes_what_its_syntax_needs() {
        assert_eq!(gh_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(gh_data("a,b:c%\r\n"), "a,b:c%25%0D%0A");
        assert_eq!(
            xml("<a & 'b'>\u{1}\"\t"),
            "&lt;a &amp; &apos;b&apos;&gt;&quot;\t"
        );
        assert_eq!(uri_path("docs/ä b.md"), "docs/%C3%A4%20b.md");
        assert_eq!(first_sentence("One thing. Two things."), "One thing.");
    }
}
