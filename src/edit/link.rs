//! Linking evidence: the anchors a requirement can point at, and the relative markdown
//! link to one of them, written so that it resolves by construction (the same path and
//! anchor rules the link checker uses).

use crate::model::{FieldKey, Role, Workspace};
use crate::rules::links::{LinkStatus, resolve};

use super::{Edit, EditError};

/// A place a link can point at: a document, or one of its headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Project-relative path of the document.
    pub path: String,
    /// The heading's anchor, or `None` for the document itself.
    pub anchor: Option<String>,
    /// The heading text (or the document's first heading / file name).
    pub label: String,
    /// Heading level (0 for the document itself).
    pub level: u8,
}

/// Every heading of every document, the incident-response playbook and the
/// observability report first (the usual operational evidence), then the others by path.
pub fn targets(ws: &Workspace) -> Vec<Target> {
    let first = [
        ws.role_path(Role::Playbook),
        ws.role_path(Role::Observability),
    ];
    let mut docs: Vec<&crate::model::Document> = ws.docs.iter().collect();
    docs.sort_by_key(|d| {
        (
            first
                .iter()
                .position(|p| *p == d.path)
                .unwrap_or(first.len()),
            d.path.clone(),
        )
    });
    let mut out = Vec::new();
    for d in docs {
        for h in &d.headings {
            out.push(Target {
                path: d.path.clone(),
                anchor: Some(h.anchor.clone()),
                label: h.text.trim().to_string(),
                level: h.level,
            });
        }
    }
    out
}

/// The target `to` names (`FILE#ANCHOR`, or `FILE` for the document itself, a leading
/// `./` ignored): one of [`targets`], or a document of the workspace. `None` when the
/// project has no such document or heading.
pub fn find_target(ws: &Workspace, to: &str) -> Option<Target> {
    let (file, anchor) = match to.split_once('#') {
        Some((f, a)) => (f.trim_start_matches("./"), Some(a)),
        None => (to.trim_start_matches("./"), None),
    };
    targets(ws)
        .into_iter()
        .find(|t| t.path == file && t.anchor.as_deref() == anchor)
        .or_else(|| {
            let doc = ws.doc(file).filter(|_| anchor.is_none())?;
            Some(Target {
                path: file.to_string(),
                anchor: None,
                label: doc
                    .headings
                    .first()
                    .map_or_else(|| file.to_string(), |h| h.text.clone()),
                level: 0,
            })
        })
}

/// The path from the directory of `from` to `to`, both project-relative.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

fn escape_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if matches!(c, '[' | ']' | '\\' | '`' | '*' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A markdown link from document `from` to `target`, e.g.
/// `[Alert thresholds](../operations/incident-response.md#alert-thresholds)`.
/// Spaces in the path are written as `%20`.
pub fn link_to(from: &str, target: &Target) -> String {
    let path = relative_path(from, &target.path).replace(' ', "%20");
    let dest = match &target.anchor {
        Some(a) if target.path == from => format!("#{a}"),
        Some(a) => format!("{path}#{a}"),
        None => path,
    };
    format!("[{}]({dest})", escape_label(&target.label))
}

/// The edit that appends a link to `target` to requirement `item`'s Ops evidence cell,
/// after any links already there. Refused when the target does not resolve, when the
/// cell already links to it (by any path that resolves to the same place), or when the
/// requirement's table has no Ops evidence column.
pub fn link_evidence(ws: &Workspace, item: &str, target: &Target) -> Result<Edit, EditError> {
    let it = ws.item(item).ok_or_else(|| EditError::UnknownItem {
        id: item.to_string(),
        similar: Vec::new(),
    })?;
    let doc = &ws.docs[it.doc];
    let Some(field) = it.field(&FieldKey::OpsEvidence) else {
        return Err(EditError::UnknownField {
            item: item.to_string(),
            field: "Ops evidence".to_string(),
            known: it.headers(),
            addable: Vec::new(),
        });
    };
    let link = link_to(&doc.path, target);
    let check = crate::parse::classify(
        link.rsplit_once("](")
            .map_or("", |(_, d)| d.trim_end_matches(')')),
    );
    let wanted = resolve(ws, &doc.path, &check);
    if !matches!(wanted, LinkStatus::Ok { .. }) {
        return Err(EditError::BadValue {
            field: "Ops evidence".to_string(),
            reason: format!(
                "would link to {}{}, which does not resolve; pick a heading that exists",
                target.path,
                target
                    .anchor
                    .as_ref()
                    .map(|a| format!("#{a}"))
                    .unwrap_or_default()
            ),
        });
    }
    let present = doc
        .links
        .iter()
        .filter(|l| !l.image && field.span.contains(l.span))
        .any(|l| resolve(ws, &doc.path, &l.target) == wanted);
    if present {
        return Err(EditError::AlreadyLinked {
            item: item.to_string(),
            target: format!(
                "{}{}",
                target.path,
                target
                    .anchor
                    .as_ref()
                    .map(|a| format!("#{a}"))
                    .unwrap_or_default()
            ),
        });
    }
    let current = super::unescape_pipes(field.span.slice(&doc.source));
    let value = if current.trim().is_empty() {
        link
    } else {
        format!("{} {link}", current.trim())
    };
    Ok(Edit::Set {
        item: item.to_string(),
        field: field.header.to_string(),
        value,
        expect: Some(current),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(
                "docs/requirements/RTM.md",
                "docs/operations/incident-response.md"
            ),
            "../operations/incident-response.md"
        );
        assert_eq!(relative_path("docs/a.md", "docs/b.md"), "b.md");
        assert_eq!(relative_path("RTM.md", "docs/x/y.md"), "docs/x/y.md");
        assert_eq!(relative_path("a/b/c.md", "d.md"), "../../d.md");
    }

    #[test]
    fn labels_are_escaped() {
        let t = Target {
            path: "docs/x.md".into(),
            anchor: Some("a-b".into()),
            label: "[draft] *x*".into(),
            level: 2,
        };
        assert_eq!(
            link_to("docs/RTM.md", &t),
            "[\\[draft\\] \\*x\\*](x.md#a-b)"
        );
    }
}
