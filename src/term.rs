//! The only code that touches the terminal: entering and leaving the full-screen mode
//! (raw mode, alternate screen, bracketed paste, mouse capture, hidden cursor), and making
//! sure it is left again on every way out: normal exit, error, panic, SIGTERM, SIGHUP,
//! SIGINT, while an external editor runs, and around ctrl-z. Also how the editor for `o`
//! is chosen and called.
//!
//! Signals are received on a thread of their own (started with the first
//! [`TerminalGuard`]). The first SIGTERM, SIGHUP or SIGINT sets the flag returned by
//! [`TerminalGuard::shutdown_flag`], so the event loop can exit and restore the terminal
//! the normal way (and the process exits with 128 + the signal's number, see
//! [`TerminalGuard::shutdown_signal`]); a second one restores the terminal at once and
//! ends the process as the signal would have. While an editor runs in the foreground, SIGINT and SIGQUIT
//! (ctrl-c, ctrl-\ typed at the editor) belong to the editor and are ignored here. Outside
//! the full-screen mode every signal has its default effect.
// The full-screen terminal is this module's to write to (the lints keep everyone else out).
#![allow(clippy::disallowed_methods)]

use std::ffi::OsString;
use std::io::{self, Stdout};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, Once, PoisonError};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;
use signal_hook::low_level;

/// The ratatui backend readyroom draws with.
pub type Backend = CrosstermBackend<Stdout>;

/// The terminal is in its normal state.
const OUTSIDE: u8 = 0;
/// The terminal is in full-screen mode.
const ACTIVE: u8 = 1;
/// Full-screen mode is paused while something else (an editor, the shell) has the terminal.
const SUSPENDED: u8 = 2;

/// Where the terminal is; shared with the panic hook and the signal thread.
static MODE: AtomicU8 = AtomicU8::new(OUTSIDE);

/// The signal that asked the full-screen mode to end (0: none yet).
static ENDED_BY: AtomicI32 = AtomicI32::new(0);

/// The full-screen terminal. Creating it enters full-screen mode; dropping it restores
/// the terminal as it was.
pub struct TerminalGuard {
    /// Never dropped: ratatui's drop only shows the cursor, which the guard's drop
    /// does itself, and when it cannot (the terminal went away) ratatui says so on
    /// standard error, the same dead terminal, where printing panics. Its buffers go
    /// with the process, which ends soon after the guard.
    terminal: std::mem::ManuallyDrop<Terminal<Backend>>,
    shutdown: Arc<AtomicBool>,
}

impl TerminalGuard {
    /// Install the panic hook and the signal handling (once per process), then enter
    /// full-screen mode. If entering fails half-way, what was done is undone.
    pub fn init() -> io::Result<TerminalGuard> {
        install_panic_hook();
        let shutdown = shutdown_flag()?;
        shutdown.store(false, Ordering::SeqCst);
        ENDED_BY.store(0, Ordering::SeqCst);
        if let Err(e) = enter() {
            let _ = leave(OUTSIDE);
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(TerminalGuard {
                terminal: std::mem::ManuallyDrop::new(terminal),
                shutdown,
            }),
            Err(e) => {
                let _ = leave(OUTSIDE);
                Err(e)
            }
        }
    }

    /// The ratatui terminal to draw on.
    pub fn terminal(&mut self) -> &mut Terminal<Backend> {
        &mut self.terminal
    }

