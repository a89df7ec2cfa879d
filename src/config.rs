//! `readyroom.toml`, the per-project configuration: document paths, limits and rule
//! levels. Parsing is pure (text in, config or an error naming line and key out).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{AnchorRules, AnchorSource, AnchorStyle, Role, line_number};
use crate::rules::reviews::parse_age;

/// The file name looked up at the docs project root.
pub const CONFIG_FILE: &str = "readyroom.toml";

/// Default limit on the size of a file readyroom will parse: 8 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// How a rule's findings are reported, as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Report as an error: the verdict is `not_ready` while it stands.
    Error,
    /// Report as a warning: shown, but the verdict can still be `ready`.
    Warning,
    /// Do not report at all.
    Off,
}

/// The validated project configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectConfig {
    /// Display name of the service; defaults to the root folder's name.
    pub name: Option<String>,
    /// Path of each core document, relative to the project root.
    pub paths: Vec<(Role, String)>,
    /// Files larger than this many bytes are reported, not parsed.
    pub max_file_size: u64,
    /// Per-rule level overrides.
    pub rules: BTreeMap<String, RuleLevel>,
    /// The stakeholder notification template (`[notify] template`).
    pub notify_template: Option<String>,
    /// The lines of `readyroom.toml` holding the template's value, each with its 1-based
    /// number, so that a message about a placeholder can name its line.
    pub notify_template_lines: Vec<(usize, String)>,
    /// How heading anchors are made (`[links] anchors`, else detected from the site's
    /// configuration file by the loader, else GitHub's).
    pub anchors: AnchorRules,
    /// The paging tools' schedule exports to compare the rotation with
    /// (`[[oncall.paging]]`): each calendar's path inside the project and whether it
    /// holds the secondary role (else the primary).
    pub paging: Vec<(String, bool)>,
    /// Glob patterns of leave and holiday calendars inside the project
    /// (`[oncall] time_off`), such as `ops/leave/*.ics`.
    pub time_off: Vec<String>,
    /// The most primary hours may be at most this many hundredths of the fewest
    /// (`[oncall] max_imbalance = 1.5` is 150); `None`: the balance is not judged.
    pub max_imbalance_percent: Option<u32>,
    /// How many days ahead a waiver's expiry may be (`[waivers] max_days`).
    pub waiver_max_days: i64,
    /// How long a core document may go unreviewed, per role (`[review] max_age`), as
    /// written (`90d`, `3 months`).
    pub review_max_age: Vec<(Role, String)>,
    /// How long a sign-off holds (`[signoff] max_age`), as written.
    pub signoff_max_age: Option<String>,
    /// The date the docs are to be ready by (`[campaign] ready_by`).
    pub ready_by: Option<jiff::civil::Date>,
    /// The date each listed criterion is to pass by (`[campaign.criteria]`), in
    /// criterion order.
    pub criteria_ready_by: Vec<(crate::rules::CriterionId, jiff::civil::Date)>,
    /// Where the monitoring code is (`[monitoring]`).
    pub monitoring: MonitoringConfig,
}

/// `[monitoring]`: where the rule files, dashboards and collector configs are, and how
/// runbook URLs and live checks are read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonitoringConfig {
    /// True when `readyroom.toml` has a `[monitoring]` section: its globs are then the
    /// only monitoring files read; without it files are discovered by content.
    pub configured: bool,
    /// Globs of Prometheus rule files (plain or `PrometheusRule` manifests).
    pub rules: Vec<String>,
    /// Globs of Grafana dashboard JSON files.
    pub dashboards: Vec<String>,
    /// Globs of OpenTelemetry collector configs.
    pub otel: Vec<String>,
    /// A `runbook_url` under this URL maps to a docs path.
    pub runbook_base_url: Option<String>,
    /// The Prometheus `verify` asks unless told another.
    pub prometheus: Option<String>,
    /// How old an evidence snapshot may be, in days.
    pub evidence_max_age_days: u32,
}

