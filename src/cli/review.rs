//! `readyroom review`: stamp a document as reviewed today — its `last_reviewed_on` or
//! `Last reviewed:` date — and record the review in the change log's audit trail.

use super::commands::{CliError, Outcome, clock, edit_and_save, load, signer};
use crate::edit::Edit;
use crate::model::inert_line;

/// The arguments of `readyroom review`.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// `[PATH] DOC`: the project root (default .) and the document, relative to it.
    #[arg(num_args = 1..=2, required = true, value_name = "ARGS")]
    pub args: Vec<String>,
    /// Who reviewed; default: `signer` in config.toml, else `git config user.name` in
    /// the project, else $USER.
    #[arg(long = "as", value_name = "NAME")]
    pub reviewer: Option<String>,
    /// The review's date (YYYY-MM-DD); default today, or the date pinned by
    /// `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// `readyroom review`: refused (exit 1) when DOC is not a document of the project.
pub fn review(args: &ReviewArgs, action_names: &[&str]) -> Outcome {
    let (path, rest) = super::edit::split_path(&args.args, 1);
    let doc = rest[0].trim().trim_start_matches("./").replace('\\', "/");
    let clock = clock(args.today.as_deref())?;
    let project = load(&path)?;
    if project.workspace.doc(&doc).is_none() {
        return Err(CliError::Refused(format!(
            "{} is not a markdown document of this project; give its path relative to the \
             project root (e.g. docs/operations/incident-response.md)",
            inert_line(&doc)
        )));
    }
    let reviewer =
        signer(args.reviewer.as_deref(), &project.root, action_names)?.ok_or_else(|| {
            CliError::Refused(
                "cannot tell who reviewed: pass --as NAME (or set git's user.name)".to_string(),
            )
        })?;
    edit_and_save(
        &project,
        &Edit::Review {
            doc,
            reviewer,
            date: clock.today,
        },
    )
}
