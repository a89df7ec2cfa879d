//! readyroom: a terminal workbench for operational readiness over markdown docs.
//!
//! The crate is layered: [`model`] is plain data; [`parse`] turns markdown into it;
//! [`store`] is the only file-system code; [`assess`] derives every fact the outputs
//! show (findings, verdict, rotation) once; the command line ([`cli`], `main.rs`) and
//! the TUI ([`app`], [`ui`], [`shell`]) sit on top, side by side.

pub mod app;
pub mod assess;
pub mod cli;
pub mod clock;
pub mod config;
pub mod contain;
pub mod edit;
pub mod handover;
pub mod history;
pub mod lsp;
pub mod model;
pub mod monitoring;
pub mod parse;
pub mod rotation;
pub mod rules;
pub mod shell;
pub mod store;
pub mod synth;
pub mod term;
pub mod ui;
pub mod user_config;
