//! Reviews that fall due and sign-offs that age out. A document says when it was last
//! reviewed — `last_reviewed_on:` in its front matter or a `Last reviewed: YYYY-MM-DD`
//! line — and how often it must be (`review_in: 3 months`, else `[review] max_age` for
//! its role); `review-overdue` once that date has passed, `review-due-soon` within 14
//! days of it. `[signoff] max_age` makes a sign-off older than that `signoff-expired`.
//! Pure: no IO; dates are civil dates, so no clock change moves a due date.

use jiff::civil::Date;

use super::finding::Finding;
use super::text::parse_date;
use super::{Context, RuleId};
use crate::config::ProjectConfig;
use crate::model::{Document, FieldKey, Setting, Span};
use crate::parse::settings::find;

/// How many days ahead of its due date a review is `review-due-soon`.
pub const DUE_SOON_DAYS: i64 = 14;

/// The keys a review date is written under.
pub const REVIEWED_KEYS: &[&str] = &["last_reviewed_on", "last reviewed", "last reviewed on"];

/// The keys a document's own review interval is written under.
const INTERVAL_KEYS: &[&str] = &["review_in", "review every", "review interval"];

/// Read an age or interval (`90d`, `3 months`, `2 weeks`, `1 year`, `P3M`).
pub fn parse_age(text: &str) -> Option<jiff::Span> {
    text.trim().parse::<jiff::Span>().ok()
}

/// The date `age` after `from`; `None` when it is out of range.
fn after(from: Date, age: jiff::Span) -> Option<Date> {
    from.checked_add(age).ok()
}

/// Days from `today` to `date` (negative when `date` is past).
fn days_until(today: Date, date: Date) -> i64 {
    today.until(date).map_or(0, |s| i64::from(s.get_days()))
}

/// The review stamp of `doc`: the setting holding the date of its last review.
pub fn review_stamp(doc: &Document) -> Option<&Setting> {
    find(doc, REVIEWED_KEYS, |_| true)
}

/// When `doc` is next due for review, from its stamp and its interval; `Err` holds
/// what is wrong with the stamp or the interval, `Ok(None)` means nothing is due.
fn due_date(doc: &Document, config: &ProjectConfig) -> Result<Option<(Date, Date)>, String> {
    let Some(stamp) = review_stamp(doc) else {
        return Ok(None);
    };
    let Some(reviewed) = parse_date(&stamp.value) else {
        return Err(format!(
            "its review date `{}` is not a date; write it as YYYY-MM-DD",
            stamp.value
        ));
    };
    let own = find(doc, INTERVAL_KEYS, |_| true);
    let interval = match own {
        Some(s) => Some(parse_age(&s.value).ok_or_else(|| {
            format!(
                "its review interval `{}` is not a duration; write it as `3 months`, `90d` \
                 or `2 weeks`",
                s.value
            )
        })?),
        None => doc
            .role
            .and_then(|r| config.review_max_age(r))
            .and_then(parse_age),
    };
    Ok(interval.and_then(|age| after(reviewed, age).map(|due| (reviewed, due))))
}