    /// The flag set by the first SIGTERM, SIGHUP or SIGINT. The event loop should wait
    /// for input with a timeout (say 250 ms) and leave when this is set.
    pub fn shutdown_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.shutdown)
    }

    /// True once a termination signal has arrived.
    pub fn shutdown_requested(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    /// The signal (SIGTERM, SIGHUP, SIGINT) that asked the TUI to end, if one did: the
    /// process should then exit with 128 + its number, as if the signal had ended it.
    pub fn shutdown_signal(&self) -> Option<i32> {
        match ENDED_BY.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }

    /// Give the terminal back, run `run` (an editor, say), then take the terminal again
    /// and force a full redraw. Nothing else may read keyboard input meanwhile: pause any
    /// input thread first, or it steals the editor's keys.
    pub fn suspend<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        if let Err(e) = leave(SUSPENDED) {
            let _ = enter();
            return Err(e);
        }
        let out = run();
        enter()?;
        self.terminal.clear()?;
        Ok(out)
    }

    /// ctrl-z: give the terminal back and stop the process as the shell's job control
    /// expects; when the shell resumes it (`fg`), take the terminal again and redraw.
    pub fn suspend_to_shell(&mut self) -> io::Result<()> {
        self.suspend(|| low_level::raise(SIGTSTP))?
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // A terminal that went away cannot be given its cursor back: nothing to say.
        let _ = self.terminal.show_cursor();
        let _ = leave(OUTSIDE);
    }
}

/// Put the terminal back in its normal state if readyroom has it in full-screen mode;
/// does nothing otherwise, so it is safe to call from any error path, more than once.
pub fn restore() -> io::Result<()> {
    leave(OUTSIDE)
}

/// Install (once) a panic hook that restores the terminal and then runs the hook that was
/// there before, so the panic message lands on a normal screen. A panic contained by
/// [`crate::contain::contain`] (one file's parse, say) is caught and reported by its
/// caller while the screen goes on being drawn: the hook leaves the terminal and the
/// screen alone then. [`TerminalGuard::init`] calls this; call it earlier only if another
/// hook must run after ours.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if crate::contain::is_contained() {
                return;
            }
            let _ = restore();
            previous(info);
        }));
    });
}

fn enter() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    MODE.store(ACTIVE, Ordering::SeqCst);
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        event::EnableMouseCapture,
        cursor::Hide
    )
}

/// Leave full-screen mode (if in it) for `next`. Every step is tried even when one fails
/// (a terminal that hung up), and the first error is returned.
fn leave(next: u8) -> io::Result<()> {
    if MODE.swap(next, Ordering::SeqCst) != ACTIVE {
        return Ok(());
    }
    let mut out = io::stdout();
    [
        execute!(out, event::DisableMouseCapture),
        execute!(out, event::DisableBracketedPaste),
        execute!(out, terminal::LeaveAlternateScreen),
        execute!(out, cursor::Show),
        terminal::disable_raw_mode(),
    ]
    .into_iter()
    .collect()
}

/// What waiting on the terminal found ([`Tty::wait`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtyState {
    /// Input is waiting to be read.
    Ready,
    /// Nothing arrived within the time.
    Quiet,
    /// The terminal went away: the SSH connection dropped or the window closed.
    Gone,
}

/// The terminal the TUI reads keys from, watched for input and for its end. A terminal
/// that has gone away yields nothing but end-of-file, which crossterm's reader retries
/// for ever at full speed, so the input thread waits here first and hands crossterm
/// only a terminal that has input (or a signal) for it.
pub struct Tty {
    /// `/dev/tty`, when standard input is not the terminal (crossterm then reads that).
    dev: Option<std::fs::File>,
}

impl Tty {
    /// The terminal crossterm reads: standard input when it is one, else `/dev/tty`.
    pub fn open() -> Tty {
        use std::io::IsTerminal;
        let dev = if io::stdin().is_terminal() {
            None
        } else {
            std::fs::File::open("/dev/tty").ok()
        };
        Tty { dev }
    }

    /// Wait up to `timeout` for input; say whether some came, none did, or the terminal
    /// hung up.
    pub fn wait(&self, timeout: std::time::Duration) -> TtyState {
        use rustix::event::{PollFd, PollFlags, Timespec};
        use std::os::fd::AsFd;
        let stdin = io::stdin();
        let fd = match &self.dev {
            Some(file) => file.as_fd(),
            None => stdin.as_fd(),
        };
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => {
                let got = fds[0].revents();
                if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                    TtyState::Gone
                } else if got.contains(PollFlags::IN) {
                    TtyState::Ready
                } else {
                    TtyState::Quiet
                }
            }
            Err(rustix::io::Errno::INTR) => TtyState::Quiet,
            Err(_) => TtyState::Gone,
        }
    }
}

