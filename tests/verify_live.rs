//! `readyroom verify` against a real Prometheus (Debian's `prometheus`): started on
//! 127.0.0.1 with temp storage, a rule file with one rule that fails to evaluate, and a
//! scrape of a tiny exporter this test serves. Also the ways it cannot run: an
//! unreachable URL, a server that is not Prometheus, one that is too slow.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Serve each connection of `listener` with `answer` on a thread of its own.
fn serve(listener: TcpListener, answer: fn(&mut TcpStream)) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                // Read the request head before answering.
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" || line == "\n" {
                        break;
                    }
                    line.clear();
                }
                answer(&mut stream);
            });
        }
    });
}

fn respond(stream: &mut TcpStream, content_type: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// The exporter: two series of `demo_metric` (so `on()` matching fails) and a histogram.
fn exporter(stream: &mut TcpStream) {
    respond(
        stream,
        "text/plain; version=0.0.4",
        "# TYPE demo_metric gauge\ndemo_metric{i=\"1\"} 1\ndemo_metric{i=\"2\"} 2\n\
         # TYPE demo_latency_seconds histogram\ndemo_latency_seconds_bucket{le=\"+Inf\"} 3\n\
         demo_latency_seconds_sum 1.5\ndemo_latency_seconds_count 3\n",
    );
}

fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    (l, port)
}

/// A free port nothing listens on.
fn free_port() -> u16 {
    listener().1
}

/// Prometheus, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const PLAYBOOK: &str = "\
# Incident response

## Alert thresholds

| ID | Alert | Threshold | Severity | Runbook |
|---|---|---|---|---|
| ALR-1 | Demo broken | never evaluates | SEV1 | [rb](rb.md) |
| ALR-2 | Demo firing | always | SEV2 | [rb](rb.md) |
| ALR-3 | Demo quiet | never fires | SEV2 | [rb](rb.md) |
| ALR-4 | Not deployed | anything | SEV3 | [rb](rb.md) |
";

const REPORT: &str = "\
# Observability status

| ID | Signal | Status | Owner | Due |
|---|---|---|---|---|
| TEL-1 | Demo `demo_metric` | configured | Ann | |
| TEL-2 | Latency `demo_latency_seconds` | configured | Ann | |
| TEL-3 | Nothing `absent_metric` | configured | Ann | |
";

const RULES: &str = "\
groups:
  - name: demo
    interval: 1s
    rules:
      - alert: DemoBroken
        expr: demo_metric * on() demo_metric > 0
      - alert: DemoFiring
        expr: vector(1) > 0
      - alert: DemoQuiet
        expr: vector(0) > 1
";

fn readyroom(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .arg("verify")
        .arg(dir)
        .args(args)
        .env_remove("READYROOM_PROMETHEUS_TOKEN")
        .output()
        .expect("run readyroom")
}

