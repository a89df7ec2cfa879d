//! `readyroom init`: the starter documents (templates embedded from `templates/`), a
//! `readyroom.toml` with every option commented out, and the summary of what was
//! created and what was left alone. Pure: `main.rs` hands the files to the store.
//!
//! Each template has every section the readiness phase asks for, the canonical table
//! headers and one worked example row per table, marked as an example (an ID ending in
//! `EXAMPLE`, text starting with `TODO: example`) so that `readyroom check` lists each
//! one until it is replaced. Links between the documents are written relative to the
//! configured paths (`{{playbook}}`, `{{observability}}`, `{{rtm}}`, `{{changelog}}` in
//! the templates) and point at files only, so they resolve whichever documents already
//! existed.

use std::fmt::Write as _;

use crate::cli::notify::PLACEHOLDERS;
use crate::config::{CONFIG_FILE, DEFAULT_MAX_FILE_SIZE, ProjectConfig};
use crate::model::Role;
use crate::rules::RULES;
use crate::store::Creation;

pub use crate::rules::template;

/// The link variable naming a role's document in the templates.
fn variable(role: Role) -> String {
    format!("{{{{{}}}}}", role.config_key())
}

/// Percent-encode the bytes a markdown link destination cannot hold as they are.
fn encode_destination(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// The relative link from the document at `from` to the one at `to` (both
/// project-relative, `/`-separated), ready for a markdown link destination.
pub fn relative_link(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let target: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_dir
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count()
        .min(target.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&target[common..]);
    encode_destination(&parts.join("/"))
}

/// A core document's starter text: its template with the links to the other
/// documents written relative to where `config` puts them.
pub fn document(role: Role, config: &ProjectConfig) -> String {
    let from = config.path(role);
    Role::ALL
        .iter()
        .fold(template(role).to_string(), |text, &to| {
            text.replace(&variable(to), &relative_link(from, config.path(to)))
        })
}

/// `readyroom.toml` with every option commented out at its default value.
pub fn config_template() -> String {
    let mut out = String::from(
        "# readyroom configuration of this docs project. Every option is commented out\n\
         # and shows its default; uncomment a line to change it. Unknown keys are an error.\n\
         \n\
         [project]\n\
         # Shown in reports and the TUI; defaults to the folder name.\n\
         # name = \"Checkout API\"\n\
         \n\
         [paths]\n\
         # Where the four core documents live, relative to this file, inside the project.\n",
    );
    for role in Role::ALL {
        let _ = writeln!(out, "# {} = \"{}\"", role.config_key(), role.default_path());
    }
    let _ = write!(
        out,
        "\n[limits]\n\
         # Files larger than this many bytes are reported, not parsed.\n\
         # max_file_size = {DEFAULT_MAX_FILE_SIZE}\n\
         \n\
         [rules]\n\
         # The level of each rule: \"error\", \"warning\" or \"off\" (see the README's rules table).\n"
    );
    for rule in RULES {
        let _ = writeln!(out, "# {} = \"{}\"", rule.id, rule.severity.as_str());
    }
    out.push_str(
        "\n[links]\n\
         # How the site serving the docs anchors headings, for #fragment links: \"github\",\n\
         # \"gitlab\", \"mkdocs\" or \"hugo\". Unset, mkdocs.yml or a Hugo config at the root\n\
         # decides, else GitHub's rules apply.\n\
         # anchors = \"github\"\n",
    );
    out.push_str(
        "\n[notify]\n\
         # The text of the stakeholder notification (readyroom notify-text). Unset, a\n\
         # built-in message to the three stakeholders is used. A doubled brace writes\n\
         # a literal one; these placeholders are filled in:\n",
    );
    for (name, meaning) in PLACEHOLDERS {
        let _ = writeln!(out, "#   {{{name}}}: {meaning}");
    }
    out.push_str(
        "# template = \"Hi {release_manager}, {project} is {verdict} as of {date}.\\n{criteria}\"\n",
    );
    out
}

/// Every file `init` creates when missing, as `(project-relative path, contents)`: the
/// four core documents at the paths `config` gives, then `readyroom.toml`.
pub fn starter_files(config: &ProjectConfig) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|&role| (config.path(role).to_string(), document(role, config)))
        .collect();
    files.push((CONFIG_FILE.to_string(), config_template()));
    files
}

/// What `init` did, one line per file, and what to do next. `root` is the project
/// folder as the user named it.
pub fn render_summary(root: &str, done: &[(String, Creation)]) -> String {
    let mut out = String::new();
    let created = done.iter().filter(|(_, c)| *c == Creation::Created).count();
    if created == 0 {
        let _ = writeln!(
            out,
            "Nothing to create in {root}: every file exists and was left unchanged."
        );
    } else {
        let _ = writeln!(out, "Initialised the docs project in {root}:");
    }
    for (path, c) in done {
        match c {
            Creation::Created => {
                let _ = writeln!(out, "  created  {path}");
            }
            Creation::Skipped => {
                let _ = writeln!(out, "  skipped  {path} (exists; left unchanged)");
            }
        }
    }
    if created > 0 {
        let _ = writeln!(
            out,
            "\nReplace the example rows (IDs ending in EXAMPLE, text starting with \
             \"TODO: example\"), then run `readyroom check {root}` to see what is left."
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule_ids;

    #[test]
    fn relative_links_between_documents() {
        assert_eq!(
            relative_link(
                "docs/operations/observability-status.md",
                "docs/requirements/RTM.md"
            ),
            "../requirements/RTM.md"
        );
        assert_eq!(
            relative_link("docs/operations/a.md", "docs/operations/b.md"),
            "b.md"
        );
        assert_eq!(relative_link("a.md", "docs/x y.md"), "docs/x%20y.md");
        assert_eq!(relative_link("docs/a/b/c.md", "z.md"), "../../../z.md");
        assert_eq!(relative_link("docs/x.md", "docs/x.md"), "x.md");
    }

    #[test]
    fn the_config_template_parses_to_the_defaults() {
        let text = config_template();
        let parsed = ProjectConfig::parse(&text, CONFIG_FILE, &rule_ids()).unwrap();
        assert_eq!(parsed, ProjectConfig::default());
        for rule in RULES {
            assert!(text.contains(&format!("# {} = ", rule.id)), "{}", rule.id);
        }
        let uncommented: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(setting) if setting.contains(" = ") => setting,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let all = ProjectConfig::parse(&uncommented, CONFIG_FILE, &rule_ids()).unwrap();
        assert_eq!(all.name.as_deref(), Some("Checkout API"));
        assert_eq!(all.rules.len(), RULES.len());
        assert_eq!(all.anchors.style, crate::model::AnchorStyle::Github);
        assert_eq!(all.anchors.source, crate::model::AnchorSource::Config);
        assert_eq!(
            all.notify_template.as_deref(),
            Some("Hi {release_manager}, {project} is {verdict} as of {date}.\n{criteria}")
        );
        // Every placeholder is listed where the template is set.
        for (name, _) in crate::cli::notify::PLACEHOLDERS {
            assert!(text.contains(&format!("#   {{{name}}}: ")), "{name}");
        }
    }

    #[test]
    fn documents_fill_every_link_variable() {
        let config = ProjectConfig::default();
        for (path, text) in starter_files(&config) {
            assert!(!text.contains("{{"), "{path}");
        }
        let obs = document(Role::Observability, &config);
        assert!(obs.contains("[NFR-EXAMPLE](../requirements/RTM.md)"));
    }
}