/// End the TUI as a SIGHUP would (the exit status says 129), for a terminal found gone
/// ([`TtyState::Gone`]) without the signal having come.
pub fn end_as_hung_up(shutdown: &AtomicBool) {
    let _ = ENDED_BY.compare_exchange(0, SIGHUP, Ordering::SeqCst, Ordering::SeqCst);
    shutdown.store(true, Ordering::SeqCst);
}

/// The process-wide shutdown flag, starting the signal thread the first time.
fn shutdown_flag() -> io::Result<Arc<AtomicBool>> {
    static FLAG: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);
    let mut slot = FLAG.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(flag) = slot.as_ref() {
        return Ok(Arc::clone(flag));
    }
    let flag = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let seen = Arc::clone(&flag);
    std::thread::Builder::new()
        .name("readyroom-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                on_signal(signal, &seen);
            }
        })?;
    *slot = Some(Arc::clone(&flag));
    Ok(flag)
}

fn on_signal(signal: i32, shutdown: &AtomicBool) {
    let mode = MODE.load(Ordering::SeqCst);
    if mode == SUSPENDED && (signal == SIGINT || signal == SIGQUIT) {
        // Typed at the editor that has the terminal; it is the editor's to handle.
        return;
    }
    let in_tui = mode != OUTSIDE && signal != SIGQUIT;
    if in_tui {
        // The first signal is the one the exit status reports; recorded before the flag
        // is raised, so the event loop never sees the flag without it.
        let _ = ENDED_BY.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
        if !shutdown.swap(true, Ordering::SeqCst) {
            // The first request: the event loop sees the flag and exits the normal way.
            return;
        }
    }
    let _ = leave(OUTSIDE);
    let _ = low_level::emulate_default_handler(signal);
}

/// The command that opens `path` (at 1-based `line`, if given) in the operator's editor:
/// the configured editor, else `$VISUAL`, else `$EDITOR`, else `vi`. The editor string is
/// split on whitespace, so `code --wait` works (quoting is not interpreted). Run it with
/// [`TerminalGuard::suspend`].
pub fn editor_command(path: &Path, line: Option<usize>, config_editor: Option<&str>) -> Command {
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    let chosen = choose_editor(config_editor, visual.as_deref(), editor.as_deref());
    build_editor_command(chosen, path, line)
}

/// The first of the candidates that is not blank, else `vi`.
fn choose_editor<'a>(
    config: Option<&'a str>,
    visual: Option<&'a str>,
    editor: Option<&'a str>,
) -> &'a str {
    [config, visual, editor]
        .into_iter()
        .flatten()
        .find(|e| !e.trim().is_empty())
        .unwrap_or("vi")
}

/// How an editor is told the line to open at.
enum LineSyntax {
    /// `+LINE path`: vi, vim, nvim, nano, emacs, micro, kak and kin.
    PlusLine,
    /// `path:LINE`: helix.
    PathColon,
    /// `--goto path:LINE`: VS Code and its forks.
    Goto,
    /// Unknown editor: just the path.
    PathOnly,
}

fn line_syntax(program: &str) -> LineSyntax {
    let name = Path::new(program)
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match name.as_str() {
        "vi" | "vim" | "nvim" | "gvim" | "mvim" | "view" | "nano" | "pico" | "emacs"
        | "emacsclient" | "micro" | "kak" | "vis" => LineSyntax::PlusLine,
        "hx" | "helix" => LineSyntax::PathColon,
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" => LineSyntax::Goto,
        _ => LineSyntax::PathOnly,
    }
}

