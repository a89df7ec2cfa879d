//! Heading anchors the way the site that serves the docs renders them.
//!
//! A `#fragment` link only works if it matches the `id` the renderer gives the heading,
//! and renderers disagree: GitHub keeps every `-` (`a - b` → `a---b`), GitLab and MkDocs
//! collapse runs of them (`a-b`), MkDocs drops accents and other non-ASCII letters,
//! and each numbers duplicate headings its own way (`-1`, `_1`). Each style here is a
//! pure function of the heading's text, written after the renderer's own code:
//! github-slugger, GitLab's `Gitlab::Utils::Markdown#string_to_anchor` with its
//! table-of-contents filter, Python-Markdown's `toc` extension (`slugify`, `unique`)
//! and Hugo's Goldmark `autoid`.

use std::collections::{HashMap, HashSet};

use finl_unicode::categories::CharacterCategories;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Whose rules turn a heading into its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorStyle {
    /// GitHub (github-slugger): lower case, punctuation dropped, each space a `-`;
    /// duplicates get `-1`, `-2`, skipping anchors already taken.
    #[default]
    Github,
    /// GitLab: as GitHub, then runs of `-` collapse to one and an all-digit anchor
    /// gets `anchor-` in front; duplicates get `-1`, `-2` by count alone.
    Gitlab,
    /// MkDocs (Python-Markdown `toc`): accents stripped (NFKD), non-ASCII dropped,
    /// punctuation dropped, runs of `-` and white space collapse to one `-`;
    /// duplicates get `_1`, `_2`.
    Mkdocs,
    /// Hugo (Goldmark, `autoHeadingIDType = "github"`): letters, digits and `_`
    /// lower-cased, each space or `-` a `-`, the rest dropped; an empty anchor is
    /// `heading`; duplicates get the first free `-1`, `-2`.
    Hugo,
}

impl AnchorStyle {
    /// Every style, in the order the docs list them.
    pub const ALL: [AnchorStyle; 4] = [
        AnchorStyle::Github,
        AnchorStyle::Gitlab,
        AnchorStyle::Mkdocs,
        AnchorStyle::Hugo,
    ];

    /// The name used in `[links] anchors` of `readyroom.toml`.
    pub fn key(self) -> &'static str {
        match self {
            AnchorStyle::Github => "github",
            AnchorStyle::Gitlab => "gitlab",
            AnchorStyle::Mkdocs => "mkdocs",
            AnchorStyle::Hugo => "hugo",
        }
    }

    /// The style a `[links] anchors` value names (case-insensitive).
    pub fn from_key(key: &str) -> Option<AnchorStyle> {
        Self::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(key.trim()))
    }

    /// The name people know the renderer by, for messages.
    pub fn title(self) -> &'static str {
        match self {
            AnchorStyle::Github => "GitHub",
            AnchorStyle::Gitlab => "GitLab",
            AnchorStyle::Mkdocs => "MkDocs",
            AnchorStyle::Hugo => "Hugo",
        }
    }

    /// The anchor of one heading text, before duplicates are numbered.
    pub fn slug(self, text: &str) -> String {
        match self {
            AnchorStyle::Github => github_slug(text),
            AnchorStyle::Gitlab => gitlab_slug(text),
            AnchorStyle::Mkdocs => mkdocs_slug(text),
            AnchorStyle::Hugo => hugo_slug(text),
        }
    }

    /// The anchors of a document's headings, in order, duplicates numbered.
    pub fn anchors<'a>(self, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut slugger = Slugger::new(self);
        texts.into_iter().map(|t| slugger.anchor(t)).collect()
    }
}

/// Where the anchor style in force came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "file")]
pub enum AnchorSource {
    /// Nothing chose one: GitHub's rules apply.
    #[default]
    Default,
    /// `[links] anchors` in `readyroom.toml`.
    Config,
    /// A site generator's configuration file at the project root (`mkdocs.yml`).
    Detected(String),
}

