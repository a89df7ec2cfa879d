//! The only file-system code: scanning the docs tree, reading files into text (or a
//! diagnostic), loading a whole project into a [`Workspace`](crate::model::Workspace),
//! and watching the tree for changes made by others.

mod export;
mod load;
mod read;
mod scan;
mod watch;

pub use export::write_export;
pub use load::{LoadError, Project, is_markdown, load_project};
pub use read::{ReadOutcome, read_text};
pub use scan::scan_tree;
pub use watch::{
    ContentHash, DEBOUNCE, KnownHashes, POLL_INTERVAL, WatchError, WatchEvent, Watcher,
    content_hash, watch, watch_polling,
};
