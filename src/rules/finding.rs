//! A finding: one thing wrong with the docs, located exactly, with what to do about it.

use super::RuleId;
use super::waivers::Waived;
use serde::Serialize;

use crate::model::{Document, Span};

/// How serious a finding is. Errors make the verdict `not_ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks readiness.
    Error,
    /// Worth fixing; does not block readiness.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id (stable; tools depend on it).
    pub rule: RuleId,
    /// Error or warning (after config overrides).
    pub severity: Severity,
    /// Project-relative path, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// Byte span of what the finding is about.
    #[serde(skip)]
    pub span: Span,
    /// The item's ID, when the finding concerns an item.
    pub item: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
    /// The live waiver covering it, when one does: still listed, not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<Waived>,
}

impl Finding {
    /// True when it is an error that counts: an error no live waiver covers.
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Error && self.waived.is_none()
    }

    /// A finding located at `span` in `doc`.
    pub fn at(
        rule: RuleId,
        severity: Severity,
        doc: &Document,
        span: Span,
        item: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = doc.position(span.start);
        Finding {
            rule,
            severity,
            file: doc.path.clone(),
            line,
            column,
            span,
            item: item.map(str::to_string),
            message: crate::model::inert_owned(message.into()),
            waived: None,
        }
    }

    /// A finding about a file that has no parsed document (missing or unreadable).
    pub fn on_file(
        rule: RuleId,
        severity: Severity,
        file: &str,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            file: file.to_string(),
            line,
            column: 1,
            span: Span::default(),
            item: None,
            message: crate::model::inert_owned(message.into()),
            waived: None,
        }
    }
}
