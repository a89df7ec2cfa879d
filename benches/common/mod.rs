//! What the benchmarks share: writing a generated docs tree to a directory.

use std::path::Path;

/// Write the tree of `n` requirements made by `readyroom::synth::generate` into `dir`.
pub fn write_tree(dir: &Path, n: usize) {
    write_files(dir, readyroom::synth::generate(n, 1234));
}

/// Write `(relative path, text)` pairs into `dir`.
pub fn write_files(dir: &Path, files: Vec<(String, String)>) {
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(path, text).expect("write file");
    }
}