/// The anchor style a project uses, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AnchorRules {
    /// The style headings are anchored with.
    pub style: AnchorStyle,
    /// Where that choice came from.
    pub source: AnchorSource,
}

impl AnchorRules {
    /// How a message names the rules: `GitHub anchor rules (the default)`,
    /// `MkDocs anchor rules (detected from mkdocs.yml)`.
    pub fn describe(&self) -> String {
        let from = match &self.source {
            AnchorSource::Default => "the default".to_string(),
            AnchorSource::Config => "[links] anchors in readyroom.toml".to_string(),
            AnchorSource::Detected(file) => format!("detected from {file}"),
        };
        format!("{} anchor rules ({from})", self.style.title())
    }
}

/// Site configuration files at a project root that name the generator serving the
/// docs, in the order they are looked for.
pub const SITE_FILES: [&str; 6] = [
    "mkdocs.yml",
    "mkdocs.yaml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
];

/// The anchor style a site configuration file at the project root implies. `text` is
/// the file's content: `config.toml` is Hugo's only when it holds Hugo's settings
/// (`baseURL`, `languageCode`, `theme`, `[markup]` or `[params]`), since other tools
/// use that name too.
pub fn style_of_site_file(name: &str, text: &str) -> Option<AnchorStyle> {
    match name {
        "mkdocs.yml" | "mkdocs.yaml" => Some(AnchorStyle::Mkdocs),
        "hugo.toml" | "hugo.yaml" | "hugo.json" => Some(AnchorStyle::Hugo),
        "config.toml" => {
            let table: toml::Table = toml::from_str(text).ok()?;
            let hugo_keys = ["baseurl", "languagecode", "theme", "markup", "params"];
            table
                .keys()
                .any(|k| hugo_keys.contains(&k.to_ascii_lowercase().as_str()))
                .then_some(AnchorStyle::Hugo)
        }
        _ => None,
    }
}

/// Numbers duplicate anchors of one document the way its style does.
#[derive(Debug, Clone)]
pub struct Slugger {
    style: AnchorStyle,
    /// Anchors handed out, with the last suffix used for each base (GitHub and GitLab
    /// count per base; Hugo and MkDocs only look at what is taken).
    taken: HashMap<String, usize>,
    /// MkDocs' and Hugo's set of ids in use.
    used: HashSet<String>,
}

impl Slugger {
    /// A slugger for one document.
    pub fn new(style: AnchorStyle) -> Self {
        Slugger {
            style,
            taken: HashMap::new(),
            used: HashSet::new(),
        }
    }

    /// The anchor of the next heading, numbered when it repeats an earlier one.
    pub fn anchor(&mut self, text: &str) -> String {
        let base = self.style.slug(text);
        match self.style {
            AnchorStyle::Github => {
                // github-slugger: bump the base's counter until the result is free;
                // every result starts its own counter at 0.
                let mut result = base.clone();
                while self.taken.contains_key(&result) {
                    let n = self.taken.entry(base.clone()).or_insert(0);
                    *n += 1;
                    result = format!("{base}-{n}");
                }
                self.taken.insert(result.clone(), 0);
                result
            }
            AnchorStyle::Gitlab => {
                // GitLab's table of contents: the base's count alone decides.
                let n = self.taken.entry(base.clone()).or_insert(0);
                let result = if *n > 0 { format!("{base}-{n}") } else { base };
                *n += 1;
                result
            }
            AnchorStyle::Mkdocs => {
                // Python-Markdown `unique`: `_N` suffixes, bumping an existing one.
                let mut id = base;
                while id.is_empty() || self.used.contains(&id) {
                    id = match split_count(&id) {
                        Some((stem, n)) => format!("{stem}_{}", n + 1),
                        None => format!("{id}_1"),
                    };
                }
                self.used.insert(id.clone());
                id
            }
            AnchorStyle::Hugo => {
                let base = if base.is_empty() {
                    "heading".to_string()
                } else {
                    base
                };
                let mut result = base.clone();
                let mut i = 1;
                while self.used.contains(&result) {
                    result = format!("{base}-{i}");
                    i += 1;
                }
                self.used.insert(result.clone());
                result
            }
        }
    }
}

