//! Hostile input shapes that used to take time or memory growing with the square of the
//! input: each is put into a copy of the sample project and loaded and checked (parse,
//! extract, rules), the way `readyroom check` does; the alert table is also made into a
//! report, the way `readyroom report` does. Each should be linear: well under 0.3 s at
//! these sizes on one core.
//!
//! Run with `cargo bench --bench hostile` (or `-- --quick` for a short run).
//! `tests/hostile_parse.rs` runs the same shapes through the real binary with a generous
//! time bound.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use readyroom::assess::{Assessment, Subject};
use readyroom::cli::report;
use readyroom::clock::Clock;
use readyroom::rules::{Context, rule_ids, run};
use readyroom::store::{Project, load_project};

/// The playbook's path in the sample project.
const PLAYBOOK: &str = "docs/operations/incident-response.md";

/// One hostile shape: a name and the file it writes into the sample project.
struct Shape {
    name: &'static str,
    file: &'static str,
    text: fn(&str) -> String,
}

/// The shapes, at the sizes the figures are quoted for. `text` gets the sample
/// project's playbook, for shapes that extend it.
const SHAPES: &[Shape] = &[
    Shape {
        name: "todo_line_800k",
        file: PLAYBOOK,
        text: |playbook| format!("{playbook}\n{}\n", "TODO ".repeat(160_000)),
    },
    Shape {
        name: "anchor_links_1_3m",
        file: "docs/links.md",
        text: |_| format!("{}\n", "[x](#y) ".repeat(162_500)),
    },
    Shape {
        name: "playbook_line_7_9m",
        file: PLAYBOOK,
        text: |playbook| format!("{playbook}\n{}\n", "word TODO [x](#y) ".repeat(440_000)),
    },
    Shape {
        name: "nested_images_205k",
        file: "docs/images.md",
        text: |_| {
            let n = 205_000 / 7;
            format!("{}{}\n", "![a".repeat(n), "](u)".repeat(n))
        },
    },
    Shape {
        name: "nested_quotes_10k",
        file: "docs/deep.md",
        text: |_| format!("{}x\n", "> ".repeat(5_000)),
    },
    Shape {
        name: "alert_rows_90k",
        file: PLAYBOOK,
        text: alert_rows,
    },
];

/// The playbook with 90,000 more rows in its alert table.
fn alert_rows(playbook: &str) -> String {
    let anchor = "| ALR-003 |";
    let at = playbook.find(anchor).expect("the sample has ALR-003");
    let end = at + playbook[at..].find('\n').expect("row ends") + 1;
    let mut out = playbook[..end].to_string();
    for n in 4..90_004 {
        let _ = writeln!(
            out,
            "| ALR-{n:06} | Alert {n} | above {n} | SEV2 | [r](runbooks/high-error-rate.md) |"
        );
    }
    out.push_str(&playbook[end..]);
    out
}

/// Copy the sample project into `dir`.
fn copy_sample(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_sample(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Load and check a project, as `readyroom check` does.
fn check(dir: &Path) -> (Project, usize) {
    let project = load_project(dir, &rule_ids()).expect("load");
    let ctx = Context::new(
        &project.workspace,
        jiff::civil::date(2026, 12, 1),
        jiff::Timestamp::UNIX_EPOCH,
    );
    let findings = run(&ctx, &project.config).len();
    (project, findings)
}

/// Load, check and build the report, as `readyroom report` does.
fn report_of(dir: &Path) -> String {
    let project = load_project(dir, &rule_ids()).expect("load");
    let clock = Clock {
        today: jiff::civil::date(2026, 12, 1),
        now: jiff::Timestamp::UNIX_EPOCH,
    };
    let assessment = Assessment::new(&project.workspace, &project.config, clock);
    let subject = Subject {
        name: "bench",
        ws: &project.workspace,
        assessment: &assessment,
    };
    let built = report::build(&subject, None);
    report::render_markdown(&built)
}

fn bench_hostile(c: &mut Criterion) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-project");
    let playbook = std::fs::read_to_string(sample.join(PLAYBOOK)).expect("playbook");
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for shape in SHAPES {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_sample(&sample, dir.path());
        std::fs::write(dir.path().join(shape.file), (shape.text)(&playbook)).expect("write");
        group.bench_function(format!("check_{}", shape.name), |b| {
            b.iter(|| black_box(check(dir.path())));
        });
        if shape.name == "alert_rows_90k" {
            group.bench_function(format!("report_{}", shape.name), |b| {
                b.iter(|| black_box(report_of(dir.path())));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_hostile);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
