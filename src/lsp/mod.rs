//! `readyroom lsp`: a language server on stdio over the same core as the command line
//! and the TUI — the buffers the editor holds are parsed by [`crate::parse`], judged by
//! [`crate::assess`] and edited by [`crate::edit`]'s splices; nothing is parsed or
//! judged twice.
//!
//! Diagnostics are published for every document of the tree on open and change (from
//! the editor's buffer, not the file on disk) and, re-reading the tree, on save. Hover,
//! go to definition, references, completion and code actions (sign off, fill Owner, add
//! a Sign-off column) answer from the same workspace. Positions are counted in UTF-8
//! when the client offers it, else in UTF-16. A request that cannot be read is answered
//! with an error; the server goes on.

mod features;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionParams, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentChanges, GotoDefinitionParams, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, PositionEncodingKind,
    PublishDiagnosticsParams, ReferenceParams, ServerCapabilities, ServerInfo, TextDocumentEdit,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextEdit, Uri, WorkspaceEdit,
};

pub use features::{Completion, Offer, Place, Target};
pub use text::{Encoding, Lines};

use crate::assess::Assessment;
use crate::clock::Clock;
use crate::config::ProjectConfig;
use crate::edit::{Edit, EditError, FilePlan, column_first, plan};
use crate::model::{FieldKey, FileDiagnostic, Workspace, inert};
use crate::parse::{FileChange, apply_changes, workspace_from_sources};
use crate::rules::{Severity, rule_ids};
use crate::store::{canonical, is_markdown, load_project};

/// Why the language server stopped before its client said `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// The client broke the protocol (or went away mid-message).
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The connection's channel closed.
    #[error("the editor's connection closed: {0}")]
    Closed(String),
    /// Standard input or output failed.
    #[error("standard input/output: {0}")]
    Io(#[from] std::io::Error),
}

