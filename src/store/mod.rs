//! The only file-system code: scanning the docs tree, reading files into text (or a
//! diagnostic), and loading a whole project into a [`Workspace`].

mod load;
mod read;
mod scan;

pub use load::{LoadError, Project, load_project};
pub use read::{ReadOutcome, read_text};
pub use scan::scan_tree;
