//! What decoding a snapshot costs, whole and a slice at a time
//! ([`loupe_engine::snapshot::Decoding`]): the time of a whole decode, and
//! for a few budgets the number of steps and the longest one (a page runs
//! one step per task, so its longest step is its longest task).
//!
//! `cargo run --release -p loupe-engine --example decode_cost -- FILE.loupe`
use loupe_engine::snapshot::{decode, Decoding};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: decode_cost FILE.loupe");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let t = Instant::now();
        if let Err(e) = decode(&bytes) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
        best = best.min(t.elapsed());
    }
    println!(
        "{path}: {} bytes, whole decode {:.1} ms (best of {RUNS})",
        bytes.len(),
        ms(best)
    );
    for budget in [256 << 10, 1 << 20, 4 << 20] {
        let (mut steps, mut longest) = (0, Duration::ZERO);
        let t = Instant::now();
        let Ok(mut decoding) = Decoding::new(bytes.clone()) else {
            return;
        };
        let first = t.elapsed();
        loop {
            let t = Instant::now();
            let done = decoding.step(budget);
            longest = longest.max(t.elapsed());
            steps += 1;
            match done {
                Ok(Some(_)) => break,
                Ok(None) => {}
                Err(e) => {
                    eprintln!("{path}: {e}");
                    std::process::exit(1);
                }
            }
        }
        println!(
            "  steps of {:>4} KB: {steps:>3} steps, longest {:.1} ms (checksum first: {:.1} ms)",
            budget >> 10,
            ms(longest),
            ms(first)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
