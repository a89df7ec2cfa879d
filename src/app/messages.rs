//! What the TUI said this session: every status message is kept with its time and
//! severity (`:messages` lists them) and shown in the status line until it expires (a
//! message too long for the status line is drawn whole above it, without taking the
//! keyboard). Expiry runs on [`App::next_deadline`]: nothing ticks while nothing is
//! shown.

use jiff::{SignedDuration, Timestamp};

use super::mode::scroll::Scroll;
use super::{App, Mode, Status, Tone};

/// How long an ordinary message stays in the status line.
pub const SHORT: SignedDuration = SignedDuration::from_secs(5);
/// How long a warning or an error stays in the status line.
pub const LONG: SignedDuration = SignedDuration::from_secs(10);

/// How many messages the log keeps; the oldest go first.
pub const KEEP: usize = 1000;

/// A message said this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// When it was said.
    pub at: Timestamp,
    /// Its meaning.
    pub tone: Tone,
    /// The text, inert, on one line.
    pub text: String,
}

/// The word the log shows for a tone.
fn severity(tone: Tone) -> &'static str {
    match tone {
        Tone::Error => "error",
        Tone::Warning => "warning",
        Tone::Ok => "done",
        _ => "info",
    }
}

impl App {
    /// Say something in the status line: one line, made inert (messages quote file
    /// names and values from the tree), kept in the session's log. It expires after a
    /// few seconds, longer for a warning or an error.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        let text = crate::model::inert_line_owned(text.into());
        let lasts = if matches!(tone, Tone::Error | Tone::Warning) {
            LONG
        } else {
            SHORT
        };
        self.status = Some(Status {
            text: text.clone(),
            tone,
            until: self.wall.checked_add(lasts).unwrap_or(self.wall),
        });
        if self.messages.len() >= KEEP {
            self.messages.remove(0);
        }
        self.messages.push(Logged {
            at: self.wall,
            tone,
            text,
        });
    }

    /// `:messages`: the log, its newest message in view.
    pub fn open_messages(&mut self) {
        self.mode = Mode::Messages(Scroll::BOTTOM);
    }

    /// When the status message expires, if one is shown.
    pub fn status_deadline(&self) -> Option<Timestamp> {
        self.status.as_ref().map(|s| s.until)
    }

    /// Clear the status message once `now` is past its time.
    pub(super) fn expire_status(&mut self, now: Timestamp) {
        if self.status.as_ref().is_some_and(|s| s.until <= now) {
            self.status = None;
        }
    }

    /// The log as lines: local time, severity, text; oldest first.
    pub fn message_lines(&self) -> Vec<String> {
        if self.messages.is_empty() {
            return vec!["Nothing was said yet in this session.".to_string()];
        }
        self.messages
            .iter()
            .map(|m| {
                let time =
                    m.at.to_zoned_datetime(self.zone.clone())
                        .strftime("%H:%M:%S");
                format!("{time}  {:<7}  {}", severity(m.tone), m.text)
            })
            .collect()
    }
}
