//! The architecture, checked: layers inside the core only point down, and the core's dependency tree
//! holds no Tauri and no WebKit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::support::repo_root;

/// Each top-level module of the core and its layer; a module may only name modules of a lower or equal
/// layer. `services` may use `secrets` (passwords of mail accounts, the recovery passphrase), never the
/// other way round; nothing below `bootstrap` may name it.
const LAYERS: &[(&str, u8)] = &[
    ("clock", 0),
    ("count", 0),
    ("error", 0),
    ("i18n", 0),
    ("paths", 0),
    ("phone", 0),
    ("logging", 0),
    ("rng", 0),
    ("domain", 1),
    ("store", 2),
    ("secrets", 3),
    ("services", 4),
    ("bootstrap", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The core modules a source text names as `crate::<module>`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        // `relata_core::` in a doc example is the crate's own public path, not a layer jump.
        if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

fn violations(core: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(core, &mut files);
    let mut bad = Vec::new();
    for file in files {
        let rel = file.strip_prefix(core).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        let Some(own) = layer(&top) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        for name in named_modules(&text) {
            match layer(&name) {
                Some(l) if l > own => bad.push(format!("{} ({top}) uses crate::{name}", rel.display())),
                _ => {}
            }
        }
    }
    bad
}

#[test]
fn every_core_module_has_a_layer() {
    let core = repo_root().join("src-tauri/core");
    for entry in std::fs::read_dir(&core).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_string();
        if ["lib", "Cargo.toml"].contains(&name.as_str()) {
            continue;
        }
        assert!(layer(&name).is_some(), "src-tauri/core/{name} has no layer in tests/core/layers.rs");
    }
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let bad = violations(&repo_root().join("src-tauri/core"));
    assert!(bad.is_empty(), "layer violations:\n{}", bad.join("\n"));
}

#[test]
fn the_layer_check_catches_an_upward_import() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("store")).unwrap();
    std::fs::write(dir.path().join("store/x.rs"), "use crate::services::people;\nuse crate::domain::Id;\n").unwrap();
    std::fs::write(dir.path().join("domain.rs"), "//! relata_core::services in a doc is fine\n").unwrap();
    assert_eq!(violations(dir.path()), ["store/x.rs (store) uses crate::services"]);
}

/// Cargo.lock's packages: name → the names of its dependencies (every version merged, which is stricter).
fn lock_graph() -> BTreeMap<String, BTreeSet<String>> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut name = String::new();
        let mut deps = BTreeSet::new();
        let mut in_deps = false;
        for line in block.lines().map(str::trim) {
            if let Some(n) = line.strip_prefix("name = ") {
                name = n.trim_matches('"').to_string();
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                deps.insert(dep.split(' ').next().unwrap_or(dep).to_string());
            }
        }
        graph.entry(name).or_default().extend(deps);
    }
    graph
}

#[test]
fn the_core_has_no_tauri_or_webkit_in_its_tree() {
    let graph = lock_graph();
    assert!(graph.contains_key("tauri"), "Cargo.lock was not read");
    let mut seen = BTreeSet::new();
    let mut todo = vec!["relata-core".to_string()];
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(graph.get(&name).into_iter().flatten().cloned());
        }
    }
    assert!(seen.len() > 20, "relata-core's tree looks empty: {seen:?}");
    let banned: Vec<&String> = seen
        .iter()
        .filter(|n| n.starts_with("tauri") || n.contains("webkit") || n.starts_with("wry") || n.starts_with("gtk"))
        .collect();
    assert!(banned.is_empty(), "the core depends on {banned:?}");
}
