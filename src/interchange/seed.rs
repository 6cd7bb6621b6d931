//! The curated seed in `seed/*.toml` (see `seed/README.md` for the format).
//!
//! The seed folder is embedded in the binary, so the server seeds itself from any directory. `check`
//! can also read a folder on disk, so curators see their edits without rebuilding.

use std::collections::BTreeSet;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::de::DeserializeOwned;

use super::FormatError;
use crate::model::{Node, Relation};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/seed");

/// The seed's nodes and relations, in file order.
#[derive(Debug, Default)]
pub struct Seed {
    pub nodes: Vec<Node>,
    pub relations: Vec<Relation>,
    /// How many files were read.
    pub files: usize,
}

/// The seed compiled into this binary.
pub fn embedded() -> Result<Seed, FormatError> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    parse_files(files)
}

/// A seed folder on disk.
pub fn from_dir(dir: &Path) -> Result<Seed, FormatError> {
    let mut files = Vec::new();
    collect_disk(dir, dir, &mut files)?;
    parse_files(files)
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            out.push((file.path().display().to_string(), text));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn collect_disk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, String)>,
) -> Result<(), FormatError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| FormatError::new(dir.display().to_string(), e.to_string()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| FormatError::new(dir.display().to_string(), e.to_string()))?
            .path();
        if path.is_dir() {
            collect_disk(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| FormatError::new(&name, e.to_string()))?;
            out.push((name, text));
        }
    }
    Ok(())
}

/// Parses seed files (name, text), sorted by name so the result does not depend on directory order.
pub fn parse_files(mut files: Vec<(String, String)>) -> Result<Seed, FormatError> {
    files.sort();
    let mut seed = Seed {
        files: files.len(),
        ..Seed::default()
    };
    for (name, text) in files {
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| FormatError::new(&name, e.to_string()))?;
        for (key, value) in table {
            let entries = match value {
                toml::Value::Array(entries) => entries,
                _ => {
                    return Err(FormatError::new(
                        &name,
                        format!("`{key}` must be an array of tables"),
                    ));
                }
            };
            for (i, entry) in entries.into_iter().enumerate() {
                match key.as_str() {
                    "node" => seed.nodes.push(parse_entry(&name, "node", i, entry)?),
                    "relation" => seed
                        .relations
                        .push(parse_entry(&name, "relation", i, entry)?),
                    other => {
                        return Err(FormatError::new(
                            &name,
                            format!("unknown section `{other}` (expected `node` or `relation`)"),
                        ));
                    }
                }
            }
        }
    }
    Ok(seed)
}

/// Parses one `[[node]]` or `[[relation]]` and refuses fields the model does not know, which would
/// otherwise be dropped without a word (a misspelt `in_forse` date, say).
fn parse_entry<T: DeserializeOwned + serde::Serialize>(
    file: &str,
    section: &str,
    index: usize,
    entry: toml::Value,
) -> Result<T, FormatError> {
    let label = entry
        .get("id")
        .or_else(|| entry.get("from"))
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_owned();
    let location = format!("{file}, {section} {} ({label})", index + 1);
    let json =
        serde_json::to_value(&entry).map_err(|e| FormatError::new(&location, e.to_string()))?;
    let value: T = serde_json::from_value(json.clone())
        .map_err(|e| FormatError::new(&location, e.to_string()))?;
    let round_trip =
        serde_json::to_value(&value).map_err(|e| FormatError::new(&location, e.to_string()))?;
    let known: BTreeSet<&String> = round_trip
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    if let Some(fields) = json.as_object() {
        for (field, v) in fields {
            if !known.contains(field) && !is_empty_value(v) {
                return Err(FormatError::new(
                    &location,
                    format!("unknown field `{field}`"),
                ));
            }
        }
    }
    Ok(value)
}

/// Values the serializer omits because they are the default.
fn is_empty_value(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::String(s) => s.is_empty() || s == "exact",
        serde_json::Value::Bool(b) => !b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Seed, FormatError> {
        parse_files(vec![("test.toml".to_owned(), text.to_owned())])
    }

    #[test]
    fn reads_nodes_and_relations() {
        let seed = parse(
            r#"
            [[node]]
            id = "agency:sac"
            kind = "Agency"
            name = "Standardization Administration of China"
            sources = ["src:a"]
            category = "government"
            [[relation]]
            kind = "part_of"
            from = "agency:sac"
            to = "agency:samr"
            sources = ["src:a"]
            "#,
        )
        .unwrap();
        assert_eq!((seed.nodes.len(), seed.relations.len()), (1, 1));
    }

    #[test]
    fn refuses_unknown_fields_and_names_the_entry() {
        let err = parse(
            "[[node]]\nid = \"std:x\"\nkind = \"Standard\"\nname = \"X\"\nin_forse = \"2019\"\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "test.toml, node 1 (std:x): unknown field `in_forse`"
        );
        let err = parse("[[nodes]]\nid = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown section `nodes`"), "{err}");
    }

    #[test]
    fn the_embedded_seed_parses() {
        let seed = embedded().unwrap();
        assert!(seed.files > 0);
    }
}
