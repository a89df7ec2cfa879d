//! `readyroom lsp` in-process: a client on lsp-server's in-memory connection drives
//! the real server over a copy of the sample project — position encoding, diagnostics
//! from buffers (CRLF too) and on save, hover, definition, references, completion,
//! code actions that splice like the command line, and malformed requests.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{NOW, sample_dir, temp_copy};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

fn clock() -> readyroom::clock::Clock {
    readyroom::clock::resolve(
        None,
        Some(NOW),
        jiff::Timestamp::now(),
        &jiff::tz::TimeZone::UTC,
    )
    .expect("as the test set it up")
}

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<()>>,
    next: i32,
    root: PathBuf,
    seen: Vec<Notification>,
}

fn uri(path: &Path) -> String {
    readyroom::lsp::path_to_uri(path)
        .expect("as the test set it up")
        .as_str()
        .to_string()
}

impl Client {
    fn start(root: &Path, capabilities: &Value, options: &Value) -> (Client, Value) {
        let (server_side, conn) = Connection::memory();
        let root = std::fs::canonicalize(root).expect("as the test set it up");
        let fallback = root.clone();
        let server = std::thread::spawn(move || {
            readyroom::lsp::serve(&server_side, &fallback, clock()).expect("as the test set it up");
        });
        let mut client = Client {
            conn,
            server: Some(server),
            next: 1,
            root: root.clone(),
            seen: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&root),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, init.response_result.expect("initialize answers"))
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers")
    }

    fn send_raw(&mut self, method: &str, params: Value) -> RequestId {
        let id = RequestId::from(self.next);
        self.next += 1;
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.to_string(),
                params,
            )))
            .expect("as the test set it up");
        id
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_raw(method, params);
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.seen.push(n),
                _ => {}
            }
        }
    }

    fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        r.response_result
            .unwrap_or_else(|e| panic!("{method}: {e:?}"))
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.to_string(),
                params,
            )))
            .expect("as the test set it up");
    }

    fn file_uri(&self, rel: &str) -> String {
        uri(&self.root.join(rel))
    }

    /// Send a notification and wait until the server has handled it: the answer to a
    /// request sent after it comes after everything it published.
    fn settle(&mut self, method: &str, params: Value) {
        self.seen.clear();
        self.notify(method, params);
        let sync = self.request("readyroom/sync", Value::Null);
        assert!(sync.response_result.is_err());
    }

    /// The diagnostics last published for `rel`.
    fn diagnostics(&self, rel: &str) -> Vec<Value> {
        let want = self.file_uri(rel);
        self.seen
            .iter()
            .rev()
            .find(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == want.as_str()
            })
            .and_then(|n| n.params["diagnostics"].as_array().cloned())
            .unwrap_or_else(|| panic!("no diagnostics for {rel}"))
    }

    fn open(&mut self, rel: &str, text: &str) -> Vec<Value> {
        self.settle(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": self.file_uri(rel), "languageId": "markdown",
                   "version": 1, "text": text}}),
        );
        self.diagnostics(rel)
    }

    fn at(&self, rel: &str, line: u32, character: u32) -> Value {
        json!({"textDocument": {"uri": self.file_uri(rel)},
               "position": {"line": line, "character": character}})
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.send_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(t) = self.server.take() {
            let _ = t.join();
        }
    }
}

const PLAYBOOK: &str = "docs/operations/incident-response.md";
const OBS: &str = "docs/operations/observability-status.md";
const RTM: &str = "docs/requirements/RTM.md";

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("as the test set it up")
}

