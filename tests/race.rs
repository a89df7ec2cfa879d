//! Saving while another program saves the same file by rename-over every 2–10 ms, as
//! editors do: 200 edits of one row through `store::save`, another thread editing a
//! different row of the same file. Neither side's save may vanish without the save
//! reporting it: the other program's value must still be there when it next reads the
//! file, and so must ours when we next edit.
//!
//! The other program is a careful one: it swaps its version in with `renameat2`
//! (`RENAME_EXCHANGE`), so it knows when it replaced something other than what it read,
//! and then puts that back and tries again. That way a vanished value can only be
//! readyroom's doing.

#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{sample_dir, temp_copy};
use readyroom::edit::{Edit, plan};
use readyroom::parse::{FileChange, apply_changes};
use readyroom::store::{WriteError, load_project, save};

const OBS: &str = "docs/operations/observability-status.md";
const LOG: &str = "docs/release/change-log.md";
const EDITS: usize = 200;

/// The Owner cell of the row `id` in `text`.
fn owner(text: &str, id: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with(&format!("| {id} |")))?;
    line.split('|').nth(6).map(|c| c.trim().to_string())
}

/// `text` with the Owner cell of row `id` replaced by `value`.
fn with_owner(text: &str, id: &str, value: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            if l.starts_with(&format!("| {id} |")) {
                let mut cells: Vec<String> = l.split('|').map(str::to_string).collect();
                cells[6] = format!(" {value} ");
                cells.join("|")
            } else {
                l.to_string()
            }
        })
        .collect()
}

fn exchange(a: &Path, b: &Path) {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).expect("RENAME_EXCHANGE");
}

/// What the other program saw.
#[derive(Default)]
struct Theirs {
    /// Its saves that replaced exactly what it had read.
    saves: AtomicUsize,
    /// Its values gone from the file when it next read it.
    lost: AtomicUsize,
    /// Times its own swap-back found a newer version in between (its problem, not ours).
    own_trouble: AtomicUsize,
}

/// Save TEL-001's owner as `W<n>` every 2–10 ms until `stop`; count saves whose value is
/// gone the next time the file is read.
fn other_program(path: &Path, stop: &AtomicBool, seen: &Theirs) {
    let tmp = path.with_file_name(".other-program.tmp");
    let mut last: Option<String> = None;
    let mut n = 0u64;
    let mut seed = 0x9e37_79b9_u64;
    while !stop.load(Ordering::SeqCst) {
        let mut text = fs::read_to_string(path).expect("read");
        if let Some(v) = &last
            && owner(&text, "TEL-001").as_deref() != Some(v.as_str())
        {
            // A save that found someone else's version in place swaps it back at once;
            // only a value still gone a moment later is lost.
            std::thread::sleep(Duration::from_millis(50));
            text = fs::read_to_string(path).expect("read");
            if owner(&text, "TEL-001").as_deref() != Some(v.as_str()) {
                seen.lost.fetch_add(1, Ordering::SeqCst);
            }
        }
        n += 1;
        let value = format!("W{n}");
        let new = with_owner(&text, "TEL-001", &value);
        fs::write(&tmp, &new).expect("write temp");
        if fs::read_to_string(path).expect("re-read") != text {
            fs::remove_file(&tmp).expect("remove temp");
            continue;
        }
        exchange(&tmp, path);
        let displaced = fs::read_to_string(&tmp).expect("read displaced");
        if displaced == text {
            last = Some(value);
            seen.saves.fetch_add(1, Ordering::SeqCst);
        } else {
            // Someone saved between our read and our swap: put theirs back.
            exchange(&tmp, path);
            if fs::read_to_string(&tmp).expect("read back") != new {
                // A newer save came in between our two swaps: it goes back in place.
                exchange(&tmp, path);
                seen.own_trouble.fetch_add(1, Ordering::SeqCst);
            }
            fs::remove_file(&tmp).expect("remove temp");
            continue;
        }
        fs::remove_file(&tmp).expect("remove temp");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(2 + seed % 9));
    }
}

