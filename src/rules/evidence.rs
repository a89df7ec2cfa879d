//! Suspect evidence: a sign-off also fixes the content of what the item links to — each
//! target section (from its heading to the next heading of the same or a higher level,
//! or the whole file when the link has no anchor) — as the `ev:` fingerprint. When a
//! linked section changes after signing, the sign-off is suspect: `evidence-changed`.
//! Sign-offs written without `ev:` are not checked. Pure: no IO.

use super::finding::Finding;
use super::links::{LinkStatus, resolve_link};
use super::{Context, RuleId};
use crate::model::{Document, FieldKey, Item, Span, Workspace, evidence_fingerprint};

/// One section an item links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The target as `path` or `path#anchor`.
    pub target: String,
    /// The project-relative path of the target document.
    pub path: String,
    /// The section's bytes in that document.
    pub span: Span,
}

/// The section of `doc` the anchor names: its heading up to the next heading of the
/// same or a higher level; the whole document without an anchor or a matching heading.
pub fn section(doc: &Document, anchor: Option<&str>) -> Span {
    let whole = Span::new(0, doc.source.len());
    let Some(anchor) = anchor else {
        return whole;
    };
    let Some(h) = doc.headings.iter().position(|h| h.anchor == anchor) else {
        return whole;
    };
    let level = doc.headings[h].level;
    let end = doc.headings[h + 1..]
        .iter()
        .find(|n| n.level <= level)
        .map_or(doc.source.len(), |n| n.span.start);
    Span::new(doc.headings[h].span.start, end)
}

/// The sections `item` links to (every field but its sign-off), each once, in order.
pub fn linked_sections(ws: &Workspace, item: &Item) -> Vec<Linked> {
    let doc = &ws.docs[item.doc];
    let mut out: Vec<Linked> = Vec::new();
    for field in item.fields.iter().filter(|f| f.key != FieldKey::SignOff) {
        for link in doc.links_at(field.links) {
            let LinkStatus::Ok { path, anchor } = &resolve_link(ws, doc, link) else {
                continue;
            };
            let Some(target_doc) = ws.doc(path) else {
                continue;
            };
            let target = match anchor {
                Some(a) => format!("{path}#{a}"),
                None => path.clone(),
            };
            if out.iter().any(|l| l.target == target) {
                continue;
            }
            out.push(Linked {
                target,
                path: path.clone(),
                span: section(target_doc, anchor.as_deref()),
            });
        }
    }
    out
}

/// The `ev:` fingerprint of what `item` links to now; `None` when it links to no
/// section of the project.
pub fn evidence_of(ws: &Workspace, item: &Item) -> Option<String> {
    let linked = linked_sections(ws, item);
    if linked.is_empty() {
        return None;
    }
    let parts: Vec<(String, &str)> = linked
        .iter()
        .filter_map(|l| {
            let doc = ws.doc(&l.path)?;
            Some((l.target.clone(), l.span.slice(&doc.source)))
        })
        .collect();
    Some(evidence_fingerprint(&parts))
}

/// What can be shown of how an item's evidence changed since it was signed off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceSince {
    /// The diffs from the docs at `commit` (the commit that added the sign-off, or
    /// when git cannot tell, the newest commit on or before the sign-off's date) to now, per linked target, as [`evidence_diff`] gives them.
    Diff {
        /// The first 12 hex digits of the commit compared with.
        commit: String,
        /// Per target (`path#anchor`), the unified diff of its section.
        diffs: Vec<(String, String)>,
    },
    /// Why no diff can be shown (not in git, no commit by the sign-off's date, a commit
    /// that cannot be read).
    Unknown(String),
}

/// The key an item's diff since signing is kept under: its ID and the fingerprint of
/// what it links to now, so a further change asks for the diff again.
pub fn evidence_key(ws: &Workspace, item: &Item) -> String {
    format!("{} {}", item.id, evidence_of(ws, item).unwrap_or_default())
}

