//! Who an escalation contact names: the one resolution the rules, the TUI and the
//! reports share.
//!
//! A contact (one name of an escalation step's Contact cell) is, in this order:
//!
//! 1. an on-call role (`Primary on-call`, `Secondary on-call`…), filled by the rotation;
//! 2. a person of the contacts table, by name or handle;
//! 3. a role in the contacts table's Role column (`Engineering Manager`): everyone who
//!    holds it;
//! 4. a role named by a `ROLE: WHO` line of the document holding the contacts or the
//!    escalation paths (`Incident commander: Engineering Manager`), where WHO is a name,
//!    a handle or a role of the contacts table;
//! 5. one of the incident roles every team has (`Incident commander`, `Communications
//!    lead`, `Scribe`) that neither of the above fills: a role held by nobody.
//!
//! Anything else is unknown. Names compare ignoring case, surrounding `*`, `_` and `@`,
//! runs of white space and the spelling of "on-call".

use crate::model::{FieldKey, Item, ItemKind, Workspace, is_blank};
use crate::rotation::{OnCall, OnCallRole, role_of};

use super::text::split_names;

/// Incident roles filled per incident rather than by the rotation: a step may name one,
/// and it resolves through the contacts table or a `ROLE: WHO` line.
pub const INCIDENT_ROLES: &[&str] = &[
    "incident commander",
    "communications lead",
    "comms lead",
    "scribe",
];

/// What one contact name reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach<'w> {
    /// An on-call role: who holds it at the instant asked (`None`: nobody does, or no
    /// instant or rotation was given).
    OnCall {
        /// The role.
        role: OnCallRole,
        /// The person on call, when one is.
        person: Option<String>,
    },
    /// A person of the contacts table.
    Person(&'w Item),
    /// A role: the contacts holding it, in table order; empty when nobody does.
    Role {
        /// Where the role was found: `None` in the Role column itself, or the `ROLE: WHO`
        /// line's WHO.
        via: Option<String>,
        /// Everyone holding the role.
        people: Vec<&'w Item>,
    },
    /// A name the docs do not know.
    Unknown,
}

impl Reach<'_> {
    /// True when the contact pages at least one person (an on-call role counts when
    /// someone holds it at the instant asked).
    pub fn reaches_someone(&self) -> bool {
        match self {
            Reach::OnCall { person, .. } => person.is_some(),
            Reach::Person(_) => true,
            Reach::Role { people, .. } => !people.is_empty(),
            Reach::Unknown => false,
        }
    }
}

/// A name in its comparable form.
pub fn norm(name: &str) -> String {
    name.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '@')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace("on call", "on-call")
        .replace("oncall", "on-call")
}

/// The people of the contacts tables, in document order.
pub fn contacts(ws: &Workspace) -> impl Iterator<Item = &Item> {
    ws.items_of(ItemKind::Contact)
}

/// True when a contact's `key` cell names `wanted` (compared by [`norm`]), as a whole or
/// as one of several names (`SRE engineer / Scribe`).
fn names(contact: &Item, key: &FieldKey, wanted: &str) -> bool {
    let text = contact.text(key);
    !is_blank(text) && (norm(text) == wanted || split_names(text).iter().any(|p| norm(p) == wanted))
}

/// The contact whose name or handle is `name`.
pub fn person<'w>(ws: &'w Workspace, name: &str) -> Option<&'w Item> {
    let wanted = norm(name);
    contacts(ws)
        .find(|c| names(c, &FieldKey::Name, &wanted) || names(c, &FieldKey::Handle, &wanted))
}

/// Everyone whose Role cell names `role`.
pub fn holders<'w>(ws: &'w Workspace, role: &str) -> Vec<&'w Item> {
    let wanted = norm(role);
    contacts(ws)
        .filter(|c| names(c, &FieldKey::Role, &wanted))
        .collect()
}

/// The value of a `ROLE: WHO` line for `role`, from the documents that hold the contacts
/// or the escalation paths.
pub fn role_line<'w>(ws: &'w Workspace, role: &str) -> Option<&'w str> {
    let mut docs: Vec<usize> = ws
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Contact | ItemKind::EscalationStep))
        .map(|i| i.doc)
        .collect();
    docs.sort_unstable();
    docs.dedup();
    docs.into_iter().find_map(|d| {
        crate::parse::settings::find(&ws.docs[d], &[role], |_| true)
            .map(|s| s.value.as_str())
            .filter(|v| !is_blank(v))
    })
}

