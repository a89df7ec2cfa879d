//! Shell completions and the man page, generated from the command-line definition so
//! they never drift from it.

use clap::ValueEnum;

/// How the TUI ends, for the help.
pub const TUI_EXIT: &str = "Without a subcommand, the TUI. It exits 0 when quit, 2 when it cannot \
start (bad path, invalid readyroom.toml), and 128 + the signal's number when a signal \
ends it, with the terminal restored: 143 after SIGTERM, 129 after SIGHUP.";

/// The positional arguments of `signoff` and `revoke`, for their help.
pub const ITEM_ARGS: &str = "Arguments:
  [PATH]   The docs project root (the folder holding readyroom.toml or docs/) [default: .]
  ITEM-ID  The item's ID as `readyroom check` and the TUI show it (TEL-004, ALR-002, …)";

/// The positional arguments of `set`, for its help.
pub const SET_ARGS: &str = "Arguments:
  [PATH]   The docs project root (the folder holding readyroom.toml or docs/) [default: .]
  ITEM-ID  The item's ID as `readyroom check` and the TUI show it (TEL-004, ALR-002, …)
  FIELD    The column header as written, or an alias: owner, due, status, …
  VALUE    The new value, one line; `|` is escaped for you, empty clears the field";

/// The positional arguments of `add-row`, for its help.
pub const ROW_ARGS: &str = "Arguments:
  [PATH]           The docs project root [default: .]
  FIELD=VALUE...   A column (header as written, or an alias) and its value";

/// The shells `readyroom completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// Bash: `source <(readyroom completions bash)`.
    Bash,
    /// Zsh: save as `_readyroom` in a folder on `$fpath`.
    Zsh,
    /// Fish: save as `~/.config/fish/completions/readyroom.fish`.
    Fish,
}

impl From<CompletionShell> for clap_complete::Shell {
    fn from(shell: CompletionShell) -> Self {
        match shell {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// The completion script for `shell`, for the command `cmd` (named by its `name`).
pub fn completions(cmd: &mut clap::Command, shell: CompletionShell) -> Vec<u8> {
    let name = cmd.get_name().to_string();
    let mut out = Vec::new();
    clap_complete::generate(clap_complete::Shell::from(shell), cmd, name, &mut out);
    out
}

/// The man page of `cmd` in roff — `readyroom(1)`, which lists the subcommands — or,
/// given a subcommand's name, that subcommand's page (`readyroom-check(1)`); `None` when
/// there is no such subcommand. The page starts with its `.TH` title line, as man pages
/// conventionally do; the string definitions `clap_mangen` writes before it (`.ie`/`.el`
/// for the `Aq` apostrophe) follow it, which roff reads the same.
pub fn man_page(cmd: clap::Command, subcommand: Option<&str>) -> std::io::Result<Option<Vec<u8>>> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let source = format!(
        "{} {}",
        cmd.get_name(),
        cmd.get_version().unwrap_or_default()
    );
    let page = match subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) if !sub.is_hide_set() => sub.clone(),
            _ => return Ok(None),
        },
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .source(source)
        .render(&mut out)?;
    let text = String::from_utf8_lossy(&out);
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(at) = lines.iter().position(|l| l.starts_with(".TH ")) {
        let title = lines.remove(at);
        lines.insert(0, title);
    }
    let mut roff = lines.join("\n");
    roff.push('\n');
    Ok(Some(roff.into_bytes()))
}

/// The names of the subcommands that have a man page of their own.
pub fn subcommand_names(cmd: &clap::Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}
