//! The loaded docs project: every document, the items extracted from them and the
//! diagnostics of files that could not be read.

use foldhash::{HashMap, HashMapExt};

use super::anchors::AnchorRules;
use super::diagnostic::FileDiagnostic;
use super::document::{Document, Role};
use super::item::{Item, ItemKind};

/// A paging tool's schedule export (iCalendar) named in `[[oncall.paging]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingExport {
    /// Its path relative to the project root, as configured.
    pub path: String,
    /// True when it holds the rotation's secondary role, else the primary.
    pub secondary: bool,
    /// Its text, or why it could not be read (with what to do).
    pub text: Result<String, String>,
}

/// Everything readyroom knows about a docs project at one moment.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Parsed markdown documents, sorted by path.
    pub docs: Vec<Document>,
    /// Structured items from the core documents, in document order.
    pub items: Vec<Item>,
    /// Files that could not be used, with the reason.
    pub diagnostics: Vec<FileDiagnostic>,
    /// Paths of every file in the tree (markdown or not), for link checking.
    pub files: Vec<String>,
    /// The configured path of each core document, relative to the root.
    pub role_paths: Vec<(Role, String)>,
    /// Notes about items, such as derived IDs (item index, message).
    pub notes: Vec<(usize, String)>,
    /// How the project's site anchors headings; broken-link findings name it.
    pub anchors: AnchorRules,
    /// The paging tools' schedule exports named in `[[oncall.paging]]`, as loaded.
    pub paging: Vec<PagingExport>,
    /// The leave and holiday calendars matched by `[oncall] time_off`, as loaded: each
    /// file's path and its text, or why it could not be read.
    pub time_off: Vec<(String, Result<String, String>)>,
    /// The most primary hours may exceed the fewest by, as a ratio
    /// (`[oncall] max_imbalance`); `None` leaves the balance unjudged.
    pub max_imbalance: Option<f64>,
    /// The monitoring code read beside the docs (rule files, dashboards, collector
    /// configs); empty when the project has none.
    pub monitoring: crate::monitoring::Monitoring,
    /// What the last re-parses of changed large documents left for the next edit of the
    /// same documents ([`crate::parse::apply_changes`] keeps it).
    pub memos: crate::parse::PieceMemos,
    /// Item indexes by ID: the IDs stay in `items`, not copied into the index.
    by_id: hashbrown::HashTable<usize>,
    by_path: HashMap<String, usize>,
}

impl Workspace {
    /// Assemble a workspace and build its look-up indexes.
    pub fn new(
        docs: Vec<Document>,
        items: Vec<Item>,
        diagnostics: Vec<FileDiagnostic>,
        files: Vec<String>,
        role_paths: Vec<(Role, String)>,
        notes: Vec<(usize, String)>,
    ) -> Self {
        let mut ws = Workspace {
            docs,
            items,
            diagnostics,
            files,
            role_paths,
            notes,
            anchors: AnchorRules::default(),
            paging: Vec::new(),
            time_off: Vec::new(),
            max_imbalance: None,
            monitoring: crate::monitoring::Monitoring::default(),
            memos: crate::parse::PieceMemos::default(),
            by_id: hashbrown::HashTable::new(),
            by_path: HashMap::new(),
        };
        ws.reindex();
        ws
    }

    /// Rebuild the ID and path indexes after `docs` or `items` changed.
    pub fn reindex(&mut self) {
        self.by_path = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let items = &self.items;
        let by_id = &mut self.by_id;
        by_id.clear();
        // Sized once: a hundred thousand items would otherwise rehash it again and again.
        by_id.reserve(items.len(), |&i| id_hash(&items[i].id));
        for (i, item) in items.iter().enumerate() {
            let id = item.id.as_str();
            if let hashbrown::hash_table::Entry::Vacant(slot) = by_id.entry(
                id_hash(id),
                |&j| items[j].id == id,
                |&j| id_hash(&items[j].id),
            ) {
                slot.insert(i);
            }
        }
    }

