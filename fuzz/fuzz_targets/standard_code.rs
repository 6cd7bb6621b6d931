//! The standard-code parser never panics, and what it accepts it prints back in a form that parses to
//! the same code (the canonical form is a fixed point).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stdgraph::model::StandardCode;

fuzz_target!(|input: &str| {
    if let Ok(code) = StandardCode::parse(input) {
        let printed = code.to_string();
        let again = StandardCode::parse(&printed)
            .unwrap_or_else(|e| panic!("`{input}` printed as `{printed}`, which does not parse: {e}"));
        assert_eq!(again.key(), code.key(), "`{input}` -> `{printed}`");
        assert_eq!(again.to_string(), printed);
        let _ = code.series_key();
        let _ = code.year();
    }
});
