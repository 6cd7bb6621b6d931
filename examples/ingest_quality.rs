//! Measures ingest quality on the seed by leaving one article out (issue #19, "Quality, measured")
//! and writes the tables into QUALITY.md between its `tables` markers. Run with `scripts/quality`;
//! `--misses` also lists what each article missed and proposed wrongly.
//! `tests/quality.rs` fails when QUALITY.md holds other figures than this computes.

use stdgraph::ingest::evaluate;
use stdgraph::interchange::seed;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let seed = seed::embedded()?;
    let text = std::fs::read_to_string(format!("{root}/{}", evaluate::NEWSLETTER))?;
    let evaluation = evaluate::newsletter(&seed.nodes, &seed.relations, &text);
    let path = format!("{root}/QUALITY.md");
    let page = std::fs::read_to_string(&path)?;
    let updated = evaluate::with_tables(&page, &evaluation.tables())
        .ok_or("QUALITY.md lacks the `<!-- tables -->` and `<!-- /tables -->` markers")?;
    std::fs::write(&path, updated)?;
    print!("{}", evaluation.tables());
    if std::env::args().any(|a| a == "--misses") {
        for score in &evaluation.articles {
            for miss in &score.misses {
                println!("{} {miss}", score.source);
            }
        }
    }
    Ok(())
}
