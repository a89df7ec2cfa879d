//! Property tests of `set` edits over every field of every item of `sample-project`:
//! for a random item, field and value (unicode, emoji, pipes, backticks, markup,
//! empty), the file changes only inside that field's cell, re-parsing gives the new value
//! back (pipes unescaped), and every other item keeps all its field texts. The same
//! holds with the document converted to CRLF (no bare LF appears) and with its final
//! newline removed (none appears). List items may refuse a value holding a character
//! that ends a list-item field (`,` `;` `—` `)` `|` `:`), never silently misread it.
//!
//! Over the real-world corpus (`READYROOM_CORPUS`), each document is read as the
//! playbook and as the change log: every task item is toggled, one cell of every item
//! row is set, a row is added to every table, and a sign-off's audit line is appended,
//! each checked the same way.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use readyroom::config::ProjectConfig;
use readyroom::edit::{Edit, EditError, apply, plan, unescape_pipes, verify};
use readyroom::model::{FieldKey, Item, Role, Workspace};
use readyroom::parse::workspace_from_sources;
use readyroom::store::load_project;

const LOG: &str = "docs/release/change-log.md";

struct Sample {
    config: ProjectConfig,
    sources: Vec<(String, String)>,
    others: Vec<String>,
    /// (item index, field index) of every settable field.
    targets: Vec<(usize, usize)>,
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let project =
            load_project(&common::sample_dir(), &readyroom::rules::rule_ids()).expect("load");
        let ws = project.workspace;
        let sources: Vec<(String, String)> = ws
            .docs
            .iter()
            .map(|d| (d.path.clone(), d.source.clone()))
            .collect();
        let others = ws
            .files
            .iter()
            .filter(|f| ws.doc(f).is_none())
            .cloned()
            .collect();
        let targets = ws
            .items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                item.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !matches!(f.key, FieldKey::Checkbox | FieldKey::SignOff))
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        Sample {
            config: project.config,
            sources,
            others,
            targets,
        }
    })
}

/// The sample workspace with `path`'s text passed through `change`.
fn variant(s: &Sample, path: &str, change: fn(&str) -> String) -> Workspace {
    let sources = s
        .sources
        .iter()
        .map(|(p, t)| (p.clone(), if p == path { change(t) } else { t.clone() }))
        .collect();
    workspace_from_sources(sources, s.others.clone(), Vec::new(), &s.config)
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn no_final_newline(text: &str) -> String {
    text.trim_end_matches(['\n', '\r']).to_string()
}

fn same(text: &str) -> String {
    text.to_string()
}

/// `ws` with `path` replaced by `text`.
fn reparse(ws: &Workspace, config: &ProjectConfig, path: &str, text: &str) -> Workspace {
    let mut ws = ws.clone();
    readyroom::parse::apply_changes(
        &mut ws,
        vec![(
            path.to_string(),
            readyroom::parse::FileChange::Text(text.to_string()),
        )],
        config,
    );
    ws
}

fn items_of(ws: &Workspace, path: &str) -> Vec<Item> {
    let di = ws.doc_index(path).expect("doc");
    ws.items.iter().filter(|i| i.doc == di).cloned().collect()
}

fn texts(item: &Item) -> Vec<(FieldKey, String)> {
    item.fields
        .iter()
        .map(|f| (f.key.clone(), f.text.to_string()))
        .collect()
}

/// One fragment of a value: words, unicode, emoji, pipes, backticks, markup, nothing.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        1 => Just(String::new()),
        1 => Just("  ".to_string()),
        2 => prop::sample::select(vec![
            "é", "ß", "日本語", "🚀", "👩\u{200D}🚀", "naïve", "Zoë", "☕", "Ünïcödé",
        ])
        .prop_map(str::to_string),
        2 => prop::sample::select(vec!["|", "a|b", "||", "`code`", "`a|b`", "`", "``x``"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "*em*", "**strong**", "[a](b.md)", "<br>", "# not a heading", "- not a list",
            "C:\\path", "1.", "&amp;", "2026-12-31",
        ])
        .prop_map(str::to_string),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..5).prop_map(|parts| parts.join(" "))
}

