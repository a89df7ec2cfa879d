//! Small helpers over saphyr's marked YAML nodes: positions in readyroom's terms and
//! scalar text.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::{Pos, Problem};

/// The documents of a YAML text, or the parse error as a [`Problem`] at its position.
pub fn load<'a>(path: &str, text: &'a str) -> Result<Vec<MarkedYaml<'a>>, Problem> {
    MarkedYaml::load_from_str(text).map_err(|e| Problem {
        file: path.to_string(),
        pos: Pos {
            line: e.marker().line().max(1),
            column: e.marker().col() + 1,
        },
        message: format!(
            "the YAML does not parse: {}; fix the syntax there",
            e.info()
        ),
    })
}

/// Where a node starts.
pub fn pos(node: &MarkedYaml<'_>) -> Pos {
    Pos {
        line: node.span.start.line().max(1),
        column: node.span.start.col() + 1,
    }
}

/// The value under `key` of a mapping node.
pub fn get<'n, 'a>(node: &'n MarkedYaml<'a>, key: &str) -> Option<&'n MarkedYaml<'a>> {
    match &node.data {
        YamlData::Mapping(_) => node.data.as_mapping_get(key),
        _ => None,
    }
}

/// A scalar node's text: strings as they are, numbers and booleans as written.
pub fn text(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, _, _) => {
            Some(s.to_string())
        }
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// The items of a sequence node (none for anything else).
pub fn items<'n, 'a>(node: &'n MarkedYaml<'a>) -> &'n [MarkedYaml<'a>] {
    match &node.data {
        YamlData::Sequence(s) => s,
        _ => &[],
    }
}

/// The entries of a mapping node whose keys are text, in document order.
pub fn entries<'n, 'a>(node: &'n MarkedYaml<'a>) -> Vec<(String, &'n MarkedYaml<'a>, Pos)> {
    match &node.data {
        YamlData::Mapping(m) => m
            .iter()
            .filter_map(|(k, v)| text(k).map(|t| (t, v, pos(k))))
            .collect(),
        _ => Vec::new(),
    }
}