    /// The first item with this ID (IDs are compared exactly).
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index(id).map(|i| &self.items[i])
    }

    /// The item an ID typed by hand names: the exact ID, else one equal ignoring case,
    /// else one equal ignoring case and the leading zeros of its numbers (`alr-02` finds
    /// `ALR-002`). The first in document order wins at each step.
    pub fn find_item(&self, typed: &str) -> Option<&Item> {
        let typed = typed.trim();
        if let Some(item) = self.item(typed) {
            return Some(item);
        }
        let lower = typed.to_lowercase();
        self.items
            .iter()
            .find(|i| i.id.to_lowercase() == lower)
            .or_else(|| {
                let key = id_key(typed);
                self.items.iter().find(|i| id_key(&i.id) == key)
            })
    }

    /// Index of the first item with this ID.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.by_id
            .find(id_hash(id), |&i| {
                self.items.get(i).is_some_and(|item| item.id == id)
            })
            .copied()
    }

    /// The document at a project-relative path.
    pub fn doc(&self, path: &str) -> Option<&Document> {
        self.by_path.get(path).map(|&i| &self.docs[i])
    }

    /// Index of the document at a project-relative path.
    pub fn doc_index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The document playing `role`, if it exists and was readable.
    pub fn role_doc(&self, role: Role) -> Option<&Document> {
        self.docs.iter().find(|d| d.role == Some(role))
    }

    /// The configured path of the document playing `role`.
    pub fn role_path(&self, role: Role) -> &str {
        self.role_paths
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(role.default_path(), |(_, p)| p.as_str())
    }

    /// True when a file (of any kind) exists at this project-relative path.
    pub fn has_file(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.as_str().cmp(path))
            .is_ok()
            || self.by_path.contains_key(path)
    }

    /// Items of one kind, in document order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    /// The escalation steps grouped into paths: each severity (an escalation step's
    /// group) in the order it first appears, with its steps in document order.
    pub fn escalation_paths(&self) -> Vec<(&str, Vec<&Item>)> {
        let mut paths: Vec<(&str, Vec<&Item>)> = Vec::new();
        for item in self.items_of(ItemKind::EscalationStep) {
            match paths
                .iter_mut()
                .find(|(severity, _)| *severity == item.group)
            {
                Some((_, steps)) => steps.push(item),
                None => paths.push((&item.group, vec![item])),
            }
        }
        paths
    }
}

/// An ID in the form [`Workspace::find_item`] compares loosely: lower case, and every run
/// of digits without its leading zeros (`ALR-002` and `alr-2` are both `alr-2`).
pub fn id_key(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut chars = id.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '0' && !out.ends_with(|p: char| p.is_ascii_digit()) {
            // A leading zero: dropped unless the run is all zeros (keep its last one).
            if chars.peek().is_some_and(char::is_ascii_digit) {
                continue;
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The hash of an item ID in [`Workspace`]'s index.
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(id)
}

#[cfg(test)]
mod tests {
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    /// The workspace of a tree holding only `playbook` at the default playbook path.
    fn playbook_workspace(playbook: &str) -> super::Workspace {
        let config = ProjectConfig::default();
        let path = config.path(crate::model::Role::Playbook).to_string();
        workspace_from_sources(
            vec![(path, playbook.to_string())],
            Vec::new(),
            Vec::new(),
            &config,
        )
    }

    #[test]
    fn escalation_paths_group_steps_by_severity_in_first_seen_order() {
        let playbook = "# Playbook\n\n## Escalation paths\n\n### SEV2\n\n\
            | Step | Who | After |\n|---|---|---|\n| 1 | Primary on-call | 0 min |\n| 2 | Secondary on-call | 15 min |\n\n\
            ### SEV1\n\n| Step | Who | After |\n|---|---|---|\n| 1 | Primary on-call | 0 min |\n";
        let ws = playbook_workspace(playbook);
        let paths: Vec<(&str, Vec<&str>)> = ws
            .escalation_paths()
            .into_iter()
            .map(|(sev, steps)| {
                (
                    sev,
                    steps
                        .iter()
                        .map(|s| s.text(&crate::model::FieldKey::Step))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(paths, vec![("SEV2", vec!["1", "2"]), ("SEV1", vec!["1"])]);
    }

    #[test]
    fn typed_ids_match_ignoring_case_then_leading_zeros() {
        assert_eq!(super::id_key("ALR-002"), "alr-2");
        assert_eq!(super::id_key("tel-100"), "tel-100");
        assert_eq!(super::id_key("X-000"), "x-0");
        let playbook = "# Playbook\n\n## Alert thresholds\n\n\
            | ID | Alert | Threshold | Severity |\n|---|---|---|---|\n\
            | ALR-002 | Slow | p95 above 4 s | SEV2 |\n| ALR-02 | Other | p95 above 5 s | SEV2 |\n\
            | ALR-010 | Third | p95 above 6 s | SEV2 |\n";
        let ws = playbook_workspace(playbook);
        let found = |typed: &str| ws.find_item(typed).map(|i| i.id.as_str());
        assert_eq!(found("ALR-02"), Some("ALR-02"), "an exact match wins");
        assert_eq!(found("alr-002"), Some("ALR-002"));
        assert_eq!(found("alr-2"), Some("ALR-002"));
        assert_eq!(found(" alr-10 "), Some("ALR-010"));
        assert_eq!(found("alr-1"), None);
    }
}
