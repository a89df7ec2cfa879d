//! `readyroom waive`: record a waiver for one rule's findings about an item or file —
//! a row in the waiver table and a line in the change log's audit trail.

use super::commands::{CliError, Outcome, clock, edit_and_save, load, signer};
use crate::assess::Assessment;
use crate::edit::{Edit, NewWaiver};
use crate::model::inert_line;
use crate::rules::waivers::why_not_live;

/// The arguments of `readyroom waive`.
#[derive(clap::Args, Debug)]
pub struct WaiveArgs {
    /// `[PATH] RULE ITEM`: the project root (default .), the rule id, and the item ID
    /// or project-relative file whose findings of that rule are waived.
    #[arg(num_args = 2..=3, required = true, value_name = "ARGS")]
    pub args: Vec<String>,
    /// Why the exception is acceptable.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The last day the waiver holds (YYYY-MM-DD), at most `[waivers] max_days`
    /// (default 90) ahead.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub expires: String,
    /// Who approves; default: `signer` in config.toml, else `git config user.name` in
    /// the project, else $USER.
    #[arg(long = "as", value_name = "NAME")]
    pub approver: Option<String>,
    /// The date written in the audit line (YYYY-MM-DD); default today, or the date
    /// pinned by `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// `readyroom waive`: refused (exit 1) when no finding of RULE concerns ITEM, or when
/// the waiver would not be live (no reason, expiry past or too far ahead).
pub fn waive(args: &WaiveArgs, action_names: &[&str]) -> Outcome {
    let (path, rest) = super::edit::split_path(&args.args, 2);
    let (rule, item) = (rest[0].trim(), rest[1].trim());
    let clock = clock(args.today.as_deref())?;
    let project = load(&path)?;
    let approver =
        signer(args.approver.as_deref(), &project.root, action_names)?.ok_or_else(|| {
            CliError::Refused(
                "cannot tell who approves: pass --as NAME (or set git's user.name)".to_string(),
            )
        })?;
    let expires = args
        .expires
        .trim()
        .parse::<jiff::civil::Date>()
        .map_err(|e| {
            CliError::Refused(format!(
                "--expires {:?} is not a date in the form YYYY-MM-DD: {e}",
                inert_line(&args.expires)
            ))
        })?;
    if let Some(why) = why_not_live(
        rule,
        item,
        &args.reason,
        &approver,
        expires,
        clock.today,
        project.config.waiver_max_days,
    ) {
        return Err(CliError::Refused(why));
    }
    let assessment = Assessment::new(&project.workspace, &project.config, clock);
    let covered = assessment
        .findings
        .iter()
        .any(|f| f.rule.as_str() == rule && (f.item.as_deref() == Some(item) || f.file == item));
    if !covered {
        return Err(CliError::Refused(format!(
            "no `{}` finding concerns {}; nothing to waive (run `readyroom check` for the \
             rule ids and items)",
            inert_line(rule),
            inert_line(item)
        )));
    }
    let edit = Edit::Waive(NewWaiver {
        rule: rule.to_string(),
        item: item.to_string(),
        reason: args.reason.clone(),
        approver,
        expires,
        date: clock.today,
    });
    edit_and_save(&project, &edit)
}
