//! Integrity of the tree and the items: `missing-artefact`, `unreadable-file`,
//! `duplicate-id`, `missing-id`, `signoff-stale`, `signoff-invalid`.

use foldhash::{HashMap, HashMapExt};

use super::RuleId;
use super::{Context, Finding, Severity};
use crate::model::{DiagnosticKind, FieldKey, Role, Workspace, fingerprint};

/// A markdown document that is probably the missing document of `role`: its file name
/// holds one of the role's words (a short word only as a whole word: `RTM.md`, not
/// `AlertmanagerDown.md`), and no role has it already. The shallowest wins.
fn look_alike(ws: &Workspace, role: Role) -> Option<&str> {
    let named = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        let compact: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        role.name_words().iter().any(|w| {
            if w.len() >= 6 {
                compact.contains(w)
            } else {
                name.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t == *w)
            }
        })
    };
    ws.docs
        .iter()
        .filter(|d| d.role.is_none() && named(&d.path))
        .min_by_key(|d| (d.path.matches('/').count(), d.path.len()))
        .map(|d| d.path.as_str())
}

/// The integrity rules.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    for role in Role::ALL {
        let path = ws.role_path(role);
        // Why the file at the role's path was not read, when the loader knows.
        let skipped = ws.diagnostics.iter().find(|d| {
            d.path == path
                && matches!(
                    d.kind,
                    DiagnosticKind::Ignored | DiagnosticKind::OutsideRoot
                )
        });
        if let Some(d) = skipped {
            out.push(Finding::on_file(
                RuleId::MissingArtefact,
                Severity::Error,
                path,
                1,
                format!(
                    "the {} at {path} is not read: {}; or set paths.{} in readyroom.toml",
                    role.title(),
                    d.message,
                    role.config_key()
                ),
            ));
        } else if !ws.has_file(path) {
            let hint = look_alike(ws, role)
                .map(|found| {
                    format!(
                        "; {found} looks like it: set paths.{} = \"{found}\"",
                        role.config_key()
                    )
                })
                .unwrap_or_default();
            out.push(Finding::on_file(
                RuleId::MissingArtefact,
                Severity::Error,
                path,
                1,
                format!(
                    "the {} does not exist at {path}; create it (readyroom init) or set paths.{} in readyroom.toml{hint}",
                    role.title(),
                    role.config_key()
                ),
            ));
        }
    }
    for d in &ws.diagnostics {
        let what = match d.kind {
            DiagnosticKind::Unreadable => "unreadable",
            DiagnosticKind::NotUtf8 => "not UTF-8",
            DiagnosticKind::Binary => "binary",
            DiagnosticKind::TooLarge => "too large",
            DiagnosticKind::ParseFailed => "not parseable",
            DiagnosticKind::OutsideRoot => {
                out.push(Finding::on_file(
                    RuleId::LinkOutsideRoot,
                    Severity::Warning,
                    &d.path,
                    d.line,
                    d.message.clone(),
                ));
                continue;
            }
            // Reported as the missing core document above.
            DiagnosticKind::Ignored => continue,
        };
        out.push(Finding::on_file(
            RuleId::UnreadableFile,
            Severity::Error,
            &d.path,
            d.line,
            format!("{what}: {}", d.message),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (idx, item) in ws.items.iter().enumerate() {
        if item.derived_id {
            continue;
        }
        if let Some(&first) = seen.get(item.id.as_str()) {
            let prev = &ws.items[first];
            let doc = &ws.docs[item.doc];
            let span = item.field(&FieldKey::Id).map_or(item.span, |f| f.span);
            out.push(Finding::at(
                RuleId::DuplicateId,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!(
                    "ID {} is also used at {}:{}; give each item its own ID",
                    item.id, ws.docs[prev.doc].path, prev.line
                ),
            ));
        } else {
            seen.insert(&item.id, idx);
        }
    }
    for (idx, note) in &ws.notes {
        let item = &ws.items[*idx];
        let doc = &ws.docs[item.doc];
        let span = item.field(&FieldKey::Id).map_or(item.span, |f| f.span);
        out.push(Finding::at(
            RuleId::MissingId,
            Severity::Warning,
            doc,
            span,
            Some(&item.id),
            format!("{note}; fill the ID column"),
        ));
    }
    for item in &ws.items {
        let Some(field) = item.field(&FieldKey::SignOff) else {
            continue;
        };
        if field.text.trim().is_empty() {
            continue;
        }
        let doc = &ws.docs[item.doc];
        match item.signoff() {
            None => out.push(Finding::at(
                RuleId::SignoffInvalid,
                Severity::Error,
                doc,
                field.span,
                Some(&item.id),
                format!("sign-off `{}` is not `NAME YYYY-MM-DD fp:HEX`; sign off again with readyroom or empty the cell", field.text),
            )),
            Some(s) => {
                let now = fingerprint(item, &doc.source);
                if !s.fingerprint.starts_with(&now) {
                    out.push(Finding::at(
                        RuleId::SignoffStale,
                        Severity::Error,
                        doc,
                        field.span,
                        Some(&item.id),
                        format!(
                            "{} changed after {} signed it off on {} (fingerprint {} now {now}); review it and sign off again",
                            item.id, s.signer, s.date, s.fingerprint
                        ),
                    ));
                }
            }
        }
    }
    out
}
