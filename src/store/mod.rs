//! The only file-system code: scanning the docs tree, reading files into text (or a
//! diagnostic), loading a whole project into a [`Workspace`](crate::model::Workspace),
//! saving edits (compare-and-swap, atomic writes), creating `init`'s starter files,
//! asking git which commit the tree is at, and watching the tree for changes made by
//! others.

mod export;
mod git;
mod history_cache;
mod identity;
mod init;
mod load;
mod monitoring;
mod open;
pub mod prometheus;
mod read;
mod scan;
mod walkstate;
mod watch;
mod write;

pub use export::{ExportError, read_export, write_export};
pub use git::{GitHistory, GitState, evidence_since_signing, git_state};
pub use history_cache::{
    CACHE_DIR_ENV, HistoryError, cache_point, cached_point, history_cache_dir, history_points,
};
pub use identity::{Identity, IdentitySource, signer_identity};
pub use init::{CreateError, Creation, create_missing, ensure_dir};
pub use load::{
    LoadError, LoadProgress, Project, is_markdown, load_config, load_project, load_tree,
};
pub use open::canonical;
pub use read::{ReadOutcome, read_text};
pub use scan::{scan_folder, scan_tree};
pub use walkstate::{DATA_DIR_ENV, load_walk_state, save_walk_state, walk_state_path};
pub use watch::{
    BURST_GAP, ContentHash, DEBOUNCE, KnownHashes, POLL_INTERVAL, WatchError, WatchEvent, Watcher,
    content_hash, watch, watch_polling,
};
pub use write::{WriteError, Written, restore, save};
