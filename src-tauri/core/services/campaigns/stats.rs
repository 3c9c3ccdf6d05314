//! The statistics of an A/B test: the Wilson score interval of a rate, the two-sided two-proportion z-test
//! (pooled), and Fisher's exact test (two-sided) for a 2×2 table whose expected counts are small. The normal
//! distribution and the hypergeometric probabilities come from `statrs`. Checked against published worked
//! examples in `tests/core/campaigns_stats.rs`.

use statrs::distribution::{ContinuousCDF, Discrete, Hypergeometric, Normal};

use crate::domain::AbTestMethod;

/// The 97.5 % quantile of the standard normal: a 95 % two-sided interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A rate with its 95 % Wilson score interval; `(0, 0, 0)` without observations.
pub fn wilson(successes: u32, n: u32) -> (f64, f64, f64) {
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let (x, n) = (f64::from(successes), f64::from(n));
    let p = x / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (p, (centre - half).max(0.0), (centre + half).min(1.0))
}

/// The pooled two-proportion z statistic and its two-sided p-value. With no variance (both rates 0 or both
/// 1) there is no evidence of a difference: z = 0, p = 1.
pub fn z_test(x1: u32, n1: u32, x2: u32, n2: u32) -> (f64, f64) {
    if n1 == 0 || n2 == 0 {
        return (0.0, 1.0);
    }
    let (x1, n1, x2, n2) = (f64::from(x1), f64::from(n1), f64::from(x2), f64::from(n2));
    let pooled = (x1 + x2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se == 0.0 {
        return (0.0, 1.0);
    }
    let z = (x1 / n1 - x2 / n2) / se;
    let normal = Normal::standard();
    (z, (2.0 * normal.sf(z.abs())).min(1.0))
}

/// Fisher's exact test, two-sided, of the table [[x1, n1 − x1], [x2, n2 − x2]]: the sum of the
/// probabilities of every table with the same margins that is no more likely than the observed one.
pub fn fisher(x1: u32, n1: u32, x2: u32, n2: u32) -> f64 {
    let population = u64::from(n1) + u64::from(n2);
    let successes = u64::from(x1) + u64::from(x2);
    let Ok(h) = Hypergeometric::new(population, successes, u64::from(n1)) else { return 1.0 };
    let observed = h.pmf(u64::from(x1));
    let lo = successes.saturating_sub(u64::from(n2));
    let hi = successes.min(u64::from(n1));
    // The relative tolerance R's fisher.test uses, so ties in floating point count as ties.
    let bound = observed * (1.0 + 1e-7);
    let p: f64 = (lo..=hi).map(|k| h.pmf(k)).filter(|&q| q <= bound).sum();
    p.min(1.0)
}

/// Whether any expected count of the 2×2 table is below 5 (the z-test's approximation is then poor).
pub fn small_expected(x1: u32, n1: u32, x2: u32, n2: u32) -> bool {
    let total = f64::from(n1) + f64::from(n2);
    if total == 0.0 {
        return true;
    }
    let yes = f64::from(x1) + f64::from(x2);
    let no = total - yes;
    [n1, n2].iter().any(|&n| {
        let n = f64::from(n);
        n * yes / total < 5.0 || n * no / total < 5.0
    })
}

/// The p-value comparing two groups, and the test that gave it: Fisher's when an expected count is below 5,
/// else the z-test.
pub fn compare(x1: u32, n1: u32, x2: u32, n2: u32) -> (f64, AbTestMethod) {
    if small_expected(x1, n1, x2, n2) {
        (fisher(x1, n1, x2, n2), AbTestMethod::Fisher)
    } else {
        (z_test(x1, n1, x2, n2).1, AbTestMethod::ZTest)
    }
}
