//! The campaign's dates — `[campaign] ready_by` for everything and `[campaign.criteria]`
//! for single criteria — judged once for check, report, the handover and the TUI:
//! progress against each date, and whether the rate errors were closed at since the
//! history's first point (a [`Pace`], data read from git by the caller) meets it. Pure.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::config::{ProjectConfig, RuleLevel};
use crate::model::wording::days;
use crate::rules::{CriterionId, Finding, RuleId, Severity, Verdict};

/// Where the docs' history starts: the date and the errors then, overall and per
/// criterion with a date of its own, from which the rate of closing errors is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pace {
    /// The date of the history's first point.
    pub since: Date,
    /// Errors then.
    pub errors: usize,
    /// Errors then per criterion, by criterion id (`gaps_owned`); a criterion missing
    /// here has no rate.
    pub criteria: BTreeMap<String, usize>,
}

/// Progress against one date of the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDate {
    /// The criterion the date is for; `None` for the whole campaign (`ready_by`).
    pub criterion: Option<CriterionId>,
    /// The date.
    pub ready_by: Date,
    /// Days from today to the date; negative once it has passed.
    pub days_left: i64,
    /// Errors still counting against it today.
    pub errors: usize,
    /// Why the date will be missed at the rate errors were closed; `None` on track.
    pub at_risk: Option<String>,
}

impl CampaignDate {
    /// What must be ready by the date: the criterion's title, or `everything`.
    pub fn title(&self) -> &'static str {
        self.criterion.map_or("everything", CriterionId::title)
    }

    /// The criterion's id (`gaps_owned`), or `all` for the whole campaign.
    pub fn id(&self) -> &'static str {
        self.criterion.map_or("all", CriterionId::as_str)
    }
}

/// The errors among `findings` that count towards criterion `id` of `verdict`.
pub fn criterion_errors(verdict: &Verdict, findings: &[Finding], id: CriterionId) -> usize {
    verdict
        .criteria
        .iter()
        .filter(|c| c.id == id)
        .flat_map(|c| &c.findings)
        .filter(|&&i| findings.get(i).is_some_and(Finding::blocks))
        .count()
}

/// Progress against every date `config` sets, on `today`: the whole campaign first,
/// then each criterion with a date of its own; a criterion without one counts towards
/// `ready_by` only. Each is judged at the rate since `pace`; without a pace only a
/// date already passed with errors left is at risk.
pub fn dates(
    config: &ProjectConfig,
    verdict: &Verdict,
    findings: &[Finding],
    today: Date,
    pace: Option<&Pace>,
) -> Vec<CampaignDate> {
    let days = |d: Date| today.until(d).map_or(0, |s| i64::from(s.get_days()));
    let mut out = Vec::new();
    if let Some(d) = config.ready_by {
        let errors = verdict.errors;
        out.push(CampaignDate {
            criterion: None,
            ready_by: d,
            days_left: days(d),
            errors,
            at_risk: risk(pace.map(|p| (p.since, p.errors)), errors, today, d, None),
        });
    }
    for &(id, d) in &config.criteria_ready_by {
        let errors = criterion_errors(verdict, findings, id);
        let start = pace.and_then(|p| Some((p.since, *p.criteria.get(id.as_str())?)));
        out.push(CampaignDate {
            criterion: Some(id),
            ready_by: d,
            days_left: days(d),
            errors,
            at_risk: risk(start, errors, today, d, Some(id)),
        });
    }
    out
}

/// The date the top bar counts down to: the nearest one with errors left, else the
/// whole campaign's.
pub fn nearest_open(dates: &[CampaignDate]) -> Option<&CampaignDate> {
    dates
        .iter()
        .filter(|d| d.errors > 0)
        .min_by_key(|d| d.ready_by)
        .or_else(|| dates.iter().find(|d| d.criterion.is_none()))
}

/// The `campaign-at-risk` findings for `dates` (about `readyroom.toml`, where the dates
/// are set), at the level `config` gives the rule; none when it is off.
pub fn findings(config: &ProjectConfig, dates: &[CampaignDate]) -> Vec<Finding> {
    let rule = RuleId::CampaignAtRisk;
    let severity = match config.rules.get(rule.as_str()) {
        Some(RuleLevel::Off) => return Vec::new(),
        Some(RuleLevel::Error) => Severity::Error,
        Some(RuleLevel::Warning) => Severity::Warning,
        None => rule.info().severity,
    };
    dates
        .iter()
        .filter_map(|d| d.at_risk.as_deref())
        .map(|why| {
            let message = format!("{why}; close errors faster, or agree a new date");
            Finding::on_file(rule, severity, crate::config::CONFIG_FILE, 1, message)
        })
        .collect()
}

