//! Containing a panic to one piece of work (parsing one file, say), so that the piece
//! can be reported as failed while everything else carries on.
//!
//! [`contain`] runs a closure and turns a panic inside it into an error carrying the
//! panic's message. While a contained closure runs on a thread, [`is_contained`] is true
//! there: the panic hooks (the one installed here, and the terminal's in `term.rs`) then
//! stay quiet and leave the terminal as it is, because the panic is not the end of the
//! program: the caller reports it and goes on drawing.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// How many [`contain`] calls are running on this thread (they may nest).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// A panic caught by [`contain`]; its text is the panic's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Panicked(pub String);

/// Run `work`; a panic inside it comes back as `Err` with the panic's message instead of
/// unwinding further. Nothing is printed for a contained panic.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    install_quiet_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let outcome = catch_unwind(AssertUnwindSafe(work));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    outcome.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Panicked(message)
    })
}

/// True while the current thread runs inside [`contain`]: a panic now will be caught
/// and reported by the caller, so a panic hook must not end the program's terminal
/// session or print over the screen.
pub fn is_contained() -> bool {
    DEPTH.with(Cell::get) > 0
}

/// Install (once) a panic hook that passes every panic to the hook that was there before,
/// except contained ones.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !is_contained() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_as_its_message() {
        let r = contain(|| panic!("bad piece {}", 7));
        assert_eq!(r, Err::<(), _>(Panicked("bad piece 7".to_string())));
        let r = contain(|| panic!("static text"));
        assert_eq!(
            r.map_err(|e| e.to_string()),
            Err::<(), _>("static text".to_string())
        );
        assert!(!is_contained(), "the flag is cleared after a panic");
    }

    #[test]
    fn the_flag_is_set_only_inside_and_nests() {
        assert!(!is_contained());
        let inner = contain(|| {
            let nested = contain(is_contained);
            (is_contained(), nested)
        });
        assert_eq!(inner, Ok((true, Ok(true))));
        assert!(!is_contained());
    }
}