/// How each section `item` links to changed since `old` (the docs when it was signed):
/// per target (`path#anchor`), a unified diff of the section then and now; a section
/// that did not exist then is diffed against nothing, an unchanged one is left out.
pub fn evidence_diff(old: &Workspace, now: &Workspace, item: &Item) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for linked in linked_sections(now, item) {
        let Some(doc) = now.doc(&linked.path) else {
            continue;
        };
        let after = linked.span.slice(&doc.source);
        let anchor = linked.target.split_once('#').map(|(_, a)| a);
        let before = old
            .doc(&linked.path)
            .map_or("", |d| section(d, anchor).slice(&d.source));
        if before == after {
            continue;
        }
        let diff = similar::TextDiff::from_lines(before, after)
            .unified_diff()
            .context_radius(2)
            .header("signed", "now")
            .to_string();
        out.push((linked.target, diff));
    }
    out
}

/// `evidence-changed` for every sign-off whose `ev:` no longer matches.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    for item in &ws.items {
        let Some(signoff) = item.signoff() else {
            continue;
        };
        let Some(recorded) = &signoff.evidence else {
            continue;
        };
        if evidence_of(ws, item).as_deref() == Some(recorded.as_str()) {
            continue;
        }
        let targets: Vec<String> = linked_sections(ws, item)
            .into_iter()
            .map(|l| l.target)
            .collect();
        let doc = &ws.docs[item.doc];
        let span = item.field(&FieldKey::SignOff).map_or(item.span, |f| f.span);
        out.push(Finding::at(
            RuleId::EvidenceChanged,
            RuleId::EvidenceChanged.info().severity,
            doc,
            span,
            Some(&item.id),
            format!(
                "what {} links to changed after {} signed it off on {}: {}; review the \
                 change and sign off again",
                item.id,
                signoff.signer,
                signoff.date,
                if targets.is_empty() {
                    "its links no longer resolve".to_string()
                } else {
                    format!("a section of {} differs", targets.join(", "))
                }
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    #[test]
    fn the_evidence_diff_shows_only_the_linked_section_that_changed() {
        let rtm = "# RTM\n\n## Matrix\n\n| ID | Requirement | Type | Ops evidence | Status | Sign-off |\n|---|---|---|---|---|---|\n| REQ-1 | x | NFR | [r](../runbook.md#restart) | Implemented | |\n";
        let load = |runbook: &str| {
            let sources = vec![
                ("docs/requirements/RTM.md".to_string(), rtm.to_string()),
                ("docs/runbook.md".to_string(), runbook.to_string()),
            ];
            workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default())
        };
        let old = load("# Runbook\n\n## Restart\n\nrun restart.sh\n\n## Other\n\no\n");
        let now =
            load("# Runbook\n\n## Restart\n\nrun restart.sh --force\n\n## Other\n\nchanged\n");
        let item = now.item("REQ-1").expect("the RTM row is an item");
        let diff = evidence_diff(&old, &now, item);
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert_eq!(diff[0].0, "docs/runbook.md#restart");
        assert!(
            diff[0]
                .1
                .contains("-run restart.sh\n+run restart.sh --force\n"),
            "{}",
            diff[0].1
        );
        assert!(!diff[0].1.contains("changed"), "{}", diff[0].1);
        assert!(evidence_diff(&now, &now, item).is_empty());
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_the_same_or_a_higher_level() {
        let text = "# T\n\nintro\n\n## A\n\na\n\n### A.1\n\ndeep\n\n## B\n\nb\n";
        let sources = vec![("docs/x.md".to_string(), text.to_string())];
        let ws = workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default());
        let doc = &ws.docs[0];
        let slice = |a: Option<&str>| section(doc, a).slice(&doc.source).to_string();
        assert_eq!(slice(Some("a")), "## A\n\na\n\n### A.1\n\ndeep\n\n");
        assert_eq!(slice(Some("a1")), "### A.1\n\ndeep\n\n");
        assert_eq!(slice(Some("b")), "## B\n\nb\n");
        assert_eq!(slice(None), text);
        assert_eq!(slice(Some("nowhere")), text);
    }
}