fn docs_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in [
        ("docs/operations/incident-response.md", PLAYBOOK),
        ("docs/operations/observability-status.md", REPORT),
        ("docs/operations/rb.md", "# Runbook\n"),
        ("deploy/rules.yml", RULES),
    ] {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[test]
fn verify_asks_a_real_prometheus() {
    if !common::require_tool("prometheus") {
        return;
    }
    let (exp, exp_port) = listener();
    serve(exp, exporter);
    let docs = docs_tree();
    let work = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\n\
         scrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['127.0.0.1:{exp_port}']\n",
        docs.path().join("deploy/rules.yml").display()
    );
    std::fs::write(work.path().join("prometheus.yml"), config).expect("config");
    let port = free_port();
    let _server = Server(
        Command::new("prometheus")
            .arg(format!(
                "--config.file={}",
                work.path().join("prometheus.yml").display()
            ))
            .arg(format!(
                "--storage.tsdb.path={}",
                work.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus"),
    );
    wait_until("/-/ready", || {
        get(port, "/-/ready").is_some_and(|r| r.starts_with("HTTP/1.1 200"))
    });
    // Data scraped, and every rule evaluated at least once.
    wait_until("a scrape and the rules' evaluation", || {
        let scraped = get(port, "/api/v1/query?query=demo_latency_seconds_count")
            .is_some_and(|r| r.contains("\"value\""));
        let evaluated = get(port, "/api/v1/rules").is_some_and(|r| {
            r.contains("\"health\":\"err\"") && r.contains("\"state\":\"firing\"")
        });
        scraped && evaluated
    });
    let url = format!("http://127.0.0.1:{port}");
    let evidence = docs.path().join("evidence.md");
    let out = readyroom(
        &[
            "--prometheus",
            &url,
            "--format",
            "json",
            "--record",
            evidence.to_str().expect("utf-8"),
        ],
        docs.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let mut got: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
                f["item"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("alert-firing", "info", "ALR-2"),
        ("alert-rule-not-loaded", "error", "ALR-4"),
        ("alert-rule-unhealthy", "error", "ALR-1"),
        ("signal-no-data", "error", "TEL-3"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(got, want);
    let unhealthy = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "alert-rule-unhealthy")
        .expect("unhealthy");
    let message = unhealthy["message"].as_str().unwrap_or("");
    assert!(
        message.contains("DemoBroken") && message.contains("health is `err`"),
        "{message}"
    );
    assert!(
        message.contains("many-to-many") || message.contains("duplicate"),
        "{message}"
    );
    assert_eq!(unhealthy["file"], "docs/operations/incident-response.md");
    assert_eq!(unhealthy["line"], 7);
    // The evidence: a table with each result and sample count, the JSON, the hash.
    let md = std::fs::read_to_string(&evidence).expect("evidence written");
    assert!(
        md.contains(&format!("- Prometheus: {url} (version 2.")),
        "{md}"
    );
    assert!(
        md.contains("| alert | ALR-1 | `DemoBroken` | unhealthy |"),
        "{md}"
    );
    assert!(md.contains("| alert | ALR-3 | `DemoQuiet` | ok |"), "{md}");
    assert!(
        md.contains("| signal | TEL-3 | `absent_metric` | no-data | 0 |"),
        "{md}"
    );
    let latency = md
        .lines()
        .find(|l| l.starts_with("| signal | TEL-2 |"))
        .expect("TEL-2 row");
    assert!(
        latency.contains("| ok | ") && !latency.contains("| ok | 0 |"),
        "{latency}"
    );
    let rules = std::fs::read(docs.path().join("deploy/rules.yml")).expect("rules");
    let hash = sha256_hex(&rules);
    assert!(
        md.contains(&format!("| deploy/rules.yml | {hash} |")),
        "{md}"
    );
    let fenced = md.split("```json\n").nth(1).expect("json block");
    let record: serde_json::Value =
        serde_json::from_str(fenced.trim_end().trim_end_matches("```")).expect("record json");
    assert_eq!(record["results"].as_array().map(Vec::len), Some(7));
    // Text output names the same findings; the URL comes from readyroom.toml.
    std::fs::write(
        docs.path().join("readyroom.toml"),
        format!("[monitoring]\nprometheus = \"{url}\"\n"),
    )
    .expect("config");
    let out = readyroom(&[], docs.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[alert-rule-not-loaded]"), "{text}");
    assert!(
        text.contains("4 alert(s) and 3 signal(s) checked — 3 error(s)"),
        "{text}"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn cannot_run(url: &str, extra: &[&str]) -> String {
    let docs = docs_tree();
    let mut args = vec!["--prometheus", url];
    args.extend_from_slice(extra);
    let out = readyroom(&args, docs.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_unreachable_url_is_exit_2_with_its_own_message() {
    let port = free_port();
    let err = cannot_run(&format!("http://127.0.0.1:{port}"), &[]);
    assert!(
        err.contains("cannot reach Prometheus at http://127.0.0.1:"),
        "{err}"
    );
}

#[test]
fn a_server_that_is_not_prometheus_is_exit_2_with_its_own_message() {
    let (l, port) = listener();
    serve(l, |s| respond(s, "text/html", "<html>hello</html>"));
    let err = cannot_run(&format!("http://127.0.0.1:{port}"), &[]);
    assert!(err.contains("does not answer as Prometheus"), "{err}");
}

#[test]
fn a_slow_server_is_exit_2_with_its_own_message() {
    let (l, port) = listener();
    serve(l, |s| {
        std::thread::sleep(Duration::from_secs(5));
        respond(s, "application/json", "{}");
    });
    let start = Instant::now();
    let err = cannot_run(&format!("http://127.0.0.1:{port}"), &["--timeout", "1"]);
    assert!(err.contains("did not answer within 1 s"), "{err}");
    // A generous bound: the timeout, not the server, ended the run.
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_refused_token_is_exit_2_with_its_own_message() {
    let (l, port) = listener();
    serve(l, |s| {
        let _ = write!(
            s,
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    });
    let err = cannot_run(&format!("http://127.0.0.1:{port}"), &[]);
    assert!(err.contains("READYROOM_PROMETHEUS_TOKEN"), "{err}");
}

#[test]
fn an_https_url_speaks_tls_and_a_plain_server_is_exit_2() {
    let (l, port) = listener();
    serve(l, |s| respond(s, "application/json", "{}"));
    let err = cannot_run(&format!("https://127.0.0.1:{port}"), &["--timeout", "3"]);
    assert!(
        err.contains("cannot reach Prometheus at https://127.0.0.1:"),
        "{err}"
    );
}

#[test]
fn without_a_prometheus_to_ask_it_is_exit_2() {
    let docs = docs_tree();
    let out = readyroom(&[], docs.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no Prometheus to ask"), "{err}");
}
