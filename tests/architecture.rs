//! ARCHITECTURE.md stays a map of the code: every source file under `src/` is named in it.
//!
//! A file counts as named when the page gives its full path (`src/cli.rs`), or when the codemap row of
//! its top module (the row whose first cell is `` `src/api/` ``) names it: `` `complexity.rs` `` for
//! `src/api/complexity.rs`, `` `plan/` `` for `src/api/plan/mod.rs`; a top module's `mod.rs` is named by
//! the row itself.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Why `file` (a path relative to the crate root, with `/`) is not named, or `None` when it is.
fn unnamed(architecture: &str, file: &str) -> Option<String> {
    if architecture.contains(&format!("`{file}`")) {
        return None;
    }
    let parts: Vec<&str> = file.split('/').collect();
    let [_src, top, rest @ ..] = parts.as_slice() else {
        return Some(format!("`{file}` is not named"));
    };
    if rest.is_empty() {
        return Some(format!("`{file}` is not named"));
    }
    let row_start = format!("| `src/{top}/` |");
    let Some(row) = architecture.lines().find(|l| l.starts_with(&row_start)) else {
        return Some(format!(
            "no codemap row starts with {row_start} (for `{file}`)"
        ));
    };
    let named = match rest {
        ["mod.rs"] => true,
        [name] => row.contains(&format!("`{name}`")),
        [dir, "mod.rs"] => row.contains(&format!("`{dir}/`")),
        [.., dir, name] => {
            row.contains(&format!("`{dir}/{name}`"))
                || (row.contains(&format!("`{dir}/`")) && row.contains(&format!("`{name}`")))
        }
        [] => true,
    };
    (!named).then(|| format!("the row of `src/{top}/` does not name `{file}`"))
}

#[test]
fn every_source_file_is_named_in_architecture_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture =
        std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(
        files.len() > 20,
        "found only {} files under src/",
        files.len()
    );
    let missing: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter_map(|f| unnamed(&architecture, &f))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md must name every source file (say what lives there):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_check_notices_a_file_the_page_does_not_name() {
    let page =
        "| `src/api/` | api | queries (`query.rs`), plans (`plan/`: `run.rs`) |\n`src/cli.rs`";
    assert_eq!(unnamed(page, "src/api/query.rs"), None);
    assert_eq!(unnamed(page, "src/api/mod.rs"), None);
    assert_eq!(unnamed(page, "src/api/plan/mod.rs"), None);
    assert_eq!(unnamed(page, "src/api/plan/run.rs"), None);
    assert_eq!(unnamed(page, "src/cli.rs"), None);
    assert!(unnamed(page, "src/api/new.rs").is_some());
    assert!(unnamed(page, "src/api/plan/new.rs").is_some());
    assert!(unnamed(page, "src/main.rs").is_some());
    assert!(unnamed(page, "src/store/mod.rs").is_some());
}
