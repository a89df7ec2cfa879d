//! Finding and reading the monitoring code: the `[monitoring]` globs matched against
//! the scanned tree (so `.gitignore` holds and nothing outside the root is reached), or,
//! without that section, YAML and JSON files recognised by their content.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::config::ProjectConfig;
use crate::monitoring::{FileKind, Monitoring, Pos, Problem, classify, may_be_monitoring};

use super::read::ReadOutcome;

/// The monitoring files among `files` (the scanned tree, project-relative), each read
/// by `read` and parsed: from the disk through [`super::read_text`], so only regular
/// files inside the root are read, or from a git revision.
pub fn monitoring_from(
    config: &ProjectConfig,
    files: &[String],
    read: &(dyn Fn(&str) -> ReadOutcome + Sync),
) -> Monitoring {
    let m = &config.monitoring;
    let candidates: Vec<(&String, Option<FileKind>)> = if m.configured {
        let sets = [
            (FileKind::Rules, glob_set(&m.rules)),
            (FileKind::Dashboard, glob_set(&m.dashboards)),
            (FileKind::Otel, glob_set(&m.otel)),
        ];
        files
            .iter()
            .filter_map(|f| {
                sets.iter()
                    .find(|(_, set)| set.is_match(f))
                    .map(|(kind, _)| (f, Some(*kind)))
            })
            .collect()
    } else {
        files
            .iter()
            .filter(|f| may_be_monitoring(f))
            .map(|f| (f, None))
            .collect()
    };
    let read: Vec<Result<(&String, FileKind, String), Problem>> = candidates
        .into_par_iter()
        .filter_map(|(path, kind)| match read(path) {
            ReadOutcome::Text(text) => {
                let kind = kind.or_else(|| classify(path, &text))?;
                Some(Ok((path, kind, text)))
            }
            // A file found by content that cannot be read is not monitoring code;
            // one the config names is a problem to fix.
            ReadOutcome::Problem(_) if kind.is_none() => None,
            ReadOutcome::Problem(d) => Some(Err(Problem {
                file: path.clone(),
                pos: Pos {
                    line: d.line,
                    column: 1,
                },
                message: d.message,
            })),
        })
        .collect();
    let mut monitoring = Monitoring {
        runbook_base_url: m.runbook_base_url.clone(),
        evidence_max_age_days: m.evidence_max_age_days,
        ..Monitoring::default()
    };
    for outcome in read {
        match outcome {
            Ok((path, kind, text)) => monitoring.add(path, kind, &text),
            Err(p) => monitoring.problems.push(p),
        }
    }
    monitoring
}

/// The globs as one set; they were validated when the config was read.
fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = GlobBuilder::new(g).literal_separator(true).build() {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}