#[test]
fn no_save_is_lost_to_a_program_saving_by_rename_every_few_milliseconds() {
    let dir = temp_copy(&sample_dir());
    let root = dir.path().to_path_buf();
    let path = root.join(OBS);
    let stop = Arc::new(AtomicBool::new(false));
    let theirs = Arc::new(Theirs::default());
    let other = {
        let (path, stop, theirs) = (path.clone(), Arc::clone(&stop), Arc::clone(&theirs));
        std::thread::spawn(move || other_program(&path, &stop, &theirs))
    };
    let started = Instant::now();
    let (mut ours_lost, mut saved, mut reported) = (0, 0, Vec::new());
    let mut last: Option<String> = None;
    let mut project = load_project(&root, &readyroom::rules::rule_ids()).expect("load");
    for i in 0..EDITS {
        if let Some(v) = &last {
            // The same measure as the other program's: it swaps back at once a version
            // it displaced, so only a value still gone a moment later is lost (under
            // load the moment between its two swaps can be long).
            let holds = |text: &str| owner(text, "TEL-004").as_deref() == Some(v.as_str());
            if !holds(&fs::read_to_string(&path).expect("read")) {
                std::thread::sleep(Duration::from_millis(50));
                if !holds(&fs::read_to_string(&path).expect("read")) {
                    ours_lost += 1;
                }
            }
        }
        let value = format!("R{i}");
        let edit = Edit::Set {
            item: "TEL-004".into(),
            field: "Owner".into(),
            value: value.clone(),
            expect: None,
        };
        let p = plan(&project.workspace, &edit, LOG).expect("plan");
        match save(
            &project.root,
            &project.workspace,
            &project.config,
            &p,
            &mut |_, _| {},
        ) {
            Ok(written) => {
                saved += 1;
                last = Some(value);
                // What the app does after a save: take the written text as loaded.
                let changes = written
                    .into_iter()
                    .map(|w| (w.path, FileChange::Text(w.text)))
                    .collect();
                apply_changes(&mut project.workspace, changes, &project.config);
            }
            Err(e @ WriteError::Raced { .. }) => reported.push(e.to_string()),
            Err(e @ (WriteError::Overwrote { saved: false, .. } | WriteError::Conflict { .. })) => {
                // Reported: ours may or may not be in the file; start again from disk.
                reported.push(e.to_string());
                last = None;
                project = load_project(&root, &readyroom::rules::rule_ids()).expect("load");
            }
            Err(e) => panic!("edit {i}: {e}"),
        }
    }
    stop.store(true, Ordering::SeqCst);
    other.join().expect("other program");
    let end = fs::read_to_string(&path).expect("read");
    if let Some(v) = &last
        && owner(&end, "TEL-004").as_deref() != Some(v.as_str())
    {
        ours_lost += 1;
    }
    let their_saves = theirs.saves.load(Ordering::SeqCst);
    eprintln!(
        "{saved} of {EDITS} edits saved, {} reported ({} kept a version aside), {their_saves} \
         saves by the other program ({} lost, {} own retries), {:?}",
        reported.len(),
        reported
            .iter()
            .filter(|r| r.contains("readyroom-theirs"))
            .count(),
        theirs.lost.load(Ordering::SeqCst),
        theirs.own_trouble.load(Ordering::SeqCst),
        started.elapsed()
    );
    assert!(
        their_saves > 100,
        "the other program saved only {their_saves} times"
    );
    assert_eq!(
        theirs.lost.load(Ordering::SeqCst),
        0,
        "the other program's saves lost"
    );
    assert_eq!(ours_lost, 0, "our saves lost");
    // A save every few milliseconds leaves some edits no moment to land in: those are
    // refused and reported, never half-done.
    assert!(saved >= EDITS / 10, "too few saves: {:?}", reported.first());
    let leftovers: Vec<String> = fs::read_dir(path.parent().expect("folder"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    let kept = reported
        .iter()
        .filter(|r| r.contains("readyroom-theirs"))
        .count();
    assert_eq!(
        leftovers
            .iter()
            .filter(|n| n.starts_with(".readyroom-theirs-"))
            .count(),
        kept,
        "one kept version per report, no temporary file: {leftovers:?}"
    );
    assert_eq!(leftovers.len(), kept, "{leftovers:?}");
    assert!(started.elapsed() < Duration::from_secs(120), "sanity bound");
}
