//! OpenTelemetry collector configs: the pipelines under `service.pipelines` and the
//! components no pipeline uses.

use std::collections::HashSet;

use super::yaml::{entries, get, items, load, text};
use super::{OtelConfig, PipelineKind, Pos, Problem};

/// The component sections a pipeline draws from.
const SECTIONS: [&str; 4] = ["receivers", "processors", "exporters", "connectors"];

/// Read one collector config.
pub fn parse_otel(path: &str, source: &str) -> Result<OtelConfig, Problem> {
    let docs = load(path, source)?;
    let mut config = OtelConfig {
        file: path.to_string(),
        ..OtelConfig::default()
    };
    let Some(doc) = docs.first() else {
        return Ok(config);
    };
    let service = get(doc, "service");
    let mut used: HashSet<(String, String)> = HashSet::new();
    for (id, pipeline, _) in service
        .and_then(|s| get(s, "pipelines"))
        .map(entries)
        .unwrap_or_default()
    {
        config.pipelines.push(PipelineKind::of_id(&id));
        for section in ["receivers", "processors", "exporters"] {
            for name in get(pipeline, section).map(items).unwrap_or_default() {
                if let Some(n) = text(name) {
                    used.insert((section.to_string(), n.clone()));
                    // A connector is named as an exporter of one pipeline and a
                    // receiver of another.
                    used.insert(("connectors".to_string(), n));
                }
            }
        }
    }
    for name in service
        .and_then(|s| get(s, "extensions"))
        .map(items)
        .unwrap_or_default()
    {
        if let Some(n) = text(name) {
            used.insert(("extensions".to_string(), n));
        }
    }
    for section in SECTIONS.iter().chain(&["extensions"]) {
        for (name, _, pos) in get(doc, section).map(entries).unwrap_or_default() {
            if !used.contains(&(section.to_string(), name.clone())) {
                config.unused.push((section.to_string(), name, pos));
            }
        }
    }
    config
        .unused
        .sort_by_key(|(_, _, p): &(String, String, Pos)| *p);
    Ok(config)
}