/// 0-based line and UTF-16 character of the first `needle` (plus `skip` bytes) in `text`.
fn pos_of(text: &str, needle: &str, skip: usize) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + skip;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let ch = text[start..at].encode_utf16().count();
    (
        u32::try_from(line).expect("as the test set it up"),
        u32::try_from(ch).expect("as the test set it up"),
    )
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_position_encoding_is_utf8_when_offered_else_utf16() {
    let dir = temp_copy(&sample_dir());
    let offered = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let (_c, init) = Client::start(dir.path(), &offered, &Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let (_c, init) = Client::start(dir.path(), &json!({}), &Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "readyroom");
}

#[test]
fn diagnostics_come_from_the_buffer_on_open_and_change_and_from_disk_on_save() {
    let dir = temp_copy(&sample_dir());
    let (mut c, _) = Client::start(dir.path(), &json!({}), &Value::Null);
    let text = read(dir.path(), PLAYBOOK);
    let diags = c.open(PLAYBOOK, &text);
    let tbd = diags
        .iter()
        .find(|d| d["code"] == "placeholder")
        .expect("the placeholder finding");
    let (line, ch) = pos_of(&text, "| TBD |", 2);
    assert_eq!(
        tbd["range"]["start"],
        json!({"line": line, "character": ch})
    );
    assert_eq!(tbd["severity"], 1);
    assert_eq!(tbd["source"], "readyroom");

    // The buffer, not the disk: the placeholder filled in the editor only.
    let fixed = text.replacen("| TBD |", "| +49 30 5550 4410 |", 1);
    c.settle(
        "textDocument/didChange",
        json!({"textDocument": {"uri": c.file_uri(PLAYBOOK), "version": 2},
               "contentChanges": [{"text": fixed}]}),
    );
    assert!(!codes(&c.diagnostics(PLAYBOOK)).contains(&"placeholder".to_string()));
    assert!(read(dir.path(), PLAYBOOK).contains("| TBD |"));

    // An incremental change puts it back.
    c.settle(
        "textDocument/didChange",
        json!({"textDocument": {"uri": c.file_uri(PLAYBOOK), "version": 3},
               "contentChanges": [{"range": {"start": {"line": line, "character": ch},
                 "end": {"line": line, "character": ch + 16}}, "text": "TBD"}]}),
    );
    assert!(codes(&c.diagnostics(PLAYBOOK)).contains(&"placeholder".to_string()));

    // Workspace-wide on save: a change on disk to another document shows.
    let obs = dir.path().join(OBS);
    let obs_text = read(dir.path(), OBS);
    std::fs::write(
        &obs,
        obs_text.replacen("| Mei Tanaka | | Dana Kim", "| TBD | | Dana Kim", 1),
    )
    .expect("as the test set it up");
    c.settle(
        "textDocument/didSave",
        json!({"textDocument": {"uri": c.file_uri(PLAYBOOK)}}),
    );
    let obs_diags = c.diagnostics(OBS);
    assert!(
        codes(&obs_diags).contains(&"placeholder".to_string()),
        "{obs_diags:?}"
    );
}

#[test]
fn crlf_buffers_and_multi_byte_characters_are_positioned_right() {
    let dir = temp_copy(&sample_dir());
    let utf8 = json!({"general": {"positionEncodings": ["utf-8"]}});
    for (caps, utf16) in [(json!({}), true), (utf8, false)] {
        let (mut c, _) = Client::start(dir.path(), &caps, &Value::Null);
        let text = read(dir.path(), PLAYBOOK)
            .replacen(
                "| Jonas Weber | SRE engineer |",
                "| Jonas Weber | SRE — 🚀 |",
                1,
            )
            .replace('\n', "\r\n");
        let diags = c.open(PLAYBOOK, &text);
        let tbd = diags
            .iter()
            .find(|d| d["code"] == "placeholder")
            .expect("placeholder");
        let at = text.find("| TBD |").expect("as the test set it up") + 2;
        let start = text[..at].rfind('\n').expect("as the test set it up") + 1;
        let line = text[..at].matches('\n').count();
        let ch = if utf16 {
            text[start..at].encode_utf16().count()
        } else {
            at - start
        };
        assert_eq!(
            tbd["range"]["start"],
            json!({"line": line, "character": ch})
        );
        assert_eq!(tbd["range"]["end"]["line"], line);
    }
}

fn hover_text(c: &mut Client, rel: &str, pos: (u32, u32)) -> String {
    let h = c.ok("textDocument/hover", c.at(rel, pos.0, pos.1));
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn hover_shows_an_item_a_contact_and_a_link_target() {
    let dir = temp_copy(&sample_dir());
    let (mut c, _) = Client::start(dir.path(), &json!({}), &Value::Null);
    let obs = read(dir.path(), OBS);
    c.open(OBS, &obs);
    let item = hover_text(&mut c, OBS, pos_of(&obs, "| TEL-003 ", 3));
    assert!(item.contains("**TEL-003**"), "{item}");
    assert!(
        item.contains("Luis Ortega") && item.contains("stale"),
        "{item}"
    );
    assert!(item.contains("signoff-stale"), "{item}");

    let pb = read(dir.path(), PLAYBOOK);
    c.open(PLAYBOOK, &pb);
    let contact = hover_text(&mut c, PLAYBOOK, pos_of(&pb, "| 30 min | Dana Kim |", 12));
    assert!(contact.contains("**Dana Kim**"), "{contact}");
    assert!(contact.contains("Service Owner") && contact.contains("+49 30 5550 1842"));
    assert!(contact.contains("@dana.kim") && contact.contains("Europe/Berlin"));

    let rtm = read(dir.path(), RTM);
    c.open(RTM, &rtm);
    let link = hover_text(
        &mut c,
        RTM,
        pos_of(
            &rtm,
            "[Telemetry](../operations/observability-status.md#telemetry-coverage)",
            3,
        ),
    );
    assert!(
        link.contains("observability-status.md#telemetry-coverage"),
        "{link}"
    );
    assert!(link.contains("## Telemetry coverage"), "{link}");
    // Nothing under the cursor: no hover.
    let none = c.ok("textDocument/hover", c.at(RTM, 0, 0));
    assert!(none.is_null() || none["contents"]["value"] == "");
}

#[test]
fn definitions_and_references_lead_to_rows_contacts_and_headings() {
    let dir = temp_copy(&sample_dir());
    let (mut c, _) = Client::start(dir.path(), &json!({}), &Value::Null);
    let obs = read(dir.path(), OBS);
    let rtm = read(dir.path(), RTM);
    let pb = read(dir.path(), PLAYBOOK);
    c.open(OBS, &obs);
    let (l, ch) = pos_of(&obs, "[NFR-001]", 2);
    let def = c.ok("textDocument/definition", c.at(OBS, l, ch));
    // NFR-001 inside a link: the link's target (the RTM), else the row.
    assert!(
        def["uri"]
            .as_str()
            .expect("as the test set it up")
            .ends_with("RTM.md"),
        "{def}"
    );

    c.open(RTM, &rtm);
    let (l, ch) = pos_of(&rtm, "| NFR-001 |", 3);
    let def = c.ok("textDocument/definition", c.at(RTM, l, ch));
    assert_eq!(
        def["range"]["start"]["line"],
        pos_of(&rtm, "| NFR-001 |", 0).0
    );
    let refs = c.ok(
        "textDocument/references",
        json!({"textDocument": {"uri": c.file_uri(RTM)}, "position": {"line": l, "character": ch},
               "context": {"includeDeclaration": true}}),
    );
    let files: Vec<&str> = refs
        .as_array()
        .expect("as the test set it up")
        .iter()
        .map(|r| r["uri"].as_str().expect("as the test set it up"))
        .collect();
    assert!(files.iter().any(|f| f.ends_with("RTM.md")), "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("observability-status.md")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("change-log.md")),
        "{files:?}"
    );

    c.open(PLAYBOOK, &pb);
    let (l, ch) = pos_of(&pb, "| 30 min | Dana Kim |", 12);
    let def = c.ok("textDocument/definition", c.at(PLAYBOOK, l, ch));
    assert_eq!(
        def["range"]["start"]["line"],
        pos_of(&pb, "| Dana Kim | Service Owner", 0).0
    );

    let (l, ch) = pos_of(
        &rtm,
        "(../operations/observability-status.md#telemetry-coverage)",
        5,
    );
    let def = c.ok("textDocument/definition", c.at(RTM, l, ch));
    assert!(
        def["uri"]
            .as_str()
            .expect("as the test set it up")
            .ends_with("observability-status.md")
    );
    assert_eq!(
        def["range"]["start"]["line"],
        pos_of(&obs, "## Telemetry coverage", 0).0
    );
}

fn labels(v: &Value) -> Vec<String> {
    let items = v.get("items").unwrap_or(v);
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    i["label"]
                        .as_str()
                        .expect("as the test set it up")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn completion_offers_ids_contacts_severities_and_anchors() {
    let dir = temp_copy(&sample_dir());
    let (mut c, _) = Client::start(dir.path(), &json!({}), &Value::Null);
    let obs = read(dir.path(), OBS);
    c.open(OBS, &obs);
    // TEL-007's empty Owner cell.
    let (l, ch) = pos_of(&obs, "| — | | 2026-12-15 |", 7);
    let owners = labels(&c.ok("textDocument/completion", c.at(OBS, l, ch)));
    assert!(owners.contains(&"Dana Kim".to_string()), "{owners:?}");
    // The Requirement cell of a telemetry row.
    let (l, ch) = pos_of(&obs, "[NFR-001](../requirements/RTM.md)", 1);
    let ids = labels(&c.ok("textDocument/completion", c.at(OBS, l, ch)));
    assert!(ids.contains(&"NFR-001".to_string()) && ids.contains(&"TEL-003".to_string()));

    let pb = read(dir.path(), PLAYBOOK);
    c.open(PLAYBOOK, &pb);
    let row = pb
        .lines()
        .find(|l| l.starts_with("| ALR-001"))
        .expect("as the test set it up");
    let sev_cell = row.split('|').nth(4).expect("as the test set it up");
    let (l, ch) = pos_of(&pb, &format!("|{sev_cell}|"), 2);
    let sevs = labels(&c.ok("textDocument/completion", c.at(PLAYBOOK, l, ch)));
    assert!(
        sevs.iter().any(|s| s.contains("SEV1") || s.contains("sev")),
        "{sevs:?}"
    );

    let rtm = read(dir.path(), RTM);
    let typed = rtm.replacen(
        "(../operations/observability-status.md#telemetry-coverage)",
        "(../operations/observability-status.md#)",
        1,
    );
    c.open(RTM, &typed);
    let (l, ch) = pos_of(&typed, "observability-status.md#)", 24);
    let anchors = labels(&c.ok("textDocument/completion", c.at(RTM, l, ch)));
    assert!(
        anchors.contains(&"telemetry-coverage".to_string()),
        "{anchors:?}"
    );
    assert!(anchors.contains(&"dashboards".to_string()), "{anchors:?}");
}

/// Apply LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let lines = readyroom::lsp::Lines::new(text);
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let p = |v: &Value| {
                lsp_types::Position::new(
                    u32::try_from(v["line"].as_u64().expect("as the test set it up"))
                        .expect("as the test set it up"),
                    u32::try_from(v["character"].as_u64().expect("as the test set it up"))
                        .expect("as the test set it up"),
                )
            };
            let enc = readyroom::lsp::Encoding::Utf16;
            (
                lines.offset(text, p(&e["range"]["start"]), enc),
                lines.offset(text, p(&e["range"]["end"]), enc),
                e["newText"]
                    .as_str()
                    .expect("as the test set it up")
                    .to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// The document edits of the code action titled `title`, applied to the files of `root`.
fn apply_action(actions: &Value, title: &str, root: &Path) -> Vec<(String, String)> {
    let action = actions
        .as_array()
        .expect("as the test set it up")
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("{title} in {actions}"));
    action["edit"]["documentChanges"]
        .as_array()
        .expect("as the test set it up")
        .iter()
        .map(|d| {
            let path = readyroom::lsp::uri_to_path(
                &d["textDocument"]["uri"]
                    .as_str()
                    .expect("as the test set it up")
                    .parse()
                    .expect("as the test set it up"),
            )
            .expect("as the test set it up");
            let rel = path
                .strip_prefix(root)
                .expect("as the test set it up")
                .to_str()
                .expect("as the test set it up")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("as the test set it up");
            (
                rel,
                apply(&text, d["edits"].as_array().expect("as the test set it up")),
            )
        })
        .collect()
}

fn cli(root: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .env("READYROOM_NOW", NOW)
        .current_dir(root)
        .output()
        .expect("as the test set it up");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn code_actions_are_the_splices_the_command_line_writes() {
    let dir = temp_copy(&sample_dir());
    let root = std::fs::canonicalize(dir.path()).expect("as the test set it up");
    let (mut c, _) = Client::start(&root, &json!({}), &json!({"signer": "Mei Tanaka"}));
    let obs = read(&root, OBS);
    c.open(OBS, &obs);
    let actions_at = |c: &mut Client, rel: &str, text: &str, needle: &str| {
        let (l, ch) = pos_of(text, needle, 3);
        c.ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": c.file_uri(rel)},
                   "range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch}},
                   "context": {"diagnostics": []}}),
        )
    };
    let at_tel7 = actions_at(&mut c, OBS, &obs, "| TEL-007 ");
    let signed = apply_action(&at_tel7, "Sign off TEL-007 as Mei Tanaka", &root);
    let owned = apply_action(&at_tel7, "Set Owner of TEL-007 to Dana Kim", &root);

    let pb = read(&root, PLAYBOOK);
    c.open(PLAYBOOK, &pb);
    let at_alert = actions_at(&mut c, PLAYBOOK, &pb, "| ALR-001 ");
    let widened = apply_action(&at_alert, "Add a Sign-off column", &root);

    // The same change by the command line, on fresh copies.
    let expect = |args: &[&str]| {
        let fresh = temp_copy(&sample_dir());
        cli(fresh.path(), args);
        move |rel: &str| read(fresh.path(), rel)
    };
    let by_cli = expect(&["signoff", ".", "TEL-007", "--as", "Mei Tanaka"]);
    assert_eq!(signed.len(), 2, "the item's file and the change log");
    for (rel, text) in &signed {
        assert_eq!(text, &by_cli(rel), "{rel}");
    }
    let by_cli = expect(&["set", ".", "TEL-007", "Owner", "Dana Kim"]);
    for (rel, text) in &owned {
        assert_eq!(text, &by_cli(rel), "{rel}");
    }
    let by_cli = expect(&[
        "signoff",
        ".",
        "ALR-001",
        "--as",
        "Mei Tanaka",
        "--add-column",
    ]);
    let (rel, text) = &widened[0];
    assert_eq!(rel, PLAYBOOK);
    assert!(text.contains("| Sign-off |"), "{text}");
    assert!(
        by_cli(PLAYBOOK)
            .starts_with(&text[..text.find("| ALR-001").expect("as the test set it up")])
    );
}

#[test]
fn a_malformed_request_is_answered_with_an_error_and_the_server_goes_on() {
    let dir = temp_copy(&sample_dir());
    let (mut c, _) = Client::start(dir.path(), &json!({}), &Value::Null);
    let bad = c.request("textDocument/hover", json!({"bogus": true}));
    assert_eq!(
        bad.response_result.as_ref().err().map(|e| e.code),
        Some(-32602),
        "{bad:?}"
    );
    let unknown = c.request("readyroom/nothing", json!({}));
    assert_eq!(
        unknown.response_result.as_ref().err().map(|e| e.code),
        Some(-32601)
    );
    // A document outside the project, a position far past the end: empty answers.
    let outside = c.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nonexistent/x.md"},
               "position": {"line": 99999, "character": 99999}}),
    );
    assert!(outside.is_null());
    c.settle("textDocument/didChange", json!({"nonsense": 1}));
    let text = read(dir.path(), PLAYBOOK);
    assert!(!c.open(PLAYBOOK, &text).is_empty());
    let far = c.ok("textDocument/completion", c.at(PLAYBOOK, 99999, 99999));
    assert!(labels(&far).is_empty());
}
