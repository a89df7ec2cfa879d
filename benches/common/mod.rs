//! What the benchmarks share: writing a generated docs tree to a directory.

use std::path::Path;

/// Write the tree of `n` requirements made by `readyroom::synth::generate` into `dir`.
pub fn write_tree(dir: &Path, n: usize) {
    for (rel, text) in readyroom::synth::generate(n, 1234) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(path, text).expect("write file");
    }
}