fn build_editor_command(editor: &str, path: &Path, line: Option<usize>) -> Command {
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let mut command = Command::new(program);
    command.args(words);
    let path_at = |line: usize| {
        let mut arg = OsString::from(path.as_os_str());
        arg.push(format!(":{line}"));
        arg
    };
    match (line, line_syntax(program)) {
        (Some(line), LineSyntax::PlusLine) => {
            command.arg(format!("+{line}")).arg(path);
        }
        (Some(line), LineSyntax::PathColon) => {
            command.arg(path_at(line));
        }
        (Some(line), LineSyntax::Goto) => {
            command.arg("--goto").arg(path_at(line));
        }
        _ => {
            command.arg(path);
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(editor: &str, line: Option<usize>) -> Vec<String> {
        let command = build_editor_command(editor, Path::new("docs/ops/run book.md"), line);
        std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn the_editor_is_config_then_visual_then_editor_then_vi() {
        assert_eq!(choose_editor(Some("hx"), Some("nvim"), Some("nano")), "hx");
        assert_eq!(choose_editor(None, Some("nvim"), Some("nano")), "nvim");
        assert_eq!(choose_editor(Some("  "), Some(""), Some("nano")), "nano");
        assert_eq!(choose_editor(None, None, None), "vi");
        assert_eq!(choose_editor(None, Some(" "), None), "vi");
    }

    #[test]
    fn plus_line_editors_get_plus_line_before_the_path() {
        for editor in [
            "vi",
            "vim",
            "nvim",
            "nano",
            "emacs",
            "micro",
            "kak",
            "/usr/bin/nvim",
        ] {
            assert_eq!(
                argv(editor, Some(42))[1..],
                ["+42", "docs/ops/run book.md"],
                "{editor}"
            );
        }
        assert_eq!(
            argv("emacsclient -t", Some(7)),
            ["emacsclient", "-t", "+7", "docs/ops/run book.md"]
        );
    }

    #[test]
    fn helix_gets_path_colon_line() {
        assert_eq!(argv("hx", Some(3)), ["hx", "docs/ops/run book.md:3"]);
        assert_eq!(
            argv("/opt/helix/helix", Some(3)),
            ["/opt/helix/helix", "docs/ops/run book.md:3"]
        );
    }

    #[test]
    fn vs_code_gets_goto_after_its_own_flags() {
        assert_eq!(
            argv("code --wait", Some(12)),
            ["code", "--wait", "--goto", "docs/ops/run book.md:12"]
        );
        assert_eq!(
            argv("  codium   -w  ", Some(1)),
            ["codium", "-w", "--goto", "docs/ops/run book.md:1"]
        );
    }

    #[test]
    fn unknown_editors_and_no_line_get_just_the_path() {
        assert_eq!(argv("ed", Some(5)), ["ed", "docs/ops/run book.md"]);
        assert_eq!(argv("nvim", None), ["nvim", "docs/ops/run book.md"]);
        assert_eq!(
            argv("code --wait", None),
            ["code", "--wait", "docs/ops/run book.md"]
        );
        assert_eq!(argv("", Some(2)), ["vi", "+2", "docs/ops/run book.md"]);
    }

    #[test]
    fn editor_command_prefers_the_configured_editor() {
        let command = editor_command(Path::new("a.md"), Some(9), Some("nano -l"));
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(command.get_program(), "nano");
        assert_eq!(args, ["-l", "+9", "a.md"]);
    }

    /// Serialises the tests that look at [`MODE`].
    static MODE_LOCK: Mutex<()> = Mutex::new(());

    #[test]
    fn a_contained_panic_keeps_full_screen_mode() {
        let _lock = MODE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        install_panic_hook();
        // Pretend to be in full-screen mode without touching the terminal: the hook must
        // not leave it for a panic that its caller catches and reports.
        MODE.store(ACTIVE, Ordering::SeqCst);
        let caught = crate::contain::contain(|| panic!("a bad file"));
        let mode = MODE.swap(OUTSIDE, Ordering::SeqCst);
        assert_eq!(
            caught.map_err(|e| e.to_string()),
            Err::<(), _>("a bad file".to_string())
        );
        assert_eq!(
            mode, ACTIVE,
            "the terminal was restored for a contained panic"
        );
    }

    #[test]
    fn restore_outside_full_screen_mode_does_nothing() {
        let _lock = MODE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        // Not in full-screen mode: no escape sequences are written, no error.
        assert!(restore().is_ok());
        assert_eq!(MODE.load(Ordering::SeqCst), OUTSIDE);
    }
}
