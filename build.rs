//! Build-time work:
//! - rebuild the binary when the seed data changes (`include_dir!` embeds `seed/`, but Cargo only
//!   knows to look at it when told);
//! - build the web pages (GraphiQL and the explorer) from `web/` with npm into `$OUT_DIR/web`, which
//!   the binary embeds, so the pages load nothing from any other origin at run time.
//!
//! `STDGRAPH_SKIP_WEB=1` builds without the pages (they then say how to get them); every other
//! failure stops the build with what to install or run.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=seed");
    println!("cargo:rerun-if-env-changed=STDGRAPH_SKIP_WEB");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by Cargo")).join("web");
    let web = manifest.join("web");
    for watched in ["build.mjs", "package.json", "package-lock.json", "src"] {
        println!("cargo:rerun-if-changed={}", web.join(watched).display());
    }
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("assets")).expect("OUT_DIR is writable");
    let skip = std::env::var("STDGRAPH_SKIP_WEB").is_ok_and(|v| !v.is_empty() && v != "0");
    if skip || !web.join("build.mjs").exists() {
        println!(
            "cargo:warning=building without the web pages (STDGRAPH_SKIP_WEB is set or web/ is missing)"
        );
        placeholder(&out);
        return;
    }
    install(&web);
    run(
        Command::new("node")
            .arg("build.mjs")
            .arg(&out)
            .current_dir(&web),
        "node web/build.mjs",
    );
}

/// `npm ci` in `web/` when its `node_modules` is missing or older than the lock file.
fn install(web: &Path) {
    let lock = web.join("package-lock.json");
    let installed = web.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(i), Some(l)) => i >= l,
        _ => false,
    };
    if !fresh {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(web),
            "npm ci (in web/)",
        );
    }
}

fn run(command: &mut Command, what: &str) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => panic!(
            "\n\nstdgraph's web pages failed to build: `{what}` exited with {status} (its output is \
             above).\nFix: run `cd web && npm ci && node build.mjs dist` to see the error, or build \
             without the pages: STDGRAPH_SKIP_WEB=1 cargo build\n"
        ),
        Err(e) => panic!(
            "\n\nstdgraph's web pages are built with Node.js and npm, and `{what}` could not start: \
             {e}.\nFix: install Node.js 18 or newer with npm (Debian: `apt-get install nodejs npm`), \
             or build without the pages: STDGRAPH_SKIP_WEB=1 cargo build\n"
        ),
    }
}

/// Pages that explain how to get the real ones.
fn placeholder(out: &Path) {
    let page = |title: &str| {
        format!(
            "<!doctype html><meta charset=\"utf-8\"><title>{title}</title>\
             <p>This stdgraph binary was built without its web pages (STDGRAPH_SKIP_WEB). Rebuild \
             with Node.js and npm installed to get {title}. The GraphQL API at /graphql works as \
             usual.</p>"
        )
    };
    std::fs::write(out.join("graphiql.html"), page("GraphiQL")).expect("OUT_DIR is writable");
    std::fs::write(out.join("explore.html"), page("the explorer")).expect("OUT_DIR is writable");
}
