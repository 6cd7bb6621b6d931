//! Rebuilds the binary when the seed data changes: `include_dir!` embeds `seed/`, but Cargo only knows
//! to look at it when told.
fn main() {
    println!("cargo:rerun-if-changed=seed");
}
