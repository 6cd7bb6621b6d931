//! What the benchmarks share.

/// The graph sizes to run, from `STDGRAPH_BENCH_SIZES` (default `10000,100000`).
pub fn sizes() -> Vec<usize> {
    std::env::var("STDGRAPH_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}
