//! The edit form (`e` on an item, `a` to add a row): one input per column, pickers for
//! enumerated values, dates checked as you type. Pure state; the app turns a submitted
//! form into an edit plan.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::model::{FieldKey, Item, ItemKind, Table};

/// What a field accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Any one line of text.
    Text,
    /// An ISO date or nothing.
    Date,
    /// One of these values (left/right cycle through them; typing is allowed too).
    Choice(Vec<String>),
}

/// One input of the form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The column header (or inline key) as written.
    pub header: String,
    /// The value being typed.
    pub input: Input,
    /// The value when the form opened.
    pub original: String,
    /// What it accepts.
    pub kind: FieldKind,
}

impl PartialEq for FormField {
    fn eq(&self, other: &Self) -> bool {
        self.header == other.header
            && self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.original == other.original
            && self.kind == other.kind
    }
}

impl Eq for FormField {}

impl FormField {
    /// True when the value differs from the original.
    pub fn changed(&self) -> bool {
        self.input.value() != self.original
    }

    /// Why the value is not acceptable, if it is not.
    pub fn problem(&self) -> Option<String> {
        let v = self.input.value().trim();
        if v.contains(['\n', '\r']) {
            return Some("one line only".into());
        }
        match &self.kind {
            FieldKind::Date
                if !v.is_empty() && (v.len() != 10 || v.parse::<jiff::civil::Date>().is_err()) =>
            {
                Some("a date as YYYY-MM-DD".into())
            }
            _ => None,
        }
    }
}

/// What the form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// An existing item, by ID.
    Item(String),
    /// A waiver of one rule's findings about an item or file.
    Waiver {
        /// The rule id.
        rule: String,
        /// The item ID, or the file when the finding has no item.
        item: String,
    },
    /// A new row at the end of a table.
    NewRow {
        /// Project-relative document path.
        doc: String,
        /// Table index in the document.
        table: usize,
    },
}

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The title: the item ID or "New row in …".
    pub title: String,
    /// What is edited.
    pub target: FormTarget,
    /// The inputs.
    pub fields: Vec<FormField>,
    /// The focused input.
    pub focus: usize,
    /// A message about the last attempt to save (a refused edit, a failed write).
    pub error: Option<String>,
}

