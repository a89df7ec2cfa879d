//! `readyroom completions SHELL` and `readyroom man`: generated from the command-line
//! definition, so every subcommand is in them.

use std::process::{Command, Output};

fn readyroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(args)
        .output()
        .expect("run readyroom")
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = readyroom(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).expect("utf-8");
        assert!(!script.trim().is_empty(), "{shell}");
        for sub in ["check", "signoff", "init", "report", "oncall"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
}

#[test]
fn an_unknown_shell_is_refused() {
    let out = readyroom(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff() {
    let out = readyroom(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(page.starts_with(".TH"), "{}", &page[..80.min(page.len())]);
    assert!(page.contains("readyroom"));
    for sub in ["check", "report", "init"] {
        assert!(page.contains(sub), "man page lacks {sub}");
    }
}

#[test]
fn each_subcommand_has_its_own_page() {
    let out = readyroom(&["man", "report"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        page.starts_with(".TH readyroom-report 1"),
        "{}",
        &page[..80.min(page.len())]
    );
    assert!(page.contains("\\-\\-out"), "{page}");
    let out = readyroom(&["man", "no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("check, oncall"));
}