/// `stem_N` split into `stem` and `N` (Python-Markdown's `^(.*)_([0-9]+)$`).
fn split_count(id: &str) -> Option<(&str, u64)> {
    let (stem, digits) = id.rsplit_once('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|n| (stem, n))
}

/// Letters, marks, decimal and letter numbers, connector punctuation (`_`) and
/// alphabetic characters: what GitHub and GitLab keep.
fn is_word(c: char) -> bool {
    c.is_letter()
        || c.is_mark()
        || c.is_number_decimal()
        || c.is_number_letter()
        || c.is_punctuation_connector()
        || c.is_alphabetic()
}

/// github-slugger: lower-case, drop everything but word characters, `-` and spaces,
/// then each space becomes `-`.
fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| c == ' ' || c == '-' || is_word(c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// GitLab `string_to_anchor`: strip, lower-case, drop all but word characters, `-`
/// and spaces, spaces to `-`, squeeze runs of `-`, and prefix an all-digit result.
fn gitlab_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().to_lowercase().chars() {
        let c = match c {
            ' ' | '-' => '-',
            c if is_word(c) => c,
            _ => continue,
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    if !out.is_empty() && out.bytes().all(|b| b.is_ascii_digit()) {
        out.insert_str(0, "anchor-");
    }
    out
}

/// Python's ASCII `\s`: the white space `str.strip` and `re` agree on for ASCII text.
fn is_py_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
    )
}

/// Python-Markdown `toc.slugify` (the default, not the Unicode variant): NFKD, drop
/// non-ASCII, drop all but `\w`, white space and `-`, strip, lower-case, and collapse
/// runs of `-` and white space into one `-`.
fn mkdocs_slug(text: &str) -> String {
    let kept: String = text
        .nfkd()
        .filter(|c| {
            c.is_ascii() && (c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || is_py_space(*c))
        })
        .collect();
    let mut out = String::new();
    for c in kept.trim_matches(is_py_space).chars() {
        if c == '-' || is_py_space(c) {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Hugo's Goldmark `autoid` (GitHub type): trim, then letters, digits and `_`
/// lower-cased, each space or `-` a `-`, everything else dropped.
fn hugo_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c == ' ' || c == '-' {
            out.push('-');
        } else if c == '_' || c.is_letter() || c.is_number_decimal() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(style: AnchorStyle, texts: &[&str]) -> Vec<String> {
        style.anchors(texts.iter().copied())
    }

    #[test]
    fn github_follows_github_slugger_fixtures() {
        let s = AnchorStyle::Github;
        for (text, want) in [
            ("bravoCharlieDelta", "bravocharliedelta"),
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            ("heading with a period.txt", "heading-with-a-periodtxt"),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            (" a ", "-a-"),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            ("😄 - an emoji", "---an-emoji"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("a² b", "a-b"),
            (
                "Executive Swoop - Wants Information",
                "executive-swoop---wants-information",
            ),
        ] {
            assert_eq!(s.slug(text), want, "{text:?}");
        }
        assert_eq!(
            all(s, &["echo", "echo", "echo 1", "echo-1", "echo"]),
            ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]
        );
        assert_eq!(
            all(s, &["foxtrot-1", "foxtrot", "foxtrot"]),
            ["foxtrot-1", "foxtrot", "foxtrot-2"]
        );
        assert_eq!(all(s, &["-a-", "-a-"]), ["-a-", "-a--1"]);
    }

    #[test]
    fn gitlab_squeezes_dashes_and_counts_duplicates_by_base() {
        let s = AnchorStyle::Gitlab;
        for (text, want) in [
            (
                "Executive Swoop - Wants Information",
                "executive-swoop-wants-information",
            ),
            ("  This  is  a header  ", "this-is-a-header"),
            (
                "Header with (parens) & ampersand!",
                "header-with-parens-ampersand",
            ),
            ("Café déjà", "café-déjà"),
            ("2024", "anchor-2024"),
            ("Step_1", "step_1"),
        ] {
            assert_eq!(s.slug(text), want, "{text:?}");
        }
        // GitLab numbers by how often the base was seen, without looking at what is
        // taken: a heading literally named `a-1` collides.
        assert_eq!(all(s, &["a", "a", "a-1", "a"]), ["a", "a-1", "a-1", "a-2"]);
    }

    #[test]
    fn mkdocs_follows_python_markdown_toc() {
        let s = AnchorStyle::Mkdocs;
        for (text, want) in [
            (
                "Executive Swoop - Wants Information",
                "executive-swoop-wants-information",
            ),
            ("žlutý kůň", "zluty-kun"),
            (
                "Header with (parens) & ampersand!",
                "header-with-parens-ampersand",
            ),
            ("  spaced -- out  ", "spaced-out"),
            ("Привет world", "world"),
            ("snake_case name", "snake_case-name"),
            ("- leading dash", "-leading-dash"),
            ("ﬁve", "five"),
            ("Café - Menu", "cafe-menu"),
        ] {
            assert_eq!(s.slug(text), want, "{text:?}");
        }
        assert_eq!(
            all(s, &["Header", "Header", "Header", "Header_1", "Привет"]),
            ["header", "header_1", "header_2", "header_3", "_1"]
        );
    }

    #[test]
    fn hugo_follows_goldmark_autoid() {
        let s = AnchorStyle::Hugo;
        for (text, want) in [
            ("God is good: 神真美好", "god-is-good-神真美好"),
            ("Number 32", "number-32"),
            ("Question?", "question"),
            ("1+2=3", "123"),
            ("Special !\"#$%&(parens)=?´* chars", "special-parens-chars"),
            ("Resumé", "resumé"),
            ("Multiple--Hyphens", "multiple--hyphens"),
            ("Trailing hyphen-", "trailing-hyphen-"),
            ("Many   spaces  here", "many---spaces--here"),
            ("Forward/slash", "forwardslash"),
            ("Under_score", "under_score"),
            ("Nonbreaking\u{a0}Space", "nonbreakingspace"),
            ("Tab\tSpace", "tabspace"),
            ("Trailing Space ", "trailing-space"),
        ] {
            assert_eq!(s.slug(text), want, "{text:?}");
        }
        assert_eq!(
            all(s, &["a", "a", "a-1", "!!", "?"]),
            ["a", "a-1", "a-1-1", "heading", "heading-1"]
        );
    }

    #[test]
    fn styles_are_named_and_detected() {
        for s in AnchorStyle::ALL {
            assert_eq!(AnchorStyle::from_key(s.key()), Some(s));
        }
        assert_eq!(AnchorStyle::from_key(" MkDocs "), Some(AnchorStyle::Mkdocs));
        assert_eq!(AnchorStyle::from_key("jekyll"), None);
        assert_eq!(
            style_of_site_file("mkdocs.yml", ""),
            Some(AnchorStyle::Mkdocs)
        );
        assert_eq!(
            style_of_site_file("mkdocs.yaml", ""),
            Some(AnchorStyle::Mkdocs)
        );
        for hugo in ["hugo.toml", "hugo.yaml", "hugo.json"] {
            assert_eq!(style_of_site_file(hugo, ""), Some(AnchorStyle::Hugo));
        }
        assert_eq!(
            style_of_site_file("config.toml", "baseURL = 'https://x/'\ntitle = 'X'\n"),
            Some(AnchorStyle::Hugo)
        );
        assert_eq!(style_of_site_file("config.toml", "[tool]\nx = 1\n"), None);
        assert_eq!(style_of_site_file("config.toml", "not toml ["), None);
    }
}
