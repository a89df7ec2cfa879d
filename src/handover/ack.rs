//! Handover acknowledgements: the change-log audit line the incoming engineer's `--ack`
//! writes (`- 2026-12-01 — Handover acknowledged by Jonas Weber from Aisha Bello`),
//! reading those lines back, and who hands over when nobody says.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::model::{FieldKey, ItemKind, Role, Workspace};
use crate::rotation::{Rotation, on_call_at};
use crate::rules::text::parse_date;

/// The words that start an acknowledgement entry, after its date.
pub const ACK_PHRASE: &str = "Handover acknowledged by";

/// One recorded handover: an acknowledgement line of the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// The date the handover was acknowledged.
    #[serde(serialize_with = "super::as_string")]
    pub date: Date,
    /// The engineer who took over (and acknowledged).
    pub incoming: String,
    /// The engineer who handed over.
    pub outgoing: String,
    /// The change log, project-relative.
    pub file: String,
    /// 1-based line of the entry.
    pub line: usize,
}

/// The audit-trail text of an acknowledgement, without the list marker:
/// `2026-12-01 — Handover acknowledged by INCOMING from OUTGOING`.
pub fn acknowledgement_text(date: Date, incoming: &str, outgoing: &str) -> String {
    format!("{date} — {ACK_PHRASE} {incoming} from {outgoing}")
}

/// Read `Handover acknowledged by INCOMING from OUTGOING` (the entry text after the
/// date) into the two names; `None` for any other entry.
pub fn parse_acknowledgement(entry: &str) -> Option<(String, String)> {
    let entry = entry.trim();
    let head = entry.get(..ACK_PHRASE.len())?;
    if !head.eq_ignore_ascii_case(ACK_PHRASE) {
        return None;
    }
    let rest = entry[ACK_PHRASE.len()..].trim_start();
    let (incoming, outgoing) = rest.split_once(" from ")?;
    let (incoming, outgoing) = (incoming.trim(), outgoing.trim());
    (!incoming.is_empty() && !outgoing.is_empty())
        .then(|| (incoming.to_string(), outgoing.to_string()))
}

/// Every acknowledgement line in the change log, in document order.
pub fn acknowledgements(ws: &Workspace) -> Vec<Acknowledgement> {
    ws.items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::AuditEntry | ItemKind::ChangeEntry))
        .filter(|i| i.table.is_none() && ws.docs[i.doc].role == Some(Role::ChangeLog))
        .filter_map(|i| {
            let date = parse_date(i.text(&FieldKey::Date))?;
            let (incoming, outgoing) = parse_acknowledgement(i.text(&FieldKey::Entry))?;
            Some(Acknowledgement {
                date,
                incoming,
                outgoing,
                file: ws.docs[i.doc].path.clone(),
                line: i.line,
            })
        })
        .collect()
}

/// The last handover: the acknowledgement with the latest date (the lowest in the
/// change log among those of that date).
pub fn last_acknowledgement(ws: &Workspace) -> Option<Acknowledgement> {
    acknowledgements(ws)
        .into_iter()
        .enumerate()
        .max_by_key(|(n, a)| (a.date, *n))
        .map(|(_, a)| a)
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Who hands over to `incoming` at `now`: the primary on call now, or, when `incoming`
/// already is the primary (the hand-off time has passed), the primary before them.
/// `None` when the rotation names nobody.
pub fn outgoing(rot: &Rotation, now: Timestamp, incoming: &str) -> Option<String> {
    let current = on_call_at(rot, now).primary;
    if let Some(p) = &current
        && !same_person(p, incoming)
    {
        return current;
    }
    let mut cuts = crate::rotation::boundaries(rot);
    cuts.retain(|&c| c <= now);
    cuts.into_iter().rev().find_map(|c| {
        let before = c.checked_sub(1.second()).ok()?;
        on_call_at(rot, before)
            .primary
            .filter(|p| current.as_ref().is_none_or(|cur| !same_person(p, cur)))
    })
}

/// Why the two engineers of a handover cannot be told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartiesError {
    /// Nobody says who takes over.
    #[error("cannot tell who takes over: pass --as NAME (or set git's user.name)")]
    NoIncoming,
    /// Nobody says who hands over, and the rotation names nobody.
    #[error("cannot tell who hands over: pass --from NAME (the rotation names nobody)")]
    NoOutgoing,
    /// Both are the same person.
    #[error("{0} would hand over to themselves; pass the other engineer with --as or --from")]
    SamePerson(String),
}

