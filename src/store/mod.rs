//! The only file-system code: scanning the docs tree, reading files into text (or a
//! diagnostic), and loading a whole project into a [`Workspace`].

mod export;
mod load;
mod read;
mod scan;

pub use export::write_export;
pub use load::{LoadError, Project, is_markdown, load_project};
pub use read::{ReadOutcome, read_text};
pub use scan::scan_tree;
