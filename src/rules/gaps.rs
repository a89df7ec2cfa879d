//! Telemetry gaps: `gap-no-owner`, `gap-no-due`, `gap-overdue`, and `invalid-date` for
//! date cells that are not ISO dates.

use super::RuleId;
use super::text::{Coverage, coverage, parse_date};
use super::{Context, Finding, Severity};
use crate::model::is_blank;
use crate::model::{FieldKey, ItemKind};

/// Findings for every telemetry gap and every malformed due date.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in &ctx.ws.items {
        let doc = &ctx.ws.docs[item.doc];
        // Any Due/Date cell must hold a date when filled.
        for f in item
            .fields
            .iter()
            .filter(|f| matches!(f.key, FieldKey::Due | FieldKey::Date))
        {
            if !is_blank(&f.text)
                && parse_date(&f.text).is_none()
                && crate::model::find_placeholders(&f.text).is_empty()
            {
                out.push(Finding::at(
                    RuleId::InvalidDate,
                    Severity::Error,
                    doc,
                    f.span,
                    Some(&item.id),
                    format!(
                        "{} `{}` is not a date; write it as YYYY-MM-DD",
                        f.header, f.text
                    ),
                ));
            }
        }
        if item.kind != ItemKind::Telemetry
            || coverage(item.text(&FieldKey::Status)) != Coverage::Gap
        {
            continue;
        }
        let signal = item.text(&FieldKey::Signal);
        let owner = item.field(&FieldKey::Owner);
        if owner.is_none_or(|f| is_blank(&f.text)) {
            let span = owner.map_or(item.span, |f| f.span);
            out.push(Finding::at(
                RuleId::GapNoOwner,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!("telemetry gap `{signal}` has no remediation owner; name one in the Owner column"),
            ));
        }
        let due = item.field(&FieldKey::Due);
        match due {
            Some(f) if !is_blank(&f.text) => {
                if let Some(d) = parse_date(&f.text)
                    && d < ctx.today
                {
                    let days = (ctx.today - d).get_days();
                    out.push(Finding::at(
                        RuleId::GapOverdue,
                        Severity::Warning,
                        doc,
                        f.span,
                        Some(&item.id),
                        format!(
                            "telemetry gap `{signal}` was due {d} ({} ago); close it or agree a new date",
                            crate::model::wording::days(days)
                        ),
                    ));
                }
            }
            _ => {
                let span = due.map_or(item.span, |f| f.span);
                out.push(Finding::at(
                    RuleId::GapNoDue,
                    Severity::Error,
                    doc,
                    span,
                    Some(&item.id),
                    format!("telemetry gap `{signal}` has no due date; put a YYYY-MM-DD date in the Due column"),
                ));
            }
        }
    }
    out
}
