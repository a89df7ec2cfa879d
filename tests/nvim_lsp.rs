//! `readyroom lsp` in a real editor: Debian's Neovim, headless, configured with the
//! README's `init.lua` snippet, opens the sample playbook and reads the placeholder
//! diagnostic through `vim.diagnostic.get()`, then a hover and a completion.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{NOW, require_tool, sample_dir, temp_copy};
use serde_json::Value;

/// The README's Neovim configuration: the `lua` block of "In your editor".
fn readme_config() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let section = readme
        .split("## In your editor")
        .nth(1)
        .expect("README has an \"In your editor\" section");
    let block = section.split("```lua\n").nth(1).expect("a lua block in it");
    block[..block.find("```").expect("its end")].to_string()
}

/// Run after start-up: wait for the diagnostics, ask for a hover and a completion on
/// "Dana Kim" in an escalation step, write what came back as JSON.
const DRIVER: &str = r"
local out = os.getenv('READYROOM_NVIM_OUT')
local buf = vim.api.nvim_get_current_buf()
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local result = { diagnostics = {}, completion = {} }
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(result.diagnostics, { code = code, lnum = d.lnum, col = d.col, message = d.message })
end
local row, col
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local s = string.find(l, '| 30 min | Dana Kim |', 1, true)
  if s then row = i - 1; col = s - 1 + 11 end
end
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = row, character = col },
}
local function first(res)
  for _, r in pairs(res or {}) do
    if r.result then return r.result end
  end
end
local h = first(vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000))
result.hover = h and h.contents and h.contents.value or ''
local c = first(vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000))
for _, it in ipairs(c and (c.items or c) or {}) do table.insert(result.completion, it.label) end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd('qa!')
";

#[test]
fn neovim_shows_the_diagnostic_a_hover_and_a_completion() {
    if !require_tool("nvim") {
        return;
    }
    let project = temp_copy(&sample_dir());
    let scratch = tempfile::tempdir().expect("tempdir");
    let init = scratch.path().join("init.lua");
    let driver = scratch.path().join("driver.lua");
    let out = scratch.path().join("out.json");
    std::fs::write(&init, readme_config()).expect("write init.lua");
    std::fs::write(&driver, DRIVER).expect("write driver.lua");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_readyroom"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut nvim = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg("-c")
        .arg(format!("luafile {}", driver.display()))
        .arg("docs/operations/incident-response.md")
        .current_dir(project.path())
        .env("PATH", path)
        .env("READYROOM_NOW", NOW)
        .env("READYROOM_NVIM_OUT", &out)
        .env("XDG_CONFIG_HOME", scratch.path())
        .env("XDG_DATA_HOME", scratch.path())
        .env("XDG_STATE_HOME", scratch.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let started = Instant::now();
    while nvim.try_wait().expect("nvim runs").is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = nvim.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("nvim wrote its result"))
            .expect("json");
    let text = std::fs::read_to_string(project.path().join("docs/operations/incident-response.md"))
        .expect("read");
    let (line, row) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("| Jonas Weber"))
        .expect("the row");
    let placeholder = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "placeholder")
        .unwrap_or_else(|| panic!("no placeholder diagnostic in {result}"));
    assert_eq!(placeholder["lnum"], line);
    assert_eq!(placeholder["col"], row.find("TBD").expect("TBD"));
    assert!(
        placeholder["message"]
            .as_str()
            .expect("message")
            .contains("`TBD` in Phone")
    );
    let hover = result["hover"].as_str().expect("hover");
    assert!(
        hover.contains("Dana Kim") && hover.contains("Service Owner"),
        "{result}"
    );
    let completion: Vec<&str> = result["completion"]
        .as_array()
        .expect("completion")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(completion.contains(&"Mei Tanaka"), "{result}");
}