/// Serve the editor on standard input and output until it says `exit`.
/// `clock` pins today and now for the rules, as for `check`.
pub fn run_stdio(root: &Path, clock: Clock) -> Result<(), LspError> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, root, clock)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// Serve one client on `connection`: the handshake, then requests and notifications
/// until `shutdown`. `fallback_root` is the docs project when the client names no
/// workspace folder; `clock` pins today and now for the rules.
pub fn serve(connection: &Connection, fallback_root: &Path, clock: Clock) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut server = Server::new(&params, fallback_root, clock);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": ServerInfo {
            name: "readyroom".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    connection.initialize_finish(id, result)?;
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let response = server.request(req);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                for out in server.notification(n) {
                    send(connection, Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<(), LspError> {
    connection
        .sender
        .send(message)
        .map_err(|e| LspError::Closed(e.to_string()))
}

/// The server's state: the project, the editor's open buffers, and the workspace and
/// assessment they were last parsed into.
pub struct Server {
    root: PathBuf,
    config: ProjectConfig,
    disk: BTreeMap<String, String>,
    others: Vec<String>,
    unreadable: Vec<FileDiagnostic>,
    buffers: HashMap<String, String>,
    ws: Workspace,
    assessment: Assessment,
    clock: Clock,
    encoding: Encoding,
    signer: Option<String>,
    published: HashMap<String, Vec<Diagnostic>>,
    load_problem: Option<String>,
}

impl Server {
    /// A server for the project the client's first workspace folder (or root URI, or
    /// `fallback_root`) holds, read from disk, judged at `clock`.
    pub fn new(params: &InitializeParams, fallback_root: &Path, clock: Clock) -> Server {
        let folder = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone());
        #[allow(deprecated)]
        let root_uri = folder.or_else(|| params.root_uri.clone());
        let root = root_uri
            .as_ref()
            .and_then(uri_to_path)
            .unwrap_or_else(|| fallback_root.to_path_buf());
        let root = canonical(&root);
        let offered_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let signer = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("signer"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                let loaded = crate::user_config::UserConfig::load(
                    crate::user_config::config_dir().as_deref(),
                    &[],
                );
                crate::user_config::signer(None, &loaded.config, &root)
                    .ok()
                    .flatten()
            });
        let config = ProjectConfig::default();
        let ws = Workspace::default();
        let assessment = Assessment::new(&ws, &config, clock);
        let mut server = Server {
            root,
            config,
            disk: BTreeMap::new(),
            others: Vec::new(),
            unreadable: Vec::new(),
            buffers: HashMap::new(),
            ws,
            assessment,
            clock,
            encoding: if offered_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            signer,
            published: HashMap::new(),
            load_problem: None,
        };
        server.reload();
        server
    }

    /// The position encoding negotiated.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The workspace the buffers were last parsed into.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// What the server can do.
    pub fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["#".to_string(), "|".to_string()]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        }
    }

    /// Read the project from disk again (config and files), then re-parse with the
    /// open buffers over it.
    pub fn reload(&mut self) {
        match load_project(&self.root, &rule_ids()) {
            Ok(project) => {
                self.load_problem = None;
                self.config = project.config;
                let ws = project.workspace;
                self.disk = ws.docs.into_iter().map(|d| (d.path, d.source)).collect();
                self.others = ws
                    .files
                    .into_iter()
                    .filter(|f| !self.disk.contains_key(f))
                    .collect();
                self.unreadable = ws.diagnostics;
            }
            Err(e) => self.load_problem = Some(e.to_string()),
        }
        self.reparse();
    }

    /// Parse the disk's documents with the open buffers over them, and judge them.
    pub fn reparse(&mut self) {
        let mut sources: BTreeMap<&str, &str> = self
            .disk
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        for (p, t) in &self.buffers {
            sources.insert(p, t);
        }
        let sources: Vec<(String, String)> = sources
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let unreadable = self
            .unreadable
            .iter()
            .filter(|d| !self.buffers.contains_key(&d.path))
            .cloned()
            .collect();
        let others = self
            .others
            .iter()
            .filter(|p| !self.buffers.contains_key(*p))
            .cloned()
            .collect();
        self.ws = workspace_from_sources(sources, others, unreadable, &self.config);
        self.assessment = Assessment::new(&self.ws, &self.config, self.clock);
    }

    /// The project-relative path of a document URI inside the project.
    fn rel(&self, uri: &Uri) -> Option<String> {
        let path = uri_to_path(uri)?;
        let path = canonical(&path);
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }

    fn uri(&self, rel: &str) -> Option<Uri> {
        path_to_uri(&self.root.join(rel))
    }

    fn source(&self, rel: &str) -> Option<&str> {
        self.ws.doc(rel).map(|d| d.source.as_str())
    }

    fn offset(&self, rel: &str, pos: lsp_types::Position) -> Option<usize> {
        let text = self.source(rel)?;
        Some(Lines::new(text).offset(text, pos, self.encoding))
    }

    fn location(&self, place: &Place) -> Option<Location> {
        let text = self.source(&place.path)?;
        let range = Lines::new(text).range(text, place.span.start, place.span.end, self.encoding);
        Some(Location::new(self.uri(&place.path)?, range))
    }

    /// The diagnostics of one document.
    pub fn diagnostics(&self, rel: &str) -> Vec<Diagnostic> {
        let text = self.source(rel).unwrap_or("");
        let lines = Lines::new(text);
        let mut out: Vec<Diagnostic> = features::findings_in(&self.assessment, rel)
            .map(|f| {
                let range = if f.span == crate::model::Span::default() {
                    let at = lines.offset(
                        text,
                        lsp_types::Position::new(
                            u32::try_from(f.line.saturating_sub(1)).unwrap_or(0),
                            0,
                        ),
                        self.encoding,
                    );
                    lines.range(text, at, at, self.encoding)
                } else {
                    lines.range(text, f.span.start, f.span.end, self.encoding)
                };
                Diagnostic {
                    range,
                    severity: Some(match f.severity {
                        Severity::Error => DiagnosticSeverity::ERROR,
                        Severity::Warning => DiagnosticSeverity::WARNING,
                    }),
                    code: Some(NumberOrString::String(f.rule.as_str().to_string())),
                    source: Some("readyroom".to_string()),
                    message: f.message.clone(),
                    ..Diagnostic::default()
                }
            })
            .collect();
        if let Some(problem) = &self.load_problem {
            out.push(Diagnostic {
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("readyroom".to_string()),
                message: inert(problem).into_owned(),
                ..Diagnostic::default()
            });
        }
        out
    }

    /// `publishDiagnostics` for every document whose diagnostics differ from those
    /// published last (an empty list for one that has none any more); the open
    /// buffers' always.
    fn publish(&mut self) -> Vec<Notification> {
        let mut files: HashSet<String> = self
            .assessment
            .findings
            .iter()
            .map(|f| f.file.clone())
            .collect();
        files.extend(self.buffers.keys().cloned());
        files.extend(self.published.keys().cloned());
        let mut files: Vec<String> = files.into_iter().collect();
        files.sort();
        let mut out = Vec::new();
        for rel in files {
            let diagnostics = self.diagnostics(&rel);
            let same = self.published.get(&rel) == Some(&diagnostics);
            if same && !self.buffers.contains_key(&rel) {
                continue;
            }
            let Some(uri) = self.uri(&rel) else { continue };
            out.push(Notification::new(
                "textDocument/publishDiagnostics".to_string(),
                PublishDiagnosticsParams {
                    uri,
                    diagnostics: diagnostics.clone(),
                    version: None,
                },
            ));
            if diagnostics.is_empty() {
                self.published.remove(&rel);
            } else {
                self.published.insert(rel, diagnostics);
            }
        }
        out
    }

    /// Re-parse one document from its buffer (or, closed, from disk) into the
    /// workspace, and judge the workspace again.
    fn update(&mut self, rel: &str) {
        let change = match self.buffers.get(rel).or_else(|| self.disk.get(rel)) {
            Some(text) => FileChange::Text(text.clone()),
            None => FileChange::Removed,
        };
        apply_changes(&mut self.ws, vec![(rel.to_string(), change)], &self.config);
        self.assessment = Assessment::after(&self.assessment, &self.ws, &self.config, self.clock);
    }

    /// Handle a notification; the notifications to send back (diagnostics).
    pub fn notification(&mut self, n: Notification) -> Vec<Notification> {
        let rel = match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = n.extract::<DidOpenTextDocumentParams>("textDocument/didOpen") else {
                    return Vec::new();
                };
                let Some(rel) = self.rel(&p.text_document.uri).filter(|r| is_markdown(r)) else {
                    return Vec::new();
                };
                self.buffers.insert(rel.clone(), p.text_document.text);
                rel
            }
            "textDocument/didChange" => {
                let Ok(p) = n.extract::<DidChangeTextDocumentParams>("textDocument/didChange")
                else {
                    return Vec::new();
                };
                let Some(rel) = self.rel(&p.text_document.uri) else {
                    return Vec::new();
                };
                let Some(text) = self.buffers.get_mut(&rel) else {
                    return Vec::new();
                };
                for change in p.content_changes {
                    match change.range {
                        None => *text = change.text,
                        Some(range) => {
                            let lines = Lines::new(text);
                            let start = lines.offset(text, range.start, self.encoding);
                            let end = lines.offset(text, range.end, self.encoding).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                    }
                }
                rel
            }
            "textDocument/didSave" => {
                if n.extract::<DidSaveTextDocumentParams>("textDocument/didSave")
                    .is_err()
                {
                    return Vec::new();
                }
                self.reload();
                return self.publish();
            }
            "textDocument/didClose" => {
                let Ok(p) = n.extract::<DidCloseTextDocumentParams>("textDocument/didClose") else {
                    return Vec::new();
                };
                let Some(rel) = self.rel(&p.text_document.uri) else {
                    return Vec::new();
                };
                if self.buffers.remove(&rel).is_none() {
                    return Vec::new();
                }
                rel
            }
            _ => return Vec::new(),
        };
        self.update(&rel);
        self.publish()
    }

    /// Answer a request; a request that cannot be read, or that the server does not
    /// know, is answered with an error.
    pub fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/hover" => params::<HoverParams>(req)
                .map(|p| json(self.hover(&p.text_document_position_params))),
            "textDocument/definition" => params::<GotoDefinitionParams>(req)
                .map(|p| json(self.definition(&p.text_document_position_params))),
            "textDocument/references" => params::<ReferenceParams>(req)
                .map(|p| json(self.references(&p.text_document_position))),
            "textDocument/completion" => params::<CompletionParams>(req)
                .map(|p| json(self.completion(&p.text_document_position))),
            "textDocument/codeAction" => {
                params::<CodeActionParams>(req).map(|p| json(self.code_actions(&p)))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("readyroom does not answer {}", inert(other)),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn at(&self, p: &TextDocumentPositionParams) -> Option<(String, usize)> {
        let rel = self.rel(&p.text_document.uri)?;
        let offset = self.offset(&rel, p.position)?;
        Some((rel, offset))
    }

    fn hover(&self, p: &TextDocumentPositionParams) -> Option<Hover> {
        let (rel, offset) = self.at(p)?;
        let value = features::hover(&self.ws, &self.assessment, &rel, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: None,
        })
    }

    fn definition(&self, p: &TextDocumentPositionParams) -> Option<Location> {
        let (rel, offset) = self.at(p)?;
        self.location(&features::definition(&self.ws, &rel, offset)?)
    }

    fn references(&self, p: &TextDocumentPositionParams) -> Vec<Location> {
        let Some((rel, offset)) = self.at(p) else {
            return Vec::new();
        };
        features::references(&self.ws, &rel, offset)
            .iter()
            .filter_map(|place| self.location(place))
            .collect()
    }

    fn completion(&self, p: &TextDocumentPositionParams) -> Vec<CompletionItem> {
        let Some((rel, offset)) = self.at(p) else {
            return Vec::new();
        };
        features::completions(&self.ws, &rel, offset)
            .into_iter()
            .map(|c| CompletionItem {
                label: inert(&c.label).into_owned(),
                detail: Some(inert(&c.detail).into_owned()),
                kind: Some(match c.offer {
                    Offer::Id => CompletionItemKind::REFERENCE,
                    Offer::Contact => CompletionItemKind::VALUE,
                    Offer::Severity => CompletionItemKind::ENUM_MEMBER,
                    Offer::Anchor => CompletionItemKind::FILE,
                }),
                ..CompletionItem::default()
            })
            .collect()
    }

    /// A code action: `edit` planned on the buffers, as a workspace edit.
    fn action(&self, title: &str, edit: &Edit) -> Option<CodeActionOrCommand> {
        let planned = plan(
            &self.ws,
            edit,
            self.config.path(crate::model::Role::ChangeLog),
        )
        .ok()?;
        if planned.is_empty() {
            return None;
        }
        let mut changes = Vec::new();
        for file in &planned.files {
            changes.push(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: self.uri(&file.path)?,
                    version: None,
                },
                edits: self
                    .text_edits(file)?
                    .into_iter()
                    .map(OneOf::Left)
                    .collect(),
            });
        }
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: inert(title).into_owned(),
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(changes)),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }))
    }

    fn text_edits(&self, file: &FilePlan) -> Option<Vec<TextEdit>> {
        let text = self.source(&file.path)?;
        let lines = Lines::new(text);
        Some(
            file.splices
                .iter()
                .map(|s| TextEdit {
                    range: lines.range(text, s.span.start, s.span.end, self.encoding),
                    new_text: s.replacement.clone(),
                })
                .collect(),
        )
    }

    /// Sign off the item under the cursor (adding its table's missing Sign-off column
    /// first, as its own action), and fill its empty Owner from the contacts.
    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(rel) = self.rel(&p.text_document.uri) else {
            return Vec::new();
        };
        let Some(offset) = self.offset(&rel, p.range.start) else {
            return Vec::new();
        };
        let Some(item) = features::item_at(&self.ws, &rel, offset) else {
            return Vec::new();
        };
        let changelog = self.config.path(crate::model::Role::ChangeLog);
        let mut actions = Vec::new();
        if let Some(signer) = &self.signer {
            let sign = Edit::SignOff {
                item: item.id.clone(),
                signer: signer.clone(),
                date: self.clock.today,
            };
            match plan(&self.ws, &sign, changelog) {
                Ok(_) => {
                    actions
                        .extend(self.action(&format!("Sign off {} as {signer}", item.id), &sign));
                }
                Err(EditError::NeedsSignOffColumn { .. }) => {
                    if let Some(widen) = column_first(&self.ws, &sign, changelog) {
                        actions.extend(self.action("Add a Sign-off column to this table", &widen));
                    }
                }
                Err(_) => {}
            }
        }
        if item.has(&FieldKey::Owner) && item.text(&FieldKey::Owner).trim().is_empty() {
            for contact in self.ws.items_of(crate::model::ItemKind::Contact) {
                let name = contact.text(&FieldKey::Name).trim();
                if name.is_empty() {
                    continue;
                }
                let set = Edit::Set {
                    item: item.id.clone(),
                    field: "Owner".to_string(),
                    value: name.to_string(),
                    expect: Some(String::new()),
                };
                actions.extend(self.action(&format!("Set Owner of {} to {name}", item.id), &set));
            }
        }
        actions
    }
}

/// A request's parameters, or the error that answers it.
fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("{}: the parameters cannot be read: {e}", req.method),
        )
    })
}

fn json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The file a `file:` URI names (percent-decoded), or `None` for another scheme.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.get(rest.find('/')?..)?;
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The `file:` URI of an absolute path, percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out.parse().ok()
}
