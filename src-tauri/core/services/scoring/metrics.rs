//! Model quality measures: AUC (with ties), ROC points for a chart, binned calibration, Wilson intervals.

use crate::domain::{CalibrationBin, RocPoint};

/// Area under the ROC curve: the chance a random converted lead scores above a random lost one (ties
/// count half). None when either class is absent.
pub fn auc(pred: &[f64], y: &[bool]) -> Option<f64> {
    let mut idx: Vec<usize> = (0..pred.len()).collect();
    idx.sort_by(|&a, &b| pred[a].total_cmp(&pred[b]));
    let (mut rank_sum, mut i) = (0.0, 0);
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && pred[idx[j + 1]] == pred[idx[i]] {
            j += 1;
        }
        // Ranks are 1-based; tied predictions share the average rank.
        let avg = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += idx[i..=j].iter().filter(|&&k| y[k]).count() as f64 * avg;
        i = j + 1;
    }
    let pos = y.iter().filter(|&&v| v).count() as f64;
    let neg = y.len() as f64 - pos;
    (pos > 0.0 && neg > 0.0).then(|| (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

/// At most `points` + 1 points of the ROC curve, from (0,0) to (1,1), thresholds taken at quantiles.
pub fn roc(pred: &[f64], y: &[bool], points: usize) -> Vec<RocPoint> {
    let pos = y.iter().filter(|&&v| v).count().max(1) as f64;
    let neg = (y.len() as f64 - y.iter().filter(|&&v| v).count() as f64).max(1.0);
    let mut idx: Vec<usize> = (0..pred.len()).collect();
    idx.sort_by(|&a, &b| pred[b].total_cmp(&pred[a]));
    let mut out = vec![RocPoint { fpr: 0.0, tpr: 0.0 }];
    let (mut tp, mut fp) = (0.0, 0.0);
    let step = (idx.len() / points.max(1)).max(1);
    for (n, &k) in idx.iter().enumerate() {
        if y[k] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last = n + 1 == idx.len();
        if last || ((n + 1) % step == 0 && pred[idx[n + 1]] != pred[k]) {
            out.push(RocPoint { fpr: fp / neg, tpr: tp / pos });
        }
    }
    out
}

/// Predictions cut into `bins` equal-count groups: mean predicted vs observed conversion rate in each.
pub fn calibration(pred: &[f64], y: &[bool], bins: usize) -> Vec<CalibrationBin> {
    let mut idx: Vec<usize> = (0..pred.len()).collect();
    idx.sort_by(|&a, &b| pred[a].total_cmp(&pred[b]));
    let size = idx.len().div_ceil(bins.max(1)).max(1);
    idx.chunks(size)
        .map(|chunk| {
            let n = chunk.len() as f64;
            CalibrationBin {
                predicted: chunk.iter().map(|&k| pred[k]).sum::<f64>() / n,
                observed: chunk.iter().filter(|&&k| y[k]).count() as f64 / n,
                // No more than the held-out leads, whose count training checks; saturating keeps this total.
                count: crate::count::saturating_i32(chunk.len()),
            }
        })
        .collect()
}

/// The 95% Wilson score interval of `successes` out of `n`.
pub fn wilson(successes: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let z = 1.959_964;
    let p = successes / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_perfect_random_and_tied_rankings() {
        let y = [false, false, true, true];
        assert_eq!(auc(&[0.1, 0.2, 0.8, 0.9], &y), Some(1.0));
        assert_eq!(auc(&[0.9, 0.8, 0.2, 0.1], &y), Some(0.0));
        assert_eq!(auc(&[0.5; 4], &y), Some(0.5));
        // One inversion of four pairs.
        assert_eq!(auc(&[0.1, 0.85, 0.8, 0.9], &y), Some(0.75));
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn roc_runs_from_origin_to_one_one() {
        let pred = [0.1, 0.4, 0.35, 0.8];
        let y = [false, false, true, true];
        let r = roc(&pred, &y, 10);
        assert_eq!(r.first(), Some(&RocPoint { fpr: 0.0, tpr: 0.0 }));
        assert_eq!(r.last(), Some(&RocPoint { fpr: 1.0, tpr: 1.0 }));
        assert!(r.windows(2).all(|w| w[0].fpr <= w[1].fpr && w[0].tpr <= w[1].tpr));
    }

    #[test]
    fn calibration_bins_cover_every_row() {
        let pred: Vec<f64> = (0..10).map(|i| i as f64 / 10.0).collect();
        let y: Vec<bool> = (0..10).map(|i| i >= 5).collect();
        let bins = calibration(&pred, &y, 2);
        assert_eq!(bins.iter().map(|b| b.count).collect::<Vec<_>>(), vec![5, 5]);
        assert_eq!((bins[0].observed, bins[1].observed), (0.0, 1.0));
        assert!((bins[0].predicted - 0.2).abs() < 1e-12);
    }

    #[test]
    fn wilson_matches_the_textbook_value() {
        // 8 of 10: the 95% Wilson interval is about [0.490, 0.943].
        let (lo, hi) = wilson(8.0, 10.0);
        assert!((lo - 0.490).abs() < 0.002 && (hi - 0.943).abs() < 0.002, "{lo} {hi}");
        assert_eq!(wilson(0.0, 0.0), (0.0, 1.0));
    }
}