/// Default `[monitoring] evidence_max_age`: 30 days.
pub const DEFAULT_EVIDENCE_MAX_AGE_DAYS: u32 = 30;

impl Default for ProjectConfig {
    fn default() -> Self {
        ProjectConfig {
            name: None,
            paths: Role::ALL
                .iter()
                .map(|r| (*r, r.default_path().to_string()))
                .collect(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rules: BTreeMap::new(),
            notify_template: None,
            notify_template_lines: Vec::new(),
            anchors: AnchorRules::default(),
            paging: Vec::new(),
            time_off: Vec::new(),
            max_imbalance_percent: None,
            waiver_max_days: crate::rules::waivers::DEFAULT_MAX_DAYS,
            review_max_age: Vec::new(),
            signoff_max_age: None,
            ready_by: None,
            criteria_ready_by: Vec::new(),
            monitoring: MonitoringConfig {
                evidence_max_age_days: DEFAULT_EVIDENCE_MAX_AGE_DAYS,
                ..MonitoringConfig::default()
            },
        }
    }
}

/// A configuration problem, with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    /// The file name as the user knows it.
    pub file: String,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    project: RawProject,
    #[serde(default)]
    paths: RawPaths,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    rules: BTreeMap<String, toml::Spanned<RuleLevel>>,
    #[serde(default)]
    notify: RawNotify,
    #[serde(default)]
    links: RawLinks,
    #[serde(default)]
    oncall: RawOncall,
    #[serde(default)]
    waivers: RawWaivers,
    #[serde(default)]
    review: RawReview,
    #[serde(default)]
    signoff: RawSignoff,
    #[serde(default)]
    campaign: RawCampaign,
    monitoring: Option<RawMonitoring>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOncall {
    #[serde(default)]
    paging: Vec<RawPaging>,
    #[serde(default)]
    time_off: Vec<toml::Spanned<String>>,
    max_imbalance: Option<toml::Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaging {
    calendar: toml::Spanned<String>,
    role: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMonitoring {
    #[serde(default)]
    rules: Vec<toml::Spanned<String>>,
    #[serde(default)]
    dashboards: Vec<toml::Spanned<String>>,
    #[serde(default)]
    otel: Vec<toml::Spanned<String>>,
    runbook_base_url: Option<String>,
    prometheus: Option<String>,
    evidence_max_age: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProject {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    playbook: Option<toml::Spanned<String>>,
    observability: Option<toml::Spanned<String>>,
    rtm: Option<toml::Spanned<String>>,
    changelog: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_file_size: Option<toml::Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    anchors: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWaivers {
    max_days: Option<toml::Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReview {
    max_age: Option<BTreeMap<String, toml::Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    ready_by: Option<toml::Spanned<String>>,
    criteria: Option<BTreeMap<String, toml::Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSignoff {
    max_age: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotify {
    template: Option<toml::Spanned<String>>,
}

impl ProjectConfig {
    /// Parse and validate `readyroom.toml` text. `known_rules` are the rule ids that
    /// `[rules]` may name; `file` is used in messages.
    pub fn parse(text: &str, file: &str, known_rules: &[&str]) -> Result<Self, ConfigError> {
        // Keys and values quoted in a message come from the file: shown inert, on one line.
        let err = |offset: usize, message: String| ConfigError {
            file: file.to_string(),
            line: line_number(text.as_bytes(), offset),
            message: crate::model::inert_line(&message).into_owned(),
        };
        // A `YYYY-MM-DD` setting, or an error at its place naming `key`.
        let date_at = |key: &str, value: &toml::Spanned<String>| {
            value
                .get_ref()
                .trim()
                .parse::<jiff::civil::Date>()
                .map_err(|_| {
                    err(
                        value.span().start,
                        format!(
                            "{key} must be a date in the form YYYY-MM-DD, got {:?}",
                            value.get_ref()
                        ),
                    )
                })
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err(offset, e.message().trim().to_string())
        })?;
        let notify_template_lines = raw.notify.template.as_ref().map_or_else(Vec::new, |t| {
            let first = line_number(text.as_bytes(), t.span().start);
            let raw_value = text.get(t.span()).unwrap_or_default();
            (first..)
                .zip(raw_value.lines().map(str::to_string))
                .collect()
        });
        let mut cfg = ProjectConfig {
            name: raw.project.name,
            notify_template: raw.notify.template.map(toml::Spanned::into_inner),
            notify_template_lines,
            ..ProjectConfig::default()
        };
        let given = [
            (Role::Playbook, raw.paths.playbook),
            (Role::Observability, raw.paths.observability),
            (Role::Rtm, raw.paths.rtm),
            (Role::ChangeLog, raw.paths.changelog),
        ];
        for (role, value) in given {
            let Some(value) = value else { continue };
            let path = value.get_ref().trim().replace('\\', "/");
            let escapes = path.split('/').any(|c| c == "..");
            if path.is_empty() || path.starts_with('/') || escapes {
                return Err(err(
                    value.span().start,
                    format!(
                        "paths.{} must be a relative path inside the project, got {:?}",
                        role.config_key(),
                        value.get_ref()
                    ),
                ));
            }
            let path = path.trim_start_matches("./").to_string();
            if let Some(slot) = cfg.paths.iter_mut().find(|(r, _)| *r == role) {
                slot.1 = path;
            }
        }
        if let Some(size) = raw.limits.max_file_size {
            let v = *size.get_ref();
            if v <= 0 {
                return Err(err(
                    size.span().start,
                    format!("limits.max_file_size must be a positive number of bytes, got {v}"),
                ));
            }
            cfg.max_file_size = v.unsigned_abs();
        }
        if let Some(days) = raw.waivers.max_days {
            let v = *days.get_ref();
            if v <= 0 {
                return Err(err(
                    days.span().start,
                    format!("waivers.max_days must be a positive number of days, got {v}"),
                ));
            }
            cfg.waiver_max_days = v;
        }
        let age = |key: &str, value: &toml::Spanned<String>| match parse_age(value.get_ref()) {
            Some(_) => Ok(value.get_ref().trim().to_string()),
            None => Err(err(
                value.span().start,
                format!(
                    "{key} must be a duration such as \"90d\", \"3 months\" or \"2 weeks\", \
                     got {:?}",
                    value.get_ref()
                ),
            )),
        };
        for (role_key, value) in raw.review.max_age.unwrap_or_default() {
            let Some(role) = Role::ALL.into_iter().find(|r| r.config_key() == role_key) else {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.config_key()).collect();
                return Err(err(
                    value.span().start,
                    format!(
                        "review.max_age names `{role_key}`, which is not a core document; \
                         known: {}",
                        known.join(", ")
                    ),
                ));
            };
            let text = age(&format!("review.max_age.{role_key}"), &value)?;
            cfg.review_max_age.push((role, text));
        }
        for (name, value) in raw.campaign.criteria.unwrap_or_default() {
            let Some(id) = crate::rules::CriterionId::ALL
                .into_iter()
                .find(|c| c.as_str() == name)
            else {
                let known: Vec<&str> = crate::rules::CriterionId::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect();
                return Err(err(
                    value.span().start,
                    format!(
                        "campaign.criteria: unknown criterion {name:?}; use one of {}",
                        known.join(", ")
                    ),
                ));
            };
            let date = date_at(&format!("campaign.criteria.{name}"), &value)?;
            cfg.criteria_ready_by.push((id, date));
        }
        cfg.criteria_ready_by.sort_by_key(|(id, _)| *id);
        if let Some(value) = raw.campaign.ready_by {
            let date = date_at("campaign.ready_by", &value)?;
            cfg.ready_by = Some(date);
        }
        if let Some(value) = raw.signoff.max_age {
            cfg.signoff_max_age = Some(age("signoff.max_age", &value)?);
        }
        if let Some(anchors) = raw.links.anchors {
            let Some(style) = AnchorStyle::from_key(anchors.get_ref()) else {
                let known: Vec<&str> = AnchorStyle::ALL.iter().map(|s| s.key()).collect();
                return Err(err(
                    anchors.span().start,
                    format!(
                        "links.anchors must be one of {}, got {:?}",
                        known.join(", "),
                        anchors.get_ref()
                    ),
                ));
            };
            cfg.anchors = AnchorRules {
                style,
                source: AnchorSource::Config,
            };
        }
        for paging in raw.oncall.paging {
            let path = paging.calendar.get_ref().trim().replace('\\', "/");
            let escapes = path.split('/').any(|c| c == "..");
            if path.is_empty() || path.starts_with('/') || escapes {
                return Err(err(
                    paging.calendar.span().start,
                    format!(
                        "oncall.paging calendar must be a relative path inside the project, \
                         such as \"ops/pager-primary.ics\", got {:?}",
                        paging.calendar.get_ref()
                    ),
                ));
            }
            let secondary = match paging.role.as_ref().map(|r| r.get_ref().trim()) {
                None | Some("primary") => false,
                Some("secondary") => true,
                Some(other) => {
                    let at = paging.role.as_ref().map_or(0, |r| r.span().start);
                    return Err(err(
                        at,
                        format!(
                            "oncall.paging role must be \"primary\" or \"secondary\", got \
                             {other:?}"
                        ),
                    ));
                }
            };
            cfg.paging
                .push((path.trim_start_matches("./").to_string(), secondary));
        }
        for pattern in raw.oncall.time_off {
            let glob = pattern.get_ref().trim().replace('\\', "/");
            let escapes = glob.split('/').any(|c| c == "..");
            let valid = globset::Glob::new(&glob).is_ok();
            if glob.is_empty() || glob.starts_with('/') || escapes || !valid {
                return Err(err(
                    pattern.span().start,
                    format!(
                        "oncall.time_off must hold glob patterns of files inside the project, \
                         such as \"ops/leave/*.ics\", got {:?}",
                        pattern.get_ref()
                    ),
                ));
            }
            cfg.time_off.push(glob.trim_start_matches("./").to_string());
        }
        if let Some(ratio) = raw.oncall.max_imbalance {
            let v = *ratio.get_ref();
            if !(v.is_finite() && v >= 1.0) {
                return Err(err(
                    ratio.span().start,
                    format!(
                        "oncall.max_imbalance must be a ratio of at least 1.0 (most primary \
                         hours over fewest), such as 1.5, got {v}"
                    ),
                ));
            }
            // At least 1.0 and finite: the rounded hundredths fit a u32 up to 42 million.
            let hundredths = (v * 100.0).round().min(f64::from(u32::MAX));
            cfg.max_imbalance_percent =
                Some(format!("{hundredths:.0}").parse().unwrap_or(u32::MAX));
        }
        if let Some(m) = raw.monitoring {
            let globs = |key: &str, list: Vec<toml::Spanned<String>>| {
                list.into_iter()
                    .map(|g| {
                        let value = g.get_ref().trim().replace('\\', "/");
                        let escapes = value.split('/').any(|c| c == "..");
                        let valid = globset::GlobBuilder::new(&value)
                            .literal_separator(true)
                            .build()
                            .map_err(|e| e.kind().to_string());
                        match valid {
                            _ if value.is_empty() || value.starts_with('/') || escapes => Err(err(
                                g.span().start,
                                format!(
                                    "monitoring.{key} must hold globs relative to the project \
                                     root, inside it, got {:?}",
                                    g.get_ref()
                                ),
                            )),
                            Err(e) => Err(err(
                                g.span().start,
                                format!(
                                    "monitoring.{key}: {:?} is not a valid glob: {e}",
                                    g.get_ref()
                                ),
                            )),
                            Ok(_) => Ok(value.trim_start_matches("./").to_string()),
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
            };
            let rules = globs("rules", m.rules)?;
            let dashboards = globs("dashboards", m.dashboards)?;
            let otel = globs("otel", m.otel)?;
            let evidence_max_age_days = match m.evidence_max_age {
                None => DEFAULT_EVIDENCE_MAX_AGE_DAYS,
                Some(age) => parse_days(age.get_ref()).ok_or_else(|| {
                    err(
                        age.span().start,
                        format!(
                            "monitoring.evidence_max_age must be a number of days such as \
                             \"30d\", got {:?}",
                            age.get_ref()
                        ),
                    )
                })?,
            };
            cfg.monitoring = MonitoringConfig {
                configured: true,
                rules,
                dashboards,
                otel,
                runbook_base_url: m.runbook_base_url.filter(|u| !u.trim().is_empty()),
                prometheus: m.prometheus.filter(|u| !u.trim().is_empty()),
                evidence_max_age_days,
            };
        }
        for (rule, level) in raw.rules {
            if !known_rules.contains(&rule.as_str()) {
                // The value starts on the key's line; the key as written may be escaped.
                return Err(err(
                    level.span().start,
                    format!(
                        "unknown rule `{rule}` in [rules]; known rules: {}",
                        known_rules.join(", ")
                    ),
                ));
            }
            cfg.rules.insert(rule, *level.get_ref());
        }
        Ok(cfg)
    }

    /// How long a core document of `role` may go unreviewed, as written.
    pub fn review_max_age(&self, role: Role) -> Option<&str> {
        self.review_max_age
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, a)| a.as_str())
    }

    /// The configured path of a core document.
    pub fn path(&self, role: Role) -> &str {
        self.paths
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(role.default_path(), |(_, p)| p.as_str())
    }
}

/// A number of days written `30d` or `30`; `None` for anything else.
fn parse_days(text: &str) -> Option<u32> {
    let t = text.trim();
    t.strip_suffix('d').unwrap_or(t).trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["placeholder", "gap-overdue"];

    #[test]
    fn empty_config_gives_defaults() {
        let c = ProjectConfig::parse("", "readyroom.toml", RULES).unwrap();
        assert_eq!(c, ProjectConfig::default());
    }

    #[test]
    fn paging_calendars_are_read_and_checked() {
        let c = ProjectConfig::parse(
            "[[oncall.paging]]\ncalendar = \"./ops/p.ics\"\n\n[[oncall.paging]]\n\
             calendar = \"ops/s.ics\"\nrole = \"secondary\"\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap();
        assert_eq!(
            c.paging,
            vec![
                ("ops/p.ics".to_string(), false),
                ("ops/s.ics".to_string(), true)
            ]
        );
        let e = ProjectConfig::parse(
            "[[oncall.paging]]\ncalendar = \"../p.ics\"\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("inside the project"), "{e}");
        let e = ProjectConfig::parse(
            "[[oncall.paging]]\nrole = \"primary\"\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap_err();
        assert!(e.message.contains("calendar"), "{e}");
        let c = ProjectConfig::parse(
            "[oncall]\ntime_off = [\"./ops/leave/*.ics\", \"hr.ics\"]\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap();
        assert_eq!(c.time_off, vec!["ops/leave/*.ics", "hr.ics"]);
        for bad in ["\"/etc/*.ics\"", "\"../x.ics\"", "\"ops/[.ics\""] {
            let e = ProjectConfig::parse(
                &format!("[oncall]\ntime_off = [{bad}]\n"),
                "readyroom.toml",
                RULES,
            )
            .unwrap_err();
            assert_eq!(e.line, 2, "{bad}");
            assert!(e.message.contains("glob patterns"), "{e}");
        }
    }

    #[test]
    fn paths_and_rules_are_read() {
        let c = ProjectConfig::parse(
            "[paths]\nrtm = \"./req/rtm.md\"\n[rules]\ngap-overdue = \"error\"\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap();
        assert_eq!(c.path(Role::Rtm), "req/rtm.md");
        assert_eq!(c.rules["gap-overdue"], RuleLevel::Error);
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = ProjectConfig::parse("[paths]\nplaybok = \"x.md\"\n", "readyroom.toml", RULES)
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("playbok"), "{}", e.message);
        assert!(e.to_string().starts_with("readyroom.toml:2: "));
    }

    #[test]
    fn unknown_rule_and_bad_level_are_errors() {
        let e = ProjectConfig::parse("\n[rules]\nno-such = \"off\"\n", "readyroom.toml", RULES)
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown rule `no-such`"));
        let e = ProjectConfig::parse("[rules]\nplaceholder = \"loud\"\n", "readyroom.toml", RULES)
            .unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn the_notify_template_keeps_its_lines() {
        let c = ProjectConfig::parse(
            "[notify]\ntemplate = \"\"\"\nStatus: {verdict}\n{criteria}\"\"\"\n",
            "readyroom.toml",
            RULES,
        )
        .unwrap();
        assert_eq!(
            c.notify_template.as_deref(),
            Some("Status: {verdict}\n{criteria}")
        );
        assert_eq!(
            c.notify_template_lines[1],
            (3, "Status: {verdict}".to_string())
        );
        assert_eq!(c.notify_template_lines.len(), 3);
    }

    #[test]
    fn link_anchor_rules_are_read_and_checked() {
        let c = ProjectConfig::parse("[links]\nanchors = \"mkdocs\"\n", "f", RULES).unwrap();
        assert_eq!(c.anchors.style, AnchorStyle::Mkdocs);
        assert_eq!(c.anchors.source, AnchorSource::Config);
        let e = ProjectConfig::parse("\n[links]\nanchors = \"jekyll\"\n", "f", RULES).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(
            e.message,
            "links.anchors must be one of github, gitlab, mkdocs, hugo, got \"jekyll\""
        );
    }

    #[test]
    fn the_monitoring_section_is_read_and_checked() {
        let c = ProjectConfig::parse(
            "[monitoring]\nrules = [\"deploy/**/*.y*ml\"]\ndashboards = [\"./g/*.json\"]\n\
             runbook_base_url = \"https://rb.example.com/\"\nevidence_max_age = \"7d\"\n",
            "f",
            RULES,
        )
        .unwrap();
        assert!(c.monitoring.configured);
        assert_eq!(c.monitoring.rules, ["deploy/**/*.y*ml"]);
        assert_eq!(c.monitoring.dashboards, ["g/*.json"]);
        assert_eq!(c.monitoring.evidence_max_age_days, 7);
        assert_eq!(
            c.monitoring.runbook_base_url.as_deref(),
            Some("https://rb.example.com/")
        );
        assert!(!ProjectConfig::default().monitoring.configured);
        let e = ProjectConfig::parse("[monitoring]\n\nrules = [\"../x/*.yml\"]\n", "f", RULES)
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("inside it"), "{}", e.message);
        let e =
            ProjectConfig::parse("[monitoring]\notel = [\"a/[b.yml\"]\n", "f", RULES).unwrap_err();
        assert!(e.message.contains("not a valid glob"), "{}", e.message);
        let e = ProjectConfig::parse("[monitoring]\nevidence_max_age = \"soon\"\n", "f", RULES)
            .unwrap_err();
        assert!(e.message.contains("number of days"), "{}", e.message);
        let e = ProjectConfig::parse("[monitoring]\nrulez = []\n", "f", RULES).unwrap_err();
        assert!(e.message.contains("rulez"), "{}", e.message);
    }

    #[test]
    fn paths_outside_the_project_are_refused() {
        let e = ProjectConfig::parse("[paths]\nrtm = \"../x.md\"\n", "f", RULES).unwrap_err();
        assert!(e.message.contains("inside the project"));
    }
}