/// True when a list item must accept `value` for a field of `key`. A value that starts
/// like a block (`- `, `# `, `> `) would open a nested list, a heading or a quote inside
/// the item, which the re-parse check refuses.
fn list_safe(key: &FieldKey, value: &str) -> bool {
    let v = value.trim();
    let opens_a_block = ["- ", "* ", "+ ", "# ", "> "]
        .iter()
        .any(|m| v.starts_with(m));
    !v.is_empty()
        && !opens_a_block
        && *key != FieldKey::Date
        && !v.contains([',', ';', '—', '–', ')', '|', ':', '`'])
}

enum Outcome {
    Nothing,
    Refused(EditError),
    Changed(String, String),
}

/// Plan, apply and verify an edit that touches one file.
fn run(ws: &Workspace, edit: &Edit, changelog: &str) -> Outcome {
    let p = match plan(ws, edit, changelog) {
        Ok(p) => p,
        Err(e) => return Outcome::Refused(e),
    };
    let Some(file) = p.files.last() else {
        return Outcome::Nothing;
    };
    let old = ws.doc(&file.path).expect("doc").source.clone();
    let new = match apply(&old, &file.splices) {
        Ok(n) => n,
        Err(e) => panic!("guard failed on an unchanged file: {e}"),
    };
    match verify(ws, file, &new) {
        Ok(()) => Outcome::Changed(old, new),
        Err(e) => Outcome::Refused(e),
    }
}