/// Why `ready_by` will be missed at the rate errors were closed since `start` (a date
/// and the errors then), with `errors` left on `today`; `None` when on track (no error
/// left, or the rate closes them in time) or, the date not passed, when there is no
/// start to measure from. The rate is the drop in errors from the start to today, per
/// day. `criterion` names what the date is for; `None` for the whole campaign.
pub fn risk(
    start: Option<(Date, usize)>,
    errors: usize,
    today: Date,
    ready_by: Date,
    criterion: Option<CriterionId>,
) -> Option<String> {
    if errors == 0 {
        return None;
    }
    let left = today.until(ready_by).map_or(0, |s| i64::from(s.get_days()));
    let (prefix, what, docs) = match criterion {
        None => (String::new(), "the campaign was", "the docs"),
        Some(c) => (format!("criterion {}: ", c.as_str()), "it was", "it"),
    };
    if left < 0 {
        return Some(format!(
            "{prefix}{what} to be ready by {ready_by}, and {errors} error(s) remain"
        ));
    }
    let (start, first) = start?;
    let span = start
        .until(today)
        .map_or(0, |s| i64::from(s.get_days()))
        .max(1);
    let closed =
        i64::try_from(first).unwrap_or(i64::MAX) - i64::try_from(errors).unwrap_or(i64::MAX);
    let errors_left = i64::try_from(errors).unwrap_or(i64::MAX);
    if closed <= 0 {
        return Some(format!(
            "{prefix}{errors} error(s) remain and none were closed since {start}; at this \
             rate {docs} will not be ready by {ready_by} ({} left)",
            days(left)
        ));
    }
    // Days needed at `closed / span` errors a day, rounded up.
    let needed = (errors_left * span + closed - 1) / closed;
    (needed > left).then(|| {
        format!(
            "{prefix}{errors} error(s) remain; {closed} were closed in {} since \
             {start}, so closing the rest takes about {}, and {ready_by} is {} away",
            days(span),
            days(needed),
            days(left)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_campaign_is_at_risk_when_the_rate_misses_the_date() {
        let start = Some((d("2026-11-01"), 40));
        // 30 closed in 30 days: 10 left take 10 days.
        assert_eq!(
            risk(start, 10, d("2026-12-01"), d("2026-12-11"), None),
            None
        );
        let at_risk = risk(start, 10, d("2026-12-01"), d("2026-12-10"), None).unwrap();
        assert_eq!(
            at_risk,
            "10 error(s) remain; 30 were closed in 30 days since 2026-11-01, so closing the \
             rest takes about 10 days, and 2026-12-10 is 9 days away"
        );
        assert_eq!(risk(start, 0, d("2026-12-01"), d("2026-12-02"), None), None);
        let stuck = risk(
            Some((d("2026-11-01"), 5)),
            5,
            d("2026-12-01"),
            d("2027-01-15"),
            None,
        );
        assert_eq!(
            stuck.as_deref(),
            Some(
                "5 error(s) remain and none were closed since 2026-11-01; at this rate the \
                 docs will not be ready by 2027-01-15 (45 days left)"
            )
        );
        let late = risk(start, 3, d("2026-12-01"), d("2026-11-30"), None);
        assert_eq!(
            late.as_deref(),
            Some("the campaign was to be ready by 2026-11-30, and 3 error(s) remain")
        );
        assert_eq!(risk(None, 3, d("2026-12-01"), d("2026-12-30"), None), None);
        assert!(risk(None, 3, d("2026-12-01"), d("2026-11-30"), None).is_some());
    }

    #[test]
    fn a_criterion_at_risk_is_named() {
        let gaps = Some(CriterionId::GapsOwned);
        let at_risk = risk(
            Some((d("2026-11-01"), 4)),
            2,
            d("2026-12-01"),
            d("2026-12-10"),
            gaps,
        )
        .unwrap();
        assert!(
            at_risk.starts_with("criterion gaps_owned: 2 error(s) remain; 2 were closed"),
            "{at_risk}"
        );
        let stuck = risk(
            Some((d("2026-11-01"), 2)),
            2,
            d("2026-12-01"),
            d("2026-12-10"),
            gaps,
        )
        .unwrap();
        assert!(
            stuck.contains("at this rate it will not be ready by"),
            "{stuck}"
        );
        let late = risk(None, 2, d("2026-12-01"), d("2026-11-30"), gaps).unwrap();
        assert_eq!(
            late,
            "criterion gaps_owned: it was to be ready by 2026-11-30, and 2 error(s) remain"
        );
    }

    fn date(criterion: Option<CriterionId>, ready_by: &str, errors: usize) -> CampaignDate {
        CampaignDate {
            criterion,
            ready_by: d(ready_by),
            days_left: 0,
            errors,
            at_risk: None,
        }
    }

    #[test]
    fn the_countdown_is_to_the_nearest_date_with_errors_left() {
        let all = date(None, "2027-01-15", 3);
        let gaps = date(Some(CriterionId::GapsOwned), "2026-12-20", 1);
        let log = date(Some(CriterionId::ChangeLogCurrent), "2026-12-10", 0);
        let dates = [all.clone(), gaps.clone(), log.clone()];
        assert_eq!(nearest_open(&dates), Some(&gaps));
        let met = [date(None, "2027-01-15", 0), log.clone()];
        assert_eq!(nearest_open(&met), Some(&met[0]));
        assert_eq!(nearest_open(&[log]), None);
        assert_eq!(nearest_open(&[]), None);
    }

    #[test]
    fn at_risk_dates_give_one_finding_each_at_the_configured_level() {
        let mut risky = date(Some(CriterionId::GapsOwned), "2026-12-20", 1);
        risky.at_risk = Some("gaps_owned: late".into());
        let dates = [date(None, "2027-01-15", 3), risky];
        let mut config = ProjectConfig::default();
        let found = findings(&config, &dates);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "gaps_owned: late; close errors faster, or agree a new date"
        );
        config
            .rules
            .insert("campaign-at-risk".into(), RuleLevel::Error);
        assert_eq!(findings(&config, &dates)[0].severity, Severity::Error);
        config
            .rules
            .insert("campaign-at-risk".into(), RuleLevel::Off);
        assert!(findings(&config, &dates).is_empty());
    }
}
