//! Large documents are parsed in pieces on several cores: the pieces must give exactly
//! the document a single parse gives — every span, line, column, section and heading
//! anchor — and documents that are not safe to cut are not cut.

mod common;

use readyroom::model::Role;
use readyroom::parse::{parse_document, parse_document_in, split_points};

fn same_whole_and_split(path: &str, text: &str, role: Option<Role>) {
    let whole = parse_document_in(path, text.to_string(), role, 1).expect("whole");
    let split = parse_document_in(path, text.to_string(), role, 4).expect("split");
    assert_eq!(whole, split, "{path}: the split parse differs");
    // As loading cuts it: pieces of about 128 KiB, as many as the document holds.
    let default = parse_document(path, text.to_string(), role).expect("default");
    assert_eq!(
        whole, default,
        "{path}: the parse in default pieces differs"
    );
    // Far more pieces than headings to cut at: every candidate cut is used.
    let fine = parse_document_in(path, text.to_string(), role, 1_000).expect("fine");
    assert_eq!(
        whole, fine,
        "{path}: the parse in many small pieces differs"
    );
}

#[test]
fn generated_trees_parse_the_same_in_pieces() {
    for (path, text) in readyroom::synth::generate(2_000, 7) {
        if text.len() >= 256 * 1024 {
            assert!(!split_points(&text, 4).is_empty(), "{path} should be cut");
        }
        same_whole_and_split(&path, &text, Some(Role::Rtm));
    }
}

/// The sample's documents repeated until large, with the features that make cutting
/// risky: front matter, fenced code holding `# ` lines, duplicate headings, task items,
/// settings, tables, CRLF.
fn big_sample(crlf: bool) -> Vec<(String, String)> {
    let dir = common::sample_dir();
    let mut out = Vec::new();
    for rel in [
        "docs/operations/incident-response.md",
        "docs/operations/observability-status.md",
        "docs/requirements/RTM.md",
        "docs/design/HLD.md",
    ] {
        let one = std::fs::read_to_string(dir.join(rel)).expect("read");
        let mut text = String::from("---\ntitle: big\n# not a heading: yaml comment\n---\n\n");
        text.push_str("```sh\n# a shell comment, not a heading\necho ok\n```\n\n");
        while text.len() < 300 * 1024 {
            text.push_str(&one);
            text.push('\n');
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        out.push((rel.to_string(), text));
    }
    out
}

#[test]
fn large_real_documents_parse_the_same_in_pieces_lf_and_crlf() {
    for crlf in [false, true] {
        for (path, text) in big_sample(crlf) {
            let cuts = split_points(&text, 4);
            assert!(!cuts.is_empty(), "{path} should be cut");
            for c in &cuts {
                assert!(text[*c..].starts_with('#'), "cut at a heading");
            }
            let role = if path.ends_with("RTM.md") {
                Some(Role::Rtm)
            } else {
                Some(Role::Playbook)
            };
            same_whole_and_split(&path, &text, role);
        }
    }
}

#[test]
fn documents_that_are_unsafe_to_cut_are_parsed_whole() {
    let filler = "## Section\n\nSome text with a [link][ref].\n\n".repeat(8_000);
    let with_refs = format!("{filler}\n[ref]: https://example.com\n");
    assert!(
        split_points(&with_refs, 4).is_empty(),
        "reference definitions span pieces"
    );
    let with_html = format!("<div>\n\n{filler}\n</div>\n");
    assert!(
        split_points(&with_html, 4).is_empty(),
        "HTML blocks span pieces"
    );
    let open_fence = format!("```\n{filler}");
    assert!(
        split_points(&open_fence, 4).is_empty(),
        "an unclosed fence swallows the rest"
    );
    let lone_cr = filler.replace('\n', "\r");
    assert!(split_points(&lone_cr, 4).is_empty());
    same_whole_and_split("docs/x.md", &with_refs, None);
}