fn check_set(
    ws: &Workspace,
    config: &ProjectConfig,
    item_index: usize,
    field_index: usize,
    value: &str,
) -> Result<(), TestCaseError> {
    let item = &ws.items[item_index];
    let field = &item.fields[field_index];
    let path = ws.docs[item.doc].path.clone();
    let row = item.table.is_some();
    let edit = Edit::Set {
        item: item.id.clone(),
        field: field.header.to_string(),
        value: value.to_string(),
        expect: None,
    };
    let (old, new) = match run(ws, &edit, LOG) {
        Outcome::Nothing => {
            prop_assert_eq!(
                unescape_pipes(field.span.slice(&ws.docs[item.doc].source)),
                value.trim()
            );
            return Ok(());
        }
        Outcome::Refused(e) => {
            let allowed =
                !row && !list_safe(&field.key, value) && matches!(e, EditError::Unverified { .. });
            prop_assert!(
                allowed,
                "{} {}: refused {:?}: {}",
                item.id,
                field.header,
                value,
                e
            );
            return Ok(());
        }
        Outcome::Changed(old, new) => (old, new),
    };
    common::only_inside(&old, &new, field.cell.start, field.cell.end)?;
    if old.contains("\r\n") {
        prop_assert_eq!(
            new.matches('\n').count(),
            new.matches("\r\n").count(),
            "bare LF"
        );
    }
    prop_assert_eq!(
        old.ends_with('\n'),
        new.ends_with('\n'),
        "final newline changed"
    );
    let after_ws = reparse(ws, config, &path, &new);
    let (before, after) = (items_of(ws, &path), items_of(&after_ws, &path));
    prop_assert_eq!(before.len(), after.len());
    let pos = before
        .iter()
        .position(|i| i.span == item.span)
        .expect("item");
    for (k, (b, a)) in before.iter().zip(&after).enumerate() {
        if k != pos {
            prop_assert_eq!(texts(b), texts(a), "{} changed", b.id);
            continue;
        }
        let got = if row {
            let f = &a.fields[field_index];
            unescape_pipes(f.span.slice(&new))
        } else {
            a.field(&field.key)
                .map(|f| f.span.slice(&new).to_string())
                .unwrap_or_default()
        };
        prop_assert_eq!(
            got.as_str(),
            value.trim(),
            "{} {} reads back",
            item.id,
            field.header
        );
        if row {
            for (j, (bf, af)) in b.fields.iter().zip(&a.fields).enumerate() {
                if j != field_index {
                    prop_assert_eq!(&bf.text, &af.text, "{} {} changed", item.id, bf.header);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn set_changes_only_the_cell(pick in any::<prop::sample::Index>(), value in value()) {
        let s = sample();
        let (i, j) = s.targets[pick.index(s.targets.len())];
        let ws = variant(s, "", same);
        let path = ws.docs[ws.items[i].doc].path.clone();
        check_set(&ws, &s.config, i, j, &value)?;
        let ws = variant(s, &path, crlf);
        check_set(&ws, &s.config, i, j, &value)?;
        let ws = variant(s, &path, no_final_newline);
        check_set(&ws, &s.config, i, j, &value)?;
    }
}

#[test]
fn a_value_that_would_open_a_block_in_a_list_item_is_refused_or_kept_in_its_cell() {
    let s = sample();
    let ws = variant(s, "", same);
    for &(i, j) in &s.targets {
        for value in ["- not a list", "# not a heading", "> not a quote"] {
            check_set(&ws, &s.config, i, j, value).unwrap();
        }
    }
}

#[test]
fn every_field_of_the_sample_takes_a_tricky_value() {
    let s = sample();
    let ws = variant(s, "", same);
    for &(i, j) in &s.targets {
        for value in ["Dana | Kim `a|b` 🚀", "", "naïve café"] {
            check_set(&ws, &s.config, i, j, value).unwrap();
        }
    }
}

/// A workspace holding one corpus document in `role`, plus a one-row observability
/// report whose item can be signed off.
fn corpus_ws(path: &str, text: &str, role: Role) -> (Workspace, ProjectConfig) {
    let mut config = ProjectConfig::default();
    for (r, p) in &mut config.paths {
        if *r == role {
            *p = path.to_string();
        }
    }
    let obs =
        "| ID | Signal | Status | Sign-off |\n|---|---|---|---|\n| TEL-1 | Latency | ok | |\n";
    let sources = vec![
        (path.to_string(), text.to_string()),
        (
            config.path(Role::Observability).to_string(),
            obs.to_string(),
        ),
    ];
    let ws = workspace_from_sources(sources, Vec::new(), Vec::new(), &config);
    (ws, config)
}

/// Turn every `- ` / `* ` bullet into a task item (`- [ ] `).
fn as_tasks(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            match body.get(..2) {
                Some("- " | "* ") if !body[2..].starts_with('[') => {
                    format!("{indent}{}[ ] {}", &body[..2], &body[2..])
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

fn corpus_docs(root: &Path) -> Vec<(String, String)> {
    let project = load_project(root, &readyroom::rules::rule_ids()).expect("corpus loads");
    project
        .workspace
        .docs
        .iter()
        .map(|d| (d.path.clone(), d.source.clone()))
        .collect()
}

#[test]
fn corpus_documents_take_edits_and_audit_lines() {
    let Some(root) = common::corpus() else {
        eprintln!("skipping the corpus edit test: READYROOM_CORPUS is not set");
        return;
    };
    let docs = corpus_docs(&root);
    assert!(!docs.is_empty());
    let (mut toggled, mut owners, mut set, mut rows, mut audits, mut unplaceable) =
        (0, 0, 0, 0, 0, 0);
    for (path, text) in &docs {
        let (ws, config) = corpus_ws(path, text, Role::Playbook);
        for (i, item) in ws.items.iter().enumerate() {
            if ws.docs[item.doc].path != *path {
                continue;
            }
            if item.task.is_some() {
                match run(
                    &ws,
                    &Edit::Toggle {
                        item: item.id.clone(),
                    },
                    LOG,
                ) {
                    Outcome::Changed(old, new) => {
                        let sym = ws.docs[item.doc].tasks[item.task.unwrap_or(0)].symbol;
                        common::only_inside(&old, &new, sym.start, sym.end).unwrap();
                        toggled += 1;
                    }
                    Outcome::Refused(e) => panic!("{path}: toggle {}: {e}", item.id),
                    Outcome::Nothing => panic!("{path}: toggle {} changed nothing", item.id),
                }
            } else if item.table.is_some() {
                let j = item.fields.len() - 1;
                if item.fields[j].key != FieldKey::SignOff {
                    check_set(&ws, &config, i, j, "readyroom | ✓ `x|y`").unwrap();
                    set += 1;
                }
            }
        }
        let doc = ws.doc(path).expect("doc");
        for (t, table) in doc.tables.iter().enumerate() {
            let first = table.header[0].text.trim().to_string();
            let edit = Edit::AddRow {
                doc: path.clone(),
                table: t,
                values: vec![(first, "added | row".to_string())],
            };
            match run(&ws, &edit, LOG) {
                Outcome::Changed(old, new) => {
                    let anchor = table.rows.last().map_or(table.delimiter, |r| r.span);
                    assert!(new.starts_with(&old[..anchor.end]), "{path}");
                    assert!(new.ends_with(&old[anchor.end..]), "{path}");
                    rows += 1;
                }
                Outcome::Refused(e) => panic!("{path}: add row to table {t}: {e}"),
                Outcome::Nothing => panic!("{path}: add row changed nothing"),
            }
        }
        // Its bullet lists as task lists: real-world item text (links, code, emphasis)
        // takes a checkbox toggle and an appended `owner:`.
        let tasked = as_tasks(text);
        let (ws, _) = corpus_ws(path, &tasked, Role::Playbook);
        for item in ws.items.iter().filter(|i| i.task.is_some()) {
            match run(
                &ws,
                &Edit::Toggle {
                    item: item.id.clone(),
                },
                LOG,
            ) {
                Outcome::Changed(..) => toggled += 1,
                Outcome::Refused(e) => panic!("{path}: toggle {}: {e}", item.id),
                Outcome::Nothing => panic!("{path}: toggle {} changed nothing", item.id),
            }
            let edit = Edit::Set {
                item: item.id.clone(),
                field: "owner".into(),
                value: "Dana Kim".into(),
                expect: None,
            };
            match run(&ws, &edit, LOG) {
                Outcome::Changed(old, new) => {
                    let end = item.fields[1].span.end;
                    assert!(
                        new.starts_with(&old[..end]) && new.ends_with(&old[end..]),
                        "{path}"
                    );
                    owners += 1;
                }
                Outcome::Refused(e) => panic!("{path}: owner of {}: {e}", item.id),
                Outcome::Nothing => panic!("{path}: owner of {} changed nothing", item.id),
            }
        }
        // The same document as the change log receives a sign-off's audit line.
        let (ws, _) = corpus_ws(path, text, Role::ChangeLog);
        let edit = Edit::SignOff {
            item: "TEL-1".into(),
            signer: "Dana Kim".into(),
            date: jiff::civil::date(2026, 12, 1),
        };
        let p = match plan(&ws, &edit, path) {
            Ok(p) => p,
            Err(EditError::NoAuditPlace { .. }) => {
                // Ends inside an unclosed code block: refused with a clear message.
                unplaceable += 1;
                continue;
            }
            Err(e) => panic!("{path}: {e}"),
        };
        let file = p.file(path).expect("audit file");
        let new = apply(text, &file.splices).unwrap();
        verify(&ws, file, &new).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(new.len() > text.len());
        if !text.to_lowercase().contains("audit") {
            assert!(new.starts_with(text), "{path}: appended at the end");
        }
        assert_eq!(text.ends_with('\n'), new.ends_with('\n'), "{path}");
        audits += 1;
    }
    eprintln!(
        "corpus: {} documents, {toggled} task items toggled, {owners} owners appended, {set} cells set, {rows} rows added, \
         {audits} audit lines appended, {unplaceable} change logs refused (unclosed block at \
         the end)",
        docs.len()
    );
}