fn kind_of(key: &FieldKey, item_kind: Option<ItemKind>) -> FieldKind {
    match key {
        FieldKey::Due | FieldKey::Date => FieldKind::Date,
        FieldKey::Status => match item_kind {
            Some(ItemKind::Telemetry) => FieldKind::Choice(
                ["configured", "partial", "missing", "planned"]
                    .map(String::from)
                    .to_vec(),
            ),
            Some(ItemKind::ChangeEntry) => {
                FieldKind::Choice(["open", "in progress", "done"].map(String::from).to_vec())
            }
            Some(ItemKind::Requirement) => FieldKind::Choice(
                ["Planned", "In progress", "Implemented", "Verified"]
                    .map(String::from)
                    .to_vec(),
            ),
            _ => FieldKind::Text,
        },
        FieldKey::Type if item_kind == Some(ItemKind::Requirement) => {
            FieldKind::Choice(["FR", "NFR"].map(String::from).to_vec())
        }
        FieldKey::Severity => {
            FieldKind::Choice(["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec())
        }
        _ => FieldKind::Text,
    }
}

impl Form {
    /// A form over an item's editable fields (not the checkbox, not the sign-off).
    pub fn for_item(item: &Item, source: &str) -> Form {
        let fields = item
            .fields
            .iter()
            .filter(|f| !matches!(f.key, FieldKey::Checkbox | FieldKey::SignOff))
            .map(|f| {
                let raw = crate::edit::unescape_pipes(f.span.slice(source));
                FormField {
                    header: f.header.to_string(),
                    input: Input::new(raw.clone()),
                    original: raw,
                    kind: kind_of(&f.key, Some(item.kind)),
                }
            })
            .collect();
        let mut fields: Vec<FormField> = fields;
        // Checklist actions carry owner and due inline; offer them even when absent.
        if item.kind == ItemKind::Action {
            for (key, header) in [(FieldKey::Owner, "owner"), (FieldKey::Due, "due")] {
                if !item.has(&key) {
                    fields.push(FormField {
                        header: header.to_string(),
                        input: Input::default(),
                        original: String::new(),
                        kind: kind_of(&key, Some(item.kind)),
                    });
                }
            }
        }
        Form {
            title: format!("Edit {}", item.id),
            target: FormTarget::Item(item.id.clone()),
            fields,
            focus: 0,
            error: None,
        }
    }

    /// A form for a new row of `table` in document `doc`; `id` pre-fills the ID column.
    pub fn for_new_row(
        doc: &str,
        index: usize,
        table: &Table,
        kind: Option<ItemKind>,
        id: Option<&str>,
    ) -> Form {
        let fields = table
            .header
            .iter()
            .map(|h| {
                let key = FieldKey::from_header(&h.text);
                let value = if key == FieldKey::Id {
                    id.unwrap_or_default().to_string()
                } else {
                    String::new()
                };
                FormField {
                    header: h.text.trim().to_string(),
                    input: Input::new(value),
                    original: String::new(),
                    kind: kind_of(&key, kind),
                }
            })
            .filter(|f| FieldKey::from_header(&f.header) != FieldKey::SignOff)
            .collect();
        Form {
            title: format!("New row in {doc}"),
            target: FormTarget::NewRow {
                doc: doc.to_string(),
                table: index,
            },
            fields,
            focus: 0,
            error: None,
        }
    }

    /// A form asking a waiver's reason and expiry (pre-filled with `expires`).
    pub fn for_waiver(rule: &str, item: &str, expires: jiff::civil::Date) -> Form {
        let field = |header: &str, value: String, kind: FieldKind| FormField {
            header: header.to_string(),
            input: Input::new(value),
            original: String::new(),
            kind,
        };
        Form {
            title: format!("Waive {rule} on {item}"),
            target: FormTarget::Waiver {
                rule: rule.to_string(),
                item: item.to_string(),
            },
            fields: vec![
                field("Reason", String::new(), FieldKind::Text),
                field("Expires", expires.to_string(), FieldKind::Date),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The value typed into the field with this header, trimmed; `""` when none.
    pub fn value(&self, header: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.header == header)
            .map_or("", |f| f.input.value().trim())
    }

    /// Handle a key typed into the focused field: choice cycling (←/→) and text
    /// editing. Moving between fields, enter and esc are the form mode's actions.
    pub fn key(&mut self, k: KeyEvent) {
        if self.fields.is_empty() {
            return;
        }
        match k.code {
            KeyCode::Left | KeyCode::Right
                if matches!(self.fields[self.focus].kind, FieldKind::Choice(_)) =>
            {
                let field = &mut self.fields[self.focus];
                if let FieldKind::Choice(options) = &field.kind {
                    let cur = options
                        .iter()
                        .position(|o| o.eq_ignore_ascii_case(field.input.value()));
                    let next = match (cur, k.code) {
                        (None, _) => 0,
                        (Some(i), KeyCode::Right) => (i + 1) % options.len(),
                        (Some(i), _) => (i + options.len() - 1) % options.len(),
                    };
                    field.input = Input::new(options[next].clone());
                }
            }
            _ => {
                self.error = None;
                self.fields[self.focus].input.handle_event(&Event::Key(k));
            }
        }
    }

    /// Move to the next field (or the one before), wrapping.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// The first problem with the values, as `Header: problem`.
    pub fn problem(&self) -> Option<String> {
        self.fields
            .iter()
            .find_map(|f| f.problem().map(|p| format!("{}: {p}", f.header)))
    }
}
