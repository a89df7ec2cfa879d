//! The language server's refresh after an edit: a generated tree whose RTM has 5,000
//! requirement rows is open in the editor; one cell of the RTM buffer changes, and the
//! server re-parses the buffers over the tree, re-runs every rule and publishes the
//! diagnostics (`didChange` → `publishDiagnostics`). Target: under 50 ms.
//!
//! Run with `cargo bench --bench lsp` (or `-- --quick` for a short run).
#![allow(missing_docs)] // criterion_group! generates undocumented items.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use lsp_server::Notification;
use lsp_types::InitializeParams;
use readyroom::lsp::{Server, path_to_uri};
use serde_json::json;

const RTM: &str = "docs/requirements/RTM.md";

fn bench_refresh(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_tree(dir.path(), 5_000);
    let root = std::fs::canonicalize(dir.path()).expect("root");
    let clock = readyroom::clock::resolve(
        None,
        Some("2026-12-01T10:00:00+01:00"),
        jiff::Timestamp::now(),
        &jiff::tz::TimeZone::UTC,
    )
    .expect("clock");
    let mut server = Server::new(&InitializeParams::default(), &root, clock);
    let uri = path_to_uri(&root.join(RTM)).expect("uri");
    let text = std::fs::read_to_string(root.join(RTM)).expect("the RTM");
    let rows = text.lines().filter(|l| l.starts_with("| ")).count();
    assert!(rows >= 5_000, "{rows} rows");
    server.notification(Notification::new(
        "textDocument/didOpen".to_string(),
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    ));
    // Two versions of the buffer, one cell apart, edited in turn.
    let at = text.find("| Verified |").unwrap_or(text.len() / 2);
    let versions = [
        text.clone(),
        format!(
            "{}| Planned  |{}",
            &text[..at],
            &text[at + "| Verified |".len()..]
        ),
    ];
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("refresh_after_edit_rtm_5000_rows", |b| {
        b.iter(|| {
            version += 1;
            let change = Notification::new(
                "textDocument/didChange".to_string(),
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"text": versions[version % 2]}]}),
            );
            black_box(server.notification(change))
        });
    });
    group.finish();
}

criterion_group!(benches, bench_refresh);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
