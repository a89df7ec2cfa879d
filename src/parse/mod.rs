//! Markdown → model: comrak parsing with exact byte spans, then one extractor pass that
//! recognises each artefact's tables and lists.

mod extract;
mod markdown;

pub use extract::{extract_items, severity_name, slugify};
pub use markdown::{MarkdownError, classify, options, parse_document};
