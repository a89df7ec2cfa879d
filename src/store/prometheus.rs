//! Asking a live Prometheus over its HTTP API v1: a blocking client with a timeout,
//! TLS (rustls, the web's root certificates) and an optional bearer token. Each way a
//! request can fail has its own error, so `verify` can say which.

use std::time::Duration;

use serde_json::Value;

use crate::model::Workspace;
use crate::rules::live::{
    LiveFinding, LiveResult, judge, live_rules, sample_count, sample_query, subjects,
};

/// The environment variable holding the bearer token sent to Prometheus.
pub const TOKEN_ENV: &str = "READYROOM_PROMETHEUS_TOKEN";

/// The most bytes of one API answer read.
const BODY_LIMIT: u64 = 64 * 1024 * 1024;

/// Why Prometheus could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum PromError {
    /// Nothing answers at the address (refused, no route, unknown host, TLS failure).
    #[error("cannot reach Prometheus at {url}: {reason}; check the URL and that it is up")]
    Unreachable {
        /// The URL asked.
        url: String,
        /// The system's reason.
        reason: String,
    },
    /// The server did not answer in time.
    #[error(
        "Prometheus at {url} did not answer within {secs} s; check that it is not overloaded, \
         or raise --timeout"
    )]
    Timeout {
        /// The URL asked.
        url: String,
        /// The timeout, in seconds.
        secs: u64,
    },
    /// The server refused the credentials.
    #[error(
        "Prometheus at {url} refused the request (HTTP {status}); set READYROOM_PROMETHEUS_TOKEN \
         to a valid bearer token"
    )]
    Unauthorized {
        /// The URL asked.
        url: String,
        /// 401 or 403.
        status: u16,
    },
    /// Prometheus answered with an error (a query it cannot run).
    #[error("Prometheus at {url} answered GET {path} with an error: {error}")]
    Api {
        /// The URL asked.
        url: String,
        /// The API path.
        path: String,
        /// Prometheus's message.
        error: String,
    },
    /// Something answered, but not as Prometheus's API does.
    #[error(
        "{url} does not answer as Prometheus ({reason}); pass the Prometheus base URL, such as \
         https://prometheus.example.com"
    )]
    NotPrometheus {
        /// The URL asked.
        url: String,
        /// What came back.
        reason: String,
    },
}

/// What a live Prometheus said about a workspace's documented alerts and covered metric
/// signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCheck {
    /// The base URL asked.
    pub url: String,
    /// Its version, from its build info.
    pub version: String,
    /// Its revision, from its build info (may be empty).
    pub revision: String,
    /// How far back a metric had to have samples.
    pub window: String,
    /// What is wrong (and the alerts firing now).
    pub findings: Vec<LiveFinding>,
    /// Each alert's and signal's result.
    pub results: Vec<LiveResult>,
}

impl LiveCheck {
    /// `live` when every metric the item names had samples in the window, `✗` when one
    /// had none; `None` when the check asked about none of its metrics.
    pub fn signal_of(&self, item: &str) -> Option<&'static str> {
        let mut asked = self
            .results
            .iter()
            .filter(|r| r.kind == "signal" && r.item == item)
            .peekable();
        asked.peek()?;
        Some(if asked.all(|r| r.result == "ok") {
            "live"
        } else {
            "✗"
        })
    }
}

/// A Prometheus to ask.
pub struct Prometheus {
    base: String,
    token: Option<String>,
    timeout: Duration,
    agent: ureq::Agent,
}

impl Prometheus {
    /// A client for the Prometheus at `base` (its root URL), sending `token` as a bearer
    /// token when given, giving up on any request after `timeout`.
    pub fn new(base: &str, token: Option<String>, timeout: Duration) -> Prometheus {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build()
            .into();
        Prometheus {
            base: base.trim_end_matches('/').to_string(),
            token: token.filter(|t| !t.trim().is_empty()),
            timeout,
            agent,
        }
    }

    /// The base URL asked.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Ask it about `ws`: its build info, the loaded alerting rules, and the samples of
    /// each covered metric in the last `window` (a Prometheus duration). The first
    /// request that fails ends the check with its error.
    pub fn check(&self, ws: &Workspace, window: &str) -> Result<LiveCheck, PromError> {
        let build = self.get("/api/v1/status/buildinfo", &[])?;
        let Some(version) = build.get("version").and_then(Value::as_str) else {
            return Err(PromError::NotPrometheus {
                url: self.base.clone(),
                reason: "its build info names no version".to_string(),
            });
        };
        let revision = build.get("revision").and_then(Value::as_str).unwrap_or("");
        let live = live_rules(&self.get("/api/v1/rules", &[])?);
        let (alerts, signals) = subjects(ws);
        let mut counts = Vec::with_capacity(signals.len());
        for s in &signals {
            let data = self.get(
                "/api/v1/query",
                &[("query", &sample_query(&s.name, window))],
            )?;
            counts.push(sample_count(&data));
        }
        let (findings, results) = judge(&alerts, &live, &signals, &counts, window);
        Ok(LiveCheck {
            url: self.base.clone(),
            version: version.to_string(),
            revision: revision.to_string(),
            window: window.to_string(),
            findings,
            results,
        })
    }

    /// GET an API path (`/api/v1/rules`) with query parameters; the `data` of a
    /// `"status": "success"` answer.
    pub fn get(&self, path: &str, params: &[(&str, &str)]) -> Result<Value, PromError> {
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.get(&url);
        for (k, v) in params {
            request = request.query(*k, *v);
        }
        if let Some(token) = &self.token {
            request = request.header("Authorization", &format!("Bearer {}", token.trim()));
        }
        let failed = |e: ureq::Error| match e {
            ureq::Error::Timeout(_) => PromError::Timeout {
                url: self.base.clone(),
                secs: self.timeout.as_secs().max(1),
            },
            other => PromError::Unreachable {
                url: self.base.clone(),
                reason: other.to_string(),
            },
        };
        let mut response = request.call().map_err(failed)?;
        let status = response.status().as_u16();
        if status == 401 || status == 403 {
            return Err(PromError::Unauthorized {
                url: self.base.clone(),
                status,
            });
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(failed)?;
        let not_prometheus = |reason: String| PromError::NotPrometheus {
            url: self.base.clone(),
            reason,
        };
        let value: Value = serde_json::from_str(&body)
            .map_err(|_| not_prometheus(format!("GET {path} gave HTTP {status} and no JSON")))?;
        match value.get("status").and_then(Value::as_str) {
            Some("success") => Ok(value.get("data").cloned().unwrap_or(Value::Null)),
            Some("error") => Err(PromError::Api {
                url: self.base.clone(),
                path: path.to_string(),
                error: value
                    .get("error")
                    .and_then(Value::as_str)
                    .unwrap_or("no reason given")
                    .to_string(),
            }),
            _ => Err(not_prometheus(format!(
                "GET {path} gave HTTP {status} JSON without a status"
            ))),
        }
    }
}
