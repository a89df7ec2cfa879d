//! Write a generated docs tree (`readyroom::synth::generate`) to a folder, for
//! benchmarks and trying readyroom at size:
//!
//! ```text
//! cargo run --release --example gen_tree -- OUTDIR --n 100000 [--seed 1234]
//! ```
//!
//! `--n` is the number of requirements (default 10000); the tree also holds `n / 2`
//! telemetry rows, `n / 10` weekly shifts and `max(5, n / 50)` runbooks, and a
//! `readyroom.toml` raising `limits.max_file_size` when the RTM outgrows the default.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_tree OUTDIR [--n N] [--seed S]";

/// The folder, the number of requirements and the seed, from the command line.
fn parse_args(args: &[String]) -> Result<(PathBuf, usize, u64), String> {
    let mut out = None;
    let mut n = 10_000;
    let mut seed = 1234;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        match arg.as_str() {
            "--n" => {
                let v = value("--n")?;
                n = v
                    .parse()
                    .map_err(|_| format!("--n must be a whole number, got {v:?}"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed must be a whole number, got {v:?}"))?;
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown option {other:?}; {USAGE}"));
            }
            other if out.is_none() => out = Some(PathBuf::from(other)),
            other => {
                return Err(format!(
                    "one output folder only, got {other:?} too; {USAGE}"
                ));
            }
        }
    }
    let out = out.ok_or_else(|| USAGE.to_string())?;
    Ok((out, n, seed))
}

#[allow(clippy::print_stderr)] // A developer tool: its errors go to stderr.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, n, seed) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    for (rel, text) in readyroom::synth::generate(n, seed) {
        let path = out.join(&rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            eprintln!("{}: cannot write: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
