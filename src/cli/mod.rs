//! Output of the command-line subcommands, built as strings and JSON values so that
//! `main.rs` only parses arguments, calls these and prints them through [`output`].

pub mod args;
pub mod check;
pub mod ci;
pub mod commands;
pub mod edit;
pub mod generate;
pub mod history;
pub mod init;
pub mod lsp;
pub mod notify;
pub mod oncall;
pub mod output;
pub mod report;
pub mod review;
pub mod verify;
pub mod waive;
