//! `:verify`: the live check against `[monitoring] prometheus`, asked for here, run by
//! the shell as a background job, and its answer kept in the app so the Telemetry pane
//! can show which signals had data.

use super::{App, Effect, PaneId, Tone};
use crate::store::prometheus::LiveCheck;

/// How far back a metric must have samples for `:verify` (as `readyroom verify`'s
/// default `--window`).
pub const WINDOW: &str = "1h";

/// How long `:verify` waits for any one answer of Prometheus, in seconds.
pub const TIMEOUT_SECS: u64 = 10;

impl App {
    /// `:verify`: ask the shell to run the live check, or say why it cannot.
    pub(super) fn start_verify(&mut self) -> Vec<Effect> {
        let Some(url) = self.project.config.monitoring.prometheus.clone() else {
            self.say(
                "no Prometheus to ask: set `prometheus` under [monitoring] in readyroom.toml \
                 (or run `readyroom verify --prometheus URL`)",
                Tone::Error,
            );
            return Vec::new();
        };
        vec![Effect::Verify { url }]
    }

    /// The live check's answer: keep it and say what it found, or say why it failed.
    pub(super) fn take_verified(&mut self, result: Result<Box<LiveCheck>, String>) {
        match result {
            Ok(check) => {
                let alerts = check.results.iter().filter(|r| r.kind == "alert").count();
                let signals = check.results.len() - alerts;
                let errors = check
                    .findings
                    .iter()
                    .filter(|f| f.severity == "error")
                    .count();
                let text = format!(
                    "verified against {}: {alerts} alert(s) and {signals} signal(s) checked — \
                     {errors} error(s){}",
                    check.url,
                    if errors == 0 {
                        ""
                    } else {
                        " (run `readyroom verify` for the list)"
                    }
                );
                self.live = Some(check);
                self.stale[PaneId::Telemetry.index()] = true;
                self.ensure_fresh(self.focus);
                self.say(text, if errors == 0 { Tone::Ok } else { Tone::Error });
            }
            Err(why) => self.say(format!("cannot verify: {why}"), Tone::Error),
        }
    }
}