/// Who takes over and who hands over, as `(incoming, outgoing)`: `incoming` as given
/// (`--as`, config or git), `outgoing` as given (`--from`) or else [`outgoing`] from the
/// rotation at `now`. Refused when either is unknown or both are the same person.
pub fn parties(
    incoming: Option<String>,
    from: Option<String>,
    rotation: Option<&Rotation>,
    now: Timestamp,
) -> Result<(String, String), PartiesError> {
    let incoming = incoming.ok_or(PartiesError::NoIncoming)?;
    let outgoing = from
        .or_else(|| rotation.and_then(|r| outgoing(r, now, &incoming)))
        .ok_or(PartiesError::NoOutgoing)?;
    if same_person(&incoming, &outgoing) {
        return Err(PartiesError::SamePerson(incoming));
    }
    Ok((incoming, outgoing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reads_back() {
        let text = acknowledgement_text(jiff::civil::date(2026, 12, 1), "Jonas Weber", "Aisha");
        assert_eq!(
            text,
            "2026-12-01 — Handover acknowledged by Jonas Weber from Aisha"
        );
        let entry = text.split_once(" — ").unwrap().1;
        assert_eq!(
            parse_acknowledgement(entry),
            Some(("Jonas Weber".to_string(), "Aisha".to_string()))
        );
        assert_eq!(parse_acknowledgement("Signed off TEL-001 — Dana Kim"), None);
        assert_eq!(
            parse_acknowledgement("Handover acknowledged by Jonas"),
            None
        );
    }

    #[test]
    fn the_outgoing_engineer_is_the_primary_now_or_the_one_before() {
        let rot = crate::rotation::from_markdown(
            "## On-call\n\nTime zone: UTC\n\n| Start | End | Primary | Secondary |\n\
             |---|---|---|---|\n\
             | 2026-11-23 09:00 | 2026-11-30 09:00 | Mei | Aisha |\n\
             | 2026-11-30 09:00 | 2026-12-07 09:00 | Aisha | Jonas |\n",
        )
        .unwrap();
        let before: Timestamp = "2026-11-30T08:45:00Z".parse().unwrap();
        assert_eq!(outgoing(&rot, before, "Aisha").as_deref(), Some("Mei"));
        assert_eq!(outgoing(&rot, before, "Jonas").as_deref(), Some("Mei"));
        let after: Timestamp = "2026-11-30T10:00:00Z".parse().unwrap();
        assert_eq!(outgoing(&rot, after, "aisha").as_deref(), Some("Mei"));
        assert_eq!(outgoing(&rot, after, "Jonas").as_deref(), Some("Aisha"));
        let first: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        assert_eq!(outgoing(&rot, first, "Mei"), None);
    }
}

#[cfg(test)]
mod parties_tests {
    use super::*;

    #[test]
    fn parties_come_from_the_arguments_or_the_rotation() {
        let rot = crate::rotation::from_markdown(
            "## On-call\n\nTime zone: UTC\n\n| Start | End | Primary | Secondary |\n\
             |---|---|---|---|\n\
             | 2026-11-30 09:00 | 2026-12-07 09:00 | Aisha | Jonas |\n",
        )
        .unwrap();
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let name = |s: &str| Some(s.to_string());
        assert_eq!(
            parties(name("Jonas"), None, Some(&rot), now),
            Ok(("Jonas".into(), "Aisha".into()))
        );
        assert_eq!(
            parties(name("Jonas"), name("Mei"), None, now),
            Ok(("Jonas".into(), "Mei".into()))
        );
        assert_eq!(
            parties(None, name("Mei"), None, now),
            Err(PartiesError::NoIncoming)
        );
        assert_eq!(
            parties(name("Jonas"), None, None, now),
            Err(PartiesError::NoOutgoing)
        );
        assert_eq!(
            parties(name("aisha "), name("Aisha"), None, now),
            Err(PartiesError::SamePerson("aisha ".into()))
        );
    }
}
