//! L2-regularised logistic regression fitted by Newton's method on sparse rows.
//!
//! Rows are sparse (one-hot levels plus a few scaled numbers), so the Hessian costs n·nnz² per iteration
//! whatever the number of columns; it is solved by a Cholesky factorisation (the penalty makes it positive
//! definite). The intercept is not penalised.

use crate::error::{AppError, AppResult};

/// A row as (column, value) pairs; columns absent are zero.
pub type SparseRow = Vec<(usize, f64)>;

const MAX_ITERATIONS: usize = 30;
const TOLERANCE: f64 = 1e-7;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Logistic {
    pub intercept: f64,
    pub weights: Vec<f64>,
}

pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Logistic {
    pub fn logit(&self, row: &[(usize, f64)]) -> f64 {
        self.intercept + row.iter().map(|&(j, x)| self.weights.get(j).copied().unwrap_or(0.0) * x).sum::<f64>()
    }

    pub fn predict(&self, row: &[(usize, f64)]) -> f64 {
        sigmoid(self.logit(row))
    }
}

/// Fits `columns` weights plus an intercept minimising log-loss + lambda/2·|w|².
pub fn fit(rows: &[SparseRow], y: &[bool], columns: usize, lambda: f64) -> AppResult<Logistic> {
    if rows.len() != y.len() || rows.is_empty() {
        return Err(AppError::internal("logistic fit needs as many labels as rows, and at least one"));
    }
    // Parameter 0 is the intercept; column j is parameter j + 1.
    let d = columns + 1;
    let mut beta = vec![0.0; d];
    let positives = y.iter().filter(|&&v| v).count() as f64;
    let base = (positives / rows.len() as f64).clamp(1e-6, 1.0 - 1e-6);
    beta[0] = (base / (1.0 - base)).ln();
    for _ in 0..MAX_ITERATIONS {
        let mut grad = vec![0.0; d];
        let mut hess = vec![0.0; d * d];
        for (row, &label) in rows.iter().zip(y) {
            let z = beta[0] + row.iter().map(|&(j, x)| beta[j + 1] * x).sum::<f64>();
            let p = sigmoid(z);
            let r = p - if label { 1.0 } else { 0.0 };
            let w = (p * (1.0 - p)).max(1e-12);
            grad[0] += r;
            hess[0] += w;
            for &(j, x) in row {
                grad[j + 1] += r * x;
                hess[j + 1] += w * x;
                for &(k, xk) in row {
                    if k <= j {
                        hess[(j + 1) * d + k + 1] += w * x * xk;
                    }
                }
            }
        }
        for j in 1..d {
            grad[j] += lambda * beta[j];
            hess[j * d + j] += lambda;
            // Mirror the lower triangle (and the intercept column) so the factorisation sees a full matrix.
            hess[j * d] = hess[j];
        }
        for j in 1..d {
            for k in (j + 1)..d {
                hess[j * d + k] = hess[k * d + j];
            }
        }
        let step = solve_spd(&mut hess, &grad, d)?;
        let mut largest: f64 = 0.0;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            largest = largest.max(s.abs());
        }
        if !largest.is_finite() {
            return Err(AppError::internal("the model did not converge (non-finite step)"));
        }
        if largest < TOLERANCE {
            break;
        }
    }
    Ok(Logistic { intercept: beta[0], weights: beta[1..].to_vec() })
}

/// Solves A·x = b for a symmetric positive definite A (row-major d×d, overwritten by its Cholesky factor).
fn solve_spd(a: &mut [f64], b: &[f64], d: usize) -> AppResult<Vec<f64>> {
    for j in 0..d {
        let mut diag = a[j * d + j];
        for k in 0..j {
            diag -= a[j * d + k] * a[j * d + k];
        }
        if diag <= 0.0 || !diag.is_finite() {
            return Err(AppError::internal("the model's system is not positive definite"));
        }
        let diag = diag.sqrt();
        a[j * d + j] = diag;
        for i in (j + 1)..d {
            let mut v = a[i * d + j];
            for k in 0..j {
                v -= a[i * d + k] * a[j * d + k];
            }
            a[i * d + j] = v / diag;
        }
    }
    let mut z = vec![0.0; d];
    for i in 0..d {
        let s: f64 = (0..i).map(|k| a[i * d + k] * z[k]).sum();
        z[i] = (b[i] - s) / a[i * d + i];
    }
    let mut x = vec![0.0; d];
    for i in (0..d).rev() {
        let s: f64 = ((i + 1)..d).map(|k| a[k * d + i] * x[k]).sum();
        x[i] = (z[i] - s) / a[i * d + i];
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rng::Rng;

    #[test]
    fn recovers_planted_weights_and_ignores_noise() {
        // y ~ Bernoulli(sigmoid(-0.5 + 2·x0 - 1·x1)), x2 pure noise; 5000 rows estimate each weight to ~±0.1.
        let mut rng = Rng::new(7);
        let (mut rows, mut y) = (Vec::new(), Vec::new());
        for _ in 0..5000 {
            let x: Vec<f64> = (0..3).map(|_| rng.normal()).collect();
            let p = sigmoid(-0.5 + 2.0 * x[0] - x[1]);
            y.push(rng.unit() < p);
            rows.push(x.into_iter().enumerate().collect::<SparseRow>());
        }
        let m = fit(&rows, &y, 3, 1.0).unwrap();
        assert!((m.weights[0] - 2.0).abs() < 0.2, "{m:?}");
        assert!((m.weights[1] + 1.0).abs() < 0.15, "{m:?}");
        assert!(m.weights[2].abs() < 0.1, "{m:?}");
        assert!((m.intercept + 0.5).abs() < 0.15, "{m:?}");
    }

    #[test]
    fn separable_data_stays_finite_thanks_to_the_penalty() {
        let rows: Vec<SparseRow> = (0..40).map(|i| vec![(0, if i % 2 == 0 { 1.0 } else { -1.0 })]).collect();
        let y: Vec<bool> = (0..40).map(|i| i % 2 == 0).collect();
        let m = fit(&rows, &y, 1, 1.0).unwrap();
        assert!(m.weights[0].is_finite() && m.weights[0] > 2.0, "{m:?}");
        // A column that is never set gets exactly no weight.
        let m = fit(&rows, &y, 2, 1.0).unwrap();
        assert_eq!(m.weights[1], 0.0);
    }

    #[test]
    fn solves_a_known_system() {
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let x = solve_spd(&mut a, &[2.0, 1.0], 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12, "{x:?}");
    }
}
