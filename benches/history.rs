//! `readyroom history` over a generated repository: the 10,000-requirement tree made by
//! `readyroom::synth::generate`, committed, then changed and committed again until the
//! docs have 500 commits (`READYROOM_BENCH_COMMITS` sets another count). Two figures:
//! `first_run` with an empty cache (every commit read from git objects and assessed),
//! and `cached_run` with the cache the first run left (only the commit list is read).
//!
//! Run with `cargo bench --bench history`; building the repository takes a while, once
//! per run.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use criterion::{Criterion, criterion_group};

fn git(dir: &Path, args: &[&str], at: u64) {
    let date = format!("{at} +0000");
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .stdout(Stdio::null())
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

/// Build the repository: the generated tree as the first commit, then one small
/// change per commit to a generated runbook (a new line in it), an hour apart.
fn build_repo(dir: &Path, commits: usize) {
    common::write_tree(dir, 10_000);
    let start = 1_790_000_000;
    git(dir, &["init", "-q"], start);
    git(dir, &["add", "-A"], start);
    git(dir, &["commit", "-qm", "tree"], start);
    let runbooks: Vec<std::path::PathBuf> = readyroom::store::scan_tree(dir)
        .into_iter()
        .filter(|p| p.contains("runbook"))
        .map(|p| dir.join(p))
        .collect();
    assert!(!runbooks.is_empty(), "the generated tree has runbooks");
    for i in 1..commits {
        let file = &runbooks[i % runbooks.len()];
        let mut text = std::fs::read_to_string(file).expect("read");
        let _ = write!(text, "\nNote {i}: checked during the weekly review.\n");
        std::fs::write(file, text).expect("write");
        let at = start + 3600 * i as u64;
        git(dir, &["commit", "-qam", &format!("note {i}")], at);
    }
}

/// One `readyroom history --format json` run with its cache in `cache`.
fn history(dir: &Path, cache: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["history", "--format", "json"])
        .arg(dir)
        .env("READYROOM_CACHE_DIR", cache)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn");
    assert_eq!(status.code(), Some(0));
}

fn bench_history(c: &mut Criterion) {
    let commits = std::env::var("READYROOM_BENCH_COMMITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let repo = tempfile::tempdir().expect("tempdir");
    build_repo(repo.path(), commits);
    let cache = tempfile::tempdir().expect("cache");
    let mut group = c.benchmark_group(format!("history_{commits}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("first_run", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let _ = std::fs::remove_dir_all(cache.path().join("history"));
                let t = Instant::now();
                history(repo.path(), cache.path());
                total += t.elapsed();
            }
            total
        });
    });
    history(repo.path(), cache.path());
    group.bench_function("cached_run", |b| {
        b.iter(|| history(repo.path(), cache.path()));
    });
    group.finish();
}

criterion_group!(benches, bench_history);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
