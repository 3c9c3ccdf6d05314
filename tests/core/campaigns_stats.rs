//! The A/B statistics against published worked examples.

use relata_core::domain::AbTestMethod;
use relata_core::services::campaigns::stats;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Newcombe, R. G. (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
/// methods", Statistics in Medicine 17, 857-872, Table II, method 3 (Wilson score, no continuity
/// correction): 81/263 gives 0.2553-0.3662, 15/148 gives 0.0624-0.1605, 0/20 gives 0-0.1611.
#[test]
fn wilson_intervals_match_newcombe_1998() {
    for (x, n, lo, hi) in [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611)] {
        let (rate, low, high) = stats::wilson(x, n);
        assert!(close(rate, f64::from(x) / f64::from(n), 1e-12));
        assert!(close(low, lo, 5e-5) && close(high, hi, 5e-5), "{x}/{n}: {low:.4}-{high:.4}, expected {lo}-{hi}");
    }
    assert_eq!(stats::wilson(0, 0), (0.0, 0.0, 0.0));
}

/// Fisher's "lady tasting tea" (Fisher 1935, The Design of Experiments, ch. 2): 3 of 4 cups right, the
/// table [[3, 1], [1, 3]]; the two-sided p-value is 34/70 = 0.4857 (as R's `fisher.test` prints), the
/// one-sided 17/70. A perfect 4 of 4 gives 2/70 two-sided.
#[test]
fn fisher_matches_the_tea_tasting_example() {
    assert!(close(stats::fisher(3, 4, 1, 4), 34.0 / 70.0, 1e-12));
    assert!(close(stats::fisher(4, 4, 0, 4), 2.0 / 70.0, 1e-12));
    assert!(close(stats::fisher(2, 4, 2, 4), 1.0, 1e-12));
    assert!(stats::small_expected(3, 4, 1, 4));
    assert_eq!(stats::compare(3, 4, 1, 4).1, AbTestMethod::Fisher);
}

/// A published pooled two-proportion z-test worked example (homeworksource.com, problem 1008622): 140 of 200
/// against 255 of 340, pooled p = 0.7314815, SE = 0.03949401, z = -1.266015. (Its p-value, 0.1030278 one-tailed,
/// comes from a t distribution with 538 d.f.; the z-test's two-sided p is 2(1 - Φ(1.266015)) = 0.2055078, as
/// Python's `math.erfc(1.266015 / sqrt(2))` gives independently.)
#[test]
fn the_z_test_matches_a_worked_example() {
    let (z, p) = stats::z_test(140, 200, 255, 340);
    assert!(close(z, -1.266015, 1e-6), "z = {z}");
    assert!(close(p, 0.205_507_8, 1e-6), "p = {p}");
    assert_eq!(stats::compare(140, 200, 255, 340), (p, AbTestMethod::ZTest));
    assert_eq!(stats::z_test(0, 10, 0, 10), (0.0, 1.0), "no variance: no evidence");
    // A large clear difference is significant.
    assert!(stats::z_test(60, 200, 30, 200).1 < 0.001);
}
