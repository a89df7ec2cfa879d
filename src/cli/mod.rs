//! Output of the command-line subcommands, built as strings and JSON values so that
//! `main.rs` only parses arguments, calls these and prints them through [`output`].

pub mod check;
pub mod commands;
pub mod edit;
pub mod generate;
pub mod init;
pub mod notify;
pub mod oncall;
pub mod output;
pub mod report;
pub mod verify;