/// `review-overdue` and `review-due-soon` for every document with a review stamp, and
/// `signoff-expired` for every sign-off older than `[signoff] max_age`.
pub fn check(ctx: &Context<'_>, config: &ProjectConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in &ctx.ws.docs {
        let at = review_stamp(doc).map_or(Span::default(), |s| s.span);
        let finding = |rule: RuleId, message: String| {
            Finding::at(rule, rule.info().severity, doc, at, None, message)
        };
        match due_date(doc, config) {
            Err(why) => out.push(finding(
                RuleId::ReviewOverdue,
                format!("{} cannot tell when it is due: {why}", doc.path),
            )),
            Ok(Some((reviewed, due))) => {
                let days = days_until(ctx.today, due);
                if days < 0 {
                    out.push(finding(
                        RuleId::ReviewOverdue,
                        format!(
                            "{} was last reviewed on {reviewed}; its review was due on {due} \
                             ({} ago); review it and stamp it with `readyroom review`",
                            doc.path,
                            crate::model::wording::days(-days)
                        ),
                    ));
                } else if days <= DUE_SOON_DAYS {
                    let when = if days == 0 {
                        "today".to_string()
                    } else {
                        format!("in {}", crate::model::wording::days(days))
                    };
                    out.push(finding(
                        RuleId::ReviewDueSoon,
                        format!(
                            "{} was last reviewed on {reviewed}; its review is due on {due} \
                             ({when}); plan it",
                            doc.path
                        ),
                    ));
                }
            }
            Ok(None) => {}
        }
    }
    if let Some(age) = config.signoff_max_age.as_deref().and_then(parse_age) {
        for item in &ctx.ws.items {
            let Some(signoff) = item.signoff() else {
                continue;
            };
            let Some(signed) = parse_date(&signoff.date) else {
                continue;
            };
            let Some(expires) = after(signed, age) else {
                continue;
            };
            if expires < ctx.today {
                let doc = &ctx.ws.docs[item.doc];
                let span = item.field(&FieldKey::SignOff).map_or(item.span, |f| f.span);
                out.push(Finding::at(
                    RuleId::SignoffExpired,
                    RuleId::SignoffExpired.info().severity,
                    doc,
                    span,
                    Some(&item.id),
                    format!(
                        "{} was signed off by {} on {signed}, more than [signoff] max_age \
                         ({}) ago; it expired on {expires}: review it and sign off again",
                        item.id,
                        signoff.signer,
                        config.signoff_max_age.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::workspace_from_sources;
    use crate::rules::Severity;

    const PLAY: &str = "docs/operations/incident-response.md";
    const OBS: &str = "docs/operations/observability-status.md";

    fn run(files: &[(&str, &str)], config: &str, today: Date) -> Vec<Finding> {
        let config =
            ProjectConfig::parse(config, "readyroom.toml", &crate::rules::rule_ids()).unwrap();
        let sources = files
            .iter()
            .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
            .collect();
        let ws = workspace_from_sources(sources, Vec::new(), Vec::new(), &config);
        let ctx = Context::new(&ws, today, "2026-12-01T10:00:00Z".parse().unwrap());
        check(&ctx, &config)
    }

    fn rules(fs: &[Finding]) -> Vec<(RuleId, Severity)> {
        fs.iter().map(|f| (f.rule, f.severity)).collect()
    }

    const FRONT: &str = "---\nlast_reviewed_on: 2026-09-01\nreview_in: 3 months\n---\n# Playbook\n";

    #[test]
    fn front_matter_review_due_on_the_day_is_due_soon_and_overdue_the_day_after() {
        let d = |day| jiff::civil::date(2026, 12, day);
        let on_the_day = run(&[(PLAY, FRONT)], "", d(1));
        assert_eq!(
            rules(&on_the_day),
            [(RuleId::ReviewDueSoon, Severity::Warning)]
        );
        assert!(on_the_day[0].message.contains("due on 2026-12-01 (today)"));
        assert_eq!(on_the_day[0].line, 2);
        let after = run(&[(PLAY, FRONT)], "", d(2));
        assert_eq!(rules(&after), [(RuleId::ReviewOverdue, Severity::Error)]);
        assert!(
            after[0].message.contains("(1 day ago)"),
            "{}",
            after[0].message
        );
        let before = run(&[(PLAY, FRONT)], "", jiff::civil::date(2026, 11, 30));
        assert!(before[0].message.contains("(in 1 day)"));
        // More than 14 days ahead: nothing.
        assert!(run(&[(PLAY, FRONT)], "", jiff::civil::date(2026, 11, 16)).is_empty());
        assert_eq!(
            rules(&run(&[(PLAY, FRONT)], "", jiff::civil::date(2026, 11, 17))),
            [(RuleId::ReviewDueSoon, Severity::Warning)]
        );
    }

    #[test]
    fn a_last_reviewed_line_takes_the_role_default_from_the_config() {
        let text = "# Observability\n\nLast reviewed: 2026-10-15\n";
        let config = "[review]\nmax_age = { observability = \"30d\", playbook = \"90d\" }\n";
        let fs = run(&[(OBS, text)], config, jiff::civil::date(2026, 12, 1));
        assert_eq!(rules(&fs), [(RuleId::ReviewOverdue, Severity::Error)]);
        assert!(
            fs[0].message.contains("due on 2026-11-14"),
            "{}",
            fs[0].message
        );
        assert_eq!(fs[0].line, 3);
        // Without a max_age nor review_in, a stamp alone is never due.
        assert!(run(&[(OBS, text)], "", jiff::civil::date(2026, 12, 1)).is_empty());
    }

    #[test]
    fn dates_do_not_move_with_daylight_saving() {
        let text = "---\nlast_reviewed_on: 2027-03-01\nreview_in: 27d\n---\n# P\n";
        // 2027-03-28 is a clock change in Europe; 27 civil days from 03-01 is 03-28.
        let fs = run(&[(PLAY, text)], "", jiff::civil::date(2027, 3, 28));
        assert!(fs[0].message.contains("due on 2027-03-28 (today)"));
        let fs = run(&[(PLAY, text)], "", jiff::civil::date(2027, 3, 29));
        assert_eq!(fs[0].rule, RuleId::ReviewOverdue);
    }

    #[test]
    fn a_bad_stamp_or_interval_is_overdue_and_says_why() {
        let fs = run(
            &[(PLAY, "---\nlast_reviewed_on: soon\n---\n# P\n")],
            "",
            jiff::civil::date(2026, 12, 1),
        );
        assert_eq!(fs[0].rule, RuleId::ReviewOverdue);
        assert!(fs[0].message.contains("`soon` is not a date"));
        let fs = run(
            &[(
                PLAY,
                "---\nlast_reviewed_on: 2026-11-01\nreview_in: often\n---\n# P\n",
            )],
            "",
            jiff::civil::date(2026, 12, 1),
        );
        assert!(fs[0].message.contains("`often` is not a duration"));
    }

    #[test]
    fn signoffs_older_than_max_age_expire() {
        let obs = "# Obs\n\n| ID | Signal | Status | Owner | Due | Sign-off |\n|---|---|---|---|---|---|\n\
                   | TEL-1 | Errors | configured | Dana | | Dana Kim 2026-06-01 fp:1a2b3c4d |\n";
        let config = "[signoff]\nmax_age = \"180d\"\n";
        // 2026-06-01 + 180 days = 2026-11-28.
        let fs = run(&[(OBS, obs)], config, jiff::civil::date(2026, 11, 28));
        assert!(fs.is_empty(), "{fs:?}");
        let fs = run(&[(OBS, obs)], config, jiff::civil::date(2026, 11, 29));
        assert_eq!(rules(&fs), [(RuleId::SignoffExpired, Severity::Error)]);
        assert_eq!(fs[0].item.as_deref(), Some("TEL-1"));
        assert!(fs[0].message.contains("expired on 2026-11-28"));
        assert!(run(&[(OBS, obs)], "", jiff::civil::date(2027, 11, 29)).is_empty());
    }

    #[test]
    fn bad_ages_and_unknown_documents_in_the_config_name_their_line() {
        let ids = crate::rules::rule_ids();
        let e = ProjectConfig::parse(
            "[review]\nmax_age = { runbook = \"90d\" }\n",
            "readyroom.toml",
            &ids,
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message
                .contains("`runbook`, which is not a core document")
        );
        let e = ProjectConfig::parse("[signoff]\nmax_age = \"soon\"\n", "readyroom.toml", &ids)
            .unwrap_err();
        assert!(e.message.contains("signoff.max_age must be a duration"));
        let e =
            ProjectConfig::parse("[waivers]\nmax_days = 0\n", "readyroom.toml", &ids).unwrap_err();
        assert!(
            e.message
                .contains("waivers.max_days must be a positive number")
        );
    }
}