/// Who `name` reaches, with on-call roles resolved by `now` (who is on call at the
/// instant of interest; `None` leaves them unfilled).
pub fn resolve<'w>(ws: &'w Workspace, name: &str, now: Option<&OnCall>) -> Reach<'w> {
    if let Some(role) = role_of(name) {
        return Reach::OnCall {
            role,
            person: now.and_then(|n| n.person(role).cloned()),
        };
    }
    if let Some(p) = person(ws, name) {
        return Reach::Person(p);
    }
    let people = holders(ws, name);
    if !people.is_empty() {
        return Reach::Role { via: None, people };
    }
    if let Some(who) = role_line(ws, name) {
        let people = match person(ws, who) {
            Some(p) => vec![p],
            None => holders(ws, who),
        };
        return Reach::Role {
            via: Some(who.to_string()),
            people,
        };
    }
    if INCIDENT_ROLES.contains(&norm(name).as_str()) {
        return Reach::Role {
            via: None,
            people: Vec::new(),
        };
    }
    Reach::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;

    fn ws(playbook: &str) -> Workspace {
        let config = ProjectConfig::default();
        let path = config.path(crate::model::Role::Playbook).to_string();
        crate::parse::workspace_from_sources(
            vec![(path, playbook.to_string())],
            Vec::new(),
            Vec::new(),
            &config,
        )
    }

    const CONTACTS: &str = "# Playbook\n\n## Contacts\n\n\
        | Name | Role | Handle | Phone | Time zone |\n|---|---|---|---|---|\n\
        | Dana Kim | Service Owner | @dana.kim | +49 30 5550 1842 | Europe/Berlin |\n\
        | Luis Ortega | Engineering Manager | @luis.ortega | +34 91 555 0137 | Europe/Madrid |\n\
        | Mei Tanaka | SRE engineer | @mei.tanaka | +49 30 5550 2291 | Europe/Berlin |\n\
        | Tom Becker | SRE engineer | @tom.becker | +49 40 5550 7764 | Europe/Berlin |\n";

    fn named(reach: &Reach<'_>) -> Vec<String> {
        match reach {
            Reach::Person(p) => vec![p.text(&FieldKey::Name).to_string()],
            Reach::Role { people, .. } => people
                .iter()
                .map(|p| p.text(&FieldKey::Name).to_string())
                .collect(),
            Reach::OnCall { person, .. } => person.iter().cloned().collect(),
            Reach::Unknown => Vec::new(),
        }
    }

    #[test]
    fn a_role_held_by_one_contact_resolves_to_them() {
        let ws = ws(CONTACTS);
        let reach = resolve(&ws, "engineering manager", None);
        assert!(matches!(reach, Reach::Role { via: None, .. }));
        assert_eq!(named(&reach), ["Luis Ortega"]);
        assert!(reach.reaches_someone());
    }

    #[test]
    fn a_role_line_resolves_through_the_role_column() {
        let text = format!("{CONTACTS}\nIncident commander: Engineering Manager\n");
        let ws = ws(&text);
        let reach = resolve(&ws, "Incident commander", None);
        assert_eq!(
            reach,
            Reach::Role {
                via: Some("Engineering Manager".into()),
                people: holders(&ws, "Engineering Manager"),
            }
        );
        assert_eq!(named(&reach), ["Luis Ortega"]);
        let by_name = format!("{CONTACTS}\nIncident commander: @dana.kim\n");
        assert_eq!(
            named(&resolve(
                &super::tests::ws(&by_name),
                "Incident commander",
                None
            )),
            ["Dana Kim"]
        );
    }

    #[test]
    fn a_role_nobody_holds_resolves_to_nobody() {
        let ws = ws(CONTACTS);
        let reach = resolve(&ws, "Incident commander", None);
        assert_eq!(
            reach,
            Reach::Role {
                via: None,
                people: Vec::new()
            }
        );
        assert!(!reach.reaches_someone());
        let pointed = super::tests::ws(&format!("{CONTACTS}\nScribe: Release Manager\n"));
        let reach = resolve(&pointed, "Scribe", None);
        assert_eq!(named(&reach), Vec::<String>::new());
        assert!(matches!(reach, Reach::Role { via: Some(_), .. }));
        assert_eq!(resolve(&ws, "Priya Raman", None), Reach::Unknown);
    }

    #[test]
    fn a_role_two_people_hold_resolves_to_both() {
        let ws = ws(CONTACTS);
        let reach = resolve(&ws, "SRE Engineer", None);
        assert_eq!(named(&reach), ["Mei Tanaka", "Tom Becker"]);
    }

    #[test]
    fn names_handles_and_on_call_roles() {
        let ws = ws(CONTACTS);
        assert_eq!(named(&resolve(&ws, "@mei.tanaka", None)), ["Mei Tanaka"]);
        assert_eq!(named(&resolve(&ws, "**Dana  Kim**", None)), ["Dana Kim"]);
        let now = OnCall {
            primary: Some("Tom Becker".into()),
            secondary: None,
            override_reason: None,
            override_item: None,
            shift: None,
        };
        assert_eq!(
            resolve(&ws, "Primary on call", Some(&now)),
            Reach::OnCall {
                role: OnCallRole::Primary,
                person: Some("Tom Becker".into())
            }
        );
        assert!(!resolve(&ws, "Secondary on-call", Some(&now)).reaches_someone());
    }
}
