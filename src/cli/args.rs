//! The arguments several commands share (the project path, the pinned date, who
//! signs) and those of the TUI and `handover`, defined once for clap and read by
//! `main.rs`.

use std::path::PathBuf;

use super::commands::HandoverFormat;

/// The docs project a command works on; shared by every subcommand that reads one.
#[derive(clap::Args, Debug)]
pub struct ProjectArg {
    /// The docs project root (the folder holding readyroom.toml or docs/).
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

/// The pinned date; shared by every subcommand that judges against today.
#[derive(clap::Args, Debug)]
pub struct TodayArg {
    /// Pin today's date (YYYY-MM-DD) for due dates, the rotation and who is on call;
    /// default today, or the date pinned by `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// Arguments of the TUI (`readyroom [PATH]`).
#[derive(clap::Args, Debug)]
pub struct TuiArgs {
    /// The docs project.
    #[command(flatten)]
    pub project: ProjectArg,
    /// Colour theme: dark, light, high-contrast, mono, or a user theme.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// The pinned date.
    #[command(flatten)]
    pub today: TodayArg,
    /// Presentation mode for a projector: the high-contrast theme with its own
    /// background on every cell, more spacing, one thing per screen, only the essential
    /// key hints.
    #[arg(long)]
    pub present: bool,
}

/// Arguments of `readyroom handover`.
#[derive(clap::Args, Debug)]
pub struct HandoverArgs {
    /// The docs project.
    #[command(flatten)]
    pub project: ProjectArg,
    /// What changed since: `last` (the last handover acknowledged in the change log; in
    /// git, the commit that added that line) or a date YYYY-MM-DD.
    #[arg(long, value_name = "DATE|last", default_value = "last")]
    pub since: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HandoverFormat::Text)]
    pub format: HandoverFormat,
    /// The pinned date.
    #[command(flatten)]
    pub today: TodayArg,
    /// Record the incoming engineer's acknowledgement: one dated line in the change
    /// log's audit trail.
    #[arg(long)]
    pub ack: bool,
    /// The incoming engineer; default: `signer` in config.toml (refused, exit 2, when
    /// config.toml names one it cannot read), else `git config user.name` in the
    /// project, else $USER.
    #[arg(long = "as", value_name = "NAME", requires = "ack")]
    pub incoming: Option<String>,
    /// The outgoing engineer; default: the primary on call now, or the one before when
    /// the incoming engineer already is.
    #[arg(long, value_name = "NAME", requires = "ack")]
    pub from: Option<String>,
}

/// What `signoff` and `revoke` share: the item, who, and when.
#[derive(clap::Args, Debug)]
pub struct SignArgs {
    /// `[PATH] ITEM-ID` (see below).
    #[arg(num_args = 1..=2, required = true, hide = true)]
    pub args: Vec<String>,
    /// Who signs (or revokes); default: `signer` in config.toml (refused, exit 2, when
    /// config.toml names one it cannot read), else `git config user.name` in the
    /// project, else $USER.
    #[arg(long = "as", value_name = "NAME")]
    pub signer: Option<String>,
    /// The date (YYYY-MM-DD); default today, or the date pinned by `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}
