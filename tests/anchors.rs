//! Heading anchors the way the site renders them: the style is detected from the site
//! generator's file at the project root (`mkdocs.yml`, `hugo.toml`, a Hugo
//! `config.toml`) or set with `[links] anchors`, broken-link findings name the style,
//! and "did you mean" picks the nearest heading.

mod common;

use std::path::Path;

use readyroom::rules::{Context, Finding, rule_ids, run};
use readyroom::store::load_project;

const GUIDE: &str = "docs/guide.md";

/// A guide whose headings render differently per site, linking to itself.
const GUIDE_TEXT: &str = "# Guide

### Executive Swoop - Wants Information

## Café déjà vu

## Setup

## Setup

See [swoop](#executive-swoop-wants-information), [café](#cafe-deja-vu) and
[second setup](#setup_1).
";

fn check(root: &Path) -> Vec<Finding> {
    let project = load_project(root, &rule_ids()).expect("load");
    let ctx = Context::new(
        &project.workspace,
        jiff::civil::date(2026, 12, 1),
        common::NOW.parse().expect("instant"),
    );
    run(&ctx, &project.config)
        .into_iter()
        .filter(|f| f.rule == "broken-link" && f.file == GUIDE)
        .collect()
}

fn tree(site_file: Option<(&str, &str)>, guide: &str) -> tempfile::TempDir {
    let dir = common::temp_copy(&common::sample_dir());
    std::fs::write(dir.path().join(GUIDE), guide).expect("write guide");
    if let Some((name, text)) = site_file {
        std::fs::write(dir.path().join(name), text).expect("write site file");
    }
    dir
}

#[test]
fn a_mkdocs_site_resolves_python_markdown_anchors() {
    let dir = tree(Some(("mkdocs.yml", "site_name: Checkout\n")), GUIDE_TEXT);
    let fs = check(dir.path());
    assert!(fs.is_empty(), "{fs:#?}");
}

#[test]
fn without_a_site_file_github_rules_apply_and_the_finding_says_so() {
    let dir = tree(None, GUIDE_TEXT);
    let fs = check(dir.path());
    let anchors: Vec<&str> = fs
        .iter()
        .map(|f| {
            let from = f.message.find('#').expect("anchor") + 1;
            let to = f.message[from..].find(' ').expect("end") + from;
            &f.message[from..to]
        })
        .collect();
    assert_eq!(
        anchors,
        [
            "executive-swoop-wants-information",
            "cafe-deja-vu",
            "setup_1"
        ],
        "{fs:#?}"
    );
    assert!(
        fs[0]
            .message
            .contains("under GitHub anchor rules (the default)"),
        "{}",
        fs[0].message
    );
    assert!(
        fs[0]
            .message
            .contains("did you mean #executive-swoop---wants-information?"),
        "{}",
        fs[0].message
    );
}

#[test]
fn a_mkdocs_finding_names_the_rules_and_the_file_they_came_from() {
    let guide = "# Guide\n\n### Executive Swoop - Wants Information\n\n\
                 [github form](#executive-swoop---wants-information)\n";
    let dir = tree(Some(("mkdocs.yml", "site_name: Checkout\n")), guide);
    let fs = check(dir.path());
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(
        fs[0].message,
        "docs/guide.md has no heading with anchor #executive-swoop---wants-information under \
         MkDocs anchor rules (detected from mkdocs.yml) (did you mean \
         #executive-swoop-wants-information?); fix the anchor or add the heading"
    );
}

#[test]
fn hugo_is_detected_from_its_config_and_the_setting_wins_over_detection() {
    // Hugo names a heading with no letters `heading`; GitHub leaves it empty.
    let guide = "# Guide\n\n## Many   spaces - here\n\n## ???\n\n\
                 [a](#many---spaces---here) [b](#heading)\n";
    let dir = tree(
        Some(("config.toml", "baseURL = \"https://docs.example.com/\"\n")),
        guide,
    );
    assert!(check(dir.path()).is_empty());
    // The same tree under GitLab's rules: runs of `-` collapse.
    let config = dir.path().join("readyroom.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}\n[links]\nanchors = \"gitlab\"\n")).expect("write");
    let fs = check(dir.path());
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(
        fs[0].message.contains(
            "#many---spaces---here under GitLab anchor rules ([links] anchors in readyroom.toml) \
             (did you mean #many-spaces-here?)"
        ),
        "{}",
        fs[0].message
    );
    // A config.toml that is not Hugo's changes nothing.
    let dir = tree(Some(("config.toml", "[tool]\nname = \"x\"\n")), guide);
    let fs = check(dir.path());
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert!(
        fs[0]
            .message
            .contains("#heading under GitHub anchor rules (the default)"),
        "{}",
        fs[0].message
    );
}

#[test]
fn did_you_mean_picks_the_nearest_heading_or_none() {
    let guide = "# Guide\n\n## 1. Context\n\n## Secrets rotation\n\n## Security review\n\n\
                 ## 4. Capacity planning\n\n\
                 [a](#1-contxt) [b](#secrity-review) [c](#secrets-rotaton) \
                 [d](#4-capacity) [e](#deployment-pipeline)\n";
    let dir = tree(None, guide);
    let fs = check(dir.path());
    let hints: Vec<Option<&str>> = fs
        .iter()
        .map(|f| {
            f.message
                .split_once("did you mean #")
                .map(|(_, rest)| rest.split('?').next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        hints,
        [
            Some("1-context"),
            Some("security-review"),
            Some("secrets-rotation"),
            Some("4-capacity-planning"),
            None
        ],
        "{fs:#?}"
    );
}
