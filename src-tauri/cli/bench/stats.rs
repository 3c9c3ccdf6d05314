//! Timing helpers: run a closure many times and read percentiles off the sorted samples.

use std::time::Instant;

use relata_core::error::AppResult;

/// Sorted durations in milliseconds.
pub struct Samples(Vec<f64>);

impl Samples {
    pub fn new(mut ms: Vec<f64>) -> Samples {
        ms.sort_by(f64::total_cmp);
        Samples(ms)
    }

    /// Nearest-rank percentile (`p` in 0..=100); 0 for no samples.
    pub fn percentile(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }

    pub fn p50(&self) -> f64 {
        self.percentile(50.0)
    }

    pub fn p95(&self) -> f64 {
        self.percentile(95.0)
    }
}

/// Milliseconds one call of `f` takes.
pub fn time_ms<T>(f: impl FnOnce() -> AppResult<T>) -> AppResult<(f64, T)> {
    let t = Instant::now();
    let out = f()?;
    Ok((t.elapsed().as_secs_f64() * 1000.0, out))
}

/// Times `f` once per input, after one untimed warm-up pass over all inputs (statement caches and the
/// page cache are then as warm as in an app that has been open a while).
pub fn time_each<I, T>(inputs: &[I], mut f: impl FnMut(&I) -> AppResult<T>) -> AppResult<Samples> {
    for input in inputs {
        f(input)?;
    }
    let mut ms = Vec::with_capacity(inputs.len());
    for input in inputs {
        ms.push(time_ms(|| f(input))?.0);
    }
    Ok(Samples::new(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s = Samples::new((1..=100).rev().map(f64::from).collect());
        assert_eq!((s.p50(), s.p95(), s.percentile(100.0)), (50.0, 95.0, 100.0));
        assert_eq!(Samples::new(vec![]).p95(), 0.0);
        assert_eq!(Samples::new(vec![7.0]).p50(), 7.0);
    }
}
